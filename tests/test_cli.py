"""The shell commands, in-process through `main()` and as a real `python -m notebook`."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import orjson
import pytest

from notebook import dates
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


def run_process(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **(env or {})}
    environment["PYTHONPATH"] = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-m", "notebook", *argv],
        capture_output=True,
        text=True,
        env=environment,
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
        return nb.people(include_archived=True)
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
        *("--with", "dana okafor", "--with", "Zed New"),
        *("--when", "yesterday", "--at", "the bakery", "--kind", "coffee"),
        *("--follow-up", "send my resume", "--due", "in 3 days"),
    )
    assert (code, err) == (0, "")
    yesterday = today - timedelta(days=1)
    assert out.splitlines() == [
        f"Noted coffee with Dana Okafor, Zed New on {yesterday.isoformat()}",
        "New person: Zed New",
        f"Follow-up: send my resume, due {(today + timedelta(days=3)).isoformat()}",
    ]
    nb = Notebook.open(db, read_only=True, today=today)
    try:
        (dana,) = nb.find_by_name("Dana Okafor")
        (zed,) = nb.find_by_name("Zed New")
        (interaction,) = nb.timeline(zed.id or 0)
        assert interaction.when == yesterday
        assert interaction.people == (dana.id, zed.id)
        assert (interaction.kind, interaction.place) == ("coffee", "the bakery")
        assert interaction.summary == "Coffee; she offered an intro"
        (follow,) = nb.open_follow_ups(dana.id)
        assert follow.text == "send my resume"
        assert follow.due == today + timedelta(days=3)
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


@pytest.mark.parametrize("when", ["3/4/2026", "not a date", "2026-02-30", "someday soon"])
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


@pytest.mark.parametrize(
    "argv",
    [
        ["note", "hi"],  # --with is required
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
        "note", "Talked hiring", "--db", str(db), "--with", "Dana", "--with", "Sam New"
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
