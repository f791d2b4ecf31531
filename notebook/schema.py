"""The shape of a notebook file, checked once when it is opened.

Records' `from_doc()` trusts the file, so a document of the wrong shape (a person that is a
string, `emails: 5`, `when: "yesterday"`) would otherwise surface later as a traceback in
whichever command first touched it. `check_shape()` looks at every table and every field of
every record before anything else does, and either passes the data, repairs it in place, or
raises `ShapeError` naming the table, record and field of the first problem. Data that passes
is safe for every record's `from_doc()`.

The file is TinyDB's layout: `{"people": {"1": {...}, ...}, ..., "settings": {"1": {...}},
"meta": {"1": {"schema": 1, "created_at": ..., "next_ids": {...}}}}`. What is allowed:
- missing tables (the store adds them) and missing optional fields (`from_doc()` defaults
  them); unknown tables and unknown fields are kept and ignored;
- record ids are whole numbers from 1 up, written plainly ("12", never "012" or "-1");
- dates are `YYYY-MM-DD` (or null or "" where the field is optional); a conversation's `when`
  may also be an ISO date and time (`YYYY-MM-DDTHH:MM:SS`);
- a file whose meta says a newer schema is not checked at all: its shape is not this
  version's to judge, and the store refuses it by its version.

Every person has a uid, text that no other person of the notebook has; a repeated one is a
`ShapeError` naming both people. A person without one (empty text counts as none) is given the
uid `records.derived_uid()` works out from the record's id, created_at and name, the same each
time: silently in a file from before uids (schema 1, which the store then migrates), and with a
note in a file of a schema that has them.

A person without a name (a file edited by hand) is named "(no name)", with a note, so that
they show as a row that can be opened and renamed rather than as a blank one.

References between records are repaired only where the record stays meaningful:
- a person's `met_via` that points at nobody becomes null;
- a follow-up's `interaction` that points at no conversation becomes null;
- a conversation's or follow-up's `people` list loses the ids of people who are not in the
  notebook, and any repeated id, as long as at least one known person remains.
A required reference that points at nobody is a `ShapeError`: a conversation or follow-up
whose people are all unknown, a tie with an unknown end, an ask whose `person` is unknown.
Every repair returns a note naming the table, record and field. On `ShapeError` the data may
have been partly repaired already; it is not fit for use either way. With `repair=False`
nothing is changed: what would be repaired is a `ShapeError` too (the store checks its memory
so before vouching that the file it saved needs no checking).

Speed: the store checks on every open, so the loops below are flat: one pass per table, a
`type(x) is T` test per field (exact types: JSON gives no subclasses, and `isinstance` would
take `true` for a number), a set of dates already found good instead of parsing each again,
and no exception raised on good data. On the 30,000-people benchmark notebook the check costs
somewhat less than orjson's parse of the file.
"""

from __future__ import annotations

import json
import re
import reprlib
from collections import Counter
from datetime import date, datetime
from typing import Any

import orjson

from .records import (
    ASK_STATUSES,
    FOLLOW_UP_BY,
    INTERACTION_KINDS,
    derived_record_uid,
    derived_uid,
)

# The newest schema whose shape this module knows; store.SCHEMA must match it (a test checks).
KNOWN_SCHEMA = 3
# The first schema in which every person has a uid: an older file's people are given theirs
# without a word, since that is the migration, not a repair.
UID_SCHEMA = 2
# The first in which every record of every table has a uid (conversations, ties, follow-ups and
# asks too), fields keep the stamps of their changes, and deletions leave tombstones: what
# merging two copies of a notebook needs.
RECORD_UID_SCHEMA = 3
# The tables whose records have uids, change stamps and tombstones.
TRACKED_TABLES = ("people", "interactions", "ties", "followups", "asks")
# What a record's derived uid is made of, besides its table and id: fields set when it was made.
DERIVED_FROM: dict[str, tuple[str, ...]] = {
    "interactions": ("created_at", "when"),
    "ties": ("a", "b"),
    "followups": ("created_at",),
    "asks": ("person", "asked_on"),
}
# The bounds records.py's validated() enforces.
CADENCE_RANGE = (1, 3650)
STRENGTH_RANGE = (1, 5)
NUDGE_RANGE = (0, 3650)

