"""The view model: the open notebook every lookup and write of the UI and the shell goes
through.

`Notebook` is the shared core: the store, today, settings, the one write wrapper (`_write`)
and `batch()`, the guard that keeps a write whole for readers on other threads, saving in the
background, reloading, and telling listeners of each change. Each domain is a part of its own
in notebook/model, held as an attribute: `notebook.people`, `.conversations`, `.upkeep`,
`.ties`, `.follow_ups`, `.asks`, `.referrals` and `.transfer` (bulk writes). They read the store
once, keep in-memory indexes and update them on each write, so no lookup ever scans the file
again. The names callers use with them (NewPerson, NotFoundError, ...) are importable from here
as well, so that a caller needs the model's modules only for what is particular to one part.
It knows nothing of Textual.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from . import dates
from .model.asks import DEFAULT_NUDGE_DAYS, Asks
from .model.base import Change, NotFoundError, Part, writes
from .model.conversations import Conversations, DeletedConversation, NewPerson, NoteResult, Who
from .model.follow_ups import RESCHEDULE_STEPS, FollowUps, due_day
from .model.people import (
    BULK,
    PEOPLE_ORDERS,
    ForgetImpact,
    People,
    PeopleOrder,
    PersonMatch,
    Resolution,
)
from .model.referrals import Referrals
from .model.ties import Ties, TieView
from .model.transfer import Transfer
from .model.upkeep import Upkeep, snooze_refusal
from .records import DEFAULT_CADENCE_DAYS, Person
from .store import TABLES, SaveFailure, SaveJob, Store, freeze_loaded, without_gc

__all__ = [
    "BULK",
    "DEFAULT_NUDGE_DAYS",
    "PEOPLE_ORDERS",
    "RESCHEDULE_STEPS",
    "SEARCH_CACHE",
    "WRITE_WORDS",
    "Change",
    "DeletedConversation",
    "ForgetImpact",
    "NewPerson",
    "NotFoundError",
    "NoteResult",
    "Notebook",
    "PeopleOrder",
    "PersonMatch",
    "Resolution",
    "TieView",
    "Who",
    "due_day",
    "snooze_refusal",
]

# Named with the folding rule's version (see search.fold): a cache folded by an older rule
# is not read.
SEARCH_CACHE = "search2"
T = TypeVar("T")

# How a message saying a save failed names each write, by the write method's qualified name;
# "{who}" is the person it is about, "{what}" the follow-up.
WRITE_WORDS: dict[str, str] = {
    "Notebook.put_setting": "a setting",
    "Notebook.replace_settings": "the settings",
    "People.add_many": "adding people",
    "People.edit_many": "the changes to people",
    "People.archive": "archiving or unarchiving {who}",
    "People.forget": "forgetting {who}",
    "Upkeep.set_cadence": "the cadence for {who}",
    "Upkeep.snooze": "snoozing {who}",
    "Conversations.edit": "the changes to a conversation",
    "Conversations.delete": "deleting a conversation",
    "Conversations.restore": "bringing a conversation back",
    "Ties.add": "a new tie",
    "Ties.remove": "removing a tie",
    "Ties.restore": "bringing a tie back",
    "FollowUps.add": "a new follow-up",
    "FollowUps.complete": "marking “{what}” done",
    "FollowUps.edit": "the changes to a follow-up",
    "FollowUps.reschedule": "rescheduling “{what}”",
    "FollowUps.delete": "deleting “{what}”",
    "FollowUps.restore": "bringing a follow-up back",
    "Asks.add": "a referral ask",
    "Asks.set_status": "a referral ask's status",
    "Transfer.add_records": "an import",
    "Transfer.put_tables": "a merge",
    "Transfer.add_with_ids": "a restore",
}


def _clipped(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class Notebook:
    """An open notebook: lookups from memory, writes through the store."""

    def __init__(self, store: Store, *, today: date | None = None) -> None:
        self.store = store
        self._today = today
        # Told of every write once it is made, and of memory going back to what the file
        # holds (a failed save, a file changed on disk and read again): whatever shows the
        # notebook redraws from them, never from calls of its own after each write.
        self.change_listeners: list[Callable[[Change], None]] = []
        # Held by every write and batch for the whole of it, and by whatever puts memory back
        # (see reading() and busy()): an import, merge or sync writes from a worker thread
        # while the UI thread may read.
        self.guard = threading.RLock()
        self._write_depth = 0  # write blocks open on the thread holding the guard
        self._changes: list[Change] = []  # told once the outermost write block ends
        # In this order: each part is built from the parts before it.
        self.people = People(self)
        self.conversations = Conversations(self)
        self.upkeep = Upkeep(self)
        self.ties = Ties(self)
        self.follow_ups = FollowUps(self)
        self.asks = Asks(self)
        self.referrals = Referrals(self)
        self.transfer = Transfer(self)
        self._parts: tuple[Part, ...] = (
            self.people,
            self.conversations,
            self.upkeep,
            self.ties,
            self.follow_ups,
            self.asks,
            self.referrals,
            self.transfer,
        )
        self._load()
        self._keep_search_cache()

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        read_only: bool = False,
        today: date | None = None,
        wait: float = 0.0,
    ) -> Notebook:
        """Open a notebook file; a writer waits up to `wait` seconds for another to close it."""
        return cls(Store.open(path, read_only=read_only, wait=wait), today=today)

    @property
    def repairs(self) -> list[str]:
        """What loading the file repaired (see schema.check_shape); saved with the next write."""
        return self.store.repairs

    def close(self) -> None:
        self.store.wait_saved()
        self._keep_search_cache()
        self.store.close()

    @property
    def path(self) -> Path:
        return self.store.path

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    @property
    def today(self) -> date:
        return self._today or dates.today()

    # -- reading from another thread -------------------------------------------------------------

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """For a thread other than the one writing: wait for the write under way (a worker's
        import, merge or sync) to end, and hold off the next until the block ends, so that
        every lookup in it sees the notebook whole, between two writes. A thread that writes
        needs none of this for its own writes."""
        with self.guard:
            yield

    @contextlib.contextmanager
    def unless_busy(self) -> Iterator[bool]:
        """reading() that never waits: True, holding off other threads' writes until the block
        ends; False, holding nothing, when another thread is writing (or reading) right now."""
        free = self.guard.acquire(blocking=False)
        try:
            yield free
        finally:
            if free:
                self.guard.release()

    def busy(self) -> bool:
        """Whether another thread is writing (or inside reading()) right now: reading() would
        wait for it. Never blocks."""
        with self.unless_busy() as free:
            return not free

    # -- saving in the background ----------------------------------------------------------------

    def save_in_background(self, settled: Callable[[], None]) -> None:
        """Writes change memory and return; the file is written by a thread of the store's
        (see Store.save_in_background). `settled` is called from that thread after each save:
        answer it by calling `settle_saves()` on the thread that writes."""
        self.store.save_in_background(settled)

    def settle_saves(self) -> SaveFailure | None:
        """Take in the saves that have ended. After a failed one, memory and the indexes are
        back as the file holds them (the listeners are told), and the failure is returned."""
        with self._write_block():
            failure = self.store.settle()
            if failure is not None:
                self._went_back()
        return failure

    def pending_save(self) -> SaveJob | None:
        """The newest save not yet on disk, to wait for; None when all are."""
        return self.store.last_job()

    def saving_in_place(self) -> contextlib.AbstractContextManager[None]:
        """On this thread, writes are on disk (or have failed, raising) when they return."""
        return self.store.saving_in_place()

    def wait_saved(self) -> None:
        """From a worker thread: wait until every write so far is on disk, and raise the
        first failure (memory goes back when the writing thread settles it)."""
        error = self.store.wait_saved()
        if error is not None:
            raise error

    # -- loading ---------------------------------------------------------------------------------

    def _load(self) -> None:
        """Build every part from the store, in order."""
        with without_gc(), self.store.numbering():
            for part in self._parts:
                part._load()
            freeze_loaded(self.store)  # what was just built lives as long as the notebook

    def _keep_search_cache(self) -> None:
        """Bring the shell's search cache beside the file up to date (see store caches), so
        `notebook find` answers without loading the notebook. Done at open and close, not on
        every write: rebuilding it costs 150 ms at 30,000 people, more than a note itself."""
        store = self.store
        if store.read_only or store.closed or store.cache_is_current(SEARCH_CACHE):
            return
        try:
            if not store.adopt_cache(SEARCH_CACHE, depends_on=("people",)):
                payload = self.people.index.to_cache(self.people.by_id)
                store.write_cache(SEARCH_CACHE, payload, depends_on=("people",))
        except OSError:
            pass  # only a cache: `find` loads the notebook instead

    def reload(self) -> None:
        """Throw away the indexes and read the store's data again."""
        with self._write_block():
            self._load()

    def _went_back(self) -> None:
        """Memory went back to what the file holds: every part is built again, and whatever
        shows the notebook is told that anything may differ."""
        self._load()
        self._tell(Change(frozenset(TABLES), went_back=True))

    # -- writing ---------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _write_block(self) -> Iterator[None]:
        """Hold the guard for a write, a batch, or memory going back; the changes they make are
        told once the outermost block ends and the guard is free, so that a listener (which may
        wait for another thread, as the app's does for a worker's writes) never waits holding
        it."""
        changes: list[Change] = []
        try:
            with self.guard:
                self._write_depth += 1
                try:
                    yield
                finally:
                    self._write_depth -= 1
                    if self._write_depth == 0:
                        changes, self._changes = self._changes, []
        finally:
            for change in changes:
                for listener in self.change_listeners:
                    listener(change)

    def _tell(self, change: Change) -> None:
        """Tell the listeners of a change once the write block it was made in ends."""
        self._changes.append(change)

    def _write(
        self, name: str, args: tuple[Any, ...], kwargs: Mapping[str, Any], make: Callable[[], T]
    ) -> T:
        """The one write wrapper (see model.base.writes): a write method's writes happen
        together or not at all (one save, or inside a batch one part of it), and if the store
        had to go back, every part is built again from it. `name` is its qualified name."""
        with self._write_block():
            store = self.store
            generation = store.generation
            outermost = not store.writing
            saves = store.saves
            if outermost:
                store.describe_write(self._write_words(name, args, kwargs))
            failed = True
            try:
                with store.savepoint():
                    result = make()
                failed = False
            except Exception:
                if store.generation != generation:
                    self._went_back()
                raise
            finally:
                for part in self._parts:
                    part._after_write(afresh=failed)
                if outermost:
                    store.forget_write_words()  # a write that saved nothing names nothing
            # Told last, once every index is up to date: a listener may redraw from them at once.
            if outermost and store.saves != saves:
                self._tell(Change(store.last_saved))
            return result

    def _write_words(self, name: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> str:
        """A write, as a message saying it could not be saved names it."""
        if name == "Conversations.note":
            summary = str(kwargs.get("summary") or "").strip()
            return f"the note “{_clipped(summary)}”" if summary else "a note"
        first = args[0] if args else None
        if name in ("People.add", "People.edit") and isinstance(first, Person):
            verb = "adding" if name == "People.add" else "the changes to"
            return f"{verb} {_clipped(first.name)}"
        words = WRITE_WORDS.get(name, name.rsplit(".", 1)[-1].replace("_", " "))
        done = kwargs.get("done", args[1] if len(args) > 1 else True)
        if name == "FollowUps.complete" and not done:
            words = "opening “{what}” again"
        if "{what}" in words:
            what = "a follow-up"
            with contextlib.suppress(NotFoundError):
                if isinstance(first, int):
                    what = _clipped(self.follow_ups.get(first).text.split("\n", 1)[0])
            words = words.replace("{what}", what)
        if "{who}" in words:
            who = "someone"
            if isinstance(first, int) and self.people.has(first):
                who = _clipped(self.people.get(first).name)
            words = words.replace("{who}", who)
        return words

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Several writes saved as one: all of them, or, if anything in the block or the save
        fails, none of them, with the indexes back as they were."""
        with self._write_block():
            store = self.store
            generation = store.generation
            outermost = not store.writing
            saves = store.saves
            try:
                with store.batch():
                    yield
            except BaseException:
                if store.generation != generation:
                    self._went_back()
                raise
            finally:
                for part in self._parts:
                    part._after_write(afresh=True)
            if outermost and store.saves != saves:
                self._tell(Change(store.last_saved))

    # -- settings --------------------------------------------------------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        return self.store.settings().get(key, default)

    @writes
    def put_setting(self, key: str, value: Any) -> None:
        self.store.put_setting(key, value)
        self.upkeep.default_changed()

    def settings(self) -> dict[str, Any]:
        """Every setting, as a copy."""
        return dict(self.store.settings())

    @writes
    def replace_settings(self, settings: dict[str, Any]) -> None:
        """All settings at once (a restore): keys not in `settings` are dropped."""
        self.store.replace_settings(settings)
        self.upkeep.default_changed()

    @property
    def default_cadence(self) -> int:
        return int(self.setting("default_cadence_days", DEFAULT_CADENCE_DAYS))
