"""Bringing contacts in (with dedupe) and taking everything out.

Importing the same file twice creates nobody new: a contact is matched by the uid the file
gives it (a CSV's uid column, say), else email, else LinkedIn URL, else name plus company. A
match is updated with the file's fields, and keeps our own uid, notes (a new note of the
file's follows them), ties and conversations, and a name changed in the notebook. A name
with no company never joins someone whose emails are all different from the row's.
A file is read and checked whole before anything is written, so a bad file leaves the notebook
as it was; several files imported together (import_files) are one import, all or none.

A whole-notebook export (JSON) is a restore. Into an empty notebook it comes back exactly:
every record under its own id, with its timestamps, uids and the settings. Into any other,
people are matched by uid only (two people called John Smith are two people), every reference
is mapped onto our ids, the notebook keeps its own settings, and the conversations, follow-ups
and asks it already has are recognised as a multiset: two identical ones in the file are two,
and a second import of the file adds nothing.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from .formats import (
    Contacts,
    FormatError,
    detect_format,
    read_people,
    write_google_csv,
    write_outlook_csv,
    write_people_csv,
    write_vcards,
)
from .formats.errors import unexpected
from .formats.notebook_json import NotebookDump, dump_notebook, load_notebook
from .graph import normalise_company
from .records import (
    FollowUp,
    Interaction,
    Person,
    ReferralAsk,
    Tie,
    ValidationError,
    derived_record_uid,
    derived_uid,
)
from .schema import DERIVED_FROM
from .search import fold
from .store import (
    NotAFileError,
    StoreError,
    atomic_write,
    make_private_dirs,
    read_regular_file,
    what_is_at,
    without_gc,
)
from .viewmodel import Notebook

Progress = Callable[[int, int], None]
PROGRESS_EVERY = 500
EXPORT_FORMATS = ("vcard", "csv", "google-csv", "outlook-csv", "json")
# The exports that are CSV text, which may start with a BOM (see export_bytes).
CSV_EXPORT_FORMATS = frozenset({"csv", "google-csv", "outlook-csv"})


@dataclass
class ImportSummary:
    source: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (who, why)
    records: int = 0  # conversations, ties, follow-ups and asks (notebook exports only)
    notes: list[str] = field(default_factory=list)  # what the reader says about the file

    def line(self) -> str:
        parts = [
            f"{self.created} created",
            f"{self.updated} updated",
            f"{self.unchanged} unchanged",
        ]
        parts.append(f"{len(self.skipped)} skipped")
        if self.records:
            parts.append(f"{self.records} other records added")
        return f"{self.source}: " + ", ".join(parts)

    def details(self) -> list[str]:
        """The reader's notes, then one line per skipped entry."""
        return [*self.notes, *self.skipped_lines()]

    def skipped_lines(self) -> list[str]:
        return [f"skipped {who}: {why}" for who, why in self.skipped]


_LINKEDIN = re.compile(r"^(?:https?://)?(?:[a-z]+\.)?linkedin\.com/in/([^/?#]+)", re.IGNORECASE)


def _linkedin_key(url: str) -> str:
    match = _LINKEDIN.match(url.strip())
    return match.group(1).lower() if match else ""


def _name_key(person: Person) -> str:
    company = normalise_company(person.company) if person.company else ""
    return f"{fold(' '.join(person.name.split()))}|{company}"


# What a person is matched on besides their uid: their emails, LinkedIn profile, and name
# with company (see _Matcher), worked out once per row.
_Keys = tuple[tuple[str, ...], str, str]
_NO_KEYS: _Keys = ((), "", "")


class _Namesakes:
    """What _Matcher.find gives for a row that only a name (and company) several people
    share could match: which of them it means is not guessed."""


NAMESAKES = _Namesakes()


