"""The keys on a highlighted follow-up, the same on the Person and Follow-ups screens: E edits
(and hands it to someone else), > reschedules, X deletes, u undoes the last done or delete.
The rules behind them are tested on the view model (tests/test_viewmodel.py); these drive the
keys and check what the user sees and what the file holds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select

from notebook import dates
from notebook.app import NotebookApp
from notebook.modals.ask import AskDialog
from notebook.modals.person_actions import FollowUpDialog
from notebook.modals.reschedule import ReschedulePrompt
from notebook.records import Person
from notebook.screens.follow_ups import FollowUpsScreen
from notebook.screens.help import HelpScreen
from notebook.screens.person import PersonScreen
from notebook.viewmodel import Notebook
from notebook.widgets.facts import Facts
from notebook.widgets.fields import FormField
from notebook.widgets.person_picker import PersonPicker

from ..conftest import SIZE, TODAY
from .helpers import screen_text, wait_until

SNAPSHOT_SIZES = pytest.mark.parametrize("size", [(130, 40), (80, 24)], ids=["130x40", "80x24"])
NEXT_FRI = date(2026, 11, 27)  # TODAY is Wednesday 25 Nov 2026


def felix(notebook: Notebook) -> Person:
    """The demo person with two open follow-ups, one of them overdue."""
    (person,) = notebook.people.find_by_name("Felix Bauer")
    return person


def only(notebook: Notebook, name: str) -> Person:
    (person,) = notebook.people.find_by_name(name)
    return person


def notifications(app: NotebookApp) -> list[str]:
    return [n.message for n in app._notifications]


async def open_person(pilot: Pilot[None], person: Person) -> PersonScreen:
    pilot.app.push_screen(PersonScreen(person.id or 0))
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, PersonScreen) and screen.follow_ups.has_focus
    return screen


async def open_follow_ups(pilot: Pilot[None]) -> FollowUpsScreen:
    await pilot.press("5")
    screen = pilot.app.screen
    assert isinstance(screen, FollowUpsScreen) and screen.follow_ups.has_focus
    return screen


async def clear_and_type(pilot: Pilot[None], text: str) -> None:
    await pilot.press("home", "ctrl+k", *text)


# -- E: edit ------------------------------------------------------------------------------------


async def test_E_on_the_person_screen_edits_text_and_due(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    person = felix(app.notebook)
    first = app.notebook.follow_ups.open(person.id)[0]  # the overdue one
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_person(pilot, person)
        await pilot.press("E")
        dialog = app.screen
        assert isinstance(dialog, FollowUpDialog) and dialog.follow_up == first
        assert dialog.query_one("#text-input", Input).value == first.text
        assert dialog.query_one("#due-input", Input).value == (first.due or TODAY).isoformat()
        assert dialog.query_one(PersonPicker).picked == [person.id]
        await clear_and_type(pilot, "send the updated resume")
        await pilot.press("tab")
        await clear_and_type(pilot, "fri")  # a due day looks ahead: the coming Friday
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen, "the save")
        assert "send the updated resume" in screen_text(app)
        said = "Saved: send the updated resume · with Felix Bauer · u puts it back as it was"
        assert said in notifications(app)
    saved = reopen(demo_file).follow_ups.get(first.id or 0)
    assert (saved.text, saved.due) == ("send the updated resume", NEXT_FRI)
    assert (saved.by, saved.people, saved.created_at) == (first.by, first.people, first.created_at)


async def test_E_on_the_follow_ups_screen_hands_it_to_someone_else(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    dana = only(app.notebook, "Dana Nguyen")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_follow_ups(pilot)
        first = screen.follow_ups.items[0]
        assert dana.id not in first.people
        await pilot.press("E")
        assert isinstance(app.screen, FollowUpDialog)
        await pilot.press("tab", "tab", "tab")  # what → due → who owes it → with
        assert app.screen.query_one(PersonPicker).input.has_focus
        await pilot.press("backspace")  # drops the one person it was with
        await pilot.press(*"dana ng", "enter", "ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen, "the save")
        row = next(f for f in screen.follow_ups.items if f.id == first.id)
        assert row.people == (dana.id,)
        assert "Dana Nguyen" in screen_text(app)
    saved = reopen(demo_file)
    assert saved.follow_ups.get(first.id or 0).people == (dana.id,)
    assert [f.id for f in saved.follow_ups.open(dana.id)] == [first.id]
    assert first.id not in [f.id for f in saved.follow_ups.open(first.people[0])]


async def test_u_takes_back_an_E_whose_typing_replaced_the_text(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    """Typing " asap" into a follow-up's text replaced it (a line is selected as it is
    entered), and nothing could take the edit back."""
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_follow_ups(pilot)
        first = screen.follow_ups.items[0]
        await pilot.press("E", *" asap", "ctrl+s")
        await pilot.pause()
        assert app.notebook.follow_ups.get(first.id or 0).text == "asap"
        assert any(n.endswith("· u puts it back as it was") for n in notifications(app))
        await pilot.press("u")
        await pilot.pause()
        assert app.notebook.follow_ups.get(first.id or 0) == first
        await pilot.press("E", "ctrl+s")
        await pilot.pause()
        assert "Nothing was changed." in notifications(app)
        assert not screen.check_action("undo", ())
    assert reopen(demo_file).follow_ups.get(first.id or 0) == first


async def test_an_ask_noted_by_mistake_is_deleted_and_an_ending_status_taken_back(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    """An ask recorded twice, or by mistake, could never be deleted; one set to "no" left the
    list, and nothing could change it again."""
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_follow_ups(pilot)
        await pilot.press("tab")
        assert screen.asks.has_focus
        first = screen.asks.items[0]
        assert "X delete" in screen_text(app)
        await pilot.press("X")
        await pilot.pause()
        assert first.id not in [a.id for a in screen.asks.items]
        assert not app.notebook.asks.has(first.id or 0)
        assert any(n.startswith("Deleted: asked ") for n in notifications(app))
        assert screen.follow_ups.items == app.notebook.follow_ups.open()  # no follow-up went
        await pilot.press("u")
        await pilot.pause()
        assert app.notebook.asks.get(first.id or 0) == first
        assert screen.asks.highlighted == first
        await pilot.press("enter")  # edit it: its status to "no", which ends it
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AskDialog)
        dialog.query_one("#status-input", Select).value = "no"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert first.id not in [a.id for a in screen.asks.items]
        await pilot.press("u")
        await pilot.pause()
        assert app.notebook.asks.get(first.id or 0).status == first.status
        assert first.id in [a.id for a in screen.asks.items]
    assert reopen(demo_file).asks.get(first.id or 0).status == first.status


async def test_E_with_nobody_left_says_so_beside_with(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    before = demo_file.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await open_follow_ups(pilot)
        await pilot.press("E", "tab", "tab", "tab", "backspace", "ctrl+s")
        assert isinstance(app.screen, FollowUpDialog)
        error = app.screen.query_one("#field-people", FormField).error
        assert "at least one person" in error
        await pilot.press(*"dana ng", "ctrl+s")  # typed, not picked: say how
        assert "pick from the list" in app.screen.query_one("#field-people", FormField).error
        # The matches close, then the dialog, once the change is discarded.
        await pilot.press("escape", "escape", "y")
        assert isinstance(app.screen, FollowUpsScreen)
    assert demo_file.read_bytes() == before


# -- >: reschedule ------------------------------------------------------------------------------


async def test_greater_than_on_the_person_screen_reschedules_a_week_on(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    person = felix(app.notebook)
    overdue = app.notebook.follow_ups.open(person.id)[0]
    assert app.notebook.follow_ups.is_overdue(overdue)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_person(pilot, person)
        await pilot.press("greater_than_sign")
        assert isinstance(app.screen, ReschedulePrompt)
        assert app.screen.input.value == "+1w"  # selected: enter takes it, typing replaces it
        await pilot.press(*"+1w")
        assert "Wed 2 Dec 2026" in screen_text(app)  # what it means, beside the line
        await pilot.press("enter")
        assert app.screen is screen
        assert f"Due Wed 2 Dec 2026: {overdue.text} · u puts the day back" in notifications(app)
        assert "overdue" not in str(screen.follow_ups.border_title)
        saved = reopen(demo_file).follow_ups.get(overdue.id or 0)
        assert saved.due == TODAY + timedelta(weeks=1)
        # u puts back the day it had, overdue as it was (a reschedule would refuse that day).
        await pilot.press("u")
        await pilot.pause()
    assert reopen(demo_file).follow_ups.get(overdue.id or 0) == overdue


async def test_greater_than_on_the_follow_ups_screen_steps_with_arrows_and_refuses_the_past(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_follow_ups(pilot)
        first = screen.follow_ups.items[0]
        await pilot.press("greater_than_sign")
        prompt = app.screen
        assert isinstance(prompt, ReschedulePrompt)
        await clear_and_type(pilot, "last fri")  # the past: refused beside the line
        await pilot.press("enter")
        assert app.screen is prompt
        assert "today or a later day" in prompt.query_one(FormField).error
        await pilot.press("down")  # the first step: +1d
        assert prompt.input.value == "+1d"
        await pilot.press("down", "down", "up")  # +1w, +2w, back to +1w
        await pilot.press("down", "enter")  # +2w
        assert app.screen is screen
        moved = next(f for f in screen.follow_ups.items if f.id == first.id)
        assert moved.due == TODAY + timedelta(weeks=2)
        assert screen.follow_ups.items[0].id != first.id  # no longer the most overdue
    assert reopen(demo_file).follow_ups.get(first.id or 0).due == TODAY + timedelta(weeks=2)


# -- X: delete, u: undo -------------------------------------------------------------------------


async def test_X_on_the_person_screen_deletes_and_u_brings_it_back_whole(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    person = felix(app.notebook)
    first = app.notebook.follow_ups.open(person.id)[0]
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_person(pilot, person)
        assert not screen.check_action("undo", ())
        await pilot.press("X")  # no confirm: u undoes
        assert f"Deleted: {first.text} · u brings it back" in notifications(app)
        assert first.id not in [f.id for f in screen.follow_ups.items]
        assert first.id not in [f.id for f in reopen(demo_file).follow_ups.iter()]
        assert screen.check_action("undo", ())
        await pilot.press("u")
        assert f"Back: {first.text}" in notifications(app)
        assert first.id in [f.id for f in screen.follow_ups.items]
        assert screen.follow_ups.highlighted == first
        assert not screen.check_action("undo", ())
    back = reopen(demo_file).follow_ups.get(first.id or 0)
    assert back == first and back.id == first.id  # every field, and the same id


async def test_u_on_a_person_page_opened_again_brings_back_what_X_deleted(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    """A person's page is made afresh each time it is opened: X, leaving the page, then u on
    it again still brings the follow-up back (it was lost for good, with no confirm to stop it)."""
    person = felix(app.notebook)
    first = app.notebook.follow_ups.open(person.id)[0]
    (dana,) = app.notebook.people.find_by_name("Dana Nguyen")
    async with app.run_test(size=SIZE) as pilot:
        await open_person(pilot, person)
        await pilot.press("X", "escape")
        await pilot.pause()
        app.push_screen(PersonScreen(dana.id or 0))  # another person's page: nothing to undo
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
        assert not app.screen.check_action("undo", ())
        await pilot.press("escape")
        await pilot.pause()
        screen = await open_person(pilot, person)
        assert screen.check_action("undo", ())
        await pilot.press("u")
        await pilot.pause()
        assert f"Back: {first.text}" in notifications(app)
        assert first.id in [f.id for f in screen.follow_ups.items]
        await pilot.press("escape")
        await pilot.pause()
        screen = await open_person(pilot, person)  # taken back: nothing left to undo
        assert not screen.check_action("undo", ())
        # Their page opened over itself (through a tie, say), X there, then out of both: the
        # page underneath, closing with nothing to undo, dropped what the other had left.
        await open_person(pilot, person)
        await pilot.press("X", "escape")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        screen = await open_person(pilot, person)
        await pilot.press("u")
        await pilot.pause()
    assert reopen(demo_file).follow_ups.get(first.id or 0) == first


async def test_u_undoes_whichever_came_last_on_the_follow_ups_screen(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_follow_ups(pilot)
        done, deleted = screen.follow_ups.items[:2]
        await pilot.press("x")  # the first is done: u would open it again
        assert f"Done: {done.text} · u opens it again" in notifications(app)
        assert screen.follow_ups.highlighted == deleted
        await pilot.press("X")  # then the next one is deleted: u now brings that back
        assert f"Deleted: {deleted.text} · u brings it back" in notifications(app)
        await pilot.press("u")
        ids = [f.id for f in screen.follow_ups.items]
        assert deleted.id in ids and done.id not in ids
        # What came back is highlighted: the next key acts on it, not on the row below.
        assert screen.follow_ups.highlighted == deleted
        saved = reopen(demo_file)
        assert saved.follow_ups.get(deleted.id or 0) == deleted
        assert saved.follow_ups.get(done.id or 0).done_at is not None
        # A done follow-up is shown nowhere else: u again opens the first one too.
        assert screen.check_action("undo", ())
        await pilot.press("u")
        assert f"Open again: {done.text}" in notifications(app)
        assert screen.follow_ups.highlighted == done
        assert not screen.check_action("undo", ())
    assert reopen(demo_file).follow_ups.get(done.id or 0) == done


async def test_an_undo_of_someone_forgotten_since_is_said_and_the_older_ones_still_work(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    """Stuck on top, a change that can never be taken back ("no follow-up with id 2") kept
    every older one from being taken back too."""
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_follow_ups(pilot)
        first = screen.follow_ups.items[0]
        await pilot.press("x")  # done: the next row is highlighted
        second = screen.follow_ups.highlighted
        assert second is not None and not set(second.people) & set(first.people)
        await pilot.press("x")
        app.notebook.people.forget(second.people[0])  # elsewhere: their follow-ups go
        await pilot.pause()
        await pilot.press("u")
        assert (
            f"Done: {second.text}: that can no longer be taken back (what it changed was "
            "forgotten or deleted since)"
        ) in notifications(app)
        assert screen.check_action("undo", ())
        await pilot.press("u")  # the one before it
        assert f"Open again: {first.text}" in notifications(app)
        assert not screen.check_action("undo", ())
    assert reopen(demo_file).follow_ups.get(first.id or 0).done_at is None


async def test_the_keys_are_listed_in_help_on_both_screens(app: NotebookApp) -> None:
    actions = {"done", "edit_follow_up", "reschedule", "delete_follow_up", "undo"}
    async with app.run_test(size=SIZE) as pilot:
        for prefix in ("followups", "person"):
            if prefix == "followups":
                await open_follow_ups(pilot)
            else:
                await open_person(pilot, felix(app.notebook))
            await pilot.press("x", "question_mark")  # x: so u has something to undo
            help_screen = app.screen
            assert isinstance(help_screen, HelpScreen)
            keys = {binding_id: key for key, _, binding_id in help_screen.rows}
            assert {f"{prefix}.{action}" for action in actions} <= set(keys)
            assert keys[f"{prefix}.edit_follow_up"] == "E"
            assert keys[f"{prefix}.reschedule"] == ">"
            assert keys[f"{prefix}.delete_follow_up"] == "X"
            await pilot.press("escape")


async def test_the_keys_need_a_follow_up(
    tmp_path: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    notebook = open_notebook(tmp_path / "n.json")
    ann = notebook.people.add(Person(name="Ann"))
    app = NotebookApp(notebook, user_files=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_person_without_follow_ups(pilot, ann)
        for action in ("done", "edit_follow_up", "reschedule", "delete_follow_up", "undo"):
            assert not screen.check_action(action, ())
        notebook.follow_ups.add([ann.id or 0], "call")
        app.changed()
        await pilot.pause()
        assert screen.check_action("reschedule", ())


async def open_person_without_follow_ups(pilot: Pilot[None], person: Person) -> PersonScreen:
    pilot.app.push_screen(PersonScreen(person.id or 0))
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, PersonScreen) and not screen.follow_ups.items
    return screen


# -- snapshots ----------------------------------------------------------------------------------


@SNAPSHOT_SIZES
def test_follow_up_add_dialog_snapshot(
    snap_compare: Callable[..., bool], app: NotebookApp, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_person(pilot, felix(app.notebook))

    # "f" adds a follow-up: the text, then tab to the due day; "With" starts with Felix.
    press = ["f", *"send the deck", "tab", *"next fri"]
    assert snap_compare(app, run_before=run_before, press=press, terminal_size=size)


@SNAPSHOT_SIZES
def test_follow_up_edit_dialog_snapshot(
    snap_compare: Callable[..., bool], app: NotebookApp, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_person(pilot, felix(app.notebook))

    # "E" on the highlighted (overdue) follow-up: the dialog filled with it.
    assert snap_compare(app, run_before=run_before, press=["E"], terminal_size=size)


async def test_a_follow_up_due_years_ahead_can_be_rescheduled(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    person = felix(app.notebook)
    far = TODAY + timedelta(days=9 * 365)
    follow_up = app.notebook.follow_ups.add([person.id or 0], "the long game", due=far)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_person(pilot, person)
        screen.follow_ups.focus()
        while screen.follow_ups.highlighted != follow_up:
            await pilot.press("down")
        await pilot.press("greater_than_sign")
        assert isinstance(app.screen, ReschedulePrompt)
        assert dates.shown(far) in screen_text(app)  # now: due years ahead
        await pilot.press(*"+1w", "enter")
        assert app.screen is screen
    assert reopen(demo_file).follow_ups.get(follow_up.id or 0).due == TODAY + timedelta(weeks=1)


async def test_the_words_name_the_keys_a_keymap_gives(app: NotebookApp) -> None:
    app.set_keymap(
        {
            "followups.done": "D",
            "followups.undo": "U",
            "person.cadence": "C",
            "person.snooze": "Z",
            "person.follow_up": "+",
            "person.edit": "ctrl+e",
            "person.tie": "T",
            "note": "ctrl+n",
        }
    )
    quiet = app.notebook.people.add(Person(name="Ann Quiet"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_follow_ups(pilot)
        done = screen.follow_ups.items[0]
        await pilot.press("D")
        assert f"Done: {done.text} · U opens it again" in notifications(app)
        person = await open_person_without_follow_ups(pilot, quiet)
        relationship = person.query_one("#relationship")
        assert str(relationship.border_subtitle) == "C cadence · Z snooze"
        text = screen_text(app)
        assert "No open follow-ups · + adds one" in text
        assert "No ties yet · T adds one" in text
        assert "No conversations yet · ctrl+n notes one" in text
        notes = person.query_one("#profile", Facts).text("notes")
        assert notes == "Nothing noted yet · ctrl+e edits"
