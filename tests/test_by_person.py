"""Each person's ids of a part's records (model.base.ByPerson), against a plain model."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from notebook.model.base import ByPerson

PEOPLE = st.integers(1, 4)
RECORDS = st.integers(1, 6)
STEP = st.one_of(
    st.tuples(st.just("add"), PEOPLE, RECORDS),
    st.tuples(st.just("discard"), PEOPLE, RECORDS),
    st.tuples(st.just("drop"), PEOPLE, st.just(0)),
)


@given(st.lists(st.tuples(PEOPLE, RECORDS)), st.lists(STEP))
def test_each_persons_ids_are_those_given_once_each_in_the_order_they_came(
    pairs: list[tuple[int, int]], steps: list[tuple[str, int, int]]
) -> None:
    records: dict[int, list[int]] = {}  # each record's people, as a part holds them
    for person, record in pairs:
        records.setdefault(record, []).append(person)
    index = ByPerson({record: tuple(people) for record, people in records.items()})
    model: dict[int, list[int]] = {}
    for record, people in records.items():
        for person in people:
            ids = model.setdefault(person, [])
            if record not in ids:
                ids.append(record)
    for step, person, record in steps:
        if step == "add":
            index.add(person, record)
            ids = model.setdefault(person, [])
            if record not in ids:
                ids.append(record)
        elif step == "discard":
            index.discard(person, record)
            if record in model.get(person, []):
                model[person].remove(record)
        else:
            index.drop(person)
            model.pop(person, None)
        model = {p: ids for p, ids in model.items() if ids}
        for p in range(0, 6):
            assert index.of(p) == tuple(model.get(p, ()))
        assert dict(index.items()) == {p: tuple(ids) for p, ids in model.items()}


def test_ids_held_are_a_tuple_that_a_later_write_leaves_as_it_was() -> None:
    index = ByPerson({10: (1,), 11: (1, 1)})  # a person named twice is there once
    mine = index.of(1)
    index.discard(1, 10)
    index.add(1, 12)
    assert mine == (10, 11) and index.of(1) == (11, 12)  # read while forgetting, say
    index.discard(1, 11)
    index.discard(1, 12)
    assert index.of(1) == () and 1 not in dict(index.items())


def test_someone_with_many_records_has_them_all_in_order_once_each() -> None:
    """Ten thousand conversations with one person (gathered in a list past the first few,
    see ByPerson.__init__), some naming them twice."""
    records = {i: (1, 2) if i % 2 else (1, 1) for i in range(1, 10_001)}
    index = ByPerson(records)
    assert index.of(1) == tuple(range(1, 10_001))
    assert index.of(2) == tuple(range(1, 10_001, 2))
