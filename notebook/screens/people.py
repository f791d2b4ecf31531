"""People: everyone in the notebook, searchable as you type and sortable."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import var
from textual.widgets import Footer, Input, Static

from .. import dates
from ..records import Person
from ..userconfig import downloads_folder
from ..viewmodel import PEOPLE_ORDERS, Notebook, PeopleOrder
from ..widgets.record_list import Cell, Column, RecordList
from ..widgets.safe import notify, plain
from ..words import relationship_words
from .base import FAILED, NotebookScreen
from .person import PersonScreen


def staleness_cell(notebook: Notebook, person: Person) -> Cell:
    """A short marker of how the relationship stands; nothing for a cold contact (thousands
    of imported connections would fill the column with the same words)."""
    status = notebook.upkeep.status(person.id or 0)
    if status.kind in ("cold", "on track"):
        return ""
    if status.kind == "snoozed":
        return ("snoozed", "muted")  # until when is on their page: the column is narrow
    return relationship_words(status, notebook.today)


def people_columns(notebook: Notebook) -> list[Column[Person]]:
    def last_contact(person: Person) -> Cell:
        last = notebook.upkeep.last_talked(person.id or 0)
        return dates.ago(last, notebook.today) if last else ("never talked", "muted")

    def follow_ups(person: Person) -> Cell:
        overdue = len(notebook.follow_ups.overdue(person.id))
        return (f"{overdue} overdue", "error") if overdue else ""

    return [
        Column("Name", lambda p: p.name, min_width=18, weight=2),
        Column("Title @ company", lambda p: (p.role, "muted"), min_width=20, weight=3, priority=3),
        Column("Last talked", last_contact, width=14, priority=4),
        Column("Status", lambda p: staleness_cell(notebook, p), width=18, priority=5),
        Column("Follow-ups", follow_ups, width=10, priority=2),
    ]


class Welcome(Vertical):
    """What an empty notebook shows instead of an empty list: the ways in."""

    DEFAULT_CSS = """
    Welcome {
        height: 1fr;
        margin: 1 2;
        max-width: 100;
        & > Static { margin-bottom: 1; }
        & > Horizontal { height: auto; margin-bottom: 1; }
        & .welcome-key { width: 5; padding-left: 2; color: $text-accent; text-style: bold; }
        & .welcome-text { width: 1fr; }
    }
    """

    WAYS_IN: ClassVar[tuple[tuple[str, str], ...]] = (
        ("i", "Import your contacts: LinkedIn's Connections.csv, a Google or Outlook CSV, or a "
              "vCard file. Downloads usually land in {downloads}."),
        ("a", "Add a person by hand."),
        ("n", "Note a conversation you just had: type a new name and they are added as you go."),
    )  # fmt: skip

    def compose(self) -> ComposeResult:
        yield Static(Content.styled("Welcome to your networking notebook.", "bold"))
        yield Static(
            "It keeps the people you meet, what you talked about, what you promised, and who "
            "could introduce you to whom. Three ways to start:",
            markup=False,
        )
        for key, text in self.WAYS_IN:
            with Horizontal():
                yield Static(key, classes="welcome-key", markup=False)
                yield Static(
                    plain(text.format(downloads=downloads_folder())), classes="welcome-text"
                )
        yield Static(
            Content.assemble(
                ("Just looking? ", "bold"),
                "Quit (q) and run ",
                ("notebook --demo", "bold $text-accent"),
                " for a made-up network to try everything on.",
            )
        )


class PeopleScreen(NotebookScreen):
    """Browse everyone: type to filter, enter to open, s to change the order."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "s", "sort", "Sort", id="people.sort", tooltip="Order by name, last contact or overdue"
        ),
        Binding(
            "v",
            "toggle_archive",
            "Archive",
            id="people.archived",
            tooltip="Show the archived people, or everyone else again",
        ),
        Binding(
            "A",
            "unarchive",
            "Bring back",
            id="people.unarchive",
            tooltip="Bring the highlighted person back from the archive",
        ),
        Binding(
            "i",
            "import_contacts",
            "Import",
            id="people.import",
            tooltip="Import contacts from a vCard or CSV file, or a notebook export",
        ),
    ]

    order: var[PeopleOrder] = var[PeopleOrder]("name")
    search_text: var[str] = var("")
    archived: var[bool] = var(False)  # the archive instead of everyone else

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Search people: name, company, title, tag, notes", id="search")
        yield RecordList[Person](
            people_columns(self.notebook), empty="Nobody matches.", id="people"
        )
        yield Welcome(id="welcome")
        with Horizontal(classes="status-bar"):
            yield Static(id="people-count")
            yield Static(id="people-order")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(RecordList).focus()

    @property
    def people_list(self) -> RecordList[Person]:
        return self.query_one("#people", RecordList)

    def refresh_data(self) -> None:
        listing = self.people_list
        notebook = self.notebook
        people = notebook.people.listing(self.search_text, self.order, archived=self.archived)
        listing.set_items(people, keep=listing.highlighted)
        everyone = notebook.people.count()
        archived = notebook.people.archived_count()
        # An empty notebook shows the ways in; the list comes back with the first person.
        self.query_one("#welcome").display = everyone == 0
        listing.display = everyone > 0
        if self.archived:
            listing.empty = (
                "Nobody archived matches."
                if self.search_text.strip()
                else ("Nobody is archived: A on a person's page archives them.")
            )
            total, what = archived, "archived"
        else:
            listing.empty = "Nobody matches."
            total = everyone - archived
            what = "person" if total == 1 else "people"
        shown = (
            f"{len(people):,} of {total:,} {what}"
            if self.search_text.strip()
            else f"{total:,} {what}"
        )
        if self.archived:
            shown += " · A brings one back" if people else ""
            shown += " · v shows everyone else"
        elif archived:
            shown += f" · {archived:,} archived (v)"
        self.query_one("#people-count", Static).update(shown)
        self.refresh_bindings()
        order = "relevance" if self.search_text.strip() and self.order == "name" else self.order
        self.query_one("#people-order", Static).update(f"sorted by {order} · s to change")

    def watch_order(self) -> None:
        if self.is_mounted:
            self.refresh_data()
            # A new order is read from its top: the most overdue first, not wherever the
            # highlighted person moved to.
            self.people_list.action_first()

    def watch_search_text(self) -> None:
        if self.is_mounted:
            self.refresh_data()

    def watch_archived(self) -> None:
        if self.is_mounted:
            self.refresh_data()
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "unarchive":
            # Only the archive has anyone to bring back, and only if someone is in it.
            return self.archived and self.is_mounted and bool(self.people_list.items)
        return super().check_action(action, parameters)

    def action_toggle_archive(self) -> None:
        self.archived = not self.archived

    def action_unarchive(self) -> None:
        person = self.people_list.highlighted
        if person is None or person.id is None:
            self.app.bell()
            return
        pid = person.id
        if self.attempt(lambda: self.notebook.people.archive(pid, False)) is FAILED:
            return
        notify(self.app, f"Brought {person.name} back from the archive")

    def action_import_contacts(self) -> None:
        # Imported here: the readers of every contact format aren't needed to start the app.
        from ..modals.import_file import ImportModal

        self.app.push_screen(ImportModal())

    def action_sort(self) -> None:
        self.order = PEOPLE_ORDERS[(PEOPLE_ORDERS.index(self.order) + 1) % len(PEOPLE_ORDERS)]

    def focus_search(self) -> bool:
        self.query_one("#search", Input).focus()
        return True

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        self.search_text = event.value

    @on(Input.Submitted, "#search")
    def search_submitted(self) -> None:
        self.people_list.focus()

    @on(RecordList.Selected, "#people")
    def open_person(self, event: RecordList.Selected) -> None:
        if event.item is not None and event.item.id is not None:
            self.app.push_screen(PersonScreen(event.item.id))
