"""Upkeep: when you last talked to each person, how often you mean to, when the next
conversation is due, how each relationship stands, who is overdue, and setting a cadence or
a snooze (`notebook.upkeep`).

Each rule is written here once. Upkeep reads people and conversations from those parts, and
they tell it about every write that can move a value: a person's conversations changed, a
person changed or forgotten, the default cadence changed (anything else, a reload or a write
that went back, builds it again). Values are kept per person as whole days (date ordinals), so
the stale list and the overdue order compare integers, and a Staleness is built once a day per
person, when someone asks for it. It knows nothing of Textual.
"""

from __future__ import annotations

import functools
import itertools
from bisect import bisect_left, insort
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from operator import itemgetter
from typing import Literal

from ..records import Person, ValidationError
from ..search import fold
from .base import Part, writes

CadenceSource = Literal["set", "inferred", "default"]
# Fewer gaps than this say too little about a rhythm to infer one.
MIN_GAPS_TO_INFER = 2
INFERRED_CADENCE_RANGE = (7, 365)
DUE_SOON_RATIO = 0.8

# The stale list's order, whatever the day: people you have talked to first, then the most days
# overdue (the earliest due day), then by folded name and id.
QueueKey = tuple[bool, int, str, int]


@dataclass(frozen=True, slots=True)
class Cadence:
    days: int
    source: CadenceSource


@dataclass(frozen=True, slots=True)
class Staleness:
    """How a relationship stands: when we last talked and how overdue that is."""

    person: Person
    last_contact: date | None
    cadence: Cadence
    days_since: int
    talked: bool  # ever had a conversation noted

    @property
    def ratio(self) -> float:
        return self.days_since / self.cadence.days

    @property
    def is_kept_up(self) -> bool:
        """A relationship with a rhythm to keep. Someone never talked to is a cold contact, not
        a relationship going stale, unless you set a cadence for them: 30,000 imported
        connections must not flood the Reconnect list."""
        return self.talked or self.cadence.source == "set"

    @property
    def is_stale(self) -> bool:
        """Past the cadence."""
        return self.is_kept_up and self.days_since > self.cadence.days

    @property
    def is_due_soon(self) -> bool:
        """Not overdue yet, but four fifths of the way there."""
        return self.is_kept_up and not self.is_stale and self.ratio >= DUE_SOON_RATIO

    @property
    def days_overdue(self) -> int:
        return max(0, self.days_since - self.cadence.days)


StatusKind = Literal[
    "archived", "snoozed", "not yet contacted", "overdue", "due soon", "on track", "cold"
]


@dataclass(frozen=True, slots=True)
class RelationshipStatus:
    """How a relationship stands, by the one rule every screen and the shell show: archived,
    then snoozed, then (for a rhythm you keep) not yet contacted, overdue, due soon or on
    track; someone never talked to with no rhythm set is a cold contact."""

    kind: StatusKind
    days_overdue: int = 0
    snoozed_until: date | None = None


@functools.cache
def _cadence(days: int, source: CadenceSource) -> Cadence:
    # Shared: the stale list hands out thousands, of a few dozen kinds.
    return Cadence(days, source)


def infer_cadence(days: Sequence[int]) -> int | None:
    """The usual gap between conversations: the median gap between distinct days (ordinals,
    in order), kept within INFERRED_CADENCE_RANGE; None for too few days to tell."""
    if len(days) <= MIN_GAPS_TO_INFER:
        return None
    gaps = sorted([b - a for a, b in itertools.pairwise(days)])
    middle = len(gaps) // 2
    median = gaps[middle] if len(gaps) % 2 else (gaps[middle - 1] + gaps[middle]) / 2
    low, high = INFERRED_CADENCE_RANGE
    return max(low, min(high, round(median)))


def snooze_refusal(until: date, today: date) -> str | None:
    """Why a snooze cannot end on `until`, or None: it ends after today (a snooze that has
    already ended would hide nobody)."""
    return None if until > today else "snooze until a day after today"


