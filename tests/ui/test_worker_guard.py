"""A thread worker's write (an import, a merge, a sync) is never read half-made by the UI:
the screens redraw between writes, and dialogs that would read or write wait for it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractAsyncContextManager, contextmanager

from textual.pilot import Pilot

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
