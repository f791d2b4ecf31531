"""Records read from the file (`from_doc`) are exactly what their constructors make: every field,
the id and uid too, the record's own class, still frozen; also for a subclass of a record, which
takes the constructor's path."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from notebook.records import FollowUp, Interaction, Person, ReferralAsk, Tie

text = st.text(max_size=12)
texts = st.lists(text, max_size=3).map(tuple)
days = st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 1, 1))
ids = st.integers(1, 10**6)

RECORDS: dict[type[Any], st.SearchStrategy[Any]] = {
    Person: st.builds(
        Person,
        name=text,
        company=text,
        title=text,
        past_companies=texts,
        emails=texts,
        phones=texts,
        location=text,
        tags=texts,
        how_met=text,
        met_via=st.none() | ids,
        notes=text,
        cadence_days=st.none() | st.integers(1, 3650),
        snoozed_until=st.none() | days,
        connected_on=st.none() | days,
        linkedin_url=text,
        source=text,
        archived=st.booleans(),
        created_at=text,
        updated_at=text,
        uid=text,
        id=ids,
    ),
    Interaction: st.builds(
        Interaction,
        when=days
        | st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2100, 1, 1)).map(
            lambda moment: moment.replace(microsecond=0)
        ),
        people=st.lists(ids, min_size=1, max_size=4).map(tuple),
        kind=text,
        place=text,
        summary=text,
        created_at=text,
        uid=text,
        id=ids,
    ),
    Tie: st.builds(
        Tie,
        a=ids,
        b=ids,
        relation=text,
        strength=st.integers(1, 5),
        since=st.none() | days,
        note=text,
        uid=text,
        id=ids,
    ),
    FollowUp: st.builds(
        FollowUp,
        people=st.lists(ids, min_size=1, max_size=4).map(tuple),
        text=text,
        due=st.none() | days,
        by=st.sampled_from(["me", "them"]),
        done_at=st.none() | text,
        interaction=st.none() | ids,
        created_at=text,
        uid=text,
        id=ids,
    ),
    ReferralAsk: st.builds(
        ReferralAsk,
        target=text,
        person=ids,
        asked_on=days,
        status=text,
        notes=text,
        updated_at=text,
        uid=text,
        id=ids,
    ),
}


def every_field(record: Any) -> dict[str, Any]:
    """All fields by name, those left out of == (id, uid) included, with their types."""
    return {
        f.name: (getattr(record, f.name), type(getattr(record, f.name)))
        for f in dataclasses.fields(record)
    }


def read_back(record: Any, cls: type[Any] | None = None) -> Any:
    doc = orjson.loads(orjson.dumps(record.to_doc()))
    return (cls or type(record)).from_doc(record.id, doc)


@given(st.one_of(*RECORDS.values()))
def test_a_record_read_back_is_the_one_its_constructor_makes(record: Any) -> None:
    back = read_back(record)
    assert type(back) is type(record)
    assert every_field(back) == every_field(record)
    assert back == record and hash(back) == hash(record)


@given(st.one_of(*RECORDS.values()))
def test_a_record_read_back_is_still_frozen(record: Any) -> None:
    back = read_back(record)
    with pytest.raises(dataclasses.FrozenInstanceError):
        back.id = 5
    with pytest.raises((AttributeError, TypeError)):
        back.anything_else = 1  # slots: no room for another attribute


@dataclasses.dataclass(frozen=True, slots=True)
class Contact(Person):
    """A record's subclass: not built the fast way, but read all the same."""


def test_a_subclass_of_a_record_is_read_through_its_constructor() -> None:
    person = Person(name="Dana", emails=("d@x.org",), snoozed_until=date(2026, 1, 2), id=7)
    back = read_back(person, Contact)
    assert type(back) is Contact
    assert every_field(back) == every_field(person)


def stored_form(value: Any) -> Any:
    """A field's value as the file keeps it: a day in ISO, a tuple as a list."""
    if isinstance(value, date):
        return value.isoformat()
    return list(value) if isinstance(value, tuple) else value


@given(st.one_of(*RECORDS.values()))
def test_a_document_holds_every_field_but_the_id_in_the_order_declared(record: Any) -> None:
    doc = record.to_doc()
    kept = [f.name for f in dataclasses.fields(record) if f.name != "id"]
    assert list(doc) == kept
    assert doc == {name: stored_form(getattr(record, name)) for name in kept}
    assert all(type(doc[name]) is list for name in kept if type(getattr(record, name)) is tuple)


def test_a_subclass_of_a_record_makes_the_same_document() -> None:
    contact = Contact(name="Dana", emails=("d@x.org",), snoozed_until=date(2026, 1, 2), id=7)
    person = Person(name="Dana", emails=("d@x.org",), snoozed_until=date(2026, 1, 2), id=7)
    assert contact.to_doc() == person.to_doc()
