"""A save that fails at any step leaves the file byte-identical, no temp behind, and memory as
it was last saved; and the paths a user really has (symlinks, read-only files, folders swapped
in, shared folders, odd umasks) are handled on real files."""

from __future__ import annotations

import contextlib
import copy
import errno
import os
import shutil
import stat
import subprocess
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from notebook import store as store_module
from notebook.store import (
    BACKUP_DIR,
    SCHEMA,
    ExternalChangeError,
    ReadOnlyError,
    SaveError,
    Store,
    StoreError,
    read_cache,
)

from .shapes import content

ERRNOS = (errno.ENOSPC, errno.EIO, errno.EACCES)


def temps(folder: Path) -> list[str]:
    if not folder.exists():
        return []
    return [name for name in os.listdir(folder) if name.endswith(".tmp")]


def make_notebook(path: Path) -> None:
    with Store.open(path) as store:
        store.insert_many("people", [{"name": "Ann"}, {"name": "Bo", "tags": ["x"]}])
        store.put_setting("theme", "dark")


class Faults:
    """Counts the calls a save makes to the functions it depends on, or fails the nth."""

    TARGETS: tuple[tuple[Any, str], ...] = (
        (os, "open"),
        (os, "write"),
        (os, "fsync"),
        (os, "replace"),
        (os, "stat"),
        (os, "lstat"),
        (os, "fstat"),
        (os, "fchmod"),
        (os, "link"),
        (store_module.tempfile, "mkstemp"),
    )

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.calls: dict[str, int] = {}

    @contextlib.contextmanager
    def counting(self) -> Iterator[None]:
        with self._patched(None):
            yield

    @contextlib.contextmanager
    def failing(self, name: str, nth: int, code: int) -> Iterator[None]:
        with self._patched((name, nth, code)):
            yield

    @contextlib.contextmanager
    def _patched(self, fault: tuple[str, int, int] | None) -> Iterator[None]:
        self.calls = {}
        with self.monkeypatch.context() as patch:
            for owner, attr in self.TARGETS:
                original: Callable[..., Any] = getattr(owner, attr)
                patch.setattr(owner, attr, self._wrap(attr, original, fault))
            yield

    def _wrap(
        self, name: str, original: Callable[..., Any], fault: tuple[str, int, int] | None
    ) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            n = self.calls.get(name, 0)
            self.calls[name] = n + 1
            if fault is not None and fault[0] == name and fault[1] == n:
                raise OSError(fault[2], os.strerror(fault[2]))
            return original(*args, **kwargs)

        return wrapper


def save_calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, later: bool) -> dict[str, int]:
    """How many calls of each kind a save makes: the first of a run (it takes the backup), or
    a later one."""
    path = tmp_path / "count" / "nb.json"
    make_notebook(path)
    faults = Faults(monkeypatch)
    with Store.open(path) as store:
        if later:
            store.insert("people", {"name": "Earlier"})
        with faults.counting():
            store.insert("people", {"name": "Counted"})
    return dict(faults.calls)


def first_save_calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    return save_calls(tmp_path, monkeypatch, later=False)


