"""Actions that ask in a dialog run as workers (`dialog_flow`): the dialog opens a moment after
its key. Keys sent together with the key, as a laggy link delivers them, still go in order: into
the dialog once it is up, and to the screen underneath only after the flow has made its write."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from notebook.app import NotebookApp
from notebook.commands.palette import NotebookPalette
from notebook.modals.confirm import ConfirmModal, DidYouMeanModal
from notebook.modals.merge_copy import open_merge
from notebook.modals.person_actions import CadenceDialog
from notebook.modals.person_form import PersonForm
from notebook.modals.reschedule import ReschedulePrompt
from notebook.modals.sync_vdir import SyncModal
from notebook.records import Interaction
from notebook.screens.follow_ups import FollowUpsScreen
from notebook.screens.help import HelpScreen, help_name
from notebook.screens.journal import JournalScreen
from notebook.screens.people import PeopleScreen
from notebook.screens.person import PersonScreen
from notebook.viewmodel import Notebook
from notebook.widgets import type_ahead
from notebook.widgets.record_list import RecordList

from ..conftest import SIZE, TODAY
from ..test_vdir_sync import ANN
from .burst import burst, settle
from .test_merge_copy import make_copy


async def test_delete_confirm_and_a_move_sent_at_once_land_in_order(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, JournalScreen)
        listing: RecordList[Interaction] = screen.query_one("#journal", RecordList)
        doomed, second, third = listing.items[:3]
        count = app.notebook.conversations.count()
        # d asks, y answers, j moves: one burst.
        await pilot.press("d", "y", "j")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen
        assert not any(isinstance(s, ConfirmModal) for s in app.screen_stack)
        assert app.notebook.conversations.count() == count - 1
        assert [i.id for i in listing.items[:2]] == [second.id, third.id]
        assert listing.highlighted is not None and listing.highlighted.id == third.id
        assert screen.query_one("#search", Input).value == ""  # no key went astray
    assert doomed.id not in [i.id for i in reopen(demo_file).conversations.iter()]


async def test_keys_typed_right_after_the_key_that_opens_a_dialog_go_into_it(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FollowUpsScreen)
        first = screen.follow_ups.items[0]
        # > opens the reschedule prompt (its "+1w" selected, so typing replaces it).
        await pilot.press("greater_than_sign", *"+3d", "enter", "j")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, ReschedulePrompt)
        assert app.screen is screen
        assert app.notebook.follow_ups.get(first.id or 0).due == TODAY + timedelta(days=3)
    assert reopen(demo_file).follow_ups.get(first.id or 0).due == TODAY + timedelta(days=3)


async def test_keys_wait_for_a_dialog_still_to_come_and_go_to_it_once_it_is_up(
    app: NotebookApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    # However slow this machine is today, the hold outlasts the test.
    monkeypatch.setattr(type_ahead, "MAX_DIALOG_HOLD_SECONDS", 600.0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        journal = app.screen
        with app.keys.hold_for_dialog():
            await pilot.press("d")  # the Journal's delete key: it must wait
            await pilot.pause()
            assert app.keys.waiting == 1 and app.screen is journal
            # The flow's dialog comes up: the waiting key is for it (y would answer it; d
            # means nothing there).
            await app.push_screen(ConfirmModal("Delete it?", yes="Delete", no="Keep"))
            await pilot.pause()
            await pilot.pause()
            assert app.keys.waiting == 0
            assert isinstance(app.screen, ConfirmModal)


async def test_a_page_whose_person_went_while_a_dialog_was_over_it_closes(
    app: NotebookApp,
) -> None:
    (dana,) = app.notebook.people.find_by_name("Dana Nguyen")
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(PersonScreen(dana.id or 0))
        await pilot.pause()
        page = app.screen
        await pilot.press("c")  # the cadence dialog, over the page
        await pilot.pause()
        assert isinstance(app.screen, CadenceDialog)
        # Gone meanwhile (as after a file re-read without them): the page, drawn behind the
        # dialog, cannot show them.
        app.notebook.people.forget(dana.id or 0)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert page not in app.screen_stack
        await pilot.press("e")  # nothing to edit here; no crash
        await pilot.pause()
        assert app.is_running


# -- each flow, its keys sent in one burst with the key that opens it ---------------------------


@pytest.fixture
def patient_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    """However slow this machine is today, a flow's hold on the keys outlasts the test."""
    monkeypatch.setattr(type_ahead, "MAX_DIALOG_HOLD_SECONDS", 600.0)


def no_dialog(app: NotebookApp) -> bool:
    """Back on the mode's screen, with every flow (and its write) done."""
    return len(app.screen_stack) == 1 and all(worker.is_finished for worker in app.workers)