class _Matcher:
    """Finds the person a row is about: by uid, then email, then LinkedIn URL, then name and
    company; or, `by_uid_only` (a restore), by uid alone."""

    def __init__(self, people: Iterable[Person], *, by_uid_only: bool = False) -> None:
        self.by_uid_only = by_uid_only
        self.by_uid: dict[str, int] = {}
        self.by_email: dict[str, int] = {}
        self.by_linkedin: dict[str, int] = {}
        self.by_name: dict[str, int] = {}
        self.linkedin_of: dict[int, str] = {}
        self.uids_of: dict[int, set[str]] = {}
        self.with_email: set[int] = set()
        # Name keys (name and company) that more than one person has: a row with nothing
        # else to go by cannot say which of them it is about.
        self.namesakes: dict[str, set[int]] = {}  # name key -> every slot that has it
        for n, person in enumerate(people):
            self.add(person, n)

    def keys(self, person: Person) -> _Keys:
        if self.by_uid_only:
            return _NO_KEYS
        emails = tuple(fold(email.strip()) for email in person.emails) if person.emails else ()
        return emails, _linkedin_key(person.linkedin_url), _name_key(person)

    def add(self, person: Person, slot: int, keys: _Keys | None = None) -> None:
        """Later rows that match this person (its `keys`, if worked out already) are `slot`."""
        self.also_known_as(person.uid, slot)
        if self.by_uid_only:
            return
        emails, linkedin, name = self.keys(person) if keys is None else keys
        for email in emails:
            self.by_email.setdefault(email, slot)
        if emails:
            self.with_email.add(slot)
        if linkedin:
            self.by_linkedin.setdefault(linkedin, slot)
            self.linkedin_of.setdefault(slot, linkedin)
        first = self.by_name.setdefault(name, slot)
        if first != slot:
            self.namesakes.setdefault(name, {first}).add(slot)

    def also_known_as(self, uid: str, slot: int) -> None:
        """Later rows of this file with this uid are the same person (the file says so)."""
        if uid:
            self.by_uid.setdefault(uid, slot)
            self.uids_of.setdefault(slot, set()).add(uid)

    def find(self, person: Person, keys: _Keys | None = None) -> int | _Namesakes | None:
        if person.uid and (slot := self.by_uid.get(person.uid)) is not None:
            return slot
        if self.by_uid_only:
            return None
        emails, linkedin, name = self.keys(person) if keys is None else keys
        for email in emails:
            if (slot := self.by_email.get(email)) is not None:
                return slot
        if linkedin and linkedin in self.by_linkedin:
            return self.by_linkedin[linkedin]
        slot = self.by_name.get(name)
        if slot is None:
            return None
        # Everyone with the name, each judged alike: which of them came first decides nothing.
        named = self.namesakes.get(name, {slot})
        # Two profiles are two people, however alike their names and employers; and so are two
        # ids (two cards of one phone, each "David"): a name alone never joins them.
        if linkedin and all(self.linkedin_of.get(s, linkedin) != linkedin for s in named):
            return None
        if person.uid and all(person.uid not in self.uids_of.get(s, {person.uid}) for s in named):
            return None
        # A name with no employer says little: two John Smiths, each with addresses of their
        # own and none shared (else the email would have matched), are a plumber and a
        # landlord, not one man with both addresses and one of their notes.
        if emails and name.endswith("|") and named <= self.with_email:
            return None
        # Several people have the name, and nothing says which: none is guessed.
        return NAMESAKES if len(named) > 1 else slot


def _union(ours: Sequence[str], theirs: Sequence[str]) -> tuple[str, ...]:
    seen = {fold(v) for v in ours}
    return (*ours, *(v for v in theirs if fold(v) not in seen))


def _with_note(ours: str, theirs: str) -> str:
    """Our notes, with the file's added after them when they say something ours do not: ours
    are never replaced, and the file's are never dropped. A file imported again, or a note we
    extended since, adds nothing."""
    said = fold(" ".join(theirs.split()))
    if not said or re.search(rf"(?<!\w){re.escape(said)}(?!\w)", fold(" ".join(ours.split()))):
        return ours  # said already, in whole words ("Java" is not said by "JavaScript")
    return f"{ours}\n\n{theirs}" if ours.strip() else theirs


def merged(ours: Person, theirs: Person, *, our_name: bool = False) -> Person:
    """Our person updated with an imported row: the file's facts win, our own notes stay (the
    file's follow them), lists are joined, and a changed employer moves to past companies.
    With `our_name` (a name changed in the notebook since the person came) the name stays
    ours: one corrected or written out in full ("Priya Raman-Iyer" for a file's "Li Wei")
    went back to the file's at every import of it."""
    past = ours.past_companies
    company = theirs.company or ours.company
    moved = normalise_company(company) != normalise_company(ours.company)
    if ours.company and moved:
        past = _union(past, (ours.company,))
    past = _union(past, tuple(c for c in theirs.past_companies if fold(c) != fold(company)))
    if moved:
        # Back at a past employer: no longer a past one. Only on a move, so that a row that
        # says what we already have (a second import of an export) changes nothing.
        past = tuple(c for c in past if fold(c) != fold(company))
    return replace(
        ours,
        name=ours.name if our_name and ours.name else theirs.name or ours.name,
        company=company,
        title=theirs.title or ours.title,
        past_companies=past,
        emails=_union(ours.emails, theirs.emails),
        phones=_union(ours.phones, theirs.phones),
        location=theirs.location or ours.location,
        tags=_union(ours.tags, theirs.tags),
        notes=_with_note(ours.notes, theirs.notes),
        connected_on=theirs.connected_on or ours.connected_on,
        linkedin_url=theirs.linkedin_url or ours.linkedin_url,
    )


