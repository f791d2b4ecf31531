"""The notebook's own CSV export and its reader: exact round trips, the older layout, hand-made
sheets."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from notebook.formats import FormatError, detect_format, read_people_csv, write_people_csv
from notebook.formats._table import is_placeholder
from notebook.formats._text import sniff_delimiter
from notebook.records import Person

PEOPLE = [
    Person(
        name="Dana Whitfield",
        company="Acme Robotics, Inc.",
        title='Engineering Manager, "Platform"',
        past_companies=("Initech", "Globex; EMEA"),
        # A quoted local part may hold a ";", and RFC 3966 puts an extension after one.
        emails=("dana@acme.example", '"dana;w"@example.com'),
        phones=("+1-418-656-9254;ext=102", "+1 415-555-0134", "-"),
        location="San Francisco, CA, US",
        tags=("former colleague", "hiring; Q3"),
        how_met="Robots & Rust meetup",
        notes="Two backend roles in Q3.\nAsk about the platform team;\n\tintro via Sam",
        connected_on=date(2024, 9, 17),
        linkedin_url="https://www.linkedin.com/in/example-dana",
        uid="urn:uuid:7d3c6a2e-5b1f-4c8e-9a0d-2f6b8e4c1a93",
    ),
    Person(name="Zoë Ñúñez", uid="b0e1c2d3"),
    # Cells a spreadsheet would run as formulas, and ones that already start with a quote.
    Person(
        name='=HYPERLINK("http://x","y")',
        company="@corp",
        title="+boss",
        notes="'=quoted",
        tags=("-A1", "'", "'+41 44 000 00 00"),
        phones=("+41 44 000 00 00", "=1+1"),
    ),
]


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def read_back(text: str, name: str = "people.csv") -> list[Person]:
    return list(read_people_csv(text.encode("utf-8"), name))


def as_read(people: list[Person], name: str = "people.csv") -> list[Person]:
    return [replace(p.validated(), source=f"csv:{name}") for p in people]


@pytest.mark.parametrize("for_spreadsheet", [False, True])
def test_round_trip_is_exact(for_spreadsheet: bool) -> None:
    text = write_people_csv(PEOPLE, for_spreadsheet=for_spreadsheet)
    assert read_back(text) == as_read(PEOPLE)


def test_one_column_per_value_as_many_as_the_widest_person_needs() -> None:
    header, dana, zoe, formulas = rows_of(write_people_csv(PEOPLE))
    assert header == [
        "name",
        "company",
        "title",
        "email 1",
        "email 2",
        "phone 1",
        "phone 2",
        "phone 3",
        "location",
        "tag 1",
        "tag 2",
        "tag 3",
        "linkedin_url",
        "connected_on",
        "how_met",
        "past company 1",
        "past company 2",
        "notes",
        "cadence_days",
        "snoozed_until",
        "archived",
        "uid",
    ]
    row = dict(zip(header, dana, strict=True))
    assert (row["email 2"], row["phone 1"]) == ('"dana;w"@example.com', "+1-418-656-9254;ext=102")
    assert (row["past company 2"], row["connected_on"]) == ("Globex; EMEA", "2024-09-17")
    assert row["uid"] == "urn:uuid:7d3c6a2e-5b1f-4c8e-9a0d-2f6b8e4c1a93"
    assert zoe == ["Zoë Ñúñez", *[""] * 20, "b0e1c2d3"]
    # Without --for-spreadsheet values are written as they are; only a value that starts with
    # an apostrophe before a formula character gets a second one, so that it reads back.
    row = dict(zip(header, formulas, strict=True))
    assert (row["name"], row["company"], row["title"]) == (
        '=HYPERLINK("http://x","y")',
        "@corp",
        "+boss",
    )
    assert (row["notes"], row["tag 1"], row["tag 2"], row["tag 3"]) == (
        "''=quoted",
        "-A1",
        "'",
        "''+41 44 000 00 00",  # a phone number is guarded too, so its apostrophe is doubled
    )
    assert (row["phone 1"], row["phone 2"]) == ("+41 44 000 00 00", "=1+1")


def test_for_spreadsheet_marks_formulas_as_text() -> None:
    header, _, _, formulas = rows_of(write_people_csv(PEOPLE, for_spreadsheet=True))
    row = dict(zip(header, formulas, strict=True))
    assert (row["name"], row["company"], row["title"]) == (
        '\'=HYPERLINK("http://x","y")',
        "'@corp",
        "'+boss",
    )
    assert (row["notes"], row["tag 1"]) == ("''=quoted", "'-A1")
    # Phone numbers too: a spreadsheet computes "+41 44 000 00 00" as well as "=1+1".
    assert (row["phone 1"], row["phone 2"]) == ("'+41 44 000 00 00", "'=1+1")
    dana = rows_of(write_people_csv(PEOPLE[:1], for_spreadsheet=True))[1]
    assert "'+1-418-656-9254;ext=102" in dana


@pytest.mark.parametrize(
    "value", ["+1-2", "+1-555-0100", "-5", "+41 44 123 45 67", "@home", "=1", "'=1", "''+1"]
)
def test_for_spreadsheet_guards_every_value_a_spreadsheet_would_compute(
    value: str, tmp_path: Path
) -> None:
    person = Person(name="Ann Lee", phones=(value,), title=value, tags=(value,))
    path = tmp_path / "people.csv"
    path.write_text(write_people_csv([person], for_spreadsheet=True), encoding="utf-8")
    header, row = rows_of(path.read_text(encoding="utf-8"))
    cells = dict(zip(header, row, strict=True))
    assert (cells["title"], cells["phone 1"], cells["tag 1"]) == (f"'{value}",) * 3
    [again] = read_people_csv(path.read_bytes(), path.name)
    assert again == replace(person.validated(), source="csv:people.csv")


def test_for_spreadsheet_leaves_other_values_as_they_are() -> None:
    person = Person(name="Ann Lee", phones=("(+1) 555-0100", "555 0100"), title="'quoted")
    header, row = rows_of(write_people_csv([person], for_spreadsheet=True))
    cells = dict(zip(header, row, strict=True))
    assert (cells["phone 1"], cells["phone 2"], cells["title"]) == (
        "(+1) 555-0100",
        "555 0100",
        "'quoted",
    )


def test_no_people_still_writes_a_header_we_recognise() -> None:
    text = write_people_csv([])
    assert rows_of(text) == [
        [
            "name",
            "company",
            "title",
            "email 1",
            "phone 1",
            "location",
            "tag 1",
            "linkedin_url",
            "connected_on",
            "how_met",
            "past company 1",
            "notes",
            "cadence_days",
            "snoozed_until",
            "archived",
            "uid",
        ]
    ]
    assert detect_format(text.encode()) == "csv"


def test_what_keeps_in_touch_and_someone_named_unknown_read_back() -> None:
    """A CSV export into a fresh notebook lost the people named "Unknown" (a placeholder in
    other files, but their name here) and everyone's cadence, snooze and archiving."""
    people = [
        Person(name="Unknown", uid="u-1", cadence_days=30, archived=True).validated(),
        Person(name="Ann", snoozed_until=date(2026, 12, 9), uid="u-2").validated(),
    ]
    assert read_back(write_people_csv(people)) == as_read(people)
    # Without a uid, a placeholder is still no name; a bad cadence is said, naming the field.
    text = "name,cadence_days,uid\r\nUnknown,,\r\nBo,often,\r\n"
    contacts = read_people_csv(text.encode())
    assert list(contacts) == []
    assert [why for _, why in contacts.skipped] == [
        '"Unknown" is not a name',
        "cadence must be a number of days",
    ]


