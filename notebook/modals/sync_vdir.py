"""Sync contacts with a folder of .vcf files (see vdir.py): the folder, when it was last synced,
a question before any deletion, and what the sync did.

Reading the cards and writing them run in threads so the dialog keeps drawing; nothing
is written until the whole sync is planned, and a failure puts both sides back.
"""

from __future__ import annotations

import asyncio
import shlex
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, ProgressBar, Select, Static

from ..screens.base import (
    Dialog,
    action_key,
    claim_job,
    dialog_flow,
    host,
    key_name,
    release_job,
)
from ..store import StoreError
from ..vdir import (
    FolderEmptiedError,
    Prefer,
    SyncError,
    SyncPlan,
    SyncResult,
    apply_sync,
    last_synced,
    plan_sync,
    summary_lines,
    synced_at,
)
from ..widgets.fields import FormField
from ..widgets.path_input import PathInput
from ..widgets.safe import plain
from .confirm import ConfirmModal

PREFER_CHOICES: tuple[tuple[str, Prefer], ...] = (
    ("The notebook's value", "notebook"),
    ("The card's value", "vdir"),
)
# The question before deletions lists this many of them; the rest are counted.
SHOWN_DETAILS = 6


def deletion_button(plan: SyncPlan) -> str:
    """The yes of the question before deletions, saying what the plan holds."""
    if plan.archive and plan.deletes:
        return "Archive and delete"
    return "Archive" if plan.archive else "Delete cards"


def deletion_question(plan: SyncPlan) -> str:
    """What is asked before deletions: how many, the first few of them, and what a no means."""
    details = [action for action in plan.actions if action.startswith(("archive", "delete"))]
    shown = "\n".join(details[:SHOWN_DETAILS])
    more = len(details) - SHOWN_DETAILS
    if more > 0:
        shown += f"\n… and {more} more"
    return (
        f"{plan.deletion_question()}\n\n{shown}\n\n"
        "Archived people keep their conversations. Without a yes, the rest of the sync is "
        "still made and these wait for the next one."
    )


def when_synced(stamp: str | None) -> str:
    """ "Last synced 2026-11-20 18:30", or that it never was."""
    if not stamp:
        return "Not synced with this folder yet"
    return f"Last synced {stamp[:16].replace('T', ' ')}"


SYNC_JOB = "a sync"


