"""Follow-ups: what is promised, by me or by them, the one rule for an overdue one, and adding,
completing, editing, rescheduling and deleting them (`notebook.follow_ups`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from operator import attrgetter
from typing import Literal

from .. import dates
from ..records import FollowUp, ValidationError, now_stamp
from .base import ByPerson, NotFoundError, RecordsPart, writes

# What rescheduling a follow-up offers first: a day, a week, two weeks, a month from today.
RESCHEDULE_STEPS: tuple[str, ...] = ("+1d", "+1w", "+2w", "+1m")
_STEP = re.compile(r"\+\s*(\d{1,3})\s*([dwmy])")
_STEP_UNITS = {"d": "days", "w": "weeks", "m": "months", "y": "years"}


def due_day(text: str, today: date) -> date:
    """A typed due day: a step from today ("+1d", "+1w", "+2w", "+1m", "+1y") or any date
    phrase dates.parse_day reads, a bare "fri" being the coming one. Raises
    dates.DateParseError."""
    step = _STEP.fullmatch(text.strip().lower())
    if step:
        return dates.parse_day(f"in {step[1]} {_STEP_UNITS[step[2]]}", today)
    return dates.parse_day(text, today, "future")


class FollowUps(RecordsPart[FollowUp]):
    """Every follow-up by id, and each person's."""

    TABLE = "followups"
    RECORD = FollowUp
    WHAT = "follow-up"

    def _load(self) -> None:
        super()._load()
        self._of = ByPerson(self._records, attrgetter("people"))

    # -- lookups ---------------------------------------------------------------------------------

    def ids_of(self, person_id: int) -> Sequence[int]:
        """The ids of the follow-ups with a person, in no order."""
        return self._of.of(person_id)

    def open(self, person_id: int | None = None) -> list[FollowUp]:
        """Open follow-ups (everyone's, or one person's), overdue and soonest due first,
        undated last."""
        pool: Iterable[FollowUp] = (
            self._records.values()
            if person_id is None
            else (self._records[f] for f in self._of.of(person_id))
        )
        return sorted((f for f in pool if f.is_open), key=_due_first)

    def overdue(self, person_id: int | None = None) -> list[FollowUp]:
        return [f for f in self.open(person_id) if self.is_overdue(f)]

    def is_overdue(self, follow_up: FollowUp) -> bool:
        """The one rule for an overdue follow-up: still open, and due before today."""
        today = self.notebook.today
        return follow_up.is_open and follow_up.due is not None and follow_up.due < today

    def promised_in(self, interaction_id: int) -> tuple[int, ...]:
        """The ids of the follow-ups promised in a conversation."""
        return tuple(
            f.id for f in self._records.values() if f.interaction == interaction_id and f.id
        )

    # -- writes ----------------------------------------------------------------------------------

    @writes
    def add(
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
            self.notebook.people.get(pid)
        return self._put(follow_up, write=True)

    @writes
    def complete(self, follow_up_id: int, done: bool = True) -> FollowUp:
        """Mark a follow-up done, or (done=False) open again: the undo of completing it."""
        follow_up = self.get(follow_up_id)
        return self._put(replace(follow_up, done_at=now_stamp() if done else None), write=True)

    @writes
    def edit(self, follow_up: FollowUp) -> FollowUp:
        """Save a follow-up's text, due day, who owes it and who it is with, checked as when
        it was added. When it was made, its conversation and whether it is done stay as
        stored: complete is what changes that."""
        old = self.get(follow_up.id or 0)
        edited = replace(
            old, text=follow_up.text, due=follow_up.due, by=follow_up.by, people=follow_up.people
        ).validated()
        for pid in edited.people:
            self.notebook.people.get(pid)
        return self._put(edited, write=True)

    @writes
    def reschedule(self, follow_up_id: int, due: date | None) -> FollowUp:
        """Move a follow-up to a new due day (None: no date). Never into the past: that would
        only make it overdue again."""
        follow_up = self.get(follow_up_id)
        if due is not None and due < self.notebook.today:
            raise ValidationError("due", "reschedule to today or a later day")
        return self._put(replace(follow_up, due=due), write=True)

    @writes
    def delete(self, follow_up_id: int) -> FollowUp:
        """Remove a follow-up; returns it whole, id included, for restore to undo."""
        follow_up = self.get(follow_up_id)
        # The store first: if it refuses (read-only), the indexes must still match it.
        self.store.remove("followups", [follow_up_id])
        self._unindex(follow_up_id)
        return follow_up

    @writes
    def restore(self, follow_up: FollowUp) -> FollowUp:
        """Undo delete: the same follow-up back under its old id. Anyone forgotten since is
        left out, as forgetting them would have done, and so is the link to its conversation
        if that was deleted since, as deleting it would have done (see _unlink)."""
        if follow_up.id is None:
            raise NotFoundError("the follow-up to restore has no id")
        if follow_up.id in self._records:
            raise ValidationError("id", "that follow-up is in the notebook already")
        people = tuple(p for p in follow_up.people if self.notebook.people.has(p))
        if not people:
            raise NotFoundError("everyone that follow-up was with has been forgotten since")
        linked = follow_up.interaction
        if linked is not None and self.notebook.conversations.find(linked) is None:
            linked = None
        follow_up = replace(follow_up, people=people, interaction=linked)
        self.store.restore("followups", follow_up.id or 0, follow_up.to_doc())
        return self._put(follow_up, write=False)

    def _put(self, follow_up: FollowUp, *, write: bool) -> FollowUp:
        if follow_up.id is None:
            follow_up = replace(follow_up, id=self.store.insert("followups", follow_up.to_doc()))
        elif write:
            self.store.replace("followups", follow_up.id, follow_up.to_doc())
            self._unindex(follow_up.id)
        fid = follow_up.id or 0
        self._records[fid] = follow_up
        for pid in follow_up.people:
            self._of.add(pid, fid)
        return follow_up

    def _unindex(self, follow_up_id: int) -> None:
        old = self._records.pop(follow_up_id)
        for pid in old.people:
            self._of.discard(pid, follow_up_id)

    def _unlink(self, interaction_id: int) -> None:
        """A conversation is being deleted: what was promised in it is kept, unlinked."""
        for follow_up in [f for f in self._records.values() if f.interaction == interaction_id]:
            self._put(replace(follow_up, interaction=None), write=True)

    def _relink(self, follow_up_ids: Iterable[int], interaction_id: int) -> None:
        """A deleted conversation is back: link again what was promised in it (unless it was
        deleted since, or linked elsewhere)."""
        for fid in follow_up_ids:
            follow_up = self._records.get(fid)
            if follow_up is not None and follow_up.interaction is None:
                self._put(replace(follow_up, interaction=interaction_id), write=True)

    def _follow_conversation(
        self, interaction_id: int, before: tuple[int, ...], after: tuple[int, ...]
    ) -> None:
        """A conversation's people were changed (Conversations.edit): what was promised in it
        is with people of it still. Whoever left it leaves its follow-ups, and those who came
        into it take their place, so that a conversation moved to the right person takes its
        promises along; one left with nobody is with the conversation's people."""
        gone = set(before) - set(after)
        if not gone:
            return
        came = tuple(p for p in after if p not in before)
        for fid in self.promised_in(interaction_id):
            follow_up = self._records[fid]
            if gone.isdisjoint(follow_up.people):
                continue
            kept = tuple(p for p in follow_up.people if p not in gone)
            people = kept + tuple(p for p in came if p not in kept) or after
            self._put(replace(follow_up, people=people), write=True)

    def _put_people_back(self, follow_ups: Iterable[FollowUp]) -> None:
        """Undo of a conversation's edit: its follow-ups with the people they had, as far as
        they are still here (each still in the notebook, anyone forgotten since left out)."""
        for old in follow_ups:
            current = self._records.get(old.id or 0)
            people = tuple(p for p in old.people if self.notebook.people.has(p))
            if current is not None and people and current.people != people:
                self._put(replace(current, people=people), write=True)

    def _forget(self, person_id: int) -> None:
        """Someone is being forgotten (People.forget): follow-ups with others are kept without
        them, the ones with nobody else go."""
        for fid in self._of.of(person_id):
            follow_up = self._records[fid]
            rest = tuple(p for p in follow_up.people if p != person_id)
            if rest:
                self._put(replace(follow_up, people=rest), write=True)
            else:
                self.store.remove("followups", [fid])
                self._unindex(fid)


def _due_first(follow_up: FollowUp) -> tuple[int, int, int]:
    # The same day's in the order they were made, however a person's ids are held.
    due = follow_up.due
    return (0, due.toordinal(), follow_up.id or 0) if due else (1, 0, follow_up.id or 0)
