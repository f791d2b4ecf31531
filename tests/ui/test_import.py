"""Import from the TUI: the palette command, errors beside the path, progress and summary."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from notebook.app import NotebookApp
from notebook.modals.import_file import ImportModal
from notebook.viewmodel import Notebook
from notebook.widgets.fields import FormField

from ..conftest import SIZE
from ..test_importer import REAL


async def open_import(app: NotebookApp, pilot: object) -> None:
    await app.run_action("command_palette")
    await pilot.press(*"import contacts")  # type: ignore[attr-defined]
    await pilot.pause(0.5)  # type: ignore[attr-defined]
    await pilot.press("enter")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def test_import_from_the_palette_adds_people_and_says_so(
    demo_file: Path, make_app: Callable[[Path], NotebookApp], reopen: Callable[[Path], Notebook]
) -> None:
    app = make_app(demo_file)
    before = app.notebook.people_count()
    async with app.run_test(size=SIZE) as pilot:
        await open_import(app, pilot)
        assert isinstance(app.screen, ImportModal)
        await pilot.press(*str(REAL / "linkedin" / "Connections.csv"), "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, ImportModal)
        assert any("4 created" in str(n.message) for n in app._notifications)
        assert app.screen.query_one("#people-count").visual is not None
    assert reopen(demo_file).people_count() == before + 4


async def test_a_bad_path_or_file_is_shown_beside_the_field(
    demo_file: Path, tmp_path: Path, make_app: Callable[[Path], NotebookApp]
) -> None:
    app = make_app(demo_file)
    before = demo_file.read_bytes()
    bad = tmp_path / "photo.jpg"
    bad.write_bytes(bytes(range(256)))
    async with app.run_test(size=SIZE) as pilot:
        await open_import(app, pilot)
        await pilot.press(*str(tmp_path / "missing.vcf"), "enter")
        field = app.screen.query_one("#field-path", FormField)
        assert "no file at" in field.error
        path_input = app.screen.query_one("#import-path")
        path_input.value = str(bad)  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ImportModal)
        assert "binary" in field.error
        assert path_input.value == str(bad)  # type: ignore[attr-defined]
    assert demo_file.read_bytes() == before


def test_import_modal_snapshot(snap_compare: Callable[..., bool], app: NotebookApp) -> None:
    async def run_before(pilot: object) -> None:
        await open_import(app, pilot)

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)
