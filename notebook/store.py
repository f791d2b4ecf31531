"""The notebook file: one TinyDB JSON file, written so that it is never lost.

This is the only module that touches TinyDB or the file. It guarantees:
- one writer at a time, held by the kernel (an OS lock on `<file>.lock`, released when the
  process ends however it ends), so no lock is ever stale and none is ever deleted;
- one save path that cannot half-fail: the new file is written to a temp, fsynced, checked
  against the file on disk, backed up, renamed into place and its folder fsynced (the file
  it replaces kept under a second name until then, to be put back); if any step fails the
  file is byte-identical to before, no temp is left, and memory goes back to what was last
  saved;
- a file changed on disk since it was loaded is never overwritten: before every save its
  stat (ctime included, which no other program can set back) must be the one last seen,
  else its whole content must be, and where the file system's timestamps are too coarse to
  show every change its content is compared always;
- a corrupt or wrong-shape file is never overwritten, and the error names the newest good
  backup;
- the real file behind a symlink is the one read, locked, backed up and written;
- rotating backups, taken before the first save of each run; files 0600, folders 0700;
- a schema version, migrated forward, and a newer one refused;
- optionally (the app), saves made and written by a thread of the store's, in order, so a
  write waits neither for the disk nor for the file's bytes to be made; a failed one puts
  memory back as the file holds it when the writing thread settles it (see
  save_in_background);
- the full check of a file's shape runs once per content: a "checked" stamp beside the file,
  signed with a key only this user's notebook holds, vouches that the very file being opened
  (its stat and crc32) passed it with nothing to repair, and is trusted for nothing else.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import errno
import functools
import gc
import glob
import hashlib
import hmac
import os
import queue
import secrets
import socket
import stat
import sys
import tempfile
import threading
import time
import weakref
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage

from . import compact
from . import records as records_module
from . import schema as schema_module
from .records import CHANGE_HISTORY, new_stamp, new_uid, now_stamp
from .schema import MAX_ID, TRACKED_TABLES, ShapeError, check_shape, has_duplicate_keys

SCHEMA = 3
TABLES = ("people", "interactions", "ties", "followups", "asks", "settings", "tombstones")
BACKUP_DIR = ".notebook-backups"
FILE_MODE = 0o600
DIR_MODE = 0o700
# How long a shell command waits for another writer to finish before it refuses: long enough
# for a loop of `notebook note` commands to take turns, short enough to feel like an answer.
SHELL_LOCK_WAIT = 5.0
_LOCK_POLL = 0.02
# A backup's stamp, as _take_backup writes it: 20261125T143005123456.
_STAMP_GLOB = "[0-9]" * 8 + "T" + "[0-9]" * 12
# mkstemp's random part: eight characters, none of them a dot.
_TEMP_GLOB = "?" * 8
# A temp file of another program's (an export, or a notebook whose name starts like ours) is
# only removed once it is this old: its writer might be between creating and locking it.
_FOREIGN_TEMP_AGE = 60.0

Doc = dict[str, Any]
Data = dict[str, dict[str, Doc]]
# Fields a change stamp is not kept for: the record's identity and its own bookkeeping.
_UNSTAMPED = frozenset({"uid", "changes", "created_at", "updated_at"})


class StoreError(Exception):
    """Something stops the notebook file from being read or written; the message says what."""


class CorruptNotebookError(StoreError):
    def __init__(self, path: Path, reason: str, backup: Path | None) -> None:
        advice = (
            f"the newest good backup is {backup}; copy it over the file to restore it"
            if backup
            else "no good backup was found; repair the file by hand or move it aside"
        )
        super().__init__(f"{path} cannot be read ({reason}). It was left untouched: {advice}.")
        self.reason = reason
        self.path = path
        self.backup = backup


class SchemaTooNewError(StoreError):
    pass


class NotebookLockedError(StoreError):
    pass


class ExternalChangeError(StoreError):
    pass


class ReadOnlyError(StoreError):
    pass


class SaveSkippedError(StoreError):
    """A save that was never tried: an earlier one, which it builds on, failed."""


class SaveError(StoreError):
    """A save failed at one step; unless `saved`, nothing was saved."""

    def __init__(self, path: Path, step: str, error: OSError, *, saved: bool = False) -> None:
        reason = error.strerror or str(error)
        outcome = (
            "the change is in the file, but may not survive a power cut"
            if saved
            else "nothing was saved, and the file is as it was"
        )
        super().__init__(f"could not save {path}: {step} failed ({reason}); {outcome}")
        self.path = path
        self.step = step
        self.saved = saved


@dataclass(frozen=True)
class _Fingerprint:
    """What the file on disk looked like when we last read or wrote it."""

    size: int  # of the content checksummed
    mtime_ns: int
    inode: int
    checksum: int  # crc32 of the whole content, compared whenever the stat can't vouch for it
    device: int
    ctime_ns: int
    # Whether the stat was read before anything could change the file after its content was
    # read or written, and so describes exactly that content. Where every change moves ctime
    # (see _ctime_moves), an equal stat then proves the file unchanged.
    settled: bool

    @classmethod
    def of(cls, st: os.stat_result, size: int, checksum: int, *, settled: bool) -> _Fingerprint:
        return cls(size, st.st_mtime_ns, st.st_ino, checksum, st.st_dev, st.st_ctime_ns, settled)

    def matches(self, st: os.stat_result) -> bool:
        """Whether the file has exactly the stat this was taken from. ctime is in it because
        only the kernel sets it: an editor or sync tool that writes the same number of bytes
        and puts the mtime back (`touch -r`) still moves it, and a file renamed into place
        has another inode."""
        return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns) == (
            self.device,
            self.inode,
            self.size,
            self.mtime_ns,
            self.ctime_ns,
        )


class _Checksum:
    """crc32 of content, worked out on a thread of its own for a large file: zlib lets go of
    the interpreter lock, so it runs while the disk is busy with an fsync (or while the
    content is parsed) instead of after. Not while the content is written: copying it into
    the page cache would then compete with it for the same memory."""

    _THREADED = 1 << 22  # below 4 MiB it takes about a millisecond: not worth a thread

    def __init__(self, content: bytes) -> None:
        self._content: bytes | None = content
        self._value: int | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Begin, on a thread of its own if the content is large."""
        content, self._content = self._content, None
        if content is None:
            return
        if len(content) < self._THREADED:
            self._value = zlib.crc32(content)
        else:
            self._thread = threading.Thread(target=self._work, args=(content,), daemon=True)
            self._thread.start()

    def _work(self, content: bytes) -> None:
        self._value = zlib.crc32(content)

    def value(self) -> int:
        self.start()  # if nothing did yet
        if self._thread is not None:
            self._thread.join()
        assert self._value is not None  # crc32 of bytes cannot fail
        return self._value


# -- files and folders ---------------------------------------------------------------------------

