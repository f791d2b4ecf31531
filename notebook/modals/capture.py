"""Log a conversation in one line: `:` from anywhere, a sentence, enter.

    Maria Quill (new) at the bakery yesterday: she'll intro me; todo send resume next mon

As it is typed, each recognised part is marked in the line, and underneath it says exactly
what enter will save: who (each name resolved by the notebook's one name rule), when, where,
what happened, and the follow-up. A name that is nobody, or could be several people, is said
there with the closest names, and nothing is saved until it is settled: a typo never becomes
a new person, only "(new)" does. The grammar is in notebook/capture.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.highlighter import Highlighter
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from .. import dates
from ..capture import Capture, CaptureError, Part, parse_capture
from ..records import ValidationError, told_apart
from ..screens.base import Dialog, action_key, dismiss_when_saved
from ..store import StoreError
from ..viewmodel import NewPerson, Notebook, NoteResult, Who
from ..widgets.line_input import LineInput
from ..widgets.safe import display_text, notify, plain
from ..words import already_here, could_be
from .confirm import close_unless_typed

# Styles that read in every theme: weight and lines rather than colours.
PART_STYLES: dict[Part, str] = {
    "name": "bold",
    "new": "bold italic",
    "place": "italic",
    "when": "underline",
    "summary": "",
    "follow_up": "bold",
    "due": "underline",
    "mark": "bold",
}
GRAMMAR_HINT = "who [at place] [when]: what happened [; todo follow-up [due date]]"


@dataclass(frozen=True, slots=True)
class Reading:
    """What the line says now: the capture and who each name is, or why it can't be saved."""

    capture: Capture | None
    who: tuple[Who, ...]
    problem: str


def read_line(notebook: Notebook, text: str) -> Reading:
    """Parse the line and resolve its names by the notebook's one rule."""
    if not text.strip():
        return Reading(None, (), "")
    try:
        capture = parse_capture(text, notebook.today)
    except CaptureError as error:
        return Reading(None, (), str(error))
    who: list[Who] = []
    for name in capture.names:
        if name.new:
            who.append(NewPerson(name.text))
            continue
        resolution = notebook.people.resolve_anyone(name.text)
        if resolution.person is not None and resolution.kind == "found":
            who.append(resolution.person.id or 0)
            continue
        if resolution.kind == "ambiguous":
            problem = could_be(name.text, resolution.candidates)
        else:
            near = ", ".join(told_apart(p) for p in resolution.suggestions[:3])
            problem = (
                f"nobody called {name.text!r}"
                + (f"; did you mean {near}?" if near else "")
                + ' Add "(new)" after a name to add someone new.'
            )
        return Reading(capture, tuple(who), problem)
    return Reading(capture, tuple(who), "")


class CaptureHighlighter(Highlighter):
    """Marks each part of the line the grammar recognised, and the part at fault."""

    def __init__(self, today: date) -> None:
        self.today = today

    def highlight(self, text: Text) -> None:
        try:
            capture = parse_capture(text.plain, self.today)
        except CaptureError as error:
            if text.plain.strip():
                text.stylize("strike", error.start, error.end)
            return
        for span in capture.spans:
            style = PART_STYLES.get(span.part, "")
            if style:
                text.stylize(style, span.start, span.end)


