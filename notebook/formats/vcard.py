"""vCard 2.1, 3.0 and 4.0: a lenient reader of our own and a strict vCard 4.0 writer.

Real address books break the specs in every direction (see tests/data/contacts-real), so the
reader works on bytes line by line: each line may carry its own CHARSET and ENCODING, line
endings are mixed, 2.1 values continue after a quoted-printable soft break even when the next
line starts with `#`, base64 photos run on until a blank line, and a photo's raw bytes run on
until the next property. Only the fields a person record holds are decoded; everything else
(photos, keys, IM handles, other X- extensions) is skipped.

8-bit text that declares no charset is read in a charset declared elsewhere in its card, else
in one guessed from the bytes (see _charset.py), and the import summary says what was guessed.

The writer keeps what vCard has no property for in X-NOTEBOOK- properties that the reader reads
back: how you met, when you connected, past companies. Reading an export and writing it again
gives the same bytes.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..records import Person, clean_text
from . import _charset
from ._fields import (
    NameParts,
    clean_emails,
    clean_tags,
    free_form_location,
    join_name,
    linkedin_profile,
    name_parts,
    provenance,
    quick_clean,
    short_location,
)
from ._text import (
    PROPERTY_LINE,
    charset_codec,
    charset_name,
    check_text_file,
    decode_bytes,
    fits,
    needs_legacy,
    raw_binary_value,
    to_utf8,
)
from .errors import Contacts, FormatError, guarded, unexpected

__all__ = ["read_vcard_file", "read_vcards", "write_vcards"]

# The notebook's own fields, which vCard has no property for.
HOW_MET = "X-NOTEBOOK-HOW-MET"
CONNECTED_ON = "X-NOTEBOOK-CONNECTED-ON"
PAST_COMPANY = "X-NOTEBOOK-PAST-COMPANY"

# The properties a Person is built from; all others are never decoded.
_WANTED = frozenset(
    {"FN", "N", "ORG", "TITLE", "ROLE", "EMAIL", "TEL", "ADR", "LABEL", "NOTE", "CATEGORIES"}
    | {"URL", "X-SOCIALPROFILE", "UID", "VERSION", HOW_MET, CONNECTED_ON, PAST_COMPANY}
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
    raw = False  # inside a photo's raw bytes, which end where a property line starts
    for number, line in enumerate(lines, 1):
        if raw:
            if not PROPERTY_LINE.match(line):
                continue
            raw = False
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
            current = None
        if raw_binary_value(line, lines[number] if number < len(lines) else b""):
            raw = True  # nothing to keep: skip it and the lines its bytes run on over
            continue
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


def _value_bytes(prop: _Property) -> bytes:
    """The property's value with its transfer encoding (quoted-printable, base64) undone."""
    raw = prop.raw
    encoding = prop.param("ENCODING")
    if encoding in _QP_ENCODINGS:
        return binascii.a2b_qp(raw)
    if encoding in _BINARY_ENCODINGS:
        try:
            return base64.b64decode(b"".join(raw.split()), validate=False)
        except (binascii.Error, ValueError):
            return b""
    return raw


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


def _categories(text: str, version: str) -> list[str]:
    # Commas separate categories. A value whose only commas are escaped is one category by the
    # spec, but 3.0 writers escape the list separators too (Thunderbird); vCard 4.0 spells the
    # escaping out (RFC 6350 3.4), so there an escaped comma is part of a tag.
    if version.startswith("4") or "," in text.replace("\\,", ""):
        parts = _split_escaped(text, ",")
    else:
        parts = text.replace("\\,", ",").split(",")
    return [_unescape(part) for part in parts]


# -- reading: cards ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Card:
    line: int
    properties: list[_Property] = field(default_factory=list)
    # CHARSET parameters on any of its properties, wanted or not: the charset of its undeclared
    # 8-bit text too, most likely.
    charsets: list[str] = field(default_factory=list)


