"""The whole notebook as one JSON file: everything out, and back in exactly.

    {"format": "notebook", "schema": 1, "exported_at": ..., "people": [{"id": 1, ...}], ...}

Ids are kept so interactions, ties, follow-ups and asks can point at their people; an import
maps them onto the notebook it lands in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson

from ..records import FollowUp, Interaction, Person, ReferralAsk, Tie
from .errors import FormatError

MARKER = "notebook"
SCHEMA = 1


@dataclass(frozen=True)
class NotebookDump:
    people: list[Person] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)
    ties: list[Tie] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    asks: list[ReferralAsk] = field(default_factory=list)


def _with_ids(
    records: Iterable[Person | Interaction | Tie | FollowUp | ReferralAsk],
) -> list[dict[str, Any]]:
    return [{"id": r.id, **r.to_doc()} for r in records]


def dump_notebook(dump: NotebookDump) -> bytes:
    return orjson.dumps(
        {
            "format": MARKER,
            "schema": SCHEMA,
            "exported_at": datetime.now().replace(microsecond=0).isoformat(),
            "people": _with_ids(dump.people),
            "interactions": _with_ids(dump.interactions),
            "ties": _with_ids(dump.ties),
            "followups": _with_ids(dump.follow_ups),
            "asks": _with_ids(dump.asks),
        },
        option=orjson.OPT_INDENT_2,
    )


def is_notebook_dump(data: bytes) -> bool:
    return b'"format"' in data[:200] and b'"notebook"' in data[:200]


def load_notebook(data: bytes, path: str) -> NotebookDump:
    """Read an export; anything that is not one is a FormatError naming the file."""
    try:
        raw = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise FormatError(path, f"not valid JSON ({error})") from None
    if not isinstance(raw, dict) or raw.get("format") != MARKER:
        raise FormatError(path, 'not a notebook export (no "format": "notebook")')
    if not isinstance(raw.get("schema"), int) or raw["schema"] > SCHEMA:
        raise FormatError(path, f"written by a newer notebook (schema {raw.get('schema')})")

    def rows(name: str) -> list[tuple[int, Mapping[str, Any]]]:
        table = raw.get(name, [])
        if not isinstance(table, list) or not all(
            isinstance(r, dict) and isinstance(r.get("id"), int) for r in table
        ):
            raise FormatError(path, f'"{name}" must be a list of records with whole-number ids')
        return [(r["id"], r) for r in table]

    try:
        return NotebookDump(
            people=[Person.from_doc(i, d) for i, d in rows("people")],
            interactions=[Interaction.from_doc(i, d) for i, d in rows("interactions")],
            ties=[Tie.from_doc(i, d) for i, d in rows("ties")],
            follow_ups=[FollowUp.from_doc(i, d) for i, d in rows("followups")],
            asks=[ReferralAsk.from_doc(i, d) for i, d in rows("asks")],
        )
    except (KeyError, TypeError, ValueError) as error:
        raise FormatError(path, f"a record is malformed ({error})") from None
