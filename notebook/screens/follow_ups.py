"""Follow-ups: open promises across everyone (overdue first), and referral asks awaiting an
answer (those quiet for a week are flagged "nudge")."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Label, Static

from ..modals.ask import AskDialog
from ..records import FollowUp, ReferralAsk
from ..views import AskRow, AsksView, FollowUpRow, FollowUpsView
from ..widgets.footer import Footer
from ..widgets.record_list import Cell, Column, RecordList
from ..widgets.view_rows import RowsOf
from ..words import ask_status_words
from .base import FAILED, Undo, action_key, dialog_flow, key_line
from .follow_up_keys import ON_A_FOLLOW_UP, FollowUpKeys
from .person import PersonScreen


def follow_up_columns() -> list[Column[FollowUpRow]]:
    def due(row: FollowUpRow) -> Cell:
        if row.due is None:
            return ("no date", "muted")
        if row.overdue:
            return (f"{row.due.isoformat()} {row.overdue_words}", "error")
        return (f"{row.due.isoformat()} {row.due_words}", "accent" if row.due_today else "")

    return [
        Column("Due", due, width=26),
        Column("Who", lambda r: r.who, min_width=14, weight=2),
        Column("What", lambda r: r.text, min_width=24, weight=3),
        Column("Owed by", lambda r: "me" if r.by == "me" else ("them", "muted"), width=7),
        Column(
            "From the conversation",
            lambda r: (r.source, "muted") if r.source else "",
            min_width=20,
            weight=2,
            priority=1,
        ),
    ]


def ask_columns() -> list[Column[AskRow]]:
    def status(row: AskRow) -> Cell:
        return (f"nudge: {row.status_words}", "warning") if row.needs_nudge else row.status_words

    return [
        Column("Asked", lambda r: r.asked_words, width=14, priority=2),
        Column("Person", lambda r: r.person_name, min_width=14, weight=2),
        Column("For", lambda r: r.target, min_width=14, weight=2),
        Column("Status", status, min_width=16, weight=2),
    ]


# The line of keys under the lists, for the list that has the focus: (binding id, what it
# does), then where tab goes (Textual's key, which no keymap moves).
FOLLOW_UP_KEYS = [
    ("followups.done", "done"),
    ("followups.edit_follow_up", "edit"),
    ("followups.reschedule", "reschedule"),
    ("followups.delete_follow_up", "delete"),
    ("followups.undo", "undo"),
    ("list.open", "open"),
]
ASK_KEYS = [
    ("list.open", "edit the ask"),
    ("followups.delete_ask", "delete"),
    ("followups.open", "open the person"),
]


class FollowUpsScreen(FollowUpKeys):
    HELP_NAME = "Follow-ups"
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
        # The same key as a follow-up's delete: each acts on its own list, the one focused.
        Binding(
            "X",
            "delete_ask",
            "Delete ask",
            id="followups.delete_ask",
            tooltip="Delete the highlighted referral ask, one noted by mistake (u undoes)",
        ),
        Binding(
            "u",
            "undo",
            "Undo",
            id="followups.undo",
            tooltip="Undo the last follow-up or ask done, deleted, edited or rescheduled",
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
        # The views are made afresh for each refresh and each row: rows are worded from the
        # notebook's today when they are built, never from the day the screen was made.
        self.follow_up_row = RowsOf[FollowUp, FollowUpRow](
            lambda f: FollowUpsView(self.notebook).row(f)
        )
        self.ask_row = RowsOf[ReferralAsk, AskRow](lambda a: AsksView(self.notebook).row(a))

    def compose(self) -> ComposeResult:
        yield Label("Open follow-ups", classes="section-title", id="followups-title")
        yield RecordList[FollowUp](
            self.follow_up_row.columns(follow_up_columns()),
            empty="Nothing promised: f on a person's page, or a note's Follow-up, adds one.",
            id="followups",
        )
        yield Label("Referral asks", classes="section-title", id="asks-title")
        yield RecordList[ReferralAsk](
            self.ask_row.columns(ask_columns()),
            empty="No referral asks yet: r on the Refer screen records one.",
            id="asks",
        )
        with Horizontal(classes="status-bar"):
            yield Static(self._keys(), id="followups-keys")
        yield Footer()

    def on_mount(self) -> None:
        self.set_focus(self.follow_ups)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The follow-up keys act on the follow-ups list: out of the footer while the asks have
        # the focus, as the line of keys says.
        if action in ON_A_FOLLOW_UP and self.is_mounted and self.asks.has_focus:
            return False
        if action == "delete_ask":
            return self.is_mounted and self.asks.has_focus and bool(self.asks.items)
        return super().check_action(action, parameters)

    def action_delete_ask(self) -> None:
        ask = self.asks.highlighted
        if ask is None or ask.id is None:
            self.app.bell()
            return
        aid = ask.id
        deleted = self.attempt(lambda: self.notebook.asks.delete(aid), failed="Not deleted")
        if deleted is FAILED:
            return
        who = self.notebook.people.get(ask.person).name
        what = f"asked {who} about {ask.target}"
        self.remember(
            Undo(
                f"Deleted: {what}",
                f"{action_key(self, 'undo')} brings it back",
                f"Back: {what}",
                lambda: self.notebook.asks.restore(ask),
            )
        )

    def on_descendant_focus(self) -> None:
        self.query_one("#followups-keys", Static).update(self._keys())

    def _keys(self) -> Content:
        """The line of keys for the list that has the focus (the follow-ups' at first)."""
        if self.is_mounted and self.asks.has_focus:
            return key_line(self.app, ASK_KEYS, "tab to follow-ups")
        return key_line(self.app, FOLLOW_UP_KEYS, "tab to asks")

    @property
    def follow_ups(self) -> RecordList[FollowUp]:
        return self.query_one("#followups", RecordList)

    @property
    def asks(self) -> RecordList[ReferralAsk]:
        return self.query_one("#asks", RecordList)

    def refresh_data(self) -> None:
        follow_ups = FollowUpsView(self.notebook)
        open_ones = follow_ups.records()
        self.follow_up_row.forget()
        self.follow_ups.set_items(open_ones, keep=self.follow_ups.highlighted)
        overdue = len(follow_ups.overdue().records())
        self.query_one("#followups-title", Label).update(
            f"Open follow-ups: {len(open_ones)}" + (f", {overdue} overdue" if overdue else "")
        )
        awaiting = AsksView(self.notebook).awaiting_answer()
        asks = awaiting.records()
        self.ask_row.forget()
        self.asks.set_items(asks, keep=self.asks.highlighted)
        nudges = len(awaiting.needing_nudge().records())
        self.query_one("#asks-title", Label).update(
            f"Referral asks under way: {len(asks)}" + (f", {nudges} to nudge" if nudges else "")
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
        self.edit_ask(event.item)

    @dialog_flow
    async def edit_ask(self, ask: ReferralAsk) -> None:
        person = self.notebook.people.get(ask.person)
        saved = await self.app.push_screen_wait(AskDialog(person, ask=ask))
        if saved is None or (saved.status, saved.notes) == (ask.status, ask.notes):
            return
        # An offer or a no ends the ask, and it leaves this list: one chosen by mistake could
        # not be reached again.
        aid = ask.id or 0
        what = f"asked {person.name} about {ask.target}"
        self.remember(
            Undo(
                f"Saved: {what}, {ask_status_words(saved.status)}",
                f"{action_key(self, 'undo')} puts it back as it was",
                f"Back as it was: {what}, {ask_status_words(ask.status)}",
                lambda: self.notebook.asks.set_status(aid, ask.status, notes=ask.notes),
            )
        )
