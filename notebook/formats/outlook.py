"""Outlook's contacts CSV, as Outlook (desktop and outlook.com) exports it and imports it.

Outlook's layouts differ in order and in which columns they have (the desktop export starts
with "Title", outlook.com with "First Name", Google's "Outlook CSV" with its own order), but
share the column names, so columns are found by name:

    First Name, Middle Name, Last Name, Title (Mr., Dr.), Suffix, Nickname,
    E-mail Address, E-mail 2 Address, E-mail 3 Address, Home Phone, Business Phone,
    Mobile Phone, ..., Job Title, Department, Company, Business Street, Business City, ...,
    Web Page, Notes, Categories (separated by ";")

The layout holds three e-mails a person, and no field for the day we connected, how we met,
past companies or the permanent id; see left_out().
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..records import Person, clean_text
from ._fields import (
    clean_emails,
    clean_tags,
    free_form_location,
    linkedin_profile,
    provenance,
    short_location,
)
from ._table import (
    Table,
    cell,
    header_key,
    is_placeholder,
    location_parts,
    name_as_written,
    name_columns,
    real_name,
    write_rows,
)
from ._text import read_csv
from .errors import Contacts, Skip, guarded, people_of_rows

__all__ = ["is_outlook_header", "left_out", "read_outlook_csv", "write_outlook_csv"]

_EMAILS = ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address")
# Where a person's phone numbers go, in order, and where the reader looks first: the first is
# the mobile (what one calls a contact on), then work and home. Faxes and the assistant's
# phone are not the person's numbers.
_PHONES = (
    "Mobile Phone",
    "Business Phone",
    "Home Phone",
    "Business Phone 2",
    "Home Phone 2",
    "Other Phone",
    "Primary Phone",
    "Car Phone",
    "Company Main Phone",
    "Callback",
    "Radio Phone",
    "Pager",
)
_MORE_PHONES = ("ISDN", "TTY/TDD Phone", "Telex")
_ADDRESSES = ("Business", "Home", "Other")
# Columns no other layout has: two of them, beside a name or an e-mail column, make a header
# Outlook's.
_OUTLOOK_ONLY = frozenset(
    header_key(name)
    for name in (
        *_EMAILS,
        "E-mail Display Name",
        "E-mail Type",
        "Business Phone",
        "Business Phone 2",
        "Business Fax",
        "Business Street",
        "Business City",
        "Business Postal Code",
        "Business Country/Region",
        "Home Street",
        "Home Country/Region",
        "Company Main Phone",
        "Assistant's Phone",
        "Primary Phone",
        "Car Phone",
        "Given Yomi",
        "Surname Yomi",
        "Categories",
    )
)
_CATEGORY_SEPARATORS = re.compile(r"[;,]")
# What Outlook's desktop export writes in every row for "not set".
_DEFAULTS = {
    "birthday": frozenset({"0/0/00"}),
    "anniversary": frozenset({"0/0/00"}),
    "gender": frozenset({"Unspecified"}),
    "priority": frozenset({"Normal"}),
    "sensitivity": frozenset({"Normal"}),
    "private": frozenset({"False"}),
}

# outlook.com's export layout, with the desktop export's Categories after it.
_HEADER = (
    "First Name",
    "Middle Name",
    "Last Name",
    "Title",
    "Suffix",
    "Nickname",
    "Given Yomi",
    "Surname Yomi",
    *_EMAILS,
    "Home Phone",
    "Home Phone 2",
    "Business Phone",
    "Business Phone 2",
    "Mobile Phone",
    "Car Phone",
    "Other Phone",
    "Primary Phone",
    "Pager",
    "Business Fax",
    "Home Fax",
    "Other Fax",
    "Company Main Phone",
    "Callback",
    "Radio Phone",
    "Telex",
    "TTY/TDD Phone",
    "IMAddress",
    "Job Title",
    "Department",
    "Company",
    "Office Location",
    "Manager's Name",
    "Assistant's Name",
    "Assistant's Phone",
    "Company Yomi",
    "Business Street",
    "Business City",
    "Business State",
    "Business Postal Code",
    "Business Country/Region",
    "Home Street",
    "Home City",
    "Home State",
    "Home Postal Code",
    "Home Country/Region",
    "Other Street",
    "Other City",
    "Other State",
    "Other Postal Code",
    "Other Country/Region",
    "Personal Web Page",
    "Spouse",
    "Schools",
    "Hobby",
    "Location",
    "Web Page",
    "Birthday",
    "Anniversary",
    "Notes",
    "Categories",
)
# Not Outlook's: the name as written, in the files whose names the name columns cannot give back
# ("Smith, John"), for this module's reader. Outlook's import leaves a column it does not know.
_AS_WRITTEN = "Notebook Name"


def is_outlook_header(cells: list[str]) -> bool:
    """True for the header row of an Outlook contacts CSV (any of its layouts)."""
    keys = {header_key(cell) for cell in cells}
    named = bool(keys & {"first name", "last name", "e-mail address"})
    return named and len(keys & _OUTLOOK_ONLY) >= 2


class _Layout:
    def __init__(self, header: list[str]) -> None:
        table = self.table = Table(header)
        self.name = table.columns("title", "first name", "middle name", "last name", "suffix")
        self.nickname = table.column("nickname")
        self.as_written = table.column(header_key(_AS_WRITTEN))
        # Each address with its type ("SMTP", "EX") and display name ("Dana (dana@x.com)"),
        # which say nothing more once the address is kept.
        self.emails = [
            (
                table.column(header_key(name)),
                table.columns(f"{prefix} type", f"{prefix} display name"),
            )
            for name, prefix in zip(_EMAILS, ("e-mail", "e-mail 2", "e-mail 3"), strict=True)
        ]
        self.phones = table.columns(*(header_key(name) for name in (*_PHONES, *_MORE_PHONES)))
        self.company = table.column("company")
        self.title = table.column("job title")
        self.addresses = [
            (
                [
                    table.column(f"{kind} city"),
                    table.column(f"{kind} state"),
                    table.column(f"{kind} country/region", f"{kind} country"),
                ],
                table.column(f"{kind} address"),  # the whole address (Google's "Outlook CSV")
                table.columns(
                    *(f"{kind} street{n}" for n in ("", " 2", " 3")),
                    f"{kind} postal code",
                    f"{kind} address po box",
                ),
            )
            for kind in ("business", "home", "other")
        ]
        self.location = table.column("location")
        self.web_pages = table.columns("web page", "personal web page")
        self.notes = table.column("notes")
        self.categories = table.column("categories")
        self.defaults = {n: _DEFAULTS[key] for n, key in enumerate(table.keys) if key in _DEFAULTS}

    def person(self, row: list[str], source: str) -> Person | Skip | None:
        table = self.table
        if self._blank(row) or table.is_header_again(row):
            return None
        emails = clean_emails(self._email(row, n, more) for n, more in self.emails)
        phones = [phone for n in self.phones if (phone := clean_text(table.take(row, n)))]
        company = clean_text(table.take(row, self.company))
        written = clean_text(" ".join(cell(row, n) for n in self.name))
        name = real_name(*(table.take(row, n) for n in self.name))
        if name_as_written(kept := clean_text(cell(row, self.as_written)), name):
            name = kept  # "Smith, John", which the columns hold as John and Smith
            table.take(row, self.as_written)
        if not name:
            nickname = clean_text(table.take(row, self.nickname))
            name = nickname if not is_placeholder(nickname) else ""
        name = name or company or (emails[0] if emails else "") or (phones[0] if phones else "")
        if not name:
            return Skip(f'"{written}" is not a name' if written else "no name")
        return Person(
            name=name,
            company=company,
            title=table.take(row, self.title),
            emails=tuple(emails),
            phones=tuple(phones),
            location=self._location(row),
            tags=tuple(clean_tags(_CATEGORY_SEPARATORS.split(table.take(row, self.categories)))),
            linkedin_url=self._linkedin_url(row),
            notes=clean_text(table.take(row, self.notes), multiline=True),
            source=provenance("outlook", source),
        ).validated()

    def _blank(self, row: list[str]) -> bool:
        """True for a row holding nothing but Outlook's "not set" values."""
        return not any(
            value.strip() and value.strip() not in self.defaults.get(n, ())
            for n, value in enumerate(row)
        )

    def _email(self, row: list[str], column: int | None, more: list[int]) -> str:
        address = self.table.take(row, column)
        if address.strip():
            for n in more:
                self.table.take(row, n)
        return address

    def _location(self, row: list[str]) -> str:
        for parts, whole, rest in self.addresses:
            location = short_location(*(cell(row, n) for n in parts)) or free_form_location(
                cell(row, whole)
            )
            if location:
                # The address made the location: none of it is left unread.
                for n in (*parts, whole, *rest):
                    self.table.take(row, n)
                return location
        return clean_text(self.table.take(row, self.location))

    def _linkedin_url(self, row: list[str]) -> str:
        for n in self.web_pages:
            url = clean_text(cell(row, n))
            if "linkedin.com/" in url.lower():
                self.table.take(row, n)
                return linkedin_profile(url) or url
        return ""


