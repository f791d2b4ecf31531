"""Add or edit a person: every field of the profile, each with its message beside it.

A failed save keeps everything typed and puts the view model's message next to the field it
names. Adding someone whose name is already in the notebook asks first.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Static, TextArea

from .. import dates
from ..records import Person, ValidationError
from ..screens.base import Dialog, action_key, dialog_flow, dismiss_when_saved, host
from ..search import fold
from ..store import StoreError
from ..viewmodel import Notebook, NotFoundError, Resolution
from ..widgets.fields import DateField, FormField
from ..widgets.line_input import LineInput
from ..widgets.safe import display_text, notify, plain
from ..words import could_be
from .confirm import ConfirmModal, close_unless_typed

# (key, label, hint) for the one-line fields; lists are typed comma-separated.
LINE_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("name", "Name", "required"),
    ("title", "Title", ""),
    ("company", "Company", ""),
    ("past_companies", "Worked at", "past companies, comma-separated"),
    ("emails", "Emails", "comma-separated"),
    ("phones", "Phones", "comma-separated"),
    ("location", "Location", ""),
    ("tags", "Tags", "comma-separated: recruiter, climbing gym"),
    ("linkedin_url", "LinkedIn", ""),
)
LIST_FIELDS = frozenset({"past_companies", "emails", "phones", "tags"})
TEXT_FIELDS: tuple[tuple[str, str], ...] = (("how_met", "How met"), ("notes", "Notes"))
MET_VIA_SHOWN = 8  # candidates asked for: enough to say "8+ matches"
SOURCE_WORDS = {"set": "set", "inferred": "inferred from history", "default": "default"}


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _did_you_mean(suggestions: tuple[Person, ...]) -> str:
    """'Dana Nguyen', 'Dana Nguyen or Dan Ngo': the closest names, at most three."""
    names = [p.name for p in suggestions[:3]]
    return " or ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def describe(person: Person) -> Content:
    """'Dana Nguyen (Software Engineer @ Fabrikam)', plain."""
    if person.role:
        return Content.assemble(plain(person.name), " (", plain(person.role), ")")
    return plain(person.name)


class PersonForm(Dialog[Person | None]):
    """Add (no person) or edit (a person) a profile; dismisses with the saved Person."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="person_form.save", tooltip="Save this person"),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="person_form.cancel",
            tooltip="Close without saving (asks first if anything changed)",
        ),
    ]
    DEFAULT_CSS = """
    PersonForm { align: center middle; }
    PersonForm > Vertical {
        width: 110; max-width: 100%; height: 90%; padding: 1 2; background: $panel;
        border: thick $primary;
    }
    PersonForm .form-title { margin-bottom: 1; }
    PersonForm #form-fields { height: 1fr; }
    PersonForm TextArea { height: 5; }
    PersonForm #field-notes TextArea { height: 7; }
    PersonForm .form-buttons { height: auto; align-horizontal: right; margin-top: 1; }
    PersonForm .form-buttons Button { margin-left: 2; }
    """

    def __init__(self, person: Person | None = None) -> None:
        super().__init__()
        self.person = person
        self._met_via_name = ""
        self._initial: dict[str, str] = {}

    @property
    def notebook(self) -> Notebook:
        return host(self.app).notebook

    # -- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        person = self.person or Person(name="")
        notebook = self.notebook
        if person.met_via is not None:
            try:
                self._met_via_name = display_text(notebook.people.get(person.met_via).name)
            except NotFoundError:
                self._met_via_name = ""
        if self.person is None:
            title = Content.styled("Add a person", "bold")
        else:
            title = Content.assemble(("Edit ", "bold"), plain(person.name, style="bold"))
        with Vertical():
            yield Static(title, classes="form-title")
            with VerticalScroll(id="form-fields"):
                for key, label, hint in LINE_FIELDS:
                    value = getattr(person, key)
                    text = display_text(", ".join(value) if key in LIST_FIELDS else value)
                    yield FormField(label, LineInput(text, id=f"{key}-input"), key=key, hint=hint)
                yield FormField(
                    "Met via",
                    LineInput(
                        self._met_via_name,
                        placeholder="who introduced you (a name in the notebook)",
                        id="met_via-input",
                    ),
                    key="met_via",
                    hint=self._met_via_hint(self._met_via_name),
                )
                for key, label in TEXT_FIELDS:
                    text = display_text(getattr(person, key), multiline=True)
                    yield FormField(label, TextArea(text, id=f"{key}-input"), key=key)
                yield FormField(
                    "Keep in touch",
                    LineInput(
                        str(person.cadence_days) if person.cadence_days else "",
                        placeholder="how often: 90, 2 weeks, 3 months",
                        id="cadence_days-input",
                    ),
                    key="cadence_days",
                    hint=self._cadence_hint(),
                )
                yield DateField(
                    "Connected on",
                    key="connected_on",
                    today=notebook.today,
                    value=person.connected_on.isoformat() if person.connected_on else "",
                    placeholder="optional: 2024-03-01, last fri",
                    optional=True,
                )
            with Horizontal(classes="form-buttons"):
                yield Button(plain(f"Cancel ({action_key(self, 'cancel')})"), id="cancel")
                yield Button(
                    plain(f"Save ({action_key(self, 'save')})"), id="save", variant="primary"
                )

    def on_mount(self) -> None:
        self._initial = self._typed()
        self.query_one("#name-input", Input).focus()

    def _cadence_hint(self) -> str:
        if self.person is None or self.person.id is None:
            return f"blank: from history, else every {self.notebook.default_cadence} days"
        fallback = self.notebook.upkeep.fallback_cadence(self.person.id)
        return f"blank: every {fallback.days} days ({SOURCE_WORDS[fallback.source]})"

    # -- reading the fields --------------------------------------------------------------------

    def _typed(self) -> dict[str, str]:
        """Every field's text as typed."""
        typed: dict[str, str] = {}
        for widget in self.query("#form-fields Input, #form-fields TextArea").results():
            key = (widget.id or "").removesuffix("-input")
            if isinstance(widget, TextArea):
                typed[key] = widget.text
            elif isinstance(widget, Input):
                typed[key] = widget.value
        return typed

    def _draft(self) -> Person:
        """The person as typed; raises DateParseError or ValidationError (shown beside)."""
        typed = self._typed()
        connected_on = self.query_one(DateField).day()
        met_via = self._resolve_met_via(typed["met_via"])
        try:
            cadence = dates.typed_cadence(typed["cadence_days"])
        except dates.DurationError as error:
            raise ValidationError("cadence_days", str(error)) from None
        values: dict[str, object] = {
            key: _split(typed[key]) if key in LIST_FIELDS else typed[key]
            for key, _, _ in LINE_FIELDS
        }
        base = self.person or Person(name="")
        return replace(
            base,
            **values,  # type: ignore[arg-type]
            how_met=typed["how_met"],
            notes=typed["notes"],
            met_via=met_via,
            cadence_days=cadence,
            connected_on=connected_on,
        )

    def _self_id(self) -> int | None:
        return self.person.id if self.person is not None else None

    def _met_via(self, text: str) -> Resolution:
        """Who a typed "met via" name means, by the notebook's one rule for names (the shell's
        too): names only, never notes. Whoever introduced you may be archived since."""
        name = " ".join(display_text(text).split())
        me = self._self_id()
        return self.notebook.people.resolve(
            name, include_archived=True, exclude=() if me is None else (me,), limit=MET_VIA_SHOWN
        )

    def _resolve_met_via(self, text: str) -> int | None:
        name = " ".join(text.split())
        if not name:
            return None
        person = self.person
        if person is not None and name == " ".join(self._met_via_name.split()):
            return person.met_via  # unchanged: keep who it was, even if names repeat
        resolution = self._met_via(name)
        if resolution.person is not None:
            return resolution.person.id
        if resolution.candidates:
            raise ValidationError("met_via", could_be(name, resolution.candidates, shown=3))
        meant = _did_you_mean(resolution.suggestions)
        advice = f"did you mean {meant}?" if meant else "add them first"
        raise ValidationError("met_via", f"nobody called {name} in the notebook; {advice}")

    def _met_via_hint(self, text: str) -> str:
        if not text.strip():
            return "optional"
        if self.person is not None and text.strip() == self._met_via_name.strip():
            return ""
        resolution = self._met_via(text)
        found = resolution.person
        if found is not None:
            return f"→ {found.name}" + (f" · {found.role}" if found.role else "")
        if resolution.candidates:
            count = len(resolution.candidates)
            many = f"{count}+" if count >= MET_VIA_SHOWN else str(count)  # only so many listed
            return f"{many} matches: type more of the name"
        meant = _did_you_mean(resolution.suggestions)
        return f"did you mean {meant}?" if meant else "nobody by that name yet"

    @on(Input.Changed, "#met_via-input")
    def _met_via_typed(self, event: Input.Changed) -> None:
        form_field = self.query_one("#field-met_via", FormField)
        form_field.clear_error()
        form_field.show_hint(self._met_via_hint(event.value))

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _edited(self, event: Input.Changed | TextArea.Changed) -> None:
        # A fresh edit clears that field's old error; the date field manages its own.
        parent = event.control.parent if event.control is not None else None
        if isinstance(parent, FormField) and not isinstance(parent, DateField):
            parent.clear_error()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    # -- saving --------------------------------------------------------------------------------

    def action_save(self) -> None:
        for form_field in self.query(FormField):
            form_field.clear_error()
        try:
            draft = self._draft()
            draft.validated()  # errors beside their fields before asking about duplicates
        except dates.DateParseError:
            self._focus_field("connected_on")
            return
        except ValidationError as error:
            self._show_error(error)
            return
        same = self._same_name(draft)
        if not same:
            self._write(draft)
            return
        self._ask_same_name(draft, same)

    @dialog_flow
    async def _ask_same_name(self, draft: Person, same: list[Person]) -> None:
        """Others have this name already: ask before adding another (or renaming someone to
        it), since it is more likely someone already in the notebook."""
        if len(same) == 1:
            question = Content.assemble("There is already a ", describe(same[0]), ".")
        else:
            listed = Content("; ").join(describe(p) for p in same[:3])
            question = Content.assemble(
                f"There are already {len(same)} people called ", plain(draft.name), ": ", listed
            )
        adding = self.person is None
        ask = f"{question.plain} {'Add another?' if adding else 'Save anyway?'}"
        confirm = ConfirmModal(ask, yes="Add another" if adding else "Save", no="Go back")
        if await self.app.push_screen_wait(confirm):
            self._write(draft)

    def _same_name(self, draft: Person) -> list[Person]:
        """Others with this name; when editing, only if the name was changed to theirs."""
        if self.person is not None and fold(self.person.name) == fold(draft.name.strip()):
            return []
        me = self._self_id()
        return [p for p in self.notebook.people.find_by_name(draft.name) if p.id != me]

    def _write(self, draft: Person) -> None:
        notebook = self.notebook
        try:
            saved = (
                notebook.people.add(draft) if self.person is None else notebook.people.edit(draft)
            )
        except ValidationError as error:
            self._show_error(error)
            return
        except (StoreError, NotFoundError) as error:
            notify(self.app, str(error), title="Not saved", severity="error")
            return
        dismiss_when_saved(self, saved)

    def _show_error(self, error: ValidationError) -> None:
        found = next(self.query(f"#field-{error.field}").results(FormField), None)
        if found is None:
            notify(self.app, error.message, title="Not saved", severity="error")
            return
        found.show_error(error.message)
        self._focus_field(error.field)

    def _focus_field(self, key: str) -> None:
        form_field = self.query_one(f"#field-{key}", FormField)
        form_field.body.focus()
        form_field.scroll_visible(animate=False)

    # -- leaving -------------------------------------------------------------------------------

    def unsaved_work(self) -> str | None:
        return "your changes" if self._typed() != self._initial else None

    def action_cancel(self) -> None:
        close_unless_typed(self)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
