"""What every part of the notebook shares: the Part it is built on, the one write wrapper,
the Change a write announces, and the error for a record that is not there."""

from __future__ import annotations

import functools
from collections.abc import Callable, ItemsView, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Concatenate,
    Generic,
    ParamSpec,
    Protocol,
    TypeVar,
    cast,
)

if TYPE_CHECKING:
    from ..store import Store
    from ..viewmodel import Notebook

P = ParamSpec("P")
T = TypeVar("T")
S = TypeVar("S", bound="Part | Notebook")


@dataclass(frozen=True)
class Change:
    """What a write touched (its tables), or that memory went back to what the file holds
    (`went_back`: everything may differ): whatever shows the notebook redraws."""

    tables: frozenset[str]
    went_back: bool = False


# How many ids of one person ByPerson gathers by making their tuple again (see __init__).
_FEW = 16


class ByPerson:
    """Each person's ids of one part's records (conversations, ties, follow-ups, asks), in the
    order they came. A person's ids are a tuple: one id takes 48 bytes so, where a list took
    88 and a set 216, and most people have one to three (at 100,000 people the four parts'
    lists and sets took 24 MB, the tuples take 16). A write makes the tuple again: a handful
    of ids."""

    __slots__ = ("_ids",)

    def __init__(
        self,
        records: Mapping[int, Any] | None = None,
        people: Callable[[Any], Iterable[int]] = tuple,
    ) -> None:
        """From each record, by id, and `people` of a record (made in C where the part can: a
        Python function's calls would cost a 100,000-person notebook's open a tenth of a
        second more)."""
        # Someone with a few ids gets their tuple made again as each comes, which leaves
        # nothing behind; gathering everyone's in lists first left 5 MB of holes in memory at
        # 100,000 people. Someone with more is gathered in a list from the _FEW-th on, made a
        # tuple at the end: a tuple made again for each of 10,000 conversations took a second.
        held: dict[int, Any] = {}
        get = held.get
        for record_id, person_ids in zip(
            records or {}, map(people, (records or {}).values()), strict=True
        ):
            for person_id in person_ids:
                ids = get(person_id)
                if ids is None:
                    held[person_id] = (record_id,)
                elif type(ids) is list:
                    ids.append(record_id)
                elif record_id in ids:
                    continue  # a record naming them twice
                elif len(ids) < _FEW:
                    held[person_id] = ids + (record_id,)  # noqa: RUF005 (quicker)
                else:
                    held[person_id] = [*ids, record_id]
        for person_id, ids in held.items():
            if type(ids) is list:
                held[person_id] = tuple(dict.fromkeys(ids))  # a record naming them twice: once
        self._ids: dict[int, tuple[int, ...]] = held

    def of(self, person_id: int) -> tuple[int, ...]:
        return self._ids.get(person_id, ())

    def items(self) -> ItemsView[int, tuple[int, ...]]:
        """Everyone with an id here, and theirs."""
        return self._ids.items()

    def add(self, person_id: int, record_id: int) -> None:
        ids = self._ids.get(person_id, ())
        if record_id not in ids:
            self._ids[person_id] = (*ids, record_id)

    def discard(self, person_id: int, record_id: int) -> None:
        ids = self._ids.get(person_id, ())
        if record_id in ids:
            rest = tuple(i for i in ids if i != record_id)
            if rest:
                self._ids[person_id] = rest
            else:
                del self._ids[person_id]

    def drop(self, person_id: int) -> None:
        self._ids.pop(person_id, None)


class NotFoundError(LookupError):
    """No record with that id (it may have been forgotten)."""


class Part:
    """One domain of an open notebook (people, conversations, ties...): its records, the
    indexes over them and the rules about them. The Notebook holds one of each, builds them in
    order (a part may read the parts built before it) and calls `_load` again whenever memory
    is read afresh."""

    def __init__(self, notebook: Notebook) -> None:
        self.notebook = notebook
        self.store: Store = notebook.store

    def _load(self) -> None:
        """Build the records and indexes from the store."""

    def _after_write(self, *, afresh: bool) -> None:
        """A write (or a batch) ended; `afresh` when it failed or was a batch, so that anything
        kept across writes is better built again than brought up to date."""


class Record(Protocol):
    @classmethod
    def from_doc(cls, doc_id: int, doc: Mapping[str, Any]) -> Any: ...


R = TypeVar("R", bound=Record)


class RecordsPart(Part, Generic[R]):
    """A part that keeps one table's records by id: loading them, and the lookups every such
    part answers the same way."""

    TABLE: ClassVar[str]
    RECORD: ClassVar[type[Record]]
    WHAT: ClassVar[str]  # how a missing record is named: "no {WHAT} with id 3"

    def _load(self) -> None:
        build = self.RECORD.from_doc
        self._records: dict[int, R] = {i: build(i, d) for i, d in self.store.rows(self.TABLE)}

    @property
    def by_id(self) -> Mapping[int, R]:
        """Every record by id, as kept (other parts and the referral engine read it)."""
        return self._records

    def get(self, record_id: int) -> R:
        try:
            return self._records[record_id]
        except KeyError:
            raise NotFoundError(f"no {self.WHAT} with id {record_id}") from None

    def has(self, record_id: int) -> bool:
        return record_id in self._records

    def iter(self) -> Iterator[R]:
        return iter(self._records.values())

    def count(self) -> int:
        return len(self._records)


def writes(method: Callable[Concatenate[S, P], T]) -> Callable[Concatenate[S, P], T]:
    """A write method of the Notebook or of one of its parts: see Notebook._write, which makes
    it one whole write (saved together or not at all, one change announced) and names it, for
    a failed save's message, by its qualified name in WRITE_WORDS ("People.add")."""
    name = method.__qualname__

    @functools.wraps(method)
    def wrapper(self: S, *args: P.args, **kwargs: P.kwargs) -> T:
        notebook = self.notebook if isinstance(self, Part) else cast("Notebook", self)
        return notebook._write(name, args, kwargs, functools.partial(method, self, *args, **kwargs))

    return wrapper  # type: ignore[return-value]