_KINDS = frozenset(INTERACTION_KINDS)
_BY = frozenset(FOLLOW_UP_BY)
_STATUSES = frozenset(ASK_STATUSES)

_PERSON_TEXT = (
    "name",
    "company",
    "title",
    "location",
    "how_met",
    "notes",
    "linkedin_url",
    "source",
    "updated_at",
    "uid",
)
# A list in a file is a list; the store's compact documents hold tuples (see compact.py),
# checked as memory before a saved file is stamped.
_LISTS = (list, tuple)
_PERSON_LISTS = ("past_companies", "emails", "phones", "tags")
_INTERACTION_TEXT = ("place", "summary", "created_at")
_TIE_TEXT = ("relation", "note")
_FOLLOW_UP_TEXT = ("text", "created_at")
_ASK_TEXT = ("target", "notes", "updated_at")

# A table's ids joined by commas: every one a plain whole number from 1 up.
# At most 15 digits: ids stay exact as JSON numbers everywhere (below 2**53) and fit the
# 64-bit integers the caches are written with.
MAX_ID = 10**15 - 1
_ID_LIST = re.compile(r"[1-9][0-9]{0,14}(?:,[1-9][0-9]{0,14})*")
_ID = re.compile(r"[1-9][0-9]{0,14}")

# Stand-ins for a missing field, told apart from null by identity. Never mutated.
_MISSING: Any = object()
_NO_LIST: list[Any] = []
_NO_TABLE: dict[str, Any] = {}

TEXT = "text"
TEXT_LIST = "a list of text"
DAY = "a date (YYYY-MM-DD)"
OPTIONAL_DAY = "a date (YYYY-MM-DD) or null"
WHEN = "a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM:SS)"
STAMP = "a date and time (YYYY-MM-DDTHH:MM:SS) or empty text"
PEOPLE = "a list of person ids"
PEOPLE_NEEDED = "a list of person ids, at least one"
KIND = "one of: " + ", ".join(INTERACTION_KINDS)
STATUS = "one of: " + ", ".join(ASK_STATUSES)
RECORD = "an object of fields"
TABLE = "an object of records by id"

_SHOW_LIMIT = 40
_repr = reprlib.Repr()
# Bounded: a wrong value may be a whole table, and the message is one line.
_repr.maxlevel = 2
_repr.maxlist = _repr.maxdict = _repr.maxtuple = _repr.maxset = 4
_repr.maxstring = _repr.maxother = _repr.maxlong = _SHOW_LIMIT


