"""vCard 2.1, 3.0 and 4.0: a lenient reader of our own and a strict vCard 4.0 writer.

Real address books break the specs in every direction (see tests/data/contacts-real), so the
reader works on bytes line by line: each line may carry its own CHARSET and ENCODING, line
endings are mixed, 2.1 values continue after a quoted-printable soft break even when the next
line starts with `#`, and base64 photos run on until a blank line. Only the fields a person
record holds are decoded; everything else (photos, keys, IM handles, X- extensions) is skipped.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..records import Person, clean_text
from ._fields import (
    clean_emails,
    clean_tags,
    free_form_location,
    join_name,
    linkedin_profile,
    provenance,
    quick_clean,
    short_location,
)
from ._text import check_text_file, decode_bytes, guess_legacy_charset, to_utf8
from .errors import FormatError, guarded, unexpected

__all__ = ["read_vcard_file", "read_vcards", "write_vcards"]

# The properties a Person is built from; all others are never decoded.
_WANTED = frozenset(
    {"FN", "N", "ORG", "TITLE", "ROLE", "EMAIL", "TEL", "ADR", "LABEL", "NOTE", "CATEGORIES"}
    | {"URL", "X-SOCIALPROFILE"}
)
# Bare 2.1 parameters that name an encoding rather than a type (`PHOTO;BASE64:`).
_BARE_ENCODINGS = frozenset({"BASE64", "B", "QUOTED-PRINTABLE", "QP", "8BIT", "7BIT"})
_BINARY_ENCODINGS = frozenset({"BASE64", "B"})
_QP_ENCODINGS = frozenset({"QUOTED-PRINTABLE", "QP"})
_ESCAPES = {"n": "\n", "N": "\n", ",": ",", ";": ";", ":": ":", "\\": "\\", '"': '"'}
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_BEGIN = re.compile(rb"begin\s*:\s*vcard\s*", re.IGNORECASE)
_END = re.compile(rb"end\s*:\s*vcard\s*", re.IGNORECASE)
_BASE64_LINE = re.compile(rb"[A-Za-z0-9+/=\s]+")
_FOLD_OCTETS = 75


# -- reading: lines ------------------------------------------------------------------------------


def _physical_lines(data: bytes) -> list[bytes]:
    # CR CR LF first (iPhone), so it is one line break and not two with a blank line between.
    data = data.replace(b"\r\r\n", b"\n").replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return data.split(b"\n")


def _head(line: bytes) -> bytes:
    """The name and parameters of a content line (before the first colon), upper case."""
    colon = line.find(b":")
    return (line if colon < 0 else line[:colon]).upper()


def _is_base64(head: bytes) -> bool:
    if b"B" not in head:
        return False
    params = {param.strip() for param in head.split(b";")[1:]}
    return bool(params & {b"ENCODING=B", b"ENCODING=BASE64", b"BASE64"})


def _extend(current: bytearray, piece: bytes, tail: int) -> int:
    """Add a piece to a value; returns where the blanks at its end now start, given `tail`,
    where they started before."""
    start = len(current)
    current += piece
    kept = len(piece.rstrip(b" \t"))
    return start + kept if kept else tail


def _logical_lines(lines: list[bytes]) -> Iterator[tuple[int, bytes]]:
    """Content lines unfolded, with the 1-based number of the line each starts on."""
    current: bytearray | None = None
    # Where the blanks at the end of `current` start, kept up to date as lines are added:
    # stripping the whole value again for every line of a long QP value took quadratic time.
    tail = 0
    start = 0
    quoted_printable = binary = False
    for number, line in enumerate(lines, 1):
        if (
            current is not None
            and quoted_printable
            and current[tail - 1 : tail] == b"="
            and not (_END.fullmatch(line) or _BEGIN.fullmatch(line))
        ):
            # A QP soft break: the next line is data whatever it starts with (even `#`),
            # unless the card plainly ends there.
            del current[tail:]
            tail = _extend(current, b"\n" + line, tail)
            continue
        if not line.strip() and not (line and current is not None and not binary):
            # A blank line ends a 2.1 base64 block; elsewhere it means nothing. (A line of only
            # spaces in text is a fold just before a space, handled below.)
            if current is not None:
                yield start, bytes(current)
                current = None
            continue
        if current is not None and line[:1] in (b" ", b"\t"):
            tail = _extend(current, line[1:], tail)
            continue
        if current is not None and binary and b":" not in line and _BASE64_LINE.fullmatch(line):
            tail = _extend(current, line, tail)  # 2.1 base64 that the writer did not indent
            continue
        if line.startswith(b"#"):
            continue  # a comment line (not in any spec, but found in the wild)
        if current is not None and quoted_printable and b":" not in line:
            tail = _extend(current, b"\n" + line, tail)  # a hard line break inside a QP value
            continue
        if current is not None:
            yield start, bytes(current)
        # Even a line with no colon starts a new one: its parameters may be folded onward, and
        # it must not glue its continuation lines onto the previous property.
        current, start = bytearray(), number
        tail = _extend(current, line, 0)
        head = _head(line)
        quoted_printable, binary = b"QUOTED-PRINTABLE" in head, _is_base64(head)
    if current is not None:
        yield start, bytes(current)


# -- reading: properties -------------------------------------------------------------------------


@dataclass(slots=True)
class _Property:
    name: str
    params: dict[str, list[str]]
    raw: bytes
    line: int

    def param(self, key: str) -> str:
        values = self.params.get(key)
        return values[-1] if values else ""

    @property
    def types(self) -> list[str]:
        return self.params.get("TYPE", [])

    @property
    def preferred(self) -> bool:
        return "PREF" in self.types or "PREF" in self.params


def _split_outside_quotes(text: str, separator: str) -> list[str]:
    if '"' not in text:
        return text.split(separator)
    parts: list[str] = []
    buffer: list[str] = []
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif char == separator and not quoted:
            parts.append("".join(buffer))
            buffer = []
            continue
        buffer.append(char)
    parts.append("".join(buffer))
    return parts


def _parse_property(line: bytes, number: int) -> _Property | None:
    colon = line.find(b":")
    if colon < 0:
        return None
    if b'"' in line[:colon]:
        # A quoted parameter value (3.0/4.0) may hold a colon: find the first one outside quotes.
        quoted = False
        for index, byte in enumerate(line):
            if byte == 0x22:
                quoted = not quoted
            elif byte == 0x3A and not quoted:
                colon = index
                break
    head = line[:colon].decode("utf-8", errors="replace")
    parts = _split_outside_quotes(head, ";")
    # `item1.EMAIL`: the group only ties a property to its X-ABLabel, which a Person has no
    # use for.
    name = parts[0].strip().rpartition(".")[2].upper()
    params: dict[str, list[str]] = {}
    for part in parts[1:]:
        part = part.strip()
        if not part:
            continue  # `ADR;HOME;PREF;:` has an empty parameter
        key, equals, value = part.partition("=")
        if equals:
            key = key.strip().upper()
            values = [v.strip().strip('"') for v in _split_outside_quotes(value, ",")]
        else:
            # vCard 2.1 bare parameters: `TEL;CELL;PREF`, `PHOTO;BASE64`.
            value = key.strip()
            key = "ENCODING" if value.upper() in _BARE_ENCODINGS else "TYPE"
            values = [value]
        if key in ("TYPE", "ENCODING"):
            values = [v.upper() for v in values]
        params.setdefault(key, []).extend(v for v in values if v)
    return _Property(name, params, line[colon + 1 :], number)


def _text_value(prop: _Property, legacy: str | None) -> str:
    """The property's value as text: transfer encoding undone, charset decoded, still escaped."""
    raw = prop.raw
    encoding = prop.param("ENCODING")
    if encoding in _QP_ENCODINGS:
        raw = binascii.a2b_qp(raw)
    elif encoding in _BINARY_ENCODINGS:
        try:
            raw = base64.b64decode(b"".join(raw.split()), validate=False)
        except (binascii.Error, ValueError):
            return ""
    return decode_bytes(raw, prop.param("CHARSET"), legacy)


