"""Other programs read our vCard export: khard (the terminal address book, run as a real
process on the one-card-per-person folder) and vobject (the parser khard is built on)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import vobject

from notebook.importer import export_bytes, export_vcards_per_person
from notebook.records import Person
from notebook.viewmodel import Notebook

TODAY = date(2026, 11, 25)
KHARD = shutil.which("khard") or str(Path(sys.executable).with_name("khard"))

KHARD_CONFIG = """\
[addressbooks]
[[notebook]]
path = {folder}

[general]
debug = no
default_action = list
editor = true
merge_editor = true

[contact table]
display = formatted_name
show_uids = yes
sort = last_name
localize_dates = no
preferred_email_address_type = pref, work, home
preferred_phone_number_type = pref, cell, home

[vcard]
preferred_version = 4.0
search_in_source_files = no
skip_unparsable = no
"""

PEOPLE = [
    Person(name="Ann Lee", company="Acme", emails=("ann@acme.example",)),
    # The same name again: another person, another card, another uid.
    Person(
        name="Ann Lee",
        emails=("ann.lee@home.example", "ann@work.example", "ann@old.example"),
        phones=("+1 555 0100", "+1 555 0101"),
    ),
    Person(name="Mustermann, Heiko", emails=("heiko@example.de",)),
    Person(
        name="Zoë O’Brien; Łukasiewicz, PhD",
        company="Ünïcödé; GmbH, & Co. \\ KG",
        title="Head of R&D; Ops, EMEA",
        emails=("zoe+tag@example.com",),
        phones=("+41 44 000 00 00",),
        location="Zürich; Kreis 4, ZH, Schweiz",
        tags=("needs, a comma", "semi;colon", "Ελληνικά"),
        notes="Line one\nline two; with \\ backslash, comma\n" + "é" * 80,
        how_met="At PyCon; the hallway",
        past_companies=("Globex, Inc.",),
        connected_on=date(2021, 3, 4),
        uid="urn:uuid:0b7c84aa-6b1d-4c55-9a53-2f3e1d0b7c84",
    ),
    Person(name="Γιώργος Παπαδόπουλος", emails=("giorgos@example.gr",)),
    Person(name="Дмитрий Иванов", phones=("+7 495 000-00-00",)),
    Person(name="דוד כהן", emails=("david@example.co.il",)),
    Person(name="Apple Computer AG", company="Apple Computer AG", location="Zürich"),
    Person(name="solo@example.com", emails=("solo@example.com",)),
]


@pytest.fixture
def exported(tmp_path: Path) -> tuple[list[Person], Path]:
    """The people saved in a notebook, and the folder their one-card-per-person export is in."""
    notebook = Notebook.open(tmp_path / "nb.json", today=TODAY)
    try:
        notebook.people.add_many(PEOPLE)
        people = notebook.people.all(include_archived=True)
        folder = tmp_path / "cards"
        written = export_vcards_per_person(notebook, folder)
    finally:
        notebook.close()
    assert len(written) == len(PEOPLE) == len({p.uid for p in people})
    return people, folder


def khard(tmp_path: Path, folder: Path, *args: str) -> list[str]:
    config = tmp_path / "khard.conf"
    config.write_text(KHARD_CONFIG.format(folder=folder), encoding="utf-8")
    # A HOME of its own, so that no real khard configuration is read.
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / ".config")}
    done = subprocess.run(
        [KHARD, "-c", str(config), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_khard_lists_every_card_with_its_name_uid_and_addresses(
    exported: tuple[list[Person], Path], tmp_path: Path
) -> None:
    people, folder = exported
    listed = khard(tmp_path, folder, "list", "--parsable")
    assert sorted(tuple(line.split("\t")) for line in listed) == sorted(
        (p.uid, p.name, "notebook") for p in people
    )
    emails = khard(tmp_path, folder, "email", "--parsable", "--remove-first-line")
    assert sorted(line.split("\t")[:2] for line in emails) == sorted(
        [email, p.name] for p in people for email in p.emails
    )
    phones = khard(tmp_path, folder, "phone", "--parsable")
    assert sorted(line.split("\t")[:2] for line in phones) == sorted(
        [phone, p.name] for p in people for phone in p.phones
    )


def test_khard_shows_the_hostile_card_field_by_field(
    exported: tuple[list[Person], Path], tmp_path: Path
) -> None:
    people, folder = exported
    [zoe] = [p for p in people if p.name.startswith("Zoë")]
    shown = khard(tmp_path, folder, "show", "--format", "yaml", f"uid:{zoe.uid}")
    fields = [line for line in shown if line and not line.startswith("#")]
    assert "Formatted name: Zoë O’Brien; Łukasiewicz, PhD" in fields
    name = fields.index("First name: Zoë")
    assert fields[name - 1 : name + 4] == [
        "Prefix:",
        "First name: Zoë",
        "Additional: O’Brien;",  # the semicolon inside a component survives
        "Last name: Łukasiewicz",
        "Suffix: PhD",
    ]
    assert "Organisation: Ünïcödé; GmbH, & Co. \\ KG" in fields
    assert "Title: Head of R&D; Ops, EMEA" in fields
    categories = fields.index("Categories:")
    assert fields[categories + 1 : categories + 4] == [
        "  - needs, a comma",
        "  - semi;colon",
        "  - Ελληνικά",
    ]
    [heiko] = [p for p in people if p.name == "Mustermann, Heiko"]
    shown = khard(tmp_path, folder, "show", "--format", "yaml", f"uid:{heiko.uid}")
    assert {"First name: Heiko", "Last name: Mustermann"} <= set(shown)


def test_vobject_parses_every_card_of_an_export(demo_file: Path) -> None:
    notebook = Notebook.open(demo_file, read_only=True, today=TODAY)
    try:
        people = {p.uid: p for p in notebook.people.all(include_archived=True)}
        text = export_bytes(notebook, "vcard").decode("utf-8")
    finally:
        notebook.close()
    cards = list(vobject.readComponents(text, validate=True))
    assert len(cards) == len(people)
    for card in cards:
        person = people[card.uid.value]
        assert card.fn.value == person.name
        assert [e.value for e in card.contents.get("email", [])] == list(person.emails)
        assert [t.value for t in card.contents.get("tel", [])] == list(person.phones)
        if person.company:
            assert card.org.value[0] == person.company
        if person.tags:
            assert card.categories.value == list(person.tags)
        if person.notes:
            assert card.note.value == person.notes


def test_vobject_reads_the_hostile_values_as_written(
    exported: tuple[list[Person], Path],
) -> None:
    people, folder = exported
    by_uid = {p.uid: p for p in people}
    for path in sorted(folder.glob("*.vcf")):
        [card] = vobject.readComponents(path.read_text(encoding="utf-8"), validate=True)
        person = by_uid[card.uid.value]
        assert card.fn.value == person.name
        assert card.version.value == "4.0"
        if person.company:
            assert card.org.value == [person.company]
        if person.title:
            assert card.title.value == person.title
        if person.notes:
            assert card.note.value == person.notes
        if person.tags:
            assert card.categories.value == list(person.tags)
        if person.location and person.location != person.company:
            assert card.adr.value.city in person.location
