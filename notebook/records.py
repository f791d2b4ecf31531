"""The notebook's records: plain, immutable dataclasses with validation.

Records know nothing of TinyDB or Textual. `to_doc()` gives the dict stored in the file and
`from_doc()` reads one back. `from_doc()` trusts the file (it was validated when written) so a
large notebook loads fast; everything arriving from a person or an import goes through
`validated()`, which cleans text and raises `ValidationError` naming the field.
"""

from __future__ import annotations

import functools
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime
from operator import attrgetter
from typing import Any, Literal, Self, TypeVar

INTERACTION_KINDS: tuple[str, ...] = (
    "in person",
    "chance meeting",
    "coffee",
    "call",
    "video",
    "message",
    "email",
    "event",
    "interview",
    "other",
)
FOLLOW_UP_BY: tuple[str, ...] = ("me", "them")
ASK_STATUSES: tuple[str, ...] = ("asked", "agreed", "referred", "interview", "offer", "no")
# An ask is under way until it ends in an offer or a no: after "referred me" there is still an
# interview to note, and its outcome.
OPEN_ASK_STATUSES: frozenset[str] = frozenset({"asked", "agreed", "referred", "interview"})
DEFAULT_CADENCE_DAYS = 90
# A uid is an identifier, not text to read: longer ones are replaced by their hash (see
# clean_uid), so that a contact whose address book writes a very long UID still imports.
MAX_UID_LENGTH = 200
# The namespace of every uid made here by uuid5 (from a stored person, or from a UID too long
# to keep). Fixed forever: two copies of one notebook must derive the same uids.
UID_NAMESPACE = uuid.UUID("6f1c2a4e-6b1d-4c55-9a53-2f3e1d0b7c84")

# ANSI/OSC escape sequences first (so no "]0;title" residue), then any remaining control:
# C0 except tab and newline, DEL, C1, and the bidi overrides and isolates. An OSC missing its
# terminator ends at the line's end: with its ESC gone it drives nothing, and in a whole export
# on stdout it must not swallow every line after it.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\][^\x07\x1b\n]*(?:\x07|\x1b\\)?|\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]"
)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# A lone surrogate is a byte that was not UTF-8 (a Latin-1 file name, an argument from a
# terminal in another encoding, as Python decodes them): it cannot be written to the file, so
# it reads as the replacement character, the one letter lost where the save would be.
_SURROGATE = re.compile("[\ud800-\udfff]")


class ValidationError(ValueError):
    """A record field holds a value the notebook cannot accept."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message


def told_apart(person: Person) -> str:
    """A name as it can be typed to mean this person and not a namesake: "John Smith
    (Initech)", by company, else title, else place (see People.resolve)."""
    which = person.company or person.title or person.location
    return f"{person.name} ({which})" if which else person.name


def undecodable_replaced(text: str) -> str:
    """Each byte that was not UTF-8 (a lone surrogate, see _SURROGATE) as the replacement
    character, as the file holds it."""
    return _SURROGATE.sub("\ufffd", text)


def strip_controls(text: str) -> str:
    """Escape sequences (whole) and control characters removed, nothing else changed: tabs and
    newlines stay, a carriage return goes (so "\\r\\n" becomes "\\n"), nothing is trimmed."""
    return undecodable_replaced(_CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text)))


