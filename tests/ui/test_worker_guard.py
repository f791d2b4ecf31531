"""A thread worker's write (an import, a merge, a sync) is never read half-made by the UI:
the screens redraw between writes, and dialogs that would read or write wait for it."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import AbstractAsyncContextManager, contextmanager

import pytest
from textual.pilot import Pilot

from notebook import search
from notebook.app import NotebookApp, SavesSettled
from notebook.modals.note import NoteModal
from notebook.records import Person
from notebook.screens.people import PeopleScreen

from ..conftest import SIZE
from .helpers import held_on_a_thread, screen_text, wait_until


@contextmanager
def adding_in_a_batch(app: NotebookApp, name: str) -> Iterator[None]:
    """As an import writes: `name` added in a batch saved in place, held open by the caller."""
    notebook = app.notebook
    with notebook.saving_in_place(), notebook.batch():
        notebook.people.add(Person(name=name))
        yield


def worker_writing(
    app: NotebookApp, pilot: Pilot[None], name: str
) -> AbstractAsyncContextManager[None]:
    """A real thread adds `name` in a batch and holds the write open until the block ends."""
    return held_on_a_thread(pilot, lambda: adding_in_a_batch(app, name))


async def test_the_screen_redraws_only_once_the_workers_write_is_whole(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, PeopleScreen)
        async with worker_writing(app, pilot, "Aaron Aardvark"):
            seen = screen._seen_revision
            app.changed()  # something asks every screen to redraw (the day turned)
            await pilot.pause()
            assert screen._seen_revision == seen  # not read while the write is half-made
            await pilot.press("n")
            assert not isinstance(app.screen, NoteModal)
            assert any("being written" in n.message for n in app._notifications)
        await wait_until(pilot, lambda: "Aaron Aardvark" in screen_text(app), "the new row")
        assert screen._seen_revision == app.revision
        await pilot.press("n")
        assert isinstance(app.screen, NoteModal)


async def test_a_save_that_ends_while_a_worker_writes_is_settled_after_it(app: NotebookApp) -> None:
    """Settling may rebuild memory, which waits for the worker's write: the app puts it off
    rather than wait (were it to wait, `n` below would only be handled once the write ended,
    and would open the dialog)."""
    async with app.run_test(size=SIZE) as pilot:
        async with worker_writing(app, pilot, "Aaron Aardvark"):
            app.post_message(SavesSettled())
            await pilot.press("n")
            assert not isinstance(app.screen, NoteModal)
            assert any("being written" in n.message for n in app._notifications)
        await wait_until(pilot, lambda: app.notebook.pending_save() is None, "settled")


async def test_what_matching_reads_is_taken_in_between_a_workers_writes(
    app: NotebookApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a thread builds for matching names is put in use on the app's thread: never while a
    worker (an import) is in the middle of a write, which would leave the people it adds
    unfindable by name."""
    go = threading.Event()

    class Held(search.NameWords):  # built on the app's preparing thread, once let go
        def __init__(self, names: Mapping[int, str] | None = None) -> None:
            go.wait(30)
            super().__init__(names)

    monkeypatch.setattr(search, "NameWords", Held)
    people = app.notebook.people
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        async with worker_writing(app, pilot, "Zed Newcomer"):
            go.set()  # built while the worker writes: taken in only once its write is whole
            for _ in range(20):
                await pilot.pause(0.01)
            assert not people.prepared
        await wait_until(pilot, lambda: people.prepared, "taken in after the write")
        (match, *_) = people.match("Zed Newcomer")
        assert match.person.name == "Zed Newcomer" and match.exact
