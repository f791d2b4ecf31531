"""load_notebook(): an export reads back well-typed, or a one-line FormatError naming the record."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import orjson
import pytest

from notebook.formats import FormatError, detect_format
from notebook.formats.notebook_json import SCHEMA, NotebookDump, dump_notebook, load_notebook
from notebook.records import FollowUp, Interaction, Person, ReferralAsk, Tie

DUMP = NotebookDump(
    people=[
        Person(
            name="Ann Lee",
            emails=("ann@example.com",),
            connected_on=date(2025, 3, 1),
            created_at="2025-03-01T10:00:00",
            updated_at="2026-01-02T11:30:00",
            uid="4f9b3c1e-2d7a-4e8b-9c6d-0a1b2c3d4e5f",
            id=1,
        ),
        Person(name="Bo Park", met_via=1, cadence_days=30, archived=True, uid="urn:uuid:bo", id=2),
    ],
    interactions=[
        Interaction(when=datetime(2026, 2, 1, 9, 30), people=(1, 2), summary="Call", id=10)
    ],
    ties=[Tie(a=1, b=2, relation="climbing", since=date(2020, 1, 1), id=20)],
    follow_ups=[FollowUp(people=(1,), text="Send the deck", interaction=10, id=30)],
    asks=[ReferralAsk(target="Acme", person=2, asked_on=date(2026, 2, 2), id=40)],
    settings={"theme": "nord", "default_cadence_days": 45},
)


def export_doc() -> dict[str, Any]:
    doc: dict[str, Any] = orjson.loads(dump_notebook(DUMP))
    return doc


def test_an_export_reads_back_exactly() -> None:
    loaded = load_notebook(dump_notebook(DUMP), "backup.json")
    assert loaded == DUMP
    assert [p.id for p in loaded.people] == [1, 2]  # ids are not compared by ==


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le"])
def test_an_export_saved_by_an_editor_with_a_bom_or_as_utf16_reads(encoding: str) -> None:
    data = dump_notebook(DUMP).decode("utf-8").encode(encoding)
    assert load_notebook(data, "backup.json") == DUMP


@pytest.mark.parametrize(
    ("table", "field", "value", "message"),
    [
        ("people", "name", 5, 'person 1, field "name": expected text, not 5'),
        ("people", "emails", "ann@example.com", 'person 1, field "emails": expected a list'),
        ("people", "emails", [1], 'person 1, field "emails": expected a list of text, not [1]'),
        ("people", "archived", "no", 'person 1, field "archived": expected true or false'),
        ("people", "met_via", True, 'person 1, field "met_via": expected a whole number or'),
        ("people", "cadence_days", 7.5, 'person 1, field "cadence_days": expected a whole'),
        ("people", "connected_on", "yesterday", 'person 1, field "connected_on": expected a date'),
        ("interactions", "summary", 5, 'interaction 10, field "summary": expected text, not 5'),
        ("interactions", "people", [[1]], 'interaction 10, field "people": expected a list of'),
        ("interactions", "when", "2026-02-30", 'interaction 10, field "when": expected a date'),
        ("interactions", "when", "2026-02-01T09:30+02:00", 'interaction 10, field "when"'),
        ("ties", "strength", None, 'tie 20, field "strength": expected a whole number, not null'),
        ("followups", "text", ["a"], 'follow-up 30, field "text": expected text, not ["a"]'),
        ("followups", "by", "us", 'follow-up 30, field "by": expected one of "me", "them"'),
        ("asks", "asked_on", None, 'ask 40, field "asked_on": expected a date'),
    ],
)
def test_a_field_of_the_wrong_kind_names_the_record_and_field(
    table: str, field: str, value: object, message: str
) -> None:
    doc = export_doc()
    doc[table][0][field] = value
    with pytest.raises(FormatError) as raised:
        load_notebook(orjson.dumps(doc), "backup.json")
    assert str(raised.value).startswith(f"backup.json: {message}")
    assert "\n" not in str(raised.value)


def test_a_missing_field_that_has_no_default_is_named() -> None:
    doc = export_doc()
    del doc["interactions"][0]["when"]
    with pytest.raises(FormatError, match=r'^backup\.json: interaction 10, field "when" is miss'):
        load_notebook(orjson.dumps(doc), "backup.json")


def test_optional_fields_may_be_left_out_or_empty() -> None:
    doc = export_doc()
    doc["people"] = [{"id": 1, "name": "Ann Lee", "snoozed_until": ""}]
    doc["ties"] = doc["followups"] = doc["asks"] = doc["interactions"] = []
    [ann] = load_notebook(orjson.dumps(doc), "backup.json").people
    assert (ann.name, ann.snoozed_until, ann.emails) == ("Ann Lee", None, ())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"schema": None}, "no schema number (found null)"),
        ({"schema": "1"}, 'no schema number (found "1")'),
        ({"schema": SCHEMA + 1}, f"written by a newer notebook (schema {SCHEMA + 1})"),
        ({"settings": ["nord"]}, '"settings" must be an object, not ["nord"]'),
        (
            {"settings": {"theme": 5}},
            'settings, field "theme": expected a theme\'s name, found 5',
        ),
        (
            {"settings": {"default_cadence_days": 0}},
            'settings, field "default_cadence_days": expected a whole number of days from 1 '
            "to 3650, found 0",
        ),
        (
            {"people": [{"id": True, "name": "Ann"}]},
            '"people" must be a list of records with whole-number ids',
        ),
        ({"ties": {"1": {}}}, '"ties" must be a list of records with whole-number ids'),
        ({"format": "other"}, 'not a notebook export (no "format": "notebook")'),
    ],
)
def test_a_damaged_top_level_is_refused(change: dict[str, Any], message: str) -> None:
    doc = {**export_doc(), **change}
    with pytest.raises(FormatError) as raised:
        load_notebook(orjson.dumps(doc), "backup.json")
    assert str(raised.value) == f"backup.json: {message}"


def test_a_minified_export_longer_than_the_sniff_is_still_json() -> None:
    people = [{"id": n, "name": f"Person {n}"} for n in range(1, 3000)]
    data = orjson.dumps({"format": "notebook", "schema": 1, "people": people})
    assert b"\n" not in data and len(data) > 64 * 1024
    assert detect_format(data, "backup.json") == "json"
    assert len(load_notebook(data, "backup.json").people) == len(people)


def test_an_export_holds_uids_timestamps_and_settings() -> None:
    doc = export_doc()
    assert doc["schema"] == SCHEMA == 2
    assert doc["settings"] == {"theme": "nord", "default_cadence_days": 45}
    ann = doc["people"][0]
    assert ann["uid"] == "4f9b3c1e-2d7a-4e8b-9c6d-0a1b2c3d4e5f"
    assert (ann["created_at"], ann["updated_at"]) == ("2025-03-01T10:00:00", "2026-01-02T11:30:00")


def test_a_schema_1_export_without_uids_or_settings_still_reads() -> None:
    doc = export_doc()
    doc["schema"] = 1
    del doc["settings"]
    for person in doc["people"]:
        del person["uid"]
    loaded = load_notebook(orjson.dumps(doc), "old.json")
    assert loaded.settings is None
    assert [p.uid for p in loaded.people] == ["", ""]
    assert [p.name for p in loaded.people] == ["Ann Lee", "Bo Park"]


def test_a_uid_of_the_wrong_kind_names_the_person() -> None:
    doc = export_doc()
    doc["people"][1]["uid"] = 12
    with pytest.raises(FormatError) as raised:
        load_notebook(orjson.dumps(doc), "backup.json")
    assert str(raised.value) == 'backup.json: person 2, field "uid": expected text, not 12'
