"""Import from the TUI: the palette command, errors beside the path, progress and summary."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input

from notebook.app import NotebookApp
from notebook.modals.import_file import ImportModal
from notebook.viewmodel import Notebook
from notebook.widgets.fields import FormField
from notebook.widgets.path_input import complete_path

from ..conftest import SIZE
from ..test_importer import REAL
from .burst import type_in
from .helpers import palette_hits, prompts, wait_until


async def open_import(app: NotebookApp, pilot: object) -> None:
    await app.run_action("command_palette")
    await pilot.press(*"import contacts")  # type: ignore[attr-defined]
    await palette_hits(pilot)  # type: ignore[arg-type]
    await pilot.press("enter")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def test_the_palette_lists_import_once_on_every_screen(app: NotebookApp) -> None:
    listed: dict[str, list[str]] = {}
    async with app.run_test(size=SIZE) as pilot:
        for screen in ("1", "2"):  # People has a key of its own for it, the Journal none
            await pilot.press(screen)
            await app.run_action("command_palette")
            await pilot.press(*"import")
            hits = await palette_hits(pilot)
            listed[screen] = [p for p in prompts(hits) if p.casefold().startswith("import")]
            await pilot.press("escape")
    assert [len(found) for found in listed.values()] == [1, 1], listed


async def test_import_from_the_palette_adds_people_and_says_so(
    demo_file: Path, make_app: Callable[[Path], NotebookApp], reopen: Callable[[Path], Notebook]
) -> None:
    app = make_app(demo_file)
    before = app.notebook.people.count()
    async with app.run_test(size=SIZE) as pilot:
        await open_import(app, pilot)
        assert isinstance(app.screen, ImportModal)
        await type_in(pilot, str(REAL / "linkedin" / "Connections.csv"))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, ImportModal)
        assert any("4 created" in str(n.message) for n in app._notifications)
        assert app.screen.query_one("#people-count").visual is not None
    assert reopen(demo_file).people.count() == before + 4


async def test_a_bad_path_or_file_is_shown_beside_the_field(
    demo_file: Path, tmp_path: Path, make_app: Callable[[Path], NotebookApp]
) -> None:
    app = make_app(demo_file)
    before = demo_file.read_bytes()
    bad = tmp_path / "photo.jpg"
    bad.write_bytes(bytes(range(256)))
    async with app.run_test(size=SIZE) as pilot:
        await open_import(app, pilot)
        await type_in(pilot, str(tmp_path / "missing.vcf"))
        await pilot.press("enter")
        field = app.screen.query_one("#field-path", FormField)
        assert "no file at" in field.error
        await pilot.press("backspace")  # a changed path is no longer the one that was missing
        assert field.error == ""
        await pilot.press("enter")
        assert "no file at" in field.error
        path_input = app.screen.query_one("#import-path")
        path_input.value = str(tmp_path)  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        assert field.error == f"{tmp_path} is a folder, not a file"
        path_input.value = str(bad)  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ImportModal)
        assert "binary" in field.error
        assert path_input.value == str(bad)  # type: ignore[attr-defined]
    assert demo_file.read_bytes() == before


def test_import_modal_snapshot(
    snap_compare: Callable[..., bool],
    app: NotebookApp,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The prefilled folder is the user's downloads: a home of its own makes it ~/Downloads.
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))

    async def run_before(pilot: object) -> None:
        await open_import(app, pilot)

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)


def test_paths_complete_like_a_shell(tmp_path: Path) -> None:
    (tmp_path / "Connections.csv").write_text("x")
    (tmp_path / "contacts.vcf").write_text("x")
    (tmp_path / "cover letter.pdf").write_text("x")
    (tmp_path / "exports").mkdir()
    (tmp_path / ".hidden.csv").write_text("x")
    folder = str(tmp_path)
    assert complete_path(f"{folder}/Conn") == f"{folder}/Connections.csv"
    assert complete_path(f"{folder}/ex") == f"{folder}/exports/"
    # "co" is ambiguous: the contact file comes before the letter; hidden files stay hidden.
    assert complete_path(f"{folder}/co") == f"{folder}/contacts.vcf"
    assert complete_path(f"{folder}/.h") == f"{folder}/.hidden.csv"
    assert complete_path(f"{folder}/nothing") is None
    assert complete_path(f"{folder}/missing/x") is None
    assert complete_path("no slash") is None
    (tmp_path / "evil\x1b]0;pwned\x07.csv").write_text("x")
    assert complete_path(f"{folder}/evil") is None  # a name with escapes is never offered


async def test_tab_completes_the_path_from_the_downloads_folder(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    demo_file: Path,
    make_app: Callable[[Path], NotebookApp],
) -> None:
    home = tmp_path / "home"
    (home / "Downloads").mkdir(parents=True)
    (home / "Downloads" / "Connections.csv").write_bytes(
        (REAL / "linkedin" / "Connections.csv").read_bytes()
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_import(app, pilot)
        path = app.screen.query_one("#import-path", Input)
        assert path.value == "~/Downloads/" and path.has_focus
        await pilot.press(*"Con")
        # The suggestion is worked out off the key handler, in a worker.
        await wait_until(pilot, lambda: path._suggestion.endswith(".csv"), "a suggestion")
        await pilot.press("tab")
        assert path.value == "~/Downloads/Connections.csv" and path.has_focus
        await pilot.press("tab")  # nothing left to complete: on to the format
        assert not path.has_focus
        path.focus()
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("4 created" in str(n.message) for n in app._notifications)


async def test_a_path_typed_from_the_top_replaces_the_prefilled_folder(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_import(app, pilot)
        await pilot.press(*"/tmp/x.csv")
        assert app.screen.query_one("#import-path", Input).value == "/tmp/x.csv"
