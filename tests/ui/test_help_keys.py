"""Help lists the keys that work where it is opened, and no others."""

from __future__ import annotations

from rich.cells import cell_len

from notebook.app import NotebookApp
from notebook.records import Person
from notebook.screens.help import HelpScreen
from notebook.widgets.record_list import RecordList

from ..conftest import SIZE
from .helpers import screen_text
from .test_person import open_person


def helped(app: NotebookApp) -> dict[str, str]:
    """What help offers, by binding id or, for Textual's own keys, by what they do."""
    assert isinstance(app.screen, HelpScreen)
    return {(ident or what): keys for keys, what, ident in app.screen.rows}


async def test_in_a_text_box_help_offers_no_scrolling_and_no_search(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", "f1")  # into the People filter: / and ? are typed there
        offered = helped(app)
        assert offered["help.f1"] == "f1"
        assert "search" not in offered
        assert not {"Scroll Up", "Scroll Down", "Page Up", "Page Down"} & set(offered)
        await pilot.press("f1", "escape", "f1")  # on the list itself, / searches
        assert helped(app)["search"] == "/"


async def test_an_empty_list_offers_no_row_keys_until_it_has_rows(app: NotebookApp) -> None:
    row_keys = {"list.down", "list.open", "journal.edit", "journal.delete"}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "slash", *"zzzzqq", "enter", "f1")  # nothing matches
        assert not row_keys & set(helped(app))
        await pilot.press("f1")
        assert not app.screen.query_one("#journal-keys").display  # nor does the status line
        await pilot.press("slash", "ctrl+u", "enter", "f1")
        assert row_keys <= set(helped(app))
        await pilot.press("f1")
        assert app.screen.query_one("#journal-keys").display


async def test_a_person_without_ties_is_offered_no_removing_one(app: NotebookApp) -> None:
    # (One with ties is offered it: see test_person.test_help_lists_every_person_key.)
    lonely = app.notebook.people.add(Person(name="Nobody Tied"))
    async with app.run_test(size=SIZE) as pilot:
        await open_person(pilot, lonely)
        await pilot.press("f1")
        assert "person.remove_tie" not in helped(app)


async def test_reconnect_with_nobody_listed_offers_no_snooze_or_cadence(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4", "f1")
        assert {"reconnect.snooze", "reconnect.cadence"} <= set(helped(app))
        await pilot.press("f1")
        assert app.screen.query_one("#reconnect-keys").display
        await pilot.press("slash", *"zzzzqq", "enter", "f1")  # a tag nobody has
        assert not {"reconnect.snooze", "reconnect.cadence"} & set(helped(app))
        await pilot.press("f1")
        assert app.screen.query_one(RecordList).empty == "Nobody tagged 'zzzzqq' is overdue."
        assert not app.screen.query_one("#reconnect-keys").display  # nor does the status line


async def test_refer_offers_its_path_keys_once_there_are_paths(app: NotebookApp) -> None:
    path_keys = {"refer.note", "refer.ask", "refer.open"}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "escape", "f1")  # no target yet
        assert not path_keys & set(helped(app))
        assert helped(app)["note"] == "n"  # n notes a conversation with nobody, as anywhere
        await pilot.press("f1", "slash", *"acme robotics", "enter", "f1")
        assert path_keys <= set(helped(app))


async def test_help_in_a_dialog_lists_the_app_keys_that_work_there(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "f1")  # the note dialog, its name box focused
        offered = helped(app)
        assert offered["help.f1"] == "f1" and "^q" in offered.values()
        assert offered["note.save"] == "^s"  # the dialog's own keys first
        assert "note" not in offered  # the app's other keys stop at a dialog


def help_rows(app: NotebookApp) -> list[str]:
    """Help's lines as drawn, inside the dialog's borders."""
    return [line.split("█")[1] for line in screen_text(app).splitlines() if "█" in line]


def help_words(app: NotebookApp) -> str:
    """Help's text with its lines run together, as words."""
    return " ".join(" ".join(help_rows(app)).split())


def rows_from(app: NotebookApp, text: str) -> tuple[str, str]:
    """The help row holding `text` and the line under it."""
    lines = help_rows(app)
    at = next(n for n, line in enumerate(lines) if text in line)
    return lines[at], lines[at + 1]


async def test_help_reads_as_a_table_that_wraps_each_description_beside_its_key(
    app: NotebookApp,
) -> None:
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.press("question_mark")
        row, _ = rows_from(app, "Up: previous row")
        assert row.split()[-1] == "list.up"  # its id on its row, on the right
        assert row.index("Up: previous") - row.index("↑ k") == len("^c super+c  ")
        assert "by its id (on the right)" in help_words(app)
        await pilot.resize_terminal(80, 24)  # the same rows wrap at the new width
        await pilot.pause()
        row, below = rows_from(app, "Import contacts from")
        column = row.index("Import")
        assert row[:column].split() == ["i"] and below[:column].strip() == ""
        assert below[column:].strip() == "export"  # wrapped under its own column
        # No room for the ids beside the descriptions: they go, and the note says so.
        assert "people.sort" not in screen_text(app)
        await pilot.press("end")
        assert "by its id (shown on a wider terminal)" in help_words(app)
        await pilot.resize_terminal(130, 40)  # wider again: back on the right
        await pilot.pause()
        row, _ = rows_from(app, "Sort: order by")
        assert row.split()[-1] == "people.sort"
        assert "by its id (on the right)" in help_words(app)
        await pilot.press("escape", "question_mark")  # opened at 130 columns: the same
        assert rows_from(app, "Sort: order by")[0] == row
        await pilot.press("escape")
        await pilot.resize_terminal(80, 24)
        await pilot.press("question_mark")  # opened at 80 columns: no ids
        row, below = rows_from(app, "Import contacts from")
        column = row.index("Import")
        assert "people.import" not in row and "people.sort" not in screen_text(app)
        assert below[:column].strip() == "" and below[column:].strip() == "export"


async def test_a_key_of_wide_characters_keeps_the_columns_straight(app: NotebookApp) -> None:
    # A keymap may bind a key to a character two cells wide: its description and id stay in
    # their columns, where every other row has them.
    app.set_keymap({"people.sort": "ｓ"})
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.press("question_mark")
        wide, _ = rows_from(app, "Sort: order by")
        plain, _ = rows_from(app, "Up: previous row")
        assert wide.split()[-1] == "people.sort"
        assert cell_len(wide[: wide.index("Sort:")]) == cell_len(plain[: plain.index("Up:")])
        assert cell_len(wide) == cell_len(plain)


async def test_too_narrow_for_two_columns_each_description_goes_under_its_key(
    app: NotebookApp,
) -> None:
    async with app.run_test(size=(26, 24)) as pilot:
        await pilot.press("question_mark")
        lines = [line.strip() for line in help_rows(app)]
        at = next(n for n, line in enumerate(lines) if line.startswith("↑ k"))
        assert "Up" not in lines[at]  # the key on a line of its own...
        assert lines[at + 1].startswith("Up: previous")  # ...what it does, whole words, under it
        assert "Up: previous row" in help_words(app)
        await pilot.resize_terminal(80, 24)  # room again: beside their keys
        await pilot.pause()
        row, _ = rows_from(app, "Up: previous row")
        assert row.split()[:2] == ["↑", "k"]
