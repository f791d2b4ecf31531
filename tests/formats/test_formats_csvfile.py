"""The notebook's own CSV export and its reader."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date

import pytest

from notebook.formats import FormatError, read_people_csv, write_people_csv
from notebook.records import Person

PEOPLE = [
    Person(
        name="Dana Whitfield",
        company="Acme Robotics, Inc.",
        title='Engineering Manager, "Platform"',
        past_companies=("Initech", "Globex"),
        emails=("dana@acme.example", "dana.w@example.com"),
        phones=("+1 415-555-0134", "-"),
        location="San Francisco, CA, US",
        tags=("former colleague", "hiring"),
        how_met="Robots & Rust meetup",
        notes="Two backend roles in Q3.\nAsk about the platform team;\n\tintro via Sam",
        connected_on=date(2024, 9, 17),
        linkedin_url="https://www.linkedin.com/in/example-dana",
    ),
    Person(name="Zoë Ñúñez"),
    # Cells a spreadsheet would run as formulas.
    Person(name='=HYPERLINK("http://x","y")', company="@corp", title="+boss", notes="'=quoted"),
]


def test_round_trip() -> None:
    text = write_people_csv(PEOPLE)
    again = read_people_csv(text.encode("utf-8"), "people.csv")
    assert again == [replace(p.validated(), source="csv:people.csv") for p in PEOPLE]


def test_layout() -> None:
    rows = list(csv.reader(io.StringIO(write_people_csv(PEOPLE), newline="")))
    assert rows[0] == [
        "name",
        "company",
        "title",
        "emails",
        "phones",
        "location",
        "tags",
        "linkedin_url",
        "connected_on",
        "how_met",
        "past_companies",
        "notes",
    ]
    assert rows[1][3:5] == ["dana@acme.example; dana.w@example.com", "+1 415-555-0134; -"]
    assert rows[1][8] == "2024-09-17"
    # Formula-looking cells are marked as text with an apostrophe; phone numbers are not.
    assert rows[3][:3] == ['\'=HYPERLINK("http://x","y")', "'@corp", "'+boss"]
    assert rows[3][11] == "''=quoted"
    assert write_people_csv([]).endswith("notes\r\n")


def test_hand_made_spreadsheet_columns() -> None:
    data = (
        "\ufeffName,Email,Tag,Phone,Connected On,Shoe size\r\n"
        "Ann Lee,ann@x.example; not-an-email,recruiter;  ,+41 44 000 00 00,03 Feb 2025,42\r\n"
        ",nobody@x.example,,,,\r\n"
    )
    [person] = read_people_csv(data.encode("utf-8"))
    assert person.emails == ("ann@x.example",)
    assert person.tags == ("recruiter",)
    assert person.phones == ("+41 44 000 00 00",)
    assert person.connected_on == date(2025, 2, 3)
    assert person.source == "csv"


def test_no_header() -> None:
    with pytest.raises(FormatError, match=r"^x\.csv, line 1: no notebook CSV header"):
        read_people_csv(b"Who,What\nAnn,coffee\n", "x.csv")
