"""Google Contacts CSV: both export layouts read, the current one written.

Both are read by header name, never by position: Google adds numbered column groups
("E-mail 3 - Value") as the address book needs them, and the order differs between layouts.

    current: First Name, Middle Name, Last Name, ..., Organization Name, Organization Title,
             Labels, E-mail 1 - Label, E-mail 1 - Value, Phone 1 - Label, Phone 1 - Value, ...
    legacy:  Name, Given Name, Additional Name, Family Name, ..., Group Membership,
             E-mail 1 - Type, E-mail 1 - Value, ..., Organization 1 - Name, Organization 1 - Title

A cell may hold several values separated by " ::: "; a label starting with "* " marks the
primary value (and, in Labels/Group Membership, a system group).

What the layout has no column for travels in its own labelled groups, which Google keeps: the
LinkedIn URL as a website labelled "LinkedIn", the day we connected as an event labelled
"Connected on", and how we met, past companies and the permanent id as custom fields, as is
the name as written when the name columns cannot give it back ("Smith, John").
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
    parse_date,
    provenance,
    short_location,
)
from ._table import (
    is_placeholder,
    location_parts,
    name_as_written,
    name_columns,
    real_name,
    write_rows,
)
from ._text import read_csv
from .errors import Contacts, Skip, guarded, people_of_rows

__all__ = ["is_google_header", "read_google_csv", "write_google_csv"]

_NUMBERED = re.compile(r"^(.+?) (\d+) - (.+)$")
_SEPARATOR = ":::"
_LINKEDIN_LABEL = "LinkedIn"
_CONNECTED_LABEL = "Connected on"
_HOW_MET_LABEL = "How met"
_PAST_COMPANY_LABEL = "Past company"
_UID_LABEL = "Notebook uid"
_NAME_LABEL = "Notebook name"  # the name as written, where the name columns cannot give it
_HOW_MET_LABELS = frozenset({"how met", "how we met"})


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


# An entry of a numbered group: its part ("value", "label", "city", ...) -> (column, cell).
_Entry = dict[str, tuple[int, str]]


class _Layout:
    """Where each field is in this file's header, and which columns the reader took."""

    def __init__(self, header: list[str]) -> None:
        self.header = header
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
        self.taken: set[int] = set()

    def cell(self, row: list[str], *names: str) -> str:
        """The first non-empty cell among the named columns."""
        for name in names:
            index = self.columns.get(name)
            if index is not None and index < len(row) and row[index].strip():
                self.taken.add(index)
                return row[index]
        return ""

    def entries(self, row: list[str], kind: str) -> list[_Entry]:
        """The numbered groups of one kind that have content, primary ("* Work") first."""
        entries: list[_Entry] = []
        for _, parts in sorted(self.groups.get(kind, {}).items()):
            entry = {
                part: (i, row[i]) for part, i in parts.items() if i < len(row) and row[i].strip()
            }
            if entry:
                entries.append(entry)
        return sorted(entries, key=lambda e: not _label(e).startswith("*"))

    def take(self, entry: _Entry) -> None:
        self.taken.update(i for i, _ in entry.values())

    def values(self, row: list[str], kind: str) -> list[str]:
        found: list[str] = []
        for entry in self.entries(row, kind):
            self.take(entry)
            found.extend(value for value in _split(_part(entry, "value")) if value)
        return found

    def labelled(self, row: list[str], kind: str, labels: Iterable[str]) -> list[str]:
        """The values of the entries of one kind whose label is one of these (any case)."""
        wanted = {label.casefold() for label in labels}
        found: list[str] = []
        for entry in self.entries(row, kind):
            if _label(entry).lstrip("* ").casefold() in wanted:
                self.take(entry)
                found.append(_part(entry, "value"))
        return found


def _part(entry: _Entry, part: str) -> str:
    return entry.get(part, (0, ""))[1]


def _label(entry: _Entry) -> str:
    return _part(entry, "type") or _part(entry, "label")


