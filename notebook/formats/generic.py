"""Any other CSV of people, such as a sheet with `Name,Email,Phone Number`: the columns whose
headers say what they hold are read, and the import summary names every other column.

Recognised headers (any case; "e-mail" and "email" alike; "_" and "-" as spaces):

    name, full name, display name, contact name   first/given name, middle name, last/family
    name, surname   email, e-mail address, work email, ...   phone, mobile, telephone, cell,
    phone number, ...   company, organization, employer   title, job title, position, role
    notes, comments   location, city, state/region, country, address   linkedin, linkedin
    url, ...   tags, labels, groups, categories   connected on   how met
"""

from __future__ import annotations

import re

from ..records import Person, clean_text
from ._fields import (
    clean_emails,
    clean_tags,
    free_form_location,
    linkedin_profile,
    provenance,
    short_location,
)
from ._table import Dates, Table, cell, header_key, is_placeholder, real_name, split_phones
from ._text import read_csv
from .errors import Contacts, Skip, guarded, people_of_rows

__all__ = ["is_generic_header", "read_generic_csv"]

_FIELDS: dict[str, frozenset[str]] = {
    "name": frozenset(
        {"name", "full name", "fullname", "display name", "contact name", "contact", "person"}
    ),
    "first": frozenset({"first name", "firstname", "first", "given name", "given", "forename"}),
    "middle": frozenset({"middle name", "middle", "additional name"}),
    "last": frozenset({"last name", "lastname", "last", "surname", "family name", "family"}),
    "company": frozenset(
        "company|company name|organization|organisation|organization name|organisation name"
        "|org|employer".split("|")
    ),
    "title": frozenset(
        {"title", "job title", "jobtitle", "position", "role", "job", "occupation", "designation"}
    ),
    "notes": frozenset({"notes", "note", "comments", "comment", "remarks"}),
    "location": frozenset({"location"}),
    "city": frozenset({"city", "town"}),
    "region": frozenset({"state", "region", "province", "county"}),
    "country": frozenset({"country", "country region"}),
    "address": frozenset({"address", "postal address", "home address", "work address"}),
    "tags": frozenset({"tags", "tag", "labels", "label", "groups", "group", "categories"}),
    "connected": frozenset({"connected on", "connected", "connection date", "date connected"}),
    "how met": frozenset({"how met", "how we met"}),
}
_EMAIL_WORDS = frozenset({"email", "emails", "mail"})
_PHONE_WORDS = frozenset(
    {"phone", "phones", "mobile", "telephone", "tel", "cell", "cellphone", "mobilephone"}
)
# Words that make a column about an address or number, not the address or number itself.
_NOT_VALUE_WORDS = frozenset({"type", "label", "display", "fax", "extension", "ext"})
_LIST_SEPARATORS = re.compile(r"[;,\n]")
_EMAIL_SEPARATORS = re.compile(r"[;,\s]+")


def _key(cell: str) -> str:
    key = header_key(cell).replace("e-mail", "email").replace("-", " ").replace("/", " ")
    return " ".join(re.sub(r"[^\w ]", "", key).split())


def _field(key: str) -> str | None:
    """What a column holds, from its header, or None when the header does not say."""
    for field, names in _FIELDS.items():
        if key in names:
            return field
    words = set(key.split())
    if words & _NOT_VALUE_WORDS:
        return None
    if words & _EMAIL_WORDS:
        return "email"
    if words & _PHONE_WORDS:
        return "phone"
    if "linkedin" in words or key.startswith("linkedin"):
        return "linkedin"
    return None


def is_generic_header(cells: list[str]) -> bool:
    """True for a header with a column for a name or an e-mail: enough to make people."""
    fields = {_field(_key(cell)) for cell in cells}
    return bool(fields & {"name", "first", "last", "email"})


class _Layout:
    def __init__(self, header: list[str]) -> None:
        self.table = Table(header)
        self.fields: dict[str, list[int]] = {}
        for n, value in enumerate(header):
            field = _field(_key(value))
            if field:
                self.fields.setdefault(field, []).append(n)
                self.table.know([n])

        connected = self.columns("connected")
        self.dates = Dates(header[connected[0]] if connected else "")

    def columns(self, field: str) -> list[int]:
        return self.fields.get(field, [])

    def first(self, row: list[str], field: str) -> str:
        return self.table.take_first(row, self.columns(field))

    def every(self, row: list[str], field: str) -> list[str]:
        return [self.table.take(row, n) for n in self.columns(field)]

    def _name(self, row: list[str]) -> tuple[str, str]:
        """(the name, as written when it is no name)."""
        table = self.table
        whole = clean_text(self.first(row, "name"))
        parts = real_name(
            *(table.take_first(row, self.columns(part)) for part in ("first", "middle", "last"))
        )
        if whole and not is_placeholder(whole):
            return whole, whole
        written = whole or clean_text(
            " ".join(cell(row, n) for part in ("first", "last") for n in self.columns(part))
        )
        return parts, written

    def _location(self, row: list[str]) -> str:
        location = clean_text(self.first(row, "location"))
        if location:
            return location
        location = short_location(
            self.first(row, "city"), self.first(row, "region"), self.first(row, "country")
        )
        return location or free_form_location(self.first(row, "address"))

    def person(self, row: list[str], source: str) -> Person | Skip | None:
        if not any(value.strip() for value in row) or self.table.is_header_again(row):
            return None
        emails = clean_emails(
            value for text in self.every(row, "email") for value in _EMAIL_SEPARATORS.split(text)
        )
        name, written = self._name(row)
        name = name or (emails[0] if emails else "")
        if not name:
            return Skip(f'"{written}" is not a name' if written else "no name")
        links = (clean_text(value) for value in self.every(row, "linkedin"))
        return Person(
            name=name,
            company=self.first(row, "company"),
            title=self.first(row, "title"),
            emails=tuple(emails),
            phones=tuple(p for text in self.every(row, "phone") for p in split_phones(text)),
            location=self._location(row),
            tags=tuple(
                clean_tags(
                    t for text in self.every(row, "tags") for t in _LIST_SEPARATORS.split(text)
                )
            ),
            linkedin_url=next((linkedin_profile(url) or url for url in links if url), ""),
            connected_on=self.dates.read(self.first(row, "connected")),
            how_met=clean_text(self.first(row, "how met"), multiline=True),
            notes="\n\n".join(
                note
                for text in self.every(row, "notes")
                if (note := clean_text(text, multiline=True))
            ),
            source=provenance("csv", source),
        ).validated()


@guarded
def read_generic_csv(data: bytes, source: str = "") -> Contacts:
    """People from a CSV whose layout is known only from its header (see the module's list).
    Every column it does not read is named in the result's notes ("columns not used: ...").

    `source` is the file's name, used in error messages and as provenance ("csv:sheet.csv").
    """
    header, rows = read_csv(
        data,
        source,
        is_generic_header,
        "no column for a name or an e-mail (expected Name, First Name, Email, ...)",
    )
    layout = _Layout(header)
    layout.dates.learn(cell(row, n) for _, row in rows for n in layout.columns("connected"))
    contacts = people_of_rows(rows, source, lambda row: layout.person(row, source))
    contacts.notes.extend(layout.table.unused_note(rows, every=True))
    contacts.notes.extend(layout.dates.note())
    return contacts
