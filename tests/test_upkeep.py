"""Upkeep in the view model and the shell: cold contacts, referral asks, the prep sheet, and
the stale/refer/followups/prep reports."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from notebook.cli import main
from notebook.records import Person, ValidationError
from notebook.viewmodel import Notebook, NotFoundError
from notebook.views import PrepView

from .conftest import TODAY

Opener = Callable[[Path], Notebook]


@pytest.fixture
def nb(tmp_path: Path, open_notebook: Opener) -> Notebook:
    return open_notebook(tmp_path / "nb.json")


def test_never_talked_is_cold_not_stale_unless_a_cadence_is_set(nb: Notebook) -> None:
    long_ago = TODAY - timedelta(days=2000)
    cold = nb.people.add(Person(name="Connection Only", connected_on=long_ago))
    kept = nb.people.add(Person(name="Keep In Touch", connected_on=long_ago, cadence_days=30))
    talked = nb.people.add(Person(name="Old Friend"))
    nb.conversations.note([talked.id or 0], when=TODAY - timedelta(days=200), summary="Lunch")
    stale = [s.person.name for s in nb.upkeep.stale()]
    # Talked-to people first, by days overdue; then who you mean to talk to and never have.
    assert stale == ["Old Friend", "Keep In Touch"]
    assert nb.upkeep.staleness(cold.id or 0).is_stale is False
    assert nb.upkeep.staleness(kept.id or 0).talked is False
    nb.conversations.note([cold.id or 0], when=TODAY - timedelta(days=120), summary="Finally met")
    assert "Connection Only" in [s.person.name for s in nb.upkeep.stale()]


def test_referral_asks_are_added_moved_along_and_nudged(
    nb: Notebook, tmp_path: Path, reopen: Opener
) -> None:
    dana = nb.people.add(Person(name="Dana"))
    old = nb.asks.add("Acme Robotics", dana.id or 0, asked_on=TODAY - timedelta(days=9))
    fresh = nb.asks.add("Globex", dana.id or 0, asked_on=TODAY - timedelta(days=2))
    assert nb.asks.needs_nudge(old) and not nb.asks.needs_nudge(fresh)
    agreed = nb.asks.set_status(old.id or 0, "agreed")
    assert not nb.asks.needs_nudge(agreed)
    nb.asks.set_status(fresh.id or 0, "interview", notes="Onsite next week")
    # Under way until an offer or a no: the interview's outcome is still to be noted.
    under_way = [a.target for a in nb.asks.of(dana.id or 0, open_only=True)]
    assert under_way == ["Globex", "Acme Robotics"]
    ended = nb.asks.set_status(fresh.id or 0, "no")
    assert [a.target for a in nb.asks.of(dana.id or 0, open_only=True)] == ["Acme Robotics"]
    nb.asks.set_status(fresh.id or 0, "interview", notes=ended.notes)
    with pytest.raises(ValidationError, match="status"):
        nb.asks.set_status(fresh.id or 0, "maybe")
    with pytest.raises(ValidationError, match="target"):
        nb.asks.add("  ", dana.id or 0)
    saved = reopen(tmp_path / "nb.json")
    assert {(a.target, a.status, a.notes) for a in saved.asks.all()} == {
        ("Acme Robotics", "agreed", ""),
        ("Globex", "interview", "Onsite next week"),
    }


def test_prep_sheet_gathers_what_to_know_before_meeting(nb: Notebook) -> None:
    sam = nb.people.add(Person(name="Sam", how_met="met at a conference"))
    dana = nb.people.add(Person(name="Dana", met_via=None))
    stranger = nb.people.add(Person(name="Lee"))
    nb.people.edit(Person(**{**_fields(nb.people.get(sam.id or 0)), "met_via": dana.id}))
    for days in (40, 30, 20, 10):
        nb.conversations.note(
            [sam.id or 0], when=TODAY - timedelta(days=days), summary=f"Talk {days}"
        )
    nb.conversations.note([dana.id or 0], when=TODAY, summary="Coffee")
    nb.ties.add(sam.id or 0, dana.id or 0, relation="sister")
    nb.ties.add(sam.id or 0, stranger.id or 0)
    nb.follow_ups.add([sam.id or 0], "send resume", due=TODAY, by="me")
    nb.follow_ups.add([sam.id or 0], "intro to manager", by="them")
    nb.asks.add("Acme", sam.id or 0)
    sheet = PrepView(nb, sam.id or 0).sheet()
    assert [i.summary for i in sheet.recent] == ["Talk 10", "Talk 20", "Talk 30"]
    assert [f.text for f in sheet.i_owe] == ["send resume"]
    assert [f.text for f in sheet.they_owe] == ["intro to manager"]
    assert [a.target for a in sheet.asks] == ["Acme"]
    assert [v.other.name for v in sheet.mutual] == ["Dana"]
    assert sheet.other_ties == 1
    assert sheet.met_via is not None and sheet.met_via.name == "Dana"


def _fields(person: Person) -> dict[str, object]:
    return {f: getattr(person, f) for f in person.__dataclass_fields__}


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shell's today is the demo's, whatever day the tests run."""
    monkeypatch.setenv("NOTEBOOK_TODAY", TODAY.isoformat())


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_shell_stale_with_tag_limit_and_json(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notebook = Notebook.open(demo_file, read_only=True, today=TODAY)
    code, out, _ = run(capsys, "--db", str(demo_file), "stale", "--json")
    rows = json.loads(out)
    assert code == 0 and rows
    assert [r["name"] for r in rows] == [s.person.name for s in notebook.upkeep.stale()]
    code, out, _ = run(capsys, "--db", str(demo_file), "stale", "--limit", "3")
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["name", "company"] and len(lines) == 4
    tag = "mentor"
    code, out, _ = run(capsys, "--db", str(demo_file), "stale", "--tag", tag, "--json")
    tagged = {p.name for p in notebook.people.iter() if tag in p.tags}
    assert {r["name"] for r in json.loads(out)} <= tagged


def test_shell_refer_prints_paths_and_explains_an_empty_result(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "--db", str(demo_file), "refer", "Acme Robotics", "--json", "--limit", "3"
    )
    rows = json.loads(out)
    assert code == 0 and rows
    assert all(r["next_step"] and r["explanation"].startswith("You → ") for r in rows)
    assert len({r["target"] for r in rows}) <= 3
    code, out, _ = run(capsys, "--db", str(demo_file), "refer", "Nowhere Ltd")
    assert code == 1 and "Nobody in your notebook works or worked at" in out


def test_shell_refer_says_how_many_more_its_limit_left_out(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It cut the list to ten, silently."""
    code, out, err = run(capsys, "--db", str(demo_file), "refer", "Acme Robotics", "--limit", "2")
    total = len({line.split("  ")[0] for line in out.splitlines()[1:]})
    assert code == 0 and total == 2
    (said,) = err.splitlines()
    more = int(said.split()[1])
    assert said == (
        f"notebook: {more} more people are reachable; --limit {more + 2} lists everyone"
    )
    code, out, err = run(
        capsys, "--db", str(demo_file), "refer", "Acme Robotics", "--limit", str(more + 2)
    )
    assert err == ""


def test_shell_followups_and_prep(demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(demo_file), "followups", "--json")
    rows = json.loads(out)
    assert code == 0 and rows
    overdue = [r["overdue"] for r in rows]
    assert overdue == sorted(overdue, reverse=True)
    who = rows[0]["who"]
    code, out, _ = run(capsys, "--db", str(demo_file), "prep", who)
    assert code == 0 and out.startswith(who)
    code, out, _ = run(capsys, "--db", str(demo_file), "prep", who, "--json")
    data = json.loads(out)
    assert data["name"] == who and len(data["recent"]) <= 3
    code, _, err = run(capsys, "--db", str(demo_file), "prep", "Nobody Byname")
    assert code == 1 and "nobody called" in err


def test_due_soon_is_for_kept_up_relationships_only(nb: Notebook) -> None:
    friend = nb.people.add(Person(name="Friend", cadence_days=10))
    nb.conversations.note([friend.id or 0], when=TODAY - timedelta(days=9), summary="Lunch")
    cold = nb.people.add(Person(name="Cold", connected_on=TODAY - timedelta(days=80)))
    assert nb.upkeep.staleness(friend.id or 0).is_due_soon
    assert not nb.upkeep.staleness(cold.id or 0).is_due_soon  # 80 of 90 days, but never talked
    nb.conversations.note([friend.id or 0], when=TODAY, summary="Caught up")
    assert not nb.upkeep.staleness(friend.id or 0).is_due_soon


def test_a_referral_ask_recorded_by_mistake_is_deleted_and_can_be_put_back(nb: Notebook) -> None:
    dana = nb.people.add(Person(name="Dana"))
    ask = nb.asks.add("Acme Robotics", dana.id or 0)
    twice = nb.asks.add("Acme Robotics", dana.id or 0)
    gone = nb.asks.delete(twice.id or 0)
    assert gone == twice and [a.id for a in nb.asks.of(dana.id or 0)] == [ask.id]
    with pytest.raises(NotFoundError):
        nb.asks.delete(twice.id or 0)
    assert nb.asks.restore(gone) == twice
    assert {a.id for a in nb.asks.of(dana.id or 0)} == {ask.id, twice.id}
    with pytest.raises(ValidationError):
        nb.asks.restore(gone)  # there already
    nb.asks.delete(twice.id or 0)
    nb.people.forget(dana.id or 0)
    with pytest.raises(NotFoundError):
        nb.asks.restore(gone)  # their person was forgotten since
    assert nb.asks.all() == []


@pytest.mark.parametrize("limit", ["0", "-1", "many"])
def test_shell_refer_refuses_a_limit_that_is_not_a_count(
    demo_file: Path, capsys: pytest.CaptureFixture[str], limit: str
) -> None:
    with pytest.raises(SystemExit) as usage:
        main(["--db", str(demo_file), "refer", "Acme", "--limit", limit])
    out, err = capsys.readouterr()
    assert (usage.value.code, out) == (2, "")
    assert len(err.splitlines()) == 1 and "--limit" in err and "Traceback" not in err