def show(value: object) -> str:
    """A value from the file as a message shows it: short, on one line, control characters
    escaped (repr does that), and JSON's own words for null, true and false."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    return _cut(_repr.repr(value))


def quote(key: str) -> str:
    """A key from the file in double quotes, escaped as JSON writes it."""
    return _cut(json.dumps(key))


def _cut(text: str) -> str:
    return text if len(text) <= _SHOW_LIMIT else text[: _SHOW_LIMIT - 1] + "…"


class ShapeError(ValueError):
    """The notebook's data does not have the shape the records need; the message says where.

    `table` is None only when the data is not an object of tables at all; `record_id` is the
    record's key as written in the file (it may not be a valid id: the message quotes it).
    """

    def __init__(
        self, table: str | None, record_id: str | None, field: str | None, problem: str
    ) -> None:
        super().__init__(f"{_where(table, record_id, field)}: {problem}")
        self.table = table
        self.record_id = record_id
        self.field = field
        self.problem = problem


def _where(table: str | None, record_id: str | None, field: str | None) -> str:
    if table is None:
        return "the notebook"
    if record_id is None:
        place = f'the "{table}" table'
    elif _ID.fullmatch(record_id):
        place = f"{table} record {record_id}"
    else:
        place = f"{table} record {quote(record_id)}"
    return place if field is None else f'{place}, field "{field}"'


def _wrong(table: str, record_id: str, field: str, expected: str, found: Any) -> ShapeError:
    shown = "nothing (the field is missing)" if found is _MISSING else show(found)
    return ShapeError(table, record_id, field, f"expected {expected}, found {shown}")


def _number_range(low: int, high: int, what: str = "") -> str:
    return f"a whole number{what} from {low} to {high}"


# -- the whole notebook ----------------------------------------------------------------------


class _Notes(list[str]):
    """The notes on what was repaired, and whether repairing is allowed at all."""

    def __init__(self, *, repair: bool) -> None:
        super().__init__()
        self.repair = repair

    def fix(self, table: str, record_id: str | None, field: str, note: str) -> None:
        """Note a repair about to be made; refuse it, leaving the data as it is, if repairs are
        not allowed. Called before the data is changed."""
        if not self.repair:
            raise ShapeError(table, record_id, field, "needs a repair: " + note)
        self.append(note)


def check_shape(data: dict[str, Any], *, repair: bool = True) -> list[str]:
    """Check (and where the module docstring says so, repair) the notebook's data in place.

    Returns a note for each repair, in table order; raises `ShapeError` at the first problem,
    and, if not `repair`, at the first thing it would repair (changing nothing).
    """
    if type(data) is not dict:
        raise ShapeError(None, None, None, f"expected an object of tables, found {show(data)}")
    version = _check_meta(_table(data, "meta"))
    if version is None:
        return []
    _check_settings(_table(data, "settings"))
    notes = _Notes(repair=repair)
    people = _check_people(_table(data, "people"), notes, say_uids=version >= UID_SCHEMA)
    interactions = _check_interactions(_table(data, "interactions"), people, notes)
    _check_ties(_table(data, "ties"), people)
    _check_follow_ups(_table(data, "followups"), people, interactions, notes)
    _check_asks(_table(data, "asks"), people)
    _check_tracking(data, notes, say_uids=version >= RECORD_UID_SCHEMA)
    _check_tombstones(_table(data, "tombstones"))
    return list(notes)


def _table(data: dict[str, Any], name: str) -> dict[str, Any]:
    table = data.get(name, _NO_TABLE)
    if type(table) is not dict:
        raise ShapeError(name, None, None, f"expected {TABLE}, found {show(table)}")
    return table


def _check_ids(name: str, table: dict[str, Any]) -> None:
    """Every key of a record table must be a plain id: a whole number from 1 up."""
    # One regular-expression pass over all the keys joined: a loop of per-key tests costs as
    # much as the rest of a table's check. Counting the commas rules out a key holding one.
    if not table:
        return
    joined = ",".join(table)
    if _ID_LIST.fullmatch(joined) and joined.count(",") == len(table) - 1:
        return
    bad = next(key for key in table if not _ID.fullmatch(key))
    raise ShapeError(name, bad, None, f"a record id must be a whole number from 1 up to {MAX_ID:,}")


def _only_record_one(name: str, table: dict[str, Any]) -> dict[str, Any] | None:
    """The single record of settings and meta, kept under id "1" (or None if there is none)."""
    for key in table:
        if key != "1":
            raise ShapeError(name, key, None, 'this table holds one record, with id "1"')
    doc = table.get("1", _MISSING)
    if doc is _MISSING:
        return None
    if type(doc) is not dict:
        raise _not_a_record(name, "1", doc)
    return doc


def _not_a_record(table: str, record_id: str, doc: Any) -> ShapeError:
    return ShapeError(table, record_id, None, f"expected {RECORD}, found {show(doc)}")


# -- dates -----------------------------------------------------------------------------------


def _is_day(text: str) -> bool:
    """`YYYY-MM-DD` exactly (date.fromisoformat alone also takes "20261125" and "2026-W48")."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-" or not text.isascii():
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _is_when(text: str) -> bool:
    """A day, or a day and a time as Interaction.from_doc reads them (a "T" means a time)."""
    if len(text) == 10:
        return _is_day(text)
    if len(text) < 12 or text[10] != "T" or not _is_day(text[:10]):
        return False
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def _is_stamp(text: str) -> bool:
    """A created_at stamp: empty, or starting with a day (the view model reads its first ten
    characters as the day a person was added)."""
    return not text or _is_day(text[:10])


# -- meta and settings -----------------------------------------------------------------------


