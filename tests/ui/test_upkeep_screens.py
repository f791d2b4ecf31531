"""Refer, Reconnect and Follow-ups, driven by keys on the demo notebook."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from textual.widgets import Input, Static

from notebook import dates
from notebook.app import NotebookApp
from notebook.graph import ReferralPath, ReferralTarget
from notebook.modals.ask import AskDialog
from notebook.modals.note import NoteModal
from notebook.modals.person_actions import CadenceDialog, SnoozeDialog
from notebook.modals.prep import PrepModal
from notebook.records import Person
from notebook.screens.follow_ups import FollowUpsScreen
from notebook.screens.help import HelpScreen
from notebook.screens.person import PersonScreen
from notebook.screens.reconnect import ReconnectScreen
from notebook.screens.refer import ReferScreen
from notebook.viewmodel import Notebook
from notebook.views import PrepView
from notebook.widgets.record_list import RecordList
from notebook.widgets.safe import PlainTree

from ..conftest import SIZE, TODAY
from .helpers import notifications, screen_text, wait_until

ACME = "Acme Robotics, Inc."


async def refer_to(pilot: object, text: str) -> None:
    await pilot.press("3")  # type: ignore[attr-defined]  # the Refer screen; its input has focus
    await pilot.press(*text, "enter")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def test_refer_shows_ranked_paths_as_a_tree(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await refer_to(pilot, "acme robotics")
        screen = app.screen
        assert isinstance(screen, ReferScreen)
        tree = screen.query_one(PlainTree)
        targets = [n.data for n in tree.root.children]
        expected = app.notebook.referrals.find("acme robotics", limit=50).targets
        assert [t.person_id for t in targets if isinstance(t, ReferralTarget)] == [
            t.person_id for t in expected
        ]
        assert tree.cursor_node is not None and isinstance(tree.cursor_node.data, ReferralPath)
        text = screen_text(app)
        assert "You ─ " in text and "Next step" in text


async def test_refer_completes_the_target_as_you_type(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", *"acme r")
        search = app.screen.query_one("#search", Input)
        # The suggestion is worked out off the key handler, in a worker.
        await wait_until(pilot, lambda: bool(search._suggestion), "a suggestion")
        await pilot.press("right")  # accept the suggestion
        assert search.value == ACME


async def test_refer_completes_a_name_typed_without_its_accents(app: NotebookApp) -> None:
    """The search read "andres" as Andrés, but the completion wanted the accent typed."""
    (andres,) = app.notebook.people.find_by_name("Andrés Tanaka")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", *"andres t")
        search = app.screen.query_one("#search", Input)
        await wait_until(pilot, lambda: bool(search._suggestion), "a suggestion")
        await pilot.press("right")
        assert search.value == andres.name


async def test_help_opens_from_the_target_box_with_f1_where_question_mark_is_typed(
    app: NotebookApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", *"who?")
        search = app.screen.query_one("#search", Input)
        assert (search.value, search.has_focus) == ("who?", True)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.title_text == "Keys: Refer"
        # In the box ? is typed, so help offers only f1 for itself.
        assert ("f1", "help.f1") in {(keys, i) for keys, _, i in app.screen.rows}
        await pilot.press("f1")
        assert isinstance(app.screen, ReferScreen)
        assert (search.value, search.has_focus) == ("who?", True)


async def test_refer_keys_note_open_and_record_an_ask(
    demo_file: Path, make_app: Callable[[Path], NotebookApp], reopen: Callable[[Path], Notebook]
) -> None:
    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await refer_to(pilot, "acme robotics")
        tree = app.screen.query_one(PlainTree)
        path = tree.cursor_node.data if tree.cursor_node else None
        assert isinstance(path, ReferralPath)
        first = path.people[0]
        await pilot.press("n")  # note with the first person on the path
        assert isinstance(app.screen, NoteModal)
        await pilot.press("escape")
        await pilot.press("o")  # open the first person on the path
        assert isinstance(app.screen, PersonScreen) and app.screen.person_id == first
        await pilot.press("escape", "r")  # record a referral ask
        assert isinstance(app.screen, AskDialog)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReferScreen)
    asks = reopen(demo_file).asks.of(first)
    assert [(a.target, a.status, a.asked_on) for a in asks] == [(ACME, "asked", TODAY)]


async def test_refer_tree_moves_with_list_keys_and_keeps_its_line_after_a_note(
    demo_file: Path, make_app: Callable[[Path], NotebookApp], reopen: Callable[[Path], Notebook]
) -> None:
    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await refer_to(pilot, "acme robotics")
        tree = app.screen.query_one(PlainTree)
        await pilot.press("G")
        assert tree.cursor_line == tree.last_line
        await pilot.press("g")
        assert tree.cursor_line == 0
        await pilot.press("j", "j", "j", "j", "k")
        assert tree.cursor_line == 3
        # Further down, on a path that is not the first: a note taken there refreshes the
        # tree, and the cursor stays on that same path, so `r` asks the same person.
        lines = range(tree.last_line + 1)
        paths = [n for n in lines if isinstance(_line_data(tree, n), ReferralPath)]
        await pilot.press(*["j"] * (paths[-1] - 3))
        chosen = _line_data(tree, tree.cursor_line)
        assert isinstance(chosen, ReferralPath) and paths[-1] != 2
        await pilot.press("n")
        assert isinstance(app.screen, NoteModal)
        await pilot.press(*"Asked about the platform team", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReferScreen)
        now = tree.cursor_node.data if tree.cursor_node else None
        assert isinstance(now, ReferralPath) and now.people == chosen.people
        await pilot.press("r")
        assert isinstance(app.screen, AskDialog)
        await pilot.press("ctrl+s")
        await pilot.pause()
        now = tree.cursor_node.data if tree.cursor_node else None
        assert isinstance(now, ReferralPath) and now.people == chosen.people
    notebook = reopen(demo_file)
    assert [a.target for a in notebook.asks.of(chosen.people[0])] == [ACME]
    latest = notebook.conversations.timeline(chosen.people[0])[0]
    assert latest.summary == "Asked about the platform team"


async def test_refer_at_the_company_row_says_what_to_highlight(app: NotebookApp) -> None:
    """g goes to the company at the top: the pane kept the last path's words, and n or r only
    rang the bell."""
    async with app.run_test(size=SIZE) as pilot:
        await refer_to(pilot, "acme robotics")
        await pilot.press("j", "j", "g")
        await pilot.pause()
        assert isinstance(app.screen, ReferScreen)
        detail = str(app.screen.query_one("#refer-detail-text", Static).render())
        assert detail.startswith("Highlight a person or a path: n notes a conversation")
        assert "Next step" not in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ReferScreen)  # no note with nobody
        assert "Highlight a person or a path, then press n." in notifications(app)
        await pilot.press("r")
        await pilot.pause()
        assert "Highlight a person or a path, then press r." in notifications(app)


async def test_refer_describes_the_path_a_new_query_highlights(app: NotebookApp) -> None:
    """The cursor already on the best path's line moved nowhere for the next query's, and the
    pane then kept "N people reachable" instead of saying why that path and what to do."""
    async with app.run_test(size=SIZE) as pilot:
        await refer_to(pilot, "acme robotics")
        screen = app.screen
        assert isinstance(screen, ReferScreen)
        tree = screen.query_one(PlainTree)
        assert tree.cursor_line == 2
        box = screen.query_one(Input)
        box.focus()
        box.value = ""
        await pilot.press(*"globex corporation", "enter")
        await pilot.pause()
        assert tree.cursor_line == 2 and isinstance(tree.cursor_node.data, ReferralPath)
        detail = str(screen.query_one("#refer-detail-text", Static).render())
        assert tree.cursor_node.data.next_step in detail and "reachable" not in detail
        assert not any(" 1 people " in f" {line} " for line in screen_text(app).splitlines())


def _line_data(tree: PlainTree[object], line: int) -> object:
    node = tree.get_node_at_line(line)
    return node.data if node is not None else None


async def test_refer_explains_an_empty_result(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await refer_to(pilot, "Nowhere Ltd")
        text = screen_text(app)
        assert "Nobody in your notebook works or worked at" in text
        assert "Add" in text


async def test_reconnect_lists_overdue_and_snoozes_and_sets_cadence(
    demo_file: Path, make_app: Callable[[Path], NotebookApp], reopen: Callable[[Path], Notebook]
) -> None:
    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")  # Reconnect
        screen = app.screen
        assert isinstance(screen, ReconnectScreen)
        listing = screen.query_one(RecordList)
        expected = [s.person.id for s in app.notebook.upkeep.stale()]
        assert [s.person.id for s in listing.items] == expected
        first = listing.items[0].person
        await pilot.press("s")  # snooze: "2 weeks" is the default
        assert isinstance(app.screen, SnoozeDialog)
        await pilot.press("ctrl+s")  # the dialog closes, and says so, once the save is on disk
        await wait_until(pilot, lambda: not isinstance(app.screen, SnoozeDialog), "the snooze")
        assert first.id not in [s.person.id for s in listing.items]
        # Said as a person's page says it: the day spelled out.
        said = f"{first.name} snoozed until {dates.shown(TODAY + timedelta(weeks=2))}"
        assert said in [n.message for n in app._notifications]
        second = listing.highlighted.person if listing.highlighted else None
        assert second is not None
        await pilot.press("c")  # cadence
        assert isinstance(app.screen, CadenceDialog)
        await pilot.press(*"365", "ctrl+s")  # typing replaces the selected old value
        await pilot.pause()
    saved = reopen(demo_file)
    snoozed = saved.people.get(first.id or 0).snoozed_until
    assert snoozed is not None and (snoozed - TODAY).days == 14
    assert saved.people.get(second.id or 0).cadence_days == 365


async def test_reconnect_note_resets_the_clock(
    demo_file: Path, make_app: Callable[[Path], NotebookApp]
) -> None:
    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        listing = app.screen.query_one(RecordList)
        first = listing.items[0].person
        await pilot.press("n")  # note a conversation with the highlighted person
        assert isinstance(app.screen, NoteModal)
        assert app.screen.picker.picked == [first.id]
        # Who is given: typing starts with what happened.
        await pilot.press(*"Caught up", "ctrl+s")
        await pilot.pause()
        assert first.id not in [s.person.id for s in listing.items]


async def test_after_a_note_reconnect_highlights_the_next_person_down(
    app: NotebookApp,
) -> None:
    # Working down the list (j n, note, j n…): the noted person leaves it, and the next note
    # must not go to whoever is at the top.
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4", "j", "j")
        listing = app.screen.query_one(RecordList)
        third, fourth = (entry.person for entry in listing.items[2:4])
        await pilot.press("n")
        assert isinstance(app.screen, NoteModal) and app.screen.picker.picked == [third.id]
        await pilot.press(*"Caught up", "ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, NoteModal), "the save")
        assert third.id not in [entry.person.id for entry in listing.items]
        assert listing.cursor == 2
        await pilot.press("n")
        assert isinstance(app.screen, NoteModal) and app.screen.picker.picked == [fourth.id]


async def test_reconnect_filters_by_tag(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4", "slash", *"mentor")
        listing = app.screen.query_one(RecordList)
        assert [s.person.id for s in listing.items] == [
            s.person.id for s in app.notebook.upkeep.stale(tag="mentor")
        ]
        assert all("mentor" in s.person.tags for s in listing.items)


async def test_follow_ups_done_and_undo(
    demo_file: Path, make_app: Callable[[Path], NotebookApp], reopen: Callable[[Path], Notebook]
) -> None:
    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        assert isinstance(app.screen, FollowUpsScreen)
        listing = app.screen.query_one("#followups", RecordList)
        first = listing.items[0]
        assert first.due is not None and first.due < TODAY  # overdue first
        await pilot.press("x")  # done
        await pilot.pause()
        assert first.id not in [f.id for f in listing.items]
        assert reopen(demo_file).follow_ups.get(first.id or 0).done_at is not None
        await pilot.press("u")  # undo
        await pilot.pause()
        assert listing.items[0].id == first.id
    assert reopen(demo_file).follow_ups.get(first.id or 0).done_at is None


async def test_follow_ups_ask_status_moves_along(
    demo_file: Path, make_app: Callable[[Path], NotebookApp], reopen: Callable[[Path], Notebook]
) -> None:
    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5", "tab")  # to the asks
        asks = app.screen.query_one("#asks", RecordList)
        ask = asks.items[0]
        assert "nudge" in screen_text(app)
        await pilot.press("enter")
        assert isinstance(app.screen, AskDialog)
        app.screen.query_one("#status-input").value = "referred"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert reopen(demo_file).asks.get(ask.id or 0).status == "referred"


async def test_markup_names_are_literal_in_refer_and_reconnect(
    tmp_path: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    notebook = open_notebook(tmp_path / "probe.json")
    eve = notebook.people.add(Person(name="Eve [/]", company="[@click=app.quit]x", cadence_days=7))
    bob = notebook.people.add(Person(name="Bob [ex-Google]", company="[@click=app.quit]x"))
    notebook.conversations.note(
        [eve.id or 0, bob.id or 0],
        when=TODAY.replace(month=1),
        summary="[link=file:///etc/passwd]x[/]",
    )
    notebook.ties.add(eve.id or 0, bob.id or 0, relation="[b]sister[/b]")
    app = NotebookApp(notebook, user_files=False)
    async with app.run_test(size=SIZE) as pilot:
        await refer_to(pilot, "[@click=app.quit]x")
        text = screen_text(app)
        assert "Eve [/]" in text and "Bob [ex-Google]" in text
        await pilot.click(PlainTree, offset=(10, 1))
        assert app.is_running
        await pilot.press("4")
        text = screen_text(app)
        # The summary column is narrow: its start is enough to see it is shown literally.
        assert "Eve [/]" in text and "[link=file:///etc/passwd]x[" in text


def test_refer_snapshot(snap_compare: Callable[..., bool], app: NotebookApp) -> None:
    async def run_before(pilot: object) -> None:
        await refer_to(pilot, "acme robotics")  # "3", the target, enter

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)


def test_refer_empty_snapshot(snap_compare: Callable[..., bool], app: NotebookApp) -> None:
    async def run_before(pilot: object) -> None:
        await refer_to(pilot, "Nowhere Ltd")  # a company nobody is linked to

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)


def test_reconnect_snapshot(snap_compare: Callable[..., bool], app: NotebookApp) -> None:
    assert snap_compare(app, press=["4"], terminal_size=SIZE)  # "4": Reconnect


def test_follow_ups_snapshot(snap_compare: Callable[..., bool], app: NotebookApp) -> None:
    assert snap_compare(app, press=["5"], terminal_size=SIZE)  # "5": Follow-ups and asks


def test_ask_dialog_snapshot(snap_compare: Callable[..., bool], app: NotebookApp) -> None:
    async def run_before(pilot: object) -> None:
        await refer_to(pilot, "acme robotics")
        await pilot.press("r")  # type: ignore[attr-defined]  # record an ask of the first hop

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)


def richest_person(notebook: Notebook) -> Person:
    """The demo person with the most to show on a prep sheet, chosen deterministically."""
    return max(
        notebook.people.iter(),
        key=lambda p: (
            len(notebook.asks.of(p.id or 0)),
            len(notebook.follow_ups.open(p.id)),
            len(notebook.conversations.timeline(p.id or 0)),
            -(p.id or 0),
        ),
    )


async def open_person(app: NotebookApp, pilot: object, person: Person) -> None:
    app.push_screen(PersonScreen(person.id or 0))
    await pilot.pause()  # type: ignore[attr-defined]


async def test_prep_sheet_from_a_person(app: NotebookApp) -> None:
    person = richest_person(app.notebook)
    sheet = PrepView(app.notebook, person.id or 0).sheet()
    async with app.run_test(size=SIZE) as pilot:
        await open_person(app, pilot, person)
        text = screen_text(app)
        assert "Asked for" in text and sheet.asks[0].target in text  # asks on the Person screen
        await pilot.press("p")  # the prep sheet
        assert isinstance(app.screen, PrepModal)
        text = screen_text(app)
        for heading in ("How you met", "Last conversations", "You owe them", "They owe you"):
            assert heading in text
        assert sheet.recent[0].summary[:30] in text
        await pilot.press("escape")
        assert isinstance(app.screen, PersonScreen)


def test_prep_sheet_snapshot(snap_compare: Callable[..., bool], app: NotebookApp) -> None:
    async def run_before(pilot: object) -> None:
        await open_person(app, pilot, richest_person(app.notebook))
        await pilot.press("p")  # type: ignore[attr-defined]  # open the prep sheet

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)


def test_an_ask_status_from_a_newer_or_edited_file_reads_as_is() -> None:
    from notebook.modals.ask import status_words

    assert status_words("agreed") == "agreed to refer me"
    assert status_words("ghosted\x1b[31m") == "ghosted"
