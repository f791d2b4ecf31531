"""Bringing contacts in (with dedupe) and taking everything out.

Importing the same file twice creates nobody new: people are matched by email, else LinkedIn
URL, else name plus company. A match is updated with the file's fields, and keeps our own
notes, ties and conversations. A file is read and checked whole before anything is written, so
a bad file leaves the notebook as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from .formats import (
    Contacts,
    FormatError,
    detect_format,
    read_people,
    write_people_csv,
    write_vcards,
)
from .formats.errors import unexpected
from .formats.notebook_json import NotebookDump, dump_notebook, load_notebook
from .graph import normalise_company
from .records import FollowUp, Interaction, Person, ReferralAsk, Tie, ValidationError
from .search import fold
from .store import StoreError, atomic_write, make_private_dirs
from .viewmodel import Notebook

Progress = Callable[[int, int], None]
PROGRESS_EVERY = 500
EXPORT_FORMATS = ("vcard", "csv", "json")


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


class _Matcher:
    """Finds the person a row is about, by email, then LinkedIn URL, then name and company."""

    def __init__(self, people: Iterable[Person]) -> None:
        self.by_email: dict[str, int] = {}
        self.by_linkedin: dict[str, int] = {}
        self.by_name: dict[str, int] = {}
        self.linkedin_of: dict[int, str] = {}
        for n, person in enumerate(people):
            self.add(person, n)

    def add(self, person: Person, slot: int) -> None:
        for email in person.emails:
            self.by_email.setdefault(fold(email.strip()), slot)
        if key := _linkedin_key(person.linkedin_url):
            self.by_linkedin.setdefault(key, slot)
            self.linkedin_of.setdefault(slot, key)
        self.by_name.setdefault(_name_key(person), slot)

    def find(self, person: Person) -> int | None:
        for email in person.emails:
            if (slot := self.by_email.get(fold(email.strip()))) is not None:
                return slot
        key = _linkedin_key(person.linkedin_url)
        if key and key in self.by_linkedin:
            return self.by_linkedin[key]
        slot = self.by_name.get(_name_key(person))
        # Two profiles are two people, however alike their names and employers.
        if slot is not None and key and self.linkedin_of.get(slot, key) != key:
            return None
        return slot


def _union(ours: Sequence[str], theirs: Sequence[str]) -> tuple[str, ...]:
    seen = {fold(v) for v in ours}
    return (*ours, *(v for v in theirs if fold(v) not in seen))


def merged(ours: Person, theirs: Person) -> Person:
    """Our person updated with an imported row: the file's facts win, our own notes stay, lists
    are joined, and a changed employer moves to past companies."""
    past = ours.past_companies
    company = theirs.company or ours.company
    if ours.company and normalise_company(company) != normalise_company(ours.company):
        past = _union(past, (ours.company,))
    past = tuple(c for c in _union(past, theirs.past_companies) if fold(c) != fold(company))
    return replace(
        ours,
        name=theirs.name or ours.name,
        company=company,
        title=theirs.title or ours.title,
        past_companies=past,
        emails=_union(ours.emails, theirs.emails),
        phones=_union(ours.phones, theirs.phones),
        location=theirs.location or ours.location,
        tags=_union(ours.tags, theirs.tags),
        notes=ours.notes or theirs.notes,
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


def _plan_people(
    notebook: Notebook,
    incoming: Sequence[Person],
    summary: ImportSummary,
    *,
    checked: bool,
    progress: Progress | None,
) -> _PeoplePlan:
    """Match every row to a person, or plan a new one, and count what will happen.

    Rows already `checked` (a notebook export) were validated whole; otherwise a row that is no
    person (no name, a bad cadence) is skipped with the reason, and a row whose fields are not
    even the right kind of value is a FormatError.
    """
    existing = list(notebook.iter_people())
    matcher = _Matcher(existing)
    plan = _PeoplePlan(list(existing), len(existing), set(), {}, {})
    pending = plan.pending
    matched: set[int] = set()  # slots of existing people the file speaks of
    total = len(incoming)
    for n, row in enumerate(incoming):
        if progress and n % PROGRESS_EVERY == 0:
            progress(n, total)
        if checked:
            person = replace(row, id=None)
        else:
            try:
                person = replace(row.validated(), id=None)
            except ValidationError as error:
                summary.skipped.append((row.name or f"row {n + 1}", error.message))
                continue
            except _BAD_VALUE as error:
                raise _refusal(summary.source, _label("person", row.id, n), error) from None
        # The file's met_via is one of the file's ids: it is mapped to ours once everyone is
        # saved (see _write_people), and until then a new person has none.
        file_met_via = person.met_via
        if file_met_via is not None:
            person = replace(person, met_via=None)
        slot = matcher.find(person)
        if slot is None:
            slot = len(pending)
            pending.append(person)
            matcher.add(person, slot)
            if file_met_via is not None:
                plan.met_via[slot] = file_met_via
        else:
            updated = merged(pending[slot], person)
            if slot < plan.first_new:
                matched.add(slot)
            if updated != pending[slot]:
                pending[slot] = updated
                matcher.add(updated, slot)
                if slot < plan.first_new:
                    plan.changed.add(slot)
        if row.id is not None:
            plan.slot_of_row[row.id] = slot
    if progress:
        progress(total, total)
    summary.created = len(pending) - plan.first_new
    summary.updated = len(plan.changed)
    summary.unchanged = len(matched - plan.changed)
    return plan


def _write_people(notebook: Notebook, plan: _PeoplePlan) -> dict[int, int]:
    """Save the planned people (inside the caller's batch); returns file id → our id."""
    created = notebook.add_people(plan.pending[plan.first_new :])
    notebook.edit_people([plan.pending[s] for s in sorted(plan.changed)])
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
        notebook.edit_people(links)
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


def _same_interaction(a: Interaction, b: Interaction) -> bool:
    return a.day == b.day and set(a.people) == set(b.people) and a.summary == b.summary


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
        people=_checked(
            source,
            "person",
            dump.people,
            lambda p: [] if p.met_via is None else [person("met_via", p.met_via)],
        ),
        interactions=_checked(
            source,
            "interaction",
            dump.interactions,
            lambda i: [person("people", pid) for pid in i.people],
        ),
        ties=_checked(source, "tie", dump.ties, lambda t: [person("a", t.a), person("b", t.b)]),
        follow_ups=_checked(source, "follow-up", dump.follow_ups, follow_up_references),
        asks=_checked(source, "ask", dump.asks, lambda a: [person("person", a.person)]),
    )


