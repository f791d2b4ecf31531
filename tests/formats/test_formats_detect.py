"""detect_format() and read_people(): the format from the content, and clear errors."""

from __future__ import annotations

import ast
import csv
import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import notebook.formats
from notebook import cli
from notebook.formats import FORMATS, FormatError, detect_format, read_people, write_people_csv
from notebook.formats._fields import quick_clean
from notebook.importer import EXPORT_FORMATS
from notebook.records import Person, clean_text

DATA = Path(__file__).resolve().parents[1] / "data"
REAL = DATA / "contacts-real"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        *((path, "vcard") for path in sorted((REAL / "vcard").glob("*.vcf"))),
        (REAL / "linkedin" / "Connections.csv", "linkedin"),
        (REAL / "google" / "gmail.csv", "google"),
        (DATA / "google-current.csv", "google"),
        (REAL / "thunderbird" / "tb_plain.csv", "thunderbird"),
        (REAL / "outlook" / "outlook.csv", "outlook"),
    ],
    ids=lambda value: value.name if isinstance(value, Path) else value,
)
def test_real_files(path: Path, expected: str) -> None:
    data = path.read_bytes()
    assert detect_format(data, path.name) == expected
    # Content decides: a misleading name changes nothing.
    assert detect_format(data, "contacts.txt") == expected
    assert read_people(data, path.name)


def test_other_formats() -> None:
    assert detect_format(write_people_csv([Person(name="Ann")]).encode()) == "csv"
    assert detect_format(b'  {"_default": {}, "people": {}}', "notebook.json") == "json"
    assert detect_format(b"\xef\xbb\xbf\r\nBEGIN:VCARD\r\nFN:Ann\r\n") == "vcard"
    assert detect_format(b"begin:vcard\rFN:Ann\rEND:VCARD") == "vcard"  # old Mac line ends
    older = (
        b"First Name,Last Name,Email Address,Company,Position,Connected On\n"
        b'A,B,,,,"1/8/18, 6:14 PM"\n'
    )
    assert detect_format(older) == "linkedin"
    utf16 = "First Name,Last Name,Labels,E-mail 1 - Value\r\nAnn,Lee,,a@x.example\r\n"
    assert detect_format(utf16.encode("utf-16")) == "google"


def test_file_name_breaks_a_tie() -> None:
    # Not recognisably anything: a .vcf goes to the vCard reader, which says what is wrong.
    assert detect_format(b"hello\n", "contacts.vcf") == "vcard"
    with pytest.raises(
        FormatError, match=r"^contacts\.vcf, line 1: not a vCard \(no BEGIN:VCARD\)$"
    ):
        read_people(b"hello\n", "contacts.vcf")


def test_empty_file() -> None:
    for data in (b"", b"\n \r\n", b"\xef\xbb\xbf"):
        with pytest.raises(FormatError) as caught:
            detect_format(data, "x.csv")
        assert str(caught.value) == "x.csv: the file is empty"


def test_binary_file() -> None:
    samples = [
        bytes(range(256)) * 4,
        b"PK\x03\x04" + b"\x00" * 40,  # a zip, e.g. the whole LinkedIn archive
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
        b"BEGIN:VCARD\x00\x01\x02\x03\x00\x00\x05\x06",
    ]
    for data in samples:
        with pytest.raises(FormatError) as caught:
            detect_format(data, "x.bin")
        assert str(caught.value) == "x.bin: not a contact file (binary data)"
        assert caught.value.path == "x.bin"
        assert caught.value.line is None


def test_csv_with_no_known_header() -> None:
    with pytest.raises(FormatError) as caught:
        detect_format(b"Who,Where,When\nAnn,Basel,Monday\n", "x.csv")
    assert str(caught.value) == (
        "x.csv: no known header (expected columns such as Name or Email, or a LinkedIn, "
        "Google, Outlook, Thunderbird or notebook export)"
    )
    for data in (b"Who,Where,When\n", b"Who;Where;When\n", b"Who\tWhere\tWhen\n"):
        with pytest.raises(FormatError, match="no known header"):
            read_people(data, "export.txt")  # delimiters: a CSV by its content


