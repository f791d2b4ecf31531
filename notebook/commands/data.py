"""Data commands: bring contacts in from other tools."""

from __future__ import annotations

from textual.command import DiscoveryHit, Hit, Hits, Provider

IMPORT = "Import contacts from a file"
HELP = "vCard; LinkedIn, Google, Outlook, Thunderbird or any CSV; or a notebook export"


class DataCommands(Provider):
    def open_import(self) -> None:
        # Imported here: the readers of every contact format aren't needed to start the app.
        from ..modals.import_file import ImportModal

        self.app.push_screen(ImportModal())

    async def discover(self) -> Hits:
        yield DiscoveryHit(IMPORT, self.open_import, help=HELP)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        if score := matcher.match(IMPORT):
            yield Hit(score, matcher.highlight(IMPORT), self.open_import, text=IMPORT, help=HELP)
