"""Thunderbird's address book CSV export (Tools > Export, "Comma Separated").

    First Name, Last Name, Display Name, Nickname, Primary Email, Secondary Email, Screen Name,
    Work Phone, Home Phone, Fax Number, Pager Number, Mobile Number, Home Address, ...,
    Work City, Work State, Work ZipCode, Work Country, Job Title, Department, Organization,
    Web Page 1, Web Page 2, Birth Year, Birth Month, Birth Day, Custom 1, ..., Notes

Columns are found by name. The header usually ends in a comma, an extra column with no name.
"""

from __future__ import annotations

from ..records import Person, clean_text
from ._fields import clean_emails, linkedin_profile, looks_like_email, provenance, short_location
from ._table import Table, cell, header_key, is_placeholder, real_name
from ._text import read_csv
from .errors import Contacts, Skip, guarded, people_of_rows

__all__ = ["is_thunderbird_header", "read_thunderbird_csv"]


def is_thunderbird_header(cells: list[str]) -> bool:
    """True for the header row of Thunderbird's address book export."""
    keys = {header_key(cell) for cell in cells}
    return "primary email" in keys and bool(
        keys & {"display name", "secondary email", "screen name", "mobile number"}
    )


class _Layout:
    def __init__(self, header: list[str]) -> None:
        table = self.table = Table(header)
        self.display = table.column("display name")
        self.parts = table.columns("first name", "last name")
        self.nickname = table.column("nickname")
        self.emails = table.columns("primary email", "secondary email")
        # The mobile first: what one calls a contact on. A fax is no number to call.
        self.phones = table.columns("mobile number", "work phone", "home phone", "pager number")
        self.company = table.column("organization")
        self.title = table.column("job title")
        self.addresses = [
            (
                [table.column(f"{kind} {part}") for part in ("city", "state", "country")],
                table.columns(f"{kind} address", f"{kind} address 2", f"{kind} zipcode"),
            )
            for kind in ("work", "home")
        ]
        self.web_pages = table.columns("web page 1", "web page 2")
        self.notes = table.column("notes")

    def _name(self, row: list[str], emails: list[str], company: str) -> str:
        table = self.table
        display = clean_text(table.take(row, self.display))
        parts = real_name(*(table.take(row, n) for n in self.parts))
        # The display name is the one Thunderbird shows, unless it is only the address again.
        if display and not is_placeholder(display) and not looks_like_email(display):
            return display
        nickname = clean_text(cell(row, self.nickname))
        for name in (parts, display, nickname):
            if name and not is_placeholder(name):
                if name == nickname:
                    table.take(row, self.nickname)
                return name
        return company or (emails[0] if emails else "")

    def person(self, row: list[str], source: str) -> Person | Skip | None:
        table = self.table
        if not any(value.strip() for value in row) or table.is_header_again(row):
            return None
        emails = clean_emails(table.take(row, n) for n in self.emails)
        company = clean_text(table.take(row, self.company))
        name = self._name(row, emails, company)
        if not name:
            written = clean_text(cell(row, self.display)) or clean_text(
                " ".join(cell(row, n) for n in self.parts)
            )
            return Skip(f'"{written}" is not a name' if written else "no name")
        return Person(
            name=name,
            company=company,
            title=table.take(row, self.title),
            emails=tuple(emails),
            phones=tuple(p for n in self.phones if (p := clean_text(table.take(row, n)))),
            location=self._location(row),
            linkedin_url=self._linkedin_url(row),
            notes=clean_text(table.take(row, self.notes), multiline=True),
            source=provenance("thunderbird", source),
        ).validated()

    def _location(self, row: list[str]) -> str:
        for parts, rest in self.addresses:
            location = short_location(*(cell(row, n) for n in parts))
            if location:
                # The address made the location: none of it is left unread.
                for n in (*parts, *rest):
                    self.table.take(row, n)
                return location
        return ""

    def _linkedin_url(self, row: list[str]) -> str:
        for n in self.web_pages:
            url = linkedin_profile(cell(row, n))
            if url:
                self.table.take(row, n)
                return url
        return ""


@guarded
def read_thunderbird_csv(data: bytes, source: str = "") -> Contacts:
    """Every contact in a Thunderbird address book CSV. Columns whose values it did not keep
    (a fax number, a birthday) are named in the result's notes.

    `source` is the file's name, used in error messages and as provenance ("thunderbird:x.csv").
    """
    header, rows = read_csv(
        data,
        source,
        is_thunderbird_header,
        "no Thunderbird address book header (expected First Name, ..., Primary Email, ...)",
    )
    layout = _Layout(header)
    contacts = people_of_rows(rows, source, lambda row: layout.person(row, source))
    contacts.notes.extend(layout.table.unused_note(rows, every=False))
    return contacts
