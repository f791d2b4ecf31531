"""Start-up and memory, each in a fresh interpreter."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import TODAY
from .support import (
    FLOOR_SCRIPT,
    LAUNCH_SCRIPT,
    MEMORY_SCRIPT,
    RESULTS,
    TIERS,
    TierFile,
    clean_env,
    run_script,
)

pytestmark = pytest.mark.bench

LAUNCH_RUNS = 5
MEMORY_RUNS = 5


@pytest.mark.parametrize("tier", TIERS)
def test_launch_to_people_list(tier: str, tier_files: dict[str, TierFile], home: Path) -> None:
    """python -c: import the app, open the notebook, run headless until People has rows; and,
    alternating with it so both see the same machine, the floor (see support.FLOOR_SCRIPT)."""
    tier_file = tier_files[tier]
    env = clean_env(home)
    spawn, script, wall, rss, floor = [], [], [], [], []
    # One unmeasured run of each first, so every measured run finds .pyc files and a warm
    # page cache, and the notebook's "checked" stamp and search cache, as a user's earlier run
    # leaves them (the first open of a file no run has checked yet also checks its shape).
    run_script(LAUNCH_SCRIPT, [str(tier_file.path), TODAY.isoformat()], env)
    run_script(FLOOR_SCRIPT, [str(tier_file.path)], env)
    for _ in range(LAUNCH_RUNS):
        _, lowest = run_script(FLOOR_SCRIPT, [str(tier_file.path)], env)
        assert lowest["rows"] == tier_file.tier.people
        floor.append(lowest["spawn"])
        elapsed, out = run_script(LAUNCH_SCRIPT, [str(tier_file.path), TODAY.isoformat()], env)
        assert out["rows"] == tier_file.tier.people
        spawn.append(out["spawn"])
        script.append(out["script"])
        rss.append(out["rss_app"])
        wall.append(elapsed)
    launch = RESULTS.record("launch", tier, spawn)
    lowest_median = RESULTS.record("floor", tier, floor)
    RESULTS.record("launch_ratio", tier, [launch / lowest_median])
    RESULTS.record("launch_script", tier, script)
    RESULTS.record("launch_wall", tier, wall)
    RESULTS.record("rss_app", tier, rss)


@pytest.mark.parametrize("tier", TIERS)
def test_memory_once_name_matching_is_prepared(
    tier: str, tier_files: dict[str, TierFile], home: Path
) -> None:
    """RSS of the launched app a moment later, once the thread it starts after its first paint
    has built what matching names reads (the first match built it, before)."""
    tier_file = tier_files[tier]
    samples = []
    for _ in range(MEMORY_RUNS):
        _, out = run_script(
            LAUNCH_SCRIPT, [str(tier_file.path), TODAY.isoformat(), "prepared"], clean_env(home)
        )
        samples.append(out["rss_app"])
    RESULTS.record("rss_prepared", tier, samples)


@pytest.mark.parametrize("tier", TIERS)
def test_memory_after_open(tier: str, tier_files: dict[str, TierFile], home: Path) -> None:
    """RSS of a fresh interpreter that has opened the notebook (no Textual imported)."""
    tier_file = tier_files[tier]
    samples = []
    for _ in range(MEMORY_RUNS):
        _, out = run_script(
            MEMORY_SCRIPT, [str(tier_file.path), TODAY.isoformat()], clean_env(home)
        )
        assert out["people"] == tier_file.tier.people
        samples.append(out["open"])
    RESULTS.record("rss_open", tier, samples)
