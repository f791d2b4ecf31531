"""Contact files in and out: vCard, the CSVs of LinkedIn, Google, Outlook and Thunderbird, our
own CSV, and any other CSV with recognisable column names.

Pure functions on bytes and Person records: no Textual, no TinyDB. A file that cannot be used
raises FormatError, whose message is one line fit to show the user as is.

    fmt = detect_format(data, "contacts.vcf")     # one of FORMATS
    people = read_people(data, "contacts.vcf")    # detects, then reads

A reader returns Contacts: the people, with what it skipped and why, and notes for the import
summary (columns it did not use, say).

The whole-notebook JSON file is not a contact list and is imported by the store; detect_format
recognises it ("json") so the caller can route it there, and read_people refuses it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable

from ..records import Person
from ._text import CsvRows, check_text_file, csv_layout, decode_text, to_utf8
from .csvfile import is_people_csv_header, read_people_csv, write_people_csv
from .errors import Contacts, FormatError, guarded
from .generic import is_generic_header, read_generic_csv
from .google_csv import is_google_header, read_google_csv, write_google_csv
from .linkedin import find_linkedin_header, read_linkedin_csv
from .outlook import is_outlook_header, read_outlook_csv, write_outlook_csv
from .thunderbird import is_thunderbird_header, read_thunderbird_csv
from .vcard import read_vcard_file, read_vcards, write_vcards

__all__ = [
    "FORMATS",
    "Contacts",
    "FormatError",
    "detect_format",
    "read_generic_csv",
    "read_google_csv",
    "read_linkedin_csv",
    "read_outlook_csv",
    "read_people",
    "read_people_csv",
    "read_thunderbird_csv",
    "read_vcard_file",
    "read_vcards",
    "write_google_csv",
    "write_outlook_csv",
    "write_people_csv",
    "write_vcards",
]

# "linkedin" reads both of LinkedIn's files (Connections.csv and Imported Contacts.csv);
# "csv" is the notebook's own; "generic" any CSV whose headers say what the columns hold.
FORMATS: tuple[str, ...] = (
    "vcard",
    "linkedin",
    "google",
    "outlook",
    "thunderbird",
    "csv",
    "generic",
    "json",
)

_READERS: dict[str, Callable[[bytes, str], list[Person]]] = {
    "vcard": read_vcards,
    "linkedin": read_linkedin_csv,
    "google": read_google_csv,
    "outlook": read_outlook_csv,
    "thunderbird": read_thunderbird_csv,
    "csv": read_people_csv,
    "generic": read_generic_csv,
}
# Tried in this order on a CSV's header row: the layouts that name themselves first, the guess
# from column names last. Our own before Google's and Outlook's, whose columns it never has.
_CSV_KINDS: tuple[tuple[str, Callable[[list[str]], bool]], ...] = (
    ("csv", is_people_csv_header),
    ("google", is_google_header),
    ("thunderbird", is_thunderbird_header),
    ("outlook", is_outlook_header),
    ("generic", is_generic_header),
)
# On a line of its own, whatever ends the line (CR alone, CR CR LF).
_VCARD = re.compile(
    rb"(?:\A|[\r\n])[ \t]*begin[ \t]*:[ \t]*vcard[ \t]*(?:[\r\n]|\Z)", re.IGNORECASE
)
_SNIFF_BYTES = 64 * 1024
_HEADER_ROWS = 30


def _csv_kind(text: str, source: str, whole: bool) -> str | None:
    """Which CSV this is, from its header row (LinkedIn's sits below a preamble). `whole` says
    whether `text` is the whole file: only then does a quote still open at its end show a
    quoted value that is never closed (FormatError), which would swallow the header."""
    body, delimiter, before = csv_layout(text)
    rows: list[list[str]] = []
    try:
        for _, row in CsvRows(body, delimiter, source, before, whole=whole):
            rows.append(row)
            if len(rows) >= _HEADER_ROWS:
                break
    except csv.Error:
        return None
    if find_linkedin_header(rows) is not None:
        return "linkedin"
    header = next((row for row in rows if any(cell.strip() for cell in row)), [])
    return next((kind for kind, is_header in _CSV_KINDS if is_header(header)), None)


@guarded
def detect_format(data: bytes, filename: str = "") -> str:
    """One of FORMATS, decided by the content; the file name only breaks a tie.

    Raises FormatError for an empty or binary file, and for text that is none of the formats.
    """
    check_text_file(data, filename)
    head = to_utf8(data[:_SNIFF_BYTES])
    if _VCARD.search(head):
        return "vcard"
    # Cut at a line break so a multi-byte character is not split at the sniff limit; a first
    # line longer than the sniff (minified JSON) is taken whole, as cutting it would leave nothing.
    cut = head.rfind(b"\n") + 1 if len(data) > _SNIFF_BYTES else 0
    text = decode_text(head[:cut] if cut else head)
    stripped = text.lstrip()
    if stripped[:1] in ("{", "["):
        return "json"
    kind = _csv_kind(text, filename, whole=not cut)
    if kind:
        return kind
    suffix = filename.lower().rpartition(".")[2] if "." in filename else ""
    if suffix in ("vcf", "vcard"):
        return "vcard"  # the vCard reader then says precisely what is wrong with it
    if suffix in ("csv", "tsv") or any(c in stripped.partition("\n")[0] for c in ",;\t"):
        raise FormatError(
            filename,
            "no known header (expected columns such as Name or Email, or a LinkedIn, Google, "
            "Outlook, Thunderbird or notebook export)",
        )
    raise FormatError(filename, "not a contact file (expected vCard, CSV or a notebook JSON)")


def read_people(data: bytes, filename: str, fmt: str | None = None) -> list[Person]:
    """The people in a contact file, in the given format or the detected one.

    `filename` names the file in error messages and in each person's provenance. For "json"
    (a whole notebook) this raises FormatError: that import belongs to the store.
    """
    fmt = fmt or detect_format(data, filename)
    if fmt == "json":
        raise FormatError(
            filename, "a notebook JSON file, not a contact list: import it as a notebook"
        )
    read = _READERS.get(fmt)
    if read is None:
        raise ValueError(f"unknown contact format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return read(data, filename)
