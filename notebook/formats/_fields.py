"""Field rules every reader shares: names, e-mails, locations, tags, LinkedIn URLs, dates."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from datetime import date
from pathlib import PurePath
from typing import NamedTuple

from ..records import clean_text

# Groups that every Google/Android contact is in; as tags they would only add noise.
_SYSTEM_GROUPS = frozenset({"mycontacts", "my contacts", "starred in android"})

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}


def quick_clean(text: str) -> str:
    """clean_text() for one line, skipping the work when the text is already clean.

    Printable text holds no control, escape or bidi characters and no whitespace but the
    plain space, so with no doubled or edge spaces clean_text() would return it unchanged.
    Large exports are mostly such cells, and this halves the time to read them.
    """
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return clean_text(text)


def provenance(kind: str, source: str) -> str:
    """Person.source: the format and, when known, the file's name (never its full path)."""
    name = PurePath(source.replace("\\", "/")).name if source else ""
    return f"{kind}:{name}" if name else kind


def looks_like_email(value: str) -> bool:
    """Enough of an address to keep: one @ with text on both sides, and no spaces or angle
    brackets (clean_emails() takes `Name <address>` apart first)."""
    local, at, domain = value.rpartition("@")
    return (
        bool(at and local and domain)
        and not any(char in value for char in " <>")
        and not value.startswith("urn:")
    )


# An address as mail headers write it, after a display name, quoted or not:
# `"Omega" <omega@example.com>`, `Ann Lee <ann@example.com>`.
_ANGLE_ADDRESS = re.compile(r"<([^<>]*)>$")


def clean_emails(values: Iterable[str]) -> list[str]:
    """Cleaned addresses: the address of `Name <address>`, `mailto:` dropped; values that are
    not addresses are left out."""
    emails: list[str] = []
    for value in values:
        email = quick_clean(value)
        if match := _ANGLE_ADDRESS.search(email):
            email = match.group(1).strip()
        if email[:7].lower() == "mailto:":
            email = email[7:]
        if looks_like_email(email):
            emails.append(email)
    return emails


def clean_tags(values: Iterable[str]) -> list[str]:
    """Labels as tags: the "* " mark of Google's system groups dropped, and the groups that
    every contact is in (My Contacts) left out."""
    tags: list[str] = []
    for value in values:
        tag = clean_text(value).lstrip("* ").strip()
        if tag and tag.casefold() not in _SYSTEM_GROUPS:
            tags.append(tag)
    return tags


def linkedin_profile(url: str) -> str:
    """The URL if it is a LinkedIn profile (linkedin.com/in/...), with a scheme; else ""."""
    url = clean_text(url)
    if "linkedin.com/in/" not in url.lower():
        return ""
    return url if "://" in url else f"https://{url}"


def join_name(*parts: str) -> str:
    """Name parts in reading order; vCard and Google lists ("Richter,James") become words."""
    return clean_text(" ".join(part.replace(",", " ") for part in parts if part))


def short_location(city: str, region: str, country: str) -> str:
    """ "Zürich, Switzerland": city, region and country, empty and repeated parts left out."""
    parts: list[str] = []
    for part in (city, region, country):
        part = clean_text(part).strip(" ,")
        if part and part.casefold() not in (p.casefold() for p in parts):
            parts.append(part)
    return ", ".join(parts)


def free_form_location(text: str) -> str:
    """A short location from a whole postal address: the street line (first) is dropped and at
    most the last two lines kept, so "Street\\nCity ZIP\\nCountry" gives "City ZIP, Country"."""
    lines = [line for line in (clean_text(raw).strip(" ,") for raw in text.splitlines()) if line]
    if len(lines) >= 2:
        lines = lines[1:][-2:]
    return ", ".join(lines)


def parse_date(
    text: str, today: date | None = None, *, day_first: bool | None = None
) -> date | None:
    """A date as exports write it, or None. LinkedIn's "Connected On" alone has been written
    "22 Dec 2025", "Dec 22, 2025", "2025-12-22", "1/8/18, 6:14 PM" (US: month first, as its
    older exports wrote it), "5-Jan-26" and "16.09.2021" (day first); a time after the date is
    ignored.

    A date with slashes is read day first when `day_first` says so (its column holds one such as
    "25/12/18", see slash_order()), month first when it says not; when it is None, month first
    unless that cannot be ("16/09/2021").

    A two-digit year is the one that puts the date in the past, never the future (counting
    from `today`): these are dates something already happened on, so "1/8/18" is 2018, and
    "3/1/99" is 1999, not 2099.
    """
    return _parse_date(text, today or date.today(), day_first)


# Cached: a column repeats its dates, and each is looked at twice (slash_order(), then read).
@functools.lru_cache(maxsize=4096)
def _slash_parts(text: str) -> tuple[int, int] | None:
    """The first two numbers of a date written with slashes ("03/04/18, 6:14 PM"), year last."""
    if "/" not in text:
        return None
    words = text.replace(",", " ").split()
    pieces = words[0].split("/") if words else []
    if len(pieces) != 3 or not all(piece.isdigit() for piece in pieces) or len(pieces[0]) > 2:
        return None
    return int(pieces[0]), int(pieces[1])


