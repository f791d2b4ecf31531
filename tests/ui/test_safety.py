"""User text is data, never markup: probe strings walked through every screen, modal and widget.

One notebook whose people, companies, titles, tags, notes, places, summaries, follow-ups, tie
relations, referral asks and imported fields are strings that Textual would read as markup
(`[@click=app.quit]x` quits when clicked, `Eve [/]` is a closing tag with nothing open) or that
carry a terminal escape. Each tour drives one app run through a group of screens with Pilot and
records what every widget showed ("views"); the parametrized tests then check, per view, that
the probes were drawn literally, that no escape byte reached the screen, and that clicking the
probes that would act as markup (`[@click…`, `[link…`) ran nothing. A last tour does the same
over a notebook file hand-edited to hold raw escapes, which only the display layer can stop.
"""

from __future__ import annotations

import asyncio
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
from rich.text import Text
from textual.app import App
from textual.command import CommandList
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, TextArea

from notebook.app import NotebookApp
from notebook.formats import write_people_csv
from notebook.modals.ask import AskDialog
from notebook.modals.confirm import ConfirmModal, DidYouMeanModal
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
from notebook.modals.reschedule import ReschedulePrompt
from notebook.records import Person
from notebook.screens.help import HelpScreen
from notebook.screens.person import PersonScreen
from notebook.viewmodel import Notebook
from notebook.widgets import safe
from notebook.widgets.person_picker import PersonPicker
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

# The probes that would do something when clicked, were they read as markup: quit, open a file.
CLICKABLE = (C, L)
# Never on screen: the escape, the bell, or what is left of an OSC sequence cut badly.
CONTROL_RESIDUE = ("\x1b", "\x07", "]0;title")

# Only so that a tour stuck on a screen fails instead of hanging the run: a tour takes seconds,
# more on a machine busy with other work, never near this.
TOUR_SECONDS = 600


# -- the notebook ----------------------------------------------------------------------------


