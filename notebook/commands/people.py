"""People commands: open anyone by name, add a person."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits

from ..screens.person import PersonScreen
from ..widgets.safe import display_text
from .base import NotebookProvider, highlighted

MAX_PEOPLE_HITS = 20
ADD = "Add a person"


class PeopleCommands(NotebookProvider):
    def open_person(self, person_id: int) -> None:
        self.app.push_screen(PersonScreen(person_id))

    async def discover(self) -> Hits:
        yield DiscoveryHit(
            ADD, partial(self.app.run_action, "add_person"), help="Name, company, how you met…"
        )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        if score := matcher.match(ADD):
            yield Hit(
                score, matcher.highlight(ADD), partial(self.app.run_action, "add_person"), text=ADD
            )
        # The view model's search narrows 30,000 people to a handful before fuzzy scoring.
        for person in self.notebook.search(query, limit=MAX_PEOPLE_HITS):
            label = display_text(
                f"Open {person.name}" + (f" · {person.role}" if person.role else "")
            )
            yield Hit(
                max(matcher.match(label), 0.5),
                highlighted(matcher, label),
                partial(self.open_person, person.id or 0),
                text=label,
                help="Profile, timeline, ties and follow-ups",
            )
