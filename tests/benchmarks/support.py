"""Benchmark plumbing: timing, the results table, machine facts, subprocesses, test data.

Benchmarks report; they never fail on a slow figure (machines are noisy). Only correctness is
asserted (e.g. both address books find the same people).
"""

from __future__ import annotations

import contextlib
import csv
import gc
import io
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Literal, TypeVar

from notebook.demo import COMPANY_STEMS, FIRST, LAST, TITLES, Tier, company_names
from notebook.records import Person
from notebook.viewmodel import Notebook

TIERS = ("typical", "large", "huge")
# The tiers of the benchmarks too heavy to repeat at 100,000 (a 100,000-row import, khard on
# 100,000 cards): their huge cells read "—".
CORE_TIERS = ("typical", "large")
BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parents[2]
LINKEDIN_SAMPLE = REPO / "tests" / "data" / "contacts-real" / "linkedin" / "Connections.csv"

Unit = Literal["s", "ms", "MB", "x"]
T = TypeVar("T")


@dataclass(frozen=True)
class TierFile:
    name: str
    tier: Tier
    path: Path  # the generated notebook; never written to by a benchmark
    folder: Path  # a scratch folder of this tier's own

    def copy(self, name: str) -> Path:
        """A writable copy of the notebook, for benchmarks that write."""
        target = self.folder / name
        shutil.copyfile(self.path, target)
        return target


# -- timing ------------------------------------------------------------------------------------


def timed(action: Callable[[], object]) -> float:
    """Seconds one call takes."""
    return measure(action)[0]


def measure(action: Callable[[], T]) -> tuple[float, T]:
    """Seconds one call takes, and what it returned."""
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def run_timed(command: Sequence[str], env: dict[str, str]) -> tuple[float, str]:
    """Seconds a whole subprocess takes, and its stdout. A failing command is an error."""
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):  # 1: `notebook find` found nobody
        raise RuntimeError(f"{command[0]} failed ({done.returncode}): {done.stderr[-2000:]}")
    return elapsed, done.stdout


def rss_mb() -> float:
    """This process's resident set size, from /proc (no psutil needed)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


@contextlib.contextmanager
def opened_as_its_own(path: Path, today: date) -> Iterator[Notebook]:
    """The notebook read-only, its loaded objects kept off the cyclic collector as in a
    process of its own: the app's process opens one notebook and freezes it (see
    store.freeze_loaded), but this one opens a notebook per tier, and only the first would be
    frozen, so the collector's passes over the others would be timed as keystrokes."""
    notebook = Notebook.open(path, read_only=True, today=today)
    gc.collect()
    gc.freeze()
    try:
        yield notebook
    finally:
        notebook.close()
        gc.unfreeze()


