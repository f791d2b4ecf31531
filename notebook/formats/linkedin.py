"""LinkedIn's CSVs from "Get a copy of your data": Connections.csv, in its current and older
layouts, and Imported Contacts.csv (the address books synced to LinkedIn).

Connections, current: a "Notes:" preamble of a few lines, then
`First Name,Last Name,URL,Email Address,Company,Position,Connected On` with dates like
`22 Dec 2025`. Older (2018): no preamble, no URL column, dates like `1/8/18, 6:14 PM` (US).
Exports made with other regional settings use other dates (`5-Jan-26`, `16.09.2021`) and may be
separated by semicolons. Columns are found by name, so either layout, or a future one that
keeps the names, reads.

Imported contacts: `First Name,Last Name,Companies,Title,Emails,Phone Numbers,Addresses,
Sites,Instant Message Handles,Full Name,Birthday,Location,Bookmarked At,Profiles` (some
exports say `Email Address`, or write the names without spaces), several values to a cell.
"""

from __future__ import annotations

import csv
import re

from ..records import Person, clean_text
from ._fields import (
    clean_emails,
    free_form_location,
    linkedin_profile,
    quick_clean,
)
from ._table import Dates, Table, cell, is_placeholder, real_name, split_phones
from ._text import CsvRows, check_text_file, csv_layout, decode_text, refuse_a_cut_last_row
from .errors import Contacts, FormatError, Skip, guarded, people_of_rows, unexpected

__all__ = ["find_linkedin_header", "read_linkedin_csv"]

# How far into the file the header may be: the preamble is a handful of lines.
_HEADER_SEARCH_ROWS = 30
_SOURCE = "linkedin"
_CONNECTIONS = frozenset({"connectedon", "position", "emailaddress"})
_IMPORTED = frozenset(
    {
        "companies",
        "emails",
        "phonenumbers",
        "addresses",
        "sites",
        "instantmessagehandles",
        "fullname",
        "bookmarkedat",
        "profiles",
        "createdat",
    }
)
_SEPARATORS = re.compile(r"[;,\s]+")


def _key(cell: str) -> str:
    # LinkedIn has written "First Name" and "FirstName": spaces say nothing.
    return "".join(cell.lstrip("\ufeff").casefold().split())


def _kind(cells: list[str]) -> str | None:
    """ "connections" or "imported" for one of LinkedIn's headers, else None."""
    keys = {_key(cell) for cell in cells}
    if not {"firstname", "lastname"} <= keys:
        return None
    if len(keys & _IMPORTED) >= 2:
        return "imported"
    return "connections" if keys & _CONNECTIONS else None


def find_linkedin_header(rows: list[list[str]]) -> int | None:
    """The index of LinkedIn's header row among the first rows of a CSV, if there is one."""
    for index, row in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        if _kind(row):
            return index
    return None


@guarded
def read_linkedin_csv(data: bytes, source: str = "") -> Contacts:
    """Every connection in a LinkedIn Connections.csv, or contact in its Imported Contacts.csv.

    `source` is the file's name, for error messages; every person's provenance is "linkedin".
    Values that are not e-mail addresses (LinkedIn sometimes writes `urn:li:member:…`) are
    dropped. Rows with no name (members who left LinkedIn) make nobody, and are listed in the
    result's `skipped` when they hold anything else.
    """
    check_text_file(data, source)
    text, delimiter, before = csv_layout(decode_text(data))
    reader = CsvRows(text, delimiter, source, before)
    rows = iter(reader)
    header: list[str] | None = None
    try:
        for _, row in rows:
            if _kind(row):
                header = row
                break
            if reader.line_num > before + _HEADER_SEARCH_ROWS:
                break
        if header is None:
            raise FormatError(
                source,
                "no LinkedIn header (expected First Name, Last Name, ..., Connected On)",
            )
        header_ends = reader.line_num
        table = list(rows)
        refuse_a_cut_last_row(header, table, text, source)
        if _kind(header) == "imported":
            return _imported(header, table, source)
        return _connections(header, table, source, header_ends)
    except csv.Error as error:
        raise FormatError(source, f"not readable as CSV ({error})", reader.line_num) from None


