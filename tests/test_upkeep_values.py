"""The upkeep part (notebook/model/upkeep.py): after any run of writes, including ones that
fail and roll memory back, its per-person values equal a recomputation from scratch, and what it
answers (last contact, cadence, status, the stale list, the overdue order) equals the rules
worked out by hand from the records."""

from __future__ import annotations

import contextlib
import errno
import itertools
import statistics
import tempfile
from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notebook import dates
from notebook import store as store_module
from notebook.model.upkeep import Cadence, RelationshipStatus, Staleness, Upkeep, infer_cadence
from notebook.records import DEFAULT_CADENCE_DAYS, Person
from notebook.search import fold
from notebook.store import ExternalChangeError, SaveError
from notebook.viewmodel import DeletedConversation, NewPerson, Notebook

TODAY = date(2026, 11, 25)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


# -- the rules, worked out by hand from the records ----------------------------------------------


def by_hand(nb: Notebook) -> dict[int, Staleness]:
    """Each person's Staleness by the rules as the README states them."""
    days_of: defaultdict[int, set[date]] = defaultdict(set)
    for interaction in nb.conversations.iter():
        for pid in interaction.people:
            days_of[pid].add(interaction.day)
    default = int(nb.settings().get("default_cadence_days", DEFAULT_CADENCE_DAYS))
    found = {}
    for person in nb.people.iter():
        pid = person.id or 0
        days = sorted(days_of[pid])
        if days:
            last: date | None = days[-1]
        elif person.connected_on:
            last = person.connected_on
        elif person.created_at:
            last = date.fromisoformat(person.created_at[:10])
        else:
            last = None
        if person.cadence_days:
            cadence = Cadence(person.cadence_days, "set")
        elif len(days) >= 3:
            gaps = [(b - a).days for a, b in itertools.pairwise(days)]
            cadence = Cadence(max(7, min(365, round(statistics.median(gaps)))), "inferred")
        else:
            cadence = Cadence(default, "default")
        since = (nb.today - last).days if last else 0
        found[pid] = Staleness(person, last, cadence, since, bool(days))
    return found


def status_by_hand(entry: Staleness, today: date) -> RelationshipStatus:
    person = entry.person
    if person.archived:
        return RelationshipStatus("archived")
    if person.snoozed_until and person.snoozed_until > today:
        return RelationshipStatus("snoozed", snoozed_until=person.snoozed_until)
    if not entry.talked:
        return RelationshipStatus("not yet contacted" if entry.is_kept_up else "cold")
    if entry.is_stale:
        return RelationshipStatus("overdue", days_overdue=entry.days_overdue)
    return RelationshipStatus("due soon" if entry.is_due_soon else "on track")


def assert_answers_by_hand(nb: Notebook) -> None:
    entries = by_hand(nb)
    today = nb.today
    for pid, entry in entries.items():
        assert nb.upkeep.staleness(pid) == entry
        assert nb.upkeep.last_contact(pid) == entry.last_contact
        assert nb.upkeep.last_talked(pid) == (entry.last_contact if entry.talked else None)
        assert nb.upkeep.cadence(pid) == entry.cadence
        assert nb.upkeep.status(pid) == status_by_hand(entry, today)
    stale = [
        e
        for e in entries.values()
        if e.is_stale
        and not e.person.archived
        and not (e.person.snoozed_until and e.person.snoozed_until > today)
    ]
    stale.sort(key=lambda e: (not e.talked, -e.days_overdue, fold(e.person.name), e.person.id))
    assert nb.upkeep.stale() == stale
    assert nb.upkeep.stale(limit=2) == stale[:2]
    assert nb.upkeep.stale(tag="Mentor") == [
        e for e in stale if "mentor" in map(fold, e.person.tags)
    ]
    # People by overdue: whoever the Status column calls overdue, most days first, then the
    # rest, each in name order (the sort is stable).
    everyone = nb.people.all()
    statuses = {p.id: nb.upkeep.status(p.id or 0) for p in everyone}
    expected = sorted(
        everyone,
        key=lambda p: (statuses[p.id].kind != "overdue", -statuses[p.id].days_overdue),
    )
    assert nb.people.listing(order="overdue") == expected
    last_first = sorted(
        everyone, key=lambda p: -(nb.upkeep.last_contact(p.id or 0) or date.min).toordinal()
    )
    assert nb.people.listing(order="last contact") == last_first


# -- the values, against a recomputation from scratch --------------------------------------------


