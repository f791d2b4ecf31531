"""The notebook file's shape: every wrong shape is a ShapeError naming table, record and field;
dangling references are repaired where the record stays meaningful; repeated JSON keys are
found; and whatever passes can be read by every record's from_doc()."""

from __future__ import annotations

import copy
import dataclasses
import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notebook import schema
from notebook.demo import build
from notebook.records import (
    ASK_STATUSES,
    FOLLOW_UP_BY,
    INTERACTION_KINDS,
    FollowUp,
    Interaction,
    Person,
    ReferralAsk,
    Tie,
    derived_uid,
)
from notebook.schema import ShapeError, check_shape, has_duplicate_keys

from .conftest import TODAY
from .shapes import (
    DUPLICATE_KEYS,
    STAMP,
    UIDS,
    WHERE,
    WRONG_SHAPES,
    Notebook,
    small_notebook,
    wrong_shape,
    wrong_shape_files,
)

RECORD_TYPES: dict[str, type[Person | Interaction | Tie | FollowUp | ReferralAsk]] = {
    "people": Person,
    "interactions": Interaction,
    "ties": Tie,
    "followups": FollowUp,
    "asks": ReferralAsk,
}


def read_every_record(notebook: Notebook) -> None:
    """What the view model does on open: every record through its from_doc()."""
    for table, record_type in RECORD_TYPES.items():
        for key, doc in notebook.get(table, {}).items():
            record_type.from_doc(int(key), doc)


def shape_error(notebook: Any) -> ShapeError:
    with pytest.raises(ShapeError) as excinfo:
        check_shape(notebook)
    return excinfo.value


# -- valid notebooks -------------------------------------------------------------------------


def test_small_notebook_passes_untouched() -> None:
    notebook = small_notebook()
    assert check_shape(notebook) == []
    assert notebook == small_notebook()
    read_every_record(notebook)


def test_demo_notebook_passes_with_no_notes(tmp_path: Path) -> None:
    content = build(tmp_path / "demo.json", today=TODAY).read_bytes()
    data = orjson.loads(content)
    assert check_shape(data) == []
    assert data == orjson.loads(content)
    assert has_duplicate_keys(content, data) is None


def test_empty_and_table_less_notebooks_pass() -> None:
    assert check_shape({}) == []
    notebook = small_notebook()
    del notebook["meta"], notebook["settings"], notebook["asks"]  # before the meta table
    assert check_shape(notebook) == []
    assert check_shape({"settings": {}, "meta": {}}) == []


def test_bare_records_pass_and_read() -> None:
    """Only `when`, `people`, `a`, `b`, `person` and `asked_on` are required (and a person's
    name, which is given one if missing: see the repairs)."""
    notebook: Notebook = {
        "people": {"1": {"name": "Ann"}, "2": {"name": "Sam"}},
        "interactions": {"1": {"when": "2026-11-20", "people": [1]}},
        "ties": {"1": {"a": 1, "b": 2}},
        "followups": {"1": {"people": [2]}},
        "asks": {"1": {"person": 1, "asked_on": "2026-11-02"}},
        "settings": {"1": {}},
        "meta": {"1": {}},
    }
    assert check_shape(notebook) == []
    read_every_record(notebook)


def test_unknown_tables_and_fields_are_kept() -> None:
    notebook = small_notebook()
    notebook["later"] = ["anything", {"at": "all"}]
    notebook["people"]["1"]["nickname"] = {"any": ["shape"]}
    notebook["settings"]["1"]["layout"] = [1, 2]
    notebook["meta"]["1"]["next_ids"]["later"] = 9
    kept = copy.deepcopy(notebook)
    assert check_shape(notebook) == []
    assert notebook == kept


@pytest.mark.parametrize(
    "when",
    ["2026-11-21", "2026-11-21T14:30", "2026-11-21T14:30:05", "2026-11-21T14:30:05.250000"],
)
def test_when_may_hold_a_time(when: str) -> None:
    notebook = small_notebook()
    notebook["interactions"]["2"]["when"] = when
    assert check_shape(notebook) == []
    read_every_record(notebook)