class CaptureModal(Dialog[NoteResult | None]):
    """One line in, one conversation (and follow-up) out."""

    HELP_NAME = "One-line log"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "close",
            "Close",
            id="capture.close",
            tooltip="Close without saving (asks first once something is typed)",
        ),
    ]
    DEFAULT_CSS = """
    CaptureModal { align: center top; }
    CaptureModal > Vertical {
        width: 112; max-width: 100%; height: auto; margin-top: 2; padding: 0 1;
        background: $panel; border: thick $primary; border-title-style: bold;
        border-title-color: $text-primary;
    }
    CaptureModal #capture-preview { height: auto; padding: 0 1; }
    CaptureModal #capture-hint { color: $text; padding: 0 1; text-style: italic; }
    """

    def __init__(self, notebook: Notebook) -> None:
        super().__init__()
        self.notebook = notebook
        self.reading = Reading(None, (), "")
        self._namesakes_confirmed: str | None = None  # the line enter was pressed twice on

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Log a conversation"
            yield LineInput(
                placeholder="Maria (new) at the bakery yesterday: she'll intro me; todo send cv",
                highlighter=CaptureHighlighter(self.notebook.today),
                id="capture-input",
            )
            yield Static(id="capture-preview")
            # Content, not a str: the brackets of the grammar are not markup.
            yield Static(
                plain(f"{GRAMMAR_HINT} · enter saves · {action_key(self, 'close')} closes"),
                id="capture-hint",
            )

    @property
    def line(self) -> Input:
        return self.query_one("#capture-input", Input)

    @on(Input.Changed, "#capture-input")
    def _changed(self, event: Input.Changed) -> None:
        self._show(event.value)

    def _show(self, text: str) -> None:
        # The line as it is now: keys typed ahead may have changed it since the event.
        self.reading = read_line(self.notebook, text)
        self.query_one("#capture-preview", Static).update(self._preview(self.reading))

    def _preview(self, reading: Reading) -> Content:
        if reading.capture is None:
            return plain(reading.problem, style="$text-error") if reading.problem else Content()
        capture = reading.capture
        names = [self._label(w) for w in reading.who]
        rows: list[tuple[str, str]] = [
            ("Who", ", ".join(names) or "…"),
            ("When", dates.shown(capture.when)),
        ]
        if capture.place:
            rows.append(("Where", capture.place))
        rows.append(("What", capture.summary or "(nothing yet)"))
        if capture.follow_up:
            owed = "I owe" if capture.by == "me" else "they owe"
            due = capture.due
            when_due = f" · due {dates.shown(due)}" if due else ""
            rows.append((f"Follow-up ({owed})", capture.follow_up + when_due))
        lines = [
            Content.assemble(Content.styled(f"{label:>18}  ", "bold"), plain(value))
            for label, value in rows
        ]
        if reading.problem:
            lines.append(plain(reading.problem, style="$text-error"))
        return Content("\n").join(lines)

    def _label(self, who: Who) -> str:
        if isinstance(who, NewPerson):
            return f"{display_text(who.name)} (new)"
        return display_text(self.notebook.people.get(who).name)

    @on(Input.Submitted, "#capture-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.save()

    def save(self) -> None:
        """Save what the line says, or say (under it) why not; the line stays as typed."""
        self._show(self.line.value)  # typed-ahead keys may be newer than the last Changed
        reading = self.reading
        capture = reading.capture
        if capture is None or reading.problem:
            self.app.bell()
            if capture is None and not reading.problem:
                self._preview_problem(f"type a line: {GRAMMAR_HINT}")
            return
        if self._namesakes_unconfirmed(reading):
            return
        try:
            result = self.notebook.conversations.log(capture, reading.who)
        except (ValidationError, StoreError) as error:
            self._preview_problem(str(error))
            return
        names = ", ".join(self._label(w) for w in result.interaction.people)
        when = dates.shown(capture.when)
        message = f"Logged a conversation with {names} on {when}"
        if result.follow_up is not None:
            message += f"\nFollow-up: {result.follow_up.text}"
        dismiss_when_saved(self, result, then=lambda: notify(self.app, message))

    def _namesakes_unconfirmed(self, reading: Reading) -> bool:
        """A "(new)" name the notebook already holds is said, and saved only on a second
        enter on the same line: that person is more likely the one already here."""
        line = self.line.value
        news = (w.name for w in reading.who if isinstance(w, NewPerson))
        clash = self.notebook.people.namesakes(news)
        if not clash or self._namesakes_confirmed == line:
            return False
        self._namesakes_confirmed = line
        self.app.bell()
        self._preview_problem(
            f'{already_here(clash)}: leave out "(new)" to log with them, or press enter '
            "again to add them as someone else"
        )
        return True

    def _preview_problem(self, problem: str) -> None:
        self.reading = Reading(self.reading.capture, self.reading.who, problem)
        self.query_one("#capture-preview", Static).update(self._preview(self.reading))

    def unsaved_work(self) -> str | None:
        return "this line" if self.line.value.strip() else None

    def action_close(self) -> None:
        close_unless_typed(self)
