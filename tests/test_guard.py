"""The notebook's guard: a write made on one thread (an import, a merge, a sync in a worker) is
never seen half-made by a reader on another, which can wait for it (`reading()`) or find it
under way without waiting (`busy()`)."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from notebook.records import Person
from notebook.viewmodel import Change, Notebook

TODAY = date(2026, 11, 25)
BATCH = 150
WAIT = 30.0  # seconds: only ever reached if the guard is broken (a test then fails, not hangs)


def test_a_reader_waits_for_a_batch_under_way_and_sees_all_of_it(tmp_path: Path) -> None:
    notebook = Notebook.open(tmp_path / "nb.json", today=TODAY)
    started = threading.Event()
    asked = threading.Event()
    seen: list[tuple[bool, int, int]] = []
    failures: list[BaseException] = []

    def write() -> None:
        try:
            with notebook.batch():
                for n in range(BATCH):
                    notebook.people.add(Person(name=f"Person {n}"))
                    if n == 0:
                        started.set()
                        # The rest is added while the reader asks: without the guard it would
                        # read a notebook with only some of them.
                        assert asked.wait(WAIT)
        except BaseException as error:
            failures.append(error)
            raise

    def read() -> None:
        assert started.wait(WAIT)
        busy = notebook.busy()
        asked.set()
        with notebook.reading():
            seen.append((busy, notebook.people.count(), len(notebook.people.all())))

    writer = threading.Thread(target=write)
    reader = threading.Thread(target=read)
    writer.start()
    reader.start()
    writer.join(WAIT)
    reader.join(WAIT)
    assert not failures
    assert seen == [(True, BATCH, BATCH)]
    assert not notebook.busy()
    notebook.close()


def test_readers_only_ever_see_whole_batches(tmp_path: Path) -> None:
    notebook = Notebook.open(tmp_path / "nb.json", today=TODAY)
    done = threading.Event()
    counts: list[int] = []

    def write() -> None:
        try:
            for batch in range(4):
                with notebook.batch():
                    for n in range(BATCH):
                        notebook.people.add(Person(name=f"Person {batch} {n}"))
        finally:
            done.set()

    def read() -> None:
        while not done.is_set():
            with notebook.reading():
                people = notebook.people
                counts.append(people.count())
                # The indexes agree with the records: none is caught between two updates.
                assert len(people.all()) == people.count() == len(people.search(""))

    writer = threading.Thread(target=write)
    reader = threading.Thread(target=read)
    reader.start()
    writer.start()
    writer.join(WAIT)
    reader.join(WAIT)
    assert counts and all(count % BATCH == 0 for count in counts)
    assert notebook.people.count() == 4 * BATCH
    notebook.close()


def test_a_write_waits_for_a_reader_on_another_thread(tmp_path: Path) -> None:
    notebook = Notebook.open(tmp_path / "nb.json", today=TODAY)
    written = threading.Event()

    def write() -> None:
        notebook.people.add(Person(name="Ann"))
        written.set()

    with notebook.reading():
        writer = threading.Thread(target=write)
        writer.start()
        # Held off for as long as the reader reads: nothing changes under its feet.
        assert not written.wait(0.2)
        assert notebook.people.count() == 0
    writer.join(WAIT)
    assert written.is_set() and notebook.people.count() == 1
    notebook.close()


def test_the_writing_thread_is_never_held_off_by_its_own_guard(tmp_path: Path) -> None:
    notebook = Notebook.open(tmp_path / "nb.json", today=TODAY)
    with notebook.batch():
        assert not notebook.busy()  # busy means another thread
        with notebook.reading():
            ann = notebook.people.add(Person(name="Ann"))
    assert notebook.people.get(ann.id or 0).name == "Ann"
    notebook.close()


def test_listeners_are_told_once_the_guard_is_free(tmp_path: Path) -> None:
    """A listener may wait for another thread (the app's waits for the UI thread to take a
    worker's change): that thread must be able to read meanwhile, or both would wait forever."""
    notebook = Notebook.open(tmp_path / "nb.json", today=TODAY)
    told: list[tuple[bool, bool]] = []

    def listener(change: Change) -> None:
        answer: list[bool] = []
        other = threading.Thread(target=lambda: answer.append(notebook.busy()))
        other.start()
        other.join(WAIT)
        told.append(("people" in change.tables, answer == [False]))

    notebook.change_listeners.append(listener)
    writer = threading.Thread(target=lambda: notebook.people.add(Person(name="Ann")))
    writer.start()
    writer.join(WAIT)
    with notebook.batch():
        notebook.people.add(Person(name="Bob"))
        notebook.people.add(Person(name="Cy"))
    assert told == [(True, True), (True, True)]  # once each: the write, the batch
    notebook.close()
