"""The footer of every screen: Textual's, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual import widgets
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets._footer import FooterKey


class Footer(widgets.Footer):
    """Textual's footer rebuilds itself (a new widget per key, each styled again) whenever the
    screen's bindings are told to refresh: every focus move and every `refresh_bindings()`.
    Most of those leave the keys as they were (moving between the fields of a form, a cursor
    moving in a list), and the rebuild was a tenth of the time such a move took. This one
    rebuilds only when what it shows has changed."""

    _shown: tuple[object, ...] | None = None

    def compose(self) -> ComposeResult:
        # Textual's keys start compact and are told the footer's `compact` once mounted: a
        # class changed, so a key styled again, per key and per rebuild (a fifth of what a
        # screen's first paint took). Each key is made as it will be shown instead; the
        # palette's key keeps its own, compact.
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                compact = widget.has_class("-command-palette") or self.compact
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            shown = self._what_it_shows(screen)
            if shown == self._shown:
                return
            self._shown = shown
        super().bindings_changed(screen)

    def _what_it_shows(self, screen: Screen[object]) -> tuple[object, ...]:
        """Everything `compose` reads: each binding's key, how it is shown, its words, whether
        it is on, and its group; and whether the palette's key is shown."""
        app = screen.app
        return (
            self.show_command_palette,
            app.ENABLE_COMMAND_PALETTE,
            *(
                (
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    binding.show,
                    enabled,
                    tooltip,
                    binding.tooltip,
                    None if binding.group is None else binding.group.description,
                    None if binding.group is None else binding.group.compact,
                )
                for _node, binding, enabled, tooltip in screen.active_bindings.values()
            ),
        )