# Errors a record's validated() raises for a value of the wrong kind, besides ValidationError
# (a number where text belongs fails inside clean_text(), a list as an id fails to hash).
_BAD_VALUE = (ValueError, TypeError, AttributeError, ArithmeticError)

_R = TypeVar("_R", Person, Interaction, Tie, FollowUp, ReferralAsk)
# A record's references checked against the file: (field, what it names, the ids the file
# has of that, the id the record gives).
Reference = tuple[str, str, Collection[int], object]


def _one_line(error: BaseException) -> str:
    return " ".join(f"{type(error).__name__}: {error}".split())


def _label(what: str, record_id: int | None, n: int) -> str:
    """How messages name a record: by its id in the file, else by its place there."""
    return f"{what} {record_id}" if record_id is not None else f"{what} number {n + 1}"


def _refusal(source: str, label: str, error: Exception) -> FormatError:
    """A record that cannot be imported, as one line naming the file, the record and the field."""
    if isinstance(error, ValidationError):
        return FormatError(source, f'{label}, field "{error.field}": {error.message}')
    return FormatError(source, f"{label}: {_one_line(error)}")


@dataclass
class _PeoplePlan:
    """What a file's people will do to the notebook, worked out before anything is written."""

    pending: list[Person]  # slot → the person as they will be saved; existing people first
    first_new: int  # slots from here on are people the file adds
    changed: set[int]  # slots of existing people the file changes
    slot_of_row: dict[int, int]  # a row's id in the file → its slot
    met_via: dict[int, int]  # slot of a new person → the file's id of who they were met through
    keep_times: bool  # new people keep the file's created_at and updated_at (a restore)


def _plan_people(
    notebook: Notebook,
    incoming: Sequence[Person],
    summary: ImportSummary,
    *,
    checked: bool,
    progress: Progress | None,
) -> _PeoplePlan:
    """Match every row to a person, or plan a new one, and count what will happen.

    Rows already `checked` are a notebook export's, validated whole: they are matched by uid
    alone and new people keep their timestamps. Otherwise a row that is no person (no name, a
    bad cadence) is skipped with the reason, and a row whose fields are not even the right kind
    of value is a FormatError.
    """
    existing = list(notebook.people.iter())
    matcher = _Matcher(existing, by_uid_only=checked)
    plan = _PeoplePlan(list(existing), len(existing), set(), {}, {}, keep_times=checked)
    pending = plan.pending
    matched: set[int] = set()  # slots of existing people the file speaks of
    seen: set[int] = set()  # slots some earlier row of this file was about
    remade: set[int] = set()  # slots of new people that later rows changed
    repeats = 0  # rows about someone an earlier row of the file was about
    total = len(incoming)
    for n, row in enumerate(incoming):
        if progress and n % PROGRESS_EVERY == 0:
            progress(n, total)
        if checked:
            person = row
        else:
            try:
                # The one validation of the row: people.add_many() takes the result as it is.
                person = row.validated()
            except ValidationError as error:
                summary.skipped.append((row.name or f"row {n + 1}", error.message))
                continue
            except _BAD_VALUE as error:
                raise _refusal(summary.source, _label("person", row.id, n), error) from None
        # The file's met_via is one of the file's ids: it is mapped to ours once everyone is
        # saved (see _write_people), and until then a new person has none. Rebuilt only when
        # needed: most rows carry neither an id nor a met_via.
        file_met_via = person.met_via
        if person.id is not None or file_met_via is not None:
            person = replace(person, id=None, met_via=None)
        keys = matcher.keys(person)
        slot = matcher.find(person, keys)
        if isinstance(slot, _Namesakes):
            # Never filed under whichever came first: the note or phone of the row would
            # land on the wrong one of them.
            summary.skipped.append(
                (
                    row.name or f"row {n + 1}",
                    f"more than one person is called {person.name}"
                    + (f" at {person.company}" if person.company else "")
                    + ", and nothing else in the row (an email, a LinkedIn profile) is one of "
                    "theirs to tell which it is about",
                )
            )
            continue
        if slot is None:
            slot = len(pending)
            pending.append(person)
            matcher.add(person, slot, keys)
            if file_met_via is not None:
                plan.met_via[slot] = file_met_via
        else:
            # merged() keeps our uid, even when the row brings another one and was matched by
            # email, URL or name: ours may already be out in the world (another copy of this
            # notebook, an export, a vCard written out) and is what those match on, and a uid
            # that changed would no longer be permanent. The row's uid still means this person
            # for the rest of the file.
            matcher.also_known_as(person.uid, slot)
            ours = pending[slot]
            our_name = slot < plan.first_new and notebook.people.renamed(ours.id or 0)
            updated = merged(ours, person, our_name=our_name)
            if slot < plan.first_new:
                matched.add(slot)
            if updated != pending[slot]:
                pending[slot] = updated
                matcher.add(updated, slot)
                if slot < plan.first_new:
                    plan.changed.add(slot)
                else:
                    remade.add(slot)
        if row.id is not None:
            plan.slot_of_row[row.id] = slot
        if slot in seen:
            repeats += 1
        seen.add(slot)
    if progress:
        progress(total, total)
    # A new person made of several rows is a record no row was: validated once, whole, as the
    # rest of the new people were (people.edit_many() validates the existing people changed).
    for slot in remade:
        pending[slot] = pending[slot].validated()
    # Changed along the way but back where it started (rows that undo each other): no update.
    plan.changed = {s for s in plan.changed if pending[s] != existing[s]}
    if repeats and not checked:
        rows = "row was" if repeats == 1 else "rows were"
        summary.notes.append(
            f"{repeats} {rows} about someone an earlier row already named (same id, email, "
            "LinkedIn profile, or name and company) and merged into them"
        )
    summary.created = len(pending) - plan.first_new
    summary.updated = len(plan.changed)
    summary.unchanged = len(matched - plan.changed)
    return plan