async def test_did_you_mean_is_answered_by_a_key_typed_once_it_asks(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook], patient_holds: None
) -> None:
    (dana,) = app.notebook.people.find_by_name("Dana Nguyen")
    people = app.notebook.people.count()
    async with app.run_test(size=SIZE) as pilot:
        # "Dnaa" is close to Dana: the new name (down) asks "Did you mean …?". A key typed
        # before it is up is not an answer (test_type_ahead); once it is, y says yes and the
        # rest of a burst goes on into the note.
        await burst(pilot, "<n>", "Dnaa", "<down>", "<enter>")
        await settle(pilot, lambda a: isinstance(a.screen, DidYouMeanModal))
        await burst(
            pilot, "y", "<tab>", "yesterday", "<tab>", "the bakery", "<tab>", "Ran into her",
            "<ctrl+s>",
        )  # fmt: skip
        await settle(pilot, no_dialog)
        assert isinstance(app.screen, PeopleScreen) and app.screen.order == "name"
    saved = reopen(demo_file)
    assert saved.people.count() == people  # nobody new, no "y" typed as a name
    latest = saved.conversations.timeline(dana.id or 0)[0]
    assert (latest.people, latest.when, latest.place) == (
        (dana.id,),
        TODAY - timedelta(days=1),
        "the bakery",
    )
    assert latest.summary == "Ran into her"


async def test_a_second_person_of_the_same_name_is_added_in_one_burst(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook], patient_holds: None
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        # y adds another Dana Nguyen; s, once the form is closed, sorts the People list.
        await burst(pilot, "<a>", "Dana Nguyen", "<ctrl+s>", "y", "s")
        await settle(pilot, no_dialog)
        screen = app.screen
        assert isinstance(screen, PeopleScreen) and screen.order == "last contact"
        assert len(app.notebook.people.find_by_name("Dana Nguyen")) == 2
    assert len(reopen(demo_file).people.find_by_name("Dana Nguyen")) == 2


async def test_going_back_from_the_same_name_question_then_discarding_in_one_burst(
    app: NotebookApp, demo_file: Path, patient_holds: None
) -> None:
    before = demo_file.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        # n: go back to the form; escape: discard it? y: yes; s sorts the People list.
        await burst(pilot, "<a>", "Dana Nguyen", "<ctrl+s>", "n", "<escape>", "y", "s")
        await settle(pilot, no_dialog)
        screen = app.screen
        assert isinstance(screen, PeopleScreen)
        assert screen.order == "last contact"  # the s reached the list, once the form was gone
        assert len(app.notebook.people.find_by_name("Dana Nguyen")) == 1
    assert demo_file.read_bytes() == before


async def test_a_note_is_discarded_in_one_burst(
    app: NotebookApp, demo_file: Path, patient_holds: None
) -> None:
    before = demo_file.read_bytes()
    count = app.notebook.conversations.count()
    async with app.run_test(size=SIZE) as pilot:
        # The first escape closes the matches, the second asks; y discards; s sorts People.
        await burst(pilot, "<n>", "Zed", "<escape>", "<escape>", "y", "s")
        await settle(pilot, no_dialog)
        screen = app.screen
        assert isinstance(screen, PeopleScreen) and screen.order == "last contact"
        assert app.notebook.conversations.count() == count
    assert demo_file.read_bytes() == before


async def test_keeping_a_note_and_saving_it_in_one_burst(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook], patient_holds: None
) -> None:
    (dana,) = app.notebook.people.find_by_name("Dana Nguyen")
    async with app.run_test(size=SIZE) as pilot:
        # Escape asks; n keeps the note, and what follows goes on into it.
        await burst(
            pilot, "<n>", "Dana Nguyen", "<enter>", "<escape>", "n", "<tab>", "<tab>", "<tab>",
            "kept", "<ctrl+s>",
        )  # fmt: skip
        await settle(pilot, no_dialog)
        assert isinstance(app.screen, PeopleScreen)
    assert reopen(demo_file).conversations.timeline(dana.id or 0)[0].summary == "kept"


async def test_a_deletion_in_a_sync_is_answered_by_the_key_after_ctrl_s(
    app: NotebookApp, demo_file: Path, tmp_path: Path, patient_holds: None
) -> None:
    folder = tmp_path / "cards"
    folder.mkdir()
    (folder / "ann.vcf").write_bytes(ANN)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(SyncModal())
        await pilot.pause()
        path = app.screen.query_one("#sync-path", Input)
        path.value = str(folder)
        await pilot.press("ctrl+s")  # the first sync: Ann comes in from her card
        await settle(pilot, lambda a: not a.screen.running)  # type: ignore[attr-defined]
        (ann,) = app.notebook.people.find_by_name("Ann Archer")
        (folder / "ann.vcf").unlink()
        # Planned in a thread, then asked: the y waits for the question, and answers it.
        await burst(pilot, "<ctrl+s>", "y")
        await settle(pilot, lambda a: isinstance(a.screen, SyncModal) and not a.screen.running)
        assert "1 archived" in str(app.screen.query_one("#sync-summary", Static).visual)
        assert path.value == str(folder)  # no y typed into the folder
        assert app.notebook.people.get(ann.id or 0).archived


