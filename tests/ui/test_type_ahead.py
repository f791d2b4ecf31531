"""Keys typed ahead, in one burst, land where they would have landed typed slowly: never on the
screen underneath, never in the field a tab was leaving, never under someone else's name."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import ClassVar

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Input, TextArea
from textual.widgets.text_area import Location

from notebook.app import NotebookApp
from notebook.demo import LARGE, build
from notebook.modals.confirm import DidYouMeanModal
from notebook.modals.note import NoteModal
from notebook.screens.people import PeopleScreen
from notebook.screens.person import PersonScreen
from notebook.viewmodel import Notebook
from notebook.widgets.type_ahead import KeyQueue, KeysReady

from ..conftest import SIZE, TODAY
from .burst import burst, key_events, keys_of, settle
from .helpers import wait_until


def not_a_dialog(app: NotebookApp) -> bool:
    return not isinstance(app.screen, NoteModal)


def only(notebook: Notebook, name: str) -> int:
    (person,) = notebook.people.find_by_name(name)
    return person.id or 0


async def test_a_whole_note_in_one_burst_lands_in_its_fields(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        dana = only(app.notebook, "Dana Nguyen")
        people = app.notebook.people.count()
        await burst(
            pilot,
            "<n>", "Dana Nguyen", "<enter>", "<tab>", "yesterday", "<tab>", "the bakery",
            "<tab>", "Ran into her; she'll intro me", "<ctrl+s>",
        )  # fmt: skip
        await settle(pilot, not_a_dialog)
        assert isinstance(app.screen, PeopleScreen)
        assert app.screen.order == "name"  # no letter reached the list's own keys
    saved = reopen(demo_file)
    assert saved.people.count() == people  # nobody made up from stray letters
    latest = saved.conversations.timeline(dana)[0]
    assert latest.people == (dana,)
    assert (latest.when, latest.place) == (TODAY - timedelta(days=1), "the bakery")
    assert latest.summary == "Ran into her; she'll intro me"


async def test_keys_typed_before_a_did_you_mean_question_never_answer_it(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    """The question comes unasked in the middle of a burst: the "y" of "yesterday" picked
    Dana Nguyen over the new person chosen on purpose. Keys typed before it was up go, with a
    bell; a key typed once it is there answers it."""
    async with app.run_test(size=SIZE) as pilot:
        dana = only(app.notebook, "Dana Nguyen")
        await burst(
            pilot, "<n>", "Dana Ngyuen", "<down>", "<enter>", "<tab>", "yesterday", "<tab>", "cafe"
        )
        await settle(pilot, lambda a: isinstance(a.screen, DidYouMeanModal))
        await pilot.pause(0.1)
        assert isinstance(app.screen, DidYouMeanModal)  # still asking, nothing answered
        note = app.screen_stack[-2]
        assert isinstance(note, NoteModal)
        assert note.picker.picked == []
        await pilot.press("y")
        await settle(pilot, lambda a: isinstance(a.screen, NoteModal))
        assert note.picker.picked == [dana]
        await burst(pilot, "<ctrl+s>")
        await settle(pilot, not_a_dialog)
    latest = reopen(demo_file).conversations.timeline(dana)[0]
    assert (latest.people, latest.when) == ((dana,), TODAY)


async def test_letters_right_after_n_never_reach_the_screen_underneath(
    app: NotebookApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        # On the People screen `s` sorts and `a` adds a person.
        await burst(pilot, "<n>", "sam as")
        await settle(pilot, lambda a: isinstance(a.screen, NoteModal))
        modal = app.screen
        assert isinstance(modal, NoteModal)
        assert modal.picker.typed == "sam as"
        assert len(app.screen_stack) == 2  # the People screen and this dialog, nothing else
        people = app.screen_stack[0]
        assert isinstance(people, PeopleScreen) and people.order == "name"


async def test_keys_wait_for_a_dialog_that_is_slow_to_open(
    app: NotebookApp,
    demo_file: Path,
    reopen: Callable[[Path], Notebook],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """However slow the machine: the keys after `n` wait for the dialog's first field."""
    mounted = NoteModal.on_mount

    async def slow_mount(self: NoteModal) -> None:
        await asyncio.sleep(0.3)
        mounted(self)

    monkeypatch.setattr(NoteModal, "on_mount", slow_mount)
    async with app.run_test(size=SIZE) as pilot:
        dana = only(app.notebook, "Dana Nguyen")
        app.push_screen(PersonScreen(dana))
        await pilot.pause()
        # On Dana's page typing starts in What happened; `e` there would edit Dana.
        await burst(pilot, "<n>", "Quick call about the team", "<ctrl+s>")
        await settle(pilot, lambda a: isinstance(a.screen, PersonScreen))
    latest = reopen(demo_file).conversations.timeline(dana)[0]
    assert (latest.people, latest.summary) == ((dana,), "Quick call about the team")


