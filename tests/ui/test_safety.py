"""User text is data, never markup: probe strings walked through every screen, modal and widget.

One notebook whose people, companies, titles, tags, notes, places, summaries, follow-ups, tie
relations, referral asks and imported fields are strings that Textual would read as markup
(`[@click=app.quit]x` quits when clicked, `Eve [/]` is a closing tag with nothing open) or that
carry a terminal escape. Each tour drives one app run through a group of screens with Pilot and
records what every widget showed ("views"); the parametrized tests then check, per view, that
the probes were drawn literally, that no escape byte reached the screen, and that clicking the
probes ran nothing.
"""

from __future__ import annotations

import asyncio
import traceback
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
from rich.text import Text
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import TextArea

from notebook.app import NotebookApp
from notebook.formats import write_people_csv
from notebook.modals.ask import AskDialog
from notebook.modals.confirm import ConfirmModal
from notebook.modals.import_file import ImportModal
from notebook.modals.note import NoteModal
from notebook.modals.person_actions import (
    CadenceDialog,
    ConversationView,
    FollowUpDialog,
    SnoozeDialog,
    TieDialog,
)
from notebook.modals.person_form import PersonForm
from notebook.modals.prep import PrepModal
from notebook.records import Person
from notebook.screens.help import HelpScreen
from notebook.screens.person import PersonScreen
from notebook.viewmodel import Notebook
from notebook.widgets import safe
from notebook.widgets.record_list import RecordList

from ..conftest import SIZE, TODAY
from .helpers import screen_text

CLICK = "[@click=app.quit]x"
EVE = "Eve [/]"
BOB = "Bob [ex-Google]"
LINK = "[link=file:///etc/passwd]x[/]"
OSC = "\x1b]0;title\x07Zed"  # stored as "Zed": records strip the escape on the way in
PROBES = (CLICK, EVE, BOB, LINK, OSC)
S = TypeVar("S", bound=Screen[Any])

# What proves literal rendering even where a narrow column cuts the text with "…": markup would
# have swallowed the bracketed tag.
C = "[@click=app.quit]"
E = EVE
B = "Bob [ex-G"
L = "[link=file:"
Z = "Zed"

# Never on screen: the escape, the bell, or what is left of an OSC sequence cut badly.
CONTROL_RESIDUE = ("\x1b", "\x07", "]0;title")

MAX_CLICKS = 8  # per view: one click on each probe occurrence, up to this many
TOUR_SECONDS = 60


# -- the notebook ----------------------------------------------------------------------------


def build_notebook(path: Path) -> Notebook:
    """Five people named after the probes, and every kind of record holding them."""
    notebook = Notebook.open(path, today=TODAY)
    click = notebook.add_person(
        Person(
            name=CLICK,
            title=BOB,
            company=EVE,
            past_companies=(LINK,),
            tags=(BOB, EVE),
            location=LINK,
            how_met=EVE,
            notes=f"{LINK}\n{CLICK}",
        )
    )
    eve = notebook.add_person(
        Person(name=EVE, title=CLICK, company=LINK, tags=(CLICK,), met_via=click.id)
    )
    bob = notebook.add_person(Person(name=BOB, title=EVE, company=BOB, tags=(LINK,)))
    link = notebook.add_person(Person(name=LINK, title=LINK, company=CLICK))
    zed = notebook.add_person(Person(name=OSC, title=OSC, company=BOB, notes=OSC))
    ids = [p.id or 0 for p in (click, eve, bob, link, zed)]
    c, e, b, lk, z = ids
    notebook.add_tie(c, e, relation=BOB, note=LINK, strength=4)
    notebook.add_tie(e, b, relation=CLICK, note=EVE, strength=5)
    notebook.add_tie(z, c, relation=EVE, note=OSC)
    notebook.add_tie(lk, b, relation=LINK)
    notebook.note(
        [c, z],
        when=TODAY - timedelta(days=200),
        kind="coffee",
        place=BOB,
        summary=f"{EVE}\n{LINK}",
    )
    notebook.note(
        [e, lk],
        when=TODAY - timedelta(days=3),
        place=LINK,
        summary=CLICK,
        follow_up=BOB,
        due=TODAY + timedelta(days=2),
    )
    notebook.note([b], when=TODAY - timedelta(days=150), place=CLICK, summary=OSC)
    notebook.add_follow_up([c], EVE, due=TODAY - timedelta(days=3))
    notebook.add_follow_up([c, e], LINK, by="them")
    notebook.add_ask(LINK, c, asked_on=TODAY - timedelta(days=20), notes=BOB)
    notebook.add_ask(BOB, e, notes=CLICK)
    return notebook


