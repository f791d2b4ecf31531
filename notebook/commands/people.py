"""People commands: open anyone by name, add a person."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits

from ..screens.person import PersonScreen
from ..widgets.safe import display_text
from .base import NotebookProvider, highlighted, people_hit_score

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
        # The notebook's one rule for names (typos forgiven, whom you talk to first), close
        # matches only: a looser guess would crowd out the commands.
        matches = self.notebook.people.match(query, limit=MAX_PEOPLE_HITS)
        for rank, match in enumerate(m for m in matches if m.close):
            person = match.person
            label = display_text(
                f"Open {person.name}" + (f" · {person.role}" if person.role else "")
            )
            yield Hit(
                people_hit_score(query, match.score, rank),
                highlighted(matcher, label),
                partial(self.open_person, person.id or 0),
                text=label,
                help="Profile, timeline, ties and follow-ups",
            )