async def test_two_notes_back_to_back_in_one_burst(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        dana = only(app.notebook, "Dana Nguyen")
        sam = only(app.notebook, "Sam Silva")
        await burst(
            pilot,
            "<n>", "Dana Nguyen", "<enter>", "<tab>", "<tab>", "<tab>", "first", "<ctrl+s>",
            "<n>", "Sam Silva", "<enter>", "<tab>", "<tab>", "<tab>", "second", "<ctrl+s>",
        )  # fmt: skip
        await settle(pilot, lambda a: isinstance(a.screen, PeopleScreen))
    saved = reopen(demo_file)
    assert saved.conversations.timeline(dana)[0].summary == "first"
    assert saved.conversations.timeline(sam)[0].summary == "second"


@pytest.fixture(scope="module")
def large_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("large") / "large.json", LARGE, today=TODAY)


@pytest.mark.long
async def test_a_burst_on_a_30000_person_notebook(
    large_file: Path,
    make_app: Callable[[Path], NotebookApp],
    reopen: Callable[[Path], Notebook],
) -> None:
    app = make_app(large_file)
    async with app.run_test(size=SIZE) as pilot:
        names = Counter(p.name for p in app.notebook.people.all())
        someone = next(p for p in app.notebook.people.all()[1234:] if names[p.name] == 1)
        await burst(
            pilot,
            "<n>", someone.name, "<enter>", "<tab>", "2 days ago", "<tab>", "a conference",
            "<tab>", "Talked about the platform team", "<ctrl+s>",
        )  # fmt: skip
        await settle(pilot, not_a_dialog, seconds=60)
    latest = reopen(large_file).conversations.timeline(someone.id or 0)[0]
    assert latest.people == (someone.id,)
    assert (latest.when, latest.place) == (TODAY - timedelta(days=2), "a conference")
    assert latest.summary == "Talked about the platform team"


# -- the mechanism on its own, in the smallest app that shows the problem ---------------------


