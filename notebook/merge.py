"""Merging another copy of the same notebook: a sync tool's conflict copy, or the file from
another computer.

Records are matched by uid in every table. Each field merges on its own, by the change stamps
the store keeps for it (see store._tracked): a value whose stamp the other copy has already
seen is the newer one, and wins without a word; a field changed in both copies since they last
agreed is a conflict: the later change wins and the summary lists both values, so nothing is
lost silently. A record added in either copy is kept; one deleted in either copy (its tombstone
holds only its uid) is deleted in the result, and so is what only it held together (a
conversation with nobody left, a tie missing an end), as forgetting a person does.

The merge works on plain data in uid space (every reference to a person or conversation
replaced by its uid), so its result does not depend on which copy's ids are which: merging A
into B and B into A give the same records, and merging the result again changes nothing.
Nothing here knows Textual; `Transfer.put_tables` writes the result in one atomic save.
"""

from __future__ import annotations

import fnmatch
import glob
import os
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import orjson

from .records import CHANGE_HISTORY, now_stamp, without_controls
from .schema import TRACKED_TABLES
from .store import CorruptNotebookError, Data, Doc, Store, StoreError, resolve
from .viewmodel import Notebook

# Record bookkeeping, merged by its own rules rather than field by field.
_BOOKKEEPING = frozenset({"uid", "changes", "created_at", "updated_at"})
# What each table's records refer to: field -> ("person" | "people" | "interaction").
_REFERENCES: dict[str, dict[str, str]] = {
    "people": {"met_via": "person"},
    "interactions": {"people": "people"},
    "ties": {"a": "person", "b": "person"},
    "followups": {"people": "people", "interaction": "interaction"},
    "asks": {"person": "person"},
}
# What one record of each table is called in the summary.
_WHAT = {
    "people": ("person", "people"),
    "interactions": ("conversation", "conversations"),
    "ties": ("tie", "ties"),
    "followups": ("follow-up", "follow-ups"),
    "asks": ("referral ask", "referral asks"),
}
# The names sync tools give a conflict copy, as globs around the notebook's stem and suffix:
# Syncthing's "nb.sync-conflict-20261130-101500-ABCDEFG.json", Dropbox's "nb (Maria's
# conflicted copy 2026-11-30).json", Nextcloud's "nb (conflicted copy 2026-11-30 101500).json".
_CONFLICT_COPY_GLOBS = ("{stem}.sync-conflict-*{suffix}", "{stem} (*conflicted copy*){suffix}")


class MergeError(StoreError):
    """The other copy cannot be merged; the message says why. Nothing was written."""


@dataclass(frozen=True)
class Conflict:
    """A field changed in both copies: `kept` won (the later change), `lost` was the other;
    `kept_here` says whether the kept value is this notebook's."""

    table: str
    label: str
    field: str
    kept: Any
    lost: Any
    kept_here: bool = True

    def line(self) -> str:
        what = _WHAT[self.table][0]
        here, there = "this notebook's", "the other copy's"
        kept_from, lost_from = (here, there) if self.kept_here else (there, here)
        return (
            f"{what} {self.label}, {self.field.replace('_', ' ')}: kept {_shown(self.kept)} "
            f"({kept_from}), not {_shown(self.lost)} ({lost_from})"
        )


