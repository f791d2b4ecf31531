"""Ties: who knows whom, and how well (`notebook.ties`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from operator import attrgetter

from ..records import Person, Tie, ValidationError
from ..search import fold
from .base import ByPerson, NotFoundError, RecordsPart, writes


@dataclass(frozen=True, slots=True)
class TieView:
    tie: Tie
    other: Person


class Ties(RecordsPart[Tie]):
    """Every tie by id, each person's, and the tie of each pair."""

    TABLE = "ties"
    RECORD = Tie
    WHAT = "tie"

    def _load(self) -> None:
        super()._load()
        # Each person's tie ids, and no map of pairs: a pair's key would be a tuple; most
        # people have one to three ties, so a pair is found among the ties of whichever of
        # the two has fewer (`between`). At 100,000 ties sets and pairs took 35 MB.
        self._of = ByPerson(self._records, attrgetter("a", "b"))

    # -- lookups ---------------------------------------------------------------------------------

    def ids_of(self, person_id: int) -> Sequence[int]:
        """The ids of a person's ties, in no order."""
        return self._of.of(person_id)

    def touching(self, person_id: int) -> list[Tie]:
        """A person's ties as records, in no order (what the referral engine reads)."""
        ties = self._records
        return [ties[t] for t in self._of.of(person_id)]

    def of(self, person_id: int) -> list[TieView]:
        """A person's ties, strongest first."""
        people = self.notebook.people.by_id
        views = [TieView(tie, people[tie.other(person_id)]) for tie in self.touching(person_id)]
        return sorted(views, key=lambda v: (-v.tie.strength, fold(v.other.name)))

    def between(self, a: int, b: int) -> Tie | None:
        of = self._of
        mine, theirs = of.of(a), of.of(b)
        if len(theirs) < len(mine):
            a, b, mine = b, a, theirs
        ties = self._records
        for tid in mine:
            tie = ties[tid]
            if tie.other(a) == b:
                return tie
        return None

    def all(self) -> list[Tie]:
        return list(self._records.values())

    # -- writes ----------------------------------------------------------------------------------

    @writes
    def add(self, a: int, b: int, *, relation: str = "", strength: int = 3, note: str = "") -> Tie:
        """Record that two people know each other; a second tie for the same pair updates it."""
        tie = Tie(a=a, b=b, relation=relation, strength=strength, note=note).validated()
        people = self.notebook.people
        people.get(a)
        people.get(b)
        existing = self.between(a, b)
        if existing is not None:
            tie = replace(tie, id=existing.id, uid=existing.uid, since=tie.since or existing.since)
            self.store.replace("ties", existing.id or 0, tie.to_doc())
            self._records[tie.id or 0] = tie  # indexed already, under the same pair
        else:
            tie = replace(tie, id=self.store.insert("ties", tie.to_doc()))
            self._records[tie.id or 0] = tie
            self._index(tie.id or 0, tie)
        self.notebook.referrals.graph_changed()
        return tie

    @writes
    def remove(self, tie_id: int) -> Tie:
        self.notebook.referrals.graph_changed()
        if tie_id not in self._records:
            raise NotFoundError(f"no tie with id {tie_id}")
        self.store.remove("ties", [tie_id])
        tie = self._records.pop(tie_id)
        for pid in (tie.a, tie.b):
            self._of.discard(pid, tie_id)
        return tie

    @writes
    def restore(self, tie: Tie) -> Tie:
        """Undo remove: the same tie back under its old id, unless its pair has a tie again
        (added since) or one of them was forgotten."""
        tid = tie.id
        if tid is None or tid in self._records:
            raise ValidationError("id", "that tie is in the notebook already")
        people = self.notebook.people
        if not (people.has(tie.a) and people.has(tie.b)):
            raise NotFoundError("one of those two people has been forgotten since")
        if self.between(tie.a, tie.b) is not None:
            raise ValidationError("b", "those two have a tie again already")
        self.store.restore("ties", tid, tie.to_doc())
        self._records[tid] = tie
        self._index(tid, tie)
        self.notebook.referrals.graph_changed()
        return tie

    def _index(self, tie_id: int, tie: Tie) -> None:
        self._of.add(tie.a, tie_id)
        self._of.add(tie.b, tie_id)

    def _forget(self, person_id: int) -> None:
        """Someone is being forgotten (People.forget): their ties go."""
        for tid in self._of.of(person_id):
            self.remove(tid)
