"""A notebook file of the wrong shape (edited by hand, written by another program, cut short)
gives every command, and the app's start, one clear line and a non-zero exit, and is never
written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from notebook import cli

from .shapes import wrong_shape_files

ROOT = Path(__file__).resolve().parents[1]

COMMANDS: tuple[tuple[str, ...], ...] = (
    (),  # the app itself: refused before the terminal is taken over
    ("find", "ann"),
    ("add", "Someone New"),
    ("note", "hello", "--with", "Ann"),
    ("stale",),
    ("stale", "--json"),
    ("refer", "Acme"),
    ("followups", "--json"),
    ("prep", "Ann"),
    ("export", "--format", "json"),
    # A file that is there: the files named are looked at before the notebook is opened.
    ("import", "--format", "csv", str(ROOT / "tests" / "data" / "google-current.csv")),
    ("--read-only", "stale"),
)


def test_the_corpus_is_large_enough(tmp_path: Path) -> None:
    assert len(wrong_shape_files(tmp_path)) >= 30


@pytest.mark.long
def test_every_command_refuses_every_wrong_shape_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NOTEBOOK_TODAY", "2026-11-30")
    for case, path in wrong_shape_files(tmp_path):
        before = path.read_bytes()
        for command in COMMANDS:
            code = cli.main(["--db", str(path), *command])
            out, err = capsys.readouterr()
            where = f"{case}: notebook {' '.join(command)}"
            assert code != 0, where
            assert out == "", where
            assert err.count("\n") == 1 and err.startswith("notebook: "), (where, err)
            assert str(path) in err and "Traceback" not in err, (where, err)
            assert path.read_bytes() == before, where
        leftovers = [n for n in os.listdir(path.parent) if n.endswith(".tmp")]
        assert leftovers == [], case


@pytest.mark.long
def test_the_real_process_prints_one_line_and_no_traceback(tmp_path: Path) -> None:
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    for case, path in wrong_shape_files(tmp_path)[:6]:
        before = path.read_bytes()
        for command in ((), ("stale",)):
            result = subprocess.run(
                [sys.executable, "-m", "notebook", "--db", str(path), *command],
                capture_output=True,
                text=True,
                env=environment,
                stdin=subprocess.DEVNULL,
                timeout=60,
            )
            assert result.returncode == 1, (case, result.stderr)
            assert result.stderr.count("\n") == 1, (case, result.stderr)
            assert "Traceback" not in result.stderr, case
            assert path.read_bytes() == before, case