def _add_records(notebook: Notebook, checked: _CheckedDump, our_id: dict[int, int]) -> int:
    """Add the export's records that the notebook lacks (inside the caller's batch), with the
    file's ids mapped to ours; returns how many were added."""

    def mapped(ids: Iterable[int]) -> tuple[int, ...]:
        return tuple(dict.fromkeys(our_id[i] for i in ids))

    interactions: list[Interaction] = []
    old_interaction_ids: list[int | None] = []
    interaction_id: dict[int, int] = {}  # the file's → ours, new or already there
    for interaction in checked.interactions:
        candidate = replace(interaction, people=mapped(interaction.people))
        same = next(
            (t for t in notebook.timeline(candidate.people[0]) if _same_interaction(candidate, t)),
            None,
        )
        if same is None:
            interactions.append(candidate)
            old_interaction_ids.append(interaction.id)
        elif interaction.id is not None and same.id is not None:
            interaction_id[interaction.id] = same.id
    new_ids = notebook.add_records(interactions=interactions) if interactions else []
    for old, new in zip(old_interaction_ids, new_ids, strict=True):
        if old is not None:
            interaction_id[old] = new

    ties: list[Tie] = []
    pairs: set[tuple[int, int]] = set()  # one tie per pair, as add_tie() keeps it
    for tie in checked.ties:
        a, b = our_id[tie.a], our_id[tie.b]
        pair = (min(a, b), max(a, b))
        if a != b and pair not in pairs and notebook.tie_between(a, b) is None:
            pairs.add(pair)
            ties.append(replace(tie, a=a, b=b))
    known_follow_ups = {(f.text, f.due, frozenset(f.people)) for f in notebook.iter_follow_ups()}
    follow_ups = [
        replace(
            f,
            people=mapped(f.people),
            interaction=None if f.interaction is None else interaction_id.get(f.interaction),
        )
        for f in checked.follow_ups
        if (f.text, f.due, frozenset(mapped(f.people))) not in known_follow_ups
    ]
    known_asks = {(a.target, a.person, a.asked_on) for a in notebook.iter_asks()}
    asks = [
        replace(a, person=our_id[a.person])
        for a in checked.asks
        if (a.target, our_id[a.person], a.asked_on) not in known_asks
    ]
    if ties or follow_ups or asks:
        notebook.add_records(ties=ties, follow_ups=follow_ups, asks=asks)
    return len(interactions) + len(ties) + len(follow_ups) + len(asks)