def _unescape(text: str) -> str:
    # Lenient: the escapes of every version (`\:` and `\"` are not in any spec, but writers use
    # them); an unknown escape keeps its backslash.
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda match: _ESCAPES.get(match.group(1), match.group(0)), text)


def _split_escaped(text: str, separator: str) -> list[str]:
    """Split on separators that are not escaped; the parts keep their escapes."""
    if separator not in text:
        return [text]
    if "\\" not in text:
        return text.split(separator)
    parts: list[str] = []
    buffer: list[str] = []
    escaped = False
    for char in text:
        if escaped:
            buffer.append(char)
            escaped = False
        elif char == "\\":
            buffer.append(char)
            escaped = True
        elif char == separator:
            parts.append("".join(buffer))
            buffer = []
        else:
            buffer.append(char)
    parts.append("".join(buffer))
    return parts


def _components(text: str, count: int) -> list[str]:
    """A structured value (N, ADR, ORG) as `count` unescaped components."""
    parts = [_unescape(part) for part in _split_escaped(text, ";")]
    return (parts + [""] * count)[:count]


def _categories(text: str) -> list[str]:
    # Commas separate categories. A value whose only commas are escaped is one category by the
    # spec, but writers escape the list separators too (Thunderbird): a tag never needs a comma.
    if "," in text.replace("\\,", ""):
        parts = _split_escaped(text, ",")
    else:
        parts = text.replace("\\,", ",").split(",")
    return [_unescape(part) for part in parts]


