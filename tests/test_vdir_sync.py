"""`notebook sync vdir`: two-way sync with a folder of .vcf files, on real files in tmp_path."""

from __future__ import annotations

import errno
import io
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notebook import vdir
from notebook.cli import main
from notebook.records import Person
from notebook.viewmodel import Notebook

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 25)

# A card as a phone keeps it: things the notebook has no field for, an Apple label on an email,
# a folded photo, and a 3.0 version.
ANN = (
    b"BEGIN:VCARD\r\n"
    b"VERSION:3.0\r\n"
    b"PRODID:-//Apple Inc.//iPhone OS 17.0//EN\r\n"
    b"UID:ann-1\r\n"
    b"N:Archer;Ann;;;\r\n"
    b"FN:Ann Archer\r\n"
    b"ORG:Acme;Research\r\n"
    b"TITLE:Engineer\r\n"
    b"item1.EMAIL;type=INTERNET;type=pref:ann@example.com\r\n"
    b"item1.X-ABLabel:_$!<Work>!$_\r\n"
    b"TEL;type=CELL;type=VOICE;type=pref:+1 555 0100\r\n"
    b"item2.URL:https://ann.example.com\r\n"
    b"item2.X-ABLabel:_$!<HomePage>!$_\r\n"
    b"BDAY;VALUE=date:1980-01-02\r\n"
    b"X-SOCIALPROFILE;type=twitter:https://twitter.com/ann\r\n"
    b"PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQ\r\n"
    b" NDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/\r\n"
    b"X-CUSTOM;X-PARAM=odd:keep me \\, exactly\r\n"
    b"END:VCARD\r\n"
)


def card(uid: str | None, name: str, **extra: str) -> bytes:
    lines = ["BEGIN:VCARD", "VERSION:4.0"]
    if uid is not None:
        lines.append(f"UID:{uid}")
    lines.append(f"FN:{name}")
    lines += [f"{key.upper().replace('_', '-')}:{value}" for key, value in extra.items()]
    lines.append("END:VCARD")
    return ("\r\n".join(lines) + "\r\n").encode()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "nb.json"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "cards"
    path.mkdir()
    return path


@contextmanager
def opened(db: Path) -> Iterator[Notebook]:
    notebook = Notebook.open(db, today=TODAY)
    try:
        yield notebook
    finally:
        notebook.close()


def people(db: Path) -> dict[str, Person]:
    notebook = Notebook.open(db, read_only=True, today=TODAY)
    try:
        return {p.name: p for p in notebook.people.all(include_archived=True)}
    finally:
        notebook.close()


def add(db: Path, *people: Person) -> list[Person]:
    with opened(db) as notebook:
        return notebook.people.add_many(list(people))


def edit(db: Path, who: str, **changes: Any) -> None:
    with opened(db) as notebook:
        (person,) = notebook.people.find_by_name(who)
        notebook.people.edit(replace(person, **changes))


def sync(
    capsys: pytest.CaptureFixture[str], db: Path, folder: Path, *flags: str
) -> tuple[int, str, str]:
    code = main(["--db", str(db), "sync", "vdir", str(folder), *flags])
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of the folder: its bytes and its mtime."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def state(db: Path, folder: Path) -> dict[str, Any]:
    notebook = Notebook.open(db, read_only=True, today=TODAY)
    try:
        return notebook.setting(vdir.STATE_KEY)[str(folder.resolve())]  # type: ignore[no-any-return]
    finally:
        notebook.close()


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """stdin is not a terminal unless a test says so; today is TODAY."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    monkeypatch.setenv("NOTEBOOK_TODAY", TODAY.isoformat())


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def synced(capsys: pytest.CaptureFixture[str], db: Path, folder: Path) -> None:
    """A first sync of Ann's card, which must succeed."""
    (folder / "ann.vcf").write_bytes(ANN)
    code, out, err = sync(capsys, db, folder)
    assert (code, err) == (0, ""), out


# -- creating and editing, each way --------------------------------------------------------------


def test_first_sync_creates_people_and_cards(
    capsys: pytest.CaptureFixture[str], db: Path, folder: Path
) -> None:
    (bob,) = add(db, Person(name="Bob Builder", company="Acme", emails=("bob@example.com",)))
    (folder / "ann.vcf").write_bytes(ANN)
    code, out, err = sync(capsys, db, folder)
    assert (code, err) == (0, "")
    assert "From the folder: 1 created, 0 updated, 0 archived" in out
    assert "To the folder: 1 written, 0 deleted" in out
    ann = people(db)["Ann Archer"]
    assert (ann.uid, ann.company, ann.title) == ("ann-1", "Acme", "Engineer")
    assert ann.emails == ("ann@example.com",) and ann.phones == ("+1 555 0100",)
    # Bob's card is named after his uid, private, and reads back as him.
    written = folder / f"{bob.uid}.vcf"
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    read = vdir.read_card(written.name, written.read_bytes())
    assert (read.uid, read.person.name, read.person.emails) == (
        bob.uid,
        "Bob Builder",
        ("bob@example.com",),
    )
    # Ann's card was not touched, and the state is in the notebook.
    assert (folder / "ann.vcf").read_bytes() == ANN
    cards = state(db, folder)["cards"]
    assert set(cards) == {"ann-1", bob.uid}
    assert cards["ann-1"]["file"] == "ann.vcf"
    assert cards["ann-1"]["fields"]["title"] == "Engineer"
    assert len(cards["ann-1"]["hash"]) == 64


