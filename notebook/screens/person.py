"""Person: one person's profile, how the relationship stands, open follow-ups, ties and the
timeline of conversations, with a key for each thing you would do about them."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from functools import partial
from typing import ClassVar, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ..modals.confirm import ConfirmModal
from ..modals.person_actions import (
    CadenceDialog,
    ConversationView,
    FollowUpDialog,
    SnoozeDialog,
    TieDialog,
    snoozed_words,
)
from ..modals.person_form import PersonForm
from ..modals.prep import PrepModal
from ..records import FollowUp, Interaction, Person
from ..themes import MUTED
from ..viewmodel import ForgetImpact, NotFoundError, TieView
from ..views import (
    PROFILE_FACTS,
    RELATIONSHIP_FACTS,
    ConversationRow,
    FollowUpRow,
    PersonPage,
    PersonView,
    PrepView,
    TieRow,
)
from ..widgets.facts import Facts
from ..widgets.footer import Footer
from ..widgets.record_list import Cell, Column, RecordList
from ..widgets.safe import notify, plain
from ..widgets.view_rows import RowsOf
from ..words import strength_dots as strength_dots  # known here by the tie list's tests
from .base import FAILED, WRITE_ERRORS, Undo, action_key, dialog_flow
from .follow_up_keys import FollowUpKeys

T = TypeVar("T")

# Rows shown in the follow-up and tie lists before they scroll; the timeline takes the rest.
SHORT_LIST_ROWS = 5


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one}" if count == 1 else f"{count} {many or one + 's'}"


def forget_message(name: str, impact: ForgetImpact) -> str:
    """Exactly what forgetting someone removes, for the confirm."""
    lines = [f"Forget {name} for good? This removes:", "• their profile"]
    if impact.conversations_deleted:
        lines.append(f"• {_plural(impact.conversations_deleted, 'conversation')} only with them")
    if impact.conversations_kept:
        kept = _plural(impact.conversations_kept, "conversation")
        lines.append(f"• them from {kept} with others (those stay)")
    if impact.ties:
        lines.append(f"• {_plural(impact.ties, 'tie')} to other people")
    if impact.follow_ups_deleted:
        lines.append(f"• {_plural(impact.follow_ups_deleted, 'follow-up')}")
    if impact.follow_ups_kept:
        kept = _plural(impact.follow_ups_kept, "shared follow-up")
        lines.append(f"• them from {kept} (those stay)")
    if impact.asks:
        lines.append(f"• {_plural(impact.asks, 'referral ask')}")
    if impact.met_via_links:
        lines.append(f'• the "met via" link on {_plural(impact.met_via_links, "person", "people")}')
    lines.append("This can't be undone.")
    return "\n".join(lines)


def follow_up_columns() -> list[Column[FollowUpRow]]:
    def due(row: FollowUpRow) -> Cell:
        if row.due is None:
            return ("no due date", "error" if row.overdue else "muted")
        if row.overdue:
            return (f"! due {row.due_words}", "error")  # marked in text too: the cursor hides tone
        return (f"due {row.due_words}", "warning" if row.due_today else "")

    def what(row: FollowUpRow) -> Cell:
        text = f"{row.headline} (with {row.others})" if row.others else row.headline
        return (text, "error" if row.overdue else "")

    return [
        Column("Due", due, width=18),
        Column(
            "Owed by",
            lambda r: (r.owed_words, "error" if r.overdue else "muted"),
            width=8,
            priority=2,
        ),
        Column("What", what, min_width=16),
    ]


def tie_columns() -> list[Column[TieRow]]:
    return [
        Column("Knows", lambda r: r.name, min_width=16, weight=2),
        Column("Relation", lambda r: (r.relation, "muted"), min_width=12, weight=2, priority=3),
        Column("Strength", lambda r: (r.strength_dots, "accent"), width=8, priority=2),
        Column("Note", lambda r: (r.note_headline, "muted"), min_width=12, weight=3, priority=1),
    ]


def timeline_columns() -> list[Column[ConversationRow]]:
    def what(row: ConversationRow) -> str:
        return f"{row.headline} · with {row.others}" if row.others else row.headline

    return [
        Column("When", lambda r: r.day.isoformat(), width=10),
        Column("Kind", lambda r: (r.kind, "muted"), width=14, priority=1),
        Column("Place", lambda r: r.place, width=14, priority=2),
        Column("What · who else was there", what, min_width=24),
    ]


class PersonScreen(FollowUpKeys):
    """Everything about one person; tab moves between follow-ups, ties and the timeline."""

    ROW_ACTIONS: ClassVar[Mapping[str, str]] = {**FollowUpKeys.ROW_ACTIONS, "remove_tie": "ties"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="person.back", tooltip="Back to the list", show=False),
        Binding("e", "edit", "Edit", id="person.edit", tooltip="Edit this person"),
        Binding("p", "prep", "Prep", id="person.prep", tooltip="Prep sheet before meeting them"),
        Binding(
            "f", "add_follow_up", "Follow-up", id="person.follow_up", tooltip="Add a follow-up"
        ),
        Binding(
            "x",
            "done",
            "Done",
            id="person.done",
            tooltip="Mark the highlighted follow-up done (u undoes)",
        ),
        Binding(
            "E",
            "edit_follow_up",
            "Edit follow-up",
            id="person.edit_follow_up",
            tooltip="Edit, or hand to someone else, the highlighted follow-up",
        ),
        Binding(
            "greater_than_sign",
            "reschedule",
            "Reschedule",
            id="person.reschedule",
            tooltip="Move the highlighted follow-up's due day (+1d, +1w, a date...)",
        ),
        Binding(
            "X",
            "delete_follow_up",
            "Delete follow-up",
            id="person.delete_follow_up",
            tooltip="Delete the highlighted follow-up (u undoes)",
        ),
        Binding(
            "u",
            "undo",
            "Undo",
            id="person.undo",
            tooltip="Undo the last change here (an edit, a follow-up, a tie, cadence, snooze)",
        ),
        Binding("t", "add_tie", "Tie", id="person.tie", tooltip="Add a tie to someone they know"),
        Binding(
            "d,delete",
            "remove_tie",
            "Remove tie",
            id="person.remove_tie",
            tooltip="Remove the highlighted tie (asks first)",
            show=False,
        ),
        # c and s are named in the Relationship panel's title rather than the crowded footer.
        Binding(
            "c",
            "cadence",
            "Cadence",
            id="person.cadence",
            tooltip="How often to keep in touch",
            show=False,
        ),
        Binding(
            "s",
            "snooze",
            "Snooze",
            id="person.snooze",
            tooltip="Snooze or un-snooze reminders",
            show=False,
        ),
        Binding(
            "A",
            "archive",
            "Archive",
            id="person.archive",
            tooltip="Archive or unarchive this person (asks first)",
            show=False,
        ),
        Binding(
            "D",
            "forget",
            "Forget",
            id="person.forget",
            tooltip="Forget this person and their history (asks first)",
            show=False,
        ),
    ]
    DEFAULT_CSS = """
    PersonScreen {
        #person-header { dock: top; height: 2; padding: 0 1; }
        #person-body { height: 1fr; }
        #person-side { width: 44; height: 1fr; scrollbar-size-vertical: 1; }
        #person-lists { width: 1fr; height: 1fr; }
        .panel {
            height: auto;
            border: round $primary 50%;
            border-title-color: $text-primary;
            border-subtitle-color: $text-muted;
            padding: 0 1;
            margin: 0 0 0 1;
        }
        #person-lists > RecordList {
            padding: 0 1;
            border: round $primary 50%;
            border-title-color: $text-primary;
        }
        #person-lists > RecordList:focus { border: round $accent; }
        #person-lists > #timeline { height: 1fr; }
        /* Under NARROW columns the panels stack and the page scrolls: side by side, every
           list would be cut to a few characters. */
        &.-narrow {
            #person-body { layout: vertical; overflow-y: auto; scrollbar-size-vertical: 1; }
            #person-side { width: 1fr; height: auto; layout: horizontal; }
            #person-side > .panel { width: 1fr; }
            #person-lists { height: auto; }
            #person-lists > RecordList { height: auto; max-height: 9; }
            #person-lists > #timeline { height: auto; min-height: 8; max-height: 16; }
        }
    }
    """
    NARROW = 100

    def on_resize(self, event: events.Resize) -> None:
        super().on_resize(event)
        self.set_class(event.size.width < self.NARROW, "-narrow")

    def __init__(self, person_id: int) -> None:
        super().__init__()
        self.person_id = person_id
        # Each list holds the notebook's records (the keys act on them); its columns lay out
        # the rows this person's view builds for them.
        self.follow_up_row = RowsOf[FollowUp, FollowUpRow](lambda f: self.view.follow_ups.row(f))
        self.tie_row = RowsOf[TieView, TieRow](lambda t: self.view.ties.row(t))
        self.conversation_row = RowsOf[Interaction, ConversationRow](
            lambda i: self.view.timeline.row(i)
        )

    @property
    def view(self) -> PersonView:
        return PersonView(self.notebook, self.person_id)

    # -- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="person-header")
        with Horizontal(id="person-body"):
            with VerticalScroll(id="person-side"):
                yield self._panel("profile", "Profile", PROFILE_FACTS)
                relationship = self._panel("relationship", "Relationship", RELATIONSHIP_FACTS)
                relationship.border_subtitle = plain(
                    f"{action_key(self, 'cadence')} cadence · {action_key(self, 'snooze')} snooze"
                )
                yield relationship
            with Vertical(id="person-lists"):
                yield RecordList[FollowUp](
                    self.follow_up_row.columns(follow_up_columns()),
                    empty=f"No open follow-ups · {action_key(self, 'add_follow_up')} adds one",
                    id="follow-ups",
                )
                yield RecordList[TieView](
                    self.tie_row.columns(tie_columns()),
                    empty=f"No ties yet · {action_key(self, 'add_tie')} adds one",
                    id="ties",
                )
                yield RecordList[Interaction](
                    self.conversation_row.columns(timeline_columns()),
                    empty=f"No conversations yet · {action_key(self.app, 'note')} notes one",
                    id="timeline",
                )
        yield Footer(compact=True)

    @staticmethod
    def _panel(panel_id: str, title: str, rows: tuple[tuple[str, str], ...]) -> Facts:
        panel = Facts(rows, id=panel_id, classes="panel")
        panel.border_title = title
        return panel

    # -- data ----------------------------------------------------------------------------------

    @property
    def follow_ups(self) -> RecordList[FollowUp]:
        return self.query_one("#follow-ups", RecordList)

    @property
    def ties(self) -> RecordList[TieView]:
        return self.query_one("#ties", RecordList)

    @property
    def timeline(self) -> RecordList[Interaction]:
        return self.query_one("#timeline", RecordList)

    def on_mount(self) -> None:
        self.take_undos(("person", self.person_id))
        self.sync()
        first = self.follow_ups if self.follow_ups.items else self.timeline
        self.set_focus(first)
        # Stacked on a narrow terminal, the list the keys act on may start below the fold.
        self.call_after_refresh(first.scroll_visible, animate=False)

    def on_unmount(self) -> None:
        self.keep_undos(("person", self.person_id))

    def refresh_data(self) -> None:
        view = self.view
        try:
            page = view.page()
        except NotFoundError:
            # Gone (forgotten, or the file re-read without them): leave their page, or, while
            # a dialog is over it, as soon as it is shown again.
            if self.app.screen is self:
                self.app.pop_screen()
            else:
                self._seen_revision = -1
            return
        header = [plain(page.name, style="bold")]
        if page.role:
            header += [Content("  "), plain(page.role, style=MUTED)]
        if page.archived:
            header.append(Content.styled("  archived", "$text-warning"))
        self.query_one("#person-header", Static).update(Content.assemble(*header))
        self._show_profile(page)
        self._show_relationship(page)

        for rows in (self.follow_up_row, self.tie_row, self.conversation_row):
            rows.forget()
        open_ones = view.follow_ups.records()
        overdue = len(view.follow_ups.overdue().records())
        self._fill(self.follow_ups, open_ones)
        title = [Content(f"Follow-ups · {len(open_ones)} open")]
        if overdue:
            title.append(Content.styled(f" · {overdue} overdue", "$text-error"))
        self.follow_ups.border_title = Content.assemble(*title)

        ties = view.ties.records()
        self._fill(self.ties, ties)
        self.ties.border_title = f"Ties · {len(ties)}"

        timeline = view.timeline.records()
        self.timeline.set_items(timeline, keep=self.timeline.highlighted)
        self.timeline.border_title = f"Timeline · {_plural(len(timeline), 'conversation')}"
        self.refresh_bindings()

    def _fill(self, listing: RecordList[T], items: Sequence[T]) -> None:
        listing.set_items(items, keep=listing.highlighted)
        # Header row and border around at most SHORT_LIST_ROWS rows; the timeline gets the rest.
        listing.styles.height = min(max(len(items), 1), SHORT_LIST_ROWS) + 3

    def _value(self, panel: str, key: str, value: Content | str, tone: str = "") -> None:
        content = value if isinstance(value, Content) else plain(value, multiline=True)
        self.query_one(panel, Facts).show(key, content, tone)

    def _show_profile(self, page: PersonPage) -> None:
        for fact in page.profile:
            self._value("#profile", fact.key, fact.value)
        if not any(fact.value for fact in page.profile):
            edits = f"Nothing noted yet · {action_key(self, 'edit')} edits"
            self._value("#profile", "notes", plain(edits), "muted")

    def _show_relationship(self, page: PersonPage) -> None:
        for fact in page.relationship:
            words = fact.value
            if fact.key == "status" and page.status.kind == "archived":
                words = f"archived · {action_key(self, 'archive')} brings them back"
            self._value("#relationship", fact.key, plain(words), fact.tone)
        asks = [Content.assemble(plain(a.target), f" · {a.status_words}") for a in page.asks]
        self._value("#relationship", "asks", Content("\n").join(asks) if asks else Content(""))

    def note_subject(self) -> tuple[int, ...]:
        return (self.person_id,)

    # -- writes --------------------------------------------------------------------------------

    @property
    def person(self) -> Person:
        return self.notebook.people.get(self.person_id)

    def _write(self, write: Callable[[], object]) -> bool:
        """Make a write; False if it failed (and was said to)."""
        return self.attempt(write) is not FAILED

    def action_prep(self) -> None:
        self.app.push_screen(PrepModal(PrepView(self.notebook, self.person_id).page()))

    @dialog_flow
    async def action_edit(self) -> None:
        old = self.person
        saved = await self.app.push_screen_wait(PersonForm(old))
        if saved is None:
            return
        if self.unchanged(old, saved):
            return
        # Tabbing into a line selects it, so the first key typed replaces it (the tags, say):
        # an edit that meant to add to a field is taken back whole.
        self.remember(
            Undo(
                f"Saved {saved.name}",
                f"{action_key(self, 'undo')} puts the profile back as it was",
                f"Back as it was: {old.name}",
                partial(self.notebook.people.put_back, old, saved),
            )
        )

    @dialog_flow
    async def action_add_follow_up(self) -> None:
        if await self.app.push_screen_wait(FollowUpDialog(self.person)) is not None:
            notify(self.app, "Follow-up added")

    @dialog_flow
    async def action_add_tie(self) -> None:
        tie = await self.app.push_screen_wait(TieDialog(self.person))
        if tie is not None:
            other = self.notebook.people.get(tie.other(self.person_id))
            notify(self.app, f"Tie saved: knows {other.name}")

    @dialog_flow
    async def action_cadence(self) -> None:
        old = self.person
        saved = await self.app.push_screen_wait(CadenceDialog(old))
        if saved is None:
            return
        if self.unchanged(old.cadence_days, saved.cadence_days):
            return
        cadence = self.notebook.upkeep.cadence(self.person_id)
        upkeep, pid, days = self.notebook.upkeep, self.person_id, old.cadence_days
        self.remember(
            Undo(
                f"Keep in touch every {cadence.days} days ({cadence.source})",
                f"{action_key(self, 'undo')} puts the cadence back",
                "Cadence back as it was",
                lambda: upkeep.set_cadence(pid, days),
            )
        )

    @dialog_flow
    async def action_snooze(self) -> None:
        old = self.person
        person = await self.app.push_screen_wait(SnoozeDialog(old))
        if person is None:
            return
        if self.unchanged(old.snoozed_until, person.snoozed_until):
            return
        upkeep, pid, today = self.notebook.upkeep, self.person_id, self.notebook.today
        # A snooze that has run out is none: it is put back as none.
        until = old.snoozed_until if old.snoozed_until and old.snoozed_until > today else None
        self.remember(
            Undo(
                snoozed_words(person),
                f"{action_key(self, 'undo')} takes it back",
                snoozed_words(replace(person, snoozed_until=until)),
                lambda: upkeep.snooze(pid, until),
            )
        )

    @dialog_flow
    async def action_remove_tie(self) -> None:
        view = self._pick(self.ties, "tie", "remove_tie")
        if not isinstance(view, TieView) or view.tie.id is None:
            return
        tid, tie = view.tie.id, view.tie
        relation = f" ({tie.relation})" if tie.relation else ""
        message = f"Remove the tie between {self.person.name} and {view.other.name}{relation}?"
        if not await self.app.push_screen_wait(ConfirmModal(message, yes="Remove", no="Keep")):
            return
        if self._write(lambda: self.notebook.ties.remove(tid)):
            self.remember(
                Undo(
                    f"Tie to {view.other.name} removed",
                    f"{action_key(self, 'undo')} puts it back",
                    f"Tie to {view.other.name} back",
                    lambda: self.notebook.ties.restore(tie),
                )
            )

    @dialog_flow
    async def action_archive(self) -> None:
        person = self.person
        if person.archived:
            message = f"Bring {person.name} back from the archive?"
            yes = "Unarchive"
        else:
            message = (
                f"Archive {person.name}? They leave the People list and Reconnect; "
                f"nothing is deleted and {action_key(self, 'archive')} brings them back."
            )
            yes = "Archive"
        if not await self.app.push_screen_wait(ConfirmModal(message, yes=yes, no="Cancel")):
            return
        archive = not person.archived
        if self._write(lambda: self.notebook.people.archive(self.person_id, archive)):
            notify(self.app, f"{'Archived' if archive else 'Unarchived'} {person.name}")

    @dialog_flow
    async def action_forget(self) -> None:
        person = self.person
        message = forget_message(person.name, self.notebook.people.forget_impact(self.person_id))
        if not await self.app.push_screen_wait(ConfirmModal(message, yes="Forget", no="Keep")):
            return
        try:
            self.notebook.people.forget(self.person_id)
        except WRITE_ERRORS as error:
            notify(self.app, str(error), title="Not forgotten", severity="error")
            return
        # Redrawing after the write has left their page already (refresh_data finds them
        # gone); a page left underneath something else goes when it is shown again.
        if self.app.screen is self:
            self.app.pop_screen()
        notify(self.app, f"Forgot {person.name}")

    @on(RecordList.Selected, "#timeline")
    def open_conversation(self, event: RecordList.Selected) -> None:
        if isinstance(event.item, Interaction):
            self.app.push_screen(ConversationView(event.item))

    @on(RecordList.Selected, "#follow-ups")
    def show_follow_up(self, event: RecordList.Selected) -> None:
        if isinstance(event.item, FollowUp):
            notify(self.app, event.item.text, title="Follow-up")

    @on(RecordList.Selected, "#ties")
    def open_tie(self, event: RecordList.Selected) -> None:
        view = event.item
        if isinstance(view, TieView) and view.other.id is not None:
            self.app.push_screen(PersonScreen(view.other.id))

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
