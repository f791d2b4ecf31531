"""The command palette, whose keys act on the hits of everything typed before them."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from textual import on
from textual.command import CommandPalette
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from ..screens.base import host


class NotebookPalette(CommandPalette):
    """Textual's palette gathers the hits for each key in a worker and lists them when it is
    done, while enter runs whatever the list shows at that moment and up and down move in it.
    Keys that arrive at once (a laggy ssh link, a text expander) reach those before the hits
    of the last letters: enter ran the best hit of a shorter query ("merge conf" then enter
    noted a conversation), and a down was lost when the new hits came.

    Here enter and the keys that move in the list wait, in order, until the hits of what was
    typed are listed, and the keys after them wait too (the key queue's hold): they are for
    what enter runs, or for the list, as they are when nothing need wait."""

    _waiting: list[Callable[[], None]]
    _hold: contextlib.ExitStack | None = None

    def _gathering(self) -> bool:
        return any(
            worker.node is self
            and worker.group == self._GATHER_COMMANDS_GROUP
            and not worker.is_finished
            for worker in self.workers
        )

    def _after_gathering(self, step: Callable[[], None]) -> bool:
        """Keep `step` for when the hits are listed, if they are still being gathered."""
        if not self._gathering():
            return False
        if self._hold is None:
            self._waiting = []
            self._hold = contextlib.ExitStack()
            self._hold.enter_context(host(self.app).keys.hold_for_dialog())
        self._waiting.append(step)
        return True

    @on(Input.Submitted)
    def _enter_once_gathered(self, event: Input.Submitted) -> None:
        if self._after_gathering(self._select_or_command):
            # Textual's own handler (a base class's) is the default this holds back.
            event.stop()
            event.prevent_default()

    def _action_cursor_down(self) -> None:
        if not self._after_gathering(super()._action_cursor_down):
            super()._action_cursor_down()

    def _action_command_list(self, action: str) -> None:
        run = super()._action_command_list
        if not self._after_gathering(lambda: run(action)):
            run(action)

    @on(Input.Changed)
    def _typed_past_the_hold(self, event: Input.Changed) -> None:
        # Keys reach the query while steps wait only once the hold has given up on a search
        # that never ends: an enter made for the query before them must not run this one.
        self._stop_waiting()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if (
            self._hold is not None
            and event.worker.group == self._GATHER_COMMANDS_GROUP
            and event.state == WorkerState.SUCCESS
            and not event.worker.is_cancelled  # a search a later key replaced
            and not self._gathering()
            and self.app.screen is self
        ):
            # Once the list has been laid out with its hits: a page key moves by the list's
            # height, which Textual's list reads from its laid-out lines (a key run before that
            # failed inside Textual).
            self.call_after_refresh(self._take_the_waiting_steps)

    def _take_the_waiting_steps(self) -> None:
        if self._hold is None or self.app.screen is not self or self._gathering():
            return  # ended meanwhile, or a search began again: that one's end takes them
        steps = self._waiting
        try:
            for step in steps:
                step()
        finally:
            self._stop_waiting()  # the keys after them go where they led

    def _stop_waiting(self) -> None:
        self._waiting = []
        if self._hold is not None:
            self._hold.close()
            self._hold = None

    def _action_escape(self) -> None:
        self._stop_waiting()
        super()._action_escape()

    def on_unmount(self) -> None:
        self._stop_waiting()
