"""How the notebook says things, in one place for the screens and the shell: a relationship's
status, with the tone a screen colours it in; a cadence, a kind of conversation, a referral
ask's status, how overdue something is, a tie's strength."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Literal

from . import dates
from .model.upkeep import Cadence, RelationshipStatus
from .records import Person, clean_text, told_apart

Tone = Literal["", "muted", "warning", "accent", "success"]

# Said of a last conversation that never happened.
NEVER = "never"
# Said of an overdue first conversation: someone with a rhythm set, never talked to.
NOT_YET = "not yet"

# Where a cadence comes from, in "every 60 days (inferred from history)".
CADENCE_SOURCE_WORDS = {"set": "set", "inferred": "inferred from history", "default": "default"}

# How each kind reads in "Noted a chance meeting with Maria on Tue 24 Nov 2026".
KIND_WORDS: dict[str, str] = {
    "in person": "a conversation",
    "chance meeting": "a chance meeting",
    "coffee": "coffee",
    "call": "a call",
    "video": "a video call",
    "message": "a message",
    "email": "an email",
    "event": "an event",
    "interview": "an interview",
    "other": "a note",
}

ASK_STATUS_WORDS = {
    "asked": "asked, no answer yet",
    "agreed": "agreed to refer me",
    "referred": "referred me",
    "interview": "outcome: interview",
    "offer": "outcome: offer",
    "no": "outcome: no",
}


def relationship_words(status: RelationshipStatus, today: date) -> tuple[str, Tone]:
    """'overdue 3 weeks', 'snoozed until Mon 7 Dec', 'not yet contacted', … and its tone."""
    kind = status.kind
    if kind == "overdue":
        return (overdue_words(status.days_overdue), "warning")
    if kind == "snoozed" and status.snoozed_until is not None:
        return (f"snoozed until {dates.spelled(status.snoozed_until)}", "muted")
    if kind == "due soon":
        return ("due soon", "accent")
    if kind == "on track":
        return ("on track", "success")
    if kind == "not yet contacted":
        return ("not yet contacted", "accent")
    if kind == "cold":
        return ("not yet contacted", "muted")
    return (kind, "muted")


def relationship_marker(status: RelationshipStatus, today: date) -> tuple[str, Tone]:
    """The short form for a list of everyone: nothing for a cold contact or one on track
    (thousands of imported connections would fill a column with the same words), "snoozed"
    without its end (that is on their page), else the status's own words."""
    if status.kind in ("cold", "on track"):
        return ("", "")
    if status.kind == "snoozed":
        return ("snoozed", "muted")
    return relationship_words(status, today)


def overdue_words(days: int) -> str:
    """'overdue 3 weeks': how late something is, in days counted roughly (dates.span)."""
    return f"overdue {dates.span(days)}"


@functools.lru_cache(maxsize=4096)
def ago(day: date, today: date) -> str:
    """dates.ago, remembered: a list of 10,000 rows holds a few hundred different days, and
    each wording costs calendar arithmetic."""
    return dates.ago(day, today)


def talked_words(day: date | None, today: date) -> str:
    """When we last talked, as people say it: '3 weeks ago', or 'never'."""
    return ago(day, today) if day is not None else NEVER


def cadence_words(cadence: Cadence) -> str:
    """'every 60 days (inferred from history)'."""
    return f"every {cadence.days} days ({CADENCE_SOURCE_WORDS[cadence.source]})"


def ask_status_words(status: str) -> str:
    """How a referral ask's status reads; a status this version doesn't know (a hand-edited
    file) as is."""
    return ASK_STATUS_WORDS.get(status, clean_text(status))


def owed_words(by: str) -> str:
    """Who owes a follow-up, as a list shows it: 'I owe' or 'they owe'."""
    return "I owe" if by == "me" else "they owe"


def strength_dots(strength: int) -> str:
    """A tie's strength out of five: '●●●○○'."""
    return "●" * strength + "○" * (5 - strength)


def could_be(typed: str, candidates: Sequence[Person], shown: int = 4) -> str:
    """Why a typed name can't be taken, and how to say which: "'John Smith' could be several
    people: John Smith (Contoso), John Smith (Initech); type more, like "John Smith
    (Initech)"."""
    options = ", ".join(told_apart(p) for p in candidates[:shown])
    example = told_apart(candidates[min(shown, len(candidates)) - 1])
    return f'{typed!r} could be several people: {options}; type more, like "{example}"'


def already_here(namesakes: Mapping[str, Sequence[Person]]) -> str:
    """The new names the notebook already holds, with who holds each: "Zed Zulu (Acme) is
    already in the notebook", or "already in the notebook: Zed Zulu (Acme); Dana Nguyen"."""
    listed = [", ".join(told_apart(p) for p in same[:3]) for same in namesakes.values()]
    if len(listed) == 1:
        [same] = namesakes.values()
        return f"{listed[0]} {'are' if len(same) > 1 else 'is'} already in the notebook"
    return "already in the notebook: " + "; ".join(listed)
