"""The check before every save that the file on disk is still the one last loaded or saved.

Where every change moves ctime, an unchanged stat vouches for the file and nothing of it is
read; anything else (a touch, a rewrite, a rename, coarse timestamps) has its content compared.
A failed folder fsync puts back the very file that was replaced, kept under a second name.
All on real files; the file system with one-second timestamps is a real one, mounted here."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from notebook import store as store_module
from notebook.store import BACKUP_DIR, ExternalChangeError, SaveError, Store

from .test_store_faults import Faults, temps


def fine_timestamps(folder: Path) -> bool:
    """Whether this folder's file system moves ctime with every change (as the save finds)."""
    probe = folder / "probe"
    probe.write_bytes(b"x")
    fd = os.open(probe, os.O_RDWR)
    try:
        return store_module._ctime_moves(fd)
    finally:
        os.close(fd)
        probe.unlink()


PROC_IO = Path("/proc/self/io")


def bytes_read() -> int:
    """What this process has read so far, by the kernel's count (Linux)."""
    for line in PROC_IO.read_text().splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    raise AssertionError("no rchar in /proc/self/io")


@contextlib.contextmanager
def reading() -> Iterator[list[int]]:
    """How many bytes the block reads (one number, once it has ended)."""
    counted: list[int] = []
    start = bytes_read()
    yield counted
    counted.append(bytes_read() - start)


def names_in(path: Path) -> list[str]:
    return [d["name"] for d in orjson.loads(path.read_bytes())["people"].values()]


@pytest.fixture
def fine(tmp_path: Path) -> None:
    # Where timestamps are coarse, every save reads the file (the stat cannot prove it
    # unchanged): these tests are about the other case, which a Linux tmp folder is.
    assert fine_timestamps(tmp_path), "tmp_path's file system keeps coarse timestamps"


# -- what is read --------------------------------------------------------------------------------


# Large enough that reading it shows among the few hundred bytes a save reads otherwise.
NOTES = "n" * 1_000_000


@pytest.mark.usefixtures("fine")
def test_a_later_save_reads_nothing_of_the_file_its_stat_vouches_for(tmp_path: Path) -> None:
    path = tmp_path / "nb.json"
    with Store.open(path) as store:
        store.insert("people", {"name": "Ann", "notes": NOTES})
        with reading() as read:
            store.insert("people", {"name": "Bo"})
        assert read[0] < len(NOTES) // 10
        known = store._fingerprint
        assert known is not None and known.settled
        st = path.stat()
        assert (known.inode, known.ctime_ns, known.mtime_ns) == (
            st.st_ino,
            st.st_ctime_ns,
            st.st_mtime_ns,
        )
        assert known.checksum == zlib.crc32(path.read_bytes())
    assert names_in(path) == ["Ann", "Bo"]


@pytest.mark.usefixtures("fine")
def test_the_first_save_reads_the_file_once_for_its_backup_and_not_again(tmp_path: Path) -> None:
    path = tmp_path / "nb.json"
    with Store.open(path) as store:
        store.insert("people", {"name": "Ann", "notes": NOTES})
    before = path.read_bytes()
    with Store.open(path) as store, reading() as read:
        store.insert("people", {"name": "Bo"})
    assert len(before) <= read[0] < 2 * len(before)
    backups = sorted((tmp_path / BACKUP_DIR).iterdir())
    assert backups[-1].read_bytes() == before
    # Without backups, the stat read as the file was loaded vouches for it.
    with Store.open(path, backups=0) as store, reading() as read:
        store.insert("people", {"name": "Cy"})
    assert read[0] < len(NOTES) // 10
    assert names_in(path) == ["Ann", "Bo", "Cy"]


def test_a_large_file_is_checksummed_beside_its_write_and_its_parse(tmp_path: Path) -> None:
    """Past 4 MiB the checksum is worked out on a thread of its own: the same checksum."""
    path = tmp_path / "nb.json"
    with Store.open(path) as store:
        store.insert("people", {"name": "Ann", "notes": "n" * (5 << 20)})
        known = store._fingerprint
        assert known is not None and known.size > 5 << 20
        assert known.checksum == zlib.crc32(path.read_bytes())
    with Store.open(path) as store:
        known = store._fingerprint
        assert known is not None and known.checksum == zlib.crc32(path.read_bytes())
        store.insert("people", {"name": "Bo"})
    assert names_in(path) == ["Ann", "Bo"]


# -- changes on disk -----------------------------------------------------------------------------