@dataclass
class MergeSummary:
    source: str
    added: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    deleted: Counter[str] = field(default_factory=Counter)
    conflicts: list[Conflict] = field(default_factory=list)
    # Records of the other copy not added: a second tie between two people who have one.
    notes: list[str] = field(default_factory=list)
    # Records written only in the other copy about someone forgotten here, by table.
    not_kept: Counter[str] = field(default_factory=Counter)

    @property
    def changes_anything(self) -> bool:
        return bool(self.added or self.updated or self.deleted)

    def lines(self, *, dry_run: bool = False) -> list[str]:
        """What the merge did (or, in a dry run, would do), a line each."""
        verb = "Would merge" if dry_run else "Merged"
        if not self.changes_anything:
            head = f"{self.source}: nothing to merge, this notebook already has all of it"
            if self.conflicts or self.not_kept:
                head = f"{self.source}: nothing to add or change here"
            return [head, *self._conflict_lines(), *self.notes]
        parts = []
        for counts, done in (
            (self.added, "added"),
            (self.updated, "updated"),
            (self.deleted, "deleted"),
        ):
            words = [_count(counts[table], table) for table in TRACKED_TABLES if counts[table]]
            if words:
                parts.append(f"{', '.join(words)} {done}")
        lines = [f"{verb} {self.source}: {'; '.join(parts)}.", *self._conflict_lines()]
        lines.extend(self.notes)
        if dry_run:
            lines.append("Nothing was written (a dry run).")
        return lines

    def _conflict_lines(self) -> list[str]:
        if not self.conflicts:
            return []
        n = len(self.conflicts)
        head = (
            f"{n} field{'s' if n != 1 else ''} changed in both copies; the later change was kept:"
        )
        return [head, *(f"  {conflict.line()}" for conflict in self.conflicts)]


def _count(n: int, table: str) -> str:
    one, many = _WHAT[table]
    return f"{n} {one if n == 1 else many}"


