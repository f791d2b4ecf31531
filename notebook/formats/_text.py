"""Bytes to text for contact files: BOMs, UTF-16 without a BOM, and legacy 8-bit charsets.

Contact files come from phones, mail clients and spreadsheets of every age, so nothing here
trusts a declaration alone: UTF-8 is taken when the bytes are valid UTF-8, and otherwise the
bytes themselves choose the 8-bit code page (see _charset.py): Windows-1252 for Western
Europe, 1250 Central Europe, 1251 Cyrillic, 1253 Greek, 1255 Hebrew, an ISO-8859 or KOI8 page.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import re
from collections.abc import Callable, Iterator, Sequence

from . import _charset
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

# When the bytes give nothing to judge by (no 8-bit letters), the usual Western code page.
LEGACY_DEFAULT = "cp1252"


def guess_legacy_charset(data: bytes) -> str | None:
    """The 8-bit code page (a Python codec name) that reads the non-UTF-8 text in `data` as
    letters of one script, the way people write; None when there is no 8-bit text to judge by.

    Valid UTF-8 is left out of the judging (a file may mix both), and the bytes decide, never a
    declaration: see _charset.py.
    """
    return _charset.guess(data)


def charset_name(codec: str) -> str:
    """How people name a code page, for messages: windows-1251, ISO-8859-2, KOI8-R."""
    return _charset.display_name(codec)


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


def needs_legacy(raw: bytes, charset: str = "") -> bool:
    """Whether decode_bytes() would read this value with the 8-bit `legacy` code page: it is
    8-bit, its declared charset (if any) does not fit, and it is not UTF-8."""
    if raw.isascii():
        return False
    codec = charset_codec(charset) if charset else None
    if codec and fits(raw, codec):
        return False
    return not fits(raw, "utf-8") and not _mostly_utf8(raw)


def fits(raw: bytes, codec: str) -> bool:
    """Whether the codec decodes every byte."""
    try:
        raw.decode(codec)
    except UnicodeError:
        return False
    return True


def decode_bytes(raw: bytes, charset: str = "", legacy: str | None = None) -> str:
    """Decode one value: the declared charset if it fits the bytes, else UTF-8, else `legacy`
    (the 8-bit code page its file or card is in; None to guess from this value alone)."""
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


# vCard properties whose value may be a file's raw bytes: some phones write a photo as it is,
# instead of in base64 or as a URI. Such a value runs on over lines of any bytes until the
# next line that starts a property, which PROPERTY_LINE recognises by a name the specs define
# (or an X- name): random bytes seldom spell one at the start of a line.
_RAW_CAPABLE = re.compile(
    rb"[ \t]*(?:[A-Za-z0-9-]+\.)?(?:PHOTO|LOGO|SOUND|KEY)[ \t]*(?:;[^:\r\n]*)?:", re.IGNORECASE
)
PROPERTY_LINE = re.compile(
    rb"[ \t]*(?:[A-Za-z0-9-]+\.)?(?:BEGIN|END|VERSION|SOURCE|KIND|XML|FN|N|NICKNAME|PHOTO|BDAY"
    rb"|ANNIVERSARY|GENDER|ADR|TEL|EMAIL|IMPP|LANG|TZ|GEO|TITLE|ROLE|LOGO|ORG|MEMBER|RELATED"
    rb"|CATEGORIES|NOTE|PRODID|REV|SOUND|UID|CLIENTPIDMAP|URL|KEY|FBURL|CALADRURI|CALURI|LABEL"
    rb"|MAILER|AGENT|NAME|PROFILE|CLASS|SORT-STRING|BIRTHPLACE|DEATHPLACE|DEATHDATE|EXPERTISE"
    rb"|HOBBY|INTEREST|ORG-DIRECTORY|CONTACT-URI|X-[A-Za-z0-9-]+)[ \t]*(?:;[^:\r\n]*)?:",
    re.IGNORECASE,
)
_NOT_TEXT = re.compile(rb"[^\t\x20-\x7e]")
_BEGIN_VCARD = re.compile(rb"begin[ \t]*:[ \t]*vcard", re.IGNORECASE)


def raw_binary_value(line: bytes, following: bytes = b"") -> bool:
    """Whether a line starts a PHOTO, LOGO, SOUND or KEY whose value is raw bytes (anything but
    printable ASCII, which base64 and URIs are), on this line or, after an empty value, on the
    `following` one."""
    match = _RAW_CAPABLE.match(line)
    if match is None:
        return False
    if _NOT_TEXT.search(line, match.end()):
        return True
    return (
        not line[match.end() :].strip()
        and _NOT_TEXT.search(following) is not None
        and not PROPERTY_LINE.match(following)
    )


def without_raw_binary_values(data: bytes) -> bytes:
    """vCard data with raw binary values (see raw_binary_value) cut out, lines joined by LF."""
    lines = re.split(rb"\r\n|\r|\n", data)
    kept: list[bytes] = []
    skipping = False
    for n, line in enumerate(lines):
        if skipping and not PROPERTY_LINE.match(line):
            continue
        skipping = raw_binary_value(line, lines[n + 1] if n + 1 < len(lines) else b"")
        if not skipping:
            kept.append(line)
    return b"\n".join(kept)


def _looks_binary(sample: bytes) -> bool:
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 0x20 and byte not in b"\t\n\r\f")
    return controls > len(sample) * 0.05


def is_binary(data: bytes) -> bool:
    """True for data that is not text in any encoding a contact file uses.

    A vCard may hold a photo's raw bytes (see raw_binary_value): those values are left out of
    the judging, so such a card is read, while a PNG, a zip or a vCard with NULs in its text
    is still binary.
    """
    if data.startswith(_MAGIC):
        return True
    if unicode_encoding(data) is not None:
        return False
    sample = data[:8192]
    if _looks_binary(sample) and _BEGIN_VCARD.search(sample):
        sample = without_raw_binary_values(data)[:8192]
    return _looks_binary(sample)


def check_text_file(data: bytes, path: str) -> None:
    """Raise FormatError for an empty or binary file, the two failures every reader shares."""
    if not to_utf8(data).strip(b" \t\r\n\x00"):
        raise FormatError(path, "the file is empty")
    if is_binary(data):
        raise FormatError(path, "not a contact file (binary data)")


def decode_text(data: bytes) -> str:
    """A whole text file as str: BOM and UTF-16 handled, UTF-8 else a guessed legacy charset."""
    return decode_text_guessing(data)[0]


def decode_text_guessing(data: bytes) -> tuple[str, str | None]:
    """decode_text(), and the code page it guessed (None when the bytes were Unicode), so that a
    reader can say so in its notes (charset_name() names it)."""
    data = to_utf8(data)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    codec = guess_legacy_charset(data) or LEGACY_DEFAULT
    return data.decode(codec, errors="replace"), codec


# Excel's first-line hint, "sep=;", names the delimiter; it is no row of the table.
_SEP_LINE = re.compile(r"\A[ \t]*sep=([^\r\n])[ \t]*(?:\r\n|\r|\n)", re.IGNORECASE)
_DELIMITERS = (",", ";", "\t")
_SNIFF_CHARS = 64 * 1024
_SNIFF_ROWS = 50


def sniff_delimiter(text: str) -> str:
    """The delimiter a CSV uses: comma, semicolon (Excel where the decimal mark is a comma, and
    such LinkedIn exports) or tab, whichever splits most of the first rows into one same
    number of cells; a comma when none splits anything.

    Counting rows of one width, not cells, keeps a comma file whose values hold semicolons
    ("+1 418 656 9254;ext=102") a comma file: its semicolons make ragged rows. And where a
    delimiter splits the first row (the header), one that leaves it whole is not the file's:
    tabs and line breaks inside quoted notes would otherwise make more rows of one width.
    """
    sample = text[:_SNIFF_CHARS]
    scores: dict[str, tuple[int, int]] = {}
    splits_header: set[str] = set()
    for delimiter in _DELIMITERS:
        widths: dict[int, int] = {}
        rows = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
        try:
            for n, row in enumerate(rows):
                if len(row) >= 2:
                    widths[len(row)] = widths.get(len(row), 0) + 1
                    if n == 0:
                        splits_header.add(delimiter)
                if n >= _SNIFF_ROWS:
                    break
        except csv.Error:
            pass  # the rows read so far still count
        if widths:
            width, count = max(widths.items(), key=lambda item: (item[1], item[0]))
            scores[delimiter] = (count, width)
    candidates = [d for d in scores if d in splits_header] or list(scores)
    best, best_score = ",", (0, 0)
    for delimiter in candidates:
        if scores[delimiter] > best_score:
            best, best_score = delimiter, scores[delimiter]
    return best


def csv_layout(text: str) -> tuple[str, str, int]:
    """(the table's text, its delimiter, the number of lines before it): Excel's "sep=" line
    taken off and obeyed, else the delimiter sniffed."""
    hint = _SEP_LINE.match(text)
    if hint and hint.group(1) in (",", ";", "\t", "|"):
        return text[hint.end() :], hint.group(1), 1
    return text, sniff_delimiter(text), 0


def _unclosed_quote(lines: list[str], delimiter: str) -> int | None:
    """Where, counting from 0, a quoted value opens that a row's lines never close, read the
    way csv.reader reads them (a quote opens a value only at its start; after the closing
    quote, the rest of the value is kept as it is); None when there is none.

    A quoted value that runs over a line break and is then "closed" by a quote with more text
    after it ("Contoso on the next row) was never closed either: its quote took in the lines
    up to the next quote in the file, which opened another value.
    """
    start, in_quotes, after_quote = True, False, False
    opened = 0
    for n, line in enumerate(lines):
        for char in line:
            if in_quotes:
                in_quotes = char != '"'
                after_quote = not in_quotes
            elif after_quote and char == '"':
                in_quotes, after_quote = True, False  # a doubled quote inside the value
            elif char == delimiter or char in "\r\n":
                start, after_quote = True, False
            elif start and char == '"':
                in_quotes, start, opened = True, False, n
            else:
                if after_quote and n > opened:
                    return opened
                start, after_quote = False, False
    return opened if in_quotes else None


class CsvRows:
    """The rows of CSV text, each with the number of the line it starts on (a quoted value may
    hold line breaks), as csv.reader reads them, but refusing a quoted value that is never
    closed: csv.reader would take the lines after its quote into that one value, and the rows
    on them would silently be gone.

    `before` lines precede the text in its file (Excel's "sep=" line), for the line numbers.
    With `whole` False the text is only the start of a file, whose end may fall inside a long
    quoted value: the row cut there is left out, not refused. csv.Error is left to the caller,
    with line_num for its message.
    """

    def __init__(
        self, text: str, delimiter: str, source: str, before: int = 0, *, whole: bool = True
    ) -> None:
        self.delimiter, self.source, self.before, self.whole = delimiter, source, before, whole
        # The lines as csv.reader takes them, to look at the quotes of the rows that need it.
        self._lines = io.StringIO(text, newline="").readlines()
        self._reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        self._rows = self._read()

    @property
    def line_num(self) -> int:
        """The number of the last line read."""
        return self.before + self._reader.line_num

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        return self._rows

    def _read(self) -> Iterator[tuple[int, list[str]]]:
        ended = 0  # the line the previous row ended on
        last = len(self._lines)
        for row in self._reader:
            read = self._reader.line_num
            # Only a row over several lines, or the last, can hold a quote left open.
            if read - ended > 1 or read >= last:
                opened = _unclosed_quote(self._lines[ended:read], self.delimiter)
                if opened is not None:
                    if not self.whole and read >= last:
                        return  # cut at the end of the sample: the rest is beyond it
                    line = self.before + ended + 1 + opened
                    raise FormatError(self.source, "a quoted value is never closed", line)
            yield self.before + ended + 1, row
            ended = read


def refuse_a_cut_last_row(
    header: Sequence[str], rows: Sequence[tuple[int, list[str]]], text: str, source: str
) -> None:
    """Refuse a CSV that looks cut short (FormatError naming the line its last row starts on):
    the file ends without a line break, inside a last row that has fewer cells than the
    header has columns. That is what a download or a copy that stopped part-way leaves, and the
    cells the row still has would update someone with values cut off mid-word (a LinkedIn URL
    read as "https://www.link"), or make a new person of half a row.

    A last row with every named column is whole, line break or not, and short rows that a line
    break ends are rows as their program wrote them (some leave out trailing empty cells): both
    are read as ever. A cut inside a quoted value is CsvRows' to refuse."""
    if not rows or text.endswith(("\n", "\r")):
        return
    line, row = rows[-1]
    # Cells under no column name are read by nobody: a row without them lacks nothing.
    width = max((n + 1 for n, cell in enumerate(header) if cell.strip()), default=0)
    if len(row) >= width or not any(cell.strip() for cell in row):
        return
    raise FormatError(
        source,
        f"the last row has {len(row)} of the header's {width} columns and no line break ends "
        "it: the file looks cut short (if it is whole, end it with a line break)",
        line,
    )


def read_csv(
    data: bytes, source: str, is_header: Callable[[list[str]], bool], missing: str
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """A CSV file's header (its first non-blank row, which must satisfy `is_header`, else
    FormatError with the `missing` message) and the rows under it, each with the number of the
    line it starts on (a quoted cell may hold line breaks), for messages. The delimiter is
    sniffed (see sniff_delimiter); a quoted value that is never closed is refused, with the
    line its quote opens on."""
    check_text_file(data, source)
    text, delimiter, skipped = csv_layout(decode_text(data))
    reader = CsvRows(text, delimiter, source, skipped)
    rows = iter(reader)
    try:
        header = next((row for _, row in rows if any(cell.strip() for cell in row)), [])
        if not is_header(header):
            raise FormatError(source, missing, reader.line_num or None)
        table = list(rows)
        refuse_a_cut_last_row(header, table, text, source)
        return header, table
    except csv.Error as error:
        raise FormatError(source, f"not readable as CSV ({error})", reader.line_num) from None
