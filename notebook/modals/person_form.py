"""Add or edit a person (placeholder; the real form replaces this)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

from ..records import Person


class PersonForm(ModalScreen[Person | None]):
    BINDINGS = [("escape", "dismiss(None)", "Close")]

    def __init__(self, person: Person | None = None) -> None:
        super().__init__()
        self.person = person

    def compose(self) -> ComposeResult:
        yield Static("Add a person")
