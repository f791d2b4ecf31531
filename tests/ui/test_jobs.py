"""Jobs that write the whole notebook from a thread (an import, a merge, a sync): one at a
time, and one that ends under another dialog closes itself, never that dialog."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Select

from notebook.app import NotebookApp
from notebook.modals.import_file import ImportModal
from notebook.modals.person_form import PersonForm
from notebook.modals.sync_vdir import SyncModal
from notebook.screens.base import claim_job, release_job
from notebook.widgets.fields import FormField

from ..conftest import SIZE
from ..test_importer import REAL
from .burst import type_in
from .helpers import held_on_a_thread, wait_until

CONNECTIONS = REAL / "linkedin" / "Connections.csv"


def writes_held_back(app: NotebookApp, pilot: Pilot[None]) -> AbstractAsyncContextManager[None]:
    """A real thread reads the notebook until the block ends: a job's write waits for it."""
    return held_on_a_thread(pilot, app.notebook.reading)


async def test_an_import_waits_for_the_job_running_before_it(app: NotebookApp) -> None:
    before = app.notebook.people.count()
    async with app.run_test(size=SIZE) as pilot:
        assert claim_job(app, "a merge") is None  # as a merge does when it starts writing
        app.push_screen(ImportModal())
        await pilot.pause()
        await pilot.press("ctrl+u")
        await type_in(pilot, str(CONNECTIONS))
        await pilot.press("ctrl+s")
        await pilot.pause()
        field = app.screen.query_one("#field-path", FormField)
        assert field.error == "a merge is still running: import once it ends"
        assert app.notebook.people.count() == before
        assert claim_job(app, "a sync") == "a merge"  # still the merge's
        release_job(app, "a merge")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, ImportModal), "imported")
        assert app.notebook.people.count() == before + 4
        assert claim_job(app, "a sync") is None  # the import gave it back


async def test_an_import_that_ends_under_another_dialog_leaves_that_dialog(
    app: NotebookApp,
) -> None:
    notebook = app.notebook
    before = notebook.people.count()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ImportModal())
        await pilot.pause()
        async with writes_held_back(app, pilot):  # until the form is up
            await pilot.press("ctrl+u")
            await type_in(pilot, str(CONNECTIONS))
            await pilot.press("ctrl+s")
            form = PersonForm()
            app.push_screen(form)
            await pilot.pause()
            await pilot.press(*"Half Typed")
        await wait_until(pilot, lambda: notebook.people.count() == before + 4, "the import's write")
        await pilot.pause(0.2)
        assert app.screen is form  # the form stays, with what was typed
        assert form.query_one("#field-name Input", Input).value == "Half Typed"
        await pilot.press("ctrl+a", "ctrl+k", "escape")
        await wait_until(pilot, lambda: app.screen is not form, "the form's close")
        # Back on top, the finished import closes itself.
        await wait_until(
            pilot, lambda: not any(isinstance(s, ImportModal) for s in app.screen_stack), "gone"
        )


async def test_keys_typed_while_it_imports_leave_the_path_alone(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ImportModal())
        await pilot.pause()
        async with writes_held_back(app, pilot):  # while keys arrive
            path = app.screen.query_one("#import-path", Input)
            await pilot.press("ctrl+u")
            await type_in(pilot, str(CONNECTIONS))
            await pilot.press("ctrl+s", "n", "o", "ctrl+s")
            assert path.value == str(CONNECTIONS) and path.disabled
        await wait_until(pilot, lambda: not isinstance(app.screen, ImportModal), "imported")


async def test_keys_typed_while_it_syncs_leave_the_folder_and_the_choice_alone(
    app: NotebookApp, tmp_path: Path
) -> None:
    folder = tmp_path / "cards"
    folder.mkdir()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(SyncModal())
        await pilot.pause()
        path = app.screen.query_one("#sync-path", Input)
        prefer = app.screen.query_one("#sync-prefer", Select)
        chosen = prefer.value
        async with writes_held_back(app, pilot):  # the sync's write waits while keys arrive
            await pilot.press("ctrl+u")
            await type_in(pilot, str(folder))
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: path.disabled, "the sync under way")
            await pilot.press("n", "o", "down", "ctrl+s")
            assert path.value == str(folder) and prefer.value == chosen
            assert path.disabled and prefer.disabled
        await wait_until(pilot, lambda: not path.disabled, "the sync's end")
        assert path.value == str(folder) and prefer.value == chosen
        assert len(list(folder.glob("*.vcf"))) == app.notebook.people.count()