# -- what each view must show ----------------------------------------------------------------

VIEWS: dict[str, tuple[str, ...]] = {
    # People
    "people: list": (C, E, B, L, Z),
    "people: search box": (E,),
    "people: search results": (E, C),
    "palette: people hits": (E, C, L, "Profile, timeline, ties and follow-ups"),
    "palette: note hits": (B, E),
    "add person: same-name confirm": (C, B, E),
    "add person: notification": (C,),
    # Person screen
    "person: header": (C, B, E),
    "person: profile": (B, E, L, C),
    "person: relationship": (L,),
    "person: follow-ups": (E, L),
    "person: ties": (E, B, L, Z),
    "person: timeline": (B, E, Z),
    "person: follow-up notification": (E,),
    "person form: fields": (C, B, E, L),
    "person form: met-via hint": (B, E),
    "person form: error beside field": ("[link=file:///etc/passwd]x[/]",),
    "person form: same-name confirm": (E, C, L),
    "follow-up dialog": (C,),
    "tie dialog": (C,),
    "tie dialog: picker options": (B, E),
    "tie dialog: picked chip": (B,),
    "tie dialog: saved notification": (B,),
    "cadence dialog": (C,),
    "snooze dialog": (C,),
    "remove tie confirm": (C, E, B),
    "archive confirm": (C,),
    "forget confirm": (C,),
    "conversation view": (B, C, Z, E, L),
    "prep sheet": (C, B, E, L, Z),
    "person: met via and asks (Eve)": (E, C, L, B),
    "help screen": ("Keys: Person",),
    # Note modal
    "note: prefilled chip": (C,),
    "note: picker options": (B, E),
    "note: new-person option": ("Eve [/] Jr",),
    "note: chips": (C, B, "Eve [/] Jr (new)"),
    "note: fields": (B, L, E),
    "note: saved notification": (C, B, "Eve [/] Jr (new)", "Follow-up: Eve [/]"),
    # Journal
    "journal: rows": (E, L, C, B, Z),
    "journal: search box": (B,),
    "journal: search results": (B, C),
    "journal: edit (note modal)": (E, L, C),
    "journal: delete confirm": (E, L, C),
    "journal: deleted notification": (E, L),
    # Refer
    "refer: completion": (E,),
    "refer: path detail": (E, C, B),
    "refer: target detail": (C, B, E),
    "refer: ask dialog": (E,),
    "refer: ask notification": (E,),
    "refer: tree": (E, C, B),
    "refer: nothing found": (C,),
    # Reconnect
    "reconnect: rows": (C, E, B, Z),
    "reconnect: tag filter": (E,),
    "reconnect: tag filter count": ("'Eve [/]'",),
    "reconnect: snooze dialog": (C,),
    "reconnect: snoozed notification": (C,),
    "reconnect: cadence dialog": (Z,),
    # Follow-ups
    "follow-ups: follow-ups list": (C, E, B, L),
    "follow-ups: asks list": (E, B, C, L),
    "follow-ups: done notification": ("Done: Eve [/]",),
    "follow-ups: undo notification": ("Open again: Eve [/]",),
    "follow-ups: ask dialog": (E, B, C),
    # Import
    "import: no-file error": (C, "Eve[/]"),
    "import: unreadable-file error": (B,),
    "import: summary notification": (C, "skipped Eve [/] Jr"),
    "import: imported people": ("[@click=app.quit]imported", E, L, B),
}
# Views whose probes wrap inside a narrow column: compared with all whitespace removed.
JOINED = {
    "person form: error beside field",
    "import: no-file error",
    "import: summary notification",
}


@dataclass
class Seen:
    """What one view showed, and what clicking its probes did."""

    text: str  # the widget's area of the screen, one line per row
    screen: str  # the whole screen at that moment
    clicks: int = 0
    alive: bool = True  # the app still ran, nothing quit, after every click


