"""Placeholder until the TUI lands."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Static

from .viewmodel import Notebook


class NotebookApp(App[None]):
    def __init__(self, notebook: Notebook) -> None:
        super().__init__()
        self.notebook = notebook

    def compose(self) -> ComposeResult:
        yield Static(f"{self.notebook.people_count()} people", markup=False)
        yield Footer()


def run(notebook: Notebook) -> int:
    try:
        NotebookApp(notebook).run()
    finally:
        notebook.close()
    return 0
