"""Any other CSV of people: columns read by what their headers say, every other column named."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from notebook.formats import FormatError, detect_format, read_generic_csv, read_people
from notebook.importer import import_file
from notebook.records import Person
from notebook.viewmodel import Notebook


def test_name_email_phone_number() -> None:
    data = b"Name,Email,Phone Number\r\nAnn Lee,ann@x.example,+1-418-656-9254;ext=102\r\n"
    assert detect_format(data, "people.csv") == "generic"
    contacts = read_people(data, "people.csv")
    assert contacts == [
        Person(
            name="Ann Lee",
            emails=("ann@x.example",),
            phones=("+1-418-656-9254;ext=102",),
            source="csv:people.csv",
        )
    ]
    assert contacts.notes == []  # type: ignore[attr-defined]


def test_every_column_not_used_is_named_even_when_empty() -> None:
    data = (
        "First Name,Surname,E-mail Address,Mobile,Work Phone,Fax,Organisation,Job Title,"
        "Comments,Shoe size,Favourite colour,,City,Country\r\n"
        "Ann,Lee,ann@x.example; ann.lee@y.example,+41 44 000 00 00,+41 44 000 00 01,"
        "+41 44 000 00 02,Acme,CTO,Met at a meetup,42,,stray,Zürich,Switzerland\r\n"
    ).encode()
    contacts = read_generic_csv(data, "sheet.csv")
    [ann] = contacts
    assert ann == Person(
        name="Ann Lee",
        company="Acme",
        title="CTO",
        emails=("ann@x.example", "ann.lee@y.example"),
        phones=("+41 44 000 00 00", "+41 44 000 00 01"),
        location="Zürich, Switzerland",
        notes="Met at a meetup",
        source="csv:sheet.csv",
    )
    # "Favourite colour" is empty in every row and still named: the sheet had it, the notebook
    # has nowhere to put it. The unnamed column is named by its place, as it held a value.
    assert contacts.notes == [
        "columns not used: Fax, Shoe size, Favourite colour, column 12 (no name)"
    ]


def test_other_recognised_columns() -> None:
    data = (
        b"Full Name;Company Name;Position;LinkedIn Profile;Tags;Connected On;How we met;Notes\r\n"
        b"Bo Park;Globex;Recruiter;linkedin.com/in/bopark;recruiter, Q3;16.09.2021;"
        b'"at the meetup";"one;\ntwo"\r\n'
    )
    assert detect_format(data) == "generic"
    [bo] = read_generic_csv(data)
    assert bo == Person(
        name="Bo Park",
        company="Globex",
        title="Recruiter",
        tags=("recruiter", "Q3"),
        linkedin_url="https://linkedin.com/in/bopark",
        connected_on=date(2021, 9, 16),
        how_met="at the meetup",
        notes="one;\ntwo",
        source="csv",
    )


def test_a_date_that_is_no_date_is_said() -> None:
    contacts = read_generic_csv(b"Name,Connected\r\nAnn,last spring\r\nBo,2024-03-15\r\n")
    assert [p.connected_on for p in contacts] == [None, date(2024, 3, 15)]
    assert contacts.notes == ['Connected: not read as a date: "last spring"']


def test_placeholder_names_make_nobody() -> None:
    data = (
        "Name,Email,Phone\r\n"
        "-,,+1 555 0100\r\n"
        "—,,\r\n"
        "n/a,,+1 555 0101\r\n"
        "?,,x\r\n"
        "Unknown,,x\r\n"
        "(none),,x\r\n"
        "None,,x\r\n"
        ",,+1 555 0102\r\n"
        "Dana,,\r\n"
        "Name,Email,Phone\r\n"  # the header again, from two sheets pasted together
        ",,\r\n"
    ).encode()
    contacts = read_generic_csv(data, "x.csv")
    assert [p.name for p in contacts] == ["Dana"]
    assert contacts.skipped == [
        ("line 2", '"-" is not a name'),
        ("line 3", '"—" is not a name'),
        ("line 4", '"n/a" is not a name'),
        ("line 5", '"?" is not a name'),
        ("line 6", '"Unknown" is not a name'),
        ("line 7", '"(none)" is not a name'),
        ("line 8", '"None" is not a name'),
        ("line 9", "no name"),
    ]


def test_a_placeholder_name_beside_an_email_is_named_by_the_email() -> None:
    # As for a row with no name at all: the address is who it is, "-" is nobody's name.
    data = b"First Name,Last Name,Email\r\n-,-,ann@x.example\r\nBo,-,bo@x.example\r\n"
    ann, bo = read_generic_csv(data)
    assert (ann.name, bo.name) == ("ann@x.example", "Bo")


def test_the_import_summary_names_the_columns_and_the_skipped(tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_bytes(b"Name,Email,Phone Number,Shoe size\r\nAnn Lee,ann@x.example,,42\r\n-,,,\r\n")
    notebook = Notebook.open(tmp_path / "nb.json")
    try:
        summary = import_file(notebook, sheet)
    finally:
        notebook.close()
    assert summary.line() == "sheet.csv: 1 created, 0 updated, 0 unchanged, 1 skipped"
    assert summary.details() == [
        "columns not used: Shoe size",
        'skipped line 3: "-" is not a name',
    ]


def test_no_name_or_email_column() -> None:
    with pytest.raises(FormatError, match=r"^x\.csv, line 1: no column for a name or an e-mail"):
        read_generic_csv(b"Fruit,Price\r\napple,3\r\n", "x.csv")
