"""Note a conversation: who, when, where, what, and a follow-up, in a few keystrokes.

Opened from anywhere with `n` (prefilled with the people on screen), or from the Journal to
edit an existing interaction. Errors appear beside their field and nothing typed is lost.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import ClassVar, Literal, Self

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.geometry import Region
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Input, RadioButton, RadioSet, Select, Static, TextArea

from .. import dates
from ..records import INTERACTION_KINDS, Interaction, ValidationError
from ..screens.base import Dialog, action_key, dismiss_when_saved, host, say_keys_if_cut
from ..store import StoreError
from ..viewmodel import NewPerson, NoteResult, NotFoundError, Who
from ..widgets.fields import DateField, FormField
from ..widgets.line_input import LineInput
from ..widgets.person_picker import PersonPicker, reads_as_a_note
from ..widgets.safe import display_text, notify, plain
from ..words import KIND_WORDS
from .confirm import close_unless_typed

# ValidationError.field from the view model → the form field that shows it.
FIELD_OF_ERROR: dict[str, str] = {
    "people": "people",
    "name": "people",
    "when": "when",
    "place": "place",
    "summary": "summary",
    "kind": "kind",
    "follow_up": "follow_up",
    "text": "follow_up",
    "due": "due",
    "by": "follow_up_by",
    "follow_up_with": "follow_up_with",
}


FOLLOW_UP_WITH_HINT = "one of the people above"


def _names(labels: list[str]) -> str:
    """'Maria', 'Maria and Dana', 'Maria, Dana and Sam'."""
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


class NoteModal(Dialog[NoteResult | None]):
    """Note a new conversation, or (given `interaction`) edit one already in the notebook."""

    # on_mount decides where typing starts. None would inherit the app's "*", which focuses
    # the scrolling dialog itself first (restyling every widget in it, and again when on_mount
    # moves focus on) and could take keys typed ahead before on_mount has run.
    AUTO_FOCUS = ""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="note.save", tooltip="Save this note"),
        Binding("escape", "close", "Close", id="note.close", tooltip="Close (asks if typed in)"),
    ]
    DEFAULT_CSS = """
    NoteModal { align: center middle; }
    NoteModal > #note-dialog {
        width: 112;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 0 1;
        background: $panel;
        border: thick $primary;
        /* The keys said on the bottom edge when the dialog is cut (see _say_keys_if_cut): in
           the border's own colour they read under 4.5:1 in most themes. */
        border-subtitle-color: $foreground;
        border-title-color: $text;
        border-title-style: bold;
    }
    NoteModal FormField { margin-bottom: 0; }
    /* Wide enough for "Follow-up with" on one line. */
    NoteModal FormField > .field-label { width: 16; }
    NoteModal #follow_up_by-input { layout: horizontal; }
    NoteModal #follow_up_by-input > RadioButton { width: auto; margin-right: 2; }
    NoteModal #summary-input { height: 6; }
    NoteModal #note-buttons { height: auto; align-horizontal: right; margin-top: 1; }
    NoteModal #note-buttons > Static { width: 1fr; padding: 1 0 0 17; color: $text-muted; }
    NoteModal #note-buttons > Button { margin-left: 2; }
    """

    def __init__(
        self,
        people: tuple[int, ...] = (),
        interaction: Interaction | None = None,
        *,
        says_saved: bool = True,
    ) -> None:
        super().__init__()
        self.interaction = interaction
        # False when the screen that opened it says what was saved (with its undo) itself.
        self.says_saved = says_saved
        self.people = interaction.people if interaction is not None else people
        self._initial: tuple[object, ...] = ()
        self._resumed = False
        self._painting_in_full = False
        # The text fields by key, kept as they are made: what the dialog reads (at open, to
        # know later whether anything was typed, and at save) is not searched for.
        self._typed_in: dict[str, Input | TextArea] = {}

    @property
    def editing(self) -> bool:
        return self.interaction is not None

    def compose(self) -> ComposeResult:
        notebook = host(self.app).notebook
        today = notebook.today
        old = self.interaction
        when = old.when.isoformat() if old is not None else "today"
        kind = old.kind if old is not None and old.kind in INTERACTION_KINDS else "in person"
        fields = self._typed_in
        with VerticalScroll(id="note-dialog") as dialog:
            dialog.border_title = "Edit a conversation" if self.editing else "Note a conversation"
            yield FormField(
                "Who",
                PersonPicker(
                    notebook,
                    picked=self.people,
                    context=self.people,
                    allow_new=not self.editing,
                    id="who-input",
                ),
                key="people",
                hint="type a name · enter picks",
            )
            kept = old.when if old else None
            when_field = DateField("When", key="when", today=today, value=when, kept=kept)
            fields["when"] = when_field.input
            yield when_field
            fields["place"] = LineInput(
                display_text(old.place) if old else "",
                placeholder="a café, a conference, the bakery",
                id="place-input",
            )
            yield FormField("Where", fields["place"], key="place")
            fields["summary"] = TextArea(
                display_text(old.summary, multiline=True) if old else "", id="summary-input"
            )
            yield FormField(
                "What happened",
                fields["summary"],
                key="summary",
                hint="what was said, what you learned",
            )
            yield FormField(
                "Kind",
                Select(
                    [(Text(k), k) for k in INTERACTION_KINDS],
                    value=kind,
                    allow_blank=False,
                    id="kind-input",
                ),
                key="kind",
            )
            if not self.editing:
                fields["follow_up"] = LineInput(
                    placeholder="what you promised to do", id="follow_up-input"
                )
                yield FormField("Follow-up", fields["follow_up"], key="follow_up", hint="optional")
                due_field = DateField(
                    "Due",
                    key="due",
                    today=today,
                    optional=True,
                    placeholder="e.g. next fri",
                    direction="future",
                )
                fields["due"] = due_field.input
                yield due_field
                yield FormField(
                    "Follow-up by",
                    RadioSet(
                        RadioButton("me", value=True, id="follow_up_by-me"),
                        RadioButton("them", id="follow_up_by-them"),
                        id="follow_up_by-input",
                    ),
                    key="follow_up_by",
                    hint="who owes it · arrows, then space",
                )
                picked = [pid for pid in self.people if self._exists(pid)]
                yield FormField(
                    "Follow-up with",
                    Select[Who](
                        [(Text(notebook.people.get(pid).name), pid) for pid in picked],
                        prompt="someone from Who",
                        value=picked[0] if picked else Select.NULL,
                        id="follow_up_with-input",
                    ),
                    key="follow_up_with",
                    hint=FOLLOW_UP_WITH_HINT,
                )
            with Horizontal(id="note-buttons"):
                yield Static(plain(self._keys_text()))
                yield Button("Cancel", id="note-cancel")
                yield Button("Save", id="note-save", variant="primary")

    def on_mount(self) -> None:
        for button in self.query(Button):
            button.can_focus = False  # keys flow through the fields; buttons are for the mouse
        self._initial = self._state()
        # Focus is set now, not later through the app's queue, so that keys typed ahead of
        # the dialog (held until it has focus) land where the dialog says they will.
        # Who is given (the person on screen, an edit): typing starts with what happened. A
        # note typed at once, as after bumping into someone, never becomes a name in Who.
        if self.picker.picked:
            self.set_focus(self.query_one("#summary-input", TextArea))
            if not self.editing:
                self.field("people").show_hint("type to add someone · backspace removes")
        else:
            self.set_focus(self.picker.input)
        self.call_after_refresh(self._say_keys_if_cut)

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._say_keys_if_cut)

    def _keys_text(self) -> str:
        return f"{action_key(self, 'save')} saves · {action_key(self, 'close')} closes"

    def _say_keys_if_cut(self) -> None:
        """A dialog taller than the terminal (80x24) has its line of keys out of view, below
        the fields: then its bottom edge says them, so that how to save is always in sight."""
        say_keys_if_cut(self.query_one("#note-dialog", VerticalScroll), self._keys_text())

    # -- opening -------------------------------------------------------------------------------
    # The dialog is mounted, styled and focused by the time it is first resumed. Textual's
    # handler of that first resume would then restyle every widget again (all their styles
    # are current), lay out and paint the screen, and ask for the whole screen to be painted
    # once more (and the Resize its layout sends is left out, as for every Dialog). That was a
    # fifth of the time from `n` to the dialog taking keys. Later resumes (after a dialog on top
    # of this one closes) go to Textual as usual.

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        if self._resumed:
            return
        self._resumed = True
        event.refresh_styles = False
        event.prevent_default()  # Screen's own handler would run after this one: run it here
        self._painting_in_full = self.outer_size != self.app.size  # it will lay out
        try:
            Screen._on_screen_resume(self, event)
        finally:
            self._painting_in_full = False

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        if self._painting_in_full and not (regions or layout or recompose):
            return self  # the resume's layout has just painted all of it
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    # -- fields --------------------------------------------------------------------------------

    @property
    def picker(self) -> PersonPicker:
        return self.query_one("#who-input", PersonPicker)

    def field(self, key: str) -> FormField:
        return self.query_one(f"#field-{key}", FormField)

    def _text(self, key: str) -> str:
        """What is typed in the field `key` ("" if the dialog has none)."""
        widget = self._typed_in.get(key)
        if isinstance(widget, TextArea):
            return widget.text
        return widget.value if widget is not None else ""

    def _state(self) -> tuple[object, ...]:
        """Everything the user can type, to tell whether closing would lose something."""
        return (
            tuple(self.picker.picked),
            self.picker.typed,
            self._text("when"),
            self._text("place"),
            self._text("summary"),
            self.query_one("#kind-input", Select).value,
            self._text("follow_up"),
            self._text("due"),
            self._follow_up_by(),
            self._follow_up_with(),
        )

    def _exists(self, person_id: int) -> bool:
        try:
            host(self.app).notebook.people.get(person_id)
        except NotFoundError:
            return False
        return True

    def _follow_up_by(self) -> Literal["me", "them"]:
        found = self.query("#follow_up_by-them").results(RadioButton)
        return "them" if any(button.value for button in found) else "me"

    def _follow_up_with(self) -> Who | None:
        """The person chosen in "Follow-up with"; None leaves it to the first one in Who."""
        for select in self.query("#follow_up_with-input").results(Select):
            value = select.value
            if isinstance(value, int | NewPerson):
                return value
        return None

    @on(PersonPicker.Changed, "#who-input")
    def _offer_follow_up_with(self) -> None:
        """Follow-up with offers the people in Who: the one chosen while still there, else the
        first."""
        for select in self.query("#follow_up_with-input").results(Select):
            chosen = select.value
            picked = self.picker.picked
            select.set_options((Text(self.picker.label(w)), w) for w in picked)
            if not picked:
                continue
            field = self.field("follow_up_with")
            if chosen in picked or not isinstance(chosen, int | NewPerson):
                select.value = chosen if chosen in picked else picked[0]
                field.show_hint(FOLLOW_UP_WITH_HINT)
                continue
            # The one chosen left Who: say who the follow-up is with now, never silently.
            select.value = picked[0]
            left, now = self.picker.label(chosen), self.picker.label(picked[0])
            field.show_hint(f"{left} left Who: now with {now}")

    def _field_of(self, widget: Widget) -> FormField | None:
        for node in widget.ancestors_with_self:
            if isinstance(node, FormField):
                return node
        return None

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(PersonPicker.Changed)
    def _edited(self, event: Input.Changed | TextArea.Changed | Select.Changed) -> None:
        field = self._field_of(event.control) if event.control is not None else None
        if field is not None:
            field.clear_error()
            if field.key == "follow_up" and self.query("#field-due"):
                self.field("due").clear_error()  # "due needs a follow-up" may be answered

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        # Enter in a one-line field moves on, like tab; ctrl+s saves.
        event.stop()
        self.focus_next()

    # -- saving --------------------------------------------------------------------------------

    def action_save(self) -> None:
        for field in self.query(FormField):
            field.clear_error()
        errors: list[FormField] = []
        gone = self.picker.no_longer_theirs()
        if gone:
            # The notebook was read again (a failed save, the file changed on disk) and these
            # ids name someone else now: never file the note under them.
            names = ", ".join(gone)
            self._offer_follow_up_with()
            self.field("people").show_error(f"{names}: the notebook was read again; pick again")
            self._focus_field(self.field("people"))
            return
        picked = self.picker.picked
        # Tab leaves typed text unpicked: say so beside Who rather than guess who it means
        # (or drop it), even when others are picked.
        typed = self.picker.typed.strip()
        if typed or not picked:
            if reads_as_a_note(typed):
                message = "that reads as a note, not a name: it goes in What happened"
            else:
                message = "pick someone or clear the text" if typed else "say who"
            self.field("people").show_error(message)
            errors.append(self.field("people"))
        try:
            when = self.query_one("#field-when", DateField).value()
        except dates.DateParseError:
            errors.append(self.field("when"))
            when = None
        due = None
        follow_up = self._text("follow_up").strip()
        if not self.editing:
            try:
                due = self.query_one("#field-due", DateField).day()
            except dates.DateParseError:
                errors.append(self.field("due"))
            else:
                if due is not None and not follow_up:
                    self.field("due").show_error("a due date needs a follow-up above")
                    errors.append(self.field("due"))
        if errors or when is None:
            self._focus_field(errors[0])
            return
        try:
            if self.interaction is not None:
                result, message = self._save_edit(picked, when)
            else:
                result, message = self._save_new(picked, when, follow_up, due)
        except ValidationError as error:
            key = FIELD_OF_ERROR.get(error.field)
            if key is not None and self.query(f"#field-{key}"):
                self.field(key).show_error(error.message)
                self._focus_field(self.field(key))
            else:
                notify(self.app, str(error), title="Not saved", severity="error")
            return
        except NotFoundError as error:
            self.field("people").show_error(f"{error}: pick again")
            self._focus_field(self.field("people"))
            return
        except StoreError as error:
            notify(self.app, str(error), title="Not saved", severity="error")
            return
        said = (lambda: notify(self.app, message)) if self.says_saved else None
        dismiss_when_saved(self, result, then=said)

    def _save_new(
        self, picked: list[Who], when: date, follow_up: str, due: date | None
    ) -> tuple[NoteResult, str]:
        """Write the note; what was saved, and the words that say so once it is on disk."""
        notebook = host(self.app).notebook
        kind = str(self.query_one("#kind-input", Select).value)
        result: NoteResult = notebook.conversations.note(
            picked,
            when=when,
            summary=self._text("summary"),
            kind=kind,
            place=self._text("place"),
            follow_up=follow_up,
            due=due,
            follow_up_by=self._follow_up_by(),
            follow_up_with=self._follow_up_with(),
        )
        labels = [self.picker.label(w) for w in picked]
        message = f"Noted {KIND_WORDS.get(kind, kind)} with {_names(labels)} on {dates.shown(when)}"
        made = result.follow_up
        if made is not None:
            owed = f", due {dates.shown(made.due)}" if made.due else ""
            name = notebook.people.get(made.people[0]).name
            promise = f"I owe {name}" if made.by == "me" else f"{name} owes me"
            message += f"\n{promise}: {made.text}{owed}"
        return result, message

    def _save_edit(self, picked: list[Who], when: date) -> tuple[NoteResult, str]:
        assert self.interaction is not None
        notebook = host(self.app).notebook
        people = [w for w in picked if not isinstance(w, NewPerson)]
        kind = str(self.query_one("#kind-input", Select).value)
        saved: Interaction = notebook.conversations.edit(
            replace(
                self.interaction,
                when=when,
                people=tuple(people),
                kind=kind,
                place=self._text("place"),
                summary=self._text("summary"),
            )
        )
        labels = [self.picker.label(p) for p in saved.people]
        message = (
            f"Saved {KIND_WORDS.get(kind, kind)} with {_names(labels)} on {dates.shown(saved.when)}"
        )
        return NoteResult(saved, (), None), message

    def _focus_field(self, field: FormField) -> None:
        body = field.body
        if isinstance(body, PersonPicker):
            body.focus()
        elif isinstance(field, DateField):
            field.input.focus()
        else:
            body.focus()

    # -- closing -------------------------------------------------------------------------------

    def unsaved_work(self) -> str | None:
        if self._state() == self._initial:
            return None
        return "these changes" if self.editing else "this note"

    def action_close(self) -> None:
        close_unless_typed(self)

    @on(Button.Pressed, "#note-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#note-cancel")
    def _cancel_pressed(self) -> None:
        self.action_close()
