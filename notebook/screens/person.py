"""Person: one person's profile, timeline, ties and open follow-ups."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from ..widgets.safe import plain
from .base import NotebookScreen


class PersonScreen(NotebookScreen):
    def __init__(self, person_id: int) -> None:
        super().__init__()
        self.person_id = person_id

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(id="profile")
        yield Footer()

    def refresh_data(self) -> None:
        person = self.notebook.person(self.person_id)
        self.query_one("#profile", Static).update(plain(person.name))

    def people_in_view(self) -> tuple[int, ...]:
        return (self.person_id,)
