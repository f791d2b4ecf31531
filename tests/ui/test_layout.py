"""Screens and dialogs are laid out again when the terminal's size changes, and not for a
Resize to the size they already have (Textual sends several as a screen is first shown)."""

from __future__ import annotations

import pytest
from textual import events
from textual.geometry import Size
from textual.screen import Screen

from notebook.app import NotebookApp
from notebook.modals.person_form import PersonForm
from notebook.widgets.line_input import LineInput
from notebook.widgets.record_list import RecordList

from ..conftest import SIZE
from .helpers import screen_text


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


async def test_typing_into_a_field_lays_nothing_out_and_long_text_scrolls_into_view(
    app: NotebookApp, laid_out: list[str]
) -> None:
    # A field's size never follows its text: each letter repaints the field, where Textual's
    # Input laid the whole dialog out again, letter by letter.
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PersonForm)
        name = form.query_one("#name-input", LineInput)
        laid_out.clear()
        await pilot.press(*"Zoe Quist")
        await pilot.pause()
        assert laid_out == []
        assert name.value == "Zoe Quist" and "Zoe Quist" in screen_text(app)
        # Longer than the field: it scrolls so that the end being typed stays in view.
        await pilot.press(*" and a very long tail that cannot fit in the field at all END")
        await pilot.pause()
        assert laid_out == []
        assert name.scroll_x > 0
        assert "fit in the field at all END" in screen_text(app)
        await pilot.press("home")
        await pilot.pause()
        assert name.scroll_x == 0 and "Zoe Quist and" in screen_text(app)
