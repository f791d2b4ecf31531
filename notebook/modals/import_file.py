"""Import contacts from a file: path, progress, and a summary when done.

Reading and merging run in a thread worker so the screen keeps drawing the progress bar; the
file is checked whole before anything is written, so a bad file changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, ProgressBar, Select, Static

from ..formats import FormatError
from ..importer import ImportSummary, import_file
from ..screens.base import (
    Dialog,
    action_key,
    claim_job,
    dismiss_on_top,
    host,
    key_name,
    release_job,
)
from ..store import StoreError, not_a_file
from ..userconfig import downloads_folder
from ..widgets.fields import FormField
from ..widgets.path_input import PathInput
from ..widgets.safe import notify, plain

FORMAT_CHOICES: tuple[tuple[str, str], ...] = (
    ("Detect from the content", "auto"),
    ("vCard (.vcf)", "vcard"),
    ("LinkedIn Connections.csv or Imported Contacts.csv", "linkedin"),
    ("Google Contacts CSV", "google"),
    ("Outlook contacts CSV", "outlook"),
    ("Thunderbird address book CSV", "thunderbird"),
    ("Notebook CSV", "csv"),
    ("Other CSV, read by its column names", "generic"),
    ("Notebook JSON export", "json"),
)


JOB = "an import"


class ImportModal(Dialog[ImportSummary | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "Import", id="import.start", tooltip="Import the file"),
        Binding("escape", "close", "Close", id="import.close", tooltip="Close without importing"),
    ]
    DEFAULT_CSS = """
    ImportModal { align: center middle; }
    ImportModal > Vertical {
        width: 100; max-width: 100%; height: auto; padding: 1 2; background: $panel;
        border: thick $primary;
    }
    ImportModal .import-title { text-style: bold; margin-bottom: 1; }
    ImportModal ProgressBar { margin: 0 0 1 14; }
    ImportModal .import-help { color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Import contacts", classes="import-title")
            yield FormField(
                "File",
                PathInput(
                    f"{downloads_folder()}/",
                    placeholder=f"{downloads_folder()}/Connections.csv",
                    id="import-path",
                ),
                key="path",
                hint=f"{key_name(self.app, 'path.complete')} completes · "
                "vCard, any contacts CSV, or a notebook export",
            )
            yield FormField(
                "Format", Select(FORMAT_CHOICES, value="auto", allow_blank=False), key="format"
            )
            yield ProgressBar(total=None, show_eta=False, id="import-progress")
            yield Static(
                plain(
                    "People already here are matched by their id in the file, email, LinkedIn "
                    "URL, or name and company, and updated; your notes, ties and conversations "
                    f"stay. {action_key(self, 'start')} imports."
                ),
                classes="import-help",
            )

    def on_mount(self) -> None:
        self.query_one("#import-progress").display = False
        path = self.query_one("#import-path", Input)
        path.focus()
        self._opened_with = path.value

    def unsaved_work(self) -> str | None:
        """See confirm.unsaved_work: a quit asks before a typed path is lost."""
        typed = self.query_one("#import-path", Input).value != self._opened_with
        return "the path you typed" if typed and not self.running else None

    @on(Input.Changed, "#import-path")
    def _path_changed(self) -> None:
        # The message was about the path as it stood; a changed one (tab completed it) is
        # checked again on enter.
        self.query_one("#field-path", FormField).clear_error()

    @on(Input.Submitted, "#import-path")
    def action_start(self) -> None:
        if self.running:
            return
        field = self.query_one("#field-path", FormField)
        text = self.query_one("#import-path", Input).value.strip()
        path = Path(text).expanduser()
        if not text:
            field.show_error("say which file to import")
        elif (why := not_a_file(path)) is not None:
            field.show_error(why)
        elif host(self.app).notebook.read_only:
            field.show_error("the notebook is open read-only")
        elif (running := claim_job(self.app, JOB)) is not None:
            field.show_error(f"{running} is still running: import once it ends")
        else:
            field.clear_error()
            fmt = self.query_one(Select).value
            self._show_running(True)
            self.run_import(path, None if fmt == "auto" else str(fmt))

    @work(thread=True, exclusive=True)
    def run_import(self, path: Path, fmt: str | None) -> None:
        bar = self.query_one("#import-progress", ProgressBar)

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(bar.update, total=total, progress=done)

        notebook = host(self.app).notebook
        try:
            # All or nothing: the import knows its save's outcome before it reports.
            with notebook.saving_in_place():
                summary = import_file(notebook, path, fmt=fmt, progress=progress)
        except (FormatError, StoreError, OSError) as error:
            self.app.call_from_thread(self._failed, str(error))
        else:
            self.app.call_from_thread(self._done, summary)

    def _show_running(self, running: bool) -> None:
        self.running = running
        self.query_one("#import-progress").display = running
        # Keys typed while it imports must not change what is being imported (the next ctrl+s
        # would import that): the fields take none until it ends.
        for field in self.query("#import-path, Select"):
            field.disabled = running

    def _failed(self, message: str) -> None:
        self._show_running(False)
        self.query_one("#import-path", Input).focus()
        release_job(self.app, JOB)
        self.query_one("#field-path", FormField).show_error(message)

    def _done(self, summary: ImportSummary) -> None:
        skipped = summary.skipped_lines()
        more = f"\n… and {len(skipped) - 5} more skipped" if len(skipped) > 5 else ""
        lines = [summary.line(), *summary.notes, *skipped[:5]]
        notify(self.app, "\n".join(lines) + more, title="Imported")
        release_job(self.app, JOB)
        dismiss_on_top(self, summary)

    def action_close(self) -> None:
        if not self.running:
            self.dismiss(None)