def _write_people(notebook: Notebook, plan: _PeoplePlan) -> dict[int, int]:
    """Save the planned people (inside the caller's batch); returns file id → our id."""
    new = plan.pending[plan.first_new :]
    # Nothing new, nothing written: a file imported again leaves the notebook file as it is.
    # Each of them came out of Person.validated() while planning: not validated again.
    created = (
        notebook.people.add_many(new, keep_times=plan.keep_times, validated=True) if new else []
    )
    if plan.changed:
        notebook.people.edit_many([plan.pending[s] for s in sorted(plan.changed)])
    saved = plan.pending[: plan.first_new] + created
    our_id = {row_id: saved[slot].id or 0 for row_id, slot in plan.slot_of_row.items()}
    links = []
    for slot, file_id in plan.met_via.items():
        via = our_id.get(file_id)
        # Two rows of the file that turned out to be one person cannot have met through
        # each other.
        if via is not None and via != saved[slot].id:
            links.append(replace(saved[slot], met_via=via))
    if links:
        # Part of adding them: a restore keeps the time they were last changed.
        notebook.people.edit_many(links, keep_times=plan.keep_times)
    return our_id


def import_people(
    notebook: Notebook, incoming: Sequence[Person], *, source: str, progress: Progress | None = None
) -> tuple[ImportSummary, dict[int, int]]:
    """Create or update people from a file's rows, all saved at once or (on any error) none.
    Returns the summary and, for rows that carried an id, a map from that id to ours."""
    summary = ImportSummary(source)
    if isinstance(incoming, Contacts):
        summary.skipped.extend(incoming.skipped)
        summary.notes.extend(incoming.notes)
    plan = _plan_people(notebook, incoming, summary, checked=False, progress=progress)
    with notebook.batch():
        our_id = _write_people(notebook, plan)
    return summary, our_id


def _interaction_key(i: Interaction) -> tuple[date, frozenset[int], str]:
    """What makes two conversations the same one: the day, who was there, what was said."""
    return (i.day, frozenset(i.people), i.summary)


def _follow_up_key(f: FollowUp) -> tuple[str, date | None, frozenset[int]]:
    return (f.text, f.due, frozenset(f.people))


def _ask_key(a: ReferralAsk) -> tuple[str, int, date]:
    return (a.target, a.person, a.asked_on)


_K = TypeVar("_K", bound=Hashable)


def _unique_ids(source: str, what: str, records: Sequence[_R]) -> set[int]:
    ids: set[int] = set()
    for record in records:
        if record.id is not None:
            if record.id in ids:
                raise FormatError(source, f"{what} {record.id} appears twice")
            ids.add(record.id)
    return ids


