"""Bringing contacts in (with dedupe) and taking everything out.

Importing the same file twice creates nobody new: people are matched by email, else LinkedIn
URL, else name plus company. A match is updated with the file's fields, and keeps our own
notes, ties and conversations. A file is read and checked whole before anything is written, so
a bad file leaves the notebook as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .formats import FormatError, detect_format, read_people, write_people_csv, write_vcards
from .formats.notebook_json import NotebookDump, dump_notebook, is_notebook_dump, load_notebook
from .graph import normalise_company
from .records import Interaction, Person, ValidationError
from .search import fold
from .store import atomic_write
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


def import_people(
    notebook: Notebook, incoming: Sequence[Person], *, source: str, progress: Progress | None = None
) -> tuple[ImportSummary, dict[int, int]]:
    """Create or update people from a file's rows, in two table writes at most.
    Returns the summary and, for rows that carried an id, a map from that id to ours."""
    summary = ImportSummary(source)
    existing = list(notebook.iter_people())
    matcher = _Matcher(existing)
    pending: list[Person] = list(existing)  # slot → the person as they will be saved
    first_new = len(existing)  # slots from here on are people the file adds
    matched: set[int] = set()  # slots of existing people the file speaks of
    changed: set[int] = set()  # ... and of those, the ones it changes
    slot_of_row: dict[int, int] = {}
    total = len(incoming)
    for n, row in enumerate(incoming):
        if progress and n % PROGRESS_EVERY == 0:
            progress(n, total)
        try:
            person = replace(row, id=None).validated()
        except ValidationError as error:
            summary.skipped.append((row.name or f"row {n + 1}", error.message))
            continue
        slot = matcher.find(person)
        if slot is None:
            slot = len(pending)
            pending.append(person)
            matcher.add(person, slot)
        else:
            updated = merged(pending[slot], person)
            if slot < first_new:
                matched.add(slot)
            if updated != pending[slot]:
                pending[slot] = updated
                matcher.add(updated, slot)
                if slot < first_new:
                    changed.add(slot)
        if row.id is not None:
            slot_of_row[row.id] = slot
    if progress:
        progress(total, total)

    with notebook.store.batch():
        created = notebook.add_people(pending[first_new:])
        notebook.edit_people([pending[s] for s in sorted(changed)])
    summary.created = len(created)
    summary.updated = len(changed)
    summary.unchanged = len(matched - changed)
    saved = pending[:first_new] + created
    return summary, {row_id: saved[slot].id or 0 for row_id, slot in slot_of_row.items()}


def _same_interaction(a: Interaction, b: Interaction) -> bool:
    return a.day == b.day and set(a.people) == set(b.people) and a.summary == b.summary


def import_dump(
    notebook: Notebook, dump: NotebookDump, *, source: str, progress: Progress | None = None
) -> ImportSummary:
    """A whole-notebook export: people merged as above, their records added once each."""
    summary, our_id = import_people(notebook, dump.people, source=source, progress=progress)

    def mapped(ids: Iterable[int]) -> tuple[int, ...]:
        return tuple(our_id[i] for i in ids if i in our_id)

    interactions: list[Interaction] = []
    old_interaction_ids: list[int] = []
    for interaction in dump.interactions:
        people = mapped(interaction.people)
        candidate = replace(interaction, people=people)
        if not people:
            summary.skipped.append(
                (f"conversation of {interaction.day}", "nobody in it was imported")
            )
        elif not any(_same_interaction(candidate, t) for t in notebook.timeline(people[0])):
            interactions.append(candidate)
            old_interaction_ids.append(interaction.id or 0)
    new_ids = notebook.add_records(interactions=interactions) if interactions else []
    interaction_id = dict(zip(old_interaction_ids, new_ids, strict=True))

    ties = []
    for tie in dump.ties:
        a, b = our_id.get(tie.a), our_id.get(tie.b)
        if a and b and a != b and notebook.tie_between(a, b) is None:
            ties.append(replace(tie, a=a, b=b))
    known_follow_ups = {(f.text, f.due, frozenset(f.people)) for f in notebook.iter_follow_ups()}
    follow_ups = [
        replace(f, people=mapped(f.people), interaction=interaction_id.get(f.interaction or 0))
        for f in dump.follow_ups
        if mapped(f.people) and (f.text, f.due, frozenset(mapped(f.people))) not in known_follow_ups
    ]
    known_asks = {(a.target, a.person, a.asked_on) for a in notebook.iter_asks()}
    asks = [
        replace(a, person=our_id[a.person])
        for a in dump.asks
        if a.person in our_id and (a.target, our_id[a.person], a.asked_on) not in known_asks
    ]
    if ties or follow_ups or asks:
        notebook.add_records(ties=ties, follow_ups=follow_ups, asks=asks)
    summary.records = len(interactions) + len(ties) + len(follow_ups) + len(asks)
    return summary


def import_file(
    notebook: Notebook, path: Path, *, fmt: str | None = None, progress: Progress | None = None
) -> ImportSummary:
    """Read, check and import one file. A FormatError leaves the notebook untouched."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise FormatError(str(path), f"cannot be read ({error.strerror})") from None
    kind = fmt or detect_format(data, path.name)
    if kind == "json" or (fmt is None and is_notebook_dump(data)):
        return import_dump(
            notebook, load_notebook(data, path.name), source=path.name, progress=progress
        )
    people = read_people(data, path.name, kind)
    summary, _ = import_people(notebook, people, source=path.name, progress=progress)
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
    """One .vcf per person, named after them (made unique), for address books that want that."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    used: set[str] = set()
    for person in notebook.people(include_archived=True):
        stem = re.sub(r"[^\w.-]+", "-", fold(person.name)).strip("-.") or "person"
        name, n = stem, 2
        while name in used:
            name, n = f"{stem}-{n}", n + 1
        used.add(name)
        path = folder / f"{name}.vcf"
        atomic_write(path, write_vcards([person]).encode("utf-8"))
        written.append(path)
    return written
