"""A notebook file read straight into compact, typed documents instead of dicts.

orjson turns a 30,000-person notebook into 117,000 dicts: about 120 MB, most of the memory a
large notebook takes, and freeing them later gives little back (they lie among the strings
the records keep). msgspec decodes the same bytes into the structs below in less time and
two thirds of the memory, and encodes them back in C. A document read so behaves as the
read-only mapping the store and the records already take (`get`, `[...]`, `keys`, `items`,
`==` with a dict), so nothing else needs to know which kind it holds; every document written
afterwards is a plain dict, as before.

Only a file this notebook wrote fits (see `decode`): every field present, of exactly its
type, nothing unknown, no table missing or extra. Anything else (an older schema, a newer
one's extra fields, a hand edit) gets `None`, and the store reads it as dicts, where its
checks, repairs and migrations work as they always have.

Written back (see `check` and `Snapshot`), the file holds what orjson would write, refused
where orjson would refuse it, and byte for byte the same but for the order of fields: a struct
writes its fields in the notebook's own order, whatever order the file had them in (a merged
record's, say, which are sorted).
"""

from __future__ import annotations

from collections.abc import (
    Callable,
    ItemsView,
    Iterable,
    Iterator,
    KeysView,
    Mapping,
    ValuesView,
)
from functools import partial
from itertools import islice
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Optional, TypeAlias, cast

import msgspec
import orjson

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


def _as_read(value: Any) -> Any:
    """A field's value as orjson reads it: a list where the row holds a tuple."""
    return list(value) if type(value) is tuple else value


class Row(msgspec.Struct, frozen=True, gc=False, eq=False, forbid_unknown_fields=True):
    """One document, read-only: a Mapping of its fields to exactly what orjson would give."""

    NAMES: ClassVar[tuple[str, ...]] = ()  # the fields, set for each kind below

    def __getitem__(self, key: str) -> Any:
        if key in self.NAMES:
            value = getattr(self, key)
            if value is not _ABSENT:
                return _as_read(value)
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
            name: _as_read(value)
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


class _File(msgspec.Struct, forbid_unknown_fields=True):
    # Every table required, so a file missing one is read the old way (which adds it, and
    # saves); the order is the one the store writes. The small tables are left as their text
    # and read by orjson, so that what they hold is exactly what orjson reads (a number too
    # large for 64 bits is a float to orjson, an int to msgspec).
    people: dict[str, PersonRow]
    interactions: dict[str, InteractionRow]
    ties: dict[str, TieRow]
    followups: dict[str, FollowUpRow]
    asks: dict[str, AskRow]
    settings: msgspec.Raw
    tombstones: msgspec.Raw
    meta: msgspec.Raw


_DECODER = msgspec.json.Decoder(_File)
_ENCODER = msgspec.json.Encoder()
_FILE_TABLES = _File.__struct_fields__


# -- the words a large notebook repeats ----------------------------------------------------------
# Companies, titles, places, tags, relations, days and an import's timestamps repeat from
# record to record, and msgspec makes a string object of each one it reads: at 100,000 people
# the strings were most of the memory the notebook took. A large file is read with each of
# these fields' words held once (one object for every "Toronto"), through the decoder's hook:
# at 100,000 people that is 92 MB less, for about a third more time to open (some 1.5 s on
# this project's machine: see the README's Performance). At 30,000 people it would be 27 MB
# less, for a launch over its goal; that notebook takes some 190 MB, within its own, so a
# file that size is read as it was. Names, summaries, notes and ids are left alone: in a
# real notebook each is its own.
SHARED_FIELDS: dict[str, tuple[str, ...]] = {
    "people": (
        "company",
        "title",
        "past_companies",
        "location",
        "tags",
        "snoozed_until",
        "connected_on",
        "source",
        "created_at",
        "updated_at",
    ),
    "interactions": ("when", "place", "created_at"),
    "ties": ("relation", "since"),
    "followups": ("due", "done_at", "created_at"),
    "asks": ("target", "asked_on", "updated_at"),
}
# A file from this size up is read with its words shared (the huge tier's file is 111 MB,
# the large one's 33 MB).
SHARE_FROM = 64 * 2**20


