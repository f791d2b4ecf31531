"""Importing a LinkedIn Connections.csv into an empty notebook."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from notebook.importer import import_file
from notebook.viewmodel import Notebook

from ..conftest import TODAY
from .support import CORE_TIERS, RESULTS, linkedin_csv, measure

pytestmark = pytest.mark.bench

ROWS = {"typical": 1_000, "large": 30_000}
RUNS = 5


@pytest.mark.parametrize("tier", CORE_TIERS)
def test_linkedin_import(tier: str, tmp_path: Path) -> None:
    source = tmp_path / "Connections.csv"
    source.write_bytes(linkedin_csv(ROWS[tier], today=TODAY))
    samples = []
    for n in range(RUNS):
        notebook = Notebook.open(tmp_path / f"empty-{n}.json", today=TODAY)
        try:
            elapsed, summary = measure(partial(import_file, notebook, source))
            # Every row is valid; a few share a name and a company with an earlier row, and the
            # importer takes those to be the same person.
            assert summary.skipped == []
            assert ROWS[tier] * 0.95 <= summary.created <= ROWS[tier]
            assert notebook.people.count() == summary.created
            samples.append(elapsed)
        finally:
            notebook.close()
    RESULTS.record("import", tier, samples)
