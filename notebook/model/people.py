"""People: everyone in the notebook, the search index over them, who a typed name means, and
adding, editing, archiving and forgetting them (`notebook.people`)."""

from __future__ import annotations

import bisect
import heapq
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, Literal

from ..records import Person, ValidationError, new_uid, now_stamp
from ..search import EXACT, PersonIndex, fold, name_words
from ..store import without_gc
from .base import NotFoundError, RecordsPart, writes

PeopleOrder = Literal["name", "last contact", "overdue"]
PEOPLE_ORDERS: tuple[PeopleOrder, ...] = ("name", "last contact", "overdue")
# Past this many people in one write, the name order is sorted again rather than kept in
# order one insertion at a time (each of which moves the list).
BULK = 200


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
class PersonMatch:
    """Someone a typed name may mean (see People.match)."""

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


def _match_order(person_id: int, name: str, day: int | None, talks: int) -> MatchOrder:
    """Whom you talk to lately and most first: by the week you last talked (`day`, an
    ordinal; weeks of the calendar, so the order holds from one day to the next), then by how
    many conversations, then by the day; people never talked to after them; then by name."""
    if day is None:
        return (1, 0, 0, name, person_id)
    return (-(day // 7), -talks, -day, name, person_id)


def _match_orders(
    ids: Iterable[int],
    name: Callable[[int], str],
    talked: Mapping[int, int],
    talks: Callable[[int], int],
) -> dict[int, MatchOrder]:
    """_match_order for each of `ids`."""
    day = talked.get
    return {pid: _match_order(pid, name(pid), day(pid), talks(pid)) for pid in ids}


@dataclass(frozen=True, slots=True)
class Resolution:
    """Who a typed name means, for callers that need one answer (see People.resolve)."""

    text: str
    kind: ResolutionKind
    person: Person | None = None  # found: the one person it means
    candidates: tuple[Person, ...] = ()  # ambiguous: everyone it could be, likeliest first
    suggestions: tuple[Person, ...] = ()  # unknown: the closest names, if any are near


# A name and, in brackets at its end, what tells its namesakes apart: "John Smith (Initech)".
_QUALIFIED = re.compile(r"(?P<name>.*\S)\s*\((?P<which>[^()]*)\)")


def _described_by(person: Person, words: list[str]) -> bool:
    """Whether each word starts a word of the person's company, title or location."""
    theirs = fold(f"{person.company} {person.title} {person.location}").split()
    return all(any(word.startswith(w) for word in theirs) for w in words)


class People(RecordsPart[Person]):
    """Everyone in the notebook, by id, with the folded search index over them."""

    TABLE = "people"
    RECORD = Person
    WHAT = "person"

    def _load(self) -> None:
        super()._load()
        # The folded search index (search.py); the other parts read folded names from it.
        self.index = PersonIndex(self._records.values())
        # Everyone as (folded name, id), in that order: the People list's order, sorted on the
        # first all() and then kept in order by each write, so a list never re-sorts 30,000.
        self._name_order: list[tuple[str, int]] | None = None
        self._by_uid: dict[str, int] | None = None  # see _uid_index
        # How match orders equally good matches, per person: built on the first match (or
        # by prepare), then kept up to date by _put and _talks_changed.
        self._match_order: dict[int, MatchOrder] | None = None
        # Who changed since prepare() copied what the match order is made from.
        self._since_copy: set[int] | None = None

    # -- lookups ---------------------------------------------------------------------------------

    def all(self, *, include_archived: bool = False) -> list[Person]:
        """Everyone, by name."""
        people = self._records
        if self._name_order is None:
            folded = self.index.folded_name
            self._name_order = sorted((folded(pid), pid) for pid in people)
        everyone = (people[pid] for _, pid in self._name_order)
        return [p for p in everyone if include_archived or not p.archived]

    def _unorder(self, person_id: int) -> None:
        """Take a person out of the name order (before their name changes, or they go)."""
        order = self._name_order
        if order is None or person_id not in self._records:
            return
        key = (self.index.folded_name(person_id), person_id)
        at = bisect.bisect_left(order, key)
        if at < len(order) and order[at] == key:
            del order[at]

    def archived_count(self) -> int:
        # Kept by the search index: the People status line asks on every keystroke.
        return self.index.archived_count()

    def search(
        self, query: str, *, limit: int | None = None, include_archived: bool = False
    ) -> list[Person]:
        """People matching every word, name-prefix matches first, then by name."""
        ranked = self.index.ranked(query, limit=limit, include_archived=include_archived)
        return list(map(self._records.__getitem__, ranked))

    def listing(
        self, query: str = "", order: PeopleOrder = "name", *, archived: bool = False
    ) -> list[Person]:
        """The People list: search results (ranked) or everyone (by name), optionally re-sorted
        by most recent contact or by how overdue each relationship is; `archived` lists the
        archive instead of everyone else."""
        # The search index answers an empty query too (everyone, by name), from its own name
        # order: no pass over everyone to leave the archived out, or in.
        ids = self.index.ranked(query, archived_only=archived)
        people = list(map(self._records.__getitem__, ids))
        if order == "last contact":
            return self.notebook.upkeep.by_last_contact(people)
        if order == "overdue":
            # Most overdue first, by the days the Status column shows; then the rest.
            return self.notebook.upkeep.by_overdue(people)
        return people

    def renamed(self, person_id: int) -> bool:
        """Whether the person's name was changed since they came into the notebook (by an
        edit, an import or a merge): an import then leaves it as it is (importer.merged). The
        notebook keeps no record of which it was, so a name an import changed once stays too:
        of the two ways to be wrong, a name a file changes back was the one that lost work."""
        doc = self.store.get("people", person_id)
        return doc is not None and "name" in (doc.get("changes") or {})

    def find_by_name(self, name: str) -> list[Person]:
        """People whose name equals this one, ignoring case and accents."""
        wanted = fold(" ".join(name.split()))
        folded = self.index.folded_name
        return [p for p in self._records.values() if folded(p.id or 0) == wanted]

    def archived_named(
        self, text: str, *, limit: int = 8, exclude: Iterable[int] = ()
    ) -> list[PersonMatch]:
        """Archived people whose whole name this is: who a name means when nobody kept up with
        has it (resolve_anyone, and the picker, which offers them first)."""
        found = self.match(text, limit=limit, include_archived=True, exclude=exclude)
        return [m for m in found if m.exact and m.person.archived]

    def has_namesake(self, person: Person) -> bool:
        """Whether someone else kept up with has this person's whole name: then the name alone
        does not say which of them is meant (see records.told_apart). Read from the name index,
        never a pass over everyone."""
        exclude = () if person.id is None else (person.id,)
        return any(m.exact for m in self.match(person.name, limit=1, exclude=exclude))

    def namesakes(self, new_names: Iterable[str]) -> dict[str, list[Person]]:
        """Of the names of people about to be added, each one the notebook already holds, with
        who holds it: such a "new" person is more likely someone already here, so adding them
        takes a second, deliberate yes (a form's question, a shell's --force)."""
        found: dict[str, list[Person]] = {}
        for name in new_names:
            same = self.find_by_name(name)
            if not same and _QUALIFIED.fullmatch(name.strip()):
                # "John Smith (Initech) (new)": the John Smith at Initech is already here.
                meant = self.resolve(name)
                same = [meant.person] if meant.person is not None else []
            if same:
                found[name] = same
        return found

    def by_uid(self, uid: str) -> Person | None:
        pid = self._uid_index().get(uid) if uid else None
        return None if pid is None else self._records[pid]

    def _uid_index(self) -> dict[str, int]:
        """uid → person id, built on first use (opening the notebook needs none of it)."""
        if self._by_uid is None:
            self._by_uid = {p.uid: pid for pid, p in self._records.items()}
        return self._by_uid

    # -- who a typed name means: the one rule for the picker, "Met via", the palette and the shell

    def match(
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
            found = self.index.name_matches(
                text, include_archived=include_archived, exclude=frozenset(exclude)
            )
            ranked = self._rank(found.scores, limit, context)
        scores = found.scores
        people = self._records
        matches = [
            PersonMatch(
                people[pid], scores[pid], found.close, found.close and pid not in found.typos
            )
            for pid in ranked
        ]
        if matches and matches[0].exact:
            return matches
        # Namesakes told apart in brackets (see resolve): they are what was typed, exactly.
        told = self._told_apart(text, include_archived=include_archived, exclude=exclude)
        if told:
            return [PersonMatch(p, EXACT, True, True) for p in told[:limit]]
        return matches

    def resolve_anyone(self, text: str, *, limit: int = 8) -> Resolution:
        """`resolve` among the people kept up with, except that someone archived whose whole
        name this is, when nobody kept up with has it, is who it means ("Anna" is the archived
        Anna, not an active Ana nor an active Anna Smith): the rule of the picker (see
        PersonPicker), for the shell's names and the one-line log. Archived people are never
        taken by part of a name."""
        resolution = self.resolve(text, limit=limit)
        whole = " ".join(text.split())
        if resolution.person is not None and fold(resolution.person.name) == fold(whole):
            return resolution
        archived = tuple(m.person for m in self.archived_named(whole, limit=limit))
        if len(archived) == 1:
            return Resolution(text, "found", person=archived[0])
        if archived:
            return Resolution(text, "ambiguous", candidates=archived)
        return resolution

    def resolve(
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
        closest names as suggestions; a typo'd match is only ever suggested, never taken.

        People who share a name are told apart by what follows it in brackets, matched
        against the start of a word of their company, title or place: "John Smith (Initech)".
        """
        plain = self._resolve(text, include_archived=include_archived, exclude=exclude, limit=limit)
        if plain.kind == "found":
            return plain
        chosen = self._told_apart(text, include_archived=include_archived, exclude=exclude)
        if len(chosen) == 1:
            return Resolution(text, "found", person=chosen[0])
        if chosen:
            return Resolution(text, "ambiguous", candidates=chosen[:limit])
        return plain

    def _told_apart(
        self, text: str, *, include_archived: bool, exclude: Iterable[int]
    ) -> tuple[Person, ...]:
        """For "John Smith (Initech)": the people the name before the brackets means whom
        the words in them describe; nobody for a name without brackets."""
        qualified = _QUALIFIED.fullmatch(text.strip())
        if qualified is None:
            return ()
        words = fold(qualified["which"]).split()
        broad = self._resolve(
            qualified["name"], include_archived=include_archived, exclude=exclude, limit=None
        )
        pool = (broad.person,) if broad.person is not None else broad.candidates
        return tuple(p for p in pool if words and _described_by(p, words))

    def _resolve(
        self, text: str, *, include_archived: bool, exclude: Iterable[int], limit: int | None
    ) -> Resolution:
        with without_gc():  # as in match
            found = self.index.name_matches(
                text, include_archived=include_archived, exclude=frozenset(exclude)
            )
            scores = found.scores
            people = self._records
            if found.close:
                exact = {pid: s for pid, s in scores.items() if s >= EXACT}
                sure = exact or {pid: s for pid, s in scores.items() if pid not in found.typos}
                if not exact:
                    # Part of a name is taken only with a whole word of it: "dan" is Dana
                    # only in a list the user reads (the picker); in the shell or the log a
                    # new Dan would be filed under Dana unseen. "Dana N" is Dana Nguyen.
                    typed = fold(text).split()
                    folded = self.index.folded_name
                    sure = {
                        pid: s
                        for pid, s in sure.items()
                        if not set(typed).isdisjoint(name_words(folded(pid)))
                    }
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
        """_match_order_of for everyone at once, on the first match: 30,000 in 65 ms."""
        talks = self.notebook.conversations.ids_of
        return _match_orders(
            list(self._records),
            self.index.folded_name,
            self.notebook.upkeep.talked_days,
            lambda pid: len(talks(pid)),
        )

    def _match_order_of(self, person_id: int) -> MatchOrder:
        talks = len(self.notebook.conversations.ids_of(person_id))
        day = self.notebook.upkeep.talked_days.get(person_id)
        return _match_order(person_id, self.index.folded_name(person_id), day, talks)

    @property
    def prepared(self) -> bool:
        """Whether the first name match has nothing left to build."""
        return self.index.prepared and self._match_order is not None

    def prepare(self) -> Callable[[], Callable[[], None]] | None:
        """What the first name match builds, built on another thread so that the first letter
        typed into a name does not wait for it: the index's name words and scan (see
        PersonIndex.prepare) and the order among equal matches (65 ms of that letter's 75 at
        30,000 people). As there: call the result on that thread, and what it returns back on
        this one. None when there is nothing left to build."""
        if self.prepared:
            return None
        # Copied here: the thread reads nothing this one may change meanwhile.
        names = self.index.folded_names()
        build_index = self.index.prepare(names)
        if self._match_order is not None:
            return build_index
        ids = list(self._records)
        talked = dict(self.notebook.upkeep.talked_days)
        talks = self.notebook.conversations.counts()
        since = self._since_copy = set()

        def build() -> Callable[[], None]:
            adopt_index = build_index() if build_index is not None else None
            orders = _match_orders(ids, names.__getitem__, talked, lambda pid: talks.get(pid, 0))

            def adopt() -> None:
                if adopt_index is not None:
                    adopt_index()
                if self._since_copy is not since:
                    return  # copied again since: that build's answer is the one to take
                self._since_copy = None
                if self._match_order is None:  # not built here by a match meanwhile
                    for pid in since:
                        if pid in self._records:
                            orders[pid] = self._match_order_of(pid)
                        else:
                            orders.pop(pid, None)
                    self._match_order = orders

            return adopt

        return build

    def _talks_changed(self, person_id: int) -> None:
        """Someone's conversations changed: where they come among equal matches may move."""
        self._changed_since_copy(person_id)
        if self._match_order is not None and person_id in self._records:
            self._match_order[person_id] = self._match_order_of(person_id)

    # -- writes ----------------------------------------------------------------------------------

    @writes
    def add(self, person: Person) -> Person:
        """Someone new: a uid of their own unless they bring one (from an import)."""
        person = replace(person, id=None).validated()
        self._check_met_via(person)
        stamp = now_stamp()
        person = replace(person, created_at=stamp, updated_at=stamp, uid=person.uid or new_uid())
        self._check_uids([person])
        pid = self.store.insert("people", person.to_doc())
        return self._put(replace(person, id=pid))

    @writes
    def add_many(
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
        return [self._put(Person.from_doc(pid, doc)) for doc, pid in zip(docs, ids, strict=True)]

    def _check_uids(self, new: Sequence[Person], uids: Sequence[str] | None = None) -> None:
        """No two people share a uid: the file would be refused on its next open. `uids` are
        the new people's, when they are given apart from the records (see add_many)."""
        taken = self._uid_index()
        fresh: set[str] = set()
        for uid in [p.uid for p in new] if uids is None else uids:
            if uid in taken or uid in fresh:
                raise ValidationError(
                    "uid", f"{uid!r} is the uid of someone already in the notebook"
                )
            fresh.add(uid)

    @writes
    def edit_many(self, people: Sequence[Person], *, keep_times: bool = False) -> list[Person]:
        """Save many edited people in one table write. A uid never changes. `keep_times`
        keeps the updated_at they bring (a restore linking people it has just put back)."""
        stamp = now_stamp()
        ready = []
        for person in people:
            old = self.get(person.id or 0)
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
        return [self._put(p) for p in ready]

    @writes
    def put_back(self, old: Person, edited: Person) -> Person:
        """Undo of an edit from `old` to `edited`: each field the edit changed as it was, the
        rest (a snooze or a cadence set since) as it is now."""
        changed = {
            f.name: getattr(old, f.name)
            for f in fields(Person)
            if f.name != "updated_at" and getattr(old, f.name) != getattr(edited, f.name)
        }
        return self.edit(replace(self.get(old.id or 0), **changed))

    @writes
    def edit(self, person: Person) -> Person:
        """Save an edited person. Their uid is theirs for good: whatever `person` says, the
        stored one stays."""
        if person.id is None:
            raise NotFoundError("the person to edit has no id")
        old = self.get(person.id)
        person = replace(
            person, created_at=old.created_at, updated_at=old.updated_at, uid=old.uid
        ).validated()
        if person == old:
            # Saved with nothing changed: the record, its time and the file stay as they were
            # (a new time would read, to a copy on another device, as an edit to merge).
            return old
        self._check_met_via(person)
        person = replace(person, updated_at=now_stamp())
        self.store.replace("people", person.id or 0, person.to_doc())
        return self._put(person)

    def _check_met_via(self, person: Person) -> None:
        if person.met_via is not None and person.met_via not in self._records:
            raise ValidationError(
                "met_via", "the person they were met through is not in the notebook"
            )

    def _put(self, person: Person) -> Person:
        assert person.id is not None
        self.notebook.referrals.graph_changed()
        self._unorder(person.id)
        self._records[person.id] = person
        if self._by_uid is not None:
            self._by_uid[person.uid] = person.id
        self.index.put(person)
        if self._name_order is not None:
            bisect.insort(self._name_order, (self.index.folded_name(person.id), person.id))
        self.notebook.upkeep.person_changed(person.id)
        self._changed_since_copy(person.id)
        if self._match_order is not None:
            self._match_order[person.id] = self._match_order_of(person.id)
        return person

    def _changed_since_copy(self, person_id: int) -> None:
        if self._since_copy is not None:
            self._since_copy.add(person_id)

    @writes
    def archive(self, person_id: int, archived: bool = True) -> Person:
        return self.edit(replace(self.get(person_id), archived=archived))

    def forget_impact(self, person_id: int) -> ForgetImpact:
        """Counts of what `forget` would remove or change."""
        self.get(person_id)
        notebook = self.notebook
        conversations = notebook.conversations.by_id
        alone = with_others = 0
        for iid in notebook.conversations.ids_of(person_id):
            if len(conversations[iid].people) > 1:
                with_others += 1
            else:
                alone += 1
        follow_ups = notebook.follow_ups.by_id
        theirs = [follow_ups[f] for f in notebook.follow_ups.ids_of(person_id)]
        shared = sum(1 for f in theirs if len(f.people) > 1)
        return ForgetImpact(
            conversations_deleted=alone,
            conversations_kept=with_others,
            ties=len(notebook.ties.ids_of(person_id)),
            follow_ups_deleted=len(theirs) - shared,
            follow_ups_kept=shared,
            asks=len(notebook.asks.ids_of(person_id)),
            met_via_links=sum(1 for p in self._records.values() if p.met_via == person_id),
        )

    @writes
    def forget(self, person_id: int) -> None:
        """Remove a person and every trace of them: conversations left with nobody, ties,
        follow-ups, referral asks, and 'met via' links."""
        from ..vdir import forget_in_sync_state

        forgotten_uid = self.get(person_id).uid
        notebook = self.notebook
        store = self.store
        with store.batch():
            # A contacts folder's sync state holds their card's fields: they go too.
            settings = forget_in_sync_state(store.settings(), forgotten_uid)
            if settings is not None:
                store.replace_settings(settings)
            notebook.conversations._forget(person_id)
            notebook.ties._forget(person_id)
            notebook.follow_ups._forget(person_id)
            notebook.asks._forget(person_id)
            for other in [p for p in self._records.values() if p.met_via == person_id]:
                self.edit(replace(other, met_via=None))
            store.remove("people", [person_id])
        self._unorder(person_id)
        forgotten = self._records.pop(person_id)
        if self._by_uid is not None:
            self._by_uid.pop(forgotten.uid, None)
        self._changed_since_copy(person_id)
        if self._match_order is not None:
            self._match_order.pop(person_id, None)
        notebook.referrals.graph_changed()
        self.index.drop(person_id)
        notebook.upkeep.forget(person_id)
