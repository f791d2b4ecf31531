"""Google Contacts CSV exports, current (2023+) and legacy ("Google CSV") layouts.

Both are read by header name, never by position: Google adds numbered column groups
("E-mail 3 - Value") as the address book needs them, and the order differs between layouts.

    current: First Name, Middle Name, Last Name, ..., Organization Name, Organization Title,
             Labels, E-mail 1 - Label, E-mail 1 - Value, Phone 1 - Label, Phone 1 - Value, ...
    legacy:  Name, Given Name, Additional Name, Family Name, ..., Group Membership,
             E-mail 1 - Type, E-mail 1 - Value, ..., Organization 1 - Name, Organization 1 - Title

A cell may hold several values separated by " ::: "; a label starting with "* " marks the
primary value (and, in Labels/Group Membership, a system group).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..records import Person, clean_text
from ._fields import (
    clean_emails,
    clean_tags,
    free_form_location,
    join_name,
    linkedin_profile,
    provenance,
    short_location,
)
from ._text import read_csv
from .errors import guarded, people_of_rows

__all__ = ["is_google_header", "read_google_csv"]

_NUMBERED = re.compile(r"^(.+?) (\d+) - (.+)$")
_SEPARATOR = ":::"


def _names(cells: Iterable[str]) -> set[str]:
    return {cell.strip().lstrip("\ufeff").lower() for cell in cells}


def is_google_header(cells: list[str]) -> bool:
    """True for the header row of either Google Contacts layout."""
    names = _names(cells)
    if "group membership" in names or {"given name", "family name"} <= names:
        return True
    return "first name" in names and bool(
        names & {"labels", "organization name", "file as", "e-mail 1 - value", "phone 1 - value"}
    )


def _split(cell: str) -> list[str]:
    return [value.strip() for value in cell.split(_SEPARATOR)] if _SEPARATOR in cell else [cell]


class _Layout:
    """Where each field is in this file's header."""

    def __init__(self, header: list[str]) -> None:
        self.columns: dict[str, int] = {}
        # kind ("e-mail") -> number -> field ("value", "type", "label", "city", ...) -> column
        self.groups: dict[str, dict[int, dict[str, int]]] = {}
        for index, cell in enumerate(header):
            name = cell.strip().lstrip("\ufeff").lower()
            self.columns.setdefault(name, index)
            match = _NUMBERED.match(name)
            if match:
                kind, number, part = match.group(1), int(match.group(2)), match.group(3)
                self.groups.setdefault(kind, {}).setdefault(number, {}).setdefault(part, index)

    def cell(self, row: list[str], *names: str) -> str:
        """The first non-empty cell among the named columns."""
        for name in names:
            index = self.columns.get(name)
            if index is not None and index < len(row) and row[index].strip():
                return row[index]
        return ""

    def entries(self, row: list[str], kind: str) -> list[dict[str, str]]:
        """The numbered groups of one kind that have content, primary ("* Work") first."""
        entries: list[dict[str, str]] = []
        for _, parts in sorted(self.groups.get(kind, {}).items()):
            entry = {part: row[i] for part, i in parts.items() if i < len(row) and row[i].strip()}
            if entry:
                entries.append(entry)
        return sorted(entries, key=lambda e: not e.get("type", e.get("label", "")).startswith("*"))

    def values(self, row: list[str], kind: str) -> list[str]:
        return [
            value
            for entry in self.entries(row, kind)
            for value in _split(entry.get("value", ""))
            if value
        ]


def _location(layout: _Layout, row: list[str]) -> str:
    for entry in layout.entries(row, "address"):
        city, region, country = (
            _split(entry.get(part, ""))[0] for part in ("city", "region", "country")
        )
        location = short_location(city, region, country)
        if location:
            return location
        location = free_form_location(_split(entry.get("formatted", ""))[0])
        if location:
            return location
    return ""


def _person(layout: _Layout, row: list[str], source: str) -> Person | None:
    organizations = layout.entries(row, "organization")
    organization = organizations[0] if organizations else {}
    company = clean_text(
        _split(layout.cell(row, "organization name") or organization.get("name", ""))[0]
    )
    title = clean_text(
        _split(layout.cell(row, "organization title") or organization.get("title", ""))[0]
    )
    emails = clean_emails(layout.values(row, "e-mail"))
    phones = [phone for phone in (clean_text(v) for v in layout.values(row, "phone")) if phone]
    name = clean_text(layout.cell(row, "name")) or join_name(
        layout.cell(row, "name prefix"),
        layout.cell(row, "first name", "given name"),
        layout.cell(row, "middle name", "additional name"),
        layout.cell(row, "last name", "family name"),
        layout.cell(row, "name suffix"),
    )
    name = (
        name
        or clean_text(layout.cell(row, "nickname", "file as"))
        or company
        or (emails[0] if emails else "")
        or (phones[0] if phones else "")
    )
    if not name:
        return None  # an empty row
    websites = (linkedin_profile(url) for url in layout.values(row, "website"))
    return Person(
        name=name,
        company=company,
        title=title,
        emails=tuple(emails),
        phones=tuple(phones),
        location=_location(layout, row),
        tags=tuple(clean_tags(_split(layout.cell(row, "labels", "group membership")))),
        notes=clean_text(layout.cell(row, "notes"), multiline=True),
        linkedin_url=next((url for url in websites if url), ""),
        source=provenance("google", source),
    ).validated()


@guarded
def read_google_csv(data: bytes, source: str = "") -> list[Person]:
    """Every contact in a Google Contacts CSV export (either layout).

    `source` is the file's name, used in error messages and as provenance ("google:contacts.csv").
    """
    header, rows = read_csv(
        data,
        source,
        is_google_header,
        "no Google Contacts header (expected First Name/Given Name, ... columns)",
    )
    layout = _Layout(header)
    return people_of_rows(rows, source, lambda row: _person(layout, row, source))