@pytest.mark.parametrize("later", [False, True], ids=["first save", "later save"])
def test_a_fault_at_any_step_of_a_save_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, later: bool
) -> None:
    calls = save_calls(tmp_path, monkeypatch, later=later)
    if later:
        # The temp's write and fsync, the folder's fsync, the link that keeps the file being
        # replaced until then, and the rename.
        assert calls["mkstemp"] == 1 and calls["replace"] == 1 and calls["fsync"] == 2
        assert calls["link"] == 1
    else:
        # The save really goes through each step: temp and backup writes, their fsyncs and
        # the folders', two renames, and the check of the file on disk.
        assert calls["mkstemp"] == 2 and calls["replace"] == 2 and calls["fsync"] >= 4
    cases = [
        (name, n, code) for name, count in calls.items() for n in range(count) for code in ERRNOS
    ]
    refused = 0
    earlier = ["Earlier"] if later else []
    for name, nth, code in cases:
        case = f"{name} call {nth} failing with {errno.errorcode[code]}"
        folder = tmp_path / f"{name}-{nth}-{code}"
        path = folder / "nb.json"
        make_notebook(path)
        faults = Faults(monkeypatch)
        with Store.open(path) as store:
            if later:
                store.insert("people", {"name": "Earlier"})
            before = path.read_bytes()
            seen = path.stat()
            memory = copy.deepcopy(store.data)
            try:
                with faults.failing(name, nth, code):
                    store.insert("people", {"name": "FAILED CHANGE"})
            except StoreError as error:
                refused += 1
                message = str(error)
                assert str(path) in message and "nothing was saved" in message, case
                assert os.strerror(code) in message and "\n" not in message, case
                assert path.read_bytes() == before, case
                # Never renamed over, or put back by the link it was kept under (a file
                # written again would have a new mtime).
                now = path.stat()
                assert (now.st_ino, now.st_mtime_ns) == (seen.st_ino, seen.st_mtime_ns), case
                assert store.data == memory, case
                expected = ["Ann", "Bo", *earlier, "Next"]
            else:
                # The fault hit a step the save can do without (the link kept to put the file
                # back, which reading it replaces; the look at how fine the file system's
                # timestamps are) or the upkeep after it (pruning backups, restamping caches),
                # which never undoes a save.
                assert store.data == orjson.loads(path.read_bytes()), case
                expected = ["Ann", "Bo", *earlier, "FAILED CHANGE", "Next"]
            assert temps(folder) == [] and temps(folder / BACKUP_DIR) == [], case
            # The next save works and carries no failed change.
            store.insert("people", {"name": "Next"})
        names = [d["name"] for d in orjson.loads(path.read_bytes())["people"].values()]
        assert names == expected, case
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # Every step of the save itself was hit, each with each error.
    assert refused >= (15 if later else 45)


def test_a_failed_save_in_the_view_model_rolls_back_its_indexes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    from notebook.records import Person
    from notebook.viewmodel import NewPerson, Notebook

    path = tmp_path / "nb.json"
    notebook = Notebook.open(path, today=date(2026, 11, 30))
    try:
        dana = notebook.people.add(Person(name="Dana Nguyen"))
        before = path.read_bytes()
        faults = Faults(monkeypatch)
        with faults.failing("fsync", 0, errno.ENOSPC), pytest.raises(SaveError):
            notebook.conversations.note(
                [dana.id or 0, NewPerson("Sam Lee")],
                when=date(2026, 11, 29),
                summary="coffee",
                follow_up="send resume",
            )
        assert path.read_bytes() == before
        assert [p.name for p in notebook.people.all()] == ["Dana Nguyen"]
        assert notebook.conversations.timeline(dana.id or 0) == []
        assert notebook.follow_ups.open() == []
        assert notebook.upkeep.last_talked(dana.id or 0) is None
        notebook.conversations.note([dana.id or 0], when=date(2026, 11, 29), summary="tea")
    finally:
        notebook.close()
    again = Notebook.open(path, read_only=True)
    try:
        assert [i.summary for i in again.conversations.iter()] == ["tea"]
        assert [p.name for p in again.people.all()] == ["Dana Nguyen"]
    finally:
        again.close()


def test_a_failed_cache_write_never_undoes_a_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Caches are shortcuts: one that can't be written is dropped, the save stands."""
    path = tmp_path / "nb.json"
    with Store.open(path) as store:
        store.write_cache("search", b"payload", depends_on=("people",))
        store.insert("settings", {"x": 1})  # a table the cache does not depend on
        assert read_cache(path, "search") == b"payload"

        def broken(target: Path, content: bytes) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(store_module, "_write_derived", broken)
        store.insert("ties", {"a": 1, "b": 2})
        assert content(orjson.loads(path.read_bytes())["ties"]) == {"1": {"a": 1, "b": 2}}
        assert not store.cache_is_current("search")
    assert read_cache(path, "search") is None


def can_mount_tmpfs(folder: Path) -> bool:
    folder.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", str(folder)],
        capture_output=True,
    )
    return result.returncode == 0