# -- reading: cards ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Card:
    line: int
    properties: list[_Property] = field(default_factory=list)


def _cards(data: bytes, path: str) -> tuple[list[_Card], _Card | None]:
    """The complete cards, and the last card if the file ends inside it."""
    cards: list[_Card] = []
    card: _Card | None = None
    depth = 0
    lines = _physical_lines(data)
    for number, line in _logical_lines(lines):
        colon = line.find(b":")
        if colon < 0:
            continue  # not a content line: nothing to make of it
        name = line[:colon].split(b";", 1)[0].rpartition(b".")[2].strip().upper()
        if name == b"BEGIN" and line[colon + 1 :].strip().upper() == b"VCARD":
            depth += 1
            if depth == 1:
                card = _Card(number)
            continue
        if name == b"END" and line[colon + 1 :].strip().upper() == b"VCARD":
            if depth == 1 and card is not None:
                cards.append(card)
                card = None
            depth = max(depth - 1, 0)
            continue
        if depth != 1 or card is None:
            continue  # outside any card, or inside a 2.1 AGENT card nested in this one
        if name.decode("ascii", "replace") in _WANTED:
            try:
                prop = _parse_property(line, number)
            except Exception as error:
                raise unexpected(path, error, number) from error
            if prop is not None:
                card.properties.append(prop)
    if not cards and card is None:
        first_line = next((n for n, line in enumerate(lines, 1) if line.strip()), 1)
        raise FormatError(path, "not a vCard (no BEGIN:VCARD)", first_line)
    return cards, card


def _name_from_n(value: str) -> str:
    family, given, additional, prefix, suffix = _components(value, 5)
    return join_name(prefix, given, additional, family, suffix)


def _location(card: _Card, values: dict[int, str]) -> str:
    addresses = sorted(
        (p for p in card.properties if p.name == "ADR"), key=lambda p: not p.preferred
    )
    labels = sorted(
        (p for p in card.properties if p.name == "LABEL"), key=lambda p: not p.preferred
    )
    for prop in addresses:
        *_, city, region, _, country = _components(values[id(prop)], 7)
        location = short_location(city, region, country)
        if location:
            return location
    for prop in labels:
        location = free_form_location(_unescape(values[id(prop)]))
        if location:
            return location
    for prop in addresses:
        # No city or country anywhere: the whole address may sit in one component (Gmail puts
        # it in the extended address), or in a vCard 4.0 LABEL parameter.
        # RFC 6868 escapes a newline in a parameter value as ^n.
        label = prop.param("LABEL").replace("^n", "\n").replace("^'", '"').replace("^^", "^")
        parts = [part for part in _components(values[id(prop)], 7) if part.strip()]
        location = free_form_location(label or "\n".join(parts))
        if location:
            return location
    return ""


