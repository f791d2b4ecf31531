"""The notebook's own plain CSV: one row per person, readable in any spreadsheet and back here.

Lists take one column per value (`email 1`, `email 2`, ...; `phone 1`, ...; `tag 1`, ...;
`past company 1`, ...), as many as the person with the most needs, so no value is ever split
on a separator it may itself hold (`+1-418-656-9254;ext=102`). Older exports joined each list
into one column (`emails`, `phones`, `tags`, `past_companies`, with "; "); those still read.

Values are written as they are. For a file meant to be opened in a spreadsheet
(`for_spreadsheet`), every cell that a spreadsheet would compute (starting with =, +, -, @, a
tab or a carriage return; "+1-555-0100" too) gets a leading apostrophe, which is how
spreadsheets mark literal text. The reader takes one such apostrophe off, so a value that
itself starts with an apostrophe before one of those characters is written with a second one
either way, and every value reads back as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..records import Person, clean_text
from ._fields import clean_emails, provenance
from ._table import (
    PHONE_PARAMETER,
    Dates,
    Table,
    cell,
    header_key,
    is_placeholder,
    write_rows,
)
from ._text import read_csv
from .errors import Contacts, Skip, guarded, people_of_rows

__all__ = ["is_people_csv_header", "read_people_csv", "write_people_csv"]

# Each list field: the name of its numbered columns, and of the joined column older exports had.
_LISTS: dict[str, tuple[str, str]] = {
    "emails": ("email", "emails"),
    "phones": ("phone", "phones"),
    "tags": ("tag", "tags"),
    "past_companies": ("past company", "past_companies"),
}
# Column order; a list field stands for its numbered columns.
_ORDER = (
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
    "cadence_days",
    "snoozed_until",
    "archived",
    "uid",
)
_SINGLE = tuple(field for field in _ORDER if field not in _LISTS)
# Columns only this module writes, spelt as it writes them: any of them beside "name" makes a
# header ours. (A hand-made "Connected On" is for the generic reader, which names the columns
# it does not know.)
_OURS = frozenset(
    {"linkedin_url", "connected_on", "how_met", "past_companies", "uid", "cadence_days"}
)
# How `archived` is written, and the words read as yes (a spreadsheet's TRUE too).
_YES = "yes"
_YES_WORDS = frozenset({"yes", "y", "true", "1", "x"})
_NUMBERED = re.compile(r"^(email|phone|tag|past company) ([1-9][0-9]{0,3})$")
# Headers people type by hand in a spreadsheet, for the same columns (as header_key() gives
# them; a list's joined column is its plural).
_ALIASES = {
    "emails": ("email", "e-mail"),
    "phones": ("phone",),
    "tags": ("tag",),
    "linkedin url": ("linkedin",),
    "notes": ("note",),
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def is_people_csv_header(cells: list[str]) -> bool:
    """True for a header row this module writes, in this layout or the older one."""
    written = {cell.strip().lstrip("\ufeff").lower() for cell in cells}
    return "name" in written and bool(written & _OURS)


def _needs_guard(value: str) -> bool:
    # Every such value, phone numbers too: a spreadsheet computes "+1-555-0100" as a sum.
    return value.lstrip("'").startswith(_FORMULA_START)


def _written(value: str, for_spreadsheet: bool) -> str:
    if for_spreadsheet and _needs_guard(value):
        return f"'{value}"
    # A value the reader would take for a guarded one keeps its own apostrophe.
    return f"'{value}" if value.startswith("'") and _needs_guard(value) else value


def _unguard(value: str) -> str:
    return value[1:] if value.startswith("'") and _needs_guard(value[1:]) else value


def _values(person: Person, field: str) -> Sequence[str]:
    if field == "connected_on":
        return [person.connected_on.isoformat()] if person.connected_on else [""]
    if field == "snoozed_until":
        return [person.snoozed_until.isoformat()] if person.snoozed_until else [""]
    if field == "cadence_days":
        return [str(person.cadence_days) if person.cadence_days is not None else ""]
    if field == "archived":
        return [_YES if person.archived else ""]
    value: str | tuple[str, ...] = getattr(person, field)
    return value if isinstance(value, tuple) else [value]


def write_people_csv(people: Iterable[Person], *, for_spreadsheet: bool = False) -> str:
    """The people as CSV text with a header row (RFC 4180: CRLF, quotes doubled)."""
    people = list(people)
    widths = {
        field: max([1, *(len(getattr(person, field)) for person in people)]) for field in _LISTS
    }
    header: list[str] = []
    for field in _ORDER:
        if field in _LISTS:
            header.extend(f"{_LISTS[field][0]} {n}" for n in range(1, widths[field] + 1))
        else:
            header.append(field)
    rows = []
    for person in people:
        row: list[str] = []
        for field in _ORDER:
            values = list(_values(person, field))
            if field in _LISTS:
                values += [""] * (widths[field] - len(values))
            row.extend(_written(value, for_spreadsheet) for value in values)
        rows.append(row)
    return write_rows(header, rows)


def _split_list(cell: str, *, phones: bool = False) -> list[str]:
    """A joined list of an older export. Phone parameters after ";" stay with their number."""
    values: list[str] = []
    for piece in (value.strip() for value in cell.split(";")):
        if phones and values and PHONE_PARAMETER.match(piece):
            values[-1] = f"{values[-1]};{piece}"
        elif piece:
            values.append(piece)
    return values


class _Layout:
    def __init__(self, header: list[str]) -> None:
        self.table = Table(header)
        self.single = {field: self._column(field) for field in _SINGLE}
        numbered: dict[str, list[tuple[int, int]]] = {field: [] for field in _LISTS}
        by_name = {name: field for field, (name, _) in _LISTS.items()}
        for n, key in enumerate(self.table.keys):
            if match := _NUMBERED.match(key):
                numbered[by_name[match.group(1)]].append((int(match.group(2)), n))
        self.numbered = {
            field: self.table.know(n for _, n in sorted(found)) for field, found in numbered.items()
        }
        self.joined = {field: self._column(_LISTS[field][1]) for field in _LISTS}
        connected = self.single["connected_on"]
        self.dates = Dates(header[connected] if connected is not None else "")

    def _column(self, name: str) -> int | None:
        key = header_key(name)
        return self.table.column(key, *_ALIASES.get(key, ()))

    def values(self, row: list[str], field: str) -> list[str]:
        found = [_unguard(self.table.take(row, n)) for n in self.numbered[field]]
        if field == "emails":
            # Kept as written, by the rule Person itself checks, so that every address the
            # notebook holds reads back as it was; a joined or hand-typed list is cleaned.
            found = [e for e in map(clean_text, found) if "@" in e and " " not in e]
        joined = _unguard(self.table.take(row, self.joined[field]))
        if joined.strip():
            values = _split_list(joined, phones=field == "phones")
            found += clean_emails(values) if field == "emails" else values
        return [value for value in found if value.strip()]

    def person(self, row: list[str], source: str) -> Person | Skip | None:
        if not any(value.strip() for value in row) or self.table.is_header_again(row):
            return None
        cells = {field: _unguard(self.table.take(row, n)) for field, n in self.single.items()}
        name = clean_text(cells["name"])
        # A row with a uid is someone a notebook held, named as they were: "Unknown" is
        # their name there (a placeholder in other files), and the export reads back whole.
        if not name or (is_placeholder(name) and not cells["uid"].strip()):
            return Skip(f'"{name}" is not a name' if name else "no name")
        snoozed = cells["snoozed_until"].strip()
        return Person(
            name=name,
            company=cells["company"],
            title=cells["title"],
            emails=tuple(self.values(row, "emails")),
            phones=tuple(self.values(row, "phones")),
            location=cells["location"],
            tags=tuple(self.values(row, "tags")),
            linkedin_url=cells["linkedin_url"],
            connected_on=self.dates.read(cells["connected_on"]),
            how_met=cells["how_met"],
            past_companies=tuple(self.values(row, "past_companies")),
            notes=cells["notes"],
            # Checked by validated(), which names the field of a value that isn't one.
            cadence_days=cells["cadence_days"].strip() or None,  # type: ignore[arg-type]
            snoozed_until=snoozed or None,  # type: ignore[arg-type]
            archived=cells["archived"].strip().lower() in _YES_WORDS,
            uid=clean_text(cells["uid"]),
            source=provenance("csv", source),
        ).validated()


@guarded
def read_people_csv(data: bytes, source: str = "") -> Contacts:
    """People from a CSV with our columns, in this layout or the older one. Columns of other
    names are named in the result's notes.

    `source` is the file's name, used in error messages and as provenance ("csv:people.csv").
    """
    header, rows = read_csv(
        data, source, _has_name_column, "no notebook CSV header (expected name, company, ...)"
    )
    layout = _Layout(header)
    layout.dates.learn(cell(row, layout.single["connected_on"]) for _, row in rows)
    contacts = people_of_rows(rows, source, lambda row: layout.person(row, source))
    contacts.notes.extend(layout.table.unused_note(rows, every=False))
    contacts.notes.extend(layout.dates.note())
    return contacts


def _has_name_column(cells: list[str]) -> bool:
    # A forced `--format csv` reads any header with a name column; detection is stricter
    # (is_people_csv_header), so that a hand-made sheet goes to the generic reader instead.
    return "name" in {header_key(cell) for cell in cells}
