"""LinkedIn's Connections.csv, from "Get a copy of your data", in its current and older layouts.

Current: a "Notes:" preamble of a few lines, then
`First Name,Last Name,URL,Email Address,Company,Position,Connected On` with dates like
`22 Dec 2025`. Older (2018): no preamble, no URL column, dates like `1/8/18, 6:14 PM` (US).
Columns are found by name, so either layout, or a future one that keeps the names, reads.
"""

from __future__ import annotations

import csv
import io

from ..records import Person
from ._fields import looks_like_email, parse_date, quick_clean
from ._text import check_text_file, decode_text
from .errors import FormatError, guarded, unexpected

__all__ = ["find_linkedin_header", "read_linkedin_csv"]

# How far into the file the header may be: the preamble is a handful of lines.
_HEADER_SEARCH_ROWS = 30
_SOURCE = "linkedin"


def _is_header(cells: list[str]) -> bool:
    names = {cell.strip().lstrip("\ufeff").lower() for cell in cells}
    return {"first name", "last name"} <= names and bool(
        names & {"connected on", "position", "email address"}
    )


def find_linkedin_header(rows: list[list[str]]) -> int | None:
    """The index of LinkedIn's header row among the first rows of a CSV, if there is one."""
    for index, row in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        if _is_header(row):
            return index
    return None


@guarded
def read_linkedin_csv(data: bytes, source: str = "") -> list[Person]:
    """Every connection in a LinkedIn Connections.csv.

    `source` is the file's name, for error messages; every person's provenance is "linkedin".
    Values that are not e-mail addresses (LinkedIn sometimes writes `urn:li:member:…`) are
    dropped, and so are rows with no name.
    """
    check_text_file(data, source)
    reader = csv.reader(io.StringIO(decode_text(data), newline=""))
    header: list[str] | None = None
    try:
        for row in reader:
            if _is_header(row):
                header = row
                break
            if reader.line_num > _HEADER_SEARCH_ROWS:
                break
    except csv.Error as error:
        raise FormatError(source, f"not readable as CSV ({error})", reader.line_num) from None
    if header is None:
        raise FormatError(
            source,
            "no LinkedIn header (expected First Name, Last Name, ..., Connected On)",
        )
    columns = {cell.strip().lstrip("\ufeff").lower(): i for i, cell in enumerate(header)}
    width = len(header)

    def column(name: str) -> int:
        # A missing column reads as the empty padding cell appended below.
        return columns.get(name, width)

    first, last, url = column("first name"), column("last name"), column("url")
    email, company, position = column("email address"), column("company"), column("position")
    connected = column("connected on")
    padding = [""] * (width + 1)
    people: list[Person] = []
    try:
        for row in reader:
            if len(row) <= width:
                row = row + padding[len(row) :]
            name = quick_clean(f"{row[first]} {row[last]}")
            if not name:
                continue  # blank lines, and members who left LinkedIn
            address = quick_clean(row[email]) if row[email] else ""
            # Built directly rather than through Person.validated(): every field is cleaned
            # here, and this path has to stay fast for 30,000 connections.
            people.append(
                Person(
                    name=name,
                    company=quick_clean(row[company]) if row[company] else "",
                    title=quick_clean(row[position]) if row[position] else "",
                    emails=(address,) if address and looks_like_email(address) else (),
                    # LinkedIn's own column: always a profile, even the old /pub/ kind.
                    linkedin_url=quick_clean(row[url]) if row[url] else "",
                    connected_on=parse_date(row[connected].strip()) if row[connected] else None,
                    source=_SOURCE,
                )
            )
    except csv.Error as error:
        raise FormatError(source, f"not readable as CSV ({error})", reader.line_num) from None
    except Exception as error:
        raise unexpected(source, error, reader.line_num) from error
    return people
