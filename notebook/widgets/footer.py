"""The footer of every screen: Textual's, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual import widgets
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets._footer import FooterKey


class Footer(widgets.Footer):
    """Textual's footer rebuilds itself (a new widget per key, each styled again) whenever the
    screen's bindings are told to refresh: every focus move and every `refresh_bindings()`.
    Most of those leave the keys as they were (moving between the fields of a form, a cursor
    moving in a list), and the rebuild was a tenth of the time such a move took. This one
    rebuilds only when what it shows has changed, and once for a burst of changes: a screen's
    first showing sets the focus, fills its list (which brings the row keys) and checks its
    keys, and each rebuilt the footer again, three times where one does."""

    # Textual's compact footer puts a margin after every key, the palette's too, which is
    # docked right: it stood a cell short of the edge, where the key under it showed through
    # ("^p palettew" at 80 columns).
    DEFAULT_CSS = """
    Footer.-compact FooterKey.-command-palette { margin-right: 0; }
    """

    _shown: tuple[object, ...] | None = None  # what the keys mounted now show

    # Shown first on every screen, before the screen's own keys: noting a conversation is one
    # key from anywhere, and help lists every other key. Textual puts the app's keys last,
    # and at 80 columns they were cut off the end.
    FIRST = ("note", "help")

    def compose(self) -> ComposeResult:
        # Textual's keys start compact and are told the footer's `compact` once mounted: a
        # class changed, so a key styled again, per key and per rebuild (a fifth of what a
        # screen's first paint took). Each key is made as it will be shown instead; the
        # palette's key keeps its own, compact.
        if self._bindings_ready:
            self._shown = self._what_it_shows(self.screen)
        widgets = list(super().compose())
        first = [
            widget
            for name in self.FIRST
            for widget in widgets
            if isinstance(widget, FooterKey)
            and widget.action == name
            and not widget.has_class("-command-palette")
        ]
        for widget in first + [widget for widget in widgets if widget not in first]:
            if isinstance(widget, FooterKey):
                compact = widget.has_class("-command-palette") or self.compact
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
                # A tooltip given as text is read as markup: "who [at place] [when]" lost
                # its brackets. The keys' tooltips are plain words.
                if isinstance(widget.tooltip, str):
                    widget.tooltip = Content(widget.tooltip)
            yield widget

    def bindings_changed(self, screen: Screen[object]) -> None:
        # Textual's, but the rebuild looks when it runs: a burst of changes asks for several,
        # and only the first that finds the keys changed rebuilds. Each change asks anew, so
        # a look dropped with a screen closed before it ran is made by the next.
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        if not self.is_attached:
            return
        screen = self.screen
        # A mode not shown (the screen just left, whose mode key turns on) is rebuilt, if at
        # all, when it is shown again: its keys are looked at again then.
        if screen not in screen.app.screen_stack:
            return
        if self._what_it_shows(screen) != self._shown:
            await self.recompose()

    def _what_it_shows(self, screen: Screen[object]) -> tuple[object, ...]:
        """Everything `compose` reads: each shown binding's key, how it is shown, its words,
        whether it is on, and its group; and the palette's key, shown or not. A key the footer
        does not show (a list's row keys, which come with its first row) changes nothing."""
        app = screen.app
        active = screen.active_bindings
        palette = (
            active.get(app.COMMAND_PALETTE_BINDING)
            if self.show_command_palette and app.ENABLE_COMMAND_PALETTE
            else None
        )
        return (
            None if palette is None else self._key(palette.binding, palette.enabled),
            *(
                (
                    *self._key(binding, enabled),
                    tooltip,
                    None if binding.group is None else binding.group.description,
                    None if binding.group is None else binding.group.compact,
                )
                for _node, binding, enabled, tooltip in active.values()
                if binding.show
            ),
        )

    def _key(self, binding: Binding, enabled: bool) -> tuple[object, ...]:
        return (
            binding.key,
            self.app.get_key_display(binding),
            binding.description,
            binding.action,
            enabled,
            binding.tooltip,
        )