@pytest.mark.parametrize("value", [None, ""])
def test_optional_dates_may_be_null_or_empty(value: str | None) -> None:
    notebook = small_notebook()
    notebook["people"]["1"]["connected_on"] = value
    notebook["people"]["2"]["snoozed_until"] = value
    notebook["ties"]["1"]["since"] = value
    notebook["followups"]["1"]["due"] = value
    assert check_shape(notebook) == []
    read_every_record(notebook)


def test_every_kind_status_and_owner_is_accepted() -> None:
    notebook = small_notebook()
    for n, kind in enumerate(INTERACTION_KINDS, start=10):
        notebook["interactions"][str(n)] = {"when": "2026-11-01", "people": [1], "kind": kind}
    for n, status in enumerate(ASK_STATUSES, start=10):
        notebook["asks"][str(n)] = {"person": 2, "asked_on": "2026-11-01", "status": status}
    for n, by in enumerate(FOLLOW_UP_BY, start=10):
        notebook["followups"][str(n)] = {"people": [3], "text": "call", "by": by}
    for table in ("interactions", "asks", "followups"):
        for n, doc in notebook[table].items():
            doc.setdefault("uid", f"{table}-{n}")
    assert check_shape(notebook) == []


def test_a_newer_schema_is_left_to_the_version_check() -> None:
    """Its shape may differ from this version's; the store refuses it by its version."""
    notebook = small_notebook()
    notebook["meta"]["1"]["schema"] = schema.KNOWN_SCHEMA + 1
    notebook["people"] = {"1": "a shape from the future"}
    assert check_shape(notebook) == []


def test_known_schema_is_the_stores() -> None:
    from notebook import store

    assert schema.KNOWN_SCHEMA == store.SCHEMA


# -- wrong shapes ----------------------------------------------------------------------------


@pytest.mark.parametrize(("case_id", "mutate"), WRONG_SHAPES, ids=[c for c, _ in WRONG_SHAPES])
def test_wrong_shape_is_named(case_id: str, mutate: Callable[[Notebook], None]) -> None:
    notebook = small_notebook()
    mutate(notebook)
    error = shape_error(notebook)
    assert isinstance(error, ValueError)
    assert (error.table, error.record_id, error.field) == WHERE[case_id]
    message = str(error)
    assert "\n" not in message
    if error.table is not None:
        assert error.table in message
    if error.field is not None:
        assert f'field "{error.field}"' in message


def test_corpus_is_large_and_distinct() -> None:
    ids = [case_id for case_id, _ in WRONG_SHAPES]
    assert len(ids) >= 35
    assert len(set(ids)) == len(ids)
    assert set(WHERE) == set(ids)
    # Every table of the file has cases.
    assert {WHERE[i][0] for i in ids} >= {*RECORD_TYPES, "settings", "meta"}


def test_wrong_shape_files_are_written_as_the_store_writes(tmp_path: Path) -> None:
    files = wrong_shape_files(tmp_path)
    assert [case_id for case_id, _ in files] == [case_id for case_id, _ in WRONG_SHAPES]
    for case_id, path in files:
        content = path.read_bytes()
        data = orjson.loads(content)
        assert data == wrong_shape(case_id)
        assert has_duplicate_keys(content, data) is None
        with pytest.raises(ShapeError):
            check_shape(data)


def test_the_message_reads_as_documented() -> None:
    notebook = small_notebook()
    notebook["people"]["12"] = {"name": "Ann", "emails": 5}
    assert str(shape_error(notebook)) == (
        'people record 12, field "emails": expected a list of text, found 5'
    )


def test_the_whole_notebook_must_be_an_object() -> None:
    error = shape_error([{"people": {}}])
    assert (error.table, error.record_id, error.field) == (None, None, None)
    assert str(error) == "the notebook: expected an object of tables, found [{'people': {}}]"


@pytest.mark.parametrize(
    "value", ["\x1b[31mred\x1b[0m\u202eevil\x07", ["\x1b]0;title\x07"] * 30, "x" * 5000]
)
def test_shown_values_are_escaped_and_short(value: Any) -> None:
    notebook = small_notebook()
    notebook["people"]["1"]["archived"] = value
    message = str(shape_error(notebook))
    assert not any(c in message for c in "\x1b\x07\u202e")
    shown = message.split("found ", 1)[1]
    assert len(shown) <= 40