def _check_meta(table: dict[str, Any]) -> int | None:
    """The file's schema version; None when it is newer, whose shape is not ours to judge."""
    doc = _only_record_one("meta", table)
    if doc is None:
        return 0  # a file from before the meta table: the store's migration adds it
    schema = doc.get("schema", 0)
    if type(schema) is not int or schema < 0:
        raise _wrong("meta", "1", "schema", "a whole number from 0 up", schema)
    if schema > KNOWN_SCHEMA:
        return None
    created = doc.get("created_at", "")
    if type(created) is not str:
        raise _wrong("meta", "1", "created_at", TEXT, created)
    next_ids = doc.get("next_ids", _NO_TABLE)
    if type(next_ids) is not dict:
        raise _wrong("meta", "1", "next_ids", "an object of next ids by table", next_ids)
    for name, next_id in next_ids.items():
        if type(next_id) is not int or not 1 <= next_id <= MAX_ID:
            raise ShapeError(
                "meta",
                "1",
                "next_ids",
                f"the next id of {quote(name)} should be a whole number from 1 up to "
                f"{MAX_ID:,}, found {show(next_id)}",
            )
    return schema


def _check_settings(table: dict[str, Any]) -> None:
    doc = _only_record_one("settings", table)
    if doc is not None:
        check_settings(doc)


def check_settings(doc: dict[str, Any]) -> None:
    """The settings record (also an export's settings, before a restore stores them)."""
    theme = doc.get("theme", "")
    if type(theme) is not str:
        raise _wrong("settings", "1", "theme", "a theme's name", theme)
    for name, (low, high) in (
        ("default_cadence_days", CADENCE_RANGE),
        ("nudge_after_days", NUDGE_RANGE),
    ):
        days = doc.get(name, low)
        if type(days) is not int or not low <= days <= high:
            raise _wrong("settings", "1", name, _number_range(low, high, " of days"), days)


# What a person without a name is called (see the module docstring).
NO_NAME = "(no name)"

# -- records ---------------------------------------------------------------------------------
# One flat pass per table. The happy path asks each field one cheap question and moves on;
# finding out exactly which field failed (and saying so) is left to the helpers it raises
# through, which only run on a problem.


def _check_people(table: dict[str, Any], notes: _Notes, *, say_uids: bool) -> set[int]:
    """Returns the ids of everyone in the notebook. People without a uid are given one (with
    a note if `say_uids`)."""
    _check_ids("people", table)
    known = set(map(int, table))
    low, high = CADENCE_RANGE
    days = {""}  # optional dates already found good; "" reads as no date
    stamps = {""}
    uids: set[str] = set()
    add_uid = uids.add
    without_uid: list[str] = []
    for pid, doc in table.items():
        if type(doc) is not dict:
            raise _not_a_record("people", pid, doc)
        get = doc.get
        if (
            type(get("name", "")) is not str
            or type(get("company", "")) is not str
            or type(get("title", "")) is not str
            or type(get("location", "")) is not str
            or type(get("how_met", "")) is not str
            or type(get("notes", "")) is not str
            or type(get("linkedin_url", "")) is not str
            or type(get("source", "")) is not str
            or type(get("updated_at", "")) is not str
            or type(uid := get("uid", "")) is not str
        ):
            raise _first_not_text("people", pid, doc, _PERSON_TEXT)
        name = get("name", "")
        if not name or name.isspace():
            notes.fix(
                "people",
                pid,
                "name",
                f"people record {pid} had no name; it is now called {NO_NAME!r} (rename them)",
            )
            doc["name"] = NO_NAME
        if uid:
            add_uid(uid)
        else:
            without_uid.append(pid)
        past = get("past_companies", _NO_LIST)
        emails = get("emails", _NO_LIST)
        phones = get("phones", _NO_LIST)
        tags = get("tags", _NO_LIST)
        if (
            type(past) not in _LISTS
            or type(emails) not in _LISTS
            or type(phones) not in _LISTS
            or type(tags) not in _LISTS
        ):
            raise _first_not_text_list("people", pid, doc, _PERSON_LISTS)
        for item in past + emails + phones + tags:
            if type(item) is not str:
                raise _first_not_text_list("people", pid, doc, _PERSON_LISTS)
        via = get("met_via")
        if via is not None and (type(via) is not int or via not in known):
            if type(via) is not int:
                raise _wrong("people", pid, "met_via", "a person id or null", via)
            notes.fix(
                "people",
                pid,
                "met_via",
                f'people record {pid}: "met via" pointed at person {via}, who is not in the '
                "notebook; the link was dropped",
            )
            doc["met_via"] = None
        cadence = get("cadence_days")
        if cadence is not None and (type(cadence) is not int or not low <= cadence <= high):
            expected = _number_range(low, high, " of days") + ", or null"
            raise _wrong("people", pid, "cadence_days", expected, cadence)
        snoozed = get("snoozed_until")
        if snoozed is not None and (type(snoozed) is not str or snoozed not in days):
            days.add(_day("people", pid, "snoozed_until", snoozed, OPTIONAL_DAY))
        connected = get("connected_on")
        if connected is not None and (type(connected) is not str or connected not in days):
            days.add(_day("people", pid, "connected_on", connected, OPTIONAL_DAY))
        archived = get("archived", False)
        if archived is not True and archived is not False:
            raise _wrong("people", pid, "archived", "true or false", archived)
        created = get("created_at", "")
        if type(created) is not str or created not in stamps:
            if type(created) is not str or not _is_stamp(created):
                raise _wrong("people", pid, "created_at", STAMP, created)
            stamps.add(created)
    # One set of the uids seen, compared by size: the people with none are the only others.
    if len(uids) != len(table) - len(without_uid):
        raise _repeated_uid(table)
    if without_uid:
        _give_uids(table, without_uid, uids, notes, say=say_uids)
    return known


