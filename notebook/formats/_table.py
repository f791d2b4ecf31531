"""What the CSV readers and writers share: columns found by name, names that are no names, the
columns a file holds that nothing read, and how a person's one name and one location are laid
out in the name and address columns of other programs' layouts.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date

from ..records import clean_text
from ._fields import NameParts, ambiguous_slash_date, name_parts, parse_date, slash_order

_PHONE_SEPARATORS = re.compile(r"[,;\n]")
# What follows a phone number's ";" in RFC 3966: a parameter of that number, not a second number.
PHONE_PARAMETER = re.compile(r"^(?:ext|isub|phone-context|postd)=", re.IGNORECASE)
# Cell values that stand for "no name": a person is never made from one of these.
_PLACEHOLDERS = frozenset(
    {"n/a", "n.a.", "n. a.", "unknown", "none", "null", "nil", "tbd", "no name", "noname"}
)
# Symbols that make up placeholders such as "-", "?", "***" or "+": punctuation and these. Emoji
# are left out: a contact saved as just "❤️" is someone.
_PLACEHOLDER_SYMBOLS = frozenset("~+=|^`<>*#")


def header_key(cell: str) -> str:
    """A header cell as readers compare it: no BOM, any case, `_` as a space, spaces collapsed
    ("Linkedin_URL " and "linkedin url" are one column)."""
    return " ".join(cell.lstrip("\ufeff").replace("_", " ").casefold().split())


def is_placeholder(name: str) -> bool:
    """True for a name cell that says there is no name: "-", "—", "?", "n/a", "unknown", "none"
    and the like, in brackets or not."""
    text = name.strip().strip("()[]{}<>\"'").strip().casefold()
    if text[:1].isalnum():
        # Most names: a letter or digit is no punctuation, space or symbol, so only a word
        # such as "unknown" is a placeholder, and no character need be looked up.
        return text in _PLACEHOLDERS
    if all(unicodedata.category(char)[0] in "PZ" or char in _PLACEHOLDER_SYMBOLS for char in text):
        return True
    return text in _PLACEHOLDERS


def real_name(*parts: str) -> str:
    """The parts of a name in reading order, cleaned, those that are placeholders left out."""
    return clean_text(" ".join(part for part in parts if part and not is_placeholder(part)))


class Table:
    """A CSV's header, looked up by column name, and which columns the reader knows (looked up)
    and took a value from, for the note on what it did not use."""

    def __init__(self, header: Sequence[str], key: Callable[[str], str] = header_key) -> None:
        """`key` is how a header cell is compared (and the names given to column())."""
        self.header = list(header)
        self.key = key
        self.keys = [key(cell) for cell in header]
        self.index: dict[str, int] = {}
        for n, name in enumerate(self.keys):
            self.index.setdefault(name, n)
        self.known: set[int] = set()
        self.taken: set[int] = set()

    def column(self, *names: str) -> int | None:
        """The first of the named columns the header has (names as `key` gives them)."""
        for name in names:
            if (n := self.index.get(name)) is not None:
                self.known.add(n)
                return n
        return None

    def columns(self, *names: str) -> list[int]:
        """Every column with one of these names, in the order given."""
        return self.know(n for name in names if (n := self.index.get(name)) is not None)

    def know(self, columns: Iterable[int]) -> list[int]:
        found = list(columns)
        self.known.update(found)
        return found

    def take(self, row: list[str], column: int | None) -> str:
        """The row's cell in that column, counted as used when it holds something."""
        value = cell(row, column)
        if column is not None and value.strip():
            self.taken.add(column)
        return value

    def take_first(self, row: list[str], columns: Iterable[int | None]) -> str:
        """The first of these cells that is not blank, counted as used."""
        for column in columns:
            if cell(row, column).strip():
                return self.take(row, column)
        return ""

    def is_header_again(self, row: list[str]) -> bool:
        """True for a row that repeats the header (two exports pasted into one file)."""
        return len(row) >= 2 and [self.key(cell) for cell in row] == self.keys[: len(row)]

    def unused_note(
        self,
        rows: Iterable[tuple[int, list[str]]],
        *,
        every: bool,
        defaults: Mapping[str, frozenset[str]] | None = None,
    ) -> list[str]:
        """The import summary's line naming the columns whose values were left out, and, with
        `every` (a layout guessed from its header), also the columns it did not know, empty or
        not. Cells past the header's last column are named by their position; a cell holding
        its column's default (`defaults`, by `key`: what a program writes for "none",
        such as Outlook's "0/0/00" birthday) counts as empty."""
        width = len(self.header)
        blank = [(defaults or {}).get(key, frozenset()) for key in self.keys]
        filled: set[int] = set()
        for _, row in rows:
            filled.update(
                n
                for n, value in enumerate(row)
                if value.strip() and (n >= width or value.strip() not in blank[n])
            )
        unknown = set(range(width)) - self.known if every else set()
        names: list[str] = []
        for n in sorted((filled | unknown) - self.taken):
            name = clean_text(self.header[n]) if n < width else ""
            if name or n in filled:
                names.append(name or f"column {n + 1} (no name)")
        return [f"columns not used: {', '.join(names)}"] if names else []


