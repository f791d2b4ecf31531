"""Two-way sync between the notebook's people and a vdir: a folder holding one vCard per `.vcf`
file, as vdirsyncer, khard and khal keep them.

People and cards are matched by uid (a card's UID). What both sides held when they last agreed
is kept in the notebook's own settings, under "vdir_sync" → the folder's absolute path →
{"synced_at", "cards": {uid: {"file", "hash" (sha256 of the card's bytes), "fields"}}}, so the
one atomic save of the notebook records the state with the changes. With it a difference can
be put down to the side that made it: a field changed on one side only is taken by the other;
one changed on both is a conflict, which the notebook wins unless the folder is preferred.
Lists (emails, phones, tags, past companies) are merged item by item: what one side added is
added, what one side removed goes. Only the fields a card holds take part: conversations,
ties, follow-ups and cadence stay in the notebook.

A card is rewritten in place: only the properties of the fields that changed are replaced, and
every other line (a photo, a birthday, X- properties, Apple's item labels) is kept byte for
byte. The new card is read back before it is written, and must say what was agreed.

A card gone from the folder means the contact was deleted there: its person is archived (never
forgotten) with a line in their notes. A person forgotten in the notebook has their card
deleted: forgetting drops the card's fields from the state at once (keeping its file and hash),
and a card of a folder synced elsewhere is known by the notebook's tombstone of the person.
Both only when the caller allows deletions; a side that changed since the last sync wins over
the other's deletion. A folder that holds none of the cards synced with it before is refused
as a whole (a wrong path, or an emptied folder) unless the caller says every contact was
deleted.

Nothing is written until the whole sync is planned. Then the cards are written (each through
a temp file in the folder, fsynced, renamed into place, 0600; their old bytes kept), then the
notebook's changes and the new state in one save. If a card or the save fails, every card is
put back, so both sides are as they were.

A sync killed on the way (kill -9, a power cut) leaves some cards written and the notebook not
saved. The next sync completes it: a card written as agreed reads the same as the notebook, so
it is taken as agreed, and what was not written yet is planned again. It then sees no conflict
where the killed run settled one, so the caller tells what the plan holds before writing (see
notice_lines). The temps the killed run left in the folder are removed by the next sync.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

from .formats._text import PROPERTY_LINE, raw_binary_value, to_utf8
from .formats.errors import FormatError
from .formats.vcard import (
    CONNECTED_ON,
    HOW_MET,
    PAST_COMPANY,
    property_lines,
    read_vcards,
    write_vcards,
)
from .records import Person, ValidationError, new_uid, now_stamp
from .search import fold
from .store import StoreError, atomic_write, fsync_dir, remove_stale_temps
from .viewmodel import Notebook

STATE_KEY = "vdir_sync"
CARD_SUFFIX = ".vcf"
PROGRESS_EVERY = 100
# A new card's file name is its uid made safe for any file system, cut to this length.
MAX_FILE_STEM = 100
# A card's temp file (store.atomic_write): `.NAME.vcf.XXXXXXXX.tmp`.
_CARD_TEMP = re.compile(r"\.(?P<card>.+\.vcf)\.[^.]+\.tmp", re.IGNORECASE)
# A card's temp file left in the folder is removed once its writer is gone (it holds no lock)
# and it is this old: another notebook syncing the same folder at the same time leaves its temp
# unlocked for an instant, between closing and renaming it.
STALE_TEMP_AGE = 10.0
# The fewest cards synced before for an emptied folder to stop the sync (see plan_sync).
EMPTIED_FOLDER_MIN = 2

Prefer = Literal["notebook", "vdir"]
Progress = Callable[[int, int], None]
Fields = dict[str, Any]

FIELDS: tuple[str, ...] = (
    "name",
    "company",
    "title",
    "emails",
    "phones",
    "location",
    "linkedin_url",
    "tags",
    "notes",
    "how_met",
    "connected_on",
    "past_companies",
)
LIST_FIELDS = frozenset({"emails", "phones", "tags", "past_companies"})
FIELD_LABELS = {
    "name": "name",
    "company": "company",
    "title": "title",
    "emails": "emails",
    "phones": "phones",
    "location": "location",
    "linkedin_url": "LinkedIn",
    "tags": "tags",
    "notes": "notes",
    "how_met": "how met",
    "connected_on": "connected on",
    "past_companies": "past companies",
}
# The properties each field is read from: all of them go when the field is written anew.
_OWNED: dict[str, frozenset[str]] = {
    "name": frozenset({"FN", "N"}),
    "company": frozenset({"ORG"}),
    "title": frozenset({"TITLE", "ROLE"}),
    "emails": frozenset({"EMAIL"}),
    "phones": frozenset({"TEL"}),
    "location": frozenset({"ADR", "LABEL"}),
    "linkedin_url": frozenset({"URL", "X-SOCIALPROFILE"}),  # only the LinkedIn ones
    "tags": frozenset({"CATEGORIES"}),
    "notes": frozenset({"NOTE"}),
    "how_met": frozenset({HOW_MET}),
    "connected_on": frozenset({CONNECTED_ON}),
    "past_companies": frozenset({PAST_COMPANY}),
}
# The properties the writer gives each field.
_WRITES: dict[str, frozenset[str]] = {**_OWNED, "linkedin_url": frozenset({"URL"})}


class SyncError(Exception):
    """The sync cannot go ahead, or failed and was undone; the message says which, in a line."""


class FolderEmptiedError(SyncError):
    """The folder holds none of the cards synced with it before: refused unless the caller
    says every contact was deleted (`all_deleted`)."""

    def __init__(self, folder: Path, count: int) -> None:
        super().__init__(
            f"{folder} holds none of the {count} cards synced with it before, so either the "
            "path is wrong or every contact was deleted there; nothing was synced"
        )
        self.folder = folder
        self.count = count


# -- fields --------------------------------------------------------------------------------------


def fields_of(person: Person) -> Fields:
    """The fields of a person that a card holds, as plain JSON values."""
    return {
        "name": person.name,
        "company": person.company,
        "title": person.title,
        "emails": list(person.emails),
        "phones": list(person.phones),
        "location": person.location,
        "linkedin_url": person.linkedin_url,
        "tags": list(person.tags),
        "notes": person.notes,
        "how_met": person.how_met,
        "connected_on": person.connected_on.isoformat() if person.connected_on else None,
        "past_companies": list(person.past_companies),
    }


def with_fields(person: Person, fields: Mapping[str, Any], names: Iterable[str]) -> Person:
    """The person with the named fields taken from `fields`."""
    changes: dict[str, Any] = {}
    for name in names:
        value = fields[name]
        if name in LIST_FIELDS:
            value = tuple(value)
        elif name == "connected_on":
            value = date.fromisoformat(value) if value else None
        changes[name] = value
    return replace(person, **changes)


def as_card(person: Person) -> Fields:
    """A person's fields as their card holds them: written as a card and read back, so that
    the two sides are compared in the same terms."""
    try:
        read = read_vcards(write_vcards([replace(person, uid=person.uid or "-")]).encode(), "card")
    except FormatError:
        read = None
    return fields_of(read[0] if read else Person(name=""))


def new_card_data(person: Person) -> bytes:
    """A new card for the folder, in vCard 3.0: what CardDAV servers advertise and every
    address book reads (Apple's Contacts drops 4.0 cards). A company's own card says so the way
    Apple's cards do, since 3.0 has no KIND."""
    lines = ["BEGIN:VCARD", "VERSION:3.0"]
    for name, text in property_lines(person, "3.0"):
        if name in ("BEGIN", "VERSION", "END"):
            continue
        lines.append("X-ABSHOWAS:COMPANY" if name == "KIND" else text)
    lines.append("END:VCARD")
    return "".join(line + "\r\n" for line in lines).encode("utf-8")


def _agreed_person(fields: Mapping[str, Any], uid: str) -> Person:
    return with_fields(Person(name="", uid=uid), fields, FIELDS)


def _same(a: Any, b: Any) -> bool:
    return bool(a == b)


def _merge_list(ours: list[str], theirs: list[str], base: list[str]) -> list[str]:
    """A list changed on both sides: what either added is in, what either removed is out."""
    before = {fold(v) for v in base}
    mine = {fold(v) for v in ours}
    other = {fold(v) for v in theirs}
    merged = [v for v in ours if fold(v) in other or fold(v) not in before]
    merged += [v for v in theirs if fold(v) not in mine and fold(v) not in before]
    return merged


def _shown(value: Any) -> str:
    if value in (None, "", []):
        return "(empty)"
    text = ", ".join(value) if isinstance(value, list) else str(value)
    text = " ".join(text.split())
    return f'"{text[:80]}…"' if len(text) > 80 else f'"{text}"'


# -- cards ---------------------------------------------------------------------------------------


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Card:
    """One card file of the folder, read."""

    file: str
    data: bytes
    hash: str
    uid: str  # as the notebook keeps uids; "" when the card has none
    fields: Fields
    person: Person  # the card as a new person of the notebook


def read_card(file: str, data: bytes) -> Card:
    """A card file's one card. Raises FormatError for anything else: no card, several, a card
    with no name, or one cut short (read_vcards refuses that)."""
    contacts = read_vcards(data, file)
    count = len(contacts) + len(contacts.skipped)
    if count > 1:
        raise FormatError(file, f"holds {count} cards; a contacts folder has one card a file")
    if not contacts:
        raise FormatError(file, "the card has no name")
    person = contacts[0]
    return Card(file, data, digest(data), person.uid, fields_of(person), person)


def _read_folder(
    folder: Path, progress: Progress | None
) -> tuple[list[Card], list[tuple[str, str]], set[str]]:
    """Every card of the folder, the files that could not be read (file, why), and the names
    of everything in the folder (a new card's name must be free)."""
    try:
        st = os.stat(folder)
    except FileNotFoundError:
        raise SyncError(f"no folder at {folder}; nothing was synced") from None
    except OSError as error:
        raise SyncError(f"{folder} cannot be read ({error.strerror}); nothing was synced") from None
    if not stat.S_ISDIR(st.st_mode):
        raise SyncError(f"{folder} is not a folder; nothing was synced")
    if not _utf8(str(folder_key(folder))):
        # The state is kept under the folder's path, in a file that holds only UTF-8 text.
        raise SyncError(
            f"the name of {folder} (or of a folder above it) is not UTF-8 text; rename it to sync "
            "it; nothing was synced"
        )
    try:
        with os.scandir(folder) as entries:
            listed = sorted((entry.name, entry.is_file(follow_symlinks=False)) for entry in entries)
    except OSError as error:
        raise SyncError(f"{folder} cannot be read ({error.strerror}); nothing was synced") from None
    names = {name for name, _ in listed}
    files = [
        (name, regular)
        for name, regular in listed
        if name.lower().endswith(CARD_SUFFIX) and not name.startswith(".")
    ]
    cards: list[Card] = []
    broken: list[tuple[str, str]] = []
    total = len(files)
    for n, (name, regular) in enumerate(files):
        if progress and n % PROGRESS_EVERY == 0:
            progress(n, total)
        if not regular:
            broken.append((name, "not a plain file (a link or a folder); left alone"))
            continue
        if not _utf8(name):
            broken.append((name, "its name is not UTF-8 text; rename it to sync it"))
            continue
        try:
            data = (folder / name).read_bytes()
        except OSError as error:
            broken.append((name, f"cannot be read ({error.strerror})"))
            continue
        try:
            cards.append(read_card(name, data))
        except FormatError as error:
            broken.append((name, error.message))
        except ValidationError as error:
            broken.append((name, error.message))
    if progress:
        progress(total, total)
    return cards, broken, names


def _utf8(name: str) -> bool:
    """Whether a name Python read from the file system is UTF-8 text: a byte that is not came
    back as a lone surrogate, which the notebook's file cannot hold."""
    try:
        name.encode()
    except UnicodeEncodeError:
        return False
    return True


# -- editing a card in place ---------------------------------------------------------------------

_LINE = re.compile(rb"[^\r\n]*(?:\r\r\n|\r\n|\r|\n)|[^\r\n]+\Z")
_BASE64_LINE = re.compile(rb"[A-Za-z0-9+/=\s]+")
_BASE64_PARAMS = frozenset({b"ENCODING=B", b"ENCODING=BASE64", b"BASE64"})


@dataclass
class _Unit:
    """A property with its continuation lines, as bytes in the file."""

    raw: bytes
    group: str
    name: str
    depth: int = 0  # 1 inside the card, more inside a card nested in it (a 2.1 AGENT)


def _head(body: bytes) -> tuple[str, str, bytes]:
    if b":" not in body:
        return "", "", b""
    head = body.split(b":", 1)[0]
    group, _, name = head.split(b";", 1)[0].strip().rpartition(b".")
    return (
        group.decode("ascii", "replace").upper(),
        name.decode("ascii", "replace").upper(),
        head.upper(),
    )


def _units(data: bytes) -> list[_Unit]:
    """The file as properties, each with the lines it runs on over: folded lines, a 2.1
    quoted-printable soft break, 2.1 base64 without indent, a photo's raw bytes."""
    lines = [match.group() for match in _LINE.finditer(data)]
    units: list[_Unit] = []
    mode = ""
    for n, line in enumerate(lines):
        body = line.rstrip(b"\r\n")
        if units:
            current = units[-1]
            if (
                body[:1] in (b" ", b"\t")
                or (mode == "qp" and current.raw.rstrip(b"\r\n \t").endswith(b"="))
                or (mode == "b64" and b":" not in body and _BASE64_LINE.fullmatch(body))
                or (mode == "raw" and not PROPERTY_LINE.match(body))
            ):
                current.raw += line
                continue
        group, name, head = _head(body)
        following = lines[n + 1].rstrip(b"\r\n") if n + 1 < len(lines) else b""
        if b"QUOTED-PRINTABLE" in head:
            mode = "qp"
        elif {p.strip() for p in head.split(b";")[1:]} & _BASE64_PARAMS:
            mode = "b64"
        elif raw_binary_value(body, following):
            mode = "raw"
        else:
            mode = ""
        units.append(_Unit(line, group, name))
    depth = 0
    for unit in units:
        value = unit.raw.split(b":", 1)[-1].strip().upper()
        if unit.name == "BEGIN" and value == b"VCARD":
            depth += 1
            unit.depth = depth
        elif unit.name == "END" and value == b"VCARD":
            unit.depth = depth
            depth = max(depth - 1, 0)
        else:
            unit.depth = depth
    return units


def _unit_person(unit: _Unit, version: str) -> Person | None:
    """What one property says, read as a card of its own (so it is decoded as the reader
    decodes it)."""
    raw = unit.raw if unit.raw.endswith((b"\n", b"\r")) else unit.raw + b"\r\n"
    if unit.group:
        raw = raw.split(b".", 1)[1]
    data = b"BEGIN:VCARD\r\nVERSION:" + version.encode() + b"\r\nFN:-\r\n" + raw + b"END:VCARD\r\n"
    try:
        read = read_vcards(data, "card")
    except (FormatError, ValidationError):
        return None
    return read[0] if read else None


def _edit(
    data: bytes, agreed: Fields, uid: str, names: Iterable[str], *, keep_items: bool, add_uid: bool
) -> bytes | None:
    """The card with the named fields written as agreed and every other line as it was; None
    if it has no card to edit. `keep_items` keeps an email or phone line whose value stays
    (with its type and label), else every line of a field is written anew."""
    units = _units(data)
    begin = next((i for i, u in enumerate(units) if u.name == "BEGIN" and u.depth == 1), None)
    end = next(
        (i for i, u in enumerate(units) if u.name == "END" and u.depth == 1 and i > (begin or 0)),
        None,
    )
    if begin is None or end is None:
        return None
    inside = [i for i in range(begin + 1, end) if units[i].depth == 1]
    first = units[begin].raw
    newline = first[len(first.rstrip(b"\r\n")) :] or b"\r\n"
    version_unit = next((i for i in inside if units[i].name == "VERSION"), None)
    version = "4.0"
    if version_unit is not None:
        found = units[version_unit].raw.split(b":", 1)[-1].strip().decode("ascii", "replace")
        version = re.sub(r"[^0-9.]", "", found) or "4.0"
    person = _agreed_person(agreed, uid)

    def lines_of(who: Person, wanted: frozenset[str]) -> list[bytes]:
        return [
            text.replace("\r\n", newline.decode()).encode() + newline
            for name, text in property_lines(who, version)
            if name in wanted
        ]

    removed: set[int] = set()
    inserts: dict[int, list[bytes]] = {}
    for name in names:
        owned = [i for i in inside if units[i].name in _OWNED[name]]
        if name == "linkedin_url":
            owned = [i for i in owned if (p := _unit_person(units[i], version)) and p.linkedin_url]
        new_lines = lines_of(person, _WRITES[name])
        at = owned[0] if owned else end
        if keep_items and name in ("emails", "phones"):
            wanted = {fold(v) for v in agreed[name]}
            kept: list[int] = []
            have: set[str] = set()
            for i in owned:
                said = _unit_person(units[i], version)
                values: tuple[str, ...] = getattr(said, name) if said else ()
                if len(values) == 1 and fold(values[0]) in wanted - have:
                    kept.append(i)
                    have.add(fold(values[0]))
            missing = [v for v in agreed[name] if fold(v) not in have]
            new_lines = [
                line
                for v in missing
                for line in lines_of(
                    with_fields(Person(name="-"), {name: [v]}, [name]), _WRITES[name]
                )
            ]
            owned = [i for i in owned if i not in kept]
            if kept:
                # After the last kept line, and after the label that goes with it.
                at, group = kept[-1] + 1, units[kept[-1]].group
                while group and at < end and units[at].group == group:
                    at += 1
        removed.update(owned)
        inserts.setdefault(at, []).extend(new_lines)
    if add_uid:
        removed.update(i for i in inside if units[i].name == "UID")
        after = (version_unit if version_unit is not None else begin) + 1
        inserts.setdefault(after, []).insert(0, f"UID:{uid}".encode() + newline)
    revs = [i for i in inside if units[i].name == "REV"]
    if revs:
        removed.update(revs)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        inserts.setdefault(revs[0], []).append(f"REV:{stamp}".encode() + newline)
    # An Apple label left with nothing to label goes with what it labelled.
    gone = {units[i].group for i in removed if units[i].group}
    for group in gone:
        rest = [i for i in inside if units[i].group == group and i not in removed]
        if all(units[i].name.startswith("X-AB") for i in rest):
            removed.update(rest)
    out = bytearray()
    for i, unit in enumerate(units):
        for line in inserts.get(i, ()):
            out += line
        if i not in removed:
            out += unit.raw
    return bytes(out)


def rewrite_card(card: Card, agreed: Fields, uid: str, names: Iterable[str]) -> bytes | None:
    """The card saying what was agreed, edited as little as will do (see _edit), and checked
    by reading it back; None if no edit reads back as agreed."""
    names = list(names)
    data = to_utf8(card.data)
    expected = card.uid or uid
    attempts = ((names, True), (names, False), (list(FIELDS), False))
    for fields, keep_items in attempts:
        new = _edit(data, agreed, uid, fields, keep_items=keep_items, add_uid=not card.uid)
        if new is None:
            return None
        try:
            read = read_card(card.file, new)
        except (FormatError, ValidationError):
            continue
        if read.uid == expected and read.fields == agreed:
            return new
    return None


def _file_name(uid: str, taken: set[str]) -> str:
    """A new card's file name: its uid made safe for any file system, unused in the folder
    (whatever the case: some file systems ignore it)."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", uid).strip("_")[:MAX_FILE_STEM] or "card"
    name, n = f"{stem}{CARD_SUFFIX}", 2
    while name.casefold() in taken:
        name, n = f"{stem}-{n}{CARD_SUFFIX}", n + 1
    taken.add(name.casefold())
    return name


# -- planning ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    """A field changed on both sides since the last sync (or different at the first)."""

    name: str
    field: str
    notebook: Any
    card: Any
    winner: Prefer

    def line(self) -> str:
        kept = "the notebook's" if self.winner == "notebook" else "the card's"
        return (
            f"conflict: {self.name}, {FIELD_LABELS[self.field]}: notebook {_shown(self.notebook)}, "
            f"card {_shown(self.card)}; kept {kept}"
        )


@dataclass
class CardChange:
    """A card to write (new or rewritten) or to delete, with what it held before."""

    file: str
    name: str  # whose card it is, for messages
    new: bytes | None  # None: delete the card
    old: bytes | None  # None: a new file
    what: str  # what changes, for a dry run


@dataclass
class SyncPlan:
    """Everything a sync will do, worked out before anything is written."""

    folder: Path
    prefer: Prefer
    create: list[Person] = field(default_factory=list)  # people made from new cards
    update: list[Person] = field(default_factory=list)  # people the folder changed
    archive: list[Person] = field(default_factory=list)  # people whose card was deleted
    writes: list[CardChange] = field(default_factory=list)  # new and rewritten cards
    deletes: list[CardChange] = field(default_factory=list)  # cards of forgotten people
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, why)
    problems: list[str] = field(default_factory=list)  # what was not synced, and why
    actions: list[str] = field(default_factory=list)  # one line per change, for a dry run
    cards: dict[str, Any] = field(default_factory=dict)  # the state, deletions made
    kept_if_refused: dict[str, Any] = field(default_factory=dict)  # state entries they keep
    previous: dict[str, Any] = field(default_factory=dict)  # the folder's state before
    before: dict[int, Person] = field(default_factory=dict)  # people to change, as they were

    @property
    def deletions(self) -> int:
        return len(self.archive) + len(self.deletes)

    def deletion_question(self) -> str:
        parts = []
        if self.archive:
            n = len(self.archive)
            parts.append(f"archive {n} {'person' if n == 1 else 'people'} deleted from the folder")
        if self.deletes:
            n = len(self.deletes)
            parts.append(f"delete {n} card{'s' * (n != 1)} of people forgotten in the notebook")
        text = " and ".join(parts)
        return f"{text[:1].upper()}{text[1:]}?"


def folder_key(folder: Path | str) -> Path:
    """The folder as the state knows it: absolute, links resolved."""
    return Path(os.path.realpath(Path(folder).expanduser()))


def sync_state(notebook: Notebook) -> dict[str, Any]:
    state = notebook.setting(STATE_KEY, {})
    return state if isinstance(state, dict) else {}


def last_synced(notebook: Notebook) -> tuple[str, str] | None:
    """The folder synced last and when, if any was."""
    found = [
        (entry.get("synced_at", ""), folder)
        for folder, entry in sync_state(notebook).items()
        if isinstance(entry, dict)
    ]
    if not found:
        return None
    when, folder = max(found)
    return folder, when


def synced_at(notebook: Notebook, folder: Path | str) -> str | None:
    entry = sync_state(notebook).get(str(folder_key(folder)))
    return entry.get("synced_at") if isinstance(entry, dict) else None


def _entry(value: Any) -> dict[str, Any] | None:
    """A state entry as the sync wrote it, or None. An entry of a forgotten person has no
    "fields" (see forget_in_sync_state): its file and hash still tell whether the card changed."""
    if not isinstance(value, dict):
        return None
    if not (isinstance(value.get("file"), str) and isinstance(value.get("hash"), str)):
        return None
    if "fields" not in value:
        return value
    fields = value["fields"]
    if not isinstance(fields, dict) or set(fields) != set(FIELDS):
        return None
    return value


def forget_in_sync_state(settings: Mapping[str, Any], uid: str) -> dict[str, Any] | None:
    """The settings with a forgotten person's card fields dropped from every folder's state,
    or None if no state holds them. Their "file" and "hash" stay (no personal data in them),
    so that the next sync still deletes the card if it is as last synced."""
    state = settings.get(STATE_KEY)
    if not isinstance(state, dict):
        return None
    new_state = dict(state)
    for folder, entry in state.items():
        if not isinstance(entry, dict) or not isinstance(cards := entry.get("cards"), dict):
            continue
        card = cards.get(uid)
        if not isinstance(card, dict) or "fields" not in card:
            continue
        kept = {key: value for key, value in card.items() if key != "fields"}
        new_state[folder] = {**entry, "cards": {**cards, uid: kept}}
    if new_state == state:
        return None
    return {**settings, STATE_KEY: new_state}


class _Planner:
    def __init__(self, notebook: Notebook, plan: SyncPlan, known: dict[str, Any]) -> None:
        self.notebook = notebook
        self.plan = plan
        self.known = known
        self.taken: set[str] = set()
        self.forgotten: set[str] = set()  # uids of people forgotten in the notebook

    def merge(
        self, name: str, ours: Fields, theirs: Fields, base: Fields | None
    ) -> tuple[Fields, list[str]]:
        """The three-way merge, field by field; the merged fields and those in conflict."""
        merged: Fields = {}
        conflicts: list[str] = []
        prefer = self.plan.prefer
        for f in FIELDS:
            mine, other = ours[f], theirs[f]
            was = base[f] if base is not None else None
            if _same(mine, other) or (base is not None and _same(other, was)):
                merged[f] = mine
            elif base is not None and _same(mine, was):
                merged[f] = other
            elif f in LIST_FIELDS:
                merged[f] = _merge_list(mine, other, was or [])
            else:
                merged[f] = mine if prefer == "notebook" else other
                conflicts.append(f)
                self.plan.conflicts.append(Conflict(name, f, mine, other, prefer))
        return merged, conflicts

    def pair(self, card: Card, person: Person, entry: dict[str, Any] | None) -> None:
        plan = self.plan
        ours = as_card(person)
        base = entry.get("fields") if entry else None  # none: a first sync, or forgotten since
        # A card whose bytes are those last synced says what was agreed then.
        theirs = base if entry and base is not None and card.hash == entry["hash"] else card.fields
        merged, _ = self.merge(person.name, ours, theirs, base)
        to_notebook = [f for f in FIELDS if merged[f] != ours[f]]
        agreed = merged
        changed = False
        if to_notebook:
            updated = with_fields(person, merged, to_notebook).validated()
            agreed = as_card(updated)
            plan.update.append(updated)
            plan.before[person.id or 0] = person
            shown = ", ".join(FIELD_LABELS[f] for f in to_notebook)
            plan.actions.append(f"update {person.name} from {card.file}: {shown}")
            changed = True
        state = {"file": card.file, "hash": card.hash, "fields": agreed}
        if agreed != card.fields:
            to_card = [f for f in FIELDS if agreed[f] != card.fields[f]]
            new = rewrite_card(card, agreed, person.uid, to_card)
            if new is None:
                plan.problems.append(
                    f"{card.file} was not rewritten: no edit of it reads back as the notebook "
                    f"has {person.name}; it was left as it was"
                )
                if entry:
                    state = entry
                else:
                    return
            else:
                shown = ", ".join(FIELD_LABELS[f] for f in to_card)
                self.write(card.file, person.name, new, card.data, f"write {card.file}: {shown}")
                state = {"file": card.file, "hash": digest(new), "fields": agreed}
                changed = True
        if not changed:
            plan.unchanged += 1
        plan.cards[person.uid] = state

    def write(self, file: str, name: str, new: bytes, old: bytes | None, what: str) -> None:
        self.plan.writes.append(CardChange(file, name, new, old, what))
        self.plan.actions.append(what)

    def new_person(self, card: Card, uid: str) -> None:
        """A card the notebook has no one for: a new person."""
        plan = self.plan
        person = replace(card.person, uid=uid, id=None).validated()
        agreed = as_card(person)
        plan.create.append(person)
        plan.actions.append(f"add {person.name} from {card.file}")
        state = {"file": card.file, "hash": card.hash, "fields": agreed}
        if not card.uid:
            # Given the new person's uid, so that the next sync knows the card.
            new = rewrite_card(card, card.fields, uid, ())
            if new is None:
                plan.problems.append(
                    f"{card.file} has no UID and could not be given one; {person.name} was "
                    "added, and will be added again by the next sync"
                )
                return
            self.write(card.file, person.name, new, card.data, f"add a UID to {card.file}")
            state = {"file": card.file, "hash": digest(new), "fields": agreed}
        plan.cards[uid] = state

    def new_card(self, person: Person, file: str | None = None) -> None:
        """A person the folder has no card for: a new card."""
        file = file or _file_name(person.uid, self.taken)
        data = new_card_data(person)
        self.write(file, person.name, data, None, f"write new card {file} for {person.name}")
        agreed = as_card(person)
        self.plan.cards[person.uid] = {"file": file, "hash": digest(data), "fields": agreed}

    def card_only(self, card: Card, entry: dict[str, Any] | None) -> None:
        plan = self.plan
        # Unknown to this folder's state (a folder synced from another computer, or moved) but
        # forgotten in the notebook: the tombstone says so, and the person is not made again.
        forgotten = entry is None and card.uid in self.forgotten
        if forgotten or (entry and card.hash == entry["hash"]):
            plan.deletes.append(
                CardChange(card.file, card.person.name, None, card.data, f"delete {card.file}")
            )
            plan.actions.append(
                f"delete {card.file}: {card.person.name} was forgotten in the notebook"
            )
            if entry:
                plan.kept_if_refused[card.uid] = entry
            return
        if entry:
            plan.actions.append(
                f"{card.person.name} was forgotten in the notebook, but {card.file} changed "
                "since the last sync: added back"
            )
        self.new_person(card, card.uid)

    def person_only(self, person: Person, entry: dict[str, Any] | None, broken: set[str]) -> None:
        plan = self.plan
        if entry is not None and entry.get("fields") is None and entry["file"] not in broken:
            # Forgotten, then back in the notebook (an undo, a merge), its card since deleted:
            # what was agreed is not known, so nothing says the person should go.
            entry = None
        if entry is None:
            if person.archived:
                return  # the archive stays out of the folder until someone is brought back
            self.new_card(person)
            return
        if entry["file"] in broken:
            plan.cards[person.uid] = entry  # an unreadable card is not a deleted one
            return
        if as_card(person) != entry["fields"]:
            plan.actions.append(
                f"{entry['file']} was deleted from the folder, but {person.name} changed in the "
                "notebook since the last sync: written again"
            )
            free = entry["file"].casefold() not in self.taken
            if free:
                self.taken.add(entry["file"].casefold())
            self.new_card(person, entry["file"] if free else None)
            return
        if person.archived:
            return
        day = self.notebook.today.isoformat()
        line = f"Deleted from the contacts folder {plan.folder.name} on {day}."
        notes = f"{person.notes}\n{line}" if person.notes else line
        plan.archive.append(replace(person, archived=True, notes=notes))
        plan.before[person.id or 0] = person
        plan.actions.append(f"archive {person.name}: {entry['file']} was deleted from the folder")
        plan.kept_if_refused[person.uid] = entry


def plan_sync(
    notebook: Notebook,
    folder: Path | str,
    *,
    prefer: Prefer = "notebook",
    progress: Progress | None = None,
    all_deleted: bool = False,
) -> SyncPlan:
    """Read every card and work out the whole sync; nothing is written. Raises SyncError when
    the folder cannot be read, and FolderEmptiedError when it holds none of the cards synced
    with it before (unless `all_deleted`: every contact was deleted there)."""
    if prefer not in ("notebook", "vdir"):
        raise ValueError(f"prefer the notebook or the vdir, not {prefer!r}")
    path = folder_key(folder)
    cards, broken, names = _read_folder(path, progress)
    previous = sync_state(notebook).get(str(path))
    previous = previous if isinstance(previous, dict) else {}
    known = previous.get("cards")
    known = known if isinstance(known, dict) else {}
    if not all_deleted:
        _check_not_emptied(path, known, cards, names)
    plan = SyncPlan(path, prefer, skipped=broken, previous=previous)
    planner = _Planner(notebook, plan, known)
    planner.taken = {name.casefold() for name in names}
    planner.forgotten = {
        uid
        for uid, tombstone in notebook.store.tombstones().items()
        if isinstance(tombstone, dict) and tombstone.get("table") == "people"
    }
    broken_files = {file for file, _ in broken}

    by_uid: dict[str, list[Card]] = {}
    without_uid: list[Card] = []
    for read in cards:
        if read.uid:
            by_uid.setdefault(read.uid, []).append(read)
        else:
            without_uid.append(read)
    refused = {uid for uid, found in by_uid.items() if len(found) > 1}
    for uid in sorted(refused):
        files = ", ".join(c.file for c in by_uid[uid])
        plan.problems.append(
            f"the UID {uid} is on {len(by_uid[uid])} cards ({files}); none of them was synced: "
            "give each contact its own UID"
        )
    people = {person.uid: person for person in notebook.people.iter()}
    for uid in sorted(by_uid.keys() | people.keys() | known.keys()):
        entry = _entry(known.get(uid))
        if uid in refused:
            if entry:
                plan.cards[uid] = entry
            continue
        card: Card | None = by_uid[uid][0] if uid in by_uid else None
        person = people.get(uid)
        if card is not None and person is not None:
            planner.pair(card, person, entry)
        elif card is not None:
            planner.card_only(card, entry)
        elif person is not None:
            planner.person_only(person, entry, broken_files)
    for read in without_uid:
        planner.new_person(read, new_uid())
    return plan


def _check_not_emptied(
    folder: Path, known: Mapping[str, Any], cards: list[Card], names: set[str]
) -> None:
    """As vdirsyncer does: a folder that held cards and now holds none of them is more likely
    a wrong path (an unmounted drive, a broken download) than every contact deleted, and
    syncing it would archive everyone."""
    entries = [entry for entry in map(_entry, known.values()) if entry is not None]
    if len(entries) < EMPTIED_FOLDER_MIN:
        return
    uids = {card.uid for card in cards}
    if any(uid in uids for uid in known) or any(entry["file"] in names for entry in entries):
        return
    raise FolderEmptiedError(folder, len(entries))


# -- applying ------------------------------------------------------------------------------------


@dataclass
class SyncResult:
    plan: SyncPlan
    deletions: bool  # whether the deletions were made
    saved: bool  # whether the notebook was saved

    @property
    def left_undone(self) -> int:
        return 0 if self.deletions else self.plan.deletions


def _write_card(path: Path, content: bytes) -> None:
    """Replace a card so that a crash leaves the old or the new one: a locked 0600 temp beside
    it (hidden, and not a .vcf, so no other program takes it for a card), fsynced, renamed;
    the folder is fsynced once, after every card."""
    atomic_write(path, content, sync_folder=False)


def _check_unchanged(path: Path, change: CardChange) -> None:
    """The card is still as it was read (or still absent): another program may have written
    the folder since."""
    try:
        now: bytes | None = path.read_bytes()
    except FileNotFoundError:
        now = None
    if now != change.old:
        raise SyncError(
            f"{path.name} changed in the folder during the sync; nothing was changed: sync again"
        )


def _remove_stale_temps(folder: Path) -> None:
    """Remove the temp files a killed sync left in the folder (see STALE_TEMP_AGE)."""
    try:
        with os.scandir(folder) as entries:
            found = {m["card"] for entry in entries if (m := _CARD_TEMP.fullmatch(entry.name))}
    except OSError:
        return
    for name in sorted(found):
        remove_stale_temps(folder / name, min_age=STALE_TEMP_AGE)


def _put_back(folder: Path, done: list[CardChange]) -> list[str]:
    """Undo the card changes made, newest first; the files that could not be put back. A card
    already as it was (a write that failed before landing) needs nothing."""
    failed: list[str] = []
    for change in reversed(done):
        path = folder / change.file
        try:
            if path.read_bytes() == change.old:
                continue
        except FileNotFoundError:
            if change.old is None and not os.path.lexists(path):
                continue
        except OSError:
            pass  # unreadable: written back all the same
        try:
            if change.old is None:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(path)
            else:
                _write_card(path, change.old)
        except OSError:
            failed.append(change.file)
    with contextlib.suppress(OSError):
        fsync_dir(folder)
    return failed


def _check_notebook(notebook: Notebook, plan: SyncPlan) -> None:
    """The people the plan changes are still as they were when it was made."""
    for pid, person in plan.before.items():
        if not notebook.people.has(pid) or notebook.people.get(pid) != person:
            raise SyncError(
                f"{person.name} changed in the notebook during the sync; nothing was changed: "
                "sync again"
            )
    for person in plan.create:
        if notebook.people.by_uid(person.uid) is not None:
            raise SyncError("the notebook changed during the sync; nothing was changed: sync again")


def apply_sync(
    notebook: Notebook,
    plan: SyncPlan,
    *,
    deletions: bool,
    progress: Progress | None = None,
) -> SyncResult:
    """Carry out a plan: cards first, then the notebook and the new state in one save. On any
    failure every card is put back and SyncError says what failed; both sides are then as
    they were. Without `deletions`, no one is archived and no card deleted: the state keeps
    them, to be done by a later sync."""
    if notebook.read_only:
        raise SyncError(f"{notebook.path} is open read-only; nothing was synced")
    _check_notebook(notebook, plan)
    folder = plan.folder
    _remove_stale_temps(folder)
    changes = plan.writes + (plan.deletes if deletions else [])
    edited = plan.update + (plan.archive if deletions else [])
    cards = dict(plan.cards)
    if not deletions:
        cards.update(plan.kept_if_refused)
    cards = dict(sorted(cards.items()))
    state_changed = cards != plan.previous.get("cards")
    if not (changes or edited or plan.create or state_changed):
        return SyncResult(plan, deletions, saved=False)
    done: list[CardChange] = []
    try:
        total = len(changes)
        for n, change in enumerate(changes):
            if progress and n % PROGRESS_EVERY == 0:
                progress(n, total)
            path = folder / change.file
            _check_unchanged(path, change)
            done.append(change)  # before the write: a failed write may still have landed
            if change.new is None:
                os.unlink(path)
            else:
                _write_card(path, change.new)
        if done:
            fsync_dir(folder)
        if progress:
            progress(total, total)
        state = {**sync_state(notebook)}
        state[str(folder)] = {"synced_at": now_stamp(), "cards": cards}
        with notebook.batch():
            if plan.create:
                notebook.people.add_many(plan.create)
            if edited:
                notebook.people.edit_many(edited)
            notebook.put_setting(STATE_KEY, state)
    except (OSError, StoreError, ValidationError, SyncError) as error:
        failed = _put_back(folder, done)
        if isinstance(error, SyncError):
            reason = str(error)
        elif isinstance(error, OSError) and not isinstance(error, StoreError):
            where = f" {Path(error.filename).name}" if error.filename else ""
            reason = f"could not write{where} in {folder} ({error.strerror or error})"
        else:
            reason = str(error)
        outcome = (
            "every card was put back as it was"
            if not failed
            else f"{len(failed)} card(s) could not be put back ({', '.join(failed)})"
        )
        raise SyncError(f"{reason}; the sync was undone: {outcome}") from None
    except BaseException:
        _put_back(folder, done)
        raise
    return SyncResult(plan, deletions, saved=True)


# -- saying what happened ------------------------------------------------------------------------


def notice_lines(plan: SyncPlan) -> list[str]:
    """What the plan says beyond its counts: the conflicts it settles, the cards it skips and
    what it cannot sync. Told before anything is written: a sync killed on the way says
    nothing after, and the next one no longer sees the conflicts it settled."""
    lines = [conflict.line() for conflict in plan.conflicts]
    lines += [f"skipped {file}: {why}" for file, why in plan.skipped]
    lines += plan.problems
    return lines


def summary_lines(
    plan: SyncPlan, result: SyncResult | None = None, *, notices: bool = True
) -> list[str]:
    """What the sync did (or, without a result, would do), a fact a line, uncleaned; without
    `notices` only the counts and what was not done (the notices were told already)."""
    dry = result is None
    deletions = True if result is None else result.deletions
    archived = len(plan.archive) if deletions else 0
    deleted = len(plan.deletes) if deletions else 0
    lines = []
    if dry:
        lines.append(f"Sync with {plan.folder} (dry run: nothing was written)")
        lines += [f"  {action}" for action in plan.actions]
    would = "would be " if dry else ""
    lines.append(
        f"From the folder: {len(plan.create)} {would}created, {len(plan.update)} {would}updated, "
        f"{archived} {would}archived"
    )
    lines.append(f"To the folder: {len(plan.writes)} {would}written, {deleted} {would}deleted")
    lines.append(f"Unchanged: {plan.unchanged}")
    if notices:
        lines += notice_lines(plan)
    if result is not None and result.left_undone:
        lines.append(
            f"Not done: {plan.deletion_question()[:-1].lower()} (these wait for the next sync)"
        )
    return lines
