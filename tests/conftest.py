"""Shared fixtures: a demo notebook on disk with a fixed "today", and the app over it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from notebook.demo import build
from notebook.viewmodel import Notebook

TODAY = date(2026, 11, 25)
SIZE = (120, 36)


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    """A fresh demo notebook (60 people) in tmp_path, dated relative to TODAY."""
    return build(tmp_path / "demo.json", today=TODAY)


@pytest.fixture
def open_notebook() -> Iterator[Callable[[Path], Notebook]]:
    """Open notebooks with today fixed; all are closed (locks released) at the end."""
    opened: list[Notebook] = []

    def opener(path: Path) -> Notebook:
        notebook = Notebook.open(path, today=TODAY)
        opened.append(notebook)
        return notebook

    yield opener
    for notebook in opened:
        notebook.close()


@pytest.fixture
def reopen() -> Callable[[Path], Notebook]:
    """A read-only look at what is on disk now, to check that a UI action was saved."""

    def look(path: Path) -> Notebook:
        return Notebook.open(path, read_only=True, today=TODAY)

    return look