def test_a_card_changed_in_the_folder_updates_the_notebook(
    capsys: pytest.CaptureFixture[str], db: Path, folder: Path
) -> None:
    synced(capsys, db, folder)
    changed = ANN.replace(b"TITLE:Engineer", b"TITLE:Director").replace(
        b"TEL;type=CELL;type=VOICE;type=pref:+1 555 0100\r\n",
        b"TEL;type=CELL;type=VOICE;type=pref:+1 555 0100\r\nTEL;type=HOME:+1 555 0199\r\n",
    )
    (folder / "ann.vcf").write_bytes(changed)
    before = snapshot(folder)
    code, out, _ = sync(capsys, db, folder)
    assert code == 0
    assert "From the folder: 0 created, 1 updated, 0 archived" in out
    assert "To the folder: 0 written, 0 deleted" in out
    ann = people(db)["Ann Archer"]
    assert ann.title == "Director"
    assert ann.phones == ("+1 555 0100", "+1 555 0199")
    assert snapshot(folder) == before  # the card is not rewritten


def test_a_person_changed_in_the_notebook_rewrites_only_their_fields(
    capsys: pytest.CaptureFixture[str], db: Path, folder: Path
) -> None:
    synced(capsys, db, folder)
    edit(db, "Ann Archer", title="Director", tags=("friends", "climbing"))
    code, out, _ = sync(capsys, db, folder)
    assert code == 0
    assert "To the folder: 1 written, 0 deleted" in out
    new = (folder / "ann.vcf").read_bytes()
    assert b"TITLE:Director\r\n" in new and b"TITLE:Engineer" not in new
    assert b"CATEGORIES:friends,climbing\r\n" in new
    # Every other line is exactly as it was, in its place.
    old_lines = [line for line in ANN.split(b"\r\n") if not line.startswith(b"TITLE")]
    new_lines = [
        line for line in new.split(b"\r\n") if not line.startswith((b"TITLE", b"CATEGORIES"))
    ]
    assert new_lines == old_lines
    assert stat.S_IMODE((folder / "ann.vcf").stat().st_mode) == 0o600


def test_unknown_properties_are_kept_byte_for_byte_whatever_changes(
    capsys: pytest.CaptureFixture[str], db: Path, folder: Path
) -> None:
    synced(capsys, db, folder)
    edit(
        db,
        "Ann Archer",
        name="Ann Archer-Wu",
        company="Globex",
        emails=("ann@example.com", "ann@globex.com"),
        phones=(),
        location="Berlin, Germany",
        notes="Met at the meetup\nlikes tea; and, commas",
        linkedin_url="https://www.linkedin.com/in/annarcher",
        how_met="PyCon",
        connected_on=date(2024, 5, 6),
        past_companies=("Initech",),
    )
    assert sync(capsys, db, folder)[0] == 0
    new = (folder / "ann.vcf").read_bytes()
    kept = [
        b"PRODID:-//Apple Inc.//iPhone OS 17.0//EN\r\n",
        b"item1.EMAIL;type=INTERNET;type=pref:ann@example.com\r\nitem1.X-ABLabel:_$!<Work>!$_\r\n",
        b"item2.URL:https://ann.example.com\r\nitem2.X-ABLabel:_$!<HomePage>!$_\r\n",
        b"BDAY;VALUE=date:1980-01-02\r\n",
        b"X-SOCIALPROFILE;type=twitter:https://twitter.com/ann\r\n",
        ANN[ANN.index(b"PHOTO") : ANN.index(b"X-CUSTOM")],
        b"X-CUSTOM;X-PARAM=odd:keep me \\, exactly\r\n",
        b"UID:ann-1\r\n",
    ]
    for piece in kept:
        assert new.count(piece) == 1, (piece, new)
    read = vdir.read_card("ann.vcf", new)
    assert read.person.name == "Ann Archer-Wu"
    assert read.person.emails == ("ann@example.com", "ann@globex.com")
    assert read.person.phones == ()
    assert (read.person.location, read.person.how_met) == ("Berlin, Germany", "PyCon")
    assert read.person.notes == "Met at the meetup\nlikes tea; and, commas"
    assert read.person.connected_on == date(2024, 5, 6)
    assert read.fields == vdir.as_card(people(db)["Ann Archer-Wu"])
    # And the next sync has nothing to do.
    _, out, _ = sync(capsys, db, folder)
    assert "Unchanged: 1" in out and "0 written" in out


def test_a_card_without_a_uid_gets_one_and_is_matched_next_time(
    capsys: pytest.CaptureFixture[str], db: Path, folder: Path
) -> None:
    original = b"BEGIN:VCARD\nVERSION:3.0\nFN:Nora Nouid\nBDAY:1990-01-01\nX-KEEP:yes\nEND:VCARD\n"
    (folder / "nora.vcf").write_bytes(original)
    code, out, _ = sync(capsys, db, folder)
    assert code == 0 and "1 created" in out
    nora = people(db)["Nora Nouid"]
    new = (folder / "nora.vcf").read_bytes()
    # The uid after VERSION, in the card's own line ending; everything else as it was.
    assert new == original.replace(b"VERSION:3.0\n", f"VERSION:3.0\nUID:{nora.uid}\n".encode())
    code, out, _ = sync(capsys, db, folder)
    assert "0 created" in out and "Unchanged: 1" in out
    assert len(people(db)) == 1