def clean_env(home: Path) -> dict[str, str]:
    """An environment whose HOME and config folders are a temp dir: no real config is read.
    Bytecode caches are allowed (users' Pythons keep them; see compile_everything)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("NOTEBOOK_", "KHARD_")) and k != "PYTHONDONTWRITEBYTECODE"
    }
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
    )
    return env


def compile_everything() -> str:
    """Write the bytecode caches a user's Python would have: this machine may set
    PYTHONDONTWRITEBYTECODE, which would make every launch compile Textual from source."""
    import compileall
    import sysconfig

    folders = [
        Path(sysconfig.get_paths()["purelib"]),
        Path(__file__).resolve().parents[2] / "notebook",
    ]
    for folder in folders:
        compileall.compile_dir(folder, quiet=1, workers=0)
    return "bytecode caches written first (PYTHONDONTWRITEBYTECODE unset for the runs)"


# -- results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: Unit
    goal: float | None = None  # at the large tier
    goal_typical: float | None = None
    higher_is_better: bool = False
    goal_huge: float | None = None
    tiers: tuple[str, ...] = TIERS
    # How the goal reads, where a number and a unit do not say it (a ratio to what?).
    goal_words: str = ""


METRICS: tuple[Metric, ...] = (
    Metric("launch", "launch → People list has rows, from spawn", "s", 1.0, 0.5),
    Metric(
        "launch_ratio",
        "  … as a multiple of the floor (below)",
        "x",
        1.5,
        goal_huge=1.5,
        goal_words="≤ 1.5× the floor (huge too)",
    ),
    Metric("floor", "  floor: Textual import + JSON parse + a Line-API paint", "s"),
    Metric("launch_script", "  … from the script's first line (imports onwards)", "s"),
    Metric("launch_wall", "  … whole process wall time (launch + quit)", "s"),
    Metric("filter", "filter people: keystroke → rows repainted", "ms", 50),
    Metric("filter_items", "  … keystroke → list holds the new rows", "ms"),
    Metric(
        "filter_burst",
        "filter people: 7 letters in one burst → final rows drawn",
        "ms",
        50,
        goal_huge=50,
        goal_words="≤ 50 ms (huge too)",
    ),
    Metric("sort_overdue", "sort People by overdue (people_view)", "ms", 50),
    Metric("note_dialog", "`n` → note dialog ready for keys", "ms", 100),
    Metric("note", "save a note (new person + follow-up), fsynced", "ms", 150),
    Metric("note_first", "  … first save after opening (takes the backup)", "ms"),
    Metric(
        "note_key",
        "  … in the app: what the key waits for (memory + checks)",
        "ms",
        50,
        goal_words="≤ 50 ms; the disk never",
    ),
    Metric(
        "note_held",
        "  … longest the app's thread is held while the saver works",
        "ms",
        16,
        goal_words="≤ 16 ms (a frame)",
    ),
    Metric(
        "synced_setting",
        "  … synced with a folder: a setting change's wait (its checks)",
        "ms",
        16,
        goal_words="≤ 16 ms (a frame)",
    ),
    Metric(
        "synced_held",
        "  … synced with a folder: longest held by the saver",
        "ms",
        16,
        goal_words="≤ 16 ms (a frame)",
    ),
    Metric(
        "note_durable",
        "  … the saver thread's write ÷ a raw write+fsync of it",
        "x",
        1.3,
        goal_words="≤ 1.3×",
    ),
    Metric("referral", "referral paths for a company (indexes warm)", "ms", 20),
    Metric("referral_cold", "  … first query after opening", "ms", 20),
    Metric("referral_changed", "  … first query after a new tie", "ms", 20),
    Metric("stale", "stale list (notebook.upkeep.stale())", "ms", 20),
    Metric("picker", "picker match, per keystroke (large: 30k people)", "ms", 10),
    Metric("picker_slowest", "  … slowest keystroke", "ms"),
    Metric(
        "picker_first",
        "  … first keystroke after launch (what it reads built already)",
        "ms",
        16,
        goal_words="≤ 16 ms (a frame)",
    ),
    Metric(
        "picker_prepare",
        "  … the app's thread held to have that built on another",
        "ms",
        16,
        goal_words="≤ 16 ms (a frame)",
    ),
    Metric("picker_built", "  … that other thread building it (name words, scan, order)", "ms"),
    Metric("find", "shell: `notebook find WORD`, whole process", "s", tiers=CORE_TIERS),
    Metric("khard", "shell: `khard list WORD`, whole process", "s", tiers=CORE_TIERS),
    Metric(
        "find_ratio",
        "shell: khard time / notebook time",
        "x",
        2.0,
        higher_is_better=True,
        tiers=CORE_TIERS,
        goal_words="≥ 2× faster than khard",
    ),
    Metric(
        "import",
        "LinkedIn import (large 30,000 rows, typical 1,000)",
        "s",
        1.2,
        tiers=CORE_TIERS,
    ),
    Metric("rss_open", "memory: RSS after Notebook.open", "MB", 300),
    Metric(
        "rss_app",
        "memory: RSS with the app mounted",
        "MB",
        200,
        goal_huge=350,
        goal_words="≤ 200 MB (huge ≤ 350 MB)",
    ),
    Metric("rss_prepared", "  … once what name matching reads is built (on a thread)", "MB"),
)
METRIC = {m.key: m for m in METRICS}


@dataclass
class Results:
    """Figures collected over the session: metric key → tier → median (or a note)."""

    values: dict[str, dict[str, float | str]] = field(default_factory=dict)
    runs: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    load_at_start: str = "?"

    def record(self, key: str, tier: str, samples: Sequence[float]) -> float:
        """Store the median of the samples; returns it."""
        if key not in METRIC:
            raise KeyError(key)
        median = statistics.median(samples)
        self.values.setdefault(key, {})[tier] = median
        self.runs[key] = max(self.runs.get(key, 0), len(samples))
        return median

    def mark(self, key: str, tier: str, text: str) -> None:
        self.values.setdefault(key, {})[tier] = text

    def note(self, text: str) -> None:
        self.notes.append(text)


RESULTS = Results()


def _number(value: float, unit: Unit) -> str:
    if unit == "ms":
        return f"{value * 1000:.1f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:.1f}×"


def _cell(value: float | str | None, unit: Unit) -> str:
    if value is None:
        return "—"
    return value if isinstance(value, str) else _number(value, unit)


def _goal_number(goal: float, unit: Unit) -> str:
    if unit == "x":
        return f"{goal:.0f}× faster than khard"
    return f"{goal:.1f} s" if unit == "s" else f"{goal:.0f} {unit}"


def _goal_text(metric: Metric) -> str:
    """Goals are in the metric's display unit (ms goals in milliseconds)."""
    if metric.goal_words:
        return metric.goal_words
    if metric.goal is None:
        return ""
    sign = "≥" if metric.higher_is_better else "≤"
    text = f"{sign} {_goal_number(metric.goal, metric.unit)}"
    if metric.goal_typical is not None:
        text += f" (typical {sign} {_goal_number(metric.goal_typical, metric.unit)})"
    return text


