"""Google Contacts CSV: the real legacy export and a current-layout file (fictional people)."""

from __future__ import annotations

from pathlib import Path

import pytest

from notebook.formats import FormatError, read_google_csv
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
