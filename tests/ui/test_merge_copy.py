"""Merging another copy of the notebook from the TUI: the conflict copy a sync tool left,
offered at start, and any copy picked from the palette."""

from __future__ import annotations

import dataclasses
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from notebook.app import NotebookApp
from notebook.merge import MergeSummary, conflict_copies, made_by, merge_file
from notebook.modals import merge_copy
from notebook.modals.merge_copy import MergeCopyModal, MergePathModal
from notebook.records import Person
from notebook.screens.people import PeopleScreen
from notebook.viewmodel import Notebook
from notebook.widgets.fields import FormField

from ..conftest import SIZE, TODAY
from .burst import burst, settle, type_in
from .helpers import palette_hits, prompts, screen_text, wait_until
from .test_theme_contrast import THEMES, faint_text

SNAPSHOT_SIZES = pytest.mark.parametrize("size", [(130, 40), (80, 24)], ids=["130x40", "80x24"])
COPY_NAME = "demo.sync-conflict-20261125-101500-ABCDEFG.json"


def make_copy(notebook_path: Path, name: str = COPY_NAME) -> Path:
    """A conflict copy beside the notebook: Zoe Quinn added there, and Dana Nguyen's title
    changed there (to "Principal Engineer")."""
    copy = notebook_path.with_name(name)
    shutil.copyfile(notebook_path, copy)
    other = Notebook.open(copy, today=TODAY)
    try:
        other.people.add(Person(name="Zoe Quinn", company="Copy Co"))
        (dana,) = other.people.find_by_name("Dana Nguyen")
        other.people.edit(dataclasses.replace(dana, title="Principal Engineer"))
    finally:
        other.close()
    return copy


def change_here(notebook: Notebook) -> None:
    """Dana Nguyen's title changed here too, later: a conflict the notebook's change wins."""
    (dana,) = notebook.people.find_by_name("Dana Nguyen")
    notebook.people.edit(dataclasses.replace(dana, title="Staff Engineer"))


def dialog_text(app: NotebookApp) -> str:
    screen = app.screen
    assert isinstance(screen, MergeCopyModal)
    shown = [
        str(static.visual)
        for static in screen.query_one("#merge-box").query(Static)
        if static.display and not static.has_class("merge-help")
    ]
    return "\n".join(shown)


async def read(app: NotebookApp, pilot: Pilot[None]) -> None:
    """Wait until the merge dialog on top has read (or merged) its copy; with none on top,
    until the flow asking for one has put up its next dialog, or ended."""

    def settled() -> bool:
        screen = app.screen
        if isinstance(screen, MergeCopyModal):
            return screen.state not in ("reading", "merging")
        if isinstance(screen, MergePathModal):
            return True
        return not any(w.group == "dialog-flow" and not w.is_finished for w in app.workers)

    await wait_until(pilot, settled, "the copy read, or the next dialog up")


async def copy_commands(app: NotebookApp, pilot: Pilot[None]) -> list[str]:
    """The palette's commands for conflict copies, as listed for "conflict copy"."""
    await app.run_action("command_palette")
    await pilot.press(*"merge conflict copy")
    hits = await palette_hits(pilot)
    listed = prompts(hits)
    await pilot.press("escape")
    await pilot.pause()
    return [line.split("\n")[0] for line in listed if "conflict copy:" in line]


async def open_copy(app: NotebookApp, pilot: Pilot[None], name: str = COPY_NAME) -> None:
    """Open a conflict copy's merge dialog from the palette, as the notice at start says, and
    wait until it has read the copy."""
    await app.run_action("command_palette")
    await pilot.press(*"merge conflict copy")
    hits = await palette_hits(pilot)
    for index in range(hits.option_count):
        if name in str(hits.get_option_at_index(index).prompt):
            break
    else:
        raise AssertionError(f"no palette command for {name}")
    hits.highlighted = index
    await pilot.press("enter")
    await pilot.pause()
    await read(app, pilot)
    assert isinstance(app.screen, MergeCopyModal)


def notices(app: NotebookApp) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


