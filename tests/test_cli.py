"""The shell commands, in-process through `main()` and as a real `python -m notebook`."""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import socket
import stat
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import IO

import orjson
import pytest

from notebook import dates, store
from notebook.cli import main
from notebook.records import Person
from notebook.store import Store
from notebook.viewmodel import Notebook

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "nb.json"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_process(
    *argv: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **(env or {})}
    environment["PYTHONPATH"] = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-m", "notebook", *argv],
        capture_output=True,
        text=True,
        env=environment,
        cwd=cwd,
        check=False,
    )


def assert_one_line_error(err: str, *fragments: str) -> None:
    assert "Traceback" not in err
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert err.startswith("notebook: ")
    for fragment in fragments:
        assert fragment in err


def people_in(db: Path) -> list[Person]:
    nb = Notebook.open(db, read_only=True)
    try:
        return nb.people.all(include_archived=True)
    finally:
        nb.close()


# -- add -------------------------------------------------------------------------------------


def test_add_creates_the_notebook_and_the_person(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    code, out, err = run(
        capsys,
        *("--db", str(db), "add", "Dana Okafor"),
        *("--company", "Acme", "--title", "Engineering Manager", "--tag", "mentor", "--tag", "gym"),
    )
    assert (code, err) == (0, "")
    assert out == "Added Dana Okafor, Engineering Manager @ Acme\n"
    (dana,) = people_in(db)
    assert (dana.name, dana.company, dana.tags) == ("Dana Okafor", "Acme", ("mentor", "gym"))


@pytest.mark.parametrize("where", ["before", "after"])
def test_db_option_works_before_and_after_the_subcommand(
    capsys: pytest.CaptureFixture[str],
    db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> None:
    decoy = tmp_path / "env.json"
    monkeypatch.setenv("NOTEBOOK_DB", str(decoy))  # must lose to --db wherever --db is written
    argv = ["--db", str(db), "add", "Sam"] if where == "before" else ["add", "Sam", "--db", str(db)]
    assert run(capsys, *argv)[0] == 0
    assert [p.name for p in people_in(db)] == ["Sam"]
    assert not decoy.exists()


def test_add_refuses_a_duplicate_name_unless_forced(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    run(capsys, "--db", str(db), "add", "Sam Lee")
    code, out, err = run(capsys, "--db", str(db), "add", "  sam   LEE ")
    assert code == 1 and out == ""
    assert_one_line_error(err, "already in the notebook", "--force")
    assert len(people_in(db)) == 1
    code, out, _ = run(capsys, "--db", str(db), "add", "Sam Lee", "--force")
    assert code == 0
    assert len(people_in(db)) == 2


def test_add_output_has_no_control_characters(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, out, _ = run(
        capsys, "--db", str(db), "add", "Eve\x1b]0;pwned\x07 \x1b[31mRed\u202e", "--title", "\x9bX"
    )
    assert code == 0
    assert out == "Added Eve Red, X\n"


def test_notebook_db_environment_variable_is_honoured(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env_db = tmp_path / "from-env" / "nb.json"
    monkeypatch.setenv("NOTEBOOK_DB", str(env_db))
    assert run(capsys, "add", "Env Person")[0] == 0
    assert [p.name for p in people_in(env_db)] == ["Env Person"]
    code, out, _ = run(capsys, "find", "env")
    assert (code, out) == (0, "Env Person\t\t\n")


# -- note ------------------------------------------------------------------------------------


def test_note_with_known_and_new_people_and_a_follow_up(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    run(capsys, "--db", str(db), "add", "Dana Okafor", "--company", "Acme")
    today = dates.today()
    code, out, err = run(
        capsys,
        *("--db", str(db), "note", "Coffee; she offered an intro"),
        *("--with", "dana okafor", "--new", "Zed New"),
        *("--when", "yesterday", "--at", "the bakery", "--kind", "coffee"),
        *("--follow-up", "send my resume", "--due", "in 3 days"),
    )
    assert (code, err) == (0, "")
    yesterday = today - timedelta(days=1)
    assert out.splitlines() == [
        f"Noted coffee with Dana Okafor, Zed New on {yesterday.isoformat()}",
        "New person: Zed New",
        f"Follow-up: send my resume, due {(today + timedelta(days=3)).isoformat()} "
        "(I owe Dana Okafor)",
    ]
    nb = Notebook.open(db, read_only=True, today=today)
    try:
        (dana,) = nb.people.find_by_name("Dana Okafor")
        (zed,) = nb.people.find_by_name("Zed New")
        (interaction,) = nb.conversations.timeline(zed.id or 0)
        assert interaction.when == yesterday
        assert interaction.people == (dana.id, zed.id)
        assert (interaction.kind, interaction.place) == ("coffee", "the bakery")
        assert interaction.summary == "Coffee; she offered an intro"
        (follow,) = nb.follow_ups.open(dana.id)
        assert follow.text == "send my resume"
        assert follow.due == today + timedelta(days=3)
        assert (follow.people, follow.by) == ((dana.id,), "me")  # the first --with, by me
        assert nb.follow_ups.open(zed.id) == []
    finally:
        nb.close()


def test_note_matches_a_unique_partial_name_and_defaults_to_today(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    run(capsys, "--db", str(db), "add", "Priya Patel")
    code, out, _ = run(capsys, "--db", str(db), "note", "Quick call", "--with", "priya")
    assert code == 0
    assert out == f"Noted in person with Priya Patel on {dates.today().isoformat()}\n"
    assert len(people_in(db)) == 1  # matched, not created


def test_note_with_an_ambiguous_name_is_refused(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    run(capsys, "--db", str(db), "add", "Sam Lee", "--company", "Acme")
    run(capsys, "--db", str(db), "add", "Sam Park")
    before = db.read_bytes()
    code, out, err = run(capsys, "--db", str(db), "note", "hi", "--with", "sam")
    assert code == 1 and out == ""
    assert_one_line_error(err, "could be several people", "Sam Lee (Acme)", "Sam Park")
    assert db.read_bytes() == before


def test_note_with_a_misspelt_name_is_refused_with_the_closest_names(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    run(capsys, "--db", str(db), "add", "Dana Nguyen")
    run(capsys, "--db", str(db), "add", "Hugo Rossi")
    before = db.read_bytes()
    code, out, err = run(capsys, "--db", str(db), "note", "hi", "--with", "Dnaa")
    assert code == 1 and out == ""
    assert err == (
        "notebook: nobody called 'Dnaa' in the notebook; did you mean Dana Nguyen? "
        'Use --new "Dnaa" to add someone new\n'
    )
    assert db.read_bytes() == before  # nothing written, nobody created
    # Every name is checked first: a good one beside a misspelt one saves nothing either.
    code, _, err = run(
        capsys, "--db", str(db), "note", "hi", "--with", "dana", "--with", "hugo rosi"
    )
    assert code == 1
    assert_one_line_error(err, "nobody called 'hugo rosi'", "did you mean Hugo Rossi?")
    assert db.read_bytes() == before


def test_note_with_a_name_nobody_has_says_how_to_add_them(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    run(capsys, "--db", str(db), "add", "Dana Nguyen")
    before = db.read_bytes()
    code, out, err = run(capsys, "--db", str(db), "note", "hi", "--with", "Zed Quill")
    assert (code, out) == (1, "")
    assert err == (
        "notebook: nobody called 'Zed Quill' in the notebook; "
        'use --new "Zed Quill" to add someone new\n'
    )
    assert db.read_bytes() == before


def test_note_new_adds_people_explicitly_even_alone(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    run(capsys, "--db", str(db), "add", "Dana Nguyen")
    code, out, err = run(capsys, "--db", str(db), "note", "hi", "--new", "Sam Lee", "--new", "Dnaa")
    assert (code, err) == (0, "")
    assert out.splitlines()[1:] == ["New person: Sam Lee", "New person: Dnaa"]
    assert [p.name for p in people_in(db)] == ["Dana Nguyen", "Dnaa", "Sam Lee"]


def test_note_matches_an_archived_person_only_when_nobody_active_has_the_name(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    run(capsys, "--db", str(db), "add", "Ann Archived")
    nb = Notebook.open(db)
    try:
        (ann,) = nb.people.find_by_name("Ann Archived")
        nb.people.archive(ann.id or 0)
    finally:
        nb.close()
    code, out, err = run(capsys, "--db", str(db), "note", "hi", "--with", "ann archived")
    assert (code, err) == (0, "")
    assert out.startswith("Noted in person with Ann Archived")
    assert len(people_in(db)) == 1


def test_prep_uses_the_same_rule_for_names(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    run(capsys, "--db", str(db), "add", "Dana Nguyen")
    run(capsys, "--db", str(db), "add", "Dana Okafor")
    code, out, err = run(capsys, "--db", str(db), "prep", "ngyuen")
    assert (code, out) == (1, "")
    assert_one_line_error(err, "nobody called 'ngyuen'", "did you mean Dana Nguyen?")
    code, _, err = run(capsys, "--db", str(db), "prep", "dana")
    assert code == 1
    assert_one_line_error(err, "could be several people", "Dana Nguyen", "Dana Okafor")
    code, out, err = run(capsys, "--db", str(db), "prep", "dana ok")
    assert (code, err) == (0, "")
    assert "Dana Okafor" in out


@pytest.mark.parametrize(
    "when", ["3/4/2026", "not a date", "2026-02-30", "someday soon", "9999-12-31", "1850-01-01"]
)
def test_note_with_a_bad_date_is_refused(
    capsys: pytest.CaptureFixture[str], db: Path, when: str
) -> None:
    run(capsys, "--db", str(db), "add", "Ann")
    before = db.read_bytes()
    code, out, err = run(capsys, "--db", str(db), "note", "hi", "--with", "Ann", "--when", when)
    assert code == 1 and out == ""
    assert_one_line_error(err, when)
    assert db.read_bytes() == before


def test_errors_quoting_typed_text_are_cleaned(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    run(capsys, "--db", str(db), "add", "Ann")
    typed = "\x1b]0;pwned\x07soon\nlater\x9b"
    code, out, err = run(capsys, "--db", str(db), "note", "hi", "--with", "Ann", "--when", typed)
    assert code == 1 and out == ""
    assert_one_line_error(err, '"soon later"')
    assert "\x1b" not in err and "pwned" not in err and "\x9b" not in err


def test_due_without_follow_up_is_refused(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    run(capsys, "--db", str(db), "add", "Ann")
    before = db.read_bytes()
    code, out, err = run(capsys, "--db", str(db), "note", "hi", "--with", "Ann", "--due", "fri")
    assert code == 1 and out == ""
    assert_one_line_error(err, "--due", "--follow-up")
    assert db.read_bytes() == before


def test_note_follow_up_they_owe_with_the_person_named(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    run(capsys, "--db", str(db), "add", "Dana Okafor")
    run(capsys, "--db", str(db), "add", "Sam Lee")
    for named in ("Sam Lee", "sam"):  # as in --with, or any name that finds the same person
        code, out, err = run(
            capsys,
            *("--db", str(db), "note", "Lunch", "--with", "dana", "--with", "Sam Lee"),
            *("--follow-up", f"job post ({named})", "--they-owe", "--follow-up-with", named),
        )
        assert (code, err) == (0, "")
        assert out.splitlines()[-1] == f"Follow-up: job post ({named}) (Sam Lee owes me)"
    nb = Notebook.open(db, read_only=True)
    try:
        (dana,) = nb.people.find_by_name("Dana Okafor")
        (sam,) = nb.people.find_by_name("Sam Lee")
        assert nb.follow_ups.open(dana.id) == []
        follow_ups = nb.follow_ups.open(sam.id)
        assert [(f.people, f.by) for f in follow_ups] == [((sam.id,), "them")] * 2
        for follow_up in follow_ups:  # the conversation itself was with both
            assert nb.conversations.get(follow_up.interaction or 0).people == (dana.id, sam.id)
    finally:
        nb.close()


def test_note_follow_up_with_someone_not_in_the_note_is_refused(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    run(capsys, "--db", str(db), "add", "Dana Okafor")
    run(capsys, "--db", str(db), "add", "Sam Lee")
    before = db.read_bytes()
    code, out, err = run(
        capsys,
        *("--db", str(db), "note", "hi", "--with", "Dana Okafor"),
        *("--follow-up", "call", "--follow-up-with", "Sam Lee"),
    )
    assert code == 1 and out == ""
    assert_one_line_error(err, "--follow-up-with", "'Sam Lee'", "--with")
    assert db.read_bytes() == before


@pytest.mark.parametrize(
    "extra", [["--they-owe"], ["--follow-up-with", "Ann"]], ids=["they-owe", "follow-up-with"]
)
def test_follow_up_options_without_a_follow_up_are_refused(
    capsys: pytest.CaptureFixture[str], db: Path, extra: list[str]
) -> None:
    run(capsys, "--db", str(db), "add", "Ann")
    before = db.read_bytes()
    code, out, err = run(capsys, "--db", str(db), "note", "hi", "--with", "Ann", *extra)
    assert code == 1 and out == ""
    assert_one_line_error(err, extra[0], "--follow-up")
    assert db.read_bytes() == before


@pytest.mark.parametrize(
    ("today", "when", "due"),
    [
        ("2026-11-25", "2026-11-20", "2026-11-27"),  # a Wednesday
        ("2026-11-27", "2026-11-27", "2026-11-27"),  # a Friday: both are today
        ("2026-11-28", "2026-11-27", "2026-12-04"),  # a Saturday
    ],
)
def test_due_fri_is_the_coming_friday_and_when_fri_the_last(
    capsys: pytest.CaptureFixture[str],
    db: Path,
    monkeypatch: pytest.MonkeyPatch,
    today: str,
    when: str,
    due: str,
) -> None:
    monkeypatch.setenv("NOTEBOOK_TODAY", today)
    run(capsys, "--db", str(db), "add", "Ann")
    code, out, err = run(
        capsys,
        *("--db", str(db), "note", "hi", "--with", "Ann", "--when", "fri"),
        *("--follow-up", "send the deck", "--due", "fri"),
    )
    assert (code, err) == (0, "")
    assert f", due {due}" in out
    nb = Notebook.open(db, read_only=True)
    try:
        (follow,) = nb.follow_ups.open()
        assert follow.due is not None and follow.due.isoformat() == due
        (interaction,) = nb.conversations.timeline(follow.people[0])
        assert interaction.day.isoformat() == when
    finally:
        nb.close()


# -- log -------------------------------------------------------------------------------------

LOGGED = (
    "Maria Quill (new) and dana at the bakery yesterday: she'll intro me to her manager; "
    "todo send resume next mon"
)


@pytest.fixture
def wednesday(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOTEBOOK_TODAY", "2026-11-25")


def files_in(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        path.name: (path.read_bytes(), path.stat().st_mtime_ns)
        for path in folder.rglob("*")
        if path.is_file()
    }


@pytest.mark.usefixtures("wednesday")
def test_log_saves_the_conversation_the_new_person_and_the_follow_up(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    run(capsys, "--db", str(db), "add", "Dana Okafor")
    code, out, err = run(capsys, "--db", str(db), "log", LOGGED)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Noted in person with Maria Quill, Dana Okafor at the bakery on 2026-11-24",
        "What happened: she'll intro me to her manager",
        "New person: Maria Quill",
        "Follow-up: send resume, due 2026-11-30 (I owe Maria Quill)",
    ]
    nb = Notebook.open(db, read_only=True)
    try:
        (maria,) = nb.people.find_by_name("Maria Quill")
        (dana,) = nb.people.find_by_name("Dana Okafor")
        assert maria.source == "note"
        (interaction,) = nb.conversations.timeline(maria.id or 0)
        assert interaction.people == (maria.id, dana.id)
        assert (interaction.when, interaction.place) == (date(2026, 11, 24), "the bakery")
        assert (interaction.kind, interaction.summary) == (
            "in person",
            "she'll intro me to her manager",
        )
        (follow,) = nb.follow_ups.open()
        assert (follow.text, follow.due, follow.by) == ("send resume", date(2026, 11, 30), "me")
        assert follow.interaction == interaction.id
    finally:
        nb.close()
    assert len(people_in(db)) == 2


@pytest.mark.usefixtures("wednesday")
def test_log_a_follow_up_they_owe_with_a_kind(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    run(capsys, "--db", str(db), "add", "Dana Okafor")
    line = "dana 3 days ago: coffee; waiting on: the deck by fri"
    code, out, err = run(capsys, "--db", str(db), "log", line, "--kind", "coffee")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Noted coffee with Dana Okafor on 2026-11-22",
        "What happened: coffee",
        "Follow-up: the deck, due 2026-11-27 (Dana Okafor owes me)",
    ]
    nb = Notebook.open(db, read_only=True)
    try:
        (follow,) = nb.follow_ups.open()
        assert (follow.by, follow.due) == ("them", date(2026, 11, 27))
    finally:
        nb.close()


@pytest.mark.usefixtures("wednesday")
@pytest.mark.parametrize(
    ("line", "fragments"),
    [
        ("Dnaa Okafor yesterday: coffee", ["Dnaa Okafor"]),
        # "dan" is not Dana: a new Dan's conversation filed under her would go unseen.
        (
            "dan at the gym: new from the meetup",
            ["nobody called 'dan'", "did you mean Dana Okafor", "dan (new)"],
        ),
    ],
)
def test_log_refuses_a_name_not_in_the_notebook_unless_marked_new(
    capsys: pytest.CaptureFixture[str], db: Path, line: str, fragments: list[str]
) -> None:
    run(capsys, "--db", str(db), "add", "Dana Okafor")
    before = db.read_bytes()
    code, out, err = run(capsys, "--db", str(db), "log", line)
    assert code == 1 and out == ""
    assert_one_line_error(err, *fragments)
    assert db.read_bytes() == before
    assert [p.name for p in people_in(db)] == ["Dana Okafor"]


def test_the_start_of_a_name_is_no_one_but_a_whole_word_with_it_is(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    run(capsys, "--db", str(db), "add", "Dana Okafor")
    for argv, taken in (
        (["note", "hi", "--with", "dan"], False),
        (["log", "dana o at the gym: hello"], True),
        (["note", "hello", "--with", "okafor d"], True),
    ):
        code, out, err = run(capsys, "--db", str(db), *argv)
        assert (code == 0) is taken, err
        assert ("with Dana Okafor" in out) is taken


@pytest.mark.usefixtures("wednesday")
@pytest.mark.parametrize(
    ("line", "fragments"),
    [
        ("Dana Okafor coffee", ['say who first, then ":" and what happened']),
        ("Dana Okafor 3/4: coffee", ['"3/4" is ambiguous']),
        ("Dana Okafor: coffee; todo", ['say what is to be done after "todo"']),
        ("Dana Okafor and \x1b[31mZed\x07: hi", ["nobody called 'Zed'", '"Zed (new)"']),
        ("\x1b[31mEve\nand \x1b[31meve: hi", ['"eve" is named twice']),
    ],
)
def test_log_refuses_what_it_cannot_read_in_one_line_saving_nothing(
    capsys: pytest.CaptureFixture[str], db: Path, line: str, fragments: list[str]
) -> None:
    run(capsys, "--db", str(db), "add", "Dana Okafor")
    before = db.read_bytes()
    code, out, err = run(capsys, "--db", str(db), "log", line)
    assert code == 1 and out == ""
    assert_one_line_error(err, *fragments)
    assert "\x1b" not in err and "\x07" not in err
    assert db.read_bytes() == before


@pytest.mark.usefixtures("wednesday")
def test_log_dry_run_prints_what_would_be_saved_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    run(capsys, "--db", str(db), "add", "Dana Okafor")
    run(capsys, "--db", str(db), "find", "dana")  # let the search cache settle first
    before = files_in(db.parent)
    code, dry, err = run(capsys, "--db", str(db), "log", LOGGED, "--dry-run")
    assert (code, err) == (0, "")
    assert files_in(db.parent) == before
    assert dry.splitlines()[-1] == "Dry run: nothing saved."
    # The very lines a save prints.
    code, saved, _ = run(capsys, "--db", str(db), "log", LOGGED)
    assert code == 0
    assert dry.splitlines()[:-1] == saved.splitlines()


@pytest.mark.usefixtures("wednesday")
def test_log_dry_run_still_refuses_an_unknown_name(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    run(capsys, "--db", str(db), "add", "Dana Okafor")
    code, out, err = run(capsys, "--db", str(db), "log", "Zed: hi", "--dry-run")
    assert code == 1 and out == ""
    assert_one_line_error(err, "Zed")


@pytest.mark.parametrize(
    "argv",
    [
        ["note", "hi"],  # nobody: --with or --new is required
        ["note", "hi", "--with", "Ann", "--kind", "dinner"],
        ["add"],
        ["find"],
        ["--no-such-option"],
    ],
)
def test_usage_errors_are_one_line_with_exit_2(
    capsys: pytest.CaptureFixture[str], db: Path, argv: list[str]
) -> None:
    with pytest.raises(SystemExit) as excinfo:
        main(["--db", str(db), *argv])
    assert excinfo.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and "Traceback" not in err and "--help" in err
    assert not db.exists()


# -- find ------------------------------------------------------------------------------------


def test_find_prints_one_line_per_person(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    run(capsys, "--db", str(db), "add", "Ana Silva", "--company", "Acme", "--title", "CTO")
    run(capsys, "--db", str(db), "add", "Mariana Lopez")
    run(capsys, "--db", str(db), "add", "Bob", "--company", "Anaconda")
    run(capsys, "--db", str(db), "add", "José Núñez")
    code, out, err = run(capsys, "--db", str(db), "find", "ana")
    assert (code, err) == (0, "")
    assert out.splitlines() == ["Ana Silva\tCTO @ Acme\t", "Mariana Lopez\t\t", "Bob\tAnaconda\t"]
    code, out, _ = run(capsys, "--db", str(db), "find", "ana", "--limit", "1")
    assert out.splitlines() == ["Ana Silva\tCTO @ Acme\t"]
    code, out, _ = run(capsys, "--db", str(db), "find", "JOSE", "nunez")
    assert (code, out) == (0, "José Núñez\t\t\n")


def test_find_nothing_exits_1_and_prints_nothing(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    run(capsys, "--db", str(db), "add", "Ann")
    before = db.read_bytes()
    assert run(capsys, "--db", str(db), "find", "zebra") == (1, "", "")
    assert db.read_bytes() == before


def test_find_on_a_missing_notebook_is_an_error_and_creates_nothing(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    code, out, err = run(capsys, "--db", str(db), "find", "ann")
    assert code == 1 and out == ""
    assert_one_line_error(err, str(db), "does not exist")
    assert not db.exists()


def test_find_works_while_the_notebook_is_open_elsewhere(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    run(capsys, "--db", str(db), "add", "Ann")
    with Store.open(db):
        code, out, _ = run(capsys, "--db", str(db), "find", "ann")
    assert (code, out) == (0, "Ann\t\t\n")


# -- failures --------------------------------------------------------------------------------


def test_corrupt_notebook_is_a_one_line_error_and_left_untouched(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    run(capsys, "--db", str(db), "add", "Ann")
    db.write_bytes(b'{"people": {"1": {"name": "Ann"')
    for argv in (["add", "Bo"], ["find", "ann"], ["note", "hi", "--with", "Ann"]):
        code, out, err = run(capsys, "--db", str(db), *argv)
        assert code == 1 and out == ""
        assert_one_line_error(err, str(db), "cannot be read", "left untouched")
    assert db.read_bytes() == b'{"people": {"1": {"name": "Ann"'


def test_read_only_flag_refuses_writes(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    run(capsys, "--db", str(db), "add", "Ann")
    before = db.read_bytes()
    code, out, err = run(capsys, "--db", str(db), "--read-only", "add", "Bo")
    assert code == 1 and out == ""
    assert_one_line_error(err, "read-only")
    assert db.read_bytes() == before


# -- as a real process -----------------------------------------------------------------------


def test_process_add_note_find(db: Path) -> None:
    added = run_process("--db", str(db), "add", "Dana Okafor", "--company", "Acme")
    assert (added.returncode, added.stdout, added.stderr) == (0, "Added Dana Okafor, Acme\n", "")
    noted = run_process(
        "note", "Talked hiring", "--db", str(db), "--with", "Dana", "--new", "Sam New"
    )
    assert noted.returncode == 0, noted.stderr
    assert "New person: Sam New" in noted.stdout.splitlines()
    found = run_process("find", "--db", str(db), "new")
    assert (found.returncode, found.stdout) == (0, "Sam New\t\t\n")
    missing = run_process("find", "--db", str(db), "nobody")
    assert (missing.returncode, missing.stdout, missing.stderr) == (1, "", "")


def test_process_honours_notebook_db(tmp_path: Path) -> None:
    env_db = tmp_path / "env.json"
    result = run_process("add", "Env Person", env={"NOTEBOOK_DB": str(env_db)})
    assert result.returncode == 0, result.stderr
    assert [p.name for p in people_in(env_db)] == ["Env Person"]


@pytest.mark.long
def test_process_refuses_a_locked_notebook(db: Path) -> None:
    with Store.open(db) as store:
        store.insert("people", Person(name="Held").to_doc())
        before = db.read_bytes()
        result = run_process("--db", str(db), "add", "Intruder")
        assert result.returncode == 1 and result.stdout == ""
        assert_one_line_error(
            result.stderr, str(db), "open for writing in", f"process {os.getpid()}"
        )
        assert db.read_bytes() == before
        noted = run_process("--db", str(db), "note", "hi", "--with", "Held")
        assert noted.returncode == 1
        assert_one_line_error(noted.stderr, "open for writing in")
        # reading still works while it is held
        found = run_process("--db", str(db), "find", "held")
        assert (found.returncode, found.stdout) == (0, "Held\t\t\n")


@pytest.mark.parametrize(
    ("content", "argv", "fragment"),
    [
        (b"\x00garbage", ["add", "Bo"], "cannot be read"),
        (None, ["note", "hi", "--with", "Ann", "--when", "31/12/2026"], "2026-12-31"),
        (None, ["note", "hi", "--with", "Ann", "--due", "tomorrow"], "--follow-up"),
    ],
)
def test_process_errors_are_one_line_without_traceback(
    db: Path, content: bytes | None, argv: Sequence[str], fragment: str
) -> None:
    assert run_process("--db", str(db), "add", "Ann").returncode == 0
    if content is not None:
        db.write_bytes(content)
    before = db.read_bytes()
    result = run_process("--db", str(db), *argv)
    assert result.returncode == 1 and result.stdout == ""
    assert_one_line_error(result.stderr, fragment)
    assert db.read_bytes() == before
    if content is None:
        assert len(orjson.loads(db.read_bytes())["interactions"]) == 0


# -- files the shell writes -----------------------------------------------------------------


def test_export_refuses_to_write_over_the_notebook_or_its_own_files(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    assert run(capsys, "--db", str(db), "add", "Dana")[0] == 0
    assert run(capsys, "--db", str(db), "add", "Sam")[0] == 0  # a second run: a backup exists
    link = db.with_name("link.json")
    link.symlink_to(db)
    backup = next((db.parent / ".notebook-backups").iterdir())
    before = {p: p.read_bytes() for p in (db, backup)}
    for target in (db, link, backup, db.with_name("nb.json.lock")):
        code, out, err = run(
            capsys, "--db", str(db), "export", "--format", "json", "-o", str(target)
        )
        assert (code, out) == (1, ""), target
        assert_one_line_error(err, "the notebook itself or one of its own files")
    assert {p: p.read_bytes() for p in before} == before
    code, _, err = run(
        capsys, "--db", str(db), "export", "--format", "vcard", "--one-per-person",
        "-o", str(db.parent / ".notebook-backups"),
    )  # fmt: skip
    assert code == 1
    assert_one_line_error(err, "backups")


def test_export_removes_a_killed_exports_temp_and_leaves_a_young_one(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    assert run(capsys, "--db", str(db), "add", "Dana")[0] == 0
    out = db.with_name("everyone.csv")
    dead = db.with_name(".everyone.csv.abcd1234.tmp")
    young = db.with_name(".everyone.csv.efgh5678.tmp")
    for temp in (dead, young):
        temp.write_bytes(b"half an export")
    os.utime(dead, (0, 0))  # old, and nobody holds its lock: its writer was killed
    code, _, err = run(capsys, "--db", str(db), "export", "--format", "csv", "-o", str(out))
    assert (code, err) == (0, "")
    assert not dead.exists()
    assert young.exists()  # it may be another export's, still being written
    assert b"Dana" in out.read_bytes()
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def temps_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob(".*.tmp"))


@pytest.mark.parametrize("kind", ["named pipe", "socket", "link to a named pipe"])
def test_export_refuses_to_replace_what_is_no_file(db: Path, kind: str) -> None:
    assert run_process("--db", str(db), "add", "Dana").returncode == 0
    pipe = db.with_name("pipe.csv")
    if kind == "socket":
        pipe = db.with_name("socket.csv")
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(pipe))
        server.close()  # the socket file stays behind it
    else:
        os.mkfifo(pipe)
    output = db.with_name("link.csv") if kind.startswith("link") else pipe
    if output != pipe:
        output.symlink_to(pipe.name)
    what = "a socket" if kind == "socket" else "a named pipe (FIFO)"
    result = run_process("--db", str(db), "export", "--format", "csv", "-o", str(output))
    assert (result.returncode, result.stdout) == (1, "")
    assert_one_line_error(result.stderr, f"{output} is {what}, not a file", "nothing was written")
    mode = os.lstat(pipe).st_mode
    assert stat.S_ISSOCK(mode) if kind == "socket" else stat.S_ISFIFO(mode)
    assert output == pipe or os.readlink(output) == pipe.name
    assert temps_in(db.parent) == []


def test_export_refuses_a_device_without_touching_it(
    capsys: pytest.CaptureFixture[str], db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(capsys, "--db", str(db), "add", "Dana")[0] == 0
    link = db.with_name("null.csv")
    link.symlink_to(os.devnull)

    def untouched(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a device was about to be written over: {args}")

    # Whatever the code does, nothing can be written or replaced outside tmp_path.
    for module, name in ((store, "atomic_write"), (store, "remove_stale_temps"), (os, "replace"),
                         (os, "rename"), (tempfile, "mkstemp")):  # fmt: skip
        monkeypatch.setattr(module, name, untouched)
    for output in (os.devnull, str(link)):
        code, out, err = run(capsys, "--db", str(db), "export", "--format", "csv", "-o", output)
        assert (code, out) == (1, "")
        assert_one_line_error(err, f"{output} is a device, not a file", "nothing was written")
    assert os.readlink(link) == os.devnull


def test_export_writes_through_a_symlink_and_the_link_stays(db: Path) -> None:
    assert run_process("--db", str(db), "add", "Dana").returncode == 0
    plain = db.with_name("plain.csv")
    exported = run_process("--db", str(db), "export", "--format", "csv", "-o", str(plain))
    assert exported.returncode == 0
    (db.parent / "real").mkdir()
    real = db.parent / "real" / "everyone.csv"
    real.write_bytes(b"an old export")
    real.chmod(0o644)
    link = db.with_name("everyone.csv")
    link.symlink_to(Path("real") / "everyone.csv")  # relative, to the link's folder
    result = run_process("--db", str(db), "export", "--format", "csv", "-o", str(link))
    assert (result.returncode, result.stdout, result.stderr) == (0, f"Wrote {link}\n", "")
    assert link.is_symlink() and os.readlink(link) == str(Path("real") / "everyone.csv")
    assert real.read_bytes() == plain.read_bytes()
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert temps_in(db.parent) == temps_in(real.parent) == []


def test_export_refuses_a_link_to_nothing(db: Path) -> None:
    assert run_process("--db", str(db), "add", "Dana").returncode == 0
    link = db.with_name("everyone.csv")
    link.symlink_to(db.parent / "gone" / "everyone.csv")
    result = run_process("--db", str(db), "export", "--format", "csv", "-o", str(link))
    assert (result.returncode, result.stdout) == (1, "")
    assert_one_line_error(
        result.stderr,
        f"{link} is a link to {db.parent / 'gone' / 'everyone.csv'}, which does not exist",
        "nothing was written",
    )
    assert link.is_symlink() and not (db.parent / "gone").exists()


class FullDisk(io.RawIOBase):
    """Standard output on a disk that is full: every write fails as a full disk's does."""

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_an_export_to_a_full_standard_output_says_so_in_words(
    capsys: pytest.CaptureFixture[str], db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(capsys, "--db", str(db), "add", "Dana")[0] == 0
    full = io.TextIOWrapper(io.BufferedWriter(FullDisk()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", full)
    try:
        code = main(["--db", str(db), "export", "--format", "csv"])
    finally:
        with contextlib.suppress(OSError):
            full.close()
    assert code == 1
    assert capsys.readouterr().err == (
        "notebook: could not write the export to standard output: no space left on device\n"
    )


def run_buffered(
    db: Path, stdout: IO[bytes], *argv: str, buffered: bool = True
) -> subprocess.CompletedProcess[str]:
    """A real process writing to `stdout` buffered, as a user's Python does (an unbuffered one
    fails at the write instead of as it flushes)."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    if not buffered:
        env["PYTHONUNBUFFERED"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "notebook", "--db", str(db), *argv],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env={**env, "PYTHONPATH": str(ROOT)},
        check=False,
    )


def test_a_process_whose_export_cannot_be_written_says_one_line_and_no_more(db: Path) -> None:
    # Its standard output a file it cannot write, as a file on a full disk: the export is
    # taken into the output's buffer, and fails as it is flushed. Nothing more is said, nor a
    # second failure made of it, as the process ends and flushes what is left.
    assert run_process("--db", str(db), "add", "Dana").returncode == 0
    out = db.with_name("out.json")
    out.write_bytes(b"")
    with out.open("rb") as read_only:
        result = run_buffered(db, read_only, "export", "--format", "json")
    assert result.returncode == 1
    assert result.stderr == (
        "notebook: could not write the export to standard output: bad file descriptor\n"
    )
    assert out.read_bytes() == b""


@pytest.mark.parametrize(
    ("command", "saved"),
    [
        (["find", "dana"], False),
        (["stale"], False),
        (["stale", "--json"], False),
        (["followups"], False),
        (["prep", "Dana"], False),
        (["note", "offer call", "--with", "Dana"], True),
        (["log", "Dana: offer call", "--dry-run"], False),
    ],
)
def test_every_command_says_in_words_that_standard_output_is_full(
    db: Path, command: list[str], saved: bool
) -> None:
    """A real process whose output is redirected to a full disk (/dev/full): one line, the
    reason in words, not "[Errno 28] No space left on device", and no traceback. A command
    that changed the notebook says the change was saved: run again, it would be made twice."""
    assert run_process("--db", str(db), "add", "Dana", "--company", "Acme").returncode == 0
    assert run_process("--db", str(db), "note", "hi", "--with", "Dana").returncode == 0
    with open("/dev/full", "wb") as full:
        result = run_buffered(db, full, *command)
    assert result.returncode == 1
    after = "; the change was saved, so do not run it again" if saved else ""
    assert result.stderr == (
        f"notebook: could not write to standard output: no space left on device{after}\n"
    )
    written = Notebook.open(db, read_only=True)
    try:
        summaries = sorted(i.summary for i in written.conversations.journal())
    finally:
        written.close()
    assert summaries == (["hi", "offer call"] if saved else ["hi"])


@pytest.mark.parametrize("buffered", [True, False])
def test_help_to_a_full_disk_says_so(db: Path, buffered: bool) -> None:
    """argparse drops an OSError as it writes its help: unbuffered, the help went nowhere and
    the process said nothing, with success."""
    with open("/dev/full", "wb") as full:
        result = run_buffered(db, full, "--help", buffered=buffered)
    assert (result.returncode, result.stderr) == (
        1,
        "notebook: could not write to standard output: no space left on device\n",
    )


def test_an_export_that_cannot_be_written_says_why_in_words(db: Path) -> None:
    assert run_process("--db", str(db), "add", "Dana").returncode == 0
    output = db.parent / "no such folder" / "everyone.csv"
    result = run_process("--db", str(db), "export", "--format", "csv", "-o", str(output))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"notebook: could not write {output}: no such file or directory; nothing was written\n"
    )


def test_one_vcard_per_person_folder_is_private_whatever_the_umask(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    assert run(capsys, "--db", str(db), "add", "Dana")[0] == 0
    folder = db.parent / "cards" / "all"
    old = os.umask(0)
    try:
        code, _, err = run(
            capsys, "--db", str(db), "export", "--format", "vcard", "--one-per-person",
            "-o", str(folder),
        )  # fmt: skip
    finally:
        os.umask(old)
    assert (code, err) == (0, "")
    for made in (folder.parent, folder):
        assert stat.S_IMODE(made.stat().st_mode) == 0o700, made
    assert [stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()] == [0o600]


def test_a_read_only_notebook_file_is_refused_for_writing_in_one_line(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    assert run(capsys, "--db", str(db), "add", "Dana")[0] == 0
    db.chmod(0o400)
    before = db.read_bytes()
    code, out, err = run(capsys, "--db", str(db), "add", "Sam")
    assert (code, out) == (1, "")
    assert_one_line_error(err, str(db), "read-only", "--read-only")
    assert db.read_bytes() == before
    # reading still works, and find falls back to reading
    code, out, _ = run(capsys, "--db", str(db), "find", "dana")
    assert code == 0 and out.startswith("Dana")


def test_repairs_on_load_are_said_on_stderr(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    assert run(capsys, "--db", str(db), "add", "Dana")[0] == 0
    data = orjson.loads(db.read_bytes())
    data["people"]["1"]["met_via"] = 99
    db.write_bytes(orjson.dumps(data))
    code, _, err = run(capsys, "--db", str(db), "--read-only", "stale")
    assert code == 0
    assert err.startswith("notebook: warning: people record 1")
    assert "99" in err and err.count("\n") == 1


def test_an_empty_db_is_refused_rather_than_the_real_notebook_used(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    code, out, err = run(capsys, "--db", "", "add", "Dana")
    assert (code, out) == (1, "")
    assert_one_line_error(err, "--db needs a path")
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("command", [("add", "Dana"), ("find", "dana"), ("followups",)])
@pytest.mark.parametrize("db", ["/", "//", "/.."])
def test_a_db_that_names_the_root_folder_is_one_line_not_a_traceback(
    capsys: pytest.CaptureFixture[str], db: str, command: tuple[str, ...]
) -> None:
    code, out, err = run(capsys, "--db", db, *command)
    assert (code, out) == (1, "")
    assert_one_line_error(err, "is a folder, not a notebook file")


def test_one_card_per_person_never_lands_on_the_notebook(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "dana.vcf"  # a notebook whose name a card would take
    assert run(capsys, "--db", str(db), "add", "Dana")[0] == 0
    before = db.read_bytes()
    code, _, err = run(
        capsys, "--db", str(db), "export", "--format", "vcard", "--one-per-person",
        "-o", str(tmp_path),
    )  # fmt: skip
    assert code == 1
    assert_one_line_error(err, "one of its own files")
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".vcf") == ["dana.vcf"]


def test_one_card_per_person_never_replaces_someone_elses_card(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A john-doe.vcf already in the folder, of someone else (a synced address book's), was
    replaced without a word; our own card from an earlier export is brought up to date."""
    db, folder = tmp_path / "nb.json", tmp_path / "cards"
    folder.mkdir()
    theirs = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Someone Else\r\nUID:theirs-1\r\nEND:VCARD\r\n"
    (folder / "john-doe.vcf").write_bytes(theirs)
    assert run(capsys, "--db", str(db), "add", "John Doe", "--company", "Acme")[0] == 0
    export = ("--db", str(db), "export", "--format", "vcard", "--one-per-person", "-o", str(folder))
    assert run(capsys, *export)[0] == 0
    assert (folder / "john-doe.vcf").read_bytes() == theirs
    ours = (folder / "john-doe-2.vcf").read_text()
    assert "FN:John Doe" in ours
    run(capsys, "--db", str(db), "add", "John Doe", "--company", "Globex", "--force")
    assert run(capsys, *export)[0] == 0  # again: each card where it was
    assert (folder / "john-doe.vcf").read_bytes() == theirs
    assert "Acme" in (folder / "john-doe-2.vcf").read_text()
    assert "Globex" in (folder / "john-doe-3.vcf").read_text()


def test_a_today_far_from_now_is_refused(
    capsys: pytest.CaptureFixture[str], db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NOTEBOOK_TODAY", "0001-01-01")
    code, _, err = run(capsys, "--db", str(db), "stale")
    assert code == 1
    assert_one_line_error(err, "NOTEBOOK_TODAY")


def test_an_empty_name_is_refused_not_matched(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    assert run(capsys, "--db", str(db), "add", "Dana Nguyen")[0] == 0  # the only person
    before = db.read_bytes()
    for empty in ("", "   ", "\x1b[0m"):
        code, out, err = run(capsys, "--db", str(db), "note", "hi", "--with", empty)
        assert (code, out) == (1, "")
        assert_one_line_error(err, "a name is empty")
    assert db.read_bytes() == before


def test_a_new_person_whose_name_is_taken_needs_force(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    run(capsys, "--db", str(db), "add", "Zed Zulu", "--company", "Acme")
    before = db.read_bytes()
    for argv in (
        ("note", "hi", "--new", "zed zulu"),
        ("log", "Zed Zulu (new): hi"),
        ("log", "Zed Zulu (new): hi", "--dry-run"),
    ):
        code, out, err = run(capsys, "--db", str(db), *argv)
        assert code == 1 and out == "", argv
        assert_one_line_error(err, ": Zed Zulu (Acme) is already in the notebook", "--force")
    assert db.read_bytes() == before
    run(capsys, "--db", str(db), "add", "Ann Bee")
    code, out, err = run(capsys, "--db", str(db), "log", "Zed Zulu (new) and Ann Bee (new): x")
    assert code == 1  # every name already here is said, not only the first
    assert_one_line_error(err, "already in the notebook: Zed Zulu (Acme); Ann Bee;")
    code, out, err = run(capsys, "--db", str(db), "log", "Zed Zulu (Acme) (new): x")
    assert code == 1  # the Zed Zulu at Acme is already here, however named
    assert_one_line_error(err, "is already in the notebook")
    before = db.read_bytes()
    code, out, err = run(capsys, "--db", str(db), "log", "Zed Zulu (new): met", "--force")
    assert (code, err) == (0, "")
    assert "New person: Zed Zulu" in out
    code, out, err = run(capsys, "--db", str(db), "note", "hi", "--new", "Zed Zulu", "--force")
    assert (code, err) == (0, "")
    assert len(Notebook.open(db, read_only=True).people.find_by_name("Zed Zulu")) == 3
    assert before != db.read_bytes()


def add_namesakes(capsys: pytest.CaptureFixture[str], db: Path, *companies: str) -> None:
    """A John Smith at each company, in this order (the second one added on purpose)."""
    for n, company in enumerate(companies):
        force = ["--force"] if n else []
        run(capsys, "--db", str(db), "add", "John Smith", "--company", company, *force)


def test_namesakes_are_named_with_their_company_in_brackets(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    add_namesakes(capsys, db, "Contoso", "Initech")
    code, out, err = run(capsys, "--db", str(db), "note", "hi", "--with", "John Smith")
    assert code == 1
    assert_one_line_error(err, "John Smith (Contoso), John Smith (Initech)", 'like "John Smith')
    code, out, err = run(capsys, "--db", str(db), "log", "John Smith (Initech): met")
    assert (code, err) == (0, "")
    code, out, err = run(capsys, "--db", str(db), "prep", "John Smith (Initech)")
    assert (code, err) == (0, "")
    assert "Initech" in out
    notebook = Notebook.open(db, read_only=True)
    (initech,) = [p for p in notebook.people.find_by_name("John Smith") if p.company == "Initech"]
    assert notebook.conversations.timeline(initech.id or 0)[0].summary == "met"


def test_followups_say_overdue_in_words_and_json_keeps_true_and_false(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    run(capsys, "--db", str(db), "add", "Ann")
    today = dates.today()
    for text, due in (("late thing", today - timedelta(days=3)), ("later thing", today)):
        run(
            capsys, "--db", str(db), "note", "hi", "--with", "Ann",
            "--follow-up", text, "--due", due.isoformat(),
        )  # fmt: skip
    code, out, err = run(capsys, "--db", str(db), "followups")
    assert (code, err) == (0, "")
    rows = {line.split("  ")[1].strip(): line for line in out.splitlines()[1:]}
    assert " yes " in rows["late thing"] and " no " in rows["later thing"]
    assert "True" not in out and "False" not in out
    code, out, err = run(capsys, "--db", str(db), "followups", "--json")
    assert sorted(row["overdue"] for row in json.loads(out)) == [False, True]


@pytest.mark.usefixtures("wednesday")
@pytest.mark.parametrize("dry_run", [False, True], ids=["saved", "dry run"])
def test_log_says_which_of_two_namesakes_the_note_went_to(
    capsys: pytest.CaptureFixture[str], db: Path, dry_run: bool
) -> None:
    add_namesakes(capsys, db, "Initech", "Contoso")
    run(capsys, "--db", str(db), "add", "Dana Okafor")
    line = "John Smith (Contoso), dana yesterday: coffee; todo send deck"
    code, out, err = run(capsys, "--db", str(db), "log", line, *(["--dry-run"] if dry_run else []))
    assert (code, err) == (0, "")
    assert (
        out.splitlines()[0]
        == "Noted in person with John Smith (Contoso), Dana Okafor on 2026-11-24"
    )
    assert "(I owe John Smith (Contoso))" in out


def test_note_says_which_of_two_namesakes_the_note_went_to(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    add_namesakes(capsys, db, "Initech", "Contoso")
    code, out, err = run(capsys, "--db", str(db), "note", "--with", "John Smith (Initech)", "met")
    assert (code, err) == (0, "")
    assert out.startswith("Noted in person with John Smith (Initech) on ")


def test_export_to_a_dash_is_standard_output(db: Path) -> None:
    assert run_process("--db", str(db), "add", "Dana").returncode == 0
    to_stdout = run_process("--db", str(db), "export", "--format", "csv")
    dashed = run_process("--db", str(db), "export", "--format", "csv", "-o", "-", cwd=db.parent)
    assert (dashed.returncode, dashed.stderr) == (0, "")
    assert dashed.stdout == to_stdout.stdout and "Dana" in dashed.stdout
    assert not (db.parent / "-").exists()


def test_arguments_and_file_names_that_are_not_utf8_are_saved(tmp_path: Path) -> None:
    """A terminal in another encoding, or a Latin-1 file name: the letter that was not UTF-8
    becomes the replacement character, and the rest is saved. Before, every such write failed."""
    db = tmp_path / "nb.json"
    card = tmp_path / "lat\udcfcn.vcf"  # the byte 0xfc, as Python names the file
    card.write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:J\xc3\xbcrgen Test\r\nEND:VCARD\r\n")
    env = {"NOTEBOOK_TODAY": "2026-11-25", "HOME": str(tmp_path)}
    steps = [
        ("import", str(card)),
        ("add", "Tee Person", "--title", "T\udc9bitle"),
        ("note", "caf\udce9 talk", "--with", "Tee Person"),
        # The same bytes find what they saved.
        ("add", "Ren\udce9 Latin"),
        ("log", "Ren\udce9 Latin: hello"),
        ("find", "ren\udce9"),
    ]

    def run_bytes(*step: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [os.fsencode(sys.executable), b"-m", b"notebook", b"--db", os.fsencode(db)]
            + [os.fsencode(arg) for arg in step],
            capture_output=True,
            env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
            check=False,
        )

    for step in steps:
        done = run_bytes(*step)
        assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert "Ren\ufffd Latin" in done.stdout.decode()
    again = run_bytes("add", "Ren\udce9 Latin")
    assert again.returncode != 0 and b"already in the notebook" in again.stderr
    data = orjson.loads(db.read_bytes())
    people = {p["name"]: p for p in data["people"].values()}
    assert people["Jürgen Test"]["source"] == "vcard:lat\ufffdn.vcf"
    assert people["Tee Person"]["title"] == "T\ufffditle"
    assert [i["summary"] for i in data["interactions"].values()] == [
        "caf\ufffd talk",
        "hello",
    ]
    assert [p["name"] for p in data["people"].values()].count("Ren\ufffd Latin") == 1
