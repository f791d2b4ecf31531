"""The prep sheet: everything to glance at before meeting someone."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from .. import dates
from ..records import FollowUp
from ..viewmodel import PrepSheet
from ..widgets.safe import display_text, plain
from .ask import status_words


def _section(title: str, lines: list[Content], empty: str) -> Content:
    body = lines or [Content.styled(empty, "$text-muted")]
    return Content("\n").join([Content.styled(title, "bold $text-accent"), *body])


def _follow_up_line(follow_up: FollowUp) -> Content:
    due = f"  due {follow_up.due.isoformat()}" if follow_up.due else ""
    return Content.assemble("• ", plain(follow_up.text), (due, "$text-muted"))


def prep_content(sheet: PrepSheet, today: date) -> Content:
    """The sheet as sections; every user string is plain text."""
    person = sheet.person
    header = Content.assemble(
        plain(person.name, style="bold"), "  ", plain(person.role, style="$text-muted")
    )
    met = [
        Content.assemble(
            plain(person.how_met or "not noted"),
            *((" — through ", plain(sheet.met_via.name)) if sheet.met_via else ()),
        )
    ]
    recent = [
        Content.assemble(
            (f"{dates.ago(i.day, today)}, {display_text(i.kind)}", "$text-muted"),
            (f" at {display_text(i.place)}" if i.place else "", "$text-muted"),
            ": ",
            plain(i.summary),
        )
        for i in sheet.recent
    ]
    asks = [
        Content.assemble(
            "• ",
            plain(a.target),
            (f"  {status_words(a.status)}, since {a.asked_on}", "$text-muted"),
        )
        for a in sheet.asks
    ]
    mutual = [
        Content.assemble(
            "• ",
            plain(v.other.name),
            (f"  {display_text(v.tie.relation)}" if v.tie.relation else "", "$text-muted"),
        )
        for v in sheet.mutual
    ]
    if sheet.other_ties:
        mutual.append(
            Content.styled(f"and {sheet.other_ties} more you have never talked to", "$text-muted")
        )
    sections = [
        header,
        _section("How you met", met, ""),
        _section("Last conversations", recent, "None noted yet."),
        _section("You owe them", [_follow_up_line(f) for f in sheet.i_owe], "Nothing."),
        _section("They owe you", [_follow_up_line(f) for f in sheet.they_owe], "Nothing."),
        _section("Referral asks", asks, "None."),
        _section("People you both know", mutual, "No ties noted."),
    ]
    return Content("\n\n").join(sections)


class PrepModal(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,p,q", "close", "Close", id="prep.close", tooltip="Close the prep sheet"),
    ]
    DEFAULT_CSS = """
    PrepModal { align: center middle; }
    PrepModal > VerticalScroll {
        width: 90; max-width: 100%; height: auto; max-height: 90%; padding: 1 2;
        background: $panel; border: thick $secondary;
    }
    """

    def __init__(self, sheet: PrepSheet, today: date) -> None:
        super().__init__()
        self.sheet = sheet
        self.today = today

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Prep sheet"
            yield Static(prep_content(self.sheet, self.today))

    def action_close(self) -> None:
        self.dismiss()