def test_lists_changed_on_both_sides_are_merged_not_conflicted(
    capsys: pytest.CaptureFixture[str], db: Path, folder: Path
) -> None:
    synced(capsys, db, folder)
    edit(db, "Ann Archer", emails=("ann@example.com", "ann@home.org"))
    text = ANN.replace(b"TEL;type=CELL;type=VOICE;type=pref:+1 555 0100\r\n", b"")
    text = text.replace(b"END:VCARD", b"EMAIL:ann@phone.net\r\nEND:VCARD")
    (folder / "ann.vcf").write_bytes(text)
    code, out, _ = sync(capsys, db, folder)
    assert code == 0 and "conflict" not in out
    ann = people(db)["Ann Archer"]
    assert ann.emails == ("ann@example.com", "ann@home.org", "ann@phone.net")
    assert ann.phones == ()
    read = vdir.read_card("ann.vcf", (folder / "ann.vcf").read_bytes())
    assert read.person.emails == ann.emails and read.person.phones == ()


# -- conflicts -----------------------------------------------------------------------------------


def both_change_title(capsys: pytest.CaptureFixture[str], db: Path, folder: Path) -> None:
    synced(capsys, db, folder)
    edit(db, "Ann Archer", title="Notebook Title")
    (folder / "ann.vcf").write_bytes(ANN.replace(b"TITLE:Engineer", b"TITLE:Card Title"))


def test_a_conflict_is_listed_and_the_notebook_wins_by_default(
    capsys: pytest.CaptureFixture[str], db: Path, folder: Path
) -> None:
    both_change_title(capsys, db, folder)
    code, out, _ = sync(capsys, db, folder)
    assert code == 0
    assert (
        'conflict: Ann Archer, title: notebook "Notebook Title", card "Card Title"; '
        "kept the notebook's" in out
    )
    assert out.count("conflict:") == 1  # told once, before the cards were written
    assert people(db)["Ann Archer"].title == "Notebook Title"
    assert b"TITLE:Notebook Title\r\n" in (folder / "ann.vcf").read_bytes()
    assert "conflict" not in sync(capsys, db, folder)[1]


def test_prefer_vdir_lets_the_card_win_a_conflict(
    capsys: pytest.CaptureFixture[str], db: Path, folder: Path
) -> None:
    both_change_title(capsys, db, folder)
    before = (folder / "ann.vcf").read_bytes()
    code, out, _ = sync(capsys, db, folder, "--prefer", "vdir")
    assert code == 0
    assert "kept the card's" in out
    assert people(db)["Ann Archer"].title == "Card Title"
    assert (folder / "ann.vcf").read_bytes() == before


def test_a_first_sync_treats_each_difference_as_a_conflict(
    capsys: pytest.CaptureFixture[str], db: Path, folder: Path
) -> None:
    add(db, Person(name="Ann Archer", title="CTO", company="Acme", uid="ann-1"))
    (folder / "ann.vcf").write_bytes(ANN)
    code, out, _ = sync(capsys, db, folder)
    assert code == 0
    assert 'conflict: Ann Archer, title: notebook "CTO", card "Engineer"' in out
    ann = people(db)["Ann Archer"]
    assert ann.title == "CTO"
    # Lists are joined, not fought over: the card's email and phone come in.
    assert ann.emails == ("ann@example.com",) and ann.phones == ("+1 555 0100",)
    assert b"TITLE:CTO\r\n" in (folder / "ann.vcf").read_bytes()


# -- deletions -----------------------------------------------------------------------------------


def test_a_deleted_card_archives_its_person_only_with_yes(
    capsys: pytest.CaptureFixture[str], db: Path, folder: Path
) -> None:
    synced(capsys, db, folder)
    with opened(db) as notebook:
        ann = notebook.people.find_by_name("Ann Archer")[0]
        notebook.conversations.note([ann.id or 0], when=date(2026, 11, 1), summary="coffee")
    (folder / "ann.vcf").unlink()
    code, out, err = sync(capsys, db, folder)
    assert code == 1
    assert err.count("\n") == 1 and "--yes" in err and "archive 1 person" in err
    assert "Not done: archive 1 person deleted from the folder" in out
    assert not people(db)["Ann Archer"].archived
    assert "ann-1" in state(db, folder)["cards"]  # still pending
    code, out, err = sync(capsys, db, folder, "--yes")
    assert (code, err) == (0, "")
    assert "0 updated, 1 archived" in out
    ann = people(db)["Ann Archer"]
    assert ann.archived
    assert ann.notes.endswith(f"Deleted from the contacts folder cards on {TODAY.isoformat()}.")
    with opened(db) as notebook:
        assert [i.summary for i in notebook.conversations.timeline(ann.id or 0)] == ["coffee"]
    assert "ann-1" not in state(db, folder)["cards"]
    assert list(folder.iterdir()) == []  # archived people get no card back
    assert "0 archived" in sync(capsys, db, folder)[1]


