"""Field rules every reader shares: names, e-mails, locations, tags, LinkedIn URLs, dates."""

from __future__ import annotations

import functools
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
    """Enough of an address to keep: one @ with text on both sides and no spaces."""
    local, at, domain = value.rpartition("@")
    return bool(at and local and domain) and " " not in value and not value.startswith("urn:")


def clean_emails(values: Iterable[str]) -> list[str]:
    """Cleaned addresses, `mailto:` dropped; values that are not addresses are left out."""
    emails: list[str] = []
    for value in values:
        email = clean_text(value)
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


@functools.lru_cache(maxsize=4096)
def parse_date(text: str) -> date | None:
    """A date as exports write it, or None: "22 Dec 2025", "Dec 22, 2025", "2025-12-22",
    and US "1/8/18, 6:14 PM" (month first, as LinkedIn's older exports wrote it).

    Cached: a large export repeats the same few hundred dates thousands of times.
    """
    words = text.replace(",", " ").split()
    if not words:
        return None
    try:
        first = words[0]
        if "-" in first and first[:4].isdigit():
            return date.fromisoformat(first[:10])
        if "/" in first:
            month, day, year = (int(piece) for piece in first.split("/"))
            return date(year + 2000 if year < 100 else year, month, day)
        if len(words) >= 3:
            if first.isdigit() and words[1].lower() in _MONTHS:
                return date(int(words[2]), _MONTHS[words[1].lower()], int(first))
            if first.lower() in _MONTHS and words[1].isdigit():
                return date(int(words[2]), _MONTHS[first.lower()], int(words[1]))
    except (ValueError, OverflowError):
        # OverflowError: a year of twenty digits is a valid int but no C long.
        return None
    return None
