"""How the notebook says things, in one place for the screens and the shell: a relationship's
status, with the tone a screen colours it in."""

from __future__ import annotations

from datetime import date
from typing import Literal

from . import dates
from .upkeep import RelationshipStatus

Tone = Literal["", "muted", "warning", "accent", "success"]


def relationship_words(status: RelationshipStatus, today: date) -> tuple[str, Tone]:
    """'overdue 3 weeks', 'snoozed until Mon 7 Dec', 'not yet contacted', … and its tone."""
    kind = status.kind
    if kind == "overdue":
        return (f"overdue {dates.span(status.days_overdue)}", "warning")
    if kind == "snoozed" and status.snoozed_until is not None:
        return (f"snoozed until {dates.resolved(status.snoozed_until.isoformat(), today)}", "muted")
    if kind == "due soon":
        return ("due soon", "accent")
    if kind == "on track":
        return ("on track", "success")
    if kind == "not yet contacted":
        return ("not yet contacted", "accent")
    if kind == "cold":
        return ("not yet contacted", "muted")
    return (kind, "muted")