def _person(card: _Card, legacy: str | None, source: str) -> tuple[Person | None, bool]:
    """The card as a Person (None if it holds nothing to name one by), and whether the name came
    from the card's own name fields (FN, N, ORG) rather than an e-mail or phone."""
    values = {id(prop): _text_value(prop, legacy) for prop in card.properties}

    def texts(name: str) -> list[str]:
        return [values[id(p)] for p in card.properties if p.name == name]

    def ranked(name: str) -> list[str]:
        # Preferred values first, otherwise in file order.
        props = sorted(
            (p for p in card.properties if p.name == name), key=lambda p: not p.preferred
        )
        return [_unescape(values[id(p)]) for p in props]

    name = next((n for n in (quick_clean(_unescape(v)) for v in texts("FN")) if n), "")
    if not name:
        name = next((n for n in (_name_from_n(v) for v in texts("N")) if n), "")
    orgs = [quick_clean(_components(v, 1)[0]) for v in texts("ORG")]
    company = next((org for org in orgs if org), "")
    named = bool(name or company)
    name = name or company
    emails = clean_emails(ranked("EMAIL"))
    phones = [
        phone[4:] if phone[:4].lower() == "tel:" else phone
        for phone in (quick_clean(v) for v in ranked("TEL"))
        if phone
    ]
    name = name or (emails[0] if emails else "") or (phones[0] if phones else "")
    if not name:
        return None, False
    title = next((t for t in (quick_clean(_unescape(v)) for v in texts("TITLE")) if t), "")
    title = title or next((t for t in (quick_clean(_unescape(v)) for v in texts("ROLE")) if t), "")
    notes: list[str] = []
    for value in texts("NOTE"):
        note = clean_text(_unescape(value), multiline=True)
        if note and note not in notes:
            notes.append(note)
    tags = clean_tags(tag for value in texts("CATEGORIES") for tag in _categories(value))
    urls = (linkedin_profile(_unescape(v)) for v in texts("URL") + texts("X-SOCIALPROFILE"))
    person = Person(
        name=name,
        company=company,
        title=title,
        emails=tuple(emails),
        phones=tuple(phones),
        location=_location(card, values),
        tags=tuple(tags),
        notes="\n".join(notes),
        linkedin_url=next((url for url in urls if url), ""),
        source=provenance("vcard", source),
    )
    return person.validated(), named


def _card_person(card: _Card, legacy: str | None, source: str) -> tuple[Person | None, bool]:
    """_person(), with anything it did not foresee reported at the line the card starts on."""
    try:
        return _person(card, legacy, source)
    except Exception as error:
        raise unexpected(source, error, card.line) from error


@guarded
def read_vcards(data: bytes, source: str = "") -> list[Person]:
    """Every person in a vCard file (2.1, 3.0 or 4.0, any of the encodings found in the wild).

    `source` is the file's name, used in error messages and as the people's provenance
    ("vcard:contacts.vcf"). Raises FormatError for an empty file, one that is not a vCard,
    or one cut short inside a card that has no name yet.
    """
    check_text_file(data, source)
    data = to_utf8(data)
    # One guess per file for 8-bit text with no CHARSET, as a file comes from one machine (QP
    # values, invisible to this guess, get their own).
    legacy = guess_legacy_charset(data)
    cards, unfinished = _cards(data, source)
    people = [person for card in cards if (person := _card_person(card, legacy, source)[0])]
    if unfinished is not None:
        person, named = _card_person(unfinished, legacy, source)
        if person is None or not named:
            raise FormatError(
                source,
                "the card that starts here has no END:VCARD (is the file cut short?)",
                unfinished.line,
            )
        people.append(person)
    return people


