"""Refer and Reconnect, until they are built: an honest placeholder."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer, Static

from .base import NotebookScreen


class ComingSoonScreen(NotebookScreen):
    TITLE_TEXT = ""
    ABOUT = ""

    def compose(self) -> ComposeResult:
        yield Static(f"{self.TITLE_TEXT}\n\n{self.ABOUT}\n\nComing soon.", classes="coming-soon")
        yield Footer()


class ReferScreen(ComingSoonScreen):
    TITLE_TEXT = "Who could refer me?"
    ABOUT = "Ranked introduction paths to a company, a person or a role, through people you know."


class ReconnectScreen(ComingSoonScreen):
    TITLE_TEXT = "Reconnect"
    ABOUT = "People you have not talked to for longer than their cadence, most overdue first."
