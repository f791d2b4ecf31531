"""The compact reading of a notebook file (notebook.compact): the documents it gives behave as
the dicts orjson would have given, a file that does not fit exactly is read as dicts, and what
is written back is byte for byte what orjson would write."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notebook import compact
from notebook.records import FollowUp, Interaction, Person, ReferralAsk, Tie
from notebook.store import SaveError, Store, StoreError
from notebook.viewmodel import Notebook

from .shapes import small_notebook

RECORDS = {
    "people": Person,
    "interactions": Interaction,
    "ties": Tie,
    "followups": FollowUp,
    "asks": ReferralAsk,
}


def file_bytes(data: dict[str, Any]) -> bytes:
    return orjson.dumps(data)


def test_a_notebooks_own_file_reads_compact_and_writes_back_the_same_bytes() -> None:
    content = file_bytes(small_notebook())
    data = compact.decode(content)
    assert data is not None
    for table, row in compact.ROWS.items():
        assert all(type(doc) is row for doc in data[table].values())
    assert compact.Snapshot(data, compact=True).write() == content
    assert compact.plain(data) == orjson.loads(content)


def test_each_row_is_the_dict_orjson_reads() -> None:
    plain = small_notebook()
    data = compact.decode(file_bytes(plain))
    assert data is not None
    for table in compact.ROWS:
        for key, doc in plain[table].items():
            row = data[table][key]
            assert row == doc and doc == row
            assert not row != doc  # noqa: SIM202 (Row's own __ne__)
            assert dict(row) == doc and row.as_dict() == doc
            assert list(row.keys()) == list(doc) and list(row) == list(doc)
            assert list(row.items()) == list(doc.items())
            assert list(row.values()) == list(doc.values())
            assert len(row) == len(doc)
            assert {**row} == doc
            for name, value in doc.items():
                assert name in row and row[name] == value and row.get(name) == value
                assert type(row[name]) is type(value)  # lists, as orjson gives
            assert "nothing" not in row and row.get("nothing", 5) == 5
            with pytest.raises(KeyError):
                row["nothing"]


def test_change_stamps_are_a_field_only_where_a_record_has_them() -> None:
    data = compact.decode(file_bytes(small_notebook()))
    assert data is not None
    dana, sam = data["people"]["1"], data["people"]["2"]
    assert dana["changes"] == {"company": ["2026-11-21T10:00:00.000000Z-ab12"]}
    assert "changes" not in sam and sam.get("changes") is None and "changes" not in list(sam.keys())
    with pytest.raises(KeyError):
        sam["changes"]


def test_records_read_from_rows_equal_records_read_from_dicts() -> None:
    plain = small_notebook()
    data = compact.decode(file_bytes(plain))
    assert data is not None
    for table, record in RECORDS.items():
        for key, doc in plain[table].items():
            from_row = record.from_doc(int(key), data[table][key])
            from_dict = record.from_doc(int(key), doc)
            assert from_row == from_dict and from_row.to_doc() == from_dict.to_doc()
    # A record keeps a row's tuple as it is, rather than a copy of it.
    row = data["people"]["1"]
    assert Person.from_doc(1, row).tags is row.tags


# -- a large file: the words records repeat are held once ---------------------------------------


def repeating_notebook() -> dict[str, Any]:
    """small_notebook, with Sam at Dana's company and place, and the two conversations on
    one day, all written out separately in the file."""
    data = small_notebook()
    data["people"]["2"] |= {"company": "Acme Robotics", "location": "Berlin", "tags": ["mentor"]}
    data["interactions"]["2"]["when"] = data["interactions"]["1"]["when"]
    data["people"]["3"]["name"] = data["people"]["1"]["name"]  # a namesake
    return data


def test_a_large_file_holds_each_repeated_word_once_and_writes_back_the_same_bytes() -> None:
    content = file_bytes(repeating_notebook())
    shared, own = compact.decode(content, share=True), compact.decode(content, share=False)
    assert shared is not None and own is not None
    assert compact.plain(shared) == compact.plain(own) == orjson.loads(content)
    assert compact.Snapshot(shared, compact=True).write() == content
    for table, row in compact.ROWS.items():
        assert all(isinstance(doc, row) for doc in shared[table].values())
    dana, sam, priya = (shared["people"][key] for key in ("1", "2", "3"))
    assert dana.company is sam.company and dana.location is sam.location
    assert dana.tags[0] is sam.tags[0] and dana.created_at is priya.updated_at
    one, two = shared["interactions"]["1"], shared["interactions"]["2"]
    assert one.when is two.when and one.created_at is dana.created_at
    # Every table numbers its records from "1": one string object for each number.
    (key,) = (k for k in shared["people"] if k == "1")
    assert all(next(k for k in shared[table] if k == "1") is key for table in compact.ROWS)
    # Names are each their own (as they are in a real notebook), and nothing is shared unasked.
    assert dana.name == priya.name and dana.name is not priya.name
    mine, theirs = own["people"]["1"], own["people"]["2"]
    assert mine.company == theirs.company and mine.company is not theirs.company


def test_a_file_from_the_sharing_size_up_is_read_sharing(monkeypatch: pytest.MonkeyPatch) -> None:
    content = file_bytes(repeating_notebook())
    monkeypatch.setattr(compact, "SHARE_FROM", len(content) + 1)
    below = compact.decode(content)
    monkeypatch.setattr(compact, "SHARE_FROM", len(content))
    at = compact.decode(content)
    assert below is not None and at is not None
    assert below["people"]["1"].company is not below["people"]["2"].company
    assert at["people"]["1"].company is at["people"]["2"].company


def test_records_read_from_a_shared_reading_share_their_words_and_days() -> None:
    data = compact.decode(file_bytes(repeating_notebook()), share=True)
    assert data is not None
    dana, sam = (Person.from_doc(i, data["people"][str(i)]) for i in (1, 2))
    assert dana.company is sam.company
    one, two = (Interaction.from_doc(i, data["interactions"][str(i)]) for i in (1, 2))
    assert one.when == two.when and one.when is two.when  # one date object for the day


def without(data: dict[str, Any], table: str, key: str, field: str) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    del changed[table][key][field]
    return changed


def edited(data: dict[str, Any], table: str, key: str, field: str, value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    changed[table][key][field] = value
    return changed


def with_table(data: dict[str, Any], name: str, table: Any) -> dict[str, Any]:
    return {**data, name: table}


NOT_EXACTLY_OURS = {
    "a field a newer notebook added": lambda d: edited(d, "people", "1", "pronouns", "she/her"),
    "a field missing": lambda d: without(d, "ties", "1", "note"),
    "a number as text": lambda d: edited(d, "people", "1", "cadence_days", "30"),
    "a kind this one does not know": lambda d: edited(d, "interactions", "1", "kind", "hike"),
    "an ask status this one does not know": lambda d: edited(d, "asks", "1", "status", "hired"),
    "a follow-up by someone else": lambda d: edited(d, "followups", "1", "by", "us"),
    "true for a number": lambda d: edited(d, "ties", "1", "strength", True),
    "a list of numbers for text": lambda d: edited(d, "people", "1", "tags", [1]),
    "a table missing": lambda d: {k: v for k, v in d.items() if k != "tombstones"},
    "a table this one does not know": lambda d: with_table(d, "projects", {}),
    "a record that is not an object": lambda d: edited(d, "people", "2", "name", None),
}


@pytest.mark.parametrize("case", NOT_EXACTLY_OURS)
def test_a_file_not_exactly_as_this_notebook_writes_is_read_as_dicts(case: str) -> None:
    assert compact.decode(file_bytes(NOT_EXACTLY_OURS[case](small_notebook()))) is None


def test_bytes_that_are_not_json_are_not_compact() -> None:
    for content in (b"", b"{", b"[]", b'{"people": 5}', b"\xff\xfe", b"null"):
        assert compact.decode(content) is None


@given(st.binary(max_size=300), st.booleans())
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_any_bytes_read_compact_are_what_orjson_reads(content: bytes, share: bool) -> None:
    data = compact.decode(content, share=share)
    if data is not None:
        assert compact.plain(data) == orjson.loads(content)


WRONG_TYPES = [5, None, 1.5, True, {"a": "b"}]


@pytest.mark.parametrize(
    ("field", "value"),
    [("company", v) for v in [*WRONG_TYPES, ["x"]]]
    + [("created_at", v) for v in [*WRONG_TYPES, ["x"]]]
    + [("tags", v) for v in [*WRONG_TYPES, [5], [None], [["x"]], "x"]],
)
def test_a_shared_field_of_another_type_is_not_read_compact(field: str, value: Any) -> None:
    data = edited(small_notebook(), "people", "1", field, value)
    assert compact.decode(file_bytes(data), share=True) is None


TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20
)  # any character JSON can carry, escapes and controls included


@given(
    name=TEXT,
    tags=st.lists(TEXT, max_size=3),
    cadence=st.none() | st.integers(1, 3650),
    place=TEXT,
    people=st.lists(st.integers(1, 2**53), min_size=1, max_size=3),
    share=st.booleans(),
)
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
def test_any_values_write_back_as_orjson_writes_them(
    name: str, tags: list[str], cadence: int | None, place: str, people: list[int], share: bool
) -> None:
    data = small_notebook()
    data["people"]["1"] |= {"name": name, "tags": tags, "cadence_days": cadence}
    data["interactions"]["1"] |= {"place": place, "people": people}
    content = file_bytes(data)
    rows = compact.decode(content, share=share)
    assert rows is not None
    assert compact.Snapshot(rows, compact=True).write() == content
    assert compact.plain(rows) == data


def written_in_chunks_as_at_once(data: dict[str, Any], chunk: int) -> None:
    """Read compact and as dicts, `data` is written in chunks of `chunk` just as in one call,
    and as orjson writes it."""
    content = file_bytes(data)
    rows = compact.decode(content)
    assert rows is not None
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(compact, "_CHUNK", chunk)
        for memory, is_compact in ((rows, True), (orjson.loads(content), False)):
            snapshot = compact.Snapshot(memory, compact=is_compact)
            assert snapshot.write_in_chunks() == snapshot.write() == content


@given(
    sizes=st.fixed_dictionaries({table: st.integers(0, 8) for table in compact.ROWS}),
    chunk=st.integers(1, 4),
    extra=st.booleans(),
)
@settings(max_examples=120, suppress_health_check=[HealthCheck.too_slow])
def test_made_in_chunks_the_bytes_are_those_made_at_once(
    sizes: dict[str, int], chunk: int, extra: bool
) -> None:
    """Chunk boundaries anywhere (an empty table, one document, a chunk exactly full, one
    more), read compact or as dicts: the same bytes as one call, and as orjson's."""
    data = small_notebook()
    for table, size in sizes.items():
        first = next(iter(data[table].values()))
        data[table] = {str(n): {**first, "uid": f"uid-{n}"} for n in range(1, size + 1)}
    if extra:
        data["tombstones"] = {str(n): {"uid": f"gone-{n}", "table": "people"} for n in range(5)}
    written_in_chunks_as_at_once(data, chunk)


