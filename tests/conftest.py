"""Shared fixtures: a demo notebook on disk with a fixed "today", and the app over it."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from notebook.demo import build
from notebook.viewmodel import Notebook

TODAY = date(2026, 11, 25)
SIZE = (120, 36)


# -- the run as a whole -------------------------------------------------------------------------


def pytest_configure(config: pytest.Config) -> None:
    # Python's bytecode caches are written, as a user's Python writes them. With
    # PYTHONDONTWRITEBYTECODE set (as on this project's machines), each worker and each of the
    # hundreds of processes the tests start (the shell, Radicale, vdirsyncer, khard) compiles
    # the notebook and its libraries from source: on a fresh clone that doubled their CPU time.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.dont_write_bytecode = False
    # Textual makes and drops objects by the million (styles, strips, messages): at Python's
    # default threshold (700) the collector ran some 200 times a second and took a tenth of a
    # Pilot test's time; at 10,000 it takes about a third of that.
    gc.set_threshold(10_000, 20, 20)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: WORKERS_PER_CORE workers per core. Most of a Pilot test's time is Textual
    waiting for the app to go idle (it sleeps at least 20 ms a key), not using a core. None
    when the run selects the benchmarks (-m bench): they time one thing at a time."""
    selection = config.getoption("markexpr") or ""
    if "bench" in selection and "not bench" not in selection:
        return 0
    return WORKERS_PER_CORE * (os.cpu_count() or 1)


# The whole default run on 2 cores, one after the other: 2 a core 4 min 24 s, 3 a core 4 min 7 s.
WORKERS_PER_CORE = 3


# Every test collected, before -m or -k leave some out (see tests/ui/test_snapshot_files.py).
COLLECTED = pytest.StashKey[frozenset[str]]()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The long tests first, in their order; then everything else in its order."""
    config.stash[COLLECTED] = frozenset(item.nodeid for item in items)
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


@pytest.fixture(scope="session", autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A home of the run's own (of each worker's), with empty XDG folders: nothing the tests
    run reads the developer's config or writes beside their files, and no notebook or pinned
    day from their shell's environment leaks in."""
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(home))
        for variable, folder in (
            ("XDG_CONFIG_HOME", ".config"),
            ("XDG_DATA_HOME", ".local/share"),
            ("XDG_STATE_HOME", ".local/state"),
            ("XDG_CACHE_HOME", ".cache"),
        ):
            patch.setenv(variable, str(home / folder))
        for variable in ("NOTEBOOK_DB", "NOTEBOOK_TODAY"):
            patch.delenv(variable, raising=False)
        yield home


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    """A fresh demo notebook (60 people) in tmp_path, dated relative to TODAY."""
    return build(tmp_path / "demo.json", today=TODAY)


@pytest.fixture
def opened() -> list[Notebook]:
    """The writable notebooks this test opened (an app's among them)."""
    return []


@pytest.fixture
def open_notebook(opened: list[Notebook]) -> Iterator[Callable[[Path], Notebook]]:
    """Open notebooks with today fixed; all are closed (locks released) at the end."""

    def opener(path: Path) -> Notebook:
        notebook = Notebook.open(path, today=TODAY)
        opened.append(notebook)
        return notebook

    yield opener
    for notebook in opened:
        notebook.close()


@pytest.fixture
def reopen(opened: list[Notebook]) -> Callable[[Path], Notebook]:
    """A read-only look at what is on disk, to check that a UI action was saved: once the
    saves the app has handed to its saver thread have ended, as a user opening the file
    a moment later would see it."""

    def look(path: Path) -> Notebook:
        for notebook in opened:
            notebook.store.wait_saved()
        return Notebook.open(path, read_only=True, today=TODAY)

    return look