def values(upkeep: Upkeep) -> dict[str, Any]:
    return {
        "talked": upkeep._talked,
        "inferred": upkeep._inferred,
        "untalked": upkeep._untalked,
        "due": upkeep._due,
        "snoozed": upkeep._snoozed,
        "default": upkeep._default_days,
    }


def assert_values_as_from_scratch(nb: Notebook) -> None:
    kept = nb.upkeep
    fresh = Upkeep(nb)
    fresh._load()
    assert values(kept) == values(fresh)
    if kept._queue is not None:  # kept in order by each write since the first stale list
        fresh._sorted_queue()
        assert kept._queue == fresh._queue
        assert kept._queued == fresh._queued
    if kept._entries_day == nb.today.toordinal():
        for pid, entry in kept._entries.items():
            assert entry == fresh.staleness(pid), pid


# -- random writes ---------------------------------------------------------------------------

OPERATIONS = (
    "add",
    "note",
    "note_new",
    "edit_note",
    "delete_note",
    "undo_delete",
    "rename",
    "connect",
    "archive",
    "unarchive",
    "snooze",
    "unsnooze",
    "cadence",
    "forget",
    "default",
    "failed_save",
    "failed_batch",
    "outside_change",
    "import",
    "reload",
    "look",
)


def apply(nb: Notebook, data: st.DataObject, deleted: list[DeletedConversation]) -> None:
    operation = data.draw(st.sampled_from(OPERATIONS), label="operation")
    ids = sorted(p.id or 0 for p in nb.people.iter())
    some_days = st.integers(min_value=0, max_value=400)
    if operation == "add" or not ids:
        nb.people.add(
            Person(
                name=data.draw(st.sampled_from(["Ann", "Bo", "Cy", "Di", "Ann"]), label="name"),
                cadence_days=data.draw(st.none() | st.integers(1, 60), label="cadence"),
                connected_on=data.draw(st.none() | some_days.map(ago), label="connected"),
                tags=data.draw(st.sampled_from([(), ("mentor",), ("Mentor", "x")]), label="tags"),
            )
        )
        return
    pid = data.draw(st.sampled_from(ids), label="person")
    person = nb.people.get(pid)
    conversations = sorted(i.id or 0 for i in nb.conversations.iter())
    if operation == "note":
        who = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3), label="who")
        nb.conversations.note(who, when=ago(data.draw(some_days, label="days ago")))
    elif operation == "note_new":
        nb.conversations.note(
            [pid, NewPerson("Eve")], when=ago(data.draw(some_days, label="days ago"))
        )
    elif operation == "edit_note" and conversations:
        interaction = nb.conversations.get(data.draw(st.sampled_from(conversations), label="talk"))
        who = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3), label="who")
        when = ago(data.draw(some_days, label="days ago"))
        nb.conversations.edit(replace(interaction, people=tuple(dict.fromkeys(who)), when=when))
    elif operation == "delete_note" and conversations:
        deleted.append(nb.conversations.delete(data.draw(st.sampled_from(conversations))))
    elif operation == "undo_delete" and deleted:
        with contextlib.suppress(LookupError):  # everyone in it was forgotten since
            nb.conversations.restore(deleted.pop())
    elif operation == "rename":
        nb.people.edit(replace(person, name=data.draw(st.sampled_from(["Zed", "Al", "ann"]))))
    elif operation == "connect":
        connected = data.draw(st.none() | some_days.map(ago), label="connected")
        nb.people.edit(replace(person, connected_on=connected))
    elif operation == "archive":
        nb.people.archive(pid)
    elif operation == "unarchive":
        nb.people.archive(pid, archived=False)
    elif operation == "snooze":
        nb.upkeep.snooze(pid, TODAY + timedelta(days=data.draw(st.integers(1, 30), label="for")))
    elif operation == "unsnooze":
        nb.upkeep.snooze(pid, None)
    elif operation == "cadence":
        nb.upkeep.set_cadence(pid, data.draw(st.none() | st.integers(1, 400), label="cadence"))
    elif operation == "forget":
        nb.people.forget(pid)
    elif operation == "default":
        nb.put_setting("default_cadence_days", data.draw(st.integers(1, 400), label="default"))
    elif operation == "failed_save":
        # The disk fills up mid-save: nothing is saved and memory goes back.
        before = nb.path.read_bytes()
        talks = list(nb.conversations.iter())
        full = OSError(errno.ENOSPC, "No space left on device")
        with (
            mock.patch.object(store_module.os, "fsync", side_effect=full),
            pytest.raises(SaveError),
        ):
            nb.conversations.note([pid], when=TODAY, summary="lost", follow_up="send it")
        assert nb.path.read_bytes() == before
        assert list(nb.conversations.iter()) == talks
    elif operation == "failed_batch":
        with pytest.raises(RuntimeError), nb.batch():
            nb.conversations.note([pid], when=TODAY, summary="lost")
            nb.upkeep.set_cadence(pid, 1)
            nb.put_setting("default_cadence_days", 2)
            raise RuntimeError("changed my mind")
    elif operation == "outside_change":
        # Another program changed the file: the write is refused and memory reads the file.
        doc = orjson.loads(nb.path.read_bytes())
        key = str(pid)
        cadence = (person.cadence_days or 0) % 40 + 1  # never the one it has
        doc["people"][key]["cadence_days"] = cadence
        doc["people"][key]["archived"] = False
        nb.path.write_bytes(orjson.dumps(doc))
        with pytest.raises(ExternalChangeError):
            nb.conversations.note([pid], when=TODAY)
        assert nb.upkeep.cadence(pid) == Cadence(cadence, "set")
    elif operation == "import":
        nb.people.add_many(
            [
                Person(name="Imported", connected_on=ago(data.draw(some_days, label="days"))),
                Person(name="Kept Up", cadence_days=data.draw(st.integers(1, 60), label="c")),
            ]
        )
    elif operation == "reload":
        nb.reload()
    elif operation == "look":
        nb.upkeep.stale()  # builds the stale list's order, which later writes must keep in order
        nb.people.listing(order="overdue")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_kind_of_write_keeps_the_values_as_from_scratch(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        nb = Notebook.open(Path(folder) / "nb.json", today=TODAY)
        try:
            if data.draw(st.booleans(), label="look first"):
                nb.upkeep.stale()
            deleted: list[DeletedConversation] = []
            for _ in range(data.draw(st.integers(1, 25), label="writes")):
                apply(nb, data, deleted)
                assert_values_as_from_scratch(nb)
            assert_answers_by_hand(nb)
            again = Notebook.open(nb.path, read_only=True, today=TODAY)
            try:
                assert values(again.upkeep) == values(nb.upkeep)
            finally:
                again.close()
        finally:
            nb.close()


# -- single rules ----------------------------------------------------------------------------


@given(st.lists(st.integers(1, 800_000), min_size=0, max_size=12, unique=True))
def test_inferred_cadence_is_the_median_gap_within_a_week_and_a_year(days: list[int]) -> None:
    days.sort()
    if len(days) < 3:
        assert infer_cadence(days) is None
    else:
        gaps = [b - a for a, b in itertools.pairwise(days)]
        assert infer_cadence(days) == max(7, min(365, round(statistics.median(gaps))))


def test_a_new_day_is_worked_out_afresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Staleness kept for one day is not handed out the next."""
    monkeypatch.setattr(dates, "today", lambda: TODAY)
    nb = Notebook.open(tmp_path / "nb.json")
    try:
        ann = nb.people.add(Person(name="Ann"))
        bo = nb.people.add(Person(name="Bo", cadence_days=30))
        nb.conversations.note([ann.id or 0], when=ago(80))
        nb.conversations.note([bo.id or 0], when=ago(20))
        assert nb.upkeep.stale() == []
        assert nb.upkeep.status(ann.id or 0).kind == "due soon"
        monkeypatch.setattr(dates, "today", lambda: TODAY + timedelta(days=15))
        assert [(s.person.name, s.days_overdue) for s in nb.upkeep.stale()] == [
            ("Ann", 5),
            ("Bo", 5),
        ]
        assert nb.upkeep.status(bo.id or 0) == RelationshipStatus("overdue", days_overdue=5)
        assert [p.name for p in nb.people.listing(order="overdue")] == ["Ann", "Bo"]
    finally:
        nb.close()


def test_the_default_cadence_moves_everyone_on_it(tmp_path: Path) -> None:
    nb = Notebook.open(tmp_path / "nb.json", today=TODAY)
    try:
        ann = nb.people.add(Person(name="Ann"))
        bo = nb.people.add(Person(name="Bo", cadence_days=90))
        nb.conversations.note([ann.id or 0, bo.id or 0], when=ago(60))
        assert nb.upkeep.stale() == []
        nb.put_setting("default_cadence_days", 45)
        assert [s.person.name for s in nb.upkeep.stale()] == ["Ann"]
        assert nb.upkeep.due_day(ann.id or 0) == ago(15)
        nb.replace_settings({})  # back to 90 days
        assert nb.upkeep.stale() == []
        assert_values_as_from_scratch(nb)
    finally:
        nb.close()
