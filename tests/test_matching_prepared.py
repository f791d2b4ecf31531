"""What the first name match builds (the name words, the search scan, the order among equal
matches) is built on another thread once the app is up (People.prepare): whatever is written
while it is built, and after, matching answers as in a notebook opened afresh."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from notebook.demo import build
from notebook.records import Person
from notebook.viewmodel import Notebook

from .conftest import TODAY
from .threads import on_a_thread

# A write: what, and to whom (an index into everyone, archived too).
WRITES = st.lists(
    st.tuples(st.sampled_from(["note", "rename", "add", "forget", "archive"]), st.integers(0, 99)),
    max_size=6,
)


def write(notebook: Notebook, kind: str, n: int) -> None:
    everyone = notebook.people.all(include_archived=True)
    person = everyone[n % len(everyone)]
    assert person.id is not None
    if kind == "note":  # who they talk to lately and most moves them among equal matches
        notebook.conversations.note([person.id], when=TODAY - timedelta(days=n % 9))
    elif kind == "rename":
        notebook.people.edit(replace(person, name=f"Dana {n} {person.name}"))
    elif kind == "add":
        notebook.people.add(Person(name=f"Dana Newman {n}"))
    elif kind == "forget" and len(everyone) > 1:
        notebook.people.forget(person.id)
    elif kind == "archive":
        notebook.people.archive(person.id, not person.archived)


def matched(notebook: Notebook, query: str) -> list[tuple[int | None, float, bool]]:
    return [(m.person.id, m.score, m.close) for m in notebook.people.match(query, limit=None)]


@settings(max_examples=25, deadline=None)
@given(
    while_built=WRITES,
    meanwhile_here=st.sampled_from(["nothing", "a name matched"]),
    after=WRITES,
)
def test_matching_prepared_on_a_thread_answers_as_a_notebook_opened_afresh(
    while_built: list[tuple[str, int]], meanwhile_here: str, after: list[tuple[str, int]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = build(Path(folder) / "demo.json", today=TODAY)
        notebook = Notebook.open(path, today=TODAY)
        try:
            assert not notebook.people.prepared
            prepared = notebook.people.prepare()
            assert prepared is not None
            for kind, n in while_built:  # written while it is built elsewhere
                write(notebook, kind, n)
            if meanwhile_here == "a name matched":  # built here before the thread is done
                notebook.people.match("da")
            on_a_thread(prepared)()
            assert notebook.people.prepared and notebook.people.prepare() is None
            for kind, n in after:
                write(notebook, kind, n)
            afresh = Notebook.open(path, read_only=True, today=TODAY)
            names = [p.name.lower() for p in afresh.people.all(include_archived=True)]
            typed = {w[:cut] for name in names for w in name.split() for cut in (1, 3)}
            for query in sorted(typed | {"dana", "dana newman"}):
                assert matched(notebook, query) == matched(afresh, query), query
        finally:
            notebook.close()
