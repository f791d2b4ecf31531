"""Two copies of one notebook merged: uids in every table, change stamps, tombstones, and the
merge itself (the rules on the model, the shell command, and a property over random edits)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notebook.cli import main
from notebook.merge import (
    MergeError,
    conflict_copies,
    merge_data,
    merge_file,
    records_by_uid,
)
from notebook.records import CHANGE_HISTORY, Person, derived_record_uid
from notebook.store import Store, StoreError
from notebook.viewmodel import NewPerson, Notebook

from .shapes import small_notebook

DAY = date(2026, 11, 20)


def make(path: Path) -> Notebook:
    """Dana and Sam, who know each other; a coffee with both, a follow-up and an ask."""
    nb = Notebook.open(path, today=DAY)
    dana = nb.people.add(Person(name="Dana Okafor", company="Acme"))
    sam = nb.people.add(Person(name="Sam Lee"))
    nb.ties.add(dana.id or 0, sam.id or 0, relation="colleagues")
    nb.conversations.note(
        [dana.id or 0, sam.id or 0], when=DAY, summary="Coffee", follow_up="send CV"
    )
    nb.asks.add("Acme", dana.id or 0, asked_on=DAY)
    return nb


def two_copies(tmp_path: Path) -> tuple[Notebook, Notebook]:
    first = make(tmp_path / "laptop.json")
    first.close()
    shutil.copy(tmp_path / "laptop.json", tmp_path / "desktop.json")
    return (
        Notebook.open(tmp_path / "laptop.json", today=DAY),
        Notebook.open(tmp_path / "desktop.json", today=DAY),
    )


def person_named(nb: Notebook, name: str) -> Person:
    [person] = [p for p in nb.people.iter() if p.name == name]
    return person


def merged(into: Notebook, other: Notebook, *, dry_run: bool = False) -> Any:
    other.close()
    return merge_file(into, other.path, dry_run=dry_run)


def content(nb: Notebook) -> dict[str, Any]:
    """What the notebook holds, whatever its ids: records by uid, no change stamps."""
    return records_by_uid(nb.store.data)


def test_what_drives_a_terminal_is_stripped_from_the_other_copy_on_the_way_in(
    tmp_path: Path,
) -> None:
    """A copy edited by hand or by another program may hold escapes: merged in, they are
    stripped as from any other file (they were kept, and `prep --json` printed them)."""
    ours, theirs = two_copies(tmp_path)
    hostile = "Zed \x1b[31mRed\x1b]0;title\x07 \u202eX"
    desktop = orjson.loads(theirs.path.read_bytes())
    theirs.close()
    desktop["people"]["3"] = {**desktop["people"]["1"], "name": hostile, "uid": "u-zed"}
    desktop["people"]["3"]["notes"] = "line one\nline \x9btwo"
    desktop["meta"]["1"]["next_ids"]["people"] = 4
    theirs.path.write_bytes(orjson.dumps(desktop))
    merge_file(ours, theirs.path)
    (zed,) = [p for p in ours.people.iter() if p.name.startswith("Zed")]
    assert (zed.name, zed.notes) == ("Zed Red X", "line one\nline two")


# -- what the store keeps for merging ------------------------------------------------------------


def test_every_new_record_has_a_uid_and_it_never_changes(tmp_path: Path) -> None:
    nb = make(tmp_path / "nb.json")
    data = orjson.loads(nb.path.read_bytes())
    for table in ("people", "interactions", "ties", "followups", "asks"):
        uids = [doc["uid"] for doc in data[table].values()]
        assert uids and all(uids) and len(set(uids)) == len(uids), table
    tie = nb.ties.all()[0]
    # Tying the same two again rebuilds the tie, but it stays the same record.
    again = nb.ties.add(tie.a, tie.b, relation="friends")
    assert again.uid == tie.uid == nb.store.get("ties", tie.id or 0)["uid"]  # type: ignore[index]
    nb.store.update("ties", tie.id or 0, {"uid": "something else"})
    assert nb.store.get("ties", tie.id or 0)["uid"] == tie.uid  # type: ignore[index]


def test_a_change_stamps_only_the_fields_it_changes_and_keeps_a_short_history(
    tmp_path: Path,
) -> None:
    nb = make(tmp_path / "nb.json")
    dana = person_named(nb, "Dana Okafor")
    assert "changes" not in nb.store.get("people", dana.id or 0)  # type: ignore[operator]
    for n in range(CHANGE_HISTORY + 3):
        dana = nb.people.edit(replace(dana, company=f"Company {n}"))
    doc = nb.store.get("people", dana.id or 0)
    assert doc is not None
    stamps = doc["changes"]["company"]
    assert set(doc["changes"]) == {"company"}
    assert len(stamps) == CHANGE_HISTORY and stamps == sorted(stamps)
    nb.people.edit(replace(dana, title="CTO"))
    doc = nb.store.get("people", dana.id or 0)
    assert doc is not None and doc["changes"]["title"][-1] > stamps[-1]


def test_a_deletion_leaves_only_a_tombstone_and_an_undo_lifts_it(tmp_path: Path) -> None:
    nb = make(tmp_path / "nb.json")
    conversation = nb.conversations.journal()[0]
    nb.conversations.edit(replace(conversation, summary="Coffee and cake"))
    history = nb.store.get("interactions", conversation.id or 0)["changes"]  # type: ignore[index]
    deleted = nb.conversations.delete(conversation.id or 0)
    data = orjson.loads(nb.path.read_bytes())
    [grave] = data["tombstones"].values()
    assert set(grave) == {"uid", "table", "at"}
    assert (grave["uid"], grave["table"]) == (conversation.uid, "interactions")
    assert b"Coffee and cake" not in nb.path.read_bytes()
    nb.conversations.restore(deleted)
    data = orjson.loads(nb.path.read_bytes())
    assert data["tombstones"] == {}
    assert data["interactions"][str(conversation.id)]["changes"] == history


def test_forgetting_a_person_leaves_tombstones_and_none_of_their_data(tmp_path: Path) -> None:
    nb = make(tmp_path / "nb.json")
    sam = person_named(nb, "Sam Lee")
    nb.people.forget(sam.id or 0)
    raw = nb.path.read_bytes()
    assert b"Sam Lee" not in raw
    tables = {doc["table"] for doc in orjson.loads(raw)["tombstones"].values()}
    assert tables == {"people", "ties"}  # the coffee and follow-up keep Dana


def test_a_notebook_from_before_record_uids_gets_the_same_ones_in_every_copy(
    tmp_path: Path,
) -> None:
    data = small_notebook()
    for table in ("interactions", "ties", "followups", "asks"):
        for doc in data[table].values():
            del doc["uid"]
    del data["tombstones"]
    data["meta"]["1"]["schema"] = 2
    for name in ("a.json", "b.json"):
        (tmp_path / name).write_bytes(orjson.dumps(data))
    with Store.open(tmp_path / "a.json", read_only=True) as read_only:
        first = {t: [d["uid"] for d in read_only.data[t].values()] for t in ("ties", "asks")}
    with Store.open(tmp_path / "b.json") as writable:
        pass
    again = orjson.loads((tmp_path / "b.json").read_bytes())
    assert again["meta"]["1"]["schema"] == 3
    assert {t: [d["uid"] for d in again[t].values()] for t in ("ties", "asks")} == first
    assert first["ties"] == [derived_record_uid("ties", "1", "1", "2")]
    assert writable.closed


# -- merging: the rules --------------------------------------------------------------------------


def test_what_each_copy_added_is_in_both_after_merging_each_way(tmp_path: Path) -> None:
    laptop, desktop = two_copies(tmp_path)
    maria = laptop.people.add(Person(name="Maria Garcia", company="Bakery"))
    laptop.conversations.note([maria.id or 0], when=DAY, summary="Bumped into her")
    lee = desktop.people.add(Person(name="Lee Chen"))
    desktop.ties.add(lee.id or 0, person_named(desktop, "Dana Okafor").id or 0)
    laptop.close()
    desktop.close()
    laptop = Notebook.open(tmp_path / "laptop.json", today=DAY)
    summary = merge_file(laptop, tmp_path / "desktop.json")
    assert (summary.added["people"], summary.added["ties"]) == (1, 1)
    assert not summary.conflicts
    laptop.close()
    desktop = Notebook.open(tmp_path / "desktop.json", today=DAY)
    summary = merge_file(desktop, tmp_path / "laptop.json")
    assert (summary.added["people"], summary.added["interactions"]) == (1, 1)
    laptop = Notebook.open(tmp_path / "laptop.json", read_only=True, today=DAY)
    assert content(laptop) == content(desktop)
    assert {p.name for p in desktop.people.iter()} == {
        "Dana Okafor",
        "Sam Lee",
        "Maria Garcia",
        "Lee Chen",
    }
    # The indexes were rebuilt: Lee's tie and Maria's conversation are found.
    assert desktop.conversations.timeline(person_named(desktop, "Maria Garcia").id or 0)
    assert desktop.ties.of(person_named(desktop, "Lee Chen").id or 0)


def test_different_fields_changed_in_each_copy_are_both_kept_without_a_conflict(
    tmp_path: Path,
) -> None:
    laptop, desktop = two_copies(tmp_path)
    laptop.people.edit(replace(person_named(laptop, "Dana Okafor"), company="Fabrikam"))
    desktop.people.edit(replace(person_named(desktop, "Dana Okafor"), title="CTO"))
    summary = merged(laptop, desktop)
    dana = person_named(laptop, "Dana Okafor")
    assert (dana.company, dana.title) == ("Fabrikam", "CTO")
    assert summary.conflicts == [] and summary.updated["people"] == 1


def test_a_field_changed_in_both_keeps_the_later_change_and_lists_both(tmp_path: Path) -> None:
    laptop, desktop = two_copies(tmp_path)
    laptop.people.edit(replace(person_named(laptop, "Dana Okafor"), company="Fabrikam"))
    desktop.people.edit(replace(person_named(desktop, "Dana Okafor"), company="Contoso"))
    summary = merged(laptop, desktop)
    assert person_named(laptop, "Dana Okafor").company == "Contoso"  # the later change
    [conflict] = summary.conflicts
    assert (conflict.field, conflict.kept, conflict.lost) == ("company", "Contoso", "Fabrikam")
    assert "Fabrikam" in "\n".join(summary.lines())
    # Merged again, the other copy's value has been seen: no second conflict.
    again = merge_file(laptop, desktop.path)
    assert not again.conflicts and not again.changes_anything


def test_values_changed_where_no_stamp_was_kept_are_a_conflict_never_silent(
    tmp_path: Path,
) -> None:
    """Two copies edited by an older version (or by hand): neither has a stamp for the field,
    so which change came later is unknown; both values are listed, whichever way round."""
    laptop, desktop = two_copies(tmp_path)
    laptop.close()
    desktop.close()
    for path, notes in ((laptop.path, "laptop notes"), (desktop.path, "desktop notes")):
        data = orjson.loads(path.read_bytes())
        data["people"]["1"]["notes"] = notes  # as a hand edit would: no change stamp
        path.write_bytes(orjson.dumps(data))
    ours = orjson.loads(laptop.path.read_bytes())
    theirs = orjson.loads(desktop.path.read_bytes())
    one, summary = merge_data(ours, theirs)
    other, reverse = merge_data(theirs, ours)
    assert records_by_uid(one) == records_by_uid(other)
    for found in (summary, reverse):
        [conflict] = found.conflicts
        assert {conflict.kept, conflict.lost} == {"laptop notes", "desktop notes"}


def test_a_field_changed_over_and_over_since_the_other_copy_saw_it_is_not_a_conflict(
    tmp_path: Path,
) -> None:
    laptop, desktop = two_copies(tmp_path)
    laptop.people.edit(replace(person_named(laptop, "Dana Okafor"), company="Seen by both"))
    laptop.close()
    merge_file(desktop, laptop.path)
    desktop.close()
    laptop = Notebook.open(laptop.path, today=DAY)
    for n in range(CHANGE_HISTORY + 2):  # more changes than a field keeps stamps of
        laptop.people.edit(replace(person_named(laptop, "Dana Okafor"), company=f"Acme {n}"))
    summary = merge_file(laptop, desktop.path)
    assert not summary.conflicts and not summary.changes_anything
    assert person_named(laptop, "Dana Okafor").company == f"Acme {CHANGE_HISTORY + 1}"


def test_different_settings_are_said_and_this_notebook_keeps_its_own(tmp_path: Path) -> None:
    laptop, desktop = two_copies(tmp_path)
    desktop.put_setting("theme", "nord")
    summary = merged(laptop, desktop)
    assert laptop.setting("theme") is None
    assert summary.lines()[-1] == (
        "the other copy's settings (theme, cadences) differ; this notebook kept its own"
    )


def test_a_change_after_the_other_copy_saw_the_value_is_not_a_conflict(tmp_path: Path) -> None:
    laptop, desktop = two_copies(tmp_path)
    laptop.people.edit(replace(person_named(laptop, "Dana Okafor"), company="Fabrikam"))
    laptop.close()
    desktop_path = desktop.path
    merge_file(desktop, laptop.path)  # the desktop now has Fabrikam, with its stamp
    desktop.close()
    laptop = Notebook.open(laptop.path, today=DAY)
    for company in ("Contoso", "Northwind"):  # two more changes on the laptop
        laptop.people.edit(replace(person_named(laptop, "Dana Okafor"), company=company))
    summary = merge_file(laptop, desktop_path)
    assert not summary.conflicts and not summary.changes_anything
    laptop.close()
    desktop = Notebook.open(desktop_path, today=DAY)
    summary = merge_file(desktop, laptop.path)
    assert not summary.conflicts
    assert person_named(desktop, "Dana Okafor").company == "Northwind"


def test_a_person_forgotten_in_one_copy_is_forgotten_in_the_merge(tmp_path: Path) -> None:
    laptop, desktop = two_copies(tmp_path)
    laptop.people.forget(person_named(laptop, "Sam Lee").id or 0)
    # Meanwhile the desktop noted a conversation with Sam alone, and one with both.
    sam = person_named(desktop, "Sam Lee").id or 0
    dana = person_named(desktop, "Dana Okafor").id or 0
    desktop.conversations.note([sam], when=DAY, summary="Sam alone")
    desktop.conversations.note([sam, dana], when=DAY, summary="Both of them")
    summary = merged(laptop, desktop)
    assert [p.name for p in laptop.people.iter()] == ["Dana Okafor"]
    summaries = {i.summary for i in laptop.conversations.journal()}
    assert summaries == {"Coffee", "Both of them"}  # Sam's own conversation went with him
    assert all(i.people == (dana_id(laptop),) for i in laptop.conversations.journal())
    assert summary.added["interactions"] == 1
    # Sam's own conversation was not kept, and the summary says so, naming him.
    assert (
        "1 conversation written in the other copy with Sam Lee, forgotten here, was not kept"
        in summary.lines()
    )
    assert b"Sam" not in laptop.path.read_bytes()
    # The other way round, the desktop forgets Sam too.
    laptop.close()
    desktop = Notebook.open(desktop.path, today=DAY)
    summary = merge_file(desktop, laptop.path)
    assert summary.deleted["people"] == 1 and summary.deleted["interactions"] == 1
    assert "forgotten in the other copy, so here too: Sam Lee" in summary.lines()
    assert b"Sam" not in desktop.path.read_bytes()


def test_a_merge_that_keeps_nothing_of_the_other_copy_never_says_it_had_all_of_it(
    tmp_path: Path,
) -> None:
    """The other copy's only news was about someone forgotten here: "already has all of it"
    would have the user delete that copy believing nothing was left behind."""
    laptop, desktop = two_copies(tmp_path)
    laptop.people.forget(person_named(laptop, "Sam Lee").id or 0)
    sam = person_named(desktop, "Sam Lee").id or 0
    desktop.conversations.note([sam], when=DAY, summary="Sam's offer")
    desktop.follow_ups.add([sam], "send the offer letter", due=DAY)
    lines = merged(laptop, desktop, dry_run=True).lines(dry_run=True)
    assert lines[0].endswith("nothing to add or change here")
    assert (
        "1 conversation, 1 follow-up written in the other copy with Sam Lee, forgotten here, "
        "were not kept" in lines
    )
    assert not any("already has all of it" in line for line in lines)


def test_merging_the_same_copy_again_finds_no_conflict_in_who_was_there(
    tmp_path: Path,
) -> None:
    """The copy's conversation with Sam, forgotten here, and Dana was kept with Dana alone; the
    second merge of the same copy called Sam's being in its list a conflict, shown by uids."""
    laptop, desktop = two_copies(tmp_path)
    laptop.people.forget(person_named(laptop, "Sam Lee").id or 0)
    sam, dana = person_named(desktop, "Sam Lee").id or 0, dana_id(desktop)
    desktop.conversations.note([sam, dana], when=DAY, summary="Both of them")
    desktop.close()
    first = merge_file(laptop, desktop.path)
    assert first.added["interactions"] == 1 and not first.conflicts
    again = merge_file(laptop, desktop.path)
    assert not again.conflicts and not again.changes_anything
    assert again.lines()[0].endswith("nothing to merge, this notebook already has all of it")


