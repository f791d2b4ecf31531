"""Views: what the screens and the shell show, built once for both.

A view is an immutable question about the notebook, narrowed a step at a time, each step a new
view: `PeopleView(notebook).matching("dana").ordered_by("overdue")`,
`FollowUpsView(notebook).of(person_id).overdue()`, `ReconnectView(notebook).tagged("mentor")`.

- `records()` answers it with the view model's own records, in the view model's order: the
  rules (who is stale, which follow-up is overdue, which ask needs a nudge) are its parts',
  asked, never worked out again here. The prep sheet is the one view that gathers from several
  parts at once (`PrepView.sheet`): it has no rule of its own beyond what goes on it.
- `row(record)` turns one record into a frozen row holding what both outputs show: dates as
  dates, and the words for them. Each row type has one function that builds it
  (`reconnect_row`, `follow_up_row`, ...); the words come from words.py and dates.py.
- `rows()` is every row.

Rows read the notebook's today when they are built, never when the view is made: a view kept
for as long as a screen is open words the rows of each refresh as of that refresh's day.
The shell formats rows as tables or JSON (report.py); a screen lays them out in columns and
builds only the rows it draws (widgets/view_rows.py), so a list of 10,000 costs what is on
screen. No Textual here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Generic, Literal, TypeVar

from . import dates
from .graph import Warmth
from .model.upkeep import Cadence, RelationshipStatus, Staleness
from .records import FollowUp, Interaction, Person, ReferralAsk, Tie
from .viewmodel import Notebook, NotFoundError, PeopleOrder, TieView
from .words import (
    NOT_YET,
    Tone,
    ago,
    ask_status_words,
    cadence_words,
    overdue_words,
    owed_words,
    relationship_marker,
    relationship_words,
    strength_dots,
    talked_words,
)

T = TypeVar("T")
R = TypeVar("R")


def names_of(notebook: Notebook, people: Iterable[int], *, leaving_out: int | None = None) -> str:
    """The names of `people`, joined by commas; someone forgotten since is left out (the rest
    still say who was there), and so is `leaving_out` (whose page it is)."""
    names = []
    for person_id in people:
        if person_id == leaving_out:
            continue
        try:
            names.append(notebook.people.get(person_id).name)
        except NotFoundError:
            continue
    return ", ".join(names)


def first_line(text: str) -> str:
    return text.split("\n", 1)[0]


@dataclass(frozen=True)
class View(Generic[T, R]):
    """A question about the notebook: its records, and a row for each."""

    notebook: Notebook

    def records(self) -> list[T]:
        raise NotImplementedError

    def row_on(self, record: T, today: date) -> R:
        """The row for `record`, worded as of `today`."""
        raise NotImplementedError

    def row(self, record: T) -> R:
        """The row for `record`, worded as of the notebook's today now."""
        return self.row_on(record, self.notebook.today)

    def rows(self) -> list[R]:
        today = self.notebook.today  # one day for every row of one answer
        return [self.row_on(record, today) for record in self.records()]


# -- people ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonRow:
    """Someone in a list of everyone."""

    person: Person
    id: int
    name: str
    role: str
    last_talked: date | None
    last_talked_words: str  # "3 weeks ago", or "never"
    status: RelationshipStatus
    status_words: str  # the short form: "" for a cold contact or one on track
    status_tone: Tone
    overdue_follow_ups: int


def person_row(notebook: Notebook, person: Person, today: date) -> PersonRow:
    pid = person.id or 0
    last = notebook.upkeep.last_talked(pid)
    status = notebook.upkeep.status(pid)
    words, tone = relationship_marker(status, today)
    return PersonRow(
        person=person,
        id=pid,
        name=person.name,
        role=person.role,
        last_talked=last,
        last_talked_words=talked_words(last, today),
        status=status,
        status_words=words,
        status_tone=tone,
        overdue_follow_ups=len(notebook.follow_ups.overdue(pid)),
    )


@dataclass(frozen=True)
class PeopleView(View[Person, PersonRow]):
    """Everyone (or the archive), matching a search, in an order (People.listing)."""

    query: str = ""
    order: PeopleOrder = "name"
    archive: bool = False

    def matching(self, query: str) -> PeopleView:
        return replace(self, query=query)

    def ordered_by(self, order: PeopleOrder) -> PeopleView:
        return replace(self, order=order)

    def archived(self, archived: bool = True) -> PeopleView:
        """The archive instead of everyone else."""
        return replace(self, archive=archived)

    def records(self) -> list[Person]:
        return self.notebook.people.listing(self.query, self.order, archived=self.archive)

    def row_on(self, record: Person, today: date) -> PersonRow:
        return person_row(self.notebook, record, today)


