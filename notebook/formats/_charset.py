"""Which 8-bit charset undeclared text is in: UTF-8 never reaches here, only bytes that are not.

A contact file without a declared charset was written in its machine's code page: Windows-1252
in Western Europe, 1250 in Central Europe, 1251 for Cyrillic, 1253 Greek, 1255 Hebrew, or an
ISO-8859 or KOI8 page on older Unix and phones. The bytes alone must tell them apart, and a
contact's text is short (a name, a city), too short for a detector's language statistics.

So charset-normalizer, a maintained detector, first proposes the readings that are not a mess
(and on longer text measures how much each reads like a language), and the readings are then
ranked by what holds for names and short notes in any language:

1. the fewest flaws: each 8-bit byte in a word should be a letter, a word's letters should be of
   one script ("Renй", Latin with a Cyrillic letter, is a misreading), upper case does not
   follow lower case inside a word, a final form (Greek ς, Hebrew ך) ends its word, and a Latin
   word is mostly plain ASCII letters ("Äìèòðèé" is Cyrillic read as Windows-1252);
2. then a reading the detector kept over one it threw out;
3. then how well the letters fit a language's commonest letters (Greek read as Cyrillic gives
   letters Russian seldom uses), less when a cased script has no capital, or no small letter;
4. then, among Latin readings whose fit is about as good (the letter tables hold each
   language's 26 commonest letters only, so they cannot tell French è from Czech č), the
   commoner code page (the candidates' order).
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import charset_normalizer
from charset_normalizer.constant import FREQUENCIES

# The code pages undeclared 8-bit contact files come in, the commonest first: a tie goes to the
# earlier one. ISO-8859-1 is left out, as Windows-1252 reads the same letters (its 0x80-0x9F
# are controls that text never holds).
CANDIDATES: tuple[str, ...] = (
    "cp1252",
    "cp1250",
    "cp1251",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1257",
    "cp1256",
    "cp1258",
    "iso8859-2",
    "iso8859-15",
    "iso8859-5",
    "iso8859-7",
    "iso8859-8",
    "iso8859-9",
    "iso8859-13",
    "iso8859-4",
    "iso8859-3",
    "iso8859-10",
    "iso8859-14",
    "iso8859-16",
    "iso8859-6",
    "koi8-r",
    "koi8-u",
)

# A word as the bytes show it: ASCII letters and 8-bit bytes, with at least one of the latter.
_WORD = re.compile(rb"[A-Za-z\x80-\xff]*[\x80-\xff][A-Za-z\x80-\xff]*")
# A well-formed UTF-8 multi-byte sequence: mixed files have some, and they are not 8-bit text.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
# Enough words to decide by, however large the file (and few enough to score quickly).
_MAX_WORDS = 400
# Punctuation that sits in or beside words in real text: apostrophes, quotes, dashes, the
# Catalan middle dot, a no-break space.
_WORD_PUNCTUATION = frozenset("’‘‚‛“”„«»‹›–—‐‑·…\u00a0")
_OPENING = frozenset("¿¡")  # Spanish: only at the start of a word
_QUOTES = frozenset("‚“”„«»‹›")  # only at either end of a word
_FINAL_FORMS = frozenset("ςךםןףץ")
_SCRIPTS = frozenset({"LATIN", "GREEK", "CYRILLIC", "HEBREW", "ARABIC"})
_CASELESS = frozenset({"HEBREW", "ARABIC"})
# Languages of the scripts above (charset-normalizer's tables of each language's 26 commonest
# letters also cover Chinese, Japanese, Thai...: no code page here can read those).
_LANGUAGES = {
    language: letters
    for language, letters in FREQUENCIES.items()
    if letters and unicodedata.name(letters[0], "").split(" ")[0] in _SCRIPTS
}
_ODD_CASE = 0.2  # taken off the fit of a cased reading with no capital, or no small letter
_SAME_FIT = 0.2  # Latin fits this close are a tie


@dataclass(frozen=True, slots=True)
class _Char:
    """What one 8-bit byte reads as in one code page."""

    text: str
    kind: str  # "letter", "mark", "punctuation" (harmless in a word) or "symbol"
    script: str = ""  # of a letter, or of a mark that belongs to one script (Hebrew points)
    upper: bool = False
    lower: bool = False
    # How common the letter is in each language (1 for the commonest, down to 0; -0.5 when it
    # is not among that language's 26 commonest).
    fit: tuple[float, ...] = ()


_ASCII_UPPER = _Char("A", "letter", "LATIN", upper=True)
_ASCII_LOWER = _Char("a", "letter", "LATIN", lower=True)


def _fit(letter: str) -> tuple[float, ...]:
    lower = letter.lower()
    lower = lower[0] if len(lower) > 1 else lower  # "İ" lowers to "i" and a combining dot
    scores = []
    for letters in _LANGUAGES.values():
        rank = letters.index(lower) if lower in letters else -1
        scores.append(1 - rank / len(letters) if rank >= 0 else -0.5)
    return tuple(scores)


def _char(text: str) -> _Char:
    category = unicodedata.category(text)
    if category.startswith("L"):
        script = unicodedata.name(text, "").split(" ")[0]
        if script in _SCRIPTS:
            return _Char(text, "letter", script, text.isupper(), text.islower(), _fit(text))
        return _Char(text, "symbol")  # a "letter" such as µ or º: a sign, in a contact
    if category in ("Mn", "Mc"):
        # Hebrew points and Arabic vowels sit on their own script's letters; the combining
        # accents (Vietnamese tones) on any.
        script = unicodedata.name(text, "").split(" ")[0]
        return _Char(text, "mark", script if script in _SCRIPTS else "")
    if text in _WORD_PUNCTUATION or text in _OPENING:
        return _Char(text, "punctuation")
    return _Char(text, "symbol")


@functools.cache
def _table(codec: str) -> tuple[_Char | None, ...]:
    """Each byte 0x80-0xFF as the code page reads it; None where it is undefined or a control,
    which rules the code page out for text that holds that byte."""
    table: list[_Char | None] = []
    for byte in range(0x80, 0x100):
        try:
            text = bytes([byte]).decode(codec)
        except UnicodeDecodeError:
            table.append(None)
            continue
        category = unicodedata.category(text)
        table.append(None if category in ("Cc", "Cn", "Co", "Cs") else _char(text))
    return tuple(table)


def words(data: bytes) -> list[bytes]:
    """The words of `data` that hold 8-bit bytes and are not UTF-8: a few hundred at most, each
    once (a city repeated on every card is one word)."""
    if data.isascii():
        return []
    found: dict[bytes, None] = {}
    for match in _WORD.finditer(_UTF8_SEQUENCE.sub(b" ", data)):
        found[match.group()] = None
        if len(found) >= _MAX_WORDS:
            break
    return list(found)


def _word_flaws(chars: list[_Char]) -> int:
    """The flaws of one word read in one code page (see the module's docstring)."""
    flaws = 0
    letters: list[_Char] = []  # the current run of letters; punctuation ends it
    runs: list[list[_Char]] = []
    for n, char in enumerate(chars):
        if char.kind == "letter":
            letters.append(char)
            continue
        if char.kind == "symbol" and len(chars) > 1:
            flaws += 1
        elif char.kind == "mark" and (not letters or char.script not in ("", letters[-1].script)):
            flaws += 1  # a combining mark needs a letter of its script to sit on
        elif char.kind == "punctuation" and char.text in _OPENING and n > 0:
            flaws += 1  # "mo¿e" is Polish "może" read as Windows-1252
        elif char.text in _QUOTES and 0 < n < len(chars) - 1:
            flaws += 1  # "žlu»oučký": Czech "žluťoučký" in ISO-8859-2 read as Windows-1250
        elif char.text == "’" and n == 0 and len(chars) > 1:
            flaws += 1  # "’ννα" is Greek "Άννα" read as ISO-8859-7
        if char.kind != "mark" and letters:
            runs.append(letters)
            letters = []
    if letters:
        runs.append(letters)
    for run in runs:
        if len({char.script for char in run}) > 1:
            flaws += 2
        seen_lower = False
        for n, char in enumerate(run):
            if char.upper and seen_lower:
                flaws += 1
                break
            seen_lower = seen_lower or char.lower
            if char.text in _FINAL_FORMS and n < len(run) - 1:
                flaws += 1
                break
        if len(run) > 2 and run[0].upper and run[1].upper and run[2].lower:
            flaws += 1  # "НЯкпт": Greek "Νίκος" read as Windows-1251
        if run[0].script == "LATIN":
            high = sum(1 for char in run if char.fit)  # only 8-bit letters have a fit
            if high >= 3 and high > len(run) - high:
                flaws += 1  # "Äìèòðèé": Russian "Дмитрий" read as Windows-1252
    return flaws


@dataclass(frozen=True, slots=True)
class _Reading:
    codec: str
    flaws: int
    fit: float
    script: str  # of most of its 8-bit letters


def _reading(codec: str, sample: Iterable[bytes]) -> _Reading | None:
    """The sample's words read in the code page, or None if it cannot read them."""
    table = _table(codec)
    flaws = 0
    totals = [0.0] * len(_LANGUAGES)
    scripts: dict[str, int] = {}
    capitals = small = False
    for word in sample:
        chars: list[_Char] = []
        for byte in word:
            if byte < 0x80:
                upper = byte < 0x61
                chars.append(_ASCII_UPPER if upper else _ASCII_LOWER)
                capitals, small = capitals or upper, small or not upper
                continue
            char = table[byte - 0x80]
            if char is None:
                return None
            chars.append(char)
            if char.kind == "letter":
                scripts[char.script] = scripts.get(char.script, 0) + 1
                for n, score in enumerate(char.fit):
                    totals[n] += score
                capitals = capitals or char.upper
                small = small or char.lower
        flaws += _word_flaws(chars)
    letters = sum(scripts.values())
    if not letters:
        return _Reading(codec, flaws, 0.0, "")
    fit = max(totals) / letters
    script = max(scripts, key=lambda s: scripts[s])
    if script not in _CASELESS and not (capitals and small):
        fit -= _ODD_CASE
    return _Reading(codec, flaws, round(fit, 3), script)


def _detector_kept(sample: bytes) -> set[str]:
    """The code pages whose reading charset-normalizer finds no mess in (each reading stands
    for every code page that reads the bytes the same)."""
    kept: set[str] = set()
    for match in charset_normalizer.from_bytes(
        sample, cp_isolation=list(CANDIDATES), preemptive_behaviour=False
    ):
        for name in match.could_be_from_charset:
            try:
                kept.add(_python_name(name))
            except LookupError:
                continue
    return kept


@functools.cache
def _python_name(name: str) -> str:
    return codecs.lookup(name).name


def guess(data: bytes) -> str | None:
    """The code page that reads the 8-bit text in `data` best, or None when there is none to
    judge by (ASCII, or only UTF-8)."""
    sample = words(data)
    if not sample:
        return None
    return best_of(sample)


def best_of(sample: list[bytes]) -> str | None:
    """guess() on words already picked out by words()."""
    readings = [r for codec in CANDIDATES if (r := _reading(codec, sample)) is not None]
    if not readings:
        return None
    # A long sample may hold a stray symbol or two whatever the code page: a flaw in fifty
    # words is noise.
    fewest = min(reading.flaws for reading in readings) + len(sample) // 50
    best = [reading for reading in readings if reading.flaws <= fewest]
    if len(best) == 1:
        return best[0].codec
    kept = _detector_kept(b" ".join(sample))
    best = [reading for reading in best if reading.codec in kept] or best
    top = max(best, key=lambda reading: reading.fit)
    # `best` is in the candidates' order, so the first close one is the commonest code page.
    return next(
        reading.codec
        for reading in best
        if reading.codec == top.codec
        or (reading.script == top.script == "LATIN" and reading.fit >= top.fit - _SAME_FIT)
    )


def reads_cleanly(sample: list[bytes], codec: str) -> bool:
    """Whether the code page reads the words with no flaw at all (a file's guess can then stand
    for one of its cards without guessing again)."""
    return all(_flawless(word, codec) for word in sample)


# Cached: asked once per card of a large file, and cities, companies and first names repeat.
@functools.lru_cache(maxsize=1 << 16)
def _flawless(word: bytes, codec: str) -> bool:
    reading = _reading(codec, [word])
    return reading is not None and reading.flaws == 0


def display_name(codec: str) -> str:
    """How people name a code page: windows-1251, ISO-8859-2, KOI8-R."""
    if codec.startswith("cp125"):
        return f"windows-{codec[2:]}"
    if codec.startswith("iso8859-"):
        return f"ISO-8859-{codec[8:]}"
    return codec.upper()