def test_a_real_full_disk(tmp_path: Path) -> None:
    folder = tmp_path / "small"
    if os.geteuid() != 0 or shutil.which("mount") is None or not can_mount_tmpfs(folder):
        pytest.skip("mounting a small tmpfs needs root and a mount command; not here")
    try:
        path = folder / "nb.json"
        with Store.open(path, backups=0) as store:
            store.insert("people", {"name": "Ann"})
            before = path.read_bytes()
            with pytest.raises(SaveError, match="No space left on device"):
                store.insert("people", {"name": "Big", "notes": "x" * 400_000})
            assert path.read_bytes() == before
            assert temps(folder) == []
            assert content(dict(store.rows("people"))) == {1: {"name": "Ann"}}
            store.insert("people", {"name": "Small"})
        names = [d["name"] for d in orjson.loads(path.read_bytes())["people"].values()]
        assert names == ["Ann", "Small"]
    finally:
        subprocess.run(["umount", str(folder)], check=False)


# -- changes on disk ------------------------------------------------------------------------------


def test_a_same_size_same_mtime_same_inode_rewrite_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "nb.json"
    with Store.open(path) as store:
        store.insert("people", {"name": "Ann", "uid": "ann"})
        original = path.read_bytes()
        changed = original.replace(b'"Ann"', b'"Bob"')
        st = path.stat()
        with path.open("r+b") as handle:
            handle.write(changed)
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
        assert (path.stat().st_size, path.stat().st_mtime_ns, path.stat().st_ino) == (
            st.st_size,
            st.st_mtime_ns,
            st.st_ino,
        )
        with pytest.raises(ExternalChangeError, match="changed by another program"):
            store.insert("people", {"name": "Mine"})
        assert path.read_bytes() == changed
        # memory now shows the file as it is, so the next change keeps the outside edit
        assert store.get("people", 1) == {"name": "Bob", "uid": "ann"}
        store.insert("people", {"name": "Mine"})
    names = [d["name"] for d in orjson.loads(path.read_bytes())["people"].values()]
    assert names == ["Bob", "Mine"]


def test_a_folder_swapped_in_for_the_file_refuses_the_save(tmp_path: Path) -> None:
    path = tmp_path / "nb.json"
    with Store.open(path) as store:
        store.insert("people", {"name": "Ann"})
        memory = copy.deepcopy(store.data)
        path.rename(tmp_path / "moved.json")
        path.mkdir()
        with pytest.raises(ExternalChangeError, match="no longer a file"):
            store.insert("people", {"name": "Lost"})
        assert path.is_dir() and os.listdir(path) == []
        assert store.data == memory
        assert temps(tmp_path) == []


def test_a_folder_in_place_of_the_file_is_refused_at_open(tmp_path: Path) -> None:
    path = tmp_path / "nb.json"
    path.mkdir()
    with pytest.raises(StoreError, match="is not a notebook file"):
        Store.open(path)
    with pytest.raises(StoreError, match="is not a notebook file"):
        Store.open(path, read_only=True)


# -- paths ----------------------------------------------------------------------------------------


def test_a_symlinked_notebook_is_written_where_it_really_lives(tmp_path: Path) -> None:
    real_folder = tmp_path / "real"
    make_notebook(real_folder / "nb.json")
    links = tmp_path / "links"
    links.mkdir()
    link = links / "nb.json"
    link.symlink_to(real_folder / "nb.json")
    with Store.open(link) as store:
        assert store.path == real_folder / "nb.json"
        store.insert("people", {"name": "Through the link"})
    assert link.is_symlink()
    names = [d["name"] for d in orjson.loads(link.read_bytes())["people"].values()]
    assert names == ["Ann", "Bo", "Through the link"]
    # lock and backups beside the real file, nothing beside the link
    assert sorted(os.listdir(links)) == ["nb.json"]
    assert (real_folder / "nb.json.lock").exists()
    assert len(os.listdir(real_folder / BACKUP_DIR)) == 2
    # the real file's lock holds through the link: a second writer by the real path is refused
    with Store.open(link), pytest.raises(StoreError, match="open for writing"):
        Store.open(real_folder / "nb.json")