# -- reconnect -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReconnectRow:
    """Someone whose last conversation is further back than their cadence."""

    staleness: Staleness
    person: Person
    id: int
    name: str
    company: str
    last_talked: date | None
    last_talked_words: str  # "3 months ago", or "never"
    cadence: Cadence
    cadence_words: str  # "every 60 days (inferred from history)"
    talked: bool  # ever; if not, the first conversation is what is due
    days_overdue: int | None  # None when never talked: no lateness counts from a connect date
    overdue_words: str  # "3 weeks", or "not yet"
    last_topic: str  # the headline of the last conversation


def reconnect_row(notebook: Notebook, entry: Staleness, today: date) -> ReconnectRow:
    person = entry.person
    pid = person.id or 0
    last = notebook.upkeep.last_talked(pid)
    timeline = notebook.conversations.timeline(pid)
    return ReconnectRow(
        staleness=entry,
        person=person,
        id=pid,
        name=person.name,
        company=person.company,
        last_talked=last,
        last_talked_words=talked_words(last, today),
        cadence=entry.cadence,
        cadence_words=cadence_words(entry.cadence),
        talked=entry.talked,
        days_overdue=entry.days_overdue if entry.talked else None,
        overdue_words=dates.span(entry.days_overdue) if entry.talked else NOT_YET,
        last_topic=timeline[0].headline if timeline else "",
    )


@dataclass(frozen=True)
class ReconnectView(View[Staleness, ReconnectRow]):
    """Relationships past their cadence, most overdue first (Upkeep.stale)."""

    tag: str | None = None
    limit: int | None = None

    def tagged(self, tag: str | None) -> ReconnectView:
        """Only people with this tag; a blank tag is everyone."""
        return replace(self, tag=(tag or "").strip() or None)

    def first(self, limit: int | None) -> ReconnectView:
        return replace(self, limit=limit)

    def records(self) -> list[Staleness]:
        return self.notebook.upkeep.stale(tag=self.tag, limit=self.limit)

    def row_on(self, record: Staleness, today: date) -> ReconnectRow:
        return reconnect_row(self.notebook, record, today)


# -- follow-ups ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FollowUpRow:
    """Something promised, by me or by them."""

    follow_up: FollowUp
    id: int
    people: tuple[int, ...]
    who: str  # everyone it is with
    others: str  # everyone it is with but the person whose page it is
    text: str
    headline: str  # the text's first line
    by: Literal["me", "them"]
    owed_words: str  # "I owe", "they owe"
    due: date | None
    due_words: str  # "in 2 days", "today", "3 weeks ago"; "" when undated
    due_today: bool
    overdue: bool
    overdue_words: str  # "overdue 2 weeks"; "" when not overdue
    source_day: date | None  # the conversation it was promised in
    source: str  # "2026-10-29 Gave me feedback on my resume."; "" when none


def follow_up_row(
    notebook: Notebook, follow_up: FollowUp, today: date, *, subject: int | None = None
) -> FollowUpRow:
    due = follow_up.due
    overdue = notebook.follow_ups.is_overdue(follow_up)
    who = names_of(notebook, follow_up.people)
    # Named again only where the page's own person is to be left out.
    mine = subject in follow_up.people
    others = names_of(notebook, follow_up.people, leaving_out=subject) if mine else who
    source = notebook.conversations.find(follow_up.interaction)
    return FollowUpRow(
        follow_up=follow_up,
        id=follow_up.id or 0,
        people=follow_up.people,
        who=who,
        others=others,
        text=follow_up.text,
        headline=first_line(follow_up.text),
        by=follow_up.by,
        owed_words=owed_words(follow_up.by),
        due=due,
        due_words=ago(due, today) if due else "",
        due_today=due == today,
        overdue=overdue,
        overdue_words=overdue_words((today - due).days) if overdue and due else "",
        source_day=source.day if source else None,
        source=f"{source.day.isoformat()} {source.headline}" if source else "",
    )


