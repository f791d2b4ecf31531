"""The Journal: every conversation newest first, filtered as you type, edited in the note
modal, deleted after a confirm; and the view model's journal lookup it relies on."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from notebook.app import NotebookApp
from notebook.modals.confirm import ConfirmModal
from notebook.modals.note import NoteModal
from notebook.modals.person_actions import ConversationView
from notebook.records import Interaction, Person
from notebook.screens.journal import JournalScreen
from notebook.viewmodel import Notebook
from notebook.widgets.person_picker import PersonPicker
from notebook.widgets.record_list import RecordList
from notebook.words import KIND_WORDS

from ..conftest import SIZE, TODAY
from .helpers import dialog_text, notifications, screen_text


def journal_list(app: NotebookApp) -> RecordList[Interaction]:
    assert isinstance(app.screen, JournalScreen)
    return app.screen.query_one("#journal", RecordList)


def status(app: NotebookApp) -> str:
    return str(app.screen.query_one("#journal-count").render())


# -- the view model's journal ------------------------------------------------------------------


def test_journal_lookup_follows_every_write(
    demo_file: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    """journal() keeps its order and search text between calls; each write must refresh them."""
    notebook = open_notebook(demo_file)
    everything = notebook.conversations.journal()
    assert len(everything) == notebook.conversations.count()
    days = [i.when for i in everything]
    assert days == sorted(days, reverse=True)
    assert notebook.conversations.journal("zeppelin") == []

    result = notebook.conversations.note(
        [1], when=TODAY, summary="A zeppelin ride.", place="Friedrichshafen"
    )
    assert notebook.conversations.journal("zeppelin") == [result.interaction]
    assert notebook.conversations.journal()[0] == result.interaction

    edited = notebook.conversations.edit(
        Interaction(
            id=result.interaction.id,
            when=TODAY - timedelta(days=3),
            people=(1, 2),
            summary="A blimp.",
        )
    )
    assert notebook.conversations.journal("zeppelin") == []
    assert notebook.conversations.journal("blimp") == [edited]
    second = notebook.people.get(2)
    notebook.people.edit(Person(**{**_fields(second), "name": "Zora Zeppelin"}))
    assert notebook.conversations.journal("zora") == [
        i for i in notebook.conversations.journal() if 2 in i.people
    ]

    notebook.conversations.delete(edited.id or 0)
    assert notebook.conversations.journal("blimp") == []
    assert len(notebook.conversations.journal()) == len(everything)


def _fields(person: Person) -> dict[str, object]:
    return {name: getattr(person, name) for name in person.__dataclass_fields__}


# -- browsing ----------------------------------------------------------------------------------


async def test_journal_lists_everything_newest_first(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")  # to the Journal
        listing = journal_list(app)
        assert listing.has_focus
        assert list(listing.items) == app.notebook.conversations.journal()
        total = app.notebook.conversations.count()
        assert status(app) == f"{total} conversations"
        first = listing.items[0]
        text = screen_text(app)
        assert "Wed 25 Nov 2026" in text and "today" in text
        assert first.headline[:20] in text


async def test_typing_filters_and_escape_clears(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "slash")  # to the Journal, then its search box
        assert app.screen.query_one("#search", Input).has_focus
        await pilot.press(*"bakery")
        listing = journal_list(app)
        expected = app.notebook.conversations.journal("bakery")
        assert 0 < len(expected) < app.notebook.conversations.count()
        assert list(listing.items) == expected
        assert (
            status(app) == f"{len(expected)} of {app.notebook.conversations.count()} conversations"
        )
        await pilot.press(*" zzzz")
        assert list(listing.items) == []
        assert "Nothing matches." in screen_text(app)
        await pilot.press("escape")  # clear the search and back to the list
        assert listing.has_focus
        assert len(listing.items) == app.notebook.conversations.count()


async def test_filter_by_a_persons_name(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        (dana,) = app.notebook.people.find_by_name("Dana Nguyen")
        await pilot.press("2", "slash", *"dana", "enter")  # enter goes back to the list
        listing = journal_list(app)
        assert listing.has_focus
        assert listing.items and all(dana.id in i.people for i in listing.items)
        assert "Dana Nguyen" in screen_text(app)


async def test_n_from_the_journal_prefills_nobody(app: NotebookApp) -> None:
    """A highlighted row of the Journal is a conversation, not the subject of the next one:
    a name typed after `n` must land in Who, never in What happened under those people."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "j")  # the Journal, second row
        assert isinstance(app.screen, JournalScreen)
        assert app.screen.note_subject() == ()
        await pilot.press("n")
        assert isinstance(app.screen, NoteModal)
        assert not app.screen.editing
        picker = app.screen.query_one(PersonPicker)
        assert picker.picked == []
        assert picker.input.has_focus


