"""Notebook files of the wrong shape, for any test that opens one.

`small_notebook()` is a valid notebook in the file's own layout, with a record in every table
and a value in every field. Each case of `WRONG_SHAPES` breaks one thing in it; `WHERE` says
which table, record and field the error must name. `wrong_shape_files()` writes every case as
the store would write it (compact orjson), for tests that open files rather than dicts.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson

from notebook.records import FollowUp, Interaction, Person, ReferralAsk, Tie

Notebook = dict[str, Any]
Mutation = Callable[[Notebook], None]
Where = tuple[str | None, str | None, str | None]  # table, record id, field

STAMP = "2026-11-20T09:30:00"
# What vCards and our own new people carry: a bare uuid, a urn, any other string.
UIDS = (
    "0b3c5d2e-8a41-4f0e-9c1b-6d7e2f3a4b5c",
    "urn:uuid:7d1e9f20-3c4b-4a5d-8e6f-1a2b3c4d5e6f",
    "sam@phone",
)
# The uids of the other tables' records, and of a person deleted before.
RECORD_UIDS = tuple(f"{n:08x}-1111-4222-8333-444455556666" for n in range(1, 8))
CHANGE_STAMP = "2026-11-21T10:00:00.000000Z-ab12"


def content(docs: Any) -> Any:
    """Documents without what the store adds to every record for merging (uid, change
    stamps): for tests of storage, not of that bookkeeping. A table, or one document."""
    if docs and all(isinstance(doc, dict) for doc in docs.values()):
        return {key: content(doc) for key, doc in docs.items()}
    return {key: value for key, value in docs.items() if key not in ("uid", "changes")}


def small_notebook() -> Notebook:
    """A fresh valid notebook: three people, two conversations, a tie, two follow-ups, an ask,
    settings and meta."""
    people = {
        "1": Person(
            name="Dana Okafor",
            company="Acme Robotics",
            title="Engineering Manager",
            past_companies=("Initech",),
            emails=("dana@example.com",),
            phones=("+1 555 0100",),
            location="Berlin",
            tags=("mentor", "former colleague"),
            how_met="worked together at Initech",
            notes="Knows the platform team.",
            cadence_days=30,
            connected_on=date(2024, 1, 5),
            linkedin_url="https://www.linkedin.com/in/dana",
            source="demo",
            created_at=STAMP,
            updated_at=STAMP,
            uid=UIDS[0],
        ),
        "2": Person(
            name="Sam Lee",
            met_via=1,
            snoozed_until=date(2027, 1, 4),
            created_at=STAMP,
            updated_at=STAMP,
            uid=UIDS[2],
        ),
        "3": Person(
            name="Priya Patel", archived=True, created_at=STAMP, updated_at=STAMP, uid=UIDS[1]
        ),
    }
    interactions = {
        "1": Interaction(
            when=date(2026, 11, 20),
            people=(1, 2),
            kind="coffee",
            place="Fourth Coffee",
            summary="Talked about the team's hiring plans.",
            created_at=STAMP,
            uid=RECORD_UIDS[0],
        ),
        "2": Interaction(
            when=datetime(2026, 11, 21, 14, 30), people=(3,), kind="call", uid=RECORD_UIDS[1]
        ),
    }
    ties = {
        "1": Tie(
            a=1,
            b=2,
            relation="former colleague",
            strength=4,
            since=date(2020, 3, 1),
            uid=RECORD_UIDS[2],
        )
    }
    follow_ups = {
        "1": FollowUp(
            people=(1,),
            text="send my resume",
            due=date(2026, 12, 1),
            interaction=1,
            created_at=STAMP,
            uid=RECORD_UIDS[3],
        ),
        "2": FollowUp(people=(2, 3), text="check in", by="them", done_at=STAMP, uid=RECORD_UIDS[4]),
    }
    asks = {
        "1": ReferralAsk(
            target="Acme Robotics",
            person=1,
            asked_on=date(2026, 11, 2),
            status="agreed",
            notes="she'll talk to her manager",
            updated_at=STAMP,
            uid=RECORD_UIDS[5],
        )
    }
    notebook: Notebook = {
        name: {key: record.to_doc() for key, record in table.items()}
        for name, table in (
            ("people", people),
            ("interactions", interactions),
            ("ties", ties),
            ("followups", follow_ups),
            ("asks", asks),
        )
    }
    notebook["settings"] = {
        "1": {"theme": "textual-dark", "default_cadence_days": 60, "nudge_after_days": 7}
    }
    # A field changed since the record was made keeps its change stamps (merging uses them).
    notebook["people"]["1"]["changes"] = {"company": [CHANGE_STAMP]}
    # A record deleted: only its uid, table and time are kept.
    notebook["tombstones"] = {"1": {"uid": RECORD_UIDS[6], "table": "people", "at": STAMP}}
    notebook["meta"] = {
        "1": {
            "schema": 3,
            "created_at": STAMP,
            "next_ids": {
                "people": 4,
                "interactions": 3,
                "ties": 2,
                "followups": 3,
                "asks": 2,
                "tombstones": 2,
            },
        }
    }
    # Through JSON, so it holds exactly what a file would: lists, not tuples.
    loaded: Notebook = orjson.loads(orjson.dumps(notebook))
    return loaded


def _set(*path: str, value: Any) -> Mutation:
    """Set the value at path (table, record id, field, ...)."""

    def mutate(notebook: Notebook) -> None:
        target = notebook
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = copy.deepcopy(value)

    return mutate


def _drop(*path: str) -> Mutation:
    """Remove the key at the end of path."""

    def mutate(notebook: Notebook) -> None:
        target = notebook
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return mutate


def _rekey(table: str, old: str, new: str) -> Mutation:
    """Move a record to another id key."""

    def mutate(notebook: Notebook) -> None:
        notebook[table][new] = notebook[table].pop(old)

    return mutate


_CASES: list[tuple[str, Mutation, Where]] = [
    # The tables themselves.
    ("people-table-is-a-list", _set("people", value=[]), ("people", None, None)),
    ("interactions-table-is-null", _set("interactions", value=None), ("interactions", None, None)),
    ("settings-not-record-1", _rekey("settings", "1", "2"), ("settings", "2", None)),
    ("settings-record-is-a-list", _set("settings", "1", value=[]), ("settings", "1", None)),
    ("meta-record-is-text", _set("meta", "1", value="schema 1"), ("meta", "1", None)),
    # Record ids.
    ("person-id-abc", _rekey("people", "3", "abc"), ("people", "abc", None)),
    ("person-id-zero", _rekey("people", "3", "0"), ("people", "0", None)),
    ("person-id-negative", _rekey("people", "3", "-1"), ("people", "-1", None)),
    ("person-id-leading-zero", _rekey("people", "3", "03"), ("people", "03", None)),
    ("tie-id-empty", _rekey("ties", "1", ""), ("ties", "", None)),
    # People.
    ("person-is-text", _set("people", "2", value="Sam Lee"), ("people", "2", None)),
    ("person-is-null", _set("people", "2", value=None), ("people", "2", None)),
    ("name-is-a-number", _set("people", "1", "name", value=123), ("people", "1", "name")),
    ("name-is-null", _set("people", "1", "name", value=None), ("people", "1", "name")),
    (
        "company-is-a-list",
        _set("people", "1", "company", value=["Acme"]),
        ("people", "1", "company"),
    ),
    ("emails-is-a-number", _set("people", "1", "emails", value=5), ("people", "1", "emails")),
    (
        "emails-holds-a-number",
        _set("people", "1", "emails", value=["a@b.c", 7]),
        ("people", "1", "emails"),
    ),
    ("tags-is-null", _set("people", "1", "tags", value=None), ("people", "1", "tags")),
    ("phones-is-text", _set("people", "1", "phones", value="+1 555"), ("people", "1", "phones")),
    (
        "past-companies-holds-null",
        _set("people", "1", "past_companies", value=[None]),
        ("people", "1", "past_companies"),
    ),
    ("met-via-is-text", _set("people", "2", "met_via", value="1"), ("people", "2", "met_via")),
    ("met-via-is-true", _set("people", "2", "met_via", value=True), ("people", "2", "met_via")),
    (
        "cadence-often",
        _set("people", "1", "cadence_days", value="often"),
        ("people", "1", "cadence_days"),
    ),
    ("cadence-zero", _set("people", "1", "cadence_days", value=0), ("people", "1", "cadence_days")),
    (
        "cadence-99999",
        _set("people", "1", "cadence_days", value=99999),
        ("people", "1", "cadence_days"),
    ),
    (
        "cadence-true",
        _set("people", "1", "cadence_days", value=True),
        ("people", "1", "cadence_days"),
    ),
    (
        "cadence-fraction",
        _set("people", "1", "cadence_days", value=30.5),
        ("people", "1", "cadence_days"),
    ),
    (
        "snoozed-someday",
        _set("people", "2", "snoozed_until", value="someday"),
        ("people", "2", "snoozed_until"),
    ),
    (
        "connected-on-compact-date",
        _set("people", "1", "connected_on", value="20240105"),
        ("people", "1", "connected_on"),
    ),
    (
        "connected-on-number",
        _set("people", "1", "connected_on", value=20240105),
        ("people", "1", "connected_on"),
    ),
    (
        "connected-on-february-30",
        _set("people", "1", "connected_on", value="2024-02-30"),
        ("people", "1", "connected_on"),
    ),
    ("archived-yes", _set("people", "3", "archived", value="yes"), ("people", "3", "archived")),
    ("archived-one", _set("people", "3", "archived", value=1), ("people", "3", "archived")),
    (
        "created-at-yesterday",
        _set("people", "1", "created_at", value="yesterday"),
        ("people", "1", "created_at"),
    ),
    (
        "updated-at-number",
        _set("people", "1", "updated_at", value=0),
        ("people", "1", "updated_at"),
    ),
    ("uid-is-a-number", _set("people", "2", "uid", value=7), ("people", "2", "uid")),
    ("uid-is-null", _set("people", "2", "uid", value=None), ("people", "2", "uid")),
    ("uid-repeated", _set("people", "3", "uid", value=UIDS[0]), ("people", "3", "uid")),
    # Conversations.
    ("interaction-is-a-list", _set("interactions", "2", value=[3]), ("interactions", "2", None)),
    (
        "interaction-people-null",
        _set("interactions", "1", "people", value=None),
        ("interactions", "1", "people"),
    ),
    (
        "interaction-people-empty",
        _set("interactions", "1", "people", value=[]),
        ("interactions", "1", "people"),
    ),
    (
        "interaction-people-missing",
        _drop("interactions", "1", "people"),
        ("interactions", "1", "people"),
    ),
    (
        "interaction-people-text-id",
        _set("interactions", "1", "people", value=["1"]),
        ("interactions", "1", "people"),
    ),
    (
        "interaction-people-all-unknown",
        _set("interactions", "2", "people", value=[98, 99]),
        ("interactions", "2", "people"),
    ),
    ("when-missing", _drop("interactions", "1", "when"), ("interactions", "1", "when")),
    (
        "when-yesterday",
        _set("interactions", "1", "when", value="yesterday"),
        ("interactions", "1", "when"),
    ),
    (
        "when-is-a-number",
        _set("interactions", "1", "when", value=20261120),
        ("interactions", "1", "when"),
    ),
    ("when-is-null", _set("interactions", "1", "when", value=None), ("interactions", "1", "when")),
    (
        "when-space-not-t",
        _set("interactions", "2", "when", value="2026-11-21 14:30"),
        ("interactions", "2", "when"),
    ),
    (
        "when-hour-25",
        _set("interactions", "2", "when", value="2026-11-21T25:00"),
        ("interactions", "2", "when"),
    ),
    ("kind-lunch", _set("interactions", "1", "kind", value="lunch"), ("interactions", "1", "kind")),
    (
        "kind-capitalised",
        _set("interactions", "1", "kind", value="Coffee"),
        ("interactions", "1", "kind"),
    ),
    (
        "summary-is-a-list",
        _set("interactions", "1", "summary", value=["hi"]),
        ("interactions", "1", "summary"),
    ),
    # Ties.
    ("tie-without-a", _drop("ties", "1", "a"), ("ties", "1", "a")),
    ("tie-b-unknown", _set("ties", "1", "b", value=99), ("ties", "1", "b")),
    ("tie-a-is-text", _set("ties", "1", "a", value="1"), ("ties", "1", "a")),
    ("tie-to-self", _set("ties", "1", "b", value=1), ("ties", "1", "b")),
    ("strength-9", _set("ties", "1", "strength", value=9), ("ties", "1", "strength")),
    ("strength-strong", _set("ties", "1", "strength", value="strong"), ("ties", "1", "strength")),
    ("strength-true", _set("ties", "1", "strength", value=True), ("ties", "1", "strength")),
    ("since-last-year", _set("ties", "1", "since", value="last year"), ("ties", "1", "since")),
    # Follow-ups.
    ("by-someone", _set("followups", "1", "by", value="someone"), ("followups", "1", "by")),
    ("due-soon", _set("followups", "1", "due", value="soon"), ("followups", "1", "due")),
    ("follow-up-text-null", _set("followups", "1", "text", value=None), ("followups", "1", "text")),
    ("done-at-number", _set("followups", "2", "done_at", value=5), ("followups", "2", "done_at")),
    (
        "follow-up-interaction-text",
        _set("followups", "1", "interaction", value="1"),
        ("followups", "1", "interaction"),
    ),
    (
        "follow-up-people-all-unknown",
        _set("followups", "2", "people", value=[99]),
        ("followups", "2", "people"),
    ),
    # Referral asks.
    ("status-maybe", _set("asks", "1", "status", value="maybe"), ("asks", "1", "status")),
    ("asked-on-missing", _drop("asks", "1", "asked_on"), ("asks", "1", "asked_on")),
    (
        "asked-on-month-13",
        _set("asks", "1", "asked_on", value="2026-13-01"),
        ("asks", "1", "asked_on"),
    ),
    ("asked-on-empty", _set("asks", "1", "asked_on", value=""), ("asks", "1", "asked_on")),
    ("ask-person-unknown", _set("asks", "1", "person", value=99), ("asks", "1", "person")),
    ("ask-person-missing", _drop("asks", "1", "person"), ("asks", "1", "person")),
    ("ask-target-number", _set("asks", "1", "target", value=7), ("asks", "1", "target")),
    # What merging relies on: uids, change stamps, tombstones.
    (
        "interaction-uid-number",
        _set("interactions", "1", "uid", value=5),
        ("interactions", "1", "uid"),
    ),
    (
        "interaction-uid-repeated",
        _set("interactions", "2", "uid", value=RECORD_UIDS[0]),
        ("interactions", "2", "uid"),
    ),
    ("changes-a-list", _set("people", "1", "changes", value=[]), ("people", "1", "changes")),
    (
        "change-stamps-numbers",
        _set("people", "1", "changes", "company", value=[1]),
        ("people", "1", "changes"),
    ),
    ("tombstone-without-uid", _drop("tombstones", "1", "uid"), ("tombstones", "1", "uid")),
    (
        "tombstone-of-no-table",
        _set("tombstones", "1", "table", value="settings"),
        ("tombstones", "1", "table"),
    ),
    # Settings and meta.
    ("theme-is-a-number", _set("settings", "1", "theme", value=5), ("settings", "1", "theme")),
    (
        "default-cadence-often",
        _set("settings", "1", "default_cadence_days", value="often"),
        ("settings", "1", "default_cadence_days"),
    ),
    (
        "default-cadence-zero",
        _set("settings", "1", "default_cadence_days", value=0),
        ("settings", "1", "default_cadence_days"),
    ),
    (
        "nudge-after-text",
        _set("settings", "1", "nudge_after_days", value="7"),
        ("settings", "1", "nudge_after_days"),
    ),
    ("schema-minus-one", _set("meta", "1", "schema", value=-1), ("meta", "1", "schema")),
    ("schema-text", _set("meta", "1", "schema", value="1"), ("meta", "1", "schema")),
    ("schema-true", _set("meta", "1", "schema", value=True), ("meta", "1", "schema")),
    ("next-ids-text", _set("meta", "1", "next_ids", value="x"), ("meta", "1", "next_ids")),
    ("next-id-text", _set("meta", "1", "next_ids", "people", value="x"), ("meta", "1", "next_ids")),
    ("next-id-zero", _set("meta", "1", "next_ids", "ties", value=0), ("meta", "1", "next_ids")),
    (
        "meta-created-at-number",
        _set("meta", "1", "created_at", value=1),
        ("meta", "1", "created_at"),
    ),
]

WRONG_SHAPES: list[tuple[str, Mutation]] = [(case_id, mutate) for case_id, mutate, _ in _CASES]
WHERE: dict[str, Where] = {case_id: where for case_id, _, where in _CASES}


def wrong_shape(case_id: str) -> Notebook:
    """The small notebook with one case's mutation applied."""
    notebook = small_notebook()
    dict(WRONG_SHAPES)[case_id](notebook)
    return notebook


