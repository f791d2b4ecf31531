"""Data commands: bring contacts in from other tools, keep a contacts folder in sync, and
merge another copy of the notebook."""

from __future__ import annotations

from collections.abc import Callable

from textual.command import DiscoveryHit, Hit, Hits, Provider

IMPORT = "Import contacts from a file"
HELP = "vCard; LinkedIn, Google, Outlook, Thunderbird or any CSV; or a notebook export"
SYNC = "Sync contacts"
SYNC_HELP = "Two-way sync with a folder of .vcf files (vdirsyncer, khard)"
MERGE = "Merge another copy of the notebook…"
MERGE_HELP = "A sync tool's conflict copy, or the notebook file from another computer"


class DataCommands(Provider):
    def open_import(self) -> None:
        # Imported here: the readers of every contact format aren't needed to start the app.
        from ..modals.import_file import ImportModal

        self.app.push_screen(ImportModal())

    def open_sync(self) -> None:
        from ..modals.sync_vdir import SyncModal

        self.app.push_screen(SyncModal())

    def open_merge(self) -> None:
        from ..modals.merge_copy import open_merge

        open_merge(self.app)

    def _commands(self) -> list[tuple[str, Callable[[], None], str]]:
        return [
            (IMPORT, self.open_import, HELP),
            (SYNC, self.open_sync, SYNC_HELP),
            (MERGE, self.open_merge, MERGE_HELP),
        ]

    async def discover(self) -> Hits:
        for title, run, help_text in self._commands():
            yield DiscoveryHit(title, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, run, help_text in self._commands():
            if score := matcher.match(title):
                yield Hit(score, matcher.highlight(title), run, text=title, help=help_text)
