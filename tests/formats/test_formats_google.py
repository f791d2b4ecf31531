"""Google Contacts CSV: the real legacy export and a current-layout file (fictional people)."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from notebook.formats import (
    FormatError,
    detect_format,
    read_google_csv,
    read_people,
    write_google_csv,
)
from notebook.records import Person

DATA = Path(__file__).resolve().parents[1] / "data"


def test_legacy_layout_real_file() -> None:
    [person] = read_google_csv(
        (DATA / "contacts-real" / "google" / "gmail.csv").read_bytes(), "gmail.csv"
    )
    assert person == Person(
        name="Prefix Firstname Middle Lastname Suffix",  # the Name column
        company="company",
        title="jobtitle",
        # "* Home" marks the primary; the third address has a value but no type.
        emails=("home@aaa.pl", "work@email.pl", "unknown@email.com", "other@email.com"),
        phones=("pager", "mainphone", "homephone", "homefax", "mobile", "workphone", "workfax"),
        location="home_city, home_state, home_country",
        tags=("Test",),  # "* My Contacts ::: Test": the system group is dropped
        notes='note"note',
        source="google:gmail.csv",
    )


def test_current_layout() -> None:
    people = read_google_csv((DATA / "google-current.csv").read_bytes(), "google-current.csv")
    dana, amara, initech, jose = people  # the last, empty row is skipped
    assert dana == Person(
        name="Dana Whitfield",
        company="Acme Robotics, Inc.",
        title="Engineering Manager",
        emails=("dana.whitfield@acme-robotics.example", "dana.w@example.com"),
        phones=("+1 415-555-0134",),
        location="San Francisco, CA, US",
        tags=("starred", "Former colleagues"),
        notes='Met at the "Robots & Rust" meetup.\nHiring for two backend roles in Q3.',
        linkedin_url="https://www.linkedin.com/in/example-dana-whitfield",
        source="google:google-current.csv",
    )
    # Prefix and suffix around the name; " ::: " splits one cell into separate values.
    assert amara.name == "Dr. Amara N. Okafor PhD"
    assert (amara.company, amara.title) == ("Globex", "Director of Data Science")
    assert amara.emails == ("amara.okafor@globex.example", "a.okafor@globex.example")
    assert amara.phones == ("+44 20 7946 0958", "+44 7700 900123")
    assert amara.tags == ("Recruiters", "Conference 2024")
    assert amara.location == "London, United Kingdom"
    # No name at all: the organisation names the contact.
    assert (initech.name, initech.company) == ("Initech Talent Team", "Initech Talent Team")
    assert initech.emails == ("talent@initech.example",)
    assert (initech.tags, initech.linkedin_url) == ((), "")
    # E-mail 2 without an E-mail 1; the "* Mobile" phone is primary, so first.
    assert jose.name == "José Núñez-García"
    assert (jose.company, jose.title) == ("Umbrella Corp", "Senior Recruiter")
    assert jose.emails == ("jose.nunez@umbrella.example",)
    assert jose.phones == ("+34 612 34 56 78", "+34 91 123 45 67")
    assert jose.location == "28014 Madrid, Spain"  # from the Formatted address only
    assert jose.tags == ("Recruiters",)


def test_columns_mapped_by_name_not_position() -> None:
    data = (
        b"Labels,E-mail 2 - Value,Last Name,E-mail 1 - Value,First Name,Organization Name\n"
        b'"* myContacts ::: VIP",b@x.example,Lee,a@x.example,Ann,"Acme, ""The"" Company"\n'
    )
    [person] = read_google_csv(data)
    assert person.name == "Ann Lee"
    assert person.emails == ("a@x.example", "b@x.example")  # by number, not column order
    assert person.company == 'Acme, "The" Company'
    assert person.tags == ("VIP",)


def test_multi_line_quoted_fields_and_latin1_file() -> None:
    data = (
        "Name,Given Name,Family Name,Notes,Group Membership,E-mail 1 - Type,E-mail 1 - Value\n"
        'René Lévesque,René,Lévesque,"line one\nline ""two""\n",* My Contacts,'
        "* Other,rl@x.example\n"
    ).encode("cp1252")
    [person] = read_google_csv(data)
    assert person.name == "René Lévesque"
    assert person.notes == 'line one\nline "two"'
    assert person.tags == ()


def test_not_a_google_file() -> None:
    with pytest.raises(FormatError) as caught:
        read_google_csv(b"Name,Email\nAnn,a@x.example\n", "contacts.csv")
    assert str(caught.value) == (
        "contacts.csv, line 1: no Google Contacts header (expected First Name/Given Name, ... "
        "columns)"
    )


# -- writing: Google Contacts' current layout, read back ------------------------------------------

EVERYONE = [
    Person(
        name="Dana Whitfield",
        company="Acme Robotics, Inc.",
        title='Engineering Manager, "Platform"',
        emails=("dana@acme.example", '"dana;w"@example.com', "d.w@example.org"),
        phones=("+1-418-656-9254;ext=102", "+1 415-555-0134"),
        location="San Francisco, CA, US",
        tags=("Former colleagues", "hiring; Q3"),
        notes='Met at the "Robots & Rust" meetup.\nHiring for two backend roles in Q3.',
        linkedin_url="https://www.linkedin.com/in/example-dana",
        connected_on=date(2024, 9, 17),
        how_met="Robots & Rust meetup,\nintroduced by Sam",
        past_companies=("Initech", "Globex"),
        uid="urn:uuid:7d3c6a2e-5b1f-4c8e-9a0d-2f6b8e4c1a93",
    ),
    Person(name="Zoë", location="Zürich, Switzerland", linkedin_url="linkedin.com/company/x"),
    Person(name="José Núñez-García", location="Madrid, Madrid, Spain"),  # a repeated part
    Person(name="Martin Luther King, Jr.", location="Atlanta,GA", tags=("=1+1",)),
]


def test_written_contacts_read_back_with_every_field_google_holds() -> None:
    text = write_google_csv(EVERYONE)
    again = read_google_csv(text.encode("utf-8"), "google.csv")
    assert again == [replace(p, source="google:google.csv") for p in EVERYONE]
    assert not again.skipped and not again.notes


def test_written_layout_is_googles_current_one() -> None:
    rows = list(csv.reader(io.StringIO(write_google_csv(EVERYONE), newline="")))
    real = next(csv.reader(io.StringIO((DATA / "google-current.csv").read_text("utf-8"))))
    header = rows[0]
    # The same columns as Google's own export, in its order, with as many numbered groups as
    # the people need.
    assert header[:17] == real[:17]
    assert header[17:23] == [
        *("E-mail 1 - Label", "E-mail 1 - Value", "E-mail 2 - Label", "E-mail 2 - Value"),
        *("E-mail 3 - Label", "E-mail 3 - Value"),
    ]
    assert [c for c in header if c.startswith("Address 1")] == real[25:34]
    after_address = header[header.index("Address 1 - Extended Address") + 1 :]
    assert after_address == [
        *("Website 1 - Label", "Website 1 - Value", "Event 1 - Label", "Event 1 - Value"),
        # Dana's how-met, two past companies and permanent id.
        *(f"Custom Field {n} - {part}" for n in range(1, 5) for part in ("Label", "Value")),
    ]
    dana = dict(zip(header, rows[1], strict=True))
    assert (dana["First Name"], dana["Last Name"]) == ("Dana", "Whitfield")
    assert dana["Labels"] == "* myContacts ::: Former colleagues ::: hiring; Q3"
    assert (dana["Address 1 - City"], dana["Address 1 - Region"]) == ("San Francisco", "CA")
    assert dana["Address 1 - Country"] == "US"
    assert (dana["Website 1 - Label"], dana["Event 1 - Value"]) == ("LinkedIn", "2024-09-17")
    assert detect_format(write_google_csv(EVERYONE).encode()) == "google"


def test_written_contacts_import_into_a_notebook(tmp_path: Path) -> None:
    # Through the import path, as `notebook import` reads it.
    path = tmp_path / "contacts.csv"
    path.write_text(write_google_csv(EVERYONE), encoding="utf-8")
    assert [p.name for p in read_people(path.read_bytes(), path.name)] == [p.name for p in EVERYONE]


def test_placeholder_names_make_nobody_but_other_fields_can_name_the_contact() -> None:
    data = (
        b"First Name,Last Name,Nickname,Organization Name,E-mail 1 - Value,Labels\n"
        b"-,,,,,Friends\n"
        b"n/a,-,,,,\n"
        b"?,,,,bo@x.example,\n"
        b"Unknown,,,Initech,,\n"
        b"Ann,-,,,,\n"
        b",,,,,\n"
    )
    contacts = read_google_csv(data, "c.csv")
    assert [p.name for p in contacts] == ["bo@x.example", "Initech", "Ann"]
    assert contacts.skipped == [("line 2", "no name"), ("line 3", "no name")]


def test_columns_left_unread_are_named() -> None:
    contacts = read_google_csv((DATA / "google-current.csv").read_bytes(), "google-current.csv")
    # Amara's birthday and nickname, her relation, José's File As, Dana's department.
    assert contacts.notes == [
        "columns not used: Organization Department, Nickname, Birthday, Relation, File As"
    ]


# Names as people write them, and the parts Google's columns should get:
# (first, middle, last, prefix, suffix).
NAMES = [
    ("Smith, John", ("John", "", "Smith", "", "")),
    ("García Márquez, Gabriel", ("Gabriel", "", "García Márquez", "", "")),
    ("John Smith, PhD", ("John", "", "Smith", "", "PhD")),
    ("Martin Luther King, Jr.", ("Martin", "Luther", "King", "", "Jr.")),
    ("Prof. Dr. Hans Müller", ("Hans", "", "Müller", "Prof. Dr.", "")),
    ("Dr. Ana María de la Cruz", ("Ana", "María de la", "Cruz", "Dr.", "")),
    ("Ann Lee PhD", ("Ann", "", "Lee", "", "PhD")),
    ("Cher", ("Cher", "", "", "", "")),
]


def test_written_name_columns_split_the_name_as_the_vcard_writer_does(tmp_path: Path) -> None:
    people = [Person(name=name) for name, _ in NAMES]
    path = tmp_path / "google.csv"
    path.write_text(write_google_csv(people), encoding="utf-8")
    header, *rows = csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
    columns = ("First Name", "Middle Name", "Last Name", "Name Prefix", "Name Suffix")
    written = [dict(zip(header, row, strict=True)) for row in rows]
    assert [tuple(row[c] for c in columns) for row in written] == [parts for _, parts in NAMES]
    # What the columns cannot give back as written is kept whole in a custom field.
    kept = [
        row.get("Custom Field 1 - Value", "")
        for row in written
        if row.get("Custom Field 1 - Label") == "Notebook name"
    ]
    assert kept == [
        "Smith, John",
        "García Márquez, Gabriel",
        "John Smith, PhD",
        "Martin Luther King, Jr.",
    ]
    assert [p.name for p in read_people(path.read_bytes(), path.name)] == [n for n, _ in NAMES]


def test_a_name_changed_in_google_after_the_export_is_read_from_the_columns(
    tmp_path: Path,
) -> None:
    text = write_google_csv([Person(name="Smith, John")])
    path = tmp_path / "google.csv"
    path.write_text(text.replace("John,,Smith", "Jonathan,,Smith-Jones"), encoding="utf-8")
    [person] = read_people(path.read_bytes(), path.name)
    assert person.name == "Jonathan Smith-Jones"


def test_a_file_as_google_filled_in_is_not_taken_for_the_name() -> None:
    [_, _, _, jose] = read_google_csv((DATA / "google-current.csv").read_bytes())
    assert jose.name == "José Núñez-García"  # File As "Núñez-García, José" is for sorting
