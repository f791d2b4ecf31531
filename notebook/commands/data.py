"""Data commands: bring contacts in from other tools, keep a contacts folder in sync, and
merge another copy of the notebook."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from textual.command import DiscoveryHit, Hit, Hits
from textual.content import Content

from ..merge import conflict_copies, made_by
from ..widgets.safe import display_text
from .base import NotebookProvider, highlighted

IMPORT = "Import contacts from a file"
HELP = "vCard; LinkedIn, Google, Outlook, Thunderbird or any CSV; or a notebook export"
SYNC = "Sync contacts"
SYNC_HELP = "Two-way sync with a folder of .vcf files (vdirsyncer, khard)"
MERGE = "Merge another copy of the notebook…"
MERGE_HELP = "A sync tool's conflict copy, or the notebook file from another computer"
# One command for each conflict copy beside the notebook, named by its file.
MERGE_COPY = "Merge conflict copy: {name}"
MERGE_COPY_HELP = "{tool} left it beside the notebook: see what merging it would change"


class DataCommands(NotebookProvider):
    _copies: tuple[tuple[str, Callable[[], None], str], ...] = ()  # as the palette opens
    _screen_imports = False  # the screen's own key lists Import already (People's i)

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

    def open_conflict_copy(self, copy: Path) -> None:
        from ..modals.merge_copy import MergeCopyModal

        self.app.push_screen(MergeCopyModal(copy))

    async def startup(self) -> None:
        # The folder is looked at once as the palette opens, not on every key typed into it.
        # Conflict copies are said at start and merged only from here (see
        # merge_copy.offer_conflict_copies).
        copies = [] if self.notebook.read_only else conflict_copies(self.notebook.path)
        self._screen_imports = any(
            active.binding.action == "import_contacts"
            for active in self.screen.active_bindings.values()
        )
        self._copies = tuple(
            (
                MERGE_COPY.format(name=copy.name),
                partial(self.open_conflict_copy, copy),
                MERGE_COPY_HELP.format(tool=made_by(copy)),
            )
            for copy in copies
        )

    def _commands(self) -> list[tuple[str, Callable[[], None], str]]:
        return [
            *([] if self._screen_imports else [(IMPORT, self.open_import, HELP)]),
            (SYNC, self.open_sync, SYNC_HELP),
            (MERGE, self.open_merge, MERGE_HELP),
            *self._copies,
        ]

    # Titles may hold a file's name: shown as plain text, never read as markup.
    async def discover(self) -> Hits:
        for title, run, help_text in self._commands():
            yield DiscoveryHit(Content(display_text(title)), run, text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, run, help_text in self._commands():
            if score := matcher.match(title):
                yield Hit(score, highlighted(matcher, title), run, text=title, help=help_text)
