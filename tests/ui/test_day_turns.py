"""Today turns over at midnight while the app runs: the app looks at the date just after
midnight (and at least once a minute), and every screen redraws as of the new day. A notebook
whose day is pinned (NOTEBOOK_TODAY, the tests) stays on it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from notebook import dates
from notebook.app import DAY_CHECK_SECONDS, NotebookApp, day_check_delay, seconds_to_midnight
from notebook.records import Person
from notebook.screens.follow_ups import FollowUpsScreen
from notebook.screens.people import PeopleScreen
from notebook.viewmodel import Notebook

from ..conftest import SIZE, TODAY
from .helpers import screen_text, wait_until

TOMORROW = TODAY + timedelta(days=1)


class Clock:
    """The wall clock, moved by the test: the app times its next look at the date by `now`,
    and a notebook whose day is not pinned reads its today through `today` (put in place of
    dates.today, the one function that reads the clock)."""

    def __init__(self, at: datetime) -> None:
        self.at = at
        self.reads = 0

    def now(self) -> datetime:
        self.reads += 1
        return self.at

    def today(self) -> date:
        return self.at.date()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """A moment before midnight."""
    clock = Clock(datetime.combine(TODAY, time(23, 59, 59, 800_000)))
    monkeypatch.setattr(dates, "today", clock.today)
    return clock


def with_a_follow_up_due_today(notebook: Notebook) -> None:
    ann = notebook.people.add(Person(name="Ann Archer")).id or 0
    notebook.follow_ups.add([ann], "send the deck", due=TODAY)


def test_the_next_look_at_the_date_is_just_past_midnight_or_within_a_minute() -> None:
    assert seconds_to_midnight(datetime(2026, 11, 25, 23, 59, 30)) == 30.0
    assert seconds_to_midnight(datetime(2026, 12, 31, 23, 59, 59, 500_000)) == 0.5
    assert seconds_to_midnight(datetime(2026, 11, 25, 0, 0)) == 24 * 3600
    assert day_check_delay(datetime(2026, 11, 25, 23, 59, 30)) == 30.5
    assert day_check_delay(datetime(2026, 11, 25, 12, 0)) == DAY_CHECK_SECONDS


async def test_after_midnight_every_screen_shows_the_new_day(
    tmp_path: Path, clock: Clock, opened: list[Notebook], open_notebook: object
) -> None:
    # Not pinned: the notebook's today is the clock's, read whenever it is asked.
    notebook = Notebook.open(tmp_path / "nb.json")
    opened.append(notebook)
    with_a_follow_up_due_today(notebook)
    app = NotebookApp(notebook, user_files=False, clock=clock.now)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        assert isinstance(app.screen, FollowUpsScreen)
        assert f"{TODAY.isoformat()} today" in screen_text(app)
        seen = app.revision
        clock.at = datetime.combine(TOMORROW, time(0, 0, 1))
        reads = clock.reads
        await wait_until(pilot, lambda: app.revision > seen, "the screens told of a new day")
        assert clock.reads > reads  # and the next look is timed, from the new day's clock
        text = screen_text(app)
        assert f"{TODAY.isoformat()} overdue 1 day" in text
        assert "Open follow-ups: 1, 1 overdue" in text
        await pilot.press("1")  # People, drawn yesterday, redraws as it is shown
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)
        assert "1 overdue" in screen_text(app)


async def test_a_pinned_day_stays_and_nothing_is_redrawn_for_it(
    tmp_path: Path, clock: Clock, open_notebook: Callable[[Path], Notebook]
) -> None:
    notebook = open_notebook(tmp_path / "nb.json")  # pinned to TODAY, as NOTEBOOK_TODAY does
    with_a_follow_up_due_today(notebook)
    app = NotebookApp(notebook, user_files=False, clock=clock.now)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        seen = app.revision
        reads = clock.reads
        clock.at = datetime.combine(TOMORROW, time(0, 0, 1))
        # The app looked (and timed its next look, reading the clock again) …
        await wait_until(pilot, lambda: clock.reads > reads, "a look at the date")
        # … and found the notebook's day where it was.
        assert app.revision == seen
        assert notebook.today == TODAY
        assert f"{TODAY.isoformat()} today" in screen_text(app)