class SyncModal(Dialog[SyncResult | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "Sync", id="sync.start", tooltip="Sync with the folder"),
        Binding("escape", "close", "Close", id="sync.close", tooltip="Close the dialog"),
    ]
    DEFAULT_CSS = """
    SyncModal { align: center middle; }
    SyncModal > Vertical {
        width: 100; max-width: 100%; height: auto; max-height: 100%; padding: 1 2;
        background: $panel; border: thick $primary;
    }
    SyncModal .sync-title { text-style: bold; margin-bottom: 1; }
    SyncModal #sync-when { margin: 0 0 1 16; color: $text-muted; }
    SyncModal ProgressBar { margin: 0 0 1 16; }
    SyncModal #sync-summary-box { height: auto; max-height: 8; margin-bottom: 1; }
    SyncModal .sync-help { color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.running = False
        self.result: SyncResult | None = None

    def compose(self) -> ComposeResult:
        notebook = host(self.app).notebook
        last = last_synced(notebook)
        folder = last[0] if last else ""
        with Vertical():
            yield Static("Sync contacts with a folder", classes="sync-title")
            yield FormField(
                "Folder",
                PathInput(folder, placeholder="~/.contacts/default", id="sync-path"),
                key="path",
                hint=f"{key_name(self.app, 'path.complete')} completes · one .vcf file per contact",
            )
            yield Static(plain(when_synced(last[1] if last else None)), id="sync-when")
            yield FormField(
                "On conflict",
                Select(PREFER_CHOICES, value="notebook", allow_blank=False, id="sync-prefer"),
                key="prefer",
            )
            yield ProgressBar(total=None, show_eta=False, id="sync-progress")
            # Every conflict is listed (the losing values are gone after the sync), scrolled.
            with VerticalScroll(id="sync-summary-box"):
                yield Static("", id="sync-summary")
            yield Static(
                plain(
                    "A folder as vdirsyncer or khard keeps it. Cards and people are matched by "
                    "their UID; a change on either side goes to the other, and a field changed on "
                    "both keeps the value chosen above. Conversations, ties and follow-ups stay "
                    "here. You are asked before anyone is archived or a card deleted. "
                    f"{action_key(self, 'start')} syncs."
                ),
                classes="sync-help",
            )

    def on_mount(self) -> None:
        self.query_one("#sync-progress").display = False
        self.query_one("#sync-summary-box").display = False
        self.query_one("#sync-path", Input).focus()

    @on(Input.Changed, "#sync-path")
    def _show_when(self, event: Input.Changed) -> None:
        text = event.value.strip()
        stamp = synced_at(host(self.app).notebook, Path(text)) if text else None
        self.query_one("#sync-when", Static).update(plain(when_synced(stamp)))

    @on(Input.Submitted, "#sync-path")
    def action_start(self) -> None:
        if self.running:
            return
        field = self.query_one("#field-path", FormField)
        text = self.query_one("#sync-path", Input).value.strip()
        folder = Path(text).expanduser()
        if not text:
            field.show_error("say which folder to sync with")
        elif not folder.is_dir():
            field.show_error(f"no folder at {folder}")
        elif host(self.app).notebook.read_only:
            field.show_error("the notebook is open read-only")
        elif (running := claim_job(self.app, SYNC_JOB)) is not None:
            field.show_error(f"{running} is still running: sync once it ends")
        else:
            field.clear_error()
            prefer = self.query_one("#sync-prefer", Select).value
            self._busy(True)
            self.sync(folder, "vdir" if prefer == "vdir" else "notebook")

    def _busy(self, running: bool) -> None:
        self.running = running
        # Keys typed while it syncs must not change the folder or the choice (the next ctrl+s
        # would sync with that): the fields take none until it ends.
        for field in self.query("#sync-path, #sync-prefer"):
            field.disabled = running
        if not running:
            # Keys typed while it synced may still wait for a field to take them (with none
            # focused, they wait): they are not for the folder field it gives the focus back
            # to, and a ctrl+s among them would sync again.
            if host(self.app).keys.drop_waiting():
                self.app.bell()
            self.query_one("#sync-path", Input).focus()
        if not running:
            release_job(self.app, SYNC_JOB)  # claimed by action_start
        self.query_one("#sync-progress").display = running
        if running:
            self.query_one("#sync-summary-box").display = False
            self.query_one(".sync-help").display = True

    def _progress(self, done: int, total: int) -> None:
        bar = self.query_one("#sync-progress", ProgressBar)
        self.app.call_from_thread(bar.update, total=total, progress=done)

    @dialog_flow
    async def sync(self, folder: Path, prefer: Prefer) -> None:
        """Plan the sync (every card read, in a thread), ask before any deletion, then make
        it (in a thread too). Keys typed meanwhile wait for the question, if one comes."""
        notebook = host(self.app).notebook
        try:
            plan = await asyncio.to_thread(
                plan_sync, notebook, folder, prefer=prefer, progress=self._progress
            )
        except FolderEmptiedError as error:
            self._emptied(error)
            return
        except (SyncError, OSError) as error:
            self._failed(str(error))
            return
        deletions = True
        if plan.deletions:
            question = ConfirmModal(deletion_question(plan), yes=deletion_button(plan))
            deletions = await self.app.push_screen_wait(question)
        try:
            result = await asyncio.to_thread(self._apply, plan, deletions)
        except (SyncError, StoreError, OSError) as error:
            self._failed(str(error))
            return
        self._done(result)

    def _apply(self, plan: SyncPlan, deletions: bool) -> SyncResult:
        notebook = host(self.app).notebook
        # The cards are put back if the notebook's save fails: it must fail here, on the
        # thread that writes.
        with notebook.saving_in_place():
            return apply_sync(notebook, plan, deletions=deletions, progress=self._progress)

    def _failed(self, message: str) -> None:
        self._busy(False)
        self.query_one("#field-path", FormField).show_error(message)

    def _emptied(self, error: FolderEmptiedError) -> None:
        """Refused: said beside the field, and at length below (no going ahead from here)."""
        self._busy(False)
        self.query_one("#field-path", FormField).show_error(
            f"holds none of the {error.count} cards synced with it before"
        )
        self._show_summary(
            "Nothing was synced: either the path is wrong (a drive not mounted?) or every "
            "contact was deleted there. If every contact was deleted, sync from a shell:\n"
            f"  notebook sync vdir {shlex.quote(str(error.folder))} --all-deleted"
        )

    def _show_summary(self, text: str) -> None:
        self.query_one("#sync-summary", Static).update(plain(text, multiline=True))
        box = self.query_one("#sync-summary-box", VerticalScroll)
        box.display = True
        box.scroll_home(animate=False)
        # The summary takes the help's place: both do not fit a small terminal.
        self.query_one(".sync-help").display = False

    def _done(self, result: SyncResult) -> None:
        self._busy(False)
        self.result = result
        self._show_summary("\n".join(summary_lines(result.plan, result)))
        stamp = synced_at(host(self.app).notebook, result.plan.folder)
        self.query_one("#sync-when", Static).update(plain(when_synced(stamp)))

    def action_close(self) -> None:
        if not self.running:
            self.dismiss(self.result)
