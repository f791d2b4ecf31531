"""The search cache beside the notebook: `notebook find` answers from it only while it matches
the notebook file exactly, and always gives what a full load would."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from notebook.cli import cached_find, main
from notebook.records import Person
from notebook.search import PersonIndex
from notebook.store import Store, cache_files, read_cache
from notebook.viewmodel import SEARCH_CACHE, Notebook

from .conftest import TODAY

Opener = Callable[[Path], Notebook]
QUERIES = ["dana", "acme", "engineer", "o", "mentor", "zz-nobody", "ANDRÉS", "former colleague"]


def full_search(path: Path, query: str) -> list[tuple[str, str, tuple[str, ...]]]:
    with Store.open(path, read_only=True) as store:
        notebook = Notebook(store, today=TODAY)
        return [(p.name, p.role, p.emails) for p in notebook.people.search(query)]


def cached(path: Path, query: str) -> list[tuple[str, str, tuple[str, ...]]] | None:
    hits = cached_find(path, query, None)
    return None if hits is None else [(h.name, h.role, h.emails) for h in hits]


@pytest.mark.parametrize("query", QUERIES)
def test_cached_results_equal_a_full_search(
    demo_file: Path, open_notebook: Opener, query: str
) -> None:
    open_notebook(demo_file)  # a writer open builds the cache
    assert cached(demo_file, query) == full_search(demo_file, query)


def test_the_cache_is_rebuilt_at_close_after_people_change(
    demo_file: Path, open_notebook: Opener
) -> None:
    notebook = open_notebook(demo_file)
    dana = notebook.people.search("dana")[0]
    # A note that changes nobody keeps the cache valid: its stamp follows the file.
    notebook.conversations.note([dana.id or 0], when=TODAY, summary="Coffee")
    assert cached(demo_file, "dana") == full_search(demo_file, "dana")
    notebook.people.edit(replace(dana, name="Dana Renamed"))
    assert cached(demo_file, "renamed") is None  # void until rebuilt; find loads the file
    notebook.people.add(Person(name="Zelda Newcomer"))
    notebook.close()
    assert cached(demo_file, "renamed") == full_search(demo_file, "renamed") != []
    assert cached(demo_file, "zelda") == [("Zelda Newcomer", "", ())]
    again = open_notebook(demo_file)
    again.people.archive(dana.id or 0)
    again.close()
    assert cached(demo_file, "renamed") == [] == full_search(demo_file, "renamed")


def test_a_file_changed_elsewhere_makes_the_cache_void(
    demo_file: Path, open_notebook: Opener
) -> None:
    notebook = open_notebook(demo_file)
    assert read_cache(demo_file, SEARCH_CACHE) is not None
    notebook.close()
    demo_file.write_bytes(demo_file.read_bytes().replace(b"Dana", b"Dina"))
    assert read_cache(demo_file, SEARCH_CACHE) is None
    assert cached(demo_file, "dina") is None  # the shell falls back to loading the file


def test_a_tampered_cache_is_not_trusted(demo_file: Path, open_notebook: Opener) -> None:
    open_notebook(demo_file)
    data, stamp = cache_files(demo_file, SEARCH_CACHE)
    data.write_bytes(data.read_bytes().replace(b"dana", b"xana"))
    assert read_cache(demo_file, SEARCH_CACHE) is None
    assert stamp.stat().st_mode & 0o777 == 0o600 and data.stat().st_mode & 0o777 == 0o600


def test_read_only_opens_write_no_cache(demo_file: Path) -> None:
    with Store.open(demo_file, read_only=True) as store:
        Notebook(store, today=TODAY)
    assert not cache_files(demo_file, SEARCH_CACHE)[0].exists()


def test_find_builds_the_cache_when_it_can_and_answers_the_same(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(demo_file), "find", "dana"]) == 0
    first = capsys.readouterr().out
    assert read_cache(demo_file, SEARCH_CACHE) is not None  # built by that first search
    assert main(["--db", str(demo_file), "find", "dana"]) == 0
    assert capsys.readouterr().out == first


def test_cache_round_trip_keeps_ranking_and_archived() -> None:
    people = {
        1: Person(name="Ana Ruiz", company="Banana Co", id=1),
        2: Person(name="Anabel Lee", id=2),
        3: Person(name="Old Ana", archived=True, id=3),
    }
    index = PersonIndex(people.values())
    again, shown = PersonIndex.from_cache(index.to_cache(people))
    for query in ("ana", "banana", "lee", ""):
        assert again.ranked(query) == index.ranked(query)
    assert 3 not in again.ranked("ana") and 3 in again.ranked("ana", include_archived=True)
    assert shown[1].role == "Banana Co"
