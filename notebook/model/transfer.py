"""Transfer: the writes that bring many records in at once, an import, a merge and a restore,
each one save, after which every part is built again from the store (`notebook.transfer`).
They touch every table, so no single part owns them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from ..records import FollowUp, Interaction, Person, ReferralAsk, Tie, ValidationError
from .base import Part, writes


class Transfer(Part):
    """Bulk writes across every table."""

    def is_empty(self) -> bool:
        """Nobody and nothing in it yet (settings aside)."""
        notebook = self.notebook
        parts = (
            notebook.people,
            notebook.conversations,
            notebook.ties,
            notebook.follow_ups,
            notebook.asks,
        )
        return not any(part.by_id for part in parts)

    def ids_are_free(self, table: str, ids: Iterable[int]) -> bool:
        """Whether records could be put under these ids: none in use, none handed out before
        (ids are never reused), each in the range a file may hold."""
        return self.store.ids_are_free(table, ids)

    @writes
    def add_records(
        self,
        interactions: Sequence[Interaction] = (),
        ties: Sequence[Tie] = (),
        follow_ups: Sequence[FollowUp] = (),
        asks: Sequence[ReferralAsk] = (),
    ) -> list[int]:
        """Add many records in one file write (an import), then rebuild the indexes once.
        Returns the new conversations' ids, in order."""
        ready_interactions = [replace(i, id=None).validated() for i in interactions]
        ready_ties = [replace(t, id=None).validated() for t in ties]
        ready_follow_ups = [replace(f, id=None).validated() for f in follow_ups]
        ready_asks = [replace(a, id=None).validated() for a in asks]
        people = {p for i in ready_interactions for p in i.people}
        people |= {p for t in ready_ties for p in (t.a, t.b)}
        people |= {p for f in ready_follow_ups for p in f.people}
        people |= {a.person for a in ready_asks}
        for pid in people:
            self.notebook.people.get(pid)
        store = self.store
        with store.batch():
            ids = store.insert_many("interactions", [i.to_doc() for i in ready_interactions])
            store.insert_many("ties", [t.to_doc() for t in ready_ties])
            store.insert_many("followups", [f.to_doc() for f in ready_follow_ups])
            store.insert_many("asks", [a.to_doc() for a in ready_asks])
        self.notebook._load()
        return ids

    @writes
    def put_tables(self, data: Mapping[str, Mapping[str, dict[str, Any]]]) -> None:
        """Make the whole notebook exactly `data` (a merge's result, which brings its own uids,
        change stamps and tombstones), in one save, and rebuild every index from it."""
        with self.store.exactly():
            self.store.replace_all({name: dict(table) for name, table in data.items()})
        self.notebook._load()

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
        notebook = self.notebook
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
        notebook.people._check_uids(ready_people)
        people_ids = notebook.people.by_id.keys() | {p.id for p in ready_people}
        interaction_ids = notebook.conversations.by_id.keys() | {i.id for i in ready_interactions}
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
        pairs: set[tuple[int, int]] = set()
        for t in ready_ties:
            if notebook.ties.between(t.a, t.b) is not None or (t.a, t.b) in pairs:
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
        store = self.store
        with store.batch():
            for table, docs in tables.items():
                store.insert_with_ids(table, docs)
        notebook._load()