def _checked(
    source: str,
    what: str,
    records: Sequence[_R],
    references: Callable[[_R], Iterable[Reference]],
) -> list[_R]:
    """Every record validated and its references found in the file, or a FormatError naming
    the first record that fails."""
    ready: list[_R] = []
    for n, record in enumerate(records):
        label = _label(what, record.id, n)
        try:
            valid = record.validated()
            for name, target, known, value in references(record):
                if value not in known:
                    raise FormatError(
                        source, f'{label}, field "{name}": no {target} {value!r} in the file'
                    )
        except FormatError:
            raise
        except _BAD_VALUE as error:
            raise _refusal(source, label, error) from None
        ready.append(valid)
    return ready


@dataclass
class _CheckedDump:
    """An export's records, each validated, with every reference inside the file."""

    people: list[Person]
    interactions: list[Interaction]
    ties: list[Tie]
    follow_ups: list[FollowUp]
    asks: list[ReferralAsk]
    settings: dict[str, Any] | None


def _with_uids(source: str, rows: Sequence[Person], people: list[Person]) -> list[Person]:
    """The export's people, each with a uid, and no uid held twice.

    A schema 1 export has none: each person gets the uid their notebook gives them when it
    moves to schema 2 (derived from the same id, created_at and name, as the file holds them),
    so that such an export restored into that notebook, or into a copy of it, finds its people
    by uid, as a new export would. Merging them by name instead would make two John Smiths one.
    """
    return _with_unique_uids(
        source,
        "person",
        people,
        lambda n, _: derived_uid(rows[n].id or 0, rows[n].created_at, rows[n].name),
    )


def _record_uids(source: str, table: str, what: str, records: Sequence[_R]) -> list[_R]:
    """The export's records of one table, each with a uid and none held twice. One from an
    export made before such uids gets the uid its notebook derives when it moves to schema 3
    (from the same fields), so that it finds itself in that notebook, or in a copy of it."""
    parts = DERIVED_FROM[table]

    def derived(_: int, record: _R) -> str:
        doc = record.to_doc()
        return derived_record_uid(table, record.id or 0, *(str(doc.get(p, "")) for p in parts))

    return _with_unique_uids(source, what, records, derived)


def _with_unique_uids(
    source: str, what: str, records: Sequence[_R], derive: Callable[[int, _R], str]
) -> list[_R]:
    """The records, each with a uid (`derive`d for one that has none), and no uid held twice:
    a repeated one refuses the file, naming both records."""
    first: dict[str, int] = {}
    given = []
    for n, record in enumerate(records):
        if not record.uid:
            record = replace(record, uid=derive(n, record))
        if record.uid in first:
            raise FormatError(
                source,
                f'{_label(what, record.id, n)}, field "uid": {what} {first[record.uid]} has '
                f"the same uid, {record.uid!r}",
            )
        first[record.uid] = record.id or 0
        given.append(record)
    return given


def _check_dump(dump: NotebookDump, source: str) -> _CheckedDump:
    """The whole export checked before anything is written. Unlike a contact file's rows, every
    record here was valid when the notebook wrote it, so one that fails means a damaged or
    hand-edited file, and the whole file is refused, naming the record."""
    people = _unique_ids(source, "person", dump.people)
    conversations = _unique_ids(source, "interaction", dump.interactions)
    _unique_ids(source, "tie", dump.ties)
    _unique_ids(source, "follow-up", dump.follow_ups)
    _unique_ids(source, "ask", dump.asks)

    def person(name: str, value: object) -> Reference:
        return (name, "person", people, value)

    def follow_up_references(f: FollowUp) -> list[Reference]:
        found = [person("people", pid) for pid in f.people]
        if f.interaction is not None:
            found.append(("interaction", "interaction", conversations, f.interaction))
        return found

    return _CheckedDump(
        people=_with_uids(
            source,
            dump.people,
            _checked(
                source,
                "person",
                dump.people,
                lambda p: [] if p.met_via is None else [person("met_via", p.met_via)],
            ),
        ),
        interactions=_checked(
            source,
            "interaction",
            _record_uids(source, "interactions", "interaction", dump.interactions),
            lambda i: [person("people", pid) for pid in i.people],
        ),
        ties=_checked(
            source,
            "tie",
            _record_uids(source, "ties", "tie", dump.ties),
            lambda t: [person("a", t.a), person("b", t.b)],
        ),
        follow_ups=_checked(
            source,
            "follow-up",
            _record_uids(source, "followups", "follow-up", dump.follow_ups),
            follow_up_references,
        ),
        asks=_checked(
            source,
            "ask",
            _record_uids(source, "asks", "ask", dump.asks),
            lambda a: [person("person", a.person)],
        ),
        settings=dump.settings,
    )