def test_deletions_are_asked_about_on_a_terminal(
    capsys: pytest.CaptureFixture[str], db: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced(capsys, db, folder)
    (folder / "ann.vcf").unlink()
    monkeypatch.setattr(sys, "stdin", Terminal("n\n"))
    code, _, err = sync(capsys, db, folder)
    assert code == 1 and "Archive 1 person deleted from the folder? [y/N]" in err
    assert not people(db)["Ann Archer"].archived
    monkeypatch.setattr(sys, "stdin", Terminal("y\n"))
    code, out, _ = sync(capsys, db, folder)
    assert code == 0 and "1 archived" in out
    assert people(db)["Ann Archer"].archived


def test_a_forgotten_person_has_their_card_deleted_only_with_yes(
    capsys: pytest.CaptureFixture[str], db: Path, folder: Path
) -> None:
    synced(capsys, db, folder)
    with opened(db) as notebook:
        notebook.people.forget(notebook.people.find_by_name("Ann Archer")[0].id or 0)
    code, _, err = sync(capsys, db, folder)
    assert code == 1 and "delete 1 card" in err and "--yes" in err
    assert (folder / "ann.vcf").read_bytes() == ANN
    assert people(db) == {}  # not brought back
    code, out, _ = sync(capsys, db, folder, "--yes")
    assert code == 0 and "0 written, 1 deleted" in out
    assert list(folder.iterdir()) == []
    assert state(db, folder)["cards"] == {}


def test_forgetting_a_person_drops_their_card_fields_from_the_sync_state(
    capsys: pytest.CaptureFixture[str], db: Path, folder: Path
) -> None:
    synced(capsys, db, folder)
    entry = state(db, folder)["cards"]["ann-1"]
    with opened(db) as notebook:
        notebook.people.forget(notebook.people.find_by_name("Ann Archer")[0].id or 0)
    saved = db.read_bytes()
    for text in (b"Ann Archer", b"Archer", b"ann@example.com", b"555 0100", b"Engineer"):
        assert text not in saved, text
    # What holds nothing of hers stays, so that her card can still be deleted.
    assert state(db, folder)["cards"]["ann-1"] == {"file": "ann.vcf", "hash": entry["hash"]}
    code, out, _ = sync(capsys, db, folder, "--yes")
    assert code == 0 and "0 written, 1 deleted" in out
    assert list(folder.iterdir()) == [] and people(db) == {}


def test_a_forgotten_persons_card_changed_since_brings_them_back(
    capsys: pytest.CaptureFixture[str], db: Path, folder: Path
) -> None:
    synced(capsys, db, folder)
    with opened(db) as notebook:
        notebook.people.forget(notebook.people.find_by_name("Ann Archer")[0].id or 0)
    changed = ANN.replace(b"TITLE:Engineer", b"TITLE:Director")
    (folder / "ann.vcf").write_bytes(changed)
    code, out, _ = sync(capsys, db, folder, "--yes")
    assert code == 0 and "1 created" in out and "0 deleted" in out
    ann = people(db)["Ann Archer"]
    assert (ann.uid, ann.title, ann.emails) == ("ann-1", "Director", ("ann@example.com",))
    assert (folder / "ann.vcf").read_bytes() == changed
    assert state(db, folder)["cards"]["ann-1"]["fields"]["title"] == "Director"
    assert "Unchanged: 1" in sync(capsys, db, folder)[1]


@pytest.mark.parametrize("how", ["moved", "copied"])
def test_a_forgotten_persons_card_in_another_folder_is_deleted_not_added_back(
    capsys: pytest.CaptureFixture[str], db: Path, folder: Path, tmp_path: Path, how: str
) -> None:
    # The folder moved, or a second computer syncs its own copy: the state knows nothing of
    # that path, but the notebook's tombstone says Ann was forgotten.
    synced(capsys, db, folder)
    with opened(db) as notebook:
        notebook.people.forget(notebook.people.find_by_name("Ann Archer")[0].id or 0)
    other = tmp_path / "elsewhere"
    if how == "moved":
        folder.rename(other)
    else:
        shutil.copytree(folder, other)
    code, out, err = sync(capsys, db, other)
    assert code == 1 and "delete 1 card" in err and "--yes" in err
    assert "0 created" in out and people(db) == {}
    assert (other / "ann.vcf").read_bytes() == ANN
    code, out, _ = sync(capsys, db, other, "--yes")
    assert code == 0 and "0 created" in out and "0 written, 1 deleted" in out
    assert list(other.iterdir()) == [] and people(db) == {}
    assert state(db, other)["cards"] == {}


def test_an_archived_person_keeps_their_card(
    capsys: pytest.CaptureFixture[str], db: Path, folder: Path
) -> None:
    synced(capsys, db, folder)
    edit(db, "Ann Archer", archived=True)
    code, out, _ = sync(capsys, db, folder, "--yes")
    assert code == 0 and "0 deleted" in out
    assert (folder / "ann.vcf").read_bytes() == ANN


def test_a_change_wins_over_a_deletion_on_the_other_side(
    capsys: pytest.CaptureFixture[str], db: Path, folder: Path
) -> None:
    synced(capsys, db, folder)
    edit(db, "Ann Archer", title="Director")
    (folder / "ann.vcf").unlink()
    code, out, _ = sync(capsys, db, folder)
    assert code == 0 and "0 archived" in out
    assert not people(db)["Ann Archer"].archived
    read = vdir.read_card("ann.vcf", (folder / "ann.vcf").read_bytes())
    assert (read.uid, read.person.title) == ("ann-1", "Director")


# -- dry run, idempotence ------------------------------------------------------------------------


def test_a_dry_run_prints_the_plan_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], db: Path, folder: Path
) -> None:
    synced(capsys, db, folder)
    add(db, Person(name="Bob Builder"))
    edit(db, "Ann Archer", title="Director")
    (folder / "new.vcf").write_bytes(card("new-1", "Nina New"))
    folder_before, db_before = snapshot(folder), db.read_bytes()
    code, out, _ = sync(capsys, db, folder, "--dry-run", "--yes")
    assert code == 0
    assert "dry run: nothing was written" in out
    assert "add Nina New from new.vcf" in out
    assert "write ann.vcf: title" in out
    assert "write new card" in out and "for Bob Builder" in out
    assert "1 would be created" in out and "2 would be written" in out
    assert snapshot(folder) == folder_before
    assert db.read_bytes() == db_before


