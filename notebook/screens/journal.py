"""Journal: every conversation, newest first, filtered as you type; edit or delete one."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Input, Static

from ..modals.confirm import ConfirmModal
from ..modals.note import NoteModal
from ..modals.person_actions import ConversationView
from ..records import Interaction
from ..views import ConversationRow, ConversationsView, names_of
from ..widgets.footer import Footer
from ..widgets.line_input import LineInput
from ..widgets.record_list import Column, RecordList
from ..widgets.view_rows import RowsOf
from ..words import KIND_WORDS
from .base import FAILED, NotebookScreen, Undo, action_key, dialog_flow, key_line


def journal_columns() -> list[Column[ConversationRow]]:
    return [
        Column("When", lambda r: r.spelled_day, width=15, priority=5),
        Column("", lambda r: (r.day_words, "muted"), width=13, priority=1),
        # Who, where and what share the width left, so a wide terminal shows more of each;
        # a narrow one keeps when, who and what happened.
        Column("Who", lambda r: r.who, min_width=12, weight=3),
        Column("Kind", lambda r: (r.kind, "muted"), width=14, priority=3),
        Column("Where", lambda r: r.place, min_width=12, weight=2, priority=2),
        Column("What happened", lambda r: r.headline, min_width=30, weight=5),
    ]


class JournalScreen(NotebookScreen):
    """Every interaction, newest first: type to filter, enter to read one whole, e to edit it,
    d to delete it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "e", "edit", "Edit", id="journal.edit", tooltip="Edit the highlighted conversation"
        ),
        Binding(
            "d,delete",
            "delete",
            "Delete",
            id="journal.delete",
            tooltip="Delete the highlighted conversation (asks first; u undoes)",
        ),
        Binding(
            "u",
            "undo",
            "Undo",
            id="journal.undo",
            tooltip="Bring back the conversation just deleted",
        ),
    ]

    ROW_ACTIONS: ClassVar[Mapping[str, str]] = dict.fromkeys(("edit", "delete"), "journal_list")

    def __init__(self) -> None:
        super().__init__()
        # Rows are built only for the conversations drawn: 50,000 cost what is on screen.
        self.row_of = RowsOf[Interaction, ConversationRow](
            lambda i: ConversationsView(self.notebook).row(i)
        )

    @property
    def view(self) -> ConversationsView:
        return ConversationsView(self.notebook).matching(self.query_text)

    def _empty_line(self) -> str:
        return f"No conversations yet: press {action_key(self.app, 'note')} to note one."

    def compose(self) -> ComposeResult:
        yield LineInput(placeholder="Search conversations: who, kind, place, what", id="search")
        yield RecordList[Interaction](
            self.row_of.columns(journal_columns()),
            empty=self._empty_line(),
            id="journal",
        )
        with Horizontal(classes="status-bar"):
            yield Static(id="journal-count")
            # Enter's "Open" is the footer's first key: this line fits 80 columns without it.
            keys = [("journal.edit", "edit"), ("journal.delete", "delete")]
            keys += [("journal.undo", "undo"), ("search", "search")]
            yield Static(key_line(self.app, keys), id="journal-keys")
        yield Footer()

    def on_mount(self) -> None:
        self.set_focus(self.journal_list)

    @property
    def journal_list(self) -> RecordList[Interaction]:
        return self.query_one("#journal", RecordList)

    @property
    def query_text(self) -> str:
        return self.query_one("#search", Input).value

    def refresh_data(self) -> None:
        listing = self.journal_list
        kept = listing.highlighted
        query = self.query_text
        found = self.view.records()
        self.row_of.forget()
        # Kept by id (an edited conversation is still found); a deleted one's place goes to
        # the conversation after it, not to the top of the list.
        listing.set_items(found, keep=kept)
        total = self.notebook.conversations.count()
        if query.strip():
            listing.empty = "Nothing matches."
            shown = f"{len(found):,} of {total:,} conversations"
        else:
            listing.empty = self._empty_line()
            shown = f"{total:,} conversation" + ("" if total == 1 else "s")
        self.query_one("#journal-count", Static).update(shown)
        # Its keys act on a conversation listed: with none, the list says what to do instead.
        self.query_one("#journal-keys", Static).display = bool(found)

    @on(Input.Changed, "#search")
    def search_changed(self) -> None:
        if self.is_mounted:
            self.refresh_data()

    @on(Input.Submitted, "#search")
    def search_submitted(self) -> None:
        self.journal_list.focus()

    def focus_search(self) -> bool:
        self.query_one("#search", Input).focus()
        return True

    # -- edit and delete -----------------------------------------------------------------------

    @on(RecordList.Selected, "#journal")
    def open_interaction(self, event: RecordList.Selected) -> None:
        # A row shows a conversation's first line: enter opens it whole, as on a person's page.
        if isinstance(event.item, Interaction):
            self.app.push_screen(ConversationView(event.item))

    @dialog_flow
    async def action_edit(self) -> None:
        old = self.journal_list.highlighted
        if old is None:
            self.app.bell()
            return
        follow_ups = self.notebook.follow_ups
        promised = [follow_ups.get(f) for f in follow_ups.promised_in(old.id or 0)]
        result = await self.app.push_screen_wait(NoteModal(interaction=old, says_saved=False))
        if result is None:
            return
        saved = result.interaction
        if self.unchanged(old, saved):
            return
        # An edit typed into the wrong field (a date appended to the note) is taken back
        # whole, as a delete is.
        said = f"Saved {self._spelled(saved)}"
        for before in promised:
            now = follow_ups.by_id.get(before.id or 0)
            if now is not None and now.people != before.people:
                with_whom = names_of(self.notebook, now.people)
                said += f"; its follow-up “{now.text}” is now with {with_whom}"
        self.remember(
            Undo(
                said,
                f"{action_key(self, 'undo')} puts it back as it was",
                f"Back as it was: {self._spelled(old)}",
                lambda: self.notebook.conversations.put_back(old, promised),
            )
        )

    def _spelled(self, interaction: Interaction) -> str:
        """A conversation in words, as its row reads: "coffee with Dana on Tue 24 Nov"."""
        row = self.row_of(interaction)
        kind = KIND_WORDS.get(interaction.kind, interaction.kind)
        return f"{kind} with {row.who or 'nobody'} on {row.spelled_day}"

    @dialog_flow
    async def action_delete(self) -> None:
        interaction = self.journal_list.highlighted
        if interaction is None or interaction.id is None:
            self.app.bell()
            return
        what = self._spelled(interaction)
        message = f"Delete {what}?"
        if interaction.headline:
            message += f"\n“{interaction.headline}”"
        delete = await self.app.push_screen_wait(ConfirmModal(message, yes="Delete", no="Keep"))
        if not delete or interaction.id is None:
            return
        iid = interaction.id
        deleted = self.attempt(
            lambda: self.notebook.conversations.delete(iid), failed="Not deleted"
        )
        if deleted is FAILED:
            return
        gone = deleted
        self.remember(
            Undo(
                f"Deleted {what}",
                f"{action_key(self, 'undo')} brings it back",
                f"Back: {what}",
                lambda: self.notebook.conversations.restore(gone),
            )
        )
