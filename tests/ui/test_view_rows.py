"""Screens lay out the rows of views.py: each built once for a record drawn, built again after a
refresh, worded from the notebook's today at that refresh (never the day the screen was made)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from notebook.app import NotebookApp
from notebook.records import Person
from notebook.screens.follow_ups import FollowUpsScreen
from notebook.screens.people import PeopleScreen
from notebook.screens.person import PersonScreen
from notebook.viewmodel import Notebook
from notebook.widgets.record_list import Column, RecordList
from notebook.widgets.view_rows import RowsOf

from ..conftest import TODAY
from .helpers import screen_text

SIZE = (130, 40)


def test_a_row_is_built_once_per_record_until_forgotten() -> None:
    built: list[str] = []

    def build(person: Person) -> str:
        built.append(person.name)
        return person.name.upper()

    rows = RowsOf[Person, str](build)
    columns = rows.columns(
        [Column("Name", lambda row: row, width=9), Column("Again", lambda row: (row, "muted"))]
    )
    assert [(c.title, c.width) for c in columns] == [("Name", 9), ("Again", None)]
    ann, bob = Person(name="Ann"), Person(name="Bob")
    cells = [column.cell(p) for p in (ann, bob, ann) for column in columns]
    assert cells == ["ANN", ("ANN", "muted"), "BOB", ("BOB", "muted"), "ANN", ("ANN", "muted")]
    assert built == ["Ann", "Bob"]  # once each, not once per column or per drawing
    # An equal record that is another object (an edit that changed nothing) is its own row.
    assert rows(Person(name="Ann")) == "ANN" and built == ["Ann", "Bob", "Ann"]
    rows.forget()
    assert rows(ann) == "ANN" and built == ["Ann", "Bob", "Ann", "Ann"]


async def test_follow_ups_are_worded_from_today_at_each_refresh(
    tmp_path: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    notebook = open_notebook(tmp_path / "nb.json")
    ann = notebook.people.add(Person(name="Ann")).id or 0
    notebook.follow_ups.add([ann], "send the deck", due=TODAY + timedelta(days=1))
    app = NotebookApp(notebook, user_files=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        assert isinstance(app.screen, FollowUpsScreen)
        text = screen_text(app)
        assert f"{(TODAY + timedelta(days=1)).isoformat()} tomorrow" in text
        assert "overdue" not in text
        notebook._today = TODAY + timedelta(days=4)  # the screen was made days ago
        app.changed()
        await pilot.pause()
        text = screen_text(app)
        assert f"{(TODAY + timedelta(days=1)).isoformat()} overdue 3 days" in text
        assert "Open follow-ups: 1, 1 overdue" in text
        listing = app.screen.query_one("#followups", RecordList)
        assert [f.text for f in listing.items] == ["send the deck"]  # the list keeps records


def people_cells(app: NotebookApp) -> dict[str, tuple[str, ...]]:
    """The People list's cells for each person drawn, by name, as its columns lay them out."""
    listing: RecordList[Person] = app.screen.query_one("#people", RecordList)
    return {
        person.name: tuple(
            cell if isinstance(cell, str) else cell[0]
            for cell in (column.cell(person) for column in listing.columns)
        )
        for person in listing.items
    }


async def test_people_show_the_status_their_page_states_worded_from_today_at_each_refresh(
    tmp_path: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    notebook = open_notebook(tmp_path / "nb.json")
    ann = notebook.people.add(Person(name="Ann Archer", cadence_days=30)).id or 0
    bo = notebook.people.add(Person(name="Bo Brand")).id or 0  # never talked to: cold
    notebook.conversations.note([ann], when=TODAY - timedelta(days=25), summary="coffee")
    notebook.follow_ups.add([ann], "send the deck", due=TODAY + timedelta(days=1))
    app = NotebookApp(notebook, user_files=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)
        # 25 of 30 days: the list and the page say "due soon", by the one rule.
        cells = people_cells(app)
        assert cells["Ann Archer"] == ("Ann Archer", "", "3 weeks ago", "due soon", "")
        assert cells["Bo Brand"] == ("Bo Brand", "", "never talked", "", "")
        app.push_screen(PersonScreen(ann))
        await pilot.pause()
        assert "due soon" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        notebook._today = TODAY + timedelta(days=8)  # the list was drawn days ago
        app.changed()
        await pilot.pause()
        cells = people_cells(app)
        assert cells["Ann Archer"] == (
            "Ann Archer",
            "",
            "1 month ago",
            "overdue 3 days",
            "1 overdue",
        )
        text = screen_text(app)
        assert "overdue 3 days" in text and "1 overdue" in text
        listing = app.screen.query_one("#people", RecordList)
        assert [p.id for p in listing.items] == [ann, bo]  # the list keeps records
        app.push_screen(PersonScreen(ann))
        await pilot.pause()
        assert "overdue 3 days" in screen_text(app)