def deep(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth - 1):
        value = [value]
    return value


# Settings-like values: dicts within dicts, some wider than a (patched) chunk.
setting_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.text(max_size=4),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=7)
    ),
    max_leaves=40,
)


@given(settings_doc=st.dictionaries(st.text(max_size=3), setting_values), chunk=st.integers(1, 4))
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
def test_a_large_document_is_made_in_pieces_too(settings_doc: dict[str, Any], chunk: int) -> None:
    """Within the small tables, dicts wider than a chunk are made a chunk at a time and the
    others key by key: the same bytes as one call, and as orjson's."""
    data = small_notebook()
    data["settings"] = {"1": settings_doc}
    data["meta"] = {"1": {"nested": settings_doc}}
    written_in_chunks_as_at_once(data, chunk)


@pytest.mark.parametrize("case", ["a set", "a key that is not text"])
@pytest.mark.parametrize("within", ["a wide dict", "a narrow dict"])
def test_a_large_document_made_in_pieces_refuses_what_orjson_refuses(
    case: str, within: str
) -> None:
    # (Nesting is judged before: a file nested too deeply is refused at open, and a change by
    # check().)
    value: Any = {"a set": {1}, "a key that is not text": {1: "one"}}[case]
    data = small_notebook()
    cards: dict[Any, Any] = {str(n): {"x": n} for n in range(5 if within == "a wide dict" else 2)}
    cards["1"] = {"x": value}
    data["settings"] = {"1": {"sync": {"cards": cards}}}
    with pytest.raises(TypeError):
        orjson.dumps(data)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(compact, "_CHUNK", 2)
        with pytest.raises(TypeError):
            compact.Snapshot(data, compact=False).write_in_chunks()