@dataclass(frozen=True)
class FollowUpsView(View[FollowUp, FollowUpRow]):
    """Open follow-ups, overdue and soonest due first, undated last (FollowUps.open);
    of one person, or only the overdue ones (FollowUps.is_overdue)."""

    person: int | None = None
    only_overdue: bool = False

    def of(self, person_id: int | None) -> FollowUpsView:
        return replace(self, person=person_id)

    def overdue(self) -> FollowUpsView:
        return replace(self, only_overdue=True)

    def records(self) -> list[FollowUp]:
        if self.only_overdue:
            return self.notebook.follow_ups.overdue(self.person)
        return self.notebook.follow_ups.open(self.person)

    def row_on(self, record: FollowUp, today: date) -> FollowUpRow:
        return follow_up_row(self.notebook, record, today, subject=self.person)


# -- referral asks ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AskRow:
    """A referral ask and how it went."""

    ask: ReferralAsk
    id: int
    person_id: int
    person_name: str
    target: str
    asked_on: date
    asked_words: str  # "2 weeks ago"
    status: str
    status_words: str  # "asked, no answer yet"
    needs_nudge: bool
    notes: str


def ask_row(notebook: Notebook, ask: ReferralAsk, today: date) -> AskRow:
    return AskRow(
        ask=ask,
        id=ask.id or 0,
        person_id=ask.person,
        person_name=names_of(notebook, (ask.person,)),
        target=ask.target,
        asked_on=ask.asked_on,
        asked_words=ago(ask.asked_on, today),
        status=ask.status,
        status_words=ask_status_words(ask.status),
        needs_nudge=notebook.asks.needs_nudge(ask),
        notes=ask.notes,
    )


@dataclass(frozen=True)
class AsksView(View[ReferralAsk, AskRow]):
    """Referral asks, newest first (Asks.all)."""

    person: int | None = None
    open_only: bool = False
    only_nudges: bool = False

    def of(self, person_id: int | None) -> AsksView:
        return replace(self, person=person_id)

    def awaiting_answer(self) -> AsksView:
        return replace(self, open_only=True)

    def needing_nudge(self) -> AsksView:
        """Only those quiet long enough for a reminder (Asks.needs_nudge)."""
        return replace(self, only_nudges=True)

    def records(self) -> list[ReferralAsk]:
        asks = self.notebook.asks
        if self.person is None:
            found = asks.all(open_only=self.open_only)
        else:
            found = asks.of(self.person, open_only=self.open_only)
        if self.only_nudges:
            return [a for a in found if asks.needs_nudge(a)]
        return found

    def row_on(self, record: ReferralAsk, today: date) -> AskRow:
        return ask_row(self.notebook, record, today)


# -- conversations ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ConversationRow:
    """A conversation, in the Journal or on someone's timeline."""

    interaction: Interaction
    id: int
    day: date
    day_words: str  # "3 weeks ago"
    spelled_day: str  # "Tue 24 Nov 2026"
    who: str  # everyone who was there
    others: str  # everyone but the person whose timeline it is
    kind: str
    place: str
    summary: str
    headline: str  # the summary's first line


def conversation_row(
    notebook: Notebook, interaction: Interaction, today: date, *, subject: int | None = None
) -> ConversationRow:
    day = interaction.day
    who = names_of(notebook, interaction.people)
    mine = subject in interaction.people
    others = names_of(notebook, interaction.people, leaving_out=subject) if mine else who
    return ConversationRow(
        interaction=interaction,
        id=interaction.id or 0,
        day=day,
        day_words=ago(day, today),
        spelled_day=dates.spelled(day),
        who=who,
        others=others,
        kind=interaction.kind,
        place=interaction.place,
        summary=interaction.summary,
        headline=interaction.headline,
    )


@dataclass(frozen=True)
class ConversationsView(View[Interaction, ConversationRow]):
    """Conversations newest first: everyone's (the Journal, Conversations.journal) or one person's
    (their timeline, Conversations.timeline); `matching` keeps those the Journal's search finds."""

    person: int | None = None
    query: str = ""

    def of(self, person_id: int | None) -> ConversationsView:
        return replace(self, person=person_id)

    def matching(self, query: str) -> ConversationsView:
        return replace(self, query=query)

    def records(self) -> list[Interaction]:
        if self.person is None:
            return self.notebook.conversations.journal(self.query)
        timeline = self.notebook.conversations.timeline(self.person)
        if not self.query.strip():
            return timeline
        found = {i.id for i in self.notebook.conversations.journal(self.query)}
        return [i for i in timeline if i.id in found]

    def row_on(self, record: Interaction, today: date) -> ConversationRow:
        return conversation_row(self.notebook, record, today, subject=self.person)


# -- ties ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TieRow:
    """Someone a person knows."""

    tie: Tie
    other: Person
    other_id: int
    name: str
    relation: str
    strength: int
    strength_dots: str  # "●●●○○"
    note: str
    note_headline: str  # the note's first line