def build_notebook(path: Path) -> Notebook:
    """Five people named after the probes, and every kind of record holding them."""
    notebook = Notebook.open(path, today=TODAY)
    click = notebook.people.add(
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
    eve = notebook.people.add(
        Person(name=EVE, title=CLICK, company=LINK, tags=(CLICK,), met_via=click.id)
    )
    bob = notebook.people.add(Person(name=BOB, title=EVE, company=BOB, tags=(LINK,)))
    link = notebook.people.add(Person(name=LINK, title=LINK, company=CLICK))
    zed = notebook.people.add(Person(name=OSC, title=OSC, company=BOB, notes=OSC))
    ids = [p.id or 0 for p in (click, eve, bob, link, zed)]
    c, e, b, lk, z = ids
    notebook.ties.add(c, e, relation=BOB, note=LINK, strength=4)
    notebook.ties.add(e, b, relation=CLICK, note=EVE, strength=5)
    notebook.ties.add(z, c, relation=EVE, note=OSC)
    notebook.ties.add(lk, b, relation=LINK)
    notebook.conversations.note(
        [c, z],
        when=TODAY - timedelta(days=200),
        kind="coffee",
        place=BOB,
        summary=f"{EVE}\n{LINK}",
    )
    notebook.conversations.note(
        [e, lk],
        when=TODAY - timedelta(days=3),
        place=LINK,
        summary=CLICK,
        follow_up=BOB,
        due=TODAY + timedelta(days=2),
    )
    notebook.conversations.note([b], when=TODAY - timedelta(days=150), place=CLICK, summary=OSC)
    notebook.follow_ups.add([c], EVE, due=TODAY - timedelta(days=3))
    notebook.follow_ups.add([c, e], LINK, by="them")
    notebook.asks.add(LINK, c, asked_on=TODAY - timedelta(days=20), notes=BOB)
    notebook.asks.add(BOB, e, notes=CLICK)
    return notebook


def build_raw_notebook(path: Path) -> Notebook:
    """The same notebook, then hand-edited on disk: an OSC escape in front of every probe
    value. Records trust their own file (`from_doc`), so only the display layer stands
    between these bytes and the terminal."""
    build_notebook(path).close()
    text = path.read_text(encoding="utf-8")
    # Free text only: a conversation's kind is one of a fixed set, and loading refuses a file
    # whose kind is not (tests/test_schema.py).
    for start in (C, E, B, L, Z):
        text = text.replace(f'"{start}', f'"\\u001b]0;title\\u0007{start}')
    path.write_text(text, encoding="utf-8")
    notebook = Notebook.open(path, today=TODAY)
    assert notebook.people.get(1).name == f"\x1b]0;title\x07{CLICK}", "the escape did not load"
    return notebook


# -- what each view must show ----------------------------------------------------------------

# Per tour (see TOURS), what each view it records must show.
TOUR_VIEWS: dict[str, dict[str, tuple[str, ...]]] = {}
TOUR_VIEWS["people"] = {
    "people: list": (C, E, B, L, Z),
    "people: search box": (E,),
    "people: search results": (E, C),
    "palette: people hits": (E, C, L, "Profile, timeline, ties and follow-ups"),
    "palette: note hits": (B,),  # people by name only: not [@click…]x, whose tags say Bob
    "add person: same-name confirm": (C, B, E),
    "add person: notification": (C,),
}
TOUR_VIEWS["person"] = {
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
    "tie dialog: picker options": (B, E),  # names only, as in "palette: note hits"
    "tie dialog: picked chip": (B,),
    "tie dialog: saved notification": (B,),
    "cadence dialog": (C,),
    "snooze dialog": (C,),
    "remove tie confirm": (C, E, B),
    "archive confirm": (C,),
    "forget confirm": (C,),
    "conversation view": (B, C, Z, E, L),
    "prep sheet": (C, B, E, L, Z),
    "person: met via and asks (Eve)": (C, L, B),
    "help screen": ("Keys: Person",),
}
TOUR_VIEWS["note"] = {
    "note: prefilled chip": (C,),
    "note: picker options": (B, E),
    "note: new-person option": ('+ New person "Eve [/] Jr"',),
    "note: did-you-mean": (f"Did you mean {BOB}?", f"{BOB} · {EVE} @ {BOB} is in the notebook"),
    # The chips may wrap before "(new)" in the dialog's narrow field.
    "note: chips": (C, B, "Eve [/] Jr"),
    "note: fields": (B, L, E),
    "note: saved notification": (C, B, "Eve [/] Jr (new)", f"I owe {CLICK}: Eve [/]"),
}
TOUR_VIEWS["journal"] = {
    "journal: rows": (E, L, C, B, Z),
    "journal: search box": (B,),
    "journal: search results": (B, C),
    "journal: edit (note modal)": (E, L, C),
    "journal: delete confirm": (E, L, C),
    "journal: deleted notification": (E, L),
}
TOUR_VIEWS["refer"] = {
    "refer: completion": (E,),
    "refer: path detail": (E, C, B),
    "refer: target detail": (C, B, E),
    "refer: ask dialog": (E,),
    "refer: ask notification": (E,),
    "refer: tree": (E, C, B, f"{CLICK}  {BOB} at {EVE}", f"You ─ {EVE} ─ {CLICK}"),
    "refer: nothing found": (C,),
}
TOUR_VIEWS["reconnect"] = {
    "reconnect: rows": (C, E, B, Z),
    "reconnect: tag filter": (E,),
    "reconnect: tag filter count": ("'Eve [/]'",),
    "reconnect: snooze dialog": (C,),
    "reconnect: snoozed notification": (C,),
    "reconnect: cadence dialog": (Z,),
}
TOUR_VIEWS["follow-ups"] = {
    "follow-ups: follow-ups list": (C, E, B, L),
    "follow-ups: asks list": (E, B, C, L),
    "follow-ups: done notification": ("Done: Eve [/]",),
    "follow-ups: undo notification": ("Open again: Eve [/]",),
    "follow-ups: reschedule prompt": (E,),
    "follow-ups: edit dialog": (E, C),
    "follow-ups: deleted notification": ("Deleted: Eve [/]",),
    "follow-ups: restored notification": ("Back: Eve [/]",),
    "follow-ups: ask dialog": (E, B, C),
}
TOUR_VIEWS["import"] = {
    "import: no-file error": (C, "Eve[/]"),
    "import: unreadable-file error": (B,),
    "import: summary notification": (C, "2 created"),
    "import: imported people": ("[@click=app.quit]imported", E, L, B),
}
# A notebook file with raw escapes in every field (see build_raw_notebook)
TOUR_VIEWS["raw file"] = {
    "raw file: people list": (C, E, B, L, Z),
    "raw file: person page": (C, E, B, L, Z),
    "raw file: person form": (C, B, E, L),
    "raw file: conversation view": (B, C, E, L, Z, "· coffee at"),
    "raw file: prep sheet": (C, B, E, L, Z),
    "raw file: journal edit": (E, L, C),
    "raw file: asks dialog": (E, B, C),
    "raw file: refer completion": (E,),
    "raw file: refer tree": (E, C, B),
    "raw file: palette hits": (E, C, L),
}
VIEWS = {view: marks for views in TOUR_VIEWS.values() for view, marks in views.items()}
TOUR_OF = {view: tour for tour, views in TOUR_VIEWS.items() for view in views}
# Views that wrap words (toasts, confirms, the message beside a field), so "Bob [ex-Google]"
# may break at its space: compared with all whitespace removed, which still tells "Eve[/]"
# drawn literally from "Eve" with its markup eaten.
JOINED = {
    view
    for view in VIEWS
    if any(word in view for word in ("notification", "confirm", "error", "hint"))
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

    def __init__(self, name: str, pilot: Pilot[None], tours: Tours) -> None:
        self.name = name
        self.pilot = pilot
        self.app = pilot.app
        self.tours = tours

    async def pause(self, delay: float | None = None) -> None:
        await self.pilot.pause(delay)

    def area(self, within: str | None) -> tuple[int, int, int, int]:
        """(x, y, width, height) of a widget on screen; the whole screen if None."""
        width, height = self.app.size
        if within is None:
            return (0, 0, width, height)
        found = self.app.screen.query(within)
        widget = found.last() if within == "Toast" else found.first()
        region = widget.content_region  # inside the border: a toast's edge is on every line
        return (region.x, region.y, region.width, region.height)

    async def look(self, view: str, within: str | None = None) -> None:
        """Record what `within` (a selector on the top screen) shows, then click each probe."""
        assert TOUR_OF.get(view) == self.name, f"add {view!r} to TOUR_VIEWS[{self.name!r}]"
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
        """Click where each clickable probe is first drawn; undo what the click opened or moved."""
        app = self.app
        screen = app.screen
        stack = list(app.screen_stack)
        focused = app.focused
        cursors = {listing: listing.cursor for listing in screen.query(RecordList)}
        targets: dict[str, tuple[int, int]] = {}
        for dy, row in enumerate(rows):
            part = row[x0 : x0 + w]
            for mark in CLICKABLE:
                at = part.find(mark)
                if at >= 0 and mark not in targets:
                    targets[mark] = (x0 + at + 1, y0 + dy)
        for x, y in targets.values():
            if app.screen is not screen:
                break  # the click took its screen away
            await self.pilot.click(offset=(x, y))
            seen.clicks += 1
            if not app.is_running or app.return_code is not None:
                seen.alive = False
                return
            while app.screen not in stack and len(app.screen_stack) > 1:
                app.pop_screen()
                await self.pause()
        if app.screen is screen and targets:
            for listing, cursor in cursors.items():
                if listing.is_attached and listing.cursor != cursor:
                    listing.cursor = cursor
            if focused is not None and focused.is_attached and app.focused is not focused:
                focused.focus()
            await self.pause()


Step = Callable[["Tour"], Awaitable[None]]


def run_tour(name: str, folder: Path) -> Tours:
    """One tour in its own app run, over its own copy of the notebook in `folder`."""
    tours = Tours()

    async def run() -> None:
        build = build_raw_notebook if name == "raw file" else build_notebook
        notebook = build(folder / "notebook.json")
        app = NotebookApp(notebook, user_files=False)
        try:
            async with asyncio.timeout(TOUR_SECONDS):
                async with app.run_test(size=SIZE, notifications=True) as pilot:
                    tour = Tour(name, pilot, tours)
                    await tour.pause()
                    await TOURS[name](folder)(tour)
        finally:
            notebook.close()

    try:
        asyncio.run(run())
    except Exception:
        tours.errors[name] = traceback.format_exc(limit=-6)
    return tours


# -- tour helpers ----------------------------------------------------------------------------


async def press(tour: Tour, *keys: str) -> None:
    await tour.pilot.press(*keys)  # waits for the app to settle after each key


async def paste(tour: Tour, selector: str, text: str) -> None:
    """Focus a field, empty it, and put `text` in it as a paste would (typing each character
    of the long probes costs a second or two)."""
    widget = tour.app.screen.query_one(selector)
    widget.focus()
    if isinstance(widget, TextArea):
        widget.clear()
        widget.insert(text)
    else:
        assert isinstance(widget, Input), widget
        widget.clear()
        widget.insert_text_at_cursor(text)
    await tour.pause()


def top(tour: Tour, kind: type[S]) -> S:
    """The screen on top, which must be a `kind`."""
    screen = tour.app.screen
    assert isinstance(screen, kind), f"expected {kind.__name__}, got {screen!r}"
    return screen


async def pick_row(tour: Tour, listing: RecordList[Any], has: str) -> None:
    """Focus a list and put its cursor on the first row whose text shows `has`."""
    listing.focus()
    for row, item in enumerate(listing.items):
        cells = [column.cell(item) for column in listing.columns]
        if any(has in (cell if isinstance(cell, str) else cell[0]) for cell in cells):
            listing.cursor = row
            return
    raise AssertionError(f"no row showing {has!r}")


async def pick(tour: Tour, picker: PersonPicker, names: list[str]) -> None:
    """Start the picker over and pick by keys: a click on a match (look() clicks) picks it."""
    picker.clear()
    for name in names:
        await paste(tour, "#picker-input", name)
        # A match by name comes first; a name nobody's is close to is offered new, first.
        await press(tour, "enter")
    labels = [picker.label(who) for who in picker.picked]
    assert len(labels) == len(names), labels
    assert all(label.startswith(name) for label, name in zip(labels, names, strict=True)), labels


async def palette(tour: Tour, query: str) -> None:
    """Open the command palette and type; wait for its worker to list the hits."""
    await press(tour, "ctrl+p", *query)
    hits = tour.app.screen.query_one(CommandList)
    counts = [-1]
    for _ in range(50):
        await tour.pause(0.05)
        counts.append(hits.option_count)
        if counts[-1] and counts[-1] == counts[-2] == counts[-3]:
            return  # the same hits three times running: the search is done
    raise AssertionError(f"the palette listed no hits for {query!r}")


def clear_toasts(tour: Tour) -> None:
    tour.app.clear_notifications()


async def open_first_person(tour: Tour) -> PersonScreen:
    """From People sorted by name: "[@click…" sorts first."""
    await press(tour, "enter")
    screen = top(tour, PersonScreen)
    assert safe.display_text(screen.person.name) == CLICK
    return screen


# -- the tours -------------------------------------------------------------------------------


async def people_tour(tour: Tour) -> None:
    await tour.look("people: list", "#people")
    await press(tour, "slash", *EVE)
    await tour.look("people: search box", "#search")
    await tour.look("people: search results", "#people")
    await press(tour, "escape")
    await palette(tour, "Eve")
    await tour.look("palette: people hits", "CommandList")
    await press(tour, "escape")
    await palette(tour, "note bob")
    await tour.look("palette: note hits", "CommandList")
    await press(tour, "escape")
    # Adding someone whose name is taken asks first, naming the other person.
    await press(tour, "a")
    top(tour, PersonForm)
    await paste(tour, "#name-input", CLICK)
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
    await paste(tour, "#met_via-input", BOB)
    await tour.look("person form: met-via hint", "#field-met_via")
    await paste(tour, "#met_via-input", "")
    await paste(tour, "#emails-input", LINK)
    await press(tour, "ctrl+s")
    await tour.look("person form: error beside field", "#field-emails .field-message")
    await paste(tour, "#emails-input", "")
    await paste(tour, "#name-input", EVE)
    await press(tour, "ctrl+s")
    top(tour, ConfirmModal)
    await tour.look("person form: same-name confirm", ".confirm-message")
    await press(tour, "n")
    await press(tour, "escape")  # changed: asks before discarding
    top(tour, ConfirmModal)
    await press(tour, "y")
    top(tour, PersonScreen)

    await press(tour, "f")
    top(tour, FollowUpDialog)
    await tour.look("follow-up dialog", ".dialog-title")
    await press(tour, "escape")

    await press(tour, "t")
    tie_dialog = top(tour, TieDialog)
    await tour.look("tie dialog", ".dialog-title")
    await press(tour, *"Bob")
    await tour.look("tie dialog: picker options", "#picker-matches")
    await pick(tour, tie_dialog.query_one(PersonPicker), ["Bob"])
    await tour.look("tie dialog: picked chip", "#picker-chips")
    await paste(tour, "#relation-input", LINK)
    clear_toasts(tour)
    await press(tour, "ctrl+s")
    top(tour, PersonScreen)
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
    assert top(tour, PersonScreen).person.name == EVE
    await tour.look("person: met via and asks (Eve)", "#person-side")


async def note_tour(tour: Tour) -> None:
    await open_first_person(tour)
    await press(tour, "n")
    modal = top(tour, NoteModal)
    await tour.look("note: prefilled chip", "#picker-chips")
    modal.picker.focus()
    await press(tour, *"Bob")
    await tour.look("note: picker options", "#picker-matches")
    await paste(tour, "#picker-input", "Eve [/] Jr")
    await tour.look("note: new-person option", "#picker-matches")
    await paste(tour, "#picker-input", "Bob [ex-Googel]")  # a typo in someone's name
    await press(tour, "up", "enter")  # the new name, offered last: "Did you mean …?"
    top(tour, DidYouMeanModal)
    await tour.look("note: did-you-mean", ".confirm-message")
    await press(tour, "escape")  # back to the note, nothing picked
    top(tour, NoteModal)
    await pick(tour, modal.picker, [CLICK, "Bob", "Eve [/] Jr"])
    await tour.look("note: chips", "#picker-chips")
    await paste(tour, "#place-input", BOB)
    await paste(tour, "#summary-input", LINK)
    await paste(tour, "#follow_up-input", EVE)
    await tour.look("note: fields", "#note-dialog")
    clear_toasts(tour)
    await press(tour, "ctrl+s")
    top(tour, PersonScreen)
    await tour.look("note: saved notification", "Toast")


async def journal_tour(tour: Tour) -> None:
    await press(tour, "2")
    await tour.look("journal: rows", "#journal")
    await press(tour, "slash")
    await paste(tour, "#search", BOB)
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
    await paste(tour, "#search", f"{CLICK}nobody")
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
    await pick_row(tour, screen.query_one("#followups", RecordList), EVE)
    await press(tour, "greater_than_sign")
    top(tour, ReschedulePrompt)
    await tour.look("follow-ups: reschedule prompt", ".prompt-title")
    await press(tour, "escape")
    await press(tour, "E")
    top(tour, FollowUpDialog)
    await tour.look("follow-ups: edit dialog", "FollowUpDialog > Vertical")
    await press(tour, "escape")
    clear_toasts(tour)
    await press(tour, "X")
    await tour.look("follow-ups: deleted notification", "Toast")
    clear_toasts(tour)
    await press(tour, "u")
    await tour.look("follow-ups: restored notification", "Toast")
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
        Person(name=EVE, company=BOB, location=LINK),
    ]
    good.write_text(write_people_csv(rows), encoding="utf-8")

    async def steps(tour: Tour) -> None:
        await palette(tour, "import")
        await press(tour, "enter")
        top(tour, ImportModal)
        await paste(tour, "#import-path", str(missing))
        await press(tour, "enter")
        await tour.look("import: no-file error", "#field-path .field-message")
        await paste(tour, "#import-path", str(unreadable))
        await press(tour, "enter")
        await tour.app.workers.wait_for_complete()
        await tour.look("import: unreadable-file error", "#field-path .field-message")
        await paste(tour, "#import-path", str(good))
        clear_toasts(tour)
        await press(tour, "enter")
        await tour.app.workers.wait_for_complete()
        await tour.pause()
        await tour.look("import: summary notification", "Toast")
        await tour.look("import: imported people", "#people")

    return steps


async def raw_file_tour(tour: Tour) -> None:
    """Everywhere a stored value is shown, over a file whose values start with an escape."""
    await tour.look("raw file: people list", "#people")
    screen = await open_first_person(tour)
    await tour.look("raw file: person page")
    await press(tour, "e")
    top(tour, PersonForm)
    await tour.look("raw file: person form", "#form-fields")
    await press(tour, "escape")
    top(tour, PersonScreen)  # nothing typed, so nothing to discard: the form just closes
    await pick_row(tour, screen.timeline, BOB)
    await press(tour, "enter")
    top(tour, ConversationView)
    await tour.look("raw file: conversation view", "ConversationView > VerticalScroll")
    await press(tour, "escape", "p")
    top(tour, PrepModal)
    await tour.look("raw file: prep sheet", "PrepModal > VerticalScroll")
    await press(tour, "escape", "escape", "2")
    await pick_row(tour, tour.app.screen.query_one("#journal", RecordList), CLICK)
    await press(tour, "e")
    top(tour, NoteModal)
    await tour.look("raw file: journal edit", "#note-dialog")
    await press(tour, "escape", "5")
    await pick_row(tour, tour.app.screen.query_one("#asks", RecordList), BOB)
    await press(tour, "enter")
    top(tour, AskDialog)
    await tour.look("raw file: asks dialog", "AskDialog > Vertical")
    await press(tour, "escape", "3", *"Eve")
    await tour.look("raw file: refer completion", "#search")
    await press(tour, "right", "enter")
    await tour.look("raw file: refer tree", "#refer-tree")
    await palette(tour, "Eve")
    await tour.look("raw file: palette hits", "CommandList")


TOURS: dict[str, Callable[[Path], Step]] = {
    "person": lambda _: person_tour,
    "raw file": lambda _: raw_file_tour,
    "people": lambda _: people_tour,
    "journal": lambda _: journal_tour,
    "follow-ups": lambda _: follow_ups_tour,
    "note": lambda _: note_tour,
    "reconnect": lambda _: reconnect_tour,
    "import": import_tour,
    "refer": lambda _: refer_tour,
}
assert set(TOURS) == set(TOUR_VIEWS)


class TourRuns:
    """Each tour, run once in this process when one of its views is first checked. The checks
    of one tour are one xdist group, so they all run in the process that ran it, and the
    tours themselves spread over the workers."""

    def __init__(self, folders: pytest.TempPathFactory) -> None:
        self.folders = folders
        self.done = Tours()
        self.ran: set[str] = set()

    def of(self, tour: str) -> Tours:
        if tour not in self.ran:
            self.ran.add(tour)
            part = run_tour(tour, self.folders.mktemp(tour))
            self.done.seen.update(part.seen)
            self.done.errors.update(part.errors)
        return self.done


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> TourRuns:
    return TourRuns(tmp_path_factory)


def seen(runs: TourRuns, view: str) -> Seen:
    tours = runs.of(TOUR_OF[view])
    if view not in tours.seen:
        errors = "\n".join(f"--- {name} tour:\n{error}" for name, error in tours.errors.items())
        pytest.fail(f"{view!r} was never shown; the tours stopped early:\n{errors}")
    return tours.seen[view]


def grouped(tour: str) -> pytest.MarkDecorator:
    return pytest.mark.xdist_group(f"safety tour: {tour}")


PER_VIEW = pytest.mark.parametrize(
    "view", [pytest.param(view, marks=grouped(TOUR_OF[view]), id=view) for view in VIEWS]
)


# -- per view --------------------------------------------------------------------------------


@PER_VIEW
def test_user_text_is_shown_literally(runs: TourRuns, view: str) -> None:
    shown = seen(runs, view)
    text = _normalise(shown.text, view)
    missing = [mark for mark in VIEWS[view] if _normalise(mark, view) not in text]
    assert not missing, f"{view}: {missing} not shown literally in:\n{shown.text}"


@PER_VIEW
def test_no_escape_sequence_reaches_the_screen(runs: TourRuns, view: str) -> None:
    shown = seen(runs, view)
    found = [r for r in CONTROL_RESIDUE if r in shown.screen]
    assert not found, f"{view}: {found!r} on screen"


@PER_VIEW
def test_clicking_user_text_runs_nothing(runs: TourRuns, view: str) -> None:
    shown = seen(runs, view)
    assert shown.alive, f"{view}: a click on user text stopped the app"
    if any(mark in shown.text for mark in CLICKABLE):
        assert shown.clicks, f"{view}: no probe was clicked"


@pytest.mark.parametrize("tour", [pytest.param(t, marks=grouped(t), id=t) for t in TOURS])
def test_every_tour_ran_to_the_end(runs: TourRuns, tour: str) -> None:
    errors = runs.of(tour).errors
    assert tour not in errors, f"{tour}:\n{errors[tour]}"


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
    assert label.plain == safe.display_text(f"{probe} second line")  # one line, as typed
    assert not label.spans and not label.style


def test_plain_tree_keeps_text_labels_as_given() -> None:
    tree: safe.PlainTree[None] = safe.PlainTree("root")
    given = Text(CLICK, style="bold")
    label = tree.process_label(given)
    assert label.plain == CLICK and label.style == "bold"


@pytest.mark.parametrize("probe", PROBES)
def test_plain_tree_nodes_added_with_str_are_plain(probe: str) -> None:
    tree: safe.PlainTree[None] = safe.PlainTree(probe)
    node = tree.root.add(probe)
    leaf = node.add_leaf("placeholder")
    leaf.set_label(probe)
    for label in (tree.root.label, node.label, leaf.label):
        assert isinstance(label, Text)
        assert label.plain == safe.display_text(probe) and not label.spans


def test_probes_reach_the_records_cleaned(tmp_path: Path) -> None:
    """The premise of the tours: the OSC probe is stored without its escape."""
    notebook = build_notebook(tmp_path / "n.json")
    try:
        names = sorted(p.name for p in notebook.people.all())
        assert names == sorted([CLICK, EVE, BOB, LINK, "Zed"])
    finally:
        notebook.close()