@guarded
def read_outlook_csv(data: bytes, source: str = "") -> Contacts:
    """Every contact in an Outlook contacts CSV. Columns whose values it did not keep (a
    birthday, a street) are named in the result's notes.

    `source` is the file's name, used in error messages and as provenance ("outlook:x.csv").
    """
    header, rows = read_csv(
        data,
        source,
        is_outlook_header,
        "no Outlook contacts header (expected First Name, ..., E-mail Address, ... columns)",
    )
    layout = _Layout(header)
    contacts = people_of_rows(rows, source, lambda row: layout.person(row, source))
    contacts.notes.extend(layout.table.unused_note(rows, every=False, defaults=_DEFAULTS))
    return contacts


def write_outlook_csv(people: Iterable[Person]) -> str:
    """The people in Outlook's contacts CSV layout (outlook.com's columns, and Categories), for
    Outlook's and outlook.com's import (RFC 4180 text).

    The name is split into its parts (see name_parts: "Smith, John" is first name John, last
    name Smith, and "Dr." a title), and when those do not give it back as written, the file
    gets a column that keeps it whole; phones fill the columns in the order of _PHONES; the
    location goes into the business address (see location_parts).
    """
    people = list(people)
    header: tuple[str, ...] = _HEADER
    if any(name_columns(person.name)[1] for person in people):
        header = (*_HEADER, _AS_WRITTEN)
    rows = []
    for person in people:
        values = dict.fromkeys(header, "")
        parts, written = name_columns(person.name)
        values["Title"], values["First Name"] = parts.prefix, parts.given
        values["Middle Name"], values["Last Name"] = parts.additional, parts.family
        values["Suffix"] = parts.suffix
        if written:
            values[_AS_WRITTEN] = written
        values.update(zip(_EMAILS, person.emails, strict=False))
        values.update(zip(_PHONES, person.phones, strict=False))
        if person.location:
            city, region, country = location_parts(person.location)
            values["Business City"] = city
            values["Business State"] = region
            values["Business Country/Region"] = country
        values["Company"] = person.company
        values["Job Title"] = person.title
        values["Web Page"] = person.linkedin_url
        values["Notes"] = person.notes
        values["Categories"] = ";".join(person.tags)
        rows.append(list(values.values()))
    return write_rows(header, rows)


def left_out(people: Iterable[Person]) -> list[str]:
    """One line for each person with more e-mails or phone numbers than the layout has columns
    for, naming what write_outlook_csv() leaves out."""
    lines = []
    for person in people:
        extra = [*person.emails[len(_EMAILS) :], *person.phones[len(_PHONES) :]]
        if extra:
            lines.append(f"{person.name}: {', '.join(extra)} left out (no more columns)")
    return lines
