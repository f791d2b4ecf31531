"""The "checked" stamp beside the notebook file: a file the notebook checked (or saved, and
checked at close) opens without being checked again, and nothing else does: not a file changed
since, not a stamp written without the user's key, for another file, schema or set of rules.
Real files, and a real shell process for what a forged stamp must never do (crash)."""

from __future__ import annotations

import copy
import dataclasses
import os
import secrets
import stat
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import orjson
import pytest

from notebook import store as store_module
from notebook.records import Person
from notebook.schema import ShapeError, check_shape
from notebook.store import (
    SCHEMA,
    CorruptNotebookError,
    Store,
    check_key_file,
    checked_stamp_file,
)
from notebook.viewmodel import Notebook

from .conftest import TODAY
from .shapes import small_notebook

ROOT = Path(__file__).resolve().parents[1]
# What a record that the checks refuse names, for a person whose name is a number: a file the
# records would crash on (a name is folded for search as text) if it were not checked.
NAME_IS_A_NUMBER = 'people record 1, field "name"'


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user data folder of the test's own, where the key is kept: none until a writable open
    makes one."""
    home = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


@pytest.fixture
def path(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    return folder / "nb.json"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def write_outside(path: Path, data: dict[str, Any]) -> bytes:
    """Write a notebook as another program would (not through the store)."""
    content = orjson.dumps(data)
    path.write_bytes(content)
    return content


def name_is_a_number() -> dict[str, Any]:
    notebook = small_notebook()
    notebook["people"]["1"]["name"] = 5
    return notebook


def fingerprint(path: Path) -> store_module._Fingerprint:
    """The file as an open reads it: its stat and the crc32 of its bytes."""
    content = path.read_bytes()
    return store_module._Fingerprint.of(
        path.stat(), len(content), zlib.crc32(content), settled=True
    )


def key() -> bytes:
    """The user's key, made if there is none yet (as a writable open makes it)."""
    made = store_module._check_key(create=True)
    assert made is not None
    return made


def rules() -> str:
    found = store_module._check_rules()
    assert found is not None
    return found


def sign(path: Path, **changes: Any) -> bytes:
    """The stamp the notebook itself would write for the file as it is now, with `changes` to
    what it names (schema, rules, key, crc32)."""
    known = fingerprint(path)
    if "crc32" in changes:
        known = dataclasses.replace(known, checksum=changes.pop("crc32"))
    return store_module._checked_stamp(
        path,
        known,
        changes.pop("key", None) or key(),
        changes.pop("rules", None) or rules(),
        **changes,
    )


# -- a checked file is not checked again ------------------------------------------------------


def test_a_clean_open_stamps_the_file_and_the_next_opens_trust_it(path: Path) -> None:
    write_outside(path, small_notebook())
    with Store.open(path) as store:
        assert not store.stamp_trusted
        loaded = copy.deepcopy(store.data)
    stamp = checked_stamp_file(path)
    assert stamp.name == ".nb.json.checked" and mode(stamp) == 0o600
    named = orjson.loads(stamp.read_bytes())
    st = path.stat()
    assert (named["notebook"], named["schema"], named["crc32"]) == (
        str(path),
        SCHEMA,
        zlib.crc32(path.read_bytes()),
    )
    assert (named["inode"], named["size"], named["mtime_ns"], named["ctime_ns"]) == (
        st.st_ino,
        st.st_size,
        st.st_mtime_ns,
        st.st_ctime_ns,
    )
    assert mode(check_key_file()) == 0o600 and mode(check_key_file().parent) == 0o700
    for read_only in (False, True):
        with Store.open(path, read_only=read_only) as store:
            assert store.stamp_trusted
            assert store.data == loaded and store.repairs == []


