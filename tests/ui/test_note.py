"""The Note modal: capture a conversation in a few keys, errors beside their field, nothing
typed ever lost, and the file holding exactly what was saved."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from textual import events
from textual.dom import DOMNode
from textual.geometry import Size
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, Select, TextArea

from notebook.app import NotebookApp
from notebook.modals.confirm import ConfirmModal
from notebook.modals.note import NoteModal
from notebook.records import Person
from notebook.screens.people import PeopleScreen
from notebook.screens.person import PersonScreen
from notebook.viewmodel import NewPerson, Notebook
from notebook.widgets.fields import FormField
from notebook.widgets.person_picker import PersonPicker

from ..conftest import SIZE, TODAY
from .helpers import notifications, screen_text, wait_until

YESTERDAY = date(2026, 11, 24)


def modal(app: NotebookApp) -> NoteModal:
    assert isinstance(app.screen, NoteModal), f"expected the note modal, got {app.screen}"
    return app.screen


def picker(app: NotebookApp) -> PersonPicker:
    return modal(app).picker


def field_error(app: NotebookApp, key: str) -> str:
    return modal(app).query_one(f"#field-{key}", FormField).error


def field_hint(app: NotebookApp, key: str) -> str:
    return modal(app).query_one(f"#field-{key}", FormField).hint


def value(app: NotebookApp, selector: str) -> str:
    widget = modal(app).query_one(selector)
    return (
        widget.text if isinstance(widget, TextArea) else modal(app).query_one(selector, Input).value
    )


def prompts(app: NotebookApp) -> list[str]:
    matches = picker(app).matches
    if not matches.has_class("-open"):
        return []
    return [str(matches.get_option_at_index(i).prompt) for i in range(matches.option_count)]


async def open_empty_note(app: NotebookApp, pilot: Pilot[None]) -> None:
    """Open the note from the People screen's search box, where nobody is in view."""
    await pilot.press("slash")
    app.action_note()
    await pilot.pause()
    assert picker(app).picked == []


def only(notebook: Notebook, name: str) -> Person:
    (person,) = notebook.people.find_by_name(name)
    return person


# -- the goal: capture in a few keystrokes ----------------------------------------------------


async def test_a_chance_meeting_with_someone_new_takes_few_keystrokes(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    """ "ran into Maria (new) at the bakery yesterday, she'll intro me to her manager"."""
    summary = "she'll intro me to her manager"
    # ("key", k) is a key beyond the words; ("type", text) is the words themselves.
    steps: list[tuple[str, str]] = [
        ("key", "n"),  # a fresh People screen: an empty note, focus in Who
        ("type", "Maria"),
        ("key", "down"),  # past "Maria Nilsen" to '+ New person "Maria"'
        ("key", "enter"),  # pick it: "Did you mean Maria Nilsen?"
        ("key", "n"),  # no, someone new; Who stays open for more people
        ("key", "tab"),  # on to When, where "today" is selected so typing replaces it
        ("type", "yesterday"),
        ("key", "tab"),  # to Where
        ("type", "the bakery"),
        ("key", "tab"),  # to What happened
        ("type", summary),
        ("key", "ctrl+s"),  # save
    ]
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, PeopleScreen)
        assert app.screen.note_subject() == ()  # a list of many prefills nobody
        count_before = app.notebook.conversations.count()
        for step, (kind, text) in enumerate(steps):
            if kind == "key":
                await pilot.press(text)
            else:
                await pilot.press(*text)
            if step == 0:
                assert picker(app).picked == []
            if text == "Maria":
                assert prompts(app)[-1] == '+ New person "Maria"'
        await pilot.pause()
        assert not isinstance(app.screen, NoteModal)
        assert "Noted a conversation with Maria (new) on Tue 24 Nov 2026" in notifications(app)
        assert app.screen.query_one("#people-count").render().plain == "61 people"

    extra_keys = sum(1 for kind, _ in steps if kind == "key")
    assert extra_keys <= 10, f"{extra_keys} keystrokes beyond the words"
    saved = reopen(demo_file)
    assert saved.conversations.count() == count_before + 1
    maria = only(saved, "Maria")
    assert maria.source == "note"
    (interaction,) = saved.conversations.timeline(maria.id or 0)
    assert interaction.when == YESTERDAY
    assert interaction.people == (maria.id,)
    assert interaction.place == "the bakery"
    assert interaction.summary == summary
    assert interaction.kind == "in person"