def test_a_second_sync_changes_nothing_and_rewrites_no_file(
    capsys: pytest.CaptureFixture[str], db: Path, folder: Path
) -> None:
    add(db, *(Person(name=f"Person {n}", emails=(f"p{n}@example.com",)) for n in range(5)))
    (folder / "ann.vcf").write_bytes(ANN)
    (folder / "plain.vcf").write_bytes(card(None, "Pat Plain", email="pat@example.com"))
    assert sync(capsys, db, folder)[0] == 0
    folder_before, db_before = snapshot(folder), db.read_bytes()
    db_mtime = db.stat().st_mtime_ns
    code, out, err = sync(capsys, db, folder)
    assert (code, err) == (0, "")
    assert "0 created, 0 updated, 0 archived" in out and "0 written, 0 deleted" in out
    assert "Unchanged: 7" in out
    assert snapshot(folder) == folder_before
    assert (db.read_bytes(), db.stat().st_mtime_ns) == (db_before, db_mtime)


# -- bad input -----------------------------------------------------------------------------------


def test_a_broken_card_is_skipped_and_never_taken_for_a_deletion(
    capsys: pytest.CaptureFixture[str], db: Path, folder: Path
) -> None:
    synced(capsys, db, folder)
    (folder / "ann.vcf").write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:no name\r\n")
    (folder / "junk.vcf").write_bytes(b"\x00\x01binary")
    code, out, err = sync(capsys, db, folder, "--yes")
    assert (code, err) == (0, "")
    assert "skipped ann.vcf:" in out and "skipped junk.vcf:" in out
    assert "0 archived" in out
    assert not people(db)["Ann Archer"].archived
    assert "ann-1" in state(db, folder)["cards"]


def test_two_cards_with_one_uid_are_refused(
    capsys: pytest.CaptureFixture[str], db: Path, folder: Path
) -> None:
    (folder / "a.vcf").write_bytes(card("same", "First One"))
    (folder / "b.vcf").write_bytes(card("same", "Second One"))
    (folder / "c.vcf").write_bytes(card("other", "Third One"))
    before = contents(folder)
    code, out, _ = sync(capsys, db, folder)
    assert code == 0
    assert "the UID same is on 2 cards (a.vcf, b.vcf); none of them was synced" in out
    assert set(people(db)) == {"Third One"}
    assert contents(folder) == before


def test_a_folder_holding_none_of_the_synced_cards_is_refused(
    capsys: pytest.CaptureFixture[str], db: Path, folder: Path
) -> None:
    add(db, Person(name="Bob Builder"))
    synced(capsys, db, folder)
    for file in folder.iterdir():
        file.unlink()
    (folder / "new.vcf").write_bytes(card("new-1", "Nina New"))  # not one of those synced
    db_before, folder_before = db.read_bytes(), contents(folder)
    for flags in ((), ("--yes",), ("--dry-run", "--yes")):
        code, out, err = sync(capsys, db, folder, *flags)
        assert code == 1 and out == "" and err.count("\n") == 1, flags
        assert "holds none of the 2 cards synced with it before" in err
        assert "the path is wrong or every contact was deleted" in err
        assert "--all-deleted" in err
        assert (db.read_bytes(), contents(folder)) == (db_before, folder_before)
    code, out, err = sync(capsys, db, folder, "--yes", "--all-deleted")
    assert (code, err) == (0, "")
    assert "1 created, 0 updated, 2 archived" in out
    assert people(db)["Ann Archer"].archived and people(db)["Bob Builder"].archived


@pytest.mark.parametrize("kind", ["missing", "file"])
def test_a_folder_that_is_not_there_is_one_line(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path, kind: str
) -> None:
    target = tmp_path / "nowhere"
    if kind == "file":
        target.write_text("x")
    code, out, err = sync(capsys, db, target)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("notebook: ") and "Traceback" not in err
    assert ("no folder at" if kind == "missing" else "is not a folder") in err