@dataclass
class Tours:
    seen: dict[str, Seen] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def _normalise(text: str, view: str) -> str:
    return "".join(text.split()) if view in JOINED else text


class Tour:
    """One app run, and `look()` to record a view of it."""

    def __init__(self, pilot: Pilot[None], tours: Tours) -> None:
        self.pilot = pilot
        self.app = pilot.app
        self.tours = tours

    async def pause(self, delay: float | None = None) -> None:
        # Twice: a message handled on the first pass may post another (a refresh, a toast).
        await self.pilot.pause(delay)
        await self.pilot.pause()

    def area(self, within: str | None) -> tuple[int, int, int, int]:
        """(x, y, width, height) of a widget on screen; the whole screen if None."""
        width, height = self.app.size
        if within is None:
            return (0, 0, width, height)
        found = self.app.screen.query(within)
        widget = found.last() if within == "Toast" else found.first()
        region = widget.region
        return (region.x, region.y, region.width, region.height)

    async def look(self, view: str, within: str | None = None) -> None:
        """Record what `within` (a selector on the top screen) shows, then click each probe."""
        assert view in VIEWS, f"add {view!r} to VIEWS"
        await self.pause()
        app = self.app
        full = screen_text(app)
        x0, y0, width, height = self.area(within)
        rows = full.split("\n")[y0 : y0 + height]
        # No wide characters in this notebook: one character is one cell.
        text = "\n".join(row[x0 : x0 + width] for row in rows)
        seen = Seen(text=text, screen=full)
        self.tours.seen[view] = seen
        await self.click_probes(seen, rows, x0, y0, width)

    async def click_probes(self, seen: Seen, rows: list[str], x0: int, y0: int, w: int) -> None:
        """Click where each probe is drawn; put back anything the click opened or moved."""
        app = self.app
        screen = app.screen
        stack = list(app.screen_stack)
        focused = app.focused
        cursors = {lst: lst.cursor for lst in screen.query(RecordList)}
        targets: list[tuple[int, int]] = []
        for dy, row in enumerate(rows):
            part = row[x0 : x0 + w]
            for mark in (C, E, B, L):
                at = part.find(mark)
                if at >= 0:
                    targets.append((x0 + at + 1, y0 + dy))
        for x, y in targets[:MAX_CLICKS]:
            if app.screen is not screen:
                break  # a click took its screen away (a toast dismissed...)
            await self.pilot.click(offset=(x, y))
            await self.pause()
            seen.clicks += 1
            if not app.is_running or app.return_code is not None:
                seen.alive = False
                return
            while app.screen not in stack and len(app.screen_stack) > 1:
                app.pop_screen()
                await self.pause()
        if app.screen is screen:
            for lst, cursor in cursors.items():
                if lst.is_attached:
                    lst.cursor = cursor
            if focused is not None and focused.is_attached:
                focused.focus()
            await self.pause()


Step = Callable[["Tour"], Awaitable[None]]


async def run_tour(name: str, notebook: Notebook, tours: Tours, steps: Step) -> None:
    app = NotebookApp(notebook, user_files=False)
    try:
        async with asyncio.timeout(TOUR_SECONDS):
            async with app.run_test(size=SIZE, notifications=True) as pilot:
                tour = Tour(pilot, tours)
                await tour.pause()
                await steps(tour)
    except Exception:
        tours.errors[name] = traceback.format_exc(limit=-6)


# -- tour helpers ----------------------------------------------------------------------------


async def press(tour: Tour, *keys: str) -> None:
    await tour.pilot.press(*keys)
    await tour.pause()


async def type_into(tour: Tour, selector: str, text: str) -> None:
    """Focus a field, empty it with keys, and type."""
    widget = tour.app.screen.query_one(selector)
    widget.focus()
    if isinstance(widget, TextArea):
        await press(tour, "ctrl+a", "backspace", *text)
    else:
        await press(tour, "ctrl+a", "ctrl+k", *text)


def top(tour: Tour, kind: type[S]) -> S:
    """The screen on top, which must be a `kind`."""
    screen = tour.app.screen
    assert isinstance(screen, kind), f"expected {kind.__name__}, got {screen!r}"
    return screen


