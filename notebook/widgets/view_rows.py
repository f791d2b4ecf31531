"""Columns that lay out the rows a view builds (views.py) for the records a list holds.

A list holds records, so that its cursor, its keys and the dialogs they open work on the
notebook's own records; what a column shows comes from the view's row for that record, the
same row the shell prints. Rows are built only for the records drawn, once each, and kept
until the screen refreshes: a list of 10,000 builds the few dozen rows on screen, not 10,000,
and a row drawn in six columns is built once, not six times.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any, Generic, TypeVar, cast

from .record_list import Cell, Column

T = TypeVar("T")
R = TypeVar("R")


class RowsOf(Generic[T, R]):
    """The row for each record drawn, by `build` (a view's `row`); `forget()` on every
    refresh, so that no row outlives the data, or the day, it was built from."""

    def __init__(self, build: Callable[[T], R]) -> None:
        self._build = build
        # By the record's identity, with the record kept so that its id cannot be reused.
        self._rows: dict[int, tuple[T, R]] = {}

    def __call__(self, record: T) -> R:
        kept = self._rows.get(id(record))
        if kept is not None and kept[0] is record:
            return kept[1]
        row = self._build(record)
        self._rows[id(record)] = (record, row)
        return row

    def forget(self) -> None:
        self._rows.clear()

    def columns(self, columns: Iterable[Column[R]]) -> list[Column[T]]:
        """The columns of a row, as columns of the record it is built from."""
        # replace() keeps whatever else a column says about itself (widths, priority, ...).
        return [replace(cast("Column[Any]", c), cell=self._cell(c.cell)) for c in columns]

    def _cell(self, cell: Callable[[R], Cell]) -> Callable[[T], Cell]:
        return lambda record: cell(self(record))