class _TextThroughHook:
    """The type of a field read through the decoder's hook (`_sharer`), as msgspec reads it.

    msgspec takes an annotation with an `__origin__` for a generic type of the user's: it hands
    each value to the hook, and checks what the hook gives back against the origin. With str
    as the origin that check is Python's own, in C; a class of our own there (a metaclass
    deciding what is an instance) would make one more Python call for each of the million
    values a large file holds, which nearly doubled what sharing costs. A future msgspec that
    read this otherwise would refuse the file, which would then be read as dicts, whole; the
    tests of sharing would say so first."""

    __origin__ = str
    __args__ = ()


_TEXT: Any = _TextThroughHook()


def _shared_type(kind: Any) -> Any:
    """A field's type, read through the hook."""
    if kind is str:
        return _TEXT
    if kind == Texts:
        return tuple[_TEXT, ...]
    if kind == (str | None):
        return Optional[_TEXT]  # noqa: UP045 (the | of an object that is not a type)
    raise TypeError(f"no shared reading of {kind}")


def _sharing_row(row: type[Row], names: tuple[str, ...]) -> type[Row]:
    """`row`, with the fields `names` read through the hook (a subclass: the same fields, in
    the same order, written the same way)."""
    fields: list[Any] = []
    for field in msgspec.structs.fields(row):
        kind = _shared_type(field.type) if field.name in names else field.type
        if field.default is msgspec.NODEFAULT:
            fields.append((field.name, kind))
        else:
            fields.append((field.name, kind, field.default))
    made = msgspec.defstruct(row.__name__, fields, bases=(row,), frozen=True)
    return cast("type[Row]", made)  # a subclass of `row`, which defstruct's type does not say


_SHARING_ROWS = {table: _sharing_row(row, SHARED_FIELDS[table]) for table, row in ROWS.items()}
_SHARING_FILE = msgspec.defstruct(
    "_SharingFile",
    [
        (name, dict[str, _SHARING_ROWS[name]] if name in ROWS else msgspec.Raw)  # type: ignore[valid-type]
        for name in _FILE_TABLES
    ],
    forbid_unknown_fields=True,
)


def _sharer() -> Callable[[type, Any], Any]:
    """A decoder's hook that gives one object for each word, for one file's reading."""
    setdefault = dict[Any, Any]().setdefault

    def share(kind: type, value: Any) -> Any:
        if type(value) is str:
            return setdefault(value, value)
        return value  # not of the field's type: refused as such

    return share


def decode(content: bytes, *, share: bool | None = None) -> dict[str, dict[str, Any]] | None:
    """The file's tables with compact documents, or None if the file is not exactly of the
    shape this notebook writes (see the module's note): then read it as dicts, which also
    gives the reason for a file that cannot be read at all. The words of SHARED_FIELDS are
    held once each where `share` says so; by default, in a file from SHARE_FROM up."""
    if share is None:
        share = len(content) >= SHARE_FROM
    try:
        if share:  # a decoder of its own: the words it holds go when the reading ends
            file = msgspec.json.Decoder(_SHARING_FILE, dec_hook=_sharer()).decode(content)
        else:
            file = _DECODER.decode(content)
        data = {name: getattr(file, name) for name in _FILE_TABLES}
        for name in _FILE_TABLES:
            if name not in ROWS:
                table = data[name] = orjson.loads(memoryview(data[name]))
                if type(table) is not dict:
                    return None
    except (msgspec.MsgspecError, ValueError, RecursionError):
        # Not JSON, not of this shape, not UTF-8, or nested deeper than msgspec reads.
        return None
    if share:
        _share_keys(data)
    return data