# What the notebook wrote before lists had a column per value: joined with "; ", formulas
# always guarded.
OLDER_EXPORT = (
    "name,company,title,emails,phones,location,tags,linkedin_url,connected_on,how_met,"
    "past_companies,notes\r\n"
    'Dana Whitfield,"Acme Robotics, Inc.",Manager,dana@acme.example; dana.w@example.com,'
    '+1-418-656-9254;ext=102; +1 415-555-0134,"San Francisco, CA, US",former colleague; hiring,'
    "https://www.linkedin.com/in/example-dana,2024-09-17,Robots & Rust meetup,Initech; Globex,"
    '"Two roles.\nAsk Sam"\r\n'
    "'=HYPERLINK(1),'@corp,'+boss,,,,,,,,,''=quoted\r\n"
)


def test_older_exports_still_read() -> None:
    assert detect_format(OLDER_EXPORT.encode()) == "csv"
    dana, formula = read_back(OLDER_EXPORT, "old.csv")
    assert dana == Person(
        name="Dana Whitfield",
        company="Acme Robotics, Inc.",
        title="Manager",
        emails=("dana@acme.example", "dana.w@example.com"),
        # The extension stays with its number: "ext=102" is no second phone.
        phones=("+1-418-656-9254;ext=102", "+1 415-555-0134"),
        location="San Francisco, CA, US",
        tags=("former colleague", "hiring"),
        linkedin_url="https://www.linkedin.com/in/example-dana",
        connected_on=date(2024, 9, 17),
        how_met="Robots & Rust meetup",
        past_companies=("Initech", "Globex"),
        notes="Two roles.\nAsk Sam",
        source="csv:old.csv",
    )
    assert (formula.name, formula.company, formula.title, formula.notes) == (
        "=HYPERLINK(1)",
        "@corp",
        "+boss",
        "'=quoted",
    )


def test_a_bom_is_skipped() -> None:
    text = "\ufeff" + write_people_csv(PEOPLE)
    assert read_people_csv(text.encode("utf-8"), "people.csv") == as_read(PEOPLE)
    assert detect_format(text.encode("utf-8")) == "csv"


