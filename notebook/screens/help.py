"""Help: every key of the screen underneath, including the ones the footer hides."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Static


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


class HelpScreen(ModalScreen[None]):
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
    HelpScreen .help-row { height: auto; }
    HelpScreen .help-what { width: 1fr; }
    HelpScreen .help-id { color: $text-muted; }
    HelpScreen .help-note { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, underneath: Screen[object]) -> None:
        super().__init__()
        self.rows = key_rows(underneath)
        self.title_text = f"Keys: {help_name(underneath)}"

    def compose(self) -> ComposeResult:
        key_width = max((len(k) for k, _, _ in self.rows), default=4) + 2
        what_width = max((len(w) for _, w, _ in self.rows), default=10) + 2
        id_width = max((len(i) for _, _, i in self.rows), default=0)
        # The ids (for keymap.toml) only where they fit beside the descriptions: wrapped onto
        # lines of their own they read as keys. The dialog's border and padding take 8 cells.
        room = min(self.app.size.width * 95 // 100, 130) - 8
        self.ids_shown = key_width + what_width + id_width <= room
        with VerticalScroll():
            yield Static(Content.styled(self.title_text, "bold"), classes="help-title")
            for keys, what, binding_id in self.rows:
                # A row of its own per key, so a long description wraps beside its key.
                with Horizontal(classes="help-row"):
                    key = Static(Content.styled(keys, "$text-accent bold"), classes="help-key")
                    key.styles.width = key_width
                    yield key
                    yield Static(what, classes="help-what", markup=False)
                    if self.ids_shown:
                        ident = Static(binding_id, classes="help-id", markup=False)
                        ident.styles.width = id_width
                        yield ident
            where = "on the right" if self.ids_shown else "shown on a wider terminal"
            yield Static(
                f"Change a key in keymap.toml in your config folder, by its id ({where}): "
                'note = "ctrl+n". Ctrl+P lists every command.',
                classes="help-note",
                markup=False,
            )

    def action_close(self) -> None:
        self.dismiss()
