"""Note a conversation (placeholder; the real form replaces this)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

from ..viewmodel import NoteResult


class NoteModal(ModalScreen[NoteResult | None]):
    BINDINGS = [("escape", "dismiss(None)", "Close")]

    def __init__(self, people: tuple[int, ...] = ()) -> None:
        super().__init__()
        self.people = people

    def compose(self) -> ComposeResult:
        yield Static("Note a conversation")
