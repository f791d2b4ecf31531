"""LinkedIn Connections.csv: the real export's layout, the older layout, and a large file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from notebook.formats import FormatError, read_linkedin_csv
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
