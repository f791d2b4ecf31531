"""Thunderbird's address book CSV: the real layout file and a hand-made export."""

from __future__ import annotations

from pathlib import Path

import pytest

from notebook.formats import FormatError, detect_format, read_thunderbird_csv
from notebook.records import Person

REAL = Path(__file__).resolve().parents[1] / "data" / "contacts-real" / "thunderbird"

HEADER = (
    "First Name,Last Name,Display Name,Nickname,Primary Email,Secondary Email,Screen Name,"
    "Work Phone,Home Phone,Fax Number,Pager Number,Mobile Number,Home Address,Home Address 2,"
    "Home City,Home State,Home ZipCode,Home Country,Work Address,Work Address 2,Work City,"
    "Work State,Work ZipCode,Work Country,Job Title,Department,Organization,Web Page 1,"
    "Web Page 2,Birth Year,Birth Month,Birth Day,Custom 1,Custom 2,Custom 3,Custom 4,Notes,\r\n"
)


def row(**values: str) -> str:
    names = HEADER.strip().split(",")
    return ",".join(values.get(name.replace(" ", "_"), "") for name in names) + "\r\n"


def test_real_layout_file() -> None:
    contacts = read_thunderbird_csv((REAL / "tb_plain.csv").read_bytes(), "tb_plain.csv")
    [person] = contacts
    assert person == Person(
        name="Displayname",  # the name Thunderbird shows
        company="Organization",
        title="title",
        emails=("test@domain.tld", "next@domain.tld"),
        phones=("mobile", "phone work", "phone home", "pager"),
        location="Wcity, Wstate, Poland",  # the work address
        source="thunderbird:tb_plain.csv",
    )
    # Every value it did not keep is named: the fax, the home address (the work one made the
    # location), the birthday, web pages that are no LinkedIn profile.
    assert contacts.notes == [
        "columns not used: Nickname, Fax Number, Home Address, Home City, Home State, "
        "Home ZipCode, Home Country, Department, Web Page 1, Web Page 2, Birth Year, "
        "Birth Month, Birth Day"
    ]


def test_hand_made_export() -> None:
    data = (
        HEADER
        + row(
            First_Name="Dana",
            Last_Name="Whitfield",
            Display_Name="Dana Whitfield",
            Primary_Email="dana@acme.example",
            Mobile_Number="+1 415-555-0199",
            Work_City="San Francisco",
            Work_State="CA",
            Work_Country="US",
            Organization='"Acme Robotics, Inc."',
            Web_Page_2="https://www.linkedin.com/in/example-dana",
            Notes='"Met at the meetup.\nHiring."',
        )
        # Collected addresses: the display name is only the address again.
        + row(First_Name="Amara", Last_Name="Okafor", Display_Name="amara@globex.example")
        + row(Display_Name="bo@x.example", Primary_Email="bo@x.example")
        + row(Display_Name="-", Nickname="Sam")
        + row(Display_Name="n/a", Home_Phone="+1 555 0100")
        + row()
    ).encode("utf-8")
    assert detect_format(data, "abook.csv") == "thunderbird"
    contacts = read_thunderbird_csv(data, "abook.csv")
    dana, amara, bo, sam = contacts
    assert dana == Person(
        name="Dana Whitfield",
        company="Acme Robotics, Inc.",
        emails=("dana@acme.example",),
        phones=("+1 415-555-0199",),
        location="San Francisco, CA, US",
        notes="Met at the meetup.\nHiring.",
        linkedin_url="https://www.linkedin.com/in/example-dana",
        source="thunderbird:abook.csv",
    )
    assert (amara.name, bo.name, sam.name) == ("Amara Okafor", "bo@x.example", "Sam")
    assert contacts.skipped == [("line 7", '"n/a" is not a name')]  # Dana's notes take two


def test_not_a_thunderbird_file() -> None:
    with pytest.raises(FormatError, match=r"^c\.csv, line 1: no Thunderbird address book header"):
        read_thunderbird_csv(b"Name,Email\nAnn,a@x.example\n", "c.csv")
