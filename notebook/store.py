"""The notebook file: one TinyDB JSON file, written so that it is never lost.

This is the only module that touches TinyDB or the file. It guarantees:
- atomic, durable writes (temp file, fsync, os.replace, fsync the folder), files 0600;
- one writer at a time (a lock file holding the owner's pid; stale locks are taken over);
- a file changed on disk since it was loaded is never overwritten;
- a corrupt file is never overwritten, and the error names the newest good backup;
- rotating backups, taken before the first write of each run;
- a schema version, migrated forward, and a newer one refused.
"""

from __future__ import annotations

import contextlib
import gc
import os
import socket
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage

SCHEMA = 1
TABLES = ("people", "interactions", "ties", "followups", "asks", "settings")
BACKUP_DIR = ".notebook-backups"
FILE_MODE = 0o600
# A backup's stamp, as _take_backup writes it: 20261125T143005123456.
_STAMP_GLOB = "[0-9]" * 8 + "T" + "[0-9]" * 12

Doc = dict[str, Any]
Data = dict[str, dict[str, Doc]]


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


@dataclass(frozen=True)
class _Fingerprint:
    """What the file on disk looked like when we last read or wrote it."""

    size: int
    mtime_ns: int
    inode: int
    checksum: int  # crc32: 3x cheaper than a cryptographic hash on a 30 MB file

    @classmethod
    def of(cls, path: Path, content: bytes) -> _Fingerprint:
        st = path.stat()
        return cls(st.st_size, st.st_mtime_ns, st.st_ino, zlib.crc32(content))


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, content: bytes) -> None:
    """Replace path with content so that a crash leaves either the old or the new file."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    _fsync_dir(path.parent)


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


def cache_files(notebook: Path, name: str) -> tuple[Path, Path]:
    """A cache's file and its stamp: hidden files beside the notebook."""
    return notebook.with_name(f".{notebook.name}.{name}"), notebook.with_name(
        f".{notebook.name}.{name}.stamp"
    )


def _write_derived(path: Path, content: bytes) -> None:
    """Replace a derived file at once (rename), 0600, without paying for fsync."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f"{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
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
    notebook = Path(notebook).expanduser().absolute()
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


def _decode(content: bytes) -> Data:
    data = orjson.loads(content)
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise ValueError("not a notebook: the top level must map table names to tables")
    return data


def _empty_data() -> Data:
    data: Data = {name: {} for name in TABLES}
    data["meta"] = {"1": {"schema": SCHEMA, "created_at": datetime.now().isoformat()}}
    return data


def _migrate(data: Data, path: Path) -> bool:
    """Bring older schemas forward in memory. Returns whether anything changed."""
    meta = data.get("meta", {}).get("1")
    version = meta.get("schema", 0) if isinstance(meta, dict) else 0
    if not isinstance(version, int) or version > SCHEMA:
        raise SchemaTooNewError(
            f"{path} was written by a newer notebook (schema {version}; this one knows up to "
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
    # Files from before the meta table: give them one.
    data["meta"] = {"1": {"schema": 1, "created_at": datetime.now().isoformat()}}


MIGRATIONS: dict[int, Callable[[Data], None]] = {0: _from_schema_0}


class _Lock:
    """An O_EXCL lock file holding '<pid> <host>'; a lock whose process is gone is stale."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.held = False

    def acquire(self, notebook: Path) -> None:
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
            except FileExistsError:
                if self._is_stale():
                    with contextlib.suppress(FileNotFoundError):
                        self.path.unlink()
                    continue
                raise NotebookLockedError(
                    f"{notebook} is open in another notebook ({self._owner()}). Close it there, "
                    "or open this one read-only."
                ) from None
            with os.fdopen(fd, "w") as handle:
                handle.write(f"{os.getpid()} {socket.gethostname()}\n")
            self.held = True
            return
        raise NotebookLockedError(f"could not take the lock {self.path}")

    def _owner(self) -> str:
        try:
            pid, _, host = self.path.read_text().strip().partition(" ")
        except OSError:
            return "unknown process"
        return f"process {pid} on {host}" if host else f"process {pid}"

    def _is_stale(self) -> bool:
        try:
            pid_text, _, host = self.path.read_text().strip().partition(" ")
            pid = int(pid_text)
        except (OSError, ValueError):
            return True  # empty or garbled: its writer died before finishing it
        if host and host != socket.gethostname():
            return False  # can't see another machine's processes; assume it is alive
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False

    def release(self) -> None:
        if self.held:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
            self.held = False


class NotebookStorage(Storage):
    """A TinyDB storage that keeps the data in memory and writes through `Store`.

    TinyDB reads the whole data on every operation; serving it from memory means lookups never
    touch the disk. Each `write` is one atomic, durable file write, unless a batch is open, in
    which case the batch's end writes once.
    """

    def __init__(self, store: Store) -> None:
        self._store = store

    def read(self) -> Data:
        return self._store.data

    def write(self, data: Data) -> None:
        self._store.data = data
        self._store.changed()

    def close(self) -> None:
        pass


