"""Journal (placeholder; the real screen replaces this)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer, Static

from .base import NotebookScreen


class JournalScreen(NotebookScreen):
    def compose(self) -> ComposeResult:
        yield Static("Journal")
        yield Footer()