def _one_tie_per_pair(ties: Iterable[Tie], tied: Callable[[int, int], bool]) -> list[Tie]:
    """The ties to add: one per pair of people, as ties.add() keeps them, and none for a pair
    already `tied`."""
    pairs: set[tuple[int, int]] = set()
    kept = []
    for tie in ties:
        pair = (min(tie.a, tie.b), max(tie.a, tie.b))
        if tie.a != tie.b and pair not in pairs and not tied(*pair):
            pairs.add(pair)
            kept.append(tie)
    return kept


def _claim(here: dict[_K, deque[int]], key: _K) -> int | None:
    """One of the notebook's records with this key, not claimed by an earlier record of the
    file, or None: the notebook's copies are matched one to one, so that two identical
    records of a file are two records, and a second import finds both already there."""
    found = here.get(key)
    return found.popleft() if found else None


def _add_records(notebook: Notebook, checked: _CheckedDump, our_id: dict[int, int]) -> int:
    """Add the export's records that the notebook lacks (inside the caller's batch), with the
    file's ids mapped to ours; returns how many were added."""

    def mapped(ids: Iterable[int]) -> tuple[int, ...]:
        return tuple(dict.fromkeys(our_id[i] for i in ids))

    interactions_here: defaultdict[tuple[date, frozenset[int], str], deque[int]] = defaultdict(
        deque
    )
    for known in sorted(notebook.conversations.iter(), key=lambda i: i.id or 0):
        interactions_here[_interaction_key(known)].append(known.id or 0)
    interactions: list[Interaction] = []
    old_interaction_ids: list[int | None] = []
    interaction_id: dict[int, int] = {}  # the file's → ours, new or already there
    # A record whose uid is here already is that record (perhaps edited since): never a second.
    our_interactions = {i.uid: i.id or 0 for i in notebook.conversations.iter()}
    for interaction in checked.interactions:
        candidate = replace(interaction, people=mapped(interaction.people))
        same = our_interactions.get(interaction.uid)
        if same is None:
            same = _claim(interactions_here, _interaction_key(candidate))
        if same is None:
            interactions.append(candidate)
            old_interaction_ids.append(interaction.id)
        elif interaction.id is not None:
            interaction_id[interaction.id] = same
    new_ids = notebook.transfer.add_records(interactions=interactions) if interactions else []
    for old, new in zip(old_interaction_ids, new_ids, strict=True):
        if old is not None:
            interaction_id[old] = new

    our_ties = {t.uid for t in notebook.ties.all()}
    ties = _one_tie_per_pair(
        (replace(t, a=our_id[t.a], b=our_id[t.b]) for t in checked.ties if t.uid not in our_ties),
        lambda a, b: notebook.ties.between(a, b) is not None,
    )
    follow_ups_here = Counter(_follow_up_key(f) for f in notebook.follow_ups.iter())
    our_follow_ups = {f.uid for f in notebook.follow_ups.iter()}
    follow_ups: list[FollowUp] = []
    for f in checked.follow_ups:
        if f.uid in our_follow_ups:
            continue
        follow_up = replace(
            f,
            people=mapped(f.people),
            interaction=None if f.interaction is None else interaction_id.get(f.interaction),
        )
        follow_up_key = _follow_up_key(follow_up)
        if follow_ups_here[follow_up_key]:
            follow_ups_here[follow_up_key] -= 1  # this one is here already (see _claim)
        else:
            follow_ups.append(follow_up)
    asks_here = Counter(_ask_key(a) for a in notebook.asks.iter())
    our_asks = {a.uid for a in notebook.asks.iter()}
    asks: list[ReferralAsk] = []
    for a in checked.asks:
        if a.uid in our_asks:
            continue
        ask = replace(a, person=our_id[a.person])
        ask_key = _ask_key(ask)
        if asks_here[ask_key]:
            asks_here[ask_key] -= 1
        else:
            asks.append(ask)
    if ties or follow_ups or asks:
        notebook.transfer.add_records(ties=ties, follow_ups=follow_ups, asks=asks)
    return len(interactions) + len(ties) + len(follow_ups) + len(asks)


def _ids_fit(notebook: Notebook, checked: _CheckedDump) -> bool:
    """Whether every record of the export can keep its id here (see Transfer.ids_are_free)."""
    return all(
        notebook.transfer.ids_are_free(table, (r.id or 0 for r in records))
        for table, records in (
            ("people", checked.people),
            ("interactions", checked.interactions),
            ("ties", checked.ties),
            ("followups", checked.follow_ups),
            ("asks", checked.asks),
        )
    )


