"""Test helpers for reading what the user sees, and for waiting on the app's own signals."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractContextManager, asynccontextmanager
from typing import Any

from textual.app import App
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot


def notifications(app: App[Any]) -> list[str]:
    """The messages of the notifications the app shows now, oldest first."""
    return [n.message for n in app._notifications]


def screen_text(app: App[Any]) -> str:
    """The visible screen as plain text, one line per terminal row (top screen, modals included)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def dialog_text(app: App[Any]) -> str:
    """What the dialog on top shows inside its frame, one line per row: its own words, not
    those of the screen dimmed behind it."""
    region = app.screen.children[0].region
    rows = screen_text(app).split("\n")[region.y : region.bottom]
    return "\n".join(row[region.x : region.right] for row in rows)


# Pauses of 10 ms: a wait ends at most that long after its condition holds. The bound is in
# pauses, not seconds, so a busy machine gets more time, never a spurious failure.
WAIT_PAUSES = 3000


async def wait_until(pilot: Pilot[Any], condition: Callable[[], bool], what: str) -> None:
    """Let the app run until `condition` holds (it never does: fail, saying `what`), then let
    it finish handling what that brought."""
    await pilot.pause()  # first, every message already sent: a key's handler, say
    for _ in range(WAIT_PAUSES):
        if condition():
            await pilot.pause()
            return
        await pilot.pause(0.01)
    raise AssertionError(f"never happened: {what}")


async def palette_hits(pilot: Pilot[Any]) -> CommandList:
    """Wait for the command palette on top to list every hit for what was typed into it: it
    gathers them in a worker of its own, off the key handler."""
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette), palette
    hits = palette.query_one(CommandList)

    def listed() -> bool:
        searching = any(w.node is palette and not w.is_finished for w in pilot.app.workers)
        return not searching and hits.option_count > 0

    await wait_until(pilot, listed, "the palette lists its hits")
    return hits


def prompts(hits: CommandList) -> list[str]:
    """The text of every hit the palette lists, in order."""
    return [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]


@asynccontextmanager
async def held_on_a_thread(
    pilot: Pilot[Any], hold: Callable[[], AbstractContextManager[object]]
) -> AsyncIterator[None]:
    """A real thread enters `hold()` (a worker's write, a reader of the notebook) and stays in
    it until the block ends; then the thread is waited for without blocking the app's loop,
    through which what it did is told."""
    entered = threading.Event()
    leave = threading.Event()

    def run() -> None:
        with hold():
            entered.set()
            leave.wait(30)

    thread = threading.Thread(target=run)
    thread.start()
    assert entered.wait(30)
    try:
        yield
    finally:
        leave.set()
        await wait_until(pilot, lambda: not thread.is_alive(), "the thread's end")
