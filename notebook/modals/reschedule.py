"""Reschedule a follow-up: one line, "+1w" already typed, so `>` then enter moves it a week.

Up and down step through +1d, +1w, +2w and +1m; any date phrase ("next fri", "2026-12-01")
works too, and blank means no due date. The day it resolves to shows beside the line.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from .. import dates
from ..records import FollowUp, ValidationError
from ..screens.base import Dialog, action_key, dismiss_when_saved, host
from ..store import StoreError
from ..themes import MUTED
from ..viewmodel import RESCHEDULE_STEPS, Notebook, NotFoundError, due_day
from ..widgets.fields import FormField
from ..widgets.line_input import LineInput
from ..widgets.safe import notify, plain

DEFAULT_STEP = "+1w"


class ReschedulePrompt(Dialog[FollowUp | None]):
    """Ask for a follow-up's new due day and save it; dismisses with the saved follow-up."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "down",
            "step(1)",
            "Later step",
            id="reschedule.later",
            tooltip="Next of +1d, +1w, +2w, +1m",
            show=False,
        ),
        Binding(
            "up",
            "step(-1)",
            "Earlier step",
            id="reschedule.earlier",
            tooltip="Previous of +1d, +1w, +2w, +1m",
            show=False,
        ),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="reschedule.cancel",
            tooltip="Close, keeping the due day",
        ),
    ]
    DEFAULT_CSS = """
    ReschedulePrompt { align: center middle; }
    ReschedulePrompt > Vertical {
        width: 90; max-width: 100%; height: auto; padding: 0 1;
        background: $panel; border: thick $primary;
    }
    ReschedulePrompt .prompt-title { margin: 1 0 1 1; }
    ReschedulePrompt FormField { margin-bottom: 0; }
    ReschedulePrompt .prompt-keys { color: $text-muted; margin: 0 0 1 1; }
    """

    def __init__(self, follow_up: FollowUp) -> None:
        super().__init__()
        self.follow_up = follow_up

    @property
    def notebook(self) -> Notebook:
        return host(self.app).notebook

    @property
    def input(self) -> Input:
        return self.query_one("#reschedule-input", Input)

    def compose(self) -> ComposeResult:
        due = self.follow_up.due
        now = "no due day" if due is None else dates.shown(due)
        with_whom = ", ".join(
            self.notebook.people.get(p).name
            for p in self.follow_up.people
            if self.notebook.people.has(p)
        )
        title = Content.assemble(
            ("Reschedule ", "bold"),
            plain(self.follow_up.text.split("\n", 1)[0], style="bold"),
            # plain() trims its text: the space before "with" is not the user's.
            *((" with ", plain(with_whom)) if with_whom else ()),
            (f"  (now {now})", MUTED),
        )
        with Vertical():
            yield Static(title, classes="prompt-title")
            yield FormField(
                "Due",
                LineInput(DEFAULT_STEP, placeholder="+1d, +2w, next fri...", id="reschedule-input"),
                key="due",
                hint=self._describe(DEFAULT_STEP),
            )
            steps = " ".join(RESCHEDULE_STEPS)
            earlier, later = action_key(self, "step(-1)"), action_key(self, "step(1)")
            yield Static(
                plain(
                    f"{earlier}{later} {steps} · or a day: next fri, 2026-12-01 · blank: no due "
                    f"day · enter saves · {action_key(self, 'cancel')} cancels"
                ),
                classes="prompt-keys",
            )

    def on_mount(self) -> None:
        self.input.focus()
        self._opened_with = self.input.value

    def unsaved_work(self) -> str | None:
        """See confirm.unsaved_work: a quit asks before a typed day is lost."""
        return "the day you typed" if self.input.value != self._opened_with else None

    def _describe(self, text: str) -> str:
        if not text.strip():
            return "no due day"
        today = self.notebook.today
        try:
            return dates.shown(due_day(text, today))
        except dates.DateParseError:
            return "not a date yet"

    @on(Input.Changed, "#reschedule-input")
    def _typed(self, event: Input.Changed) -> None:
        form_field = self.query_one(FormField)
        form_field.clear_error()
        form_field.show_hint(self._describe(event.value))

    def action_step(self, step: int) -> None:
        value = self.input.value.strip()
        if value in RESCHEDULE_STEPS:
            at = (RESCHEDULE_STEPS.index(value) + step) % len(RESCHEDULE_STEPS)
        else:
            at = 0 if step > 0 else len(RESCHEDULE_STEPS) - 1
        self.input.value = RESCHEDULE_STEPS[at]
        self.input.select_all()  # typing a phrase replaces the step

    @on(Input.Submitted, "#reschedule-input")
    def _save(self, event: Input.Submitted) -> None:
        event.stop()
        form_field = self.query_one(FormField)
        text = self.input.value
        try:
            due = due_day(text, self.notebook.today) if text.strip() else None
            saved = self.notebook.follow_ups.reschedule(self.follow_up.id or 0, due)
        except (dates.DateParseError, ValidationError) as error:
            message = error.message if isinstance(error, ValidationError) else str(error)
            form_field.show_error(message)
            return
        except (NotFoundError, StoreError) as error:
            notify(self.app, str(error), title="Not saved", severity="error")
            return
        dismiss_when_saved(self, saved)

    def action_cancel(self) -> None:
        self.dismiss(None)