def _restore_as_is(notebook: Notebook, checked: _CheckedDump, summary: ImportSummary) -> None:
    """Into an empty notebook: every record under the file's own id, as the file has it (inside
    the caller's batch). The ids need no mapping, so a second export is the same file."""
    ties = _one_tie_per_pair(checked.ties, lambda a, b: False)
    notebook.transfer.add_with_ids(
        people=checked.people,
        interactions=checked.interactions,
        ties=ties,
        follow_ups=checked.follow_ups,
        asks=checked.asks,
    )
    summary.created = len(checked.people)
    summary.records = (
        len(checked.interactions) + len(ties) + len(checked.follow_ups) + len(checked.asks)
    )


def import_dump(
    notebook: Notebook, dump: NotebookDump, *, source: str, progress: Progress | None = None
) -> ImportSummary:
    """A whole-notebook export, restored (see the module docstring): as it is into an empty
    notebook, settings included; merged by uid into any other, which keeps its settings.

    Every record is checked first (see _check_dump) and everything is saved in one write, so
    the file's people and records land together or, on any error, not at all.
    """
    checked = _check_dump(dump, source)
    summary = ImportSummary(source)
    empty = notebook.transfer.is_empty()
    settings = checked.settings
    if empty and _ids_fit(notebook, checked):
        if progress:
            progress(0, len(checked.people))
        with notebook.batch():
            _restore_as_is(notebook, checked, summary)
            if settings is not None and settings != notebook.settings():
                notebook.replace_settings(settings)
        if progress:
            progress(len(checked.people), len(checked.people))
        return summary
    plan = _plan_people(notebook, checked.people, summary, checked=True, progress=progress)
    with notebook.batch():
        our_id = _write_people(notebook, plan)
        summary.records = _add_records(notebook, checked, our_id)
        # An empty notebook that has had records (so their ids are taken) still takes the
        # file's settings: it has nothing of its own to keep.
        if empty and settings is not None and settings != notebook.settings():
            notebook.replace_settings(settings)
    if not empty and settings is not None and settings != notebook.settings():
        summary.notes.append(
            "the notebook kept its own settings; the file's are restored only into an empty "
            "notebook"
        )
    return summary


def _read(data: bytes, name: str, fmt: str | None) -> NotebookDump | list[Person]:
    """What the file holds: a whole notebook, or contact rows.

    The readers raise nothing but FormatError (see formats.errors.guarded). This is the last
    guard behind them: anything else from reading (a flaw in a reader, or in choosing one) is
    still about the file the user gave, so it becomes one line of error, not a traceback. Only
    reading is guarded this way; a failure to save is not the file's fault and is not dressed up
    as one.
    """
    try:
        kind = fmt or detect_format(data, name)
        if kind == "json":
            return load_notebook(data, name)
        return read_people(data, name, kind)
    except FormatError:
        raise
    except Exception as error:
        raise unexpected(name, error) from error


@dataclass(frozen=True)
class ReadFile:
    """A file read and checked as a file (see _read), not yet imported."""

    path: Path
    contents: NotebookDump | list[Person]


def read_file(path: Path, *, fmt: str | None = None) -> ReadFile:
    """Read and check one file, importing nothing: FormatError, naming the file, if it cannot
    be used."""
    try:
        # Never blocks: a named pipe given as the file is refused, not waited on for ever.
        data = read_regular_file(path)
    except NotAFileError:
        raise FormatError(str(path), f"{what_is_at(path)}, not a file") from None
    except OSError as error:
        raise FormatError(str(path), f"cannot be read ({error.strerror})") from None
    with without_gc():
        return ReadFile(path, _read(data, path.name, fmt))


def _import_read(notebook: Notebook, read: ReadFile, progress: Progress | None) -> ImportSummary:
    source = read.path.name
    if isinstance(read.contents, NotebookDump):
        return import_dump(notebook, read.contents, source=source, progress=progress)
    summary, _ = import_people(notebook, read.contents, source=source, progress=progress)
    return summary


def import_file(
    notebook: Notebook, path: Path, *, fmt: str | None = None, progress: Progress | None = None
) -> ImportSummary:
    """Read, check and import one file. A FormatError leaves the notebook untouched."""
    return import_files(notebook, [path], fmt=fmt, progress=lambda _: progress)[0]


