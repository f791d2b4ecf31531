"""Ask before anything destructive, or before adding someone who may be in the notebook."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Literal

from textual._time import get_time
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, RadioSet, Select, Static, TextArea

from ..screens.base import Dialog, action_key, dialog_flow
from ..widgets.safe import plain


def close_unless_typed(dialog: Screen[Any]) -> None:
    """Close a dialog at once if nothing was typed in it; else ask first (escape on the
    question keeps editing), since closing would lose what was typed."""
    work = unsaved_work(dialog)
    if work:
        _discard_if_told(dialog, f"Discard {work}?")
    else:
        dialog.dismiss(None)


def unsaved_work(screen: Screen[Any]) -> str | None:
    """What closing this screen would lose ("this note"), if it is a dialog holding typed
    work; None if it holds none. A dialog says so by an `unsaved_work()` method of its own."""
    said: Callable[[], str | None] | None = getattr(screen, "unsaved_work", None)
    return said() if said is not None else None


@dialog_flow
async def _discard_if_told(dialog: Screen[Any], question: str) -> None:
    confirm = ConfirmModal(question, yes="Discard", no="Keep editing")
    if await dialog.app.push_screen_wait(confirm):
        dialog.dismiss(None)


def typed_in(dialog: Screen[Any]) -> tuple[object, ...]:
    """Everything typed or chosen in a dialog's fields (its text boxes, choices and the people
    its pickers hold): closing it when this is no longer what it opened with loses work."""
    from ..widgets.person_picker import PersonPicker  # a widget of dialogs, loaded with them

    state: list[object] = []
    for widget in dialog.query("Input, TextArea, Select, RadioSet, PersonPicker"):
        if isinstance(widget, Input | Select):
            state.append(widget.value)
        elif isinstance(widget, TextArea):
            state.append(widget.text)
        elif isinstance(widget, RadioSet):
            state.append(widget.pressed_index)
        elif isinstance(widget, PersonPicker):
            state.append(tuple(widget.picked))
    return tuple(state)


class ConfirmModal(Dialog[bool]):
    """A yes/no question. The message may hold user text, so it is shown plainly."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes", tooltip="Go ahead"),
        Binding(
            "n,escape", "answer(False)", "No", id="confirm.no", tooltip="Keep things as they are"
        ),
    ]
    DEFAULT_CSS = """
    ConfirmModal { align: center middle; }
    ConfirmModal > Vertical {
        width: 64; height: auto; padding: 1 2; background: $panel; border: thick $warning;
    }
    ConfirmModal .confirm-message { margin-bottom: 1; }
    ConfirmModal Horizontal { height: auto; align-horizontal: right; }
    ConfirmModal Button { margin-left: 2; }
    """

    def __init__(self, message: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.message = message
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(self.message, multiline=True), classes="confirm-message")
            with Horizontal():
                no, yes = action_key(self, "answer(False)"), action_key(self, "answer(True)")
                yield Button(plain(f"{self.no} ({no})"), id="no")
                yield Button(plain(f"{self.yes} ({yes})"), id="yes", variant="warning")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


DidYouMeanAnswer = Literal["pick", "new"]


class DidYouMeanModal(Dialog[DidYouMeanAnswer | None]):
    """Before adding a new person whose typed name is close to someone's in the notebook:
    pick them after all ("pick"), add the new person anyway ("new"), or go back (None)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer('pick')", "Pick them", id="did_you_mean.pick", tooltip="Yes, them"),
        Binding("n", "answer('new')", "New person", id="did_you_mean.new", tooltip="Add new"),
        Binding("escape", "back", "Back", id="did_you_mean.back", tooltip="Back to typing"),
    ]
    DEFAULT_CSS = """
    DidYouMeanModal { align: center middle; }
    DidYouMeanModal > Vertical {
        width: 76; height: auto; padding: 1 2; background: $panel; border: thick $warning;
    }
    DidYouMeanModal .confirm-message { margin-bottom: 1; }
    DidYouMeanModal Horizontal { height: auto; align-horizontal: right; }
    DidYouMeanModal Button { margin-left: 2; max-width: 30; }
    """

    asked_at = 0.0  # when it was put on screen (see on_mount)

    def __init__(self, typed: str, name: str, role: str = "") -> None:
        super().__init__()
        self.typed = typed
        self.name_meant = name
        self.role = role

    def compose(self) -> ComposeResult:
        who = plain(self.name_meant)
        about = Content.assemble(" · ", plain(self.role)) if self.role else Content("")
        message = Content.assemble(
            Content.assemble("Did you mean ", who, "?").stylize("bold"),
            "\n",
            who,
            about,
            ' is in the notebook; "',
            plain(self.typed),
            '" would be someone new.',
        )
        with Vertical():
            yield Static(message, classes="confirm-message")
            with Horizontal():
                yield Button(plain(f"Back ({action_key(self, 'back')})"), id="back")
                new, pick = action_key(self, "answer('new')"), action_key(self, "answer('pick')")
                yield Button(
                    Content.assemble('New "', plain(self.typed), '" (', plain(new), ")"), id="new"
                )
                yield Button(
                    Content.assemble(who, " (", plain(pick), ")"), id="pick", variant="primary"
                )

    def on_mount(self) -> None:
        # Enter takes the person already in the notebook: a duplicate is the costlier mistake.
        self.query_one("#pick", Button).focus()
        # This question comes unasked, in the middle of typing: keys typed before it was up
        # are not answers (see KeyQueue), timed as Textual times every key.
        self.asked_at = get_time()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "back":
            self.dismiss(None)
        else:
            self.dismiss("pick" if event.button.id == "pick" else "new")

    def action_answer(self, answer: DidYouMeanAnswer) -> None:
        self.dismiss(answer)

    def action_back(self) -> None:
        self.dismiss(None)