def test_no_piece_of_a_synced_folders_state_is_large() -> None:
    """The state of a folder of 5,000 cards, one settings document, is made a thousand cards
    per call, so that the saver never holds the app's thread for the whole of it."""
    card = {"file": "x.vcf", "hash": "0" * 64, "fields": {"name": "Dana", "emails": ["d@x"]}}
    cards = {f"uid-{n}": {**card, "file": f"{n}.vcf"} for n in range(5000)}
    data = small_notebook()
    data["settings"]["1"]["vdir_sync"] = {"/home/d/contacts": {"synced_at": "", "cards": cards}}
    snapshot = compact.Snapshot(data, compact=False)
    pieces = snapshot.pieces()
    assert b"".join(pieces) == orjson.dumps(data)
    assert max(map(len, pieces)) < len(orjson.dumps(cards)) / 4


def json_paths(value: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every place in nested dicts where a value can be put (each key, and a new one)."""
    if type(value) is not dict:
        return []
    found = [(*path, "new")]
    for key, item in value.items():
        found += [(*path, key), *json_paths(item, (*path, key))]
    return found


def put_at(value: dict[str, Any], path: tuple[str, ...], new: Any) -> dict[str, Any]:
    """`value` with `new` at `path`: a new dict at each step, everything else shared, as the
    notebook changes a setting."""
    head, *rest = path
    return {**value, head: put_at(value[head], tuple(rest), new) if rest else new}


placed_values = (
    setting_values
    | st.sampled_from([{1}, b"x", 2**64, {1: "one"}, {"ok": {2: "two"}}, {"\ud800": 1}])
    | st.integers(240, 256).map(deep)
)


@given(base=st.dictionaries(st.text(max_size=3), setting_values), data=st.data())
@settings(max_examples=120, suppress_health_check=[HealthCheck.too_slow])
def test_a_changed_setting_is_refused_exactly_when_orjson_refuses_the_file(
    base: dict[str, Any], data: st.DataObject
) -> None:
    """Checked against the settings as read, only what changed is written, and at its depth
    in the file: refused just when the whole file would be."""
    path = data.draw(st.sampled_from(json_paths(base)))
    new = put_at(base, path, data.draw(placed_values))
    memory = {"settings": {"1": new}}
    known: dict[tuple[str, Any], Any] = {("settings", "1"): base}
    try:
        orjson.dumps(memory)
    except TypeError:
        with pytest.raises(TypeError):
            compact.check(memory, [("settings", "1")], compact=True, known=known)
        assert known["settings", "1"] is base
    else:
        assert compact.check(memory, [("settings", "1")], compact=True, known=known) == {}
        assert known["settings", "1"] is new  # what the next change is checked against


def test_a_key_that_is_not_text_is_refused_where_a_setting_had_a_dict() -> None:
    known: dict[tuple[str, Any], Any] = {("settings", "1"): {"layout": {"a": 1}}}
    for layout in ({1: "one"}, {"a": {2: "two"}}):
        changed = {"settings": {"1": {"layout": layout}}}
        with pytest.raises(TypeError):
            compact.check(changed, [("settings", "1")], compact=True, known=known)


def test_what_a_changed_setting_shares_with_the_last_one_checked_is_not_written_again() -> None:
    # A synced folder's state (15 MB at 30,000 people) is not written on the app's thread when
    # another setting changes. Shown with a value orjson would refuse, which no change could
    # have brought in unchecked: only sharing explains that it passes.
    state = {"cards": {"uid-1": {"fields": {1, 2}}}}
    known: dict[tuple[str, Any], Any] = {("settings", "1"): {"vdir_sync": state}}
    changed = {"settings": {"1": {"vdir_sync": state, "theme": "nord"}}}
    assert compact.check(changed, [("settings", "1")], compact=True, known=known) == {}
    copied = {"settings": {"1": {"vdir_sync": copy.deepcopy(state), "theme": "nord"}}}
    with pytest.raises(TypeError):
        compact.check(copied, [("settings", "1")], compact=True, known=known)


# -- the store over compact documents ------------------------------------------------------------


def opened_twice(path: Path, data: dict[str, Any]) -> Store:
    """The file written, checked once (which stamps it), then opened on the stamp's word."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(file_bytes(data))
    Store.open(path).close()
    store = Store.open(path)
    assert store.stamp_trusted
    return store


def test_an_edit_of_a_compact_record_stamps_only_the_fields_it_changes(tmp_path: Path) -> None:
    with opened_twice(tmp_path / "nb.json", small_notebook()) as store:
        old = store.get("people", 1)
        assert isinstance(old, compact.PersonRow)
        # The record rebuilt by an edit is a dict whose lists are lists: only the name differs.
        store.replace("people", 1, {**old.as_dict(), "name": "Dana Okafor-Lee"})
        new = store.get("people", 1)
        assert new is not None
        assert set(new["changes"]) == {"company", "name"}  # company's stamp was there before
        assert new["changes"]["company"] == old["changes"]["company"]
    saved = orjson.loads((tmp_path / "nb.json").read_bytes())
    assert saved["people"]["1"]["name"] == "Dana Okafor-Lee"
    assert saved["people"]["2"] == small_notebook()["people"]["2"]


def test_writing_a_compact_record_unchanged_saves_nothing(tmp_path: Path) -> None:
    with opened_twice(tmp_path / "nb.json", small_notebook()) as store:
        row = store.get("people", 2)
        assert isinstance(row, compact.PersonRow)
        saves = store.saves
        store.replace("people", 2, row.as_dict())
        assert store.saves == saves


def test_a_newer_notebooks_field_survives_a_save(tmp_path: Path) -> None:
    data = edited(small_notebook(), "people", "1", "pronouns", "she/her")
    path = tmp_path / "nb.json"
    with opened_twice(path, data) as store:
        assert type(store.get("people", 1)) is dict  # read as dicts, so nothing is dropped
        store.insert("people", {"name": "Cy Newman"})
    assert orjson.loads(path.read_bytes())["people"]["1"]["pronouns"] == "she/her"


def test_a_compact_notebook_opens_as_the_same_notebook(tmp_path: Path) -> None:
    data = small_notebook()
    (tmp_path / "dicts").mkdir()
    as_dicts = tmp_path / "dicts" / "nb.json"
    # A table compact reading does not know sends the same notebook down the dict path.
    as_dicts.write_bytes(file_bytes(with_table(data, "projects", {})))
    with opened_twice(tmp_path / "nb.json", data) as store:
        assert isinstance(store.get("interactions", 2), compact.InteractionRow)
    one = Notebook.open(tmp_path / "nb.json", read_only=True)
    two = Notebook.open(as_dicts, read_only=True)
    assert type(two.store.get("interactions", 2)) is dict
    try:
        for part in ("people", "conversations", "ties", "follow_ups", "asks"):
            assert list(getattr(one, part).iter()) == list(getattr(two, part).iter())
    finally:
        one.close()
        two.close()


def test_a_notebook_read_sharing_its_words_is_the_same_notebook_and_saves_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = repeating_notebook()
    kept = tmp_path / "kept" / "nb.json"
    with opened_twice(kept, data):
        pass
    monkeypatch.setattr(compact, "SHARE_FROM", 0)  # every file is a large one
    with opened_twice(tmp_path / "nb.json", data) as store:
        one, two = store.get("people", 1), store.get("people", 2)
        assert one is not None and two is not None and one["company"] is two["company"]
    shared = Notebook.open(tmp_path / "nb.json", today=date(2026, 11, 25))
    own = Notebook.open(kept, today=date(2026, 11, 25))
    try:
        for part in ("people", "conversations", "ties", "follow_ups", "asks"):
            assert list(getattr(shared, part).iter()) == list(getattr(own, part).iter())
        shared.people.edit(replace(shared.people.get(2), company="Initech"))
        written = (tmp_path / "nb.json").read_bytes()
        assert written == orjson.dumps(orjson.loads(written))  # as orjson writes it
        people = orjson.loads(written)["people"]
        assert (people["1"]["company"], people["2"]["company"]) == ("Acme Robotics", "Initech")
    finally:
        shared.close()
        own.close()


def test_each_row_has_the_fields_its_record_writes_in_the_same_order() -> None:
    for table, record in RECORDS.items():
        fields = record.from_doc(1, small_notebook()[table]["1"]).to_doc()
        assert (*fields, "changes") == compact.ROWS[table].NAMES


def test_a_word_from_a_fixed_vocabulary_is_held_once_not_per_record() -> None:
    data = small_notebook()
    data["interactions"]["2"]["kind"] = "".join(["cof", "fee"])  # a string of its own
    rows = compact.decode(file_bytes(data))
    assert rows is not None
    one, two = rows["interactions"]["1"], rows["interactions"]["2"]
    assert one.kind == two.kind == "coffee" and one.kind is two.kind


# -- what orjson refuses stays refused, and what it reads stays read the same ---------------------


REFUSED = {
    "nested deeper than 255": deep(300),
    "nested deeper than msgspec writes": deep(1100),
    "a number beyond 64 bits": 2**64,
    "a set": {1},
    "bytes": b"x",
    "a key that is not text": {1: "one"},
}


@pytest.mark.parametrize("case", REFUSED)
@pytest.mark.parametrize("in_background", [False, True], ids=["saved at once", "in background"])
def test_a_value_orjson_refuses_is_refused_and_memory_goes_back(
    tmp_path: Path, case: str, in_background: bool
) -> None:
    path = tmp_path / "nb.json"
    with opened_twice(path, small_notebook()) as store:
        before = path.read_bytes()
        settings = dict(store.settings())
        if in_background:
            store.save_in_background(lambda: None)
        with pytest.raises(SaveError, match="preparing the new content"):
            store.put_setting("layout", REFUSED[case])
        assert dict(store.settings()) == settings
        assert path.read_bytes() == before
        # and the next change saves as ever
        store.put_setting("theme", "nord")
        assert store.wait_saved() is None
    assert orjson.loads(path.read_bytes())["settings"]["1"]["theme"] == "nord"


@pytest.mark.parametrize("in_background", [False, True], ids=["saved at once", "in background"])
@pytest.mark.parametrize(
    "layout",
    [{"\ud800": 1}, {"panes": {"\udc00": 2}}],
    ids=["new key", "new key within"],
)
def test_a_new_key_orjson_refuses_in_a_changed_setting_is_refused_on_the_writing_thread(
    tmp_path: Path, layout: dict[str, Any], in_background: bool
) -> None:
    # The setting already holds a dict, so the change is checked against it key by key.
    path = tmp_path / "nb.json"
    with opened_twice(path, small_notebook()) as store:
        store.put_setting("layout", {"panes": {"list": 1}})
        assert store.wait_saved() is None
        if in_background:
            store.save_in_background(lambda: None)
        before = path.read_bytes()
        with pytest.raises(SaveError, match="preparing the new content"):
            store.put_setting("layout", {"panes": {"list": 1}} | layout)
        assert store.settings()["layout"] == {"panes": {"list": 1}}
        assert path.read_bytes() == before


def test_a_setting_nested_too_deeply_in_place_after_its_check_fails_the_save_cleanly(
    tmp_path: Path,
) -> None:
    """A caller that changes a value in place after handing it to the notebook (documents are
    never to be changed so) gets a failed save from the saver, never a file that cannot be
    read again: the saver judges each piece at its depth in the file."""
    path = tmp_path / "nb.json"
    with opened_twice(path, small_notebook()) as store:
        store.save_in_background(lambda: None)
        held: dict[str, Any] = {}
        store.put_setting("layout", held)
        assert store.wait_saved() is None
        before = path.read_bytes()
        held["panes"] = deep(252)  # written alone, orjson takes it; not so deep in the file
        store.insert("people", {**small_notebook()["people"]["1"], "uid": "u-new"})
        assert isinstance(store.wait_saved(), SaveError)
        store.settle()
        assert path.read_bytes() == before
    with Store.open(path) as reopened:
        assert reopened.settings()["layout"] == {}


def test_a_value_orjson_refuses_in_a_record_written_as_a_dict_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nb.json"
    with opened_twice(path, small_notebook()) as store:
        before = path.read_bytes()
        with pytest.raises(SaveError, match="preparing the new content"):
            store.insert("people", {"name": "Big", "cadence_days": 2**64})
        assert path.read_bytes() == before
        assert all(doc["name"] != "Big" for _, doc in store.rows("people"))


def test_floats_are_written_as_orjson_writes_them(tmp_path: Path) -> None:
    path = tmp_path / "nb.json"
    with opened_twice(path, small_notebook()) as store:
        store.put_setting("zoom", 1e16)
    assert b'"zoom":1e+16' in path.read_bytes()


def test_a_number_beyond_64_bits_in_the_settings_reads_as_orjson_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "nb.json"
    content = file_bytes(small_notebook()).replace(
        b'"nudge_after_days":7', b'"nudge_after_days":7,"window":100000000000000000000'
    )
    path.write_bytes(content)
    for _ in range(2):  # checked, then on the stamp's word
        with Store.open(path) as store:
            assert store.settings()["window"] == 1e20
            assert type(store.settings()["window"]) is float


def test_a_file_nested_deeper_than_msgspec_reads_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "nb.json"
    nested = b"[" * 1000 + b"]" * 1000  # orjson reads up to 1024 deep
    path.write_bytes(
        file_bytes(small_notebook()).replace(b'"theme":', b'"deep":' + nested + b',"theme":')
    )
    with pytest.raises(StoreError, match="nested too deeply") as refused:
        Store.open(path)
    assert "\n" not in str(refused.value)


def test_bytes_that_are_not_utf8_are_called_not_json(tmp_path: Path) -> None:
    path = tmp_path / "nb.json"
    path.write_bytes(file_bytes(small_notebook()).replace(b"Dana Okafor", b"Dana \xff"))
    with pytest.raises(StoreError, match="not valid JSON"):
        Store.open(path)


def test_tinydb_writes_through_the_store_on_a_compact_notebook(tmp_path: Path) -> None:
    from tinydb import Query
    from tinydb.operations import increment

    path = tmp_path / "nb.json"
    with opened_twice(path, small_notebook()) as store:
        assert isinstance(store.get("ties", 1), compact.TieRow)
        store.db.table("people").update({"location": "Lisbon"}, Query().name == "Sam Lee")
        store.db.table("ties").update(increment("strength"), doc_ids=[1])
        store.db.table("people").upsert({"name": "Cy", "location": "Oslo"}, Query().name == "Cy")
    saved = orjson.loads(path.read_bytes())
    assert saved["people"]["2"]["location"] == "Lisbon"
    assert saved["ties"]["1"]["strength"] == 5
    assert any(doc["name"] == "Cy" for doc in saved["people"].values())


@pytest.mark.parametrize("depth", [252, 253, 254])
def test_nesting_is_judged_where_it_sits_in_the_file(tmp_path: Path, depth: int) -> None:
    # A value nested so deep that orjson writes it alone, but not two levels down in the file.
    path = tmp_path / "nb.json"
    with opened_twice(path, small_notebook()) as store:
        before = path.read_bytes()
        with pytest.raises(SaveError, match="preparing the new content"):
            store.update("people", 1, {"notes": deep(depth)})
        with pytest.raises(SaveError, match="preparing the new content"):
            store.put_setting("layout", deep(depth + 1))
        assert path.read_bytes() == before
        assert store.get("people", 1) == small_notebook()["people"]["1"]


def test_a_record_table_key_that_is_not_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nb.json"
    with opened_twice(path, small_notebook()) as store:
        before = path.read_bytes()
        data = compact.plain(store.data)
        data["people"][4] = {**data["people"].pop("2"), "notes": "keyed by a number"}
        with pytest.raises(SaveError, match="preparing the new content"):
            store.replace_all(data)
        assert path.read_bytes() == before
        assert sorted(store.data["people"]) == ["1", "2", "3"]


class Name(str):
    pass


def test_values_msgspec_would_spell_otherwise_are_written_as_orjson_writes_them(
    tmp_path: Path,
) -> None:
    path = tmp_path / "nb.json"
    met = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    with opened_twice(path, small_notebook()) as store:
        store.update("people", 2, {"name": Name("Sam Lee-Park"), "how_met": met})
        saved = path.read_bytes()
        assert b'"how_met":"2026-11-30T12:00:00+00:00"' in saved
        # Memory now holds what the file does, so a later save writes that record alike.
        assert store.get("people", 2)["how_met"] == "2026-11-30T12:00:00+00:00"
        assert type(store.get("people", 2)["name"]) is str
        store.put_setting("theme", "nord")
        again = path.read_bytes()
    start = saved.index(b'"2":{"name":"Sam Lee-Park"')
    assert again[start : saved.index(b"}", start)] == saved[start : saved.index(b"}", start)]
