"""The notebook file: atomic and durable writes, the lock, external changes, corrupt files,
backups, schema versions and batches, all on real files."""

from __future__ import annotations

import copy
import errno
import fcntl
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest

from notebook import store as store_module
from notebook.merge import merge_file
from notebook.records import Person, derived_uid
from notebook.store import (
    BACKUP_DIR,
    SCHEMA,
    TABLES,
    CorruptNotebookError,
    ExternalChangeError,
    NotebookLockedError,
    ReadOnlyError,
    SchemaTooNewError,
    Store,
    StoreError,
)
from notebook.viewmodel import Notebook

from .shapes import content, small_notebook


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "nb.json"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def on_disk(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = orjson.loads(path.read_bytes())
    return data


def lock_of(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def temps(folder: Path) -> list[str]:
    return [name for name in os.listdir(folder) if name.endswith(".tmp")]


def backups(path: Path) -> list[Path]:
    folder = path.parent / BACKUP_DIR
    return sorted(folder.iterdir()) if folder.exists() else []


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def lock_is_free(path: Path) -> bool:
    """Whether a writer could take the notebook's lock now (the file itself always stays)."""
    fd = os.open(lock_of(path), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)  # closing lets go of it again
    return True


def write_outside(path: Path, data: dict[str, Any]) -> bytes:
    content = orjson.dumps(data)
    path.write_bytes(content)
    return content


# -- creating and writing --------------------------------------------------------------------


def test_new_file_has_schema_meta_all_tables_and_mode_0600(tmp_path: Path) -> None:
    path = tmp_path / "deeper" / "folder" / "nb.json"
    with Store.open(path) as store:
        assert path.exists()
        assert mode(path) == 0o600
        assert store.meta()["schema"] == SCHEMA == 3
        assert store.meta()["created_at"]
    data = on_disk(path)
    assert data["meta"]["1"]["schema"] == 3
    assert set(TABLES) <= set(data)
    assert all(data[name] == {} for name in TABLES)


def test_writes_are_atomic_and_leave_no_temp_files(path: Path) -> None:
    with Store.open(path) as store:
        for n in range(20):
            store.insert("people", {"name": f"P{n}"})
        store.update("people", 3, {"title": "CTO"})
        store.remove("people", [4])
        assert temps(path.parent) == []
        assert sorted(os.listdir(path.parent)) == sorted([BACKUP_DIR, "nb.json", "nb.json.lock"])
        assert temps(path.parent / BACKUP_DIR) == []
    # The lock file stays (deleting it is what lets two writers in at once), empty and free;
    # the stamp saying the file as saved passed the checks is written at close.
    expected = [BACKUP_DIR, "nb.json", "nb.json.lock", ".nb.json.checked"]
    assert sorted(os.listdir(path.parent)) == sorted(expected)
    assert lock_of(path).read_bytes() == b""
    assert lock_is_free(path)
    assert mode(path) == 0o600
    assert mode(lock_of(path)) == 0o600


@pytest.mark.parametrize(
    ("before", "after"),
    [(1, True), (True, 1), (1, 1.0), (0.0, False), ([1, 1], [1, True]), ({"a": 0}, {"a": False})],
)
def test_a_setting_changed_to_an_equal_value_of_another_kind_is_saved(
    path: Path, before: object, after: object
) -> None:
    # Python finds 1 == 1.0 == True; the file, and whoever reads it, does not.
    with Store.open(path) as store:
        store.put_setting("window", before)
        store.put_setting("window", after)
    saved = orjson.loads(path.read_bytes())["settings"]["1"]["window"]
    assert saved == after and repr(saved) == repr(after)


def test_a_write_of_what_is_there_already_saves_nothing(path: Path) -> None:
    with Store.open(path) as store:
        store.put_setting("window", {"panes": [1, 2.5, True]})
        saves = store.saves
        store.put_setting("window", {"panes": [1, 2.5, True]})  # equal, and alike
        assert store.saves == saves


def test_writes_are_durable_across_a_fresh_open(path: Path) -> None:
    store = Store.open(path)
    first = store.insert("people", {"name": "Ann", "tags": ["a", "b"], "uid": "ann"})
    second = store.insert("people", {"name": "Bo", "uid": "bo"})
    store.update("people", first, {"company": "Acme"})
    store.put_setting("theme", "dark")
    store.put_setting("default_cadence_days", 60)
    store.close()

    again = Store.open(path)
    try:
        assert content(dict(again.rows("people"))) == {
            first: {"name": "Ann", "tags": ["a", "b"], "company": "Acme"},
            second: {"name": "Bo"},
        }
        assert again.get("people", second) == {"name": "Bo", "uid": "bo"}
        assert again.get("people", 99) is None
        assert again.settings() == {"theme": "dark", "default_cadence_days": 60}
        assert again.insert("people", {"name": "Cy"}) == second + 1
    finally:
        again.close()


def test_replace_drops_fields_that_update_would_keep(path: Path) -> None:
    with Store.open(path) as store:
        pid = store.insert("people", {"name": "Ann", "company": "Acme", "title": "CTO"})
        store.update("people", pid, {"title": "CEO"})
        assert content(store.get("people", pid)) == {
            "name": "Ann",
            "company": "Acme",
            "title": "CEO",
        }
        store.replace("people", pid, {"name": "Ann B"})
        assert content(store.get("people", pid)) == {"name": "Ann B"}
    assert content(on_disk(path)["people"]) == {"1": {"name": "Ann B"}}


def test_leftover_temp_files_from_a_crash_are_removed_at_open(path: Path) -> None:
    Store.open(path).close()
    mine = [path.parent / ".nb.json.abc12345.tmp", path.parent / ".nb.json.x_y_z_w_.tmp"]
    # Another notebook's temps (or an export's) go only once they are old and unlocked: their
    # writer might be alive.
    young_foreign = path.parent / ".nb.json.old.abc12345.tmp"
    old_foreign = path.parent / ".nb.json.old.zzz12345.tmp"
    unrelated = [path.parent / ".other.json.abc12345.tmp", path.parent / "nb.json.tmp"]
    for leftover in [*mine, young_foreign, old_foreign, *unrelated]:
        leftover.write_bytes(b'{"half": ')
    os.utime(old_foreign, (0, 0))
    with Store.open(path):
        assert not any(p.exists() for p in mine)
        assert not old_foreign.exists()
        assert young_foreign.exists()
        assert all(p.exists() for p in unrelated)


def test_a_temp_locked_by_a_live_writer_is_left_alone(path: Path) -> None:
    Store.open(path).close()
    live = path.parent / ".nb.json.live1234.tmp"
    live.write_bytes(b"being written")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(live)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        with Store.open(path):
            assert live.read_bytes() == b"being written"
    finally:
        holder.kill()
        holder.wait()
    with Store.open(path):
        assert not live.exists()  # its writer is gone now


# -- the lock --------------------------------------------------------------------------------


def test_second_writer_is_refused_with_a_clear_message(path: Path) -> None:
    with Store.open(path) as first:
        first.insert("people", {"name": "Ann"})
        before = path.read_bytes()
        with pytest.raises(NotebookLockedError) as excinfo:
            Store.open(path)
        message = str(excinfo.value)
        assert str(path) in message
        assert f"process {os.getpid()}" in message
        assert "read-only" in message
        # the refused open changed nothing and left the first writer's lock in place
        assert path.read_bytes() == before
        assert lock_of(path).read_text().split()[0] == str(os.getpid())
        assert not lock_is_free(path)
        first.insert("people", {"name": "Bo"})
    # once the first is closed, a writer gets in
    with Store.open(path) as second:
        assert [d["name"] for _, d in second.rows("people")] == ["Ann", "Bo"]


def test_read_only_open_works_while_locked_and_refuses_writes(path: Path) -> None:
    with Store.open(path) as writer:
        writer.insert("people", {"name": "Ann", "uid": "ann"})
        before = path.read_bytes()
        reader = Store.open(path, read_only=True)
        assert [d["name"] for _, d in reader.rows("people")] == ["Ann"]
        for attempt in (
            lambda: reader.insert("people", {"name": "Bo"}),
            lambda: reader.insert_many("people", [{"name": "Bo"}]),
            lambda: reader.update("people", 1, {"name": "Bo"}),
            lambda: reader.replace("people", 1, {"name": "Bo"}),
            lambda: reader.remove("people", [1]),
            lambda: reader.put_setting("theme", "x"),
        ):
            with pytest.raises(ReadOnlyError, match="read-only"):
                attempt()
        with pytest.raises(ReadOnlyError), reader.batch():
            pass
        assert dict(reader.rows("people")) == {1: {"name": "Ann", "uid": "ann"}}
        reader.close()
        # the reader neither took nor dropped the writer's lock
        assert not lock_is_free(path)
        assert path.read_bytes() == before
        writer.insert("people", {"name": "Cy"})


def test_read_only_open_of_a_missing_file_fails_without_creating_it(path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(path, read_only=True)
    assert not path.exists()
    assert not lock_of(path).exists()


@pytest.mark.parametrize(
    "says",
    ["", "garbled\n", "0 here\n", "-1\n", f"{2**70} {socket.gethostname()}\n", "dead", "live"],
)
def test_what_the_lock_file_says_never_blocks_a_writer(path: Path, says: str) -> None:
    """Only the kernel's lock counts: a pid left in the file (dead, alive, 0, -1, huge,
    garbled, another host's) neither blocks an open nor is trusted."""
    if says == "dead":
        says = f"{dead_pid()} {socket.gethostname()}\n"
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as alive:
        try:
            if says == "live":
                says = f"{alive.pid} {socket.gethostname()}\n"
            lock_of(path).write_text(says)
            with Store.open(path) as store:
                assert lock_of(path).read_text().split()[0] == str(os.getpid())
                store.insert("people", {"name": "Ann"})
        finally:
            alive.kill()
    assert content(on_disk(path)["people"]) == {"1": {"name": "Ann"}}


HOLD_LOCK = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
if len(sys.argv) > 2:
    os.write(fd, sys.argv[2].encode())
print("locked", flush=True)
time.sleep(60)
"""


def test_a_lock_held_by_another_process_refuses_until_that_process_dies(path: Path) -> None:
    Store.open(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(lock_of(path)), "4242 far-away.example\n"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        with pytest.raises(NotebookLockedError) as excinfo:
            Store.open(path)
        message = str(excinfo.value)
        assert "process 4242 on far-away.example" in message
        assert str(lock_of(path)) in message and str(path) in message
        assert "--read-only" in message and "\n" not in message
        # waiting a bounded time does not help while the holder lives...
        with pytest.raises(NotebookLockedError):
            Store.open(path, wait=0.2)
        holder.kill()  # ...and SIGKILL, which runs no clean-up, frees it at once
        holder.wait()
        with Store.open(path) as store:
            store.insert("people", {"name": "After"})
    finally:
        holder.kill()
        holder.wait()


def test_a_waiting_writer_gets_in_when_the_holder_closes(path: Path) -> None:
    Store.open(path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from notebook.store import Store\n"
            "s = Store.open(sys.argv[1])\n"
            "s.insert('people', {'name': 'First'})\n"
            "print('open', flush=True)\n"
            "time.sleep(0.3)\n"
            "s.close()\n"
            "time.sleep(30)\n",
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        with Store.open(path, wait=10) as store:
            store.insert("people", {"name": "Second"})
        assert [d["name"] for d in on_disk(path)["people"].values()] == ["First", "Second"]
    finally:
        holder.kill()
        holder.wait()


# -- external changes ------------------------------------------------------------------------


def test_outside_rewrite_blocks_the_next_write(path: Path) -> None:
    store = Store.open(path)
    try:
        store.insert("people", {"name": "Ann", "uid": "ann"})
        outside = copy.deepcopy(store.data)
        outside["people"]["1"]["name"] = "Changed elsewhere"
        outside["people"]["7"] = {"name": "Added elsewhere", "uid": "added"}
        content = write_outside(path, outside)
        with pytest.raises(ExternalChangeError, match="changed by another program") as excinfo:
            store.insert("people", {"name": "Mine"})
        assert str(path) in str(excinfo.value)
        assert path.read_bytes() == content
        # memory went back to what the disk holds, so the next write keeps both changes
        assert store.get("people", 7) == {"name": "Added elsewhere", "uid": "added"}
        new_id = store.insert("people", {"name": "Mine"})
        assert new_id == 8
        assert on_disk(path)["people"]["1"]["name"] == "Changed elsewhere"
    finally:
        store.close()


def test_same_size_rewrite_with_new_mtime_is_detected(path: Path) -> None:
    with Store.open(path) as store:
        store.insert("people", {"name": "Ann", "uid": "ann"})
        original = path.read_bytes()
        changed = original.replace(b'"Ann"', b'"Bob"')
        assert len(changed) == len(original) and changed != original
        st = path.stat()
        with path.open("r+b") as handle:  # in place: same inode, same size
            handle.write(changed)
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 3_000_000_000))
        with pytest.raises(ExternalChangeError):
            store.update("people", 1, {"title": "CTO"})
        assert path.read_bytes() == changed
        assert store.get("people", 1) == {"name": "Bob", "uid": "ann"}


def test_touch_alone_does_not_block_writes(path: Path) -> None:
    with Store.open(path) as store:
        store.insert("people", {"name": "Ann"})
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
        store.insert("people", {"name": "Bo"})
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 9_000_000_000))
        store.update("people", 1, {"title": "CTO"})
    assert content(on_disk(path)["people"]) == {
        "1": {"name": "Ann", "title": "CTO"},
        "2": {"name": "Bo"},
    }


def test_removed_file_blocks_the_next_write(path: Path) -> None:
    with Store.open(path) as store:
        store.insert("people", {"name": "Ann"})
        path.rename(path.with_name("moved.json"))
        with pytest.raises(ExternalChangeError, match="removed or moved"):
            store.insert("people", {"name": "Bo"})
        assert not path.exists()


def test_a_file_made_read_only_while_open_is_not_written_nor_its_mark_undone(
    path: Path,
) -> None:
    with Store.open(path) as store:
        store.insert("people", {"name": "Ann"})
        before = path.read_bytes()
        path.chmod(0o400)
        with pytest.raises(ReadOnlyError, match=r"made read-only \(mode 0400\).*chmod u\+w"):
            store.insert("people", {"name": "Bo"})
        assert path.read_bytes() == before
        assert stat.S_IMODE(path.stat().st_mode) == 0o400
        assert {n: doc["name"] for n, doc in store.rows("people")} == {1: "Ann"}  # as before
        path.chmod(0o600)
        store.insert("people", {"name": "Bo"})  # writable again: saved
    assert content(on_disk(path)["people"]) == {"1": {"name": "Ann"}, "2": {"name": "Bo"}}


def kept_copy(message: str) -> Path:
    """The backup a refused save names as keeping what was last saved."""
    return Path(message.split(" is kept in ", 1)[1].split(": ", 1)[0])


@pytest.mark.parametrize("how", ["removed", "cut short"])
def test_what_was_last_saved_is_kept_when_the_file_is_lost(path: Path, how: str) -> None:
    with Store.open(path) as store:
        store.insert("people", {"name": "Ann"})
        store.insert("people", {"name": "Saved Since The First Backup"})
        last_saved = path.read_bytes()
        if how == "removed":
            path.unlink()
        else:
            path.write_bytes(last_saved[:40])
        with pytest.raises(ExternalChangeError) as refused:
            store.insert("people", {"name": "Bo"})
        kept = kept_copy(str(refused.value))
        assert kept.parent == store.backup_dir and mode(kept) == 0o600
        assert kept.read_bytes() == last_saved  # byte for byte what the file held
        if how == "cut short":
            # The file's own advice, the newest good backup, is that copy too.
            assert store.newest_good_backup() == kept
            # Said once, with what to do with it, and the reason in one pair of brackets.
            message = str(refused.value)
            assert message.count(str(kept)) == 1 and "copy it over the file" in message
            assert "can't be read as it is now (" in message and "left untouched" not in message


def test_a_refused_save_tried_again_keeps_one_copy_and_the_older_backups(path: Path) -> None:
    """Each ctrl+s while the file was away kept another copy of the same state, and the five
    kept backups soon held nothing else: the older, different ones were gone."""
    for n in range(3):  # three runs, each backing up the file as it found it
        with Store.open(path) as store:
            store.insert("people", {"name": f"Run {n}"})
    with Store.open(path) as store:
        store.insert("people", {"name": "Last saved"})
        older = {b.read_bytes() for b in store.backups_newest_first()}
        assert len(older) == 4  # and the one of the file as first made
        path.unlink()
        kept = set()
        for _ in range(6):
            with pytest.raises(ExternalChangeError) as refused:
                store.insert("people", {"name": "Bo"})
            kept.add(kept_copy(str(refused.value)))
        assert len(kept) == 1
        backups = [b.read_bytes() for b in store.backups_newest_first()]
        assert len(backups) == len(set(backups)) == 5
        assert older < set(backups)


def test_a_file_a_newer_notebook_wrote_meanwhile_is_never_to_be_copied_over(path: Path) -> None:
    """The usual advice for a file that can't be read (copy the kept copy over it) would throw
    away what a newer notebook wrote there."""
    with Store.open(path) as store:
        store.insert("people", {"name": "Ann"})
        newer = on_disk(path)
        newer["meta"]["1"]["schema"] = SCHEMA + 1
        newer["people"]["9"] = {"name": "Written by the newer notebook"}
        path.write_bytes(orjson.dumps(newer))
        with pytest.raises(ExternalChangeError) as refused:
            store.insert("people", {"name": "Bo"})
    message = str(refused.value)
    assert "do not copy it over the file" in message and "`notebook merge`" in message
    assert "once the app is closed, copy it over" not in message


def test_a_link_put_in_the_files_place_says_to_open_the_notebook_again(tmp_path: Path) -> None:
    """The file was read through the link, but every save was refused again, each time saying
    "make your change again"."""
    path, other = tmp_path / "nb.json", tmp_path / "other.json"
    with Store.open(path) as store:
        store.insert("people", {"name": "Ann"})
        other.write_bytes(path.read_bytes())
        path.unlink()
        path.symlink_to(other)
        with pytest.raises(ExternalChangeError) as refused:
            store.insert("people", {"name": "Bo"})
        message = str(refused.value)
        assert f"now a link to {other}" in message and "open the notebook again" in message
        assert "make your change again" not in message


def test_what_was_last_saved_is_kept_when_another_program_puts_back_an_older_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "nb.json"
    notebook = Notebook.open(path)
    try:
        notebook.people.add(Person(name="Ann"))
        older = path.read_bytes()
        notebook.people.add(Person(name="Saved Then Lost"))
        path.write_bytes(older)  # a sync tool puts yesterday's copy back
        with pytest.raises(ExternalChangeError) as refused:
            notebook.people.add(Person(name="Bo"))
        assert [p.name for p in notebook.people.all()] == ["Ann"]  # the file as it is now
        merge_file(notebook, kept_copy(str(refused.value)))
        assert sorted(p.name for p in notebook.people.all()) == ["Ann", "Saved Then Lost"]
    finally:
        notebook.close()


def test_outside_change_during_a_batch_blocks_its_write(path: Path) -> None:
    with Store.open(path) as store:
        store.insert("people", {"name": "Ann", "uid": "ann"})
        outside = copy.deepcopy(store.data)
        outside["people"]["1"]["name"] = "Elsewhere"
        with pytest.raises(ExternalChangeError), store.batch():
            store.insert("people", {"name": "Bo"})
            content = write_outside(path, outside)
        assert path.read_bytes() == content
        assert dict(store.rows("people")) == {1: {"name": "Elsewhere", "uid": "ann"}}


# -- corrupt files ---------------------------------------------------------------------------


def make_history(path: Path, runs: int = 2) -> None:
    """Several runs with writes, so good backups exist."""
    for run in range(runs):
        with Store.open(path) as store:
            store.insert("people", {"name": f"Run {run}"})


def truncated(path: Path) -> bytes:
    good = path.read_bytes()
    return good[: len(good) // 2]


CORRUPTIONS = {
    "garbage": lambda path: b"\x00\xff\xfenot json at all",
    "truncated": truncated,
    "empty": lambda path: b"",
    "whitespace": lambda path: b"  \n",
    "list": lambda path: b'[{"people": {}}]',
    "table not a mapping": lambda path: b'{"people": [1, 2]}',
}


@pytest.mark.parametrize("kind", CORRUPTIONS)
@pytest.mark.parametrize("read_only", [False, True])
def test_corrupt_file_is_refused_and_left_untouched(path: Path, kind: str, read_only: bool) -> None:
    make_history(path, runs=3)
    newest = backups(path)[-1]
    bad = CORRUPTIONS[kind](path)
    path.write_bytes(bad)
    with pytest.raises(CorruptNotebookError) as excinfo:
        Store.open(path, read_only=read_only)
    error = excinfo.value
    message = str(error)
    assert str(path) in message
    assert str(newest) in message
    assert error.backup == newest
    assert error.path == path
    assert "\n" not in message
    if kind in ("empty", "whitespace"):
        assert "empty" in message
    assert path.read_bytes() == bad
    assert lock_is_free(path)  # the failed open let go of the lock
    assert backups(path)[-1] == newest  # and took no backup of the bad file


def test_corrupt_backups_are_skipped_when_naming_the_good_one(path: Path) -> None:
    make_history(path, runs=3)
    older, newest = backups(path)[-2:]
    newest.write_bytes(b"{truncated")
    path.write_bytes(b"nonsense")
    with pytest.raises(CorruptNotebookError) as excinfo:
        Store.open(path)
    assert excinfo.value.backup == older
    assert str(older) in str(excinfo.value)


def test_corrupt_file_without_backups_says_so(path: Path) -> None:
    path.write_bytes(b"{")
    with pytest.raises(CorruptNotebookError, match="no good backup") as excinfo:
        Store.open(path)
    assert excinfo.value.backup is None
    assert path.read_bytes() == b"{"


# -- backups ---------------------------------------------------------------------------------


def test_each_run_takes_one_backup_before_its_first_write(path: Path) -> None:
    with Store.open(path) as store:
        assert backups(path) == []  # creating the file is not a change to back up
        store.insert("people", {"name": "Ann"})
        store.insert("people", {"name": "Bo"})
        assert len(backups(path)) == 1
        assert on_disk(backups(path)[0])["people"] == {}
    with Store.open(path) as store:
        assert len(backups(path)) == 1  # a run that only reads takes none
    before = path.read_bytes()
    with Store.open(path) as store:
        store.insert("people", {"name": "Cy"})
        store.insert("people", {"name": "Di"})
    found = backups(path)
    assert len(found) == 2
    assert found[-1].read_bytes() == before
    assert all(mode(b) == 0o600 for b in found)
    assert mode(path.parent / BACKUP_DIR) & 0o077 == 0


def test_at_most_n_backups_are_kept(path: Path) -> None:
    states = []
    for run in range(6):
        with Store.open(path, backups=2) as store:
            states.append(path.read_bytes())
            store.insert("people", {"name": f"Run {run}"})
            store.insert("people", {"name": f"Run {run} again"})
        assert len(backups(path)) == min(run + 1, 2)
    found = backups(path)
    assert [b.read_bytes() for b in found] == states[-2:]
    assert all(mode(b) == 0o600 for b in found)


def test_default_keeps_five_backups(path: Path) -> None:
    for run in range(8):
        with Store.open(path) as store:
            store.insert("people", {"name": f"Run {run}"})
    assert len(backups(path)) == 5
    assert len(on_disk(backups(path)[-1])["people"]) == 7


def test_backups_zero_takes_none(path: Path) -> None:
    for run in range(3):
        with Store.open(path, backups=0) as store:
            store.insert("people", {"name": f"Run {run}"})
    assert backups(path) == []


# -- schema ----------------------------------------------------------------------------------


@pytest.mark.parametrize("read_only", [False, True])
def test_newer_schema_is_refused_and_untouched(path: Path, read_only: bool) -> None:
    newer = SCHEMA + 1
    content = orjson.dumps({"meta": {"1": {"schema": newer}}, "people": {"1": {"name": "Ann"}}})
    path.write_bytes(content)
    with pytest.raises(SchemaTooNewError, match=f"schema {newer}") as excinfo:
        Store.open(path, read_only=read_only)
    assert str(path) in str(excinfo.value)
    assert path.read_bytes() == content
    assert lock_is_free(path)
    assert backups(path) == []


def test_schema_0_file_is_migrated_forward(path: Path) -> None:
    old = orjson.dumps({"people": {"1": {"name": "Ann"}, "3": {"name": "Cy"}}})
    path.write_bytes(old)
    ann, cy = derived_uid(1, "", "Ann"), derived_uid(3, "", "Cy")
    with Store.open(path) as store:
        assert store.meta()["schema"] == 3
        assert dict(store.rows("people")) == {
            1: {"name": "Ann", "uid": ann},
            3: {"name": "Cy", "uid": cy},
        }
        assert store.repairs == []  # a migration, not a repair
        assert store.insert("people", {"name": "Di"}) == 4
    data = on_disk(path)
    assert data["meta"]["1"]["schema"] == 3
    assert set(TABLES) <= set(data)
    assert data["people"]["1"] == {"name": "Ann", "uid": ann}
    # the file as it was before the migration is kept as a backup
    assert [b.read_bytes() for b in backups(path)] == [old]


def schema_1_file(path: Path) -> bytes:
    """A notebook from before uids, as schema 1 wrote it."""
    content = orjson.dumps(
        {
            "people": {
                "1": {"name": "Ann", "created_at": "2025-01-02T03:04:05"},
                "2": {"name": "Ann", "created_at": "2025-01-02T03:04:05"},
                "5": {"name": "Bo", "uid": "kept-as-it-was"},
            },
            "meta": {"1": {"schema": 1, "created_at": "2025-01-01T00:00:00"}},
        }
    )
    path.write_bytes(content)
    return content


def test_schema_1_read_only_gives_the_same_uids_every_time_and_writes_nothing(
    path: Path,
) -> None:
    content = schema_1_file(path)
    seen = []
    for _ in range(2):
        with Store.open(path, read_only=True) as store:
            seen.append({pid: doc["uid"] for pid, doc in store.rows("people")})
            assert store.repairs == []
    assert (
        seen[0]
        == seen[1]
        == {
            1: derived_uid(1, "2025-01-02T03:04:05", "Ann"),
            2: derived_uid(2, "2025-01-02T03:04:05", "Ann"),  # the same name, another person
            5: "kept-as-it-was",
        }
    )
    assert len(set(seen[0].values())) == 3
    assert path.read_bytes() == content
    assert backups(path) == []


def test_schema_1_is_migrated_once_on_a_writable_open_with_a_backup(path: Path) -> None:
    content = schema_1_file(path)
    with Store.open(path, read_only=True) as store:
        in_memory = dict(store.rows("people"))
    with Store.open(path) as store:
        assert dict(store.rows("people")) == in_memory
        migrated = path.read_bytes()
    data = on_disk(path)
    assert data["meta"]["1"]["schema"] == SCHEMA == 3
    assert {int(k): doc for k, doc in data["people"].items()} == in_memory
    assert [b.read_bytes() for b in backups(path)] == [content]
    # Once is enough: the next open finds nothing to do and writes nothing.
    with Store.open(path) as store:
        assert store.repairs == []
    assert path.read_bytes() == migrated


def test_a_file_with_a_repeated_uid_is_refused_and_left_alone(path: Path) -> None:
    content = orjson.dumps(
        {
            "people": {"3": {"name": "Ann", "uid": "same"}, "8": {"name": "Bo", "uid": "same"}},
            "meta": {"1": {"schema": SCHEMA}},
        }
    )
    path.write_bytes(content)
    for read_only in (True, False):
        with pytest.raises(CorruptNotebookError) as excinfo:
            Store.open(path, read_only=read_only)
        assert 'people record 8, field "uid": person 3 has the same uid' in str(excinfo.value)
        assert "\n" not in str(excinfo.value)
    assert path.read_bytes() == content
    assert backups(path) == []


def test_records_can_be_put_under_ids_of_their_own_but_never_reused_ones(path: Path) -> None:
    with Store.open(path) as store:
        store.insert_many("people", [{"name": "Gone"}, {"name": "Also gone"}])
        store.remove("people", [1, 2])
        assert not store.ids_are_free("people", [2, 9])  # 2 was handed out before
        assert store.ids_are_free("people", [3, 9])
        with pytest.raises(KeyError, match="handed out before"):
            store.insert_with_ids("people", {9: {"name": "Nine"}, 2: {"name": "Two"}})
        assert dict(store.rows("people")) == {}
        store.insert_with_ids("people", {9: {"name": "Nine"}, 4: {"name": "Four"}})
        assert store.insert("people", {"name": "Next"}) == 10
        with pytest.raises(KeyError, match="already in people"):
            store.insert_with_ids("people", {4: {"name": "Again"}})
        with pytest.raises(KeyError, match="not an id"):
            store.insert_with_ids("people", {0: {"name": "Zero"}})
    assert list(on_disk(path)["people"]) == ["9", "4", "10"]


def test_schema_0_read_only_is_migrated_in_memory_only(path: Path) -> None:
    old = orjson.dumps({"people": {"1": {"name": "Ann"}}})
    path.write_bytes(old)
    with Store.open(path, read_only=True) as store:
        assert store.meta()["schema"] == 3
        assert dict(store.rows("interactions")) == {}
        assert store.get("people", 1) == {"name": "Ann", "uid": derived_uid(1, "", "Ann")}
    assert path.read_bytes() == old


# -- batches ---------------------------------------------------------------------------------


def test_batch_writes_once_at_its_end(path: Path) -> None:
    with Store.open(path) as store:
        store.insert("people", {"name": "Before"})
        with store.batch():
            store.insert("people", {"name": "First in batch"})
            assert b"First in batch" not in path.read_bytes()
            with store.batch():
                store.insert_many("people", [{"name": "Nested"}, {"name": "Nested 2"}])
            assert b"Nested" not in path.read_bytes()  # the inner end does not write
            store.update("people", 1, {"title": "CTO"})
            assert b"CTO" not in path.read_bytes()
            # lookups see the batch's changes before it is written
            assert content(store.get("people", 2)) == {"name": "First in batch"}
        names = [d["name"] for d in on_disk(path)["people"].values()]
        assert names == ["Before", "First in batch", "Nested", "Nested 2"]
        assert on_disk(path)["people"]["1"]["title"] == "CTO"
        assert temps(path.parent) == []


def test_failing_batch_leaves_file_and_memory_unchanged(path: Path) -> None:
    with Store.open(path) as store:
        store.insert("people", {"name": "Ann", "tags": ["x"]})
        before_bytes = path.read_bytes()
        before_data = copy.deepcopy(store.data)
        with pytest.raises(RuntimeError, match="boom"), store.batch():
            store.insert("people", {"name": "Lost"})
            store.update("people", 1, {"name": "Renamed", "tags": ["y"]})
            store.remove("people", [1])
            raise RuntimeError("boom")
        assert path.read_bytes() == before_bytes
        assert store.data == before_data
        # TinyDB's cached next id was thrown away with the lost insert
        assert store.insert("people", {"name": "Bo"}) == 2
    assert content(on_disk(path)["people"]) == {
        "1": {"name": "Ann", "tags": ["x"]},
        "2": {"name": "Bo"},
    }


def test_failing_nested_batch_undoes_the_whole_outer_batch(path: Path) -> None:
    with Store.open(path) as store:
        before = path.read_bytes()
        with pytest.raises(KeyError), store.batch():
            store.insert("people", {"name": "Outer"})
            with store.batch():
                store.insert("people", {"name": "Inner"})
                raise KeyError("inner")
        assert path.read_bytes() == before
        assert dict(store.rows("people")) == {}


def test_notebooks_sharing_a_folder_keep_their_own_backups(tmp_path: Path) -> None:
    work = tmp_path / "work.json"
    others = [tmp_path / "work.old.json", tmp_path / "work.2024.json"]
    for run in range(3):
        for path in (work, *others):
            with Store.open(path, backups=2) as store:
                store.insert("people", {"name": f"{path.stem} {run}"})
    for path in (work, *others):
        with Store.open(path, backups=2) as store:
            own = store.backups_newest_first()
            assert len(own) == 2
            for backup in own:
                assert {d["name"] for d in on_disk(backup)["people"].values()} <= {
                    f"{path.stem} 0",
                    f"{path.stem} 1",
                }
    assert len(backups(work)) == 6
    work.write_bytes(b"{")
    with pytest.raises(CorruptNotebookError) as excinfo:
        Store.open(work)
    assert excinfo.value.backup is not None
    names = {d["name"] for d in on_disk(excinfo.value.backup)["people"].values()}
    assert names == {"work 0", "work 1"}


def test_leftover_backup_temp_files_are_removed_at_open(path: Path) -> None:
    make_history(path)
    folder = path.parent / BACKUP_DIR
    mine = folder / ".nb.json.20261125T101010123456.json.k3j4h5ab.tmp"
    other = folder / ".nb.json.old.20261125T101010123456.json.k3j4h5ab.tmp"
    for leftover in (mine, other):
        leftover.write_bytes(b"{half a notebook")
    with Store.open(path):
        assert not mine.exists()
        assert other.exists()  # another notebook's ("nb.json.old"): left alone
    assert len(backups(path)) == 3  # the two real backups and the other notebook's temp


def test_ids_are_never_reused_after_the_newest_is_deleted(tmp_path: Path) -> None:
    path = tmp_path / "ids.json"
    with Store.open(path) as store:
        first = store.insert("counters", {"n": 1})
        second = store.insert("counters", {"n": 2})
        store.remove("counters", [second])
    with Store.open(path) as store:
        third = store.insert("counters", {"n": 3})
    assert first < second < third


def test_the_file_stays_readable_by_tinydb_itself(tmp_path: Path) -> None:
    from tinydb import TinyDB
    from tinydb.storages import JSONStorage

    path = tmp_path / "plain.json"
    with Store.open(path) as store:
        pid = store.insert("people", {"name": "Dana"})
        store.update("people", pid, {"company": "Fabrikam"})
        store.insert_many("people", [{"name": "Sam"}, {"name": "Lee"}])
    with TinyDB(path, storage=JSONStorage, access_mode="r") as db:
        assert [d["name"] for d in db.table("people").all()] == ["Dana", "Sam", "Lee"]
        assert content(dict(db.table("people").get(doc_id=pid))) == {
            "name": "Dana",
            "company": "Fabrikam",
        }


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO, errno.EACCES])
def test_a_copy_that_cannot_be_kept_leaves_the_refusal_as_it_was(
    path: Path, code: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(path) as store:
        store.insert("people", {"name": "Ann"})
        path.write_bytes(b"")  # cut short by another program
        real = store_module.atomic_write

        def failing(target: Path, content: bytes, **kwargs: Any) -> os.stat_result:
            if target.parent == store.backup_dir:
                raise OSError(code, os.strerror(code))
            return real(target, content, **kwargs)

        monkeypatch.setattr(store_module, "atomic_write", failing)
        with pytest.raises(ExternalChangeError) as refused:
            store.insert("people", {"name": "Bo"})
        message = str(refused.value)
        assert "will not write over it." in message and "kept in" not in message
        assert path.read_bytes() == b""  # never written over
        assert {n: doc["name"] for n, doc in store.rows("people")} == {1: "Ann"}


def test_while_records_are_built_each_id_is_one_int_whichever_tables_it_numbers(
    tmp_path: Path,
) -> None:
    """Every table numbers from 1: a part keeps its records by id, and the same number in two
    tables is one int object (beyond the small numbers Python holds once itself)."""
    data = small_notebook()
    data["people"] = {"300": data["people"]["1"], "301": data["people"]["2"]}
    data["people"]["301"] = {**data["people"]["301"], "met_via": None}
    data["interactions"] = {"300": {**data["interactions"]["1"], "people": [300, 301]}}
    data["ties"] = {"301": {**data["ties"]["1"], "a": 300, "b": 301}}
    data["followups"], data["asks"] = {}, {}
    path = tmp_path / "nb.json"
    path.write_bytes(orjson.dumps(data))
    with Store.open(path) as store:
        with store.numbering():
            people, talks, ties = (dict(store.rows(t)) for t in ("people", "interactions", "ties"))
        (person,) = (k for k in people if k == 300)
        (talk,) = (k for k in talks if k == 300)
        (tie,) = (k for k in ties if k == 301)
        assert person is talk and tie is next(k for k in people if k == 301)
        apart = dict(store.rows("interactions"))  # afterwards, as before: ints made as read
        assert next(k for k in apart if k == 300) is not person
