"""Several real processes writing one notebook at once: every command that said it succeeded is
in the file, and every refusal is one line with a non-zero exit."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import orjson
import pytest

from notebook.store import Store

ROOT = Path(__file__).resolve().parents[1]
WORKERS = 6
COMMANDS = 30
ROUNDS = 3

# A worker runs the real command-line entry point COMMANDS times, each with its own stdout and
# stderr (file descriptors redirected, as a shell would give them), and reports each outcome.
WORKER = """
import json, os, sys, tempfile
from notebook.cli import main

db, worker, count, log = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
results = []
for n in range(count):
    if n % 2 == 0:
        argv = ["--db", db, "add", f"W{worker} P{n}", "--company", "Acme"]
    else:
        argv = ["--db", db, "note", f"w{worker} n{n} talked", "--with", "Base Person",
                "--when", "2026-11-29"]
    outs = []
    saved = os.dup(1), os.dup(2)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
        try:
            code = main(argv)
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
        for handle in (out, err):
            handle.seek(0)
            outs.append(handle.read().decode("utf-8", "replace"))
    results.append({"argv": argv, "code": code, "out": outs[0], "err": outs[1]})
with open(log, "w") as handle:
    json.dump(results, handle)
"""


def env() -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "NOTEBOOK_TODAY": "2026-11-30",
    }


def run_round(tmp_path: Path, round_no: int) -> tuple[int, int]:
    folder = tmp_path / f"round{round_no}"
    folder.mkdir()
    db = folder / "nb.json"
    from notebook.cli import main

    assert main(["--db", str(db), "add", "Base Person"]) == 0
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    logs = [folder / f"worker{w}.json" for w in range(WORKERS)]
    workers = [
        subprocess.Popen(
            [sys.executable, str(script), str(db), str(w), str(COMMANDS), str(logs[w])],
            env=env(),
        )
        for w in range(WORKERS)
    ]
    for worker in workers:
        assert worker.wait(timeout=300) == 0

    data = orjson.loads(db.read_bytes())
    names = {doc["name"] for doc in data["people"].values()}
    summaries = {doc["summary"] for doc in data["interactions"].values()}
    succeeded = refused = 0
    for log in logs:
        for result in json.loads(log.read_text()):
            argv, code, err = result["argv"], result["code"], result["err"]
            if code == 0:
                succeeded += 1
                if argv[2] == "add":
                    assert argv[3] in names, result
                    assert result["out"].startswith(f"Added {argv[3]}"), result
                else:
                    assert argv[3] in summaries, result
            else:
                refused += 1
                assert err.count("\n") == 1 and err.startswith("notebook: "), result
                assert "Traceback" not in err, result
    # Nothing is in the file that no command reported.
    assert len(data["people"]) == 1 + sum(
        1
        for log in logs
        for r in json.loads(log.read_text())
        if r["code"] == 0 and r["argv"][2] == "add"
    )
    with Store.open(db, read_only=True):
        pass  # and the file still opens cleanly
    return succeeded, refused


@pytest.mark.long
def test_parallel_shell_commands_never_lose_an_acknowledged_write(tmp_path: Path) -> None:
    succeeded = refused = 0
    for round_no in range(ROUNDS):
        ok, no = run_round(tmp_path, round_no)
        succeeded += ok
        refused += no
    # The bounded wait lets commands take turns: nearly all succeed.
    assert succeeded + refused == ROUNDS * WORKERS * COMMANDS
    assert succeeded >= 0.9 * ROUNDS * WORKERS * COMMANDS


HOLDER = """
import sys, time
from notebook.store import Store
store = Store.open(sys.argv[1])
store.insert("people", {"name": sys.argv[2]})
print("holding", flush=True)
time.sleep(60)
"""


def test_a_killed_holder_never_lets_two_writers_in_at_once(tmp_path: Path) -> None:
    """The interleaving that used to lose writes: A holds the lock, B waits, A dies, C takes
    the lock. Whoever of B and C comes second must wait for the first to close: the lock file
    is never deleted (its inode never changes), so there is only ever one lock to hold."""
    db = tmp_path / "nb.json"
    Store.open(db).close()
    lock = db.with_name("nb.json.lock")
    inode = lock.stat().st_ino
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db), "A"], stdout=subprocess.PIPE, env=env()
    )
    assert holder.stdout is not None and holder.stdout.readline() == b"holding\n"

    spans: dict[str, tuple[float, float]] = {}

    def writer(name: str) -> None:
        with Store.open(db, wait=30) as store:
            start = time.monotonic()
            store.insert("people", {"name": name})
            time.sleep(0.2)  # hold it a while, so an overlap could not go unseen
            store.insert("people", {"name": f"{name} again"})
            spans[name] = (start, time.monotonic())

    threads = [threading.Thread(target=writer, args=(name,)) for name in ("B", "C")]
    for thread in threads:
        thread.start()
    time.sleep(0.1)
    assert spans == {}  # both wait while A lives
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    for thread in threads:
        thread.join(timeout=60)
    (b_start, b_end), (c_start, c_end) = spans["B"], spans["C"]
    assert b_end <= c_start or c_end <= b_start  # one after the other, never both
    names = [d["name"] for d in orjson.loads(db.read_bytes())["people"].values()]
    assert sorted(names) == ["A", "B", "B again", "C", "C again"]
    assert lock.stat().st_ino == inode