def _location(layout: _Layout, row: list[str]) -> str:
    for entry in layout.entries(row, "address"):
        city, region, country = (
            _split(_part(entry, part))[0] for part in ("city", "region", "country")
        )
        location = short_location(city, region, country) or free_form_location(
            _split(_part(entry, "formatted"))[0]
        )
        if location:
            layout.take(entry)  # the address made the location: none of it is left unread
            return location
    return ""


def _linkedin_url(layout: _Layout, row: list[str]) -> str:
    labelled = layout.labelled(row, "website", [_LINKEDIN_LABEL])
    if labelled and clean_text(labelled[0]):
        return clean_text(labelled[0])
    for entry in layout.entries(row, "website"):
        url = linkedin_profile(_part(entry, "value"))
        if url:
            layout.take(entry)
            return url
    return ""


def _person(layout: _Layout, row: list[str], source: str) -> Person | Skip | None:
    if not any(cell.strip() for cell in row):
        return None
    organizations = layout.entries(row, "organization")
    organization = organizations[0] if organizations else {}
    layout.take({part: organization[part] for part in ("name", "title") if part in organization})
    company = clean_text(
        _split(layout.cell(row, "organization name") or _part(organization, "name"))[0]
    )
    title = clean_text(
        _split(layout.cell(row, "organization title") or _part(organization, "title"))[0]
    )
    emails = clean_emails(layout.values(row, "e-mail"))
    phones = [phone for phone in (clean_text(v) for v in layout.values(row, "phone")) if phone]
    # The parts are read even beside a whole name (legacy layout): the name holds them.
    parts = real_name(
        layout.cell(row, "name prefix"),
        layout.cell(row, "first name", "given name"),
        layout.cell(row, "middle name", "additional name"),
        layout.cell(row, "last name", "family name"),
        layout.cell(row, "name suffix"),
    )
    written = clean_text(layout.cell(row, "name"))
    name = written if written and not is_placeholder(written) else parts
    kept = [clean_text(value) for value in layout.labelled(row, "custom field", [_NAME_LABEL])]
    if kept and name_as_written(kept[0], name):
        name = kept[0]  # "Smith, John", which the columns hold as John and Smith
    if not name:
        nickname = clean_text(layout.cell(row, "nickname", "file as"))
        name = nickname if not is_placeholder(nickname) else ""
    name = name or company or (emails[0] if emails else "") or (phones[0] if phones else "")
    if not name:
        return Skip(f'"{written}" is not a name' if written else "no name")
    custom = {
        "uid": layout.labelled(row, "custom field", [_UID_LABEL]),
        "how met": layout.labelled(row, "custom field", _HOW_MET_LABELS),
        "past": layout.labelled(row, "custom field", [_PAST_COMPANY_LABEL]),
    }
    connected = layout.labelled(row, "event", [_CONNECTED_LABEL])
    return Person(
        name=name,
        company=company,
        title=title,
        emails=tuple(emails),
        phones=tuple(phones),
        location=_location(layout, row),
        tags=tuple(clean_tags(_split(layout.cell(row, "labels", "group membership")))),
        notes=clean_text(layout.cell(row, "notes"), multiline=True),
        linkedin_url=_linkedin_url(layout, row),
        connected_on=parse_date(connected[0]) if connected else None,
        how_met=clean_text(custom["how met"][0], multiline=True) if custom["how met"] else "",
        past_companies=tuple(custom["past"]),
        uid=clean_text(custom["uid"][0]) if custom["uid"] else "",
        source=provenance("google", source),
    ).validated()


def _unread(layout: _Layout, rows: list[tuple[int, list[str]]]) -> list[str]:
    """The summary's line naming the columns whose values the reader left out (a birthday,
    a second address), a numbered group named once ("Relation")."""
    names: dict[str, None] = {}
    for _, row in rows:
        for index, value in enumerate(row[: len(layout.header)]):
            if value.strip() and index not in layout.taken:
                name = clean_text(layout.header[index])
                match = _NUMBERED.match(name)
                names[match.group(1) if match else name] = None
    names.pop("", None)
    return [f"columns not used: {', '.join(names)}"] if names else []


