"""The view model: every lookup and every write the UI and the shell make.

It reads the store once, keeps in-memory indexes, and updates them on each write, so no lookup
ever scans the file again. It knows nothing of Textual.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import heapq
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Concatenate, Literal, ParamSpec, TypeVar

from . import dates
from .capture import Capture
from .graph import ReferralResult, Referrals, Warmth, warmth_of
from .records import (
    DEFAULT_CADENCE_DAYS,
    FollowUp,
    Interaction,
    Person,
    ReferralAsk,
    Tie,
    ValidationError,
    new_uid,
    now_stamp,
)
from .search import EXACT, PersonIndex, fold
from .store import TABLES, SaveFailure, SaveJob, Store, freeze_loaded, without_gc
from .upkeep import Cadence, RelationshipStatus, Staleness, Upkeep

PeopleOrder = Literal["name", "last contact", "overdue"]
PEOPLE_ORDERS: tuple[PeopleOrder, ...] = ("name", "last contact", "overdue")
DEFAULT_NUDGE_DAYS = 7
SEARCH_CACHE = "search"
# What rescheduling a follow-up offers first: a day, a week, two weeks, a month from today.
RESCHEDULE_STEPS: tuple[str, ...] = ("+1d", "+1w", "+2w", "+1m")
_STEP = re.compile(r"\+\s*(\d{1,3})\s*([dwmy])")
_STEP_UNITS = {"d": "days", "w": "weeks", "m": "months", "y": "years"}


# Past this many people in one write, the name order is sorted again rather than kept in
# order one insertion at a time (each of which moves the list).
BULK = 200
P = ParamSpec("P")
T = TypeVar("T")


def writes(method: Callable[Concatenate[Notebook, P], T]) -> Callable[Concatenate[Notebook, P], T]:
    """A write method: its writes happen together or not at all (one save, or inside a batch
    one part of it), and if the store had to go back, the indexes are rebuilt from it."""

    @functools.wraps(method)
    def wrapper(self: Notebook, *args: P.args, **kwargs: P.kwargs) -> T:
        generation = self.store.generation
        failed = True
        outermost = not self.store.writing
        saves = self.store.saves
        if outermost:
            self.store.describe_write(self._write_words(method.__name__, args, kwargs))
        try:
            with self.store.savepoint():
                result = method(self, *args, **kwargs)
            failed = False
        except Exception:
            if self.store.generation != generation:
                self._went_back()
            raise
        finally:
            # Referrals read the indexes as they are: a change to people or ties is caught up
            # with on the next query (see _referrals), and any write may have moved warmth.
            # A failure, which may have left some indexes changed, starts them afresh.
            referrals = self._referral_cache
            if referrals is not None and failed:
                self._referral_cache = None
            elif referrals is not None:
                referrals.forget_warmth()
            self._journal_cache = None
            if outermost:
                self.store.forget_write_words()  # a write that saved nothing names nothing
        # Told last, once every index is up to date: a listener may redraw from them at once.
        if outermost and self.store.saves != saves:
            self._announce(Change(self.store.last_saved))
        return result

    return wrapper  # type: ignore[return-value]


# How a message saying a save failed names each write; "{who}" is the person it is about.
WRITE_WORDS: dict[str, str] = {
    "put_setting": "a setting",
    "replace_settings": "the settings",
    "add_people": "adding people",
    "edit_people": "the changes to people",
    "archive_person": "archiving or unarchiving {who}",
    "set_cadence": "the cadence for {who}",
    "snooze": "snoozing {who}",
    "forget_person": "forgetting {who}",
    "edit_interaction": "the changes to a conversation",
    "delete_interaction": "deleting a conversation",
    "restore_interaction": "bringing a conversation back",
    "add_tie": "a new tie",
    "remove_tie": "removing a tie",
    "restore_tie": "bringing a tie back",
    "add_follow_up": "a new follow-up",
    "complete_follow_up": "marking “{what}” done",
    "edit_follow_up": "the changes to a follow-up",
    "reschedule_follow_up": "rescheduling “{what}”",
    "delete_follow_up": "deleting “{what}”",
    "restore_follow_up": "bringing a follow-up back",
    "add_ask": "a referral ask",
    "set_ask_status": "a referral ask's status",
    "add_records": "an import",
    "put_tables": "a merge",
    "add_with_ids": "a restore",
}


def _clipped(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@dataclass(frozen=True)
class Change:
    """What a write touched (its tables), or that memory went back to what the file holds
    (`went_back`: everything may differ): whatever shows the notebook redraws."""

    tables: frozenset[str]
    went_back: bool = False


class NotFoundError(LookupError):
    """No record with that id (it may have been forgotten)."""


@dataclass(frozen=True, slots=True)
class DeletedConversation:
    """A deleted conversation and the follow-ups that were promised in it: all an undo needs."""

    interaction: Interaction
    follow_ups: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ForgetImpact:
    """What forgetting a person removes, to say so before asking."""

    conversations_deleted: int  # they were the only person there
    conversations_kept: int  # others were there too: kept, without this person
    ties: int
    follow_ups_deleted: int
    follow_ups_kept: int
    asks: int
    met_via_links: int  # people noted as met through this person lose that link


@dataclass(frozen=True, slots=True)
class TieView:
    tie: Tie
    other: Person


@dataclass(frozen=True, slots=True)
class NewPerson:
    """Someone named in a note who is not in the notebook yet."""

    name: str


Who = int | NewPerson


@dataclass(frozen=True, slots=True)
class PersonMatch:
    """Someone a typed name may mean (see Notebook.match_people)."""

    person: Person
    score: float  # how well the name matches: 1.0 is the whole name exactly
    close: bool  # every typed word is in the name, allowing for a typo or two
    confident: bool  # close without any typo: each typed word is a word of the name, or its start

    @property
    def exact(self) -> bool:
        return self.score >= EXACT


ResolutionKind = Literal["found", "ambiguous", "unknown"]
# (-week of the last conversation, -conversations, -day of the last one, folded name, id)
MatchOrder = tuple[int, int, int, str, int]


@dataclass(frozen=True, slots=True)
class Resolution:
    """Who a typed name means, for callers that need one answer (see Notebook.resolve_name)."""

    text: str
    kind: ResolutionKind
    person: Person | None = None  # found: the one person it means
    candidates: tuple[Person, ...] = ()  # ambiguous: everyone it could be, likeliest first
    suggestions: tuple[Person, ...] = ()  # unknown: the closest names, if any are near


@dataclass(frozen=True, slots=True)
class NoteResult:
    interaction: Interaction
    created: tuple[Person, ...]
    follow_up: FollowUp | None

    @property
    def people_ids(self) -> tuple[int, ...]:
        return self.interaction.people


@dataclass(frozen=True, slots=True)
class PrepSheet:
    """Before meeting someone: what we last talked about, what is owed, what was asked."""

    person: Person
    staleness: Staleness
    recent: tuple[Interaction, ...]  # the last three conversations
    i_owe: tuple[FollowUp, ...]
    they_owe: tuple[FollowUp, ...]
    asks: tuple[ReferralAsk, ...]
    mutual: tuple[TieView, ...]  # people they know whom you talk to as well
    other_ties: int  # people they know whom you have never talked to
    met_via: Person | None


class Notebook:
    """An open notebook: lookups from memory, writes through the store."""

    def __init__(self, store: Store, *, today: date | None = None) -> None:
        self.store = store
        self._today = today
        # Told of every write once it is made, and of memory going back to what the file
        # holds (a failed save, a file changed on disk and read again): whatever shows the
        # notebook redraws from them, never from calls of its own after each write.
        self.change_listeners: list[Callable[[Change], None]] = []
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

    # -- saving in the background ----------------------------------------------------------------

    def save_in_background(self, settled: Callable[[], None]) -> None:
        """Writes change memory and return; the file is written by a thread of the store's
        (see Store.save_in_background). `settled` is called from that thread after each save:
        answer it by calling `settle_saves()` on the thread that writes."""
        self.store.save_in_background(settled)

    def settle_saves(self) -> SaveFailure | None:
        """Take in the saves that have ended. After a failed one, memory and the indexes are
        back as the file holds them (the listeners are told), and the failure is returned."""
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

    @property
    def path(self) -> Path:
        return self.store.path

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    @property
    def today(self) -> date:
        return self._today or dates.today()

    def _load(self) -> None:
        with without_gc():
            self._build_indexes()
            freeze_loaded(self.store)  # what was just built lives as long as the notebook

    def _build_indexes(self) -> None:
        store = self.store
        # Made on the first referral query and kept up to date from then on (see `writes`
        # and _referrals); a reload starts afresh.
        self._referral_cache: Referrals | None = None
        self._graph_shape = 0  # bumped by every change to people or ties
        self._referral_shape = 0  # the _graph_shape the referral indexes have caught up with
        # The Journal's newest-first order and each interaction's folded search text, built
        # on the first journal() and dropped by every write: filtering 50,000 stays instant.
        self._journal_cache: tuple[list[Interaction], dict[int, str]] | None = None
        self._people: dict[int, Person] = {
            i: Person.from_doc(i, d) for i, d in store.rows("people")
        }
        self._interactions: dict[int, Interaction] = {
            i: Interaction.from_doc(i, d) for i, d in store.rows("interactions")
        }
        self._ties: dict[int, Tie] = {i: Tie.from_doc(i, d) for i, d in store.rows("ties")}
        self._followups: dict[int, FollowUp] = {
            i: FollowUp.from_doc(i, d) for i, d in store.rows("followups")
        }
        self._asks: dict[int, ReferralAsk] = {
            i: ReferralAsk.from_doc(i, d) for i, d in store.rows("asks")
        }
        self._index = PersonIndex(self._people.values())
        # Everyone as (folded name, id), in that order: the People list's order, sorted on the
        # first people() and then kept in order by each write, so a list never re-sorts 30,000.
        self._name_order: list[tuple[str, int]] | None = None
        self._by_uid: dict[str, int] | None = None  # see _uid_index
        # How match_people orders equally good matches, per person: built on the first match,
        # then kept up to date by _refresh_contact and _put_person.
        self._match_order: dict[int, MatchOrder] | None = None
        self._interactions_of: defaultdict[int, list[int]] = defaultdict(list)
        for iid, interaction in self._interactions.items():
            for pid in interaction.people:
                self._interactions_of[pid].append(iid)
        # Last contact, cadence and due day of everyone (upkeep.py), kept up to date by
        # _refresh_contact, _put_person, forget_person and the settings writes.
        self.upkeep = Upkeep(self)
        self._ties_of: defaultdict[int, set[int]] = defaultdict(set)
        self._tie_pairs: dict[tuple[int, int], int] = {}
        for tid, tie in self._ties.items():
            self._index_tie(tid, tie)
        self._followups_of: defaultdict[int, set[int]] = defaultdict(set)
        for fid, follow_up in self._followups.items():
            for pid in follow_up.people:
                self._followups_of[pid].add(fid)

    def _keep_search_cache(self) -> None:
        """Bring the shell's search cache beside the file up to date (see store caches), so
        `notebook find` answers without loading the notebook. Done at open and close, not on
        every write: rebuilding it costs 150 ms at 30,000 people, more than a note itself."""
        store = self.store
        if store.read_only or store.closed or store.cache_is_current(SEARCH_CACHE):
            return
        try:
            if not store.adopt_cache(SEARCH_CACHE, depends_on=("people",)):
                payload = self._index.to_cache(self._people)
                store.write_cache(SEARCH_CACHE, payload, depends_on=("people",))
        except OSError:
            pass  # only a cache: `find` loads the notebook instead

    def reload(self) -> None:
        """Throw away the indexes and read the store's data again."""
        self._load()

    def _went_back(self) -> None:
        self._load()
        self._announce(Change(frozenset(TABLES), went_back=True))

    def _write_words(self, name: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> str:
        """A write, as a message saying it could not be saved names it."""
        if name == "note":
            summary = str(kwargs.get("summary") or "").strip()
            return f"the note “{_clipped(summary)}”" if summary else "a note"
        first = args[0] if args else None
        if name in ("add_person", "edit_person") and isinstance(first, Person):
            verb = "adding" if name == "add_person" else "the changes to"
            return f"{verb} {_clipped(first.name)}"
        words = WRITE_WORDS.get(name, name.replace("_", " "))
        done = kwargs.get("done", args[1] if len(args) > 1 else True)
        if name == "complete_follow_up" and not done:
            words = "opening “{what}” again"
        if "{what}" in words:
            what = "a follow-up"
            with contextlib.suppress(NotFoundError):
                if isinstance(first, int):
                    what = _clipped(self.follow_up(first).text.split("\n", 1)[0])
            words = words.replace("{what}", what)
        if "{who}" in words:
            who = "someone"
            if isinstance(first, int) and self.has_person(first):
                who = _clipped(self.person(first).name)
            words = words.replace("{who}", who)
        return words

    def _announce(self, change: Change) -> None:
        for listener in self.change_listeners:
            listener(change)

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Several writes saved as one: all of them, or, if anything in the block or the save
        fails, none of them, with the indexes back as they were."""
        generation = self.store.generation
        outermost = not self.store.writing
        saves = self.store.saves
        try:
            with self.store.batch():
                yield
        except BaseException:
            if self.store.generation != generation:
                self._went_back()
            raise
        finally:
            self._referral_cache = None
            self._journal_cache = None
        if outermost and self.store.saves != saves:
            self._announce(Change(self.store.last_saved))

    # -- settings ------------------------------------------------------------------------------

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

    # -- people --------------------------------------------------------------------------------

    def person(self, person_id: int) -> Person:
        try:
            return self._people[person_id]
        except KeyError:
            raise NotFoundError(f"no person with id {person_id}") from None

    def has_person(self, person_id: int) -> bool:
        return person_id in self._people

    def people(self, *, include_archived: bool = False) -> list[Person]:
        """Everyone, by name."""
        people = self._people
        if self._name_order is None:
            folded = self._index.folded_name
            self._name_order = sorted((folded(pid), pid) for pid in people)
        everyone = (people[pid] for _, pid in self._name_order)
        return [p for p in everyone if include_archived or not p.archived]

    def _unorder(self, person_id: int) -> None:
        """Take a person out of the name order (before their name changes, or they go)."""
        order = self._name_order
        if order is None or person_id not in self._people:
            return
        key = (self._index.folded_name(person_id), person_id)
        at = bisect.bisect_left(order, key)
        if at < len(order) and order[at] == key:
            del order[at]

    def people_count(self) -> int:
        return len(self._people)

    def search(
        self, query: str, *, limit: int | None = None, include_archived: bool = False
    ) -> list[Person]:
        """People matching every word, name-prefix matches first, then by name."""
        ranked = self._index.ranked(query, limit=limit, include_archived=include_archived)
        return list(map(self._people.__getitem__, ranked))

    def people_view(
        self, query: str = "", order: PeopleOrder = "name", *, archived: bool = False
    ) -> list[Person]:
        """The People list: search results (ranked) or everyone (by name), optionally re-sorted
        by most recent contact or by how overdue each relationship is; `archived` lists the
        archive instead of everyone else."""
        # The search index answers an empty query too (everyone, by name), from its own name
        # order: no pass over everyone to leave the archived out, or in.
        ids = self._index.ranked(query, archived_only=archived)
        people = list(map(self._people.__getitem__, ids))
        if order == "last contact":
            return self.upkeep.by_last_contact(people)
        if order == "overdue":
            # Most overdue first, by the days the Status column shows; then the rest.
            return self.upkeep.by_overdue(people)
        return people

    def archived_count(self) -> int:
        # Kept by the search index: the People status line asks on every keystroke.
        return self._index.archived_count()

    def find_by_name(self, name: str) -> list[Person]:
        """People whose name equals this one, ignoring case and accents."""
        wanted = fold(" ".join(name.split()))
        return [p for p in self._people.values() if self._index.folded_name(p.id or 0) == wanted]

    # -- who a typed name means: the one rule for the picker, "Met via", the palette and the shell

    def match_people(
        self,
        text: str,
        *,
        limit: int | None = 8,
        context: Iterable[int] = (),
        include_archived: bool = False,
        exclude: Iterable[int] = (),
    ) -> list[PersonMatch]:
        """People whose NAME matches what was typed (never their notes or company), typos and
        transpositions tolerated ("dana nguyn", "ngyuen", "Dnaa"). Best matches first; among
        equal ones, whoever you talk to lately and most, then people in `context` (on screen),
        then by name. Close matches when there are any, else looser suggestions."""
        # Every keystroke builds a few thousand short-lived objects for a one-letter query, and
        # the first builds the index: a collector pass over the notebook then is wasted time.
        with without_gc():
            found = self._index.name_matches(
                text, include_archived=include_archived, exclude=frozenset(exclude)
            )
            ranked = self._rank(found.scores, limit, context)
        scores = found.scores
        people = self._people
        return [
            PersonMatch(
                people[pid], scores[pid], found.close, found.close and pid not in found.typos
            )
            for pid in ranked
        ]

    def resolve_name(
        self,
        text: str,
        *,
        include_archived: bool = False,
        exclude: Iterable[int] = (),
        limit: int = 8,
    ) -> Resolution:
        """The one person a typed name means, for callers that can't show a list: the person
        whose whole name it is, else the only one whose name has every typed word without a
        typo. Several such people: ambiguous, with them as candidates. Nobody: unknown, with the
        closest names as suggestions; a typo'd match is only ever suggested, never taken."""
        with without_gc():  # as in match_people
            found = self._index.name_matches(
                text, include_archived=include_archived, exclude=frozenset(exclude)
            )
            scores = found.scores
            people = self._people
            if found.close:
                exact = {pid: s for pid, s in scores.items() if s >= EXACT}
                sure = exact or {pid: s for pid, s in scores.items() if pid not in found.typos}
                if len(sure) == 1:
                    return Resolution(text, "found", person=people[next(iter(sure))])
                if sure:
                    ranked = self._rank(sure, limit, ())
                    candidates = tuple(people[p] for p in ranked)
                    return Resolution(text, "ambiguous", candidates=candidates)
            ranked = self._rank(scores, limit, ())
            return Resolution(text, "unknown", suggestions=tuple(people[p] for p in ranked))

    def _rank(
        self, scores: dict[int, float], limit: int | None, context: Iterable[int]
    ) -> list[int]:
        """Ids by score, then by how recently and how often you talk to them, then people in
        context first, then by name. Only the best `limit` are put in order: a one-letter query
        matches thousands of people, and this runs on every keystroke."""
        order = self._match_order
        if order is None:
            order = self._match_order = self._match_orders()
        near = {pid for pid in context if pid in scores}
        by_order = order.__getitem__

        def with_context(pid: int) -> tuple[int, int, int, bool, str, int]:
            # Context comes after activity and before the name.
            weeks, often, day, name, _ = order[pid]
            return (weeks, often, day, pid not in near, name, pid)

        by_score: defaultdict[float, list[int]] = defaultdict(list)
        for pid, score in scores.items():
            by_score[score].append(pid)
        ranked: list[int] = []
        for score in sorted(by_score, reverse=True):
            group = by_score[score]
            wanted = len(group) if limit is None else min(len(group), limit - len(ranked))
            if wanted <= 0:
                break
            # The best by the per-person order, plus the people in context, hold everyone
            # who belongs in the top: context only ever moves someone up.
            top = heapq.nsmallest(wanted, group, key=by_order) if wanted < len(group) else group
            if near:
                top = sorted({*top, *(p for p in near if scores[p] == score)}, key=with_context)
            else:
                top = sorted(top, key=by_order)
            ranked.extend(top[:wanted])
        return ranked

    def _match_orders(self) -> dict[int, MatchOrder]:
        """_match_order_of for everyone at once, on the first match: 30,000 in milliseconds."""
        folded = self._index.folded_name
        talked = self.upkeep.talked_days
        talks = self._interactions_of
        orders: dict[int, MatchOrder] = {}
        for pid in self._people:
            day = talked.get(pid)
            if day is None:
                orders[pid] = (1, 0, 0, folded(pid), pid)
            else:
                orders[pid] = (-(day // 7), -len(talks[pid]), -day, folded(pid), pid)
        return orders

    def _match_order_of(self, person_id: int) -> MatchOrder:
        """Whom you talk to lately and most first: by the week you last talked (weeks of the
        calendar, so the order holds from one day to the next), then by how many
        conversations, then by the day; people never talked to after them; then by name."""
        name = self._index.folded_name(person_id)
        day = self.upkeep.talked_days.get(person_id)
        if day is None:
            return (1, 0, 0, name, person_id)
        return (-(day // 7), -len(self._interactions_of.get(person_id, ())), -day, name, person_id)

    @writes
    def add_person(self, person: Person) -> Person:
        """Someone new: a uid of their own unless they bring one (from an import)."""
        person = replace(person, id=None).validated()
        self._check_met_via(person)
        stamp = now_stamp()
        person = replace(person, created_at=stamp, updated_at=stamp, uid=person.uid or new_uid())
        self._check_uids([person])
        pid = self.store.insert("people", person.to_doc())
        return self._put_person(replace(person, id=pid))

    @writes
    def add_people(
        self, people: Sequence[Person], *, keep_times: bool = False, validated: bool = False
    ) -> list[Person]:
        """Add many people in one table write: an import of 30,000 can't afford one each.
        Each gets a new uid unless they bring one. `keep_times` keeps their created_at and
        updated_at (a restore: they were added then, not now). `validated` says each person is
        just as Person.validated() returned them (an import validates every row while planning,
        before anything is written), so they are not validated a second time; what is set here
        (the id, the times, a new uid) keeps a record valid."""
        stamp = now_stamp()
        times: dict[str, Any] = {} if keep_times else {"created_at": stamp, "updated_at": stamp}
        if not validated:
            # One replace() per person before validating: at 30,000 people each costs 0.4 s.
            people = [replace(p, id=None, **times).validated() for p in people]
        for person in people:
            self._check_met_via(person)
        uids = [p.uid or new_uid() for p in people]
        self._check_uids(people, uids)
        docs = []
        for person, uid in zip(people, uids, strict=True):
            doc = person.to_doc()
            doc.update(times, uid=uid)
            docs.append(doc)
        ids = self.store.insert_many("people", docs)
        if len(people) > BULK:
            self._name_order = None  # sorted again once, not kept in order person by person
        # Each record built once more, now that its id is known, from the document saved: as
        # opening the file would build it, and cheaper than a replace().
        return [
            self._put_person(Person.from_doc(pid, doc)) for doc, pid in zip(docs, ids, strict=True)
        ]

    def _check_uids(self, new: Sequence[Person], uids: Sequence[str] | None = None) -> None:
        """No two people share a uid: the file would be refused on its next open. `uids` are
        the new people's, when they are given apart from the records (see add_people)."""
        taken = self._uid_index()
        fresh: set[str] = set()
        for uid in [p.uid for p in new] if uids is None else uids:
            if uid in taken or uid in fresh:
                raise ValidationError(
                    "uid", f"{uid!r} is the uid of someone already in the notebook"
                )
            fresh.add(uid)

    def _uid_index(self) -> dict[str, int]:
        """uid → person id, built on first use (opening the notebook needs none of it)."""
        if self._by_uid is None:
            self._by_uid = {p.uid: pid for pid, p in self._people.items()}
        return self._by_uid

    def person_by_uid(self, uid: str) -> Person | None:
        pid = self._uid_index().get(uid) if uid else None
        return None if pid is None else self._people[pid]

    @writes
    def edit_people(self, people: Sequence[Person], *, keep_times: bool = False) -> list[Person]:
        """Save many edited people in one table write. A uid never changes. `keep_times`
        keeps the updated_at they bring (a restore linking people it has just put back)."""
        stamp = now_stamp()
        ready = []
        for person in people:
            old = self.person(person.id or 0)
            edited = replace(
                person,
                created_at=old.created_at,
                updated_at=person.updated_at if keep_times else stamp,
                uid=old.uid,
            ).validated()
            self._check_met_via(edited)
            ready.append(edited)
        self.store.replace_many("people", {p.id or 0: p.to_doc() for p in ready})
        if len(ready) > BULK:
            self._name_order = None
        return [self._put_person(p) for p in ready]

    @writes
    def edit_person(self, person: Person) -> Person:
        """Save an edited person. Their uid is theirs for good: whatever `person` says, the
        stored one stays."""
        if person.id is None:
            raise NotFoundError("the person to edit has no id")
        old = self.person(person.id)
        person = replace(
            person, created_at=old.created_at, updated_at=now_stamp(), uid=old.uid
        ).validated()
        self._check_met_via(person)
        self.store.replace("people", person.id or 0, person.to_doc())
        return self._put_person(person)

    def _check_met_via(self, person: Person) -> None:
        if person.met_via is not None and person.met_via not in self._people:
            raise ValidationError(
                "met_via", "the person they were met through is not in the notebook"
            )

    def _put_person(self, person: Person) -> Person:
        self._graph_shape += 1
        assert person.id is not None
        self._unorder(person.id)
        self._people[person.id] = person
        if self._by_uid is not None:
            self._by_uid[person.uid] = person.id
        self._index.put(person)
        if self._name_order is not None:
            bisect.insort(self._name_order, (self._index.folded_name(person.id), person.id))
        self.upkeep.person_changed(person.id)
        if self._match_order is not None:
            self._match_order[person.id] = self._match_order_of(person.id)
        return person

    @writes
    def archive_person(self, person_id: int, archived: bool = True) -> Person:
        person = self.person(person_id)
        return self.edit_person(replace(person, archived=archived))

    @writes
    def set_cadence(self, person_id: int, days: int | None) -> Person:
        return self.edit_person(replace(self.person(person_id), cadence_days=days))

    @writes
    def snooze(self, person_id: int, until: date | None) -> Person:
        if until is not None and until <= self.today:
            raise ValidationError("snoozed_until", "snooze until a day after today")
        return self.edit_person(replace(self.person(person_id), snoozed_until=until))

    def forget_impact(self, person_id: int) -> ForgetImpact:
        """Counts of what `forget_person` would remove or change."""
        self.person(person_id)
        alone = with_others = 0
        for iid in self._interactions_of.get(person_id, ()):
            if len(self._interactions[iid].people) > 1:
                with_others += 1
            else:
                alone += 1
        follow_ups = [self._followups[f] for f in self._followups_of.get(person_id, ())]
        shared = sum(1 for f in follow_ups if len(f.people) > 1)
        return ForgetImpact(
            conversations_deleted=alone,
            conversations_kept=with_others,
            ties=len(self._ties_of.get(person_id, ())),
            follow_ups_deleted=len(follow_ups) - shared,
            follow_ups_kept=shared,
            asks=sum(1 for ask in self._asks.values() if ask.person == person_id),
            met_via_links=sum(1 for p in self._people.values() if p.met_via == person_id),
        )

    @writes
    def forget_person(self, person_id: int) -> None:
        """Remove a person and every trace of them: interactions left with nobody, ties,
        follow-ups, referral asks, and 'met via' links."""
        from .vdir import forget_in_sync_state

        forgotten_uid = self.person(person_id).uid
        store = self.store
        with store.batch():
            # A contacts folder's sync state holds their card's fields: they go too.
            settings = forget_in_sync_state(store.settings(), forgotten_uid)
            if settings is not None:
                store.replace_settings(settings)
            for iid in list(self._interactions_of.get(person_id, ())):
                interaction = self._interactions[iid]
                rest = tuple(p for p in interaction.people if p != person_id)
                if rest:
                    self._store_interaction(replace(interaction, people=rest))
                else:
                    self._drop_interaction(iid)
            for tid in list(self._ties_of.get(person_id, ())):
                self.remove_tie(tid)
            for fid in list(self._followups_of.get(person_id, ())):
                follow_up = self._followups[fid]
                rest = tuple(p for p in follow_up.people if p != person_id)
                if rest:
                    self._put_followup(replace(follow_up, people=rest), write=True)
                else:
                    store.remove("followups", [fid])
                    self._unindex_followup(fid)
            asks = [aid for aid, ask in self._asks.items() if ask.person == person_id]
            store.remove("asks", asks)
            for aid in asks:
                del self._asks[aid]
            for other in [p for p in self._people.values() if p.met_via == person_id]:
                self.edit_person(replace(other, met_via=None))
            store.remove("people", [person_id])
        self._unorder(person_id)
        forgotten = self._people.pop(person_id)
        if self._by_uid is not None:
            self._by_uid.pop(forgotten.uid, None)
        self._graph_shape += 1
        self._index.drop(person_id)
        self._interactions_of.pop(person_id, None)
        self.upkeep.forget(person_id)

    # -- interactions --------------------------------------------------------------------------

    def interaction(self, interaction_id: int) -> Interaction:
        try:
            return self._interactions[interaction_id]
        except KeyError:
            raise NotFoundError(f"no interaction with id {interaction_id}") from None

    def find_interaction(self, interaction_id: int | None) -> Interaction | None:
        """The interaction, or None if there is no such id (or it was deleted)."""
        return self._interactions.get(interaction_id) if interaction_id is not None else None

    def journal(self, query: str = "") -> list[Interaction]:
        """Interactions newest first; a query keeps those whose people, kind, place or summary
        contain every word."""
        if self._journal_cache is None:
            ordered = sorted(self._interactions.values(), key=_newest_first)
            self._journal_cache = (ordered, {})
        ordered, texts = self._journal_cache
        words = fold(query).split()
        if not words:
            return list(ordered)
        chosen = []
        for interaction in ordered:
            iid = interaction.id or 0
            text = texts.get(iid)
            if text is None:
                text = texts[iid] = self._interaction_text(interaction)
            if all(w in text for w in words):
                chosen.append(interaction)
        return chosen

    def _interaction_text(self, interaction: Interaction) -> str:
        names = " ".join(
            self._index.folded_name(p) for p in interaction.people if p in self._people
        )
        fields = (interaction.kind, interaction.place, interaction.summary)
        return " ".join([names, *map(fold, fields)])

    def timeline(self, person_id: int) -> list[Interaction]:
        """A person's interactions, newest first."""
        return sorted(
            (self._interactions[i] for i in self._interactions_of.get(person_id, ())),
            key=_newest_first,
        )

    def interaction_count(self) -> int:
        return len(self._interactions)

    @writes
    def note(
        self,
        who: Sequence[Who],
        *,
        when: date,
        summary: str = "",
        kind: str = "in person",
        place: str = "",
        follow_up: str = "",
        due: date | None = None,
        follow_up_by: Literal["me", "them"] = "me",
        follow_up_with: Who | None = None,
    ) -> NoteResult:
        """Record a conversation with people, creating the new ones, all in one write. A
        follow-up is with one of them: `follow_up_with`, else the first one named."""
        if not who:
            raise ValidationError("people", "say who you talked to")
        new_people = [Person(name=w.name).validated() for w in who if isinstance(w, NewPerson)]
        for pid in (w for w in who if isinstance(w, int)):
            self.person(pid)
        draft = Interaction(
            when=when, people=(1,), kind=kind, place=place, summary=summary
        ).validated()
        follow_text = follow_up.strip()
        if not follow_text and due is not None:
            raise ValidationError("follow_up", "a due date needs a follow-up to go with it")
        if follow_up_with is not None and follow_up_with not in who:
            raise ValidationError(
                "follow_up_with", "the follow-up is with someone from this conversation"
            )
        owed_to = who.index(follow_up_with) if follow_up_with is not None else 0
        created: list[Person] = []
        with self.store.batch():
            ids: list[int] = []
            fresh = iter(new_people)
            for w in who:
                if isinstance(w, NewPerson):
                    person = self.add_person(replace(next(fresh), source="note"))
                    created.append(person)
                    ids.append(person.id or 0)
                else:
                    ids.append(w)
            interaction = replace(draft, people=tuple(dict.fromkeys(ids)), created_at=now_stamp())
            interaction = self._store_interaction(interaction)
            made = None
            if follow_text:
                made = self.add_follow_up(
                    [ids[owed_to]],
                    follow_text,
                    due=due,
                    by=follow_up_by,
                    interaction=interaction.id,
                )
        return NoteResult(interaction, tuple(created), made)

    def log(self, capture: Capture, who: Sequence[Who], *, kind: str = "in person") -> NoteResult:
        """Save what a one-line capture says (capture.py), its names already resolved."""
        return self.note(
            list(who),
            when=capture.when,
            summary=capture.summary,
            kind=kind,
            place=capture.place,
            follow_up=capture.follow_up,
            due=capture.due,
            follow_up_by=capture.by,
        )

    @writes
    def edit_interaction(self, interaction: Interaction) -> Interaction:
        old = self.interaction(interaction.id or 0)
        for pid in interaction.people:
            self.person(pid)
        interaction = replace(interaction.validated(), created_at=old.created_at)
        return self._store_interaction(interaction)

    @writes
    def delete_interaction(self, interaction_id: int) -> DeletedConversation:
        """Delete a conversation. Follow-ups promised in it are kept, unlinked (a promise
        outlives the talk it was made in); the result holds what restore_interaction needs
        to put everything back as it was."""
        interaction = self.interaction(interaction_id)
        linked = tuple(
            f.id for f in self._followups.values() if f.interaction == interaction_id and f.id
        )
        self._drop_interaction(interaction_id)
        return DeletedConversation(interaction, linked)

    @writes
    def restore_interaction(self, deleted: DeletedConversation) -> Interaction:
        """Undo delete_interaction: the conversation back under its old id, its follow-ups
        linked to it again. Anyone forgotten since is left out, as forgetting them would have
        done."""
        interaction = deleted.interaction
        iid = interaction.id
        if iid is None:
            raise NotFoundError("the conversation to restore has no id")
        if iid in self._interactions:
            raise ValidationError("id", "that conversation is in the notebook already")
        people = tuple(p for p in interaction.people if p in self._people)
        if not people:
            raise NotFoundError("everyone in that conversation has been forgotten since")
        interaction = replace(interaction, people=people)
        self.store.restore("interactions", iid, interaction.to_doc())
        self._interactions[iid] = interaction
        for pid in people:
            self._interactions_of.setdefault(pid, []).append(iid)
            self._refresh_contact(pid)
        for fid in deleted.follow_ups:
            follow_up = self._followups.get(fid)
            if follow_up is not None and follow_up.interaction is None:
                self._put_followup(replace(follow_up, interaction=iid), write=True)
        return interaction

    def _store_interaction(self, interaction: Interaction) -> Interaction:
        """Insert or replace an interaction and bring the contact indexes up to date."""
        if interaction.id is None:
            iid = self.store.insert("interactions", interaction.to_doc())
            interaction = replace(interaction, id=iid)
            before: tuple[int, ...] = ()
        else:
            iid = interaction.id
            before = self._interactions[iid].people
            self.store.replace("interactions", iid, interaction.to_doc())
        self._interactions[iid] = interaction
        for pid in set(before) - set(interaction.people):
            self._interactions_of[pid].remove(iid)
        for pid in set(interaction.people) - set(before):
            self._interactions_of[pid].append(iid)
        for pid in set(before) | set(interaction.people):
            self._refresh_contact(pid)
        return interaction

    def _drop_interaction(self, interaction_id: int) -> None:
        # The store first: if it refuses (read-only), the indexes must still match it.
        self.store.remove("interactions", [interaction_id])
        interaction = self._interactions.pop(interaction_id)
        for pid in interaction.people:
            self._interactions_of[pid].remove(interaction_id)
            self._refresh_contact(pid)
        # A follow-up promised in this conversation outlives it, unlinked in the same write: a
        # link to nothing would be dropped, with a warning, on the next open, and until then
        # an export would hold a link its own import refuses.
        for follow_up in [f for f in self._followups.values() if f.interaction == interaction_id]:
            self._put_followup(replace(follow_up, interaction=None), write=True)

    def _refresh_contact(self, person_id: int) -> None:
        self.upkeep.talks_changed(person_id)
        if self._match_order is not None and person_id in self._people:
            self._match_order[person_id] = self._match_order_of(person_id)

    # -- upkeep: last contact, cadence, staleness (upkeep.py) -----------------------------------

    def last_contact(self, person_id: int) -> date | None:
        """The latest interaction's day, else when we connected, else when they were added."""
        return self.upkeep.last_contact(self.person(person_id))

    def last_talked(self, person_id: int) -> date | None:
        """The latest interaction's day only; None if we never talked."""
        return self.upkeep.last_talked(person_id)

    def cadence(self, person_id: int) -> Cadence:
        return self.upkeep.cadence(self.person(person_id))

    def fallback_cadence(self, person_id: int) -> Cadence:
        """The cadence a person would have without their own setting: inferred, else default."""
        return self.upkeep.fallback_cadence(self.person(person_id))

    def snoozed_until(self, person_id: int) -> date | None:
        """The day a snooze ends, while it is still running; None when not snoozed."""
        return self.upkeep.snoozed_until(self.person(person_id))

    def staleness(self, person_id: int) -> Staleness:
        return self.upkeep.staleness(self.person(person_id))

    def status(self, person_id: int) -> RelationshipStatus:
        return self.upkeep.status(self.person(person_id))

    def overdue_ratio(self, person_id: int) -> float:
        return self.staleness(person_id).ratio

    def stale(self, *, tag: str | None = None, limit: int | None = None) -> list[Staleness]:
        """People past their cadence, most days overdue first (the Overdue column's order),
        then those you set a cadence for but never talked to; snoozed and archived people are
        left out until their snooze ends."""
        return self.upkeep.stale(tag=tag, limit=limit)

    # -- ties ----------------------------------------------------------------------------------

    def ties_of(self, person_id: int) -> list[TieView]:
        """A person's ties, strongest first."""
        views = [
            TieView(tie, self._people[tie.other(person_id)])
            for tie in (self._ties[t] for t in self._ties_of.get(person_id, ()))
        ]
        return sorted(views, key=lambda v: (-v.tie.strength, fold(v.other.name)))

    def tie_between(self, a: int, b: int) -> Tie | None:
        tid = self._tie_pairs.get((min(a, b), max(a, b)))
        return None if tid is None else self._ties[tid]

    def all_ties(self) -> list[Tie]:
        return list(self._ties.values())

    @writes
    def add_tie(
        self, a: int, b: int, *, relation: str = "", strength: int = 3, note: str = ""
    ) -> Tie:
        """Record that two people know each other; a second tie for the same pair updates it."""
        tie = Tie(a=a, b=b, relation=relation, strength=strength, note=note).validated()
        self.person(a)
        self.person(b)
        existing = self.tie_between(a, b)
        if existing is not None:
            tie = replace(tie, id=existing.id, uid=existing.uid, since=tie.since or existing.since)
            self.store.replace("ties", existing.id or 0, tie.to_doc())
        else:
            tie = replace(tie, id=self.store.insert("ties", tie.to_doc()))
        self._ties[tie.id or 0] = tie
        self._index_tie(tie.id or 0, tie)
        return tie

    @writes
    def remove_tie(self, tie_id: int) -> Tie:
        self._graph_shape += 1
        if tie_id not in self._ties:
            raise NotFoundError(f"no tie with id {tie_id}")
        self.store.remove("ties", [tie_id])
        tie = self._ties.pop(tie_id)
        self._ties_of[tie.a].discard(tie_id)
        self._ties_of[tie.b].discard(tie_id)
        self._tie_pairs.pop((tie.a, tie.b), None)
        return tie

    @writes
    def restore_tie(self, tie: Tie) -> Tie:
        """Undo remove_tie: the same tie back under its old id, unless its pair has a tie
        again (added since) or one of them was forgotten."""
        tid = tie.id
        if tid is None or tid in self._ties:
            raise ValidationError("id", "that tie is in the notebook already")
        if tie.a not in self._people or tie.b not in self._people:
            raise NotFoundError("one of those two people has been forgotten since")
        if self.tie_between(tie.a, tie.b) is not None:
            raise ValidationError("b", "those two have a tie again already")
        self.store.restore("ties", tid, tie.to_doc())
        self._ties[tid] = tie
        self._index_tie(tid, tie)
        return tie

    def _index_tie(self, tie_id: int, tie: Tie) -> None:
        self._graph_shape += 1
        self._ties_of[tie.a].add(tie_id)
        self._ties_of[tie.b].add(tie_id)
        self._tie_pairs[(tie.a, tie.b)] = tie_id

    # -- follow-ups ----------------------------------------------------------------------------

    def follow_up(self, follow_up_id: int) -> FollowUp:
        try:
            return self._followups[follow_up_id]
        except KeyError:
            raise NotFoundError(f"no follow-up with id {follow_up_id}") from None

    def open_follow_ups(self, person_id: int | None = None) -> list[FollowUp]:
        """Open follow-ups, overdue and soonest due first, undated last."""
        pool: Iterable[FollowUp] = (
            self._followups.values()
            if person_id is None
            else (self._followups[f] for f in self._followups_of.get(person_id, ()))
        )
        return sorted((f for f in pool if f.is_open), key=_due_first)

    def overdue_follow_ups(self, person_id: int | None = None) -> list[FollowUp]:
        return [f for f in self.open_follow_ups(person_id) if self.is_overdue(f)]

    def is_overdue(self, follow_up: FollowUp) -> bool:
        """The one rule for an overdue follow-up: still open, and due before today."""
        return follow_up.is_open and follow_up.due is not None and follow_up.due < self.today

    @writes
    def add_follow_up(
        self,
        people: Iterable[int],
        text: str,
        *,
        due: date | None = None,
        by: Literal["me", "them"] = "me",
        interaction: int | None = None,
    ) -> FollowUp:
        follow_up = FollowUp(
            people=tuple(people),
            text=text,
            due=due,
            by=by,
            interaction=interaction,
            created_at=now_stamp(),
        ).validated()
        for pid in follow_up.people:
            self.person(pid)
        return self._put_followup(follow_up, write=True)

    @writes
    def complete_follow_up(self, follow_up_id: int, done: bool = True) -> FollowUp:
        """Mark a follow-up done, or (done=False) open again: the undo of completing it."""
        follow_up = self.follow_up(follow_up_id)
        return self._put_followup(
            replace(follow_up, done_at=now_stamp() if done else None), write=True
        )

    @writes
    def edit_follow_up(self, follow_up: FollowUp) -> FollowUp:
        """Save a follow-up's text, due day, who owes it and who it is with, checked as when
        it was added. When it was made, its conversation and whether it is done stay as
        stored: complete_follow_up is what changes that."""
        old = self.follow_up(follow_up.id or 0)
        edited = replace(
            old, text=follow_up.text, due=follow_up.due, by=follow_up.by, people=follow_up.people
        ).validated()
        for pid in edited.people:
            self.person(pid)
        return self._put_followup(edited, write=True)

    @writes
    def reschedule_follow_up(self, follow_up_id: int, due: date | None) -> FollowUp:
        """Move a follow-up to a new due day (None: no date). Never into the past: that would
        only make it overdue again."""
        follow_up = self.follow_up(follow_up_id)
        if due is not None and due < self.today:
            raise ValidationError("due", "reschedule to today or a later day")
        return self._put_followup(replace(follow_up, due=due), write=True)

    @writes
    def delete_follow_up(self, follow_up_id: int) -> FollowUp:
        """Remove a follow-up; returns it whole, id included, for restore_follow_up to undo."""
        follow_up = self.follow_up(follow_up_id)
        # The store first: if it refuses (read-only), the indexes must still match it.
        self.store.remove("followups", [follow_up_id])
        self._unindex_followup(follow_up_id)
        return follow_up

    @writes
    def restore_follow_up(self, follow_up: FollowUp) -> FollowUp:
        """Undo delete_follow_up: the same follow-up back under its old id. Anyone forgotten
        since is left out, as forgetting them would have done."""
        if follow_up.id is None:
            raise NotFoundError("the follow-up to restore has no id")
        if follow_up.id in self._followups:
            raise ValidationError("id", "that follow-up is in the notebook already")
        people = tuple(p for p in follow_up.people if p in self._people)
        if not people:
            raise NotFoundError("everyone that follow-up was with has been forgotten since")
        follow_up = replace(follow_up, people=people)
        self.store.restore("followups", follow_up.id or 0, follow_up.to_doc())
        return self._put_followup(follow_up, write=False)

    def _put_followup(self, follow_up: FollowUp, *, write: bool) -> FollowUp:
        if follow_up.id is None:
            follow_up = replace(follow_up, id=self.store.insert("followups", follow_up.to_doc()))
        elif write:
            self.store.replace("followups", follow_up.id, follow_up.to_doc())
            self._unindex_followup(follow_up.id)
        fid = follow_up.id or 0
        self._followups[fid] = follow_up
        for pid in follow_up.people:
            self._followups_of[pid].add(fid)
        return follow_up

    def _unindex_followup(self, follow_up_id: int) -> None:
        old = self._followups.pop(follow_up_id)
        for pid in old.people:
            self._followups_of[pid].discard(follow_up_id)

    # -- referrals: warmth and introduction paths ----------------------------------------------

    def warmth(self, person_id: int) -> Warmth:
        """How warm my link to someone is, from how recently and how often we talked."""
        return warmth_of(self.person(person_id), self._talk_days(person_id), self.today)

    def referral(self, target: str, *, limit: int | None = None) -> ReferralResult:
        """Ranked introduction paths to a company, a person or a tag/title ("recruiter");
        `limit` caps the number of target people returned (None: all of them)."""
        return self._referrals().paths(target, limit=limit)

    def referral_completions(self, prefix: str) -> list[str]:
        """Companies, names, tags and titles for the Refer screen's input."""
        return self._referrals().completions(prefix)

    def _referrals(self) -> Referrals:
        """Referral queries over these indexes: what a query indexes (companies, names, tags)
        is brought up to date after people or ties change rather than built again."""
        referrals = self._referral_cache
        if referrals is None:
            referrals = self._referral_cache = Referrals(
                self._people,
                self._ties_at,
                self._talk_days,
                today=self.today,
                is_stale=self._is_stale_for_referral,
                # Who is where, as read when the notebook was opened, unless people changed
                # since: the first query then reads no record to index the companies.
                loaded=self._index.companies_as_loaded(),
            )
            self._referral_shape = self._graph_shape
        else:
            referrals.today = self.today  # a new day changes every warmth
            if self._referral_shape != self._graph_shape:
                referrals.changed()
                self._referral_shape = self._graph_shape
        return referrals

    def _ties_at(self, person_id: int) -> list[Tie]:
        ties = self._ties
        return [ties[t] for t in self._ties_of.get(person_id, ())]

    def _talk_days(self, person_id: int) -> list[date]:
        interactions = self._interactions
        return [interactions[i].day for i in self._interactions_of.get(person_id, ())]

    def _is_stale_for_referral(self, person_id: int) -> bool:
        # The Reconnect screen's rule, so both screens agree on who needs a reconnect.
        return self.staleness(person_id).is_stale

    # -- referral asks and the prep sheet -----------------------------------------------------

    def ask(self, ask_id: int) -> ReferralAsk:
        try:
            return self._asks[ask_id]
        except KeyError:
            raise NotFoundError(f"no referral ask with id {ask_id}") from None

    def asks(self, person_id: int | None = None, *, open_only: bool = False) -> list[ReferralAsk]:
        """Referral asks, newest first."""
        chosen = (
            a
            for a in self._asks.values()
            if (person_id is None or a.person == person_id) and (a.is_open or not open_only)
        )
        return sorted(chosen, key=lambda a: (-a.asked_on.toordinal(), -(a.id or 0)))

    def ask_needs_nudge(self, ask: ReferralAsk) -> bool:
        """Still only "asked" after the nudge period: time for a gentle reminder."""
        days = int(self.setting("nudge_after_days", DEFAULT_NUDGE_DAYS))
        return ask.status == "asked" and (self.today - ask.asked_on).days >= days

    @writes
    def add_ask(
        self,
        target: str,
        person_id: int,
        *,
        asked_on: date | None = None,
        status: str = "asked",
        notes: str = "",
    ) -> ReferralAsk:
        self.person(person_id)
        ask = ReferralAsk(
            target=target,
            person=person_id,
            asked_on=asked_on or self.today,
            status=status,
            notes=notes,
            updated_at=now_stamp(),
        ).validated()
        ask = replace(ask, id=self.store.insert("asks", ask.to_doc()))
        self._asks[ask.id or 0] = ask
        return ask

    @writes
    def set_ask_status(self, ask_id: int, status: str, *, notes: str | None = None) -> ReferralAsk:
        old = self.ask(ask_id)
        ask = replace(
            old, status=status, notes=old.notes if notes is None else notes, updated_at=now_stamp()
        ).validated()
        self.store.replace("asks", ask_id, ask.to_doc())
        self._asks[ask_id] = ask
        return ask

    def prep(self, person_id: int) -> PrepSheet:
        """Everything worth knowing before meeting someone."""
        person = self.person(person_id)
        mine = set(self._ties_of.get(person_id, ()))
        ties = self.ties_of(person_id)
        follow_ups = self.open_follow_ups(person_id)
        return PrepSheet(
            person=person,
            staleness=self.staleness(person_id),
            recent=tuple(self.timeline(person_id)[:3]),
            i_owe=tuple(f for f in follow_ups if f.by == "me"),
            they_owe=tuple(f for f in follow_ups if f.by == "them"),
            asks=tuple(self.asks(person_id)),
            mutual=tuple(v for v in ties if self.last_talked(v.other.id or 0)),
            other_ties=len(mine) - sum(1 for v in ties if self.last_talked(v.other.id or 0)),
            met_via=self._people.get(person.met_via) if person.met_via else None,
        )

    # -- bulk ----------------------------------------------------------------------------------

    def iter_people(self) -> Iterator[Person]:
        return iter(self._people.values())

    def iter_interactions(self) -> Iterator[Interaction]:
        return iter(self._interactions.values())

    def iter_follow_ups(self) -> Iterator[FollowUp]:
        return iter(self._followups.values())

    def iter_asks(self) -> Iterator[ReferralAsk]:
        return iter(self._asks.values())

    @writes
    def add_records(
        self,
        interactions: Sequence[Interaction] = (),
        ties: Sequence[Tie] = (),
        follow_ups: Sequence[FollowUp] = (),
        asks: Sequence[ReferralAsk] = (),
    ) -> list[int]:
        """Add many records in one file write (an import), then rebuild the indexes once.
        Returns the new interactions' ids, in order."""
        ready_interactions = [replace(i, id=None).validated() for i in interactions]
        ready_ties = [replace(t, id=None).validated() for t in ties]
        ready_follow_ups = [replace(f, id=None).validated() for f in follow_ups]
        ready_asks = [replace(a, id=None).validated() for a in asks]
        people = {p for i in ready_interactions for p in i.people}
        people |= {p for t in ready_ties for p in (t.a, t.b)}
        people |= {p for f in ready_follow_ups for p in f.people}
        people |= {a.person for a in ready_asks}
        for pid in people:
            self.person(pid)
        with self.store.batch():
            ids = self.store.insert_many("interactions", [i.to_doc() for i in ready_interactions])
            self.store.insert_many("ties", [t.to_doc() for t in ready_ties])
            self.store.insert_many("followups", [f.to_doc() for f in ready_follow_ups])
            self.store.insert_many("asks", [a.to_doc() for a in ready_asks])
        self._load()
        return ids

    def is_empty(self) -> bool:
        """Nobody and nothing in it yet (settings aside)."""
        return not (
            self._people or self._interactions or self._ties or self._followups or self._asks
        )

    def ids_are_free(self, table: str, ids: Iterable[int]) -> bool:
        """Whether records could be put under these ids: none in use, none handed out before
        (ids are never reused), each in the range a file may hold."""
        return self.store.ids_are_free(table, ids)

    @writes
    def put_tables(self, data: Mapping[str, Mapping[str, dict[str, Any]]]) -> None:
        """Make the whole notebook exactly `data` (a merge's result, which brings its own uids,
        change stamps and tombstones), in one save, and rebuild every index from it."""
        with self.store.exactly():
            self.store.replace_all({name: dict(table) for name, table in data.items()})
        self._load()

    @writes
    def add_with_ids(
        self,
        people: Sequence[Person] = (),
        interactions: Sequence[Interaction] = (),
        ties: Sequence[Tie] = (),
        follow_ups: Sequence[FollowUp] = (),
        asks: Sequence[ReferralAsk] = (),
    ) -> None:
        """Put whole records back under their own ids, as they are: timestamps and uids kept
        (a restore into an empty notebook). Every reference must be to a record given here or
        already in the notebook."""
        ready_people = [p.validated() for p in people]
        ready_interactions = [i.validated() for i in interactions]
        ready_ties = [t.validated() for t in ties]
        ready_follow_ups = [f.validated() for f in follow_ups]
        ready_asks = [a.validated() for a in asks]
        ids = [
            *(p.id for p in ready_people),
            *(i.id for i in ready_interactions),
            *(t.id for t in ready_ties),
            *(f.id for f in ready_follow_ups),
            *(a.id for a in ready_asks),
        ]
        if None in ids:
            raise ValidationError("id", "a record put back under its own id needs one")
        if any(not p.uid for p in ready_people):
            raise ValidationError("uid", "a person put back as they were needs their uid")
        self._check_uids(ready_people)
        people_ids = self._people.keys() | {p.id for p in ready_people}
        interaction_ids = self._interactions.keys() | {i.id for i in ready_interactions}
        wanted = {p.met_via for p in ready_people if p.met_via is not None}
        wanted |= {pid for i in ready_interactions for pid in i.people}
        wanted |= {pid for t in ready_ties for pid in (t.a, t.b)}
        wanted |= {pid for f in ready_follow_ups for pid in f.people}
        wanted |= {a.person for a in ready_asks}
        if not wanted <= people_ids:
            missing = min(wanted - people_ids)
            raise ValidationError("people", f"person {missing} is not in the notebook")
        for f in ready_follow_ups:
            if f.interaction is not None and f.interaction not in interaction_ids:
                raise ValidationError(
                    "interaction", f"conversation {f.interaction} is not in the notebook"
                )
        pairs = set(self._tie_pairs)
        for t in ready_ties:
            if (t.a, t.b) in pairs:
                raise ValidationError("b", f"people {t.a} and {t.b} have a tie already")
            pairs.add((t.a, t.b))
        tables = {
            table: {r.id or 0: r.to_doc() for r in records}
            for table, records in (
                ("people", ready_people),
                ("interactions", ready_interactions),
                ("ties", ready_ties),
                ("followups", ready_follow_ups),
                ("asks", ready_asks),
            )
        }
        if sum(map(len, tables.values())) != len(ids):
            raise ValidationError("id", "two records of one kind have the same id")
        with self.store.batch():
            for table, docs in tables.items():
                self.store.insert_with_ids(table, docs)
        self._load()


def _newest_first(interaction: Interaction) -> tuple[int, int, int]:
    when = interaction.when
    seconds = when.hour * 3600 + when.minute * 60 if isinstance(when, datetime) else 0
    return (-when.toordinal(), -seconds, -(interaction.id or 0))


def _due_first(follow_up: FollowUp) -> tuple[int, int]:
    due = follow_up.due
    return (0, due.toordinal()) if due else (1, follow_up.id or 0)


def due_day(text: str, today: date) -> date:
    """A typed due day: a step from today ("+1d", "+1w", "+2w", "+1m", "+1y") or any date
    phrase dates.parse_day reads, a bare "fri" being the coming one. Raises
    dates.DateParseError."""
    step = _STEP.fullmatch(text.strip().lower())
    if step:
        return dates.parse_day(f"in {step[1]} {_STEP_UNITS[step[2]]}", today)
    return dates.parse_day(text, today, "future")
