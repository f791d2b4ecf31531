"""`notebook find WORD` against khard, the terminal address book, each as a whole process."""

from __future__ import annotations

from pathlib import Path

import pytest

from .support import BIN, CORE_TIERS, RESULTS, TierFile, clean_env, lines_of, run_timed

pytestmark = pytest.mark.bench

# A first name: it appears in names (and in the e-mail addresses made from them) only, so both
# tools find exactly the same people. khard also searches e-mail, UID and so on.
WORD = "hannah"
RUNS = 7


@pytest.mark.parametrize("tier", CORE_TIERS)
def test_find_vs_khard(
    tier: str, tier_files: dict[str, TierFile], khard_homes: dict[str, Path]
) -> None:
    env = clean_env(khard_homes[tier])
    khard = [str(BIN / "khard"), "list", "--parsable", WORD]
    find = [str(BIN / "notebook"), "--db", str(tier_files[tier].path), "find", WORD]
    # Warm both (page cache, .pyc files), and check they agree before timing anything.
    _, khard_out = run_timed(khard, env)
    _, find_out = run_timed(find, env)
    khard_found, found = lines_of(khard_out), lines_of(find_out)
    assert found, f"nobody called {WORD} in the {tier} tier"
    assert len(khard_found) == len(found), "both must find the same people for a fair race"
    assert all(WORD in line.lower() for line in khard_found + found)

    khard_times: list[float] = []
    find_times: list[float] = []
    for _ in range(RUNS):  # alternating, so drift in the machine's load hits both alike
        khard_times.append(run_timed(khard, env)[0])
        find_times.append(run_timed(find, env)[0])
    k = RESULTS.record("khard", tier, khard_times)
    n = RESULTS.record("find", tier, find_times)
    RESULTS.record("find_ratio", tier, [k / n])
    RESULTS.note(
        f"shell ({tier}): both tools find {len(found)} people named {WORD!r}; khard "
        "runs `list --parsable` in its fast mode (search_in_source_files = yes)"
    )
