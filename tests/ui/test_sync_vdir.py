"""Sync contacts from the TUI: the palette command, the folder and when it was last synced, the
question before deletions, and the summary."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, Static

from notebook import vdir
from notebook.app import NotebookApp
from notebook.modals.confirm import ConfirmModal
from notebook.modals.sync_vdir import SyncModal, deletion_button
from notebook.records import Person
from notebook.viewmodel import Notebook
from notebook.widgets.fields import FormField

from ..conftest import SIZE
from ..test_vdir_sync import ANN
from .burst import type_in
from .helpers import palette_hits, wait_until
from .test_theme_contrast import THEMES, faint_text

SNAPSHOT_SIZES = pytest.mark.parametrize("size", [(130, 40), (80, 24)], ids=["130x40", "80x24"])


async def open_sync(app: NotebookApp, pilot: Pilot[None]) -> None:
    await app.run_action("command_palette")
    await pilot.press(*"sync contacts")
    await palette_hits(pilot)
    await pilot.press("enter")
    await pilot.pause()


def summary(app: NotebookApp) -> str:
    return str(app.screen.query_one("#sync-summary", Static).visual)


async def test_sync_from_the_palette_asks_before_archiving_and_shows_the_summary(
    demo_file: Path,
    tmp_path: Path,
    make_app: Callable[[Path], NotebookApp],
    reopen: Callable[[Path], Notebook],
) -> None:
    folder = tmp_path / "cards"
    folder.mkdir()
    (folder / "ann.vcf").write_bytes(ANN.replace(b"FN:Ann Archer", b"FN:[bold]Ann[/bold] Archer"))
    app = make_app(demo_file)
    everyone = app.notebook.people.count()
    active = len(app.notebook.people.all())
    async with app.run_test(size=SIZE) as pilot:
        await open_sync(app, pilot)
        assert isinstance(app.screen, SyncModal)
        path = app.screen.query_one("#sync-path", Input)
        assert path.value == "" and path.has_focus
        assert "Not synced with this folder yet" in str(app.screen.query_one("#sync-when").visual)
        await type_in(pilot, str(folder))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SyncModal)
        assert "From the folder: 1 created" in summary(app)
        assert f"To the folder: {active} written" in summary(app)
        assert "Last synced" in str(app.screen.query_one("#sync-when").visual)
        # The card goes from the folder: asked first, and "n" keeps Ann.
        (folder / "ann.vcf").unlink()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal), "the question")
        assert "Archive 1 person deleted from the folder?" in app.screen.message
        assert str(app.screen.query_one("#yes", Button).label) == "Archive (y)"
        await pilot.press("n")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SyncModal)
        assert "Not done: archive 1 person" in summary(app)
        assert not app.notebook.people.find_by_name("[bold]Ann[/bold] Archer")[0].archived
        # Again, and "y" archives her.
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal), "the question")
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "0 updated, 1 archived" in summary(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, SyncModal)
    notebook = reopen(demo_file)
    try:
        assert notebook.people.count() == everyone + 1
        assert notebook.people.find_by_name("[bold]Ann[/bold] Archer")[0].archived
    finally:
        notebook.close()
    assert len(list(folder.glob("*.vcf"))) == active


def test_the_yes_to_deletions_says_what_the_plan_holds(tmp_path: Path) -> None:
    ann = Person(name="Ann", uid="ann")
    gone = vdir.CardChange("bob.vcf", "Bob", None, b"", "delete bob.vcf")
    both = vdir.SyncPlan(tmp_path, "notebook", archive=[ann], deletes=[gone])
    assert deletion_button(both) == "Archive and delete"
    assert deletion_button(replace(both, deletes=[])) == "Archive"
    assert deletion_button(replace(both, archive=[])) == "Delete cards"


async def test_a_missing_folder_is_shown_beside_the_field(
    demo_file: Path, tmp_path: Path, make_app: Callable[[Path], NotebookApp]
) -> None:
    app = make_app(demo_file)
    before = demo_file.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await open_sync(app, pilot)
        await type_in(pilot, str(tmp_path / "nowhere"))
        await pilot.press("enter")
        await pilot.pause()
        assert "no folder at" in app.screen.query_one("#field-path", FormField).error
    assert demo_file.read_bytes() == before


async def test_the_dialog_starts_from_the_last_synced_folder(
    app: NotebookApp, tmp_path: Path
) -> None:
    folder = tmp_path / "cards"
    folder.mkdir()
    with app.notebook.batch():
        app.notebook.put_setting(
            vdir.STATE_KEY,
            {str(folder): {"synced_at": "2026-11-20T18:30:00", "cards": {}}},
        )
    async with app.run_test(size=SIZE) as pilot:
        await open_sync(app, pilot)
        assert app.screen.query_one("#sync-path", Input).value == str(folder)
        when = str(app.screen.query_one("#sync-when").visual)
        assert "Last synced 2026-11-20 18:30" in when
        await pilot.press("backspace")
        await pilot.pause()
        assert "Not synced with this folder yet" in str(app.screen.query_one("#sync-when").visual)


@SNAPSHOT_SIZES
def test_sync_dialog_snapshot(
    snap_compare: Callable[..., bool], app: NotebookApp, size: tuple[int, int]
) -> None:
    # A folder synced before (it needn't exist to be shown): the dialog starts from it.
    app.notebook.put_setting(
        vdir.STATE_KEY,
        {"/home/me/.contacts/default": {"synced_at": "2026-11-20T18:30:00", "cards": {}}},
    )

    async def run_before(pilot: Pilot[None]) -> None:
        await open_sync(app, pilot)

    assert snap_compare(app, run_before=run_before, terminal_size=size)


def both_sides_change_titles(notebook: Notebook, folder: Path, count: int) -> None:
    """After a first sync, `count` people get a new title in the notebook and another in their
    card: as many conflicts."""
    vdir.apply_sync(notebook, vdir.plan_sync(notebook, folder), deletions=True)
    people = sorted(notebook.people.all(), key=lambda p: p.name)[:count]
    cards = vdir.sync_state(notebook)[str(vdir.folder_key(folder))]["cards"]
    for person in people:
        notebook.people.edit(replace(person, title="Notebook Title"))
        file = folder / cards[person.uid]["file"]
        read = vdir.read_card(file.name, file.read_bytes())
        fields = {**read.fields, "title": "Card Title"}
        data = vdir.rewrite_card(read, fields, read.uid, ["title"])
        assert data is not None
        file.write_bytes(data)


@pytest.mark.parametrize("size", [(80, 24), (130, 40)], ids=["80x24", "130x40"])
async def test_every_conflict_is_shown_in_a_scrolled_summary_that_fits(
    app: NotebookApp, tmp_path: Path, size: tuple[int, int]
) -> None:
    folder = tmp_path / "cards"
    folder.mkdir()
    both_sides_change_titles(app.notebook, folder, 12)
    async with app.run_test(size=size) as pilot:
        await open_sync(app, pilot)
        await type_in(pilot, str(folder))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = summary(app)
        assert text.count("conflict: ") == 12 and "more" not in text
        assert "lists all" not in text
        box = app.screen.query_one("#sync-summary-box")
        dialog = app.screen.query_one("SyncModal > Vertical")
        assert box.region.height < text.count("\n") + 1  # scrolled, not cut
        assert box.max_scroll_y > 0
        # Everything shown fits in the dialog, and the dialog on the screen.
        assert dialog.content_region.bottom <= size[1]
        for child in dialog.children:
            if child.display:
                assert child.region.bottom <= dialog.content_region.bottom, child


async def test_an_emptied_folder_is_refused_and_the_shell_is_named(
    app: NotebookApp, tmp_path: Path
) -> None:
    folder = tmp_path / "cards"
    folder.mkdir()
    vdir.apply_sync(app.notebook, vdir.plan_sync(app.notebook, folder), deletions=True)
    for card in folder.iterdir():
        card.unlink()
    before = app.notebook.path.read_bytes()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_sync(app, pilot)
        await pilot.press("enter")  # the folder synced last
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SyncModal)
        error = app.screen.query_one("#field-path", FormField).error
        assert error == "holds none of the 60 cards synced with it before"
        assert "either the path is wrong" in summary(app)
        assert f"sync from a shell:\n  notebook sync vdir {folder} --all-deleted" in summary(app)
    assert app.notebook.path.read_bytes() == before
    assert not any(p.archived for p in app.notebook.people.all(include_archived=True))


@pytest.mark.long
async def test_the_dialog_and_its_summary_read_in_every_theme(
    app: NotebookApp, tmp_path: Path
) -> None:
    folder = tmp_path / "cards"
    folder.mkdir()
    both_sides_change_titles(app.notebook, folder, 3)
    problems: dict[str, list[str]] = {}
    async with app.run_test(size=(130, 40)) as pilot:
        await open_sync(app, pilot)
        await type_in(pilot, str(folder))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "conflict: " in summary(app)
        for theme in THEMES:
            app.theme = theme
            await pilot.pause()
            if failures := faint_text(app):
                problems[theme] = failures[:3]
    assert problems == {}