async def test_picking_existing_people_by_fuzzy_name_and_saving_with_everything(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_empty_note(app, pilot)
        dana = only(app.notebook, "Dana Nguyen")
        sam = only(app.notebook, "Sam Silva")
        assert picker(app).input.has_focus  # nobody prefilled: focus starts in Who
        await pilot.press(*"dana", "enter")  # fuzzy: first name only
        await pilot.press(*"sam sil", "enter")  # parts of both names
        assert picker(app).picked == [dana.id, sam.id]
        await pilot.press("tab", *"3 days ago", "enter")  # enter in a field moves on, too
        assert modal(app).query_one("#place-input", Input).has_focus
        await pilot.press(*"Blue Bottle", "tab", *"Coffee about Sam's team.", "tab")
        await pilot.press("enter", *"cof", "enter")  # the kind: open the list, type, pick
        assert modal(app).query_one("#kind-input", Select).value == "coffee"
        await pilot.press("tab", *"send my resume to Sam", "tab", *"next fri", "ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, NoteModal)
        message = "Noted coffee with Dana Nguyen and Sam Silva on Sun 22 Nov 2026"
        assert any(n.startswith(message) for n in notifications(app))

    saved = reopen(demo_file)
    interaction = saved.conversations.timeline(dana.id or 0)[0]
    assert interaction.people == (dana.id, sam.id)
    assert (interaction.when, interaction.kind) == (date(2026, 11, 22), "coffee")
    assert (interaction.place, interaction.summary) == ("Blue Bottle", "Coffee about Sam's team.")
    (follow_up,) = [f for f in saved.follow_ups.open(dana.id) if f.interaction == interaction.id]
    assert follow_up.text == "send my resume to Sam"
    assert follow_up.due == date(2026, 11, 27)
    assert follow_up.people == (dana.id,)  # the first one picked, owed by me
    assert follow_up.by == "me"


async def test_typing_n_in_a_field_types_n(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_empty_note(app, pilot)
        await pilot.press("n", "a", "n")  # in Who
        assert picker(app).typed == "nan"
        await pilot.press("escape", "backspace", "backspace", "backspace")  # close the matches
        await pilot.press("tab", "tab", "n")  # in Where
        assert value(app, "#place-input") == "n"
        await pilot.press("tab", "n")  # in What happened
        assert value(app, "#summary-input") == "n"
        assert len(app.screen_stack) == 2  # no second note opened


# -- errors beside their fields, nothing typed lost -------------------------------------------


async def test_a_bad_date_shows_beside_when_keeps_everything_and_saves_nothing(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        before = app.notebook.conversations.count()
        await open_empty_note(app, pilot)
        await pilot.press(*"Zed Quill", "enter")  # someone new
        await pilot.press("tab", *"blorp", "tab", *"the pier", "tab", *"Talked boats.")
        await pilot.press("tab", "tab", *"call Zed", "ctrl+s")
        await pilot.pause()
        assert 'can\'t read "blorp" as a date' in field_error(app, "when")
        assert "blorp" in screen_text(app)
        assert field_error(app, "people") == ""
        assert modal(app).query_one("#when-input", Input).has_focus  # taken to the problem
        # Everything typed is still there.
        assert picker(app).picked == [NewPerson("Zed Quill")]
        assert value(app, "#when-input") == "blorp"
        assert value(app, "#place-input") == "the pier"
        assert value(app, "#summary-input") == "Talked boats."
        assert value(app, "#follow_up-input") == "call Zed"
        assert reopen(demo_file).conversations.count() == before
        assert reopen(demo_file).people.find_by_name("Zed Quill") == []

        await pilot.press("ctrl+a", "ctrl+k", *"yesterday")  # fix it: the error goes
        assert field_error(app, "when") == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, NoteModal)

    saved = reopen(demo_file)
    zed = only(saved, "Zed Quill")
    (interaction,) = saved.conversations.timeline(zed.id or 0)
    assert (interaction.when, interaction.place) == (YESTERDAY, "the pier")
    assert [f.text for f in saved.follow_ups.open(zed.id)] == ["call Zed"]


async def test_a_day_after_today_in_when_shows_beside_it_and_saves_nothing(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    """Typing "tomorrow" into When was saved as a conversation yet to come, and the person then
    read "last talked: tomorrow"."""
    async with app.run_test(size=SIZE) as pilot:
        before = app.notebook.conversations.count()
        await open_empty_note(app, pilot)
        await pilot.press(*"Zed Quill", "enter", "tab", *"tomorrow", "tab", "tab", *"Boats.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "after today" in field_error(app, "when")
        assert modal(app).query_one("#when-input", Input).has_focus
        assert (value(app, "#when-input"), value(app, "#summary-input")) == ("tomorrow", "Boats.")
        assert picker(app).picked == [NewPerson("Zed Quill")]
    saved = reopen(demo_file)
    assert saved.conversations.count() == before
    assert saved.people.find_by_name("Zed Quill") == []


async def test_nobody_picked_shows_beside_who(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        before = app.notebook.conversations.count()
        await open_empty_note(app, pilot)
        await pilot.press("tab", "tab", "tab", *"Someone at the bus stop.", "ctrl+s")
        await pilot.pause()
        assert field_error(app, "people") == "say who"
        assert picker(app).input.has_focus
        assert value(app, "#summary-input") == "Someone at the bus stop."
        await pilot.press(*"Zed", "escape", "ctrl+s")  # typed but not picked: say how
        assert field_error(app, "people") == "pick someone or clear the text"
        assert reopen(demo_file).conversations.count() == before


async def test_a_note_typed_into_who_is_never_offered_as_a_new_person(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    """Dana picked, then the note typed on in Who: "+ New person" for the sentence was the
    default, and one enter made someone of it, with the note filed under them."""
    people = app.notebook.people.count()
    async with app.run_test(size=SIZE) as pilot:
        await open_empty_note(app, pilot)
        dana = only(app.notebook, "Dana Nguyen")
        await pilot.press(*"dana", "enter", *"Met at cafe, she knows the hiring manager")
        await pilot.pause()
        assert not any("New person" in prompt for prompt in prompts(app))
        await pilot.press("enter", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NoteModal)
        assert picker(app).picked == [dana.id]
        assert picker(app).typed == "Met at cafe, she knows the hiring manager"
        assert field_error(app, "people") == (
            "that reads as a note, not a name: it goes in What happened"
        )
        # A long name can still be someone new.
        await pilot.press("ctrl+a", "ctrl+k", *"María del Carmen de la Fuente Rodríguez")
        await pilot.pause()
        assert prompts(app)[0] == '+ New person "María del Carmen de la Fuente Rodríguez"'
    assert reopen(demo_file).people.count() == people


async def test_text_left_in_who_by_tab_is_pointed_out_at_save_and_never_guessed(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        before = app.notebook.conversations.count()
        people = app.notebook.people.count()
        await open_empty_note(app, pilot)
        dana = only(app.notebook, "Dana Nguyen")
        await pilot.press(*"dana", "enter", *"just a thought", "tab")  # tab never picks
        assert modal(app).query_one("#when-input", Input).has_focus
        assert (picker(app).picked, picker(app).typed) == ([dana.id], "just a thought")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NoteModal)  # nothing saved, nobody created
        assert field_error(app, "people") == "pick someone or clear the text"
        assert picker(app).input.has_focus
        assert reopen(demo_file).conversations.count() == before
        assert reopen(demo_file).people.count() == people
        await pilot.press("backspace")  # the text is selected on focus: one key clears it
        assert field_error(app, "people") == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, NoteModal)
    saved = reopen(demo_file)
    assert saved.conversations.count() == before + 1
    assert saved.people.count() == people
    assert saved.conversations.timeline(dana.id or 0)[0].people == (dana.id,)


async def test_a_due_date_without_a_follow_up_shows_beside_due(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        before = app.notebook.conversations.count()
        await open_empty_note(app, pilot)
        await pilot.press(*"dana", "enter", "tab", "tab", "tab", *"Catch-up.")
        await pilot.press("tab", "tab", "tab", *"next mon", "ctrl+s")
        await pilot.pause()
        assert "follow-up" in field_error(app, "due")
        assert value(app, "#due-input") == "next mon"
        assert reopen(demo_file).conversations.count() == before
        await pilot.press("shift+tab", *"send the deck")  # the follow-up: the error goes
        assert field_error(app, "due") == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, NoteModal)

    saved = reopen(demo_file)
    dana = only(saved, "Dana Nguyen")
    (follow_up,) = [f for f in saved.follow_ups.open(dana.id) if f.text == "send the deck"]
    assert follow_up.due == date(2026, 11, 30)


async def test_a_bare_weekday_is_the_last_one_in_when_and_the_coming_one_in_due(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    """Typed on Wednesday 25 Nov: "fri" was Fri 20 Nov when it happened, Fri 27 Nov when due."""
    async with app.run_test(size=SIZE) as pilot:
        await open_empty_note(app, pilot)
        await pilot.press(*"dana", "enter", "tab", *"fri")  # When: "today" is replaced
        assert modal(app).field("when").hint == "Fri 20 Nov 2026"
        await pilot.press("tab", "tab", *"Catch-up.", "tab", "tab", *"send the deck")
        await pilot.press("tab", *"fri")  # Due
        assert modal(app).field("due").hint == "Fri 27 Nov 2026"
        assert "Fri 27 Nov 2026" in screen_text(app)  # shown beside the field
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, NoteModal)
        assert any("due Fri 27 Nov 2026" in n for n in notifications(app))

    saved = reopen(demo_file)
    dana = only(saved, "Dana Nguyen")
    (follow_up,) = [f for f in saved.follow_ups.open(dana.id) if f.text == "send the deck"]
    assert follow_up.due == date(2026, 11, 27)
    interaction = saved.conversations.timeline(dana.id or 0)[0]
    assert (interaction.when, interaction.summary) == (date(2026, 11, 20), "Catch-up.")


async def test_someone_forgotten_meanwhile_shows_beside_who(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        dana = only(app.notebook, "Dana Nguyen")
        app.action_note(dana.id or 0)
        await pilot.pause()
        modal(app).query_one("#summary-input", TextArea).focus()
        await pilot.press(*"Lunch.")
        app.notebook.people.forget(dana.id or 0)  # from elsewhere, while the note is open
        before = app.notebook.conversations.count()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "pick again" in field_error(app, "people")
        assert value(app, "#summary-input") == "Lunch."
        assert reopen(demo_file).conversations.count() == before


async def test_a_file_that_cannot_be_written_keeps_the_modal_open(
    demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    notebook = Notebook.open(demo_file, read_only=True, today=TODAY)
    app = NotebookApp(notebook, user_files=False)
    try:
        async with app.run_test(size=SIZE) as pilot:
            before = notebook.conversations.count()
            await open_empty_note(app, pilot)
            await pilot.press(*"dana", "enter", "tab", "tab", "tab", *"Hello.", "ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, NoteModal)
            assert any("read-only" in n.lower() for n in notifications(app)), notifications(app)
            assert value(app, "#summary-input") == "Hello."
            assert reopen(demo_file).conversations.count() == before
    finally:
        notebook.close()


# -- closing ----------------------------------------------------------------------------------


async def test_escape_with_text_asks_first(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        before = app.notebook.conversations.count()
        await open_empty_note(app, pilot)
        await pilot.press(*"dana", "enter", "tab", "tab", *"the park")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmModal)
        assert "Discard this note?" in screen_text(app)
        await pilot.press("n")  # keep editing
        assert value(app, "#place-input") == "the park"
        assert len(picker(app).picked) == 1
        await pilot.press("escape", "y")  # discard
        assert isinstance(app.screen, PeopleScreen)
        assert reopen(demo_file).conversations.count() == before


async def test_escape_closes_the_matches_before_asking(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_empty_note(app, pilot)
        await pilot.press(*"dan")
        assert prompts(app)
        await pilot.press("escape")  # the matches close; the note stays
        assert prompts(app) == [] and isinstance(app.screen, NoteModal)
        await pilot.press("escape")  # "dan" is typed: asks
        assert isinstance(app.screen, ConfirmModal)


async def test_escape_with_nothing_typed_closes_at_once(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(PersonScreen(only(app.notebook, "Dana Nguyen").id or 0))
        await pilot.pause()
        await pilot.press("n")  # prefilled with Dana: that is not something typed
        assert picker(app).picked
        await pilot.press("escape")
        assert isinstance(app.screen, PersonScreen)


async def test_moving_in_the_people_list_never_prefills_a_note(app: NotebookApp) -> None:
    """The same key does the same thing whether or not the list was touched: a name typed
    after `n` goes into Who, never under the highlighted person."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "n")
        assert picker(app).picked == []
        assert picker(app).input.has_focus
        await pilot.press(*"Sam Silva")
        assert picker(app).typed == "Sam Silva"
        assert value(app, "#summary-input") == ""


# -- prefilled from where you are --------------------------------------------------------------


async def test_note_from_the_person_screen_is_about_them(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        dana = only(app.notebook, "Dana Nguyen")
        app.push_screen(PersonScreen(dana.id or 0))
        await pilot.pause()
        assert app.screen.note_subject() == (dana.id,)
        app.action_note()  # what `n` runs there
        await pilot.pause()
        assert picker(app).picked == [dana.id]
        assert "Dana Nguyen" in screen_text(app)
        # Who is known, so typing starts in What happened.
        assert modal(app).query_one("#summary-input", TextArea).has_focus
        await pilot.press(*"Quick call about Fabrikam.", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)

    saved = reopen(demo_file)
    latest = saved.conversations.timeline(dana.id or 0)[0]
    assert (latest.when, latest.summary) == (TODAY, "Quick call about Fabrikam.")


async def test_note_with_several_people_given(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        dana = only(app.notebook, "Dana Nguyen")
        sam = only(app.notebook, "Sam Silva")
        # (Textual's action strings pass only one argument to *people, so call it directly.)
        app.action_note(dana.id or 0, sam.id or 0)
        await pilot.pause()
        assert picker(app).picked == [dana.id, sam.id]
        # Who is given, so typing starts in What happened; beside Who, how to change it.
        assert modal(app).query_one("#summary-input", TextArea).has_focus
        assert "backspace removes" in field_hint(app, "people")
        await pilot.press("shift+tab", "shift+tab", "shift+tab")  # What, Place, When, Who
        assert picker(app).input.has_focus
        await pilot.press("backspace")  # the last chip goes
        assert picker(app).picked == [dana.id]


@pytest.mark.parametrize("mode", ["4", "3"])
async def test_a_note_typed_at_once_from_reconnect_or_refer_is_never_a_name(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook], mode: str
) -> None:
    """Bumping into the highlighted person: `n`, the note and ctrl+s in one burst file the note
    under them, never under a new person named by the note's first words."""
    people = len(app.notebook.people.all())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(mode)
        if mode == "3":
            await pilot.press(*"acme robotics", "enter")
        await pilot.pause()
        (subject,) = app.screen.note_subject()
        await pilot.press("n", *"Great chat about roles", "enter", *"she will intro me", "ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, NoteModal), "the save")
    saved = reopen(demo_file)
    assert len(saved.people.all()) == people
    latest = saved.conversations.timeline(subject)[0]
    assert latest.people == (subject,)
    assert latest.summary == "Great chat about roles\nshe will intro me"


# -- user text is data -------------------------------------------------------------------------


async def test_names_that_look_like_markup_are_shown_literally(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    async with app.run_test(size=(160, 36)) as pilot:  # wide: journal columns show all
        await open_empty_note(app, pilot)
        for name in ("[@click=app.quit]x", "Eve [/]"):
            await pilot.press(*name)
            assert prompts(app)[0] == f'+ New person "{name}"'
            assert name in screen_text(app)
            await pilot.press("enter")
        assert "[@click=app.quit]x (new)" in screen_text(app)
        assert "Eve [/] (new)" in screen_text(app)
        await pilot.press("tab", "tab", *"[b]not bold[/b]", "tab", *"[red]x", "ctrl+s")
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, NoteModal)
        message = "Noted a conversation with [@click=app.quit]x (new) and Eve [/] (new) on"
        assert any(n.startswith(message) for n in notifications(app)), notifications(app)
        await pilot.press("escape", "2")  # leave People's search box; the Journal shows them
        await pilot.pause()
        text = screen_text(app)
        assert "[@click=app.quit]x, Eve [/]" in text
        assert "[b]not bold[/b]" in text and "[red]x" in text

    saved = reopen(demo_file)
    assert len(saved.people.find_by_name("[@click=app.quit]x")) == 1
    assert len(saved.people.find_by_name("Eve [/]")) == 1


# -- opening: focus straight to Who, no work done twice -----------------------------------------


class WatchedNote(NoteModal):
    """The note dialog, counting what opening it takes."""

    def __init__(self) -> None:
        super().__init__()
        self.focused_in_turn: list[Widget] = []
        self.layouts = 0

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.focused_in_turn.append(event.widget)

    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        self.layouts += 1
        super()._refresh_layout(size, scroll)


async def open_watched(app: NotebookApp, pilot: Pilot[None]) -> WatchedNote:
    await pilot.pause()
    note = WatchedNote()
    app.push_screen(note)
    await pilot.pause()
    assert app.screen is note
    return note


async def test_opening_focuses_who_and_nothing_before_it(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        note = await open_watched(app, pilot)
        # Not the scrolling dialog first (Textual's own first focus), then Who.
        assert note.focused_in_turn == [note.picker.input]


async def test_opening_styles_the_dialog_once_and_lays_it_out_no_more_than_textual_must(
    app: NotebookApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    restyled: list[DOMNode] = []
    update_styles = app.update_styles

    def restyle(node: DOMNode, animate: bool = True) -> None:
        restyled.append(node)
        update_styles(node, animate)

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        monkeypatch.setattr(app, "update_styles", restyle)
        note = await open_watched(app, pilot)
        dialog = note.query_one("#note-dialog")
        # Each widget was styled as it mounted; nothing restyled the dialog as a whole.
        assert not [node for node in restyled if node in (note, dialog)]
        # The resume's layout, and the one Textual makes once the widgets know their sizes; not
        # a third for the Resize the first one sends the screen at the size it has.
        assert note.layouts == 2


async def test_the_dialog_follows_the_terminal_when_it_is_resized(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        note = await open_watched(app, pilot)
        dialog = note.query_one("#note-dialog")
        assert dialog.outer_size.width == 112
        await pilot.resize_terminal(90, 30)
        # Laid out again on a later refresh: a busy machine may need more than one pause.
        await wait_until(pilot, lambda: dialog.outer_size.width == 90, "the dialog at 90 wide")
        assert dialog.outer_size.width == 90


# -- snapshots ---------------------------------------------------------------------------------


def test_note_modal_empty_snapshot(snap_compare: Callable[..., bool], app: NotebookApp) -> None:
    def open_note(pilot: Pilot[None]) -> None:
        pilot.app.push_screen(NoteModal())  # nobody in view: an empty note

    assert snap_compare(app, run_before=open_note, terminal_size=SIZE)


def test_note_modal_filled_with_matches_open_snapshot(
    snap_compare: Callable[..., bool], app: NotebookApp
) -> None:
    def open_note(pilot: Pilot[None]) -> None:
        pilot.app.push_screen(NoteModal())

    press = [
        *"dana",  # Who: fuzzy match
        "enter",  # pick Dana Nguyen
        "tab",  # to When ("today" selected)
        *"yesterday",  # replaces it
        "tab",  # to Where
        *"the bakery",
        "tab",  # to What happened
        *"She'll intro me to her manager.",
        "shift+tab",  # back up to Where
        "shift+tab",  # to When
        "shift+tab",  # to Who
        *"ma",  # the matches open over the fields below
    ]
    assert snap_compare(app, run_before=open_note, press=press, terminal_size=SIZE)


def test_note_modal_validation_error_snapshot(
    snap_compare: Callable[..., bool], app: NotebookApp
) -> None:
    def open_note(pilot: Pilot[None]) -> None:
        pilot.app.push_screen(NoteModal())

    press = [
        "tab",  # skip Who (nobody picked)
        *"blorp",  # When: not a date
        "tab",  # to Where
        *"the pier",
        "ctrl+s",  # save: errors beside Who and When, the text stays
    ]
    assert snap_compare(app, run_before=open_note, press=press, terminal_size=SIZE)


async def test_an_archived_persons_whole_name_picks_them_not_someone_close(
    app: NotebookApp,
) -> None:
    notebook = app.notebook
    anna = notebook.people.add(Person(name="Anna Quill"))
    notebook.people.archive(anna.id or 0)
    ana = notebook.people.add(Person(name="Ana Quill"))
    async with app.run_test(size=SIZE) as pilot:
        await open_empty_note(app, pilot)
        await pilot.press(*"Anna Quill")
        await pilot.pause()
        assert "Anna Quill · archived" in screen_text(app)  # offered first, and said to be
        await pilot.press("enter")
        assert picker(app).picked == [anna.id]
        assert "Anna Quill (archived)" in screen_text(app)  # the chip says so too
        await pilot.press(*"ana quill", "enter")  # the active one still answers to hers
        assert picker(app).picked == [anna.id, ana.id]


async def test_namesakes_are_told_apart_in_who_and_in_what_was_noted(app: NotebookApp) -> None:
    notebook = app.notebook
    acme = notebook.people.add(Person(name="Ravi Quill", company="Acme"))
    notebook.people.add(Person(name="Ravi Quill", company="Globex"))
    async with app.run_test(size=SIZE) as pilot:
        await open_empty_note(app, pilot)
        await pilot.press(*"Ravi Quill (Acme)", "enter")
        assert picker(app).picked == [acme.id]
        assert "Ravi Quill (Acme)" in screen_text(app)  # the chip says which
        await pilot.press("tab", "tab", "tab", *"hello", "ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, NoteModal), "the save")
        assert any("with Ravi Quill (Acme) on" in n for n in notifications(app))


@pytest.mark.parametrize(("size", "said"), [((80, 24), True), ((130, 40), False)])
async def test_a_dialog_taller_than_the_terminal_says_its_keys_on_its_edge(
    app: NotebookApp, size: tuple[int, int], said: bool
) -> None:
    async with app.run_test(size=size) as pilot:
        await pilot.press("n")
        await pilot.pause()
        edge = str(modal(app).query_one("#note-dialog").border_subtitle)
        assert (edge == "ctrl+s saves · esc closes") is said
        assert said or edge == ""
        if said:
            assert "ctrl+s saves · esc closes" in screen_text(app).splitlines()[-1]
