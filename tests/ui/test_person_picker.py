"""The person picker on its own: forgiving matches ranked by whom you talk to, new people inline
(asked about when close to someone's name), chips, keys that flow."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Input, OptionList

from notebook import search
from notebook.app import NotebookApp
from notebook.commands.people import PeopleCommands
from notebook.modals.confirm import DidYouMeanModal
from notebook.records import Person
from notebook.viewmodel import NewPerson, Notebook, Who
from notebook.widgets.person_picker import PersonPicker, reads_as_a_note
from notebook.widgets.type_ahead import KeyQueue

from ..conftest import SIZE
from .helpers import screen_text, wait_until


class PickerApp(App[None]):
    """A picker followed by another field, recording every Changed message."""

    def __init__(self, notebook: Notebook, **options: Any) -> None:
        super().__init__()
        self.notebook = notebook
        # What the picker's "did you mean" flow holds keys with, as in the notebook's app.
        self.keys = KeyQueue(self)
        self.options = options
        self.changes: list[list[Who]] = []

    def compose(self) -> ComposeResult:
        yield PersonPicker(self.notebook, id="picker", **self.options)
        yield Input(id="after")

    def on_mount(self) -> None:
        self.picker.focus()

    @property
    def picker(self) -> PersonPicker:
        return self.query_one(PersonPicker)

    def on_person_picker_changed(self, event: PersonPicker.Changed) -> None:
        self.changes.append(event.picked)


def prompts(app: PickerApp) -> list[str]:
    matches = app.picker.matches
    if not matches.has_class("-open"):
        return []
    return [str(matches.get_option_at_index(i).prompt) for i in range(matches.option_count)]


def chips(app: PickerApp) -> str:
    return str(app.picker.query_one("#picker-chips").render())


def person_named(notebook: Notebook, name: str) -> Person:
    (person,) = notebook.people.find_by_name(name)
    return person


async def test_typing_shows_ranked_matches_and_enter_picks_the_first(
    demo_file: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    notebook = open_notebook(demo_file)
    app = PickerApp(notebook)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"ingrid")
        # Whom you talk to lately and most first, not the alphabet: Delgado and Fernández both
        # last week (Delgado more often), Achebe not since May.
        names = ["Ingrid Delgado", "Ingrid Fernández", "Ingrid Achebe"]
        expected = [person_named(notebook, name) for name in names]
        shown = prompts(app)
        assert [s.split(" · ")[0] for s in shown] == [*names, '+ New person "ingrid"']
        assert shown[0] == f"{expected[0].name} · {expected[0].role}"
        assert shown[-1] == '+ New person "ingrid"'  # something matches: "new" comes last
        await pilot.press("enter")
        assert app.picker.picked == [expected[0].id]
        assert app.changes == [[expected[0].id]]
        assert app.picker.typed == ""
        assert prompts(app) == []  # the matches close after a pick
        assert expected[0].name in chips(app)
        assert app.picker.input.has_focus  # still in the picker, ready for another name


async def test_down_and_up_move_in_the_matches_while_typing_continues(
    demo_file: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    notebook = open_notebook(demo_file)
    app = PickerApp(notebook)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"ing")
        expected = notebook.people.match("ing")
        await pilot.press("down", "down", "up")  # second match
        assert app.picker.input.has_focus
        await pilot.press("enter")
        assert app.picker.picked == [expected[1].person.id]
        assert app.picker.input.has_focus


async def test_fuzzy_matching_finds_people_by_part_of_a_name(
    demo_file: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    notebook = open_notebook(demo_file)
    app = PickerApp(notebook)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"nils")  # part of the surname
        await pilot.press("enter")
        assert app.picker.picked == [person_named(notebook, "Maria Nilsen").id]


async def test_a_misspelt_name_offers_the_person_first_and_enter_picks_them(
    demo_file: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    notebook = open_notebook(demo_file)
    dana = person_named(notebook, "Dana Nguyen")
    app = PickerApp(notebook)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"dana nguyn")  # a letter short
        assert prompts(app) == [f"Dana Nguyen · {dana.role}", '+ New person "dana nguyn"']
        await pilot.press("enter")
        assert app.picker.picked == [dana.id]
        for typed in ("ngyuen", "hugo rosi"):  # letters swapped; a letter short
            await pilot.press(*typed)
            assert not prompts(app)[0].startswith("+ New person"), typed
            assert prompts(app)[-1] == f'+ New person "{typed}"'
            await pilot.press("enter")
        assert [app.picker.label(w) for w in app.picker.picked] == [
            "Dana Nguyen",
            "Astrid Nguyen",  # the other Nguyen: Dana is picked already
            "Hugo Rossi",
        ]


async def test_hugo_and_enter_picks_the_hugo_talked_to_most_recently(
    demo_file: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    notebook = open_notebook(demo_file)
    bianchi = person_named(notebook, "Hugo Bianchi")  # first by name; last talked 30 Oct
    rossi = person_named(notebook, "Hugo Rossi")  # last talked 7 Nov
    assert notebook.upkeep.last_talked(rossi.id or 0) > notebook.upkeep.last_talked(bianchi.id or 0)  # type: ignore[operator]
    app = PickerApp(notebook)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"hugo")
        assert [p.split(" · ")[0] for p in prompts(app)[:2]] == ["Hugo Rossi", "Hugo Bianchi"]
        await pilot.press("enter")
        assert app.picker.picked == [rossi.id]


async def test_tab_never_picks_it_moves_on_and_leaves_the_text(
    demo_file: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    notebook = open_notebook(demo_file)
    app = PickerApp(notebook)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"just a thought", "tab")
        assert app.picker.picked == [] and app.changes == []  # nobody, new or otherwise
        assert app.query_one("#after", Input).has_focus
        assert app.picker.typed == "just a thought"  # left for the form to point out
        assert prompts(app) == []  # the matches closed with the focus
        await pilot.press("shift+tab")  # back in the picker: the text is still there
        assert app.picker.typed == "just a thought"
        await pilot.press(*"dana", "tab")  # with someone matching, tab still only moves on
        assert (app.picker.picked, app.picker.typed) == ([], "dana")
        assert app.query_one("#after", Input).has_focus


async def test_picking_new_while_a_name_is_close_asks_did_you_mean(
    demo_file: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    notebook = open_notebook(demo_file)
    dana = person_named(notebook, "Dana Nguyen")
    app = PickerApp(notebook)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Dnaa")
        assert prompts(app) == [f"Dana Nguyen · {dana.role}", '+ New person "Dnaa"']
        await pilot.press("down", "enter")  # the new name, on purpose
        assert isinstance(app.screen, DidYouMeanModal)
        await pilot.pause()
        text = screen_text(app)
        assert "Did you mean Dana Nguyen?" in text and "would be someone new" in text
        assert app.picker.picked == []  # nothing until answered
        await pilot.press("escape")  # back: nothing picked, the text kept
        assert not isinstance(app.screen, DidYouMeanModal)
        assert (app.picker.picked, app.picker.typed) == ([], "Dnaa")
        assert app.picker.input.has_focus
        await pilot.press("down", "enter", "y")  # yes, Dana
        assert app.picker.picked == [dana.id]
        await pilot.press(*"Dnaa", "down", "enter")  # Dana is picked: nobody close is left
        assert app.picker.picked == [dana.id, NewPerson("Dnaa")]
        app.picker.clear()
        await pilot.press(*"Dnaa", "down", "enter", "n")  # no: someone new after all
        assert app.picker.picked == [NewPerson("Dnaa")]
        assert app.picker.input.has_focus
        app.picker.clear()
        await pilot.press(*"Dnaa", "down", "enter", "enter")  # enter takes the safe answer
        assert app.picker.picked == [dana.id]


async def test_a_click_on_new_while_a_name_is_close_asks_too(
    demo_file: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    notebook = open_notebook(demo_file)
    app = PickerApp(notebook)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"hugo rosi")
        assert prompts(app)[-1] == '+ New person "hugo rosi"'
        await pilot.click(OptionList, offset=(3, len(prompts(app))))  # the last option
        assert isinstance(app.screen, DidYouMeanModal)
        await pilot.press("n")
        assert app.picker.picked == [NewPerson("hugo rosi")]


async def test_a_name_nobody_has_is_offered_first_as_a_new_person(
    demo_file: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    notebook = open_notebook(demo_file)
    app = PickerApp(notebook)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Zed Quill")
        assert prompts(app) == ['+ New person "Zed Quill"']
        await pilot.press("enter")
        assert app.picker.picked == [NewPerson("Zed Quill")]
        assert "Zed Quill (new)" in chips(app)
        await pilot.press(*"zed quill")  # the same new name again is not offered twice
        assert prompts(app) == []


async def test_an_exact_name_offers_no_new_person(
    demo_file: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    notebook = open_notebook(demo_file)
    app = PickerApp(notebook)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"maria nilsen")
        assert len(prompts(app)) == 1
        assert prompts(app)[0].startswith("Maria Nilsen")


async def test_allow_new_false_offers_only_people_in_the_notebook(
    demo_file: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    notebook = open_notebook(demo_file)
    app = PickerApp(notebook, allow_new=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Zed")
        assert prompts(app) == []
        await pilot.press("enter")  # nothing to pick: nothing happens
        assert app.picker.picked == []
        assert app.picker.typed == "Zed"


async def test_several_people_and_backspace_drops_the_last_chip(
    demo_file: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    notebook = open_notebook(demo_file)
    app = PickerApp(notebook)
    async with app.run_test(size=SIZE) as pilot:
        dana = person_named(notebook, "Dana Nguyen")
        sam = person_named(notebook, "Sam Silva")
        await pilot.press(*"dana", "enter", *"sam silva", "enter", *"Rita New", "enter")
        assert app.picker.picked == [dana.id, sam.id, NewPerson("Rita New")]
        assert all(name in chips(app) for name in ("Dana Nguyen", "Sam Silva", "Rita New (new)"))
        await pilot.press(*"dana")  # someone already picked is not offered again
        assert not any(p.startswith("Dana Nguyen") for p in prompts(app))
        await pilot.press(*["backspace"] * 4)  # erase the typed text: no chip goes
        assert len(app.picker.picked) == 3
        await pilot.press("backspace")  # now the input is empty: the last chip goes
        assert app.picker.picked == [dana.id, sam.id]
        assert "Rita" not in chips(app)
        assert app.changes[-1] == [dana.id, sam.id]


async def test_single_pick_replaces_the_previous_one(
    demo_file: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    notebook = open_notebook(demo_file)
    dana = person_named(notebook, "Dana Nguyen")
    app = PickerApp(notebook, multiple=False, picked=[dana.id])
    async with app.run_test(size=SIZE) as pilot:
        assert app.picker.picked == [dana.id]
        assert "Dana Nguyen" in chips(app)
        await pilot.press(*"sam silva", "enter")
        assert app.picker.picked == [person_named(notebook, "Sam Silva").id]
        assert "Dana" not in chips(app)


async def test_tab_and_enter_with_nothing_typed_move_on(
    demo_file: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    notebook = open_notebook(demo_file)
    app = PickerApp(notebook)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab")  # empty: tab is the form's
        assert app.query_one("#after", Input).has_focus
        await pilot.press("shift+tab")  # back into the picker
        assert app.picker.input.has_focus
        await pilot.press("down", "up")  # no matches open: harmless
        assert app.picker.picked == []


async def test_escape_closes_the_matches_and_leaving_hides_them(
    demo_file: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    notebook = open_notebook(demo_file)
    app = PickerApp(notebook)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"dan")
        assert prompts(app)
        await pilot.press("escape")
        assert prompts(app) == []
        await pilot.press("down")  # closed: down does nothing, and the text is kept
        assert app.picker.typed == "dan"
        app.query_one("#after", Input).focus()
        await pilot.pause()
        assert prompts(app) == []
        app.picker.focus()  # back with text typed: the matches come back
        await pilot.pause()
        assert prompts(app)


async def test_clear_drops_every_pick(
    demo_file: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    notebook = open_notebook(demo_file)
    app = PickerApp(notebook, picked=[1, 2])
    async with app.run_test(size=SIZE) as pilot:
        assert app.picker.picked == [1, 2]
        app.picker.clear()
        await pilot.pause()
        assert app.picker.picked == []
        assert app.changes == [[]]
        assert "-has-chips" not in app.picker.query_one("#picker-chips").classes


async def test_a_click_on_a_match_picks_it(
    demo_file: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    notebook = open_notebook(demo_file)
    app = PickerApp(notebook)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"nils")
        await pilot.click(OptionList, offset=(3, 1))
        assert app.picker.picked == [person_named(notebook, "Maria Nilsen").id]
        assert app.picker.input.has_focus


PROBES = ["[@click=app.quit]x", "Eve [/]", "Bob [ex-Google]", "[link=file:///etc/passwd]x[/]"]


async def test_names_that_look_like_markup_show_literally(
    demo_file: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    notebook = open_notebook(demo_file)
    for name in PROBES:
        notebook.people.add(Person(name=name, title="Boss [b]", company="[red]Evil"))
    notebook.people.add(Person(name="Tit\x1b]0;title\x07le Person"))
    app = PickerApp(notebook)
    async with app.run_test(size=SIZE) as pilot:
        for name in PROBES:
            await pilot.press(*name)
            assert prompts(app)[0] == f"{name} · Boss [b] @ [red]Evil"
            assert name in screen_text(app)
            await pilot.press("enter")
        await pilot.press(*"title", "enter")
        await pilot.press(*"[@click=app.quit]new", "down", "enter")  # a new one, too
        text = screen_text(app)
        for name in PROBES:
            assert name in text
        assert "Title Person" in text
        assert "[@click=app.quit]new (new)" in chips(app)  # may wrap on screen
        assert app.picker.picked[-1] == NewPerson("[@click=app.quit]new")
        assert app.is_running


async def test_the_palette_finds_people_by_the_same_rule(app: NotebookApp) -> None:
    """ "Open …" hits: a misspelt name finds the person, notes and companies find nobody."""
    async with app.run_test(size=SIZE):
        people = PeopleCommands(app.screen)
        for typed, wanted in [
            ("dana nguyn", ["Open Dana Nguyen"]),
            # The Hugo talked to lately first (a typo away, the Hughes come after them).
            ("hugo", ["Open Hugo Rossi", "Open Hugo Bianchi"]),
            ("fabrikam", []),  # Dana Nguyen works there: not a name
        ]:
            hits = sorted([hit async for hit in people.search(typed)], reverse=True)
            opened = [(hit.text or "").split(" · ")[0] for hit in hits]
            opened = [h for h in opened if h.startswith("Open ")]
            assert opened[: max(1, len(wanted))] == wanted, (typed, opened)


async def test_a_namesake_told_apart_in_brackets_is_picked_and_never_made_new(
    demo_file: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    notebook = open_notebook(demo_file)
    sam = person_named(notebook, "Sam Silva")
    other = notebook.people.add(Person(name="Sam Silva", company="Globex"))
    app = PickerApp(notebook, allow_new=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"sam silva (globex)")
        assert prompts(app) == [f"Sam Silva · {other.role}"]  # no "+ New person"
        await pilot.press("enter")
        assert app.picker.picked == [other.id]
        await pilot.press(*f"sam silva ({sam.company[:4]})", "enter")
        assert app.picker.picked == [other.id, sam.id]


async def test_what_names_are_matched_against_is_built_on_a_thread_after_launch(
    app: NotebookApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Built by the first letter typed into a name, it kept that letter waiting (336 ms at
    # 100,000 people); now a thread builds it once the first screen is drawn.
    built_on: list[threading.Thread] = []

    class Watched(search.NameWords):
        def __init__(self, names: Mapping[int, str] | None = None) -> None:
            built_on.append(threading.current_thread())
            super().__init__(names)

    monkeypatch.setattr(search, "NameWords", Watched)
    people = app.notebook.people
    assert not people.prepared
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: people.prepared, "the names are ready to match")
        assert built_on and threading.main_thread() not in built_on
        await pilot.press("n", *"ingrid")  # the picker matches from what was built
        assert "Ingrid Delgado" in screen_text(app)
        assert len(built_on) == 1


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("Met at cafe, she knows the hiring manager", True),
        ("we talked for an hour about the platform team today", True),
        ("Hugo: said to call him next week", True),
        ("María del Carmen de la Fuente Rodríguez", False),
        ("Smith, John", False),
        ("Dr. Jane Q. Public Jr.", False),
        ("Dana", False),
    ],
)
def test_a_note_typed_into_who_is_told_from_a_name(text: str, note: bool) -> None:
    assert reads_as_a_note(text) is note
