"""The day a notebook opened by the `notebook` command answers for: a shell command, the day it
began; the app, which runs past midnight, the real day whenever it asks; either, the day
NOTEBOOK_TODAY pins."""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from pathlib import Path

import pytest

from notebook import dates
from notebook.cli import open_notebook

from .conftest import TODAY

TOMORROW = TODAY + timedelta(days=1)


class Calendar:
    """The real day, turned by the test (in place of dates.today, which reads the clock)."""

    def __init__(self, day: date) -> None:
        self.day = day

    def today(self) -> date:
        return self.day


@pytest.fixture
def calendar(monkeypatch: pytest.MonkeyPatch) -> Calendar:
    calendar = Calendar(TODAY)
    monkeypatch.setattr(dates, "today", calendar.today)
    return calendar


def args_for(path: Path) -> argparse.Namespace:
    return argparse.Namespace(db=str(path), demo=False, read_only=False)


def test_the_app_s_notebook_follows_the_real_day(tmp_path: Path, calendar: Calendar) -> None:
    notebook = open_notebook(args_for(tmp_path / "nb.json"), follow_the_day=True)
    try:
        assert notebook.today == TODAY
        calendar.day = TOMORROW
        assert notebook.today == TOMORROW
    finally:
        notebook.close()


def test_a_shell_command_answers_for_the_day_it_began(tmp_path: Path, calendar: Calendar) -> None:
    notebook = open_notebook(args_for(tmp_path / "nb.json"))
    try:
        calendar.day = TOMORROW
        assert notebook.today == TODAY
    finally:
        notebook.close()


def test_notebook_today_pins_the_app_s_day_too(
    tmp_path: Path, calendar: Calendar, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NOTEBOOK_TODAY", "2026-11-20")
    notebook = open_notebook(args_for(tmp_path / "nb.json"), follow_the_day=True)
    try:
        calendar.day = TOMORROW
        assert notebook.today == date(2026, 11, 20)
    finally:
        notebook.close()
