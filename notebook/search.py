"""People search: case- and accent-insensitive, ranked with name matches first."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import orjson

from .records import Person

# Rank buckets, best first.
NAME_PREFIX, NAME_WORD_PREFIX, NAME_SUBSTRING, OTHER_FIELD = range(4)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case and strip accents, so 'José' matches 'jose'."""
    if text.isascii():
        return text.lower()  # most text: no accents to strip, and no need to decompose
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _haystack(person: Person) -> str:
    parts = [person.company, person.title, *person.tags, *person.past_companies, person.notes]
    return fold(" ".join(p for p in parts if p))


@dataclass(frozen=True, slots=True)
class Shown:
    """What the shell prints for a search hit."""

    name: str
    role: str
    emails: tuple[str, ...]


class PersonIndex:
    """Folded text per person, kept up to date by the view model on every write."""

    def __init__(self, people: Iterable[Person] = ()) -> None:
        self._names: dict[int, str] = {}
        self._others: dict[int, str] = {}
        self._archived: set[int] = set()
        for person in people:
            self.put(person)

    def put(self, person: Person) -> None:
        assert person.id is not None
        self._names[person.id] = fold(person.name)
        self._others[person.id] = _haystack(person)
        if person.archived:
            self._archived.add(person.id)
        else:
            self._archived.discard(person.id)

    def drop(self, person_id: int) -> None:
        self._names.pop(person_id, None)
        self._others.pop(person_id, None)
        self._archived.discard(person_id)

    def ranked(
        self, query: str, *, limit: int | None = None, include_archived: bool = False
    ) -> list[int]:
        """Ids of the people matching every word: name prefix first, then by folded name."""
        names = self._names
        archived = self._archived
        hits = sorted(
            (rank, names[pid], pid)
            for rank, pid in self.matches(query)
            if include_archived or pid not in archived
        )
        return [pid for _, _, pid in hits[:limit]]

    # The search cache: the folded index plus what the shell prints, one JSON array a line, so
    # `notebook find` can answer without loading (or even parsing) the notebook file.

    def to_cache(self, people: Mapping[int, Person]) -> bytes:
        dumps = orjson.dumps
        return b"\n".join(
            dumps([pid, pid in self._archived, name, self._others[pid], p.name, p.role, p.emails])
            for pid, name in self._names.items()
            for p in (people[pid],)
        )

    @classmethod
    def from_cache(cls, payload: bytes) -> tuple[PersonIndex, dict[int, Shown]]:
        index = cls()
        shown: dict[int, Shown] = {}
        for line in payload.splitlines():
            pid, archived, name, others, display, role, emails = orjson.loads(line)
            index._names[pid] = name
            index._others[pid] = others
            if archived:
                index._archived.add(pid)
            shown[pid] = Shown(display, role, tuple(emails))
        return index, shown

    def folded_name(self, person_id: int) -> str:
        return self._names[person_id]

    def matches(self, query: str) -> list[tuple[int, int]]:
        """(rank, person id) for everyone matching every word of the query, unsorted."""
        words = fold(query).split()
        if not words:
            return [(NAME_PREFIX, pid) for pid in self._names]
        phrase = " ".join(words)
        others = self._others
        found: list[tuple[int, int]] = []
        for pid, name in self._names.items():
            if all(w in name for w in words):
                if name.startswith(phrase):
                    rank = NAME_PREFIX
                elif name.startswith(words[0]) or f" {words[0]}" in name:
                    rank = NAME_WORD_PREFIX
                else:
                    rank = NAME_SUBSTRING
            elif all(w in name or w in others[pid] for w in words):
                rank = OTHER_FIELD
            else:
                continue
            found.append((rank, pid))
        return found