def test_a_conflict_over_who_was_there_names_them(tmp_path: Path) -> None:
    laptop, desktop = two_copies(tmp_path)
    for nb, name in ((laptop, "Lee Chen"), (desktop, "Kim Park")):
        extra = nb.people.add(Person(name=name, uid=f"uid-{name}"))
        (coffee,) = [i for i in nb.conversations.journal() if i.summary == "Coffee"]
        nb.conversations.edit(replace(coffee, people=(dana_id(nb), extra.id or 0)))
    summary = merged(laptop, desktop)
    (conflict,) = [c for c in summary.conflicts if c.field == "people"]
    line = conflict.line()
    assert "Dana Okafor" in line and ("Lee Chen" in line and "Kim Park" in line)
    assert "uid-" not in line


def dana_id(nb: Notebook) -> int:
    return person_named(nb, "Dana Okafor").id or 0


def test_the_same_two_people_tied_in_both_copies_stay_one_tie(tmp_path: Path) -> None:
    laptop, desktop = two_copies(tmp_path)
    for nb in (laptop, desktop):
        lee = nb.people.add(Person(name="Lee Chen", uid="lee-from-the-phone"))
        nb.ties.add(lee.id or 0, dana_id(nb), relation=f"met on {nb.path.stem}")
    summary = merged(laptop, desktop)
    lee = person_named(laptop, "Lee Chen")
    assert len(laptop.ties.of(lee.id or 0)) == 1
    assert any("one tie was kept" in note for note in summary.notes)
    laptop.close()
    reopened = Notebook.open(laptop.path, today=DAY)  # the file is consistent
    assert len(reopened.ties.of(lee.id or 0)) == 1