async def test_a_conflict_copy_is_said_at_start_and_merged_from_the_palette(
    demo_file: Path, make_app: Callable[[Path], NotebookApp], reopen: Callable[[Path], Notebook]
) -> None:
    copy = make_copy(demo_file)
    copy_bytes = copy.read_bytes()
    app = make_app(demo_file)
    change_here(app.notebook)
    people = app.notebook.people.count()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)  # said, never opened by itself
        (said,) = [n for n in notices(app) if n.startswith("A conflict copy of this notebook")]
        assert f"Syncthing left {COPY_NAME}." in said and '"merge conflict copy"' in said
        assert await copy_commands(app, pilot) == [f"Merge conflict copy: {COPY_NAME}"]
        await open_copy(app, pilot)
        text = dialog_text(app)
        assert f"Would merge {COPY_NAME}: 1 person added." in text
        assert "person 'Dana Nguyen', title: kept 'Staff Engineer' (this notebook's), not " in text
        assert "Nothing was written" not in text
        shown = screen_text(app)
        assert "Syncthing left a copy of the notebook beside it:" in shown
        assert COPY_NAME in shown
        await pilot.press("m")
        await read(app, pilot)
        assert isinstance(app.screen, PeopleScreen)
        (notice,) = [n for n in notices(app) if n.startswith("Merged")]
        assert f"Merged {COPY_NAME}: 1 person added." in notice
        assert f"The copy is now {COPY_NAME}.merged, beside the notebook." in notice
        assert app.notebook.people.find_by_name("Zoe Quinn")
    saved = reopen(demo_file)
    assert saved.people.count() == people + 1
    assert saved.people.find_by_name("Zoe Quinn")
    (dana,) = saved.people.find_by_name("Dana Nguyen")
    assert dana.title == "Staff Engineer"
    assert not copy.exists()
    assert copy.with_name(COPY_NAME + ".merged").read_bytes() == copy_bytes
    assert conflict_copies(demo_file) == []  # not offered again


async def test_keys_typed_at_start_reach_the_screen_and_merge_nothing(
    demo_file: Path, make_app: Callable[[Path], NotebookApp], reopen: Callable[[Path], Notebook]
) -> None:
    # A note typed the moment the app starts, in one burst, with pauses between lines ("m"
    # and enter in it): it is logged, and nothing opens by itself to take its keys.
    copy = make_copy(demo_file)
    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "<colon>", "Sam Silva: met him at the gym", "<enter>")
        await settle(pilot, lambda a: isinstance(a.screen, PeopleScreen))
        await pilot.pause(1.5)
        await burst(pilot, "<colon>", "Dana Nguyen: meeting about jobs", "<enter>")
        await settle(pilot, lambda a: isinstance(a.screen, PeopleScreen))
        assert not app.notebook.people.find_by_name("Zoe Quinn")
    saved = reopen(demo_file)
    (sam,) = saved.people.find_by_name("Sam Silva")
    assert saved.conversations.timeline(sam.id or 0)[0].summary == "met him at the gym"
    (dana,) = saved.people.find_by_name("Dana Nguyen")
    assert saved.conversations.timeline(dana.id or 0)[0].summary == "meeting about jobs"
    assert not saved.people.find_by_name("Zoe Quinn")
    assert copy.exists()


async def test_not_now_leaves_both_files_as_they_were(
    demo_file: Path, make_app: Callable[[Path], NotebookApp]
) -> None:
    copy = make_copy(demo_file)
    app = make_app(demo_file)
    before, copy_before = demo_file.read_bytes(), copy.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await open_copy(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)
        assert not app.notebook.people.find_by_name("Zoe Quinn")
    assert demo_file.read_bytes() == before
    assert copy.read_bytes() == copy_before


