"""Shell reports: the stale list, referral paths, follow-ups and the prep sheet, as plain tables
for people and as JSON for scripts. Built from the view model; no Textual."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import dates
from .graph import ReferralResult
from .records import FollowUp, clean_text
from .upkeep import Staleness
from .viewmodel import Notebook, PrepSheet

Row = dict[str, Any]


def table(rows: Sequence[Row], columns: Sequence[str]) -> str:
    """Columns padded to their widest cell; user text cleaned of anything that drives a terminal."""
    cells = [
        [clean_text(str(row.get(c) if row.get(c) is not None else "")) for c in columns]
        for row in rows
    ]
    headers = [c.replace("_", " ") for c in columns]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines)


def stale_rows(notebook: Notebook, entries: Sequence[Staleness]) -> list[Row]:
    today = notebook.today
    rows = []
    for entry in entries:
        pid = entry.person.id or 0
        timeline = notebook.timeline(pid)
        last = notebook.last_talked(pid)
        rows.append(
            {
                "name": entry.person.name,
                "company": entry.person.company,
                "last_talked": last.isoformat() if last else None,
                "last_talked_ago": dates.ago(last, today) if last else "never",
                "cadence_days": entry.cadence.days,
                "cadence_source": entry.cadence.source,
                "days_overdue": entry.days_overdue,
                "last_topic": timeline[0].headline if timeline else "",
            }
        )
    return rows


STALE_COLUMNS = (
    "name",
    "company",
    "last_talked_ago",
    "cadence_days",
    "cadence_source",
    "days_overdue",
    "last_topic",
)


def follow_up_rows(notebook: Notebook, follow_ups: Sequence[FollowUp]) -> list[Row]:
    rows = []
    for follow_up in follow_ups:
        source = notebook.find_interaction(follow_up.interaction)
        rows.append(
            {
                "who": ", ".join(notebook.person(p).name for p in follow_up.people),
                "what": follow_up.text,
                "owed_by": follow_up.by,
                "due": follow_up.due.isoformat() if follow_up.due else None,
                "overdue": notebook.is_overdue(follow_up),
                "from_conversation": f"{source.day.isoformat()} {source.headline}"
                if source
                else "",
            }
        )
    return rows


FOLLOW_UP_COLUMNS = ("who", "what", "owed_by", "due", "overdue", "from_conversation")


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
                    "reconnect_first": path.first_hop_stale,
                }
            )
    return rows


REFERRAL_COLUMNS = ("target", "detail", "score", "via", "next_step")


def prep_data(notebook: Notebook, sheet: PrepSheet) -> Row:
    person = sheet.person
    today = notebook.today
    return {
        "name": person.name,
        "role": person.role,
        "how_met": person.how_met,
        "met_via": sheet.met_via.name if sheet.met_via else None,
        "last_talked": sheet.staleness.last_contact.isoformat()
        if sheet.staleness.last_contact
        else None,
        "stale": sheet.staleness.is_stale,
        "recent": [
            {
                "when": i.day.isoformat(),
                "ago": dates.ago(i.day, today),
                "kind": i.kind,
                "place": i.place,
                "summary": i.summary,
            }
            for i in sheet.recent
        ],
        "i_owe": [_follow_up(f) for f in sheet.i_owe],
        "they_owe": [_follow_up(f) for f in sheet.they_owe],
        "asks": [
            {
                "target": a.target,
                "asked_on": a.asked_on.isoformat(),
                "status": a.status,
                "notes": a.notes,
            }
            for a in sheet.asks
        ],
        "mutual": [
            {"name": v.other.name, "relation": v.tie.relation, "strength": v.tie.strength}
            for v in sheet.mutual
        ],
        "other_ties": sheet.other_ties,
        "notes": person.notes,
    }


def _follow_up(follow_up: FollowUp) -> Row:
    return {"what": follow_up.text, "due": follow_up.due.isoformat() if follow_up.due else None}


def prep_text(data: Row) -> str:
    """The prep sheet as a few short sections."""
    out = [clean_text(data["name"]) + (f" — {clean_text(data['role'])}" if data["role"] else "")]
    if data["how_met"] or data["met_via"]:
        via = f" (through {clean_text(data['met_via'])})" if data["met_via"] else ""
        out.append(f"How you met: {clean_text(data['how_met']) or 'not noted'}{via}")
    out.append("")
    out.append("Last conversations:" if data["recent"] else "Last conversations: none yet")
    for item in data["recent"]:
        place = f" at {item['place']}" if item["place"] else ""
        out.append(
            clean_text(
                f"  {item['when']} ({item['ago']}), {item['kind']}{place}: {item['summary']}"
            )
        )
    for key, title in (("i_owe", "You owe them"), ("they_owe", "They owe you")):
        if data[key]:
            out.append(f"{title}:")
            out += [
                clean_text(f"  {f['what']}" + (f" (due {f['due']})" if f["due"] else ""))
                for f in data[key]
            ]
    if data["asks"]:
        out.append("Referral asks:")
        out += [
            clean_text(f"  {a['target']}: {a['status']} since {a['asked_on']}")
            for a in data["asks"]
        ]
    if data["mutual"]:
        out.append("People you both know:")
        out += [
            clean_text(f"  {m['name']}" + (f", {m['relation']}" if m["relation"] else ""))
            for m in data["mutual"]
        ]
    if data["notes"]:
        out.append("Notes: " + clean_text(data["notes"]))
    return "\n".join(out)
