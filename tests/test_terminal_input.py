"""The app in a real terminal (a pseudo-terminal): input it cannot decode must not end it."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from notebook.demo import build
from notebook.viewmodel import Notebook

from .conftest import TODAY

# Only so that an app that never draws fails instead of hanging the run.
PATIENCE = 60.0


class Terminal:
    """The app's process on a pseudo-terminal of 80x24, and what it has drawn so far."""

    def __init__(self, *args: str) -> None:
        self.fd, child = pty.openpty()
        fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "NOTEBOOK_TODAY": TODAY.isoformat()}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "notebook", *args],
            stdin=child,
            stdout=child,
            stderr=child,
            env=env,
            start_new_session=True,
        )
        os.close(child)
        self.seen = b""

    def shown(self) -> bytes:
        """What was drawn, without the escape sequences between its runs of text."""
        return re.sub(rb"\x1b\[[0-9;?]*[ -/]*[@-~]", b"", self.seen)

    def read_until(self, wanted: bytes) -> None:
        deadline = time.monotonic() + PATIENCE
        while wanted not in self.shown():
            assert time.monotonic() < deadline, (wanted, self.shown()[-2000:])
            if select.select([self.fd], [], [], 0.1)[0]:
                try:
                    self.seen += os.read(self.fd, 65536)
                except OSError:  # the process has gone
                    break
        assert wanted in self.shown(), self.shown()[-2000:]

    def send(self, data: bytes) -> None:
        os.write(self.fd, data)

    def log(self, line: bytes) -> None:
        """Log a conversation with `:` once the app is up, and see it logged."""
        self.read_until(b"people")  # the People list is drawn: the app reads keys
        self.send(b":")
        self.read_until(b"Log a conversation")
        self.send(line)
        time.sleep(0.5)  # typed, then enter: not one paste
        self.send(b"\r")
        self.read_until(b"Logged a conversation")

    def finish(self) -> int:
        """The app's exit code once it has quit; an app that does not quit in time is killed
        (and the test fails), never left running."""
        deadline = time.monotonic() + PATIENCE
        try:
            while self.process.poll() is None and time.monotonic() < deadline:
                if select.select([self.fd], [], [], 0.1)[0]:
                    try:
                        self.seen += os.read(self.fd, 65536)
                    except OSError:  # its terminal closed: it is on its way out
                        break
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=max(0.0, deadline - time.monotonic()))
            quit_in_time = self.process.poll() is not None
        finally:
            if self.process.poll() is None:
                self.process.kill()
            code = self.process.wait()
            os.close(self.fd)
        assert quit_in_time, ("the app did not quit", self.shown()[-1500:])
        return code


def felix_summaries(path: Path, *, read_only: bool) -> list[str]:
    """What the notebook on disk holds of the conversations with Felix Bauer."""
    notebook = Notebook.open(path, read_only=read_only, today=TODAY)
    try:
        [felix] = notebook.people.find_by_name("Felix Bauer")
        return [i.summary for i in notebook.conversations.timeline(felix.id or 0)]
    finally:
        notebook.close()


@pytest.mark.parametrize(
    ("bad", "read"),
    [(b"\xe9", "\ufffd"), (b"\x1b[200~pasted \x9b text\x1b[201~", "pasted \ufffd text")],
    ids=["latin-1", "pasted C1"],
)
def test_bytes_that_are_not_utf8_are_typed_as_a_replacement_and_the_note_is_kept(
    tmp_path: Path, bad: bytes, read: str
) -> None:
    path = build(tmp_path / "demo.json", today=TODAY)
    terminal = Terminal("--db", str(path))
    try:
        terminal.log(b"Felix Bauer: Caf" + bad + b" chat")
        terminal.send(b"\x11")  # ctrl+q
    finally:
        code = terminal.finish()
    assert b"Traceback" not in terminal.seen and b"UnicodeDecodeError" not in terminal.seen
    assert code == 0
    assert f"Caf{read} chat" in felix_summaries(path, read_only=True)


@pytest.mark.parametrize(
    ("burst", "then"),
    [(b"\x1b2", b"Search conversations"), (b"\x1b:", b"Log a conversation")],
    ids=["escape-2", "escape-colon"],
)
def test_escape_and_a_key_in_one_read_are_both_keys(
    tmp_path: Path, burst: bytes, then: bytes
) -> None:
    """Over a laggy link a quick Escape then `2` arrives as one read: it closes the dialog and
    then switches to the Journal, rather than typing "™" into the dialog (Alt+2)."""
    path = build(tmp_path / "demo.json", today=TODAY)
    terminal = Terminal("--db", str(path))
    try:
        terminal.read_until(b"people")
        terminal.send(b"n")
        terminal.read_until(b"Note a conversation")
        terminal.send(burst)
        terminal.read_until(then)
        terminal.send(b"\x1b")
        time.sleep(0.3)  # a lone Escape is told from a sequence by the pause after it
        terminal.send(b"\x11")  # ctrl+q
    finally:
        code = terminal.finish()
    assert code == 0
    assert "™".encode() not in terminal.seen and b"Traceback" not in terminal.seen


def test_escape_then_enter_in_one_read_cancels_an_ask_instead_of_saving_it(tmp_path: Path) -> None:
    """Escape then Enter, arriving as one read, closed the ask dialog by saving it: Textual
    dropped the Escape and the Enter submitted the form."""
    path = build(tmp_path / "demo.json", today=TODAY)
    before = _asks(path)
    terminal = Terminal("--db", str(path))
    try:
        terminal.read_until(b"people")
        terminal.send(b"3")
        terminal.read_until(b"could refer me")
        terminal.send(b"acme robotics")
        time.sleep(0.5)  # typed, then enter: not one paste
        terminal.send(b"\r")
        terminal.read_until(b"Next step")
        terminal.send(b"r")
        terminal.read_until(b"Referral ask to")
        terminal.send(b"\x1b\r")
        time.sleep(1.0)
        terminal.send(b"\x11")  # ctrl+q
    finally:
        code = terminal.finish()
    assert code == 0
    assert b"Recorded" not in terminal.shown()
    assert _asks(path) == before


def _asks(path: Path) -> int:
    notebook = Notebook.open(path, read_only=True, today=TODAY)
    try:
        return len(notebook.asks.all())
    finally:
        notebook.close()


def test_an_app_whose_terminal_closes_without_a_hangup_ends_and_lets_the_notebook_go(
    tmp_path: Path,
) -> None:
    """Its own session, so closing the terminal sends it no hangup: the terminal just reads
    as empty from then on. The app used to spin on that for ever, holding the lock."""
    path = build(tmp_path / "demo.json", today=TODAY)
    terminal = Terminal("--db", str(path))
    try:
        terminal.log(b"Felix Bauer: talked just before the line dropped")
    finally:
        os.close(terminal.fd)
    try:
        code = terminal.process.wait(timeout=PATIENCE)
    finally:
        if terminal.process.poll() is None:
            terminal.process.kill()
            terminal.process.wait()
    assert code == 0
    # Opened for writing: the lock was let go.
    assert "talked just before the line dropped" in felix_summaries(path, read_only=False)
