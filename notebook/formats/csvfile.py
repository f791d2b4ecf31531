"""The notebook's own plain CSV: one row per person, readable in any spreadsheet and back here.

Lists (e-mails, phones, tags, past companies) are joined with "; ". A cell that a spreadsheet
would run as a formula (starting with =, +, -, @) gets a leading apostrophe, which is how
spreadsheets mark literal text; the reader takes it off again, so the round trip is exact.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from ..records import Person, clean_text
from ._fields import clean_emails, parse_date, provenance
from ._text import read_csv
from .errors import guarded, people_of_rows

__all__ = ["COLUMNS", "is_people_csv_header", "read_people_csv", "write_people_csv"]

COLUMNS: tuple[str, ...] = (
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
)
_LIST_COLUMNS = frozenset({"emails", "phones", "tags", "past_companies"})
_LIST_SEPARATOR = "; "
# Headers people type by hand in a spreadsheet, for the same columns.
_ALIASES = {
    "email": "emails",
    "e-mail": "emails",
    "phone": "phones",
    "tag": "tags",
    "linkedin": "linkedin_url",
    "connected on": "connected_on",
    "how met": "how_met",
    "past companies": "past_companies",
    "note": "notes",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PHONE_CHARS = frozenset("0123456789 +-().;")


def _column_name(cell: str) -> str:
    name = cell.strip().lstrip("\ufeff").lower()
    return _ALIASES.get(name, name)


def is_people_csv_header(cells: list[str]) -> bool:
    """True for a header row this module writes (or a hand-made one with the same names)."""
    names = {_column_name(cell) for cell in cells}
    return "name" in names and len(names & set(COLUMNS)) >= 2


def _needs_guard(value: str) -> bool:
    bare = value.lstrip("'")
    if not bare.startswith(_FORMULA_START):
        return False
    # "+41 44 123 45 67" (or a list of them) is a phone number that can call no function: leave
    # it readable.
    return not (bare[0] in "+-" and set(bare) <= _PHONE_CHARS)


def _guard(value: str) -> str:
    return f"'{value}" if _needs_guard(value) else value


def _unguard(value: str) -> str:
    return value[1:] if value.startswith("'") and _needs_guard(value[1:]) else value


def _cells(person: Person) -> list[str]:
    values: dict[str, str] = {
        "name": person.name,
        "company": person.company,
        "title": person.title,
        "emails": _LIST_SEPARATOR.join(person.emails),
        "phones": _LIST_SEPARATOR.join(person.phones),
        "location": person.location,
        "tags": _LIST_SEPARATOR.join(person.tags),
        "linkedin_url": person.linkedin_url,
        "connected_on": person.connected_on.isoformat() if person.connected_on else "",
        "how_met": person.how_met,
        "past_companies": _LIST_SEPARATOR.join(person.past_companies),
        "notes": person.notes,
    }
    return [_guard(values[column]) for column in COLUMNS]


def write_people_csv(people: Iterable[Person]) -> str:
    """The people as CSV text with a header row (RFC 4180: CRLF, quotes doubled)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(_cells(person) for person in people)
    return out.getvalue()


def _split_list(cell: str) -> tuple[str, ...]:
    return tuple(value.strip() for value in cell.split(";") if value.strip())


@guarded
def read_people_csv(data: bytes, source: str = "") -> list[Person]:
    """People from a CSV with our columns (see COLUMNS); unknown columns are ignored.

    `source` is the file's name, used in error messages and as provenance ("csv:people.csv").
    """
    header, rows = read_csv(
        data, source, is_people_csv_header, "no notebook CSV header (expected name, company, ...)"
    )
    columns = {_column_name(cell): index for index, cell in reversed(list(enumerate(header)))}
    return people_of_rows(rows, source, lambda row: _person(row, columns, source))


def _person(row: list[str], columns: dict[str, int], source: str) -> Person | None:
    cells = {
        column: _unguard(row[index]) if index < len(row) else ""
        for column, index in columns.items()
    }
    name = clean_text(cells.get("name", ""))
    if not name:
        return None  # a blank row
    return Person(
        name=name,
        company=cells.get("company", ""),
        title=cells.get("title", ""),
        emails=tuple(clean_emails(_split_list(cells.get("emails", "")))),
        phones=_split_list(cells.get("phones", "")),
        location=cells.get("location", ""),
        tags=_split_list(cells.get("tags", "")),
        linkedin_url=cells.get("linkedin_url", ""),
        connected_on=parse_date(cells.get("connected_on", "").strip()),
        how_met=cells.get("how_met", ""),
        past_companies=_split_list(cells.get("past_companies", "")),
        notes=cells.get("notes", ""),
        source=provenance("csv", source),
    ).validated()
