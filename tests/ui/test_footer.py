"""The footer shows the keys that work, and is rebuilt only when they change."""

from __future__ import annotations

import pytest
from textual import events
from textual.command import CommandPalette
from textual.content import Content
from textual.screen import Screen
from textual.visual import visualize
from textual.widgets import Static
from textual.widgets._tooltip import Tooltip

from notebook.app import NotebookApp
from notebook.screens.help import HelpScreen
from notebook.widgets.footer import Footer, FooterItem

from ..conftest import SIZE
from .burst import burst, settle
from .helpers import screen_text
from .test_follow_up_keys import open_follow_ups
from .test_person import open_person, rich_person


def footer_keys(footer: Footer) -> list[FooterItem]:
    """The keys as drawn on the footer's line, the palette's last."""
    return list(footer.items)


async def test_the_footer_is_rebuilt_only_when_its_keys_change(app: NotebookApp) -> None:
    person = rich_person(app.notebook)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_person(pilot, person)
        footer = screen.query_one(Footer)
        before = footer_keys(footer)
        assert before and "undo" not in [key.action for key in before]
        built = footer._keys
        screen.refresh_bindings()  # what every focus move does: the same keys
        await pilot.pause()
        assert footer_keys(footer) == before and footer._keys is built  # not made again
        await pilot.press("x")  # marks a follow-up done: u can take it back
        after = footer_keys(footer)
        assert "undo" in [key.action for key in after]


