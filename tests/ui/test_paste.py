"""Pasted text is data: no escape sequence or control character reaches a field (and so the
terminal), whichever field has focus. And a crash is a non-zero exit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual import events
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from notebook.app import NotebookApp
from notebook.modals.note import NoteModal
from notebook.modals.person_form import PersonForm
from notebook.widgets.person_picker import PersonPicker

from ..conftest import SIZE, TODAY
from .helpers import wait_until

ROOT = Path(__file__).resolve().parents[2]

# What a hostile clipboard holds: a screen clear, a window title and a clipboard write (OSC),
# C1 controls, bidi override and isolate, CR LF, NUL, BEL, DEL, and markup that must stay text.
HOSTILE = (
    "Ann\x1b]52;c;cHduZWQ=\x07 \x1b[2JLee\x1b]0;pwned\x07\x9b31m\u202e\x85"
    "\r\nsecond\tline\x00\x07\x7f\u2066 [bold]x[/]"
)
AS_TEXT = "Ann Lee31m\nsecond\tline [bold]x[/]"  # a TextArea keeps its line breaks and tabs
AS_LINE = "Ann Lee31m second line [bold]x[/]"  # an Input takes one line: breaks become spaces
BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def assert_clean(text: str) -> None:
    bad = [
        c
        for c in text
        if (ord(c) < 0x20 and c not in "\t\n") or 0x7F <= ord(c) <= 0x9F or c in BIDI
    ]
    assert bad == [], repr(text)


async def paste(pilot: Pilot[None], text: str) -> None:
    """A bracketed paste as the terminal driver delivers it: to the app, which forwards it to
    the focused widget."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def test_paste_into_what_happened_keeps_lines_and_drops_controls(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, NoteModal)
        summary = app.screen.query_one("#summary-input", TextArea)
        summary.focus()
        await pilot.pause()
        await paste(pilot, HOSTILE)
        assert summary.text == AS_TEXT
        assert_clean(summary.text)


async def test_paste_into_a_name_makes_one_clean_line(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        assert isinstance(app.screen, PersonForm)
        name = app.screen.query_one("#name-input", Input)
        assert app.focused is name
        await pilot.press(*"Dr ")
        await paste(pilot, HOSTILE)
        assert name.value == f"Dr {AS_LINE}"
        assert_clean(name.value)


async def test_paste_into_the_person_picker_is_clean(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, NoteModal)
        picker_input = app.screen.query_one(PersonPicker).input
        assert app.focused is picker_input
        await paste(pilot, HOSTILE)
        assert picker_input.value == AS_LINE


async def test_paste_into_the_command_palette_is_clean(app: NotebookApp) -> None:
    """The palette's input is Textual's own, not one the notebook builds: covered all the same."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        assert isinstance(app.focused, Input)
        field = app.focused
        await paste(pilot, HOSTILE)
        # The palette may still be gathering its first hits: the paste waits for it to settle.
        await wait_until(pilot, lambda: field.value != "", "the paste reaches the palette")
        assert field.value == AS_LINE


async def test_a_paste_of_nothing_but_controls_leaves_the_selection(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        summary = app.screen.query_one("#summary-input", TextArea)
        summary.focus()
        summary.insert("keep me")
        summary.select_all()
        await pilot.pause()
        await paste(pilot, "\x1b]0;pwned\x07\x9b\u202e\x00")
        assert summary.text == "keep me"


@pytest.mark.parametrize("character", ["\x1b", "\x07", "\x9b", "\x85", "\u202e", "\x7f"])
async def test_a_typed_control_character_is_not_inserted(app: NotebookApp, character: str) -> None:
    # Textual inserts only printable characters; this pins that for both kinds of field.
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.press(*"Ann")
        picker_input = app.screen.query_one(PersonPicker).input
        summary = app.screen.query_one("#summary-input", TextArea)
        for widget in (picker_input, summary):
            widget.focus()
            await pilot.pause()
            app.post_message(events.Key("notebook_test_control", character))
            await pilot.pause()
        assert picker_input.value == "Ann"
        assert summary.text == ""


# -- a crash exits non-zero ------------------------------------------------------------------

# The real `notebook` command on a headless driver, with one action added that either quits or
# raises once the app is up.
SCRIPT = """
import sys

from notebook import cli
from notebook.app import NotebookApp


def action_boom(self: NotebookApp) -> None:
    raise RuntimeError("a handler failed")


mount = NotebookApp.on_mount


def on_mount(self: NotebookApp) -> None:
    mount(self)
    self.call_after_refresh(self.run_action, sys.argv[2])


NotebookApp.action_boom = action_boom
NotebookApp.on_mount = on_mount
sys.exit(cli.main(["--db", sys.argv[1]]))
"""


@pytest.mark.parametrize(("action", "code"), [("boom", 1), ("quit", 0)])
def test_the_app_exits_non_zero_after_a_crash(tmp_path: Path, action: str, code: int) -> None:
    script = tmp_path / "run_app.py"
    script.write_text(SCRIPT)
    environment = {
        **os.environ,
        "NOTEBOOK_TODAY": TODAY.isoformat(),
        "TEXTUAL_DRIVER": "textual.drivers.headless_driver:HeadlessDriver",
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    result = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "nb.json"), action],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )
    assert result.returncode == code, result.stderr
    if action == "boom":
        assert "a handler failed" in result.stderr
