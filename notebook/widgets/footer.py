"""The footer of every screen: the keys that work there, drawn as one line."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events, on
from textual.binding import Binding
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

from .safe import display_text

# Textual draws the left edge of the palette's key with this ("vkey" border).
EDGE = "▏"
# Cells the keys move for each notch of the mouse wheel.
SCROLL_STEP = 4


@dataclass(frozen=True, slots=True)
class FooterItem:
    """One key as the footer shows it, and the cells it takes (start, end) on the line."""

    key: str
    key_display: str
    description: str
    action: str
    enabled: bool
    tooltip: str
    start: int = 0
    end: int = 0
    palette: bool = False  # the command palette's key, at the right edge


class Footer(Widget, can_focus=False):
    """The keys that work on this screen, looked like Textual's footer, drawn as one line.

    Textual's footer is a container with a widget for each key, made afresh (mounted, styled,
    laid out) whenever the keys change: on every screen's first showing and at every return
    to a screen whose keys changed meanwhile. That was about 0.1 s of the 0.2 s a person's
    page took to open, and most of going back to People. This one draws the same line, cell
    for cell, from one widget: a click runs the key under the pointer, and hovering shows its
    description in a tooltip, as Textual's does. It is looked at again only when the keys it
    shows change, and once for a burst of changes: a screen's first showing sets the focus,
    fills its list (which brings the row keys) and checks its keys."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "footer--item",
        "footer--hover",
        "footer--key",
        "footer--description",
        "footer--edge",
    }
    # The colours of Textual's footer and its keys (FooterKey), by the same theme variables.
    DEFAULT_CSS = """
    Footer {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .footer--item { background: $footer-item-background; }
        & > .footer--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        & > .footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .footer--edge { color: $foreground 20%; }
        &.-on-key { pointer: pointer; }
    }
    """

    # Shown first on every screen, before the screen's own keys: noting a conversation is one
    # key from anywhere, and help lists every other key. Textual puts the app's keys last,
    # and at 80 columns they were cut off the end.
    FIRST = ("note", "help")

    compact = reactive(False)  # no padding around the keys, so that more of them fit

    def __init__(self, *, compact: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(Footer.compact, compact)
        self._keys: tuple[FooterItem, ...] = ()  # the screen's keys, in the order shown
        self._palette: FooterItem | None = None
        self.items: tuple[FooterItem, ...] = ()  # the keys as drawn now, with their cells
        self._hover: str | None = None  # the key under the pointer
        self._scrolled = 0  # cells of keys scrolled off the left by the mouse wheel
        self._line: tuple[tuple[object, ...], Strip] | None = None  # (made for, line)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    # -- the keys ------------------------------------------------------------------------------

    def bindings_changed(self, screen: Screen[object]) -> None:
        # A burst of changes asks for several looks, and only the first that finds the keys
        # changed makes them again. Each change asks anew, so a look dropped with a screen
        # closed before it ran is made by the next.
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._look)

    def _look(self) -> None:
        if not self.is_attached:
            return
        screen = self.screen
        # A mode not shown (the screen just left, whose mode key turns on) is looked at, if
        # at all, when it is shown again.
        if screen not in screen.app.screen_stack:
            return
        if self._offered(screen) != (self._keys, self._palette):
            self._build(screen)

    def _build(self, screen: Screen[object]) -> None:
        """Show the keys `screen` offers now."""
        self._keys, self._palette = self._offered(screen)
        self._point_at(None)
        self.refresh()

    def _offered(self, screen: Screen[object]) -> tuple[tuple[FooterItem, ...], FooterItem | None]:
        """The keys `screen` offers, in the order shown, and the palette's key. A key the
        footer does not show (a list's row keys, which come with its first row) is left out,
        so it changes nothing."""
        app = screen.app
        keys: list[FooterItem] = []
        palette: FooterItem | None = None
        # One key per action, as Textual's footer shows: the first binding of each.
        seen: set[str] = set()
        for _node, binding, enabled, tooltip in screen.active_bindings.values():
            if binding.key == app.COMMAND_PALETTE_BINDING:
                if app.ENABLE_COMMAND_PALETTE:
                    tip = binding.tooltip or binding.description
                    palette = self._item(binding, enabled, tip, palette=True)
                continue
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                keys.append(self._item(binding, enabled, tooltip))
        first = [item for name in self.FIRST for item in keys if item.action == name]
        return (*first, *(item for item in keys if item not in first)), palette

    def _item(
        self, binding: Binding, enabled: bool, tooltip: str, *, palette: bool = False
    ) -> FooterItem:
        return FooterItem(
            binding.key,
            self.app.get_key_display(binding),
            display_text(binding.description),
            binding.action,
            enabled,
            display_text(tooltip),
            palette=palette,
        )

    # -- drawing -------------------------------------------------------------------------------

    def _texts(self, item: FooterItem) -> tuple[str, str]:
        """The key's cells and its description's, padded as Textual's footer pads them."""
        if not item.description:
            return item.key_display, ""
        if self.compact or item.palette:  # the palette's key is always drawn compact
            return item.key_display, f" {item.description}"
        return f" {item.key_display} ", f"{item.description} "

    def _segments(self, item: FooterItem) -> list[Segment]:
        hovered = item.key == self._hover
        base = self.get_component_rich_style("footer--hover" if hovered else "footer--item")
        if not item.enabled:
            base += Style(dim=True)  # a key that does nothing here is greyed out
        key, description = self._texts(item)
        key_style = base + self.get_component_rich_style("footer--key")
        description_style = base + self.get_component_rich_style("footer--description")
        if hovered:  # the hover's background shows through the text's
            key_style += Style(bgcolor=base.bgcolor)
            description_style += Style(bgcolor=base.bgcolor)
        segments = [Segment(key, key_style)]
        if description:
            segments.append(Segment(description, description_style))
        return segments

    def _lay_out(self, width: int) -> Strip:
        """The line, and where each key is on it."""
        background = self.rich_style
        palette: list[Segment] = []
        if self._palette is not None:
            edge = self.get_component_rich_style("footer--edge")
            segments = self._segments(self._palette)
            under = Style(bgcolor=segments[0].style.bgcolor if segments[0].style else None)
            right = [] if self.compact else [Segment(" ", segments[-1].style)]
            palette = [Segment(EDGE, under + Style(color=edge.color)), *segments, *right]
        room = max(0, width - sum(s.cell_length for s in palette))  # left of the palette
        made: list[Segment] = []
        laid: list[FooterItem] = []
        x = 0
        for item in self._keys:
            segments = self._segments(item)
            size = sum(s.cell_length for s in segments)
            laid.append(replace(item, start=x, end=x + size))
            made += segments
            x += size
            if self.compact:
                made.append(Segment(" ", background))  # the margin after every key
                x += 1
        # The wheel scrolls the keys that run under the palette's key into view.
        self._scrolled = max(0, min(self._scrolled, x - room))
        shift = self._scrolled
        line = Strip(made).crop_extend(shift, shift + width, background)
        laid = [replace(item, start=item.start - shift, end=item.end - shift) for item in laid]
        if self._palette is not None:
            start = width - min(width, sum(s.cell_length for s in palette))
            # Docked right, over the keys that run on under it; its edge is part of it.
            line = Strip.join([line.crop(0, start), Strip(palette).crop(0, width - start)])
            laid.append(replace(self._palette, start=start, end=width))
        self.items = tuple(laid)
        return line

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y != 0 or not width:
            return Strip.blank(width, self.rich_style)
        made_for = (width, self.compact, self._hover, self._keys, self._palette, self._scrolled)
        if self._line is None or self._line[0] != made_for:
            self._line = (made_for, self._lay_out(width))
        return self._line[1]

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._line = None  # the theme's colours may have changed

    def watch_compact(self) -> None:
        self.refresh()

    # -- the mouse -----------------------------------------------------------------------------

    def item_at(self, x: int) -> FooterItem | None:
        """The key drawn at cell `x` of the line (the palette's over any under it)."""
        found = None
        for item in self.items:
            if item.start <= x < item.end:
                found = item
        return found

    def on_mouse_move(self, event: events.MouseMove) -> None:
        item = self.item_at(event.x)
        if (None if item is None else item.key) != self._hover:
            self._point_at(item)
            if item is not None and item.tooltip:
                # Textual shows a widget's tooltip once the pointer rests on it, and hides
                # it as the pointer moves within the widget: from one key to the next is
                # such a move, so the next key's tooltip is asked for here, after the same
                # rest (as it was when each key was a widget of its own).
                self.set_timer(self.app.TOOLTIP_DELAY, partial(self._tip, item.key))

    def _tip(self, key: str) -> None:
        if self._hover == key and self.is_attached and self.screen.is_active:
            self.screen._tooltip_widget = self
            self.screen._handle_tooltip_timer(self)

    def _point_at(self, item: FooterItem | None) -> None:
        """Light the key under the pointer, give its tooltip and the hand pointer."""
        key = None if item is None else item.key
        if key == self._hover and (item is not None or self.tooltip is None):
            return
        self._hover = key
        self.tooltip = Content(item.tooltip) if item is not None and item.tooltip else None
        self.set_class(item is not None, "-on-key")
        self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        self._point_at(None)

    def _scroll_keys(self, cells: int) -> None:
        self._scrolled = max(0, self._scrolled + cells)
        self.refresh()

    @on(events.MouseScrollDown)
    @on(events.MouseScrollUp)
    @on(events.MouseScrollRight)
    @on(events.MouseScrollLeft)
    def _wheel(self, event: events.MouseEvent) -> None:
        event.stop()
        onward = isinstance(event, events.MouseScrollDown | events.MouseScrollRight)
        self._scroll_keys(SCROLL_STEP if onward else -SCROLL_STEP)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        item = self.item_at(event.x)
        if item is None:
            return
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()