def without_controls(value: Any) -> Any:
    """Every string in a structure of dicts, lists and tuples (a document, a report for
    scripts) through strip_controls, the rest as it is; dicts and lists come back new."""
    if isinstance(value, str):
        return value if value.isprintable() else strip_controls(value)
    if isinstance(value, Mapping):
        return {key: without_controls(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [without_controls(item) for item in value]
    return value


def clean_text(text: str, *, multiline: bool = False) -> str:
    """Strip escape sequences and control characters; single-line text loses its newlines."""
    if text.isprintable():
        # Most text, and a 30,000-row import cleans hundreds of thousands of values: printable
        # text holds no control, escape or bidi character and no whitespace but the plain
        # space, so only doubled and edge spaces can change, and the regexes can be skipped.
        return " ".join(text.split()) if not multiline and "  " in text else text.strip()
    text = strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not multiline:
        text = " ".join(text.split())
    return text.strip()


def _clean_list(values: Iterable[str]) -> tuple[str, ...]:
    """The values cleaned, without blanks, and each once whatever its case (the first kept).
    A tuple that is already all that is given back as it is (see Person.validated)."""
    if values == ():
        return ()  # most lists of most people
    kept: list[str] = []
    folded: set[str] = set()
    unchanged = True
    for value in values:
        cleaned = clean_text(value)
        key = cleaned.casefold()
        if cleaned and key not in folded:
            folded.add(key)
            kept.append(cleaned)
            unchanged = unchanged and cleaned is value
        else:
            unchanged = False
    if unchanged and type(values) is tuple:
        return values
    return tuple(kept)


def _date_or_none(value: Any, field_name: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        # A whole ISO date, or an ISO datetime cut to its day; not any text that starts with one.
        return date.fromisoformat(text) if len(text) <= 10 else datetime.fromisoformat(text).date()
    except ValueError:
        raise ValidationError(field_name, f"{value!r} is not a date (use YYYY-MM-DD)") from None


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def now_stamp() -> str:
    """The time of a change, for created_at and updated_at."""
    return datetime.now().replace(microsecond=0).isoformat()


def new_uid() -> str:
    """A permanent identity for someone new to the notebook."""
    return str(uuid.uuid4())


def derived_uid(person_id: int | str, created_at: str, name: str) -> str:
    """The uid of a person stored before people had uids, from what the file already holds.

    The same record gives the same uid wherever and whenever it is worked out: a read-only
    open and a later writable one agree, and two copies of one old notebook (a laptop's and a
    desktop's) give their people the same uids, so that the copies can be merged later.
    """
    return str(uuid.uuid5(UID_NAMESPACE, f"{person_id}\n{created_at}\n{name}"))


def derived_record_uid(table: str, record_id: int | str, *parts: str) -> str:
    """The uid of a conversation, tie, follow-up or ask stored before they had uids: like
    derived_uid(), from what never changes in the record, so two copies agree."""
    return str(uuid.uuid5(UID_NAMESPACE, "\n".join((table, str(record_id), *parts))))


# How many change stamps a field keeps: enough to tell "the other copy has seen this value"
# from "both copies changed it" across several edits between merges; older ones only matter
# to copies that far apart, and for them a change is called a conflict (and listed), never lost.
CHANGE_HISTORY = 8


def new_stamp() -> str:
    """A change's stamp: UTC time to the microsecond (so stamps sort by time), and four random
    hex digits so that two devices never write the same stamp for different changes."""
    moment = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return f"{moment}-{uuid.uuid4().hex[:4]}"


def clean_uid(uid: str) -> str:
    """A uid as the notebook keeps it: as given (a vCard's `urn:uuid:...` or any other
    string), but on one line, without control characters, and bounded. A longer one becomes
    a uuid5 of itself: the same input always gives the same uid, so a re-import still
    matches, and two long UIDs that share a beginning stay two people."""
    cleaned = clean_text(uid)
    if len(cleaned) > MAX_UID_LENGTH:
        return str(uuid.uuid5(UID_NAMESPACE, cleaned))
    return cleaned


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    company: str = ""
    title: str = ""
    past_companies: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    location: str = ""
    tags: tuple[str, ...] = ()
    how_met: str = ""
    met_via: int | None = None
    notes: str = ""
    cadence_days: int | None = None
    snoozed_until: date | None = None
    connected_on: date | None = None
    linkedin_url: str = ""
    source: str = ""
    archived: bool = False
    created_at: str = ""
    updated_at: str = ""
    # Permanent and the same everywhere: a vCard's UID, and what imports match on first.
    uid: str = ""
    id: int | None = field(default=None, compare=False)

    def validated(self) -> Person:
        name = clean_text(self.name)
        if not name:
            raise ValidationError("name", "a person needs a name")
        cadence = self.cadence_days
        if cadence is not None:
            try:
                cadence = int(cadence)
            except (TypeError, ValueError):
                raise ValidationError("cadence_days", "cadence must be a number of days") from None
            if not 1 <= cadence <= 3650:
                raise ValidationError("cadence_days", "cadence must be between 1 and 3650 days")
        if self.met_via is not None and self.met_via == self.id:
            raise ValidationError("met_via", "a person cannot be met through themself")
        if self.created_at and not _starts_with_day(self.created_at):
            # The day someone was added is read from here (their last contact, at first).
            raise ValidationError(
                "created_at", f"{self.created_at!r} is not a date and time (YYYY-MM-DDTHH:MM:SS)"
            )
        emails = _clean_list(self.emails)
        for email in emails:
            if "@" not in email or " " in email:
                raise ValidationError("emails", f"{email!r} is not an email address")
        company = clean_text(self.company)
        title = clean_text(self.title)
        past_companies = _clean_list(self.past_companies)
        phones = _clean_list(self.phones)
        location = clean_text(self.location)
        tags = _clean_list(self.tags)
        how_met = clean_text(self.how_met, multiline=True)
        notes = clean_text(self.notes, multiline=True)
        snoozed_until = _date_or_none(self.snoozed_until, "snoozed_until")
        connected_on = _date_or_none(self.connected_on, "connected_on")
        linkedin_url = clean_text(self.linkedin_url)
        source = clean_text(self.source)
        uid = clean_uid(self.uid)
        # Already clean (each cleaning gives back the very value it was given when there is
        # nothing to change): this record is its own validated self. An import's rows mostly
        # are, and building a record costs as much as all of the cleaning above.
        if (
            name is self.name
            and company is self.company
            and title is self.title
            and past_companies is self.past_companies
            and emails is self.emails
            and phones is self.phones
            and location is self.location
            and tags is self.tags
            and how_met is self.how_met
            and notes is self.notes
            and cadence is self.cadence_days
            and snoozed_until is self.snoozed_until
            and connected_on is self.connected_on
            and linkedin_url is self.linkedin_url
            and source is self.source
            and uid is self.uid
        ):
            return self
        # Every field named, so the record is built once: dataclasses.replace() costs more
        # than all of the cleaning above.
        return type(self)(
            name=name,
            company=company,
            title=title,
            past_companies=past_companies,
            emails=emails,
            phones=phones,
            location=location,
            tags=tags,
            how_met=how_met,
            met_via=self.met_via,
            notes=notes,
            cadence_days=cadence,
            snoozed_until=snoozed_until,
            connected_on=connected_on,
            linkedin_url=linkedin_url,
            source=source,
            archived=self.archived,
            created_at=self.created_at,
            updated_at=self.updated_at,
            uid=uid,
            id=self.id,
        )

    def to_doc(self) -> dict[str, Any]:
        doc = _plain_doc(self)
        doc["snoozed_until"] = _iso(self.snoozed_until)
        doc["connected_on"] = _iso(self.connected_on)
        return doc

    @classmethod
    def from_doc(cls, doc_id: int, doc: Mapping[str, Any]) -> Self:
        get, _ = _reader(doc)
        record = _blank(cls)
        record.name = get("name", "")
        record.company = get("company", "")
        record.title = get("title", "")
        record.past_companies = tuple(get("past_companies", ()))
        record.emails = tuple(get("emails", ()))
        record.phones = tuple(get("phones", ()))
        record.location = get("location", "")
        record.tags = tuple(get("tags", ()))
        record.how_met = get("how_met", "")
        record.met_via = get("met_via")
        record.notes = get("notes", "")
        record.cadence_days = get("cadence_days")
        record.snoozed_until = _loaded_date(get("snoozed_until"))
        record.connected_on = _loaded_date(get("connected_on"))
        record.linkedin_url = get("linkedin_url", "")
        record.source = get("source", "")
        record.archived = bool(get("archived", False))
        record.created_at = get("created_at", "")
        record.updated_at = get("updated_at", "")
        record.uid = get("uid", "")
        record.id = doc_id
        return _finished(record, cls)

    @property
    def role(self) -> str:
        """'Engineering Manager @ Acme', or whichever half is known."""
        if self.title and self.company:
            return f"{self.title} @ {self.company}"
        return self.title or self.company


@dataclass(frozen=True, slots=True)
class Interaction:
    when: date
    people: tuple[int, ...]
    kind: str = "in person"
    place: str = ""
    summary: str = ""
    created_at: str = ""
    # Permanent and the same in every copy of the notebook: what merging two copies matches.
    uid: str = field(default="", compare=False)
    id: int | None = field(default=None, compare=False)

    @property
    def day(self) -> date:
        return self.when.date() if isinstance(self.when, datetime) else self.when

    @property
    def headline(self) -> str:
        """The first line of the summary."""
        return self.summary.split("\n", 1)[0]

    def validated(self) -> Interaction:
        if not isinstance(self.when, date):
            raise ValidationError("when", "when must be a date")
        people = tuple(dict.fromkeys(self.people))
        if not people:
            raise ValidationError("people", "an interaction needs at least one person")
        kind = clean_text(self.kind).lower() or "in person"
        if kind not in INTERACTION_KINDS:
            raise ValidationError(
                "kind", f"unknown kind {kind!r}; use one of: {', '.join(INTERACTION_KINDS)}"
            )
        return replace(
            self,
            people=people,
            kind=kind,
            place=clean_text(self.place),
            summary=clean_text(self.summary, multiline=True),
            uid=clean_uid(self.uid) or new_uid(),
        )

    def to_doc(self) -> dict[str, Any]:
        doc = _plain_doc(self)
        doc["when"] = self.when.isoformat()
        return doc

    @classmethod
    def from_doc(cls, doc_id: int, doc: Mapping[str, Any]) -> Self:
        get, need = _reader(doc)
        raw = need("when")
        record = _blank(cls)
        record.when = datetime.fromisoformat(raw) if "T" in raw else _day(raw)
        record.people = tuple(get("people", ()))
        record.kind = get("kind", "in person")
        record.place = get("place", "")
        record.summary = get("summary", "")
        record.created_at = get("created_at", "")
        record.uid = get("uid", "")
        record.id = doc_id
        return _finished(record, cls)


@dataclass(frozen=True, slots=True)
class Tie:
    a: int
    b: int
    relation: str = ""
    strength: int = 3
    since: date | None = None
    note: str = ""
    # Permanent and the same in every copy of the notebook: what merging two copies matches.
    uid: str = field(default="", compare=False)
    id: int | None = field(default=None, compare=False)

    def validated(self) -> Tie:
        if self.a == self.b:
            raise ValidationError("b", "a person cannot have a tie to themself")
        try:
            strength = int(self.strength)
        except (TypeError, ValueError):
            raise ValidationError(
                "strength", "strength must be a whole number from 1 to 5"
            ) from None
        if not 1 <= strength <= 5:
            raise ValidationError("strength", "strength must be from 1 to 5")
        a, b = sorted((self.a, self.b))
        return replace(
            self,
            a=a,
            b=b,
            strength=strength,
            relation=clean_text(self.relation),
            since=_date_or_none(self.since, "since"),
            note=clean_text(self.note, multiline=True),
            uid=clean_uid(self.uid) or new_uid(),
        )

    def other(self, person_id: int) -> int:
        return self.b if person_id == self.a else self.a

    def to_doc(self) -> dict[str, Any]:
        doc = _plain_doc(self)
        doc["since"] = _iso(self.since)
        return doc

    @classmethod
    def from_doc(cls, doc_id: int, doc: Mapping[str, Any]) -> Self:
        get, need = _reader(doc)
        record = _blank(cls)
        record.a = need("a")
        record.b = need("b")
        record.relation = get("relation", "")
        record.strength = get("strength", 3)
        record.since = _loaded_date(get("since"))
        record.note = get("note", "")
        record.uid = get("uid", "")
        record.id = doc_id
        return _finished(record, cls)


@dataclass(frozen=True, slots=True)
class FollowUp:
    people: tuple[int, ...]
    text: str
    due: date | None = None
    by: Literal["me", "them"] = "me"
    done_at: str | None = None
    interaction: int | None = None
    created_at: str = ""
    # Permanent and the same in every copy of the notebook: what merging two copies matches.
    uid: str = field(default="", compare=False)
    id: int | None = field(default=None, compare=False)

    @property
    def is_open(self) -> bool:
        return self.done_at is None

    def validated(self) -> FollowUp:
        text = clean_text(self.text, multiline=True)
        if not text:
            raise ValidationError("text", "a follow-up needs some text")
        people = tuple(dict.fromkeys(self.people))
        if not people:
            raise ValidationError("people", "a follow-up needs at least one person")
        if self.by not in FOLLOW_UP_BY:
            raise ValidationError("by", "a follow-up is owed by 'me' or 'them'")
        return replace(
            self,
            text=text,
            people=people,
            due=_date_or_none(self.due, "due"),
            uid=clean_uid(self.uid) or new_uid(),
        )

    def to_doc(self) -> dict[str, Any]:
        doc = _plain_doc(self)
        doc["due"] = _iso(self.due)
        return doc

    @classmethod
    def from_doc(cls, doc_id: int, doc: Mapping[str, Any]) -> Self:
        get, _ = _reader(doc)
        record = _blank(cls)
        record.people = tuple(get("people", ()))
        record.text = get("text", "")
        record.due = _loaded_date(get("due"))
        record.by = get("by", "me")
        record.done_at = get("done_at")
        record.interaction = get("interaction")
        record.created_at = get("created_at", "")
        record.uid = get("uid", "")
        record.id = doc_id
        return _finished(record, cls)


@dataclass(frozen=True, slots=True)
class ReferralAsk:
    """A request to someone for a referral or introduction, and how it went."""

    target: str
    person: int
    asked_on: date
    status: str = "asked"
    notes: str = ""
    updated_at: str = ""
    # Permanent and the same in every copy of the notebook: what merging two copies matches.
    uid: str = field(default="", compare=False)
    id: int | None = field(default=None, compare=False)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ASK_STATUSES

    def validated(self) -> ReferralAsk:
        target = clean_text(self.target)
        if not target:
            raise ValidationError("target", "say which company or role the ask is for")
        if self.status not in ASK_STATUSES:
            raise ValidationError("status", f"status must be one of: {', '.join(ASK_STATUSES)}")
        return replace(
            self,
            target=target,
            notes=clean_text(self.notes, multiline=True),
            uid=clean_uid(self.uid) or new_uid(),
        )

    def to_doc(self) -> dict[str, Any]:
        doc = _plain_doc(self)
        doc["asked_on"] = self.asked_on.isoformat()
        return doc

    @classmethod
    def from_doc(cls, doc_id: int, doc: Mapping[str, Any]) -> Self:
        get, need = _reader(doc)
        record = _blank(cls)
        record.target = get("target", "")
        record.person = need("person")
        record.asked_on = _day(need("asked_on"))
        record.status = get("status", "asked")
        record.notes = get("notes", "")
        record.updated_at = get("updated_at", "")
        record.uid = get("uid", "")
        record.id = doc_id
        return _finished(record, cls)


Record = Person | Interaction | Tie | FollowUp | ReferralAsk
R = TypeVar("R", Person, Interaction, Tie, FollowUp, ReferralAsk)
T = TypeVar("T")


def _reader(doc: Mapping[str, Any]) -> tuple[Callable[..., Any], Callable[[str], Any]]:
    """`doc.get` and `doc[...]`, in C for both kinds of document the store holds: a dict's
    own, and for a compact one (compact.Row, a struct, which has every field) the attribute of
    that name; its lists are tuples, which the record keeps as they are."""
    if type(doc) is not dict and hasattr(doc, "__struct_fields__"):
        get = functools.partial(getattr, doc)
        return get, get
    return doc.get, doc.__getitem__


def _plain_doc(record: Record) -> dict[str, Any]:
    """The record's fields minus its id, with tuples as lists (JSON has no tuples)."""
    kind = type(record)
    names, values_of, lists = _DOC_SHAPES.get(kind) or _doc_shape(kind)
    # Built in C (one attrgetter, one zip) rather than field by field: an import of 30,000
    # people turns each into a document, and dataclasses.fields() alone cost 0.14 s of it.
    doc = dict(zip(names, values_of(record), strict=True))
    for name in lists:
        doc[name] = list(doc[name])
    return doc


def _doc_shape(
    record: type,
) -> tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]], tuple[str, ...]]:
    """A record class's stored fields, a getter of their values, and those kept as tuples."""
    kept = [f for f in fields(record) if f.name != "id"]
    names = tuple(f.name for f in kept)
    lists = tuple(f.name for f in kept if str(f.type).startswith("tuple"))
    return names, attrgetter(*names), lists


