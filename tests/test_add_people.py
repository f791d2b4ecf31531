"""People.add_many: many people in one write, validated there unless the caller already
validated each of them (an import, which validates every row while planning)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from notebook.records import Person, ValidationError
from notebook.viewmodel import Notebook

from .conftest import TODAY

Opener = Callable[[Path], Notebook]


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[Person]:
    """Every person Person.validated() is asked about (the real method runs)."""
    asked: list[Person] = []
    validated = Person.validated

    def counted(self: Person) -> Person:
        asked.append(self)
        return validated(self)

    monkeypatch.setattr(Person, "validated", counted)
    return asked


def test_people_are_validated_and_cleaned_unless_said_otherwise(
    tmp_path: Path, open_notebook: Opener, validations: list[Person]
) -> None:
    notebook = open_notebook(tmp_path / "nb.json")
    ann, bo = notebook.people.add_many([Person(name=" Ann\x1b[1m Lee"), Person(name="Bo", id=40)])
    assert len(validations) == 2
    assert (ann.name, bo.name) == ("Ann Lee", "Bo")
    with pytest.raises(ValidationError, match="name"):
        notebook.people.add_many([Person(name="Cy"), Person(name=" \x07 ")])
    assert notebook.people.count() == 2


def test_people_already_validated_are_not_validated_again(
    tmp_path: Path, open_notebook: Opener, validations: list[Person]
) -> None:
    notebook = open_notebook(tmp_path / "nb.json")
    ready = [Person(name="Ann Lee", emails=("ann@example.com",)).validated(), Person(name="Bo")]
    validations.clear()
    ann, bo = notebook.people.add_many(ready, validated=True)
    assert validations == []
    # Each still gets an id, a uid and the time it was added, as it is saved and read back.
    assert ann.id is not None and bo.id is not None and ann.id != bo.id
    assert ann.uid and bo.uid and ann.uid != bo.uid
    assert ann.created_at == ann.updated_at != ""
    assert (ann.name, ann.emails) == ("Ann Lee", ("ann@example.com",))
    notebook.close()
    again = Notebook.open(tmp_path / "nb.json", read_only=True, today=TODAY)
    try:
        assert again.people.get(ann.id) == ann and again.people.get(bo.id) == bo
    finally:
        again.close()


def test_what_depends_on_the_notebook_is_checked_even_for_validated_people(
    tmp_path: Path, open_notebook: Opener
) -> None:
    notebook = open_notebook(tmp_path / "nb.json")
    [ann] = notebook.people.add_many([Person(name="Ann", uid="ann-1")])
    before = (tmp_path / "nb.json").read_bytes()
    with pytest.raises(ValidationError, match="uid"):
        notebook.people.add_many([Person(name="Other Ann", uid="ann-1")], validated=True)
    with pytest.raises(ValidationError, match="uid"):
        notebook.people.add_many(
            [Person(name="Bo", uid="b"), Person(name="Cy", uid="b")], validated=True
        )
    with pytest.raises(ValidationError, match="met_via"):
        notebook.people.add_many([Person(name="Di", met_via=999)], validated=True)
    assert notebook.people.count() == 1 and (tmp_path / "nb.json").read_bytes() == before
    [di] = notebook.people.add_many([Person(name="Di", met_via=ann.id)], validated=True)
    assert di.met_via == ann.id


def test_a_restore_keeps_the_times_people_bring(tmp_path: Path, open_notebook: Opener) -> None:
    notebook = open_notebook(tmp_path / "nb.json")
    old = Person(name="Ann", created_at="2020-01-02T03:04:05", updated_at="2021-01-02T03:04:05")
    for validated in (False, True):
        [ann] = notebook.people.add_many(
            [replace(old, uid=f"a{validated}")], keep_times=True, validated=validated
        )
        assert (ann.created_at, ann.updated_at) == (old.created_at, old.updated_at)
        [bo] = notebook.people.add_many([replace(old, uid=f"b{validated}")], validated=validated)
        assert bo.created_at != old.created_at and bo.created_at == bo.updated_at