def test_a_conflict_this_copy_wins_is_said_even_when_nothing_else_changes(
    tmp_path: Path,
) -> None:
    laptop, desktop = two_copies(tmp_path)
    desktop.people.edit(replace(person_named(desktop, "Dana Okafor"), title="From the copy"))
    laptop.people.edit(replace(person_named(laptop, "Dana Okafor"), title="From here"))
    summary = merged(laptop, desktop, dry_run=True)
    assert not summary.changes_anything
    assert summary.lines() == [
        "desktop.json: nothing to add or change here",
        "1 field changed in both copies; the later change was kept:",
        "  person 'Dana Okafor', title: kept 'From here' (this notebook's), not 'From the copy' "
        "(the other copy's)",
    ]


def test_a_dry_run_writes_nothing_and_says_the_same(tmp_path: Path) -> None:
    laptop, desktop = two_copies(tmp_path)
    laptop.people.edit(replace(person_named(laptop, "Dana Okafor"), company="Fabrikam"))
    desktop.people.edit(replace(person_named(desktop, "Dana Okafor"), company="Contoso"))
    desktop.people.add(Person(name="Lee Chen"))
    desktop.close()
    before = laptop.path.read_bytes(), desktop.path.read_bytes()
    dry = merge_file(laptop, desktop.path, dry_run=True)
    assert (laptop.path.read_bytes(), desktop.path.read_bytes()) == before
    assert dry.lines(dry_run=True)[-1] == "Nothing was written (a dry run)."
    real = merge_file(laptop, desktop.path)
    assert real.lines() == dry.lines()
    assert desktop.path.read_bytes() == before[1]  # the other copy is only read


