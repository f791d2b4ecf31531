"""The whole notebook as one JSON file: everything out, and back in exactly.

    {"format": "notebook", "schema": 2, "exported_at": ..., "settings": {...},
     "people": [{"id": 1, "uid": ..., "created_at": ..., ...}], "interactions": [...], ...}

Every record is written with every field as stored (timestamps and people's uids included)
and its id, so that interactions, ties, follow-ups and asks can point at their people; an
import keeps those ids in an empty notebook and maps them onto ours in any other. Schema 1
exports, from before uids, have no uids and no settings, and still read: their people come
back with no uid (the importer works theirs out), and `settings` is None.

Reading checks the shape of every record (each field's JSON type, dates that parse) against the
record classes, so what comes back is well-typed: a hand-edited or damaged file is refused
here, naming the record and field, instead of failing later halfway through an import. Whether
the values make sense (known kinds, people who exist) is the importer's check.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterable, Mapping
from dataclasses import MISSING, dataclass, field, fields
from datetime import date, datetime
from typing import Any, Literal, TypeGuard, Union, get_args, get_origin, get_type_hints

import orjson

from ..records import FollowUp, Interaction, Person, ReferralAsk, Tie
from ..schema import ShapeError, check_settings
from ._text import to_utf8
from .errors import FormatError, guarded

MARKER = "notebook"
# 2: people's uids, and the settings. A reader of schema 1 would restore neither, and merge
# people by name, so it refuses these by the number.
SCHEMA = 2

AnyRecord = Person | Interaction | Tie | FollowUp | ReferralAsk
RecordClass = type[Person] | type[Interaction] | type[Tie] | type[FollowUp] | type[ReferralAsk]

# The tables of an export: the key in the file, and what one record is called in messages.
TABLES: tuple[tuple[str, str, RecordClass], ...] = (
    ("people", "person", Person),
    ("interactions", "interaction", Interaction),
    ("ties", "tie", Tie),
    ("followups", "follow-up", FollowUp),
    ("asks", "ask", ReferralAsk),
)


@dataclass(frozen=True)
class NotebookDump:
    people: list[Person] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)
    ties: list[Tie] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    asks: list[ReferralAsk] = field(default_factory=list)
    # The notebook's settings record; None when the file has none (a schema 1 export).
    settings: dict[str, Any] | None = None


def _with_ids(records: Iterable[AnyRecord]) -> list[dict[str, Any]]:
    return [{"id": r.id, **r.to_doc()} for r in records]


def dump_notebook(dump: NotebookDump) -> bytes:
    return orjson.dumps(
        {
            "format": MARKER,
            "schema": SCHEMA,
            "exported_at": datetime.now().replace(microsecond=0).isoformat(),
            "settings": dump.settings or {},
            "people": _with_ids(dump.people),
            "interactions": _with_ids(dump.interactions),
            "ties": _with_ids(dump.ties),
            "followups": _with_ids(dump.follow_ups),
            "asks": _with_ids(dump.asks),
        },
        option=orjson.OPT_INDENT_2,
    )


def is_notebook_dump(data: bytes) -> bool:
    return b'"format"' in data[:200] and b'"notebook"' in data[:200]


# -- checking the shape of a record --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Shape:
    """What one field holds in the file: a test of a JSON value, and its words for messages."""

    fits: Callable[[Any], bool]
    wanted: str


def _is_whole_number(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)  # JSON true is no id


def _is_date(value: Any) -> bool:
    # As the records' from_doc() read them: a day, or (an interaction's `when`) a local time.
    # A time with a UTC offset is refused: the notebook never writes one, and it would not
    # compare with the local times of every other conversation.
    if not isinstance(value, str):
        return False
    try:
        if "T" in value:
            return datetime.fromisoformat(value).tzinfo is None
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _shape(hint: Any) -> _Shape:
    """The shape of one field type of the record classes (see records.py)."""
    origin, args = get_origin(hint), get_args(hint)
    if origin is Union or origin is types.UnionType:
        options = [arg for arg in args if arg is not type(None)]
        shapes = [_shape(arg) for arg in options]
        # from_doc() reads an optional date written as "" as none.
        empty: tuple[Any, ...] = (None, "") if date in options else (None,)
        if len(options) == len(args):
            empty = ()
        return _Shape(
            lambda value: value in empty or any(s.fits(value) for s in shapes),
            " or ".join(s.wanted for s in shapes) + (" or null" if empty else ""),
        )
    if hint is str:
        return _Shape(lambda value: isinstance(value, str), "text")
    if hint is bool:
        return _Shape(lambda value: isinstance(value, bool), "true or false")
    if hint is int:
        return _Shape(_is_whole_number, "a whole number")
    if hint is date:
        return _Shape(_is_date, "a date (YYYY-MM-DD)")
    if origin is Literal:
        return _Shape(lambda value: value in args, "one of " + ", ".join(map(_shown, args)))
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _shape(args[0])
        return _Shape(
            lambda value: isinstance(value, list) and all(map(item.fits, value)),
            f"a list of {item.wanted}",
        )
    # A type this check does not know (a field added since): from_doc() and validated() judge.
    return _Shape(lambda value: True, "anything")


_SHAPES: dict[RecordClass, tuple[tuple[str, _Shape, bool], ...]] = {}


def _shapes(cls: RecordClass) -> tuple[tuple[str, _Shape, bool], ...]:
    """(field, shape, required) for each field of a record class but its id, worked out from
    the class itself so a field added there is checked here too."""
    if cls not in _SHAPES:
        hints = get_type_hints(cls)
        _SHAPES[cls] = tuple(
            (f.name, _shape(hints[f.name]), f.default is MISSING and f.default_factory is MISSING)
            for f in fields(cls)
            if f.name != "id"
        )
    return _SHAPES[cls]


def _shown(value: Any) -> str:
    """A value as the file has it, cut short for a one-line message."""
    text = orjson.dumps(value).decode("utf-8")
    return text if len(text) <= 40 else text[:37] + "..."


def _record_problem(cls: RecordClass, doc: Mapping[str, Any]) -> str | None:
    for name, shape, required in _shapes(cls):
        if name not in doc:
            if required:
                return f'field "{name}" is missing'
        elif not shape.fits(doc[name]):
            return f'field "{name}": expected {shape.wanted}, not {_shown(doc[name])}'
    return None


def _one_line(error: BaseException) -> str:
    return " ".join(f"{type(error).__name__}: {error}".split())


# -- reading -------------------------------------------------------------------------------------


@guarded
def load_notebook(data: bytes, path: str) -> NotebookDump:
    """Read an export; anything that is not one is a FormatError naming the file and, for a
    malformed record, the record (by its id) and the field."""
    try:
        # As detect_format() reads it: an editor may have saved it with a BOM, or as UTF-16.
        raw = orjson.loads(to_utf8(data))
    except orjson.JSONDecodeError as error:
        raise FormatError(path, f"not valid JSON ({error})") from None
    if not isinstance(raw, dict) or raw.get("format") != MARKER:
        raise FormatError(path, 'not a notebook export (no "format": "notebook")')
    schema = raw.get("schema")
    if not _is_whole_number(schema):
        raise FormatError(path, f"no schema number (found {_shown(schema)})")
    if schema > SCHEMA:
        raise FormatError(path, f"written by a newer notebook (schema {schema})")

    def records(name: str, what: str, cls: RecordClass) -> list[Any]:
        table = raw.get(name, [])
        if not isinstance(table, list) or not all(
            isinstance(r, dict) and _is_whole_number(r.get("id")) for r in table
        ):
            raise FormatError(path, f'"{name}" must be a list of records with whole-number ids')
        loaded = []
        for doc in table:
            label = f"{what} {doc['id']}"
            problem = _record_problem(cls, doc)
            if problem is not None:
                raise FormatError(path, f"{label}, {problem}")
            try:
                loaded.append(cls.from_doc(doc["id"], doc))
            except Exception as error:
                # The shape was checked above, so this is a value from_doc() cannot take.
                raise FormatError(path, f"{label}: {_one_line(error)}") from error
        return loaded

    people, interactions, ties, follow_ups, asks = (
        records(name, what, cls) for name, what, cls in TABLES
    )
    return NotebookDump(
        people=people,
        interactions=interactions,
        ties=ties,
        follow_ups=follow_ups,
        asks=asks,
        settings=_settings(raw, path),
    )


def _settings(raw: dict[str, Any], path: str) -> dict[str, Any] | None:
    """The export's settings, checked as the notebook file's own are: a restore stores them,
    and a wrong one would make the notebook refuse to open."""
    settings = raw.get("settings")
    if settings is None:
        return None
    if not isinstance(settings, dict):
        raise FormatError(path, f'"settings" must be an object, not {_shown(settings)}')
    try:
        check_settings(settings)
    except ShapeError as error:
        raise FormatError(path, f'settings, field "{error.field}": {error.problem}') from None
    return settings