def tie_row(view: TieView) -> TieRow:
    tie = view.tie
    return TieRow(
        tie=tie,
        other=view.other,
        other_id=view.other.id or 0,
        name=view.other.name,
        relation=tie.relation,
        strength=tie.strength,
        strength_dots=strength_dots(tie.strength),
        note=tie.note,
        note_headline=first_line(tie.note),
    )


@dataclass(frozen=True)
class TiesView(View[TieView, TieRow]):
    """A person's ties, strongest first (Ties.of)."""

    person: int = 0

    def of(self, person_id: int) -> TiesView:
        return replace(self, person=person_id)

    def records(self) -> list[TieView]:
        return self.notebook.ties.of(self.person)

    def row_on(self, record: TieView, today: date) -> TieRow:
        return tie_row(record)


# -- a person's page -------------------------------------------------------------------------

# What a person's page says about them, in order, with the label for each.
PROFILE_FACTS: tuple[tuple[str, str], ...] = (
    ("title", "Title"),
    ("company", "Company"),
    ("past_companies", "Before"),
    ("tags", "Tags"),
    ("location", "Location"),
    ("emails", "Email"),
    ("phones", "Phone"),
    ("linkedin_url", "LinkedIn"),
    ("how_met", "How met"),
    ("met_via", "Met via"),
    ("notes", "Notes"),
    ("connected_on", "Connected"),
)
RELATIONSHIP_FACTS: tuple[tuple[str, str], ...] = (
    ("last_talked", "Last talked"),
    ("warmth", "Warmth"),
    ("cadence", "Cadence"),
    ("status", "Status"),
    ("asks", "Asked for"),
)


@dataclass(frozen=True, slots=True)
class Fact:
    """One line of a person's page: what it is, its label, its value in words, its tone."""

    key: str
    label: str
    value: str  # may hold line breaks (emails, phones, notes)
    tone: Tone = ""


@dataclass(frozen=True, slots=True)
class PersonPage:
    """Everything a person's page says about them and the relationship; the lists on it
    (follow-ups, ties, timeline) are views of their own (PersonView)."""

    person: Person
    id: int
    name: str
    role: str
    archived: bool
    profile: tuple[Fact, ...]  # every PROFILE_FACTS key, in order; blank values included
    last_talked: date | None
    cadence: Cadence
    status: RelationshipStatus
    warmth: Warmth
    relationship: tuple[Fact, ...]  # last talked, warmth, cadence, status
    asks: tuple[AskRow, ...]


def person_page(notebook: Notebook, person: Person, today: date) -> PersonPage:
    pid = person.id or 0
    met_via = names_of(notebook, (person.met_via,)) if person.met_via is not None else ""
    values = {
        "title": person.title,
        "company": person.company,
        "past_companies": ", ".join(person.past_companies),
        "tags": ", ".join(person.tags),
        "location": person.location,
        "emails": "\n".join(person.emails),
        "phones": "\n".join(person.phones),
        "linkedin_url": person.linkedin_url,
        "how_met": person.how_met,
        "met_via": met_via,
        "notes": person.notes,
        "connected_on": person.connected_on.isoformat() if person.connected_on else "",
    }
    last = notebook.upkeep.last_talked(pid)
    cadence = notebook.upkeep.cadence(pid)
    status = notebook.upkeep.status(pid)
    warmth = notebook.referrals.warmth(pid)
    status_words, status_tone = relationship_words(status, today)
    labels = dict(RELATIONSHIP_FACTS)
    relationship = (
        Fact("last_talked", labels["last_talked"], f"{ago(last, today)} ({last.isoformat()})")
        if last is not None
        else Fact("last_talked", labels["last_talked"], talked_words(None, today), "muted"),
        Fact("warmth", labels["warmth"], f"{warmth.label}: {warmth.phrase}", "muted"),
        Fact("cadence", labels["cadence"], cadence_words(cadence)),
        Fact("status", labels["status"], status_words, status_tone),
    )
    return PersonPage(
        person=person,
        id=pid,
        name=person.name,
        role=person.role,
        archived=person.archived,
        profile=tuple(Fact(key, label, values[key]) for key, label in PROFILE_FACTS),
        last_talked=last,
        cadence=cadence,
        status=status,
        warmth=warmth,
        relationship=relationship,
        asks=tuple(ask_row(notebook, ask, today) for ask in notebook.asks.of(pid)),
    )


