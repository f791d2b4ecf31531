"""Pilot tests do not make the frames a headless app throws away (tests/ui/conftest.py); a
widget that cannot draw what a test got it to hold still fails that test."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


class Broken(Exception):
    """What the widget below raises once it is asked to draw a broken value."""


class Fragile(Static):
    # A fixed size: its layout never asks it to render, only a frame does.
    DEFAULT_CSS = "Fragile { width: 10; height: 1; }"
    broken = False

    def render(self) -> str:
        if self.broken:
            raise Broken("cannot draw this")
        return "fine"


class FragileApp(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [("b", "break_it", "Break")]

    def compose(self) -> ComposeResult:
        yield Fragile()

    def action_break_it(self) -> None:
        fragile = self.screen.query_one(Fragile)
        fragile.broken = True
        fragile.refresh()


class FragileDialog(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        ("b", "app.break_it", "Break"),
        ("escape", "dismiss", "Close"),
    ]

    def compose(self) -> ComposeResult:
        yield Fragile()


class FragilePage(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Fragile()


class FragileModes(FragileApp):
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        "one": FragilePage,
        "two": FragilePage,
    }
    DEFAULT_MODE = "one"


async def test_a_widget_that_cannot_draw_its_last_state_fails_the_test() -> None:
    app = FragileApp()
    with pytest.raises(Broken):
        async with app.run_test(size=(40, 5)) as pilot:
            await pilot.press("b")
            await pilot.pause()


async def test_a_widget_that_draws_is_left_alone() -> None:
    app = FragileApp()
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
    assert app.return_code in (None, 0)


async def test_a_dialog_that_cannot_draw_what_it_held_when_closed_fails_the_test() -> None:
    app = FragileApp()
    with pytest.raises(Broken):
        async with app.run_test(size=(40, 5)) as pilot:
            app.push_screen(FragileDialog())
            await pilot.pause()
            await pilot.press("b", "escape")
            await pilot.pause()
            assert not isinstance(app.screen, FragileDialog)


async def test_a_screen_that_cannot_draw_what_it_held_when_its_mode_is_left_fails_the_test() -> (
    None
):
    app = FragileModes()
    with pytest.raises(Broken):
        async with app.run_test(size=(40, 5)) as pilot:
            await pilot.press("b")
            await app.switch_mode("two")
            await pilot.pause()
