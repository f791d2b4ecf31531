"""Saves are written off the event loop: the app keeps drawing while the disk works, a dialog
closes once its write is on disk (keys typed meanwhile wait their turn), a save that fails puts
memory back and says what was undone, and quitting waits for the disk."""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from textual.widgets import TextArea

from notebook.app import NotebookApp
from notebook.modals.note import NoteModal
from notebook.screens.follow_ups import FollowUpsScreen
from notebook.screens.journal import JournalScreen
from notebook.viewmodel import Notebook

from ..conftest import SIZE
from .burst import burst, settle


def notices(app: NotebookApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def summaries(path: Path) -> list[str]:
    data: dict[str, Any] = orjson.loads(path.read_bytes())
    return [d.get("summary", "") for d in data["interactions"].values()]


class Disk:
    """The notebook file's disk, made slow or full for the saves of one file (the saver
    thread's calls go through the same os functions)."""

    def __init__(self, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.path = path
        self.full = False
        self.answer = threading.Event()
        self.answer.set()
        self.waiting = threading.Event()
        real_replace, real_fsync = os.replace, os.fsync

        def replace(src: Any, dst: Any) -> None:
            if Path(dst) == path:
                if self.full:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                self.waiting.set()
                self.answer.wait(30)
            real_replace(src, dst)

        monkeypatch.setattr(os, "replace", replace)
        monkeypatch.setattr(os, "fsync", real_fsync)

    @property
    def slow(self) -> bool:
        return not self.answer.is_set()

    @slow.setter
    def slow(self, value: bool) -> None:
        if value:
            self.waiting.clear()
            self.answer.clear()
        else:
            self.answer.set()


@pytest.fixture
def disk(demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Disk]:
    disk = Disk(demo_file, monkeypatch)
    yield disk
    disk.answer.set()


async def follow_ups(pilot: Any) -> FollowUpsScreen:
    """The Follow-ups screen, its list focused."""
    await pilot.press("5")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, FollowUpsScreen)
    return screen


async def note_keys(pilot: Any, summary: str) -> None:
    await pilot.press("n", *"Felix", "enter", "tab", "tab", "tab", *summary)


async def test_a_note_whose_save_fails_stays_open_with_everything_typed(
    demo_file: Path, make_app: Callable[[Path], NotebookApp], disk: Disk
) -> None:
    app = make_app(demo_file)
    before = demo_file.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        count = app.notebook.conversations.count()
        await note_keys(pilot, "lunch about the data team")
        disk.full = True
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, NoteModal)
        assert app.screen.query_one("#summary-input", TextArea).text == (
            "lunch about the data team"
        )
        (message,) = [n for n in notices(app) if "No space left on device" in n]
        assert "nothing was saved" in message
        assert "Undone: the note “lunch about the data team”." in message
        assert app.notebook.conversations.count() == count
        assert demo_file.read_bytes() == before
        # Room again: the same dialog saves.
        disk.full = False
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, NoteModal)
        assert app.notebook.conversations.count() == count + 1
    assert "lunch about the data team" in summaries(demo_file)


async def test_the_app_keeps_drawing_while_the_disk_works_and_keys_wait_their_turn(
    demo_file: Path, make_app: Callable[[Path], NotebookApp], disk: Disk
) -> None:
    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await note_keys(pilot, "coffee")
        disk.slow = True
        # ctrl+s, then `2` for the Journal, sent at once, as a laggy link delivers them.
        await pilot.press("ctrl+s", "2")
        assert disk.waiting.wait(30)
        # The disk has not answered: the event loop still runs, the dialog waits for it,
        # and the `2` has gone nowhere yet (not into the dialog's fields).
        await pilot.pause(0.05)
        assert isinstance(app.screen, NoteModal)
        assert app.screen.query_one("#summary-input", TextArea).text == "coffee"
        assert app.keys.waiting == 1
        disk.slow = False
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
    assert "coffee" in summaries(demo_file)


async def test_a_one_key_write_that_fails_is_undone_and_said(
    demo_file: Path, make_app: Callable[[Path], NotebookApp], disk: Disk
) -> None:
    app = make_app(demo_file)
    before = demo_file.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await follow_ups(pilot)
        open_before = len(app.notebook.follow_ups.open())
        disk.full = True
        await pilot.press("x")
        # Shown done at once, before the disk answers.
        assert len(app.notebook.follow_ups.open()) in (open_before - 1, open_before)
        app.notebook.store.wait_saved()
        await pilot.pause()
        await pilot.pause()
        assert len(app.notebook.follow_ups.open()) == open_before
        (message,) = [n for n in notices(app) if "No space left on device" in n]
        assert "the file is as it was. Undone: marking “" in message and "” done." in message
    assert demo_file.read_bytes() == before


