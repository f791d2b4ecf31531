"""The People screen: filter as you type, sort, open, move with vim keys."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets._toast import Toast

from notebook.app import NotebookApp
from notebook.modals.import_file import ImportModal
from notebook.records import Person
from notebook.screens.people import PeopleScreen
from notebook.screens.person import PersonScreen
from notebook.search import fold
from notebook.viewmodel import Notebook
from notebook.widgets.record_list import RecordList

from ..conftest import SIZE
from .helpers import palette_hits, screen_text, wait_until


def people_list(app: NotebookApp) -> RecordList[Person]:
    return app.screen.query_one("#people", RecordList)


async def test_starts_on_people_with_everyone_by_name(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)
        names = [p.name for p in people_list(app).items]
        assert len(names) == app.notebook.people.count()
        assert names == sorted(names, key=fold)


async def test_typing_filters_and_keeps_the_ranking(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")  # focus the search box
        await pilot.press(*"acme")
        shown = people_list(app).items
        assert shown and len(shown) < app.notebook.people.count()
        assert [p.id for p in shown] == [p.id for p in app.notebook.people.search("acme")]
        await pilot.press("escape")  # clear the search and go back to the list
        assert len(people_list(app).items) == app.notebook.people.count()
        assert people_list(app).has_focus


async def test_sort_cycles_name_last_contact_overdue(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        notebook = app.notebook
        await pilot.press("s")  # by last contact, most recent first
        contacts = [notebook.upkeep.last_contact(p.id or 0) for p in people_list(app).items]
        assert contacts == sorted(contacts, reverse=True)
        await pilot.press("s")  # by how overdue: the overdue first, most days first, as shown
        statuses = [notebook.upkeep.status(p.id or 0) for p in people_list(app).items]
        overdue = [s.kind == "overdue" for s in statuses]
        assert any(overdue) and overdue == sorted(overdue, reverse=True)
        days = [s.days_overdue for s in statuses if s.kind == "overdue"]
        assert days == sorted(days, reverse=True)
        await pilot.press("s")  # back to names
        names = [fold(p.name) for p in people_list(app).items]
        assert names == sorted(names)


async def test_vim_keys_move_and_enter_opens_the_person(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        listing = people_list(app)
        await pilot.press("j", "j", "k")  # down, down, up
        assert listing.cursor == 1
        await pilot.press("G")  # last row
        assert listing.cursor == len(listing.items) - 1
        await pilot.press("g")  # first row
        assert listing.cursor == 0
        await pilot.press("j", "enter")
        assert isinstance(app.screen, PersonScreen)
        assert app.screen.person_id == listing.items[1].id
        await pilot.press("escape")  # back to People
        assert isinstance(app.screen, PeopleScreen)


async def test_a_large_list_renders_only_what_is_visible(
    tmp_path: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    notebook = open_notebook(tmp_path / "many.json")
    with notebook.store.batch():
        for n in range(3000):
            notebook.people.add(Person(name=f"Person {n:04}"))
    app = NotebookApp(notebook, user_files=False)
    formatted: list[int] = []
    async with app.run_test(size=SIZE) as pilot:
        listing = people_list(app)
        column = listing.columns[0]
        listing.columns[0] = type(column)(
            column.title, lambda p: formatted.append(p.id or 0) or p.name, column.width
        )
        listing.refresh()
        await pilot.pause()
        assert 0 < len(set(formatted)) <= SIZE[1]
        await pilot.press("G")  # jump to the end: still only a screenful formatted
        await pilot.pause()
        assert len(set(formatted)) <= 2 * SIZE[1]
        assert listing.highlighted is not None and listing.highlighted.name == "Person 2999"


async def test_current_mode_key_is_greyed_out(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        assert app.check_action("switch_mode", ("people",)) is None
        assert app.check_action("switch_mode", ("journal",)) is True
        await pilot.press("2")  # to the Journal
        assert app.current_mode == "journal"
        assert app.check_action("switch_mode", ("people",)) is True
        assert app.check_action("switch_mode", ("journal",)) is None


def test_people_screen_snapshot(snap_compare: Callable[..., bool], app: NotebookApp) -> None:
    assert snap_compare(app, terminal_size=SIZE)


def test_people_filtered_snapshot(snap_compare: Callable[..., bool], app: NotebookApp) -> None:
    # "/" focuses the search box; "acme" filters to people linked to Acme Robotics.
    assert snap_compare(app, press=["slash", *"acme"], terminal_size=SIZE)


def test_people_sorted_by_overdue_snapshot(
    snap_compare: Callable[..., bool], app: NotebookApp
) -> None:
    # "s" twice: name → last contact → overdue.
    assert snap_compare(app, press=["s", "s"], terminal_size=SIZE)


@pytest.fixture
def empty_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_app: Callable[[Path], NotebookApp]
) -> NotebookApp:
    # The downloads folder is the user's: a home of its own makes it ~/Downloads everywhere.
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    return make_app(tmp_path / "new.json")


async def test_an_empty_notebook_welcomes_with_the_ways_in(empty_app: NotebookApp) -> None:
    app = empty_app
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Welcome to your networking notebook" in text
        assert "~/Downloads" in text and "notebook --demo" in text
        assert not people_list(app).display
        await pilot.press("i")  # the first way in works from here
        assert isinstance(app.screen, ImportModal)
        await pilot.press("escape", "4")
        assert "No one yet: people appear here when it is time to talk again" in screen_text(app)
        await pilot.press("1", "a", *"Dana Scully", "ctrl+s")
        await pilot.pause()
        await pilot.press("escape")  # from her page back to People: the list is back
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)
        assert people_list(app).display and "Welcome" not in screen_text(app)
        assert [p.name for p in people_list(app).items] == ["Dana Scully"]


@pytest.mark.parametrize("size", [(130, 40), (80, 24)], ids=["130x40", "80x24"])
def test_welcome_snapshot(
    snap_compare: Callable[..., bool], empty_app: NotebookApp, size: tuple[int, int]
) -> None:
    assert snap_compare(empty_app, terminal_size=size)


async def test_messages_do_not_cover_the_status_line(app: NotebookApp) -> None:
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        app.notify("Saved a note with Dana Scully and Fox Mulder", timeout=30)
        await wait_until(pilot, lambda: bool(app.screen.query(Toast)), "a toast")
        toast = app.screen.query_one(Toast)
        status = app.screen.query_one(".status-bar")
        assert toast.region and status.region
        assert not toast.region.overlaps(status.region)
        assert toast.region.bottom <= status.region.y


async def test_v_shows_the_archive_where_a_brings_someone_back(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    gone = app.notebook.people.all()[3]
    app.notebook.people.archive(gone.id or 0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert gone.name not in [p.name for p in people_list(app).items]
        assert "1 archived (v)" in screen_text(app)
        await pilot.press("slash", *gone.name.split()[0], "enter")
        assert gone.id not in [p.id for p in people_list(app).items]  # not among everyone
        await pilot.press("v")
        assert [p.id for p in people_list(app).items] == [gone.id]  # the search, archived
        await pilot.press("A")
        await pilot.pause()
        assert people_list(app).items == []
        await pilot.press("v")
        assert gone.id in [p.id for p in people_list(app).items]
    assert not reopen(demo_file).people.get(gone.id or 0).archived


async def test_the_palette_opens_the_archive(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await app.run_action("command_palette")
        await pilot.press(*"archived people")
        await palette_hits(pilot)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PeopleScreen) and screen.archived
        assert "v shows everyone else" in screen_text(app)
