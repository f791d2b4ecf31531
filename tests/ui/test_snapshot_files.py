"""Every snapshot file belongs to a test. Run one at a time, syrupy fails a run that leaves a
snapshot unused (a test renamed or removed, its SVG left behind); across xdist's workers it
cannot tell, so this checks it for every run that collected the snapshot's test module."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import COLLECTED

SNAPSHOTS = Path(__file__).parent / "__snapshots__"


def test_every_snapshot_file_is_a_collected_test(request: pytest.FixtureRequest) -> None:
    collected = request.config.stash[COLLECTED]
    modules = {nodeid.partition("::")[0] for nodeid in collected}
    root = request.config.rootpath
    svgs = sorted(SNAPSHOTS.glob("*/*.svg"))
    assert svgs, f"no snapshots under {SNAPSHOTS}"
    unused = []
    for svg in svgs:
        module = (SNAPSHOTS.parent / f"{svg.parent.name}.py").relative_to(root).as_posix()
        if module in modules and f"{module}::{svg.stem}" not in collected:
            unused.append(svg.relative_to(root).as_posix())
    assert unused == [], "snapshots no test takes (remove them, or rename them with the test)"
