"""The note dialog's follow-up: who owes it (me or them) and which of the noted people it is
with. The rule (one person, the first unless another is chosen) is tested on the view model;
these drive the two choices and check what is saved."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import RadioButton, Select

from notebook.app import NotebookApp
from notebook.modals.note import NoteModal
from notebook.records import Person
from notebook.viewmodel import Notebook

from ..conftest import SIZE

SNAPSHOT_SIZES = pytest.mark.parametrize("size", [(130, 40), (80, 24)], ids=["130x40", "80x24"])


def only(notebook: Notebook, name: str) -> Person:
    (person,) = notebook.people.find_by_name(name)
    return person


def modal(app: NotebookApp) -> NoteModal:
    assert isinstance(app.screen, NoteModal), f"expected the note modal, got {app.screen}"
    return app.screen


def follow_up_with(app: NotebookApp) -> object:
    return modal(app).query_one("#follow_up_with-input", Select).value


def notifications(app: NotebookApp) -> list[str]:
    return [n.message for n in app._notifications]


async def open_empty_note(pilot: Pilot[None]) -> None:
    """The note from the People screen's search box, where nobody is in view."""
    await pilot.press("slash")
    pilot.app.push_screen(NoteModal())
    await pilot.pause()


async def test_a_follow_up_they_owe_with_the_second_person_noted(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    dana = only(app.notebook, "Dana Nguyen")
    sam = only(app.notebook, "Sam Silva")
    async with app.run_test(size=SIZE) as pilot:
        await open_empty_note(pilot)
        await pilot.press(*"dana", "enter", *"sam sil", "enter")
        assert follow_up_with(app) == dana.id  # the first one picked, until chosen otherwise
        assert not modal(app).query_one("#follow_up_by-them", RadioButton).value  # me
        await pilot.press("tab", "tab", "tab", *"Coffee.", "tab", "tab")  # to Follow-up
        await pilot.press(*"intro to their manager", "tab", "tab")  # past Due, to By
        await pilot.press("right", "enter")  # them
        await pilot.press("tab", "enter", *"sam", "enter")  # With: open, type, pick
        assert follow_up_with(app) == sam.id
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, NoteModal)
        assert any("\nSam Silva owes me: intro to their manager" in n for n in notifications(app))

    saved = reopen(demo_file)
    interaction = saved.conversations.timeline(dana.id or 0)[0]
    assert interaction.people == (dana.id, sam.id)  # the conversation was with both
    (follow_up,) = [f for f in saved.follow_ups.iter() if f.interaction == interaction.id]
    assert (follow_up.people, follow_up.by) == ((sam.id,), "them")
    assert follow_up.text == "intro to their manager"


async def test_with_follows_who(app: NotebookApp) -> None:
    dana = only(app.notebook, "Dana Nguyen")
    sam = only(app.notebook, "Sam Silva")
    async with app.run_test(size=SIZE) as pilot:
        await open_empty_note(pilot)
        assert follow_up_with(app) == Select.NULL  # nobody picked yet: nobody offered
        await pilot.press(*"sam sil", "enter")
        assert follow_up_with(app) == sam.id
        await pilot.press(*"dana", "enter")  # a second person: Sam stays chosen
        assert follow_up_with(app) == sam.id
        modal(app).picker.focus()
        await pilot.press("backspace", "backspace")  # Dana, then Sam leave Who
        assert follow_up_with(app) == Select.NULL
        await pilot.press(*"dana", "enter")
        assert follow_up_with(app) == dana.id


async def test_from_a_persons_page_the_follow_up_is_with_them(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    dana = only(app.notebook, "Dana Nguyen")
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(NoteModal((dana.id or 0,)))
        await pilot.pause()
        assert follow_up_with(app) == dana.id
        modal(app).query_one("#follow_up-input").focus()
        await pilot.press(*"send the deck", "ctrl+s")
        await pilot.pause()
        assert any("\nI owe Dana Nguyen: send the deck" in n for n in notifications(app))
    (follow_up,) = [
        f for f in reopen(demo_file).follow_ups.open(dana.id) if f.text == "send the deck"
    ]
    assert (follow_up.people, follow_up.by) == ((dana.id,), "me")


@SNAPSHOT_SIZES
def test_note_modal_follow_up_by_and_with_snapshot(
    snap_compare: Callable[..., bool], app: NotebookApp, size: tuple[int, int]
) -> None:
    def open_note(pilot: Pilot[None]) -> None:
        pilot.app.push_screen(NoteModal())  # nobody in view: an empty note

    press = [
        *"dana",
        "enter",  # pick Dana Nguyen
        *"sam sil",
        "enter",  # and Sam Silva
        "tab",  # to When
        "tab",  # to Where
        "tab",  # to What happened
        *"Coffee about Sam's team.",
        "tab",  # to Kind
        "tab",  # to Follow-up
        *"intro to their manager",
        "tab",  # to Due
        *"next fri",
        "tab",  # to Follow-up by
        "right",
        "enter",  # them
        "tab",  # to Follow-up with: Dana, the first picked
    ]
    assert snap_compare(app, run_before=open_note, press=press, terminal_size=size)


async def test_with_says_so_when_its_person_leaves_who(app: NotebookApp) -> None:
    dana = only(app.notebook, "Dana Nguyen")
    sam = only(app.notebook, "Sam Silva")
    async with app.run_test(size=SIZE) as pilot:
        await open_empty_note(pilot)
        await pilot.press(*"dana", "enter", *"sam sil", "enter")
        modal(app).query_one("#follow_up_with-input", Select).value = sam.id
        await pilot.pause()
        field = modal(app).field("follow_up_with")
        assert field.hint == "one of the people above"
        modal(app).picker.focus()
        await pilot.press("backspace")  # Sam leaves Who
        await pilot.pause()
        assert follow_up_with(app) == dana.id
        assert field.hint == "Sam Silva left Who: now with Dana Nguyen"
        await pilot.press(*"sam sil", "enter")  # back, but With stays as it is now
        await pilot.pause()
        assert follow_up_with(app) == dana.id
        assert field.hint == "one of the people above"
