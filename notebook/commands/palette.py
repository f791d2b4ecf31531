"""The command palette, with enter that waits for the hits of everything typed before it."""

from __future__ import annotations

import contextlib

from textual import on
from textual.command import CommandPalette
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from ..screens.base import host


class NotebookPalette(CommandPalette):
    """Textual's palette gathers the hits for each key in a worker and lists them when it is
    done, while enter runs whatever the list shows at that moment. Keys that arrive at once
    (a laggy ssh link, a text expander) reach enter before the hits of the last of them, so
    it ran the best hit of a shorter query: "merge conf" then enter noted a conversation.
    Here enter waits until the hits of what was typed are listed, and the keys typed after
    it wait with it: they are for what it runs, as they are when enter need not wait."""

    _enter_waiting: contextlib.ExitStack | None = None

    def _gathering(self) -> bool:
        return any(
            worker.node is self
            and worker.group == self._GATHER_COMMANDS_GROUP
            and not worker.is_finished
            for worker in self.workers
        )

    @on(Input.Submitted)
    def _enter_once_gathered(self, event: Input.Submitted) -> None:
        if not self._gathering():
            return  # Textual's own handler runs it
        # That handler (a base class's) is the default this holds back.
        event.stop()
        event.prevent_default()
        if self._enter_waiting is None:
            self._enter_waiting = contextlib.ExitStack()
            self._enter_waiting.enter_context(host(self.app).keys.hold_for_dialog())

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if (
            self._enter_waiting is not None
            and event.worker.group == self._GATHER_COMMANDS_GROUP
            and event.state == WorkerState.SUCCESS
            and not event.worker.is_cancelled  # a search a later key replaced
            and not self._gathering()
            and self.app.screen is self
        ):
            try:
                self._select_or_command()
            finally:
                self._stop_waiting()  # the keys after enter go to what it opened

    def _stop_waiting(self) -> None:
        if self._enter_waiting is not None:
            self._enter_waiting.close()
            self._enter_waiting = None

    def _action_escape(self) -> None:
        self._stop_waiting()
        super()._action_escape()

    def on_unmount(self) -> None:
        self._stop_waiting()
