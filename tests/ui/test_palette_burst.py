"""Enter in the palette runs the best hit for everything typed before it, even when the keys
arrive in one burst (a laggy ssh link, a text expander) and the palette is still gathering
the hits of the last of them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.command import CommandInput, CommandPalette, Hits

from notebook.app import NotebookApp
from notebook.commands.data import DataCommands
from notebook.modals.merge_copy import MergeCopyModal, MergePathModal
from notebook.modals.person_form import PersonForm
from notebook.widgets import type_ahead

from ..conftest import SIZE
from .burst import burst, settle
from .helpers import palette_hits
from .test_merge_copy import make_copy
from .test_person_form import typed


async def test_enter_in_a_burst_runs_the_command_typed(
    demo_file: Path, make_app: Callable[[Path], NotebookApp]
) -> None:
    make_copy(demo_file)
    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await burst(pilot, "<ctrl+p>", "merge conflict copy", "<enter>")
        await settle(pilot, lambda app: not isinstance(app.screen, CommandPalette))
        assert isinstance(app.screen, MergeCopyModal)


async def test_enter_in_a_burst_runs_nothing_when_nothing_matches(app: NotebookApp) -> None:
    """With no conflict copy, "merge conf" matches no command: enter ran whatever a shorter
    query had listed first (a note, or copying the selected text)."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await burst(pilot, "<ctrl+p>", "merge conf", "<enter>")
        await settle(pilot, lambda app: isinstance(app.screen, CommandPalette))
        for _ in range(10):
            await pilot.pause(0.02)
        assert isinstance(app.screen, CommandPalette)
        # The same keys with "conf" taken back: enter runs the command left.
        await burst(pilot, *["<backspace>"] * 5, "<enter>")
        await settle(pilot, lambda app: not isinstance(app.screen, CommandPalette))
        assert isinstance(app.screen, MergePathModal)


async def test_keys_after_enter_are_for_what_it_runs(app: NotebookApp) -> None:
    """While enter waits for the hits, the keys after it wait too: they went into the query
    ("add a personMaria Lopez", which matches nothing) instead of the form enter opened."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await burst(pilot, "<ctrl+p>", "add a person", "<enter>", "Maria Lopez")
        await settle(pilot, lambda app: isinstance(app.screen, PersonForm))
        await settle(pilot, lambda app: typed(app, "name") == "Maria Lopez")


async def test_keys_after_an_enter_that_runs_nothing_edit_the_query(app: NotebookApp) -> None:
    """ "zzz" matches nothing, so enter runs nothing; the backspaces after it then take the
    query back letter by letter: they cut it to "z" before enter ran, which opened a person
    whose name holds a z."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await burst(pilot, "<ctrl+p>", "zzz", "<enter>", "<backspace>", "<backspace>")
        await settle(pilot, lambda app: app.screen.query_one(CommandInput).value == "z")
        for _ in range(10):
            await pilot.pause(0.02)
        assert isinstance(app.screen, CommandPalette)


async def test_escape_after_a_waiting_enter_runs_nothing(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        people = app.screen
        await burst(pilot, "<ctrl+p>", "sync", "<enter>", "<escape>", "<escape>")
        await settle(pilot, lambda app: not isinstance(app.screen, CommandPalette))
        for _ in range(10):
            await pilot.pause(0.02)
        assert app.screen is people


async def test_a_move_in_the_list_waits_for_the_hits_too(app: NotebookApp) -> None:
    """Typed slowly, "sync" lists "Sync contacts" then "Sort", and down then enter sorts. In a
    burst the down came before the hits and was lost when they came: enter synced."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        people = app.screen
        assert getattr(people, "order", None) == "name"
        await burst(pilot, "<ctrl+p>", "sync", "<down>", "<enter>")
        await settle(pilot, lambda app: app.screen is people)
        assert getattr(people, "order", None) == "last contact"


async def test_keys_let_through_by_a_hold_that_gave_up_cancel_the_enter(
    app: NotebookApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search that never ends lets the keys after enter through (type_ahead's limit on a
    hold): they change the query, and enter, made for the query before them, runs nothing,
    where it ran the best hit of the new one ("sync")."""
    monkeypatch.setattr(type_ahead, "MAX_DIALOG_HOLD_SECONDS", 0.0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await burst(pilot, "<ctrl+p>", "zzz", "<enter>", *["<backspace>"] * 3, "sync")
        await settle(pilot, lambda app: app.screen.query_one(CommandInput).value == "sync")
        for _ in range(15):
            await pilot.pause(0.02)
        assert isinstance(app.screen, CommandPalette)


@pytest.fixture
def slow_data_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    """The data commands found a moment late, as a slow disk or a huge notebook finds hits:
    the keys of a burst then surely arrive while the palette is still gathering."""
    searched = DataCommands.search

    async def search(self: DataCommands, query: str) -> Hits:
        await asyncio.sleep(0.3)
        async for hit in searched(self, query):
            yield hit

    monkeypatch.setattr(DataCommands, "search", search)


@pytest.mark.usefixtures("slow_data_commands")
async def test_moves_made_while_gathering_act_on_the_hits_once_listed(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        people = app.screen
        await burst(pilot, "<ctrl+p>", "sync", "<down>", "<enter>")
        await settle(pilot, lambda app: app.screen is people)
        assert getattr(people, "order", None) == "last contact"
        # A page key moves by the list's height: it waits until the list has been laid out.
        await burst(pilot, "<ctrl+p>", "sync", "<pagedown>")
        await settle(pilot, lambda app: app.screen.query_one(CommandInput).value == "sync")
        hits = await palette_hits(pilot)
        await settle(pilot, lambda app: hits.highlighted is not None)
        for _ in range(5):
            await pilot.pause(0.02)
        assert 1 < hits.option_count < 24  # the hits of "sync", not what an empty query lists
        assert hits.highlighted == hits.option_count - 1
