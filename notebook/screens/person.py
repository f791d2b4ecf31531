"""Person: one person's profile, how the relationship stands, open follow-ups, ties and the
timeline of conversations, with a key for each thing you would do about them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static

from .. import dates
from ..modals.ask import status_words
from ..modals.confirm import ConfirmModal
from ..modals.person_actions import (
    CADENCE_SOURCE_WORDS,
    CadenceDialog,
    ConversationView,
    FollowUpDialog,
    SnoozeDialog,
    TieDialog,
)
from ..modals.person_form import PersonForm
from ..modals.prep import PrepModal
from ..records import FollowUp, Interaction, Person, Tie
from ..viewmodel import ForgetImpact, NotFoundError, TieView
from ..widgets.record_list import Cell, Column, RecordList
from ..widgets.safe import notify, plain
from ..words import relationship_words
from .base import FAILED, WRITE_ERRORS, Undo, host
from .follow_up_keys import FollowUpKeys

T = TypeVar("T")

PROFILE_ROWS: tuple[tuple[str, str], ...] = (
    ("title", "Title"),
    ("company", "Company"),
    ("past_companies", "Before"),
    ("tags", "Tags"),
    ("location", "Location"),
    ("emails", "Email"),
    ("phones", "Phone"),
    ("linkedin_url", "LinkedIn"),
    ("how_met", "How met"),
    ("met_via", "Met via"),
    ("notes", "Notes"),
    ("connected_on", "Connected"),
)
RELATIONSHIP_ROWS: tuple[tuple[str, str], ...] = (
    ("last_talked", "Last talked"),
    ("warmth", "Warmth"),
    ("cadence", "Cadence"),
    ("status", "Status"),
    ("asks", "Asked for"),
)
# Rows shown in the follow-up and tie lists before they scroll; the timeline takes the rest.
SHORT_LIST_ROWS = 5


def strength_dots(strength: int) -> str:
    return "●" * strength + "○" * (5 - strength)


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


class PersonScreen(FollowUpKeys):
    """Everything about one person; tab moves between follow-ups, ties and the timeline."""

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
            tooltip="Undo the last change here: a follow-up done or deleted, a tie removed",
        ),
        Binding("t", "add_tie", "Tie", id="person.tie", tooltip="Add someone they know"),
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
        .row { height: auto; }
        .row-label { width: 12; color: $text-muted; }
        .row-value { width: 1fr; }
        .tone-error { color: $text-error; }
        .tone-warning { color: $text-warning; }
        .tone-success { color: $text-success; }
        .tone-muted { color: $text-muted; }
        .tone-accent { color: $text-accent; }
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
        self._overdue: set[int] = set()

    # -- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="person-header")
        with Horizontal(id="person-body"):
            with VerticalScroll(id="person-side"):
                yield self._panel("profile", "Profile", PROFILE_ROWS)
                relationship = self._panel("relationship", "Relationship", RELATIONSHIP_ROWS)
                relationship.border_subtitle = "c cadence · s snooze"
                yield relationship
            with Vertical(id="person-lists"):
                yield RecordList[FollowUp](
                    self._follow_up_columns(),
                    empty="No open follow-ups · f adds one",
                    id="follow-ups",
                )
                yield RecordList[TieView](
                    self._tie_columns(), empty="No ties yet · t adds one", id="ties"
                )
                yield RecordList[Interaction](
                    self._timeline_columns(),
                    empty="No conversations yet · n notes one",
                    id="timeline",
                )
        yield Footer(compact=True)

    @staticmethod
    def _panel(panel_id: str, title: str, rows: tuple[tuple[str, str], ...]) -> Vertical:
        rows_widgets = [
            Horizontal(
                Static(label, classes="row-label", markup=False),
                Static(classes="row-value", id=f"value-{key}"),
                classes="row",
                id=f"row-{key}",
            )
            for key, label in rows
        ]
        panel = Vertical(*rows_widgets, id=panel_id, classes="panel")
        panel.border_title = title
        return panel

    def _follow_up_columns(self) -> list[Column[FollowUp]]:
        def tone(follow_up: FollowUp, default: str = "") -> str:
            return "error" if follow_up.id in self._overdue else default

        def due(follow_up: FollowUp) -> Cell:
            if follow_up.due is None:
                return ("no due date", tone(follow_up, "muted"))
            when = dates.ago(follow_up.due, self.notebook.today)
            if follow_up.id in self._overdue:
                return (f"! due {when}", "error")  # marked in text too: the cursor hides tone
            return (f"due {when}", "warning" if when == "today" else "")

        def owed(follow_up: FollowUp) -> Cell:
            return ("I owe" if follow_up.by == "me" else "they owe", tone(follow_up, "muted"))

        def what(follow_up: FollowUp) -> Cell:
            text = follow_up.text.split("\n", 1)[0]
            others = self._names(follow_up.people)
            return (f"{text} (with {others})" if others else text, tone(follow_up))

        return [
            Column("Due", due, width=18),
            Column("Owed by", owed, width=8, priority=2),
            Column("What", what, min_width=16),
        ]

    def _tie_columns(self) -> list[Column[TieView]]:
        return [
            Column("Knows", lambda view: view.other.name, min_width=16, weight=2),
            Column(
                "Relation",
                lambda view: (view.tie.relation, "muted"),
                min_width=12,
                weight=2,
                priority=3,
            ),
            Column(
                "Strength",
                lambda view: (strength_dots(view.tie.strength), "accent"),
                width=8,
                priority=2,
            ),
            Column(
                "Note",
                lambda view: (view.tie.note.split("\n", 1)[0], "muted"),
                min_width=12,
                weight=3,
                priority=1,
            ),
        ]

    def _timeline_columns(self) -> list[Column[Interaction]]:
        return [
            Column("When", lambda i: i.day.isoformat(), width=10),
            Column("Kind", lambda i: (i.kind, "muted"), width=14, priority=1),
            Column("Place", lambda i: i.place, width=14, priority=2),
            Column("What · who else was there", self._what, min_width=24),
        ]

    def _what(self, interaction: Interaction) -> str:
        others = self._names(interaction.people)
        return f"{interaction.headline} · with {others}" if others else interaction.headline

    def _names(self, people: tuple[int, ...]) -> str:
        """The other people's names, for "who else was there"."""
        names: list[str] = []
        for pid in people:
            if pid == self.person_id:
                continue
            try:
                names.append(self.notebook.person(pid).name)
            except NotFoundError:
                continue
        return ", ".join(names)

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
        self.sync()
        first = self.follow_ups if self.follow_ups.items else self.timeline
        first.focus()
        # Stacked on a narrow terminal, the list the keys act on may start below the fold.
        self.call_after_refresh(first.scroll_visible, animate=False)

    def refresh_data(self) -> None:
        notebook = self.notebook
        try:
            person = notebook.person(self.person_id)
        except NotFoundError:
            # Forgotten while this screen was underneath another one.
            if self.app.screen is self:
                self.app.pop_screen()
            return
        header = [plain(person.name, style="bold")]
        if person.role:
            header += [Content("  "), plain(person.role, style="$text-muted")]
        if person.archived:
            header.append(Content.styled("  archived", "$text-warning"))
        self.query_one("#person-header", Static).update(Content.assemble(*header))
        self._show_profile(person)
        self._show_relationship(person)

        open_ones = notebook.open_follow_ups(self.person_id)
        self._overdue = {f.id or 0 for f in notebook.overdue_follow_ups(self.person_id)}
        self._fill(self.follow_ups, open_ones)
        title = [Content(f"Follow-ups · {len(open_ones)} open")]
        if self._overdue:
            title.append(Content.styled(f" · {len(self._overdue)} overdue", "$text-error"))
        self.follow_ups.border_title = Content.assemble(*title)

        ties = notebook.ties_of(self.person_id)
        self._fill(self.ties, ties)
        self.ties.border_title = f"Ties · {len(ties)}"

        timeline = notebook.timeline(self.person_id)
        self.timeline.set_items(timeline, keep=self.timeline.highlighted)
        self.timeline.border_title = f"Timeline · {_plural(len(timeline), 'conversation')}"
        self.refresh_bindings()

    def _fill(self, listing: RecordList[T], items: Sequence[T]) -> None:
        listing.set_items(items, keep=listing.highlighted)
        # Header row and border around at most SHORT_LIST_ROWS rows; the timeline gets the rest.
        listing.styles.height = min(max(len(items), 1), SHORT_LIST_ROWS) + 3

    def _value(self, key: str, value: Content | str, tone: str = "") -> None:
        content = value if isinstance(value, Content) else plain(value, multiline=True)
        widget = self.query_one(f"#value-{key}", Static)
        widget.update(content)
        for name in ("error", "warning", "success", "muted", "accent"):
            widget.set_class(tone == name, f"tone-{name}")
        self.query_one(f"#row-{key}").display = bool(content.plain.strip())

    def _show_profile(self, person: Person) -> None:
        met_via = ""
        if person.met_via is not None:
            try:
                met_via = self.notebook.person(person.met_via).name
            except NotFoundError:
                met_via = ""
        values: dict[str, str] = {
            "title": person.title,
            "company": person.company,
            "past_companies": ", ".join(person.past_companies),
            "tags": ", ".join(person.tags),
            "location": person.location,
            "emails": "\n".join(person.emails),
            "phones": "\n".join(person.phones),
            "linkedin_url": person.linkedin_url,
            "how_met": person.how_met,
            "met_via": met_via,
            "notes": person.notes,
            "connected_on": person.connected_on.isoformat() if person.connected_on else "",
        }
        for key, value in values.items():
            self._value(key, value)
        if not any(values.values()):
            self._value("notes", Content("Nothing noted yet · e edits"), "muted")

    def _show_relationship(self, person: Person) -> None:
        notebook = self.notebook
        today = notebook.today
        last = notebook.last_talked(self.person_id)
        if last is None:
            self._value("last_talked", Content("never"), "muted")
        else:
            self._value("last_talked", Content(f"{dates.ago(last, today)} ({last.isoformat()})"))
        cadence = notebook.cadence(self.person_id)
        source = CADENCE_SOURCE_WORDS[cadence.source]
        self._value("cadence", Content(f"every {cadence.days} days ({source})"))
        status = notebook.status(self.person_id)
        words, tone = relationship_words(status, today)
        if status.kind == "archived":
            words = "archived · A brings them back"
        self._value("status", Content(words), tone)
        warmth = notebook.warmth(self.person_id)
        self._value("warmth", Content(f"{warmth.label}: {warmth.phrase}"), "muted")
        asks = [
            Content.assemble(plain(a.target), f" · {status_words(a.status)}")
            for a in notebook.asks(self.person_id)
        ]
        self._value("asks", Content("\n").join(asks) if asks else Content(""))

    NOTE_FOCUS = "summary"  # who is known here: typing starts with what happened

    def note_subject(self) -> tuple[int, ...]:
        return (self.person_id,)

    # -- writes --------------------------------------------------------------------------------

    @property
    def person(self) -> Person:
        return self.notebook.person(self.person_id)

    def _write(self, write: Callable[[], object]) -> bool:
        """Make a write; False if it failed (and was said to)."""
        return self.attempt(write) is not FAILED

    def _saved(self, message: Callable[[object], str]) -> Callable[[object], None]:
        """A dialog callback: redraw and confirm when the dialog saved something."""

        def done(result: object) -> None:
            if result is not None:
                host(self.app).changed()
                notify(self.app, message(result))

        return done

    def action_prep(self) -> None:
        self.app.push_screen(PrepModal(self.notebook.prep(self.person_id), self.notebook.today))

    def action_edit(self) -> None:
        self.app.push_screen(
            PersonForm(self.person),
            self._saved(lambda p: f"Saved {p.name}" if isinstance(p, Person) else "Saved"),
        )

    def action_add_follow_up(self) -> None:
        self.app.push_screen(FollowUpDialog(self.person), self._saved(lambda _: "Follow-up added"))

    def action_add_tie(self) -> None:
        def said(tie: object) -> str:
            if not isinstance(tie, Tie):
                return "Tie saved"
            other = self.notebook.person(tie.other(self.person_id))
            return f"Tie saved: knows {other.name}"

        self.app.push_screen(TieDialog(self.person), self._saved(said))

    def action_cadence(self) -> None:
        def said(_: object) -> str:
            cadence = self.notebook.cadence(self.person_id)
            return f"Keep in touch every {cadence.days} days ({cadence.source})"

        self.app.push_screen(CadenceDialog(self.person), self._saved(said))

    def action_snooze(self) -> None:
        def said(person: object) -> str:
            until = person.snoozed_until if isinstance(person, Person) else None
            if until is None:
                return "Not snoozed"
            return f"Snoozed until {dates.resolved(until.isoformat(), self.notebook.today)}"

        self.app.push_screen(SnoozeDialog(self.person), self._saved(said))

    def action_remove_tie(self) -> None:
        view = self._pick(self.ties, "tie", "d")
        if not isinstance(view, TieView) or view.tie.id is None:
            return
        tid = view.tie.id
        relation = f" ({view.tie.relation})" if view.tie.relation else ""
        message = f"Remove the tie between {self.person.name} and {view.other.name}{relation}?"

        def answered(yes: bool | None) -> None:
            if yes and self._write(lambda: self.notebook.remove_tie(tid)):
                tie = view.tie
                self.remember(
                    Undo(
                        f"Tie to {view.other.name} removed",
                        "u puts it back",
                        f"Tie to {view.other.name} back",
                        lambda: self.notebook.restore_tie(tie),
                    )
                )

        self.app.push_screen(ConfirmModal(message, yes="Remove", no="Keep"), answered)

    def action_archive(self) -> None:
        person = self.person
        if person.archived:
            message = f"Bring {person.name} back from the archive?"
            yes = "Unarchive"
        else:
            message = (
                f"Archive {person.name}? They leave the People list and Reconnect; "
                "nothing is deleted and A brings them back."
            )
            yes = "Archive"

        def answered(answer: bool | None) -> None:
            archive = not person.archived
            if answer and self._write(
                lambda: self.notebook.archive_person(self.person_id, archive)
            ):
                notify(self.app, f"{'Archived' if archive else 'Unarchived'} {person.name}")

        self.app.push_screen(ConfirmModal(message, yes=yes, no="Cancel"), answered)

    def action_forget(self) -> None:
        person = self.person
        message = forget_message(person.name, self.notebook.forget_impact(self.person_id))

        def answered(answer: bool | None) -> None:
            if not answer:
                return
            try:
                self.notebook.forget_person(self.person_id)
            except WRITE_ERRORS as error:
                notify(self.app, str(error), title="Not forgotten", severity="error")
                return
            # Off their page before anything redraws: it would look for them.
            self.app.pop_screen()
            host(self.app).changed()
            notify(self.app, f"Forgot {person.name}")

        self.app.push_screen(ConfirmModal(message, yes="Forget", no="Keep"), answered)

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