def _cards(data: bytes, path: str) -> list[_Card]:
    """The cards of a file, each complete. FormatError for a file with none, and for one that
    ends inside a card."""
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
        wanted = name.decode("ascii", "replace") in _WANTED
        if wanted or b"CHARSET" in line[:colon].upper():
            try:
                prop = _parse_property(line, number)
            except Exception as error:
                raise unexpected(path, error, number) from error
            if prop is None:
                continue
            if charset := prop.param("CHARSET"):
                card.charsets.append(charset)
            if wanted:
                card.properties.append(prop)
    if card is not None:
        # A download or copy that stopped part-way: the card's values may end mid-word (a
        # title "Reda" for "Redaktion"), and would update someone with that. The file is
        # refused whole, so that nothing of it is imported until it is complete.
        raise FormatError(
            path, "the card that starts here has no END:VCARD (is the file cut short?)", card.line
        )
    if not cards:
        first_line = next((n for n, line in enumerate(lines, 1) if line.strip()), 1)
        raise FormatError(path, "not a vCard (no BEGIN:VCARD)", first_line)
    return cards


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
        if region.strip() or country.strip():
            location = short_location(city, region, country)
        else:
            location = clean_text(city)  # a locality alone is kept whole, as the writer puts it
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


def _card_charset(card: _Card, raws: dict[int, bytes]) -> tuple[str | None, list[bytes]]:
    """The charset a card declares that reads all its undeclared 8-bit text, else None and
    that text (for guessing); (None, []) when there is none."""
    undeclared = [
        raws[id(prop)]
        for prop in card.properties
        if needs_legacy(raws[id(prop)], prop.param("CHARSET"))
    ]
    if not undeclared:
        return None, []
    for charset in dict.fromkeys(card.charsets):
        codec = charset_codec(charset)
        if codec and all(fits(raw, codec) for raw in undeclared):
            return codec, []
    return None, undeclared


def _phone(text: str) -> str:
    """A phone number, without the scheme of a 4.0 `tel:` URI."""
    return text[4:].strip() if text[:4].lower() == "tel:" else text


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _person(d: _Decoded, source: str) -> Person | None:
    """The card as a Person (None if it holds nothing to name one by). `source` is the people's
    provenance."""
    card = d.card
    values: dict[int, str] = {}
    by_name: dict[str, list[_Property]] = {}
    for prop in card.properties:
        values[id(prop)] = decode_bytes(d.raws[id(prop)], prop.param("CHARSET"), d.legacy)
        by_name.setdefault(prop.name, []).append(prop)

    def texts(name: str) -> list[str]:
        return [values[id(p)] for p in by_name.get(name, ())]

    def ranked(name: str) -> list[str]:
        # Preferred values first, otherwise in file order.
        props = sorted(by_name.get(name, ()), key=lambda p: not p.preferred)
        return [_unescape(values[id(p)]) for p in props]

    def first_line(name: str) -> str:
        return next((t for t in (quick_clean(_unescape(v)) for v in texts(name)) if t), "")

    name = first_line("FN")
    if not name:
        name = next((n for n in (_name_from_n(v) for v in texts("N")) if n), "")
    orgs = [quick_clean(_components(v, 1)[0]) for v in texts("ORG")]
    company = next((org for org in orgs if org), "")
    name = name or company
    emails = clean_emails(ranked("EMAIL"))
    phones = [phone for phone in (_phone(quick_clean(v)) for v in ranked("TEL")) if phone]
    name = name or (emails[0] if emails else "") or (phones[0] if phones else "")
    if not name:
        return None
    notes: list[str] = []
    for value in texts("NOTE"):
        note = clean_text(_unescape(value), multiline=True)
        if note and note not in notes:
            notes.append(note)
    how_met = next(
        (m for m in (clean_text(_unescape(v), multiline=True) for v in texts(HOW_MET)) if m), ""
    )
    tags = clean_tags(tag for v in texts("CATEGORIES") for tag in _categories(v, d.version))
    urls = (linkedin_profile(_unescape(v)) for v in texts("URL") + texts("X-SOCIALPROFILE"))
    past = (quick_clean(_unescape(value)) for value in texts(PAST_COMPANY))
    person = Person(
        name=name,
        company=company,
        title=first_line("TITLE") or first_line("ROLE"),
        past_companies=tuple(company for company in past if company),
        emails=tuple(emails),
        phones=tuple(phones),
        location=_location(card, values),
        tags=tuple(tags),
        how_met=how_met,
        notes="\n".join(notes),
        connected_on=next((day for day in map(_date, texts(CONNECTED_ON)) if day), None),
        linkedin_url=next((url for url in urls if url), ""),
        source=source,
        # An identifier, read as written: a 4.0 UID is a URI, which has no escapes to undo.
        uid=next((u for u in map(quick_clean, texts("UID")) if u), ""),
    )
    return person.validated()


