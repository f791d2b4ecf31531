"""The app over a demo notebook, with the user's own config files kept out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.app import App
from textual.screen import Screen
from textual.widgets import Input, TextArea

from notebook.app import NotebookApp
from notebook.viewmodel import Notebook


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """A focused field's cursor stays lit. Textual blinks it every half second by the clock, so
    a snapshot or a read of the screen would hold it or not by how busy the machine is."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)


_paint = Screen._compositor_refresh
_shut_down = App._shutdown
_pop_screen = App.pop_screen
_switch_mode = App.switch_mode


def _frame_thrown_away(screen: Screen[object]) -> None:
    """What a screen does with its changed regions when the app runs headless: the frame it
    would paint, the headless driver throws away, so it is not made. What a test reads of the
    screen it draws itself (`helpers.screen_text`, snapshots), and each screen's last frame is
    drawn in full as it closes, as its mode is left and as the app shuts down (below)."""
    app = screen.app
    if not (app.is_headless and screen is app.screen and not app.is_inline):
        _paint(screen)
        return
    screen._dirty_widgets.clear()
    screen._compositor._dirty_regions.clear()
    app._update_mouse_over(screen)


def _last_frame(screen: Screen[object], under: list[Screen[object]]) -> None:
    """Draw a headless app's screen in full, as the user would last have seen it."""
    if screen.app.is_headless and screen.is_attached:
        screen._compositor.render_update(full=True, screen_stack=under)


def _pop_screen_after_a_last_frame(app: App[object]) -> object:
    """A screen closed (a dialog saved or dismissed, a page left) is drawn as it last was: a
    dialog that cannot draw what was typed into it fails the test that typed it."""
    if len(app._screen_stack) > 1:
        _last_frame(app.screen, app._background_screens)
    return _pop_screen(app)


def _switch_mode_after_a_last_frame(app: App[object], mode: str) -> object:
    """The screen a mode switch leaves is drawn as it last was, as a closed one is."""
    if app._screen_stack and mode != app.current_mode:
        _last_frame(app.screen, app._background_screens)
    return _switch_mode(app, mode)


async def _shut_down_after_a_last_frame(app: App[object]) -> None:
    """Draw the screen the user would be looking at, in full, before the app shuts down: a
    widget that cannot draw what it holds fails the test that got it there."""
    failure: Exception | None = None
    if app._screen_stack and app._exception is None:
        try:
            _last_frame(app.screen, app._background_screens)
        except Exception as error:  # raised once the app has shut down
            failure = error
    await _shut_down(app)
    if failure is not None:
        raise failure


@pytest.fixture(autouse=True)
def frames_drawn_when_read(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Composing the frames a headless app throws away took about 30 percent of a Pilot
    test's CPU. A test of what a frame draws (marked `paints`) has them all made."""
    if request.node.get_closest_marker("paints"):
        return
    monkeypatch.setattr(Screen, "_compositor_refresh", _frame_thrown_away)
    monkeypatch.setattr(App, "_shutdown", _shut_down_after_a_last_frame)
    monkeypatch.setattr(App, "pop_screen", _pop_screen_after_a_last_frame)
    monkeypatch.setattr(App, "switch_mode", _switch_mode_after_a_last_frame)


@pytest.fixture
def make_app(open_notebook: Callable[[Path], Notebook]) -> Callable[[Path], NotebookApp]:
    def make(path: Path) -> NotebookApp:
        return NotebookApp(open_notebook(path), user_files=False)

    return make


@pytest.fixture
def app(demo_file: Path, make_app: Callable[[Path], NotebookApp]) -> NotebookApp:
    return make_app(demo_file)
