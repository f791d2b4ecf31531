"""detect_format() and read_people(): the format from the content, and clear errors."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import notebook.formats
from notebook.formats import FORMATS, FormatError, detect_format, read_people, write_people_csv
from notebook.formats._fields import quick_clean
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
        "x.csv: no known header (expected LinkedIn, Google or notebook CSV columns)"
    )
    with pytest.raises(FormatError, match="no known header"):
        read_people(b"Who,Where,When\n", "export.txt")  # commas: a CSV by its content


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
    assert set(FORMATS) == {"vcard", "linkedin", "google", "csv", "json"}


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