def _share_keys(data: dict[str, dict[str, Any]]) -> None:
    """Once the file is read, each number one key string whichever tables it keys: every
    record table numbers its records from "1" (at 100,000 people, 7 MB less; made in C, where
    the hook would take a Python call for each key). Sharing the people a tie or a
    conversation names as well saves another 8 MB, but rebuilding those rows took 0.4 s."""
    longest = max((data[name] for name in ROWS), key=len)
    numbers = dict(zip(longest, longest, strict=True))
    for name in ROWS:
        table = data[name]
        if table is not longest:
            data[name] = dict(zip(map(numbers.get, table, table), table.values(), strict=True))


def check(
    data: Mapping[str, Mapping[Any, Any]],
    changed: Iterable[tuple[str, Any]],
    *,
    compact: bool,
    known: dict[tuple[str, Any], Any],
) -> dict[tuple[str, Any], Any]:
    """Refuse what orjson would refuse among the documents written since the last save, and
    say which of them the file must hold in another spelling.

    `changed` names those documents, as (table, key). Each is given to orjson where it sits in
    the file, two levels down, so that what orjson refuses (nesting deeper than 255 in the
    file, a number beyond 64 bits, a set, bytes, a key that is not text) is refused here,
    rather than written into a file that could then not be read again; everything else was
    read from the file, so orjson took it already. Where memory is `compact`, a record table's
    document that msgspec would write otherwise than orjson (a subclass of str, an aware
    datetime: never a record's own values) is returned, (table, key) -> what orjson wrote of
    it, to be put in memory in its place: that is what the file then holds and a reload reads.

    A document of the other tables (settings, tombstones, meta) is checked only where it
    differs from the one `known` holds for it, as read or last checked (which it then
    becomes): the objects the two share are not written again, so changing one setting does
    not write a synced folder's state (15 MB at 30,000 people) on the app's thread."""
    dumps = orjson.dumps
    respelt: dict[tuple[str, Any], Any] = {}
    for table, key in changed:
        doc = data.get(table, {}).get(key)
        if doc is None or isinstance(doc, Row):
            known.pop((table, key), None)  # a removed document is not held for nothing
            continue
        if table not in ROWS and (table, key) in known:
            # As the table (one container down) holds it: its key is checked too.
            _check_new({key: doc}, {key: known[table, key]}, 1)
            known[table, key] = doc
            continue
        placed = dumps({table: {key: doc}})  # raises what orjson refuses, at the file's depth
        if table not in ROWS:
            known[table, key] = doc
        elif compact:
            own = placed[len(dumps(table)) + len(dumps(key)) + 4 : -2]
            try:
                same = _ENCODER.encode(doc) == own
            except (TypeError, ValueError):
                same = False
            if not same:
                respelt[table, key] = orjson.loads(own)
    return respelt


def _check_new(value: Any, before: Any, depth: int) -> None:
    """Give orjson what of `value`, found `depth` containers down in the file, is not an
    object of `before` at the same place (documents are never changed in place, so that was
    checked already), nested as deep, so that it refuses what it would refuse in the file."""
    if value is before:
        return
    if type(value) is dict and type(before) is dict:
        for key, item in value.items():
            if type(key) is not str:
                raise TypeError("Dict key must be str")
            if key in before:
                _check_new(item, before[key], depth + 1)
            else:  # a new key is text orjson must take too (not a lone surrogate, say)
                _dumps_at({key: item}, depth)
        return
    _dumps_at(value, depth)


def _dumps_at(value: Any, depth: int) -> bytes:
    """orjson's bytes of `value` as it sits `depth` containers down in the file: refused
    where orjson would refuse the whole file for it (nested too deeply there, say)."""
    if not depth:
        return orjson.dumps(value)
    for _ in range(depth):
        value = [value]  # orjson counts a list's depth as a dict's
    return orjson.dumps(value)[depth:-depth]


# Documents written per call: each call holds the GIL, so the app's thread waits at most for
# one such call (about a millisecond) while a save's content is made on the saver's thread.
_CHUNK = 1000