ODD_IDS = ["1", "2", "10", "0", "01", "-1", "+1", " 1", "1,2", "2,", "", "١", "1_0"]


@given(st.lists(st.sampled_from(ODD_IDS) | st.text(max_size=3), max_size=5))
def test_record_ids_are_plain_whole_numbers(keys: list[str]) -> None:
    table = {key: {"name": "Ann"} for key in keys}
    plain = all(key.isascii() and key.isdigit() and not key.startswith("0") for key in table)
    try:
        check_shape({"people": table})
    except ShapeError as error:
        assert not plain
        assert error.record_id in table and error.table == "people"
    else:
        assert plain


def test_a_strange_record_id_is_quoted_and_escaped() -> None:
    notebook = small_notebook()
    notebook["ties"]["\x1b[2J1"] = notebook["ties"].pop("1")
    error = shape_error(notebook)
    assert error.record_id == "\x1b[2J1"
    assert str(error) == (
        'ties record "\\u001b[2J1": a record id must be a whole number from 1 up to '
        "999,999,999,999,999"
    )


def test_an_id_too_large_to_write_back_is_refused() -> None:
    """A 31-digit id parses, but no cache or export could write it as a number."""
    notebook = small_notebook()
    notebook["people"]["1" + "0" * 30] = notebook["people"].pop("1")
    assert "a record id must be a whole number" in str(shape_error(notebook))
    notebook = small_notebook()
    notebook["meta"]["1"]["next_ids"] = {"people": 2**64}
    assert "next id" in str(shape_error(notebook))


def record_fields(record_type: type[Any]) -> list[str]:
    return [f.name for f in dataclasses.fields(record_type) if f.name != "id"]


EVERY_FIELD = [
    (table, field)
    for table, record_type in RECORD_TYPES.items()
    for field in record_fields(record_type)
]


@pytest.mark.parametrize(("table", "field"), EVERY_FIELD, ids=[f"{t}.{f}" for t, f in EVERY_FIELD])
def test_every_field_of_every_record_is_checked(table: str, field: str) -> None:
    """No field of any record holds an object: each one must say so, by name. A field added to
    records.py fails here until the schema checks it."""
    notebook = small_notebook()
    assert field in notebook[table]["1"], "the small notebook must write every field"
    notebook[table]["1"][field] = {"an": "object"}
    error = shape_error(notebook)
    assert (error.table, error.record_id, error.field) == (table, "1", field)


@pytest.mark.parametrize("field", ["theme", "default_cadence_days", "nudge_after_days"])
def test_every_setting_is_checked(field: str) -> None:
    notebook = small_notebook()
    notebook["settings"]["1"][field] = [field]
    error = shape_error(notebook)
    assert (error.table, error.record_id, error.field) == ("settings", "1", field)


def test_a_record_that_reads_as_a_key_error_is_caught() -> None:
    """The failures from_doc() would hit on its required keys."""
    for table, field in [
        ("interactions", "when"),
        ("ties", "a"),
        ("ties", "b"),
        ("asks", "person"),
        ("asks", "asked_on"),
    ]:
        notebook = small_notebook()
        del notebook[table]["1"][field]
        with pytest.raises(KeyError):
            read_every_record(notebook)
        error = shape_error(notebook)
        assert (error.table, error.field) == (table, field)


# -- repairs ---------------------------------------------------------------------------------


def test_dangling_met_via_is_dropped() -> None:
    notebook = small_notebook()
    notebook["people"]["2"]["met_via"] = 99
    assert check_shape(notebook) == [
        'people record 2: "met via" pointed at person 99, who is not in the notebook; '
        "the link was dropped"
    ]
    assert notebook["people"]["2"]["met_via"] is None


def test_dangling_follow_up_interaction_is_dropped() -> None:
    notebook = small_notebook()
    notebook["followups"]["1"]["interaction"] = 42
    assert check_shape(notebook) == [
        'followups record 1: "interaction" pointed at conversation 42, which is not in the '
        "notebook; the link was dropped"
    ]
    assert notebook["followups"]["1"]["interaction"] is None