def _repeated_uid(table: dict[str, Any], name: str = "people") -> ShapeError:
    """The second record whose uid another already has, naming both."""
    first: dict[str, str] = {}
    holder = "person" if name == "people" else "record"
    for rid, doc in table.items():
        uid = doc.get("uid", "")
        if uid and uid in first:
            return ShapeError(
                name, rid, "uid", f"{holder} {first[uid]} has the same uid, {show(uid)}"
            )
        first.setdefault(uid, rid)
    # Unreachable while the caller counts the same uids.
    return ShapeError(name, None, "uid", "two records have the same uid")


def _give_uids(
    table: dict[str, Any], ids: list[str], taken: set[str], notes: _Notes, *, say: bool
) -> None:
    """Each of these people gets the uid derived from their record (see the module docstring),
    with a note if `say`. Only a hand-made file could already hold one of them on someone else:
    refused as repeated."""
    if not notes.repair:
        raise ShapeError("people", ids[0], "uid", "needs a repair: the person has no uid")
    for pid in ids:
        doc = table[pid]
        uid = derived_uid(pid, doc.get("created_at", ""), doc.get("name", ""))
        if uid in taken:
            holder = next(key for key, other in table.items() if other.get("uid") == uid)
            raise ShapeError(
                "people", pid, "uid", f"its uid would be {show(uid)}, which person {holder} has"
            )
        taken.add(uid)
        doc["uid"] = uid
    if say:
        numbers = [int(pid) for pid in ids]
        were = "was" if len(ids) == 1 else "were each"
        notes.append(
            f'{_people_words(numbers)} had no "uid" and {were} given one made from the record\'s '
            "id, name and created_at"
        )


def _check_interactions(table: dict[str, Any], people: set[int], notes: _Notes) -> set[int]:
    """Returns the ids of every conversation."""
    _check_ids("interactions", table)
    whens: set[str] = set()
    for iid, doc in table.items():
        if type(doc) is not dict:
            raise _not_a_record("interactions", iid, doc)
        get = doc.get
        when = get("when", _MISSING)
        if type(when) is not str or when not in whens:
            if type(when) is not str or not _is_when(when):
                raise _wrong("interactions", iid, "when", WHEN, when)
            whens.add(when)
        _check_people_list("interactions", iid, doc, people, notes)
        kind = get("kind", "in person")
        if type(kind) is not str or kind not in _KINDS:
            raise _wrong("interactions", iid, "kind", KIND, kind)
        if (
            type(get("place", "")) is not str
            or type(get("summary", "")) is not str
            or type(get("created_at", "")) is not str
        ):
            raise _first_not_text("interactions", iid, doc, _INTERACTION_TEXT)
    return set(map(int, table))