class Snapshot:
    """The notebook's tables as they stand, to be written out as the file's bytes later, on
    another thread. It holds the table dicts themselves, not copies (copying 100,000 people's
    tables takes the app's thread 25 ms): whoever made it must not change a table in place
    until `write` has returned; the store copies a table first instead (see Store._changing).
    The documents are never changed in place, by anyone.

    The bytes are just what orjson would write of the whole: where memory is `compact` the
    record tables are written by msgspec, which writes a row's text, numbers and lists as
    orjson does (and `check` saw to the documents it would not), and the rest by orjson."""

    def __init__(self, data: Mapping[str, Any], *, compact: bool) -> None:
        self._tables = [
            (name, table, _ENCODER.encode if compact and name in ROWS else orjson.dumps)
            for name, table in data.items()
        ]

    @property
    def tables(self) -> list[Any]:
        """The tables it holds, which must not change until the bytes are made."""
        return [table for _, table, _ in self._tables]

    def write(self) -> bytes:
        """The file's bytes, in one call that holds the GIL throughout: the quickest way."""
        return _ENCODER.encode(
            {
                name: table if dumps is not orjson.dumps else msgspec.Raw(orjson.dumps(table))
                for name, table, dumps in self._tables
            }
        )

    def write_in_chunks(self) -> bytes:
        """The same bytes, made a thousand documents at a time (see _CHUNK), for a thread
        beside the app's. Joining the parts is one more copy, which bytes.join makes without
        holding the GIL (only bytes, no memoryview, let it do so)."""
        return b"".join(self.pieces())

    def pieces(self) -> list[bytes]:
        """The file's bytes in the pieces write_in_chunks makes, each in one call."""
        parts: list[bytes] = [b"{"]
        for n, (name, table, dumps) in enumerate(self._tables):
            parts += (b"," if n else b"", orjson.dumps(name), b":")
            if name not in ROWS:
                _write_parts(table, parts, 1)
            elif type(table) is not dict or not table:
                parts.append(dumps(table))
            else:
                _write_chunks(table, dumps, parts)
        parts.append(b"}")
        return parts


def _write_parts(value: Any, parts: list[bytes], depth: int) -> None:
    """orjson's bytes of `value`, found `depth` containers down in the file, appended to
    `parts` a piece at a time: a dict of more than _CHUNK items a thousand items a call, a
    smaller one key by key, so that no one large document (a synced folder's state: 15 MB at
    30,000 people) is made in one call either. Each piece is judged at its depth, so what
    orjson would refuse in the whole file (a value changed in place since it was checked,
    nested too deeply there) is refused here too."""
    if type(value) is not dict or not value:
        parts.append(_dumps_at(value, depth))
        return
    if len(value) > _CHUNK:
        _write_chunks(value, partial(_dumps_at, depth=depth), parts)
        return
    opening = b"{"
    for key, item in value.items():
        if type(key) is not str:  # refused as orjson refuses it, not written as a number
            raise TypeError("Dict key must be str")
        parts += (opening, orjson.dumps(key), b":")
        _write_parts(item, parts, depth + 1)
        opening = b","
    parts.append(b"}")


def _write_chunks(value: dict[Any, Any], dumps: Any, parts: list[bytes]) -> None:
    """A non-empty dict's bytes appended to `parts`, _CHUNK items per call of `dumps`."""
    items = iter(value.items())
    opening = b"{"
    while chunk := dict(islice(items, _CHUNK)):
        parts += (opening, dumps(chunk)[1:-1])  # its items, unbraced
        opening = b","
    parts.append(b"}")


def checkable(data: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of the data of builtins only, made in C, for the shape check (which takes the
    tuples of compact documents for lists)."""
    result: dict[str, Any] = msgspec.to_builtins(data)
    return result


def plain(data: Mapping[str, Any]) -> dict[str, Any]:
    """The data with every compact document as a dict (for the shape check, which reads dicts
    only); a table without one is the same table, not a copy."""
    return {
        name: {key: doc.as_dict() if isinstance(doc, Row) else doc for key, doc in table.items()}
        if any(isinstance(doc, Row) for doc in table.values())
        else table
        for name, table in data.items()
    }
