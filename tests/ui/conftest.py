"""The app over a demo notebook, with the user's own config files kept out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from notebook.app import NotebookApp
from notebook.viewmodel import Notebook


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """A focused field's cursor stays lit. Textual blinks it every half second by the clock, so
    a snapshot or a read of the screen would hold it or not by how busy the machine is."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)


@pytest.fixture
def make_app(open_notebook: Callable[[Path], Notebook]) -> Callable[[Path], NotebookApp]:
    def make(path: Path) -> NotebookApp:
        return NotebookApp(open_notebook(path), user_files=False)

    return make


@pytest.fixture
def app(demo_file: Path, make_app: Callable[[Path], NotebookApp]) -> NotebookApp:
    return make_app(demo_file)