def test_plain_text() -> None:
    with pytest.raises(FormatError) as caught:
        detect_format(b"Dear Ann\nThanks for the coffee.\n", "letter.txt")
    assert str(caught.value) == (
        "letter.txt: not a contact file (expected vCard, CSV or a notebook JSON)"
    )


def test_read_people_dispatch_and_json_hook() -> None:
    data = (REAL / "linkedin" / "Connections.csv").read_bytes()
    assert len(read_people(data, "Connections.csv")) == 4
    assert read_people(data, "c.csv", fmt="linkedin") == read_people(data, "c.csv")
    with pytest.raises(FormatError, match=r"^n\.json: a notebook JSON file"):
        read_people(b"{}", "n.json")
    with pytest.raises(FormatError, match="no Google Contacts header"):
        read_people(data, "c.csv", fmt="google")  # a forced format is obeyed
    with pytest.raises(ValueError, match="unknown contact format 'xml'"):
        read_people(data, "c.csv", fmt="xml")
    assert FORMATS == cli.IMPORT_FORMATS  # the shell's --format choices
    assert set(FORMATS) == {
        *("vcard", "linkedin", "google", "outlook", "thunderbird", "csv", "generic", "json")
    }
    assert EXPORT_FORMATS == cli.EXPORT_FORMATS
    # The app's import dialog offers each of them too.
    from notebook.modals.import_file import FORMAT_CHOICES

    assert [value for _, value in FORMAT_CHOICES] == ["auto", *FORMATS]


# One layout's header, and a row, for each kind of CSV detection tells apart. The header is
# what decides; the rows only make the files real.
HEADERS = {
    "linkedin": [
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ann,Lee,https://www.linkedin.com/in/ann,,Acme,CTO,15 Mar 2024\n",
        # Imported Contacts.csv: read by the same format name.
        "First Name,Last Name,Companies,Title,Emails,Phone Numbers,Addresses,Sites,"
        "Instant Message Handles,Full Name,Birthday,Location,Bookmarked At,Profiles\n"
        "Ann,Lee,Acme,CTO,ann@x.example,+1 555 0100,,,,Ann Lee,,,,\n",
    ],
    "google": [
        "First Name,Last Name,Labels,E-mail 1 - Value\nAnn,Lee,* myContacts,ann@x.example\n",
    ],
    "outlook": [
        "First Name,Middle Name,Last Name,Title,Suffix,E-mail Address,Business Phone,"
        "Mobile Phone,Company,Job Title,Notes,Categories\nAnn,,Lee,,,ann@x.example,,,,,,\n",
        # Google's "Outlook CSV" export, in its own order.
        "First Name,Middle Name,Last Name,Title,Suffix,Initials,Web Page,Gender,Birthday,"
        "Anniversary,Location,Language,Internet Free Busy,Notes,E-mail Address,"
        "E-mail 2 Address,E-mail 3 Address,Primary Phone,Home Phone,Mobile Phone,Categories\n"
        "Ann,,Lee,,,,,,,,,,,,ann@x.example,,,,,,myContacts\n",
    ],
    "thunderbird": [
        "First Name,Last Name,Display Name,Nickname,Primary Email,Secondary Email,Notes,\n"
        "Ann,Lee,Ann Lee,,ann@x.example,,,\n",
    ],
    "csv": [write_people_csv([Person(name="Ann Lee", emails=("ann@x.example",))])],
    "generic": [
        "Name,Email,Phone Number\nAnn Lee,ann@x.example,+1 555 0100\n",
        "First Name,Last Name,Mobile Phone,Home Phone\nAnn,Lee,+1 555 0100,\n",
        "E-mail\nann@x.example\n",
        "Name,Connected On,LinkedIn URL\nAnn Lee,2024-03-15,https://www.linkedin.com/in/ann\n",
    ],
}


