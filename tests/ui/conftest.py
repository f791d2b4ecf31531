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


def _frame_thrown_away(screen: Screen[object]) -> None:
    """What a screen does with its changed regions when the app runs headless: the frame it
    would paint, the headless driver throws away, so it is not made. What a test reads of the
    screen it draws itself (`helpers.screen_text`, snapshots), and each app's last frame is
    drawn in full as it shuts down (below)."""
    app = screen.app
    if not (app.is_headless and screen is app.screen and not app.is_inline):
        _paint(screen)
        return
    screen._dirty_widgets.clear()
    screen._compositor._dirty_regions.clear()
    app._update_mouse_over(screen)


async def _shut_down_after_a_last_frame(app: App[object]) -> None:
    """Draw the screen the user would be looking at, in full, before the app shuts down: a
    widget that cannot draw what it holds fails the test that got it there."""
    failure: Exception | None = None
    if app.is_headless and app._screen_stack and app._exception is None:
        try:
            app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
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


@pytest.fixture
def make_app(open_notebook: Callable[[Path], Notebook]) -> Callable[[Path], NotebookApp]:
    def make(path: Path) -> NotebookApp:
        return NotebookApp(open_notebook(path), user_files=False)

    return make


@pytest.fixture
def app(demo_file: Path, make_app: Callable[[Path], NotebookApp]) -> NotebookApp:
    return make_app(demo_file)