@guarded
def read_google_csv(data: bytes, source: str = "") -> Contacts:
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
    contacts = people_of_rows(rows, source, lambda row: _person(layout, row, source))
    contacts.notes.extend(_unread(layout, rows))
    return contacts


# -- writing ------------------------------------------------------------------------------------

_HEADER_START = (
    "First Name",
    "Middle Name",
    "Last Name",
    "Phonetic First Name",
    "Phonetic Middle Name",
    "Phonetic Last Name",
    "Name Prefix",
    "Name Suffix",
    "Nickname",
    "File As",
    "Organization Name",
    "Organization Title",
    "Organization Department",
    "Birthday",
    "Notes",
    "Photo",
    "Labels",
)
_ADDRESS_PARTS = (
    "Label",
    "Formatted",
    "Street",
    "City",
    "PO Box",
    "Region",
    "Postal Code",
    "Country",
    "Extended Address",
)


def _custom_fields(person: Person) -> list[tuple[str, str]]:
    fields = [(_PAST_COMPANY_LABEL, company) for company in person.past_companies]
    if person.how_met:
        fields.insert(0, (_HOW_MET_LABEL, person.how_met))
    if person.uid:
        fields.append((_UID_LABEL, person.uid))
    if written := name_columns(person.name)[1]:
        fields.append((_NAME_LABEL, written))
    return fields


def _pairs(pairs: list[tuple[str, str]], width: int) -> list[str]:
    cells = [cell for pair in pairs for cell in pair]
    return cells + [""] * (2 * width - len(cells))


def write_google_csv(people: Iterable[Person]) -> str:
    """The people in Google Contacts' current CSV layout, for its "Import" (RFC 4180 text).

    The name is split into its parts (see name_parts: "Smith, John" is first name John, last
    name Smith), and when those do not give it back as written, it is kept whole in a custom
    field too; the location goes into the first address's city, region and country (see
    location_parts). Every contact is in "* myContacts", as in Google's own exports.
    """
    people = list(people)
    emails = max([1, *(len(p.emails) for p in people)])
    phones = max([1, *(len(p.phones) for p in people)])
    customs = max([1, *(len(_custom_fields(p)) for p in people)])
    header = [
        *_HEADER_START,
        *(f"E-mail {n} - {part}" for n in range(1, emails + 1) for part in ("Label", "Value")),
        *(f"Phone {n} - {part}" for n in range(1, phones + 1) for part in ("Label", "Value")),
        *(f"Address 1 - {part}" for part in _ADDRESS_PARTS),
        "Website 1 - Label",
        "Website 1 - Value",
        "Event 1 - Label",
        "Event 1 - Value",
        *(
            f"Custom Field {n} - {part}"
            for n in range(1, customs + 1)
            for part in ("Label", "Value")
        ),
    ]
    rows = []
    for person in people:
        parts = name_columns(person.name)[0]
        city, region, country = location_parts(person.location) if person.location else ("",) * 3
        start = dict.fromkeys(_HEADER_START, "")
        start.update(
            {
                "First Name": parts.given,
                "Middle Name": parts.additional,
                "Last Name": parts.family,
                "Name Prefix": parts.prefix,
                "Name Suffix": parts.suffix,
                "Organization Name": person.company,
                "Organization Title": person.title,
                "Notes": person.notes,
                "Labels": " ::: ".join(["* myContacts", *person.tags]),
            }
        )
        address = dict.fromkeys(_ADDRESS_PARTS, "")
        address.update({"City": city, "Region": region, "Country": country})
        rows.append(
            [
                *start.values(),
                *_pairs([("", email) for email in person.emails], emails),
                *_pairs([("", phone) for phone in person.phones], phones),
                *address.values(),
                *((_LINKEDIN_LABEL, person.linkedin_url) if person.linkedin_url else ("", "")),
                *(
                    (_CONNECTED_LABEL, person.connected_on.isoformat())
                    if person.connected_on
                    else ("", "")
                ),
                *_pairs(_custom_fields(person), customs),
            ]
        )
    return write_rows(header, rows)