@pytest.mark.parametrize(
    ("kind", "text"),
    [(kind, text) for kind, texts in HEADERS.items() for text in texts],
    ids=lambda value: value.partition("\n")[0][:40] if "\n" in value else value,
)
def test_each_csv_layout_is_told_apart(kind: str, text: str) -> None:
    assert detect_format(text.encode(), "contacts.csv") == kind
    [person] = read_people(text.encode(), "contacts.csv")
    assert person.name in ("Ann Lee", "ann@x.example")


@pytest.mark.parametrize("delimiter", [";", "\t"])
@pytest.mark.parametrize("kind", ["linkedin", "google", "outlook", "thunderbird", "generic"])
def test_semicolons_and_tabs_are_sniffed(kind: str, delimiter: str) -> None:
    rows = list(csv.reader(io.StringIO(HEADERS[kind][0])))
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    data = out.getvalue().encode()
    assert detect_format(data, "contacts.csv") == kind
    assert [p.name for p in read_people(data, "contacts.csv")] == [
        p.name for p in read_people(HEADERS[kind][0].encode(), "contacts.csv")
    ]


def test_a_semicolon_linkedin_export_with_its_preamble_is_linkedin() -> None:
    # As Excel saves the real export where the decimal mark is a comma: values with commas are
    # not quoted, since the comma is no delimiter there.
    data = (
        "Notes:;\n"
        '"When exporting your connection data, you may notice that some of the email '
        'addresses are missing.";\n'
        ";\n"
        "First Name;Last Name;URL;Email Address;Company;Position;Connected On\n"
        "Priya;Raman;https://www.linkedin.com/in/priya;;Acme Robotics, Inc.;Manager;03 Feb 2025\n"
        "Tomás;Ñúñez;https://www.linkedin.com/in/tomas;t@x.example;Globex, Ltd.;Recruiter;"
        "16.09.2021\n"
    ).encode("utf-8-sig")  # Excel's "CSV UTF-8"
    assert detect_format(data, "Connections.csv") == "linkedin"
    priya, tomas = read_people(data, "Connections.csv")
    assert (priya.name, priya.company, priya.connected_on) == (
        "Priya Raman",
        "Acme Robotics, Inc.",
        date(2025, 2, 3),
    )
    assert (tomas.name, tomas.emails, tomas.connected_on) == (
        "Tomás Ñúñez",
        ("t@x.example",),
        date(2021, 9, 16),
    )


def test_excel_sep_line_names_the_delimiter() -> None:
    data = b"sep=;\r\nName;Email;Phone\r\nAnn Lee;ann@x.example;+1 555 0100, +1 555 0101\r\n"
    assert detect_format(data) == "generic"
    [ann] = read_people(data, "x.csv")
    assert ann.phones == ("+1 555 0100", "+1 555 0101")
    # Line numbers still count the hint line.
    contacts = read_people(b"sep=,\nName,Email\n-,\n", "x.csv")
    assert contacts.skipped == [("line 3", '"-" is not a name')]  # type: ignore[attr-defined]


def test_a_comma_file_whose_values_hold_semicolons_stays_a_comma_file() -> None:
    people = [
        Person(name=f"P{n}", phones=("+1-418-656-9254;ext=102", "+1 555;ext=7"), tags=("a;b",))
        for n in range(5)
    ]
    data = write_people_csv(people).encode()
    assert detect_format(data) == "csv"
    assert [p.phones for p in read_people(data, "x.csv")] == [p.phones for p in people]


def test_formats_stay_free_of_ui_and_storage() -> None:
    package = Path(notebook.formats.__file__).parent
    for module in package.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert not name.startswith(("textual", "tinydb")), (module.name, name)


@given(st.text())
def test_quick_clean_matches_clean_text(text: str) -> None:
    assert quick_clean(text) == clean_text(text)
