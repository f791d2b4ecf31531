"""The Person screen: profile, relationship, follow-ups, ties, timeline, and every key on it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from textual.color import Color
from textual.pilot import Pilot
from textual.widgets import Input, Static

from notebook import dates
from notebook.app import NotebookApp
from notebook.modals.confirm import ConfirmModal
from notebook.modals.note import NoteModal
from notebook.modals.person_actions import (
    CadenceDialog,
    ConversationView,
    FollowUpDialog,
    SnoozeDialog,
    TieDialog,
)
from notebook.modals.person_form import PersonForm
from notebook.records import Person
from notebook.screens.help import HelpScreen
from notebook.screens.people import PeopleScreen
from notebook.screens.person import PersonScreen, strength_dots
from notebook.themes import SOLID_MUTED
from notebook.viewmodel import Notebook
from notebook.widgets.facts import LABEL_WIDTH, Facts
from notebook.widgets.fields import FormField
from notebook.widgets.person_picker import PersonPicker

from ..conftest import SIZE, TODAY
from .helpers import dialog_text, notifications, screen_text, wait_until

PROBES = (
    "[@click=app.quit]x",
    "Eve [/]",
    "Bob [ex-Google]",
    "[link=file:///etc/passwd]x[/]",
    "\x1b]0;title\x07Zed",
)


def rich_person(notebook: Notebook) -> Person:
    """The demo person with the fullest page: overdue follow-ups, ties and notes, then the
    most conversations (ties broken by the lowest id, so the choice never changes)."""
    return max(
        notebook.people.all(),
        key=lambda p: (
            bool(notebook.follow_ups.overdue(p.id)),
            bool(notebook.ties.of(p.id or 0)),
            bool(p.notes),
            len(notebook.conversations.timeline(p.id or 0)),
            -(p.id or 0),
        ),
    )


def open_keys(name: str) -> list[str]:
    """From People: focus the search, type the name, enter to the list, enter to open."""
    return ["slash", *name, "enter", "enter"]


async def open_person(pilot: Pilot[None], person: Person) -> PersonScreen:
    await pilot.press(*open_keys(person.name))
    screen = pilot.app.screen
    assert isinstance(screen, PersonScreen)
    assert screen.person_id == person.id
    return screen


def shown(screen: PersonScreen, key: str) -> str:
    """The text of one profile or relationship value, however it wraps on screen."""
    return "".join(panel.text(key) for panel in screen.query(Facts))


def field_error(app: NotebookApp, key: str) -> str:
    return app.screen.query_one(f"#field-{key}", FormField).error


async def type_into(pilot: Pilot[None], selector: str, text: str) -> None:
    """Focus an input as tab would, clear it with keys, and type."""
    pilot.app.screen.query_one(selector, Input).focus()
    await pilot.press("ctrl+a", "ctrl+k", *text)


# -- view model lookups the screen relies on ------------------------------------------------


def test_forget_impact_counts_what_forget_removes(
    tmp_path: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    notebook = open_notebook(tmp_path / "n.json")
    a, b, c = (notebook.people.add(Person(name=n)).id or 0 for n in ("Ann", "Ben", "Cat"))
    notebook.people.edit(replace(notebook.people.get(c), met_via=a))
    notebook.conversations.note([a], when=TODAY, summary="alone")
    notebook.conversations.note([a, b], when=TODAY, summary="together")
    notebook.ties.add(a, b, relation="friends")
    notebook.follow_ups.add([a], "mine")
    notebook.follow_ups.add([a, b], "shared")
    impact = notebook.people.forget_impact(a)
    assert (impact.conversations_deleted, impact.conversations_kept) == (1, 1)
    assert (impact.ties, impact.follow_ups_deleted, impact.follow_ups_kept) == (1, 1, 1)
    assert (impact.asks, impact.met_via_links) == (0, 1)
    notebook.people.forget(a)
    assert notebook.conversations.count() == 1
    assert notebook.ties.all() == []
    assert [f.text for f in notebook.follow_ups.open()] == ["shared"]
    assert notebook.people.get(c).met_via is None


def test_fallback_cadence_ignores_the_persons_own_setting(
    tmp_path: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    notebook = open_notebook(tmp_path / "n.json")
    pid = notebook.people.add(Person(name="Ann", cadence_days=30)).id or 0
    assert notebook.upkeep.cadence(pid).source == "set"
    assert (
        notebook.upkeep.fallback_cadence(pid).source,
        notebook.upkeep.fallback_cadence(pid).days,
    ) == (
        "default",
        notebook.default_cadence,
    )
    for weeks in (0, 2, 4, 6):
        notebook.conversations.note([pid], when=TODAY - timedelta(weeks=weeks))
    assert (
        notebook.upkeep.fallback_cadence(pid).source,
        notebook.upkeep.fallback_cadence(pid).days,
    ) == (
        "inferred",
        14,
    )
    assert notebook.upkeep.cadence(pid).days == 30


def test_snoozed_until_only_while_the_snooze_runs(
    tmp_path: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    notebook = open_notebook(tmp_path / "n.json")
    later = TODAY + timedelta(days=3)
    pid = notebook.people.add(Person(name="Ann", snoozed_until=later)).id or 0
    assert notebook.upkeep.snoozed_until(pid) == later
    notebook.people.edit(replace(notebook.people.get(pid), snoozed_until=TODAY))
    assert notebook.upkeep.snoozed_until(pid) is None


# -- showing a person -----------------------------------------------------------------------


async def test_open_from_people_shows_everything(app: NotebookApp) -> None:
    notebook = app.notebook
    person = rich_person(notebook)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_person(pilot, person)
        text = screen_text(app)
        assert person.name in text and person.role in text
        for tag in person.tags:
            assert tag in text
        assert person.emails[0] in text and person.phones[0] in text
        assert shown(screen, "notes") == person.notes
        last = notebook.upkeep.last_talked(person.id or 0)
        assert last is not None and dates.ago(last, TODAY) in text
        cadence = notebook.upkeep.cadence(person.id or 0)
        assert f"every {cadence.days} days" in text
        overdue = notebook.follow_ups.overdue(person.id)
        assert f"{len(overdue)} overdue" in text
        assert [f.id for f in screen.follow_ups.items] == [
            f.id for f in notebook.follow_ups.open(person.id)
        ]
        assert screen.timeline.items == notebook.conversations.timeline(person.id or 0)
        tie = notebook.ties.of(person.id or 0)[0]
        assert tie.other.name in text and strength_dots(tie.tie.strength) in text
        assert screen.follow_ups.has_focus
        await pilot.press("tab")  # follow-ups → ties → timeline
        assert screen.ties.has_focus
        await pilot.press("tab")
        assert screen.timeline.has_focus
        await pilot.press("enter")  # the whole conversation, read-only
        assert isinstance(app.screen, ConversationView)
        await pilot.press("escape", "escape")  # close it, then back to People
        assert isinstance(app.screen, PeopleScreen)


async def test_enter_on_a_tie_opens_that_person(app: NotebookApp) -> None:
    person = rich_person(app.notebook)
    other = app.notebook.ties.of(person.id or 0)[0].other
    async with app.run_test(size=SIZE) as pilot:
        await open_person(pilot, person)
        await pilot.press("tab", "enter")  # to the ties, open the first
        assert isinstance(app.screen, PersonScreen) and app.screen.person_id == other.id
        await pilot.press("escape")
        assert isinstance(app.screen, PersonScreen) and app.screen.person_id == person.id


async def test_n_notes_a_conversation_with_this_person(app: NotebookApp) -> None:
    person = rich_person(app.notebook)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_person(pilot, person)
        for focus in (screen.follow_ups, screen.ties, screen.timeline):
            focus.focus()
            await pilot.press("n")
            assert isinstance(app.screen, NoteModal)
            assert app.screen.people == (person.id,)
            app.screen.dismiss(None)
            await pilot.pause()


# -- keys that write ------------------------------------------------------------------------


async def test_e_edits_and_saves(
    app: NotebookApp, demo_file: Path, reopen: Callable[..., Notebook]
) -> None:
    person = rich_person(app.notebook)
    async with app.run_test(size=SIZE) as pilot:
        await open_person(pilot, person)
        await pilot.press("e")
        assert isinstance(app.screen, PersonForm)
        await type_into(pilot, "#title-input", "Staff Engineer")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, PersonScreen), "the save")
        assert "Staff Engineer" in screen_text(app)
        assert f"Saved {person.name} · u puts the profile back as it was" in notifications(app)
    assert reopen(demo_file).people.get(person.id or 0).title == "Staff Engineer"


async def test_u_takes_back_an_edit_that_replaced_a_field_meant_to_grow(
    app: NotebookApp, demo_file: Path, reopen: Callable[..., Notebook]
) -> None:
    """Tabbing into a line selects it: ", mentor" typed into the tags replaced them all, and
    nothing could take that back. u does now, and only what the edit changed."""
    person = rich_person(app.notebook)
    assert person.tags and person.snoozed_until is None
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_person(pilot, person)
        await pilot.press("e")
        await type_into(pilot, "#tags-input", ", mentor")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.notebook.people.get(person.id or 0).tags == ("mentor",)
        # Snoozed since: the undo leaves that as it is.
        app.notebook.upkeep.snooze(person.id or 0, TODAY + timedelta(days=14))
        await pilot.press("u")
        await pilot.pause()
        assert f"Back as it was: {person.name}" in notifications(app)
        back = app.notebook.people.get(person.id or 0)
        assert back.tags == person.tags and back.snoozed_until == TODAY + timedelta(days=14)
        assert not screen.check_action("undo", ())
        await pilot.press("e", "ctrl+s")  # saved unchanged: nothing to take back
        await pilot.pause()
        assert "Nothing was changed." in notifications(app)
        assert not screen.check_action("undo", ())
    assert reopen(demo_file).people.get(person.id or 0).tags == person.tags


async def test_f_adds_a_follow_up_they_owe(
    app: NotebookApp, demo_file: Path, reopen: Callable[..., Notebook]
) -> None:
    person = rich_person(app.notebook)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_person(pilot, person)
        await pilot.press("f")
        assert isinstance(app.screen, FollowUpDialog)
        await pilot.press(*"intro to their manager", "tab")  # what, then to the due date
        await pilot.press(*"next mon", "tab")  # due, then to who owes it
        await pilot.press("down", "enter")  # "They owe it"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen, "the save")
        assert "intro to their manager" in screen_text(app)
    saved = [f for f in reopen(demo_file).follow_ups.open(person.id) if f.text.startswith("intro")]
    assert len(saved) == 1
    assert saved[0].due == dates.parse_day("next mon", TODAY)
    assert saved[0].by == "them"


async def test_follow_up_needs_text_and_escape_saves_nothing(
    app: NotebookApp, demo_file: Path, reopen: Callable[..., Notebook]
) -> None:
    person = rich_person(app.notebook)
    before = len(app.notebook.follow_ups.open(person.id))
    async with app.run_test(size=SIZE) as pilot:
        await open_person(pilot, person)
        await pilot.press("f", "ctrl+s")  # save with nothing typed
        assert isinstance(app.screen, FollowUpDialog)
        assert "needs some text" in field_error(app, "text")
        await pilot.press("tab", *"someday soon", "ctrl+s")  # a due date that isn't one
        assert "can't read" in field_error(app, "due")
        await pilot.press("escape")  # typed in: it asks first
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")  # keep editing: all of it is still there
        assert isinstance(app.screen, FollowUpDialog)
        assert app.screen.query_one("#field-due Input", Input).value == "someday soon"
        await pilot.press("escape", "y")
        assert isinstance(app.screen, PersonScreen)
    assert len(reopen(demo_file).follow_ups.open(person.id)) == before


async def test_x_marks_done_and_u_reopens(
    app: NotebookApp, demo_file: Path, reopen: Callable[..., Notebook]
) -> None:
    person = rich_person(app.notebook)
    first = app.notebook.follow_ups.open(person.id)[0]
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_person(pilot, person)
        await pilot.press("x")  # the follow-ups list has focus; its first row is highlighted
        assert f"Done: {first.text} · u opens it again" in notifications(app)
        assert first.id not in [f.id for f in screen.follow_ups.items]
        assert reopen(demo_file).follow_ups.get(first.id or 0).done_at is not None
        await pilot.press("u")
        assert first.id in [f.id for f in screen.follow_ups.items]
        assert reopen(demo_file).follow_ups.get(first.id or 0).done_at is None
        assert not screen.check_action("undo", ())  # nothing left to undo


async def test_t_adds_a_tie(
    app: NotebookApp, demo_file: Path, reopen: Callable[..., Notebook]
) -> None:
    notebook = app.notebook
    person = rich_person(notebook)
    tied = {v.other.id for v in notebook.ties.of(person.id or 0)}
    other = next(p for p in notebook.people.all() if p.id not in tied and p.id != person.id)
    async with app.run_test(size=SIZE) as pilot:
        await open_person(pilot, person)
        await pilot.press("t")
        assert isinstance(app.screen, TieDialog)
        await pilot.press(*other.name, "enter")  # pick the best match
        await pilot.press("tab", *"his sister")  # relation
        await pilot.press("tab", "4")  # strength (the 3 is selected, so 4 replaces it)
        await pilot.press("tab", *"met at the gym", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, PersonScreen), "the save")
        assert "his sister" in screen_text(app)
    tie = reopen(demo_file).ties.between(person.id or 0, other.id or 0)
    assert tie is not None
    assert (tie.relation, tie.strength, tie.note) == ("his sister", 4, "met at the gym")


async def test_tie_dialog_needs_someone(app: NotebookApp) -> None:
    person = rich_person(app.notebook)
    ties = len(app.notebook.ties.all())
    async with app.run_test(size=SIZE) as pilot:
        await open_person(pilot, person)
        await pilot.press("t", "ctrl+s")  # nobody picked
        assert "pick who they know" in field_error(app, "b")
        # They are never offered: their own name, typed whole, picks anyone but them.
        await pilot.press(*person.name)
        picker = app.screen.query_one(PersonPicker)
        assert person.id not in picker._choices
        await pilot.press("enter")
        assert person.id not in picker.picked
        await pilot.press("escape")
        assert len(app.notebook.ties.all()) == ties


async def test_a_name_nobody_has_is_never_taken_for_a_loose_suggestion(app: NotebookApp) -> None:
    notebook = app.notebook
    person = rich_person(notebook)
    notebook.people.add(Person(name="Priya Quillfeather"))
    async with app.run_test(size=SIZE) as pilot:
        await open_person(pilot, person)
        await pilot.press("t", *"Andres Quillfeather")  # nobody's name; Priya's is like it
        picker = app.screen.query_one(PersonPicker)
        await pilot.pause()
        assert picker._choices and picker.matches.highlighted is None  # offered, not chosen
        first = picker._choices[0]
        await pilot.press("enter")
        assert picker.picked == []  # a bell, not a suggestion
        await pilot.press("down", "enter")  # down chooses the first suggestion
        assert picker.picked == [first]


async def test_d_removes_a_tie_only_after_yes(
    app: NotebookApp, demo_file: Path, reopen: Callable[..., Notebook]
) -> None:
    person = rich_person(app.notebook)
    tie = app.notebook.ties.of(person.id or 0)[0].tie
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_person(pilot, person)
        await pilot.press("tab", "d")  # to the ties, remove the first
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        assert reopen(demo_file).ties.between(tie.a, tie.b) is not None
        await pilot.press("delete", "y")
        assert app.screen is screen
        assert tie.id not in [v.tie.id for v in screen.ties.items]
        assert reopen(demo_file).ties.between(tie.a, tie.b) is None
        await pilot.press("u")  # taken back: the same tie, under the same id
        await pilot.pause()
        assert tie.id in [v.tie.id for v in screen.ties.items]
    back = reopen(demo_file).ties.between(tie.a, tie.b)
    assert back == tie and back.id == tie.id


async def test_c_sets_cadence_and_blank_goes_back(
    app: NotebookApp, demo_file: Path, reopen: Callable[..., Notebook]
) -> None:
    person = rich_person(app.notebook)
    fallback = app.notebook.upkeep.fallback_cadence(person.id or 0)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_person(pilot, person)
        await pilot.press("c")
        assert isinstance(app.screen, CadenceDialog)
        # The dialog's own words, whatever the page behind it shows.
        assert f"every {fallback.days} days" in dialog_text(app)
        await pilot.press("ctrl+a", "ctrl+k", *"30", "enter")
        assert shown(screen, "cadence") == "every 30 days (set)"
        assert reopen(demo_file).people.get(person.id or 0).cadence_days == 30
        await pilot.press("c", "ctrl+a", "ctrl+k", "enter")  # blank: back to inferred/default
        assert shown(screen, "cadence").startswith(f"every {fallback.days} days")
        assert reopen(demo_file).people.get(person.id or 0).cadence_days is None
        await pilot.press("c", "0", "enter")  # out of range: said beside the field
        assert "between 1 and 3650" in field_error(app, "cadence_days")
        # Lengths of time in words; a cut or a guess never stands in for what was typed.
        for typed, error in [("20 years", "between 1 and 3650"), ("2 parsecs", "not a length")]:
            await pilot.press("ctrl+a", "ctrl+k", *typed, "enter")
            assert error in field_error(app, "cadence_days")
            assert app.screen.query_one("#cadence-input", Input).value == typed
        await pilot.press("ctrl+a", "ctrl+k", *"2 weeks", "enter")
        assert shown(screen, "cadence") == "every 14 days (set)"
        assert reopen(demo_file).people.get(person.id or 0).cadence_days == 14


async def test_s_snoozes_two_weeks_by_default_then_unsnoozes(
    app: NotebookApp, demo_file: Path, reopen: Callable[..., Notebook]
) -> None:
    person = rich_person(app.notebook)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_person(pilot, person)
        await pilot.press("s")
        assert isinstance(app.screen, SnoozeDialog)
        await pilot.press("enter")  # keep "2 weeks"
        until = TODAY + timedelta(weeks=2)
        assert reopen(demo_file).people.get(person.id or 0).snoozed_until == until
        assert (
            shown(screen, "status") == f"snoozed until {dates.resolved(until.isoformat(), TODAY)}"
        )
        said = f"{person.name} snoozed until {dates.shown(until)} · u takes it back"
        assert said in notifications(app)
        await pilot.press("s")  # snoozed: the field starts blank, meaning un-snooze
        assert "Un-snooze" in screen_text(app)
        await pilot.press("enter")
        assert reopen(demo_file).people.get(person.id or 0).snoozed_until is None
        assert f"{person.name} not snoozed · u takes it back" in notifications(app)
        await pilot.press("s", "ctrl+a", "ctrl+k", *"next mon", "enter")
        monday = dates.parse_day("next mon", TODAY)
        assert reopen(demo_file).people.get(person.id or 0).snoozed_until == monday
        await pilot.press("u")  # back to not snoozed, then to the two weeks
        await pilot.pause()
        assert reopen(demo_file).people.get(person.id or 0).snoozed_until is None
        await pilot.press("u")
        await pilot.pause()
        assert reopen(demo_file).people.get(person.id or 0).snoozed_until == until


async def test_a_cadence_or_snooze_saved_as_it_was_offers_nothing_to_take_back(
    app: NotebookApp, demo_file: Path, reopen: Callable[..., Notebook]
) -> None:
    person = rich_person(app.notebook)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_person(pilot, person)
        await pilot.press("c", "enter")  # the cadence as it is
        await wait_until(pilot, lambda: app.screen is screen, "the cadence dialog closed")
        await pilot.press("s", "ctrl+a", "ctrl+k", "enter")  # blank: not snoozed, as before
        await wait_until(pilot, lambda: app.screen is screen, "the snooze dialog closed")
        assert notifications(app).count("Nothing was changed.") == 2
        assert not screen.check_action("undo", ())
    saved = reopen(demo_file).people.get(person.id or 0)
    assert (saved.cadence_days, saved.snoozed_until) == (person.cadence_days, None)


async def test_u_puts_a_cadence_back(
    app: NotebookApp, demo_file: Path, reopen: Callable[..., Notebook]
) -> None:
    person = rich_person(app.notebook)
    async with app.run_test(size=SIZE) as pilot:
        await open_person(pilot, person)
        await pilot.press("c", "ctrl+a", "ctrl+k", *"21", "enter")
        await pilot.pause()
        assert reopen(demo_file).people.get(person.id or 0).cadence_days == 21
        assert any(n.endswith("· u puts the cadence back") for n in notifications(app))
        await pilot.press("u")
        await pilot.pause()
    assert reopen(demo_file).people.get(person.id or 0).cadence_days == person.cadence_days


async def test_snooze_into_the_past_is_refused_beside_the_field(
    app: NotebookApp, demo_file: Path, reopen: Callable[..., Notebook]
) -> None:
    person = rich_person(app.notebook)
    async with app.run_test(size=SIZE) as pilot:
        await open_person(pilot, person)
        await pilot.press("s", "ctrl+a", "ctrl+k", *"last week")
        # Said while it is typed, beside the field, not a past day shown as if it would do.
        until = app.screen.query_one("#field-snoozed_until", FormField)
        assert until.hint == "snooze until a day after today"
        await pilot.press("ctrl+a", "ctrl+k", *"yesterday", "enter")
        assert isinstance(app.screen, SnoozeDialog)
        assert "after today" in field_error(app, "snoozed_until")
        assert app.screen.query_one("#snooze-input", Input).value == "yesterday"
    assert reopen(demo_file).people.get(person.id or 0).snoozed_until is None


async def test_archive_asks_first_and_toggles(
    app: NotebookApp, demo_file: Path, reopen: Callable[..., Notebook]
) -> None:
    person = rich_person(app.notebook)
    async with app.run_test(size=SIZE) as pilot:
        await open_person(pilot, person)
        await pilot.press("A")
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")  # no: nothing changes
        assert not reopen(demo_file).people.get(person.id or 0).archived
        await pilot.press("A", "y")
        assert reopen(demo_file).people.get(person.id or 0).archived
        assert "archived" in str(app.screen.query_one("#person-header", Static).visual)
        await pilot.press("A", "y")  # and back
        assert not reopen(demo_file).people.get(person.id or 0).archived


async def test_forget_says_what_goes_and_asks_first(
    app: NotebookApp, demo_file: Path, reopen: Callable[..., Notebook]
) -> None:
    notebook = app.notebook
    person = rich_person(notebook)
    pid = person.id or 0
    impact = notebook.people.forget_impact(pid)
    async with app.run_test(size=SIZE) as pilot:
        await open_person(pilot, person)
        await pilot.press("D")
        assert isinstance(app.screen, ConfirmModal)
        message = app.screen.message
        assert f"Forget {person.name}" in message
        assert f"{impact.ties} ties" in message
        assert f"{impact.conversations_deleted} conversation" in message
        assert "follow-up" in message
        await pilot.press("n")  # no: still there
        assert isinstance(app.screen, PersonScreen)
        reopen(demo_file).people.get(pid)
        await pilot.press("D", "y")
        assert isinstance(app.screen, PeopleScreen)
        assert pid not in [p.id for p in app.screen.people_list.items]
    after = reopen(demo_file)
    assert pid not in [p.id for p in after.people.all(include_archived=True)]
    assert all(pid not in i.people for i in after.conversations.iter())


# -- user text is data ----------------------------------------------------------------------


async def test_probe_names_show_literally_and_clicks_do_nothing(
    tmp_path: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    notebook = open_notebook(tmp_path / "probe.json")
    zed = notebook.people.add(Person(name=PROBES[4], company=PROBES[1]))
    probe = notebook.people.add(
        Person(
            name=PROBES[0],
            title=PROBES[2],
            company=PROBES[1],
            notes=f"{PROBES[3]}\n{PROBES[0]}",
            how_met=PROBES[2],
            tags=(PROBES[2],),
        )
    )
    pid = probe.id or 0
    notebook.ties.add(pid, zed.id or 0, relation=PROBES[0], note=PROBES[1])
    notebook.conversations.note([pid, zed.id or 0], when=TODAY, place=PROBES[1], summary=PROBES[2])
    notebook.follow_ups.add([pid], PROBES[3], due=TODAY)
    app = NotebookApp(notebook, user_files=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # "[@click…" sorts first on People
        screen = app.screen
        assert isinstance(screen, PersonScreen) and screen.person_id == pid
        text = screen_text(app)
        assert f"{PROBES[0]}  {PROBES[2]} @ {PROBES[1]}" in text  # the header
        for probe_text in PROBES[:4]:
            assert probe_text in text
        assert f"{PROBES[2]} · with Zed" in text  # the timeline row
        assert "Zed" in text and "]0;title" not in text and "\x1b" not in text
        assert shown(screen, "notes") == f"{PROBES[3]}\n{PROBES[0]}"
        # Click the name and the notes: no markup action may run.
        await pilot.click("#person-header", offset=(3, 0))
        profile = screen.query_one("#profile", Facts)
        notes_line = profile.line_of("notes")
        assert notes_line is not None
        # Inside its round border and padding, three cells into the value.
        await pilot.click(profile, offset=(2 + LABEL_WIDTH + 3, 1 + notes_line))
        assert app.is_running and app.return_code is None and app.screen is screen
        # A click on the highlighted tie opens Zed, whose page shows the relation plainly.
        await pilot.click("#ties", offset=(4, 1))
        assert isinstance(app.screen, PersonScreen) and app.screen.person_id == zed.id
        assert f"{PROBES[1]}" in screen_text(app) and PROBES[0] in screen_text(app)
        await pilot.click("#person-header", offset=(1, 0))
        await pilot.press("escape")
        # A click on the highlighted conversation shows it in full, still plainly.
        await pilot.click("#timeline", offset=(20, 1))
        assert isinstance(app.screen, ConversationView)
        assert PROBES[1] in screen_text(app) and PROBES[2] in screen_text(app)
        await pilot.click(offset=(40, 17))  # somewhere inside the conversation
        await pilot.press("escape")
        assert app.is_running and app.return_code is None
        assert app.screen is screen
        assert notebook.people.get(pid).name == PROBES[0]


# -- snapshots ------------------------------------------------------------------------------


def test_person_screen_snapshot(snap_compare: Callable[..., bool], app: NotebookApp) -> None:
    person = rich_person(app.notebook)
    # "/" search, type the name, enter to the list, enter to open the person.
    assert snap_compare(app, press=open_keys(person.name), terminal_size=SIZE)


def test_tie_dialog_snapshot(snap_compare: Callable[..., bool], app: NotebookApp) -> None:
    person = rich_person(app.notebook)
    # Open the person, "t" opens the tie dialog, type part of a name to show the matches.
    assert snap_compare(app, press=[*open_keys(person.name), "t", *"sam"], terminal_size=SIZE)


def test_follow_up_dialog_snapshot(snap_compare: Callable[..., bool], app: NotebookApp) -> None:
    person = rich_person(app.notebook)
    # Open the person, "f" opens the follow-up dialog, type the text, tab, type a due date.
    keys = [*open_keys(person.name), "f", *"send the deck", "tab", *"next fri"]
    assert snap_compare(app, press=keys, terminal_size=SIZE)


def test_cadence_dialog_snapshot(snap_compare: Callable[..., bool], app: NotebookApp) -> None:
    person = rich_person(app.notebook)
    # Open the person, "c" opens the cadence dialog (shows the inferred value).
    assert snap_compare(app, press=[*open_keys(person.name), "c"], terminal_size=SIZE)


def test_snooze_dialog_snapshot(snap_compare: Callable[..., bool], app: NotebookApp) -> None:
    person = rich_person(app.notebook)
    # Open the person, "s" opens the snooze dialog with "2 weeks" filled in and resolved.
    assert snap_compare(app, press=[*open_keys(person.name), "s"], terminal_size=SIZE)


def test_forget_confirm_snapshot(snap_compare: Callable[..., bool], app: NotebookApp) -> None:
    person = rich_person(app.notebook)
    # Open the person, "D" asks before forgetting, listing what would go.
    assert snap_compare(app, press=[*open_keys(person.name), "D"], terminal_size=SIZE)


def test_conversation_view_snapshot(snap_compare: Callable[..., bool], app: NotebookApp) -> None:
    person = rich_person(app.notebook)
    # Open the person, tab twice to the timeline, enter shows the newest conversation in full.
    keys = [*open_keys(person.name), "tab", "tab", "enter"]
    assert snap_compare(app, press=keys, terminal_size=SIZE)


async def test_help_lists_every_person_key(app: NotebookApp) -> None:
    person = rich_person(app.notebook)
    async with app.run_test(size=SIZE) as pilot:
        await open_person(pilot, person)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        ids = {binding_id for _, _, binding_id in app.screen.rows}
        wanted = {"edit", "follow_up", "done", "tie", "remove_tie", "cadence", "snooze"}
        wanted |= {"edit_follow_up", "reschedule", "delete_follow_up"}
        assert {f"person.{name}" for name in wanted | {"archive", "forget", "back"}} <= ids
        assert "note" in ids


async def test_a_snooze_years_ahead_is_shown_saved_and_lifted(
    app: NotebookApp, demo_file: Path, reopen: Callable[..., Notebook]
) -> None:
    # A snooze may run ten years; a conversation's day only one: the day is shown as chosen,
    # never checked against the conversations' reach.
    person = rich_person(app.notebook)
    until = dates.parse_day("in 2 years", TODAY, "after")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_person(pilot, person)
        await pilot.press("s", "ctrl+a", "ctrl+k", *"in 2 years")
        assert dates.shown(until) in screen_text(app)
        await pilot.press("enter")
        assert app.screen is screen
        assert shown(screen, "status") == f"snoozed until {dates.shown(until)}"
        await pilot.press("s")  # snoozed: the dialog says until when, and can lift it
        assert isinstance(app.screen, SnoozeDialog)
        assert dates.shown(until) in dialog_text(app)  # not the page's
    assert reopen(demo_file).people.get(person.id or 0).snoozed_until == until


@pytest.mark.parametrize(("size", "said"), [((80, 24), True), ((130, 40), False)])
@pytest.mark.parametrize("key", ["f", "t"])
async def test_a_person_dialog_taller_than_the_terminal_says_its_keys_on_its_edge(
    app: NotebookApp, size: tuple[int, int], said: bool, key: str
) -> None:
    """At 80x24 the follow-up and tie dialogs' buttons sit below the fields, out of view."""
    person = rich_person(app.notebook)
    async with app.run_test(size=size) as pilot:
        await open_person(pilot, person)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, FollowUpDialog | TieDialog)
        edge = str(app.screen.query_one("#person-dialog").border_subtitle)
        assert edge == ("ctrl+s saves · esc closes" if said else "")
        if said:
            assert "ctrl+s saves · esc closes" in screen_text(app).splitlines()[-3]


async def test_the_role_beside_the_name_is_drawn_muted_in_every_shipped_theme(
    app: NotebookApp,
) -> None:
    person = rich_person(app.notebook)
    async with app.run_test(size=SIZE) as pilot:
        await open_person(pilot, person)
        for theme in ("notebook-dark", "notebook-light"):
            app.theme = theme
            await pilot.pause()
            header = app.screen._compositor.render_strips()[0]
            name = next(s for s in header if s.text.strip().startswith(person.name[:4]))
            role = next(s for s in header if s.text.strip().startswith(person.title[:4]))
            assert role.style is not None and role.style.color is not None
            muted = Color.parse(app.theme_variables[SOLID_MUTED])
            assert role.style.color.triplet == muted.rgb, theme
            assert name.style is not None and name.style.color != role.style.color