def _check_people_list(
    table: str, record_id: str, doc: dict[str, Any], people: set[int], notes: _Notes
) -> None:
    """A conversation's or follow-up's people: a non-empty list of known, distinct ids, or
    repaired into one (see the module docstring)."""
    who = doc.get("people", _MISSING)
    if type(who) not in _LISTS or not who:
        raise _wrong(table, record_id, "people", PEOPLE_NEEDED, who)
    for pid in who:
        if type(pid) is not int or pid not in people:
            _repair_people(table, record_id, doc, people, notes)
            return
    if len(who) > 1 and len(set(who)) != len(who):
        _repair_people(table, record_id, doc, people, notes)


def _check_ties(table: dict[str, Any], people: set[int]) -> None:
    _check_ids("ties", table)
    low, high = STRENGTH_RANGE
    days = {""}
    for tid, doc in table.items():
        if type(doc) is not dict:
            raise _not_a_record("ties", tid, doc)
        get = doc.get
        a = get("a", _MISSING)
        b = get("b", _MISSING)
        if type(a) is not int or type(b) is not int or a not in people or b not in people:
            _person_ref("ties", tid, "a", a, people)
            _person_ref("ties", tid, "b", b, people)
        if a == b:
            raise ShapeError("ties", tid, "b", f"both ends of the tie are person {a}")
        strength = get("strength", low)
        if type(strength) is not int or not low <= strength <= high:
            raise _wrong("ties", tid, "strength", _number_range(low, high), strength)
        since = get("since")
        if since is not None and (type(since) is not str or since not in days):
            days.add(_day("ties", tid, "since", since, OPTIONAL_DAY))
        if type(get("relation", "")) is not str or type(get("note", "")) is not str:
            raise _first_not_text("ties", tid, doc, _TIE_TEXT)


def _check_follow_ups(
    table: dict[str, Any], people: set[int], interactions: set[int], notes: _Notes
) -> None:
    _check_ids("followups", table)
    days = {""}
    for fid, doc in table.items():
        if type(doc) is not dict:
            raise _not_a_record("followups", fid, doc)
        get = doc.get
        _check_people_list("followups", fid, doc, people, notes)
        if type(get("text", "")) is not str or type(get("created_at", "")) is not str:
            raise _first_not_text("followups", fid, doc, _FOLLOW_UP_TEXT)
        due = get("due")
        if due is not None and (type(due) is not str or due not in days):
            days.add(_day("followups", fid, "due", due, OPTIONAL_DAY))
        by = get("by", "me")
        if type(by) is not str or by not in _BY:
            raise _wrong("followups", fid, "by", '"me" or "them"', by)
        done = get("done_at")
        if done is not None and type(done) is not str:
            raise _wrong("followups", fid, "done_at", "a date and time, or null", done)
        source = get("interaction")
        if source is not None and (type(source) is not int or source not in interactions):
            if type(source) is not int:
                raise _wrong("followups", fid, "interaction", "a conversation id or null", source)
            notes.fix(
                "followups",
                fid,
                "interaction",
                f'followups record {fid}: "interaction" pointed at conversation {source}, '
                "which is not in the notebook; the link was dropped",
            )
            doc["interaction"] = None


def _check_asks(table: dict[str, Any], people: set[int]) -> None:
    _check_ids("asks", table)
    days: set[str] = set()
    for aid, doc in table.items():
        if type(doc) is not dict:
            raise _not_a_record("asks", aid, doc)
        get = doc.get
        person = get("person", _MISSING)
        if type(person) is not int or person not in people:
            _person_ref("asks", aid, "person", person, people)
        asked = get("asked_on", _MISSING)
        if type(asked) is not str or asked not in days:
            days.add(_day("asks", aid, "asked_on", asked, DAY))
        status = get("status", "asked")
        if type(status) is not str or status not in _STATUSES:
            raise _wrong("asks", aid, "status", STATUS, status)
        if (
            type(get("target", "")) is not str
            or type(get("notes", "")) is not str
            or type(get("updated_at", "")) is not str
        ):
            raise _first_not_text("asks", aid, doc, _ASK_TEXT)