def test_nameless_and_placeholder_rows_are_skipped_and_said() -> None:
    data = (
        b"name,email 1,phone 1,uid\r\n"
        b"Ann Lee,ann@x.example,,\r\n"
        b",nobody@x.example,,\r\n"
        b"-,dash@x.example,,\r\n"
        b"n/a,,+1 555 0100,\r\n"
        b",,,\r\n"
    )
    contacts = read_people_csv(data, "x.csv")
    assert [p.name for p in contacts] == ["Ann Lee"]
    assert contacts.skipped == [
        ("line 3", "no name"),
        ("line 4", '"-" is not a name'),
        ("line 5", '"n/a" is not a name'),
    ]


def test_hand_made_columns_read_when_forced_and_unknown_ones_are_named() -> None:
    data = (
        "\ufeffName,Email,Tag,Phone,Connected On,Shoe size\r\n"
        "Ann Lee,ann@x.example; not-an-email,recruiter;  ,+41 44 000 00 00,03 Feb 2025,42\r\n"
    )
    contacts = read_people_csv(data.encode("utf-8"))
    [person] = contacts
    assert person.emails == ("ann@x.example",)
    assert person.tags == ("recruiter",)
    assert person.phones == ("+41 44 000 00 00",)
    assert person.connected_on == date(2025, 2, 3)
    assert person.source == "csv"
    assert contacts.notes == ["columns not used: Shoe size"]
    # Detection sends such a sheet to the generic reader: only our own header is ours.
    assert detect_format(data.encode("utf-8")) == "generic"


def test_no_header() -> None:
    with pytest.raises(FormatError, match=r"^x\.csv, line 1: no notebook CSV header"):
        read_people_csv(b"Who,What\nAnn,coffee\n", "x.csv")


# -- any values at all ----------------------------------------------------------------------------

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
EMAILS = st.builds(
    "{}@{}".format,
    st.text(st.characters(codec="ascii", exclude_characters=" @\x00"), min_size=1, max_size=8),
    st.from_regex(r"[a-z]{1,8}\.[a-z]{2,3}", fullmatch=True),
)
# Hand-typed starts that a spreadsheet or our guard treats specially.
EDGY = st.sampled_from(["", "'", "''", "=", "'=", "+", "-", "@", "+1 ", "'-"])


def edgy_text() -> st.SearchStrategy[str]:
    return st.builds(str.__add__, EDGY, TEXT)


PEOPLE_STRATEGY = st.builds(
    Person,
    name=edgy_text(),
    company=edgy_text(),
    title=edgy_text(),
    past_companies=st.lists(edgy_text(), max_size=3).map(tuple),
    emails=st.lists(EMAILS, max_size=3).map(tuple),
    phones=st.lists(edgy_text(), max_size=3).map(tuple),
    location=edgy_text(),
    tags=st.lists(edgy_text(), max_size=3).map(tuple),
    how_met=edgy_text(),
    notes=st.builds(lambda a, b: f"{a}\n{b}", edgy_text(), TEXT),
    connected_on=st.none() | st.dates(),
    linkedin_url=edgy_text(),
    cadence_days=st.none() | st.integers(1, 3650),
    snoozed_until=st.none() | st.dates(),
    archived=st.booleans(),
    uid=st.just("") | st.uuids().map(str),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(PEOPLE_STRATEGY, min_size=1, max_size=4), st.booleans())
def test_any_people_read_back_as_written(people: list[Person], for_spreadsheet: bool) -> None:
    try:
        valid = [p.validated() for p in people]
    except ValueError:
        assume(False)
        raise
    # A name that is empty or says "no name" makes nobody by design (see the test above),
    # but for someone a notebook held (with a uid), whose name it is.
    assume(all(p.uid or not is_placeholder(p.name) for p in valid))
    text = write_people_csv(valid, for_spreadsheet=for_spreadsheet)
    assert read_back(text) == as_read(valid)


@pytest.mark.parametrize("count", [1, 2, 4])
def test_tabs_and_line_breaks_in_notes_leave_a_comma_file_a_comma_file(count: int) -> None:
    # Split by tabs, the quoted notes' lines made more rows of one width than the commas did,
    # and the file read as tab-separated, with no header. Found by the property above.
    people = [Person(name=f"{n}\t", notes=f"{n}\t\n\t{n}").validated() for n in range(count)]
    text = write_people_csv(people)
    assert sniff_delimiter(text) == ","
    assert read_back(text) == as_read(people)


def test_a_delimiter_that_leaves_the_header_whole_is_not_the_files() -> None:
    text = 'name,notes\n"a","x\ty\n\tz"\n"b","p\tq\n\tr"\n"c","s\tt\n\tu"\n'
    assert sniff_delimiter(text) == ","
    # Tab-separated with commas in its values: the header splits by tabs alone.
    assert sniff_delimiter("name\tcompany\nAda\tAcme, Inc.\nBo\tGlobex, Ltd.\n") == "\t"
