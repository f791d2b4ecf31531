"""Damaged files never make a reader, or an import, fail with anything but a FormatError.

The seeds are real files: the exports in tests/data/contacts-real (SOURCES.md), the vCards from
other parsers' test suites in tests/data/contacts-corpus (SOURCES.tsv), and a small notebook
export, plus one file of each CSV layout the real files do not show (our own, Google's and
Outlook's as written here, a generic sheet, LinkedIn's Imported Contacts, a semicolon export).
Each example damages a seed a few times over (flipped bytes, a cut, inserted NULs, CRs, quotes,
semicolons and colons, duplicated or dropped lines, junk CHARSET and ENCODING parameters,
swapped delimiters, another text encoding) and feeds it to every reader and to import_file()
on a real notebook, which must then be either imported or byte-for-byte as it was.

The default run is kept short. To search for longer:

    FUZZ_EXAMPLES=5000 uv run pytest tests/formats/test_fuzz_readers.py
"""

from __future__ import annotations

import copy
import csv
import functools
import hashlib
import os
import re
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notebook.formats import (
    FORMATS,
    FormatError,
    detect_format,
    read_people,
    write_google_csv,
    write_outlook_csv,
    write_people_csv,
)
from notebook.formats._fields import parse_date
from notebook.formats._text import (
    charset_codec,
    decode_bytes,
    decode_text,
    guess_legacy_charset,
)
from notebook.formats.notebook_json import NotebookDump, dump_notebook, load_notebook
from notebook.importer import import_file
from notebook.records import FollowUp, Interaction, Person, ReferralAsk, Tie
from notebook.viewmodel import Notebook

DATA = Path(__file__).resolve().parents[1] / "data"
REAL = DATA / "contacts-real"
CORPUS = DATA / "contacts-corpus"
CHARSET_FILES = DATA / "contacts-charsets"
TODAY = date(2026, 11, 25)


def _export() -> bytes:
    """A small notebook export that uses every kind of record and reference."""
    return dump_notebook(
        NotebookDump(
            people=[
                Person(name="Ann Lee", company="Acme", emails=("ann@example.com",), id=1),
                Person(name="Bo Park", linkedin_url="https://www.linkedin.com/in/bopark", id=2),
                Person(name="Cy Diaz", met_via=1, cadence_days=30, tags=("climbing",), id=3),
                Person(name="Di Roe", connected_on=date(2025, 3, 1), id=4),
            ],
            interactions=[
                Interaction(when=date(2026, 1, 5), people=(1, 2), kind="coffee", id=10),
                Interaction(when=datetime(2026, 2, 1, 9, 30), people=(3,), summary="Call", id=11),
            ],
            ties=[Tie(a=1, b=3, relation="climbing partners", strength=4, id=20)],
            follow_ups=[FollowUp(people=(1,), text="Send the deck", interaction=10, id=30)],
            asks=[ReferralAsk(target="Acme", person=2, asked_on=date(2026, 2, 2), id=40)],
        )
    )


EXPORT = _export()
EXPORT_DOC: dict[str, Any] = orjson.loads(EXPORT)
TABLES = ("people", "interactions", "ties", "followups", "asks")
# One of each CSV layout the readers know that the real files above do not show.
WRITTEN = [
    Person(
        name="Dana Whitfield",
        company="Acme, Inc.",
        emails=("dana@acme.example", '"d;w"@x.example'),
        phones=("+1-418-656-9254;ext=102",),
        location="San Francisco, CA, US",
        tags=("=1+1", "hiring"),
        notes="Two roles.\n'=quoted",
        connected_on=date(2024, 9, 17),
        past_companies=("Initech",),
        linkedin_url="https://www.linkedin.com/in/dana",
        uid="urn:uuid:7d3c6a2e-5b1f-4c8e-9a0d-2f6b8e4c1a93",
    ),
    Person(name="Zoë Ñúñez", location="Zürich, Switzerland"),
]
CSV_SEEDS: list[tuple[str, bytes]] = [
    ("people.csv", write_people_csv(WRITTEN).encode()),
    ("sheet.csv", write_people_csv(WRITTEN, for_spreadsheet=True).encode("utf-8-sig")),
    ("google-export.csv", write_google_csv(WRITTEN).encode()),
    ("outlook-export.csv", write_outlook_csv(WRITTEN).encode()),
    (
        "generic.csv",
        b"Name,Email,Phone Number,Company,Shoe size\r\nAnn Lee,ann@x.example,+1 555 0100,"
        b'"Acme, Inc.",42\r\n-,,,,\r\n',
    ),
    (
        "Imported Contacts.csv",
        b"First Name,Last Name,Companies,Title,Emails,Phone Numbers,Addresses,Sites,"
        b"Instant Message Handles,Full Name,Birthday,Location,Bookmarked At,Profiles\n"
        b'Ann,Lee,Acme,CTO,"a@x.example,b@x.example","+1 555 0100, +1 555 0101",'
        b'"1 Main St\nBasel",,,Ann Lee,,,,https://www.linkedin.com/in/ann\n',
    ),
    (
        "Connections-semicolon.csv",
        b"Notes:\n\nFirst Name;Last Name;URL;Email Address;Company;Position;Connected On\n"
        b"Ann;Lee;;;Acme, Inc.;CTO;5-Jan-26\nBo;Park;;;;;16.09.2021\n",
    ),
]
SEEDS: list[tuple[str, bytes]] = [
    *(
        (path.name, path.read_bytes())
        for path in sorted(
            [
                *REAL.rglob("*.vcf"),
                *REAL.rglob("*.csv"),
                *CORPUS.rglob("*.vcf"),
                *CHARSET_FILES.glob("*.vcf"),
            ]
        )
    ),
    ("google-current.csv", (DATA / "google-current.csv").read_bytes()),
    *CSV_SEEDS,
    ("backup.json", EXPORT),
]
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0"))


