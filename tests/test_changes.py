"""The view model announces each write once it is made (the app's screens redraw from that,
never from calls of their own), and memory going back after a failure."""

from __future__ import annotations

import errno
from datetime import date
from pathlib import Path

import pytest

from notebook.records import Person
from notebook.store import SaveError
from notebook.viewmodel import Change, NewPerson, Notebook

from .test_store_faults import Faults

TODAY = date(2026, 11, 30)


@pytest.fixture
def notebook(tmp_path: Path) -> Notebook:
    return Notebook.open(tmp_path / "nb.json", today=TODAY)


def test_each_write_is_announced_once_with_its_tables(notebook: Notebook) -> None:
    told: list[Change] = []
    notebook.change_listeners.append(told.append)
    ann = notebook.people.add(Person(name="Ann"))
    # A note is several writes (a new person, the conversation, a follow-up) made as one.
    notebook.conversations.note(
        [ann.id or 0, NewPerson("Bo")], when=TODAY, summary="coffee", follow_up="send the deck"
    )
    notebook.put_setting("theme", "light")
    assert len(told) == 3
    assert "people" in told[0].tables
    assert {"people", "interactions", "followups"} <= told[1].tables
    assert "settings" in told[2].tables and "people" not in told[2].tables
    assert not any(change.went_back for change in told)
    notebook.close()


def test_a_batch_is_announced_once_and_a_write_that_changes_nothing_not_at_all(
    notebook: Notebook,
) -> None:
    told: list[Change] = []
    notebook.change_listeners.append(told.append)
    with notebook.batch():
        ann = notebook.people.add(Person(name="Ann"))
        notebook.upkeep.set_cadence(ann.id or 0, 30)
    assert len(told) == 1
    notebook.put_setting("theme", "dark")
    notebook.put_setting("theme", "dark")  # the same again: nothing to save
    assert len(told) == 2
    notebook.close()


def test_a_failed_write_is_announced_as_memory_going_back(
    notebook: Notebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[Change] = []
    notebook.change_listeners.append(told.append)
    with Faults(monkeypatch).failing("fsync", 0, errno.EIO), pytest.raises(SaveError):
        notebook.people.add(Person(name="Ann"))
    assert [change.went_back for change in told] == [True]
    assert notebook.people.all() == []
    notebook.close()