@dataclass(slots=True)
class _Decoded:
    """A card's values as bytes, and the 8-bit charset to read the undeclared ones in."""

    card: _Card
    raws: dict[int, bytes]
    version: str
    legacy: str | None = None
    undeclared: list[bytes] = field(default_factory=list)  # when `legacy` is still to guess


def _decoded(card: _Card) -> _Decoded:
    raws = {id(prop): _value_bytes(prop) for prop in card.properties}
    versions = [raws[id(p)].strip() for p in card.properties if p.name == "VERSION"]
    version = versions[0].decode("ascii", "replace") if versions else ""
    legacy, undeclared = _card_charset(card, raws)
    return _Decoded(card, raws, version, legacy, undeclared)


def _guess_charsets(decoded: list[_Decoded]) -> str | None:
    """Fill in `legacy` for the cards whose 8-bit text declares no charset; returns the note
    for the import summary ("charset guessed as windows-1251 for 3 cards", and "(check the
    names)" after a guess that was a close call, see _charset.close_call()), or None.

    A file comes from one machine, so one guess over all such cards' text stands for each card
    it reads without a flaw; a card it misreads (a file joined from two machines) gets its own.
    """
    guessing = [d for d in decoded if d.undeclared]
    if not guessing:
        return None
    file_guess = _charset.guess(b"\n".join(raw for d in guessing for raw in d.undeclared))
    guessed: dict[str, list[bytes]] = {}  # each charset guessed, and the text it reads
    counts: Counter[str] = Counter()
    for d in guessing:
        words = _charset.words(b"\n".join(d.undeclared))
        if file_guess and _charset.reads_cleanly(words, file_guess):
            d.legacy = file_guess
        else:
            d.legacy = (_charset.best_of(words) if words else None) or file_guess
        if d.legacy:
            counts[d.legacy] += 1
            guessed.setdefault(d.legacy, []).extend(d.undeclared)
    if not counts:
        return None
    found = []
    for codec, n in counts.most_common():
        # A guess that passed over a reading in other letters that fit better is worth a look.
        close = _charset.close_call(_charset.words(b"\n".join(guessed[codec])), codec)
        check = " (check the names)" if close else ""
        found.append(f"{charset_name(codec)} for {n} card{'s' * (n > 1)}{check}")
    return "charset guessed as " + ", ".join(found)


def _card_person(d: _Decoded, source: str, origin: str) -> Person | None:
    """_person(), with anything it did not foresee reported at the line the card starts on."""
    try:
        return _person(d, origin)
    except Exception as error:
        raise unexpected(source, error, d.card.line) from error


@guarded
def read_vcards(data: bytes, source: str = "") -> Contacts:
    """Every person in a vCard file (2.1, 3.0 or 4.0, any of the encodings found in the wild).

    `source` is the file's name, used in error messages and as the people's provenance
    ("vcard:contacts.vcf"). Cards with no name at all are listed in the result's `skipped`,
    and a guessed charset in its `notes`. Raises FormatError for an empty file, one that is
    not a vCard, or one cut short inside a card (its last card has no END:VCARD).
    """
    check_text_file(data, source)
    decoded = [_decoded(card) for card in _cards(to_utf8(data), source)]
    note = _guess_charsets(decoded)
    result = Contacts(notes=[note] if note else [])
    origin = provenance("vcard", source)
    for d in decoded:
        person = _card_person(d, source, origin)
        if person is None:
            result.skipped.append((f"card at line {d.card.line}", "no name"))
        else:
            result.append(person)
    return result


def read_vcard_file(path: str | os.PathLike[str]) -> Contacts:
    """read_vcards() on a file; errors and provenance name the file."""
    file = Path(path)
    return read_vcards(file.read_bytes(), str(file))


# -- writing -------------------------------------------------------------------------------------


