"""A reader's unforeseen exception still reaches the user as one FormatError line, naming the
file and, where the reader knows it, the line (the fault itself is the reader's, to be fixed)."""

from __future__ import annotations

from collections.abc import Callable

import orjson
import pytest

import notebook.formats
import notebook.formats.csvfile
import notebook.formats.generic
import notebook.formats.google_csv
import notebook.formats.linkedin
import notebook.formats.outlook
import notebook.formats.thunderbird
import notebook.formats.vcard
from notebook.formats import FormatError, detect_format, read_people
from notebook.formats.notebook_json import load_notebook
from notebook.records import Person

VCARDS = (
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEND:VCARD\r\n"
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Park\r\nEND:VCARD\r\n"
)
LINKEDIN = (
    b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    b"Ann,Lee,,,Acme,,22 Dec 2025\n"
    b"Bo,Park,,,Globex,,22 Dec 2025\n"
)
GOOGLE = b'First Name,Last Name,Labels\nAnn,Lee,\n"Bo\nBo",Park,\n'
OURS = b'name,company,uid\nAnn Lee,Acme,\n"Bo\nPark",Globex,\n'
OUTLOOK = b'First Name,Last Name,E-mail Address,Business Phone\nAnn,Lee,,\n"Bo\nBo",Park,,\n'
THUNDERBIRD = b'First Name,Last Name,Display Name,Primary Email\nAnn,Lee,,\n"Bo\nBo",Park,,\n'
GENERIC = b'Name,Email\nAnn Lee,\n"Bo\nPark",\n'
IMPORTED = b'First Name,Last Name,Emails,Phone Numbers\nAnn,Lee,,\n"Bo\nBo",Park,,\n'


@pytest.mark.parametrize(
    ("module", "helper", "data", "line"),
    [
        (notebook.formats.vcard, "_person", VCARDS, 5),  # where the card begins
        (notebook.formats.vcard, "_parse_property", VCARDS, 7),
        (notebook.formats.linkedin, "quick_clean", LINKEDIN, 3),
        (notebook.formats.google_csv, "_person", GOOGLE, 3),  # a row over two lines
        (notebook.formats.csvfile._Layout, "person", OURS, 3),
        (notebook.formats.outlook._Layout, "person", OUTLOOK, 3),
        (notebook.formats.thunderbird._Layout, "person", THUNDERBIRD, 3),
        (notebook.formats.generic._Layout, "person", GENERIC, 3),
        (notebook.formats.linkedin._Imported, "person", IMPORTED, 3),
    ],
)
def test_an_unforeseen_error_names_the_line_of_the_record(
    module: object, helper: str, data: bytes, line: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    original: Callable[..., object] = getattr(module, helper)

    def second_record_fails(*args: object, **kwargs: object) -> object:
        if "Bo" in repr(args):
            raise KeyError("oops")
        return original(*args, **kwargs)

    monkeypatch.setattr(module, helper, second_record_fails)
    with pytest.raises(FormatError) as raised:
        read_people(data, "contacts")
    assert str(raised.value) == f"contacts, line {line}: could not be read: KeyError: 'oops'"
    assert isinstance(raised.value.__cause__, KeyError)


def test_an_unforeseen_error_outside_any_record_names_the_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(text: str, source: str, whole: bool) -> str | None:
        raise RuntimeError("sniffing\nfailed")

    monkeypatch.setattr(notebook.formats, "_csv_kind", broken)
    with pytest.raises(FormatError) as raised:
        detect_format(b"a,b\n1,2\n", "sheet.csv")
    assert str(raised.value) == "sheet.csv: could not be read: RuntimeError: sniffing failed"


def test_a_record_from_doc_cannot_take_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(cls: type[Person], doc_id: int, doc: object) -> Person:
        raise ValueError("no\nway")

    monkeypatch.setattr(Person, "from_doc", classmethod(broken))
    data = orjson.dumps({"format": "notebook", "schema": 1, "people": [{"id": 7, "name": "A"}]})
    with pytest.raises(FormatError) as raised:
        load_notebook(data, "backup.json")
    assert str(raised.value) == "backup.json: person 7: ValueError: no way"