def test_merging_is_refused_clearly_for_itself_an_export_and_a_broken_copy(
    tmp_path: Path,
) -> None:
    laptop, desktop = two_copies(tmp_path)
    desktop.close()
    with pytest.raises(MergeError, match="is this notebook itself"):
        merge_file(laptop, laptop.path)
    export = tmp_path / "export.json"
    assert main(["--db", str(desktop.path), "export", "--format", "json", "-o", str(export)]) == 0
    with pytest.raises(MergeError, match="notebook import"):
        merge_file(laptop, export)
    broken = tmp_path / "broken.json"
    broken.write_bytes(b'{"people": 5}')
    before = laptop.path.read_bytes()
    with pytest.raises(
        MergeError, match=r"broken\.json cannot be merged: it is not a notebook"
    ) as e:
        merge_file(laptop, broken)
    assert "backup" not in str(e.value)
    assert laptop.path.read_bytes() == before and broken.read_bytes() == b'{"people": 5}'


def test_a_failed_save_leaves_the_notebook_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop, desktop = two_copies(tmp_path)
    desktop.people.add(Person(name="Lee Chen"))
    desktop.close()
    before = laptop.path.read_bytes()
    people_before = content(laptop)

    def full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("notebook.store.os.replace", full)
    with pytest.raises(StoreError, match="nothing was saved"):
        merge_file(laptop, desktop.path)
    assert laptop.path.read_bytes() == before
    assert content(laptop) == people_before
    assert [p.name for p in laptop.people.iter()] == ["Dana Okafor", "Sam Lee"]


