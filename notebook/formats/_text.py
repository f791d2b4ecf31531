"""Bytes to text for contact files: BOMs, UTF-16 without a BOM, and legacy 8-bit charsets.

Contact files come from phones, mail clients and spreadsheets of every age, so nothing here
trusts a declaration alone: UTF-8 is taken when the bytes are valid UTF-8, and otherwise the
bytes choose between Windows-1252 (Western Europe, the usual case) and ISO-8859-2 (Central
Europe).
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import re
from collections.abc import Callable

from .errors import FormatError

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# A well-formed UTF-8 multi-byte sequence (overlongs and surrogates are close enough to ignore).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
# A byte above ASCII with a letter or another such byte beside it: part of a word, so it should
# decode to a letter. (A lone "£50" or "± 2" says nothing about the charset.)
_HIGH_IN_WORD = re.compile(rb"(?<=[A-Za-z\x80-\xff])[\x80-\xff]|[\x80-\xff](?=[A-Za-z\x80-\xff])")

LEGACY_DEFAULT = "cp1252"
_LEGACY_CANDIDATES = ("cp1252", "iso-8859-2")


def _letter_scores(charset: str) -> dict[int, int]:
    scores: dict[int, int] = {}
    for byte in range(0x80, 0x100):
        char = bytes([byte]).decode(charset, errors="replace")
        if char.isalpha():
            scores[byte] = 1
        elif char == "\ufffd" or "\x80" <= char <= "\x9f":
            scores[byte] = -3  # undefined or a C1 control: text almost never holds one
        else:
            scores[byte] = -1  # a symbol inside a word: possible, but a letter is likelier
    return scores


_SCORES = {charset: _letter_scores(charset) for charset in _LEGACY_CANDIDATES}


def guess_legacy_charset(data: bytes) -> str | None:
    """Windows-1252 or ISO-8859-2 for bytes that are not UTF-8, by which reads as letters;
    None when the bytes hold no 8-bit letters to judge by.

    Both agree on ä, é, ö, ü, ß, so those leave Windows-1252 (the usual Western default);
    Polish or Czech text (ł, ś, ż, š in 0xA0-0xBF) reads as symbols in Windows-1252 and tips it.
    """
    if data.isascii():
        return None
    sample = _UTF8_SEQUENCE.sub(b" ", data)
    in_word = [match.group()[0] for match in _HIGH_IN_WORD.finditer(sample)]
    if not in_word:
        return None
    totals = {
        charset: sum(_SCORES[charset][byte] for byte in in_word) for charset in _LEGACY_CANDIDATES
    }
    best = max(_LEGACY_CANDIDATES, key=lambda charset: totals[charset])
    return best if totals[best] > totals[LEGACY_DEFAULT] else LEGACY_DEFAULT


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 by its NUL pattern: ASCII markup in UTF-16 puts a NUL in every other byte."""
    sample = data[:4096]
    half = len(sample) // 2
    if half < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= half * 0.3 and even <= half * 0.05:
        return "utf-16-le"
    if even >= half * 0.3 and odd <= half * 0.05:
        return "utf-16-be"
    return None


