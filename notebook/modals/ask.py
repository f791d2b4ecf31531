"""Referral asks: record one, or move one along (asked → agreed → referred → outcome)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Input, Select

from ..records import ASK_STATUSES, Person, ReferralAsk
from ..widgets.fields import FormField
from ..widgets.line_input import LineInput
from ..widgets.safe import display_text
from ..words import ASK_STATUS_WORDS, ask_status_words
from .person_actions import PersonDialog, who_text

# The words are words.py's, shared with the lists and the prep sheet.
status_words = ask_status_words


class AskDialog(PersonDialog[ReferralAsk]):
    """A new ask of `person` about `target`, or (with `ask`) a change of an existing one."""

    save_label = "Save"

    def __init__(self, person: Person, *, target: str = "", ask: ReferralAsk | None = None) -> None:
        super().__init__(person)
        self.target = display_text(ask.target if ask else target)
        self.existing = ask

    def title_content(self) -> Content:
        return who_text("Referral ask to ", self.person)

    def note(self) -> Content:
        if self.existing is None:
            return Content(
                "Noting an ask keeps it on the Follow-ups screen until it ends in an offer or a no."
            )
        return Content(f"Asked on {self.existing.asked_on.isoformat()}.")

    def fields(self) -> ComposeResult:
        yield FormField(
            "For",
            LineInput(
                self.target,
                placeholder="company or role",
                id="target-input",
                disabled=bool(self.existing),
            ),
            key="target",
        )
        status = self.existing.status if self.existing else "asked"
        options = [(Content(ASK_STATUS_WORDS[s]), s) for s in ASK_STATUSES]
        yield FormField(
            "Status",
            Select(options, value=status, allow_blank=False, id="status-input"),
            key="status",
        )
        yield FormField(
            "Notes",
            LineInput(
                display_text(self.existing.notes) if self.existing else "",
                placeholder="optional",
                id="notes-input",
            ),
            key="notes",
        )

    def on_mount(self) -> None:
        focus = "#status-input" if self.existing else "#target-input"
        self.query_one(focus).focus()

    def save(self) -> ReferralAsk:
        status = str(self.query_one("#status-input", Select).value)
        notes = self.query_one("#notes-input", Input).value
        if self.existing is not None:
            return self.notebook.asks.set_status(self.existing.id or 0, status, notes=notes)
        target = self.query_one("#target-input", Input).value
        return self.notebook.asks.add(target, self.person_id, status=status, notes=notes)