async def test_merge_asks_for_the_file_and_merges_it_with_keys_sent_at_once(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook], patient_holds: None
) -> None:
    # Another computer's notebook, beside this one (the path field starts in its folder).
    other = make_copy(demo_file, "laptop.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # The flow opens its first dialog a moment after it starts: every key waits for it.
        open_merge(app)
        await burst(pilot, "laptop.json", "<enter>", "m")
        await settle(
            pilot, lambda a: no_dialog(a) and bool(a.notebook.people.find_by_name("Zoe Quinn"))
        )
        assert isinstance(app.screen, PeopleScreen)
        assert app.screen.query_one("#search", Input).value == ""
    assert reopen(demo_file).people.find_by_name("Zoe Quinn")
    assert other.exists()  # only read, never renamed


async def test_conflict_copies_at_start_take_no_key_sent_at_start(
    demo_file: Path,
    make_app: Callable[[Path], NotebookApp],
    reopen: Callable[[Path], Notebook],
    patient_holds: None,
) -> None:
    # Nothing opens by itself for a conflict copy: keys sent at start (the merge dialog's
    # "m", twice) are the screen's, and merge nothing.
    syncthing = make_copy(demo_file)
    dropbox = make_copy(demo_file, "demo (Maria's conflicted copy 2026-11-25).json")
    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "<escape>", "m", "m")
        await settle(pilot, no_dialog)
        await pilot.pause(0.5)
        assert no_dialog(app)
        assert not app.notebook.people.find_by_name("Zoe Quinn")
    assert not reopen(demo_file).people.find_by_name("Zoe Quinn")
    assert dropbox.exists() and syncthing.exists()


@pytest.mark.parametrize(
    ("keys", "dialog", "work"),
    [
        (["colon", *"Dana Nguyen: met for coffee"], "CaptureModal", "this line"),
        (["n", *"Dana"], "NoteModal", "this note"),
        (["a", *"Zed Quist"], "PersonForm", "your changes"),
        (["i", *"abc"], "ImportModal", "the path you typed"),
        (
            ["5", "greater_than_sign", "ctrl+u", *"next fri"],
            "ReschedulePrompt",
            "the day you typed",
        ),
    ],
)
async def test_ctrl_q_in_a_dialog_asks_before_its_typed_work_is_lost(
    app: NotebookApp, keys: list[str], dialog: str, work: str
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*keys)
        assert type(app.screen).__name__ == dialog
        typed = app.screen.focused.value if isinstance(app.screen.focused, Input) else None
        await pilot.press("ctrl+q")
        await settle(pilot, lambda app: isinstance(app.screen, ConfirmModal))
        assert isinstance(app.screen, ConfirmModal)
        assert app.screen.message == f"Quit, and discard {work}?"
        await pilot.press("escape")  # keep editing: the dialog, as it was
        await pilot.pause()
        assert app.is_running and type(app.screen).__name__ == dialog
        if typed is not None:
            assert isinstance(app.screen.focused, Input) and app.screen.focused.value == typed
        await pilot.press("ctrl+q")
        await settle(pilot, lambda app: isinstance(app.screen, ConfirmModal))
        await pilot.press("ctrl+q")  # asked already: not asked twice
        await pilot.pause()
        assert [type(s).__name__ for s in app.screen_stack[-2:]] == [dialog, "ConfirmModal"]
        await pilot.press("y")
        await pilot.pause()
        assert not app.is_running


async def test_ctrl_q_in_a_dialog_with_nothing_typed_quits_at_once(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert type(app.screen).__name__ == "NoteModal"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_f1_opens_a_dialogs_help_and_closes_it_leaving_the_typing_alone(
    app: NotebookApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("colon", *"Dana?")
        line = app.screen.query_one(Input)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.title_text == "Keys: One-line log"
        assert ("esc", "capture.close") in {(keys, i) for keys, _, i in app.screen.rows}
        await pilot.press("f1")
        assert type(app.screen).__name__ == "CaptureModal"
        assert (line.value, line.has_focus) == ("Dana?", True)
        await pilot.press("ctrl+p", "f1")  # the palette lists its own commands
        await pilot.pause()
        assert type(app.screen) is NotebookPalette


def test_help_names_a_dialog_in_words() -> None:
    assert [help_name(screen) for screen in (PersonForm(), HelpScreen.__new__(HelpScreen))] == [
        "Person form",
        "Help",
    ]
