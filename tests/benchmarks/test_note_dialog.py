"""`n` to a note dialog ready for keys, in a headless app: what a person bumping into someone
waits for before typing (keys typed sooner are held, not lost, but this is the wait)."""

from __future__ import annotations

import asyncio
import time

import pytest
from textual import events

from notebook.app import NotebookApp
from notebook.modals.note import NoteModal
from notebook.screens.people import PeopleScreen
from notebook.viewmodel import Notebook

from ..conftest import SIZE, TODAY
from .support import RESULTS, TIERS, TierFile

pytestmark = pytest.mark.bench

TIMES = 10
TIMEOUT = 10.0


def ready(app: NotebookApp) -> bool:
    """The key queue would hand a key typed now to Who at once: the dialog has put focus there,
    no key is held back, and no widget of the dialog has anything left to handle (its first
    layout and paint included), which is what the queue waits for before it sends a key."""
    screen = app.screen
    if not isinstance(screen, NoteModal) or screen.focused is None or app.keys.waiting:
        return False  # (nothing is focused before the dialog has made its fields)
    return (
        screen.focused is screen.picker.input
        and screen._message_queue.empty()
        and all(widget._message_queue.empty() for widget in screen.walk_children())
    )


@pytest.mark.parametrize("tier", TIERS)
async def test_n_to_note_dialog_ready(tier: str, tier_files: dict[str, TierFile]) -> None:
    notebook = Notebook.open(tier_files[tier].path, read_only=True, today=TODAY)
    app = NotebookApp(notebook, user_files=False)
    samples: list[float] = []
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            for _ in range(TIMES):
                assert isinstance(app.screen, PeopleScreen)
                start = time.perf_counter()
                app.post_message(events.Key("n", "n"))
                while not ready(app):
                    if time.perf_counter() - start > TIMEOUT:
                        raise TimeoutError("the note dialog did not open")
                    await asyncio.sleep(0.0005)
                samples.append(time.perf_counter() - start)
                await pilot.press("escape")
                await pilot.pause()
    finally:
        notebook.close()
    RESULTS.record("note_dialog", tier, samples)
