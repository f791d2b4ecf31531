"""Merge another copy of the notebook: a conflict copy a sync tool left beside it (offered when
the app starts), or a file picked from the palette.

The dialog names the copy and says what merging it would change (a dry run, read in a thread
worker so the dialog keeps drawing); merging runs in a worker too and is all-or-nothing, so a
copy that cannot be merged changes nothing. A merged conflict copy is renamed to
"….merged", so it is not offered again and is still there to look at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar, Literal

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Static

from ..merge import MergeSummary, conflict_copies, made_by, merge_file
from ..screens.base import (
    Dialog,
    action_key,
    claim_job,
    dialog_flow,
    dismiss_on_top,
    host,
    key_name,
    release_job,
)
from ..store import StoreError
from ..widgets.fields import FormField
from ..widgets.path_input import PathInput
from ..widgets.safe import notify, plain

MERGED_SUFFIX = ".merged"
# The dialog and the notification show this many conflicts; the rest are counted.
SHOWN_IN_DIALOG = 20
SHOWN_IN_NOTICE = 3
DRY_RUN_LINE = "Nothing was written (a dry run)."

State = Literal["reading", "ready", "unreadable", "merging", "done", "closed"]


def is_conflict_copy(path: Path, notebook: Path) -> bool:
    """Whether `path` is one of the conflict copies beside the notebook (only those are renamed
    once merged: a file picked by hand may be another computer's notebook itself)."""
    try:
        target = path.resolve()
        return any(copy.resolve() == target for copy in conflict_copies(notebook))
    except OSError:
        return False


def merged_name(path: Path) -> Path:
    """Where a merged copy goes: its name with ".merged" after it (numbered if that is taken)."""
    target = path.with_name(path.name + MERGED_SUFFIX)
    number = 2
    while target.exists():
        target = path.with_name(f"{path.name}{MERGED_SUFFIX}-{number}")
        number += 1
    return target


def summary_parts(
    summary: MergeSummary,
    *,
    dry_run: bool,
    shown: int,
    rest: str = "notebook merge --dry-run lists all",
) -> tuple[list[str], list[str], list[str]]:
    """The summary's lines in three parts: what changes (and the line before the conflicts),
    the conflicts (at most `shown`, the rest counted; without their indent), and the notes."""
    lines = summary.lines(dry_run=dry_run)
    if dry_run and lines and lines[-1] == DRY_RUN_LINE:
        lines = lines[:-1]  # the dialog asks before anything is written: it needn't say so
    at = [i for i, line in enumerate(lines) if line.startswith("  ")]
    if not at:
        return lines[:1], [], lines[1:]
    conflicts = [line[2:] for line in lines[at[0] : at[-1] + 1]]
    if len(conflicts) > shown:
        more = len(conflicts) - shown
        conflicts = [*conflicts[:shown], f"… and {more} more ({rest})"]
    return lines[: at[0]], conflicts, lines[at[-1] + 1 :]


def summary_text(
    summary: MergeSummary,
    *,
    dry_run: bool,
    shown: int,
    rest: str = "notebook merge --dry-run lists all",
) -> str:
    """The summary as lines of text, with at most `shown` conflicts (`rest` says where the
    others are)."""
    head, conflicts, tail = summary_parts(summary, dry_run=dry_run, shown=shown, rest=rest)
    return "\n".join([*head, *(f"  {line}" for line in conflicts), *tail])


MERGE_JOB = "a merge"
# How long the notice of a conflict copy stays up at start.
OFFER_SECONDS = 30.0


class MergeCopyModal(Dialog[MergeSummary | None]):
    """What merging one other copy would change, and a button to merge it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "merge", "Merge", id="merge.merge", tooltip="Merge the other copy in"),
        Binding("escape", "close", "Not now", id="merge.close", tooltip="Leave both as they are"),
    ]
    DEFAULT_CSS = """
    MergeCopyModal { align: center middle; }
    MergeCopyModal > Vertical {
        width: 100; max-width: 100%; height: auto; max-height: 100%; padding: 1 2;
        background: $panel; border: thick $primary;
    }
    MergeCopyModal .merge-title { text-style: bold; margin-bottom: 1; }
    MergeCopyModal #merge-name { text-style: bold; margin-bottom: 1; }
    MergeCopyModal #merge-box { height: auto; max-height: 45vh; }
    MergeCopyModal #merge-error { color: $text-error; margin-bottom: 1; }
    MergeCopyModal #merge-result { height: auto; margin-bottom: 1; }
    MergeCopyModal #merge-conflicts { height: auto; }
    /* A conflict that wraps stays indented under the line that lists them. */
    MergeCopyModal .merge-conflict { padding-left: 2; }
    MergeCopyModal .merge-help { color: $text-muted; }
    MergeCopyModal Horizontal { height: auto; align-horizontal: right; margin-top: 1; }
    MergeCopyModal Button { margin-left: 2; }
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.state: State = "reading"
        self.wanted = False  # merge was asked for before the copy was read: merge once it is
        self.conflict_copy = False

    def compose(self) -> ComposeResult:
        notebook = host(self.app).notebook
        self.conflict_copy = is_conflict_copy(self.path, notebook.path)
        if self.conflict_copy:
            title = "Merge a conflict copy of the notebook?"
            intro = f"{made_by(self.path)} left a copy of the notebook beside it:"
            name = self.path.name
            after = f"Once merged, the copy is renamed to end in {MERGED_SUFFIX}."
        else:
            title = "Merge another copy of the notebook?"
            intro = "The other copy:"
            name = str(self.path)
            after = "The other copy is only read."
        with Vertical():
            yield Static(title, classes="merge-title")
            yield Static(plain(intro))
            yield Static(plain(name), id="merge-name")
            # Whatever the summary's length, the buttons stay on screen: it scrolls.
            with VerticalScroll(id="merge-box"):
                yield Static("", id="merge-error")
                with Vertical(id="merge-result"):
                    yield Static(plain("Reading the other copy…"), id="merge-summary")
                    yield Vertical(id="merge-conflicts")
                    yield Static("", id="merge-notes")
                yield Static(
                    plain(
                        "People, conversations and the rest are matched by their uid, never by "
                        "name; a field "
                        f"changed in both copies keeps the later change. {after}"
                    ),
                    classes="merge-help",
                )
            with Horizontal():
                yield Button(plain(f"Not now ({action_key(self, 'close')})"), id="merge-close")
                merge = plain(f"Merge ({action_key(self, 'merge')})")
                yield Button(merge, id="merge-merge", variant="primary")

    def on_mount(self) -> None:
        if self.conflict_copy:
            # The notice at start said how to get here; it would cover the buttons now.
            self.app.clear_notifications()
        self.query_one("#merge-error").display = False
        self.query_one("#merge-notes").display = False
        # Enter merges: that is what the dialog is for, and the copy is kept either way.
        self.query_one("#merge-merge", Button).focus()
        self.read()

    @work(thread=True, exclusive=True, group="merge")
    def read(self) -> None:
        try:
            summary = merge_file(host(self.app).notebook, self.path, dry_run=True)
        except (StoreError, OSError) as error:
            self.app.call_from_thread(self._unreadable, str(error))
        else:
            self.app.call_from_thread(self._read, summary)

    def _read(self, summary: MergeSummary) -> None:
        if self.state != "reading":
            return
        self.state = "ready"
        head, conflicts, tail = summary_parts(summary, dry_run=True, shown=SHOWN_IN_DIALOG)
        self.query_one("#merge-summary", Static).update(plain("\n".join(head), multiline=True))
        self.query_one("#merge-conflicts", Vertical).mount_all(
            Static(plain(line), classes="merge-conflict") for line in conflicts
        )
        notes = self.query_one("#merge-notes", Static)
        notes.update(plain("\n".join(tail), multiline=True))
        notes.display = bool(tail)
        if self.wanted:
            self.action_merge()

    def _unreadable(self, message: str) -> None:
        if self.state != "reading":
            return
        self.state = "unreadable"
        self.query_one("#merge-summary", Static).update(
            plain(
                "Nothing can be merged from it. Move it out of the notebook's folder (or delete "
                "it) and it is not offered again.",
                multiline=True,
            )
        )
        self.query_one("#merge-merge", Button).disabled = True
        self.query_one("#merge-close", Button).focus()
        self._show_error(message)

    def _show_error(self, message: str) -> None:
        error = self.query_one("#merge-error", Static)
        error.update(plain(message, multiline=True))
        error.display = True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "merge-merge":
            self.action_merge()
        else:
            self.action_close()

    def action_merge(self) -> None:
        if self.state == "reading":
            self.wanted = True  # typed ahead: merged once read, and only once
            self.query_one("#merge-summary", Static).update(
                plain("Reading the other copy… it is merged as soon as it is read.")
            )
        elif self.state == "ready":
            if host(self.app).notebook.read_only:
                self._show_error("The notebook is open read-only: nothing can be merged into it.")
                return
            if (running := claim_job(self.app, MERGE_JOB)) is not None:
                self._show_error(f"{running.capitalize()} is still running: merge once it ends.")
                return
            self.state = "merging"
            self.query_one("#merge-error").display = False
            self.merge()
        else:
            self.app.bell()

    @work(thread=True, exclusive=True, group="merge")
    def merge(self) -> None:
        notebook = host(self.app).notebook
        try:
            # Renaming the copy follows only a merge that is on disk.
            with notebook.saving_in_place():
                summary = merge_file(notebook, self.path)
        except (StoreError, OSError) as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        moved: Path | None = None
        problem = ""
        if self.conflict_copy:
            try:
                target = merged_name(self.path)
                self.path.rename(target)
                moved = target
            except OSError as error:
                problem = (
                    f"The copy could not be renamed ({error.strerror}); it is still "
                    f"{self.path.name}."
                )
        self.app.call_from_thread(self._done, summary, moved, problem)

    def _failed(self, message: str) -> None:
        self.state = "ready"
        release_job(self.app, MERGE_JOB)
        self._show_error(message)

    def _done(self, summary: MergeSummary, moved: Path | None, problem: str) -> None:
        self.state = "done"
        # Once merged, a dry run finds nothing: the values not kept are still in the copy.
        kept_in = moved.name if moved is not None else self.path.name
        rest = f"the values not kept are still in {kept_in}"
        lines = [summary_text(summary, dry_run=False, shown=SHOWN_IN_NOTICE, rest=rest)]
        if moved is not None:
            lines.append(f"The copy is now {moved.name}, beside the notebook.")
        if problem:
            lines.append(problem)
        notify(
            self.app,
            "\n".join(lines),
            title="Merged" if summary.changes_anything else "Nothing to merge",
            severity="warning" if problem else "information",
        )
        release_job(self.app, MERGE_JOB)
        dismiss_on_top(self, summary)

    def action_close(self) -> None:
        if self.state not in ("merging", "done", "closed"):
            self.state = "closed"  # a copy still being read is let go
            self.dismiss(None)


class MergePathModal(Dialog[Path | None]):
    """Which file to merge, before the merge dialog shows what it holds."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "pick", "Next", id="merge_path.pick", tooltip="Read the file"),
        Binding("escape", "close", "Close", id="merge_path.close", tooltip="Close"),
    ]
    DEFAULT_CSS = """
    MergePathModal { align: center middle; }
    MergePathModal > Vertical {
        width: 100; max-width: 100%; height: auto; max-height: 100%; padding: 1 2;
        background: $panel; border: thick $primary;
    }
    MergePathModal .merge-title { text-style: bold; margin-bottom: 1; }
    MergePathModal .merge-help { color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        folder = host(self.app).notebook.path.parent
        with Vertical():
            yield Static("Merge another copy of the notebook", classes="merge-title")
            yield FormField(
                "File",
                PathInput(f"{folder}/", id="merge-path"),
                key="path",
                hint=f"{key_name(self.app, 'path.complete')} completes · enter reads it",
            )
            yield Static(
                plain(
                    "The notebook file from another computer, or a copy a sync tool left. "
                    "You see what merging it would change before anything is written."
                ),
                classes="merge-help",
            )

    def on_mount(self) -> None:
        self.query_one("#merge-path", Input).focus()

    @on(Input.Submitted, "#merge-path")
    def action_pick(self) -> None:
        field = self.query_one("#field-path", FormField)
        text = self.query_one("#merge-path", Input).value.strip()
        path = Path(text).expanduser()
        notebook = host(self.app).notebook
        if not text:
            field.show_error("say which file to merge")
        elif not path.is_file():
            field.show_error(f"no file at {path}")
        elif _same_file(path, notebook.path):
            field.show_error("that is this notebook itself; give the other copy")
        elif notebook.read_only:
            field.show_error("the notebook is open read-only")
        else:
            self.dismiss(path)

    def action_close(self) -> None:
        self.dismiss(None)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


@dialog_flow
async def open_merge(app: App[Any]) -> None:
    """Ask for the other copy, then show what merging it would change."""
    path = await app.push_screen_wait(MergePathModal())
    if path is not None:
        await app.push_screen_wait(MergeCopyModal(path))


def offer_conflict_copies(app: App[Any], *, demo: bool = False) -> None:
    """Say at start that a sync tool left conflict copies beside a writable notebook, and how
    to merge them. Only said: a dialog that opened by itself would take the keys the user was
    typing for the screen (an "m" would merge, an enter too), so merging is always asked for,
    from the palette (see commands.data.DataCommands)."""
    notebook = host(app).notebook
    if demo or notebook.read_only:
        return
    copies = conflict_copies(notebook.path)
    if not copies:
        return
    left = "\n".join(f"{made_by(copy)} left {copy.name}" for copy in copies)
    which = "it" if len(copies) == 1 else "each"
    notify(
        app,
        f"{left}.\nTo see what merging {which} would change, and merge: ctrl+p, then "
        '"merge conflict copy".',
        title="A conflict copy of this notebook" if len(copies) == 1 else "Conflict copies",
        severity="warning",
        timeout=OFFER_SECONDS,
    )
