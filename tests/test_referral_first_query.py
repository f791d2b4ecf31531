"""The first referral query after opening indexes companies from what opening the notebook
read (who works and worked where), a company at a time, and answers exactly as the whole
graph did: before any write, while writes come in, and once every company is named."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from notebook.records import Person
from notebook.search import PersonIndex
from notebook.viewmodel import Notebook

from .test_referral_equivalence import (
    COMPANIES,
    TODAY,
    assert_same,
    full_graph,
    random_notebook,
    random_write,
    texts_for,
)


def reopened(path: Path, rng: random.Random, people: int) -> Notebook:
    """A random notebook as a later session opens it: nothing changed since it was read.
    Some people list a past company twice, as a file may hold it (a record read from the
    file is taken as it is)."""
    notebook = random_notebook(path, rng, people)
    listed = [p for p in notebook.people.iter() if p.past_companies]
    for person in rng.sample(listed, 5):
        doc = person.to_doc()
        doc["past_companies"] = [*person.past_companies, person.past_companies[0]]
        notebook.store.replace("people", person.id or 0, doc)
    notebook.close()
    return Notebook.open(path, today=TODAY)


def assert_same_without_naming_every_company(notebook: Notebook, texts: list[str]) -> None:
    """As assert_same, but leaving out completions, which index every company at once."""
    old = full_graph(notebook)
    new = notebook.referrals._engine()
    for text in texts:
        assert notebook.referrals.find(text) == old.paths(text), text
        assert notebook.referrals.find(text, limit=2) == old.paths(text, limit=2), text
        assert new.paths(text, direct=False, per_target=20) == old.paths(
            text, direct=False, per_target=20
        ), text
        assert new.resolve_target(text) == old.resolve_target(text), text
        assert new.company_name(text) == old.company_name(text), text


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_the_first_queries_answer_as_the_whole_graph(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    notebook = reopened(tmp_path / "nb.json", rng, people=80)
    try:
        people = list(notebook.people.iter())
        assert any(p.archived for p in people)
        assert any(len(set(p.past_companies)) < len(p.past_companies) for p in people)
        texts = texts_for(people)
        rng.shuffle(texts)
        referrals = notebook.referrals._engine()
        assert_same_without_naming_every_company(notebook, texts)
        # Each company was looked up as it was asked for: none of this read every record.
        assert referrals._resolved is not None and len(referrals._resolved) > 5
        # Each list of who worked somewhere holds each person once, as the whole index has it.
        assert all(len(set(pids)) == len(pids) for pids in referrals._worked.values())
        # Naming every company (the Refer screen's suggestions) indexes the rest at once.
        assert_same(notebook, texts[:40])
        assert referrals._resolved is None
    finally:
        notebook.close()


@pytest.mark.parametrize("seed", [21, 22])
def test_writes_after_the_first_query(tmp_path: Path, seed: int) -> None:
    """People change while only some companies were looked up: the rest are indexed from
    what was read at opening, as it was, before the change is applied."""
    rng = random.Random(seed)
    notebook = reopened(tmp_path / "nb.json", rng, people=40)
    try:
        assert notebook.referrals.find(COMPANIES[0]).total >= 0
        texts = texts_for(notebook.people.iter())
        for _ in range(40):
            random_write(notebook, rng)
            texts = sorted({*texts, *texts_for(notebook.people.iter())})
            assert_same_without_naming_every_company(notebook, rng.sample(texts, 10))
        assert_same(notebook, rng.sample(texts, 10))
    finally:
        notebook.close()


@pytest.mark.parametrize("write_first", [True, False])
def test_a_write_before_the_first_query(tmp_path: Path, write_first: bool) -> None:
    """What was read at opening is not used once people changed: the records are read."""
    rng = random.Random(31)
    notebook = reopened(tmp_path / "nb.json", rng, people=40)
    try:
        if not write_first:
            notebook.referrals.find("")  # made before the write, nothing indexed yet
        someone = next(p for p in notebook.people.iter() if p.company and not p.archived)
        notebook.people.archive(someone.id or 0)
        notebook.people.add(Person(name="Newcomer", company=someone.company))
        assert_same_without_naming_every_company(notebook, [someone.company, "Newcomer"])
        assert notebook.referrals._engine()._resolved is None  # indexed from the records
    finally:
        notebook.close()


def test_who_is_where_as_read_is_given_once_and_only_while_true() -> None:
    people = [
        Person(name="Ann", company="Acme", past_companies=("Globex", "Initech", "Globex"), id=1),
        Person(name="Bo", company="", past_companies=("Acme",), id=2),
        Person(name="Cy", company="Globex", archived=True, past_companies=("Acme",), id=3),
        Person(name="Di", company="Acme", id=4),
    ]
    index = PersonIndex(people)
    loaded = index.companies_as_loaded()
    assert loaded is not None
    assert list(zip(loaded.works_ids, loaded.works, strict=True)) == [(1, "Acme"), (4, "Acme")]
    assert list(zip(loaded.worked_ids, loaded.worked, strict=True)) == [
        (1, "Globex"),
        (1, "Initech"),
        (1, "Globex"),
        (2, "Acme"),
    ]
    # Equal spellings are one string: grouping them reads each once.
    assert loaded.works[0] is loaded.works[1] is loaded.worked[3]
    assert index.companies_as_loaded() is None  # given once
    again = PersonIndex(people)
    again.put(Person(name="Ed", company="Acme", id=5))
    assert again.companies_as_loaded() is None  # no longer who is where
    dropped = PersonIndex(people)
    dropped.drop(4)
    assert dropped.companies_as_loaded() is None