def person_screen(tour: Tour) -> PersonScreen:
    screen = tour.app.screen
    assert isinstance(screen, PersonScreen), screen
    return screen


async def pick_row(tour: Tour, listing: RecordList[object], has: str) -> None:
    """Focus a list and put its cursor on the first row whose text shows `has`."""
    listing.focus()
    for row, item in enumerate(listing.items):
        cells = [column.cell(item) for column in listing.columns]
        if any(has in (cell if isinstance(cell, str) else cell[0]) for cell in cells):
            listing.cursor = row
            await tour.pause()
            return
    raise AssertionError(f"no row showing {has!r}")


async def palette(tour: Tour, query: str) -> None:
    await press(tour, "ctrl+p", *query)
    await tour.pause(0.3)  # the palette searches in a worker


def clear_toasts(tour: Tour) -> None:
    tour.app.clear_notifications()


async def open_first_person(tour: Tour) -> PersonScreen:
    """From People sorted by name: "[@click…" sorts first."""
    await press(tour, "enter")
    screen = person_screen(tour)
    assert screen.person.name == CLICK
    return screen


# -- the tours -------------------------------------------------------------------------------


async def people_tour(tour: Tour) -> None:
    await tour.look("people: list", "#people")
    await press(tour, "slash", *EVE)
    await tour.look("people: search box", "#search")
    await tour.look("people: search results", "#people")
    await press(tour, "escape")
    await palette(tour, "Eve")
    await tour.look("palette: people hits", "#--results")
    await press(tour, "escape")
    await palette(tour, "note bob")
    await tour.look("palette: note hits", "#--results")
    await press(tour, "escape")
    # Adding someone whose name is taken asks first, naming the other person.
    await press(tour, "a")
    top(tour, PersonForm)
    await type_into(tour, "#name-input", CLICK)
    await press(tour, "ctrl+s")
    top(tour, ConfirmModal)
    await tour.look("add person: same-name confirm", ".confirm-message")
    clear_toasts(tour)
    await press(tour, "y")
    await tour.look("add person: notification", "Toast")


async def person_tour(tour: Tour) -> None:
    screen = await open_first_person(tour)
    await tour.look("person: header", "#person-header")
    await tour.look("person: profile", "#profile")
    await tour.look("person: relationship", "#relationship")
    await tour.look("person: follow-ups", "#follow-ups")
    await tour.look("person: ties", "#ties")
    await tour.look("person: timeline", "#timeline")
    await pick_row(tour, screen.follow_ups, EVE)
    clear_toasts(tour)
    await press(tour, "enter")
    await tour.look("person: follow-up notification", "Toast")

    # The person form: values, a hint and an error beside their fields, the same-name confirm.
    await press(tour, "e")
    top(tour, PersonForm)
    await tour.look("person form: fields", "#form-fields")
    await type_into(tour, "#met_via-input", "Bob")
    await tour.look("person form: met-via hint", "#field-met_via")
    await type_into(tour, "#met_via-input", "")
    await type_into(tour, "#emails-input", LINK)
    await press(tour, "ctrl+s")
    await tour.look("person form: error beside field", "#field-emails .field-message")
    await type_into(tour, "#emails-input", "")
    await type_into(tour, "#name-input", EVE)
    await press(tour, "ctrl+s")
    top(tour, ConfirmModal)
    await tour.look("person form: same-name confirm", ".confirm-message")
    await press(tour, "n")
    await press(tour, "escape")  # changed: asks before discarding
    top(tour, ConfirmModal)
    await press(tour, "y")
    person_screen(tour)

    await press(tour, "f")
    top(tour, FollowUpDialog)
    await tour.look("follow-up dialog", ".dialog-title")
    await press(tour, "escape")

    await press(tour, "t")
    top(tour, TieDialog)
    await tour.look("tie dialog", ".dialog-title")
    await press(tour, *"Bob")
    await tour.look("tie dialog: picker options", "#picker-matches")
    await press(tour, "enter")
    await tour.look("tie dialog: picked chip", "#picker-chips")
    await type_into(tour, "#relation-input", LINK)
    clear_toasts(tour)
    await press(tour, "ctrl+s")
    person_screen(tour)
    await tour.look("tie dialog: saved notification", "Toast")

    for key, dialog, view in (
        ("c", CadenceDialog, "cadence dialog"),
        ("s", SnoozeDialog, "snooze dialog"),
    ):
        await press(tour, key)
        top(tour, dialog)
        await tour.look(view, ".dialog-title")
        await press(tour, "escape")

    await pick_row(tour, screen.ties, EVE)
    for key, view in (("d", "remove tie confirm"), ("A", "archive confirm")):
        await press(tour, key)
        top(tour, ConfirmModal)
        await tour.look(view, ".confirm-message")
        await press(tour, "n")
    await press(tour, "D")
    top(tour, ConfirmModal)
    await tour.look("forget confirm", ".confirm-message")
    await press(tour, "n")

    await pick_row(tour, screen.timeline, BOB)
    await press(tour, "enter")
    top(tour, ConversationView)
    await tour.look("conversation view", "ConversationView > VerticalScroll")
    await press(tour, "escape")

    await press(tour, "p")
    top(tour, PrepModal)
    await tour.look("prep sheet", "PrepModal > VerticalScroll")
    await press(tour, "escape")

    await press(tour, "question_mark")
    top(tour, HelpScreen)
    await tour.look("help screen", "HelpScreen > VerticalScroll")
    await press(tour, "escape")

    # Eve: met via "[@click…", and asked about "Bob [ex-Google]".
    await pick_row(tour, screen.ties, EVE)
    await press(tour, "enter")
    assert person_screen(tour).person.name == EVE
    await tour.look("person: met via and asks (Eve)", "#person-side")


