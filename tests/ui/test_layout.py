"""Screens and dialogs are laid out again when the terminal's size changes, and not for a
Resize to the size they already have (Textual sends several as a screen is first shown)."""

from __future__ import annotations

import pytest
from textual import events
from textual.geometry import Size
from textual.screen import Screen

from notebook.app import NotebookApp
from notebook.modals.person_form import PersonForm
from notebook.widgets.record_list import RecordList

from ..conftest import SIZE


@pytest.fixture
def laid_out(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The screens laid out (by class name), in order, counted as Textual lays them out."""
    seen: list[str] = []
    refresh_layout = Screen._refresh_layout

    def counted(self: Screen[object], size: Size | None = None, scroll: bool = False) -> None:
        seen.append(type(self).__name__)
        refresh_layout(self, size, scroll)

    monkeypatch.setattr(Screen, "_refresh_layout", counted)
    return seen


async def test_a_resize_to_the_size_a_screen_has_lays_nothing_out(
    app: NotebookApp, laid_out: list[str]
) -> None:
    size = Size(*SIZE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        laid_out.clear()
        app.screen.post_message(events.Resize(size, size))
        await pilot.pause()
        assert laid_out == []
        await pilot.press("a")  # a dialog, over the People screen
        await pilot.pause()
        assert isinstance(app.screen, PersonForm)
        laid_out.clear()
        for screen in app.screen_stack:
            screen.post_message(events.Resize(size, size))
        await pilot.pause()
        assert laid_out == []


async def test_a_real_resize_lays_out_the_dialog_and_the_screen_under_it(
    app: NotebookApp, laid_out: list[str]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        people, form = app.screen_stack
        listing = people.query_one(RecordList)
        wide = listing.outer_size.width
        laid_out.clear()
        await pilot.resize_terminal(SIZE[0] - 30, SIZE[1] - 6)
        await pilot.pause()
        assert {"PeopleScreen", "PersonForm"} <= set(laid_out)
        assert people.outer_size == form.outer_size == Size(SIZE[0] - 30, SIZE[1] - 6)
        assert listing.outer_size.width == wide - 30
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is people and listing.outer_size.width == wide - 30
