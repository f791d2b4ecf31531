"""Nothing the shell prints drives the terminal, whatever the notebook file holds.

The file is written here as another program would write it: straight JSON, no validation, every
free-text field of every kind of record holding escape sequences, C0 and C1 controls and bidi
overrides. (A field holding one of a few words, such as an interaction's kind, is checked by
the store as it loads the file, so it holds one of them here.) Every printing command must come
out clean on stdout and stderr (JSON staying valid JSON), while an export written with `-o`
keeps its bytes exactly.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from notebook.cli import main
from notebook.importer import export_bytes
from notebook.records import FollowUp, Interaction, Person, ReferralAsk, Tie
from notebook.viewmodel import Notebook

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 25)

MARKUP = "[bold]x[/]"  # user text, never markup: it must come out literally
HOSTILE = (
    "\x1b[2J"  # clear the screen
    "\x1b]0;pwned title\x07"  # retitle the window
    "\x1b]52;c;cHduZWQ=\x07"  # write the clipboard
    "\x9b31m"  # C1 CSI
    "\x85"  # C1 next line
    "\u202eevil\u2066"  # bidi override and isolate
    "\rover\x00nul\x07bel\x7fdel " + MARKUP
)
MULTILINE = f"first {HOSTILE}\nsecond line {HOSTILE}"
BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def controls_in(text: str) -> list[str]:
    """Every character that could drive a terminal: C0 but tab and newline, DEL, C1, bidi."""
    return [
        c
        for c in text
        if (ord(c) < 0x20 and c not in "\t\n") or 0x7F <= ord(c) <= 0x9F or c in BIDI
    ]


def assert_clean(*texts: str) -> None:
    for text in texts:
        assert controls_in(text) == [], repr(text)


def h(word: str) -> str:
    """A field value: a word to find it by, then the hostile corpus."""
    return f"{word} {HOSTILE}"


# -- the notebook, as another program wrote it -----------------------------------------------


def hostile_tables(today: date) -> dict[str, dict[str, dict[str, Any]]]:
    ann = Person(
        name=h("Ann"),
        company=h("Acme"),
        title=h("Engineer"),
        past_companies=(h("Initech"),),
        emails=(f"ann{HOSTILE}@example.com",),
        phones=(h("+1 555"),),
        location=h("Porto"),
        tags=(h("mentor"),),
        how_met=MULTILINE,
        met_via=2,
        notes=MULTILINE,
        linkedin_url=h("https://linkedin.example/ann"),
        source=h("linkedin"),
        created_at="2026-01-01T10:00:00",
        updated_at="2026-01-01T10:00:00",
    )
    bob = Person(
        name=h("Bob"),
        company=h("Globex"),
        title=h("Recruiter"),
        past_companies=(h("Acme"),),
        emails=("bob@example.com",),
        tags=(h("recruiter"),),
        notes=MULTILINE,
        created_at="2026-01-01T10:00:00",
        updated_at="2026-01-01T10:00:00",
    )
    cid = Person(name=h("Cid"), company=h("Acme"), title=h("Director"))
    old_talk = Interaction(
        when=today - timedelta(days=200),
        people=(1, 2),
        kind="coffee",
        place=h("the bakery"),
        summary=MULTILINE,
        created_at="2026-01-01T10:00:00",
    )
    recent_talk = Interaction(
        when=today - timedelta(days=120), people=(2, 3), kind="call", summary=h("Caught up")
    )
    follow_ups = [
        FollowUp(people=(1,), text=h("send resume"), due=today - timedelta(days=3), interaction=1),
        FollowUp(people=(1, 2), text=MULTILINE, by="them", interaction=1),
    ]
    asks = [
        ReferralAsk(target=h("Acme"), person=1, asked_on=today - timedelta(days=20), notes=h("n")),
        ReferralAsk(target=h("Globex"), person=2, asked_on=today, status="agreed", notes=h("x")),
    ]
    ties = [
        Tie(a=1, b=2, relation=h("ex-colleague"), strength=4, note=MULTILINE),
        Tie(a=2, b=3, relation=h("friend"), strength=5, note=h("climbing")),
    ]

    def table(records: list[Any]) -> dict[str, dict[str, Any]]:
        return {str(i): record.to_doc() for i, record in enumerate(records, 1)}

    return {
        "meta": {"1": {"schema": 1, "created_at": "2026-01-01T10:00:00"}},
        "people": table([ann, bob, cid]),
        "interactions": table([old_talk, recent_talk]),
        "followups": table(follow_ups),
        "asks": table(asks),
        "ties": table(ties),
        "settings": {},
    }


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NOTEBOOK_TODAY", TODAY.isoformat())
    path = tmp_path / "nb.json"
    # ensure_ascii=False: C1 and bidi characters sit in the file as they are (JSON itself
    # escapes C0 and ESC).
    path.write_text(json.dumps(hostile_tables(TODAY), ensure_ascii=False), encoding="utf-8")
    # The hostile text really is in the notebook as loaded: nothing cleaned it on the way.
    notebook = Notebook.open(path, read_only=True, today=TODAY)
    try:
        assert notebook.people.get(1).name == h("Ann")
        assert notebook.people.get(1).notes == MULTILINE
    finally:
        notebook.close()
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- every printing command ------------------------------------------------------------------

REPORTS = [
    ("find", "Ann"),
    ("find", "Acme"),
    ("stale",),
    ("refer", "Acme"),
    ("refer", "Recruiter"),
    ("followups",),
    ("prep", "Ann"),
    ("prep", "Bob"),
]


@pytest.mark.parametrize("argv", REPORTS, ids=" ".join)
def test_reports_print_no_controls(
    capsys: pytest.CaptureFixture[str], db: Path, argv: tuple[str, ...]
) -> None:
    code, out, err = run(capsys, "--db", str(db), *argv)
    assert code == 0, err
    assert_clean(out, err)
    assert out.strip() and MARKUP in out  # the hostile rows were printed, markup as text


def test_find_from_the_search_cache_prints_no_controls(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    first = run(capsys, "--db", str(db), "find", "Ann")
    cache = [p for p in db.parent.iterdir() if p.name.startswith(".nb.json.search")]
    assert cache, "the first find should leave a search cache for the second"
    second = run(capsys, "--db", str(db), "find", "Ann")
    assert second == first
    assert_clean(second[1])


@pytest.mark.parametrize("argv", [r for r in REPORTS if r[0] != "find"], ids=" ".join)
def test_json_reports_are_valid_json_with_no_controls(
    capsys: pytest.CaptureFixture[str], db: Path, argv: tuple[str, ...]
) -> None:
    code, out, err = run(capsys, "--db", str(db), *argv, "--json")
    assert code == 0, err
    assert_clean(out, err)
    data = json.loads(out)
    assert data
    # Nothing that drives a terminal is left, not even as JSON's escapes (C0, ESC): a script's
    # `jq -r` would write those out raw.
    assert MARKUP in out and "\\u001b" not in out and "\\u0007" not in out


@pytest.mark.parametrize("fmt", ["csv", "vcard", "json"])
def test_export_to_stdout_prints_no_controls(
    capsys: pytest.CaptureFixture[str], db: Path, fmt: str
) -> None:
    code, out, err = run(capsys, "--db", str(db), "export", "--format", fmt)
    assert code == 0, err
    assert_clean(out, err)
    assert "\r" not in out  # line ends on stdout are "\n"
    assert out.count(MARKUP) >= 3 and "Ann" in out and "Bob" in out
    if fmt == "json":
        json.loads(out)


@pytest.mark.parametrize("fmt", ["csv", "vcard", "json"])
def test_export_to_a_file_keeps_the_exact_bytes(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / f"out.{fmt}"
    code, out, err = run(capsys, "--db", str(db), "export", "--format", fmt, "-o", str(target))
    assert code == 0, err
    assert_clean(out, err)
    notebook = Notebook.open(db, read_only=True, today=TODAY)
    try:
        expected = export_bytes(notebook, fmt)
    finally:
        notebook.close()
    written = target.read_bytes()
    if fmt == "json":  # the export says when it was made, to the second: not compared
        written, expected = (
            re.sub(rb'"exported_at":\s*"[^"]*"', b"", data) for data in (written, expected)
        )
    assert written == expected
    # The file is the export as made, not the cleaned terminal copy.
    assert "\u202e".encode() in expected


def test_add_note_and_errors_print_no_controls(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    outputs: list[str] = []
    for expected, *argv in (
        (0, "add", h("Zed"), "--company", h("Initech"), "--title", h("CTO"), "--tag", h("t")),
        (0, "add", "Ann", "--company", h("Acme")),  # the name check reads the hostile names
        (0, "note", MULTILINE, "--with", "Ann", "--new", h("Newcomer"), "--follow-up", h("i")),
        (1, "note", "hi", "--with", "evil"),  # in every hostile name: lists them all
        (1, "prep", h("Nobody")),  # an error quoting the typed name
        (1, "refer", h("Nowhere")),  # the empty result's reason quotes the target
    ):
        code, out, err = run(capsys, "--db", str(db), *map(str, argv))
        assert code == expected, (argv, err)
        outputs += [out, err]
        assert_clean(out, err)
    joined = "".join(outputs)
    assert "Added Zed" in joined and "Noted" in joined and "could be several people" in joined
    assert "New person: Newcomer" in joined and "Follow-up: i " in joined


def test_argparse_errors_print_no_controls(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", str(db), "note", "hi", "--with", "Ann", "--kind", HOSTILE])
    assert exit_info.value.code == 2
    out, err = capsys.readouterr()
    assert "invalid choice" in err
    assert_clean(out, err)


def test_import_summary_and_failures_print_no_controls(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    # A NUL makes any file "binary", a bare CR ends a vCard line, and a file dense with
    # controls is binary too: the rest of the corpus, in a card with ordinary text around it.
    hostile = HOSTILE.replace("\x00", "").replace("\r", "")
    card = tmp_path / "contacts.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\n"
        f"FN:Vera {hostile}\r\nORG:Umbrella {hostile}\r\nNOTE:{hostile}\r\n"
        f"TITLE:{'Head of Research and Development at the Umbrella Corporation ' * 8}\r\n"
        "END:VCARD\r\n",
        encoding="utf-8",
    )
    garbage = tmp_path / "bad\x1b]0;pwned\x07\x9b\u202e.txt"  # a name can hold controls too
    garbage.write_bytes(b"\x00\x01 nothing anyone could import \x1b]0;x\x07")
    code, out, err = run(capsys, "--db", str(db), "import", str(card))
    assert code == 0 and "1 created" in out, (out, err)
    assert_clean(out, err)
    code, out, err = run(capsys, "--db", str(db), "import", str(card), str(garbage))
    assert (code, out) == (1, "")  # the second file failed: nothing imported, said on stderr
    assert err.startswith("notebook: ") and "nothing was imported" in err, err
    assert_clean(out, err)


# -- the writer itself -----------------------------------------------------------------------


def test_the_writer_keeps_tabs_newlines_and_text_and_drops_whole_sequences(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from notebook.terminal import cleaned_stdio

    with cleaned_stdio():
        print(f"a\tb\r\nc{HOSTILE}")
        sys.stdout.buffer.write(f"é\x1b]0;t\x07\r\n{HOSTILE}\n".encode())
        sys.stderr.write("\x1b[31merr\x1b[0m\n")
    out, err = capsys.readouterr()
    after = "evilovernulbeldel " + MARKUP
    assert out == f"a\tb\nc31m{after}\né\n31m{after}\n"
    assert err == "err\n"


def test_an_unterminated_osc_ends_at_its_line(capsys: pytest.CaptureFixture[str]) -> None:
    from notebook.terminal import cleaned_stdio

    with cleaned_stdio():
        sys.stdout.write("one \x1b]0;no terminator\ntwo\nthree\n")
    assert capsys.readouterr().out == "one \ntwo\nthree\n"


# -- the real command, bytes on a pipe -------------------------------------------------------


def run_process(*argv: str) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "NOTEBOOK_TODAY": TODAY.isoformat()}
    environment["PYTHONPATH"] = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-m", "notebook", *argv],
        capture_output=True,
        env=environment,
        check=False,
    )


def byte_controls(data: bytes) -> Iterator[int]:
    """C0 bytes but tab and newline, and DEL; C1 and bidi are checked on the decoded text."""
    return (b for b in data if (b < 0x20 and b not in b"\t\n") or b == 0x7F)


@pytest.mark.parametrize(
    "argv",
    [("export", "--format", "csv"), ("export", "--format", "vcard"), ("stale", "--json")],
    ids=" ".join,
)
def test_python_m_notebook_writes_clean_bytes(db: Path, argv: tuple[str, ...]) -> None:
    result = run_process("--db", str(db), *argv)
    assert result.returncode == 0, result.stderr
    for stream in (result.stdout, result.stderr):
        assert list(byte_controls(stream)) == []
        assert_clean(stream.decode("utf-8"))
    assert MARKUP.encode() in result.stdout
    if argv[0] == "stale":
        assert json.loads(result.stdout)