async def note_tour(tour: Tour) -> None:
    await open_first_person(tour)
    await press(tour, "n")
    modal = top(tour, NoteModal)
    await tour.look("note: prefilled chip", "#picker-chips")
    modal.picker.focus()
    await press(tour, *"Bob")
    await tour.look("note: picker options", "#picker-matches")
    await press(tour, "enter")
    await press(tour, *"Eve [/] Jr")
    await tour.look("note: new-person option", "#picker-matches")
    await press(tour, "up", "enter")  # the new person is offered last
    await tour.look("note: chips", "#picker-chips")
    await type_into(tour, "#place-input", BOB)
    await type_into(tour, "#summary-input", LINK)
    await type_into(tour, "#follow_up-input", EVE)
    await tour.look("note: fields", "#note-dialog")
    clear_toasts(tour)
    await press(tour, "ctrl+s")
    person_screen(tour)
    await tour.look("note: saved notification", "Toast")


async def journal_tour(tour: Tour) -> None:
    await press(tour, "2")
    await tour.look("journal: rows", "#journal")
    await press(tour, "slash", *BOB)
    await tour.look("journal: search box", "#search")
    await tour.look("journal: search results", "#journal")
    await press(tour, "escape")  # empties the search and goes to the list
    listing = tour.app.screen.query_one("#journal", RecordList)
    await pick_row(tour, listing, CLICK)  # Eve and [link…]'s conversation: its headline
    await press(tour, "e")
    top(tour, NoteModal)
    await tour.look("journal: edit (note modal)", "#note-dialog")
    await press(tour, "escape")
    await press(tour, "d")
    top(tour, ConfirmModal)
    await tour.look("journal: delete confirm", ".confirm-message")
    clear_toasts(tour)
    await press(tour, "y")
    await tour.look("journal: deleted notification", "Toast")


async def refer_tour(tour: Tour) -> None:
    await press(tour, "3", *"Eve")
    await tour.look("refer: completion", "#search")
    await press(tour, "right", "enter")  # take the completion, then ask
    await tour.look("refer: path detail", "#refer-detail")
    await press(tour, "up")
    await tour.look("refer: target detail", "#refer-detail")
    await press(tour, "r")
    top(tour, AskDialog)
    await tour.look("refer: ask dialog", "AskDialog > Vertical")
    clear_toasts(tour)
    await press(tour, "ctrl+s")
    await tour.look("refer: ask notification", "Toast")
    # Last: a click on a tree line selects it, which opens someone (put back by look()).
    await tour.look("refer: tree", "#refer-tree")
    await type_into(tour, "#search", f"{CLICK}nobody")
    await press(tour, "enter")
    await tour.look("refer: nothing found", "#refer-body")


