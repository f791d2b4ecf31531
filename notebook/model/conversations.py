"""Conversations: the Journal, each person's timeline, and noting, editing, deleting and
bringing back a conversation (`notebook.conversations`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from operator import attrgetter
from typing import Literal

from ..capture import Capture
from ..records import FollowUp, Interaction, Person, ValidationError, now_stamp
from ..search import fold
from .base import ByPerson, NotFoundError, RecordsPart, writes


@dataclass(frozen=True, slots=True)
class NewPerson:
    """Someone named in a note who is not in the notebook yet."""

    name: str


Who = int | NewPerson


@dataclass(frozen=True, slots=True)
class NoteResult:
    interaction: Interaction
    created: tuple[Person, ...]
    follow_up: FollowUp | None

    @property
    def people_ids(self) -> tuple[int, ...]:
        return self.interaction.people


@dataclass(frozen=True, slots=True)
class DeletedConversation:
    """A deleted conversation and the follow-ups that were promised in it: all an undo needs."""

    interaction: Interaction
    follow_ups: tuple[int, ...]


class Conversations(RecordsPart[Interaction]):
    """Every conversation by id, and each person's."""

    TABLE = "interactions"
    RECORD = Interaction
    WHAT = "interaction"

    def _load(self) -> None:
        super()._load()
        self._of = ByPerson(self._records, attrgetter("people"))
        # The Journal's newest-first order and each conversation's folded search text, built
        # on the first journal() and dropped by every write: filtering 50,000 stays instant.
        self._journal: tuple[list[Interaction], dict[int, str]] | None = None

    def _after_write(self, *, afresh: bool) -> None:
        # Any write may have changed a conversation or a name the Journal's search reads.
        self._journal = None

    # -- lookups ---------------------------------------------------------------------------------

    def ids_of(self, person_id: int) -> Sequence[int]:
        """The ids of a person's conversations, in no order."""
        return self._of.of(person_id)

    def counts(self) -> dict[int, int]:
        """How many conversations each person has, for everyone who has any."""
        return {pid: len(iids) for pid, iids in self._of.items()}

    def days_of(self, person_id: int) -> list[date]:
        """The day of each of a person's conversations, in no order."""
        interactions = self._records
        return [interactions[i].day for i in self._of.of(person_id)]

    def talk_days(self) -> Iterator[tuple[int, set[int]]]:
        """Everyone who has had a conversation, with the days (ordinals) of theirs: what
        days_of gives person by person, for everyone at once as the notebook opens."""
        # A datetime's toordinal() is its day's: no need for each record's `day`.
        ordinal = {iid: i.when.toordinal() for iid, i in self._records.items()}.__getitem__
        for pid, iids in self._of.items():
            yield pid, set(map(ordinal, iids))

    def find(self, interaction_id: int | None) -> Interaction | None:
        """The conversation, or None if there is no such id (or it was deleted)."""
        return self._records.get(interaction_id) if interaction_id is not None else None

    def journal(self, query: str = "") -> list[Interaction]:
        """Conversations newest first; a query keeps those whose people, kind, place or summary
        contain every word."""
        if self._journal is None:
            ordered = sorted(self._records.values(), key=_newest_first)
            self._journal = (ordered, {})
        ordered, texts = self._journal
        words = fold(query).split()
        if not words:
            return list(ordered)
        chosen = []
        for interaction in ordered:
            iid = interaction.id or 0
            text = texts.get(iid)
            if text is None:
                text = texts[iid] = self._text(interaction)
            if all(w in text for w in words):
                chosen.append(interaction)
        return chosen

    def _text(self, interaction: Interaction) -> str:
        people = self.notebook.people
        folded = people.index.folded_name
        names = " ".join(folded(p) for p in interaction.people if people.has(p))
        fields = (interaction.kind, interaction.place, interaction.summary)
        return " ".join([names, *map(fold, fields)])

    def timeline(self, person_id: int) -> list[Interaction]:
        """A person's conversations, newest first."""
        return sorted((self._records[i] for i in self._of.of(person_id)), key=_newest_first)

    # -- writes ----------------------------------------------------------------------------------

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
        self._check_happened(when)
        people = self.notebook.people
        new_people = [Person(name=w.name).validated() for w in who if isinstance(w, NewPerson)]
        for pid in (w for w in who if isinstance(w, int)):
            people.get(pid)
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
                    person = people.add(replace(next(fresh), source="note"))
                    created.append(person)
                    ids.append(person.id or 0)
                else:
                    ids.append(w)
            interaction = replace(draft, people=tuple(dict.fromkeys(ids)), created_at=now_stamp())
            interaction = self._store(interaction)
            made = None
            if follow_text:
                made = self.notebook.follow_ups.add(
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
    def edit(self, interaction: Interaction) -> Interaction:
        """Save a changed conversation. The follow-ups promised in it follow its people (see
        FollowUps._follow_conversation): moved to the right person, it takes them along."""
        old = self.get(interaction.id or 0)
        for pid in interaction.people:
            self.notebook.people.get(pid)
        if interaction.when != old.when:
            self._check_happened(interaction.when)
        interaction = replace(interaction.validated(), created_at=old.created_at)
        saved = self._store(interaction)
        self.notebook.follow_ups._follow_conversation(saved.id or 0, old.people, saved.people)
        return saved

    @writes
    def put_back(
        self, interaction: Interaction, follow_ups: Iterable[FollowUp] = ()
    ) -> Interaction:
        """Undo an edit: the conversation as it was, and `follow_ups` (those promised in it,
        as they were) with their people again; without anyone forgotten since, as forgetting
        them would have done (as restore does for a deleted one)."""
        people = tuple(p for p in interaction.people if self.notebook.people.has(p))
        if not people:
            raise NotFoundError("everyone in that conversation has been forgotten since")
        saved = self.edit(replace(interaction, people=people))
        self.notebook.follow_ups._put_people_back(follow_ups)
        return saved

    @writes
    def delete(self, interaction_id: int) -> DeletedConversation:
        """Delete a conversation. Follow-ups promised in it are kept, unlinked (a promise
        outlives the talk it was made in); the result holds what restore needs to put
        everything back as it was."""
        interaction = self.get(interaction_id)
        linked = self.notebook.follow_ups.promised_in(interaction_id)
        self._drop(interaction_id)
        return DeletedConversation(interaction, linked)

    @writes
    def restore(self, deleted: DeletedConversation) -> Interaction:
        """Undo delete: the conversation back under its old id, its follow-ups linked to it
        again. Anyone forgotten since is left out, as forgetting them would have done."""
        interaction = deleted.interaction
        iid = interaction.id
        if iid is None:
            raise NotFoundError("the conversation to restore has no id")
        if iid in self._records:
            raise ValidationError("id", "that conversation is in the notebook already")
        people = tuple(p for p in interaction.people if self.notebook.people.has(p))
        if not people:
            raise NotFoundError("everyone in that conversation has been forgotten since")
        interaction = replace(interaction, people=people)
        self.store.restore("interactions", iid, interaction.to_doc())
        self._records[iid] = interaction
        for pid in people:
            self._of.add(pid, iid)
            self._refresh(pid)
        self.notebook.follow_ups._relink(deleted.follow_ups, iid)
        return interaction

    def _check_happened(self, when: date) -> None:
        """A conversation is noted once it has happened: one dated after today ("tomorrow"
        typed into When) would read "last talked: tomorrow", and a plan is a follow-up."""
        day = when.date() if isinstance(when, datetime) else when
        if day > self.notebook.today:
            raise ValidationError(
                "when",
                "that is after today: note a conversation once it has happened, and a "
                "plan as a follow-up",
            )

    def _store(self, interaction: Interaction) -> Interaction:
        """Insert or replace a conversation and bring the contact indexes up to date."""
        if interaction.id is None:
            iid = self.store.insert("interactions", interaction.to_doc())
            interaction = replace(interaction, id=iid)
            before: tuple[int, ...] = ()
        else:
            iid = interaction.id
            before = self._records[iid].people
            self.store.replace("interactions", iid, interaction.to_doc())
        self._records[iid] = interaction
        for pid in set(before) - set(interaction.people):
            self._of.discard(pid, iid)
        for pid in set(interaction.people) - set(before):
            self._of.add(pid, iid)
        for pid in set(before) | set(interaction.people):
            self._refresh(pid)
        return interaction

    def _drop(self, interaction_id: int) -> None:
        # The store first: if it refuses (read-only), the indexes must still match it.
        self.store.remove("interactions", [interaction_id])
        interaction = self._records.pop(interaction_id)
        for pid in interaction.people:
            self._of.discard(pid, interaction_id)
            self._refresh(pid)
        # A follow-up promised in this conversation outlives it, unlinked in the same write: a
        # link to nothing would be dropped, with a warning, on the next open, and until then
        # an export would hold a link its own import refuses.
        self.notebook.follow_ups._unlink(interaction_id)

    def _refresh(self, person_id: int) -> None:
        """A person's conversations changed: what is worked out from them follows."""
        self.notebook.upkeep.talks_changed(person_id)
        self.notebook.people._talks_changed(person_id)

    def _forget(self, person_id: int) -> None:
        """Someone is being forgotten (People.forget): conversations with others are kept
        without them, the ones with nobody else go."""
        for iid in self._of.of(person_id):
            interaction = self._records[iid]
            rest = tuple(p for p in interaction.people if p != person_id)
            if rest:
                self._store(replace(interaction, people=rest))
            else:
                self._drop(iid)
        self._of.drop(person_id)


def _newest_first(interaction: Interaction) -> tuple[int, int, int]:
    when = interaction.when
    seconds = when.hour * 3600 + when.minute * 60 if isinstance(when, datetime) else 0
    return (-when.toordinal(), -seconds, -(interaction.id or 0))