async def test_the_follow_up_keys_leave_the_footer_while_the_asks_have_the_focus(
    app: NotebookApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_follow_ups(pilot)
        assert screen.asks.items, "the demo has referral asks"
        footer = screen.query_one(Footer)
        keys_line = screen.query_one("#followups-keys", Static)

        def shown() -> set[str]:
            return {key.action for key in footer_keys(footer)}

        assert {"done", "edit_follow_up", "reschedule", "delete_follow_up"} <= shown()
        await pilot.press("tab")
        assert screen.asks.has_focus
        assert not {"done", "edit_follow_up", "reschedule", "delete_follow_up"} & shown()
        assert str(keys_line.visual).startswith("enter edit the ask")
        await pilot.press("x")  # not a key of the asks: nothing is marked done
        assert len(screen.follow_ups.items) == len(app.notebook.follow_ups.open())
        await pilot.press("tab")
        assert screen.follow_ups.has_focus and "done" in shown()
        assert str(keys_line.visual).startswith("x done")


async def test_a_screen_shown_first_builds_its_footer_once_with_every_key(
    app: NotebookApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A first showing moves the focus, fills the list (its row keys come with the first row)
    # and checks the keys: one rebuild, once they have all happened, not one for each.
    rebuilt: list[str] = []
    build = Footer._build

    def counted(self: Footer, screen: Screen[object]) -> None:
        rebuilt.append(type(screen).__name__)
        build(self, screen)

    monkeypatch.setattr(Footer, "_build", counted)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert rebuilt == ["PeopleScreen"]
        shown = [key.key for key in footer_keys(app.screen.query_one(Footer))]
        # Note and Help first on every screen, then Open, the first row's key, is there.
        assert shown[:5] == ["n", "question_mark", "enter", "s", "v"]
        await pilot.press("2")
        await pilot.pause()
        assert rebuilt == ["PeopleScreen", "JournalScreen"]  # not the People screen left
        people = app.get_screen_stack("people")[-1]
        people.set_focus(people.query_one("#search"))  # its keys change while not shown
        await pilot.pause()
        assert rebuilt == ["PeopleScreen", "JournalScreen"]
        await pilot.press("1")  # shown again: its keys now are the search box's
        await pilot.pause()
        assert rebuilt == ["PeopleScreen", "JournalScreen", "PeopleScreen"]
        assert "enter" not in [key.key for key in footer_keys(people.query_one(Footer))]
        await pilot.press("escape", "2")  # back to the list, and to the Journal unchanged
        await pilot.pause()
        assert rebuilt == ["PeopleScreen", "JournalScreen", "PeopleScreen", "PeopleScreen"]


async def test_the_footer_follows_its_keys_after_a_screen_opened_and_closed_in_one_burst(
    app: NotebookApp,
) -> None:
    # Help opened and closed at once: a look the footer asked for on it went with it, and
    # the next change (a follow-up done: u undoes it) must still be looked at.
    async with app.run_test(size=(99, 30)) as pilot:
        await pilot.press("5")
        await pilot.pause(0.5)
        await burst(pilot, "<question_mark>", "<question_mark>", "x")
        await settle(pilot, lambda a: getattr(a.screen, "undo", None) is not None)
        await pilot.pause(0.5)
        shown = {key.action for key in footer_keys(app.screen.query_one(Footer))}
        assert "undo" in shown


async def test_the_palette_key_stands_at_the_right_edge_over_keys_that_run_under_it(
    app: NotebookApp,
) -> None:
    # At 80 columns the keys run on under the palette's key, docked right: none shows past it.
    async with app.run_test(size=(80, 24)) as pilot:
        for mode in ("1", "2", "4", "5"):
            await pilot.press(mode)
            footer = app.screen.query_one(Footer)
            palette = footer_keys(footer)[-1]
            assert palette.palette and palette.end == 80
            # They do run under it: the last key drawn starts or ends past its edge.
            assert footer.compact and footer_keys(footer)[-2].end > palette.start
            bottom = screen_text(app).splitlines()[-1]
            assert bottom.endswith("▏^p palette"), bottom


async def test_a_keys_tooltip_is_shown_as_written_never_read_as_markup(app: NotebookApp) -> None:
    async with app.run_test(size=(160, 24)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        log = next(key for key in footer_keys(footer) if key.key == "colon")
        await pilot.hover(footer, offset=(log.start + 1, 0))
        assert footer.tooltip is not None
        shown = visualize(footer, footer.tooltip)  # as the tooltip on hover draws it
        assert isinstance(shown, Content)
        assert "who [at place] [when]: what" in shown.plain


async def test_note_and_help_come_first_on_every_screen_and_are_in_view_at_80_columns(
    app: NotebookApp,
) -> None:
    """Textual puts the app's keys after the screen's: at 80 columns `n` and `?` were cut off
    the end on every screen."""
    async with app.run_test(size=(80, 24)) as pilot:
        for mode in ("1", "2", "4", "5"):
            await pilot.press(mode)
            await pilot.pause()
            footer = app.screen.query_one(Footer)
            first = footer_keys(footer)[:2]
            assert [(key.key, key.description) for key in first] == [
                ("n", "Note"),
                ("question_mark", "Help"),
            ]
            assert all(key.end <= 80 and key.end > key.start for key in first)
            assert "n Note ? Help" in screen_text(app).splitlines()[-1]
        await pilot.press("1", "down", "enter")  # a person's page
        await pilot.pause()
        assert [key.key for key in footer_keys(app.screen.query_one(Footer))][:2] == [
            "n",
            "question_mark",
        ]


async def test_a_click_on_a_key_runs_it_and_on_a_greyed_out_one_only_rings(
    app: NotebookApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    rang: list[str] = []
    monkeypatch.setattr(app, "bell", lambda: rang.append("bell"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        people = app.screen
        footer = people.query_one(Footer)
        here = next(key for key in footer_keys(footer) if key.key == "1")  # People, shown
        assert not here.enabled
        await pilot.click(footer, offset=(here.start + 1, 0))
        assert app.screen is people and rang == ["bell"]
        help_key = next(key for key in footer_keys(footer) if key.action == "help")
        await pilot.click(footer, offset=(help_key.start + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen) and rang == ["bell"]


async def test_the_key_under_the_pointer_is_lit_and_says_what_it_does(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        note = footer_keys(footer)[0]
        assert note.action == "note"

        def backgrounds() -> list[object]:
            line = app.screen._compositor.render_strips()[footer.region.y]
            cells = [s.style.bgcolor if s.style else None for s in line for _ in s.text]
            return cells[note.start : note.end]

        before = backgrounds()
        assert footer.tooltip is None
        await pilot.hover(footer, offset=(note.start + 1, 0))
        lit = backgrounds()
        assert len(set(lit)) == 1 and lit != before
        assert footer.tooltip is not None and "conversation" in str(footer.tooltip).lower()
        await pilot.hover(app.screen, offset=(5, 5))  # away: as it was
        assert backgrounds() == before and footer.tooltip is None


async def test_the_palettes_edge_is_part_of_its_key(app: NotebookApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        palette = footer_keys(footer)[-1]
        assert palette.palette and palette.end == 80
        edge = palette.start  # the "▏" cell, drawn over the keys that run under it
        assert screen_text(app).splitlines()[-1][edge] == "▏"
        assert footer.item_at(edge) == palette
        await pilot.click(footer, offset=(edge, 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)


async def test_a_keys_tooltip_follows_the_pointer_from_key_to_key_and_goes_with_the_keys(
    app: NotebookApp,
) -> None:
    async with app.run_test(size=(200, 40), tooltips=True) as pilot:
        screen = await open_follow_ups(pilot)
        footer = screen.query_one(Footer)
        tip = screen.get_child_by_type(Tooltip)
        rest = app.TOOLTIP_DELAY + 0.3
        first, second = footer_keys(footer)[:2]
        await pilot.hover(footer, offset=(first.start, 0))
        await pilot.pause(rest)
        assert tip.display and "conversation" in str(tip.visual).lower()
        await pilot.hover(footer, offset=(second.start, 0))  # one move, straight on
        await pilot.pause(rest)
        assert tip.display and "every key" in str(tip.visual).lower()
        assert footer.has_class("-on-key") and footer.styles.pointer == "pointer"
        # The keys change under the pointer (the asks take the focus): what it said goes.
        done = next(key for key in footer_keys(footer) if key.action == "done")
        await pilot.hover(footer, offset=(done.start, 0))
        assert footer.tooltip is not None
        await pilot.press("tab")
        await pilot.pause()
        assert "done" not in {key.action for key in footer_keys(footer)}
        assert footer.tooltip is None and not footer.has_class("-on-key")


async def test_the_wheel_scrolls_the_keys_that_run_under_the_palette_into_view(
    app: NotebookApp,
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        last = footer_keys(footer)[-2]
        palette = footer_keys(footer)[-1]
        assert last.end > palette.start  # cut off under the palette's key
        for _ in range(40):  # more than it takes: it stops with the last key in view
            await pilot._post_mouse_events([events.MouseScrollDown], footer, (10, 0))
        await pilot.pause()
        keys = footer_keys(footer)
        assert keys[-2].end <= keys[-1].start and keys[-1] == palette  # in view, palette kept
        assert keys[0].start < 0  # the first keys went off the left
        bottom = screen_text(app).splitlines()[-1]
        assert bottom.endswith("▏^p palette") and not bottom.startswith("n Note")
        for _ in range(40):  # and back
            await pilot._post_mouse_events([events.MouseScrollUp], footer, (10, 0))
        await pilot.pause()
        assert footer_keys(footer)[0].start == 0
        assert screen_text(app).splitlines()[-1].startswith("n Note")
