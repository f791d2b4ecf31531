"""In-process view-model figures: saving a note, referral paths, the stale list, matching
names as the picker does on every keystroke."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from pathlib import Path

import pytest

from notebook import vdir
from notebook.demo import company_names
from notebook.viewmodel import NewPerson, Notebook

from ..conftest import TODAY
from .support import RESULTS, TIERS, TierFile, measure, timed

pytestmark = pytest.mark.bench

NOTE_RUNS = 7
LOOKUP_RUNS = 9
COLD_RUNS = 5


@pytest.mark.parametrize("tier", TIERS)
def test_save_a_note(tier: str, tier_files: dict[str, TierFile]) -> None:
    """Conversations.note with a new person and a follow-up: returns once the file is fsynced."""
    path = tier_files[tier].copy("note.json")
    notebook = Notebook.open(path, today=TODAY)  # backups on, as a user's notebook has them
    try:
        people = notebook.people.count()

        def note(n: int) -> Callable[[], object]:
            return lambda: notebook.conversations.note(
                [NewPerson(f"Bench Person {n}")],
                when=TODAY - timedelta(days=1),
                summary="Ran into them at the bakery; they know the platform team's manager.",
                kind="chance meeting",
                place="the bakery on Elm St",
                follow_up="send my resume",
                due=TODAY + timedelta(days=7),
            )

        first = timed(note(0))
        samples = [timed(note(n)) for n in range(1, NOTE_RUNS + 1)]
        assert notebook.people.count() == people + NOTE_RUNS + 1
    finally:
        notebook.close()
    reopened = Notebook.open(path, read_only=True, today=TODAY)
    try:
        assert reopened.people.count() == people + NOTE_RUNS + 1  # it really is on disk
    finally:
        reopened.close()
    RESULTS.record("note_first", tier, [first])
    RESULTS.record("note", tier, samples)


@pytest.mark.parametrize("tier", TIERS)
def test_save_a_note_in_the_background(
    tier: str, tier_files: dict[str, TierFile], tmp_path: Path
) -> None:
    """As the app saves: the key waits for memory and the checks of what changed only; the
    saver thread makes the file's bytes and writes them. Meanwhile this thread does what an
    idle event loop does (wakes every millisecond), and the longest it waited past each
    wake-up is how long the saver held it (the GIL) at most. The saver thread's durable write
    (temp, fsync, check, rename, folder fsync) is compared with a raw write+fsync of the same
    bytes, on the same disk."""
    path = tier_files[tier].copy("background.json")
    notebook = Notebook.open(path, today=TODAY)
    notebook.save_in_background(lambda: None)
    try:
        keys: list[float] = []
        held: list[float] = []
        durable: list[float] = []
        raw: list[float] = []
        for n in range(NOTE_RUNS):
            note = partial(
                notebook.conversations.note,
                [NewPerson(f"Background Person {n}")],
                when=TODAY - timedelta(days=1),
                summary="Met at a meetup; they are hiring for the data team.",
                follow_up="send my resume",
                due=TODAY + timedelta(days=7),
            )
            keys.append(timed(note))
            held.append(_held_while_saving(notebook))
            notebook.wait_saved()
            assert notebook.settle_saves() is None
            content = notebook.store._content()  # the bytes a save writes
            durable.append(timed(partial(notebook.store._write_file, content)))
            raw.append(timed(partial(_raw_write, tmp_path / "raw.json", content)))
    finally:
        notebook.close()
    RESULTS.record("note_key", tier, keys)
    RESULTS.record("note_held", tier, [max(held)])
    RESULTS.record("note_durable", tier, [statistics.median(durable) / statistics.median(raw)])


@pytest.mark.parametrize("tier", TIERS)
def test_a_synced_notebook_saves_in_the_background(
    tier: str, tier_files: dict[str, TierFile]
) -> None:
    """As above, on a notebook synced with a contacts folder holding a card of each person:
    the folder's state (the agreed fields of every card: 15 MB at 30,000 people) is one
    settings document, and changing another setting must not write it on the app's thread.
    The state is made as a sync makes it (vdir's own fields and card bytes), without a folder
    to read, which would take a 30,000-person sync 30 s."""
    path = tier_files[tier].copy("synced.json")
    notebook = Notebook.open(path, today=TODAY)
    cards = {
        person.uid: {
            "file": f"{person.uid}.vcf",
            "hash": vdir.digest(vdir.new_card_data(person)),
            "fields": vdir.fields_of(person),
        }
        for person in notebook.people.iter()
    }
    notebook.put_setting(vdir.STATE_KEY, {"/contacts": {"synced_at": "", "cards": cards}})
    notebook.close()
    notebook = Notebook.open(path, today=TODAY)
    notebook.save_in_background(lambda: None)
    try:
        settings: list[float] = []
        held: list[float] = []
        for n in range(NOTE_RUNS):
            notebook.conversations.note(
                [NewPerson(f"Synced Person {n}")],
                when=TODAY - timedelta(days=1),
                summary="Met at a meetup; they are hiring for the data team.",
            )
            held.append(_held_while_saving(notebook))
            notebook.wait_saved()
            settings.append(timed(partial(notebook.put_setting, "theme", f"theme-{n}")))
            held.append(_held_while_saving(notebook))
            notebook.wait_saved()
            assert notebook.settle_saves() is None
    finally:
        notebook.close()
    RESULTS.record("synced_setting", tier, settings)
    RESULTS.record("synced_held", tier, [max(held)])


def _held_while_saving(notebook: Notebook) -> float:
    """The longest this thread waited, past a 1 ms sleep, until the save under way is done."""
    job = notebook.store.last_job()
    longest = 0.0
    while job is not None and not job.done.is_set():
        start = time.perf_counter()
        time.sleep(0.001)
        longest = max(longest, time.perf_counter() - start - 0.001)
    return longest


def _raw_write(path: Path, content: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, content)
        os.fsync(fd)
    finally:
        os.close(fd)


def _targets(tier_file: TierFile) -> list[str]:
    """Companies people work at, as typed by a user (the generator's first five)."""
    return company_names(tier_file.tier.companies)[:5]


@pytest.mark.parametrize("tier", TIERS)
def test_referral_paths(
    tier: str, tier_files: dict[str, TierFile], read_only_notebooks: dict[str, Notebook]
) -> None:
    targets = _targets(tier_files[tier])
    notebook = read_only_notebooks[tier]
    notebook.referrals.find(targets[0])  # build the graph once
    assert all(notebook.referrals.find(t).targets for t in targets), "someone works at each"
    warm = [
        timed(partial(notebook.referrals.find, targets[n % len(targets)]))
        for n in range(LOOKUP_RUNS)
    ]
    RESULTS.record("referral", tier, warm)

    # Cold: the first query on a freshly opened notebook indexes the company spellings.
    cold = []
    for n in range(COLD_RUNS):
        fresh = Notebook.open(tier_files[tier].path, read_only=True, today=TODAY)
        try:
            cold.append(timed(partial(fresh.referrals.find, targets[n % len(targets)])))
        finally:
            fresh.close()
    RESULTS.record("referral_cold", tier, cold)

    # After a change to people or ties only the changed people's entries are indexed again.
    path = tier_files[tier].copy("referral.json")
    writable = Notebook.open(path, today=TODAY)
    try:
        writable.referrals.find(targets[0])
        people = [p.id or 0 for p in writable.people.all()[: 2 * COLD_RUNS + 2]]
        changed = []
        for n in range(COLD_RUNS):
            writable.ties.add(people[2 * n], people[2 * n + 1], relation="met at a meetup")
            changed.append(timed(partial(writable.referrals.find, targets[n % len(targets)])))
    finally:
        writable.close()
    RESULTS.record("referral_changed", tier, changed)


@pytest.mark.parametrize("tier", TIERS)
def test_stale_list(tier: str, read_only_notebooks: dict[str, Notebook]) -> None:
    notebook = read_only_notebooks[tier]
    found = notebook.upkeep.stale()
    assert found, "the generated tiers have stale relationships"
    samples = [timed(notebook.upkeep.stale) for _ in range(LOOKUP_RUNS)]
    RESULTS.record("stale", tier, samples)


@pytest.mark.parametrize("tier", TIERS)
def test_sort_people_by_overdue(tier: str, read_only_notebooks: dict[str, Notebook]) -> None:
    """The People list's order "overdue": everyone, most days overdue first."""
    notebook = read_only_notebooks[tier]
    ordered = notebook.people.listing(order="overdue")
    assert len(ordered) == notebook.people.count()
    samples = [timed(partial(notebook.people.listing, order="overdue")) for _ in range(LOOKUP_RUNS)]
    RESULTS.record("sort_overdue", tier, samples)


# Typed one key at a time, as into the note's Who: names, typos, a swap, and a phrase that is
# nobody's name (the slowest kind: close matching finds nobody, so suggestions are looked for).
PICKER_TYPING = ("hannah lindqvist", "dana nguyn", "ngyuen", "hugo rosi", "just a thought", "a")


@pytest.mark.parametrize("tier", TIERS)
def test_picker_match_per_keystroke(tier: str, tier_files: dict[str, TierFile]) -> None:
    """People.match for each prefix of what is typed, with people on screen as
    context: what the picker runs on every keystroke. First, what the app does once launched:
    copy the names (its thread), build what matching reads from them (a thread of its own,
    here this one), and take the result (its thread again)."""
    notebook = Notebook.open(tier_files[tier].path, read_only=True, today=TODAY)
    try:
        context = [p.id or 0 for p in notebook.people.all()[:3]]
        copied, build = measure(notebook.people.prepare)
        assert build is not None
        built, adopt = measure(build)
        taken = timed(adopt)
        assert notebook.people.prepared
        first = timed(partial(notebook.people.match, "d", context=context))
        typed = [text[:n] for text in PICKER_TYPING for n in range(1, len(text) + 1)]
        samples: list[float] = []
        slowest = (0.0, "")
        for text in typed:
            spent = timed(partial(notebook.people.match, text, context=context))
            samples.append(spent)
            slowest = max(slowest, (spent, text))
        # A name with a letter left out is still found: the typo is forgiven.
        name = next(p.name for p in notebook.people.all() if len(p.name.split()[-1]) >= 5)
        first_name, last_name = name.split(" ", 1)
        found = notebook.people.match(f"{first_name} {last_name[:-2]}{last_name[-1]}")
        assert found and found[0].close and found[0].person.name == name
        assert notebook.people.match("just a thought") == []
    finally:
        notebook.close()
    RESULTS.record("picker_first", tier, [first])
    RESULTS.record("picker_prepare", tier, [copied + taken])
    RESULTS.record("picker_built", tier, [built])
    RESULTS.record("picker", tier, samples)
    RESULTS.record("picker_slowest", tier, [slowest[0]])
    RESULTS.note(f"picker ({tier}): {len(samples)} keystrokes; slowest {slowest[1]!r}")