def _check_tracking(data: dict[str, Any], notes: _Notes, *, say_uids: bool) -> None:
    """Every record's change stamps, and the uids of the tables other than people (whose
    uids _check_people has seen to). A record without a uid is given the one derived from
    what it was made with, silently in a file from before such uids."""
    for name in TRACKED_TABLES:
        table = data.get(name, _NO_TABLE)
        uids: set[str] = set()
        without: list[str] = []
        people = name == "people"
        for rid, doc in table.items():
            changes = doc.get("changes")
            if changes is not None:
                _check_changes(name, rid, changes)
            if people:
                continue
            uid = doc.get("uid", "")
            if type(uid) is not str:
                raise _wrong(name, rid, "uid", TEXT, uid)
            if uid:
                uids.add(uid)
            else:
                without.append(rid)
        if people:
            continue
        if len(uids) != len(table) - len(without):
            raise _repeated_uid(table, name)
        if without and not notes.repair:
            raise ShapeError(name, without[0], "uid", "needs a repair: the record has no uid")
        parts = DERIVED_FROM[name]
        for rid in without:
            doc = table[rid]
            uid = derived_record_uid(name, rid, *(str(doc.get(part, "")) for part in parts))
            if uid in uids:
                raise ShapeError(name, rid, "uid", f"its uid would be {show(uid)}, which is taken")
            uids.add(uid)
            doc["uid"] = uid
        if without and say_uids:
            notes.append(f'{len(without)} {name} records had no "uid" and were each given one')


def _check_changes(table: str, record_id: str, changes: Any) -> None:
    if type(changes) is not dict:
        raise _wrong(table, record_id, "changes", "an object of change stamps by field", changes)
    for field, stamps in changes.items():
        if type(stamps) is not list or any(type(stamp) is not str for stamp in stamps):
            expected = f"a list of stamps for {quote(field)}"
            raise _wrong(table, record_id, "changes", expected, stamps)


def _check_tombstones(table: dict[str, Any]) -> None:
    """A deleted record leaves only its uid, its table and the time: nothing of its data."""
    _check_ids("tombstones", table)
    for rid, doc in table.items():
        if type(doc) is not dict:
            raise _not_a_record("tombstones", rid, doc)
        uid = doc.get("uid")
        if type(uid) is not str or not uid:
            raise _wrong("tombstones", rid, "uid", "a uid", uid)
        if doc.get("table") not in TRACKED_TABLES:
            expected = "one of: " + ", ".join(TRACKED_TABLES)
            raise _wrong("tombstones", rid, "table", expected, doc.get("table"))
        if type(doc.get("at", "")) is not str:
            raise _wrong("tombstones", rid, "at", TEXT, doc.get("at"))


# -- what went wrong, once something has -----------------------------------------------------


def _first_not_text(
    table: str, record_id: str, doc: dict[str, Any], names: tuple[str, ...]
) -> ShapeError:
    for name in names:
        value = doc.get(name, "")
        if type(value) is not str:
            return _wrong(table, record_id, name, TEXT, value)
    # Unreachable while the caller's test and `names` list the same fields.
    return ShapeError(table, record_id, None, "a field that should hold text does not")


def _first_not_text_list(
    table: str, record_id: str, doc: dict[str, Any], names: tuple[str, ...]
) -> ShapeError:
    for name in names:
        value = doc.get(name, _NO_LIST)
        if type(value) not in _LISTS or not all(type(item) is str for item in value):
            return _wrong(table, record_id, name, TEXT_LIST, value)
    # Unreachable while the caller's test and `names` list the same fields.
    return ShapeError(table, record_id, None, "a field that should hold a list of text does not")


def _day(table: str, record_id: str, field: str, value: Any, expected: str) -> str:
    """The value, if it is a date (`YYYY-MM-DD`); else the error naming the field."""
    if type(value) is not str or not _is_day(value):
        raise _wrong(table, record_id, field, expected, value)
    return value


def _person_ref(table: str, record_id: str, field: str, value: Any, people: set[int]) -> None:
    """A reference that must point at someone in the notebook."""
    if type(value) is not int:
        raise _wrong(table, record_id, field, "a person id", value)
    if value not in people:
        raise ShapeError(table, record_id, field, f"person {value} is not in the notebook")


