"""Actions that ask in a dialog run as workers (`dialog_flow`): the dialog opens a moment after
its key. Keys sent together with the key, as a laggy link delivers them, still go in order: into
the dialog once it is up, and to the screen underneath only after the flow has made its write."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Input

from notebook.app import NotebookApp
from notebook.modals.confirm import ConfirmModal
from notebook.modals.person_actions import CadenceDialog
from notebook.modals.reschedule import ReschedulePrompt
from notebook.records import Interaction
from notebook.screens.follow_ups import FollowUpsScreen
from notebook.screens.journal import JournalScreen
from notebook.screens.person import PersonScreen
from notebook.viewmodel import Notebook
from notebook.widgets import type_ahead
from notebook.widgets.record_list import RecordList

from ..conftest import SIZE, TODAY


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