def read_vcard_file(path: str | os.PathLike[str]) -> list[Person]:
    """read_vcards() on a file; errors and provenance name the file."""
    file = Path(path)
    return read_vcards(file.read_bytes(), str(file))


# -- writing -------------------------------------------------------------------------------------

_PREFIXES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev"})
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq", "mba", "cpa"})


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def _split_name(name: str) -> tuple[str, str, str, str, str]:
    """Best-effort N components (family, given, additional, prefix, suffix) of a display name."""
    words = name.replace(",", " ").split()
    prefix = words.pop(0) if len(words) > 1 and words[0].rstrip(".").lower() in _PREFIXES else ""
    suffix = words.pop() if len(words) > 1 and words[-1].rstrip(".").lower() in _SUFFIXES else ""
    if not words:
        return "", "", "", prefix, suffix
    if len(words) == 1:
        return "", words[0], "", prefix, suffix
    return words[-1], words[0], " ".join(words[1:-1]), prefix, suffix


def _adr(location: str) -> str:
    """ADR components for a location: "City, Region, Country" split back when that reads back
    the same; otherwise the whole text as the locality."""
    parts = [part.strip() for part in location.split(",")]
    city = region = country = ""
    if len(parts) == 2:
        city, country = parts
    elif len(parts) == 3:
        city, region, country = parts
    if not city or short_location(city, region, country) != location:
        city, region, country = location, "", ""
    return ";".join(("", "", "", _escape(city), _escape(region), "", _escape(country)))


def _fold(line: str) -> str:
    """Fold at 75 octets (RFC 6350 3.2), never inside a UTF-8 character."""
    raw = line.encode("utf-8")
    if len(raw) <= _FOLD_OCTETS:
        return line
    pieces: list[str] = []
    start, limit = 0, _FOLD_OCTETS
    while start < len(raw):
        end = min(start + limit, len(raw))
        while end < len(raw) and raw[end] & 0xC0 == 0x80:
            end -= 1
        pieces.append(raw[start:end].decode("utf-8"))
        start, limit = end, _FOLD_OCTETS - 1  # a continuation line starts with a space
    return "\r\n ".join(pieces)


def _card_lines(person: Person) -> Iterator[str]:
    yield "BEGIN:VCARD"
    yield "VERSION:4.0"
    yield f"FN:{_escape(person.name)}"
    if person.company and person.name == person.company:
        yield "KIND:org"  # a card for a company (Apple's "Show as company") has no person name
        yield "N:;;;;"
    elif "@" in person.name:
        yield "N:;;;;"  # named after an e-mail address: there is no name to split
    else:
        yield "N:" + ";".join(_escape(part) for part in _split_name(person.name))
    if person.company:
        yield f"ORG:{_escape(person.company)}"
    if person.title:
        yield f"TITLE:{_escape(person.title)}"
    for index, email in enumerate(person.emails):
        yield f"EMAIL{';PREF=1' if index == 0 and len(person.emails) > 1 else ''}:{_escape(email)}"
    for index, phone in enumerate(person.phones):
        yield f"TEL{';PREF=1' if index == 0 and len(person.phones) > 1 else ''}:{_escape(phone)}"
    if person.location:
        yield f"ADR:{_adr(person.location)}"
    if person.linkedin_url:
        yield f"URL:{person.linkedin_url}"  # a URI: no text escaping
    if person.tags:
        yield "CATEGORIES:" + ",".join(_escape(tag) for tag in person.tags)
    if person.notes:
        yield f"NOTE:{_escape(person.notes)}"
    yield "END:VCARD"


def write_vcards(people: Iterable[Person]) -> str:
    """The people as vCard 4.0 text (CRLF line breaks, folded at 75 octets); encode as UTF-8."""
    return "".join(_fold(line) + "\r\n" for person in people for line in _card_lines(person))
