"""Reconnect: relationships past their cadence, most overdue first."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.reactive import var
from textual.widgets import Input, Static

from ..modals.person_actions import CadenceDialog, SnoozeDialog, snoozed_words
from ..model.upkeep import Staleness
from ..records import Person
from ..views import ReconnectRow, ReconnectView
from ..widgets.footer import Footer
from ..widgets.line_input import LineInput
from ..widgets.record_list import Column, RecordList
from ..widgets.safe import notify, plain
from ..widgets.view_rows import RowsOf
from .base import NotebookScreen, action_key, dialog_flow, key_line
from .person import PersonScreen


def reconnect_columns() -> list[Column[ReconnectRow]]:
    return [
        Column("Name", lambda r: r.name, min_width=16, weight=2),
        Column("Company", lambda r: r.company, min_width=12, weight=1, priority=2),
        Column(
            "Last talked",
            lambda r: r.last_talked_words if r.last_talked else (r.last_talked_words, "muted"),
            width=14,
            priority=4,
        ),
        Column(
            "Cadence",
            lambda r: (f"{r.cadence.days} d, {r.cadence.source}", "muted"),
            width=15,
            priority=1,
        ),
        # Never talked, with a rhythm set: the first conversation is due, not "5 years" late.
        Column(
            "Overdue", lambda r: (r.overdue_words, "warning" if r.talked else "accent"), width=10
        ),
        Column(
            "Last talked about",
            lambda r: (r.last_topic, "muted") if r.talked else "",
            min_width=20,
            weight=3,
            priority=5,
        ),
    ]


class ReconnectScreen(NotebookScreen):
    """Who you have let go quiet. n notes a conversation (which resets the clock)."""

    ROW_ACTIONS: ClassVar[Mapping[str, str]] = dict.fromkeys(("snooze", "cadence"), "listing")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "s",
            "snooze",
            "Snooze",
            id="reconnect.snooze",
            tooltip="Hide them for 2 weeks or until a date",
        ),
        Binding(
            "c", "cadence", "Cadence", id="reconnect.cadence", tooltip="How often to keep in touch"
        ),
    ]

    tag: var[str] = var("")

    def __init__(self) -> None:
        super().__init__()
        self.row_of = RowsOf[Staleness, ReconnectRow](lambda entry: self.view.row(entry))

    @property
    def view(self) -> ReconnectView:
        return ReconnectView(self.notebook).tagged(self.tag)

    def compose(self) -> ComposeResult:
        yield LineInput(placeholder="Filter by tag, e.g. mentor or former colleague", id="search")
        yield RecordList[Staleness](
            self.row_of.columns(reconnect_columns()),
            empty="Nobody is overdue. Well kept!",
            # A row is its person's, whatever their days overdue: so the cursor stays on them
            # as those change, and when they leave the list (a note), on the row that took
            # their place, the next one down.
            key=_person_id,
            id="reconnect",
        )
        with Horizontal(classes="status-bar"):
            yield Static(id="reconnect-count")
            keys = [("note", "note"), ("reconnect.snooze", "snooze")]
            keys += [("reconnect.cadence", "cadence"), ("list.open", "open")]
            yield Static(key_line(self.app, keys), id="reconnect-keys")
        yield Footer()

    def on_mount(self) -> None:
        self.set_focus(self.listing)

    @property
    def listing(self) -> RecordList[Staleness]:
        return self.query_one("#reconnect", RecordList)

    def refresh_data(self) -> None:
        entries = self.view.records()
        self.row_of.forget()
        tagged = self.tag.strip()
        if not self.notebook.people.count():
            empty = (
                "No one yet: people appear here when it is time to talk again. "
                f"{action_key(self.app, 'add_person')} adds someone."
            )
        elif tagged:
            empty = f"Nobody tagged {tagged!r} is overdue."
        else:
            empty = "Nobody is overdue. Well kept!"
        self.listing.empty = empty
        self.listing.set_items(entries, keep=self.listing.highlighted)
        tag = f" tagged {tagged!r}" if tagged else ""
        self.query_one("#reconnect-count", Static).update(
            plain(f"{len(entries):,} relationships{tag} overdue, most overdue first")
        )
        # Its keys act on someone listed: with nobody, the list says what to do instead.
        self.query_one("#reconnect-keys", Static).display = bool(entries)

    def watch_tag(self) -> None:
        if self.is_mounted:
            self.refresh_data()

    @on(Input.Changed, "#search")
    def tag_changed(self, event: Input.Changed) -> None:
        self.tag = event.value

    @on(Input.Submitted, "#search")
    def tag_submitted(self) -> None:
        self.listing.focus()

    def focus_search(self) -> bool:
        self.query_one("#search", Input).focus()
        return True

    def _person(self) -> Person | None:
        entry = self.listing.highlighted
        return entry.person if entry else None

    def note_subject(self) -> tuple[int, ...]:
        person = self._person()
        return (person.id,) if person and person.id and self.listing.has_focus else ()

    @on(RecordList.Selected, "#reconnect")
    def open_person(self, event: RecordList.Selected) -> None:
        self.app.push_screen(PersonScreen(event.item.person.id or 0))

    @dialog_flow
    async def action_snooze(self) -> None:
        person = self._person()
        if person is None:
            self.app.bell()
            return
        saved = await self.app.push_screen_wait(
            SnoozeDialog(self.notebook.people.get(person.id or 0))
        )
        if saved is not None:
            notify(self.app, snoozed_words(saved))

    def action_cadence(self) -> None:
        person = self._person()
        if person is None:
            self.app.bell()
            return
        self.app.push_screen(CadenceDialog(self.notebook.people.get(person.id or 0)))


def _person_id(entry: Staleness) -> object:
    return entry.person.id
