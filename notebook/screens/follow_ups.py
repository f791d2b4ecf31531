"""Follow-ups: open promises across everyone (overdue first), and referral asks awaiting an
answer (those quiet for a week are flagged "nudge")."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Footer, Label, Static

from .. import dates
from ..modals.ask import AskDialog, status_words
from ..records import FollowUp, ReferralAsk
from ..viewmodel import Notebook
from ..widgets.record_list import Cell, Column, RecordList
from .base import host
from .follow_up_keys import FollowUpKeys
from .person import PersonScreen


def follow_up_columns(notebook: Notebook) -> list[Column[FollowUp]]:
    # `notebook.today` is read as each row is drawn, never kept: the screen may stay open past
    # midnight.
    def due(f: FollowUp) -> Cell:
        today = notebook.today
        if f.due is None:
            return ("no date", "muted")
        if notebook.is_overdue(f):
            return (f"{f.due.isoformat()} overdue {dates.span((today - f.due).days)}", "error")
        return (
            f"{f.due.isoformat()} {dates.ago(f.due, today)}",
            "accent" if f.due == today else "",
        )

    def who(f: FollowUp) -> Cell:
        return ", ".join(notebook.person(p).name for p in f.people)

    def source(f: FollowUp) -> Cell:
        interaction = notebook.find_interaction(f.interaction)
        if interaction is None:
            return ""
        return (f"{interaction.day.isoformat()} {interaction.headline}", "muted")

    return [
        Column("Due", due, width=26),
        Column("Who", who, min_width=14, weight=2),
        Column("What", lambda f: f.text, min_width=24, weight=3),
        Column("Owed by", lambda f: "me" if f.by == "me" else ("them", "muted"), width=7),
        Column("From the conversation", source, min_width=20, weight=2, priority=1),
    ]


def ask_columns(notebook: Notebook) -> list[Column[ReferralAsk]]:
    def status(a: ReferralAsk) -> Cell:
        if notebook.ask_needs_nudge(a):
            return (f"nudge: {status_words(a.status)}", "warning")
        return status_words(a.status)

    return [
        Column("Asked", lambda a: dates.ago(a.asked_on, notebook.today), width=14, priority=2),
        Column("Person", lambda a: notebook.person(a.person).name, min_width=14, weight=2),
        Column("For", lambda a: a.target, min_width=14, weight=2),
        Column("Status", status, min_width=16, weight=2),
    ]


class FollowUpsScreen(FollowUpKeys):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "x", "done", "Done", id="followups.done", tooltip="Mark the highlighted follow-up done"
        ),
        Binding(
            "E",
            "edit_follow_up",
            "Edit follow-up",
            id="followups.edit_follow_up",
            tooltip="Edit, or hand to someone else, the highlighted follow-up",
        ),
        Binding(
            "greater_than_sign",
            "reschedule",
            "Reschedule",
            id="followups.reschedule",
            tooltip="Move the highlighted follow-up's due day (+1d, +1w, a date...)",
        ),
        Binding(
            "X",
            "delete_follow_up",
            "Delete follow-up",
            id="followups.delete_follow_up",
            tooltip="Delete the highlighted follow-up (u undoes)",
        ),
        Binding(
            "u",
            "undo",
            "Undo",
            id="followups.undo",
            tooltip="Undo the last follow-up marked done or deleted",
        ),
        Binding(
            "o",
            "open_person",
            "Open person",
            id="followups.open",
            tooltip="Open the person of the highlighted row",
        ),
    ]
    DEFAULT_CSS = """
    FollowUpsScreen .section-title { margin: 1 1 0 1; text-style: bold; color: $text-accent; }
    FollowUpsScreen #followups { height: 2fr; }
    FollowUpsScreen #asks { height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Label("Open follow-ups", classes="section-title", id="followups-title")
        yield RecordList[FollowUp](
            follow_up_columns(self.notebook),
            empty="Nothing promised: f on a person's page, or a note's Follow-up, adds one.",
            id="followups",
        )
        yield Label("Referral asks", classes="section-title", id="asks-title")
        yield RecordList[ReferralAsk](
            ask_columns(self.notebook),
            empty="No referral asks yet: r on the Refer screen records one.",
            id="asks",
        )
        with Horizontal(classes="status-bar"):
            yield Static(
                "x done · E edit · > reschedule · X delete · u undo · enter open · tab to the asks",
                id="followups-keys",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.follow_ups.focus()

    @property
    def follow_ups(self) -> RecordList[FollowUp]:
        return self.query_one("#followups", RecordList)

    @property
    def asks(self) -> RecordList[ReferralAsk]:
        return self.query_one("#asks", RecordList)

    def refresh_data(self) -> None:
        notebook = self.notebook
        open_ones = notebook.open_follow_ups()
        self.follow_ups.set_items(open_ones, keep=self.follow_ups.highlighted)
        overdue = len(notebook.overdue_follow_ups())
        self.query_one("#followups-title", Label).update(
            f"Open follow-ups: {len(open_ones)}" + (f", {overdue} overdue" if overdue else "")
        )
        asks = notebook.asks(open_only=True)
        self.asks.set_items(asks, keep=self.asks.highlighted)
        nudges = sum(1 for a in asks if notebook.ask_needs_nudge(a))
        self.query_one("#asks-title", Label).update(
            f"Referral asks awaiting an answer: {len(asks)}"
            + (f", {nudges} to nudge" if nudges else "")
        )

    def _highlighted_people(self) -> tuple[int, ...]:
        if self.follow_ups.has_focus and self.follow_ups.highlighted:
            return self.follow_ups.highlighted.people
        if self.asks.has_focus and self.asks.highlighted:
            return (self.asks.highlighted.person,)
        return ()

    def action_open_person(self) -> None:
        people = self._highlighted_people()
        if people:
            self.app.push_screen(PersonScreen(people[0]))

    @on(RecordList.Selected, "#followups")
    def follow_up_selected(self) -> None:
        self.action_open_person()

    @on(RecordList.Selected, "#asks")
    def ask_selected(self, event: RecordList.Selected) -> None:
        ask: ReferralAsk = event.item

        def saved(result: ReferralAsk | None) -> None:
            if result is not None:
                host(self.app).changed()

        self.app.push_screen(AskDialog(self.notebook.person(ask.person), ask=ask), saved)
