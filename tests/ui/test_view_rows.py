"""Screens lay out the rows of views.py: each built once for a record drawn, built again after a
refresh, worded from the notebook's today at that refresh (never the day the screen was made)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from notebook.app import NotebookApp
from notebook.records import Person
from notebook.screens.follow_ups import FollowUpsScreen
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