def test_a_read_only_file_is_refused_for_writing_and_left_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "nb.json"
    make_notebook(path)
    path.chmod(0o400)
    before = path.read_bytes()
    with pytest.raises(ReadOnlyError, match=r"read-only \(mode 0400\).*--read-only"):
        Store.open(path)
    assert path.read_bytes() == before
    assert stat.S_IMODE(path.stat().st_mode) == 0o400
    with Store.open(path, read_only=True) as store:
        assert len(dict(store.rows("people"))) == 2


def test_folders_are_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        path = tmp_path / "a" / "b" / "nb.json"
        with Store.open(path) as store:
            store.insert("people", {"name": "Ann"})
            store.insert("people", {"name": "Bo"})
    finally:
        os.umask(old)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / BACKUP_DIR):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    for file in (path, path.with_name("nb.json.lock")):
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
    for backup in (path.parent / BACKUP_DIR).iterdir():
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600


def test_notebooks_sharing_a_stem_keep_their_own_backups(tmp_path: Path) -> None:
    json_file, db_file = tmp_path / "work.json", tmp_path / "work.db"
    for run in range(3):
        for path in (json_file, db_file):
            with Store.open(path, backups=2) as store:
                store.insert("people", {"name": f"{path.name} {run}"})
    for path in (json_file, db_file):
        with Store.open(path, backups=2) as store:
            own = store.backups_newest_first()
            assert len(own) == 2
            for backup in own:
                names = {d["name"] for d in orjson.loads(backup.read_bytes())["people"].values()}
                assert all(name.startswith(path.name) for name in names)
    db_file.write_bytes(b"{")
    with pytest.raises(StoreError) as excinfo:
        Store.open(db_file)
    assert "work.db." in str(excinfo.value) and "work.json." not in str(excinfo.value)


def test_owns_knows_the_notebook_and_its_own_files(tmp_path: Path) -> None:
    path = tmp_path / "nb.json"
    make_notebook(path)
    link = tmp_path / "other-name.json"
    link.symlink_to(path)
    with Store.open(path, read_only=True) as store:
        for own in (
            path,
            link,
            tmp_path / "nb.json.lock",
            tmp_path / ".nb.json.search",
            next((tmp_path / BACKUP_DIR).iterdir()),
            tmp_path / BACKUP_DIR / "new.vcf",
        ):
            assert store.owns(own), own
        for other in (tmp_path / "export.json", tmp_path / "nb.json.vcf"):
            assert not store.owns(other), other


def test_crc_of_the_whole_file_is_what_is_compared(tmp_path: Path) -> None:
    """The fingerprint is the content's, not only its size and times."""
    path = tmp_path / "nb.json"
    with Store.open(path) as store:
        store.insert("people", {"name": "Ann"})
        known = store._fingerprint
        assert known is not None
        assert known.checksum == zlib.crc32(path.read_bytes())
        assert known.size == len(path.read_bytes())


# -- what an attacker (or bad luck) puts in the notebook's folder ------------------------------


def test_a_lock_file_that_is_a_link_is_refused_and_nothing_is_written_through_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "nb.json"
    make_notebook(path)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    lock = tmp_path / "nb.json.lock"
    for target in (victim, path):
        lock.unlink()
        lock.symlink_to(target)
        before = target.read_bytes()
        with pytest.raises(StoreError, match=r"lock file .* a link"):
            Store.open(path)
        assert target.read_bytes() == before
    lock.unlink()
    os.link(victim, lock)  # a hard link: the same file under the lock's name
    with pytest.raises(StoreError, match="not a plain file of its own"):
        Store.open(path)
    assert victim.read_text() == "precious"