def unicode_encoding(data: bytes) -> tuple[str, int] | None:
    """The Unicode encoding the bytes announce (BOM) or show (UTF-16 NULs), and the BOM length."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    sniffed = _utf16_without_bom(data)
    return (sniffed, 0) if sniffed else None


def to_utf8(data: bytes) -> bytes:
    """The same content as UTF-8 (or untouched 8-bit) bytes: BOM gone, UTF-16/32 transcoded.

    Readers that work line by line on bytes (vCard, where each line may carry its own charset)
    start from here.
    """
    found = unicode_encoding(data)
    if found is None:
        return data
    encoding, bom = found
    if encoding == "utf-8":
        return data[bom:]
    return data[bom:].decode(encoding, errors="replace").encode("utf-8")


def _mostly_utf8(raw: bytes) -> bool:
    """True when valid UTF-8 sequences outnumber stray high bytes: UTF-8 with a few bad bytes."""
    matches = _UTF8_SEQUENCE.findall(raw)
    stray = sum(1 for byte in raw if byte >= 0x80) - sum(len(match) for match in matches)
    return len(matches) > stray


# What a charset name can look like ("UTF-8", "ISO-8859-1", "x-mac-roman", "Windows-1252").
_CHARSET_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:+-]{0,39}")
# Text codecs (as codecs.lookup() names them) that are no charset a file could be written in:
# decoding with them always fails ("undefined") or turns escapes and domain names into text.
_NOT_CHARSETS = frozenset({"undefined", "idna", "punycode", "unicode-escape", "raw-unicode-escape"})


@functools.lru_cache(maxsize=256)
def charset_codec(charset: str) -> str | None:
    """The Python codec a declared charset names, or None when the declaration is of no use.

    Declarations are read from the file, so they can hold anything: a NUL or other junk (which
    codecs.lookup() rejects with ValueError, not LookupError), an unknown name, or the name of a
    bytes-to-bytes codec such as base64 or zlib. None lets the bytes decide instead.
    """
    name = charset.strip().strip('"').strip()
    if not _CHARSET_NAME.fullmatch(name):
        return None
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        return None
    if not info._is_text_encoding or info.name in _NOT_CHARSETS:
        return None
    return info.name


def decode_bytes(raw: bytes, charset: str = "", legacy: str | None = None) -> str:
    """Decode one value: the declared charset if it fits the bytes, else UTF-8, else `legacy`
    (the file's guessed 8-bit charset; None to guess from this value alone)."""
    if raw.isascii():
        return raw.decode("ascii")
    codec = charset_codec(charset) if charset else None
    if codec:
        try:
            return raw.decode(codec)
        except UnicodeError:
            pass  # a wrong declaration: let the bytes decide
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(raw):
        return raw.decode("utf-8", errors="replace")
    return raw.decode(legacy or guess_legacy_charset(raw) or LEGACY_DEFAULT, errors="replace")


_MAGIC: tuple[bytes, ...] = (
    b"PK\x03\x04",  # zip (a whole LinkedIn archive, an .xlsx)
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"\x1f\x8b",  # gzip
    b"SQLite format",
    b"\xd0\xcf\x11\xe0",  # old Office (.xls)
)


def is_binary(data: bytes) -> bool:
    """True for data that is not text in any encoding a contact file uses."""
    if data.startswith(_MAGIC):
        return True
    if unicode_encoding(data) is not None:
        return False
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 0x20 and byte not in b"\t\n\r\f")
    return controls > len(sample) * 0.05


def check_text_file(data: bytes, path: str) -> None:
    """Raise FormatError for an empty or binary file, the two failures every reader shares."""
    if not to_utf8(data).strip(b" \t\r\n\x00"):
        raise FormatError(path, "the file is empty")
    if is_binary(data):
        raise FormatError(path, "not a contact file (binary data)")


def decode_text(data: bytes) -> str:
    """A whole text file as str: BOM and UTF-16 handled, UTF-8 else a guessed legacy charset."""
    data = to_utf8(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode(guess_legacy_charset(data) or LEGACY_DEFAULT, errors="replace")


def read_csv(
    data: bytes, source: str, is_header: Callable[[list[str]], bool], missing: str
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """A CSV file's header (its first non-blank row, which must satisfy `is_header`, else
    FormatError with the `missing` message) and the rows under it, each with the number of the
    line it starts on (a quoted cell may hold line breaks), for messages."""
    check_text_file(data, source)
    reader = csv.reader(io.StringIO(decode_text(data), newline=""))
    try:
        header = next((row for row in reader if any(cell.strip() for cell in row)), [])
        if not is_header(header):
            raise FormatError(source, missing, reader.line_num or None)
        rows: list[tuple[int, list[str]]] = []
        ended = reader.line_num  # the line the previous row ended on
        for row in reader:
            rows.append((ended + 1, row))
            ended = reader.line_num
        return header, rows
    except csv.Error as error:
        raise FormatError(source, f"not readable as CSV ({error})", reader.line_num) from None