@dataclass(frozen=True)
class PersonView:
    """One person's page: `page()` for what it says about them, and a view for each list."""

    notebook: Notebook
    person: int

    def page(self) -> PersonPage:
        """Raises NotFoundError for someone forgotten."""
        notebook = self.notebook
        return person_page(notebook, notebook.people.get(self.person), notebook.today)

    @property
    def follow_ups(self) -> FollowUpsView:
        return FollowUpsView(self.notebook).of(self.person)

    @property
    def ties(self) -> TiesView:
        return TiesView(self.notebook).of(self.person)

    @property
    def timeline(self) -> ConversationsView:
        return ConversationsView(self.notebook).of(self.person)


# -- the prep sheet --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PrepSheet:
    """Before meeting someone: what we last talked about, what is owed, what was asked, as the
    notebook's records (PrepView.sheet)."""

    person: Person
    staleness: Staleness
    recent: tuple[Interaction, ...]  # the last three conversations
    i_owe: tuple[FollowUp, ...]
    they_owe: tuple[FollowUp, ...]
    asks: tuple[ReferralAsk, ...]
    mutual: tuple[TieView, ...]  # people they know whom you talk to as well
    other_ties: int  # people they know whom you have never talked to
    met_via: Person | None


@dataclass(frozen=True, slots=True)
class PrepPage:
    """Before meeting someone (PrepView.page): how you met, the last conversations, what is
    owed either way, the referral asks, the people you both know."""

    person: Person
    name: str
    role: str
    how_met: str
    met_via: str | None  # their name
    last_talked: date | None  # None when never talked
    last_talked_words: str
    stale: bool
    recent: tuple[ConversationRow, ...]
    i_owe: tuple[FollowUpRow, ...]
    they_owe: tuple[FollowUpRow, ...]
    asks: tuple[AskRow, ...]
    mutual: tuple[TieRow, ...]  # people they know whom you talk to as well
    other_ties: int  # people they know whom you have never talked to
    notes: str


def prep_page(notebook: Notebook, sheet: PrepSheet, today: date) -> PrepPage:
    person = sheet.person
    pid = person.id or 0
    # Staleness.last_contact falls back on the day you connected: no conversation that was.
    last = sheet.staleness.last_contact if sheet.staleness.talked else None
    return PrepPage(
        person=person,
        name=person.name,
        role=person.role,
        how_met=person.how_met,
        met_via=sheet.met_via.name if sheet.met_via else None,
        last_talked=last,
        last_talked_words=talked_words(last, today),
        stale=sheet.staleness.is_stale,
        recent=tuple(conversation_row(notebook, i, today, subject=pid) for i in sheet.recent),
        i_owe=tuple(follow_up_row(notebook, f, today, subject=pid) for f in sheet.i_owe),
        they_owe=tuple(follow_up_row(notebook, f, today, subject=pid) for f in sheet.they_owe),
        asks=tuple(ask_row(notebook, a, today) for a in sheet.asks),
        mutual=tuple(tie_row(v) for v in sheet.mutual),
        other_ties=sheet.other_ties,
        notes=person.notes,
    )


@dataclass(frozen=True)
class PrepView:
    """The prep sheet for one person: gathered from the notebook's parts (`sheet()`), each
    answering by its own rules, and worded as rows (`page()`)."""

    notebook: Notebook
    person: int

    def sheet(self) -> PrepSheet:
        """Everything worth knowing before meeting someone. Raises NotFoundError for someone
        forgotten."""
        notebook = self.notebook
        pid = self.person
        person = notebook.people.get(pid)
        ties = notebook.ties.of(pid)
        # The archived are left out, as Refer leaves them out of every path.
        talked = [
            v for v in ties if not v.other.archived and notebook.upkeep.last_talked(v.other.id or 0)
        ]
        follow_ups = notebook.follow_ups.open(pid)
        return PrepSheet(
            person=person,
            staleness=notebook.upkeep.staleness(pid),
            recent=tuple(notebook.conversations.timeline(pid)[:3]),
            i_owe=tuple(f for f in follow_ups if f.by == "me"),
            they_owe=tuple(f for f in follow_ups if f.by == "them"),
            asks=tuple(notebook.asks.of(pid)),
            mutual=tuple(talked),
            other_ties=len(notebook.ties.ids_of(pid)) - len(talked),
            met_via=notebook.people.by_id.get(person.met_via) if person.met_via else None,
        )

    def page(self) -> PrepPage:
        """Raises NotFoundError for someone forgotten."""
        notebook = self.notebook
        return prep_page(notebook, self.sheet(), notebook.today)
