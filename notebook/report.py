"""Shell reports: the stale list, referral paths, follow-ups and the prep sheet, as plain tables
for people and as JSON for scripts. The rows come from views.py, as the screens' do; this only
formats them. No Textual."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.cells import cell_len

from .graph import ReferralResult
from .records import clean_text
from .views import FollowUpRow, PrepPage, ReconnectRow
from .words import NOT_YET

Row = dict[str, Any]


def table(rows: Sequence[Row], columns: Sequence[str]) -> str:
    """Columns padded to their widest cell, in the cells a terminal gives them (a Chinese name
    or an emoji takes two a letter); user text cleaned of anything that drives a terminal."""
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    headers = [c.replace("_", " ") for c in columns]
    widths = [max([cell_len(h), *(cell_len(r[i]) for r in cells)]) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        padded = (v + " " * (w - cell_len(v)) for v, w in zip(values, widths, strict=True))
        return "  ".join(padded).rstrip()

    return "\n".join([line(headers), *(line(r) for r in cells)])


def _cell(value: Any) -> str:
    """A value as a table shows it: a yes/no as a word (JSON keeps true and false)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return clean_text(str(value))


# -- stale -----------------------------------------------------------------------------------

STALE_COLUMNS = (
    "name",
    "company",
    "last_talked_ago",
    "cadence_days",
    "cadence_source",
    "days_overdue",
    "last_topic",
)


def stale_rows(rows: Sequence[ReconnectRow]) -> list[Row]:
    """For JSON: someone never talked to has no days overdue (null), as no last talk."""
    return [
        {
            "name": row.name,
            "company": row.company,
            "last_talked": row.last_talked.isoformat() if row.last_talked else None,
            "last_talked_ago": row.last_talked_words,
            "cadence_days": row.cadence.days,
            "cadence_source": row.cadence.source,
            "days_overdue": row.days_overdue,
            "last_topic": row.last_topic,
        }
        for row in rows
    ]


def stale_table(rows: Sequence[ReconnectRow]) -> str:
    """As the Reconnect screen says it: a first conversation that is due is "not yet"."""
    cells = stale_rows(rows)
    for cell, row in zip(cells, rows, strict=True):
        if row.days_overdue is None:
            cell["days_overdue"] = NOT_YET
    return table(cells, STALE_COLUMNS)


# -- follow-ups ------------------------------------------------------------------------------

FOLLOW_UP_COLUMNS = ("who", "what", "owed_by", "due", "overdue", "from_conversation")


def follow_up_rows(rows: Sequence[FollowUpRow]) -> list[Row]:
    return [
        {
            "who": row.who,
            "what": row.text,
            "owed_by": row.by,
            "due": row.due.isoformat() if row.due else None,
            "overdue": row.overdue,
            "from_conversation": row.source,
        }
        for row in rows
    ]


def follow_up_table(rows: Sequence[FollowUpRow]) -> str:
    return table(follow_up_rows(rows), FOLLOW_UP_COLUMNS)


# -- referral paths --------------------------------------------------------------------------

REFERRAL_COLUMNS = ("target", "detail", "score", "via", "next_step")


def referral_rows(result: ReferralResult) -> list[Row]:
    rows = []
    for target in result.targets:
        for rank, path in enumerate(target.best, 1):
            rows.append(
                {
                    "target": target.name,
                    "detail": target.detail,
                    "current": target.current,
                    "path": rank,
                    "score": round(path.score, 3),
                    "hops": path.hops,
                    "via": " → ".join(path.names),
                    "explanation": path.explanation,
                    "next_step": path.next_step,
                    "reconnect_first": path.reconnect_first,
                }
            )
    return rows


def referral_table(rows: Sequence[Row]) -> str:
    return table(rows, REFERRAL_COLUMNS)


# -- the prep sheet --------------------------------------------------------------------------


def prep_data(page: PrepPage) -> Row:
    return {
        "name": page.name,
        "role": page.role,
        "how_met": page.how_met,
        "met_via": page.met_via,
        "last_talked": page.last_talked.isoformat() if page.last_talked else None,
        "stale": page.stale,
        "recent": [
            {
                "when": c.day.isoformat(),
                "ago": c.day_words,
                "kind": c.kind,
                "place": c.place,
                "summary": c.summary,
            }
            for c in page.recent
        ],
        "i_owe": [_follow_up(f) for f in page.i_owe],
        "they_owe": [_follow_up(f) for f in page.they_owe],
        "asks": [
            {
                "target": a.target,
                "asked_on": a.asked_on.isoformat(),
                "status": a.status,
                "notes": a.notes,
            }
            for a in page.asks
        ],
        "mutual": [
            {"name": t.name, "relation": t.relation, "strength": t.strength} for t in page.mutual
        ],
        "other_ties": page.other_ties,
        "notes": page.notes,
    }


def _follow_up(row: FollowUpRow) -> Row:
    return {"what": row.text, "due": row.due.isoformat() if row.due else None}


def prep_text(page: PrepPage) -> str:
    """The prep sheet as a few short sections, each item indented under its heading."""

    def item(text: str) -> str:
        # Cleaned before indenting: cleaning trims the edges of a line.
        return "  " + clean_text(text)

    out = [clean_text(page.name) + (f" — {clean_text(page.role)}" if page.role else "")]
    if page.how_met or page.met_via:
        via = f" (through {clean_text(page.met_via)})" if page.met_via else ""
        out.append(f"How you met: {clean_text(page.how_met) or 'not noted'}{via}")
    out.append("")
    out.append("Last conversations:" if page.recent else "Last conversations: none yet")
    for c in page.recent:
        place = f" at {c.place}" if c.place else ""
        out.append(item(f"{c.day.isoformat()} ({c.day_words}), {c.kind}{place}: {c.summary}"))
    for owed, title in ((page.i_owe, "You owe them"), (page.they_owe, "They owe you")):
        if owed:
            out.append(f"{title}:")
            out += [item(f.text + (f" (due {f.due.isoformat()})" if f.due else "")) for f in owed]
    if page.asks:
        out.append("Referral asks:")
        out += [
            item(
                f"{a.target}: {'' if a.status == 'asked' else f'{a.status}, '}asked on {a.asked_on}"
            )
            for a in page.asks
        ]
    if page.mutual:
        out.append("People you both know:")
        out += [item(t.name + (f", {t.relation}" if t.relation else "")) for t in page.mutual]
    if page.notes:
        out.append("Notes: " + clean_text(page.notes))
    return "\n".join(out)