async def test_each_copy_has_its_command_and_enter_merges(
    demo_file: Path, make_app: Callable[[Path], NotebookApp], reopen: Callable[[Path], Notebook]
) -> None:
    syncthing = make_copy(demo_file)
    dropbox_name = "demo (Maria's conflicted copy 2026-11-25).json"
    dropbox = make_copy(demo_file, dropbox_name)
    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        (said,) = [n for n in notices(app) if n.startswith("Conflict copies")]
        assert f"Dropbox left {dropbox_name}" in said and f"Syncthing left {COPY_NAME}" in said
        assert len(await copy_commands(app, pilot)) == 2
        await open_copy(app, pilot, dropbox_name)
        assert "Dropbox left a copy" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        await open_copy(app, pilot, COPY_NAME)
        assert "Syncthing left a copy" in screen_text(app)
        await pilot.press("enter")
        await read(app, pilot)
        assert isinstance(app.screen, PeopleScreen)
        assert await copy_commands(app, pilot) == [f"Merge conflict copy: {dropbox_name}"]
    assert reopen(demo_file).people.find_by_name("Zoe Quinn")
    assert dropbox.exists() and not syncthing.exists()


async def test_a_copy_that_cannot_be_read_is_said_in_the_dialog_and_changes_nothing(
    demo_file: Path, make_app: Callable[[Path], NotebookApp]
) -> None:
    broken = demo_file.with_name("demo (conflicted copy 2026-11-25 101500).json")
    broken.write_text('{"people": 5}')
    app = make_app(demo_file)
    before = demo_file.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await open_copy(app, pilot, broken.name)
        assert "Nextcloud left a copy" in screen_text(app)
        text = dialog_text(app)
        assert "Nothing can be merged from it." in text
        assert "cannot be merged: it is not a notebook this one can read (not a notebook" in text
        await pilot.press("m")
        await read(app, pilot)
        assert isinstance(app.screen, MergeCopyModal)  # nothing to merge: m only rings
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)
    assert demo_file.read_bytes() == before
    assert broken.read_text() == '{"people": 5}'