if sys.platform == "win32":  # pragma: no cover - the lock where flock does not exist
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        """Take the kernel's exclusive lock on an open file, without waiting."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


def resolve(path: Path | str) -> Path:
    """The real file a path names: a symlinked notebook is read and written where it lives, so
    that its lock, backups and caches sit beside the real file and the link stays a link."""
    return Path(os.path.realpath(Path(path).expanduser()))


def make_private_dirs(folder: Path) -> None:
    """Create a folder and its missing parents, each 0700 whatever the umask."""
    missing: list[Path] = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for part in reversed(missing):
        try:
            os.mkdir(part, DIR_MODE)
        except FileExistsError:
            continue
        os.chmod(part, DIR_MODE)  # mkdir's mode passes through the umask


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _ctime_moves(fd: int) -> bool:
    """Whether, on this file's file system, a change made after the file's stat was read
    always gives it a newer ctime. File systems with fine-grained timestamps do (such as
    recent Linux kernels' ext4, xfs, btrfs and tmpfs); where timestamps are coarse (a clock
    tick, or a whole second on older file systems) a change made in the same tick as a save
    leaves the stat that save saw, so only the content can tell. Two changes a few
    microseconds apart tell which it is: a coarse clock gives both the ctime before them."""
    if sys.platform == "win32":  # ctime is the creation time there
        return False
    try:
        seen = os.fstat(fd).st_ctime_ns
        for _ in range(2):
            os.fchmod(fd, FILE_MODE)  # the same mode again: a change of ctime alone
            now = os.fstat(fd).st_ctime_ns
            if now <= seen:
                return False
            seen = now
    except OSError:
        return False
    return True


def _write_temp(
    path: Path,
    content: bytes,
    *,
    durable: bool,
    probe: bool = False,
    checksum: _Checksum | None = None,
) -> tuple[Path, os.stat_result, bool]:
    """Write content to a new 0600 temp file beside path; its name, its stat (which the
    rename keeps but for ctime) and, if `probe`, whether its file system moves ctime with
    every change (_ctime_moves). A `checksum` of the content is started as the fsync begins.
    The temp is locked while it is written, so a cleaner never takes a live temp for a dead
    one."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temp = Path(name)
    try:
        _try_lock(fd)
        os.fchmod(fd, FILE_MODE)
        view = memoryview(content)
        while view:
            view = view[os.write(fd, view) :]
        if checksum is not None:
            checksum.start()
        if durable:
            os.fsync(fd)
        fine = probe and _ctime_moves(fd)
        written = os.fstat(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    os.close(fd)
    return temp, written, fine


def _release_cached(path: Path, known: _Fingerprint) -> None:
    """Give back the memory caching the file about to be replaced, before the new content is
    written: the new pages then take the ones just freed (as rewriting a file in place does)
    instead of as many more. On a virtual machine that hands freed memory back to its host,
    more pages cost a fault each: a 33 MB save took 130 ms instead of 35 ms about one time in
    four. The file is clean (fsynced when it was written), so nothing is lost but the cache;
    only a save whose check must read the file is better off keeping it, and does."""
    if not hasattr(os, "posix_fadvise"):
        return
    try:
        fd = os.open(path, _READ_FLAGS | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return
    try:
        st = os.fstat(fd)
        if (st.st_dev, st.st_ino) == (known.device, known.inode):
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    except OSError:
        pass
    finally:
        os.close(fd)


def _link_aside(path: Path, known: _Fingerprint) -> Path | None:
    """A second name for the file at path, private to this save, so that the very same file
    can be put back if the save fails after its rename; None where the file system has no
    hard links (or refuses one), and the caller keeps the content instead. The name is a
    temp's, so one left by a crash is removed at the next open. ExternalChangeError if the
    file linked is not the one just checked (another program renamed one into place)."""
    for _ in range(8):
        keep = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            os.link(path, keep, follow_symlinks=False)
        except FileExistsError:
            continue
        except (OSError, NotImplementedError):
            return None
        break
    else:
        return None
    try:
        st = os.lstat(keep)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(keep)
        return None
    # Linking moved its ctime: the rest of the stat must still be the checked file's.
    if (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns) != (
        known.device,
        known.inode,
        known.size,
        known.mtime_ns,
    ):
        with contextlib.suppress(OSError):
            os.unlink(keep)
        raise ExternalChangeError(
            f"{path} was changed by another program since it was opened; nothing was saved."
        )
    return keep


def atomic_write(path: Path, content: bytes, *, sync_folder: bool = True) -> os.stat_result:
    """Replace path with content so that a crash leaves either the old or the new file, and a
    failure leaves the old file and no temp. Returns the new file's stat. Without
    `sync_folder` the caller fsyncs the folder once after many files (`fsync_dir`)."""
    temp, written, _ = _write_temp(path, content, durable=True)
    try:
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    if sync_folder:
        _fsync_dir(path.parent)
    return written


def fsync_dir(folder: Path) -> None:
    """Make the renames and removals in a folder durable."""
    _fsync_dir(folder)


def remove_stale_temps(path: Path, *, min_age: float = 0.0) -> None:
    """Remove the temp files that killed writers of `path` left behind. A temp whose writer
    is alive is locked by it, and is left alone."""
    prefix = f".{path.name}."
    for temp in path.parent.glob(f"{glob.escape(prefix)}*.tmp"):
        middle = temp.name[len(prefix) : -len(".tmp")]
        own = len(middle) == len(_TEMP_GLOB) and "." not in middle
        _remove_if_dead(temp, min_age=min_age if own else max(min_age, _FOREIGN_TEMP_AGE))


def _remove_if_dead(temp: Path, *, min_age: float) -> None:
    try:
        fd = os.open(temp, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return
    try:
        if min_age and time.time() - os.fstat(fd).st_mtime < min_age:
            return
        if _try_lock(fd):
            os.unlink(temp)
    except OSError:
        pass
    finally:
        os.close(fd)


class NotAFileError(OSError):
    """The path is a folder, a pipe or a device, not a notebook file."""


def what_is_at(path: Path) -> str:
    """What a path names, through any symlinks, in words for a message: "a file" (a regular
    one), "a folder", "a named pipe (FIFO)", "a device", "a socket", or "nothing" (a link to
    nothing too). Told by its stat alone: a pipe or a device is never opened."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return "nothing"
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "something other than a file"


def dangling_link(path: Path) -> str | None:
    """For a symlink to nothing, what it points to, as it is written; else None."""
    try:
        return os.readlink(path) if path.is_symlink() and not path.exists() else None
    except OSError:
        return None


def not_a_file(path: Path) -> str | None:
    """Why there is no file to read at a path, as a sentence naming it ("notes is a folder, not
    a file"); None for a regular file (through any symlinks)."""
    kind = what_is_at(path)
    if kind == "a file":
        return None
    if kind != "nothing":
        return f"{path} is {kind}, not a file"
    if (target := dangling_link(path)) is not None:
        return f"{path} is a link to {target}, which does not exist"
    return f"no file at {path}"


def read_regular_file(path: Path) -> bytes:
    """A file's bytes, refusing anything but a regular file without blocking on it: a pipe or
    a device named as the notebook would otherwise hang a command, or read forever."""
    return _read_with_stat(path)[0]


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def _read_with_stat(path: Path) -> tuple[bytes, os.stat_result, bool]:
    """A regular file's bytes (see read_regular_file), its stat after reading, and whether
    that stat is the one it had before: if so, it describes exactly the bytes read."""
    fd = os.open(path, _READ_FLAGS)
    with os.fdopen(fd, "rb") as handle:
        before = os.fstat(fd)
        if not stat.S_ISREG(before.st_mode):
            raise NotAFileError(f"{path} is not a notebook file (a folder, pipe or device)")
        content = handle.read()
        after = os.fstat(fd)
    same = (before.st_size, before.st_mtime_ns, before.st_ctime_ns) == (
        after.st_size,
        after.st_mtime_ns,
        after.st_ctime_ns,
    )
    return content, after, same and len(content) == after.st_size


def _holds(path: Path, content: bytes) -> bool:
    """Whether the file at `path` holds exactly `content` (False if it cannot be read)."""
    try:
        return path.stat().st_size == len(content) and path.read_bytes() == content
    except OSError:
        return False


def _fresh_stat(path: Path) -> os.stat_result:
    """A file's stat as its file system has it now, read through a descriptor just opened: a
    network file system asks its server on an open (close-to-open), where a stat by name may
    be answered from its cache of attributes."""
    fd = os.open(path, _READ_FLAGS | getattr(os, "O_NOFOLLOW", 0))
    try:
        return os.fstat(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def without_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects that all stay alive:
    on a large notebook it would otherwise run dozens of useless passes (~0.5 s)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_living_with: weakref.ref[object] | None = None


def freeze_loaded(owner: object) -> None:
    """Keep what `owner` just loaded off the cyclic collector for good (call it before the
    collector is back on, or its first passes walk it all). Only for the first store a process
    opens, the one an app or a shell command lives with: a freeze also keeps any cyclic garbage
    waiting at that moment, so a process that opens notebook after notebook (a test run) would
    keep every earlier one's for good."""
    global _living_with
    if _living_with is None:
        _living_with = weakref.ref(owner)
    if _living_with() is owner:
        gc.freeze()


# -- derived caches ------------------------------------------------------------------------------
# A cache (such as the search index the shell reads) is a file beside the notebook with a stamp
# naming the notebook file it was built from. A reader trusts it only while the notebook is that
# very file; anything else falls back to loading the notebook. No fsync: a cache lost in a crash
# is simply rebuilt.


def cache_files(notebook: Path, name: str) -> tuple[Path, Path]:
    """A cache's file and its stamp: hidden files beside the notebook."""
    return notebook.with_name(f".{notebook.name}.{name}"), notebook.with_name(
        f".{notebook.name}.{name}.stamp"
    )


def _write_derived(path: Path, content: bytes) -> None:
    """Replace a derived file at once (rename), 0600, without paying for fsync."""
    temp, _, _ = _write_temp(path, content, durable=False)
    try:
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _read_stamp(path: Path) -> dict[str, Any] | None:
    try:
        stamp = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    return stamp if isinstance(stamp, dict) else None


def read_cache(notebook: Path | str, name: str) -> bytes | None:
    """A cache's payload if it was built from the notebook file as it is now, else None."""
    notebook = resolve(notebook)
    data_path, stamp_path = cache_files(notebook, name)
    stamp = _read_stamp(stamp_path)
    if stamp is None:
        return None
    try:
        st = notebook.stat()
        payload = data_path.read_bytes()
    except OSError:
        return None
    current = (st.st_size, st.st_mtime_ns, st.st_ino)
    if current != (stamp.get("size"), stamp.get("mtime_ns"), stamp.get("inode")):
        return None
    return payload if zlib.crc32(payload) == stamp.get("checksum") else None


# -- the "checked" stamp ---------------------------------------------------------------------
# Checking a file's shape (schema.check_shape) and its keys (schema.has_duplicate_keys) costs
# about a third of opening a large notebook, and a file the notebook wrote itself passes every
# time. The stamp `.<notebook>.checked` beside the file says "this very file passed the checks
# with nothing to repair": it names the file's path, stat (device, inode, size, mtime, ctime)
# and crc32, the schema and the rules it was checked by, and is signed (keyed BLAKE2b) with a
# secret kept in the user's data folder. An open trusts it only if it is byte for byte the
# stamp it would write itself for the file just read; anything else (no key, a stamp for an
# older content, schema or set of rules, for another file, corrupt, or written by hand without
# the key) counts as no stamp, and the file is checked in full.
#
# Why signed: the checks are what keeps a malformed file from crashing the app (records'
# from_doc trusts what passed them, and a wrong type surfaces as a traceback, at open or
# later), and every one of them matters for that, so none can be skipped on the word of a
# stamp anyone could write. Only a process holding this user's key writes a stamp that is
# trusted, and it writes one only for content that passed. Why ctime: only the kernel sets it,
# so a stamp cannot be made to fit another content written into the same file later.

CHECK_KEY = "check.key"
_KEY_HEX = 64  # 32 random bytes, as hex
_STAMP_LIMIT = 4096  # a stamp is about 400 bytes; anything much larger is not one


def checked_stamp_file(notebook: Path) -> Path:
    """Where the "checked" stamp of a notebook file is kept: a hidden file beside it."""
    return notebook.with_name(f".{notebook.name}.checked")


def check_key_file() -> Path:
    """The key that signs stamps: in the user's data folder (where the notebook itself lives
    unless told otherwise), one for every notebook the user opens."""
    from platformdirs import user_data_dir  # imported when first needed: a shell command

    return Path(user_data_dir("notebook", appauthor=False)) / CHECK_KEY


def _read_small(path: Path, limit: int, *, private: bool = False) -> bytes | None:
    """A small regular file's bytes (at most `limit`), or None: never a pipe or a device,
    which could block, and never a link, which could point anywhere. A `private` file must be
    the user's own and unreadable to others."""
    try:
        fd = os.open(path, _READ_FLAGS | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            return None
        if private and sys.platform != "win32":
            if st.st_uid != os.geteuid() or st.st_mode & 0o077:
                return None  # another user could have written it, or can read it
        return os.read(fd, limit + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


def _check_key(*, create: bool) -> bytes | None:
    """The user's stamp key; if there is none usable and `create`, a new one (stamps signed
    with the old one are then simply not trusted). None if there is none to be had."""
    path = check_key_file()
    text = _read_small(path, _KEY_HEX, private=True)
    if text is not None and len(text) == _KEY_HEX:
        with contextlib.suppress(ValueError):
            return bytes.fromhex(text.decode("ascii"))
    if not create:
        return None
    key = secrets.token_bytes(_KEY_HEX // 2)
    try:
        make_private_dirs(path.parent)
        # Two processes making one at once: the last rename wins, and the stamps the other
        # signs are checked in full next time, and signed again.
        _write_derived(path, key.hex().encode("ascii"))
    except OSError:
        return None
    return key


@functools.cache
def _check_rules() -> str | None:
    """A fingerprint of the rules a stamp vouches for: the code of schema.py (the checks) and
    records.py (the values they allow), so that a notebook whose checks refuse more than the
    ones a file was checked by checks it again. None if the code can't be read: no stamps.
    Worked out once per process."""
    digest = hashlib.blake2b(digest_size=16)
    try:
        for module in (schema_module, records_module):
            digest.update(Path(module.__file__ or "").read_bytes())
    except OSError:
        return None
    return digest.hexdigest()


def _checked_stamp(
    notebook: Path, known: _Fingerprint, key: bytes, rules: str, *, schema: int = SCHEMA
) -> bytes:
    """The stamp saying that the notebook file with this fingerprint passed the checks."""
    fields: dict[str, Any] = {
        "notebook": os.fsencode(notebook).decode("utf-8", "backslashreplace"),
        "schema": schema,
        "rules": rules,
        "device": known.device,
        "inode": known.inode,
        "size": known.size,
        "mtime_ns": known.mtime_ns,
        "ctime_ns": known.ctime_ns,
        "crc32": known.checksum,
    }
    body = orjson.dumps(fields)
    fields["mac"] = hashlib.blake2b(body, key=key, digest_size=32).hexdigest()
    return orjson.dumps(fields, option=orjson.OPT_APPEND_NEWLINE)


# -- reading a notebook file ---------------------------------------------------------------------


def _parse(content: bytes) -> tuple[Data, list[str], bool]:
    """The notebook in a file's bytes, checked and migrated: the data, notes on what was
    repaired in it, and whether a migration changed it.
    Raises ValueError (ShapeError included) saying what is wrong, or SchemaTooNewError."""
    data = _decode(content)
    repairs = _check(content, data)
    return data, repairs, _migrate(data)


def _decode(content: bytes) -> Data:
    """A file's bytes parsed, and an object of tables (else ValueError): nothing more."""
    if not content.strip():
        raise ValueError("the file is empty")
    try:
        data = orjson.loads(content)
    except orjson.JSONDecodeError as error:
        raise ValueError(f"not valid JSON: {error}") from None
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise ValueError("not a notebook: the top level must map table names to tables")
    return data


def _check(content: bytes, data: Data) -> list[str]:
    """Check what `content` was just parsed into, repairing what may be (see check_shape)."""
    try:
        duplicate = has_duplicate_keys(content, data)
    except (TypeError, RecursionError):
        # orjson writes at most 255 levels deep, so such a file could never be saved again.
        raise ValueError("values are nested too deeply to be saved again") from None
    if duplicate:
        raise ValueError(duplicate)
    # Checked before migrating, so that a migration never papers over a broken record (a meta
    # that is not an object would otherwise be replaced, losing its next ids).
    return check_shape(data)


def _alike(old: Any, new: Any) -> bool:
    """Whether two values Python finds equal are written the same: 1, 1.0 and True are equal
    to Python, so a setting changed from one to another would not be saved. Lists and
    tuples are alike (a compact document holds a list as a tuple), as are a compact document
    and a dict. Objects shared by both are not looked into."""
    if old is new:
        return True
    if isinstance(old, (bool, int, float)) or isinstance(new, (bool, int, float)):
        return type(old) is type(new)
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        return all(_alike(value, new[key]) for key, value in old.items())
    if isinstance(old, (list, tuple)) and isinstance(new, (list, tuple)):
        return all(map(_alike, old, new))
    return True


def _empty_data() -> Data:
    data: Data = {name: {} for name in TABLES}
    data["meta"] = {"1": {"schema": SCHEMA, "created_at": datetime.now().isoformat()}}
    return data


def _migrate(data: Data) -> bool:
    """Bring older schemas forward in memory. Returns whether anything changed."""
    meta = data.get("meta", {}).get("1")
    version = meta.get("schema", 0) if isinstance(meta, dict) else 0
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise ShapeError("meta", "1", "schema", f"{version!r} is not a schema version")
    if version > SCHEMA:
        raise SchemaTooNewError(
            f"was written by a newer notebook (schema {version}; this one knows up to "
            f"{SCHEMA}). Upgrade notebook to open it; the file was left untouched."
        )
    changed = False
    for name in TABLES:
        if name not in data:
            data[name] = {}
            changed = True
    for step in range(version, SCHEMA):
        MIGRATIONS[step](data)
        changed = True
    return changed


def _from_schema_0(data: Data) -> None:
    # Files from before the meta table (or whose meta lost its version): give them one,
    # keeping what a meta record there already holds, such as the next ids.
    kept = data.get("meta", {}).get("1") or {}
    data["meta"] = {"1": {"created_at": datetime.now().isoformat(), **kept, "schema": 1}}


def _from_schema_1(data: Data) -> None:
    # Schema 2 gives every person a permanent uid. check_shape() has already given each person
    # without one the uid derived from their record (it walks the people anyway, and must see
    # those uids to refuse a repeated one), so all that is left is the version. A schema-1
    # notebook refuses the new file by its version, rather than dropping the uids it does not
    # know on its next save.
    data["meta"]["1"] = {**data["meta"]["1"], "schema": 2}


def _from_schema_2(data: Data) -> None:
    # Schema 3 gives every conversation, tie, follow-up and ask a uid too (check_shape() has
    # derived them, as it did people's), and adds the tombstones table (added above with every
    # missing table). Only the version is left; an older notebook then refuses the file by it.
    data["meta"]["1"] = {**data["meta"]["1"], "schema": 3}


MIGRATIONS: dict[int, Callable[[Data], None]] = {
    0: _from_schema_0,
    1: _from_schema_1,
    2: _from_schema_2,
}


class _Lock:
    """The kernel's lock on `<notebook>.lock`, held for as long as the notebook is open for
    writing. The kernel drops it when the process ends, however it ends, so there is no stale
    lock to guess about, and the file is never deleted: deleting a lock file is how two writers
    come to hold two different locks at once. The pid and host written into it are only there
    to name the holder in the message another writer shows."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self, notebook: Path, wait: float) -> None:
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
        flags |= getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(self.path, flags, FILE_MODE)
        except OSError as error:
            raise StoreError(self._unopenable(error)) from None
        # The lock file is written (the holder's pid): never through a link to another file.
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_nlink != 1:
            os.close(fd)
            raise StoreError(
                f"the lock file {self.path} is not a plain file of its own (a link, or another "
                "kind of file); remove it, or open the notebook with --read-only"
            )
        try:
            deadline = time.monotonic() + wait
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    raise NotebookLockedError(
                        f"{notebook} is open for writing in {self._holder(fd)} (lock file "
                        f"{self.path}). Close it there, or open this one with --read-only."
                    )
                time.sleep(_LOCK_POLL)
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"{os.getpid()} {socket.gethostname()}\n".encode(), 0)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def _unopenable(self, error: OSError) -> str:
        """Why the lock file can't be opened, and what to do: the advice depends on whether
        something is there (a link, a file of the wrong owner) or the folder takes no file."""
        where = f"cannot open the lock file {self.path} ({error.strerror})"
        if os.path.islink(self.path):
            what = ": it is a link, which is refused; remove it"
        elif os.path.lexists(self.path):
            what = "; remove it"
        else:
            what = f": the folder {self.path.parent} takes no new file; make it writable"
        return f"{where}{what}, or open the notebook with --read-only"

    @staticmethod
    def _holder(fd: int) -> str:
        try:
            words = os.pread(fd, 300, 0).decode("utf-8", "replace").split()
        except OSError:
            words = []
        if not words or not words[0].isdigit() or not 0 < int(words[0]) < 2**32:
            return "another process"
        host = "".join(c for c in " ".join(words[1:2]) if c.isalnum() or c in ".-_")
        return f"process {words[0]}" + (f" on {host}" if host else "")

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, 0)
            os.close(self._fd)  # closing the last descriptor is what lets go of the lock
            self._fd = None


class NotebookStorage(Storage):
    """A TinyDB storage over the store's memory, so TinyDB's own API can read the notebook.
    It hands TinyDB a copy (TinyDB edits what it reads in place) and takes writes back through
    the store, so they are undone and saved like any other."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def read(self) -> Data:
        # As dicts: TinyDB updates the documents it reads in place.
        return copy.deepcopy(compact.plain(self._store.data))

    def write(self, data: Data) -> None:
        self._store.replace_all(data)

    def close(self) -> None:
        pass


_Undo = tuple[str, str, Doc | None]  # table, key, the document before (None: there was none)


@dataclass(eq=False)
class SaveJob:
    """One save handed to the saver thread (see Store.save_in_background). Its content is
    checked on the writing thread and made on the saver's, from a snapshot of the tables that
    the writing thread copies rather than changes (see Store._changing)."""

    undo: list[_Undo]  # how to put memory back if this save fails
    touched: frozenset[str]
    writes: tuple[str, ...]  # what was changed, in the user's words, for a failure message
    epoch: int
    # None once written; the error if the save failed. Set before `done`.
    outcome: StoreError | None = None
    done: threading.Event = field(default_factory=threading.Event)


@dataclass(frozen=True)
class SaveFailure:
    """A save made in the background failed: memory went back to what the file holds (for an
    ExternalChangeError, the file as it now is), undoing these writes."""

    error: StoreError
    undone: tuple[str, ...]


class Store:
    """An open notebook file. Use `Store.open()`; close it (or use `with`) to release the lock."""

    def __init__(self, path: Path, *, read_only: bool, backups: int) -> None:
        self.path = path
        self.data: Data = {}
        self.read_only = read_only
        self.backups = backups
        self.repairs: list[str] = []  # what loading repaired (see schema.check_shape)
        # Whether the last load trusted the file's "checked" stamp instead of checking it.
        self.stamp_trusted = False
        # Whether the file was written since it was last checked: at close, memory (which it
        # then holds) is checked, and the file stamped if it passes.
        self._saved_unchecked = False
        self._compact = False  # memory holds compact documents (see compact.py)
        # Documents of the small tables as read or last checked, to check a change of one
        # against (see compact.check).
        self._known: dict[tuple[str, Any], Any] = {}
        self._fingerprint: _Fingerprint | None = None
        # Whether the last save found that every change to a file here moves its ctime.
        self._ctime_fine = False
        self._lock = _Lock(path.with_name(path.name + ".lock"))
        self._depth = 0
        # Every change since the last save, oldest first, so that a failed block or save can
        # put memory back exactly as it was without reading the file again.
        self._undo: list[_Undo] = []
        self._backed_up = False
        # Counts the times memory went back (undo or reload): the view model's indexes must
        # then be rebuilt.
        self.generation = 0
        self._checked_ids: set[str] = set()
        # Derived files kept beside the notebook: name -> (checksum, tables they are built from).
        self._caches: dict[str, tuple[int, frozenset[str]]] = {}
        self._touched: set[str] = set()  # tables written since the last save
        # Counts saves made (or handed to the saver), and the tables the last one touched: what
        # the view model announces after each write.
        self.saves = 0
        self.last_saved: frozenset[str] = frozenset()
        # Saving in the background (see save_in_background): one thread writes, in order.
        self._saver: ThreadPoolExecutor | None = None
        self._on_settled: Callable[[], None] | None = None
        self._pending: list[SaveJob] = []  # handed to the saver and not yet settled, oldest first
        self._settled: queue.SimpleQueue[SaveJob] = queue.SimpleQueue()
        self._writes: list[str] = []  # descriptions of the writes since the last save
        # After a failure the saver skips every save already queued (each builds on the failed
        # one) until the writing thread has put memory back and moved on to a new epoch.
        self._saver_lock = threading.Lock()
        self._halted = False
        self._epoch = 0
        # A thread that must know its save's outcome before it goes on (an import, a merge, a
        # sync, which undo their own work on a failure) saves in place (see saving_in_place);
        # the file lock keeps its save and the saver thread's one at a time.
        self._here = threading.local()
        self._file_lock = threading.Lock()
        # Tables a queued save's snapshot holds (id -> how many saves), to be written out on the
        # saver thread: such a table is copied before it changes (see _changing).
        self._lent: dict[int, int] = {}
        self._lent_lock = threading.Lock()
        # Each id's int object by its key, while the records are built (see numbering).
        self._numbers: dict[str, int] | None = None
        # Whether writes stamp the fields they change and leave tombstones (see _tracked);
        # off only while a merge writes another copy's records exactly as they are.
        self._tracking = True
        # uid -> key of its tombstone, built when first needed and dropped when memory goes back.
        self._graves: dict[str, str] | None = None
        # Records deleted while open, by uid, so an undo can put their change stamps back.
        self._removed: dict[str, Doc] = {}
        self.closed = False
        self.db = TinyDB(storage=lambda: NotebookStorage(self))

    @classmethod
    def open(
        cls, path: Path | str, *, read_only: bool = False, backups: int = 5, wait: float = 0.0
    ) -> Store:
        """Read the whole notebook once. A writer creates the file (and folder) if it does not
        exist, and waits up to `wait` seconds for another writer to close it."""
        real = resolve(path)
        store = cls(real, read_only=read_only, backups=backups)
        try:
            if not read_only:
                store._check_writable_file()
                make_private_dirs(real.parent)
                store._lock.acquire(real, wait)
                # Under the lock: only the lock holder writes these temps, so any unlocked one
                # is a dead writer's.
                remove_stale_temps(real)
                backup_temps = f".{glob.escape(real.name)}.{_STAMP_GLOB}.json.*.tmp"
                for leftover in store.backup_dir.glob(backup_temps):
                    _remove_if_dead(leftover, min_age=0.0)
            store._load(create=not read_only)
        except BaseException:
            store.close()
            raise
        return store

    def _check_writable_file(self) -> None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return
        except OSError as error:
            raise StoreError(f"{self.path} cannot be read: {error.strerror}") from None
        if not stat.S_ISREG(st.st_mode):
            raise StoreError(f"{self.path} is not a notebook file (it is a folder or a device)")
        if not st.st_mode & stat.S_IWUSR:
            raise ReadOnlyError(
                f"{self.path} is read-only (mode {stat.S_IMODE(st.st_mode):04o}), so nothing can "
                "be saved to it: open it with --read-only to look, or make it writable "
                "(chmod u+w) to change it"
            )
        if not os.access(self.path, os.W_OK):
            raise ReadOnlyError(
                f"{self.path} cannot be written here (a read-only file system, or a file marked "
                "unchangeable), so nothing can be saved to it: open it with --read-only to look"
            )

    def _load(self, *, create: bool = False) -> None:
        """Read and check the file; memory changes only if all of it is good. A missing file
        is created empty if `create`, else an error."""
        path = self.path
        try:
            content, st, settled = _read_with_stat(path)
        except FileNotFoundError:
            if not create:
                raise StoreError(f"{path} does not exist") from None
            self.data = _empty_data()
            self._known = {}
            self._undo.clear()
            self._save()
            return
        except (IsADirectoryError, NotAFileError):
            raise StoreError(f"{path} is not a notebook file (a folder, pipe or device)") from None
        except OSError as error:
            raise StoreError(f"{path} cannot be read: {error.strerror}") from None
        checksum = _Checksum(content)
        checksum.start()  # while the content is parsed
        try:
            with without_gc():
                rows = compact.decode(content)
                known = _Fingerprint.of(st, len(content), checksum.value(), settled=settled)
                trusted = self._stamp_vouches_for(known)
                if trusted and rows is not None:
                    data, repairs = rows, []
                else:
                    # Checked as dicts: the checks read, and repair, dicts.
                    data = _decode(content)
                    repairs = [] if trusted else _check(content, data)
                migrated = _migrate(data)
                if rows is not None and data is not rows and not repairs and not migrated:
                    data = rows  # found to be just as this notebook writes it: kept compact
                freeze_loaded(self)
        except SchemaTooNewError as error:
            raise SchemaTooNewError(f"{path} {error}") from None
        except ValueError as error:
            raise CorruptNotebookError(path, str(error), self.newest_good_backup()) from None
        self._fingerprint = known
        self.data = data
        self._compact = data is rows
        # What was read whole from the file orjson took already (a repaired file is checked
        # whole when it is saved).
        self._known = {} if repairs else {("settings", k): v for k, v in data["settings"].items()}
        self.repairs = repairs
        self.stamp_trusted = trusted
        self._saved_unchecked = False
        self._undo.clear()
        self._checked_ids.clear()
        if not trusted and not repairs and not migrated and settled:
            self._stamp_checked(known)
        if migrated and not self.read_only:
            # Saved at once, as one change, so the file on disk has the current shape.
            self._undo.append(("meta", "1", self.data["meta"]["1"]))
            self._save()

    # -- the "checked" stamp (see the section of that name above) ---------------------------------

    def _stamp_vouches_for(self, known: _Fingerprint) -> bool:
        """Whether the file's stamp is the very one this store would write for the content
        just read: then that content passed the checks, and they need not run again."""
        if not known.settled:  # the file changed while it was read: no stamp describes it
            return False
        stamp = _read_small(checked_stamp_file(self.path), _STAMP_LIMIT)
        if stamp is None:
            return False
        key, rules = _check_key(create=False), _check_rules()
        if key is None or rules is None:
            return False
        return hmac.compare_digest(stamp, _checked_stamp(self.path, known, key, rules))

    def _stamp_checked(self, known: _Fingerprint) -> None:
        """Stamp the file with this fingerprint as checked, if this store may write. Only ever
        a shortcut: a stamp that can't be written is left out."""
        if self.read_only:
            return
        key, rules = _check_key(create=True), _check_rules()
        if key is None or rules is None:
            return
        stamp = _checked_stamp(self.path, known, key, rules)
        with contextlib.suppress(OSError):
            _write_derived(checked_stamp_file(self.path), stamp)

    def _stamp_saved(self) -> None:
        """At close, once nothing writes any more: if the file was saved since it was checked,
        check memory, which the file holds exactly (shown by its crc32), and stamp the file
        if it passes with nothing to repair. The app's writes are validated records, but the
        store takes any document, so what it saved is checked like any other file; memory
        holds no repeated keys, so the shape is all there is to check."""
        known = self._fingerprint
        if known is None or self._undo or self._depth:
            return  # a change not saved: memory is not the file
        if any(job.outcome is not None for job in self._pending):
            return  # a failed save not settled: memory is not the file
        try:
            if not known.matches(_fresh_stat(self.path)):
                return
            content = self._content()
            if len(content) != known.size or zlib.crc32(content) != known.checksum:
                return
            check_shape(compact.checkable(self.data), repair=False)
        except Exception:
            # Of the wrong shape (ShapeError), unserialisable, or anything else: no stamp, and
            # the next open checks the file in full. A stamp is only a shortcut, and closing
            # must go on to release the lock whatever memory holds.
            return
        self._saved_unchecked = False
        self._stamp_checked(known)

    # -- reading -------------------------------------------------------------------------------

    def rows(self, table: str) -> Iterator[tuple[int, Doc]]:
        """Every (id, document) of a table, straight from memory, without copying."""
        # Joined in C rather than by a generator: every part loads its records through this
        # (117,000 at 30,000 people), and the generator's steps cost about 10 ms more.
        rows = self.data.get(table, {})
        ids: Iterator[int] = map(int, rows)
        if self._numbers is not None:
            ids = map(self._numbers.setdefault, rows, ids)
        return zip(ids, rows.values(), strict=True)

    @contextlib.contextmanager
    def numbering(self) -> Iterator[None]:
        """While the records are built: each id one int object, whichever tables it numbers.
        Every table counts from 1, and whoever holds a record keeps its id: at 100,000 people
        the same numbers were 390,000 objects, now 166,000 (3 MB less)."""
        self._numbers = {}
        try:
            yield
        finally:
            self._numbers = None

    def get(self, table: str, doc_id: int) -> Doc | None:
        return self.data.get(table, {}).get(str(doc_id))

    def meta(self) -> Mapping[str, Any]:
        return self.data["meta"]["1"]

    # -- writing -------------------------------------------------------------------------------

    # TinyDB's Table rebuilds the whole table dict on every write (O(n): 100 ms for a note in a
    # 50,000-conversation notebook). Writes therefore go straight to the same table dicts, in
    # TinyDB's own layout ({table: {"id": doc}}), so the file stays a TinyDB file.

    def _table(self, table: str) -> dict[str, Doc]:
        return self.data.setdefault(table, {})

    def _changing(self, table: str) -> dict[str, Doc]:
        """The table, to be changed in place: a copy of it, first, if a save still to be
        written out holds it (see compact.Snapshot)."""
        rows = self._table(table)
        if self._lent:  # only a writer lends (in _queue_save); the saver only gives back
            with self._lent_lock:
                if id(rows) in self._lent:
                    rows = self.data[table] = dict(rows)
        return rows

    def _set(self, table: str, key: str, doc: Doc | None) -> None:
        """The one way memory changes: remember what was there, then put doc (None removes)."""
        old = self._table(table).get(key)
        if old == doc and _alike(old, doc):
            return  # nothing changes, so nothing is saved
        if self._tracking and table in TRACKED_TABLES:
            doc = self._tracked(table, old, doc)
        self._undo.append((table, key, old))
        self._touched.add(table)
        rows = self._changing(table)
        if doc is None:
            rows.pop(key, None)
        else:
            rows[key] = doc
        if table == "tombstones" and self._graves is not None:
            if old is not None:
                self._graves.pop(old["uid"], None)
            if doc is not None:
                self._graves[doc["uid"]] = key

    # -- what merging two copies needs: uids, change stamps, tombstones ---------------------------

    def _tracked(self, table: str, old: Doc | None, doc: Doc | None) -> Doc | None:
        """The document as it is to be stored, with what tells two copies' changes apart:
        every record keeps its uid (a new one gets one); each field a write changes gets a
        stamp in the record's `changes`; a deleted record leaves a tombstone holding only its
        uid, table and time; a record coming back (an undo, a re-import) lifts its tombstone."""
        if doc is None:
            if old is not None and old.get("uid"):
                self._bury(table, old["uid"])
                self._removed[old["uid"]] = old
            return None
        if old is None:
            uid = doc.get("uid")
            if not uid:
                doc = {**doc, "uid": new_uid()}
            elif uid in self._tombstones():
                self._set("tombstones", self._tombstones()[uid], None)
                # An undo puts back the record's history with it (kept in memory only).
                removed = self._removed.get(uid, {})
                if "changes" in removed and "changes" not in doc:
                    doc = {**doc, "changes": removed["changes"]}
            return doc
        new = dict(doc)
        if old.get("uid"):
            new["uid"] = old["uid"]  # permanent: a record rebuilt for an edit keeps its own
        changes: dict[str, list[str]] = dict(old.get("changes") or {})
        new.pop("changes", None)
        stamp = ""
        for name in new.keys() | old.keys():
            if name in _UNSTAMPED or old.get(name) == new.get(name):
                continue
            stamp = stamp or new_stamp()
            changes[name] = [*changes.get(name, ()), stamp][-CHANGE_HISTORY:]
        if changes:
            new["changes"] = changes
        return new

    def _tombstones(self) -> dict[str, str]:
        if self._graves is None:
            self._graves = {doc["uid"]: key for key, doc in self._table("tombstones").items()}
        return self._graves

    def _bury(self, table: str, uid: str) -> None:
        if uid in self._tombstones():
            return
        key = str(self._new_ids("tombstones", 1)[0])
        self._set("tombstones", key, {"uid": uid, "table": table, "at": now_stamp()})

    @contextlib.contextmanager
    def exactly(self) -> Iterator[None]:
        """Writes in this block store documents as given: no stamps, uids or tombstones added
        (a merge writes another copy's records, with their own stamps, and its tombstones)."""
        self._tracking = False
        try:
            yield
        finally:
            self._tracking = True

    def tombstones(self) -> dict[str, Doc]:
        """uid -> tombstone, for every record deleted from this notebook."""
        rows = self._table("tombstones")
        return {uid: rows[key] for uid, key in self._tombstones().items()}

    def _new_ids(self, table: str, count: int) -> list[int]:
        """Fresh ids, never reused: the next id per table is kept in meta, so a follow-up that
        points at a deleted conversation can't come to point at a newer one."""
        meta = dict(self.data["meta"]["1"])
        next_ids: dict[str, int] = dict(meta.get("next_ids", {}))
        if table not in self._checked_ids:
            # Once per load: a file written by another program may hold higher ids.
            highest = max(map(int, self._table(table)), default=0)
            next_ids[table] = max(next_ids.get(table, 1), highest + 1)
            self._checked_ids.add(table)
        first = next_ids[table]
        next_ids[table] = first + count
        meta["next_ids"] = next_ids
        self._set("meta", "1", meta)
        return list(range(first, first + count))

    def insert(self, table: str, doc: Doc) -> int:
        return self.insert_many(table, [doc])[0]

    def insert_many(self, table: str, docs: list[Doc]) -> list[int]:
        self._check_writable()
        with self.savepoint():
            ids = self._new_ids(table, len(docs))
            for doc_id, doc in zip(ids, docs, strict=True):
                self._set(table, str(doc_id), doc)
        return ids

    def ids_are_free(self, table: str, ids: Iterable[int]) -> bool:
        """Whether insert_with_ids() would take these ids."""
        return all(self._id_problem(table, doc_id) is None for doc_id in ids)

    def _id_problem(self, table: str, doc_id: int) -> str | None:
        # Below MAX_ID, so that the id after it is one the file may hold too; and never one
        # handed out before, even if its record is gone: ids are never reused, so that a
        # follow-up still pointing at a deleted conversation can't come to point at another.
        if type(doc_id) is not int or not 1 <= doc_id < MAX_ID:
            return f"{doc_id!r} is not an id for {table}"
        if str(doc_id) in self._table(table):
            return f"document {doc_id} is already in {table}"
        if doc_id < self.data["meta"]["1"].get("next_ids", {}).get(table, 1):
            return f"id {doc_id} of {table} was handed out before"
        return None

    def insert_with_ids(self, table: str, docs: Mapping[int, Doc]) -> None:
        """Put documents under ids of their own (a restore into an empty notebook keeps the
        file's). An id refused by _id_problem() is a KeyError, and nothing is written; the
        next id moves past them all."""
        self._check_writable()
        for doc_id in docs:
            problem = self._id_problem(table, doc_id)
            if problem is not None:
                raise KeyError(problem)
        if not docs:
            return
        with self.savepoint():
            for doc_id, doc in docs.items():
                self._set(table, str(doc_id), doc)
            meta = dict(self.data["meta"]["1"])
            next_ids: dict[str, int] = dict(meta.get("next_ids", {}))
            next_ids[table] = max(next_ids.get(table, 1), max(docs) + 1)
            meta["next_ids"] = next_ids
            self._set("meta", "1", meta)
        self._checked_ids.discard(table)

    def update(self, table: str, doc_id: int, fields: Doc) -> None:
        """Merge fields into a document."""
        self._check_writable()
        with self.savepoint():
            self._set(table, str(doc_id), {**self._existing(table, doc_id), **fields})

    def replace(self, table: str, doc_id: int, doc: Doc) -> None:
        """Overwrite a whole document (fields missing from doc are dropped)."""
        self.replace_many(table, {doc_id: doc})

    def replace_many(self, table: str, docs: Mapping[int, Doc]) -> None:
        self._check_writable()
        with self.savepoint():
            for doc_id, doc in docs.items():
                self._existing(table, doc_id)
                self._set(table, str(doc_id), doc)

    def _existing(self, table: str, doc_id: int) -> Doc:
        try:
            return self._table(table)[str(doc_id)]
        except KeyError:
            raise KeyError(f"no document {doc_id} in {table}") from None

    def remove(self, table: str, doc_ids: list[int]) -> None:
        self._check_writable()
        with self.savepoint():
            for doc_id in doc_ids:
                if str(doc_id) in self._table(table):
                    self._set(table, str(doc_id), None)

    def restore(self, table: str, doc_id: int, doc: Doc) -> None:
        """Put a removed document back under its old id (the undo of a delete). Ids are never
        reused, so the old one is still free; one taken now is refused, never overwritten."""
        self._check_writable()
        if str(doc_id) in self._table(table):
            raise KeyError(f"document {doc_id} is already in {table}")
        with self.savepoint():
            self._set(table, str(doc_id), doc)
        # The next insert looks at the highest id again, so even an id never handed out here
        # (a document from another file) can't be handed out twice.
        self._checked_ids.discard(table)

    def put_setting(self, key: str, value: Any) -> None:
        self._check_writable()
        with self.savepoint():
            self._set("settings", "1", {**self.settings(), key: value})

    def replace_settings(self, settings: Doc) -> None:
        self._check_writable()
        with self.savepoint():
            self._set("settings", "1", dict(settings))

    def settings(self) -> Mapping[str, Any]:
        return self.data.get("settings", {}).get("1", {})

    def replace_all(self, data: Data) -> None:
        """Make memory equal `data`, table by table (TinyDB's own writes come this way)."""
        self._check_writable()
        with self.savepoint():
            for table in set(self.data) | set(data):
                old, new = self.data.get(table, {}), data.get(table, {})
                for key in set(old) | set(new):
                    if old.get(key) != new.get(key):
                        self._set(table, key, new.get(key))

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Group several writes into one save. If the block or the save fails, nothing is
        saved and memory goes back to what it was before the block."""
        self._check_writable()
        with self.savepoint():
            yield

    @contextlib.contextmanager
    def savepoint(self) -> Iterator[None]:
        """The writes of a block happen together or not at all. Nested, a failure undoes the
        block's own writes; outermost, the block ends with one save."""
        mark = len(self._undo)
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            self._undo_to(mark)
            raise
        self._depth -= 1
        if self._depth == 0 and self._undo:
            self._save()

    def _undo_to(self, mark: int) -> None:
        if len(self._undo) <= mark:
            return
        while len(self._undo) > mark:
            table, key, doc = self._undo.pop()
            rows = self._changing(table)
            if doc is None:
                rows.pop(key, None)
            else:
                rows[key] = doc
        # An undone insert may have carried the once-per-load id check; do it again.
        self._checked_ids.clear()
        self._graves = None
        self.generation += 1

    def reload(self) -> None:
        """Re-read the file so memory matches the disk again (unsaved changes are dropped)."""
        self.wait_saved()
        self._pending.clear()
        self._resume_saver()
        self._undo_to(0)
        self._caches.clear()
        self._touched.clear()
        self._load()
        self._graves = None
        self.generation += 1

    def _check_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyError(f"{self.path} is open read-only; nothing was changed")

    # -- saving --------------------------------------------------------------------------------

    def save_in_background(self, settled: Callable[[], None]) -> None:
        """From now on a save only makes the file's new content on the writing thread; one
        thread of the store's own writes it (temp, fsync, check, rename, folder fsync), in
        order, so a write returns without waiting for the disk. `settled` is called from that
        thread after each save: the writing thread then calls `settle()`, which, if a save
        failed, puts memory back as the file has it. `wait_saved()` waits for the disk."""
        if self.read_only:
            return
        if self._saver is None:
            self._saver = ThreadPoolExecutor(max_workers=1, thread_name_prefix="notebook-save")
        self._on_settled = settled

    @property
    def writing(self) -> bool:
        """Whether a write block (a savepoint or a batch) is open."""
        return self._depth > 0

    @contextlib.contextmanager
    def saving_in_place(self) -> Iterator[None]:
        """On this thread, each save is written before the write returns (after those handed to
        the saver thread), and a failure is raised there: for work that undoes its own
        effects when its save fails."""
        before = getattr(self._here, "in_place", False)
        self._here.in_place = True
        try:
            yield
        finally:
            self._here.in_place = before

    def describe_write(self, words: str) -> None:
        """Name the write being made, for the message should its save fail."""
        self._writes.append(words)

    def forget_write_words(self) -> None:
        """Drop the names of writes that saved nothing (the next save must not list them)."""
        if not self._depth:
            self._writes.clear()

    @property
    def saving(self) -> bool:
        """Whether a save handed to the saver thread has not been settled yet."""
        return bool(self._pending)

    def last_job(self) -> SaveJob | None:
        """The newest save not yet settled, if any."""
        return self._pending[-1] if self._pending else None

    def wait_saved(self, timeout: float | None = None) -> StoreError | None:
        """Wait until every save handed to the saver thread so far is on disk or failed;
        return the first error. Memory is put back only by `settle()`, on the writing
        thread."""
        first: StoreError | None = None
        for job in list(self._pending):
            job.done.wait(timeout)
            if first is None and job.outcome is not None:
                first = job.outcome
        return first

    def settle(self) -> SaveFailure | None:
        """Take in the saves the saver thread has finished. After a failure, memory goes back
        to what the file holds: the failed save's writes and every later one are undone (each
        built on it, and the saver skipped them), and the failure is returned, once."""
        failure: SaveFailure | None = None
        while True:
            try:
                job = self._settled.get_nowait()
            except queue.Empty:
                return failure
            if job not in self._pending:
                continue  # undone already, with an earlier failure
            if job.outcome is None:
                self._pending.remove(job)
                continue
            failure = self._undo_pending(job, job.outcome)

    def _undo_pending(self, failed: SaveJob, error: StoreError) -> SaveFailure:
        start = self._pending.index(failed)
        if isinstance(error, SaveError) and error.saved:
            start += 1  # the file holds this one: memory keeps it
        # Those before the failure were settled already, as saved.
        undone = self._pending[start:]
        self._pending.clear()
        # Oldest first, and anything written since after them: undone from the end.
        self._undo = [entry for job in undone for entry in job.undo] + self._undo
        self._resume_saver()
        writes = tuple(w for job in undone for w in job.writes)
        self._undo_to(0)
        if isinstance(error, ExternalChangeError):
            error = self._reread_after(error)
        return SaveFailure(error, writes)

    def _resume_saver(self) -> None:
        """Memory no longer holds what failed: saves may be written again, except those
        queued before now, which were built on it."""
        with self._saver_lock:
            self._epoch += 1
            self._halted = False

    def _queue_save(self) -> None:
        """Check the new content here, then hand it to the saver thread, which makes the
        file's bytes (50 ms at 30,000 people, which the key that made the change does not
        wait for) and writes them."""
        try:
            snapshot = self._snapshot()
        except SaveError:
            self._undo_to(0)
            raise
        self._lend(snapshot)
        job = SaveJob(
            undo=self._undo,
            touched=frozenset(self._touched),
            writes=tuple(self._writes),
            epoch=self._epoch,
        )
        self._undo, self._writes = [], []
        self._touched = set()
        self.saves += 1
        self.last_saved = job.touched
        self._pending.append(job)
        assert self._saver is not None
        self._saver.submit(self._write_job, job, snapshot)

    def _write_job(self, job: SaveJob, snapshot: compact.Snapshot) -> None:
        """On the saver thread: make and write one save, unless an earlier one failed."""
        with self._saver_lock:
            skip = self._halted or job.epoch != self._epoch
        if skip:
            self._give_back(snapshot)
            job.outcome = SaveSkippedError(
                f"could not save {self.path}: an earlier change could not be saved, so this "
                "one was not tried; the file is as it was"
            )
        else:
            job.outcome = self._write_snapshot(snapshot)
            if job.outcome is not None:
                with self._saver_lock:
                    self._halted = True
            else:
                self._after_save(job.touched)
        self._settled.put(job)
        job.done.set()
        # A listener that is gone (the app closing) changes nothing: settle() still finds it.
        if self._on_settled is not None:
            with contextlib.suppress(Exception):
                self._on_settled()

    def _write_snapshot(self, snapshot: compact.Snapshot) -> StoreError | None:
        """Make the snapshot's bytes and write them: the error if that failed."""
        try:
            try:
                content = snapshot.write_in_chunks()
            except Exception as error:  # checked before it was queued: not expected, but said
                raise self._unpreparable(error) from None
            finally:
                self._give_back(snapshot)
            self._write_file(content)
        except StoreError as error:
            return error
        except Exception as error:  # any failure is a failed save, and said
            return SaveError(self.path, "writing the file", OSError(str(error)))
        return None

    def _lend(self, snapshot: compact.Snapshot) -> None:
        """The snapshot's tables are not to change in place until the saver has made its bytes."""
        with self._lent_lock:
            for table in snapshot.tables:
                self._lent[id(table)] = self._lent.get(id(table), 0) + 1

    def _give_back(self, snapshot: compact.Snapshot) -> None:
        """The snapshot's tables may change in place again, unless another save holds them."""
        with self._lent_lock:
            for table in snapshot.tables:
                left = self._lent.pop(id(table)) - 1
                if left:
                    self._lent[id(table)] = left

    def _save(self) -> None:
        """Write memory to the file. On any failure the file is as it was, memory goes back to
        what was last saved, and a StoreError says which step failed."""
        if self._saver is not None and not getattr(self._here, "in_place", False):
            self._queue_save()
            return
        if self._saver is not None and (earlier := self.wait_saved()) is not None:
            self._undo_to(0)
            raise SaveSkippedError(
                f"could not save {self.path}: an earlier change could not be saved ({earlier}); "
                "nothing more was tried"
            )
        touched = frozenset(self._touched)
        self._writes.clear()
        try:
            self._write_file()
        except SaveError as error:
            if not error.saved:
                self._undo_to(0)
            else:
                self._undo.clear()
            raise
        except ExternalChangeError as error:
            self._undo_to(0)
            raise self._reread_after(error) from None
        except BaseException:
            self._undo_to(0)
            raise
        self._undo.clear()
        self._touched.clear()
        self.saves += 1
        self.last_saved = touched
        self._after_save(touched)

    def _reread_after(self, error: ExternalChangeError) -> ExternalChangeError:
        """Show the file as it now is, so the user's next change builds on it; if it can't be
        read, keep what was last saved. Either way what was last saved is kept as a backup
        first: memory may be the only copy of it."""
        kept = self._keep_last_saved()
        try:
            self.reload()
        except StoreError as unreadable:
            why = unreadable.reason if isinstance(unreadable, CorruptNotebookError) else unreadable
            back = (
                f" What it last saved is kept in {kept}: once the app is closed, copy it over "
                "the file."
            )
            if isinstance(unreadable, SchemaTooNewError):
                # Copied over, it would throw away what the newer notebook wrote there.
                back = (
                    f" What it last saved is kept in {kept}: do not copy it over the file, "
                    "which holds a newer notebook's changes; with that newer notebook installed, "
                    "`notebook merge` with it brings these changes back."
                )
            return ExternalChangeError(
                f"{error} It can't be read as it is now ({why}), so the notebook still shows it "
                f"as last saved, and will not write over it.{back if kept else ''}"
            )
        back = (
            f" What it last saved is kept in {kept}: once the app is closed, `notebook merge` "
            "with it brings those changes back."
        )
        if self.path.is_symlink():
            # Read through the link, but never written through it while open (a link put in
            # the file's place is a change, see _check_unchanged): each try was refused again.
            return ExternalChangeError(
                f"{error} It is now a link to {os.path.realpath(self.path)}, which the notebook "
                "shows; to change that file, close the app and open the notebook again."
                f"{back if kept else ''}"
            )
        return ExternalChangeError(
            f"{error} The notebook now shows the file as it is: make your change again."
            f"{back if kept else ''}"
        )

    def _keep_last_saved(self) -> Path | None:
        """Memory, which holds what this notebook last saved (the writes since are undone),
        written as the newest backup: the file no longer holds it (removed, cut short, put back
        as an older copy by another program), and the backup taken at the first save is
        older still. Where it is kept (None if it can't be)."""
        try:
            content = self._content()
            # A save refused again (each ctrl+s while the file is away) keeps no second copy
            # of the same bytes: copies of one state would push the older, different backups
            # out of the few kept.
            newest = next(iter(self.backups_newest_first()), None)
            if newest is not None and _holds(newest, content):
                return newest
            make_private_dirs(self.backup_dir)
            stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")
            kept = self.backup_dir / f"{self.path.name}.{stamp}.json"
            atomic_write(kept, content)
        except (OSError, StoreError):
            return None
        return kept

    def _snapshot(self) -> compact.Snapshot:
        """Memory as it stands, for the file's new content (see compact.Snapshot), after the
        documents written since the last save are checked as orjson would check them (a
        failure is a SaveError, raised here)."""
        # Each document once, however many writes of a batch touched it.
        changed = dict.fromkeys((table, key) for table, key, _ in self._undo)
        try:
            respelt = compact.check(self.data, changed, compact=self._compact, known=self._known)
        except (TypeError, ValueError, OverflowError, RecursionError) as error:
            raise self._unpreparable(error) from None
        for (table, key), doc in respelt.items():
            self._changing(table)[key] = doc  # the same content, as the file will spell it
        return compact.Snapshot(self.data, compact=self._compact)

    def _content(self) -> bytes:
        """Memory as the file's bytes, made here and now."""
        snapshot = self._snapshot()
        try:
            return snapshot.write()
        except (TypeError, ValueError, OverflowError, RecursionError) as error:
            raise self._unpreparable(error) from None

    def _unpreparable(self, error: Exception) -> SaveError:
        """A value JSON cannot hold, or nested too deeply: said like a failed write."""
        return SaveError(self.path, "preparing the new content", OSError(str(error)))

    def _write_file(self, content: bytes | None = None) -> None:
        """Write `content` (else memory) to the file: the one save path, on whichever thread
        saves."""
        with self._file_lock:
            self._write_file_locked(content)

    def _write_file_locked(self, content: bytes | None) -> None:
        path = self.path
        # Set before anything is written: whatever this save leaves, memory is checked at close.
        self._saved_unchecked = True
        step = "preparing the new content"
        temp: Path | None = None
        keep: Path | None = None  # the file being replaced, under a private name
        old: bytes | None = None  # its content, where it had to be read
        try:
            if content is None:
                content = self._content()
            checksum = _Checksum(content)
            step = "writing a temporary copy"
            known = self._fingerprint
            if known is not None and self._vouched_for(known):
                _release_cached(path, known)
            temp, new, fine = _write_temp(
                path, content, durable=True, probe=True, checksum=checksum
            )
            self._ctime_fine = fine
            if not self._backed_up and self.backups > 0:
                step = "checking the file on disk"
                old = self._check_unchanged(fine, read=True)
                if old is not None:
                    step = "backing up the previous version"
                    self._take_backup(old)
            # Checked again last thing, so that only a stat's time (a read's, where the stat
            # can't vouch for the file) lies between the check and the rename: another
            # program that ignores the lock (an editor, a sync tool) writing in that instant
            # is the one case no check can catch.
            step = "checking the file on disk"
            seen = self._check_unchanged(fine)
            old = old if seen is None else seen
            known = self._fingerprint
            if known is not None:
                keep = _link_aside(path, known)
                if keep is None and old is None:
                    old = self._check_unchanged(fine, read=True)
            step = "renaming the new file into place"
            os.replace(temp, path)
            temp = None
        except OSError as error:
            raise SaveError(path, step, error) from None
        finally:
            if temp is not None:  # not renamed: neither file is needed any more
                for leftover in (temp, keep):
                    if leftover is not None:
                        with contextlib.suppress(OSError):
                            os.unlink(leftover)
        fingerprint = self._written(new, len(content), checksum.value(), fine)
        try:
            _fsync_dir(path.parent)
        except OSError as error:
            self._put_back(known, keep, old, fingerprint, error)
        if keep is not None:
            with contextlib.suppress(OSError):
                os.unlink(keep)
        self._fingerprint = fingerprint

    def _vouched_for(self, known: _Fingerprint) -> bool:
        """Whether this save will most likely check the file by its stat alone, reading none
        of it: the backup is taken, and the last save found that ctime moves with every
        change here."""
        return known.settled and self._ctime_fine and (self._backed_up or self.backups <= 0)

    def _written(self, new: os.stat_result, size: int, checksum: int, fine: bool) -> _Fingerprint:
        """The fingerprint of the file just renamed into place, read again: the rename moved
        its ctime. Settled only if it is still, in all else, the temp that was written."""
        try:
            st = _fresh_stat(self.path)
        except OSError:
            return _Fingerprint.of(new, size, checksum, settled=False)
        ours = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns) == (
            new.st_dev,
            new.st_ino,
            size,
            new.st_mtime_ns,
        )
        return _Fingerprint.of(st, size, checksum, settled=fine and ours)

    def _put_back(
        self,
        known: _Fingerprint | None,
        keep: Path | None,
        old: bytes | None,
        written: _Fingerprint,
        error: OSError,
    ) -> NoReturn:
        """After the folder's fsync failed, the rename may not be on disk yet: put the old file
        back, so that the file and memory agree on "nothing was saved" whatever happens next.
        Raises the SaveError that says how it ended."""
        path = self.path
        if known is None:  # the save created the file
            with contextlib.suppress(OSError):
                os.unlink(path)
            raise SaveError(path, "syncing the folder", error) from None
        try:
            if keep is not None:
                os.replace(keep, path)
            else:
                assert old is not None
                atomic_write(path, old, sync_folder=False)
        except OSError:
            if keep is not None:
                with contextlib.suppress(OSError):
                    os.unlink(keep)
            self._fingerprint = written
            raise SaveError(path, "syncing the folder", error, saved=True) from None
        with contextlib.suppress(OSError):
            _fsync_dir(path.parent)
        # The file holds what it held before (verified by the check), under a stat the put
        # back moved: its content is compared at the next save.
        self._fingerprint = dataclasses.replace(known, settled=False)
        raise SaveError(path, "syncing the folder", error) from None

    def _check_unchanged(self, fine: bool, *, read: bool = False) -> bytes | None:
        """Raise ExternalChangeError unless the file on disk is the one last loaded or saved.
        Where every change moves ctime (`fine`) a settled fingerprint whose stat still
        matches proves it; otherwise, or if `read`, the whole content is read and compared,
        and returned (None: not read, or there is no file and none was expected)."""
        path = self.path
        known = self._fingerprint
        try:
            st = os.lstat(path)  # the real file, resolved at open: a link here is a change
        except FileNotFoundError:
            if known is None:
                return None
            raise ExternalChangeError(
                f"{path} was removed or moved while the notebook was open; nothing was saved."
            ) from None
        if known is None:
            raise ExternalChangeError(
                f"{path} appeared on disk after the notebook was opened; nothing was saved."
            )
        replaced = ExternalChangeError(
            f"{path} is no longer a file (something else was put in its place); nothing was saved."
        )
        if not stat.S_ISREG(st.st_mode):  # not opened: opening a device may do something
            raise replaced
        try:
            fd = os.open(path, _READ_FLAGS | getattr(os, "O_NOFOLLOW", 0))
        except OSError as error:
            if error.errno == errno.ELOOP:  # a link put there since the lstat
                raise replaced from None
            raise
        with os.fdopen(fd, "rb") as handle:
            # Its stat through the descriptor just opened: see _fresh_stat.
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise replaced
            if not st.st_mode & stat.S_IWUSR:
                # Marked read-only while open (chmod u-w): the save would replace the file all
                # the same (a rename needs only the folder), and undo the mark. As at open.
                raise ReadOnlyError(
                    f"{path} was made read-only (mode {stat.S_IMODE(st.st_mode):04o}) while the "
                    "notebook was open; nothing was saved: make it writable (chmod u+w) to save"
                )
            if not read and fine and known.settled and known.matches(st):
                return None
            content = handle.read()
        if len(content) != known.size or zlib.crc32(content) != known.checksum:
            raise ExternalChangeError(
                f"{path} was changed by another program since it was opened; nothing was saved."
            )
        # The stat was read before the content, so it describes the content just compared
        # (a touched file whose bytes are the same is still the notebook's own).
        self._fingerprint = _Fingerprint.of(st, known.size, known.checksum, settled=True)
        return content

    def _after_save(self, touched: frozenset[str]) -> None:
        """Upkeep that follows a save and never undoes it: pruning backups, restamping caches."""
        with contextlib.suppress(OSError):
            for old in self.backups_newest_first()[self.backups :]:
                old.unlink()
        self._restamp_caches(touched)

    # -- derived caches ------------------------------------------------------------------------

    def _cache_files(self, name: str) -> tuple[Path, Path]:
        return cache_files(self.path, name)

    def write_cache(self, name: str, payload: bytes, *, depends_on: Iterable[str]) -> None:
        """Keep `payload` beside the notebook until one of the `depends_on` tables changes."""
        if self.read_only or self.closed or self._fingerprint is None:
            return
        data_path, _ = self._cache_files(name)
        _write_derived(data_path, payload)
        self._caches[name] = (zlib.crc32(payload), frozenset(depends_on))
        self._write_stamp(name)

    def adopt_cache(self, name: str, *, depends_on: Iterable[str]) -> bool:
        """Take over a cache left by an earlier run if it still matches the notebook file."""
        stamp = _read_stamp(self._cache_files(name)[1])
        known = self._fingerprint
        if self.read_only or known is None or stamp is None:
            return False
        if (stamp.get("size"), stamp.get("mtime_ns"), stamp.get("inode")) != (
            known.size,
            known.mtime_ns,
            known.inode,
        ):
            return False
        checksum = stamp.get("checksum")
        if not isinstance(checksum, int):
            return False
        self._caches[name] = (checksum, frozenset(depends_on))
        return True

    def cache_is_current(self, name: str) -> bool:
        return name in self._caches

    def _write_stamp(self, name: str) -> None:
        known = self._fingerprint
        assert known is not None
        checksum, _ = self._caches[name]
        stamp = {
            "size": known.size,
            "mtime_ns": known.mtime_ns,
            "inode": known.inode,
            "checksum": checksum,
        }
        _write_derived(self._cache_files(name)[1], orjson.dumps(stamp))

    def _restamp_caches(self, touched: frozenset[str]) -> None:
        """After a save: caches built from unchanged tables follow the file; the rest go. A
        cache that can't be restamped is dropped: it is only ever a shortcut."""
        for name, (_, depends_on) in list(self._caches.items()):
            if not depends_on & touched:
                try:
                    self._write_stamp(name)
                    continue
                except OSError:
                    pass
            del self._caches[name]
            with contextlib.suppress(OSError):
                self._cache_files(name)[1].unlink()

    # -- backups -------------------------------------------------------------------------------

    @property
    def backup_dir(self) -> Path:
        return self.path.parent / BACKUP_DIR

    def backups_newest_first(self) -> list[Path]:
        # Keyed by the whole file name, and matching the stamp's shape, so "work.json" neither
        # claims "work.old.json"'s backups nor "work.db"'s.
        pattern = f"{glob.escape(self.path.name)}.{_STAMP_GLOB}.json"
        return sorted(self.backup_dir.glob(pattern), reverse=True)

    def newest_good_backup(self) -> Path | None:
        for backup in self.backups_newest_first():
            try:
                _parse(backup.read_bytes())
            except (OSError, ValueError, StoreError):
                continue
            return backup
        return None

    def _take_backup(self, content: bytes) -> None:
        """Keep the file as it was loaded, once per run, before the first save changes it."""
        # Make room first: on a nearly full disk the oldest backup's space may be what lets
        # this one (and then the save) fit.
        with contextlib.suppress(OSError):
            for old in self.backups_newest_first()[self.backups - 1 :]:
                old.unlink()
        make_private_dirs(self.backup_dir)
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")
        atomic_write(self.backup_dir / f"{self.path.name}.{stamp}.json", content)
        self._backed_up = True

    def owns(self, path: Path | str) -> bool:
        """Whether a path is this notebook's file or one of the files kept for it (lock,
        backups, caches): an export must never be written over those."""
        real = resolve(path)
        if real == self.path or real.parent == self.backup_dir:
            return True
        return real.parent == self.path.parent and (
            real.name == self._lock.path.name or real.name.startswith(f".{self.path.name}.")
        )

    # -- lifetime ------------------------------------------------------------------------------

    def close(self) -> None:
        """Release the file, once every save handed to the saver thread has ended (settle
        first to learn how they ended)."""
        if self._saver is not None:
            self._saver.shutdown(wait=True)
            self._saver = None
        try:
            if self._saved_unchecked and not self.closed and not self.read_only:
                self._stamp_saved()  # under the lock, so no writer that takes it can interfere
        finally:
            self.closed = True
            self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
