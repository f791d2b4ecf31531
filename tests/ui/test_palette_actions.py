"""The palette holds every action of the screen it is opened from, from the same bindings that
give the keys, the footer and the help, so none offers what another lacks."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from notebook.app import NOT_IN_PALETTE, NotebookApp, screen_commands
from notebook.modals.person_actions import SnoozeDialog
from notebook.screens.help import command_title, key_rows
from notebook.screens.person import PersonScreen

from ..conftest import SIZE
from .helpers import palette_hits, prompts
from .test_narrow import SCREENS as NARROW_SCREENS

# The main screens; help is a dialog of its own, with no actions to offer.
SCREENS = {name: keys for name, keys in NARROW_SCREENS.items() if name != "help"}


@pytest.mark.parametrize("screen", SCREENS)
async def test_every_working_key_of_a_screen_is_a_palette_command(
    app: NotebookApp, screen: str
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*SCREENS[screen])
        await pilot.pause()
        commands = {c.title for c in screen_commands(app, app.screen)}
        helped = {what for _, what, _ in key_rows(app.screen)}
        actions = {
            a.binding.action.partition("(")[0]
            for a in app.screen.active_bindings.values()
            if a.enabled
        }
        offered = actions - NOT_IN_PALETTE
        assert offered, screen
        assert len(commands) == len(
            {a.binding.action for a in app.screen.active_bindings.values()
             if a.enabled and a.binding.action.partition("(")[0] in offered}
        )  # fmt: skip
        # Each command is titled as help describes the key.
        assert commands <= helped


async def _palette(pilot: Pilot[None], query: str) -> None:
    await pilot.app.run_action("command_palette")
    await pilot.press(*query)
    await palette_hits(pilot)
    await pilot.press("enter")
    await pilot.pause()


async def test_a_screens_action_runs_from_the_palette(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        people = app.screen
        assert getattr(people, "order", None) == "name"
        await _palette(pilot, "order by name, last contact")
        assert getattr(people, "order", None) == "last contact"
        await pilot.press("down", "down", "enter")
        await _palette(pilot, "snooze or un-snooze")
        assert isinstance(app.screen, SnoozeDialog)


async def test_a_first_name_opens_that_person_not_a_command_holding_its_letters(
    app: NotebookApp,
) -> None:
    """On Dana's page, "zoe" and enter snoozed Dana ("Snooze or un-snooze" holds z, o and e),
    and "nora" asked to forget her: a name typed closely outranks letters found here and
    there; a command typed as it reads still comes first."""
    (dana,) = app.notebook.people.find_by_name("Dana Nguyen")
    (nora, *_) = app.notebook.people.match("nora", limit=1)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(PersonScreen(dana.id or 0))
        await pilot.pause()
        for query, name in [("zoe", "Zoë"), ("nora", nora.person.name), ("theo", "Theo")]:
            await _palette(pilot, query)
            assert isinstance(app.screen, PersonScreen), query
            assert app.notebook.people.get(app.screen.person_id).name.startswith(name), query
            await pilot.press("escape")
            await pilot.pause()
        assert app.notebook.people.get(dana.id or 0).snoozed_until is None
        await _palette(pilot, "snooze")
        assert isinstance(app.screen, SnoozeDialog)


async def test_the_word_on_a_key_finds_its_command(app: NotebookApp) -> None:
    # What the footer calls a key is what people type into the palette.
    async with app.run_test(size=SIZE) as pilot:
        commands = {c.title for c in screen_commands(app, app.screen)}
        assert "Sort: order by name, last contact or overdue" in commands
        await pilot.press("down", "enter")
        await pilot.pause()
        titles = [c.title for c in screen_commands(app, app.screen)]
        assert any(t.startswith("Reschedule: ") for t in titles)
        assert "Add a tie to someone they know" in titles  # its word is in it already


def test_a_command_title_says_its_verb_once() -> None:
    assert command_title("Sort", "Order by name") == "Sort: order by name"
    assert command_title("Delete follow-up", "Delete the highlighted one") == (
        "Delete the highlighted one"
    )
    assert command_title("Tie", "Add a tie to someone") == "Add a tie to someone"
    assert command_title("Import", "VCard or CSV") == "Import: VCard or CSV"
    assert command_title("Back", "") == "Back"


async def test_a_title_with_brackets_is_listed_whole_and_runs(app: NotebookApp) -> None:
    # Textual reads a system command's title as markup: "[at place] [when]" went missing. The
    # first hit is the command.
    async with app.run_test(size=SIZE) as pilot:
        await app.run_action("command_palette")
        await pilot.press(*"log a conversation")
        hits = await palette_hits(pilot)
        listed = prompts(hits)
        assert any("who [at place] [when]: what; todo" in p for p in listed), listed
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "CaptureModal"