async def test_quitting_waits_for_the_disk(
    demo_file: Path, open_notebook: Callable[[Path], Notebook], disk: Disk
) -> None:
    app = NotebookApp(open_notebook(demo_file), user_files=False)
    async with app.run_test(size=SIZE) as pilot:
        await follow_ups(pilot)
        disk.slow = True
        await pilot.press("x")
        await pilot.press("q")
        await pilot.pause(0.05)
        assert app.is_running and app.notebook.store.saving
        disk.slow = False
        await app.workers.wait_for_complete()
        await pilot.pause()
    data = orjson.loads(demo_file.read_bytes())
    assert any(f.get("done_at") for f in data["followups"].values())


async def test_quitting_after_a_failed_save_stays_and_says_what_was_undone(
    demo_file: Path, make_app: Callable[[Path], NotebookApp], disk: Disk
) -> None:
    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await follow_ups(pilot)
        disk.full = True
        await pilot.press("x", "q")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, FollowUpsScreen)
        assert [n for n in notices(app) if "Undone: marking “" in n]
        assert "Press q again to quit." in notices(app)[-1]  # the key that was pressed
        await pilot.press("q")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.is_running


async def test_keys_sent_after_a_save_that_fails_never_reach_the_form(
    demo_file: Path, make_app: Callable[[Path], NotebookApp], disk: Disk
) -> None:
    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await note_keys(pilot, "coffee")
        disk.full = True
        # ctrl+s, then keys for the Journal, all at once: the save fails.
        await burst(pilot, "<ctrl+s>", "2jd")
        await settle(pilot, lambda a: bool(notices(a)) and not a.keys.waiting)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, NoteModal)
        assert app.screen.query_one("#summary-input", TextArea).text == "coffee"
        assert app.keys.waiting == 0


async def test_keys_sent_with_the_enter_that_saves_reach_the_screen_underneath(
    demo_file: Path, make_app: Callable[[Path], NotebookApp], disk: Disk
) -> None:
    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        first = (await follow_ups(pilot)).follow_ups.items[0]
        disk.slow = True
        await burst(pilot, "<greater_than_sign>", "<enter>", "2")
        await pilot.pause(0.1)
        disk.slow = False
        await app.workers.wait_for_complete()
        for _ in range(50):
            if isinstance(app.screen, JournalScreen):
                break
            await pilot.pause(0.02)
        assert isinstance(app.screen, JournalScreen)
        assert app.notebook.follow_ups.get(first.id or 0).due is not None


async def test_a_failed_save_takes_back_the_offer_to_undo_it(
    demo_file: Path, make_app: Callable[[Path], NotebookApp], disk: Disk
) -> None:
    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = await follow_ups(pilot)
        disk.full = True
        await pilot.press("x")
        app.notebook.store.wait_saved()
        await pilot.pause()
        await pilot.pause()
        assert screen.undo is None
        assert not screen.check_action("undo", ())


async def test_a_failed_save_anywhere_voids_the_undo_offers_of_screens_not_shown(
    demo_file: Path, make_app: Callable[[Path], NotebookApp], disk: Disk
) -> None:
    """Memory goes back to the file: an offer made on Follow-ups before a save failed on the
    Journal may be undone already, and is not offered when Follow-ups is shown again."""
    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = await follow_ups(pilot)
        await pilot.press("x")
        app.notebook.store.wait_saved()
        await pilot.pause()
        assert screen.check_action("undo", ())
        await pilot.press("2")  # the Journal: Follow-ups is in another mode now
        await pilot.pause()
        disk.full = True
        await pilot.press("d", "y")
        app.notebook.store.wait_saved()
        await pilot.pause()
        await pilot.pause()
        disk.full = False
        await pilot.press("5")
        await pilot.pause()
        assert app.screen is screen
        assert screen.undo is None
        assert not screen.check_action("undo", ())


async def test_a_note_is_never_filed_under_whoever_an_id_names_after_a_reread(
    demo_file: Path, make_app: Callable[[Path], NotebookApp]
) -> None:
    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        (felix,) = app.notebook.people.find_by_name("Felix Bauer")
        count = len(app.notebook.conversations.timeline(felix.id or 0))
        await note_keys(pilot, "lunch")
        assert isinstance(app.screen, NoteModal)
        # Another program rewrites the file so that Felix's id names someone else, and the
        # notebook reads it again (as after a save refused for a file changed on disk).
        data = orjson.loads(demo_file.read_bytes())
        data["people"][str(felix.id)].update(name="Someone Else", uid="another-uid")
        demo_file.write_bytes(orjson.dumps(data))
        app.notebook.store.reload()
        app.notebook.reload()
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, NoteModal)
        error = app.screen.field("people").error
        assert "Felix Bauer: the notebook was read again; pick again" in error
        assert app.screen.picker.picked == []
        assert app.screen.query_one("#summary-input", TextArea).text == "lunch"
        assert len(app.notebook.conversations.timeline(felix.id or 0)) == count