def test_unknown_people_leave_a_conversation_that_keeps_someone() -> None:
    notebook = small_notebook()
    notebook["interactions"]["1"]["people"] = [1, 99, 2]
    assert check_shape(notebook) == [
        'interactions record 1: "people" listed person 99, who is not in the notebook; '
        "they were taken off the list"
    ]
    assert notebook["interactions"]["1"]["people"] == [1, 2]


def test_unknown_people_leave_a_follow_up_that_keeps_someone() -> None:
    notebook = small_notebook()
    notebook["followups"]["2"]["people"] = [98, 3, 99]
    assert check_shape(notebook) == [
        'followups record 2: "people" listed people 98 and 99, who are not in the notebook; '
        "they were taken off the list"
    ]
    assert notebook["followups"]["2"]["people"] == [3]


@pytest.mark.parametrize("table", ["interactions", "followups"])
def test_a_repeated_person_is_listed_once(table: str) -> None:
    notebook = small_notebook()
    notebook[table]["1"]["people"] = [1, 2, 1, 1]
    assert check_shape(notebook) == [
        f'{table} record 1: "people" listed person 1 more than once; the repeats were dropped'
    ]
    assert notebook[table]["1"]["people"] == [1, 2]


def test_notes_and_errors_about_long_lists_stay_short() -> None:
    notebook = small_notebook()
    notebook["interactions"]["1"]["people"] = [1, 2, 1, *range(100, 10_000)]
    notes = check_shape(notebook)
    assert notes[0].startswith(
        'interactions record 1: "people" listed people 100, 101, 102, 103, 104 and 9895 others,'
    )
    assert all(len(note) < 200 for note in notes)
    notebook["interactions"]["2"]["people"] = list(range(100, 10_000))
    assert len(str(shape_error(notebook))) < 200


def test_repairs_come_in_table_order_and_settle() -> None:
    notebook = small_notebook()
    notebook["asks"]["1"]["person"] = 3
    notebook["followups"]["1"]["interaction"] = 7
    notebook["interactions"]["2"]["people"] = [3, 5, 3]
    notebook["people"]["2"]["met_via"] = 4
    notes = check_shape(notebook)
    assert [note.split(":", 1)[0] for note in notes] == [
        "people record 2",
        "interactions record 2",
        "interactions record 2",
        "followups record 1",
    ]
    assert check_shape(notebook) == []
    read_every_record(notebook)


def test_a_repeated_uid_is_refused_naming_both_people() -> None:
    notebook = small_notebook()
    notebook["people"]["3"]["uid"] = UIDS[2]
    error = shape_error(notebook)
    assert (error.table, error.record_id, error.field) == ("people", "3", "uid")
    assert str(error) == "people record 3, field \"uid\": person 2 has the same uid, 'sam@phone'"


def test_people_of_a_file_from_before_uids_are_given_theirs_without_a_note() -> None:
    notebook = small_notebook()
    notebook["meta"]["1"]["schema"] = 1
    for doc in notebook["people"].values():
        del doc["uid"]
    assert check_shape(notebook) == []
    given = {pid: doc["uid"] for pid, doc in notebook["people"].items()}
    assert given == {
        "1": derived_uid(1, STAMP, "Dana Okafor"),
        "2": derived_uid(2, STAMP, "Sam Lee"),
        "3": derived_uid(3, STAMP, "Priya Patel"),
    }
    # The same file looked at again (another open, another copy) gives the same uids.
    again = small_notebook()
    again["meta"]["1"]["schema"] = 1
    for doc in again["people"].values():
        del doc["uid"]
    check_shape(again)
    assert {pid: doc["uid"] for pid, doc in again["people"].items()} == given


def test_a_person_without_a_uid_in_a_current_file_is_given_one_with_a_note() -> None:
    notebook = small_notebook()
    del notebook["people"]["2"]["uid"]
    notebook["people"]["3"]["uid"] = ""
    assert check_shape(notebook) == [
        'people 2 and 3 had no "uid" and were each given one made from the record\'s id, name '
        "and created_at"
    ]
    assert notebook["people"]["2"]["uid"] == derived_uid(2, STAMP, "Sam Lee")
    assert notebook["people"]["3"]["uid"] == derived_uid(3, STAMP, "Priya Patel")
    assert notebook["people"]["1"]["uid"] == UIDS[0]


