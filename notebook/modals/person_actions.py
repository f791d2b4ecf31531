"""The Person screen's small dialogs: add a tie, add a follow-up, set the cadence, snooze.

Each dialog makes its own write through the view model, so a bad value is shown beside the
field it belongs to and everything typed stays put; it dismisses with what it saved (None when
cancelled).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import ClassVar, Generic, Literal, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, RadioButton, RadioSet, Static

from .. import dates
from ..records import FollowUp, Interaction, Person, Tie, ValidationError
from ..screens.base import Dialog, action_key, dismiss_when_saved, host, say_keys_if_cut
from ..store import StoreError
from ..viewmodel import Notebook, NotFoundError, snooze_refusal
from ..widgets.fields import DateField, FormField
from ..widgets.line_input import LineInput
from ..widgets.person_picker import PersonPicker
from ..widgets.safe import display_text, notify, plain
from ..words import CADENCE_SOURCE_WORDS
from .confirm import close_unless_typed, typed_in

R = TypeVar("R")


def who_text(before: str, person: Person, after: str = "") -> Content:
    """A dialog title naming the person: the name stays plain text."""
    return Content.assemble((before, "bold"), plain(person.name, style="bold"), (after, "bold"))


class PersonDialog(Dialog[R | None], Generic[R]):
    """A small form about one person: ctrl+s (or enter in a field) saves, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="person_dialog.save", tooltip="Save and close"),
        Binding(
            "escape", "cancel", "Cancel", id="person_dialog.cancel", tooltip="Close, saving nothing"
        ),
    ]
    DEFAULT_CSS = """
    PersonDialog { align: center middle; }
    PersonDialog > Vertical {
        width: 100; max-width: 100%; height: auto; max-height: 90%; padding: 1 2;
        background: $panel; border: thick $primary;
        overflow-y: auto; /* on a small terminal the form scrolls to the field in use */
        /* The keys said on the bottom edge when the form is cut (see _say_keys_if_cut). */
        border-subtitle-color: $foreground;
    }
    PersonDialog .dialog-title { margin-bottom: 1; }
    PersonDialog .dialog-note { color: $text-muted; margin-bottom: 1; }
    PersonDialog .dialog-buttons { height: auto; align-horizontal: right; }
    PersonDialog .dialog-buttons Button { margin-left: 2; }
    """
    save_label = "Save"

    def __init__(self, person: Person) -> None:
        super().__init__()
        self.person = person

    @property
    def notebook(self) -> Notebook:
        return host(self.app).notebook

    @property
    def person_id(self) -> int:
        return self.person.id or 0

    def title_content(self) -> Content:
        raise NotImplementedError

    def note(self) -> Content | None:
        """A line under the title, if the dialog has something to explain."""
        return None

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    def save(self) -> R:
        """Write through the view model; raises ValidationError, DateParseError, StoreError."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(id="person-dialog"):
            yield Static(self.title_content(), classes="dialog-title")
            note = self.note()
            if note is not None:
                yield Static(note, classes="dialog-note")
            yield from self.fields()
            with Horizontal(classes="dialog-buttons"):
                yield Button(plain(f"Cancel ({action_key(self, 'cancel')})"), id="cancel")
                save = plain(f"{self.save_label} ({action_key(self, 'save')})")
                yield Button(save, id="save", variant="primary")

    def field(self, key: str) -> FormField:
        return self.query_one(f"#field-{key}", FormField)

    def show_error(self, key: str, message: str) -> None:
        found = self.query(f"#field-{key}").results(FormField)
        target = next(found, None) or self.query(FormField).first()
        target.show_error(message)

    def action_save(self) -> None:
        for form_field in self.query(FormField):
            form_field.clear_error()
        try:
            result = self.save()
        except dates.DateParseError:
            return  # the date field already shows why, beside itself
        except ValidationError as error:
            self.show_error(error.field, error.message)
            return
        except NotFoundError as error:
            notify(self.app, str(error), title="Not saved", severity="error")
            return
        except StoreError as error:
            notify(self.app, str(error), title="Not saved", severity="error")
            return
        dismiss_when_saved(self, result)

    def on_mount(self) -> None:
        self._opened_with = typed_in(self)
        self.call_after_refresh(self._say_keys_if_cut)

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._say_keys_if_cut)

    def _say_keys_if_cut(self) -> None:
        """A form taller than the terminal (80x24) has its buttons out of view, below the
        fields: then its bottom edge says the keys, so that how to save is always in sight
        (as the note dialog's does)."""
        if not self.is_attached:
            return
        keys = f"{action_key(self, 'save')} saves · {action_key(self, 'cancel')} closes"
        say_keys_if_cut(self.query_one("#person-dialog", Vertical), keys)

    def unsaved_work(self) -> str | None:
        return "what you typed" if typed_in(self) != self._opened_with else None

    def action_cancel(self) -> None:
        close_unless_typed(self)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        # Enter in one of the dialog's own fields saves (a picker's input handles its own).
        if isinstance(event.input.parent, FormField):
            event.stop()
            self.action_save()


class FollowUpDialog(PersonDialog[FollowUp]):
    """A promise: something I owe, or something owed to me. New, it starts with this person;
    given `follow_up`, it edits that one, and can hand it to other people."""

    def __init__(self, person: Person, follow_up: FollowUp | None = None) -> None:
        super().__init__(person)
        self.follow_up = follow_up
        self.save_label = "Add" if follow_up is None else "Save"

    def title_content(self) -> Content:
        if self.follow_up is None:
            return who_text("Follow-up with ", self.person)
        return Content.styled("Edit a follow-up", "bold")

    def fields(self) -> ComposeResult:
        old = self.follow_up
        yield FormField(
            "What",
            LineInput(
                display_text(old.text) if old else "",
                placeholder="send my resume, intro to Sam...",
                id="text-input",
            ),
            key="text",
        )
        yield DateField(
            "Due",
            key="due",
            today=self.notebook.today,
            value=old.due.isoformat() if old and old.due else "",
            placeholder="fri, next mon, in 2 weeks, 2026-12-01",
            optional=True,
            direction="future",
        )
        they_owe = old is not None and old.by == "them"
        yield FormField(
            "Who owes it",
            RadioSet(
                RadioButton("I owe it", value=not they_owe, id="by-me"),
                RadioButton("They owe it", value=they_owe, id="by-them"),
                id="by-input",
            ),
            key="by",
            hint="arrows to choose",
        )
        yield FormField(
            "With",
            PersonPicker(
                self.notebook,
                allow_new=False,
                picked=old.people if old else (self.person_id,),
                placeholder="who else? type a name",
                id="people-picker",
            ),
            key="people",
            hint="type a name · enter picks · backspace drops the last",
        )

    def on_mount(self) -> None:
        self.query_one("#text-input", Input).focus()

    def save(self) -> FollowUp:
        due = self.query_one(DateField).day()
        by: Literal["me", "them"] = (
            "them" if self.query_one("#by-them", RadioButton).value else "me"
        )
        text = self.query_one("#text-input", Input).value
        picker = self.query_one(PersonPicker)
        if picker.typed.strip():
            raise ValidationError("people", "pick from the list with enter, or clear the name")
        people = tuple(w for w in picker.picked if isinstance(w, int))
        if self.follow_up is None:
            return self.notebook.follow_ups.add(people, text, due=due, by=by)
        edited = replace(self.follow_up, text=text, due=due, by=by, people=people)
        return self.notebook.follow_ups.edit(edited)


class CadenceDialog(PersonDialog[Person]):
    """How often to keep in touch; blank goes back to the inferred (or default) rhythm."""

    def title_content(self) -> Content:
        return who_text("Keep in touch with ", self.person)

    def note(self) -> Content:
        fallback = self.notebook.upkeep.fallback_cadence(self.person_id)
        source = CADENCE_SOURCE_WORDS[fallback.source]
        return Content(f"Leave it blank for every {fallback.days} days ({source}).")

    def fields(self) -> ComposeResult:
        own = self.person.cadence_days
        yield FormField(
            "Every",
            LineInput(
                str(own) if own else "",
                placeholder="90, 2 weeks, 3 months",
                id="cadence-input",
            ),
            key="cadence_days",
            hint="how often to talk: days, weeks, months",
        )

    def on_mount(self) -> None:
        self.query_one("#cadence-input", Input).focus()

    def save(self) -> Person:
        try:
            days = dates.typed_cadence(self.query_one("#cadence-input", Input).value)
        except dates.DurationError as error:
            raise ValidationError("cadence_days", str(error)) from None
        return self.notebook.upkeep.set_cadence(self.person_id, days)


def snooze_day(text: str, today: date) -> date:
    """A typed snooze end: a date phrase ("next mon", "2026-12-01"), or a length of time
    ("2 weeks", read as "in 2 weeks"). A snooze ends after today, so a bare "fri" typed on a
    Friday is a week away."""
    try:
        return dates.parse_day(text, today, "after")
    except dates.DateParseError as error:
        try:
            return dates.parse_day(f"in {text}", today, "after")
        except dates.DateParseError:
            raise error from None


def snoozed_words(person: Person) -> str:
    """What a saved snooze is said as, wherever it was made: "Dana Nguyen snoozed until Wed 9
    Dec 2026", or that they are not snoozed."""
    until = person.snoozed_until
    return f"{person.name} " + (f"snoozed until {dates.shown(until)}" if until else "not snoozed")


class SnoozeDialog(PersonDialog[Person]):
    """Hide someone from Reconnect until a day; blank wakes them now."""

    DEFAULT_SNOOZE = "2 weeks"

    def __init__(self, person: Person) -> None:
        super().__init__(person)
        self.until: date | None = None

    @property
    def snoozed(self) -> bool:
        return self.until is not None

    def compose(self) -> ComposeResult:
        self.until = self.notebook.upkeep.snoozed_until(self.person_id)
        yield from super().compose()

    def on_mount(self) -> None:
        self.query_one("#snooze-input", Input).focus()
        self._label_save(self.query_one("#snooze-input", Input).value)

    def _label_save(self, text: str) -> None:
        label = "Un-snooze" if self.snoozed and not text.strip() else "Snooze"
        self.query_one("#save", Button).label = plain(f"{label} ({action_key(self, 'save')})")

    def title_content(self) -> Content:
        return who_text("Snooze ", self.person)

    def note(self) -> Content:
        if self.until is None:
            return Content("They stay out of Reconnect until the day you pick.")
        day = dates.shown(self.until)
        return Content(f"Snoozed until {day}. Leave it blank to un-snooze them now.")

    def fields(self) -> ComposeResult:
        value = "" if self.snoozed else self.DEFAULT_SNOOZE
        yield FormField(
            "Until",
            LineInput(value, placeholder="2 weeks, next mon, 2026-12-01", id="snooze-input"),
            key="snoozed_until",
            hint=self._describe(value),
        )

    def _describe(self, text: str) -> str:
        if not text.strip():
            return "un-snooze" if self.snoozed else "a day or a length of time"
        today = self.notebook.today
        try:
            until = snooze_day(text, today)
        except dates.DateParseError:
            return "not a date yet"
        # Said while it is typed ("last week"), not first on saving.
        return snooze_refusal(until, today) or dates.shown(until)

    @on(Input.Changed, "#snooze-input")
    def _typed(self, event: Input.Changed) -> None:
        form_field = self.field("snoozed_until")
        form_field.clear_error()
        form_field.show_hint(self._describe(event.value))
        self._label_save(event.value)

    def save(self) -> Person:
        text = self.query_one("#snooze-input", Input).value
        if not text.strip():
            return self.notebook.upkeep.snooze(self.person_id, None)
        try:
            until = snooze_day(text, self.notebook.today)
        except dates.DateParseError as error:
            self.field("snoozed_until").show_error(str(error))
            raise
        return self.notebook.upkeep.snooze(self.person_id, until)


class TieDialog(PersonDialog[Tie]):
    """Record that this person knows someone else, how, and how well."""

    save_label = "Add"

    def title_content(self) -> Content:
        return who_text("", self.person, " knows someone")

    def note(self) -> Content:
        return Content("Adding a tie to someone they already know updates that tie.")

    def fields(self) -> ComposeResult:
        yield FormField(
            "Knows",
            PersonPicker(
                self.notebook,
                multiple=False,
                allow_new=False,
                never=(self.person_id,),
                placeholder="who? type a name",
                id="tie-picker",
            ),
            key="b",
        )
        yield FormField(
            "Relation",
            LineInput(placeholder="sister, ex-colleague, climbing partner...", id="relation-input"),
            key="relation",
        )
        yield FormField(
            "Strength",
            LineInput("3", restrict=r"[1-5]?", id="strength-input"),
            key="strength",
            hint="1 barely know … 5 very close",
        )
        yield FormField("Note", LineInput(id="tie-note-input"), key="note")

    def on_mount(self) -> None:
        self.query_one(PersonPicker).focus()

    def save(self) -> Tie:
        picker = self.query_one(PersonPicker)
        if picker.typed.strip():  # tab leaves a name typed but not picked: never guess it
            raise ValidationError("b", "pick someone or clear the text")
        picked = [w for w in picker.picked if isinstance(w, int)]
        if not picked:
            raise ValidationError("b", "pick who they know")
        strength = self.query_one("#strength-input", Input).value.strip()
        if not strength:
            raise ValidationError("strength", "strength must be from 1 to 5")
        return self.notebook.ties.add(
            self.person_id,
            picked[0],
            relation=self.query_one("#relation-input", Input).value,
            strength=int(strength),
            note=self.query_one("#tie-note-input", Input).value,
        )

    def show_error(self, key: str, message: str) -> None:
        super().show_error("b" if key == "a" else key, message)


class ConversationView(Dialog[None]):
    """One conversation in full, read-only: the timeline shows only its first line."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,enter,q",
            "close",
            "Close",
            id="conversation.close",
            tooltip="Back to the person",
        ),
    ]
    DEFAULT_CSS = """
    ConversationView { align: center middle; }
    ConversationView > VerticalScroll {
        width: 90; max-width: 100%; height: auto; max-height: 80%; padding: 1 2;
        background: $panel; border: thick $primary;
    }
    ConversationView .conversation-head { margin-bottom: 1; }
    ConversationView .dialog-note { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, interaction: Interaction) -> None:
        super().__init__()
        self.interaction = interaction

    def compose(self) -> ComposeResult:
        notebook = host(self.app).notebook
        interaction = self.interaction
        names: list[str] = []
        for pid in interaction.people:
            try:
                names.append(notebook.people.get(pid).name)
            except NotFoundError:
                continue
        when = dates.shown(interaction.when)
        head = [Content.styled(f"{when} · {display_text(interaction.kind)}", "bold")]
        if interaction.place:
            head += [Content.styled(" at ", "bold"), plain(interaction.place, style="bold")]
        head += [Content("\nwith "), plain(", ".join(names))]
        with VerticalScroll():
            yield Static(Content.assemble(*head), classes="conversation-head")
            summary = interaction.summary or "(no summary)"
            yield Static(plain(summary, multiline=True))
            yield Static(plain(f"{action_key(self, 'close')} closes"), classes="dialog-note")

    def action_close(self) -> None:
        self.dismiss(None)