def test_what_a_stamp_vouches_for_is_not_checked_again(path: Path) -> None:
    """Shown on content the checks refuse (a repeated key, and a cadence out of range), stamped
    as only the notebook's own key can (the test plays the notebook that checked it): with the
    stamp it opens as it is, which it could only if neither check ran."""
    content = orjson.dumps(small_notebook()).replace(b'"2":{"name"', b'"1":{"name"', 1)
    content = content.replace(b'"cadence_days":30', b'"cadence_days":5000', 1)
    path.write_bytes(content)
    with pytest.raises(CorruptNotebookError, match='the key "1" appears twice'):
        Store.open(path, read_only=True)
    checked_stamp_file(path).write_bytes(sign(path))
    with Store.open(path, read_only=True) as store:
        assert store.stamp_trusted
        assert [doc["name"] for doc in store.data["people"].values()] == [
            small_notebook()["people"]["2"]["name"],  # the repeat read last wins
            small_notebook()["people"]["3"]["name"],
        ]


# -- anything else is checked in full ---------------------------------------------------------


FORGERIES = {
    "signed with another key": lambda path: sign(path, key=secrets.token_bytes(32)),
    "unsigned": lambda path: orjson.dumps(
        {k: v for k, v in orjson.loads(sign(path)).items() if k != "mac"}
    ),
    "for an older schema": lambda path: sign(path, schema=SCHEMA - 1),
    "by other rules": lambda path: sign(path, rules="0" * 32),
    "for another content": lambda path: sign(path, crc32=zlib.crc32(b"other")),
    "corrupt": lambda path: b"\x00" + sign(path)[1:],
    "empty": lambda path: b"",
}


@pytest.mark.parametrize("forge", FORGERIES.values(), ids=FORGERIES.keys())
def test_a_stamp_that_is_not_exactly_the_notebooks_own_is_no_stamp(path: Path, forge: Any) -> None:
    """Each names the very file (its stat), but is not what the notebook would write for it
    now: the file is checked, and refused for what is wrong with it."""
    write_outside(path, name_is_a_number())
    checked_stamp_file(path).write_bytes(forge(path))
    with pytest.raises(CorruptNotebookError, match=NAME_IS_A_NUMBER):
        Store.open(path, read_only=True)
    with pytest.raises(CorruptNotebookError, match=NAME_IS_A_NUMBER):
        Store.open(path)


def test_another_files_stamp_is_no_stamp(path: Path) -> None:
    other = path.with_name("other.json")
    write_outside(other, small_notebook())
    Store.open(other).close()
    write_outside(path, name_is_a_number())
    checked_stamp_file(path).write_bytes(checked_stamp_file(other).read_bytes())
    with pytest.raises(CorruptNotebookError, match=NAME_IS_A_NUMBER):
        Store.open(path, read_only=True)


def test_a_stamp_that_is_a_link_or_a_pipe_is_no_stamp(path: Path) -> None:
    write_outside(path, small_notebook())
    stamp = checked_stamp_file(path)
    good = path.with_name("good-stamp")
    good.write_bytes(sign(path))
    good.chmod(0o600)
    stamp.symlink_to(good)
    with Store.open(path, read_only=True) as store:
        assert not store.stamp_trusted
    stamp.unlink()
    os.mkfifo(stamp)  # opened without blocking, and refused as no file
    with Store.open(path, read_only=True) as store:
        assert not store.stamp_trusted
    Store.open(path).close()  # a writer puts a stamp of its own in its place
    assert stat.S_ISREG(stamp.lstat().st_mode)
    with Store.open(path, read_only=True) as store:
        assert store.stamp_trusted