# -- editing -----------------------------------------------------------------------------------


async def test_enter_opens_a_conversation_whole_and_escape_comes_back(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        listing = journal_list(app)
        (row,) = [i for i, c in enumerate(listing.items) if "\n" in c.summary][:1] or [0]
        await pilot.press(*["j"] * row, "enter")
        assert isinstance(app.screen, ConversationView)
        shown = screen_text(app)
        # Every line of it, where the row shows only the first.
        assert all(line.strip()[:40] in shown for line in listing.items[row].summary.splitlines())
        await pilot.press("escape")
        assert isinstance(app.screen, JournalScreen)
        assert listing.cursor == row


async def test_e_edits_the_interaction(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "j", "j")  # the Journal, third row
        listing = journal_list(app)
        old = listing.items[2]
        count = app.notebook.conversations.count()
        await pilot.press("e")  # edit it
        note = app.screen
        assert isinstance(note, NoteModal) and note.editing
        assert "Edit a conversation" in screen_text(app)
        assert note.query_one(PersonPicker).picked == list(old.people)
        assert note.query_one("#place-input", Input).value == old.place
        assert note.query_one("#summary-input", TextArea).text == old.summary
        assert not note.query("#follow_up-input")  # follow-ups live on the Person screen
        assert note.query_one("#summary-input", TextArea).has_focus
        await pilot.press("shift+tab")  # up to Where: its text is selected
        await pilot.press(*"the library", "ctrl+s")  # typing replaces it; save
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        assert any(n.startswith("Saved") for n in notifications(app))
        assert listing.highlighted is not None
        assert listing.highlighted.id == old.id  # the cursor stays on it
        assert listing.highlighted.place == "the library"
        assert "the library" in screen_text(app)

    saved = reopen(demo_file)
    assert saved.conversations.count() == count
    changed = saved.conversations.get(old.id or 0)
    assert changed.place == "the library"
    assert (changed.when, changed.people, changed.kind, changed.summary) == (
        old.when,
        old.people,
        old.kind,
        old.summary,
    )


async def test_u_puts_an_edited_conversation_back_as_it_was(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    """A date typed into What happened ("…meetupyesterday") is taken back whole."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "j")
        listing = journal_list(app)
        old = listing.items[1]
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, NoteModal)
        await pilot.press(*"yesterday", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        edited = app.notebook.conversations.get(old.id or 0)
        assert edited.summary == old.summary + "yesterday"
        said = [n for n in notifications(app) if n.startswith("Saved")]
        assert len(said) == 1 and said[0].endswith("· u puts it back as it was")
        await pilot.press("j", "u")  # from another row: u takes back the edit all the same
        await pilot.pause()
        assert any(n.startswith("Back as it was:") for n in notifications(app))
        assert listing.highlighted is not None and listing.highlighted.id == old.id
        # Saved with nothing changed: said so, and nothing to take back.
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Nothing was changed." in notifications(app)
        assert not app.screen.check_action("undo", ())
    assert reopen(demo_file).conversations.get(old.id or 0) == old


async def test_editing_the_date_and_people(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        old = journal_list(app).items[0]
        await pilot.press("e")  # e edits the highlighted row
        assert isinstance(app.screen, NoteModal)
        (sam,) = app.notebook.people.find_by_name("Sam Silva")
        await pilot.press("shift+tab", "shift+tab", *"2026-10-01")  # When
        await pilot.press("shift+tab", *"sam silva", "enter", "ctrl+s")  # add Sam to Who
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)

    changed = reopen(demo_file).conversations.get(old.id or 0)
    assert changed.when == date(2026, 10, 1)
    assert changed.people == (*old.people, sam.id)


async def test_a_conversation_moved_to_someone_else_takes_its_follow_up_along(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    """Filed under the wrong person and moved in the Journal: what was promised in it moves
    too, the message says so, and u puts both back."""
    (sam,) = app.notebook.people.find_by_name("Sam Silva")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        listing = journal_list(app)
        follow_ups = app.notebook.follow_ups
        row, old = next(
            (n, i)
            for n, i in enumerate(listing.items)
            if len(i.people) == 1 and sam.id not in i.people and follow_ups.promised_in(i.id or 0)
        )
        (promise_id,) = follow_ups.promised_in(old.id or 0)
        promise = follow_ups.get(promise_id)
        assert promise.people == old.people
        await pilot.press(*["j"] * row, "e")
        await pilot.pause()
        assert isinstance(app.screen, NoteModal)
        await pilot.press("shift+tab", "shift+tab", "shift+tab", "backspace")  # Who, emptied
        await pilot.press(*"sam silva", "enter", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        assert app.notebook.conversations.get(old.id or 0).people == (sam.id,)
        assert follow_ups.get(promise_id).people == (sam.id,)
        said = [n for n in notifications(app) if n.startswith("Saved")]
        assert f"its follow-up “{promise.text}” is now with Sam Silva" in said[-1]
        await pilot.press("u")
        await pilot.pause()
        assert follow_ups.get(promise_id).people == old.people
    saved = reopen(demo_file)
    assert saved.conversations.get(old.id or 0).people == old.people
    assert saved.follow_ups.get(promise_id).people == old.people


async def test_escape_from_an_unchanged_edit_closes_and_a_changed_one_asks(
    app: NotebookApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "e")  # edit the first row
        await pilot.press("escape")  # nothing changed: closes at once
        assert isinstance(app.screen, JournalScreen)
        await pilot.press("e", *" more", "escape")  # typed: asks
        assert isinstance(app.screen, ConfirmModal)
        assert "Discard these changes?" in screen_text(app)
        await pilot.press("y")
        assert isinstance(app.screen, JournalScreen)


# -- deleting ----------------------------------------------------------------------------------


async def test_delete_asks_naming_the_interaction_then_deletes(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "j")  # the Journal, second row
        listing = journal_list(app)
        doomed = listing.items[1]
        count = app.notebook.conversations.count()
        names = ", ".join(app.notebook.people.get(p).name for p in doomed.people)
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmModal)
        # The dialog's own words: the Journal dimmed behind it shows the headline too.
        question = " ".join(dialog_text(app).split())
        assert f"Delete {KIND_WORDS[doomed.kind]} with {names}" in question
        assert doomed.headline[:30] in question
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        assert doomed not in listing.items
        assert status(app) == f"{count - 1} conversations"
        assert any(n.startswith(f"Deleted {KIND_WORDS[doomed.kind]}") for n in notifications(app))

    saved = reopen(demo_file)
    assert saved.conversations.count() == count - 1
    assert doomed.id not in {i.id for i in saved.conversations.journal()}


async def test_u_brings_a_deleted_conversation_back(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    before = reopen(demo_file).conversations.journal()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "j", "d", "y")
        await pilot.pause()
        listing = journal_list(app)
        doomed = before[1]
        assert doomed not in listing.items
        assert listing.highlighted == before[2]  # the one that took its place
        assert any("u brings it back" in n for n in notifications(app))
        await pilot.press("k")  # away from where it was: u highlights it wherever it is
        await pilot.press("u")
        await pilot.pause()
        assert doomed in listing.items
        assert listing.highlighted == doomed
        assert any(n.startswith(f"Back: {KIND_WORDS[doomed.kind]}") for n in notifications(app))
    assert reopen(demo_file).conversations.journal() == before


async def test_delete_cancelled_changes_nothing(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        listing = journal_list(app)
        before = list(listing.items)
        await pilot.press("delete")  # the delete key asks too
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")  # keep it
        assert isinstance(app.screen, JournalScreen)
        assert list(listing.items) == before
        await pilot.press("d", "escape")  # escape keeps it as well
        assert list(listing.items) == before

    assert reopen(demo_file).conversations.journal() == before


# -- user text and size ------------------------------------------------------------------------


async def test_markup_in_names_places_and_summaries_shows_literally(
    demo_file: Path,
    make_app: Callable[[Path], NotebookApp],
    open_notebook: Callable[[Path], Notebook],
) -> None:
    notebook = open_notebook(demo_file)
    click = notebook.people.add(Person(name="[@click=app.quit]x"))
    eve = notebook.people.add(Person(name="Eve [/]"))
    notebook.conversations.note(
        [click.id or 0, eve.id or 0],
        when=TODAY,
        place="[link=file:///etc/passwd]x[/]",
        summary="Bob [ex-Google] said [b]hi",
    )
    notebook.close()
    app = make_app(demo_file)
    async with app.run_test(size=(200, 36)) as pilot:  # wide enough to show them whole
        await pilot.press("2")
        text = screen_text(app)
        assert "[@click=app.quit]x, Eve [/]" in text
        assert "[link=file:///etc/passwd]x[/]" in text
        assert "Bob [ex-Google] said [b]hi" in text
        await pilot.press("d")  # the question shows them literally too
        assert "[@click=app.quit]x, Eve [/]" in screen_text(app)
        await pilot.press("n")
        assert app.is_running


@pytest.mark.long
async def test_fifty_thousand_interactions_format_only_the_visible_rows(
    tmp_path: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    notebook = open_notebook(tmp_path / "big.json")
    people = notebook.people.add_many([Person(name=f"Person {n:03}") for n in range(300)])
    notebook.transfer.add_records(
        interactions=[
            Interaction(
                when=TODAY - timedelta(days=n % 3000),
                people=(people[n % 300].id or 0,),
                place="the bakery" if n % 7 == 0 else "a café",
                summary=f"Conversation {n:05}",
            )
            for n in range(50_000)
        ]
    )
    app = NotebookApp(notebook, user_files=False)
    formatted: list[int] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        listing = journal_list(app)
        assert len(listing.items) == 50_000
        column = listing.columns[-1]
        listing.columns[-1] = type(column)(
            column.title, lambda i: formatted.append(i.id or 0) or i.headline, column.width
        )
        listing.refresh()
        await pilot.pause()
        assert 0 < len(set(formatted)) <= SIZE[1]
        await pilot.press("G")  # the oldest: still only a screenful formatted
        await pilot.pause()
        assert len(set(formatted)) <= 2 * SIZE[1]
        assert listing.highlighted == app.notebook.conversations.journal()[-1]
        await pilot.press("slash", *"bakery")
        assert len(listing.items) == len(app.notebook.conversations.journal("bakery")) == 7143
        assert len(set(formatted)) <= 3 * SIZE[1]
        assert status(app) == "7,143 of 50,000 conversations"


# -- snapshots ---------------------------------------------------------------------------------


def test_journal_snapshot(snap_compare: Callable[..., bool], app: NotebookApp) -> None:
    # "2" switches to the Journal.
    assert snap_compare(app, press=["2"], terminal_size=SIZE)


def test_journal_filtered_snapshot(snap_compare: Callable[..., bool], app: NotebookApp) -> None:
    # "2" to the Journal, "/" to its search box, then "coffee" filters as it is typed.
    assert snap_compare(app, press=["2", "slash", *"coffee"], terminal_size=SIZE)


async def test_editing_a_conversation_keeps_a_day_a_typed_one_could_not_be(
    app: NotebookApp, demo_file: Path, reopen: Callable[[Path], Notebook]
) -> None:
    # A day read from a file (1899) is kept while its text is left alone; typed, it is refused.
    (dana,) = app.notebook.people.find_by_name("Dana Nguyen")
    old = app.notebook.conversations.note([dana.id or 0], when=date(1899, 6, 1), summary="x")
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(NoteModal(interaction=old.interaction))
        await pilot.pause()
        assert "Thu 1 Jun 1899" in screen_text(app)
        app.screen.query_one("#summary-input", TextArea).text = "an old letter"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, NoteModal)
    saved = reopen(demo_file).conversations.get(old.interaction.id or 0)
    assert (saved.when, saved.summary) == (date(1899, 6, 1), "an old letter")