def test_a_uid_given_on_load_that_someone_already_has_is_refused() -> None:
    notebook = small_notebook()
    del notebook["people"]["2"]["uid"]
    notebook["people"]["1"]["uid"] = derived_uid(2, STAMP, "Sam Lee")
    error = shape_error(notebook)
    assert (error.table, error.record_id, error.field) == ("people", "2", "uid")
    assert "which person 1 has" in str(error)


def test_a_deleted_person_drags_their_references_with_them() -> None:
    """Person 2 gone: the links to them are repaired, the tie to them is not (it is required)."""
    notebook = small_notebook()
    del notebook["people"]["2"]
    del notebook["ties"]["1"]
    notes = check_shape(notebook)
    assert notebook["interactions"]["1"]["people"] == [1]
    assert notebook["followups"]["2"]["people"] == [3]
    assert len(notes) == 2
    notebook = small_notebook()
    del notebook["people"]["2"]
    error = shape_error(notebook)
    assert (error.table, error.record_id, error.field) == ("ties", "1", "b")


# -- repeated keys ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [(content, message) for _, content, message in DUPLICATE_KEYS],
    ids=[case_id for case_id, _, _ in DUPLICATE_KEYS],
)
def test_repeated_keys_are_found(content: bytes, message: str) -> None:
    assert has_duplicate_keys(content, orjson.loads(content)) == message


def test_a_repeated_key_in_an_indented_file_is_found() -> None:
    notebook = small_notebook()
    text = orjson.dumps(notebook, option=orjson.OPT_INDENT_2).decode()
    text = text.replace('"name": "Sam Lee",', '"name": "Sam Lee",\n "name": "Sam",', 1)
    content = text.encode()
    found = has_duplicate_keys(content, orjson.loads(content))
    assert found == 'the key "name" appears twice in record 2 of the "people" table'


def test_a_strange_repeated_key_is_escaped() -> None:
    content = b'{"\\u001b[2J":1,"\\u001b[2J":2}'
    found = has_duplicate_keys(content, orjson.loads(content))
    assert found == 'the key "\\u001b[2J" appears twice at the top level'


def test_no_repeats_in_a_file_of_another_layout() -> None:
    notebook = small_notebook()
    content = orjson.dumps(notebook, option=orjson.OPT_INDENT_2)
    assert has_duplicate_keys(content, orjson.loads(content)) is None
    content = json.dumps(notebook, ensure_ascii=True).encode()
    assert has_duplicate_keys(content, orjson.loads(content)) is None


def test_a_file_the_store_wrote_is_not_parsed_again(monkeypatch: pytest.MonkeyPatch) -> None:
    def parse_again(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the compact file was parsed a second time")

    monkeypatch.setattr(json, "loads", parse_again)  # the module schema parses with
    notebook = small_notebook()
    content = orjson.dumps(notebook)
    assert has_duplicate_keys(content, orjson.loads(content)) is None


# -- anything at all -------------------------------------------------------------------------

TRICKY_TEXT = [
    "",
    " ",
    "1",
    "0",
    "-1",
    "01",
    "yesterday",
    "2026-11-20",
    "2026-02-30",
    "20261120",
    "2026-W48-1",
    "2026-11-20T",
    "2026-11-20T10",
    "2026-11-20T10:00",
    "2026-11-20T10:00Z",
    "2026-11-20T10:00+02:00",
    "2026-11-20 10:00",
    "2026-11-20\n",
    "T2026-11-20",
    "٢٠٢٦-١١-٢٠",
    "2026-11-2٠",
    "0000-01-01",
    "9999-12-31T23:59:59.999999",
    "\x1b[31m",
    *INTERACTION_KINDS,
    *ASK_STATUSES,
    *FOLLOW_UP_BY,
]
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-2, max_value=6)
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(TRICKY_TEXT)
    | st.dates().map(date.isoformat)
    | st.datetimes().map(datetime.isoformat)
    | st.text(max_size=12)
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["1", "2", "name", "x"]) | st.text(max_size=4), inner)
    ),
    max_leaves=6,
)
record_keys = st.sampled_from(["1", "2", "3", "4", "0", "-1", "01", "abc", ""]) | st.text(
    max_size=3
)


def paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in the notebook a value sits, outermost first."""
    found = [path] if path else []
    if isinstance(value, dict):
        for key, child in value.items():
            found += paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += paths(child, (*path, index))
    return found


BASE_PATHS = paths(small_notebook())
FIELD_NAMES = sorted(
    {name for record_type in RECORD_TYPES.values() for name in record_fields(record_type)}
    | {"theme", "default_cadence_days", "nudge_after_days", "schema", "next_ids"}
)


@st.composite
def mutations(draw: st.DrawFn) -> Callable[[Notebook], None]:
    """Replace a value, drop a key, add a field, or move a record to another key."""
    kind = draw(st.sampled_from(["set", "set", "set", "drop", "add", "rekey"]))
    path = draw(st.sampled_from(BASE_PATHS))
    value = draw(json_values)
    new_key = draw(record_keys if kind == "rekey" else st.sampled_from(FIELD_NAMES))

    def mutate(notebook: Notebook) -> None:
        parent: Any = notebook
        for step in path[:-1]:
            if not isinstance(parent, dict | list):
                return
            try:
                parent = parent[step]
            except (KeyError, IndexError, TypeError):
                return  # an earlier mutation moved it
        last = path[-1]
        if isinstance(parent, list):
            if isinstance(last, int) and last < len(parent):
                if kind == "drop":
                    del parent[last]
                else:
                    parent[last] = value
            return
        if not isinstance(parent, dict) or last not in parent:
            return
        if kind == "set":
            parent[last] = value
        elif kind == "drop":
            del parent[last]
        elif kind == "add" and isinstance(parent[last], dict):
            parent[last][new_key] = value
        elif kind == "rekey":
            parent[new_key] = parent.pop(last)

    return mutate


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutations(), min_size=1, max_size=3))
def test_anything_is_a_shape_error_or_readable(changes: list[Callable[[Notebook], None]]) -> None:
    notebook = small_notebook()
    for change in changes:
        change(notebook)
    try:
        check_shape(notebook)
    except ShapeError as error:
        assert str(error)
        return
    meta = notebook.get("meta", {}).get("1", {})
    if meta.get("schema", 0) > schema.KNOWN_SCHEMA:
        return  # not checked: the store refuses a newer schema by its version
    read_every_record(notebook)
    # What the view model reads from settings and meta, and what its indexes assume.
    settings_doc = notebook.get("settings", {}).get("1", {})
    assert int(settings_doc.get("default_cadence_days", 90)) >= 1
    assert int(settings_doc.get("nudge_after_days", 7)) >= 0
    assert isinstance(settings_doc.get("theme", ""), str)
    people = {int(key) for key in notebook.get("people", {})}
    for table in ("interactions", "followups"):
        for doc in notebook.get(table, {}).values():
            assert doc["people"] and set(doc["people"]) <= people
            assert len(set(doc["people"])) == len(doc["people"])
    for doc in notebook.get("people", {}).values():
        if doc.get("created_at"):
            date.fromisoformat(doc["created_at"][:10])
    # Everyone has a uid of their own.
    uids = [doc.get("uid") for doc in notebook.get("people", {}).values()]
    assert all(type(uid) is str and uid for uid in uids)
    assert len(set(uids)) == len(uids)
    # Repairs settle: a second look finds nothing more to do.
    assert check_shape(notebook) == []


@pytest.mark.parametrize("blank", ["", "   ", None])
def test_a_person_without_a_name_is_named_so(blank: str | None) -> None:
    notebook = small_notebook()
    if blank is None:
        del notebook["people"]["2"]["name"]
    else:
        notebook["people"]["2"]["name"] = blank
    assert check_shape(notebook) == [
        "people record 2 had no name; it is now called '(no name)' (rename them)"
    ]
    assert notebook["people"]["2"]["name"] == "(no name)"
    assert check_shape(notebook) == []  # repaired once