def _meets(metric: Metric, value: float, goal: float) -> bool:
    scaled = value * 1000 if metric.unit == "ms" else value
    return scaled >= goal if metric.higher_is_better else scaled <= goal


def _verdict(metric: Metric, row: dict[str, float | str]) -> str:
    if metric.goal is None:
        return ""
    large = row.get("large")
    if not isinstance(large, float):
        return "n/a"
    missed = []
    if not _meets(metric, large, metric.goal):
        missed.append("large")
    typical = row.get("typical")
    if (
        metric.goal_typical is not None
        and isinstance(typical, float)
        and not _meets(metric, typical, metric.goal_typical)
    ):
        missed.append("typical")
    huge = row.get("huge")
    if (
        metric.goal_huge is not None
        and isinstance(huge, float)
        and not _meets(metric, huge, metric.goal_huge)
    ):
        missed.append("huge")
    if not missed:
        return "yes"
    return "MISSED" if missed == ["large"] else f"MISSED ({' and '.join(missed)})"


def table(results: Results) -> str:
    """The results as one Markdown table, in METRICS order."""
    header = ("metric", "typical", "large", "huge", "goal (large)", "met?")
    rows = [
        (
            m.label,
            _cell(results.values[m.key].get("typical"), m.unit),
            _cell(results.values[m.key].get("large"), m.unit),
            _cell(results.values[m.key].get("huge"), m.unit),
            _goal_text(m),
            _verdict(m, results.values[m.key]),
        )
        for m in METRICS
        if m.key in results.values
    ]
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]

    def line(cells: Iterable[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(header), rule, *(line(r) for r in rows)])


def machine() -> str:
    """A one-paragraph description of this machine, for latest.md."""
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
    cpus = len(os.sched_getaffinity(0))
    return (
        f"{cpus} CPUs usable (nproc), {model}, {mem_kb / 1024 / 1024:.1f} GiB RAM, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
        f"{datetime.now().astimezone():%Y-%m-%d %H:%M %Z}"
    )


def load_average() -> str:
    """The 1-minute load average: on a shared machine, other work skews the figures."""
    return Path("/proc/loadavg").read_text().split()[0]