class Store:
    """An open notebook file. Use `Store.open()`; close it (or use `with`) to release the lock."""

    def __init__(
        self,
        path: Path,
        data: Data,
        fingerprint: _Fingerprint | None,
        *,
        read_only: bool,
        backups: int,
    ) -> None:
        self.path = path
        self.data = data
        self.read_only = read_only
        self.backups = backups
        self._fingerprint = fingerprint
        self._lock = _Lock(path.with_name(path.name + ".lock"))
        self._batch_depth = 0
        self._dirty = False
        self._backed_up = False
        # Counts reloads, so the view model knows when its indexes no longer match.
        self.generation = 0
        self._checked_ids: set[str] = set()
        # Derived files kept beside the notebook: name -> (checksum, tables they are built from).
        self._caches: dict[str, tuple[int, frozenset[str]]] = {}
        self._touched: set[str] = set()  # tables written since the last flush
        self.closed = False
        self.db = self._tinydb()

    def _tinydb(self) -> TinyDB:
        return TinyDB(storage=lambda: NotebookStorage(self))

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False, backups: int = 5) -> Store:
        """Read the whole notebook once. Creates the file (and folder) if it does not exist."""
        path = Path(path).expanduser().absolute()
        store = cls(path, {}, None, read_only=read_only, backups=backups)
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
            store._lock.acquire(path)
        try:
            store._load()
        except BaseException:
            store.close()
            raise
        return store

    def _load(self) -> None:
        path = self.path
        if not self.read_only:
            self._remove_leftover_temps()
        try:
            content = path.read_bytes()
        except FileNotFoundError:
            if self.read_only:
                raise StoreError(f"{path} does not exist") from None
            self.data = _empty_data()
            self._flush()
            return
        except OSError as error:
            raise StoreError(f"{path} cannot be read: {error.strerror}") from None
        try:
            with without_gc():
                data = _decode(content)
                gc.freeze()  # the notebook's data lives as long as the store
        except ValueError as error:
            reason = "the file is empty" if not content.strip() else f"not valid JSON: {error}"
            raise CorruptNotebookError(path, reason, self.newest_good_backup()) from None
        self._fingerprint = _Fingerprint.of(path, content)
        migrated = _migrate(data, path)
        self.data = data
        if migrated and not self.read_only:
            self._flush()

    def _remove_leftover_temps(self) -> None:
        # Ours only: the notebook's own temp files and those of backups cut short by a crash.
        leftovers = [
            *self.path.parent.glob(f".{self.path.name}.*.tmp"),
            *self.backup_dir.glob(f".{self.path.stem}.{_STAMP_GLOB}.json.*.tmp"),
        ]
        for leftover in leftovers:
            with contextlib.suppress(OSError):
                leftover.unlink()

    # -- reading -------------------------------------------------------------------------------

    def rows(self, table: str) -> Iterator[tuple[int, Doc]]:
        """Every (id, document) of a table, straight from memory, without copying."""
        for key, doc in self.data.get(table, {}).items():
            yield int(key), doc

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

    def _new_ids(self, table: str, count: int) -> list[int]:
        """Fresh ids, never reused: the next id per table is kept in meta, so a follow-up that
        points at a deleted conversation can't come to point at a newer one."""
        meta = self.data["meta"]["1"]
        next_ids: dict[str, int] = meta.setdefault("next_ids", {})
        if table not in self._checked_ids:
            # Once per load: a file written by another program may hold higher ids.
            highest = max(map(int, self._table(table)), default=0)
            next_ids[table] = max(next_ids.get(table, 1), highest + 1)
            self._checked_ids.add(table)
        first = next_ids[table]
        next_ids[table] = first + count
        return list(range(first, first + count))

    def insert(self, table: str, doc: Doc) -> int:
        return self.insert_many(table, [doc])[0]

    def insert_many(self, table: str, docs: list[Doc]) -> list[int]:
        self._check_writable()
        self._touched.add(table)
        ids = self._new_ids(table, len(docs))
        rows = self._table(table)
        for doc_id, doc in zip(ids, docs, strict=True):
            rows[str(doc_id)] = doc
        self.changed()
        return ids

    def update(self, table: str, doc_id: int, fields: Doc) -> None:
        """Merge fields into a document."""
        self._check_writable()
        self._touched.add(table)
        self._existing(table, doc_id).update(fields)
        self.changed()

    def replace(self, table: str, doc_id: int, doc: Doc) -> None:
        """Overwrite a whole document (fields missing from doc are dropped)."""
        self.replace_many(table, {doc_id: doc})

    def replace_many(self, table: str, docs: Mapping[int, Doc]) -> None:
        self._check_writable()
        self._touched.add(table)
        rows = self._table(table)
        for doc_id, doc in docs.items():
            self._existing(table, doc_id)
            rows[str(doc_id)] = doc
        self.changed()

    def _existing(self, table: str, doc_id: int) -> Doc:
        try:
            return self._table(table)[str(doc_id)]
        except KeyError:
            raise KeyError(f"no document {doc_id} in {table}") from None

    def remove(self, table: str, doc_ids: list[int]) -> None:
        self._check_writable()
        self._touched.add(table)
        rows = self._table(table)
        for doc_id in doc_ids:
            rows.pop(str(doc_id), None)
        if doc_ids:
            self.changed()

    def put_setting(self, key: str, value: Any) -> None:
        self._check_writable()
        self._table("settings").setdefault("1", {})[key] = value
        self.changed()

    def settings(self) -> Mapping[str, Any]:
        return self.data.get("settings", {}).get("1", {})

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Group several writes into one file write. If the block or the write fails, nothing
        is written and the in-memory data goes back to what the file holds."""
        self._check_writable()
        self._batch_depth += 1
        try:
            yield
        except BaseException:
            self._batch_depth -= 1
            if self._batch_depth == 0 and self._dirty:
                self.reload()
            raise
        self._batch_depth -= 1
        if self._batch_depth == 0 and self._dirty:
            self._flush_or_reload()

    def changed(self) -> None:
        self._dirty = True
        if self._batch_depth == 0:
            self._flush_or_reload()

    def _flush_or_reload(self) -> None:
        try:
            self._flush()
        except StoreError:
            # Memory already holds the unsaved change; go back to what the disk holds.
            self.reload()
            raise

    def reload(self) -> None:
        """Re-read the file so memory matches the disk again."""
        self._dirty = False
        self.generation += 1
        self._checked_ids.clear()
        self._caches.clear()
        self._touched.clear()
        self.db = self._tinydb()  # a fresh TinyDB, since its tables cache their next ids
        self._load()

    def _check_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyError(f"{self.path} is open read-only; nothing was changed")

    def _flush(self) -> None:
        self._check_unchanged_on_disk()
        if not self._backed_up and self._fingerprint is not None:
            self._take_backup()
        content = orjson.dumps(self.data)
        try:
            atomic_write(self.path, content)
        except OSError as error:
            raise StoreError(f"could not save {self.path}: {error.strerror}") from None
        self._fingerprint = _Fingerprint.of(self.path, content)
        self._dirty = False
        self._restamp_caches()

    def _check_unchanged_on_disk(self) -> None:
        known = self._fingerprint
        if known is None:
            if self.path.exists():
                raise ExternalChangeError(
                    f"{self.path} appeared on disk after the notebook was opened; nothing was "
                    "saved. Reopen the notebook to see it."
                )
            return
        try:
            st = self.path.stat()
        except FileNotFoundError:
            raise ExternalChangeError(
                f"{self.path} was removed or moved while the notebook was open; nothing was saved."
            ) from None
        if (st.st_size, st.st_mtime_ns, st.st_ino) == (known.size, known.mtime_ns, known.inode):
            return
        content = self.path.read_bytes()
        if zlib.crc32(content) != known.checksum:
            raise ExternalChangeError(
                f"{self.path} was changed by another program since it was opened; nothing was "
                "saved, so neither change is lost. Reopen the notebook to see the file as it is."
            )

    # -- derived caches ------------------------------------------------------------------------
    # A cache (such as the search index the shell reads) is a file beside the notebook with a
    # stamp naming the notebook file it was built from. A reader trusts it only while the
    # notebook is that very file; anything else falls back to loading the notebook. No fsync:
    # a cache lost in a crash is simply rebuilt.

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
        self._caches[name] = (int(stamp.get("checksum", -1)), frozenset(depends_on))
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

    def _restamp_caches(self) -> None:
        """After a flush: caches built from unchanged tables follow the file; the rest go."""
        for name, (_, depends_on) in list(self._caches.items()):
            if depends_on & self._touched:
                del self._caches[name]
                with contextlib.suppress(OSError):
                    self._cache_files(name)[1].unlink()
            else:
                try:
                    self._write_stamp(name)
                except OSError:
                    del self._caches[name]
        self._touched.clear()

    # -- backups -------------------------------------------------------------------------------

    @property
    def backup_dir(self) -> Path:
        return self.path.parent / BACKUP_DIR

    def backups_newest_first(self) -> list[Path]:
        # Matching the stamp's shape keeps "work.json" from claiming "work.old.json"'s backups.
        return sorted(self.backup_dir.glob(f"{self.path.stem}.{_STAMP_GLOB}.json"), reverse=True)

    def newest_good_backup(self) -> Path | None:
        for backup in self.backups_newest_first():
            try:
                _decode(backup.read_bytes())
            except (OSError, ValueError):
                continue
            return backup
        return None

    def _take_backup(self) -> None:
        """Copy the file as it was loaded, once per run, before the first write changes it."""
        self._backed_up = True
        if self.backups <= 0 or not self.path.exists():
            return
        self.backup_dir.mkdir(mode=0o700, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")
        atomic_write(self.backup_dir / f"{self.path.stem}.{stamp}.json", self.path.read_bytes())
        for old in self.backups_newest_first()[self.backups :]:
            with contextlib.suppress(OSError):
                old.unlink()

    # -- lifetime ------------------------------------------------------------------------------

    def close(self) -> None:
        self.closed = True
        self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