def _connections(
    header: list[str], table: list[tuple[int, list[str]]], source: str, start: int
) -> Contacts:
    """The people of a Connections.csv; `start` is the line the header ends on."""
    columns: dict[str, int] = {}
    for i, name in enumerate(header):
        columns.setdefault(_key(name), i)
    width = len(header)

    def column(name: str) -> int:
        # A missing column reads as the empty padding cell appended below.
        return columns.get(name, width)

    first, last, url = column("firstname"), column("lastname"), column("url")
    email, company, position = column("emailaddress"), column("company"), column("position")
    connected = column("connectedon")
    known = {first, last, url, email, company, position, connected}
    others = [i for i in range(width) if i not in known]
    unread: set[int] = set()
    dates = Dates(header[connected] if connected < width else "")
    padding = [""] * (width + 1)
    people: list[Person] = []
    skipped: list[tuple[str, str]] = []
    try:
        # The table is read whole first: how one date reads depends on the others.
        dates.learn(cell(row, connected) for _, row in table)
        for start, row in table:
            if len(row) <= width:
                row = row + padding[len(row) :]
            else:  # cells past the header: said, and kept out of the padding cell
                unread.update(i for i in range(width, len(row)) if row[i].strip())
                row = [*row[:width], ""]
            if row[first] == header[first] and row[last] == header[last]:
                continue  # the header again: two exports pasted into one file
            if others:
                unread.update(i for i in others if row[i].strip())
            name = quick_clean(f"{row[first]} {row[last]}")
            if not name or is_placeholder(name):
                if any(value.strip() for value in row):
                    why = f'"{name}" is not a name' if name else "no name"
                    skipped.append((f"line {start}", why))
                continue
            addresses = clean_emails([row[email]]) if row[email] else []
            # Every field cleaned here, as Person.validated() would: the import validates each
            # row, and a row already clean is its own validated self, not built a second time.
            people.append(
                Person(
                    name=name,
                    company=quick_clean(row[company]) if row[company] else "",
                    title=quick_clean(row[position]) if row[position] else "",
                    emails=tuple(addresses),
                    # LinkedIn's own column: always a profile, even the old /pub/ kind.
                    linkedin_url=quick_clean(row[url]) if row[url] else "",
                    connected_on=dates.read(row[connected]) if row[connected] else None,
                    source=_SOURCE,
                )
            )
    except (csv.Error, FormatError):
        raise
    except Exception as error:
        raise unexpected(source, error, start) from error
    notes = []
    if unread:
        names = ", ".join(
            (clean_text(header[i]) if i < width else "") or f"column {i + 1} (no name)"
            for i in sorted(unread)
        )
        notes.append(f"columns not used: {names}")
    return Contacts(people, skipped=skipped, notes=[*notes, *dates.note()])


class _Imported:
    def __init__(self, header: list[str]) -> None:
        table = self.table = Table(header, key=_key)
        self.first, self.last = table.column("firstname"), table.column("lastname")
        self.full = table.column("fullname")
        self.company = table.column("companies", "company")
        self.title = table.column("title", "position")
        self.emails = table.columns("emails", "emailaddress")
        self.phones = table.column("phonenumbers")
        self.location = table.column("location")
        self.addresses = table.column("addresses")
        self.sites = table.columns("profiles", "sites")

    def person(self, row: list[str]) -> Person | Skip | None:
        table = self.table
        if not any(value.strip() for value in row) or table.is_header_again(row):
            return None
        emails = clean_emails(
            value for n in self.emails for value in _SEPARATORS.split(table.take(row, n))
        )
        parts = real_name(table.take(row, self.first), table.take(row, self.last))
        full = clean_text(table.take(row, self.full))
        name = parts or (full if not is_placeholder(full) else "") or (emails[0] if emails else "")
        if not name:
            written = full or clean_text(f"{cell(row, self.first)} {cell(row, self.last)}")
            return Skip(f'"{written}" is not a name' if written else "no name")
        return Person(
            name=name,
            company=table.take(row, self.company),
            title=table.take(row, self.title),
            emails=tuple(emails),
            phones=tuple(split_phones(table.take(row, self.phones))),
            location=self._location(row),
            linkedin_url=self._linkedin_url(row),
            source=_SOURCE,
        ).validated()

    def _location(self, row: list[str]) -> str:
        location = clean_text(self.table.take(row, self.location))
        if location:
            return location
        address = self.table.take(row, self.addresses)
        return free_form_location(address) if "\n" in address.strip() else clean_text(address)

    def _linkedin_url(self, row: list[str]) -> str:
        for n in self.sites:
            for value in _SEPARATORS.split(cell(row, n)):
                if url := linkedin_profile(value):
                    self.table.take(row, n)
                    return url
        return ""


def _imported(header: list[str], rows: list[tuple[int, list[str]]], source: str) -> Contacts:
    layout = _Imported(header)
    contacts = people_of_rows(rows, source, layout.person)
    contacts.notes.extend(layout.table.unused_note(rows, every=False))
    return contacts