async def test_a_merge_that_fails_is_said_in_the_dialog_and_nothing_is_renamed(
    demo_file: Path,
    make_app: Callable[[Path], NotebookApp],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    copy = make_copy(demo_file)
    app = make_app(demo_file)
    before = demo_file.read_bytes()
    real = merge_file

    def failing(notebook: Notebook, path: Path, *, dry_run: bool = False) -> MergeSummary:
        if dry_run:
            return real(notebook, path, dry_run=True)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(merge_copy, "merge_file", failing)
    async with app.run_test(size=SIZE) as pilot:
        await open_copy(app, pilot)
        await pilot.press("m")
        await read(app, pilot)
        assert isinstance(app.screen, MergeCopyModal)
        text = dialog_text(app)
        assert "Would merge" in text and "No space left on device" in text
        assert not [n for n in notices(app) if n.startswith("Merged")]
    assert demo_file.read_bytes() == before
    assert copy.exists()


async def test_nothing_is_offered_on_a_read_only_or_demo_notebook(
    demo_file: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    make_copy(demo_file)
    read_only = NotebookApp(Notebook.open(demo_file, read_only=True, today=TODAY), user_files=False)
    try:
        async with read_only.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(read_only.screen, PeopleScreen)
            assert not [n for n in notices(read_only) if "conflict cop" in n.lower()]
            assert await copy_commands(read_only, pilot) == []
    finally:
        read_only.notebook.close()
    demo = NotebookApp(open_notebook(demo_file), user_files=False, demo=True)
    async with demo.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(demo.screen, PeopleScreen)
        assert not [n for n in notices(demo) if "conflict cop" in n.lower()]


async def test_m_typed_before_the_copy_is_read_merges_it_once_it_is(
    demo_file: Path,
    make_app: Callable[[Path], NotebookApp],
    reopen: Callable[[Path], Notebook],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    copy = make_copy(demo_file)
    app = make_app(demo_file)
    people = app.notebook.people.count()
    real = merge_file
    merges: list[bool] = []
    # A big notebook on a slow disk: the copy is read only once the test has seen the dialog
    # still reading, however fast or busy the machine.
    disk = threading.Event()

    def slow(notebook: Notebook, path: Path, *, dry_run: bool = False) -> MergeSummary:
        if dry_run:
            disk.wait(timeout=120)
        merges.append(dry_run)
        return real(notebook, path, dry_run=dry_run)

    monkeypatch.setattr(merge_copy, "merge_file", slow)
    async with app.run_test(size=SIZE) as pilot:
        await app.run_action("command_palette")
        await pilot.press(*"merge conflict copy")
        await palette_hits(pilot)
        await burst(pilot, "<enter>", "m", "m", "<enter>")  # open it, and merge at once
        await settle(pilot, lambda app: isinstance(app.screen, MergeCopyModal))
        assert "Reading the other copy… it is merged as soon as it is read." in dialog_text(app)
        disk.set()
        await settle(pilot, lambda app: not isinstance(app.screen, MergeCopyModal))
        await read(app, pilot)
        assert merges == [True, False]  # read once, merged once
        assert len([n for n in notices(app) if n.startswith("Merged")]) == 1
    saved = reopen(demo_file)
    assert saved.people.count() == people + 1
    assert not copy.exists()


async def test_merge_from_the_palette_asks_for_the_file_and_keeps_it(
    demo_file: Path,
    tmp_path: Path,
    make_app: Callable[[Path], NotebookApp],
    reopen: Callable[[Path], Notebook],
) -> None:
    app = make_app(demo_file)
    (tmp_path / "laptop").mkdir()
    other = make_copy(demo_file, "laptop-copy.json")
    laptop = tmp_path / "laptop" / "notebook.json"
    other.rename(laptop)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)  # nothing offered: no conflict copy
        await app.run_action("command_palette")
        await pilot.press(*"merge another")
        await palette_hits(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MergePathModal)
        path = app.screen.query_one("#merge-path", Input)
        assert path.value == f"{tmp_path}/"
        await type_in(pilot, "demo.json")
        await pilot.press("enter")
        await pilot.pause()
        field = app.screen.query_one("#field-path", FormField)
        assert "this notebook itself" in field.error
        path.value = str(laptop)
        await pilot.press("enter")
        await read(app, pilot)
        assert isinstance(app.screen, MergeCopyModal)
        shown = screen_text(app)
        assert "The other copy:" in shown and "Would merge notebook.json: 1 person" in shown
        await pilot.press("m")
        await read(app, pilot)
        assert isinstance(app.screen, PeopleScreen)
        (notice,) = [n for n in notices(app) if n.startswith("Merged")]
        assert "The copy is now" not in notice
    assert reopen(demo_file).people.find_by_name("Zoe Quinn")
    assert laptop.exists()  # another computer's notebook is only read, never renamed


async def test_a_file_name_is_shown_as_it_is(
    demo_file: Path, make_app: Callable[[Path], NotebookApp]
) -> None:
    name = "demo.sync-conflict-[bold]x [@click=app.quit]y.json"
    make_copy(demo_file, name)
    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any(f"Syncthing left {name}." in n for n in notices(app))
        assert await copy_commands(app, pilot) == [f"Merge conflict copy: {name}"]
        await open_copy(app, pilot, name)
        assert name in screen_text(app)
        assert made_by(Path(name)) == "Syncthing"
        assert app.is_running  # no [@click=app.quit] was ever read as markup


@pytest.mark.long
async def test_the_dialog_reads_in_every_theme(
    demo_file: Path, make_app: Callable[[Path], NotebookApp]
) -> None:
    make_copy(demo_file)
    app = make_app(demo_file)
    change_here(app.notebook)
    problems: dict[str, list[str]] = {}
    async with app.run_test(size=(130, 40)) as pilot:
        await open_copy(app, pilot)
        screen = app.screen
        assert isinstance(screen, MergeCopyModal)
        screen._show_error("cannot read it (Permission denied)")  # the error colour too
        for theme in THEMES:
            app.theme = theme
            await pilot.pause()
            if failures := faint_text(app):
                problems[theme] = failures[:3]
    assert problems == {}


@SNAPSHOT_SIZES
def test_merge_dialog_snapshot(
    snap_compare: Callable[..., bool], app: NotebookApp, demo_file: Path, size: tuple[int, int]
) -> None:
    make_copy(demo_file)
    change_here(app.notebook)

    async def run_before(pilot: Pilot[Any]) -> None:
        await open_copy(app, pilot)  # the notice at start goes as the dialog opens

    assert snap_compare(app, run_before=run_before, terminal_size=size)
