"""Saving in the background, as the app does: a write changes memory and returns, one thread of
the store's writes the file, in order; a save that fails puts memory back as the file holds it
(with every later write, which built on it), and says so once, on the writing thread."""

from __future__ import annotations

import contextlib
import copy
import errno
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest

from notebook import compact
from notebook.records import Person
from notebook.store import (
    BACKUP_DIR,
    ExternalChangeError,
    SaveError,
    SaveSkippedError,
    Store,
)
from notebook.viewmodel import Change, NewPerson, Notebook

from .shapes import small_notebook
from .test_store_faults import ERRNOS, Faults, first_save_calls, make_notebook, temps

TODAY = date(2026, 11, 30)


class Settled:
    """Counts the saver thread's calls, as the app would be told of them."""

    def __init__(self) -> None:
        self.calls = 0
        self._lock = threading.Lock()

    def __call__(self) -> None:
        with self._lock:
            self.calls += 1


@pytest.fixture
def background(tmp_path: Path) -> Iterator[tuple[Store, Path]]:
    path = tmp_path / "nb.json"
    make_notebook(path)
    store = Store.open(path)
    store.save_in_background(Settled())
    try:
        yield store, path
    finally:
        store.close()


def on_disk(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = orjson.loads(path.read_bytes())
    return data


def names(data: dict[str, Any]) -> list[str]:
    return [d["name"] for d in data["people"].values()]


def test_a_write_returns_before_the_disk_has_it(
    background: tuple[Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, path = background
    before = path.read_bytes()
    release = threading.Event()
    real_fsync = os.fsync

    def slow_fsync(fd: int) -> None:
        release.wait(30)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", slow_fsync)
    store.insert("people", {"name": "Cy"})
    # Memory has it at once; the file does not, until the disk has answered.
    assert names(store.data) == ["Ann", "Bo", "Cy"]
    assert store.saving and path.read_bytes() == before
    release.set()
    assert store.wait_saved() is None
    assert store.settle() is None and not store.saving
    assert names(on_disk(path)) == ["Ann", "Bo", "Cy"]


def test_many_writes_reach_the_file_in_order(background: tuple[Store, Path]) -> None:
    store, path = background
    for n in range(40):
        store.insert("people", {"name": f"P{n}"})
        store.put_setting("last", n)
    assert store.wait_saved() is None
    assert store.settle() is None
    assert on_disk(path) == store.data
    assert names(on_disk(path))[-1] == "P39" and on_disk(path)["settings"]["1"]["last"] == 39
    calls = store._on_settled
    assert isinstance(calls, Settled) and calls.calls == 80


def test_a_fault_at_any_step_of_a_background_save_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same faults as a save made in place (test_store_faults), made on the saver thread:
    the file is byte-identical, memory is back as it was, no temp is left, the error is said
    once, and the next write is saved."""
    calls = first_save_calls(tmp_path, monkeypatch)
    cases = [
        (name, n, code) for name, count in calls.items() for n in range(count) for code in ERRNOS
    ]
    refused = 0
    for name, nth, code in cases:
        case = f"{name} call {nth} failing with {errno.errorcode[code]}"
        folder = tmp_path / f"{name}-{nth}-{code}"
        path = folder / "nb.json"
        make_notebook(path)
        before = path.read_bytes()
        faults = Faults(monkeypatch)
        with Store.open(path) as store:
            store.save_in_background(Settled())
            memory = copy.deepcopy(store.data)
            with faults.failing(name, nth, code):
                store.describe_write("adding FAILED CHANGE")
                store.insert("people", {"name": "FAILED CHANGE"})
                # Written before the first save has been tried: it builds on it.
                store.insert("people", {"name": "LATER CHANGE"})
                error = store.wait_saved()
            failure = store.settle()
            if error is not None:
                refused += 1
                assert failure is not None and failure.error is error, case
                message = str(error)
                assert str(path) in message and "nothing was saved" in message, case
                assert os.strerror(code) in message and "\n" not in message, case
                assert failure.undone == ("adding FAILED CHANGE",), case
                assert path.read_bytes() == before, case
                assert store.data == memory, case
                assert store.settle() is None  # said once
                expected = ["Ann", "Bo", "Next"]
            else:
                # The fault hit the upkeep after the save, which never undoes it.
                assert failure is None, case
                expected = ["Ann", "Bo", "FAILED CHANGE", "LATER CHANGE", "Next"]
            assert temps(folder) == [] and temps(folder / BACKUP_DIR) == [], case
            store.insert("people", {"name": "Next"})
            assert store.wait_saved() is None and store.settle() is None, case
        assert names(on_disk(path)) == expected, case
    assert refused >= 45


def test_writes_queued_behind_a_failed_save_are_skipped_and_undone(
    background: tuple[Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, path = background
    before, memory = path.read_bytes(), copy.deepcopy(store.data)
    started, release = threading.Event(), threading.Event()
    real_replace = os.replace

    def failing_replace(src: Any, dst: Any) -> None:
        started.set()
        release.wait(30)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", failing_replace)
    store.describe_write("first")
    store.insert("people", {"name": "First"})
    assert started.wait(30)
    store.describe_write("second")
    store.insert("people", {"name": "Second"})
    store.describe_write("third")
    store.put_setting("theme", "light")
    jobs = list(store._pending)
    release.set()
    error = store.wait_saved()
    assert isinstance(error, SaveError)
    # The saver never tried the later ones, and says why.
    assert [type(job.outcome) for job in jobs] == [SaveError, SaveSkippedError, SaveSkippedError]
    assert "an earlier change could not be saved" in str(jobs[1].outcome)
    monkeypatch.setattr(os, "replace", real_replace)
    failure = store.settle()
    assert failure is not None and failure.undone == ("first", "second", "third")
    assert store.data == memory and path.read_bytes() == before
    assert not store.saving
    store.insert("people", {"name": "After"})
    assert store.wait_saved() is None and store.settle() is None
    assert names(on_disk(path)) == ["Ann", "Bo", "After"]
    assert on_disk(path)["settings"]["1"]["theme"] == "dark"


def test_a_file_changed_on_disk_is_read_again_not_overwritten(
    background: tuple[Store, Path],
) -> None:
    store, path = background
    theirs = on_disk(path)
    theirs["people"]["1"]["name"] = "Ann (edited elsewhere)"
    path.write_bytes(orjson.dumps(theirs))
    store.insert("people", {"name": "Mine"})
    assert isinstance(store.wait_saved(), ExternalChangeError)
    failure = store.settle()
    assert failure is not None and isinstance(failure.error, ExternalChangeError)
    assert "now shows the file as it is" in str(failure.error)
    assert names(store.data) == ["Ann (edited elsewhere)", "Bo"]
    assert names(on_disk(path)) == ["Ann (edited elsewhere)", "Bo"]
    # The next change builds on the file as it now is.
    store.insert("people", {"name": "Mine again"})
    assert store.wait_saved() is None and store.settle() is None
    assert names(on_disk(path)) == ["Ann (edited elsewhere)", "Bo", "Mine again"]


def test_closing_waits_for_the_saves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "nb.json"
    make_notebook(path)
    real_fsync = os.fsync
    slow = threading.Event()

    def slow_fsync(fd: int) -> None:
        slow.wait(0.2)
        real_fsync(fd)

    store = Store.open(path)
    store.save_in_background(Settled())
    monkeypatch.setattr(os, "fsync", slow_fsync)
    for n in range(3):
        store.insert("people", {"name": f"Late {n}"})
    store.close()
    assert names(on_disk(path))[-3:] == ["Late 0", "Late 1", "Late 2"]


def _notebook(path: Path, settled: Callable[[], None]) -> Notebook:
    notebook = Notebook.open(path, today=TODAY)
    notebook.save_in_background(settled)
    return notebook


def test_the_view_model_goes_back_with_memory_and_tells_its_listeners(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "nb.json"
    notebook = _notebook(path, Settled())
    told: list[Change] = []
    notebook.change_listeners.append(told.append)
    try:
        dana = notebook.people.add(Person(name="Dana Nguyen"))
        notebook.wait_saved()
        assert notebook.settle_saves() is None
        (added,) = told
        assert "people" in added.tables and not added.went_back
        before = path.read_bytes()
        faults = Faults(monkeypatch)
        with faults.failing("fsync", 0, errno.ENOSPC):
            result = notebook.conversations.note(
                [dana.id or 0, NewPerson("Sam Lee")],
                when=date(2026, 11, 29),
                summary="coffee at the bakery",
                follow_up="send resume",
            )
            # Shown at once, before the disk has answered.
            assert [p.name for p in notebook.people.all()] == ["Dana Nguyen", "Sam Lee"]
            assert result.interaction.summary == "coffee at the bakery"
            with pytest.raises(SaveError):
                notebook.wait_saved()
        failure = notebook.settle_saves()
        assert failure is not None
        assert failure.undone == ("the note “coffee at the bakery”",)
        assert told[-1].went_back
        assert path.read_bytes() == before
        assert [p.name for p in notebook.people.all()] == ["Dana Nguyen"]
        assert notebook.conversations.timeline(dana.id or 0) == []
        assert notebook.follow_ups.open() == []
        assert notebook.upkeep.last_talked(dana.id or 0) is None
        notebook.conversations.note([dana.id or 0], when=date(2026, 11, 29), summary="tea")
    finally:
        notebook.close()
    again = Notebook.open(path, read_only=True)
    try:
        assert [i.summary for i in again.conversations.iter()] == ["tea"]
    finally:
        again.close()


def test_a_read_only_notebook_never_starts_a_saver(tmp_path: Path) -> None:
    path = tmp_path / "nb.json"
    make_notebook(path)
    with Store.open(path, read_only=True) as store:
        store.save_in_background(Settled())
        assert store._saver is None


def test_a_failure_names_only_the_writes_it_undid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "nb.json"
    notebook = _notebook(path, Settled())
    try:
        ann = notebook.people.add(Person(name="Ann Archer"))
        notebook.wait_saved()
        assert notebook.settle_saves() is None
        notebook.put_setting("theme", "x")
        notebook.put_setting("theme", "x")  # saves nothing: named nowhere
        notebook.wait_saved()
        assert notebook.settle_saves() is None
        with Faults(monkeypatch).failing("fsync", 0, errno.ENOSPC):
            notebook.upkeep.snooze(ann.id or 0, date(2026, 12, 24))
            with pytest.raises(SaveError):
                notebook.wait_saved()
        failure = notebook.settle_saves()
        assert failure is not None and failure.undone == ("snoozing Ann Archer",)
    finally:
        notebook.close()


def test_a_failure_said_on_stderr_cannot_drive_the_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from notebook.app import failure_line

    path = tmp_path / "nb.json"
    notebook = _notebook(path, Settled())
    try:
        ann = notebook.people.add(Person(name="Ann"))
        notebook.wait_saved()
        assert notebook.settle_saves() is None
        with Faults(monkeypatch).failing("fsync", 0, errno.EIO):
            # A note's summary is cleaned on the way in; what quotes it is cleaned on the way out.
            notebook.conversations.note([ann.id or 0], when=date(2026, 11, 29), summary="lunch")
            with pytest.raises(SaveError):
                notebook.wait_saved()
        failure = notebook.settle_saves()
        assert failure is not None
        hostile = replace(failure, undone=("the note “\x1b]52;c;aGk=\x07\x1b[2Jlunch”",))
        line = failure_line(hostile)
        assert "\x1b" not in line and "\x07" not in line and "\n" not in line
        assert line.startswith("notebook: not saved: could not save ")
        assert "Undone: the note “" in line and "lunch”." in line
    finally:
        notebook.close()


# -- the file's bytes, made on the saver thread from a snapshot of memory ------------------------


class Recording(Store):
    """A store that keeps a copy of each content the saver thread writes (then writes it)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.written: list[bytes] = []

    def _write_file(self, content: bytes | None = None) -> None:
        if content is not None:
            self.written.append(bytes(content))
        super()._write_file(content)


@pytest.fixture(params=["compact", "dicts"])
def recording(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Recording]:
    """A notebook saving in the background, read compact or (a newer notebook's extra table
    in it) as dicts: the two ways memory can hold it."""
    data = small_notebook()
    if request.param == "dicts":
        data["newer_table"] = {"1": {"kept": True}}
    path = tmp_path / "nb.json"
    path.write_bytes(orjson.dumps(data))
    Store.open(path).close()  # checked once, as any notebook is on its first open
    store = Recording.open(path)
    assert isinstance(store, Recording)
    assert store._compact is (request.param == "compact")
    store.save_in_background(Settled())
    try:
        yield store
    finally:
        store.close()


def test_each_save_holds_memory_as_it_was_at_its_write_however_late_it_is_made(
    recording: Recording,
) -> None:
    """The saver makes a save's bytes after the write returned, from the tables as they were
    then: writes made before it gets to them must not show (each has its own save), however
    the tables changed meanwhile (added to, changed, removed from, a block undone)."""
    store = recording
    expected: list[bytes] = []
    # While this thread holds the file, the saver makes the first save's bytes and waits to
    # write them: every later save is queued, its tables lent, while memory moves on.
    with store._file_lock:
        store.insert("people", {"name": "First"})
        expected.append(store._content())
        person = store.get("people", 1)
        assert person is not None
        store.replace("people", 1, {**person, "name": "Dana Renamed"})
        expected.append(store._content())
        store.insert("interactions", {"when": "2026-11-29", "people": [1], "summary": "Met"})
        expected.append(store._content())
        store.remove("people", [2])
        expected.append(store._content())
        with contextlib.suppress(KeyError), store.savepoint():
            store.insert("people", {"name": "Undone"})
            store.update("people", 999, {"name": "no such person"})  # fails: the block undone
        store.put_setting("theme", "light")
        expected.append(store._content())
        assert store._lent  # the saver has not made the later saves' bytes yet
    assert store.wait_saved() is None and store.settle() is None
    assert store.written == expected
    assert store.path.read_bytes() == expected[-1]
    assert not store._lent


def test_the_bytes_are_made_on_the_saver_thread_not_the_writers(
    recording: Recording, monkeypatch: pytest.MonkeyPatch
) -> None:
    made_on: list[str] = []
    for name in ("write", "write_in_chunks"):
        real = getattr(compact.Snapshot, name)

        def spy(snapshot: compact.Snapshot, real: Callable[..., bytes] = real) -> bytes:
            made_on.append(threading.current_thread().name)
            return real(snapshot)

        monkeypatch.setattr(compact.Snapshot, name, spy)
    for n in range(3):
        recording.insert("people", {"name": f"Person {n}"})
    assert recording.wait_saved() is None and recording.settle() is None
    assert len(made_on) == 3 and all(name.startswith("notebook-save") for name in made_on)
    assert names(on_disk(recording.path))[-3:] == ["Person 0", "Person 1", "Person 2"]


def test_a_failure_making_the_bytes_is_a_failed_save_that_changes_nothing(
    recording: Recording, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Everything a save holds was checked before it was queued, so only the machine can make
    this fail (memory running out): said, undone and given back like any failed save."""
    store = recording
    before, memory = store.path.read_bytes(), copy.deepcopy(compact.plain(store.data))

    def out_of_memory(snapshot: compact.Snapshot) -> bytes:
        raise MemoryError

    monkeypatch.setattr(compact.Snapshot, "write_in_chunks", out_of_memory)
    store.describe_write("adding Nobody")
    store.insert("people", {"name": "Nobody"})
    error = store.wait_saved()
    assert isinstance(error, SaveError) and "preparing the new content" in str(error)
    failure = store.settle()
    assert failure is not None and failure.undone == ("adding Nobody",)
    assert compact.plain(store.data) == memory and store.path.read_bytes() == before
    assert not store._lent
    monkeypatch.undo()
    store.insert("people", {"name": "Somebody"})
    assert store.wait_saved() is None and store.settle() is None
    assert names(on_disk(store.path))[-1] == "Somebody"