async def reconnect_tour(tour: Tour) -> None:
    await press(tour, "4")
    await tour.look("reconnect: rows", "#reconnect")
    await press(tour, "slash", *EVE)
    await tour.look("reconnect: tag filter", "#search")
    await tour.look("reconnect: tag filter count", "#reconnect-count")
    await press(tour, "enter")
    await press(tour, "s")
    top(tour, SnoozeDialog)
    await tour.look("reconnect: snooze dialog", ".dialog-title")
    clear_toasts(tour)
    await press(tour, "ctrl+s")
    await tour.look("reconnect: snoozed notification", "Toast")
    await press(tour, "slash", "escape")  # no filter any more
    listing = tour.app.screen.query_one("#reconnect", RecordList)
    await pick_row(tour, listing, Z)
    await press(tour, "c")
    top(tour, CadenceDialog)
    await tour.look("reconnect: cadence dialog", ".dialog-title")
    await press(tour, "escape")


async def follow_ups_tour(tour: Tour) -> None:
    await press(tour, "5")
    await tour.look("follow-ups: follow-ups list", "#followups")
    await tour.look("follow-ups: asks list", "#asks")
    screen = tour.app.screen
    await pick_row(tour, screen.query_one("#followups", RecordList), EVE)
    clear_toasts(tour)
    await press(tour, "x")
    await tour.look("follow-ups: done notification", "Toast")
    clear_toasts(tour)
    await press(tour, "u")
    await tour.look("follow-ups: undo notification", "Toast")
    await pick_row(tour, screen.query_one("#asks", RecordList), BOB)
    await press(tour, "enter")
    top(tour, AskDialog)
    await tour.look("follow-ups: ask dialog", "AskDialog > Vertical")
    await press(tour, "escape")


def import_tour(folder: Path) -> Step:
    missing = folder / CLICK / "Eve [/].vcf"
    unreadable = folder / f"{BOB}.vcf"
    unreadable.write_bytes(b"\x00\x01\x02 not a contact file")
    good = folder / f"{CLICK}.csv"
    rows = [
        Person(name="[@click=app.quit]imported", company=EVE, title=LINK, tags=(BOB,)),
        Person(name="Eve [/] Jr", emails=(LINK,)),  # not an email address: skipped, by name
    ]
    good.write_text(write_people_csv(rows), encoding="utf-8")

    async def steps(tour: Tour) -> None:
        await palette(tour, "import contacts")
        await press(tour, "enter")
        top(tour, ImportModal)
        await type_into(tour, "#import-path", str(missing))
        await press(tour, "enter")
        await tour.look("import: no-file error", "#field-path .field-message")
        await type_into(tour, "#import-path", str(unreadable))
        await press(tour, "enter")
        await tour.app.workers.wait_for_complete()
        await tour.look("import: unreadable-file error", "#field-path .field-message")
        await type_into(tour, "#import-path", str(good))
        clear_toasts(tour)
        await press(tour, "enter")
        await tour.app.workers.wait_for_complete()
        await tour.pause()
        await tour.look("import: summary notification", "Toast")
        await tour.look("import: imported people", "#people")

    return steps


TOURS: dict[str, Callable[[Path], Step]] = {
    "people": lambda _: people_tour,
    "person": lambda _: person_tour,
    "note": lambda _: note_tour,
    "journal": lambda _: journal_tour,
    "refer": lambda _: refer_tour,
    "reconnect": lambda _: reconnect_tour,
    "follow-ups": lambda _: follow_ups_tour,
    "import": import_tour,
}


@pytest.fixture(scope="module")
def tours(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tours]:
    """Every tour, once for the module, each over a fresh copy of the notebook."""
    result = Tours()

    async def run_all() -> None:
        for name, make in TOURS.items():
            folder = tmp_path_factory.mktemp(name)
            notebook = build_notebook(folder / "notebook.json")
            try:
                await run_tour(name, notebook, result, make(folder))
            finally:
                notebook.close()

    asyncio.run(run_all())
    yield result


def seen(tours: Tours, view: str) -> Seen:
    if view not in tours.seen:
        errors = "\n".join(f"--- {name} tour:\n{error}" for name, error in tours.errors.items())
        pytest.fail(f"{view!r} was never shown; the tours stopped early:\n{errors}")
    return tours.seen[view]