def fuzz_settings(default: int) -> Callable[[Any], Any]:
    return settings(
        max_examples=EXAMPLES or default,
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )


# -- damage --------------------------------------------------------------------------------------

INSERTS = (
    *(b"\x00", b"\r", b"\n", b"\r\n", b"\r\r\n", b'"', b";", b":", b",", b"=", b"\\", b"\t"),
    *(b" ", b"\xff", b"\xc3", b"\xef\xbb\xbf", b"{", b"[", b"#", b"=\r\n", b"\\,", b";;"),
    *(b"BEGIN:VCARD\r\n", b"END:VCARD\r\n", b"\r\nFN;CHARSET=\x00:x\r\n", b'"",""'),
    *(b"99999999999999999999", b"1/1/99999999999999999999", b"\x1b]0;x\x07", "\u202e".encode()),
)
CHARSETS = (
    *(b"\x00", b"UT\x00F-8", b"utf-8\x00", b"", b'"', b'"utf-8"', b"undefined", b"rot13"),
    *(b"base64", b"hex", b"zlib", b"bz2", b"uu", b"quopri", b"idna", b"punycode", b"mbcs"),
    *(b"unicode_escape", b"raw_unicode_escape", b"utf-16", b"utf-32", b"utf-7", b"utf-8-sig"),
    *(b"shift_jis", b"iso-2022-jp", b"big5", b"windows-1252", b"x" * 200, b"utf-8,latin-1"),
    *(b"\xc3\xa9", b"us-ascii", b"charmap", b"cp65001", b"latin-1;ENCODING=b"),
)
ENCODINGS = (
    *(b"QUOTED-PRINTABLE", b"quoted-printable", b"QP", b"BASE64", b"B", b"b", b"8BIT"),
    *(b"7BIT", b"X-UNKNOWN", b"", b"\x00", b"BASE64,QUOTED-PRINTABLE"),
)
DELIMITERS = (b",", b";", b":", b"\t", b"|", b'"', b"\r\n", b"\n", b"\r", b"=", b" ", b"\\")
ENCODED_AS = ("utf-16-le", "utf-16-be", "utf-16", "utf-32", "utf-8-sig", "cp1252", "latin-1")

Draw = Callable[[st.SearchStrategy[Any]], Any]


def flip_byte(draw: Draw, data: bytes) -> bytes:
    at = draw(st.integers(0, len(data) - 1))
    return data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]


def cut(draw: Draw, data: bytes) -> bytes:
    return data[: draw(st.integers(0, len(data)))]


def insert(draw: Draw, data: bytes) -> bytes:
    at = draw(st.integers(0, len(data)))
    chunk = draw(st.sampled_from(INSERTS) | st.binary(min_size=1, max_size=8))
    return data[:at] + chunk + data[at:]


def duplicate_line(draw: Draw, data: bytes) -> bytes:
    lines = data.splitlines(keepends=True)
    at = draw(st.integers(0, len(lines) - 1))
    lines[at:at] = [lines[at]] * draw(st.integers(1, 3))
    return b"".join(lines)


def drop_line(draw: Draw, data: bytes) -> bytes:
    lines = data.splitlines(keepends=True)
    del lines[draw(st.integers(0, len(lines) - 1))]
    return b"".join(lines)


