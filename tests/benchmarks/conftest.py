"""Benchmark fixtures: each tier generated once per session, and the results table at the end.

Run with `uv run --group bench pytest tests/benchmarks -m bench -n 0 -s`. The default test run
leaves these out (`-m 'not bench'` in pyproject's addopts; a later `-m` on the command line
replaces it).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from notebook.demo import HUGE, LARGE, TYPICAL, Tier, build
from notebook.viewmodel import Notebook

from ..conftest import TODAY
from .support import (
    METRICS,
    RESULTS,
    TierFile,
    compile_everything,
    filesystem_of,
    load_average,
    report,
    table,
    write_khard_book,
)

TIER_SIZES: dict[str, Tier] = {"typical": TYPICAL, "large": LARGE, "huge": HUGE}
LATEST = Path(__file__).with_name("latest.md")
T = TypeVar("T")


@pytest.fixture(scope="session", autouse=True)
def _load_at_start() -> None:
    RESULTS.note(compile_everything())
    RESULTS.load_at_start = load_average()


class Lazy(dict[str, T]):
    """Each tier's value made when a benchmark first asks for it, so that a run of one tier
    (`-k typical`) does not generate the 100,000-person notebook."""

    def __init__(self, make: Callable[[str], T]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, name: str) -> T:
        self[name] = value = self.make(name)
        return value


@pytest.fixture(scope="session")
def tier_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, TierFile]:
    """Every tier, generated once per session by the project's own generator."""

    def generate(name: str) -> TierFile:
        folder = tmp_path_factory.mktemp(f"bench-{name}")
        path = build(folder / f"{name}.json", TIER_SIZES[name], today=TODAY)
        return TierFile(name, TIER_SIZES[name], path, folder)

    return Lazy(generate)


@pytest.fixture(scope="session")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A HOME for subprocesses, so no real config (notebook's or khard's) is read."""
    return tmp_path_factory.mktemp("bench-home")


@pytest.fixture(scope="session")
def khard_homes(
    tier_files: dict[str, TierFile], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """Per tier, a HOME holding a khard config and a vdir with the tier's people."""

    def make(name: str) -> Path:
        home = tmp_path_factory.mktemp(f"bench-khard-{name}")
        notebook = Notebook.open(tier_files[name].path, read_only=True, today=TODAY)
        try:
            write_khard_book(notebook.people.iter(), home)
        finally:
            notebook.close()
        return home

    return Lazy(make)


@pytest.fixture(scope="session")
def read_only_notebooks(tier_files: dict[str, TierFile]) -> Iterator[dict[str, Notebook]]:
    """Each tier opened once, read-only, for the in-process lookups."""
    opened: Lazy[Notebook] = Lazy(
        lambda name: Notebook.open(tier_files[name].path, read_only=True, today=TODAY)
    )
    yield opened
    for notebook in opened.values():
        notebook.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not RESULTS.values:
        return
    RESULTS.note(
        f"load average (1 min) {RESULTS.load_at_start} at the start, {load_average()} at the "
        f"end, on {len(os.sched_getaffinity(0))} CPUs"
    )
    text = table(RESULTS)
    terminalreporter.write_sep("=", "benchmark results (medians)")
    terminalreporter.write_line(text)
    for line in RESULTS.notes:
        terminalreporter.write_line(f"- {line}")
    missing = [m.key for m in METRICS if set(RESULTS.values.get(m.key, {})) != set(m.tiers)]
    if missing:
        # A partial run (one module, -k) must not replace the full table the README quotes.
        terminalreporter.write_line(
            f"partial run ({', '.join(missing)} not measured): {LATEST.name} left as it was"
        )
        return
    LATEST.write_text(report(RESULTS, filesystem_of(Path(tempfile.gettempdir()))), encoding="utf-8")
    terminalreporter.write_line(f"written to {LATEST}")
