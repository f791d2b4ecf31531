"""The views shared by the screens and the shell (views.py), on real notebook files: each view
answers with the view model's records in its order, each row says what both outputs show, and
rows are worded from the notebook's today when they are built."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import FrozenInstanceError
from datetime import date, timedelta
from pathlib import Path

import pytest
from rich.cells import cell_len

from notebook import dates, report
from notebook.records import Person
from notebook.viewmodel import Notebook, NotFoundError
from notebook.views import (
    PROFILE_FACTS,
    AsksView,
    ConversationsView,
    FollowUpsView,
    PeopleView,
    PersonView,
    PrepView,
    ReconnectView,
    TiesView,
    names_of,
)
from notebook.words import (
    ask_status_words,
    cadence_words,
    overdue_words,
    relationship_words,
    strength_dots,
)

from .conftest import TODAY


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


@pytest.fixture
def nb(tmp_path: Path) -> Iterator[Notebook]:
    notebook = Notebook.open(tmp_path / "nb.json", today=TODAY)
    yield notebook
    notebook.close()


@pytest.fixture
def demo(demo_file: Path, open_notebook: Callable[[Path], Notebook]) -> Notebook:
    return open_notebook(demo_file)


def person(nb: Notebook, name: str, **fields: object) -> int:
    return nb.people.add(Person(name=name, **fields)).id or 0  # type: ignore[arg-type]


# -- chaining --------------------------------------------------------------------------------


def test_each_step_is_a_new_view_and_views_cannot_change(nb: Notebook) -> None:
    everyone = ReconnectView(nb)
    mentors = everyone.tagged("mentor")
    assert (everyone.tag, mentors.tag) == (None, "mentor")
    assert everyone.tagged("  ").tag is None  # a blank filter box is everyone
    with pytest.raises(FrozenInstanceError):
        mentors.tag = "x"  # type: ignore[misc]
    people = PeopleView(nb)
    assert people.matching("dana").ordered_by("overdue") == PeopleView(nb, "dana", "overdue")
    assert people == PeopleView(nb)


# -- reconnect -------------------------------------------------------------------------------


def test_reconnect_rows_are_the_stale_list_in_its_order(demo: Notebook) -> None:
    rows = ReconnectView(demo).rows()
    assert [r.id for r in rows] == [e.person.id for e in demo.upkeep.stale()]
    assert [r.id for r in ReconnectView(demo).first(3).rows()] == [r.id for r in rows[:3]]
    tag = next(t for r in rows for t in r.person.tags)
    tagged = ReconnectView(demo).tagged(tag).rows()
    assert [r.id for r in tagged] == [e.person.id for e in demo.upkeep.stale(tag=tag)]


def test_a_reconnect_row_says_how_late_and_what_was_last_said(nb: Notebook) -> None:
    ann = person(nb, "Ann", cadence_days=30)
    nb.conversations.note([ann], when=ago(50), summary="Old news")
    nb.conversations.note([ann], when=ago(40), summary="Lunch plans\nand more")
    (row,) = ReconnectView(nb).rows()
    assert (row.name, row.last_talked, row.last_talked_words) == ("Ann", ago(40), "1 month ago")
    assert (row.talked, row.days_overdue, row.overdue_words) == (True, 10, "10 days")
    assert row.last_topic == "Lunch plans"
    assert row.cadence_words == "every 30 days (set)"


def test_someone_never_talked_to_is_not_yet_due_never_years_late(nb: Notebook) -> None:
    person(nb, "Cold", cadence_days=14, connected_on=ago(2000))
    (row,) = ReconnectView(nb).rows()
    assert (row.talked, row.last_talked, row.last_talked_words) == (False, None, "never")
    assert (row.days_overdue, row.overdue_words, row.last_topic) == (None, "not yet", "")
    assert row.staleness.days_overdue > 1900  # what the view model counts, not said
    assert report.stale_rows([row])[0]["days_overdue"] is None
    assert report.stale_table([row]).splitlines()[1].split()[-1:] == ["yet"]


# -- follow-ups ------------------------------------------------------------------------------


def test_follow_up_rows_are_the_view_models_open_and_overdue_ones(demo: Notebook) -> None:
    assert [r.id for r in FollowUpsView(demo).rows()] == [f.id for f in demo.follow_ups.open()]
    overdue = FollowUpsView(demo).overdue().rows()
    assert [r.id for r in overdue] == [f.id for f in demo.follow_ups.overdue()]
    assert overdue and all(r.overdue and r.overdue_words.startswith("overdue ") for r in overdue)
    pid = overdue[0].people[0]
    mine = FollowUpsView(demo).of(pid).rows()
    assert [r.id for r in mine] == [f.id for f in demo.follow_ups.open(pid)]


def test_a_follow_up_row_says_who_when_and_where_it_was_promised(nb: Notebook) -> None:
    ann, bob = person(nb, "Ann"), person(nb, "Bob")
    talk = nb.conversations.note([ann, bob], when=ago(3), summary="Coffee\nlong").interaction
    nb.follow_ups.add([ann, bob], "send deck\nand notes", due=ago(2), interaction=talk.id)
    (row,) = FollowUpsView(nb).rows()
    assert (row.who, row.others, row.headline, row.owed_words) == (
        "Ann, Bob",
        "Ann, Bob",
        "send deck",
        "I owe",
    )
    assert (row.due, row.due_words, row.overdue, row.overdue_words) == (
        ago(2),
        "2 days ago",
        True,
        "overdue 2 days",
    )
    assert (row.source_day, row.source) == (ago(3), f"{ago(3).isoformat()} Coffee")
    (on_anns_page,) = FollowUpsView(nb).of(ann).rows()
    assert on_anns_page.others == "Bob"  # the page says whose it is
    nb.follow_ups.add([bob], "they send a link", by="them")
    undated = FollowUpsView(nb).rows()[-1]
    assert (undated.due_words, undated.overdue, undated.owed_words) == ("", False, "they owe")
    assert undated.source == ""


def test_rows_are_worded_from_the_notebooks_today_when_built(nb: Notebook) -> None:
    ann = person(nb, "Ann")
    nb.follow_ups.add([ann], "call back", due=TODAY + timedelta(days=1))
    view = FollowUpsView(nb)  # made before the day turns, as a screen makes it
    before = view.rows()[0]
    assert (before.due_words, before.overdue, before.due_today) == ("tomorrow", False, False)
    nb._today = TODAY + timedelta(days=1)
    assert (view.rows()[0].due_words, view.rows()[0].due_today) == ("today", True)
    nb._today = TODAY + timedelta(days=3)
    after = view.rows()[0]
    assert (after.due_words, after.overdue, after.overdue_words) == (
        "2 days ago",
        True,
        "overdue 2 days",
    )
    assert [r.id for r in view.overdue().rows()] == [after.id]


# -- asks ------------------------------------------------------------------------------------


def test_ask_rows_say_the_status_and_whether_to_nudge(nb: Notebook) -> None:
    ann = person(nb, "Ann")
    old = nb.asks.add("Acme", ann, asked_on=ago(20))
    nb.asks.add("Globex", ann, asked_on=ago(1), status="agreed")
    nb.asks.add("Initech", ann, asked_on=ago(30), status="no")
    rows = AsksView(nb).awaiting_answer().rows()
    assert [r.target for r in rows] == ["Globex", "Acme"]  # newest first, closed ones out
    assert [r.status_words for r in rows] == ["agreed to refer me", "asked, no answer yet"]
    assert [r.needs_nudge for r in rows] == [False, True]
    assert [r.id for r in AsksView(nb).awaiting_answer().needing_nudge().rows()] == [old.id]
    assert (rows[1].person_name, rows[1].asked_words) == ("Ann", "2 weeks ago")
    assert len(AsksView(nb).of(ann).rows()) == 3


# -- conversations and ties ------------------------------------------------------------------


def test_conversation_rows_for_the_journal_and_a_timeline(nb: Notebook) -> None:
    ann, bob = person(nb, "Ann"), person(nb, "Bob")
    nb.conversations.note([ann, bob], when=ago(1), summary="Bakery chat", kind="chance meeting")
    nb.conversations.note([ann], when=ago(9), summary="Call about roles", kind="call")
    nb.conversations.note([bob], when=ago(2), summary="Bob alone")
    journal = ConversationsView(nb).rows()
    assert [r.headline for r in journal] == ["Bakery chat", "Bob alone", "Call about roles"]
    first = journal[0]
    assert (first.who, first.others, first.day_words) == ("Ann, Bob", "Ann, Bob", "yesterday")
    assert first.spelled_day == dates.spelled(ago(1)) == "Tue 24 Nov 2026"
    timeline = ConversationsView(nb).of(ann).rows()
    assert [(r.headline, r.others) for r in timeline] == [
        ("Bakery chat", "Bob"),
        ("Call about roles", ""),
    ]
    assert [r.headline for r in ConversationsView(nb).of(ann).matching("roles").rows()] == [
        "Call about roles"
    ]
    assert [r.headline for r in ConversationsView(nb).matching("bob").rows()] == [
        "Bakery chat",
        "Bob alone",
    ]


def test_someone_forgotten_is_left_out_of_the_names(nb: Notebook) -> None:
    ann, bob = person(nb, "Ann"), person(nb, "Bob")
    assert names_of(nb, (ann, bob, 999)) == "Ann, Bob"
    assert names_of(nb, (ann, bob), leaving_out=ann) == "Bob"


def test_tie_rows_strongest_first(nb: Notebook) -> None:
    ann, bob, cid = person(nb, "Ann"), person(nb, "Bob"), person(nb, "Cid")
    nb.ties.add(ann, bob, relation="colleague", strength=2, note="met at work\nlong ago")
    nb.ties.add(ann, cid, relation="friend", strength=5)
    rows = TiesView(nb).of(ann).rows()
    assert [(r.name, r.strength_dots) for r in rows] == [("Cid", "●●●●●"), ("Bob", "●●○○○")]
    assert (rows[1].relation, rows[1].note_headline) == ("colleague", "met at work")


# -- people ----------------------------------------------------------------------------------


def test_people_rows_follow_people_view(demo: Notebook) -> None:
    for order in ("name", "last contact", "overdue"):
        view = PeopleView(demo).ordered_by(order)
        assert [r.id for r in view.rows()] == [p.id for p in demo.people.listing("", order)]
    found = PeopleView(demo).matching("a").rows()
    assert [r.id for r in found] == [p.id for p in demo.people.listing("a")]


def test_a_person_row_marks_only_what_needs_attention(nb: Notebook) -> None:
    late = person(nb, "Late", cadence_days=10)
    nb.conversations.note([late], when=ago(40), summary="x", follow_up="write", due=ago(1))
    person(nb, "Cold")
    snoozed = person(nb, "Snoozed", snoozed_until=TODAY + timedelta(days=5))
    rows = {r.name: r for r in PeopleView(nb).rows()}
    assert (rows["Late"].status_words, rows["Late"].status_tone) == ("overdue 4 weeks", "warning")
    assert rows["Late"].overdue_follow_ups == 1
    assert (rows["Cold"].status_words, rows["Cold"].last_talked_words) == ("", "never")
    assert (rows["Snoozed"].status_words, rows["Snoozed"].status_tone) == ("snoozed", "muted")
    assert rows["Snoozed"].id == snoozed


# -- a person's page and the prep sheet ------------------------------------------------------


def test_a_person_page_says_every_fact_in_order(nb: Notebook) -> None:
    bob = person(nb, "Bob")
    ann = person(
        nb,
        "Ann",
        title="Engineer",
        company="Acme",
        emails=("a@x.org", "ann@y.org"),
        met_via=bob,
        connected_on=ago(400),
    )
    nb.conversations.note([ann], when=ago(21), summary="Lunch")
    nb.asks.add("Acme", ann, asked_on=ago(3))
    page = PersonView(nb, ann).page()
    assert [f.key for f in page.profile] == [key for key, _ in PROFILE_FACTS]
    facts = {f.key: f for f in page.profile}
    assert (facts["emails"].value, facts["met_via"].value) == ("a@x.org\nann@y.org", "Bob")
    assert facts["connected_on"].value == ago(400).isoformat()
    relationship = {f.key: f for f in page.relationship}
    assert relationship["last_talked"].value == f"3 weeks ago ({ago(21).isoformat()})"
    assert relationship["cadence"].value == cadence_words(nb.upkeep.cadence(ann))
    assert (relationship["status"].value, relationship["status"].tone) == relationship_words(
        nb.upkeep.status(ann), TODAY
    )
    assert [(a.target, a.status_words) for a in page.asks] == [("Acme", "asked, no answer yet")]
    nb.people.forget(bob)
    assert {f.key: f.value for f in PersonView(nb, ann).page().profile}["met_via"] == ""
    nb.people.forget(ann)
    with pytest.raises(NotFoundError):
        PersonView(nb, ann).page()


def test_a_page_for_someone_never_talked_to(nb: Notebook) -> None:
    ann = person(nb, "Ann")
    (last, *_) = PersonView(nb, ann).page().relationship
    assert (last.value, last.tone) == ("never", "muted")


def test_the_prep_sheet_is_the_view_models_in_rows(demo: Notebook) -> None:
    richest = max(demo.people.all(), key=lambda p: len(demo.follow_ups.open(p.id)))
    pid = richest.id or 0
    sheet = PrepView(demo, pid).sheet()
    page = PrepView(demo, pid).page()
    assert [c.id for c in page.recent] == [i.id for i in sheet.recent]
    assert [f.id for f in page.i_owe] == [f.id for f in sheet.i_owe]
    assert [f.id for f in page.they_owe] == [f.id for f in sheet.they_owe]
    assert [t.other_id for t in page.mutual] == [v.other.id for v in sheet.mutual]
    assert (page.other_ties, page.stale) == (sheet.other_ties, sheet.staleness.is_stale)
    assert page.last_talked == demo.upkeep.last_talked(pid)


def test_a_prep_sheet_never_calls_a_connect_date_a_talk(nb: Notebook) -> None:
    ann = person(nb, "Ann", connected_on=ago(300))
    page = PrepView(nb, ann).page()
    assert (page.last_talked, page.last_talked_words) == (None, "never")
    assert report.prep_data(page)["last_talked"] is None


def test_prep_text_indents_each_item_under_its_heading(nb: Notebook) -> None:
    ann, bob = person(nb, "Ann"), person(nb, "Bob")
    nb.conversations.note(
        [ann, bob], when=ago(2), summary="  Coffee  ", follow_up="send cv", due=ago(1)
    )
    nb.conversations.note([bob], when=ago(1), summary="Bob")
    nb.ties.add(ann, bob, relation="friend")
    nb.asks.add("Acme", ann, asked_on=ago(4))
    lines = report.prep_text(PrepView(nb, ann).page()).splitlines()
    start = lines.index("Last conversations:")
    assert lines[start + 1] == f"  {ago(2).isoformat()} (2 days ago), in person: Coffee"
    assert lines[lines.index("You owe them:") + 1] == f"  send cv (due {ago(1).isoformat()})"
    assert lines[lines.index("Referral asks:") + 1] == f"  Acme: asked on {ago(4).isoformat()}"
    assert lines[lines.index("People you both know:") + 1] == "  Bob, friend"


def test_a_prep_sheet_leaves_the_archived_out_of_who_you_both_know(nb: Notebook) -> None:
    """Refer leaves them out of every path; the sheet listed them among people to mention."""
    ann, bob, cy = person(nb, "Ann"), person(nb, "Bob"), person(nb, "Cy")
    for other in (bob, cy):
        nb.conversations.note([other], when=ago(1))
        nb.ties.add(ann, other, relation="friend")
    nb.people.archive(cy, True)
    page = PrepView(nb, ann).page()
    assert [row.name for row in page.mutual] == ["Bob"]


# -- words -----------------------------------------------------------------------------------


def test_the_words() -> None:
    assert overdue_words(27) == "overdue 3 weeks"
    assert ask_status_words("interview") == "outcome: interview"
    assert ask_status_words("ghosted\x1b[31m") == "ghosted"  # a newer file's status, as is
    assert strength_dots(3) == "●●●○○"
    assert dates.spelled(date(2026, 12, 7)) == "Mon 7 Dec 2026"
    assert dates.resolved("2026-12-07", TODAY) == dates.spelled(date(2026, 12, 7))


def test_shell_tables_line_up_in_the_cells_a_terminal_gives_wide_letters() -> None:
    """A Chinese name or an emoji takes two cells a letter: padded by letters, the rows after
    it were pushed right."""
    rows = [{"name": "王小明😀", "company": "送る"}, {"name": "Ann Lee", "company": "Acme"}]
    lines = report.table(rows, ["name", "company"]).splitlines()
    # Each company starts in the same column of the terminal.
    starts = []
    for line in lines:
        name, _, rest = line.partition("  ")
        starts.append(cell_len(name) + 2 + (len(rest) - len(rest.lstrip(" "))))
    assert len(set(starts)) == 1, lines
    assert lines[1].split() == ["王小明😀", "送る"]
