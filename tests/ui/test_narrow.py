"""Every screen at 80x24 and 130x40: the column that carries a list's meaning (who, what was
said, what is owed) stays readable, lower columns give way first, and a person's page stacks
its panels instead of cutting its lists to a few characters."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from notebook.app import NotebookApp
from notebook.screens.person import PersonScreen
from notebook.widgets.record_list import MEANING, Column, RecordList, column_widths

NARROW = (80, 24)
WIDE = (130, 40)
SIZES = pytest.mark.parametrize("size", [WIDE, NARROW], ids=["130x40", "80x24"])


def test_columns_give_way_lowest_priority_first_and_meaning_never() -> None:
    columns: list[Column[str]] = [
        Column("Who", str, min_width=10, weight=1),
        Column("Extra", str, width=20, priority=1),
        Column("What", str, min_width=20, weight=3),
        Column("When", str, width=10, priority=2),
    ]
    assert column_widths(columns, 100) == [17, 20, 50, 10]  # 67 spare, shared 1:3
    # 60 cells cannot hold every minimum (10+20+20+10 and gaps): Extra goes first.
    assert column_widths(columns, 60) == [12, 0, 36, 10]
    # Narrower still, When goes too; Who and What stay however narrow it gets.
    assert column_widths(columns, 35) == [10, 0, 24, 0]
    widths = column_widths(columns, 12)
    assert widths[1] == widths[3] == 0 and widths[0] > 0
    kept = zip(columns, column_widths(columns, 5), strict=True)
    assert all(c.priority == MEANING for c, w in kept if w)


def test_spare_width_is_shared_by_weight_and_fills_the_line() -> None:
    columns: list[Column[str]] = [
        Column("A", str, min_width=5, weight=1),
        Column("B", str, min_width=5, weight=3),
        Column("C", str, width=7),
    ]
    for total in range(20, 140):
        widths = column_widths(columns, total)
        assert sum(widths) + 2 == total
        assert widths[1] >= widths[0]


def shown(app: NotebookApp, list_id: str) -> dict[str, int]:
    return dict(app.screen.query_one(f"#{list_id}", RecordList).shown_columns())


async def _at(app: NotebookApp, pilot: Pilot[None], *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


async def test_meaning_columns_stay_readable_at_80_columns(app: NotebookApp) -> None:
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        people = shown(app, "people")
        assert people["Name"] >= 18 and people["Title @ company"] >= 20
        assert "Status" in people and "Last talked" in people
        await _at(app, pilot, "2")
        assert shown(app, "journal")["What happened"] >= 30
        await _at(app, pilot, "4")
        reconnect = shown(app, "reconnect")
        assert reconnect["Last talked about"] >= 20 and "Overdue" in reconnect
        await _at(app, pilot, "5")
        follow_ups = shown(app, "followups")
        assert follow_ups["What"] >= 24 and follow_ups["Who"] >= 14 and "Owed by" in follow_ups
        await _at(app, pilot, "1", "enter")
        assert isinstance(app.screen, PersonScreen) and app.screen.has_class("-narrow")
        assert shown(app, "timeline")["What · who else was there"] >= 30
        assert shown(app, "ties")["Knows"] >= 16
        assert shown(app, "follow-ups")["What"] >= 30


async def test_a_person_page_goes_side_by_side_when_wide(app: NotebookApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await _at(app, pilot, "enter")
        assert isinstance(app.screen, PersonScreen) and not app.screen.has_class("-narrow")
        await pilot.resize_terminal(*NARROW)
        await pilot.pause()
        assert app.screen.has_class("-narrow")


SCREENS: dict[str, list[str]] = {
    "people": [],
    "person": ["down", "down", "enter"],
    "journal": ["2"],
    "refer": ["3", *"acme robotics", "enter"],
    "reconnect": ["4"],
    "follow_ups": ["5"],
    "help": ["question_mark"],
}


@SIZES
@pytest.mark.parametrize("screen", SCREENS)
def test_screen_snapshots(
    snap_compare: Callable[..., bool], app: NotebookApp, screen: str, size: tuple[int, int]
) -> None:
    assert snap_compare(app, press=SCREENS[screen], terminal_size=size)


async def test_help_lists_search_only_where_there_is_a_box_and_ids_only_where_they_fit(
    app: NotebookApp,
) -> None:
    from notebook.screens.help import HelpScreen

    async with app.run_test(size=NARROW) as pilot:
        await _at(app, pilot, "question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert "Search this screen" in [what for _, what, _ in help_screen.rows]
        assert not help_screen.ids_shown  # 80 columns: no id wrapped onto a line of its own
        await _at(app, pilot, "escape", "enter", "question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        whats = [what for _, what, _ in help_screen.rows]
        assert "Search this screen" not in whats  # a person's page has no search box
        assert "Note a conversation" in " ".join(whats) or any("note" in w.lower() for w in whats)
        await pilot.press("escape")
        await pilot.resize_terminal(*WIDE)
        await _at(app, pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen) and app.screen.ids_shown


PERSON = ["down", "down", "enter"]  # Astrid Nguyen's page
DIALOGS: dict[str, list[str]] = {
    "note": ["n"],
    "capture": ["colon"],
    "add_person": ["a"],
    "import": ["i"],
    "edit_person": [*PERSON, "e"],
    "tie": [*PERSON, "t"],
    "follow_up": [*PERSON, "f"],
    "cadence": [*PERSON, "c"],
    "snooze": [*PERSON, "s"],
    "prep": [*PERSON, "p"],
    "archive": [*PERSON, "A"],
    "forget": [*PERSON, "D"],
    "ask": ["3", *"acme robotics", "enter", "r"],
    "reschedule": ["5", "greater_than_sign"],
}


@SIZES
@pytest.mark.parametrize("dialog", DIALOGS)
def test_dialog_snapshots(
    snap_compare: Callable[..., bool],
    app: NotebookApp,
    dialog: str,
    size: tuple[int, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The import dialog starts in the user's downloads: a home of its own makes it ~/Downloads.
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    assert snap_compare(app, press=DIALOGS[dialog], terminal_size=size)
