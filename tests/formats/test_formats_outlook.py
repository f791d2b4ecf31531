"""Outlook's contacts CSV: its layouts as Outlook, outlook.com and Google export them, the real
e-mail-only file, and our export read back."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import pytest

from notebook.formats import (
    FormatError,
    detect_format,
    read_outlook_csv,
    read_people,
    write_outlook_csv,
)
from notebook.formats.outlook import left_out
from notebook.records import Person

REAL = Path(__file__).resolve().parents[1] / "data" / "contacts-real" / "outlook"

# Outlook for Windows, File > Open & Export > Import/Export > Export to a file > CSV: every
# field quoted, empty dates written "0/0/00", and Gender, Priority, Private and Sensitivity
# always set. The header is Outlook's; the people are made up.
DESKTOP_HEADER = (
    '"Title","First Name","Middle Name","Last Name","Suffix","Company","Department","Job Title",'
    '"Business Street","Business Street 2","Business Street 3","Business City","Business State",'
    '"Business Postal Code","Business Country/Region","Home Street","Home Street 2",'
    '"Home Street 3","Home City","Home State","Home Postal Code","Home Country/Region",'
    '"Other Street","Other Street 2","Other Street 3","Other City","Other State",'
    '"Other Postal Code","Other Country/Region","Assistant\'s Phone","Business Fax",'
    '"Business Phone","Business Phone 2","Callback","Car Phone","Company Main Phone","Home Fax",'
    '"Home Phone","Home Phone 2","ISDN","Mobile Phone","Other Fax","Other Phone","Pager",'
    '"Primary Phone","Radio Phone","TTY/TDD Phone","Telex","Account","Anniversary",'
    '"Assistant\'s Name","Billing Information","Birthday","Business Address PO Box","Categories",'
    '"Children","Directory Server","E-mail Address","E-mail Type","E-mail Display Name",'
    '"E-mail 2 Address","E-mail 2 Type","E-mail 2 Display Name","E-mail 3 Address",'
    '"E-mail 3 Type","E-mail 3 Display Name","Gender","Government ID Number","Hobby",'
    '"Home Address PO Box","Initials","Internet Free Busy","Keywords","Language","Location",'
    '"Manager\'s Name","Mileage","Notes","Office Location","Organizational ID Number",'
    '"Other Address PO Box","Priority","Private","Profession","Referred By","Sensitivity",'
    '"Spouse","User 1","User 2","User 3","User 4","Web Page"'
)


def desktop_row(**values: str) -> str:
    header = next(csv.reader(io.StringIO(DESKTOP_HEADER)))
    defaults = {"Anniversary": "0/0/00", "Birthday": "0/0/00", "Gender": "Unspecified"}
    defaults |= {"Priority": "Normal", "Private": "False", "Sensitivity": "Normal"}
    cells = [values.get(name, defaults.get(name, "")) for name in header]
    return ",".join('"' + cell.replace('"', '""') + '"' for cell in cells)


DESKTOP = "\r\n".join(
    [
        DESKTOP_HEADER,
        desktop_row(
            **{
                "First Name": "Dana",
                "Last Name": "Whitfield",
                "Company": "Acme Robotics, Inc.",
                "Job Title": "Engineering Manager",
                "Business Street": "500 Howard St",
                "Business City": "San Francisco",
                "Business State": "CA",
                "Business Postal Code": "94105",
                "Business Country/Region": "United States of America",
                "Business Phone": "+1 (415) 555-0134",
                "Mobile Phone": "+1 (415) 555-0199",
                "Business Fax": "+1 (415) 555-0100",
                "Categories": "Recruiters;Hiring",
                "E-mail Address": "dana@acme.example",
                "E-mail Type": "SMTP",
                "E-mail Display Name": "Dana Whitfield (dana@acme.example)",
                "E-mail 2 Address": "/o=ExchangeLabs/ou=Exchange Administrative Group/cn=abc",
                "E-mail 2 Type": "EX",
                "Notes": "Met at the meetup.\r\nHiring in Q3.",
                "Web Page": "https://www.linkedin.com/in/example-dana",
                "Birthday": "4/17/1985",
            }
        ),
        desktop_row(**{"Title": "Dr.", "First Name": "Amara", "Last Name": "Okafor"}),
        desktop_row(**{"Company": "Initech Talent Team", "Home Phone": "+44 20 7946 0958"}),
        desktop_row(),
    ]
)

# outlook.com, People > Manage > Export contacts. The header is outlook.com's.
OUTLOOK_COM = (
    "First Name,Middle Name,Last Name,Title,Suffix,Nickname,Given Yomi,Surname Yomi,"
    "E-mail Address,E-mail 2 Address,E-mail 3 Address,Home Phone,Home Phone 2,Business Phone,"
    "Business Phone 2,Mobile Phone,Car Phone,Other Phone,Primary Phone,Pager,Business Fax,"
    "Home Fax,Other Fax,Company Main Phone,Callback,Radio Phone,Telex,TTY/TDD Phone,IMAddress,"
    "Job Title,Department,Company,Office Location,Manager's Name,Assistant's Name,"
    "Assistant's Phone,Company Yomi,Business Street,Business City,Business State,"
    "Business Postal Code,Business Country/Region,Home Street,Home City,Home State,"
    "Home Postal Code,Home Country/Region,Other Street,Other City,Other State,Other Postal Code,"
    "Other Country/Region,Personal Web Page,Spouse,Schools,Hobby,Location,Web Page,Birthday,"
    "Anniversary,Notes\r\n"
    "Svein,,Heimdal,,,,,,svein@x.example,,,,,,,901 06 000,,,,,,,,,,,,,,Recruiter,,Contoso,,,,,,"
    ",Oslo,,0357,Norway,,,,,,,,,,,,,,,,,,,\r\n"
)

# Google Contacts' "Outlook CSV" export: Outlook's names, Google's order, Categories with ";".
GOOGLE_OUTLOOK = (
    "First Name,Middle Name,Last Name,Title,Suffix,Web Page,Birthday,Anniversary,Notes,"
    "E-mail Address,E-mail 2 Address,E-mail 3 Address,Primary Phone,Home Phone,Home Phone 2,"
    "Mobile Phone,Pager,Home Fax,Home Address,Home Street,Home Street 2,Home Street 3,"
    "Home Address PO Box,Home City,Home State,Home Postal Code,Home Country,Spouse,Children,"
    "Manager's Name,Assistant's Name,Referred By,Company Main Phone,Business Phone,"
    "Business Phone 2,Business Fax,Assistant's Phone,Company,Job Title,Department,"
    "Business Address,Business Street,Business Street 2,Business Street 3,"
    "Business Address PO Box,Business City,Business State,Business Postal Code,Business Country,"
    "Other Phone,Other Fax,Other Address,Other Street,Other Street 2,Other Street 3,"
    "Other Address PO Box,Other City,Other State,Other Postal Code,Other Country,Callback,"
    "Car Phone,ISDN,Radio Phone,TTY/TDD Phone,Telex,Categories\n"
    'Ingrid,,Berg,,,,,,,ingrid@x.example,,,,,,+47 111111,,,"Industrigata 50B\nOslo, 0357\n'
    'Norway",50B Industrigata,,,,Oslo,,0357,Norway,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,'
    "Restored from phone;myContacts\n"
)


def test_outlook_desktop_export() -> None:
    assert detect_format(DESKTOP.encode("utf-8"), "contacts.csv") == "outlook"
    contacts = read_outlook_csv(DESKTOP.encode("utf-8"), "contacts.csv")
    dana, amara, initech = contacts  # the empty row makes nobody
    assert dana == Person(
        name="Dana Whitfield",
        company="Acme Robotics, Inc.",
        title="Engineering Manager",
        # The Exchange address is no e-mail address.
        emails=("dana@acme.example",),
        # Mobile first; the fax is no number to call.
        phones=("+1 (415) 555-0199", "+1 (415) 555-0134"),
        location="San Francisco, CA, United States of America",
        tags=("Recruiters", "Hiring"),
        notes="Met at the meetup.\nHiring in Q3.",
        linkedin_url="https://www.linkedin.com/in/example-dana",
        source="outlook:contacts.csv",
    )
    assert amara.name == "Dr. Amara Okafor"  # "Title" is Outlook's honorific
    assert (initech.name, initech.phones) == ("Initech Talent Team", ("+44 20 7946 0958",))
    # What was not kept is said; Outlook's "not set" values (0/0/00, Normal, ...) are not.
    assert contacts.notes == ["columns not used: Business Fax, Birthday"]
    assert contacts.skipped == []


def test_outlook_com_export() -> None:
    [svein] = read_people(OUTLOOK_COM.encode(), "outlook.csv")
    assert (svein.name, svein.emails, svein.phones) == (
        "Svein Heimdal",
        ("svein@x.example",),
        ("901 06 000",),
    )
    assert (svein.title, svein.company, svein.location) == ("Recruiter", "Contoso", "Oslo, Norway")


def test_googles_outlook_csv() -> None:
    assert detect_format(GOOGLE_OUTLOOK.encode()) == "outlook"
    contacts = read_people(GOOGLE_OUTLOOK.encode(), "google-outlook.csv")
    [ingrid] = contacts
    assert ingrid.location == "Oslo, Norway"
    assert ingrid.tags == ("Restored from phone",)  # Google's system group left out
    assert contacts.notes == []  # type: ignore[attr-defined]


def test_real_file_with_only_email_columns() -> None:
    # No name column at all: the first address names the contact.
    [person] = read_outlook_csv((REAL / "outlook.csv").read_bytes(), "outlook.csv")
    assert person.name == "test1@domain.tld"
    assert person.emails == ("test1@domain.tld", "test2@domain.tld", "test3@domain.tld")


EVERYONE = [
    Person(
        name="Dana Whitfield",
        company="Acme Robotics, Inc.",
        title='Engineering Manager, "Platform"',
        emails=("dana@acme.example", '"dana;w"@example.com'),
        phones=("+1-418-656-9254;ext=102", "+1 415-555-0134", "=1+1"),
        location="San Francisco, CA, US",
        tags=("Former colleagues", "Recruiters"),
        notes="Met at the meetup.\nHiring for two backend roles in Q3.",
        linkedin_url="https://www.linkedin.com/in/example-dana",
    ),
    Person(name="Zoë Ñúñez", location="Zürich, Switzerland"),
    Person(name="Martin Luther King, Jr.", company="SCLC", location="Atlanta,GA"),
]


def test_written_contacts_read_back() -> None:
    text = write_outlook_csv(EVERYONE)
    assert detect_format(text.encode()) == "outlook"
    again = read_outlook_csv(text.encode(), "outlook.csv")
    assert again == [replace(p, source="outlook:outlook.csv") for p in EVERYONE]
    assert (again.notes, again.skipped) == ([], [])


def test_written_layout() -> None:
    outlook_com = next(csv.reader(io.StringIO(OUTLOOK_COM)))
    header, *_ = csv.reader(io.StringIO(write_outlook_csv(EVERYONE[:2]), newline=""))
    assert header == [*outlook_com, "Categories"]
    # "Martin Luther King, Jr." is not what First, Middle, Last and Suffix read back: a column of
    # the notebook's own keeps it, at the end, where Outlook's import leaves it.
    header, dana, *_ = csv.reader(io.StringIO(write_outlook_csv(EVERYONE), newline=""))
    assert header == [*outlook_com, "Categories", "Notebook Name"]
    row = dict(zip(header, dana, strict=True))
    assert (row["First Name"], row["Last Name"], row["Title"]) == ("Dana", "Whitfield", "")
    assert (row["Mobile Phone"], row["Business Phone"], row["Home Phone"]) == (
        "+1-418-656-9254;ext=102",
        "+1 415-555-0134",
        "=1+1",
    )
    assert (row["Business City"], row["Business State"], row["Business Country/Region"]) == (
        "San Francisco",
        "CA",
        "US",
    )
    assert (row["Categories"], row["Web Page"]) == (
        "Former colleagues;Recruiters",
        "https://www.linkedin.com/in/example-dana",
    )


def test_what_does_not_fit_is_said() -> None:
    many = Person(name="Ann", emails=tuple(f"a{n}@x.example" for n in range(5)))
    assert left_out([many, *EVERYONE]) == [
        "Ann: a3@x.example, a4@x.example left out (no more columns)"
    ]
    [ann] = read_outlook_csv(write_outlook_csv([many]).encode())
    assert ann.emails == many.emails[:3]


def test_not_an_outlook_file() -> None:
    with pytest.raises(FormatError, match=r"^c\.csv, line 1: no Outlook contacts header"):
        read_outlook_csv(b"Name,Email\nAnn,a@x.example\n", "c.csv")


# Names as people write them, and the parts Outlook's columns should get:
# (Title, First Name, Middle Name, Last Name, Suffix).
NAMES = [
    ("Smith, John", ("", "John", "", "Smith", "")),
    ("García Márquez, Gabriel", ("", "Gabriel", "", "García Márquez", "")),
    ("John Smith, PhD", ("", "John", "", "Smith", "PhD")),
    ("Prof. Dr. Hans Müller", ("Prof. Dr.", "Hans", "", "Müller", "")),
    ("Mr. John Richter, James Doe Sr.", ("Mr.", "John", "Richter James", "Doe", "Sr.")),
    ("Ann Lee", ("", "Ann", "", "Lee", "")),
]


def test_written_name_columns_split_the_name_as_the_vcard_writer_does(tmp_path: Path) -> None:
    path = tmp_path / "outlook.csv"
    path.write_text(write_outlook_csv([Person(name=name) for name, _ in NAMES]), "utf-8")
    header, *rows = csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
    written = [dict(zip(header, row, strict=True)) for row in rows]
    columns = ("Title", "First Name", "Middle Name", "Last Name", "Suffix")
    assert [tuple(row[c] for c in columns) for row in written] == [parts for _, parts in NAMES]
    assert [row["Notebook Name"] for row in written] == [
        "Smith, John",
        "García Márquez, Gabriel",
        "John Smith, PhD",
        "",
        "Mr. John Richter, James Doe Sr.",
        "",
    ]
    again = read_people(path.read_bytes(), path.name)
    assert [p.name for p in again] == [name for name, _ in NAMES]
    assert (again.notes, again.skipped) == ([], [])


def test_a_name_changed_after_the_export_is_read_from_the_columns(tmp_path: Path) -> None:
    text = write_outlook_csv([Person(name="Smith, John")])
    path = tmp_path / "outlook.csv"
    path.write_text(text.replace("John,,Smith", "Jonathan,,Smith-Jones"), encoding="utf-8")
    [person] = read_people(path.read_bytes(), path.name)
    assert person.name == "Jonathan Smith-Jones"