class Upkeep(Part):
    """Last contact, cadence and due day of everyone in one notebook, kept up to date."""

    def _load(self) -> None:
        notebook = self.notebook
        self._default_days = notebook.default_cadence
        # The day of the last conversation, for everyone you have talked to.
        self._talked: dict[int, int] = {}
        # The usual gap between conversations, for everyone with enough of them to tell.
        self._inferred: dict[int, int] = {}
        # The day of the last contact (_last_day) of everyone never talked to who has one
        # (when you connected, else when they were added); the others' is in _talked. Most
        # people have talked: at 100,000 people a map of everyone's took 4 MB more.
        self._untalked: dict[int, int] = {}
        # The day the next conversation is due (_due_day): everyone who can be stale, and is
        # once this day is before today (Staleness.is_stale).
        self._due: dict[int, int] = {}
        # The day a snooze ends, for everyone who has one set (running or not).
        self._snoozed: dict[int, int] = {}
        # One int object for each day the maps above hold, however many people's it is: a
        # notebook's days are a few thousand (at 100,000 people, 2 MB less).
        self._day = dict[int, int]().setdefault
        # _due in the stale list's order, sorted on the first stale list, then kept in order.
        self._queue: list[QueueKey] | None = None
        self._queued: dict[int, QueueKey] = {}
        # Staleness per person for one day, built when asked for; a change to them drops theirs.
        self._entries: dict[int, Staleness] = {}
        self._entries_day = 0
        for pid, days in notebook.conversations.talk_days():
            self._count_talks(pid, days)
        for pid, person in notebook.people.by_id.items():
            self._place(pid, person)

    # -- keeping the values up to date -----------------------------------------------------------

    def talks_changed(self, person_id: int) -> None:
        """Someone's conversations changed (added, edited, deleted, put back)."""
        self._count_talks(person_id)
        person = self.notebook.people.by_id.get(person_id)
        if person is not None:
            self._place(person_id, person)

    def person_changed(self, person_id: int) -> None:
        """Someone was added or their record changed (cadence, snooze, archive, name...)."""
        self._place(person_id, self.notebook.people.by_id[person_id])

    def forget(self, person_id: int) -> None:
        """Someone is gone from the notebook."""
        for values in (self._talked, self._inferred, self._untalked, self._due, self._snoozed):
            values.pop(person_id, None)
        self._entries.pop(person_id, None)
        self._unqueue(person_id)

    def default_changed(self) -> None:
        """The default cadence setting may have changed: everyone on it is due another day."""
        days = self.notebook.default_cadence
        if days == self._default_days:
            return
        self._default_days = days
        self._queue = None  # quicker sorted again on the next stale list than kept in order
        self._queued = {}
        self._entries.clear()
        for pid, person in self.notebook.people.by_id.items():
            self._place(pid, person)

    def _count_talks(self, person_id: int, on_days: set[int] | None = None) -> None:
        """Last talk and inferred cadence from the days of someone's conversations (given,
        as ordinals, when everyone's are worked out at once)."""
        if on_days is None:
            on_days = {day.toordinal() for day in self.notebook.conversations.days_of(person_id)}
        days = sorted(on_days)
        if days:
            self._talked[person_id] = self._day(days[-1], days[-1])
        else:
            self._talked.pop(person_id, None)
        inferred = infer_cadence(days)
        if inferred:
            self._inferred[person_id] = inferred
        else:
            self._inferred.pop(person_id, None)

    def _place(self, person_id: int, person: Person) -> None:
        """Bring one person's last contact, due day, snooze and stale-list place up to date."""
        self._entries.pop(person_id, None)
        until = person.snoozed_until
        if until is not None:
            ordinal = until.toordinal()
            self._snoozed[person_id] = self._day(ordinal, ordinal)
        else:
            self._snoozed.pop(person_id, None)
        last = self._last_day(person_id, person)
        if last is None or person_id in self._talked:
            self._untalked.pop(person_id, None)
        else:
            self._untalked[person_id] = self._day(last, last)
        due = self._due_day(person_id, person, last)
        if due is None:
            self._due.pop(person_id, None)
        else:
            self._due[person_id] = self._day(due, due)
        if self._queue is not None:
            self._unqueue(person_id)
            if due is not None:
                key = self._queue_key(person_id, due)
                insort(self._queue, key)
                self._queued[person_id] = key

    def _unqueue(self, person_id: int) -> None:
        key = self._queued.pop(person_id, None)
        if key is not None and self._queue is not None:
            del self._queue[bisect_left(self._queue, key)]

    def _queue_key(self, person_id: int, due: int) -> QueueKey:
        name = self.notebook.people.index.folded_name(person_id)
        return (person_id not in self._talked, due, name, person_id)

    def _sorted_queue(self) -> list[QueueKey]:
        if self._queue is None:
            key = self._queue_key
            self._queued = {pid: key(pid, due) for pid, due in self._due.items()}
            self._queue = sorted(self._queued.values())
        return self._queue

    # -- the rules -------------------------------------------------------------------------------

    def _last_day(self, person_id: int, person: Person) -> int | None:
        """Last contact: the latest conversation's day, else when we connected, else when they
        were added."""
        talked = self._talked.get(person_id)
        if talked is not None:
            return talked
        if person.connected_on is not None:
            return person.connected_on.toordinal()
        if person.created_at:
            return date.fromisoformat(person.created_at[:10]).toordinal()
        return None

    def _last_contact(self, person_id: int) -> int | None:
        """_last_day as kept up to date: the day last talked, else _untalked's."""
        talked = self._talked.get(person_id)
        return talked if talked is not None else self._untalked.get(person_id)

    def _fallback(self, person_id: int) -> tuple[int, CadenceSource]:
        """The cadence without a person's own setting: inferred from the history, else the
        default."""
        inferred = self._inferred.get(person_id)
        if inferred:
            return inferred, "inferred"
        return self._default_days, "default"

    def _cadence_of(self, person_id: int, person: Person) -> tuple[int, CadenceSource]:
        """Cadence: the one you set, else the fallback."""
        if person.cadence_days:
            return person.cadence_days, "set"
        return self._fallback(person_id)

    def _due_day(self, person_id: int, person: Person, last: int | None) -> int | None:
        """Last contact + cadence, for a relationship kept up (talked to, or given a cadence:
        Staleness.is_kept_up) and not archived; None for everyone else, who is never stale."""
        if last is None or person.archived:
            return None
        if not (person.cadence_days or person_id in self._talked):
            return None
        return last + self._cadence_of(person_id, person)[0]

    def _is_snoozed(self, person_id: int, today: int) -> bool:
        """A snooze runs until the day it ends."""
        return self._snoozed.get(person_id, 0) > today

    def _snoozed_now(self, today: int) -> set[int]:
        return {pid for pid in self._snoozed if self._is_snoozed(pid, today)}

    def _today(self) -> int:
        """Today's ordinal; a new day drops the Staleness built for the last one."""
        today = self.notebook.today.toordinal()
        if today != self._entries_day:
            self._entries.clear()
            self._entries_day = today
        return today

    def _entry(self, person_id: int, person: Person, today: int) -> Staleness:
        entry = self._entries.get(person_id)
        if entry is None:
            last = self._last_contact(person_id)
            entry = self._entries[person_id] = Staleness(
                person,
                None if last is None else date.fromordinal(last),
                _cadence(*self._cadence_of(person_id, person)),
                0 if last is None else today - last,
                person_id in self._talked,
            )
        return entry

    # -- lookups ---------------------------------------------------------------------------------

    @property
    def talked_days(self) -> Mapping[int, int]:
        """The day (ordinal) of the last conversation, for everyone you have talked to."""
        return self._talked

    def last_talked(self, person_id: int) -> date | None:
        """The latest conversation's day only; None if we never talked."""
        talked = self._talked.get(person_id)
        return None if talked is None else date.fromordinal(talked)

    def last_contact(self, person_id: int) -> date | None:
        """The latest conversation's day, else when we connected, else when they were added."""
        self.notebook.people.get(person_id)  # NotFoundError for someone not in the notebook
        last = self._last_contact(person_id)
        return None if last is None else date.fromordinal(last)

    def cadence(self, person_id: int) -> Cadence:
        person = self.notebook.people.get(person_id)
        return _cadence(*self._cadence_of(person_id, person))

    def fallback_cadence(self, person_id: int) -> Cadence:
        """The cadence a person would have without their own setting: inferred, else default."""
        self.notebook.people.get(person_id)
        return _cadence(*self._fallback(person_id))

    def due_day(self, person_id: int) -> date | None:
        """When the next conversation is due; None for a cold contact or someone archived."""
        self.notebook.people.get(person_id)
        due = self._due.get(person_id)
        return None if due is None else date.fromordinal(due)

    def snoozed_until(self, person_id: int) -> date | None:
        """The day a snooze ends, while it is still running; None when not snoozed."""
        person = self.notebook.people.get(person_id)
        return person.snoozed_until if self._is_snoozed(person_id, self._today()) else None

    def staleness(self, person_id: int) -> Staleness:
        person = self.notebook.people.get(person_id)
        return self._entry(person_id, person, self._today())

    def status(self, person_id: int) -> RelationshipStatus:
        """The one relationship-status rule (see RelationshipStatus)."""
        person = self.notebook.people.get(person_id)
        if person.archived:
            return RelationshipStatus("archived")
        today = self._today()
        if self._is_snoozed(person_id, today):
            return RelationshipStatus("snoozed", snoozed_until=person.snoozed_until)
        entry = self._entry(person_id, person, today)
        if not entry.talked:
            # Counting "overdue 5 years" from a connect date says nothing true: you never
            # talked, so it is the first conversation that is due.
            return RelationshipStatus("not yet contacted" if entry.is_kept_up else "cold")
        if entry.is_stale:
            return RelationshipStatus("overdue", days_overdue=entry.days_overdue)
        return RelationshipStatus("due soon" if entry.is_due_soon else "on track")

    def stale(self, *, tag: str | None = None, limit: int | None = None) -> list[Staleness]:
        """People past their cadence, most days overdue first (the Overdue column's order),
        then those you set a cadence for but never talked to; snoozed and archived people are
        left out until their snooze ends."""
        today = self._today()
        queue = self._sorted_queue()
        # Everyone due before today, from each of the queue's two parts.
        talked_end = bisect_left(queue, (False, today, "", 0))
        never = bisect_left(queue, (True, 0, "", 0)), bisect_left(queue, (True, today, "", 0))
        chosen = [key[-1] for key in itertools.chain(queue[:talked_end], queue[slice(*never)])]
        if snoozed := self._snoozed_now(today):
            chosen = [pid for pid in chosen if pid not in snoozed]
        people = self.notebook.people.by_id
        if tag:
            wanted = fold(tag)
            chosen = [pid for pid in chosen if wanted in map(fold, people[pid].tags)]
        if limit is not None:
            chosen = chosen[:limit]
        entries = self._entries
        entry = self._entry
        return [entries.get(pid) or entry(pid, people[pid], today) for pid in chosen]

    def by_overdue(self, people: Iterable[Person]) -> list[Person]:
        """The People list's "overdue" order: whoever the Status column calls overdue (talked
        to, not snoozed, stale) first, most days first; then everyone else, each part in the
        order given."""
        today = self._today()
        talked = self._talked
        snoozed = self._snoozed_now(today)
        overdue = {
            pid: due
            for pid, due in self._due.items()
            if due < today and pid in talked and pid not in snoozed
        }
        first: list[tuple[int, Person]] = []
        rest: list[Person] = []
        due_of = overdue.get
        for person in people:
            due = due_of(person.id or 0)
            if due is None:
                rest.append(person)
            else:
                first.append((due, person))
        first.sort(key=itemgetter(0))
        return [person for _, person in first] + rest

    def by_last_contact(self, people: Iterable[Person]) -> list[Person]:
        """Most recent last contact first (nobody's: last), otherwise in the order given."""
        talked, untalked = self._talked.get, self._untalked.get
        return sorted(people, key=lambda p: -(talked(p.id or 0) or untalked(p.id or 0, 1)))

    # -- writes ----------------------------------------------------------------------------------

    @writes
    def set_cadence(self, person_id: int, days: int | None) -> Person:
        """How often you mean to talk to someone (None: inferred from your history, else the
        default)."""
        people = self.notebook.people
        return people.edit(replace(people.get(person_id), cadence_days=days))

    @writes
    def snooze(self, person_id: int, until: date | None) -> Person:
        """Leave someone off the stale list until a day after today (None: wake them now)."""
        if until is not None and (refused := snooze_refusal(until, self.notebook.today)):
            raise ValidationError("snoozed_until", refused)
        people = self.notebook.people
        return people.edit(replace(people.get(person_id), snoozed_until=until))