def _repair_people(
    table: str, record_id: str, doc: dict[str, Any], known: set[int], notes: _Notes
) -> None:
    """A `people` list with an unknown or repeated id: keep the known, each once, if any."""
    people: list[Any] = doc["people"]
    for pid in people:
        if type(pid) is not int:
            raise _wrong(table, record_id, "people", PEOPLE, people)
    kept = list(dict.fromkeys(pid for pid in people if pid in known))
    unknown = list(dict.fromkeys(pid for pid in people if pid not in known))
    if not kept:
        verb = "is" if len(unknown) == 1 else "are"
        raise ShapeError(
            table,
            record_id,
            "people",
            f"{_people_words(unknown)} {verb} not in the notebook, and nobody else is listed",
        )
    if unknown:
        who = "who is" if len(unknown) == 1 else "who are"
        notes.fix(
            table,
            record_id,
            "people",
            f'{table} record {record_id}: "people" listed {_people_words(unknown)}, {who} not '
            "in the notebook; they were taken off the list",
        )
    counts = Counter(people)
    repeated = [pid for pid in kept if counts[pid] > 1]
    if repeated:
        notes.fix(
            table,
            record_id,
            "people",
            f'{table} record {record_id}: "people" listed {_people_words(repeated)} more than '
            "once; the repeats were dropped",
        )
    doc["people"] = kept


def _people_words(ids: list[int], most: int = 5) -> str:
    """ "person 7", "people 7 and 9", or, kept to one short line, "people 1, 2, 3, 4, 5 and 95
    others"."""
    if len(ids) == 1:
        return f"person {ids[0]}"
    if len(ids) > most:
        return "people " + ", ".join(map(str, ids[:most])) + f" and {len(ids) - most} others"
    return "people " + ", ".join(map(str, ids[:-1])) + f" and {ids[-1]}"


# -- duplicate keys --------------------------------------------------------------------------


class _Repeated(dict[str, Any]):
    """An object of the file in which a key appeared more than once."""

    def __init__(self, obj: dict[str, Any], key: str, count: int) -> None:
        super().__init__(obj)
        self.key = key
        self.count = count


def has_duplicate_keys(content: bytes, data: dict[str, Any]) -> str | None:
    """Whether the file's JSON repeats a key within one object, and if so where.

    A repeated key is silently collapsed by the parser (the last one wins), so the next write
    would drop what the first one held, such as a whole table. `data` must be what `content`
    was just parsed into, before any change (call this before `check_shape()` or a migration
    touches it): the store writes files as `orjson.dumps(data)`, so when dumping the data
    gives back the very bytes read, no key can have been repeated (a repeat would make the
    dump shorter). Only other files, such as one indented by hand, are parsed a second time,
    which costs about as much again as the first parse.
    """
    if orjson.dumps(data) == content:
        return None
    repeats: list[_Repeated] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(items)
        if len(obj) == len(items):
            return obj
        counts = Counter(key for key, _ in items)
        key = next(key for key, count in counts.items() if count > 1)
        repeated = _Repeated(obj, key, counts[key])
        repeats.append(repeated)
        return repeated

    try:
        parsed = json.loads(content, object_pairs_hook=pairs)
    except (ValueError, RecursionError):
        return None  # orjson read it, the standard parser can't: no second opinion to give
    if not repeats:
        return None
    found = _find_repeated(parsed, ())
    assert found is not None  # every repeat sits somewhere in what was parsed
    obj, path = found
    times = "twice" if obj.count == 2 else f"{obj.count} times"
    return f"the key {quote(obj.key)} appears {times} {_path_words(path)}"


def _find_repeated(value: Any, path: tuple[str, ...]) -> tuple[_Repeated, tuple[str, ...]] | None:
    # Only reached once a repeat was found: a plain walk, outermost and first in the file first.
    if isinstance(value, _Repeated):
        return value, path
    children: Any
    if isinstance(value, dict):
        children = value.items()
    elif isinstance(value, list):
        children = ((str(i), v) for i, v in enumerate(value))
    else:
        return None
    for key, child in children:
        if isinstance(child, dict | list):
            found = _find_repeated(child, (*path, key))
            if found is not None:
                return found
    return None


def _path_words(path: tuple[str, ...]) -> str:
    if not path:
        return "at the top level"
    table = f"the {quote(path[0])} table"
    if len(path) == 1:
        return f"in {table}"
    record = path[1] if _ID.fullmatch(path[1]) else quote(path[1])
    where = f"in record {record} of {table}"
    if len(path) > 2:
        where += f", field {quote(path[2])}"
    if len(path) > 3:
        where += " (" + " → ".join(quote(p) for p in path[3:]) + ")"
    return where
