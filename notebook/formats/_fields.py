"""Field rules every reader shares: names, e-mails, locations, tags, LinkedIn URLs, dates."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from datetime import date
from pathlib import PurePath

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
        email = clean_text(value)
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


def parse_date(text: str, today: date | None = None) -> date | None:
    """A date as exports write it, or None. LinkedIn's "Connected On" alone has been written
    "22 Dec 2025", "Dec 22, 2025", "2025-12-22", "1/8/18, 6:14 PM" (US: month first, as its
    older exports wrote it), "5-Jan-26" and "16.09.2021" (day first); a time after the date is
    ignored.

    A two-digit year is the one that puts the date in the past, never the future (counting
    from `today`): these are dates something already happened on, so "1/8/18" is 2018, and
    "3/1/99" is 1999, not 2099.
    """
    return _parse_date(text, today or date.today())


# Cached: a large export repeats the same few hundred dates thousands of times. The day is part
# of the key, so an app left open past midnight reads two-digit years afresh.
@functools.lru_cache(maxsize=4096)
def _parse_date(text: str, today: date) -> date | None:
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
                return _day_month_year(first.split(separator), separator, today)
        if len(words) >= 3:
            if words[1].lower() in _MONTHS:  # 22 Dec 2025
                return _dated(words[2], _MONTHS[words[1].lower()], words[0], today)
            if first.lower() in _MONTHS:  # Dec 22 2025
                return _dated(words[2], _MONTHS[first.lower()], words[1], today)
    except (ValueError, OverflowError):
        # OverflowError: a year of twenty digits is a valid int but no C long.
        return None
    return None


def _day_month_year(pieces: list[str], separator: str, today: date) -> date | None:
    if len(pieces) != 3:
        return None
    first, second, year = pieces
    if second.lower() in _MONTHS:  # 5-Jan-26
        return _dated(year, _MONTHS[second.lower()], first, today)
    if separator == "/":  # US month first, unless that cannot be (16/09/2021)
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
