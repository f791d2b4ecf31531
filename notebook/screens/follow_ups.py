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
from ..store import StoreError
from ..viewmodel import Notebook
from ..widgets.record_list import Cell, Column, RecordList
from ..widgets.safe import notify
from .base import NotebookScreen, host
from .person import PersonScreen


def follow_up_columns(notebook: Notebook) -> list[Column[FollowUp]]:
    today = notebook.today

    def due(f: FollowUp) -> Cell:
        if f.due is None:
            return ("no date", "muted")
        if f.due < today:
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
        Column("Due", due, width=30),
        Column("Who", who, width=22),
        Column("What", lambda f: f.text),
        Column("Owed by", lambda f: "me" if f.by == "me" else ("them", "muted"), width=8),
        Column("From the conversation", source, width=34),
    ]


def ask_columns(notebook: Notebook) -> list[Column[ReferralAsk]]:
    today = notebook.today

    def status(a: ReferralAsk) -> Cell:
        if notebook.ask_needs_nudge(a):
            return (f"nudge: {status_words(a.status)}", "warning")
        return status_words(a.status)

    return [
        Column("Asked", lambda a: dates.ago(a.asked_on, today), width=14),
        Column("Person", lambda a: notebook.person(a.person).name, width=22),
        Column("For", lambda a: a.target),
        Column("Status", status, width=32),
    ]


class FollowUpsScreen(NotebookScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "x", "done", "Done", id="followups.done", tooltip="Mark the highlighted follow-up done"
        ),
        Binding(
            "u",
            "undo",
            "Undo",
            id="followups.undo",
            tooltip="Open again the follow-up just marked done",
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

    def __init__(self) -> None:
        super().__init__()
        self.last_done: FollowUp | None = None

    def compose(self) -> ComposeResult:
        yield Label("Open follow-ups", classes="section-title", id="followups-title")
        yield RecordList[FollowUp](
            follow_up_columns(self.notebook), empty="Nothing promised either way.", id="followups"
        )
        yield Label("Referral asks", classes="section-title", id="asks-title")
        yield RecordList[ReferralAsk](
            ask_columns(self.notebook),
            empty="No referral asks yet: r on the Refer screen records one.",
            id="asks",
        )
        with Horizontal(classes="status-bar"):
            yield Static("x done · u undo · enter open · tab to the asks", id="followups-keys")
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

    def people_in_view(self) -> tuple[int, ...]:
        if self.follow_ups.has_focus and self.follow_ups.highlighted:
            return self.follow_ups.highlighted.people
        if self.asks.has_focus and self.asks.highlighted:
            return (self.asks.highlighted.person,)
        return ()

    def action_open_person(self) -> None:
        people = self.people_in_view()
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

    def action_done(self) -> None:
        follow_up = self.follow_ups.highlighted
        if follow_up is None or not self.follow_ups.has_focus:
            self.app.bell()
            return
        try:
            self.notebook.complete_follow_up(follow_up.id or 0)
        except StoreError as error:
            notify(self.app, str(error), title="Not saved", severity="error")
            return
        self.last_done = follow_up
        host(self.app).changed()
        notify(self.app, f"Done: {follow_up.text}. Press u to undo.")

    def action_undo(self) -> None:
        if self.last_done is None:
            self.app.bell()
            return
        try:
            self.notebook.complete_follow_up(self.last_done.id or 0, done=False)
        except StoreError as error:
            notify(self.app, str(error), title="Not saved", severity="error")
            return
        notify(self.app, f"Open again: {self.last_done.text}")
        self.last_done = None
        host(self.app).changed()