class Dates:
    """A column of dates read row by row, keeping the values that were no date, so that the
    import summary can say so instead of leaving the day out unseen.

    Dates with slashes are read as the column's values say (see slash_order(): one "25/12/18"
    makes "03/04/18" the 3rd of April), once learn() has seen them; when none says, the
    summary says how those that read two ways were read."""

    def __init__(self, column: str) -> None:
        self.column = column
        self.unread: list[str] = []
        self.day_first: bool | None = None
        self.guessed: list[str] = []  # dates read month first though they read either way
        # What each value read gave: (the date, what goes in `unread`, what in `guessed`). A
        # column of 30,000 connections holds a few thousand days, each worked out once.
        self._known: dict[str, tuple[date | None, str | None, str | None]] = {}

    def learn(self, values: Iterable[str]) -> None:
        """Take the order of day and month from every value the column holds."""
        self.day_first = slash_order(values)
        self._known.clear()  # read afresh in that order

    def read(self, text: str) -> date | None:
        known = self._known.get(text)
        if known is None:
            known = self._known[text] = self._read(text)
        found, unread, guessed = known
        if unread is not None:
            self.unread.append(unread)
        elif guessed is not None:
            self.guessed.append(guessed)
        return found

    def _read(self, text: str) -> tuple[date | None, str | None, str | None]:
        text = text.strip()
        found = parse_date(text, day_first=self.day_first) if text else None
        if text and found is None:
            return None, clean_text(text), None
        if found and self.day_first is None and ambiguous_slash_date(text):
            return found, None, text.replace(",", " ").split()[0]
        return found, None, None

    def note(self) -> list[str]:
        notes = []
        if self.guessed:
            n = len(self.guessed)
            like = "like " if n > 1 else ""
            notes.append(
                f"{self.column}: {n} date{'s' * (n > 1)} {like}{self.guessed[0]} read as month/day"
            )
        if self.unread:
            shown = ", ".join(f'"{value}"' for value in self.unread[:3])
            more = f" and {len(self.unread) - 3} more" if len(self.unread) > 3 else ""
            notes.append(f"{self.column}: not read as a date: {shown}{more}")
        return notes


def cell(row: list[str], column: int | None) -> str:
    """The row's cell in that column; "" for a missing column or a short row."""
    return row[column] if column is not None and column < len(row) else ""


def name_columns(name: str) -> tuple[NameParts, str]:
    """The parts of a name for a layout's name columns (see name_parts()), and the name as
    written when those parts, read back in reading order, do not give it ("Smith, John",
    "John Smith, PhD"), for the place the layout keeps it in; "" when they do."""
    parts = name_parts(name)
    return parts, "" if real_name(*parts.in_reading_order()) == name else name


def name_as_written(written: str, from_parts: str) -> bool:
    """Whether a name kept by name_columns() is still the name the name columns spell (not one
    the person was renamed from since)."""
    return bool(written) and real_name(*name_parts(written).in_reading_order()) == from_parts


def location_parts(location: str) -> tuple[str, str, str]:
    """(city, region, country) for the address columns of other programs' layouts:
    "Zürich, Switzerland" is a city and a country, "Austin, TX, US" all three. Anything that
    would not read back the same through short_location() (more parts, repeated or empty
    ones) goes whole into the city."""
    parts = location.split(", ")
    folded = [part.casefold() for part in parts]
    clean = all(part and part == part.strip(" ,") for part in parts)
    if not clean or len(parts) > 3 or len(set(folded)) < len(folded):
        return location, "", ""
    if len(parts) == 3:
        return parts[0], parts[1], parts[2]
    if len(parts) == 2:
        return parts[0], "", parts[1]
    return location, "", ""


def split_phones(text: str) -> list[str]:
    """Phone numbers from one cell: one a line, or separated by "," or ";", where a ";" that
    starts a parameter of the number before it ("+1-418-656-9254;ext=102") does not split."""
    numbers: list[str] = []
    for piece in (value.strip() for value in _PHONE_SEPARATORS.split(text)):
        if numbers and PHONE_PARAMETER.match(piece):
            numbers[-1] = f"{numbers[-1]};{piece}"
        elif piece:
            numbers.append(piece)
    return numbers


def write_rows(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """CSV text as RFC 4180 has it (CRLF, quotes doubled), header first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()