def slash_order(values: Iterable[str]) -> bool | None:
    """Whether a column's dates with slashes put the day first (True: one reads "25/12/18"),
    the month first (False: one reads "12/25/18"), or cannot tell (None: no value says, or
    values say both).

    An export writes all its dates one way, so one date that can only be read one way says
    how to read "03/04/18" beside it."""
    day = month = False
    for value in values:
        parts = _slash_parts(value)
        if parts:
            day, month = day or parts[0] > 12, month or parts[1] > 12
    return day if day != month else None


def ambiguous_slash_date(text: str) -> bool:
    """Whether a date with slashes reads as two different days ("03/04/18", not "03/03/18" or
    "25/12/18")."""
    parts = _slash_parts(text)
    return parts is not None and parts[0] != parts[1] and max(parts) <= 12


# Cached: a large export repeats the same few hundred dates thousands of times. The day is part
# of the key, so an app left open past midnight reads two-digit years afresh.
@functools.lru_cache(maxsize=4096)
def _parse_date(text: str, today: date, day_first: bool | None) -> date | None:
    words = text.replace(",", " ").split()
    if not words:
        return None
    first = words[0]
    try:
        if first[:4].isdigit() and first[4:5] in ("-", "/", "."):
            year, month, day = first[:10].split(first[4])[:3]  # ISO, or 2025/12/22
            return date(int(year), int(month), int(day))
        for separator in ("/", ".", "-"):
            if separator in first:
                return _day_month_year(first.split(separator), separator, today, day_first)
        if len(words) >= 3:
            if words[1].lower() in _MONTHS:  # 22 Dec 2025
                return _dated(words[2], _MONTHS[words[1].lower()], words[0], today)
            if first.lower() in _MONTHS:  # Dec 22 2025
                return _dated(words[2], _MONTHS[first.lower()], words[1], today)
    except (ValueError, OverflowError):
        # OverflowError: a year of twenty digits is a valid int but no C long.
        return None
    return None


def _day_month_year(
    pieces: list[str], separator: str, today: date, day_first: bool | None
) -> date | None:
    if len(pieces) != 3:
        return None
    first, second, year = pieces
    if second.lower() in _MONTHS:  # 5-Jan-26
        return _dated(year, _MONTHS[second.lower()], first, today)
    if separator == "/" and day_first is not None:  # as the column's other dates say
        day, month = (first, second) if day_first else (second, first)
    elif separator == "/":  # US month first, unless that cannot be (16/09/2021)
        month, day = (first, second) if int(first) <= 12 else (second, first)
    else:  # 16.09.2021, 16-09-2021: day first, as everywhere these separators are used
        day, month = (first, second) if int(second) <= 12 else (second, first)
    return _dated(year, int(month), day, today)


def _dated(year: str, month: int, day: str, today: date) -> date | None:
    if not (year.isdigit() and day.isdigit()):
        return None
    if len(year) > 2:
        return date(int(year), month, int(day))
    found = date(2000 + int(year), month, int(day))
    if found <= today:
        return found
    return date(1900 + int(year), month, int(day))


# Titles before a name and letters after it, as the name's first or last words (any case, with
# or without the dot).
_PREFIXES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev"})
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq", "mba", "cpa"})


class NameParts(NamedTuple):
    """A name in the parts address books keep: vCard's N components, in its order, and the
    first, middle and last name, prefix (Outlook's "Title") and suffix of CSV layouts."""

    family: str
    given: str
    additional: str
    prefix: str
    suffix: str

    def in_reading_order(self) -> tuple[str, str, str, str, str]:
        """The parts as a name is read: "Dr. Ana María de la Cruz"."""
        return self.prefix, self.given, self.additional, self.family, self.suffix


def _word_in(word: str, words: frozenset[str]) -> bool:
    return word.rstrip(".").lower() in words


def _is_suffix(part: str) -> bool:
    words = part.split()
    return bool(words) and all(_word_in(word, _SUFFIXES) for word in words)


def _family_first(before: list[str], after: list[str]) -> bool:
    """Whether "before, after" is "Family, Given": not when a title opens it or a suffix ends
    it, as in Gmail's "Mr. John Richter, James Doe Sr." (one name with a comma in it)."""
    return (
        bool(before and after)
        and not _word_in(before[0], _PREFIXES)
        and not _word_in(after[-1], _SUFFIXES)
    )


def name_parts(name: str) -> NameParts:
    """Best-effort parts of a name as people write it: "Prof. Dr. Hans Müller", "Dr. Ana María
    de la Cruz", "John Smith, Jr.", "Ann Lee PhD" or, family name first, "Mustermann, Heiko"
    and "García Márquez, Gabriel". A name of one word is a given name ("Cher")."""
    parts = [part.strip() for part in name.split(",")]
    suffix = ""
    if len(parts) > 1 and _is_suffix(parts[-1]):
        suffix = parts.pop()
    family = ""
    if len(parts) == 2 and _family_first(parts[0].split(), parts[1].split()):
        family, words = parts[0], parts[1].split()  # "Family, Given Additional"
    else:
        words = " ".join(parts).split()
    prefixes: list[str] = []
    while len(words) > 1 and _word_in(words[0], _PREFIXES):
        prefixes.append(words.pop(0))
    suffixes: list[str] = []
    while not suffix and len(words) > 1 and _word_in(words[-1], _SUFFIXES):
        suffixes.insert(0, words.pop())
    if not family and len(words) > 1:
        family = words.pop()
    given = words.pop(0) if words else ""
    return NameParts(
        family, given, " ".join(words), " ".join(prefixes), suffix or " ".join(suffixes)
    )