def parameter(draw: Draw, data: bytes) -> bytes:
    """A CHARSET or ENCODING parameter (or a bare one, as vCard 2.1 writes them) on a line."""
    lines = data.splitlines(keepends=True)
    with_colon = [n for n, line in enumerate(lines) if b":" in line]
    if not with_colon:
        return data
    at = draw(st.sampled_from(with_colon))
    key = draw(st.sampled_from((b"CHARSET", b"ENCODING", b"charset", b"encoding", b"")))
    values = CHARSETS if key.upper() in (b"CHARSET", b"") else ENCODINGS
    value = draw(st.sampled_from(values) | st.binary(max_size=12))
    param = b";" + (key + b"=" + value if key else value)
    line = lines[at]
    colon = line.index(b":")
    lines[at] = line[:colon] + param + line[colon:]
    return b"".join(lines)


def swap_delimiter(draw: Draw, data: bytes) -> bytes:
    old = draw(st.sampled_from(DELIMITERS))
    return data.replace(old, draw(st.sampled_from(DELIMITERS)))


def reencode(draw: Draw, data: bytes) -> bytes:
    text = data.decode("utf-8", errors="replace")
    return text.encode(draw(st.sampled_from(ENCODED_AS)), errors="replace")


# Text in the scripts and code pages the charset guess chooses between.
LEGACY_TEXT = (
    ("Γιώργος Παπαδόπουλος", "cp1253"),
    ("Άννα", "iso8859-7"),
    ("Дмитрий Иванов", "cp1251"),
    ("Ольга", "koi8-r"),
    ("דוד כהן", "cp1255"),
    ("Paweł Nowiński", "cp1250"),
    ("Łódź", "iso8859-2"),
    ("Ayşe Yılmaz", "cp1254"),
    ("René Lämmer €", "cp1252"),
    ("محمد", "cp1256"),
)
CARD_LINES = (
    b"FN", b"N", b"ORG", b"TITLE", b"NOTE", b"ADR", b"EMAIL", b"TEL", b"CATEGORIES", b"UID",
    b"X-NOTEBOOK-HOW-MET", b"X-NOTEBOOK-CONNECTED-ON", b"X-NOTEBOOK-PAST-COMPANY",
)  # fmt: skip


def insert_line(draw: Draw, data: bytes, line: bytes) -> bytes:
    lines = data.splitlines(keepends=True)
    at = draw(st.integers(0, len(lines)))
    lines[at:at] = [line + draw(st.sampled_from((b"\r\n", b"\n", b"\r", b"")))]
    return b"".join(lines)


def raw_binary(draw: Draw, data: bytes) -> bytes:
    """A photo's (or key's, sound's) raw bytes as some phones write them, line breaks and all."""
    name = draw(st.sampled_from((b"PHOTO", b"LOGO", b"SOUND", b"KEY", b"item1.PHOTO", b"photo")))
    params = draw(st.sampled_from((b"", b";TYPE=PNG", b";ENCODING=8BIT", b";ENCODING=b")))
    raw = draw(st.sampled_from((b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"\xff\xd8\xff\xe0\x00")))
    raw += draw(st.binary(max_size=64))
    return insert_line(draw, data, name + params + b":" + raw)


def legacy_text(draw: Draw, data: bytes) -> bytes:
    """8-bit text in a code page, raw or quoted-printable, with or without a CHARSET here or
    on another line."""
    text, codec = draw(st.sampled_from(LEGACY_TEXT))
    raw = text.encode(codec)
    params = b""
    if draw(st.booleans()):
        raw = b"".join(
            b"=%02X" % byte if byte > 0x7E or byte == 0x3D else bytes([byte]) for byte in raw
        )
        params += b";ENCODING=QUOTED-PRINTABLE"
    if draw(st.booleans()):
        params += b";CHARSET=" + draw(st.sampled_from((codec.encode(), b"UTF-8", b"windows-1252")))
    return insert_line(draw, data, draw(st.sampled_from(CARD_LINES)) + params + b":" + raw)


def notebook_line(draw: Draw, data: bytes) -> bytes:
    """A property the notebook writes or reads specially, with a value that may be anything."""
    value = draw(
        st.sampled_from(
            (b"2024-02-30", b"99999-01-01", b"", b"\\", b'"Omega" <omega@example.com>',
             b"<mailto:a@b.example>", b"urn:uuid:" + b"f" * 300, b"\\;\\,\\n")
        ) | st.binary(max_size=24)
    )  # fmt: skip
    return insert_line(draw, data, draw(st.sampled_from(CARD_LINES)) + b":" + value)


