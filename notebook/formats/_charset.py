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
   follow lower case inside a word, a final form (Greek ς, Hebrew ך) ends its word, a Latin
   word of three letters or more has a plain ASCII one ("Äìèòðèé" is Cyrillic read as
   Windows-1252), and a Latin word is one that a language the code page was made for writes:
   its letters beyond ASCII all in that language's alphabet, where the language puts them. No
   Western language writes "Jiøí Dvoøák" or "Èenìk" (Danish ø follows no vowel, Italian ì
   only ends a word, Spanish puts one accent on a word), while Czech writes "Jiří Dvořák" and
   "Čeněk" (see _LANGUAGES_OF);
2. then a reading the detector kept over one it threw out;
3. then how well the letters fit a language's commonest letters (Greek read as Cyrillic gives
   letters Russian seldom uses), less when a cased script has no capital, or no small letter;
4. then, among Latin readings whose fit is about as good (the letter tables hold each
   language's 26 commonest letters only, so they cannot tell French è from Czech č), the
   commoner code page (the candidates' order). Passing over a reading that fits clearly
   better here makes the guess a close call (see close_call()).
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
_CLEARLY_BETTER = 0.1  # a Latin fit this much better, passed over, makes a close call


# -- which Latin words a language writes ---------------------------------------------------------

# Vowels, plain and accented, for the rules below on what a letter may follow or precede.
_V = "aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿœąęėįųūāēīōőű"


@dataclass(frozen=True, slots=True)
class _Language:
    """The letters beyond ASCII a language writes (lower case), and a pattern of what it never
    writes in a word (searched in the word in lower case), such as an accent where it cannot
    be or a letter its alphabet lacks."""

    letters: frozenset[str]
    never: re.Pattern[str] | None = None


def _language(letters: str, never: str = "") -> _Language:
    return _Language(frozenset(letters), re.compile(never) if never else None)


def _one_accent(accents: str) -> str:
    """A pattern of two accents in a word, in a language that puts one on a word at most."""
    return f"[{accents}].*[{accents}]"


_GERMAN = _language("äöüßé")  # é: André, and German names of French origin
# French: è is followed by a consonant (Hélène, Agnès), ù ends "où", æ and œ follow no vowel.
_FRENCH = _language("àâæçéèêëîïôœùûÿ", f"è(?:[{_V}]|$)|ù.|[{_V}][æœ]")
# Danish, Norwegian: æ and ø follow no vowel (Bjørn, Søren, Ærø).
_DANISH = _language("åæøéóàü", f"[{_V}][æø]")
# Faroese and Icelandic: no word starts with ð, and neither has c, q, w or z (Icelandic þ
# starts a word or a compound's part: Þór, Alþingi).
_FAROESE = _language("áíóúýæøð", f"^ð|[{_V}][æø]|[cqwxz]")
_ICELANDIC = _language("áéíóúýþæöð", f"^ð|[{_V}][þæ]|[cqwz]")
_SWEDISH = _language("åäöéüšž")  # and Finnish
_ALBANIAN = _language("çë")
_WESTERN = (
    _GERMAN,
    _FRENCH,
    # Spanish, Galician, Basque: one accent to a word, ñ before a vowel (Muñoz, Peña).
    _language("áéíóúñü", _one_accent("áéíóú") + "|ñ(?![aeiouáéíóú])"),
    # Portuguese: one accent beside ã/õ; ã comes before a vowel or s or ends the word (João,
    # irmã), õ before e or s (Simões).
    _language("áâãàçéêíóôõúü", _one_accent("áâàéêíóôú") + "|ã[^aeious]|õ(?![es])"),
    _language("àèéìíòóùúî", "[àèéìíòóùú]."),  # Italian: accents end a word (Niccolò, Perù)
    _language("àçèéíïòóúü", _one_accent("àèéíòóú") + f"|è[{_V}]"),  # Catalan (Mònica)
    _language("àáçèéíïòóúü", _one_accent("àáèéíòóú") + f"|è[{_V}]"),  # Occitan
    _language("áéèëïóöü", f"è[{_V}]"),  # Dutch (Citroën, coördinatie)
    _DANISH,
    _FAROESE,
    _ICELANDIC,
    _SWEDISH,
    _ALBANIAN,
    _language("áéíóú"),  # Irish
    _language("àèìòùáéó", "[jkqvwxyz]"),  # Scottish Gaelic, whose alphabet lacks these
    _language("âêîôûŵŷäëïöüáéíóú"),  # Welsh
    _language("âêîôûñüù"),  # Breton (Fañch)
    _language("áéèêëíîïóôöúûü", f"è[{_V}]"),  # Afrikaans
    _language("äëé"),  # Luxembourgish
)
_POLISH = _language("ąćęłńóśźż", f"^[ąęń]|ń[{_V}]")  # ń ends a syllable (Gdańsk, koń)
_SLOVENIAN = _language("čćđšž")  # and Croatian, Bosnian, Serbian
_CENTRAL = (
    _GERMAN,
    # Czech: ě follows b, p, v, f, m, d, t or n (Věra, Čeněk, Vojtěch); no word starts with ů.
    _language("áčďéěíňóřšťúůýž", "(?:^|[^bpvfmdtn])ě|^ů"),
    # Slovak: ĺ and ŕ stand between consonants (stĺp, vŕba).
    _language("áäčďéíĺľňóôŕšťúýž", f"[{_V}][ĺŕ]|[ĺŕ][{_V}]"),
    _POLISH,
    _language("áéíóöőúüű"),  # Hungarian
    _SLOVENIAN,
    _language("ăâîşţșț"),  # Romanian
    _ALBANIAN,
)
_BALTIC = (
    # Lithuanian: ė follows no vowel (that is a diaeresis, Citroën), no word starts with ų, and
    # į starts or ends a word or follows a prefix (įmonė, neįmanoma), never a consonant.
    _language("ąčęėįšųūž", f"[{_V}]ė|^ų|[^{_V}]į."),
    _language("āčēģīķļņšūž"),  # Latvian
    _language("õäöüšž"),  # Estonian
)
_ARCTIC = (
    _language("ĸáâãêíîĩôúûũ"),  # Greenlandic (old spelling)
    _language("áčđŋšŧž"),  # Sami
)
_TURKISH = (_language("çğıöşüâîû"), _language("çəğıöşüä"))  # and Azerbaijani
# Vietnamese: each word is one syllable (a consonant or two, a vowel or three, and one of a few
# endings), with one tone mark at most: grave, acute, tilde, hook or dot below.
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_TONED = "".join(
    sorted({unicodedata.normalize("NFC", v + tone) for v in "aăâeêioôơuưy" for tone in _TONES})
)
_SYLLABLE = (
    "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    f"[aăâeêioôơuưy{_TONED}]{{1,3}}(?:ng|nh|ch|[cmnpt])?"
)
_VIETNAMESE = _language(_TONED + "ăâêôơưđ", f"^(?!{_SYLLABLE}$)|[{_TONED}].*[{_TONED}]")
# The languages each code page was made for (one not listed has no Latin letters beyond ASCII).
_LANGUAGES_OF: dict[str, tuple[_Language, ...]] = {
    "cp1252": _WESTERN,
    "iso8859-15": _WESTERN,
    "iso8859-14": _WESTERN,  # Celtic: Welsh, Irish, Gaelic, Breton are among them
    "cp1250": _CENTRAL,
    "iso8859-2": _CENTRAL,
    "iso8859-16": (*_CENTRAL, *_WESTERN),
    "cp1254": (*_TURKISH, *_WESTERN),
    "iso8859-9": (*_TURKISH, *_WESTERN),
    "cp1257": (*_BALTIC, _GERMAN, _POLISH, _SLOVENIAN, _SWEDISH, _DANISH),
    "iso8859-13": (*_BALTIC, _GERMAN, _POLISH, _SLOVENIAN, _SWEDISH, _DANISH),
    "iso8859-4": (*_BALTIC, *_ARCTIC, _GERMAN, _SLOVENIAN, _SWEDISH, _DANISH),
    "iso8859-10": (*_BALTIC, *_ARCTIC, _GERMAN, _SWEDISH, _DANISH, _FAROESE, _ICELANDIC),
    "iso8859-3": (
        _language("ċġħżàèìòù", "[àèìòù]."),  # Maltese: a grave accent ends a word
        _language("ĉĝĥĵŝŭ"),  # Esperanto
        *_TURKISH,
        *_WESTERN,
    ),
    "cp1258": (_VIETNAMESE, *_WESTERN),
    "cp1256": (_FRENCH,),  # Arabic, with the letters of French
}


@functools.lru_cache(maxsize=1 << 14)
def _written_in(word: str, codec: str) -> bool:
    """Whether a language the code page was made for writes this Latin word (lower case, NFC).
    Cached: a word is asked about for each code page, and names repeat."""
    languages = _LANGUAGES_OF.get(codec)
    if not languages:
        return True
    beyond = {char for char in word if not char.isascii()}
    return any(
        beyond <= language.letters and not (language.never and language.never.search(word))
        for language in languages
    )


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


# ASCII letters by byte (a fit of () tells them from the 8-bit letters).
_ASCII = {
    byte: _Char(chr(byte), "letter", "LATIN", upper=byte < 0x61, lower=byte >= 0x61)
    for byte in [*range(0x41, 0x5B), *range(0x61, 0x7B)]
}


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


def _word_flaws(chars: list[_Char], codec: str) -> int:
    """The flaws of one word read in one code page (see the module's docstring)."""
    flaws = 0
    letters: list[_Char] = []  # the current run of letters; punctuation ends it
    runs: list[list[_Char]] = []
    spelt: list[str] = []  # the run as written, combining marks and all, in lower case
    spellings: list[str] = []
    for n, char in enumerate(chars):
        if char.kind == "letter":
            letters.append(char)
            spelt.append(char.text.lower()[0])  # "İ" lowers to "i" and a combining dot
            continue
        if char.kind == "mark" and letters:
            spelt.append(char.text)
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
            spellings.append("".join(spelt))
            letters, spelt = [], []
    if letters:
        runs.append(letters)
        spellings.append("".join(spelt))
    for run, spelling in zip(runs, spellings, strict=True):
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
            if high >= 3 and high == len(run):
                flaws += 1  # "Äìèòðèé": Russian "Дмитрий" read as Windows-1252
            elif not spelling.isascii() and not _written_in(
                unicodedata.normalize("NFC", spelling), codec
            ):
                flaws += 1  # "Dvoøák": Czech "Dvořák" read as Windows-1252
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
                ascii_letter = _ASCII[byte]
                chars.append(ascii_letter)
                capitals, small = capitals or ascii_letter.upper, small or ascii_letter.lower
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
        flaws += _word_flaws(chars, codec)
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


def close_call(sample: list[bytes], codec: str) -> bool:
    """Whether reading these words in `codec` was a close call: another code page reads them as
    other Latin letters with no more flaws and fits a language's letters clearly better, and
    was passed over for the commoner code page ("Pøemysl" in Windows-1252 against "Přemysl" in
    Windows-1250, which no letter rule tells apart). Other scripts' readings are not judged."""
    chosen = _reading(codec, sample)
    if chosen is None or chosen.script != "LATIN":
        return False
    text = b" ".join(sample)
    for rival in CANDIDATES:
        reading = _reading(rival, sample) if rival != codec else None
        if (
            reading is not None
            and reading.script == "LATIN"
            and reading.flaws <= chosen.flaws
            and reading.fit >= chosen.fit + _CLEARLY_BETTER
            and text.decode(rival) != text.decode(codec)
        ):
            return True
    return False


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