def test_a_forged_stamp_cannot_crash_the_shell(path: Path, data_home: Path) -> None:
    """A hand-made file that the records would crash on, with a stamp made to match it by
    someone without the key (the user has one): one line, exit 1, no traceback."""
    other = path.with_name("other.json")
    write_outside(other, small_notebook())
    Store.open(other).close()  # the user's key exists
    write_outside(path, name_is_a_number())
    checked_stamp_file(path).write_bytes(sign(path, key=secrets.token_bytes(32)))
    environment = {**os.environ, "XDG_DATA_HOME": str(data_home)}
    environment["PYTHONPATH"] = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    done = subprocess.run(
        [sys.executable, "-m", "notebook", "--db", str(path), "stale"],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert NAME_IS_A_NUMBER in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_a_file_changed_by_another_program_is_checked_again(path: Path) -> None:
    write_outside(path, small_notebook())
    Store.open(path).close()
    # The same bytes written again: another file (its inode or ctime), checked and stamped anew.
    path.write_bytes(path.read_bytes())
    with Store.open(path) as store:
        assert not store.stamp_trusted
    with Store.open(path) as store:
        assert store.stamp_trusted
    # Changed in place to a wrong shape, same size, mtime put back: only ctime tells.
    seen = path.stat()
    changed = path.read_bytes().replace(b'"name":"Dana Okafor"', b'"name":1234567890123', 1)
    assert len(changed) == seen.st_size
    with path.open("r+b") as handle:
        handle.write(changed)
    os.utime(path, ns=(seen.st_atime_ns, seen.st_mtime_ns))
    with pytest.raises(CorruptNotebookError, match=NAME_IS_A_NUMBER):
        Store.open(path, read_only=True)


def test_a_key_others_can_read_signs_nothing_trusted(path: Path) -> None:
    write_outside(path, small_notebook())
    Store.open(path).close()
    key_file = check_key_file()
    old_key = key_file.read_bytes()
    key_file.chmod(0o644)
    with Store.open(path, read_only=True) as store:
        assert not store.stamp_trusted
    assert key_file.read_bytes() == old_key  # a reader changes nothing
    with Store.open(path) as store:  # a writer makes a new key, and signs with it
        assert not store.stamp_trusted
    assert mode(key_file) == 0o600 and key_file.read_bytes() != old_key
    with Store.open(path, read_only=True) as store:
        assert store.stamp_trusted


# -- read-only opens write nothing ------------------------------------------------------------


def test_a_read_only_open_writes_no_stamp_and_no_key(
    path: Path, tmp_path: Path, data_home: Path
) -> None:
    write_outside(path, small_notebook())
    before = sorted(os.listdir(path.parent))
    with Store.open(path, read_only=True) as store:
        assert not store.stamp_trusted
    assert sorted(os.listdir(path.parent)) == before
    assert not data_home.exists()
    # Nor once the user has a key.
    other = tmp_path / "other.json"
    write_outside(other, small_notebook())
    Store.open(other).close()
    assert check_key_file().exists()
    Store.open(path, read_only=True).close()
    assert sorted(os.listdir(path.parent)) == before


# -- saves are stamped at close, when memory passes -------------------------------------------


def test_close_stamps_a_saved_file_whose_content_passes(path: Path) -> None:
    write_outside(path, small_notebook())
    with Store.open(path) as store:
        assert not store.stamp_trusted  # stamped now, for the file as read
        stamped = checked_stamp_file(path).read_bytes()
        store.insert("people", {"name": "Cy Newman"})
        assert checked_stamp_file(path).read_bytes() == stamped  # not yet for the save
    assert orjson.loads(checked_stamp_file(path).read_bytes())["crc32"] == zlib.crc32(
        path.read_bytes()
    )
    with Store.open(path) as store:
        assert store.stamp_trusted
        assert "Cy Newman" in [doc["name"] for doc in store.data["people"].values()]


def test_close_stamps_nothing_when_a_saved_record_would_crash_the_records(path: Path) -> None:
    """The store takes any document: what it saved is checked at close like any file."""
    write_outside(path, small_notebook())
    with Store.open(path) as store:
        stamped = checked_stamp_file(path).read_bytes()
        store.insert("people", {"name": 5})
    assert checked_stamp_file(path).read_bytes() == stamped  # still the file as first read
    with pytest.raises(CorruptNotebookError, match='people record 4, field "name"'):
        Store.open(path, read_only=True)


def test_close_stamps_only_a_file_that_holds_exactly_what_memory_holds(path: Path) -> None:
    """Memory changed in place after a save (no store call does that; a caller holding a
    document could) passes the check, but the file still holds what was saved: no stamp."""
    write_outside(path, small_notebook())
    with Store.open(path) as store:
        store.insert("people", {"name": 5})
        held = store.get("people", 4)
        assert held is not None
        held["name"] = "Fixed in memory only"
    with pytest.raises(CorruptNotebookError, match='people record 4, field "name"'):
        Store.open(path, read_only=True)


def test_close_stamps_nothing_when_a_saved_record_would_need_a_repair(path: Path) -> None:
    write_outside(path, small_notebook())
    with Store.open(path) as store:
        store.insert("interactions", {"when": "2026-11-21", "people": [1, 99]})
    with Store.open(path, read_only=True) as store:
        assert not store.stamp_trusted
        assert len(store.repairs) == 1 and "person 99" in store.repairs[0]


def test_close_without_saves_stamps_nothing(path: Path) -> None:
    """A file loaded with a repair is not stamped at open; unsaved, it is not stamped at close."""
    notebook = small_notebook()
    notebook["people"]["2"]["met_via"] = 99
    write_outside(path, notebook)
    with Store.open(path) as store:
        assert store.repairs
    assert not checked_stamp_file(path).exists()


def test_the_apps_background_saves_are_stamped_at_close(path: Path) -> None:
    write_outside(path, small_notebook())
    notebook = Notebook.open(path, today=TODAY)
    notebook.save_in_background(lambda: None)
    notebook.people.add(Person(name="Dee Saved"))
    notebook.close()
    again = Notebook.open(path, read_only=True, today=TODAY)
    try:
        assert again.store.stamp_trusted
        assert any(person.name == "Dee Saved" for person in again.people.iter())
    finally:
        again.close()


def test_a_migrated_file_is_stamped_once_saved(path: Path) -> None:
    notebook = small_notebook()
    notebook["meta"]["1"]["schema"] = 2  # before record uids: the open migrates and saves
    for name in ("interactions", "ties", "followups", "asks"):
        for doc in notebook[name].values():
            doc.pop("uid")
    write_outside(path, notebook)
    with Store.open(path) as store:
        assert store.meta()["schema"] == SCHEMA
        assert not checked_stamp_file(path).exists()  # the file read was not this version's
    with Store.open(path) as store:
        assert store.stamp_trusted


# -- checking without repairing ---------------------------------------------------------------

NEEDS_A_REPAIR = {
    "met via nobody": (("people", "2", "met_via"), 99),
    "a conversation with someone unknown": (("interactions", "1", "people"), [1, 99]),
    "a follow-up with someone twice": (("followups", "1", "people"), [1, 1]),
    "a follow-up from no conversation": (("followups", "1", "interaction"), 99),
    "a person without a uid": (("people", "2", "uid"), ""),
    "a tie without a uid": (("ties", "1", "uid"), ""),
}


@pytest.mark.parametrize(("where", "value"), NEEDS_A_REPAIR.values(), ids=NEEDS_A_REPAIR.keys())
def test_a_check_without_repairs_refuses_what_it_would_repair_and_changes_nothing(
    where: tuple[str, str, str], value: Any
) -> None:
    notebook = small_notebook()
    table, record, field = where
    notebook[table][record][field] = value
    before = copy.deepcopy(notebook)
    with pytest.raises(ShapeError, match="needs a repair") as raised:
        check_shape(notebook, repair=False)
    assert (raised.value.table, raised.value.record_id) == (table, record)
    assert notebook == before
    assert check_shape(copy.deepcopy(notebook)) != []  # the same data, repaired when allowed
    assert check_shape(small_notebook(), repair=False) == []
