"""LinkedIn Connections.csv: the real export's layout, the older layout, and a large file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from notebook.formats import FormatError, detect_format, read_linkedin_csv, read_people
from notebook.formats._fields import parse_date
from notebook.records import Person

REAL = Path(__file__).resolve().parents[1] / "data" / "contacts-real" / "linkedin"

# The older (2018) layout as SOURCES.md describes it: no preamble, no URL column, US dates with
# a time, and an e-mail cell holding a member URN. The people are made up.
OLDER = b"""First Name,Last Name,Email Address,Company,Position,Connected On
Maya,Lindqvist,maya.lindqvist@example.com,Northwind Traders,Data Analyst,"1/8/18, 6:14 PM"
Omar,Haddad,urn:li:member:664293716,"Contoso, Ltd.",Head of People,"12/31/17, 11:02 AM"
Ines,Duarte,,,,"3/5/16, 9:00 AM"
"""


def test_real_export_with_notes_preamble() -> None:
    people = read_linkedin_csv((REAL / "Connections.csv").read_bytes(), "Connections.csv")
    assert people == [
        Person(
            name="Priya Raman",
            company="Acme Robotics, Inc.",
            title="Engineering Manager",
            linkedin_url="https://www.linkedin.com/in/example-priya-raman",
            connected_on=date(2025, 2, 3),
            source="linkedin",
        ),
        Person(
            name="Tomás Ñúñez",
            company="Globex",
            title="Senior Recruiter",
            emails=("tomas@example.org",),
            linkedin_url="https://www.linkedin.com/in/example-tomas-nunez",
            connected_on=date(2024, 9, 17),
            source="linkedin",
        ),
        Person(
            name="Li Wei",
            linkedin_url="https://www.linkedin.com/in/example-li-wei",
            connected_on=date(2025, 12, 22),
            source="linkedin",
        ),
        Person(
            name='Jo O\'Brien "JJ"',
            company="Initech",
            title="Director, Talent Acquisition",
            linkedin_url="https://www.linkedin.com/in/example-jo-obrien",
            connected_on=date(2023, 1, 1),
            source="linkedin",
        ),
    ]
    assert all(person.tags == () for person in people)
    assert people == [person.validated() for person in people]


def test_older_layout_us_dates_and_member_urn() -> None:
    maya, omar, ines = read_linkedin_csv(OLDER)
    assert (maya.name, maya.company, maya.title) == (
        "Maya Lindqvist",
        "Northwind Traders",
        "Data Analyst",
    )
    assert maya.emails == ("maya.lindqvist@example.com",)
    assert maya.connected_on == date(2018, 1, 8)  # month first
    assert maya.linkedin_url == ""
    assert omar.emails == ()  # urn:li:member:664293716 is not an address
    assert (omar.company, omar.connected_on) == ("Contoso, Ltd.", date(2017, 12, 31))
    assert (ines.company, ines.title, ines.connected_on) == ("", "", date(2016, 3, 5))


def test_bom_crlf_blank_and_nameless_rows_and_odd_dates() -> None:
    data = (
        '\ufeffNotes:\r\n"Some text, with a comma"\r\n\r\n'
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
        ",,,,,,\r\n"
        "Ann,,https://www.linkedin.com/in/ann,,Acme,,not a date\r\n"
        "  Bob  , Stone ,https://www.linkedin.com/in/bob,,,,2024-02-29\r\n"
        "Cy,Short\r\n"
    ).encode("utf-8")
    ann, bob, cy = read_linkedin_csv(data)
    assert (ann.name, ann.company, ann.connected_on) == ("Ann", "Acme", None)
    assert (bob.name, bob.connected_on) == ("Bob Stone", date(2024, 2, 29))
    assert (cy.name, cy.linkedin_url) == ("Cy Short", "")


def test_columns_are_found_by_name_in_any_order() -> None:
    data = b"Connected On,Position,Company,Last Name,First Name\n05 Mar 2021,CTO,Acme,Lee,Ann\n"
    [person] = read_linkedin_csv(data)
    assert (person.name, person.title, person.company) == ("Ann Lee", "CTO", "Acme")
    assert person.connected_on == date(2021, 3, 5)


def test_thirty_thousand_rows_parse() -> None:
    # Only that it works at this size; speed is for the benchmarks, not assertions here.
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    lines = [
        "Notes:",
        '"When exporting your connection data, you may notice..."',
        "",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    ]
    for i in range(30_000):
        email = f"person{i}@example.com" if i % 5 == 0 else ""
        lines.append(
            f'First{i},Last{i},https://www.linkedin.com/in/p{i},{email},"Company {i % 700}, Inc.",'
            f"Engineer {i % 40},{i % 28 + 1:02d} {months[i % 12]} {2008 + i % 18}"
        )
    people = read_linkedin_csv("\n".join(lines).encode("utf-8"))
    assert len(people) == 30_000
    assert people[-1].name == "First29999 Last29999"
    assert people[-1].company == "Company 599, Inc."
    assert people[5].emails == ("person5@example.com",)
    assert people[5].connected_on == date(2013, 6, 6)


def test_no_header_is_a_clear_error() -> None:
    with pytest.raises(FormatError) as caught:
        read_linkedin_csv(b"Name,Email\nAnn,ann@example.com\n", "Connections.csv")
    assert str(caught.value) == (
        "Connections.csv: no LinkedIn header (expected First Name, Last Name, ..., Connected On)"
    )


def test_empty_and_binary() -> None:
    with pytest.raises(FormatError, match=r"^c\.csv: the file is empty$"):
        read_linkedin_csv(b"\r\n", "c.csv")
    with pytest.raises(FormatError, match=r"binary data"):
        read_linkedin_csv(b"PK\x03\x04\x14\x00\x00\x00", "Basic_LinkedInDataExport.zip")


# -- dates as exports made with other settings write them ----------------------------------------

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15 Mar 2024", date(2024, 3, 15)),
        ("22 December 2025", date(2025, 12, 22)),
        ("Dec 22, 2025", date(2025, 12, 22)),
        ("1/8/18, 6:14 PM", date(2018, 1, 8)),  # US: month first
        ("12/31/17, 11:02 AM", date(2017, 12, 31)),
        ("16/09/2021", date(2021, 9, 16)),  # no 16th month: day first
        ("5-Jan-26", date(2026, 1, 5)),
        ("23-Apr-23", date(2023, 4, 23)),
        ("05-jan-2026", date(2026, 1, 5)),
        ("16.09.2021", date(2021, 9, 16)),
        ("1.2.21", date(2021, 2, 1)),  # day first where dots are used
        ("2024-03-15", date(2024, 3, 15)),
        ("2024-03-15 10:22:00", date(2024, 3, 15)),
        ("2024/03/15", date(2024, 3, 15)),
        # Two-digit years: the century that puts the date in the past.
        ("30-Nov-26", date(2026, 11, 30)),  # today
        ("1-Dec-26", date(1926, 12, 1)),  # tomorrow in 2026, so 1926
        ("3/1/99", date(1999, 3, 1)),
        ("1/1/00", date(2000, 1, 1)),
    ],
)
def test_connected_on_forms(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    "text",
    ["", "not a date", "31/31/2024", "32.01.2024", "5-Foo-26", "1/2", "29-Feb-23", "Mar 2024"],
)
def test_not_dates(text: str) -> None:
    assert parse_date(text, TODAY) is None


def test_every_date_form_in_an_export() -> None:
    data = (
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b"A,One,,,,,15 Mar 2024\n"
        b'B,Two,,,,,"1/8/18, 6:14 PM"\n'
        b"C,Three,,,,,23-Apr-23\n"
        b"D,Four,,,,,16.09.2021\n"
        b"E,Five,,,,,2024-03-15\n"
    )
    assert [p.connected_on for p in read_linkedin_csv(data)] == [
        date(2024, 3, 15),
        date(2018, 1, 8),
        date(2023, 4, 23),
        date(2021, 9, 16),
        date(2024, 3, 15),
    ]


def test_semicolons_and_tabs() -> None:
    for delimiter in (";", "\t"):
        data = (
            OLDER.decode().replace(",", delimiter).replace(f'"1/8/18{delimiter} 6:14 PM"', "1/8/18")
        )
        data = data.replace(f'"12/31/17{delimiter} 11:02 AM"', "12/31/17")
        data = data.replace(f'"3/5/16{delimiter} 9:00 AM"', "3/5/16")
        data = data.replace(f'"Contoso{delimiter} Ltd."', '"Contoso, Ltd."')
        maya, omar, _ = read_linkedin_csv(data.encode())
        assert (maya.name, maya.connected_on) == ("Maya Lindqvist", date(2018, 1, 8))
        assert omar.company == "Contoso, Ltd."


def test_rows_that_make_nobody_are_said_unless_blank() -> None:
    data = (
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On,Websites\n"
        b"Ann,Lee,,,Acme,,15 Mar 2024,https://ann.example\n"
        b",,https://www.linkedin.com/in/gone,,Globex,,15 Mar 2024,\n"  # left LinkedIn
        b"-,,,,,,15 Mar 2024,\n"
        b",,,,,,,\n"
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On,Websites\n"
    )
    contacts = read_linkedin_csv(data, "Connections.csv")
    assert [p.name for p in contacts] == ["Ann Lee"]
    assert contacts.skipped == [("line 3", "no name"), ("line 4", '"-" is not a name')]
    assert contacts.notes == ["columns not used: Websites"]


# -- Imported Contacts.csv -----------------------------------------------------------------------

IMPORTED = (
    "First Name,Last Name,Companies,Title,Emails,Phone Numbers,Addresses,Sites,"
    "Instant Message Handles,Full Name,Birthday,Location,Bookmarked At,Profiles\n"
    'Dana,Whitfield,"Acme Robotics, Inc.",Engineering Manager,'
    '"dana@acme.example,dana.w@example.com","+1 415-555-0134, +1-418-656-9254;ext=102",'
    '"500 Howard St\nSan Francisco, CA 94105\nUS",https://dana.example,,Dana Whitfield,'
    "4/17/1985,,,https://www.linkedin.com/in/example-dana\n"
    ",,,,amara@globex.example,+44 20 7946 0958,,,,Amara Okafor,,London,,\n"
    ",,,,,+1 555 0100,,,,,,,,\n"
)


def test_imported_contacts_with_phones_and_addresses() -> None:
    assert detect_format(IMPORTED.encode(), "Imported Contacts.csv") == "linkedin"
    contacts = read_linkedin_csv(IMPORTED.encode(), "Imported Contacts.csv")
    dana, amara = contacts
    assert dana == Person(
        name="Dana Whitfield",
        company="Acme Robotics, Inc.",
        title="Engineering Manager",
        emails=("dana@acme.example", "dana.w@example.com"),
        phones=("+1 415-555-0134", "+1-418-656-9254;ext=102"),
        location="San Francisco, CA 94105, US",
        linkedin_url="https://www.linkedin.com/in/example-dana",
        source="linkedin",
    )
    assert (amara.name, amara.emails, amara.location) == (
        "Amara Okafor",
        ("amara@globex.example",),
        "London",
    )
    assert contacts.skipped == [("line 6", "no name")]
    assert contacts.notes == ["columns not used: Sites, Birthday"]


def test_imported_contacts_without_spaces_in_the_header() -> None:
    data = (
        b"Source,FirstName,LastName,Companies,Title,Emails,PhoneNumbers,CreatedAt,Addresses,"
        b"Sites,InstantMessageHandles,FullName,Birthday,Location,BookmarkedAt,Profiles\n"
        b"GMAIL,Bo,Park,Globex,,bo@x.example,+1 555 0100,,,,,,,,,\n"
    )
    [bo] = read_linkedin_csv(data)
    assert (bo.name, bo.company, bo.phones) == ("Bo Park", "Globex", ("+1 555 0100",))


def test_dates_that_are_no_dates_are_said() -> None:
    data = (
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b"A,One,,,,,Q3 2019\nB,Two,,,,,15 Mar 2024\nC,Three,,,,,yesterday\nD,Four,,,,,\n"
        b"E,Five,,,,,31/31/31\nF,Six,,,,,soon\n"
    )
    contacts = read_linkedin_csv(data)
    assert [p.connected_on for p in contacts] == [None, date(2024, 3, 15), None, None, None, None]
    assert contacts.notes == [
        'Connected On: not read as a date: "Q3 2019", "yesterday", "31/31/31" and 1 more'
    ]


def test_cells_past_the_header_are_said_and_are_no_missing_column() -> None:
    # The older layout has no URL column: a stray last cell must not become one.
    data = (
        b"First Name,Last Name,Email Address,Company,Position,Connected On\n"
        b"Ann,Lee,,Acme,CTO,15 Mar 2024,https://www.linkedin.com/in/stray\n"
    )
    contacts = read_linkedin_csv(data)
    [ann] = contacts
    assert (ann.name, ann.linkedin_url, ann.connected_on) == ("Ann Lee", "", date(2024, 3, 15))
    assert contacts.notes == ["columns not used: column 7 (no name)"]


# Each reader that reads a "Connected On" column: its header, and a row for a name and a date.
DATED_LAYOUTS = {
    "linkedin": ("First Name,Last Name,Company,Position,Connected On", '{name},Lee,,,"{day}"'),
    "generic": ("Name,Connected On", '{name} Lee,"{day}"'),
    "csv": ("name,connected_on,uid", '{name} Lee,"{day}",'),
}


def dated_file(layout: str, days: list[str], tmp_path: Path) -> Path:
    header, template = DATED_LAYOUTS[layout]
    rows = [template.format(name=f"P{n}", day=day) for n, day in enumerate(days)]
    path = tmp_path / "Connections.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("layout", DATED_LAYOUTS)
@pytest.mark.parametrize(
    ("days", "expected", "note"),
    [
        # One date that can only be day first makes the column day first: 3 April.
        (["25/12/18, 18:14", "03/04/18, 09:00"], [date(2018, 12, 25), date(2018, 4, 3)], []),
        (["03/04/18", "13/1/2019"], [date(2018, 4, 3), date(2019, 1, 13)], []),
        # One that can only be month first makes it month first: 4 March.
        (["12/25/18, 6:14 PM", "03/04/18, 9:00 AM"], [date(2018, 12, 25), date(2018, 3, 4)], []),
        # None says: month first, as LinkedIn's US exports wrote them, and the summary says so.
        (
            ["03/04/18", "05/06/18", "01/01/18", "07/08/18, 9:00 AM", "15 Mar 2024"],
            [
                date(2018, 3, 4),
                date(2018, 5, 6),
                date(2018, 1, 1),
                date(2018, 7, 8),
                date(2024, 3, 15),
            ],
            ["Connected On: 3 dates like 03/04/18 read as month/day"],
        ),
        (["03/04/18"], [date(2018, 3, 4)], ["Connected On: 1 date 03/04/18 read as month/day"]),
        # Both say (two files pasted together): each date as it can be read.
        (
            ["25/12/18", "12/24/18", "03/04/18"],
            [date(2018, 12, 25), date(2018, 12, 24), date(2018, 3, 4)],
            ["Connected On: 1 date 03/04/18 read as month/day"],
        ),
    ],
)
def test_slash_dates_are_read_as_the_rest_of_their_column_says(
    layout: str, days: list[str], expected: list[date], note: list[str], tmp_path: Path
) -> None:
    path = dated_file(layout, days, tmp_path)
    contacts = read_people(path.read_bytes(), path.name, layout)
    assert [p.connected_on for p in contacts] == expected
    column = "connected_on" if layout == "csv" else "Connected On"
    assert [n for n in contacts.notes if "date" in n] == [
        n.replace("Connected On", column) for n in note
    ]


def test_dots_and_dashes_stay_day_first_beside_month_first_slashes(tmp_path: Path) -> None:
    path = dated_file("linkedin", ["12/25/18", "03/04/18", "03.04.2018", "03-04-2018"], tmp_path)
    contacts = read_people(path.read_bytes(), path.name)
    assert [p.connected_on for p in contacts] == [
        date(2018, 12, 25),
        date(2018, 3, 4),
        date(2018, 4, 3),
        date(2018, 4, 3),
    ]


def test_an_address_written_with_a_display_name_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        'Ann,Lee,,"Ann Lee <ann@example.com>",Acme,CTO,15 Mar 2024\n'
        "Bo,Park,,mailto:bo@example.com,,,15 Mar 2024\n"
        "Cy,Diaz,,urn:li:member:664293716,,,15 Mar 2024\n",
        encoding="utf-8",
    )
    contacts = read_people(path.read_bytes(), path.name)
    assert [p.emails for p in contacts] == [("ann@example.com",), ("bo@example.com",), ()]