def test_a_same_size_rewrite_with_its_mtime_put_back_is_caught(tmp_path: Path) -> None:
    """Same inode, same size, same mtime (as `touch -r` leaves it): only ctime moved."""
    path = tmp_path / "nb.json"
    with Store.open(path) as store:
        store.insert("people", {"name": "Ann", "uid": "ann"})
        store.insert("people", {"name": "Bo", "uid": "bo"})
        seen = path.stat()
        changed = path.read_bytes().replace(b'"Ann"', b'"Eve"')
        with path.open("r+b") as handle:
            handle.write(changed)
        os.utime(path, ns=(seen.st_atime_ns, seen.st_mtime_ns))
        now = path.stat()
        assert (now.st_ino, now.st_size, now.st_mtime_ns) == (
            seen.st_ino,
            seen.st_size,
            seen.st_mtime_ns,
        )
        with pytest.raises(ExternalChangeError, match="changed by another program"):
            store.insert("people", {"name": "Mine"})
        assert path.read_bytes() == changed
        assert store.get("people", 1) == {"name": "Eve", "uid": "ann"}


def test_a_file_renamed_into_place_with_the_same_size_and_mtime_is_caught(tmp_path: Path) -> None:
    path = tmp_path / "nb.json"
    with Store.open(path) as store:
        store.insert("people", {"name": "Ann", "uid": "ann"})
        store.insert("people", {"name": "Bo", "uid": "bo"})
        seen = path.stat()
        other = tmp_path / "other.json"
        other.write_bytes(path.read_bytes().replace(b'"Bo"', b'"Cy"'))
        os.utime(other, ns=(seen.st_atime_ns, seen.st_mtime_ns))
        os.replace(other, path)  # as an editor or a sync tool saves
        with pytest.raises(ExternalChangeError, match="changed by another program"):
            store.insert("people", {"name": "Mine"})
        assert names_in(path) == ["Ann", "Cy"]


def test_a_touched_file_whose_content_is_the_same_still_saves(tmp_path: Path) -> None:
    path = tmp_path / "nb.json"
    with Store.open(path) as store:
        store.insert("people", {"name": "Ann"})
        store.insert("people", {"name": "Bo"})
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))  # touch
        store.insert("people", {"name": "Cy"})
        # The same bytes put in place by another program (a sync tool fetching them again).
        copy = tmp_path / "copy.json"
        shutil.copyfile(path, copy)
        os.replace(copy, path)
        store.insert("people", {"name": "Di"})
    assert names_in(path) == ["Ann", "Bo", "Cy", "Di"]


# -- putting the file back ----------------------------------------------------------------------


def test_a_failed_folder_fsync_puts_the_very_same_file_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "nb.json"
    with Store.open(path) as store:
        store.insert("people", {"name": "Ann"})
        before = path.read_bytes()
        seen = path.stat()
        faults = Faults(monkeypatch)
        # A later save fsyncs its temp, then the folder.
        with faults.failing("fsync", 1, errno.EIO), pytest.raises(SaveError) as excinfo:
            store.insert("people", {"name": "Lost"})
        assert "syncing the folder" in str(excinfo.value)
        assert "nothing was saved" in str(excinfo.value)
        assert path.read_bytes() == before
        # Not written again (that would give it a new mtime): the same file.
        now = path.stat()
        assert (now.st_ino, now.st_mtime_ns) == (seen.st_ino, seen.st_mtime_ns)
        assert path.stat().st_nlink == 1 and temps(tmp_path) == []
        assert [d["name"] for _, d in store.rows("people")] == ["Ann"]
        store.insert("people", {"name": "Bo"})
    assert names_in(path) == ["Ann", "Bo"]


def test_without_hard_links_the_file_is_put_back_from_its_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file system that has no hard links (FAT, some network shares) refuses os.link: the
    save reads the file's content instead, and writes it back if the folder fsync fails."""
    path = tmp_path / "nb.json"
    with Store.open(path) as store:
        store.insert("people", {"name": "Ann"})
        before = path.read_bytes()

        def no_links(*args: Any, **kwargs: Any) -> None:
            raise OSError(errno.EPERM, os.strerror(errno.EPERM))

        monkeypatch.setattr(os, "link", no_links)
        faults = Faults(monkeypatch)
        with faults.failing("fsync", 1, errno.EIO), pytest.raises(SaveError, match="nothing"):
            store.insert("people", {"name": "Lost"})
        assert path.read_bytes() == before and temps(tmp_path) == []
        store.insert("people", {"name": "Bo"})
        store.insert("people", {"name": "Cy"})
    assert names_in(path) == ["Ann", "Bo", "Cy"]


def test_a_link_left_by_a_crash_is_removed_at_the_next_open(tmp_path: Path) -> None:
    """Killed between keeping the old file under a second name and removing that name."""
    path = tmp_path / "nb.json"
    with Store.open(path) as store:
        store.insert("people", {"name": "Ann"})
    left = tmp_path / ".nb.json.0a1b2c3d.tmp"
    os.link(path, left)
    with Store.open(path) as store:
        assert not left.exists() and path.stat().st_nlink == 1
        store.insert("people", {"name": "Bo"})
    assert names_in(path) == ["Ann", "Bo"]
