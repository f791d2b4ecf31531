"""A table that renders only the rows on screen, so 30,000 people scroll and filter instantly.

DataTable measures every row it is given (about 1.2 s for 10,000); this Line-API ScrollView
formats a row only when it is drawn. The header stays put at the top.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, Literal, TypeVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .safe import display_text

T = TypeVar("T")

# A cell is its text, or its text and a tone ("muted", "warning", "error", "success", "accent").
Cell = str | tuple[str, str]


# A column with this priority carries the list's meaning (who, what was said, what is owed):
# it is never hidden, however narrow the terminal.
MEANING = 100


@dataclass(frozen=True)
class Column(Generic[T]):
    """One column of a list, and how it behaves when the terminal is narrow.

    A fixed column (`width`) keeps its width; a flexible one (`width=None`) shares what the
    fixed ones leave, by `weight`, never less than `min_width`. When even the minimums do not
    fit, columns are hidden lowest `priority` first (the rightmost of equals first); a column
    of priority MEANING is never hidden.
    """

    title: str
    cell: Callable[[T], Cell]
    width: int | None = None
    align: Literal["left", "right"] = "left"
    min_width: int = 8
    weight: int = 1
    priority: int = MEANING


def column_widths(columns: Sequence[Column[Any]], total: int) -> list[int]:
    """Each column's width in `total` cells (a space between columns); 0 hides a column."""
    shown = list(range(len(columns)))

    def least(indexes: list[int]) -> int:
        widths = (columns[i].width or columns[i].min_width for i in indexes)
        return sum(widths) + max(0, len(indexes) - 1)

    while least(shown) > total:
        hideable = [i for i in shown if columns[i].priority < MEANING]
        if not hideable:
            break
        shown.remove(min(reversed(hideable), key=lambda i: columns[i].priority))
    widths = [0] * len(columns)
    flexible = [i for i in shown if columns[i].width is None]
    for i in shown:
        widths[i] = columns[i].width or 0
    spare = max(0, total - sum(widths) - max(0, len(shown) - 1))
    # Share by weight; a column whose share falls under its minimum takes the minimum, and the
    # rest is shared again among the others.
    while flexible:
        weights = sum(columns[i].weight for i in flexible)
        short = [i for i in flexible if spare * columns[i].weight // weights < columns[i].min_width]
        if not short:
            break
        for i in short:
            widths[i] = min(columns[i].min_width, spare)
            spare -= widths[i]
            flexible.remove(i)
    if flexible:
        weights = sum(columns[i].weight for i in flexible)
        for i in flexible:
            widths[i] = spare * columns[i].weight // weights
        widths[flexible[0]] += spare - sum(widths[i] for i in flexible)
    return widths


_ID = operator.attrgetter("id")


def _id_or_item(item: object) -> object:
    return getattr(item, "id", item)


def _fit(text: str, width: int, align: Literal["left", "right"]) -> str:
    if cell_len(text) > width:
        return set_cell_size(text, max(0, width - 1)) + "…" if width > 0 else ""
    pad = " " * (width - cell_len(text))
    return pad + text if align == "right" else text + pad


# The actions that move to or open a row.
_ON_A_ROW = frozenset({"cursor", "page", "first", "last", "select"})


class RecordList(ScrollView, Generic[T], can_focus=True, inherit_bindings=False):
    """Rows of records with a cursor. Posts Highlighted as the cursor moves, Selected on enter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="list.up", tooltip="Previous row"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="list.down", tooltip="Next row"),
        Binding(
            "pageup", "page(-1)", "Page up", show=False, id="list.page_up", tooltip="Up a page"
        ),
        Binding(
            "pagedown",
            "page(1)",
            "Page down",
            show=False,
            id="list.page_down",
            tooltip="Down a page",
        ),
        Binding("home,g", "first", "First", show=False, id="list.first", tooltip="First row"),
        Binding("end,G", "last", "Last", show=False, id="list.last", tooltip="Last row"),
        Binding("enter", "select", "Open", id="list.open", tooltip="Open the highlighted row"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "record-list--header",
        "record-list--cursor",
        "record-list--muted",
        "record-list--warning",
        "record-list--error",
        "record-list--success",
        "record-list--accent",
    }
    DEFAULT_CSS = """
    RecordList {
        background: $surface;
        overflow-x: hidden;
        & > .record-list--header { color: $text-muted; text-style: bold; }
        & > .record-list--cursor { background: $surface-lighten-1; }
        &:focus > .record-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
        }
        & > .record-list--muted { color: $text-muted; }
        & > .record-list--warning { color: $text-warning; }
        & > .record-list--error { color: $text-error; }
        & > .record-list--success { color: $text-success; }
        & > .record-list--accent { color: $text-accent; }
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)  # see watch_cursor

    class Highlighted(Message):
        """The cursor moved to `item` (None when the list is empty)."""

        def __init__(
            self, record_list: RecordList[Any], item: Any, *, by_user: bool = True
        ) -> None:
            super().__init__()
            self.record_list = record_list
            self.item = item
            self.by_user = by_user  # False when new data moved the cursor

        @property
        def control(self) -> RecordList[Any]:
            return self.record_list

    class Selected(Highlighted):
        """Enter (or a click on the highlighted row) chose `item`."""

    def __init__(
        self,
        columns: Sequence[Column[T]],
        *,
        empty: str = "Nothing here yet.",
        key: Callable[[T], object] | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.columns = list(columns)
        self._layout: tuple[int, tuple[Column[T], ...], list[tuple[Column[T], int]]] = (-1, (), [])
        self._paint: _Paint | None = None
        self.items: Sequence[T] = ()
        self.empty = empty
        # Identity of a row across refreshes: records compare by value, so an edit would lose it.
        self.key: Callable[[T], object] = key or _id_or_item
        self._data_moved_cursor = False

    # -- data ----------------------------------------------------------------------------------

    def set_items(self, items: Sequence[T], *, keep: T | None = None) -> None:
        """Show new items; the cursor stays on `keep` (matched by `key`, so an edited record is
        still found) if it is still there; if it is gone (done, deleted), the row that took its
        place is highlighted, so a run of x ticks off one row after another."""
        place = self.cursor
        if bool(items) != bool(self.items):
            self.refresh_bindings()  # the row keys come or go (see check_action)
        self.items = items
        cursor = 0
        if keep is not None:
            found = self._position(items, self.key(keep))
            cursor = min(place, max(0, len(items) - 1)) if found is None else found
        self.virtual_size = Size(0, len(items) + 1)
        self._data_moved_cursor = True
        try:
            self.cursor = cursor
        finally:
            self._data_moved_cursor = False
        self.refresh()

    def show(self, item: object) -> bool:
        """Highlight `item` (matched by `key`, and of the same kind as the row found) if the
        list holds it; whether it did."""
        try:
            wanted = self.key(item)  # type: ignore[arg-type]
        except (AttributeError, TypeError):
            return False  # another kind of record than this list's
        found = self._position(self.items, wanted)
        if found is None or type(self.items[found]) is not type(item):
            return False
        self._data_moved_cursor = True
        try:
            self.cursor = found
        finally:
            self._data_moved_cursor = False
        return True

    def _position(self, items: Sequence[T], wanted: object) -> int | None:
        """Where the item whose key is `wanted` is, searched in C: filtering 100,000 people
        hands over lists that long on a keystroke, often without the kept row in them."""
        try:
            if self.key is _id_or_item:
                try:
                    return operator.indexOf(map(_ID, items), wanted)
                except AttributeError:
                    pass  # some items have no id: keyed by themselves
            return operator.indexOf(map(self.key, items), wanted)
        except ValueError:
            return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # An empty list's row keys would do nothing: out of the footer and help.
        if action in _ON_A_ROW:
            return bool(self.items)
        return True

    @property
    def highlighted(self) -> T | None:
        return self.items[self.cursor] if 0 <= self.cursor < len(self.items) else None

    # -- cursor --------------------------------------------------------------------------------

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self.items) - 1)) if self.items else 0

    def watch_cursor(self, old: int, cursor: int) -> None:
        top = round(self.scroll_y)
        self._scroll_to_cursor()
        if round(self.scroll_y) == top:
            # Only the rows the highlight left and reached are drawn again, not every row.
            for index in {old, cursor}:
                self._refresh_row(index - top + 1)
        else:
            self.refresh()
        self.post_message(
            self.Highlighted(self, self.highlighted, by_user=not self._data_moved_cursor)
        )

    def _refresh_row(self, line: int) -> None:
        """Draw again the row on line `line` of the widget (0 is the header), if on screen."""
        if 0 < line < self.size.height:
            self.refresh(Region(0, line, self.size.width, 1))

    def _scroll_to_cursor(self) -> None:
        rows = max(1, self.size.height - 1)
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + rows:
            self.scroll_to(y=self.cursor - rows + 1, animate=False, immediate=True)

    def action_cursor(self, step: int) -> None:
        self.cursor += step

    def action_page(self, direction: int) -> None:
        self.cursor += direction * max(1, self.size.height - 2)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.items) - 1

    def action_select(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Selected(self, self.highlighted))

    def on_click(self, event: events.Click) -> None:
        row = round(self.scroll_y) + event.y - 1
        if event.y >= 1 and 0 <= row < len(self.items):
            if row == self.cursor or event.chain > 1:
                self.cursor = row
                self.action_select()
            else:
                self.cursor = row

    def on_resize(self) -> None:
        self.virtual_size = Size(0, len(self.items) + 1)
        self._scroll_to_cursor()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # -- rendering -----------------------------------------------------------------------------

    def shown_columns(self) -> list[tuple[str, int]]:
        """Each column on screen now, by title, with its width."""
        return [(c.title, w) for c, w in self._shown_columns(self.scrollable_content_region.width)]

    def _shown_columns(self, width: int) -> list[tuple[Column[T], int]]:
        # Worked out once per width (and set of columns), not once per line drawn.
        columns = tuple(self.columns)
        if self._layout[0] != width or self._layout[1] != columns:
            widths = column_widths(columns, width)
            shown = [(c, w) for c, w in zip(columns, widths, strict=True) if w]
            self._layout = (width, columns, shown)
        return self._layout[2]

    def _tone(self, tone: str) -> Style:
        return self._component(f"record-list--{tone}")

    def _component(self, name: str) -> Style:
        paint = self._paint
        if paint is not None and (style := paint.components.get(name)) is not None:
            return style
        # The visual style resolves "auto" colours ($text-muted is "auto 60%") against the
        # background they are drawn on; a partial rich style would turn them pure white.
        style = self.get_visual_style(name).rich_style
        if paint is not None:
            paint.components[name] = style
        return style

    def render_lines(self, crop: Region) -> list[Strip]:
        # What every line of one paint shares is worked out once for it, not once a line: the
        # width and the widget's style each walk the DOM, and were most of drawing a line.
        self._paint = _Paint(self.scrollable_content_region.width, self.rich_style)
        try:
            return super().render_lines(crop)
        finally:
            self._paint = None

    def render_line(self, y: int) -> Strip:
        paint = self._paint or _Paint(self.scrollable_content_region.width, self.rich_style)
        width, base = paint.width, paint.base
        shown = self._shown_columns(width)
        if y == 0:
            header = self._component("record-list--header")
            cells = [_fit(c.title, w, c.align) for c, w in shown]
            return Strip([Segment(" ".join(cells), base + header)]).crop_extend(0, width, base)
        index = round(self.scroll_y) + y - 1
        if not self.items:
            if y == 1:
                muted = base + self._tone("muted")
                # Cleaned here too: a line may name a key a keymap gives (any text at all).
                return Strip([Segment(_fit(" " + display_text(self.empty), width, "left"), muted)])
            return Strip.blank(width, base)
        if index >= len(self.items):
            return Strip.blank(width, base)
        item = self.items[index]
        row_style = base
        if index == self.cursor:
            row_style = base + self._component("record-list--cursor")
        segments: list[Segment] = []
        used = 0
        for n, (column, w) in enumerate(shown):
            cell = column.cell(item)
            text, tone = (cell, "") if isinstance(cell, str) else cell
            style = row_style + self._tone(tone) if tone and index != self.cursor else row_style
            if n:
                segments.append(Segment(" ", row_style))
            segments.append(Segment(_fit(display_text(text), w, column.align), style))
            used += w + bool(n)  # _fit makes a cell exactly w wide
        if used > width:
            return Strip(segments).crop_extend(0, width, row_style)
        # Made whole here rather than by crop_extend: a Strip is costly to make, and one a line
        # is enough.
        if used < width:
            segments.append(Segment(" " * (width - used), row_style))
        return Strip(segments, width)


@dataclass(slots=True)
class _Paint:
    """What the lines of one paint of a list share."""

    width: int
    base: Style
    components: dict[str, Style] = field(default_factory=dict)


def show_in_lists(screen: DOMNode, item: object) -> bool:
    """Highlight `item` in whichever list of `screen` holds it; whether one did. (A function,
    not a method of the screens: the keymap check reads the widgets a screen's code names as
    widgets it makes, and not every screen has a list.)"""
    return any(listing.show(item) for listing in screen.query(RecordList))
