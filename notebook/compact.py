"""A notebook file read straight into compact, typed documents instead of dicts.

orjson turns a 30,000-person notebook into 117,000 dicts: about 120 MB, most of the memory a
large notebook takes, and freeing them later gives little back (they lie among the strings
the records keep). msgspec decodes the same bytes into the structs below in two thirds of the
time and half the memory, and encodes them back in C. A document read so behaves as the
read-only mapping the store and the records already take (`get`, `[...]`, `keys`, `items`,
`==` with a dict), so nothing else needs to know which kind it holds; every document written
afterwards is a plain dict, as before.

Only a file this notebook wrote exactly fits (see `decode`): every field present, of exactly
its type, nothing unknown, no table missing or extra. Anything else (an older schema, a newer
one's extra fields, a hand edit) gets `None`, and the store reads it as dicts, where its
checks, repairs and migrations work as they always have.
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeAlias

import msgspec

from .records import ASK_STATUSES, FOLLOW_UP_BY, INTERACTION_KINDS

# Each row's fields are a record's to_doc() keys in the same order, plus `changes`, present
# only once a field was changed (see Store._tracked); a test checks both stay in step.
Changes = dict[str, list[str]]
_ABSENT: Any = msgspec.UNSET


# Lists are read as tuples: most are empty, and every empty tuple is one object, where each
# empty list would be one more; and a record takes a tuple as it is rather than copying it. The
# mapping side gives lists, as a dict read by orjson does, so documents compare as before.
People = tuple[int, ...]
Texts = tuple[str, ...]
# A field that holds one of a few words holds the one string object of that word, not a copy
# of it per record (msgspec gives a Literal's own string); a word it does not know (a newer
# notebook's) makes the file one to read as dicts.
if TYPE_CHECKING:
    Kind: TypeAlias = str
    By: TypeAlias = str
    Status: TypeAlias = str
else:  # the records' own vocabularies (a Literal of a tuple is a Literal of its words)
    Kind = Literal[INTERACTION_KINDS]
    By = Literal[FOLLOW_UP_BY]
    Status = Literal[ASK_STATUSES]


class Row(msgspec.Struct, frozen=True, gc=False, eq=False, forbid_unknown_fields=True):
    """One document, read-only: a Mapping of its fields to exactly what orjson would give."""

    NAMES: ClassVar[tuple[str, ...]] = ()  # the fields, set for each kind below

    def __getitem__(self, key: str) -> Any:
        if key in self.NAMES:
            value = getattr(self, key)
            if value is not _ABSENT:
                return list(value) if type(value) is tuple else value
        raise KeyError(key)

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self.NAMES and getattr(self, key) is not _ABSENT

    def as_dict(self) -> dict[str, Any]:
        """The document as the dict orjson would have read."""
        return {
            name: list(value) if type(value) is tuple else value
            for name in self.NAMES
            if (value := getattr(self, name)) is not _ABSENT
        }

    # The rest of Mapping's reading side, through a dict, so that views compare and combine
    # as a dict's do (`row.keys() | doc.keys()`). Only a write or a merge reads a document so.
    def keys(self) -> KeysView[str]:
        return self.as_dict().keys()

    def items(self) -> ItemsView[str, Any]:
        return self.as_dict().items()

    def values(self) -> ValuesView[Any]:
        return self.as_dict().values()

    def __iter__(self) -> Iterator[str]:
        return iter(self.as_dict())

    def __len__(self) -> int:
        return len(self.as_dict())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Row):
            return self.as_dict() == other.as_dict()
        if isinstance(other, dict):
            return self.as_dict() == other
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = None  # type: ignore[assignment]  # equal to a dict, so as unhashable as one


class PersonRow(Row, frozen=True):
    name: str
    company: str
    title: str
    past_companies: Texts
    emails: Texts
    phones: Texts
    location: str
    tags: Texts
    how_met: str
    met_via: int | None
    notes: str
    cadence_days: int | None
    snoozed_until: str | None
    connected_on: str | None
    linkedin_url: str
    source: str
    archived: bool
    created_at: str
    updated_at: str
    uid: str
    changes: Changes = _ABSENT


class InteractionRow(Row, frozen=True):
    when: str
    people: People
    kind: Kind
    place: str
    summary: str
    created_at: str
    uid: str
    changes: Changes = _ABSENT


class TieRow(Row, frozen=True):
    a: int
    b: int
    relation: str
    strength: int
    since: str | None
    note: str
    uid: str
    changes: Changes = _ABSENT


class FollowUpRow(Row, frozen=True):
    people: People
    text: str
    due: str | None
    by: By
    done_at: str | None
    interaction: int | None
    created_at: str
    uid: str
    changes: Changes = _ABSENT


class AskRow(Row, frozen=True):
    target: str
    person: int
    asked_on: str
    status: Status
    notes: str
    updated_at: str
    uid: str
    changes: Changes = _ABSENT


ROWS: dict[str, type[Row]] = {
    "people": PersonRow,
    "interactions": InteractionRow,
    "ties": TieRow,
    "followups": FollowUpRow,
    "asks": AskRow,
}

for _row in ROWS.values():
    _row.NAMES = _row.__struct_fields__
    Mapping.register(_row)

_Other = dict[str, dict[str, Any]]


class _File(msgspec.Struct, forbid_unknown_fields=True):
    # Every table required, so a file missing one is read the old way (which adds it, and
    # saves); the order is the one the store writes.
    people: dict[str, PersonRow]
    interactions: dict[str, InteractionRow]
    ties: dict[str, TieRow]
    followups: dict[str, FollowUpRow]
    asks: dict[str, AskRow]
    settings: _Other
    tombstones: _Other
    meta: _Other


_DECODER = msgspec.json.Decoder(_File)
_ENCODER = msgspec.json.Encoder()
_FILE_TABLES = _File.__struct_fields__


def decode(content: bytes) -> dict[str, dict[str, Any]] | None:
    """The file's tables with compact documents, or None if the file is not exactly of the
    shape this notebook writes (see the module's note): then read it as dicts."""
    try:
        file = _DECODER.decode(content)
    except (msgspec.ValidationError, msgspec.DecodeError):
        return None
    return {name: getattr(file, name) for name in _FILE_TABLES}


def encode(data: Mapping[str, Any]) -> bytes:
    """The notebook's tables as the file's bytes, whichever kind of document each holds:
    byte for byte what orjson.dumps gives for the same content in dicts."""
    return _ENCODER.encode(data)


def plain(data: Mapping[str, Any]) -> dict[str, Any]:
    """The data with every compact document as a dict (for the shape check, which reads dicts
    only); a table without one is the same table, not a copy."""
    return {
        name: {key: doc.as_dict() if isinstance(doc, Row) else doc for key, doc in table.items()}
        if any(isinstance(doc, Row) for doc in table.values())
        else table
        for name, table in data.items()
    }