# -- per view --------------------------------------------------------------------------------


@pytest.mark.parametrize("view", list(VIEWS))
def test_user_text_is_shown_literally(tours: Tours, view: str) -> None:
    shown = seen(tours, view)
    text = _normalise(shown.text, view)
    missing = [mark for mark in VIEWS[view] if _normalise(mark, view) not in text]
    assert not missing, f"{view}: {missing} not shown literally in:\n{shown.text}"


@pytest.mark.parametrize("view", list(VIEWS))
def test_no_escape_sequence_reaches_the_screen(tours: Tours, view: str) -> None:
    shown = seen(tours, view)
    found = [r for r in CONTROL_RESIDUE if r in shown.screen]
    assert not found, f"{view}: {found!r} on screen"


@pytest.mark.parametrize("view", list(VIEWS))
def test_clicking_user_text_runs_nothing(tours: Tours, view: str) -> None:
    shown = seen(tours, view)
    assert shown.alive, f"{view}: a click on user text stopped the app"
    if any(mark in shown.text for mark in (C, E, B, L)):
        assert shown.clicks, f"{view}: no probe was clicked"


def test_every_tour_ran_to_the_end(tours: Tours) -> None:
    assert not tours.errors, "\n".join(f"{n}:\n{e}" for n, e in tours.errors.items())


# -- the helpers in notebook.widgets.safe ----------------------------------------------------


@pytest.mark.parametrize("probe", PROBES)
def test_plain_is_the_text_without_markup(probe: str) -> None:
    content = safe.plain(probe)
    assert content.plain == safe.display_text(probe)
    assert not content.spans  # no style, no link, no action came out of the text
    assert safe.plain(probe, style="bold").plain == content.plain


def test_plain_keeps_newlines_only_when_multiline() -> None:
    assert safe.plain(f"{EVE}\n{CLICK}", multiline=True).plain == f"{EVE}\n{CLICK}"
    assert safe.plain(f"{EVE}\n{CLICK}").plain == f"{EVE} {CLICK}"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (OSC, "Zed"),
        ("\x1b[31mred\x1b[0m", "red"),
        ("a\x07b\x00c\x7fd", "abcd"),
        ("\u202eevil", "evil"),
        (f"  {BOB}\t ", BOB),
        (LINK, LINK),
    ],
)
def test_display_text_strips_control_characters(raw: str, shown: str) -> None:
    assert safe.display_text(raw) == shown


def test_display_text_keeps_lines_when_multiline() -> None:
    assert safe.display_text(f"{EVE}\n\x1b]0;t\x07{BOB}", multiline=True) == f"{EVE}\n{BOB}"


async def test_notify_is_plain_text() -> None:
    app: App[None] = App()
    async with app.run_test(notifications=True) as pilot:
        safe.notify(app, f"{CLICK}\n{OSC}", title=EVE, severity="warning")
        await pilot.pause()
        (notification,) = app._notifications
        assert notification.markup is False
        assert notification.message == f"{CLICK}\nZed"
        assert notification.title == EVE
        assert notification.severity == "warning"
        text = screen_text(app)
        assert C in text and EVE in text and "\x1b" not in text


@pytest.mark.parametrize("probe", PROBES)
def test_plain_tree_reads_str_labels_as_text(probe: str) -> None:
    tree: safe.PlainTree[None] = safe.PlainTree("root")
    label = tree.process_label(f"{probe}\nsecond line")
    assert label.plain == safe.display_text(probe)
    assert not label.spans and not label.style


def test_plain_tree_keeps_text_labels_as_given() -> None:
    tree: safe.PlainTree[None] = safe.PlainTree("root")
    given = Text(CLICK, style="bold")
    label = tree.process_label(given)
    assert label.plain == CLICK and label.style == "bold"
    assert tree.root.label.plain == "root"
    node = tree.root.add(LINK)
    assert node.label.plain == LINK


def test_probes_reach_the_records_cleaned(tmp_path: Path) -> None:
    """The premise of the tours: the OSC probe is stored without its escape."""
    notebook = build_notebook(tmp_path / "n.json")
    try:
        names = sorted(p.name for p in notebook.people())
        assert names == sorted([CLICK, EVE, BOB, LINK, "Zed"])
    finally:
        notebook.close()
