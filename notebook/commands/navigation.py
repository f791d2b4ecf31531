"""Getting around: the four modes, search and help."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("People", "switch_mode('people')", "Everyone in the notebook (1)"),
    ("Journal", "switch_mode('journal')", "Every conversation, newest first (2)"),
    (
        "Who could refer me?",
        "switch_mode('refer')",
        "Introduction paths to a company or person (3)",
    ),
    ("Reconnect", "switch_mode('reconnect')", "Relationships going stale (4)"),
    (
        "Follow-ups and referral asks",
        "switch_mode('followups')",
        "Promises either way, asks to nudge (5)",
    ),
    ("Archived people", "show_archived", "The archive, where A brings someone back (v on People)"),
    ("Search", "search", "Search this screen (/)"),
    ("Help: keys of this screen", "help", "Every key, with its binding id (? or f1)"),
)


class NavigationCommands(Provider):
    async def discover(self) -> Hits:
        for name, action, help_text in COMMANDS:
            yield DiscoveryHit(name, partial(self.app.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_text in COMMANDS:
            if score := matcher.match(name):
                yield Hit(
                    score,
                    matcher.highlight(name),
                    partial(self.app.run_action, action),
                    text=name,
                    help=help_text,
                )
