"""The command palette, with enter that waits for the hits of everything typed before it."""

from __future__ import annotations

from textual import on
from textual.command import CommandPalette
from textual.widgets import Input
from textual.worker import Worker, WorkerState


class NotebookPalette(CommandPalette):
    """Textual's palette gathers the hits for each key in a worker and lists them when it is
    done, while enter runs whatever the list shows at that moment. Keys that arrive at once
    (a laggy ssh link, a text expander) reach enter before the hits of the last of them, so
    it ran the best hit of a shorter query: "merge conf" then enter noted a conversation.
    Here enter waits until the hits of what was typed are listed."""

    _enter_waiting = False

    def _gathering(self) -> bool:
        return any(
            worker.node is self
            and worker.group == self._GATHER_COMMANDS_GROUP
            and not worker.is_finished
            for worker in self.workers
        )

    @on(Input.Submitted)
    def _enter_once_gathered(self, event: Input.Submitted) -> None:
        if self._gathering():
            # Textual's own handler (a base class's) is the default this holds back.
            event.stop()
            event.prevent_default()
            self._enter_waiting = True

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if (
            self._enter_waiting
            and event.worker.group == self._GATHER_COMMANDS_GROUP
            and event.state == WorkerState.SUCCESS
            and not self._gathering()  # keys after enter: the newest query's hits
        ):
            self._enter_waiting = False
            self._select_or_command()
