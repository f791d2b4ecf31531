"""Help: every key of the screen underneath, including the ones the footer hides."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import ClassVar

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.reactive import var
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from .base import Dialog


def command_title(label: str, tooltip: str) -> str:
    """What a key does, as help and the palette say it: the word on its key in the footer,
    which is what people search for ("sort"), then what it does: "Sort: order by name, last
    contact or overdue"."""
    if not tooltip or label.casefold() in tooltip.casefold():
        return tooltip or label
    if label.casefold().split()[:1] == tooltip.casefold().split()[:1]:
        return tooltip  # "Delete follow-up: delete the…" says it twice
    first = tooltip[:1].lower() if tooltip[1:2].islower() else tooltip[:1]  # not "VCard"
    return f"{label}: {first}{tooltip[1:]}"


def help_name(screen: Screen[object]) -> str:
    """What help calls a screen or dialog: its HELP_NAME, or its class's name in words
    ("PersonForm" is "Person form", "NoteModal" is "Note")."""
    name = getattr(screen, "HELP_NAME", "")
    if name:
        return str(name)
    words = re.findall(r"[A-Z][a-z]*", type(screen).__name__)
    while len(words) > 1 and words[-1] in {"Screen", "Modal", "Dialog"}:
        words.pop()
    return " ".join([words[0], *(word.lower() for word in words[1:])])


# Textual's scrolling keys, by the way they scroll.
_SCROLL_AXES = {
    **dict.fromkeys(
        ("scroll_up", "scroll_down", "page_up", "page_down", "scroll_home", "scroll_end"), "y"
    ),
    **dict.fromkeys(("scroll_left", "scroll_right", "page_left", "page_right"), "x"),
}


def _scrolls(node: object, action: str) -> bool:
    """Whether the key does anything: a scrolling key, bound by a container behind a text box,
    does nothing when that container has nothing to scroll."""
    axis = _SCROLL_AXES.get(action)
    if axis is None or not isinstance(node, Widget):
        return True
    return node.allow_vertical_scroll if axis == "y" else node.allow_horizontal_scroll


def _bindings(screen: Screen[object]) -> Iterator[tuple[str, Binding, bool, object]]:
    """(key, binding, enabled, where bound) for every key that works on this screen. Over a
    dialog Textual lists only the dialog's own keys, yet the app's priority keys (f1 help,
    ctrl+q quit) work there too: they are listed after the dialog's."""
    for key, active in screen.active_bindings.items():
        yield key, active.binding, active.enabled, active.node
    if not screen.is_modal:
        return
    app = screen.app
    for key, bindings in app._bindings.key_to_bindings.items():
        if key in screen.active_bindings:
            continue  # the dialog's own key comes first
        for binding in bindings:
            if binding.priority:
                yield key, binding, app.check_action(binding.action, ()) is not False, app


def key_rows(screen: Screen[object]) -> list[tuple[str, str, str]]:
    """(keys, what it does, binding id) for every active binding, one row per action."""
    rows: dict[tuple[str, str], list[str]] = {}
    ids: dict[tuple[str, str], str] = {}
    for key, binding, enabled, node in _bindings(screen):
        if not enabled or not _scrolls(node, binding.action):
            continue  # a key that does nothing here is not offered
        what = command_title(binding.description, binding.tooltip) or binding.action
        slot = (binding.action, what)
        rows.setdefault(slot, []).append(screen.app.get_key_display(replace(binding, key=key)))
        ids.setdefault(slot, binding.id or "")  # the first key's: ? is help's, f1 too
    return [(" ".join(keys), what, ids[(action, what)]) for (action, what), keys in rows.items()]


# Below this many cells for what a key does, help puts it under its key rather than beside.
NARROWEST_WHAT = 16