# -- conflict copies -----------------------------------------------------------------------------


def test_conflict_copies_of_syncthing_dropbox_and_nextcloud_are_found(tmp_path: Path) -> None:
    (tmp_path / "notebook.json").write_text("{}")
    names = [
        "notebook.sync-conflict-20261130-101500-ABCDEFG.json",
        "notebook (Maria's conflicted copy 2026-11-30).json",
        "notebook (conflicted copy 2026-11-30 101500).json",
    ]
    for name in [*names, "other.sync-conflict-1.json", "notebook.json.lock", "notebook.bak"]:
        (tmp_path / name).write_text("{}")
    (tmp_path / "notebook.sync-conflict-x.json.merged").write_text("{}")
    assert conflict_copies(tmp_path / "notebook.json") == sorted(tmp_path / n for n in names)
    # A stem with glob characters in it is matched as written.
    (tmp_path / "my [work] nb.json").write_text("{}")
    (tmp_path / "my [work] nb.sync-conflict-1.json").write_text("{}")
    assert conflict_copies(tmp_path / "my [work] nb.json") == [
        tmp_path / "my [work] nb.sync-conflict-1.json"
    ]


# -- the shell -----------------------------------------------------------------------------------


def test_the_merge_command_says_what_it_did_and_lists_conflicts_as_plain_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop, desktop = two_copies(tmp_path)
    laptop.people.edit(replace(person_named(laptop, "Dana Okafor"), company="[bold]Fab\x1b[31m"))
    desktop.people.edit(replace(person_named(desktop, "Dana Okafor"), company="Contoso"))
    laptop.close()
    desktop.close()
    db = ["--db", str(laptop.path)]
    assert main([*db, "merge", str(desktop.path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Would merge desktop.json: 1 person updated." in out
    assert (
        "  person 'Dana Okafor', company: kept 'Contoso' (the other copy's), not '[bold]Fab' "
        "(this notebook's)"
    ) in out
    assert "\x1b" not in out
    assert main([*db, "merge", str(desktop.path)]) == 0
    assert "Merged desktop.json" in capsys.readouterr().out
    assert main([*db, "merge", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (
        f"notebook: {tmp_path} is not a notebook file; nothing was merged\n"
    )
    assert main([*db, "merge", str(tmp_path / "missing.json")]) == 1
    assert capsys.readouterr().err == (
        f"notebook: no file at {tmp_path / 'missing.json'}; nothing was merged\n"
    )


def test_the_merge_command_in_a_real_process(tmp_path: Path) -> None:
    laptop, desktop = two_copies(tmp_path)
    desktop.people.add(Person(name="Lee Chen"))
    laptop.close()
    desktop.close()
    run = subprocess.run(
        [sys.executable, "-m", "notebook", "--db", str(laptop.path), "merge", str(desktop.path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Merged desktop.json: 1 person added.")
    broken = tmp_path / "broken.json"
    broken.write_text("not json")
    run = subprocess.run(
        [sys.executable, "-m", "notebook", "--db", str(laptop.path), "merge", str(broken)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1 and run.stderr.count("\n") == 1
    assert "Traceback" not in run.stderr and "broken.json" in run.stderr


# -- the property: every operation's effect survives the merge -----------------------------------

NAMES = ("Ana", "Ben", "Cleo", "Dev")
OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(("add", "edit", "note", "tie", "follow-up", "done", "forget")),
        st.integers(0, 7),
        st.sampled_from(("Acme", "Initech", "Globex")),
    ),
    max_size=6,
)


def apply(nb: Notebook, operations: list[tuple[str, int, str]], side: str) -> dict[str, Any]:
    """Do the operations; returns what each should leave behind: uids added, uids forgotten,
    and (uid, field) -> value of the last edit of each field."""
    effects: dict[str, Any] = {"added": set(), "forgotten": set(), "edits": {}}
    for op, n, company in operations:
        people = sorted(nb.people.iter(), key=lambda p: p.uid)
        if op == "add" or not people:
            person = nb.people.add(Person(name=f"{NAMES[n % 4]} {side}{n}"))
            effects["added"].add(person.uid)
            continue
        person = people[n % len(people)]
        if op == "edit":
            nb.people.edit(replace(person, company=f"{company} {side}"))
            effects["edits"][(person.uid, "company")] = f"{company} {side}"
        elif op == "note":
            result = nb.conversations.note([person.id or 0], when=DAY, summary=f"{side} {n}")
            effects["added"].add(result.interaction.uid)
        elif op == "tie" and len(people) > 1:
            other = people[(n + 1) % len(people)]
            if other.id != person.id and nb.ties.between(person.id or 0, other.id or 0) is None:
                effects["added"].add(nb.ties.add(person.id or 0, other.id or 0).uid)
        elif op == "follow-up":
            effects["added"].add(nb.follow_ups.add([person.id or 0], f"{side} {n}").uid)
        elif op == "done":
            for follow_up in nb.follow_ups.open(person.id):
                nb.follow_ups.complete(follow_up.id or 0)
        elif op == "forget":
            nb.people.forget(person.id or 0)
            effects["forgotten"].add(person.uid)
    return effects


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ours=OPERATIONS, theirs=OPERATIONS)
def test_merging_keeps_every_operation_and_is_idempotent_and_symmetric(
    tmp_path_factory: pytest.TempPathFactory,
    ours: list[tuple[str, int, str]],
    theirs: list[tuple[str, int, str]],
) -> None:
    folder = tmp_path_factory.mktemp("merge")
    ancestor = Notebook.open(folder / "a.json", today=DAY)
    ancestor.people.add_many([Person(name="Ana Base"), Person(name="Ben Base")])
    ancestor.conversations.note([1, 2], when=DAY, summary="base", follow_up="base follow-up")
    ancestor.close()
    shutil.copy(folder / "a.json", folder / "b.json")
    a = Notebook.open(folder / "a.json", today=DAY)
    b = Notebook.open(folder / "b.json", today=DAY)
    ours_done, theirs_done = apply(a, ours, "A"), apply(b, theirs, "B")
    a_data, b_data = a.store.data, b.store.data
    ab, summary = merge_data(a_data, b_data)
    ba, _ = merge_data(b_data, a_data)
    a.close()
    b.close()

    result = records_by_uid(ab)
    assert result == records_by_uid(ba)  # symmetric
    again, second = merge_data(ab, b_data)
    assert records_by_uid(again) == result and not second.changes_anything  # idempotent
    assert merge_data(ab, ab)[1].changes_anything is False

    forgotten = ours_done["forgotten"] | theirs_done["forgotten"]
    graves = {doc["uid"] for data in (a_data, b_data) for doc in data["tombstones"].values()}
    for data in (a_data, b_data):
        for table, rows in records_by_uid(data).items():
            for uid in rows:
                # Every record of either copy is kept, unless either deleted it, or it needs a
                # person either forgot (their conversation, tie or follow-up).
                deleted = uid in graves or _needed_forgotten(uid, forgotten, a_data, b_data)
                if table == "ties" and not deleted:
                    # Both copies tied the same two people: the tie with the smaller uid stays.
                    pair = (rows[uid]["a"], rows[uid]["b"])
                    deleted = any(
                        (tie["a"], tie["b"]) == pair and other < uid
                        for other, tie in result["ties"].items()
                    )
                assert (uid in result[table]) is not deleted, (table, uid)
    kept = {uid for rows in result.values() for uid in rows}
    pairs = {(tie["a"], tie["b"]) for tie in result["ties"].values()}
    for data in (a_data, b_data):
        for uid, tie in records_by_uid(data)["ties"].items():
            if uid not in kept and (tie["a"], tie["b"]) in pairs:
                kept.add(uid)  # its pair is tied by the other copy's tie
    for done in (ours_done, theirs_done):
        for uid in done["added"] - graves - kept:
            assert _needed_forgotten(uid, forgotten, a_data, b_data), uid
    assert not forgotten & set(result["people"])
    conflicts = {(c.label, c.field) for c in summary.conflicts}
    for done in (ours_done, theirs_done):
        for (uid, name), value in done["edits"].items():
            if uid in forgotten:
                continue
            kept = result["people"][uid][name]
            label = repr(result["people"][uid]["name"])
            assert kept == value or (label, name) in conflicts


def _needed_forgotten(uid: str, forgotten: set[str], *copies: dict[str, Any]) -> bool:
    """Whether the record goes with forgotten people: a conversation or follow-up whose
    people were all forgotten, a tie with a forgotten end."""
    for data in copies:
        by_id = {key: doc["uid"] for key, doc in data["people"].items()}
        for table in ("interactions", "ties", "followups"):
            for doc in data[table].values():
                if doc["uid"] != uid:
                    continue
                if table == "ties":
                    return bool({by_id.get(str(doc["a"])), by_id.get(str(doc["b"]))} & forgotten)
                people = {by_id.get(str(p)) for p in doc["people"]}
                return people <= forgotten
    return False


def test_a_note_created_here_is_found_by_its_uid(tmp_path: Path) -> None:
    nb = Notebook.open(tmp_path / "nb.json", today=DAY)
    result = nb.conversations.note([NewPerson("Maria")], when=DAY, summary="Hi")
    assert result.interaction.uid == nb.store.get("interactions", result.interaction.id or 0)["uid"]  # type: ignore[index]