def _shown(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "nothing"
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    text = " ".join(text.split())
    return repr(text if len(text) <= 60 else text[:59] + "…")


# -- finding and reading the other copy ----------------------------------------------------------


def conflict_copies(notebook: Path) -> list[Path]:
    """Conflict copies a sync tool left beside the notebook, oldest name first. Run at every
    start: names are matched first, and only the few that match are looked at on disk."""
    folder = notebook.parent
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    stem, suffix = glob.escape(notebook.stem), glob.escape(notebook.suffix)
    found: set[str] = set()
    for pattern in _CONFLICT_COPY_GLOBS:
        found.update(fnmatch.filter(names, pattern.format(stem=stem, suffix=suffix)))
    found.discard(notebook.name)
    return [folder / name for name in sorted(found) if (folder / name).is_file()]


def made_by(path: Path) -> str:
    """The sync tool that named a conflict copy so, as its name says ("A sync tool" if it
    does not say which)."""
    name = path.name
    if ".sync-conflict-" in name:
        return "Syncthing"
    if "'s conflicted copy" in name or "\u2019s conflicted copy" in name:
        return "Dropbox"
    if " (conflicted copy " in name:
        return "Nextcloud"
    return "A sync tool"


def read_copy(path: Path, notebook: Path) -> Data:
    """The other copy's data, checked and brought to this schema as the store opens any
    notebook (read-only: it is never written, nor locked)."""
    try:
        same = resolve(path) == resolve(notebook)
    except OSError:
        same = False
    if same:
        raise MergeError(f"{path} is this notebook itself; give the other copy")
    # Imported here: the contact readers it brings are not needed to start the app.
    from .formats.notebook_json import is_notebook_dump

    try:
        with path.open("rb") as file:
            head = file.read(4096)
    except OSError as error:
        raise MergeError(f"cannot read {path} ({error.strerror})") from None
    if is_notebook_dump(head):
        raise MergeError(
            f"{path} is an export, not a copy of the notebook file; bring it in with "
            "`notebook import`"
        )
    try:
        store = Store.open(path, read_only=True)
    except CorruptNotebookError as error:
        raise MergeError(
            f"{path} cannot be merged: it is not a notebook this one can read ({error.reason}); "
            "it was left untouched"
        ) from None
    try:
        # What drives a terminal is stripped on the way in, as from any other file: a copy
        # edited by hand, or by another program, may hold it.
        return {
            name: {key: without_controls(doc) for key, doc in table.items()}
            for name, table in store.data.items()
        }
    finally:
        store.close()


# -- the merge, in uid space ---------------------------------------------------------------------


def _uid_space(data: Data) -> dict[str, dict[str, Doc]]:
    """Every tracked table by uid, each reference replaced by the uid it points at (None where
    it points at nothing)."""
    people = {key: doc["uid"] for key, doc in data.get("people", {}).items()}
    conversations = {key: doc["uid"] for key, doc in data.get("interactions", {}).items()}
    spaces: dict[str, dict[str, Doc]] = {}
    for table in TRACKED_TABLES:
        by_uid: dict[str, Doc] = {}
        for doc in data.get(table, {}).values():
            moved = dict(doc)
            for name, kind in _REFERENCES[table].items():
                value = doc.get(name)
                if kind == "people":
                    moved[name] = [people.get(str(v)) for v in value or ()]
                elif value is not None:
                    moved[name] = (people if kind == "person" else conversations).get(str(value))
            if table == "ties":
                # A tie has no direction: its ends are kept in order of id, which differs
                # between copies, so in uid space they are in order of uid.
                ends = sorted((moved["a"] or "", moved["b"] or ""))
                moved["a"], moved["b"] = ends
            by_uid[doc["uid"]] = moved
        spaces[table] = by_uid
    return spaces


def _history(doc: Doc, name: str) -> list[str]:
    stamps: list[str] = (doc.get("changes") or {}).get(name, [])
    return stamps


def _order(value: Any) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def _merge_record(table: str, ours: Doc, theirs: Doc, label: str) -> tuple[Doc, list[Conflict]]:
    """One record from both copies: each field by its stamps (see the module docstring)."""
    if ours == theirs:
        return ours, []
    result: Doc = {}
    changes: dict[str, list[str]] = {}
    conflicts: list[Conflict] = []
    for name in sorted((ours.keys() | theirs.keys()) - _BOOKKEEPING):
        mine, other = ours.get(name), theirs.get(name)
        mine_seen, other_seen = _history(ours, name), _history(theirs, name)
        my_stamp = mine_seen[-1] if mine_seen else ""
        other_stamp = other_seen[-1] if other_seen else ""
        if mine == other:
            value, current = mine, max(my_stamp, other_stamp)
        elif my_stamp == other_stamp:
            # Different values under the same stamp (none, mostly): changed where no stamp was
            # kept, by an older version or by hand. Which came later is unknown, so it is a
            # conflict; the record changed last wins.
            mine_key = (ours.get("updated_at", ""), _order(mine))
            if mine_key >= (theirs.get("updated_at", ""), _order(other)):
                value, current, lost = mine, my_stamp, other
            else:
                value, current, lost = other, other_stamp, mine
            conflicts.append(Conflict(table, label, name, value, lost, value is mine))
        elif my_stamp in {"", *other_seen} or _moved_past(other_seen, my_stamp):
            value, current = other, other_stamp  # the other copy changed it after ours
        elif other_stamp in {"", *mine_seen} or _moved_past(mine_seen, other_stamp):
            value, current = mine, my_stamp
        else:
            # Changed in both since they last agreed: the later change wins, and both values
            # are listed.
            if (my_stamp, _order(mine)) >= (other_stamp, _order(other)):
                value, current, lost = mine, my_stamp, other
            else:
                value, current, lost = other, other_stamp, mine
            conflicts.append(Conflict(table, label, name, value, lost, value is mine))
        result[name] = value
        stamps = sorted({*mine_seen, *other_seen} - {current, ""})
        if current:
            stamps.append(current)
        if stamps:
            changes[name] = stamps[-CHANGE_HISTORY:]
    result["uid"] = ours["uid"]
    for name in ("created_at", "updated_at"):
        if name in ours or name in theirs:
            result[name] = max(ours.get(name, ""), theirs.get(name, ""))
    if changes:
        result["changes"] = changes
    return result, conflicts


def _moved_past(seen: list[str], stamp: str) -> bool:
    """Whether a full history (its oldest stamps dropped) starts after `stamp`: that copy
    changed the field over and over since then, and the stamp it has seen is gone from it."""
    return len(seen) >= CHANGE_HISTORY and stamp < seen[0]


def _label(table: str, doc: Doc, people: Mapping[str, Doc]) -> str:
    def name(uid: Any) -> str:
        person = people.get(uid) if isinstance(uid, str) else None
        return str(person.get("name", "?")) if person else "?"

    if table == "people":
        return repr(doc.get("name", ""))
    if table == "interactions":
        summary = str(doc.get("summary", "")).split("\n", 1)[0]
        return (
            f"of {str(doc.get('when', ''))[:10]} with {name((doc.get('people') or [None])[0])}"
            + (f" ({_shown(summary)})" if summary else "")
        )
    if table == "ties":
        return f"between {name(doc.get('a'))} and {name(doc.get('b'))}"
    if table == "followups":
        return _shown(doc.get("text", ""))
    return f"{_shown(doc.get('target', ''))} of {name(doc.get('person'))}"


@dataclass
class MergePlan:
    """The merged tracked tables and tombstones, in uid space, and what changed for us."""

    tables: dict[str, dict[str, Doc]]
    tombstones: dict[str, Doc]
    summary: MergeSummary


def plan(ours: Data, theirs: Data, source: str) -> MergePlan:
    """Both copies merged (see the module docstring); `ours` decides nothing but the summary,
    which says what changes here."""
    mine, other = _uid_space(ours), _uid_space(theirs)
    summary = MergeSummary(source)
    graves = _tombstones(ours.get("tombstones", {}), theirs.get("tombstones", {}))
    tables: dict[str, dict[str, Doc]] = {}
    people = {**other["people"], **mine["people"]}
    stayed_deleted: Counter[str] = Counter()
    for table in TRACKED_TABLES:
        merged: dict[str, Doc] = {}
        here, there = mine[table], other[table]
        for uid in sorted(here.keys() | there.keys()):
            if uid in graves:
                if uid not in here:
                    stayed_deleted[table] += 1
                continue
            a, b = here.get(uid), there.get(uid)
            if a is not None and b is not None:
                # Someone deleted in either copy leaves every list of people in both: their
                # being in one copy's list is no conflict (merging the same copy again said so).
                a, b = _without_the_deleted(a, graves), _without_the_deleted(b, graves)
                doc, conflicts = _merge_record(table, a, b, _label(table, a, people))
                if table == "people" and conflicts:
                    # Named as the merge leaves them (a name may be one of the conflicts).
                    label = _label(table, doc, people)
                    conflicts = [replace(c, label=label) for c in conflicts]
                # People are named, never shown by their uids.
                summary.conflicts.extend(_named(c, people) for c in conflicts)
            else:
                doc = a if a is not None else b  # type: ignore[assignment]
            merged[uid] = doc
        tables[table] = merged
    dropped = _drop_what_needs_the_deleted(tables, graves)
    if _preferences(ours) != _preferences(theirs):
        summary.notes.append(
            "the other copy's settings (theme, cadences) differ; this notebook kept its own"
        )
    _one_tie_per_pair(tables["ties"], graves, summary)
    for table in TRACKED_TABLES:
        here, result = mine[table], tables[table]
        summary.added[table] = sum(1 for uid in result if uid not in here)
        summary.deleted[table] = sum(1 for uid in here if uid not in result)
        # Stamps alone changing (both copies made the same change) is not worth a word.
        summary.updated[table] = sum(
            1
            for uid, doc in result.items()
            if uid in here and _without_stamps(doc) != _without_stamps(here[uid])
        )
    gone = sorted(
        str(doc.get("name", ""))
        for uid, doc in mine["people"].items()
        if uid not in tables["people"]
    )
    if gone:
        summary.notes.append(f"forgotten in the other copy, so here too: {_names(gone)}")
    if stayed_deleted:
        words = ", ".join(_count(n, table) for table, n in stayed_deleted.items())
        summary.notes.append(f"{words} of the other copy deleted here stay deleted")
    # Written in the other copy about someone forgotten here: not kept, as the forgetting
    # asked, and said, since nothing else in the summary counts them.
    lost = [(table, doc) for table, uid, doc in dropped if uid not in mine[table]]
    if lost:
        summary.not_kept = Counter(table for table, _ in lost)
        whom = sorted(
            {
                str(other["people"][p].get("name", ""))
                for _, doc in lost
                for p in _people_of(doc)
                if p not in tables["people"] and p in other["people"]
            }
        )
        counts = ", ".join(_count(n, t) for t in TRACKED_TABLES if (n := summary.not_kept[t]))
        about = f"{_names(whom)}, forgotten here" if whom else "someone forgotten here"
        summary.notes.append(
            f"{counts} written in the other copy with {about}, "
            f"{'was' if len(lost) == 1 else 'were'} not kept"
        )
    summary.added, summary.updated, summary.deleted = (
        +summary.added,
        +summary.updated,
        +summary.deleted,
    )
    return MergePlan(tables, graves, summary)


def _without_the_deleted(doc: Doc, graves: Mapping[str, Doc]) -> Doc:
    """The record without the deleted people its list of people names."""
    listed = doc.get("people")
    if not isinstance(listed, list) or not any(p in graves for p in listed):
        return doc
    return {**doc, "people": [p for p in listed if p not in graves]}


# The fields of a record that hold people, by their uids.
_PEOPLE_FIELDS = frozenset({"people", "met_via", "a", "b", "person"})


def _named(conflict: Conflict, people: Mapping[str, Doc]) -> Conflict:
    """A conflict over who is in a record, said with names instead of uids."""
    if conflict.field not in _PEOPLE_FIELDS:
        return conflict

    def named(value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(named(v) for v in value)
        person = people.get(value) if isinstance(value, str) else None
        return str(person.get("name", "?")) if person else value

    return replace(conflict, kept=named(conflict.kept), lost=named(conflict.lost))


def _names(names: list[str]) -> str:
    """A few names, and how many more."""
    return ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")


def _people_of(doc: Doc) -> list[Any]:
    """The people a record of any table names."""
    return [*doc.get("people", ()), *(doc[k] for k in ("a", "b", "person") if k in doc)]


def _preferences(data: Data) -> Doc:
    """The settings a person chose (not the state of a contacts sync, kept per computer)."""
    settings = data.get("settings", {}).get("1", {})
    return {key: value for key, value in settings.items() if key != "vdir_sync"}


def _without_stamps(doc: Doc) -> Doc:
    return {name: value for name, value in doc.items() if name != "changes"}


def _tombstones(*tables: Mapping[str, Doc]) -> dict[str, Doc]:
    """Both copies' tombstones by uid; the earlier of two for one record."""
    graves: dict[str, Doc] = {}
    for table in tables:
        for doc in table.values():
            uid = doc["uid"]
            if uid not in graves or _order(doc) < _order(graves[uid]):
                graves[uid] = dict(doc)
    return graves


def _drop_what_needs_the_deleted(
    tables: dict[str, dict[str, Doc]], graves: dict[str, Doc]
) -> list[tuple[str, str, Doc]]:
    """What points at a deleted person or conversation: a list loses them, an optional link
    goes, and a record that needs them (a conversation or follow-up with nobody left, a tie
    missing an end, an ask of nobody) is deleted too, leaving its own tombstone. Returns those
    deleted, as (table, uid, the record as it was)."""
    dropped: list[tuple[str, str, Doc]] = []
    people = tables["people"]
    for doc in people.values():
        if doc.get("met_via") is not None and doc["met_via"] not in people:
            doc["met_via"] = None
    for table in ("interactions", "ties", "followups", "asks"):
        records = tables[table]
        for uid in list(records):
            doc = records[uid]
            needed = True
            was = doc
            if "people" in doc:
                kept = [p for p in doc["people"] if p in people]
                if kept != doc["people"]:
                    doc = records[uid] = {**doc, "people": kept}
                needed = bool(kept)
            if table == "ties":
                needed = doc.get("a") in people and doc.get("b") in people
            if table == "asks":
                needed = doc.get("person") in people
            linked = doc.get("interaction")
            if table == "followups" and linked is not None and linked not in tables["interactions"]:
                records[uid] = {**doc, "interaction": None}
            if not needed:
                del records[uid]
                graves[uid] = {"uid": uid, "table": table, "at": now_stamp()}
                dropped.append((table, uid, was))
    return dropped


def _one_tie_per_pair(ties: dict[str, Doc], graves: dict[str, Doc], summary: MergeSummary) -> None:
    """Two people have one tie: if each copy tied the same two people anew, the tie with the
    smaller uid stays (whichever copy is merged into which), the other is deleted with a
    tombstone (so it is settled in every copy), and the summary says so."""
    by_pair: dict[tuple[str, str], str] = {}
    for uid in sorted(ties):
        pair = (ties[uid]["a"], ties[uid]["b"])
        if pair in by_pair:
            relation = _shown(ties[uid].get("relation", ""))
            summary.notes.append(
                f"both copies tied the same two people; one tie was kept, not the tie {relation}"
            )
            del ties[uid]
            graves[uid] = {"uid": uid, "table": "ties", "at": now_stamp()}
        else:
            by_pair[pair] = uid


# -- back into this notebook's ids ----------------------------------------------------------------


def apply_to(ours: Data, merged: MergePlan) -> Data:
    """The whole of `ours` with the merged tables in its own ids: records it has keep their
    ids, new ones get the next ids (kept in meta), and every reference is mapped back."""
    result: Data = {name: table for name, table in ours.items()}
    meta = dict(ours["meta"]["1"])
    next_ids: dict[str, int] = dict(meta.get("next_ids", {}))

    def key_of(table: str) -> dict[str, str]:
        keys = {doc["uid"]: key for key, doc in ours.get(table, {}).items()}
        fresh = max(next_ids.get(table, 1), max(map(int, ours.get(table, {})), default=0) + 1)
        for uid in sorted(merged.tables[table]):
            if uid not in keys:
                keys[uid] = str(fresh)
                fresh += 1
        next_ids[table] = fresh
        return keys

    people_keys = key_of("people")
    conversation_keys = key_of("interactions")
    for table in TRACKED_TABLES:
        keys = (
            people_keys
            if table == "people"
            else conversation_keys
            if table == "interactions"
            else key_of(table)
        )
        rows: dict[str, Doc] = {}
        for uid, doc in merged.tables[table].items():
            back = dict(doc)
            for name, kind in _REFERENCES[table].items():
                value = doc.get(name)
                if kind == "people":
                    back[name] = [int(people_keys[p]) for p in value or ()]
                elif value is not None:
                    back[name] = int(
                        (people_keys if kind == "person" else conversation_keys)[value]
                    )
            if table == "ties":
                back["a"], back["b"] = sorted((back["a"], back["b"]))
            rows[keys[uid]] = back
        result[table] = dict(sorted(rows.items(), key=lambda item: int(item[0])))
    graves = ours.get("tombstones", {})
    known = {doc["uid"] for doc in graves.values()}
    tombstones = dict(graves)
    fresh = max(next_ids.get("tombstones", 1), max(map(int, graves), default=0) + 1)
    for uid in sorted(merged.tombstones):
        if uid not in known:
            tombstones[str(fresh)] = merged.tombstones[uid]
            fresh += 1
    next_ids["tombstones"] = fresh
    result["tombstones"] = tombstones
    meta["next_ids"] = next_ids
    result["meta"] = {"1": meta}
    return result


def merge_data(
    ours: Data, theirs: Data, source: str = "the other copy"
) -> tuple[Data, MergeSummary]:
    """`ours` with `theirs` merged in, in our ids, and what changed (see the module docstring)."""
    merged = plan(ours, theirs, source)
    return apply_to(ours, merged), merged.summary


def records_by_uid(data: Data) -> dict[str, dict[str, Doc]]:
    """A notebook's records in uid space, without their change stamps: what two notebooks
    must agree on to hold the same things, whatever their ids."""
    spaces = _uid_space(data)
    return {
        table: {uid: _without_stamps(doc) for uid, doc in docs.items()}
        for table, docs in spaces.items()
    }


def merge_file(notebook: Notebook, path: Path, *, dry_run: bool = False) -> MergeSummary:
    """Merge the copy at `path` into the notebook, in one atomic save (or, in a dry run, only
    say what would change). The other copy is read, never written."""
    theirs = read_copy(path, notebook.path)
    ours = notebook.store.data
    result, summary = merge_data(ours, theirs, source=path.name)
    changed = any(result.get(name) != ours.get(name) for name in (*TRACKED_TABLES, "tombstones"))
    if changed and not dry_run:
        notebook.transfer.put_tables(result)
    return summary