def import_dump(
    notebook: Notebook, dump: NotebookDump, *, source: str, progress: Progress | None = None
) -> ImportSummary:
    """A whole-notebook export: people merged as above, their records added once each.

    Every record is checked first (see _check_dump) and everything is saved in one write, so
    the file's people and records land together or, on any error, not at all.
    """
    checked = _check_dump(dump, source)
    summary = ImportSummary(source)
    plan = _plan_people(notebook, checked.people, summary, checked=True, progress=progress)
    with notebook.batch():
        our_id = _write_people(notebook, plan)
        summary.records = _add_records(notebook, checked, our_id)
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


def import_file(
    notebook: Notebook, path: Path, *, fmt: str | None = None, progress: Progress | None = None
) -> ImportSummary:
    """Read, check and import one file. A FormatError leaves the notebook untouched."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise FormatError(str(path), f"cannot be read ({error.strerror})") from None
    contents = _read(data, path.name, fmt)
    if isinstance(contents, NotebookDump):
        return import_dump(notebook, contents, source=path.name, progress=progress)
    summary, _ = import_people(notebook, contents, source=path.name, progress=progress)
    return summary


def notebook_dump(notebook: Notebook) -> NotebookDump:
    return NotebookDump(
        people=list(notebook.iter_people()),
        interactions=list(notebook.iter_interactions()),
        ties=notebook.all_ties(),
        follow_ups=list(notebook.iter_follow_ups()),
        asks=list(notebook.iter_asks()),
    )


def export_bytes(notebook: Notebook, fmt: str) -> bytes:
    """Everyone (vCard 4.0 or CSV), or the whole notebook (JSON)."""
    if fmt == "json":
        return dump_notebook(notebook_dump(notebook))
    people = notebook.people(include_archived=True)
    if fmt == "vcard":
        return write_vcards(people).encode("utf-8")
    if fmt == "csv":
        return write_people_csv(people).encode("utf-8")
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")


def export_vcards_per_person(notebook: Notebook, folder: Path) -> list[Path]:
    """One .vcf per person, named after them (made unique), for address books that want that.
    Refused whole, before anything is written, if a file would land on one of the notebook's
    own (a notebook named "dana.vcf" in that folder, its backups, its lock)."""
    planned: list[tuple[Path, Person]] = []
    used: set[str] = set()
    for person in notebook.people(include_archived=True):
        stem = re.sub(r"[^\w.-]+", "-", fold(person.name)).strip("-.") or "person"
        name, n = stem, 2
        while name in used:
            name, n = f"{stem}-{n}", n + 1
        used.add(name)
        path = folder / f"{name}.vcf"
        if notebook.store.owns(path):
            raise StoreError(f"{path} is the notebook itself or one of its own files; export the "
                             "cards to another folder")  # fmt: skip
        planned.append((path, person))
    make_private_dirs(folder)
    written: list[Path] = []
    for path, person in planned:
        atomic_write(path, write_vcards([person]).encode("utf-8"))
        written.append(path)
    return written
