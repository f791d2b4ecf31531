"""Form fields whose message sits beside them: a hint while typing, an error after a save
that failed. The typed text is never touched by a failed save."""

from __future__ import annotations

from datetime import date, datetime

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from .. import dates
from .line_input import LineInput
from .safe import plain

# A dialog opens with a label and a message per field, so these two are kept cheap to mount.
# Neither is styled as a Static: a rule for the status bar picks the last Static among its
# siblings, so Textual styles every Static a second time once its siblings are in.


class FieldLabel(Widget):
    """A field's label: fixed text, drawn as a Label draws it."""

    DEFAULT_CSS = "FieldLabel { height: auto; }"

    def __init__(self, text: str, *, classes: str) -> None:
        super().__init__(classes=classes)
        self._text = Content(text)

    def render(self) -> Content:
        return self._text


class FieldMessage(Static, inherit_css=False):
    """The hint or error beside a field: a Static, styled only by the form's rules."""

    DEFAULT_CSS = "FieldMessage { height: auto; }"


class FormField(Horizontal):
    """A label, the input widget, and a message column beside it."""

    DEFAULT_CSS = """
    FormField {
        height: auto;
        margin-bottom: 1;
        & > .field-label { width: 14; padding: 1 1 0 0; text-align: right; color: $text-muted; }
        /* The field takes three parts of the width and its message two, up to 34 cells:
           on a narrow terminal both shrink instead of the field being squeezed to nothing. */
        & > .field-body { width: 3fr; height: auto; }
        /* A one-line field is always three rows: left at auto, Input would lay the screen
           out again on every keystroke, as if its height could follow its text. */
        & > Input.field-body { height: 3; }
        & > .field-message { width: 2fr; max-width: 34; padding: 1 0 0 1; color: $text-muted; }
        &.-invalid > .field-message { color: $text-error; }
        &.-invalid > .field-body { border: tall $error; }
    }
    """

    def __init__(self, label: str, body: Widget, *, key: str, hint: str = "") -> None:
        super().__init__(id=f"field-{key}")
        self.key = key
        self.body = body
        self.hint = hint
        self._label = label

    def compose(self) -> ComposeResult:
        yield FieldLabel(self._label, classes="field-label")
        # Not mounted yet: it is styled as it mounts, so no restyle now.
        self.body.add_class("field-body", update=False)
        yield self.body
        yield FieldMessage(plain(self.hint), classes="field-message")

    @on(events.DescendantFocus)
    def _cursor_to_end(self, event: events.DescendantFocus) -> None:
        # A one-line field selects all on focus, so typing replaces a default like "today";
        # a text area (how met, what happened) holds paragraphs: typing goes after them,
        # never before, as its cursor would otherwise stay at the start.
        area = event.widget
        if not isinstance(area, TextArea):
            return
        if area.selection.is_empty and area.cursor_location == (0, 0):
            area.move_cursor(area.document.end)

    def show_hint(self, hint: str) -> None:
        if hint == self.hint:
            return  # an update would lay the form out again for the same words
        self.hint = hint
        if not self.has_class("-invalid"):
            self.query_one(".field-message", Static).update(plain(hint))

    def show_error(self, message: str) -> None:
        self.add_class("-invalid")
        self.query_one(".field-message", Static).update(plain(message, multiline=True))

    def clear_error(self) -> None:
        if self.has_class("-invalid"):
            self.remove_class("-invalid")
            self.query_one(".field-message", Static).update(plain(self.hint))

    @property
    def error(self) -> str:
        if not self.has_class("-invalid"):
            return ""
        return str(self.query_one(".field-message", Static).visual)


class DateField(FormField):
    """A date typed as people say it ("yesterday", "last fri"), resolved beside the field.

    `direction` is the way the field looks from today ("past" for when something happened,
    "future" for when something is due): it decides which Friday a bare "fri" is.
    """

    def __init__(
        self,
        label: str,
        *,
        key: str,
        today: date,
        value: str = "",
        placeholder: str = "",
        optional: bool = False,
        direction: dates.Direction = "past",
        kept: date | None = None,
    ) -> None:
        self.today = today
        self.optional = optional
        self.direction: dates.Direction = direction
        # The date a record holds (an edit): taken as it is while its text is left alone,
        # even where a typed date would be refused (a file's day before 1900).
        self.kept = kept
        self._input = LineInput(value, placeholder=placeholder, id=f"{key}-input")
        super().__init__(label, self._input, key=key)
        self.hint = self._describe(value)

    @property
    def input(self) -> Input:
        return self._input

    def _describe(self, text: str) -> str:
        if not text.strip():
            return "" if self.optional else "a date is needed"
        if (kept := self._kept_for(text)) is not None:
            return dates.shown(kept)
        try:
            return dates.resolved(text, self.today, self.direction)
        except dates.NotADateError:
            return "not a date yet"
        except dates.DateParseError as error:
            return str(error)  # a date, but not one to take: say why while it is typed

    def _kept_for(self, text: str) -> date | None:
        """The record's own date, while the text typed is still just that date."""
        kept = self.kept
        return kept if kept is not None and text.strip() == kept.isoformat() else None

    @on(Input.Changed)
    def _resolve(self, event: Input.Changed) -> None:
        self.clear_error()
        self.show_hint(self._describe(event.value))

    def value(self) -> date | datetime | None:
        """The parsed value; shows the error beside the field and raises if it can't be read."""
        text = self.input.value
        if not text.strip() and self.optional:
            return None
        if (kept := self._kept_for(text)) is not None:
            return kept
        try:
            return dates.parse_when(text, self.today, self.direction)
        except dates.DateParseError as error:
            self.show_error(str(error))
            raise

    def day(self) -> date | None:
        value = self.value()
        return value.date() if isinstance(value, datetime) else value