def import_files(
    notebook: Notebook,
    paths: Sequence[Path],
    *,
    fmt: str | None = None,
    progress: Callable[[Path], Progress | None] = lambda _: None,
) -> list[ImportSummary]:
    """Import several files as one: all of them or, on any error, none (a FormatError naming
    the file at fault leaves the notebook untouched). Every file is read and checked before
    anything is written, and all are saved in one write; each file is matched against the
    people the files before it brought, as if imported one after the other. `progress` gives
    the progress callback for a file, if any. Returns each file's summary, in order."""
    # Every row read becomes records that stay alive, and the cyclic collector would look
    # through them again and again as they pile up: 450 passes, a sixth of the time of a
    # 30,000-row import.
    with without_gc():
        read = [read_file(path, fmt=fmt) for path in paths]
        # A file can still be refused as it is imported (a notebook export's records are
        # checked then, and a row's values as it is matched): the batch then undoes the
        # files before it too.
        with notebook.batch():
            return [_import_read(notebook, file, progress(file.path)) for file in read]


def notebook_dump(notebook: Notebook) -> NotebookDump:
    return NotebookDump(
        people=list(notebook.people.iter()),
        interactions=list(notebook.conversations.iter()),
        ties=notebook.ties.all(),
        follow_ups=list(notebook.follow_ups.iter()),
        asks=list(notebook.asks.iter()),
        settings=notebook.settings(),
    )


def export_bytes(
    notebook: Notebook, fmt: str, *, for_spreadsheet: bool = False, bom: bool = False
) -> bytes:
    """Everyone (vCard 4.0, our CSV, or Google's or Outlook's contacts CSV), or the whole
    notebook (JSON).

    `for_spreadsheet` (our CSV only) marks cells a spreadsheet would run as formulas as text;
    `bom` starts a CSV with a UTF-8 BOM, without which Excel on Windows reads UTF-8 as its
    legacy code page and garbles every non-ASCII name.
    """
    if for_spreadsheet and fmt != "csv":
        raise ValueError("for_spreadsheet goes with the csv format only")
    if bom and fmt not in CSV_EXPORT_FORMATS:
        raise ValueError(f"a BOM goes with a CSV export, not {fmt}")
    if fmt == "json":
        return dump_notebook(notebook_dump(notebook))
    people = notebook.people.all(include_archived=True)
    if fmt == "vcard":
        return write_vcards(people).encode("utf-8")
    if fmt == "csv":
        text = write_people_csv(people, for_spreadsheet=for_spreadsheet)
    elif fmt == "google-csv":
        text = write_google_csv(people)
    elif fmt == "outlook-csv":
        text = write_outlook_csv(people)
    else:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    return ("\ufeff" + text if bom else text).encode("utf-8")


MAX_CARD_STEM = 60


def _someone_elses(path: Path, person: Person) -> bool:
    """Whether a file is there that is not this person's card from an earlier export (one of
    a synced address book's, say): it is never written over; the card takes the next name."""
    try:
        path.lstat()
    except OSError:
        return False  # nothing there (or no folder to look in: the export then says why)
    try:
        content = read_regular_file(path)
    except OSError:  # a link to nowhere, a folder, a pipe, a file that cannot be read
        return True
    return not person.uid or person.uid.encode() not in content


def export_vcards_per_person(notebook: Notebook, folder: Path) -> list[Path]:
    """One .vcf per person, named after them (made unique, and never the name of a file there
    that is not their card), for address books that want that. Refused whole, before anything
    is written, if a file would land on one of the notebook's own (a notebook named "dana.vcf"
    in that folder, its backups, its lock)."""
    planned: list[tuple[Path, Person]] = []
    used: set[str] = set()
    for person in notebook.people.all(include_archived=True):
        stem = re.sub(r"[^\w.-]+", "-", fold(person.name)).strip("-.") or "person"
        # A file name holds 255 bytes: a long name is cut well short of that (4 bytes a letter).
        stem = stem[:MAX_CARD_STEM].rstrip("-.") or "person"
        name, n = stem, 2
        while name in used or _someone_elses(folder / f"{name}.vcf", person):
            name, n = f"{stem}-{n}", n + 1
        used.add(name)
        path = folder / f"{name}.vcf"
        if notebook.store.owns(path):
            raise StoreError(f"{path} is the notebook itself or one of its own files; export the "
                             "cards to another folder")  # fmt: skip
        planned.append((path, person))
    if folder.exists() and not folder.is_dir():
        raise StoreError(f"{folder} is a file: --one-per-person writes into a folder")
    make_private_dirs(folder)
    written: list[Path] = []
    for path, person in planned:
        try:
            atomic_write(path, write_vcards([person]).encode("utf-8"))
        except OSError as error:
            raise StoreError(
                f"could not write {path.name} in {folder} ({error.strerror or error}); "
                f"{len(written)} of {len(planned)} cards were written"
            ) from None
        written.append(path)
    return written