def test_an_unreadable_folder_is_one_line(
    capsys: pytest.CaptureFixture[str],
    db: Path,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder.chmod(0)  # refused to anyone but root; for root (as in CI) the kernel's EACCES is
    real_scandir = os.scandir  # injected where the folder is listed

    def refused(path: Any) -> Any:
        if Path(path) == folder:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_scandir(path)

    monkeypatch.setattr(vdir.os, "scandir", refused)
    try:
        code, _, err = sync(capsys, db, folder)
    finally:
        folder.chmod(0o700)
    assert code == 1 and err.count("\n") == 1 and "cannot be read" in err


def test_new_cards_are_vcard_3_that_every_address_book_reads(
    capsys: pytest.CaptureFixture[str], db: Path, folder: Path
) -> None:
    import vobject

    dana, acme = add(
        db,
        Person(
            name="Dana Okafor",
            company="Acme",
            emails=("dana@example.com", "d@home.example"),
            phones=("+1 555 0100",),
            notes="Line one\nline two; with, escapes",
        ),
        Person(name="Acme Robotics", company="Acme Robotics"),
    )
    assert sync(capsys, db, folder)[0] == 0
    for person in (dana, acme):
        data = (folder / f"{person.uid}.vcf").read_bytes()
        assert data.startswith(b"BEGIN:VCARD\r\nVERSION:3.0\r\n")
        assert b"PREF=1" not in data and b"KIND:" not in data
        parsed = vobject.readOne(data.decode())
        assert parsed.fn.value == person.name and parsed.uid.value == person.uid
        read = vdir.read_card("x.vcf", data).person
        assert (read.name, read.company, read.emails, read.phones, read.notes) == (
            person.name,
            person.company,
            person.emails,
            person.phones,
            person.notes,
        )
    assert b"TYPE=pref" in (folder / f"{dana.uid}.vcf").read_bytes()
    assert b"X-ABSHOWAS:COMPANY" in (folder / f"{acme.uid}.vcf").read_bytes()
    assert sync(capsys, db, folder)[1].count("0 written") == 1  # and nothing changes after


def test_hostile_text_in_cards_and_people_never_reaches_the_terminal(
    capsys: pytest.CaptureFixture[str], db: Path, folder: Path
) -> None:
    add(db, Person(name="[bold]Mallory[/bold] \x1b]0;owned\x07", uid="mal"))
    (folder / "evil.vcf").write_bytes(
        card("evil-1", "Eve \x1b[31mRed\x1b[0m [link=http://x]click[/link]\u202e")
    )
    (folder / "mal.vcf").write_bytes(card("mal", "Mallory \x1b[2J[red]changed[/red]"))
    code, out, err = sync(capsys, db, folder)
    assert code == 0
    for text in (out, err):
        assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text
    names = set(people(db))
    assert "Eve Red [link=http://x]click[/link]" in names
    assert "conflict: [bold]Mallory[/bold]" in out
    assert all("\x1b" not in name for name in names)
    code, out, _ = sync(capsys, db, folder, "--dry-run")
    assert "\x1b" not in out


# -- all or nothing ------------------------------------------------------------------------------


def busy_sync_setup(db: Path, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A synced folder, then changes that make a sync write, rewrite and delete cards and
    change the notebook."""
    (folder / "ann.vcf").write_bytes(ANN)
    (folder / "gone.vcf").write_bytes(card("gone-1", "Gina Gone"))
    (folder / "forgot.vcf").write_bytes(card("forgot-1", "Fred Forgot"))
    assert sync(capsys, db, folder)[0] == 0
    add(db, Person(name="Bob Builder"), Person(name="Cy Second"))
    edit(db, "Ann Archer", title="Director")
    with opened(db) as notebook:
        notebook.people.forget(notebook.people.find_by_name("Fred Forgot")[0].id or 0)
    (folder / "gone.vcf").unlink()
    (folder / "new.vcf").write_bytes(card(None, "Nina New"))
    (folder / "other.vcf").write_bytes(card("other-1", "Olga Other", title="Boss"))


def count_calls(
    monkeypatch: pytest.MonkeyPatch, module: Any, name: str, fail_at: int | None
) -> list[int]:
    real = getattr(module, name)
    calls = [0]

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == fail_at:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return calls


@pytest.mark.parametrize("call", ["replace", "fsync", "unlink"])
def test_a_failure_at_any_step_leaves_both_sides_as_they_were(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    call: str,
) -> None:
    # Count the calls a whole sync makes, then fail each one in turn on a fresh copy.
    def fresh(n: int) -> tuple[Path, Path]:
        base = tmp_path / f"run{n}"
        base.mkdir()
        folder = base / "cards"
        folder.mkdir()
        db = base / "nb.json"
        busy_sync_setup(db, folder, capsys)
        return db, folder

    db, folder = fresh(0)
    with monkeypatch.context() as patch:
        calls = count_calls(patch, os, call, None)
        code, out, _ = sync(capsys, db, folder, "--yes")
    assert code == 0, out
    assert "2 created, 0 updated, 1 archived" in out and "4 written, 1 deleted" in out
    total = calls[0]
    assert total >= 2
    failures = 0
    for n in range(1, total + 1):
        db, folder = fresh(n)
        folder_before, db_before = contents(folder), db.read_bytes()
        with monkeypatch.context() as patch:
            count_calls(patch, os, call, n)
            code, out, err = sync(capsys, db, folder, "--yes")
        if code == 0:
            # A failure the sync may shrug off (a search cache beside the notebook).
            assert "4 written, 1 deleted" in out
            continue
        failures += 1
        assert "Traceback" not in err and err.count("\n") == 1, err
        assert err.startswith("notebook: ") and "No space left on device" in err
        assert contents(folder) == folder_before, n
        assert db.read_bytes() == db_before, n
        leftovers = [p.name for p in folder.iterdir() if p.name.startswith(".")]
        assert leftovers == []
    assert failures >= {"replace": 5, "fsync": 3, "unlink": 1}[call]


def test_the_notebook_save_failing_puts_every_card_back(
    capsys: pytest.CaptureFixture[str], db: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from notebook.store import Store

    busy_sync_setup(db, folder, capsys)
    folder_before, db_before = contents(folder), db.read_bytes()

    def full(self: Store) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Store, "_write_file", full)
    code, _, err = sync(capsys, db, folder, "--yes")
    assert code == 1 and err.count("\n") == 1 and "every card was put back" in err
    assert contents(folder) == folder_before
    assert db.read_bytes() == db_before


def test_a_card_that_cannot_be_written_is_not_blamed_for_the_rollback(
    capsys: pytest.CaptureFixture[str], db: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    busy_sync_setup(db, folder, capsys)
    folder_before, db_before = contents(folder), db.read_bytes()
    real = os.replace

    def refuse_ann(src: Any, dst: Any, **kwargs: Any) -> None:
        if Path(dst).name == "ann.vcf":
            raise OSError(errno.EACCES, "Permission denied", str(dst))
        real(src, dst, **kwargs)

    monkeypatch.setattr(os, "replace", refuse_ann)
    code, _, err = sync(capsys, db, folder, "--yes")
    assert code == 1 and err.count("\n") == 1
    assert "could not write ann.vcf" in err and "every card was put back as it was" in err
    assert "could not be put back" not in err
    assert contents(folder) == folder_before
    assert db.read_bytes() == db_before


# A sync killed at this card's rename (its temp written, not renamed); only cards count, not
# the other files a run may replace (the search cache beside the notebook).
KILLED_SYNC = """
import os, signal, sys
from notebook.cli import main
real, calls = os.replace, [0]
def replace(src, dst, **kwargs):
    calls[0] += str(dst).endswith(".vcf")
    if calls[0] == int(sys.argv[1]) and str(dst).endswith(".vcf"):
        os.kill(os.getpid(), signal.SIGKILL)
    real(src, dst, **kwargs)
os.replace = replace
sys.exit(main(sys.argv[2:]))
"""


def test_a_killed_sync_told_its_conflicts_and_the_next_one_completes_it(
    capsys: pytest.CaptureFixture[str], db: Path, folder: Path
) -> None:
    busy_sync_setup(db, folder, capsys)  # Ann's title is Director in the notebook
    (folder / "ann.vcf").write_bytes(ANN.replace(b"TITLE:Engineer", b"TITLE:Card Title"))
    db_before, cards_before = db.read_bytes(), contents(folder)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NOTEBOOK_TODAY": TODAY.isoformat()}
    argv = ["--db", str(db), "sync", "vdir", str(folder), "--yes"]
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_SYNC, "3", *argv],
        capture_output=True, text=True, env=env, check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert killed.returncode == -9, killed.stderr
    # The conflict it settled was told before any card was written, through a pipe.
    assert 'conflict: Ann Archer, title: notebook "Director", card "Card Title"' in killed.stdout
    assert db.read_bytes() == db_before  # the notebook was not saved
    # Two cards were written before the kill (which two depends on the people's new uids).
    cards_after = contents(folder)
    written = {
        name
        for name, data in cards_after.items()
        if not name.startswith(".") and data != cards_before.get(name)
    }
    assert len(written) == 2, written
    (temp,) = [p for p in folder.iterdir() if p.name.startswith(".")]
    assert temp.name.endswith(".tmp")
    old = temp.stat().st_mtime - 3600
    os.utime(temp, (old, old))
    # The next sync completes it: no conflict is left to see, the notebook's title stays,
    # the forgotten person's card goes, and the dead run's temp too.
    code, out, err = sync(capsys, db, folder, "--yes")
    assert (code, err) == (0, ""), out
    # Ann's card may have been among the two written (which two depends on the new people's
    # uids): then nothing is left to conflict; if not, the same conflict is told again.
    conflict = 'conflict: Ann Archer, title: notebook "Director", card "Card Title"'
    assert (conflict in out) is ("ann.vcf" not in written)
    assert not temp.exists()
    assert not (folder / "forgot.vcf").exists()
    assert people(db)["Gina Gone"].archived
    with opened(db) as notebook:
        plan = vdir.plan_sync(notebook, folder)
        assert plan.actions == [] and plan.conflicts == [] and plan.problems == []
        cards = {
            c.uid: c for c in (vdir.read_card(p.name, p.read_bytes()) for p in folder.iterdir())
        }
        for person in notebook.people.iter():
            if not person.archived:
                assert cards[person.uid].fields == vdir.as_card(person), person.name
        assert set(cards) == {p.uid for p in notebook.people.iter() if not p.archived}
    assert people(db)["Ann Archer"].title == "Director"
    assert cards["ann-1"].person.title == "Director"


def test_a_temp_left_by_a_killed_sync_is_removed_by_the_next(
    capsys: pytest.CaptureFixture[str], db: Path, folder: Path
) -> None:
    import fcntl

    synced(capsys, db, folder)
    dead = folder / ".ann.vcf.k1ll3d_x.tmp"
    alive = folder / ".bob.vcf.wr1t1ng_.tmp"
    fresh = folder / ".cy.vcf.jus7d1ed.tmp"
    other = folder / ".notes.txt.a1b2c3d4.tmp"  # not a card's
    for temp in (dead, alive, fresh, other):
        temp.write_bytes(b"BEGIN:VCARD\r\n")
    for temp in (dead, alive, other):
        os.utime(temp, (0, 0))
    with open(alive, "rb") as writer:
        fcntl.flock(writer, fcntl.LOCK_EX)  # its writer is still at it
        code, out, _ = sync(capsys, db, folder)
    assert code == 0 and "Unchanged: 1" in out
    assert not dead.exists()
    assert alive.exists() and fresh.exists() and other.exists()


def test_a_card_changed_during_the_sync_stops_it(
    db: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    synced(capsys, db, folder)
    edit(db, "Ann Archer", title="Director")
    add(db, Person(name="Bob Builder"))
    with opened(db) as notebook:
        plan = vdir.plan_sync(notebook, folder)
        (folder / "ann.vcf").write_bytes(ANN + b"\r\n")
        before = contents(folder)
        with pytest.raises(vdir.SyncError, match="changed in the folder during the sync"):
            vdir.apply_sync(notebook, plan, deletions=True)
        assert contents(folder) == before


# -- the notebook's lock and read-only mode ------------------------------------------------------


def test_sync_respects_the_lock_and_read_only(
    capsys: pytest.CaptureFixture[str], db: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(db, Person(name="Bob Builder"))
    (folder / "ann.vcf").write_bytes(ANN)
    monkeypatch.setattr("notebook.cli.open_notebook.__defaults__", (False, 0.0))
    with opened(db):
        code, _, err = sync(capsys, db, folder)
    assert code == 1 and "open for writing" in err
    code, _, err = main_err(capsys, "--db", str(db), "--read-only", "sync", "vdir", str(folder))
    assert code == 1 and "read-only" in err and err.count("\n") == 1
    assert contents(folder) == {"ann.vcf": ANN}
    code, out, _ = main_err(
        capsys, "--db", str(db), "--read-only", "sync", "vdir", str(folder), "--dry-run"
    )
    assert code == 0 and "add Ann Archer" in out


def main_err(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- a real process ------------------------------------------------------------------------------


def test_sync_in_a_real_process(tmp_path: Path, folder: Path) -> None:
    db = tmp_path / "nb.json"
    add(db, Person(name="Bob Builder"))
    (folder / "ann.vcf").write_bytes(ANN)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NOTEBOOK_DB": str(db)}
    command = [sys.executable, "-m", "notebook", "sync", "vdir", str(folder)]
    result = subprocess.run(
        command, capture_output=True, text=True, env=env, check=False, stdin=subprocess.DEVNULL
    )
    assert result.returncode == 0, result.stderr
    assert "From the folder: 1 created" in result.stdout
    assert "To the folder: 1 written" in result.stdout
    (folder / "ann.vcf").unlink()
    result = subprocess.run(
        command, capture_output=True, text=True, env=env, check=False, stdin=subprocess.DEVNULL
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "--yes" in result.stderr
    result = subprocess.run(
        [*command, "--yes"], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0 and "1 archived" in result.stdout


# -- a property: whatever both sides do, a second sync has nothing left to do ---------------------

_TEXT = st.text(alphabet="abcXYZ é,;:\\\n-", min_size=0, max_size=12)
_EDIT = st.tuples(
    st.sampled_from(["title", "company", "location", "notes", "phones", "tags", "name"]),
    _TEXT,
)


def _apply(person: Person, field: str, text: str) -> Person:
    if field in ("phones", "tags"):
        return replace(person, **{field: tuple(t for t in text.split(",") if t.strip())})
    if field == "name":
        return replace(person, name=text.strip() or "Someone")
    return replace(person, **{field: text})


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    notebook_edits=st.lists(st.tuples(st.integers(0, 2), _EDIT), max_size=4),
    card_edits=st.lists(st.tuples(st.integers(0, 2), _EDIT), max_size=4),
    prefer=st.sampled_from(["notebook", "vdir"]),
)
def test_after_any_edits_a_second_sync_is_a_no_op(
    notebook_edits: list[tuple[int, tuple[str, str]]],
    card_edits: list[tuple[int, tuple[str, str]]],
    prefer: vdir.Prefer,
) -> None:
    with tempfile.TemporaryDirectory() as name:
        base = Path(name)
        db, folder = base / "nb.json", base / "cards"
        folder.mkdir()
        (folder / "ann.vcf").write_bytes(ANN)
        with opened(db) as notebook:
            notebook.people.add_many([Person(name="Bob Builder", title="Chef", uid="bob")])
            notebook.people.add_many([Person(name="Cleo", phones=("+1 2",), uid="cleo")])
            vdir.apply_sync(notebook, vdir.plan_sync(notebook, folder), deletions=True)
            uids = ["ann-1", "bob", "cleo"]
            for index, (field, text) in notebook_edits:
                person = notebook.people.by_uid(uids[index])
                assert person is not None
                notebook.people.edit(_apply(person, field, text))
        read_all = [vdir.read_card(f.name, f.read_bytes()) for f in folder.iterdir()]
        files = {read.uid: read for read in read_all}
        for index, (field, text) in card_edits:
            read = files[uids[index]]
            edited = _apply(read.person, field, text).validated()
            data = vdir.rewrite_card(read, vdir.as_card(edited), read.uid, vdir.FIELDS)
            if data is not None:
                (folder / read.file).write_bytes(data)
                files[uids[index]] = vdir.read_card(read.file, data)
        with opened(db) as notebook:
            vdir.apply_sync(
                notebook, vdir.plan_sync(notebook, folder, prefer=prefer), deletions=True
            )
        folder_before, db_before = snapshot(folder), db.read_bytes()
        with opened(db) as notebook:
            plan = vdir.plan_sync(notebook, folder, prefer=prefer)
            assert plan.actions == [] and plan.conflicts == [] and plan.problems == []
            result = vdir.apply_sync(notebook, plan, deletions=True)
            assert not result.saved
            # Both sides say the same of everyone.
            for person in notebook.people.iter():
                entry = plan.cards[person.uid]
                read = vdir.read_card(entry["file"], (folder / entry["file"]).read_bytes())
                assert read.fields == vdir.as_card(person) == entry["fields"]
        assert snapshot(folder) == folder_before
        assert db.read_bytes() == db_before


def test_the_state_helpers_name_the_last_folder(
    capsys: pytest.CaptureFixture[str], db: Path, folder: Path
) -> None:
    synced(capsys, db, folder)
    with opened(db) as notebook:
        found = vdir.last_synced(notebook)
        assert found is not None and found[0] == str(folder.resolve())
        assert vdir.synced_at(notebook, folder) == found[1]


def test_names_that_are_not_utf8_are_said_and_nothing_else_is_lost(
    capsys: pytest.CaptureFixture[str], db: Path, folder: Path, tmp_path: Path
) -> None:
    """A card whose file name is not UTF-8 is skipped with the reason, the others sync; a
    folder whose own name is not is refused whole. Before, either failed the whole save."""
    (folder / "lat\udcfc.vcf").write_bytes(card(None, "Odd Name"))
    (folder / "plain.vcf").write_bytes(card(None, "Plain Card"))
    code, out, err = sync(capsys, db, folder)
    assert code == 0, err
    assert "lat\ufffd.vcf: its name is not UTF-8 text; rename it to sync it" in out + err
    assert set(people(db)) == {"Plain Card"}
    odd = tmp_path / "vd\udcfc"
    odd.mkdir()
    (odd / "a.vcf").write_bytes(card(None, "In Odd Folder"))
    before = db.read_bytes()
    code, out, err = sync(capsys, db, odd)
    assert code != 0
    assert "is not UTF-8 text; rename it to sync it; nothing was synced" in err
    assert db.read_bytes() == before
    assert contents(odd) == {"a.vcf": card(None, "In Odd Folder")}
