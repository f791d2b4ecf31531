"""The prep sheet: everything to glance at before meeting someone."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ..screens.base import Dialog
from ..themes import MUTED
from ..views import FollowUpRow, PrepPage
from ..widgets.safe import display_text, plain


def _section(title: str, lines: list[Content], empty: str) -> Content:
    body = lines or [Content.styled(empty, MUTED)]
    return Content("\n").join([Content.styled(title, "bold $text-accent"), *body])


def _follow_up_line(row: FollowUpRow) -> Content:
    due = f"  due {row.due.isoformat()}" if row.due else ""
    return Content.assemble("• ", plain(row.text), (due, MUTED))


def prep_content(page: PrepPage) -> Content:
    """The sheet as sections; every user string is plain text."""
    header = Content.assemble(plain(page.name, style="bold"), "  ", plain(page.role, style=MUTED))
    met = [
        Content.assemble(
            plain(page.how_met or "not noted"),
            *((" — through ", plain(page.met_via)) if page.met_via else ()),
        )
    ]
    recent = [
        Content.assemble(
            (f"{c.day_words}, {display_text(c.kind)}", MUTED),
            (f" at {display_text(c.place)}" if c.place else "", MUTED),
            ": ",
            plain(c.summary),
        )
        for c in page.recent
    ]
    asks = [
        Content.assemble(
            "• ",
            plain(a.target),
            # Asked on that day; the status may have come later ("since" it was not).
            (f"  {a.status_words}; asked on {a.asked_on.isoformat()}", MUTED),
        )
        for a in page.asks
    ]
    mutual = [
        Content.assemble(
            "• ",
            plain(t.name),
            (f"  {display_text(t.relation)}" if t.relation else "", MUTED),
        )
        for t in page.mutual
    ]
    if page.other_ties:
        mutual.append(Content.styled(f"and {page.other_ties} more you have never talked to", MUTED))
    sections = [
        header,
        _section("How you met", met, ""),
        _section("Last conversations", recent, "None noted yet."),
        _section("You owe them", [_follow_up_line(f) for f in page.i_owe], "Nothing."),
        _section("They owe you", [_follow_up_line(f) for f in page.they_owe], "Nothing."),
        _section("Referral asks", asks, "None."),
        _section("People you both know", mutual, "No ties noted."),
    ]
    return Content("\n\n").join(sections)


class PrepModal(Dialog[None]):
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

    def __init__(self, page: PrepPage) -> None:
        super().__init__()
        self.page = page

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Prep sheet"
            yield Static(prep_content(self.page))

    def action_close(self) -> None:
        self.dismiss()