def _text(text: str) -> str:
    """A text value escaped as RFC 6350 3.4 says: backslash, comma and newline always. A
    semicolon only separates the components of compound properties, so elsewhere it stays."""
    return (
        text.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def _component(text: str) -> str:
    """One component of a compound value (N, ADR, ORG) or one item of a list (CATEGORIES):
    a semicolon in it is escaped, or it would split the component."""
    return _text(text).replace(";", "\\;")


def _n(name: str) -> NameParts:
    """The N components of a person's name. A name the split finds no part in, or one after an
    e-mail address or a handle ("@mention"), which has no parts to split, is all family name:
    address books show an empty N as a nameless card."""
    parts = NameParts(name, "", "", "", "") if "@" in name else name_parts(name)
    return parts if any(parts) else NameParts(name, "", "", "", "")


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
    return ";".join(("", "", "", _component(city), _component(region), "", _component(country)))


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


def _unique(values: Iterable[str]) -> list[str]:
    """The values, each once whatever its case (as a person record keeps them)."""
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(value.casefold(), value)
    return list(seen.values())


def _card_lines(person: Person) -> Iterator[str]:
    yield "BEGIN:VCARD"
    yield "VERSION:4.0"
    if uid := person.uid.replace("\r", "").replace("\n", ""):
        yield f"UID:{uid}"  # a URI (or the notebook's own uid), written as it is
    yield f"FN:{_text(person.name)}"
    if person.company and person.name == person.company:
        yield "KIND:org"  # a card for a company (Apple's "Show as company") has no person name
        yield "N:;;;;"
    else:
        yield "N:" + ";".join(_component(part) for part in _n(person.name))
    if person.company:
        yield f"ORG:{_component(person.company)}"  # ORG is compound: name;unit;unit
    if person.title:
        yield f"TITLE:{_text(person.title)}"
    # Addresses, numbers and tags as the reader will take them (mailto: and tel: dropped, a
    # display name taken off an address), so that reading an export and writing it again
    # gives the same bytes.
    emails = _unique(clean_emails(person.emails))
    for index, email in enumerate(emails):
        yield f"EMAIL{';PREF=1' if index == 0 and len(emails) > 1 else ''}:{_text(email)}"
    phones = _unique(phone for phone in map(_phone, person.phones) if phone)
    for index, phone in enumerate(phones):
        yield f"TEL{';PREF=1' if index == 0 and len(phones) > 1 else ''}:{_text(phone)}"
    if person.location:
        yield f"ADR:{_adr(person.location)}"
    if person.linkedin_url:
        # A URI: no text escaping. The reader adds a missing scheme, so write it with one.
        yield f"URL:{linkedin_profile(person.linkedin_url) or person.linkedin_url}"
    if tags := _unique(clean_tags(person.tags)):
        yield "CATEGORIES:" + ",".join(_component(tag) for tag in tags)
    if person.notes:
        yield f"NOTE:{_text(person.notes)}"
    if person.how_met:
        yield f"{HOW_MET}:{_text(person.how_met)}"
    if person.connected_on:
        yield f"{CONNECTED_ON}:{person.connected_on.isoformat()}"
    for company in person.past_companies:
        yield f"{PAST_COMPANY}:{_text(company)}"
    yield "END:VCARD"


def write_vcards(people: Iterable[Person]) -> str:
    """The people as vCard 4.0 text (CRLF line breaks, folded at 75 octets); encode as UTF-8.

    Fields vCard cannot hold (cadence, conversations, who introduced whom) are not written."""
    return "".join(_fold(line) + "\r\n" for person in people for line in _card_lines(person))


def property_lines(person: Person, version: str = "4.0") -> list[tuple[str, str]]:
    """The writer's lines for one person, each with its property name and folded as written
    (without the final line break): what an edit of an existing card puts in place of the
    properties the notebook keeps, leaving the card's other lines alone. For a card of an older
    `version` a preferred value is marked as that version marks it (TYPE=pref in 3.0, PREF in
    2.1), and 2.1 text that is not ASCII says it is UTF-8."""
    lines: list[tuple[str, str]] = []
    for line in _card_lines(person):
        head, _, value = line.partition(":")
        if version.startswith("3"):
            head = head.replace(";PREF=1", ";TYPE=pref")
        elif version.startswith("2"):
            head = head.replace(";PREF=1", ";PREF")
            if not value.isascii():
                head += ";CHARSET=UTF-8"
        lines.append((head.split(";", 1)[0].upper(), _fold(f"{head}:{value}")))
    return lines