MUTATIONS = (
    flip_byte,
    cut,
    insert,
    insert,
    duplicate_line,
    drop_line,
    parameter,
    parameter,
    swap_delimiter,
    reencode,
    raw_binary,
    legacy_text,
    notebook_line,
)


@st.composite
def damaged_files(draw: Draw) -> tuple[str, bytes]:
    name, data = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        data = draw(st.sampled_from(MUTATIONS))(draw, data)
    return name, data


def json_containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)


JSON_VALUES: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**64 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    json_containers,
    max_leaves=6,
)
# Values near the ones a notebook writes: ids that may or may not exist, dates that are not
# quite dates, kinds and statuses that are nearly right.
FIELD_VALUES = (
    st.integers(-1, 50)
    | st.sampled_from(["", " ", "2025-02-30", "2026-01-05T09:30+02:00", "9999-12-31", "zzz"])
    | st.sampled_from(["coffee", "Coffee", "them", "referred", "asked", "\x00", "a@b"])
    | st.lists(st.integers(-1, 5), max_size=3)
    | JSON_VALUES
)


@st.composite
def damaged_exports(draw: Draw) -> bytes:
    """The notebook export with a few values changed, removed or repeated."""
    doc = copy.deepcopy(EXPORT_DOC)
    for _ in range(draw(st.integers(1, 3))):
        table = draw(st.sampled_from((*TABLES, "")))
        rows = doc.get(table)
        if not table:
            doc[draw(st.sampled_from(("format", "schema", *TABLES)))] = draw(FIELD_VALUES)
        elif (
            isinstance(rows, list) and rows and isinstance(row := draw(st.sampled_from(rows)), dict)
        ):
            keys = st.sampled_from(sorted(row)) if row else st.nothing()
            key = draw(keys | st.text(max_size=6))
            action = draw(st.sampled_from(("set", "set", "set", "remove", "repeat")))
            if action == "set":
                row[key] = draw(FIELD_VALUES)
            elif action == "remove":
                row.pop(key, None)
            else:
                rows.append(copy.deepcopy(row))
    return orjson.dumps(doc)


# -- the checks ----------------------------------------------------------------------------------


# How a message quotes an exception that no check foresaw ("could not be read: KeyError: 'x'",
# "interaction 7: TypeError: ..."): made into a FormatError so that the user sees no traceback,
# but a bug all the same, and this search must not take it for a refusal.
UNFORESEEN = re.compile(r"\b[A-Z]\w*(?:Error|Exception): ")


def assert_foreseen(error: FormatError) -> None:
    assert not UNFORESEEN.search(error.message), error
    assert "\n" not in str(error)


def only_format_errors(read: Callable[[], object]) -> None:
    try:
        read()
    except FormatError as error:
        assert_foreseen(error)


def every_reader(name: str, data: bytes) -> None:
    only_format_errors(lambda: detect_format(data, name))
    for fmt in (None, *(f for f in FORMATS if f != "json")):
        only_format_errors(functools.partial(read_people, data, name, fmt))
    only_format_errors(lambda: load_notebook(data, name))


def counts(notebook: Notebook) -> tuple[int, ...]:
    return (
        notebook.people.count(),
        sum(1 for _ in notebook.conversations.iter()),
        len(notebook.ties.all()),
        sum(1 for _ in notebook.follow_ups.iter()),
        sum(1 for _ in notebook.asks.iter()),
    )


def import_is_all_or_nothing(folder: Path, name: str, data: bytes) -> None:
    """Import into a notebook that already holds people (and a conversation) from the seeds:
    either the import succeeds and the file holds what memory holds, or it raises FormatError
    and the file and memory are as they were."""
    path = folder / "nb.json"
    notebook = Notebook.open(path, today=TODAY)
    try:
        ann, bo, _ = notebook.people.add_many(
            [
                Person(name="Ann Lee", company="Acme", emails=("ann@example.com",)),
                Person(name="Bo Park", linkedin_url="https://www.linkedin.com/in/bopark"),
                Person(name="John Doe", company="IBM"),
            ]
        )
        notebook.conversations.note([ann.id or 0, bo.id or 0], when=date(2026, 1, 5), kind="coffee")
        source = folder / name
        source.write_bytes(data)
        before, unchanged = path.read_bytes(), counts(notebook)
        try:
            import_file(notebook, source)
        except FormatError as error:
            assert_foreseen(error)
            assert path.read_bytes() == before
            assert counts(notebook) == unchanged
            return
        imported = counts(notebook)
    finally:
        notebook.close()
    saved = Notebook.open(path, read_only=True, today=TODAY)
    try:
        assert counts(saved) == imported
    finally:
        saved.close()