_DOC_SHAPES = {
    record: _doc_shape(record) for record in (Person, Interaction, Tie, FollowUp, ReferralAsk)
}


def _starts_with_day(text: str) -> bool:
    """A stamp as the notebook keeps one: a YYYY-MM-DD day first (a time may follow)."""
    day = text[:10]
    if len(day) != 10 or day[4] != "-" or day[7] != "-" or not day.isascii():
        return False
    try:
        date.fromisoformat(day)
    except ValueError:
        return False
    return True


# One date object for each day, however many records fall on it: a notebook's conversations,
# follow-ups and connections fall on a few thousand days (at 100,000 people, 7 MB less).
_day = functools.lru_cache(maxsize=8192)(date.fromisoformat)


def _loaded_date(value: str | None) -> date | None:
    return _day(value) if value else None


# -- building records fast, for from_doc ---------------------------------------------------------
# A frozen dataclass's __init__ sets every field through object.__setattr__, which costs many
# times a plain attribute store: for 30,000 people of 21 fields, most of loading them.
# from_doc therefore fills a blank of the record's own slots (a class with the same __slots__
# and nothing else, so the same memory layout) with plain stores, then makes it the record by
# __class__ assignment, which Python allows between classes of the same layout. The record is
# then exactly what its constructor makes (a test compares every field). Where the interpreter
# refuses the assignment (checked once, below), or for a subclass of a record, the fields are
# gathered and handed to the constructor instead.


class _Fields:
    """A record's fields gathered by name, for its constructor (see _finished)."""


def _blank_class(record: type) -> type | None:
    blank = type(f"_Blank{record.__name__}", (), {"__slots__": record.__dict__["__slots__"]})
    probe: Any = object.__new__(blank)
    try:
        probe.__class__ = record
    except TypeError:
        return None
    return blank


_BLANKS: dict[type, type] = {
    record: blank
    for record in (Person, Interaction, Tie, FollowUp, ReferralAsk)
    if (blank := _blank_class(record)) is not None
}


def _blank(record: type) -> Any:
    """Something to set a record's fields on, one plain store each (see _finished)."""
    blank = _BLANKS.get(record)
    return _Fields() if blank is None else object.__new__(blank)


def _finished(fields_set: Any, record: type[T]) -> T:
    """The record whose fields were set on a _blank of it."""
    if type(fields_set) is _Fields:
        return record(**vars(fields_set))
    fields_set.__class__ = record
    made: T = fields_set
    return made