def report(results: Results, temp_fs: str) -> str:
    runs = ", ".join(f"{k} {n}" for k, n in results.runs.items() if k != "find_ratio")
    parts = [
        "# Benchmark results",
        "",
        "Written by `uv run --group bench pytest tests/benchmarks -m bench -n 0 -s`; figures are "
        "medians. Tiers come from `notebook.demo`: typical = 1,000 people, 5,000 "
        "conversations, 2,000 ties; large = 30,000 people, 50,000 conversations, 30,000 ties; "
        "huge = 100,000 people, 166,000 conversations, 100,000 ties. The floor is what no "
        "Textual app on that file can beat: a fresh interpreter importing Textual, parsing the "
        "file with orjson and painting its names in a minimal Line-API view, timed from spawn "
        "like the launch, in the same run, alternating with it.",
        "",
        f"Machine: {machine()}. Temp files on {temp_fs}.",
        "",
        table(results),
        "",
        f"Runs per median: {runs}. The khard/notebook ratio is that of the two medians.",
    ]
    if results.notes:
        parts += ["", *(f"- {n}" for n in results.notes)]
    return "\n".join(parts) + "\n"


def filesystem_of(path: Path) -> str:
    """The filesystem type a path lives on (fsync costs depend on it)."""
    best, kind = "", "an unknown filesystem"
    for line in Path("/proc/mounts").read_text().splitlines():
        _, mount, fstype, *_ = line.split()
        if str(path).startswith(mount) and len(mount) > len(best):
            best, kind = mount, fstype
    return kind


# -- subprocess scripts ------------------------------------------------------------------------

# The clock starts on the script's first line; spawn-to-ready uses the parent's wall clock,
# handed over in BENCH_SPAWNED_AT, so interpreter start-up is counted too.
LAUNCH_SCRIPT = """\
import time
T0 = time.perf_counter()
import asyncio, json, os, sys
from datetime import date
from notebook.app import NotebookApp
from notebook.viewmodel import Notebook
from notebook.widgets.record_list import RecordList


def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024


async def main():
    notebook = Notebook.open(sys.argv[1], today=date.fromisoformat(sys.argv[2]))
    app = NotebookApp(notebook, user_files=False)
    async with app.run_test(headless=True, size=(120, 36)) as pilot:
        while True:
            found = app.screen.query(RecordList)
            if found and len(found.first().items) > 0:
                break
            await asyncio.sleep(0.001)
        ready, ready_wall = time.perf_counter(), time.time()
        rows = len(found.first().items)
        if sys.argv[3:] == ["prepared"]:  # once a thread has built what matching reads
            while not notebook.people.prepared:
                await asyncio.sleep(0.01)
            await pilot.pause()
        rss = rss_mb()
    notebook.close()
    return {
        "script": ready - T0,
        "spawn": ready_wall - float(os.environ["BENCH_SPAWNED_AT"]),
        "rss_app": rss,
        "rows": rows,
    }


print(json.dumps(asyncio.run(main())))
"""

FLOOR_SCRIPT = """\
import time
T0 = time.perf_counter()
import asyncio, json, os, sys
import orjson
from rich.segment import Segment
from textual.app import App
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


class Names(ScrollView):
    def __init__(self, names):
        super().__init__()
        self.names = names
        self.virtual_size = Size(60, len(names))
        self.painted = False

    def render_line(self, y):
        self.painted = True
        row = y + int(self.scroll_offset.y)
        return Strip([Segment(self.names[row])]) if row < len(self.names) else Strip.blank(60)


class Floor(App):
    def __init__(self, names):
        super().__init__()
        self.names = names

    def compose(self):
        yield Names(self.names)


async def main():
    with open(sys.argv[1], "rb") as file:
        data = orjson.loads(file.read())
    names = [doc.get("name", "") for doc in data.get("people", {}).values()]
    app = Floor(names)
    async with app.run_test(headless=True, size=(120, 36)):
        view = app.query_one(Names)
        while not view.painted:
            await asyncio.sleep(0.001)
        ready_wall = time.time()
    return {"spawn": ready_wall - float(os.environ["BENCH_SPAWNED_AT"]), "rows": len(names)}


print(json.dumps(asyncio.run(main())))
"""

