"""The one-line capture: `:` from anywhere, a sentence, enter. What it will save is shown as
it is typed, and a name that is nobody or could be several is never guessed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from notebook.app import NotebookApp
from notebook.modals.capture import CaptureModal, read_line
from notebook.modals.confirm import ConfirmModal
from notebook.records import Person
from notebook.screens.people import PeopleScreen
from notebook.viewmodel import NewPerson, Notebook

from ..conftest import SIZE, TODAY
from .burst import burst, settle
from .helpers import screen_text

MARIA = "Maria Quill (new) at the bakery yesterday: she'll intro me to her manager"
FOLLOW_UP = "; todo send resume next mon"
NEXT_MONDAY = date(2026, 11, 30)  # TODAY is Wed 25 Nov 2026


def only(notebook: Notebook, name: str) -> int:
    (person,) = notebook.people.find_by_name(name)
    return person.id or 0


def preview(app: NotebookApp) -> str:
    modal = app.screen
    assert isinstance(modal, CaptureModal)
    return str(modal.query_one("#capture-preview", Static).render())


async def test_the_maria_scenario_is_two_keys_beyond_the_words(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    keys_beyond_words = ["colon", "enter"]
    async with app.run_test(size=SIZE) as pilot:
        people = app.notebook.people.count()
        await pilot.press(keys_beyond_words[0])
        assert isinstance(app.screen, CaptureModal)
        await pilot.press(*(MARIA + FOLLOW_UP))
        shown = preview(app)
        for part in ("Maria Quill (new)", "Tue 24 Nov 2026", "the bakery", "send resume"):
            assert part in shown
        assert "Mon 30 Nov 2026" in shown  # "next mon": the coming Monday
        await pilot.press(keys_beyond_words[1])
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)
    assert len(keys_beyond_words) <= 3
    saved = reopen(demo_file)
    assert saved.people.count() == people + 1
    maria = only(saved, "Maria Quill")
    (talk,) = saved.conversations.timeline(maria)
    assert (talk.when, talk.place) == (TODAY - timedelta(days=1), "the bakery")
    assert talk.summary == "she'll intro me to her manager"
    (follow_up,) = saved.follow_ups.open(maria)
    assert (follow_up.text, follow_up.due, follow_up.by) == ("send resume", NEXT_MONDAY, "me")


async def test_a_typo_is_never_a_new_person(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        people = app.notebook.people.count()
        before = demo_file.read_bytes()
        await pilot.press("colon", *"Dnaa yesterday: coffee", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CaptureModal)  # still open, the line as typed
        assert app.screen.line.value == "Dnaa yesterday: coffee"
        assert "nobody called 'Dnaa'; did you mean Dana Nguyen (Fabrikam)?" in preview(app)
        assert demo_file.read_bytes() == before
        # Mend the name and save.
        await pilot.press("home", *"Dana Nguyen ", *["delete"] * 5, "enter")
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)
    saved = reopen(demo_file)
    assert saved.people.count() == people
    assert saved.conversations.timeline(only(saved, "Dana Nguyen"))[0].summary == "coffee"


async def test_a_line_sent_in_one_burst(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "<colon>", "Sam Silva at the gym: talked about Fabrikam", "<enter>")
        await settle(pilot, lambda a: isinstance(a.screen, PeopleScreen))
    saved = reopen(demo_file)
    talk = saved.conversations.timeline(only(saved, "Sam Silva"))[0]
    assert (talk.place, talk.summary, talk.when) == ("the gym", "talked about Fabrikam", TODAY)


async def test_markup_and_escapes_in_the_line_are_plain_text(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("colon", *"Eve [b]x[/b] (new): [link=file:///x]y[/link]")
        text = screen_text(app)
        assert "Eve [b]x[/b] (new)" in text
        assert "[link=file:///x]y[/link]" in text


def test_read_line_resolves_names_by_the_one_rule(demo_file: Path) -> None:
    notebook = Notebook.open(demo_file, read_only=True, today=TODAY)
    try:
        dana = only(notebook, "Dana Nguyen")
        found = read_line(notebook, "Dana Nguyen and Zed Newman (new): hello")
        assert found.who == (dana, NewPerson("Zed Newman")) and found.problem == ""
        assert (
            "could be" in read_line(notebook, "Dana: hi").problem
            or dana in read_line(notebook, "Dana: hi").who
        )
        assert read_line(notebook, "no colon here").problem.startswith("say who first")
        assert read_line(notebook, "").problem == ""
    finally:
        notebook.close()


def test_capture_snapshot(snap_compare: Callable[..., bool], app: NotebookApp) -> None:
    def open_capture(pilot: Pilot[None]) -> None:
        pilot.app.action_capture()

    press = [*(MARIA + FOLLOW_UP)]
    assert snap_compare(app, run_before=open_capture, press=press, terminal_size=SIZE)


def test_capture_snapshot_80x24(snap_compare: Callable[..., bool], app: NotebookApp) -> None:
    def open_capture(pilot: Pilot[None]) -> None:
        pilot.app.action_capture()

    press = [*"Dnaa yesterday: coffee"]
    assert snap_compare(app, run_before=open_capture, press=press, terminal_size=(80, 24))


async def test_escape_asks_before_a_typed_line_is_lost(app: NotebookApp, demo_file: Path) -> None:
    line = "Sam Silva at the gym: talked about Fabrikam"
    async with app.run_test(size=SIZE) as pilot:
        before = demo_file.read_bytes()
        await burst(pilot, "<colon>", line, "<escape>")
        await settle(pilot, lambda a: isinstance(a.screen, ConfirmModal))
        await pilot.press("escape")  # keep editing
        await settle(pilot, lambda a: isinstance(a.screen, CaptureModal))
        assert isinstance(app.screen, CaptureModal)
        assert app.screen.line.value == line
        await pilot.press("escape")
        await settle(pilot, lambda a: isinstance(a.screen, ConfirmModal))
        await pilot.press("y")  # discard
        await settle(pilot, lambda a: isinstance(a.screen, PeopleScreen))
        assert demo_file.read_bytes() == before


async def test_escape_on_an_empty_line_closes_at_once(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("colon", *"  ", "escape")
        await settle(pilot, lambda a: isinstance(a.screen, PeopleScreen))
        assert isinstance(app.screen, PeopleScreen)


async def test_new_with_a_name_already_here_saves_only_on_a_second_enter(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        before = demo_file.read_bytes()
        await burst(pilot, "<colon>", "Sam Silva (new): met at the gym", "<enter>")
        await settle(pilot, lambda a: "already in the notebook" in preview(a))
        assert isinstance(app.screen, CaptureModal)
        assert "Sam Silva (Sam Silva" not in preview(app)  # the name is said once
        assert ") is already in the notebook: leave out" in preview(app)
        assert demo_file.read_bytes() == before
        await pilot.press("enter")  # the same line again: a second Sam Silva, as asked
        await settle(pilot, lambda a: isinstance(a.screen, PeopleScreen))
    assert len(reopen(demo_file).people.find_by_name("Sam Silva")) == 2


async def test_a_changed_line_asks_again_before_adding_a_namesake(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "<colon>", "Sam Silva (new): met", "<enter>")
        await settle(pilot, lambda a: "already in the notebook" in preview(a))
        await pilot.press(*" again", "enter")  # not the line confirmed: asked again
        await settle(pilot, lambda a: "already in the notebook" in preview(a))
        assert isinstance(app.screen, CaptureModal)
        assert len(app.notebook.people.find_by_name("Sam Silva")) == 1


def test_read_line_takes_a_namesake_told_apart_in_brackets(demo_file: Path) -> None:
    notebook = Notebook.open(demo_file, today=TODAY)
    try:
        (sam,) = notebook.people.find_by_name("Sam Silva")
        other = notebook.people.add(Person(name="Sam Silva", company="Globex"))
        ambiguous = read_line(notebook, "Sam Silva: hi").problem
        assert "could be several people" in ambiguous and "Sam Silva (Globex)" in ambiguous
        assert read_line(notebook, "Sam Silva (Globex): hi").who == (other.id,)
        assert read_line(notebook, f"Sam Silva ({sam.company}): hi").who == (sam.id,)
    finally:
        notebook.close()


def test_read_line_means_someone_archived_only_when_nobody_active_has_the_name(
    demo_file: Path,
) -> None:
    notebook = Notebook.open(demo_file, today=TODAY)
    try:
        anna = notebook.people.add(Person(name="Anna Quill"))
        notebook.people.archive(anna.id or 0)
        ana = notebook.people.add(Person(name="Ana Quill"))
        assert read_line(notebook, "Anna Quill: met again").who == (anna.id,)
        assert read_line(notebook, "Ana Quill: hi").who == (ana.id,)
    finally:
        notebook.close()
