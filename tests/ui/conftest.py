"""The app over a demo notebook, with the user's own config files kept out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from notebook.app import NotebookApp
from notebook.viewmodel import Notebook


@pytest.fixture
def make_app(open_notebook: Callable[[Path], Notebook]) -> Callable[[Path], NotebookApp]:
    def make(path: Path) -> NotebookApp:
        return NotebookApp(open_notebook(path), user_files=False)

    return make


@pytest.fixture
def app(demo_file: Path, make_app: Callable[[Path], NotebookApp]) -> NotebookApp:
    return make_app(demo_file)
