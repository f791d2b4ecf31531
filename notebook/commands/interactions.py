"""Conversation commands: note one, with anyone by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits

from ..widgets.safe import display_text
from .base import NotebookProvider, highlighted, people_hit_score

NOTE = "Note a conversation"
MAX_PEOPLE_HITS = 8


class InteractionCommands(NotebookProvider):
    async def discover(self) -> Hits:
        yield DiscoveryHit(
            NOTE, partial(self.app.run_action, "note"), help="Who, when, where, what, follow-up"
        )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        if score := matcher.match(NOTE):
            yield Hit(
                score, matcher.highlight(NOTE), partial(self.app.run_action, "note"), text=NOTE
            )
        words = query.split()
        # "note dana" → a note with Dana prefilled.
        if len(words) > 1 and "note".startswith(words[0].lower()):
            matches = self.notebook.people.match(" ".join(words[1:]), limit=MAX_PEOPLE_HITS)
            for rank, match in enumerate(m for m in matches if m.close):
                person = match.person
                label = display_text(f"Note a conversation with {person.name}")
                yield Hit(
                    people_hit_score(query, match.score, rank),
                    highlighted(matcher, label),
                    partial(self.app.run_action, f"note({person.id})"),
                    text=label,
                )