@fuzz_settings(300)
@given(damaged_files())
def test_damaged_files_raise_only_format_errors(sample: tuple[str, bytes]) -> None:
    every_reader(*sample)


@fuzz_settings(100)
@given(damaged_files())
def test_importing_a_damaged_file_changes_all_or_nothing(
    tmp_path: Path, sample: tuple[str, bytes]
) -> None:
    import_is_all_or_nothing(Path(tempfile.mkdtemp(dir=tmp_path)), *sample)


@fuzz_settings(200)
@given(damaged_exports())
def test_damaged_exports_load_or_raise_format_error(data: bytes) -> None:
    only_format_errors(lambda: load_notebook(data, "backup.json"))


@fuzz_settings(100)
@given(damaged_exports())
def test_importing_a_damaged_export_changes_all_or_nothing(tmp_path: Path, data: bytes) -> None:
    import_is_all_or_nothing(Path(tempfile.mkdtemp(dir=tmp_path)), "backup.json", data)


def test_every_seed_imports_as_it_is(tmp_path: Path) -> None:
    """The seeds themselves are good files (so damage, not the seed, is what gets refused)."""
    for name, data in SEEDS:
        folder = Path(tempfile.mkdtemp(dir=tmp_path))
        notebook = Notebook.open(folder / "nb.json", today=TODAY)
        try:
            (folder / name).write_bytes(data)
            summary = import_file(notebook, folder / name)
            # Parsers' own test files include cards with no name: those are reported.
            assert summary.created + len(summary.skipped) >= 1, name
        finally:
            notebook.close()


def test_corpus_copies_are_byte_for_byte() -> None:
    with (CORPUS / "SOURCES.tsv").open(newline="", encoding="utf-8") as sources:
        rows = list(csv.DictReader(sources, delimiter="\t"))
    assert sorted(row["local"] for row in rows) == sorted(
        path.relative_to(CORPUS).as_posix() for path in CORPUS.rglob("*.vcf")
    )
    for row in rows:
        digest = hashlib.sha256((CORPUS / row["local"]).read_bytes()).hexdigest()
        assert digest[:16] == row["sha256_16"], row["local"]


# -- what the search found ------------------------------------------------------------------------


def test_a_charset_that_names_no_text_encoding_is_ignored() -> None:
    # A NUL made codecs.lookup() raise ValueError; "undefined" decodes nothing; base64 and rot13
    # are codecs but not charsets. The bytes decide instead, as for an unknown name.
    junk = ("UT\x00F-8", "\x00", "utf-8\x00", "x" * 60, "undefined", "base64", "rot13", "idna")
    for charset in (*junk, "unicode_escape", "raw_unicode_escape", "punycode"):
        assert charset_codec(charset) is None, charset
        assert decode_bytes("Jérôme".encode(), charset) == "Jérôme"
    assert charset_codec(' "Windows-1252" ') == "cp1252"
    assert decode_bytes("Łódź".encode("iso-8859-2"), "ISO-8859-2") == "Łódź"


def test_a_charset_with_a_nul_deep_in_a_file_reads() -> None:
    # A NUL in the first 8 KB makes the file binary; past that, or in UTF-16, it reached the
    # decoder.
    card = "BEGIN:VCARD\r\nVERSION:2.1\r\nNOTE:{}\r\nFN;CHARSET=UT\x00F-8:Jérôme\r\nEND:VCARD\r\n"
    for data in (
        card.format("x" * 9000).encode("utf-8"),
        card.format("x").encode("utf-16"),
    ):
        [person] = read_people(data, "card.vcf")
        assert person.name == "Jérôme"


def test_a_year_too_large_for_a_date_is_no_date() -> None:
    for text in ("1/1/99999999999999999999", "99999999999 Dec 2025", "Dec 1 99999999999999999"):
        assert parse_date(text) is None
    connections = (
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b"Ann,Lee,,,,,1/1/99999999999999999999\n"
    )
    [ann] = read_people(connections, "Connections.csv")
    assert ann.connected_on is None


@fuzz_settings(300)
@given(st.binary(max_size=200) | st.lists(st.sampled_from(LEGACY_TEXT)).map(
    lambda texts: b" ".join(text.encode(codec) for text, codec in texts)
))  # fmt: skip
def test_a_charset_guess_is_a_code_page_that_reads_the_bytes(data: bytes) -> None:
    guessed = guess_legacy_charset(data)
    if guessed is not None:
        assert charset_codec(guessed) == guessed
    decode_text(data)  # never raises, whatever the bytes
