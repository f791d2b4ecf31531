"""Kill a writer with SIGKILL at random moments, again and again: the file always opens, holds
exactly the state before or after the interrupted write, and the dead writer's lock never
blocks the next open (the kernel drops it with the process)."""

from __future__ import annotations

import fcntl
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from notebook.store import BACKUP_DIR, SCHEMA, Store

KILLS = 60
ROOT = Path(__file__).resolve().parents[1]

WRITER = """
import sys
from notebook.store import Store

store = Store.open(sys.argv[1], backups=2)
counters = sorted(doc["n"] for _, doc in store.rows("counters"))
n = counters[-1] + 1 if counters else 0
sys.stdout.write("ready\\n")
sys.stdout.flush()
while True:
    store.insert("counters", {"n": n, "pad": "x" * (n % 97)})
    sys.stdout.write(f"{n}\\n")  # one write per line, so a kill never splits one
    sys.stdout.flush()
    n += 1
"""


def temps(folder: Path) -> list[str]:
    return [name for name in os.listdir(folder) if name.endswith(".tmp")] if folder.exists() else []


def lock_is_free(lock: Path) -> bool:
    fd = os.open(lock, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


def counters_in(path: Path) -> list[int]:
    """Open the notebook as the next run would (taking over the dead writer's lock)."""
    with Store.open(path, backups=2) as store:
        return sorted(doc["n"] for _, doc in store.rows("counters"))


@pytest.mark.long
def test_sigkill_at_random_moments_never_loses_or_corrupts(tmp_path: Path) -> None:
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    path = tmp_path / "nb.json"
    lock = tmp_path / "nb.json.lock"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    rng = random.Random(20261125)
    known_max = -1  # the largest counter confirmed on disk so far
    ready_times: list[float] = []
    outcomes = {"before": 0, "after": 0}
    took_over = 0
    early_kills = 0

    for run in range(KILLS):
        started = time.monotonic()
        child = subprocess.Popen(
            [sys.executable, str(script), str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            # Unbuffered: readline() must not swallow lines that communicate() then never sees.
            bufsize=0,
        )
        assert child.stdout is not None
        if run % 6 == 5 and ready_times:
            # Now and then, kill while the writer is still opening: taking the lock, cleaning
            # temp files, creating the file.
            typical = sorted(ready_times)[len(ready_times) // 2]
            time.sleep(rng.uniform(0.5, 1.05) * typical)
            early_kills += 1
        else:
            first = child.stdout.readline()
            assert first == b"ready\n", child.stderr.read() if child.stderr else first
            ready_times.append(time.monotonic() - started)
            time.sleep(rng.uniform(0.005, 0.060))
        child.send_signal(signal.SIGKILL)
        out, err = child.communicate()  # also reaps the child, so its pid is dead
        assert child.returncode == -signal.SIGKILL, err.decode(errors="replace")
        printed = [int(line) for line in out.decode().splitlines() if line.strip().isdigit()]
        last = printed[-1] if printed else known_max
        if printed:
            assert printed == list(range(printed[0], last + 1))
            assert printed[0] == known_max + 1

        if lock.exists() and lock.read_bytes():
            took_over += 1  # the killed writer never got to clear the lock file
        counters = counters_in(path)  # fails if the file does not parse or the lock blocks
        assert lock_is_free(lock)
        # no temp file survives the next open: neither the notebook's nor a cut-short backup's
        assert temps(tmp_path) == []
        assert temps(tmp_path / BACKUP_DIR) == []
        before, after = list(range(last + 1)), list(range(last + 2))
        assert counters in (before, after), (
            f"run {run}: last printed {last}, file holds {counters[:3]}..{counters[-3:]}"
        )
        outcomes["before" if counters == before else "after"] += 1
        known_max = counters[-1] if counters else -1

    # The loop really exercised what it claims to.
    assert known_max > KILLS  # many writes landed, across many runs
    assert took_over >= KILLS // 2  # most kills left a lock behind that had to be taken over
    assert early_kills >= 5
    assert outcomes["before"] > 0
    # Backups were rotated, not accumulated (a kill between writing a backup and pruning the
    # oldest may leave one extra until the next run's backup), and every one is readable.
    kept = [p for p in (tmp_path / BACKUP_DIR).iterdir() if p.suffix == ".json"]
    assert 1 <= len(kept) <= 3
    for backup in kept:
        with Store.open(backup, read_only=True) as store:
            assert store.meta()["schema"] == SCHEMA