MEMORY_SCRIPT = """\
import json, sys
from datetime import date
from notebook.viewmodel import Notebook


def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024


before = rss_mb()
notebook = Notebook.open(sys.argv[1], read_only=True, today=date.fromisoformat(sys.argv[2]))
print(json.dumps({"before": before, "open": rss_mb(), "people": notebook.people.count()}))
"""


def run_script(
    script: str, args: Sequence[str], env: dict[str, str]
) -> tuple[float, dict[str, float]]:
    """Run a Python snippet in a fresh interpreter; its wall time and its JSON report."""
    env = {**env, "BENCH_SPAWNED_AT": repr(time.time())}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", script, *args], env=env, capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"benchmark script failed: {done.stderr[-3000:]}")
    return wall, json.loads(done.stdout.strip().splitlines()[-1])


# -- test data ---------------------------------------------------------------------------------


def _vcard_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def vcard_of(person: Person) -> str:
    """One vCard 3.0 with the fields khard lists: UID, FN, N, ORG, TITLE, EMAIL, TEL."""
    first, _, last = person.name.partition(" ")
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"UID:nb-{person.id}",
        f"FN:{_vcard_escape(person.name)}",
        f"N:{_vcard_escape(last)};{_vcard_escape(first)};;;",
    ]
    if person.company:
        lines.append(f"ORG:{_vcard_escape(person.company)}")
    if person.title:
        lines.append(f"TITLE:{_vcard_escape(person.title)}")
    lines += [f"EMAIL;TYPE=INTERNET:{e}" for e in person.emails]
    lines += [f"TEL;TYPE=CELL:{_vcard_escape(t)}" for t in person.phones]
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


KHARD_CONFIG = """\
[addressbooks]
[[bench]]
path = {vdir}

[general]
debug = no
default_action = list
editor = true
merge_editor = true

[contact table]
display = formatted_name
sort = last_name
localize_dates = no
show_uids = yes
preferred_email_address_type = pref, work, home
preferred_phone_number_type = pref, cell, home

[vcard]
preferred_version = 3.0
# khard's fast mode: grep the .vcf files for the search term and parse only the hits.
search_in_source_files = yes
skip_unparsable = no
"""


def write_khard_book(people: Iterable[Person], home: Path) -> Path:
    """A vdir with one vCard per person and a khard config in home/.config; returns the vdir."""
    vdir = home / "contacts" / "bench"
    vdir.mkdir(parents=True)
    for person in people:
        (vdir / f"nb-{person.id}.vcf").write_text(vcard_of(person), encoding="utf-8")
    config = home / ".config" / "khard" / "khard.conf"
    config.parent.mkdir(parents=True)
    config.write_text(KHARD_CONFIG.format(vdir=vdir), encoding="utf-8")
    return vdir


def linkedin_csv(rows: int, *, seed: int = 11, today: date) -> bytes:
    """A LinkedIn Connections.csv as "Get a copy of your data" writes it: the real preamble
    (copied from the sample export in tests/data), then `rows` connections, LF line ends."""
    sample = LINKEDIN_SAMPLE.read_text(encoding="utf-8").split("\n")
    header_at = next(i for i, line in enumerate(sample) if line.startswith("First Name,"))
    preamble = "\n".join(sample[: header_at + 1]) + "\n"
    rng = random.Random(seed)
    companies = company_names(max(len(COMPANY_STEMS), rows // 30))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for n in range(rows):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        slug = f"{first}-{last}".lower().replace("'", "")
        connected = today - timedelta(days=rng.randrange(1, 4000))
        writer.writerow(
            [
                first,
                last,
                f"https://www.linkedin.com/in/{slug}-{n:x}{rng.randrange(16**4):04x}",
                # Most connections hide their address; about one in ten shares it.
                f"{slug}.{n}@example.org" if rng.random() < 0.1 else "",
                rng.choice(companies) if rng.random() < 0.93 else "",
                rng.choice(TITLES) if rng.random() < 0.95 else "",
                connected.strftime("%d %b %Y"),
            ]
        )
    return (preamble + out.getvalue()).encode("utf-8")


def lines_of(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.strip()]
