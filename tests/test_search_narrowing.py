"""People search narrows the previous matches as a query grows, and answers exactly as a search
of everyone does: the same people, in the same order.

`full_search` is the rule as written before narrowing: every person, every word, then sorted.
Random notebooks and random typing (letters, spaces, backspaces, queries typed afresh), with
people added, edited, archived and dropped between queries, must always get its answer.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    MultipleResults,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)

from notebook import search
from notebook.records import Person
from notebook.search import PersonIndex, extends, fold
from notebook.viewmodel import Notebook

from .conftest import TODAY
from .threads import on_a_thread

NAME_PREFIX, NAME_WORD_PREFIX, NAME_SUBSTRING, OTHER_WORD, OTHER_FIELD = range(5)


def full_search(
    people: Iterable[Person], query: str, *, include_archived: bool = False
) -> list[int]:
    """Ids of everyone matching every word: names before other fields, then by name, then id."""
    words = fold(query).split()
    phrase = " ".join(words)
    found: list[tuple[int, str, int]] = []
    for person in people:
        assert person.id is not None
        if person.archived and not include_archived:
            continue
        name = fold(person.name)
        parts = [
            person.company,
            person.title,
            *person.tags,
            *person.past_companies,
            person.notes,
        ]
        others = fold(" ".join(p for p in parts if p))
        if all(w in name for w in words):
            if name.startswith(phrase):
                rank = NAME_PREFIX
            elif name.startswith(words[0]) or f" {words[0]}" in name:
                rank = NAME_WORD_PREFIX
            else:
                rank = NAME_SUBSTRING
        elif all(w in name or w in others for w in words):
            spaced = f" {others}"
            rank = OTHER_WORD if all(f" {w}" in spaced for w in words) else OTHER_FIELD
        else:
            continue
        found.append((rank, name, person.id))
    return [pid for _, _, pid in sorted(found)]


# Few letters, so that words are shared and queries match; accents, a ß and a ligature that
# fold to other lengths, a newline (a file's text is trusted as it is) and punctuation.
LETTERS = "abnAé É-ßﬁ"
text = st.text(alphabet=LETTERS + "\n", max_size=9)
typed = st.text(alphabet=LETTERS, min_size=1, max_size=3)
queries = st.text(alphabet=LETTERS, max_size=8)


@st.composite
def people(draw: st.DrawFn) -> Person:
    return Person(
        name=draw(st.text(alphabet=LETTERS + "\n", min_size=1, max_size=12)),
        company=draw(text),
        title=draw(text),
        tags=tuple(draw(st.lists(text, max_size=2))),
        past_companies=tuple(draw(st.lists(text, max_size=2))),
        notes=draw(text),
        archived=draw(st.booleans()),
    )


class Typing(RuleBasedStateMachine):
    """Someone types into the People search while people change under it."""

    ids = Bundle("ids")

    def __init__(self) -> None:
        super().__init__()
        self.people: dict[int, Person] = {}
        self.index = PersonIndex()
        self.query = ""
        self.next_id = 1

    def _new(self, person: Person) -> int:
        # Ids out of order, as a merged file may hold them: ties of name go by id, not by
        # whoever came first.
        pid = self.next_id * 7919 % 10007
        self.next_id += 1
        self.people[pid] = replace(person, id=pid)
        return pid

    @initialize(target=ids, everyone=st.lists(people(), min_size=1, max_size=30))
    def open(self, everyone: list[Person]) -> MultipleResults[int]:
        added = [self._new(p) for p in everyone]
        self.index = PersonIndex(self.people.values())
        return multiple(*added)

    @rule(letters=typed)
    def type_more(self, letters: str) -> None:
        self.query += letters

    @rule(count=st.integers(1, 4))
    def backspace(self, count: int) -> None:
        self.query = self.query[:-count]

    @rule(query=queries)
    def type_afresh(self, query: str) -> None:
        self.query = query

    @rule(target=ids, person=people())
    def add(self, person: Person) -> int:
        pid = self._new(person)
        self.index.put(self.people[pid])
        return pid

    @rule(pid=ids, person=people())
    def edit(self, pid: int, person: Person) -> None:
        if pid in self.people:
            self.people[pid] = replace(person, id=pid)
            self.index.put(self.people[pid])

    @rule(pid=ids)
    def archive(self, pid: int) -> None:
        if pid in self.people:
            old = self.people[pid]
            self.people[pid] = replace(old, archived=not old.archived)
            self.index.put(self.people[pid])

    @rule(pid=consumes(ids))
    def drop(self, pid: int) -> None:
        if pid in self.people:
            del self.people[pid]
            self.index.drop(pid)

    @invariant()
    def answers_as_a_search_of_everyone(self) -> None:
        everyone = list(self.people.values())
        fresh = PersonIndex(everyone)
        for archived in (False, True):
            expected = full_search(everyone, self.query, include_archived=archived)
            got = self.index.ranked(self.query, include_archived=archived)
            assert got == expected, (self.query, archived)
            assert fresh.ranked(self.query, include_archived=archived) == expected
        assert self.index.ranked(self.query, limit=2) == full_search(everyone, self.query)[:2]


@pytest.mark.parametrize("thresholds", ["as shipped", "tiny"])
def test_narrowed_searches_answer_as_a_search_of_everyone(
    thresholds: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if thresholds == "tiny":
        # Every fallback taken with a handful of people: the search strings built again after
        # two changes and given up on past a few lines, the name order sorted again after
        # three, and only three recent queries kept.
        monkeypatch.setattr(search, "STALE_MOST", 1)
        monkeypatch.setattr(search, "REORDER_MOST", 3)
        monkeypatch.setattr(search, "RECENT_MOST", 3)
    run_state_machine_as_test(
        Typing, settings=settings(max_examples=150, stateful_step_count=40, deadline=None)
    )


def test_what_extends_a_query() -> None:
    assert extends(("hannah",), ("hanna",))
    assert extends(("hanna", "l"), ("hanna",))
    assert extends(("l", "hanna"), ("hanna",))  # a word typed in front
    assert extends(("ahanna",), ("hanna",))
    assert extends(("acme", "robotics"), ("rob", "acm"))
    assert extends(("anything",), ())
    assert not extends(("hann",), ("hanna",))  # a backspace
    assert not extends(("hanna",), ("hanna", "l"))
    assert not extends(("bob",), ("hanna",))


class Counting(PersonIndex):
    """The real index, noting how many people each query ranked."""

    def __init__(self, people: Iterable[Person]) -> None:
        self.pools: list[tuple[tuple[str, ...], int]] = []
        super().__init__(people)

    def _rank(self, words: tuple[str, ...], pool: Iterable[int]) -> search._Found:
        pool = list(pool)
        self.pools.append((words, len(pool)))
        return super()._rank(words, pool)


def test_a_growing_query_ranks_only_the_previous_matches() -> None:
    names = ["Hannah Lind", "Hanna Berg", "Johan Hall", "Shannon Ek", "Ada Han", "Bo Dahl"]
    everyone = [Person(name=n, id=i) for i, n in enumerate(names, 1)]
    everyone += [Person(name=f"Person {i}", id=i) for i in range(7, 300)]
    index = Counting(everyone)
    assert index.ranked("han") == [2, 1, 5, 3, 4]
    index.pools.clear()
    assert index.ranked("hann") == [2, 1, 4]
    assert index.ranked("hanna") == [2, 1]
    assert index.ranked("hanna l") == [1]
    # Each query ranked only who matched the one before.
    assert index.pools == [(("hann",), 5), (("hanna",), 3), (("hanna", "l"), 2)]
    # Backspacing returns to answers already worked out: nobody is ranked again.
    assert index.ranked("hanna") == [2, 1]
    assert index.ranked("hann") == [2, 1, 4]
    assert len(index.pools) == 3
    # A query that extends none of them is a search of those who have its longest word.
    assert index.ranked("dahl") == [6]
    assert index.pools[-1] == (("dahl",), 1)
    # A change to anyone forgets the recent answers: the next query ranks afresh.
    index.put(Person(name="Hannah Nyberg", id=7))
    assert index.ranked("hanna") == [2, 1, 7]
    assert index.pools[-1][1] > 2


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    everyone=st.lists(people(), min_size=1, max_size=12),
    steps=st.lists(
        st.one_of(
            st.tuples(st.just("type"), typed),
            st.tuples(st.just("backspace"), st.integers(1, 3)),
            st.tuples(st.just("afresh"), queries),
            st.tuples(st.just("add"), people()),
            st.tuples(st.just("edit"), st.integers(0, 40), people()),
            st.tuples(st.just("archive"), st.integers(0, 40)),
            st.tuples(st.just("forget"), st.integers(0, 40)),
        ),
        max_size=25,
    ),
)
def test_the_people_list_filters_as_a_search_of_everyone(
    everyone: list[Person], steps: list[tuple[object, ...]]
) -> None:
    """Through the view model, with writes saved to a real notebook file between queries."""
    with tempfile.TemporaryDirectory() as folder:
        notebook = Notebook.open(Path(folder) / "nb.json", today=TODAY)
        try:
            notebook.people.add_many([replace(p, name=p.name.strip() or "x") for p in everyone])
            query = ""
            for step in steps:
                kind = step[0]
                ids = sorted(p.id or 0 for p in notebook.people.all(include_archived=True))
                if kind == "type":
                    query += str(step[1])
                elif kind == "backspace":
                    query = query[: -int(str(step[1]))]
                elif kind == "afresh":
                    query = str(step[1])
                elif kind == "add":
                    person = step[1]
                    assert isinstance(person, Person)
                    notebook.people.add(replace(person, name=person.name.strip() or "x"))
                elif ids:
                    pid = ids[int(str(step[1])) % len(ids)]
                    old = notebook.people.get(pid)
                    if kind == "edit":
                        new = step[2]
                        assert isinstance(new, Person)
                        edited = replace(new, id=pid, name=new.name.strip() or "x")
                        notebook.people.edit(edited)
                    elif kind == "archive":
                        notebook.people.archive(pid, not old.archived)
                    else:
                        notebook.people.forget(pid)
                stored = notebook.people.all(include_archived=True)
                expected = full_search(stored, query)
                assert [p.id for p in notebook.people.search(query)] == expected, query
                archived = full_search(stored, query, include_archived=True)
                assert [
                    p.id for p in notebook.people.search(query, include_archived=True)
                ] == archived
                # The People list: no words is everyone by name, as people() gives them.
                assert [p.id for p in notebook.people.listing(query)] == expected
                in_archive = [p.id for p in notebook.people.listing(query, archived=True)]
                assert in_archive == [pid for pid in archived if notebook.people.get(pid).archived]
                if not query.strip():
                    assert notebook.people.listing(query) == notebook.people.all()
        finally:
            notebook.close()


def test_people_of_the_same_name_go_by_id() -> None:
    everyone = [Person(name=f"Filler {i}", id=i) for i in range(1, 21) if i not in (2, 9)]
    everyone += [Person(name="Zed Same", id=9), Person(name="Zed Same", id=2)]
    assert PersonIndex(everyone).ranked("zed") == [2, 9]
    assert PersonIndex(everyone).ranked("z") == [2, 9]
    assert PersonIndex(everyone).ranked("same") == [2, 9]


# -- built on another thread ----------------------------------------------------------------------


# A change to the people: what, to whom (an id that may not be there: then someone new), and
# what they become.
changes = st.lists(
    st.tuples(st.sampled_from(["add", "edit", "archive", "drop"]), st.integers(1, 25), people()),
    max_size=8,
)


def apply(
    index: PersonIndex, everyone: dict[int, Person], made: list[tuple[str, int, Person]]
) -> None:
    for kind, pid, person in made:
        if kind == "drop" and pid in everyone:
            del everyone[pid]
            index.drop(pid)
            continue
        if kind == "archive" and pid in everyone:
            person = replace(everyone[pid], archived=not everyone[pid].archived)
        everyone[pid] = replace(person, id=pid)
        index.put(everyone[pid])


@pytest.mark.parametrize("thresholds", ["as shipped", "tiny"])
def test_what_is_built_on_another_thread_answers_as_built_here(
    thresholds: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if thresholds == "tiny":  # a prepared scan given up on past two changes
        monkeypatch.setattr(search, "STALE_MOST", 1)

    @settings(max_examples=150, deadline=None)
    @given(
        st.lists(people(), min_size=1, max_size=20),
        changes,
        st.sampled_from(["nothing", "a name matched", "a search"]),
        changes,
    )
    def check(
        start: list[Person],
        while_built: list[tuple[str, int, Person]],
        meanwhile_here: str,
        after: list[tuple[str, int, Person]],
    ) -> None:
        everyone = {n: replace(p, id=n) for n, p in enumerate(start, 1)}
        index = PersonIndex(everyone.values())
        build = index.prepare()
        assert build is not None
        apply(index, everyone, while_built)  # changes made while it is built elsewhere
        if meanwhile_here == "a name matched":  # the name words built here before it ends
            index.name_matches("ab")
        elif meanwhile_here == "a search":  # and the scan
            index.ranked("ab")
        on_a_thread(build)()
        apply(index, everyone, after)
        fresh = PersonIndex(everyone.values())
        typed = {
            w[:cut] for p in everyone.values() for w in fold(p.name).split() for cut in (1, 2, 4)
        }
        typed |= {fold(p.company).strip()[:3] for p in everyone.values()} - {""}
        for query in sorted(typed):
            got, want = index.name_matches(query), fresh.name_matches(query)
            assert (got.scores, got.close, got.typos) == (want.scores, want.close, want.typos)
            assert index.ranked(query) == full_search(everyone.values(), query), query

    check()


def test_a_prepared_build_is_put_in_use_once_and_nothing_is_built_again() -> None:
    everyone = [Person(name=name, id=n) for n, name in enumerate(["Ann Lee", "Bob Ray"], 1)]
    index = PersonIndex(everyone)
    assert not index.prepared
    build = index.prepare()
    assert build is not None
    again = index.prepare()  # copied again: the first copy's build is not taken
    assert again is not None
    index.put(Person(name="Ann Ray", id=3))  # while the builds were under way
    on_a_thread(build)()
    on_a_thread(again)()
    assert index.prepared and index.prepare() is None  # nothing left to build
    assert set(index.name_matches("ann").scores) == {1, 3}
    assert index.ranked("ray") == [3, 2]