class KeyTable(Widget):
    """Help's rows, drawn as one widget: a key, what it does (wrapped beside its key), and its
    id for keymap.toml where there is room. A widget per cell (three a row, 90 widgets for the
    People screen) made help the slowest screen to open and to restyle for a theme."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-table--key", "key-table--id"}
    DEFAULT_CSS = """
    KeyTable { height: auto; }
    KeyTable > .key-table--key { color: $text-accent; text-style: bold; }
    KeyTable > .key-table--id { color: $text-muted; }
    """

    # Whether the ids are on the right at the width the table was last drawn: they are only
    # where every description fits beside them unwrapped (wrapped, an id on a line of its own
    # reads as a key), so they go when help narrows and come back when it widens.
    ids_shown: var[bool] = var(False, init=False)

    def __init__(self, rows: list[tuple[str, str, str]], *, width: int) -> None:
        super().__init__()
        self.rows = rows
        # Measured in cells, as drawn: a key a keymap binds to a wide character takes two.
        self.key_width = max((cell_len(k) for k, _, _ in rows), default=4) + 2
        self._what_width = max((cell_len(w) for _, w, _ in rows), default=10) + 2
        self._id_width = max((cell_len(i) for _, _, i in rows), default=0)
        self.set_reactive(KeyTable.ids_shown, self.ids_fit(width))
        self._drawn: tuple[int, object, list[Content]] | None = None

    def ids_fit(self, width: int) -> bool:
        """Whether the ids fit beside every description, unwrapped, at this width."""
        return self.key_width + self._what_width + self._id_width <= width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render(self) -> Content:
        return Content("\n").join(self._lines(self.content_region.width))

    def _lines(self, width: int) -> list[Content]:
        # Kept while the width and the theme's colours for them stay.
        key = self.get_visual_style("key-table--key")
        ident = self.get_visual_style("key-table--id")
        drawn = self._drawn
        if drawn is not None and drawn[0] == width and drawn[1] == (key, ident):
            return drawn[2]
        self.ids_shown = ids_shown = self.ids_fit(width)
        id_width = self._id_width if ids_shown else 0
        what_width = width - self.key_width - id_width
        lines: list[Content] = []
        if what_width < NARROWEST_WHAT:
            # Too narrow for a column beside the keys (a tiny window, or a keymap's long key
            # list): each key on a line of its own, what it does indented under it.
            for keys, what, _ in self.rows:
                lines.append(Content.styled(keys, key))
                lines += [Content.assemble("  ", line) for line in Content(what).wrap(width - 2)]
            self._drawn = (width, (key, ident), lines)
            return lines
        for keys, what, binding_id in self.rows:
            for n, line in enumerate(Content(what).wrap(what_width)):
                first = n == 0
                lines.append(
                    Content.assemble(
                        Content.styled(keys if first else "", key).pad_right(
                            self.key_width - (cell_len(keys) if first else 0)
                        ),
                        line.pad_right(what_width - line.cell_length),
                        Content.styled(binding_id if first and ids_shown else "", ident),
                    )
                )
        self._drawn = (width, (key, ident), lines)
        return lines


class HelpScreen(Dialog[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close", id="help.close", tooltip="Close help"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 95%; max-width: 130; max-height: 90%; height: auto; background: $panel;
        border: thick $primary;
        padding: 1 2;
    }
    HelpScreen .help-title { text-style: bold; margin-bottom: 1; }
    HelpScreen .help-note { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, underneath: Screen[object]) -> None:
        super().__init__()
        self.rows = key_rows(underneath)
        self.title_text = f"Keys: {help_name(underneath)}"

    def compose(self) -> ComposeResult:
        # The dialog's border and padding take 8 cells.
        table = KeyTable(self.rows, width=min(self.app.size.width * 95 // 100, 130) - 8)
        with VerticalScroll():
            yield Static(Content.styled(self.title_text, "bold"), classes="help-title")
            yield table
            yield Static(self._note(table.ids_shown), classes="help-note", markup=False)

    def on_mount(self) -> None:
        table = self.query_one(KeyTable)
        self.watch(table, "ids_shown", self._ids_shown, init=False)

    @property
    def ids_shown(self) -> bool:
        return self.query_one(KeyTable).ids_shown

    def _ids_shown(self, shown: bool) -> None:
        self.query_one(".help-note", Static).update(self._note(shown))

    @staticmethod
    def _note(ids_shown: bool) -> str:
        where = "on the right" if ids_shown else "shown on a wider terminal"
        return (
            f"Change a key in keymap.toml in your config folder, by its id ({where}): "
            'note = "ctrl+n". Ctrl+P lists every command.'
        )

    def action_close(self) -> None:
        self.dismiss()