class TwoFields(ModalScreen[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="first")
        yield Input(id="second")


class Plain(App[None]):
    """`n` opens a dialog of two fields and `a` is a command of the screen underneath: in
    stock Textual the burst `n maria<tab>bakery` runs `a` underneath and scrambles the
    fields."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "open", "Open"),
        Binding("a", "stray", "A command underneath"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.keys = KeyQueue(self)
        self.strays = 0

    def action_open(self) -> None:
        self.push_screen(TwoFields())

    def action_stray(self) -> None:
        self.strays += 1

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            await self.keys.take(event)
            return
        await super().on_event(event)

    async def on_keys_ready(self, message: KeysReady) -> None:
        await self.keys.next_turn(message.turn)


async def test_the_queue_keeps_a_burst_in_order_across_a_focus_change() -> None:
    app = Plain()
    async with app.run_test() as pilot:
        for event in key_events(keys_of("<n>", "maria", "<tab>", "bakery")):
            event.set_sender(app)
            app.post_message(event)
        for _ in range(200):
            await pilot.pause(0.01)
            if not app.keys.waiting and app._message_queue.empty():
                break
        dialog = app.screen
        assert isinstance(dialog, TwoFields)
        assert dialog.query_one("#first", Input).value == "maria"
        assert dialog.query_one("#second", Input).value == "bakery"
        assert app.strays == 0


async def test_enter_moves_on_before_the_next_key_in_a_burst(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    """Enter in a one-line field moves on through the form's Submitted handler, several
    message hops later than the key: the next letters must still land in the next field."""
    async with app.run_test(size=SIZE) as pilot:
        hugo = only(app.notebook, "Hugo Rossi")
        await burst(
            pilot,
            "<n>", "Hugo Rossi", "<enter>", "<tab>", "yesterday", "<enter>", "the library",
            "<enter>", "Lent me a book", "<ctrl+s>",
        )  # fmt: skip
        await settle(pilot, not_a_dialog)
    latest = reopen(demo_file).conversations.timeline(hugo)[0]
    assert (latest.when, latest.place) == (TODAY - timedelta(days=1), "the library")
    assert latest.summary == "Lent me a book"


async def test_a_mode_key_on_a_persons_page_goes_back_to_that_mode(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    """`1` on a page opened from People shows the People list, so a note typed next in the
    same burst starts with nobody, never with the person whose page it was."""
    async with app.run_test(size=SIZE) as pilot:
        beatriz = only(app.notebook, "Beatriz Romero")
        dana = only(app.notebook, "Dana Nguyen")
        app.push_screen(PersonScreen(beatriz))
        await pilot.pause()
        before = len(reopen(demo_file).conversations.timeline(beatriz))
        await burst(
            pilot,
            "<1>", "<n>", "Dana Nguyen", "<enter>", "<tab>", "<tab>", "<tab>", "about Fabrikam",
            "<ctrl+s>",
        )  # fmt: skip
        await settle(pilot, lambda a: isinstance(a.screen, PeopleScreen))
    saved = reopen(demo_file)
    assert len(saved.conversations.timeline(beatriz)) == before
    assert saved.conversations.timeline(dana)[0].summary == "about Fabrikam"


class Counting(Plain):
    """ctrl+x is a priority binding: it acts even while a field has focus (a printable key
    cannot be one there: Textual leaves printable keys to a focused field)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *Plain.BINDINGS,
        Binding("ctrl+x", "shout", "Shout", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.changes: list[str] = []
        self.shouts: list[str] = []

    def on_input_changed(self, event: Input.Changed) -> None:
        self.changes.append(event.value)

    def action_shout(self) -> None:
        field = self.screen.query_one("#first", Input)
        self.shouts.append(field.value)


async def drained(app: App[None], pilot: object) -> None:
    """Every key handled: nothing waits, and the app stays quiet for a few polls in a row (a
    key being handled has left the queue already)."""
    quiet = 0
    for _ in range(1000):
        await pilot.pause(0.01)  # type: ignore[attr-defined]
        idle = not app.keys.waiting and app._message_queue.empty()  # type: ignore[attr-defined]
        quiet = quiet + 1 if idle else 0
        if quiet >= 5:
            return


async def test_letters_of_a_burst_go_into_a_field_as_one_change() -> None:
    """A list filtering on the field works out the final query, not one per letter; a
    priority key in the middle still acts where it was typed."""
    app = Counting()
    async with app.run_test() as pilot:
        await pilot.press("n")
        await drained(app, pilot)
        app.changes.clear()
        for event in key_events(keys_of("maria", "<ctrl+x>", "bakery", "<tab>", "xy")):
            event.set_sender(app)
            app.post_message(event)
        await drained(app, pilot)
        # The field's last Changed still bubbles up to the app after the keys are all handled.
        await wait_until(
            pilot, lambda: app.changes[-1:] == ["xy"], "the last change reaches the app"
        )
        dialog = app.screen
        assert dialog.query_one("#first", Input).value == "mariabakery"
        assert dialog.query_one("#second", Input).value == "xy"
        assert app.shouts == ["maria"]  # the priority key acted between the two words
        assert app.changes == ["maria", "mariabakery", "xy"]


async def test_a_burst_into_the_people_search_filters_once(demo_file: Path) -> None:
    notebook = Notebook.open(demo_file, today=TODAY)
    app = NotebookApp(notebook, user_files=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        screen = app.screen
        assert isinstance(screen, PeopleScreen)
        queries: list[str] = []
        real = notebook.people.listing

        def counted(query: str = "", *args: object, **kwargs: object) -> object:
            queries.append(query)
            return real(query, *args, **kwargs)  # type: ignore[arg-type]

        notebook.people.listing = counted  # type: ignore[method-assign]
        await burst(pilot, "hannah")
        await settle(pilot, lambda app: bool(queries))
        assert queries == ["hannah"]
        assert [p.name for p in app.screen.query_one("#people").items] == [  # type: ignore[attr-defined]
            p.name for p in real("hannah")
        ]
    notebook.close()


async def test_a_burst_into_a_note_goes_in_by_runs_of_letters(demo_file: Path) -> None:
    """A long note typed at once is wrapped again once per run of letters, not per letter."""
    notebook = Notebook.open(demo_file, today=TODAY)
    app = NotebookApp(notebook, user_files=False)
    (dana,) = notebook.people.find_by_name("Dana Nguyen")
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(PersonScreen(dana.id or 0))
        await pilot.pause()
        await pilot.press("n")  # Who is Dana: typing starts in What happened
        area = app.screen.query_one("#summary-input", TextArea)
        assert area.has_focus
        edits: list[str] = []
        replace = area._replace_via_keyboard

        def counted(text: str, start: Location, end: Location) -> object:
            edits.append(text)
            return replace(text, start, end)

        area._replace_via_keyboard = counted  # type: ignore[method-assign]
        long = "we talked about the platform team and her move to Fabrikam " * 30
        await burst(pilot, long, "<enter>", "second line")
        await settle(pilot, lambda app: area.text.endswith("second line"))
        assert area.text == long + "\nsecond line"
        assert 3 <= len(edits) < 10  # the letters before enter, the enter, the letters after
    notebook.close()