@pytest.mark.parametrize("code", [errno.EACCES, errno.EROFS, errno.EPERM])
def test_a_folder_that_takes_no_lock_file_is_said_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    # A folder made immutable or read-only after the notebook was written (root gets past
    # permission bits, so the kernel's refusal is injected): nothing there to remove.
    path = tmp_path / "nb.json"
    make_notebook(path)
    (tmp_path / "nb.json.lock").unlink()
    real_open = os.open

    def refusing(file: Any, *args: Any, **kwargs: Any) -> int:
        if str(file).endswith(".lock"):
            raise OSError(code, os.strerror(code))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)
    with pytest.raises(StoreError) as refused:
        Store.open(path)
    message = str(refused.value)
    assert f"the folder {tmp_path} takes no new file; make it writable" in message
    assert "remove it" not in message and "--read-only" in message
    monkeypatch.undo()
    with Store.open(path, read_only=True) as store:
        assert len(list(store.rows("people"))) == 2


def test_a_pipe_named_as_the_notebook_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "nb.json"
    os.mkfifo(fifo)
    for read_only in (True, False):
        with pytest.raises(StoreError, match="not a notebook file"):
            Store.open(fifo, read_only=read_only)


@pytest.mark.parametrize("depth", [300, 900])
def test_a_deeply_nested_file_is_refused_in_one_line(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "nb.json"
    make_notebook(path)
    nested = b'{"a":' * depth + b"1" + b"}" * depth
    content = path.read_bytes().replace(b'"name":"Ann"', b'"name":"Ann","extra":' + nested)
    assert content != path.read_bytes()
    path.write_bytes(content)
    for read_only in (True, False):
        with pytest.raises(StoreError) as excinfo:
            Store.open(path, read_only=read_only)
        assert "\n" not in str(excinfo.value)
    assert path.read_bytes() == content


def test_a_link_swapped_in_for_the_file_refuses_the_save(tmp_path: Path) -> None:
    path = tmp_path / "nb.json"
    with Store.open(path) as store:
        store.insert("people", {"name": "Ann"})
        other = tmp_path / "other.json"
        path.rename(other)
        path.symlink_to(other)  # the same bytes, now behind a link
        with pytest.raises(ExternalChangeError):
            store.insert("people", {"name": "Lost"})
        assert path.is_symlink()
        assert b"Lost" not in other.read_bytes()


def test_a_changed_file_that_cannot_be_read_is_said_so(tmp_path: Path) -> None:
    path = tmp_path / "nb.json"
    with Store.open(path) as store:
        store.insert("people", {"name": "Ann"})
        memory = copy.deepcopy(store.data)
        path.write_bytes(b"{ cut short")
        with pytest.raises(ExternalChangeError) as excinfo:
            store.insert("people", {"name": "Bo"})
        message = str(excinfo.value)
        assert "can't be read as it is now" in message and "will not write over it" in message
        assert "now shows the file as it is" not in message
        assert store.data == memory
        assert path.read_bytes() == b"{ cut short"


def test_the_oldest_backup_makes_room_before_a_new_one_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "nb.json"
    for run in range(3):
        with Store.open(path, backups=2) as store:
            store.insert("people", {"name": f"Run {run}"})
    folder = tmp_path / BACKUP_DIR
    assert len(os.listdir(folder)) == 2
    seen: list[int] = []
    write = store_module.atomic_write

    def counting(target: Path, content: bytes) -> os.stat_result:
        if target.parent == folder:
            seen.append(len(os.listdir(folder)))
        return write(target, content)

    monkeypatch.setattr(store_module, "atomic_write", counting)
    with Store.open(path, backups=2) as store:
        store.insert("people", {"name": "Run 3"})
    assert seen == [1]  # one old backup kept while the new one was written
    assert len(os.listdir(folder)) == 2


def test_a_meta_without_a_version_keeps_its_next_ids(tmp_path: Path) -> None:
    path = tmp_path / "nb.json"
    path.write_bytes(
        orjson.dumps({"people": {"1": {"name": "Ann"}}, "meta": {"1": {"next_ids": {"people": 9}}}})
    )
    with Store.open(path) as store:
        assert store.meta()["schema"] == SCHEMA
        assert store.insert("people", {"name": "Bo"}) == 9
