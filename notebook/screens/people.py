"""People: everyone in the notebook, searchable as you type and sortable."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import var
from textual.widgets import Input, Static

from ..records import Person
from ..userconfig import downloads_folder
from ..viewmodel import PEOPLE_ORDERS, PeopleOrder
from ..views import PeopleView, PersonRow, person_row
from ..widgets.footer import Footer
from ..widgets.line_input import LineInput
from ..widgets.record_list import Column, RecordList
from ..widgets.safe import notify, plain
from ..widgets.view_rows import RowsOf
from .base import FAILED, NotebookScreen, action_key, key_name

# What the People list has always said under "Last talked" for someone never talked to (the
# row's own word, which Reconnect and the shell print, is "never").
NEVER_TALKED = "never talked"


def people_columns() -> list[Column[PersonRow]]:
    """The People list's columns, laying out PeopleView's rows: the status is the row's, by
    the one rule the Person page states in full (short here: nothing for a cold contact or
    one on track, "snoozed" without its end)."""
    return [
        Column("Name", lambda r: r.name, min_width=18, weight=2),
        Column("Title @ company", lambda r: (r.role, "muted"), min_width=20, weight=3, priority=3),
        Column(
            "Last talked",
            lambda r: r.last_talked_words if r.last_talked else (NEVER_TALKED, "muted"),
            width=14,
            priority=4,
        ),
        Column("Status", lambda r: (r.status_words, r.status_tone), width=18, priority=5),
        Column(
            "Follow-ups",
            lambda r: (f"{r.overdue_follow_ups} overdue", "error") if r.overdue_follow_ups else "",
            width=10,
            priority=2,
        ),
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
        & .welcome-key { padding: 0 2; color: $text-accent; text-style: bold; }
        & .welcome-text { width: 1fr; }
    }
    """

    KEY_COLUMN: ClassVar[int] = 16  # the widest a key is shown on one line
    # (the key's id, what it does)
    WAYS_IN: ClassVar[tuple[tuple[str, str], ...]] = (
        ("people.import", "Import your contacts: LinkedIn's Connections.csv, a Google or "
                          "Outlook CSV, or a vCard file. Downloads usually land in {downloads}."),
        ("add_person", "Add a person by hand."),
        ("note", "Note a conversation you just had: type a new name and they are added as you "
                 "go."),
    )  # fmt: skip

    def compose(self) -> ComposeResult:
        yield Static(Content.styled("Welcome to your networking notebook.", "bold"))
        yield Static(
            "It keeps the people you meet, what you talked about, what you promised, and who "
            "could introduce you to whom. Three ways to start:",
            markup=False,
        )
        keys = [key_name(self.app, ident) for ident, _ in self.WAYS_IN]
        # A keymap's "ctrl+n" stays on its line; a longer key wraps in its column, which
        # keeps two cells on either side.
        width = 4 + min(self.KEY_COLUMN, max(cell_len(key) for key in keys))
        for key, (_, text) in zip(keys, self.WAYS_IN, strict=True):
            with Horizontal():
                shown = Static(plain(key), classes="welcome-key")
                shown.styles.width = width
                yield shown
                yield Static(
                    plain(text.format(downloads=downloads_folder())), classes="welcome-text"
                )
        yield Static(
            Content.assemble(
                ("Just looking? ", "bold"),
                "Quit (",
                plain(key_name(self.app, "quit")),
                ") and run ",
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

    def __init__(self) -> None:
        super().__init__()
        # Rows are built for the people drawn, as of the day of the last refresh (one day for
        # every row of one answer), and forgotten on each refresh: a new day refreshes too.
        self._rows_day: date | None = None
        self.row_of = RowsOf[Person, PersonRow](self._row)

    @property
    def view(self) -> PeopleView:
        return (
            PeopleView(self.notebook)
            .matching(self.search_text)
            .ordered_by(self.order)
            .archived(self.archived)
        )

    def _row(self, person: Person) -> PersonRow:
        return person_row(self.notebook, person, self._rows_day or self.notebook.today)

    def compose(self) -> ComposeResult:
        yield LineInput(placeholder="Search people: name, company, title, tag, notes", id="search")
        yield RecordList[Person](
            self.row_of.columns(people_columns()), empty="Nobody matches.", id="people"
        )
        yield Welcome(id="welcome")
        with Horizontal(classes="status-bar"):
            yield Static(id="people-count")
            yield Static(id="people-order")
        yield Footer()

    def on_mount(self) -> None:
        self.set_focus(self.query_one(RecordList))

    @property
    def people_list(self) -> RecordList[Person]:
        return self.query_one("#people", RecordList)

    def refresh_data(self) -> None:
        listing = self.people_list
        notebook = self.notebook
        people = self.view.records()
        self.row_of.forget()
        self._rows_day = notebook.today
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
                else (
                    f"Nobody is archived: {key_name(self.app, 'person.archive')} on a "
                    "person's page archives them."
                )
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
            back = action_key(self, "unarchive")
            shown += f" · {back} brings one back" if people else ""
            shown += f" · {action_key(self, 'toggle_archive')} shows everyone else"
        elif archived:
            shown += f" · {archived:,} archived ({action_key(self, 'toggle_archive')})"
        self.query_one("#people-count", Static).update(plain(shown))  # keys a keymap names
        self.refresh_bindings()
        order = "relevance" if self.search_text.strip() and self.order == "name" else self.order
        self.query_one("#people-order", Static).update(
            plain(f"sorted by {order} · {action_key(self, 'sort')} to change")
        )

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
        from .person import PersonScreen

        if event.item is not None and event.item.id is not None:
            self.app.push_screen(PersonScreen(event.item.id))