def wrong_shape_files(tmp_path: Path) -> list[tuple[str, Path]]:
    """Every case written as a notebook file (compact orjson, as the store writes), in order."""
    folder = tmp_path / "wrong-shapes"
    folder.mkdir(exist_ok=True)
    files = []
    for case_id, _ in WRONG_SHAPES:
        path = folder / f"{case_id}.json"
        path.write_bytes(orjson.dumps(wrong_shape(case_id)))
        files.append((case_id, path))
    return files


# Files whose JSON repeats a key: the parser keeps the last, so a write would lose the first.
DUPLICATE_KEYS: list[tuple[str, bytes, str]] = [
    (
        "top-level",
        b'{"people":{"1":{"name":"Dana"}},"interactions":{},"people":{}}',
        'the key "people" appears twice at the top level',
    ),
    (
        "record-id",
        b'{"people":{"1":{"name":"Dana"},"2":{"name":"Sam"},"1":{"name":"Ann"}}}',
        'the key "1" appears twice in the "people" table',
    ),
    (
        "field",
        b'{"people":{"7":{"name":"Dana","emails":[],"name":"Sam"}}}',
        'the key "name" appears twice in record 7 of the "people" table',
    ),
    (
        "next-ids",
        b'{"meta":{"1":{"schema":1,"next_ids":{"people":4,"people":2}}}}',
        'the key "people" appears twice in record 1 of the "meta" table, field "next_ids"',
    ),
    (
        "three-times",
        b'{"settings":{"1":{"theme":"a","theme":"b","theme":"c"}}}',
        'the key "theme" appears 3 times in record 1 of the "settings" table',
    ),
]
