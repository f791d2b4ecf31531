"""Import with dedupe, and export round trips, on real files and real notebooks in tmp_path."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest

from notebook import cli, importer
from notebook.formats import FormatError, read_people
from notebook.importer import export_bytes, export_vcards_per_person, import_file, import_people
from notebook.records import Person
from notebook.viewmodel import Notebook

REAL = Path(__file__).parent / "data" / "contacts-real"
REAL_FILES = sorted(p for p in REAL.rglob("*") if p.suffix in {".vcf", ".csv"})

Opener = Callable[[Path], Notebook]


def people_facts(notebook: Notebook) -> list[tuple[object, ...]]:
    """What an import must preserve, independent of ids and timestamps."""
    return sorted(
        (
            p.name,
            p.company,
            p.title,
            p.emails,
            p.phones,
            p.tags,
            p.notes,
            p.linkedin_url,
            p.connected_on,
        )
        for p in notebook.people.iter()
    )


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
def test_every_real_file_imports_and_a_second_import_creates_nobody(
    path: Path, tmp_path: Path, open_notebook: Opener
) -> None:
    notebook = open_notebook(tmp_path / "nb.json")
    first = import_file(notebook, path)
    assert first.created >= 1 and not first.skipped
    before = people_facts(notebook)
    second = import_file(notebook, path)
    assert (second.created, second.updated) == (0, 0)
    assert second.unchanged == first.created
    assert people_facts(notebook) == before


def test_people_are_matched_by_email_then_linkedin_then_name_and_company(
    tmp_path: Path, open_notebook: Opener
) -> None:
    notebook = open_notebook(tmp_path / "nb.json")
    dana = notebook.people.add(
        Person(name="Dana Nguyen", company="Fabrikam", emails=("dana@example.com",))
    )
    sam = notebook.people.add(
        Person(name="Sam Park", linkedin_url="https://www.linkedin.com/in/sampark")
    )
    lee = notebook.people.add(Person(name="Lee Chen", company="Acme Robotics, Inc."))
    summary, _ = import_people(
        notebook,
        [
            Person(name="D. Nguyen", emails=("DANA@example.com",), title="Engineer"),  # by email
            Person(name="Samuel Park", linkedin_url="linkedin.com/in/SamPark/"),  # by URL
            Person(name="lee chen", company="ACME Robotics", phones=("+1 555 0100",)),  # by name
            Person(name="Lee Chen", company="Globex"),  # same name, other company: someone else
        ],
        source="test",
    )
    assert (summary.created, summary.updated) == (1, 3)
    assert notebook.people.get(dana.id or 0).title == "Engineer"
    assert notebook.people.get(sam.id or 0).name == "Samuel Park"
    assert notebook.people.get(lee.id or 0).phones == ("+1 555 0100",)
    assert len(notebook.people.find_by_name("Lee Chen")) == 2


def test_a_name_changed_in_the_notebook_is_kept_by_every_later_import(
    tmp_path: Path, open_notebook: Opener
) -> None:
    """Renamed here after an import, the person went back to the file's name at the next
    import of the same file; the file's other facts still win."""
    notebook = open_notebook(tmp_path / "nb.json")
    row = Person(name="Li Wei", emails=("li@example.com",), title="Engineer")
    import_people(notebook, [row], source="test")
    (li,) = notebook.people.find_by_name("Li Wei")
    assert not notebook.people.renamed(li.id or 0)
    renamed = notebook.people.edit(replace(li, name="Priya Raman-Iyer"))
    assert notebook.people.renamed(li.id or 0)
    summary, _ = import_people(notebook, [row], source="test")
    assert (summary.created, summary.updated) == (0, 0)
    assert notebook.people.get(li.id or 0) == renamed
    summary, _ = import_people(notebook, [replace(row, title="Director")], source="test")
    assert summary.updated == 1
    kept = notebook.people.get(li.id or 0)
    assert (kept.name, kept.title) == ("Priya Raman-Iyer", "Director")


def test_namesakes_with_addresses_of_their_own_and_no_employer_are_two_people(
    tmp_path: Path, open_notebook: Opener
) -> None:
    """Two John Smiths, emails and phones all different, nothing about an employer: a plumber
    and a landlord. Joined, one of their notes was lost; in one file or across two."""
    notebook = open_notebook(tmp_path / "nb.json")
    plumber = Person(name="John Smith", emails=("john@alpha.com",), notes="plumber")
    landlord = Person(name="John Smith", emails=("jsmith@beta.org",), notes="old landlord")
    summary, _ = import_people(notebook, [plumber, landlord], source="test")
    assert (summary.created, summary.updated, summary.notes) == (2, 0, [])
    later = Person(name="John Smith", emails=("js@gamma.net",), notes="met at the gym")
    summary, _ = import_people(notebook, [later], source="test")
    assert (summary.created, summary.updated) == (1, 0)
    facts = sorted((p.emails, p.notes) for p in notebook.people.find_by_name("John Smith"))
    assert facts == [
        (("john@alpha.com",), "plumber"),
        (("js@gamma.net",), "met at the gym"),
        (("jsmith@beta.org",), "old landlord"),
    ]
    # A row with only the name cannot say which of them it is about: skipped, with why,
    # never given to whichever came first (its note and phone on the wrong man).
    vague = Person(name="John Smith", phones=("+1 555 0199",), notes="called about the boiler")
    for _ in range(2):
        summary, _ = import_people(notebook, [vague], source="test")
        assert (summary.created, summary.updated) == (0, 0)
        assert summary.skipped_lines() == [
            "skipped John Smith: more than one person is called John Smith, and nothing else "
            "in the row (an email, a LinkedIn profile) is one of theirs to tell which it is about"
        ]
    assert all(not p.phones for p in notebook.people.find_by_name("John Smith"))
    # With one of their emails it is about that one.
    summary, _ = import_people(notebook, [replace(vague, emails=("JOHN@alpha.com",))], source="t")
    assert (summary.created, summary.updated, summary.skipped) == (0, 1, [])
    plumber = next(p for p in notebook.people.find_by_name("John Smith") if "plumber" in p.notes)
    assert plumber.phones == ("+1 555 0199",)
    assert plumber.notes == "plumber\n\ncalled about the boiler"
    # The same employer still says who: a work address and a private one.
    work = Person(name="Ada Byron", company="Acme", emails=("ada@acme.com",))
    home = Person(name="Ada Byron", company="Acme", emails=("ada@home.org",))
    summary, _ = import_people(notebook, [work, home], source="test")
    assert summary.created == 1
    (ada,) = notebook.people.find_by_name("Ada Byron")
    assert ada.emails == ("ada@acme.com", "ada@home.org")


@pytest.mark.parametrize("first", ["with an email", "without"])
def test_which_namesake_came_first_decides_nothing(
    tmp_path: Path, open_notebook: Opener, first: str
) -> None:
    notebook = open_notebook(tmp_path / "nb.json")
    reachable = Person(name="John Smith", emails=("john@alpha.com",))
    unknown = Person(name="John Smith", linkedin_url="https://www.linkedin.com/in/js-1")
    people = [reachable, unknown] if first == "with an email" else [unknown, reachable]
    notebook.people.add_many(people)
    # One of them has no email: a new address could be his. Asked, never guessed.
    summary, _ = import_people(
        notebook, [Person(name="John Smith", emails=("js@gamma.net",))], source="test"
    )
    assert (summary.created, summary.updated, len(summary.skipped)) == (0, 0, 1)
    # One of them has no profile: a new profile could be his.
    summary, _ = import_people(
        notebook,
        [Person(name="John Smith", linkedin_url="https://www.linkedin.com/in/js-2")],
        source="test",
    )
    assert (summary.created, summary.updated, len(summary.skipped)) == (0, 0, 1)
    assert len(notebook.people.find_by_name("John Smith")) == 2


def test_a_rows_note_is_added_to_ours_never_dropped_and_never_twice(
    tmp_path: Path, open_notebook: Opener
) -> None:
    notebook = open_notebook(tmp_path / "nb.json")
    dana = notebook.people.add(Person(name="Dana Nguyen", emails=("dana@example.com",)))
    row = Person(name="Dana Nguyen", emails=("dana@example.com",), notes="plays chess")
    import_people(notebook, [row], source="test")
    assert notebook.people.get(dana.id or 0).notes == "plays chess"
    notebook.people.edit(replace(notebook.people.get(dana.id or 0), notes="Plays  chess; ask her"))
    summary, _ = import_people(notebook, [row], source="test")  # said already, in other words
    assert (summary.updated, summary.unchanged) == (0, 1)
    other = replace(row, notes="moved to Lisbon")
    import_people(notebook, [other], source="test")
    import_people(notebook, [other], source="test")
    assert notebook.people.get(dana.id or 0).notes == "Plays  chess; ask her\n\nmoved to Lisbon"
    # Said in whole words only: "Lisbo" is not said by "Lisbon".
    import_people(notebook, [replace(row, notes="Lisbo")], source="test")
    assert notebook.people.get(dana.id or 0).notes.endswith("moved to Lisbon\n\nLisbo")


def test_a_uid_finds_its_person_before_anything_else(tmp_path: Path, open_notebook: Opener) -> None:
    notebook = open_notebook(tmp_path / "nb.json")
    dana, sam = notebook.people.add_many(
        [
            Person(name="Dana Nguyen", emails=("dana@example.com",), uid="urn:uuid:dana"),
            Person(name="Sam Park", emails=("sam@example.com",)),
        ]
    )
    summary, _ = import_people(
        notebook,
        [
            # Dana by her uid: by its name and email alone the row would be someone new.
            Person(name="D. N.", emails=("dn@work.example",), title="CTO", uid="urn:uuid:dana"),
            # A uid we have never seen, but Sam's email: Sam, who keeps his own uid.
            Person(name="Sam Park", emails=("sam@example.com",), phones=("+1",), uid="phone-7"),
            # The same uid again later in the file: Sam again.
            Person(name="Sam Park", tags=("climbing",), uid="phone-7"),
        ],
        source="test",
    )
    assert (summary.created, summary.updated, summary.unchanged) == (0, 2, 0)
    dana_now, sam_now = notebook.people.get(dana.id or 0), notebook.people.get(sam.id or 0)
    assert (dana_now.title, dana_now.uid) == ("CTO", "urn:uuid:dana")
    assert (sam_now.phones, sam_now.tags, sam_now.uid) == (("+1",), ("climbing",), sam.uid)
    # Imported again, the file finds the same people and changes nothing.
    again, _ = import_people(
        notebook, [Person(name="Sam Park", emails=("sam@example.com",), uid="phone-7")], source="t"
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_same_name_and_company_with_different_profiles_are_two_people(
    tmp_path: Path, open_notebook: Opener
) -> None:
    notebook = open_notebook(tmp_path / "nb.json")
    summary, _ = import_people(
        notebook,
        [
            Person(name="Priya Patel", company="Acme", linkedin_url="linkedin.com/in/priya-1"),
            Person(name="Priya Patel", company="Acme", linkedin_url="linkedin.com/in/priya-2"),
            Person(name="Priya Patel", company="Acme"),  # no profile: the first one again
        ],
        source="test",
    )
    assert (summary.created, summary.unchanged) == (2, 0)
    assert len(notebook.people.find_by_name("Priya Patel")) == 2


def test_a_changed_row_updates_fields_and_keeps_our_notes_ties_and_conversations(
    tmp_path: Path, open_notebook: Opener
) -> None:
    notebook = open_notebook(tmp_path / "nb.json")
    csv = tmp_path / "Connections.csv"
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    csv.write_text(
        header + "Dana,Nguyen,https://www.linkedin.com/in/dana,,Fabrikam,Engineer,22 Dec 2025\n"
    )
    import_file(notebook, csv)
    dana = notebook.people.find_by_name("Dana Nguyen")[0]
    friend = notebook.people.add(Person(name="Sam Park"))
    notebook.people.edit(Person(**{**_fields(dana), "notes": "Loves climbing"}))
    notebook.ties.add(dana.id or 0, friend.id or 0, relation="college friend", strength=4)
    noted = notebook.conversations.note([dana.id or 0], when=notebook.today, summary="Coffee")

    csv.write_text(
        header + "Dana,Nguyen,https://www.linkedin.com/in/dana,,Globex,Manager,22 Dec 2025\n"
    )
    summary = import_file(notebook, csv)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 0)
    after = notebook.people.get(dana.id or 0)
    assert (after.company, after.title) == ("Globex", "Manager")
    assert after.past_companies == ("Fabrikam",)
    assert after.notes == "Loves climbing"
    assert [t.other.id for t in notebook.ties.of(dana.id or 0)] == [friend.id]
    assert [i.id for i in notebook.conversations.timeline(dana.id or 0)] == [noted.interaction.id]


def _fields(person: Person) -> dict[str, object]:
    return {f: getattr(person, f) for f in person.__dataclass_fields__}


def test_rows_that_fail_validation_are_skipped_with_a_reason(
    tmp_path: Path, open_notebook: Opener
) -> None:
    notebook = open_notebook(tmp_path / "nb.json")
    summary, _ = import_people(
        notebook,
        [Person(name="  "), Person(name="Ok Person"), Person(name="X", cadence_days=0)],
        source="t",
    )
    assert summary.created == 1
    assert [why for _, why in summary.skipped] == [
        "a person needs a name",
        "cadence must be between 1 and 3650 days",
    ]


def test_json_export_reads_back_exactly(
    demo_file: Path, tmp_path: Path, open_notebook: Opener
) -> None:
    source = open_notebook(demo_file)
    export = tmp_path / "all.json"
    export.write_bytes(export_bytes(source, "json"))
    target = open_notebook(tmp_path / "copy.json")
    summary = import_file(target, export)
    assert summary.created == source.people.count()
    assert people_facts(target) == people_facts(source)

    def named(notebook: Notebook) -> dict[str, object]:
        name = {p.id: p.name for p in notebook.people.iter()}
        return {
            "interactions": sorted(
                (
                    i.when.isoformat(),
                    tuple(sorted(name[p] for p in i.people)),
                    i.kind,
                    i.place,
                    i.summary,
                )
                for i in notebook.conversations.iter()
            ),
            "ties": sorted(
                (tuple(sorted((name[t.a], name[t.b]))), t.relation, t.strength)
                for t in notebook.ties.all()
            ),
            "follow_ups": sorted(
                (f.text, str(f.due), f.by, f.done_at is None, tuple(name[p] for p in f.people))
                for f in notebook.follow_ups.iter()
            ),
            "asks": sorted((a.target, name[a.person], a.status) for a in notebook.asks.iter()),
        }

    assert named(target) == named(source)
    # A second import of the same export adds nothing.
    again = import_file(target, export)
    assert (again.created, again.records) == (0, 0)
    assert named(target) == named(source)


@pytest.mark.parametrize(
    "path", [p for p in REAL_FILES if p.suffix == ".vcf"], ids=lambda p: p.name
)
def test_exported_vcards_reimport_to_the_same_people(
    path: Path, tmp_path: Path, open_notebook: Opener
) -> None:
    first = open_notebook(tmp_path / "first.json")
    import_file(first, path)
    exported = tmp_path / "out.vcf"
    exported.write_bytes(export_bytes(first, "vcard"))
    second = open_notebook(tmp_path / "second.json")
    import_file(second, exported)
    assert people_facts(second) == people_facts(first)


def test_csv_export_reads_back(demo_file: Path, tmp_path: Path, open_notebook: Opener) -> None:
    source = open_notebook(demo_file)
    people = read_people(export_bytes(source, "csv"), "people.csv")
    assert sorted(p.name for p in people) == sorted(p.name for p in source.people.iter())


def test_one_vcard_per_person(demo_file: Path, tmp_path: Path, open_notebook: Opener) -> None:
    notebook = open_notebook(demo_file)
    written = export_vcards_per_person(notebook, tmp_path / "cards")
    assert len(written) == notebook.people.count()
    assert len({p.name for p in written}) == len(written)
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in written)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cut.vcf", b"BEGIN:VCARD\r\nVERSION:3.0\r\n", "cut.vcf"),
        ("photo.jpg", bytes(range(256)) * 4, "binary"),
        ("empty.csv", b"", "empty"),
        ("sheet.csv", b"Fruit,Price\napple,3\n", "no known header"),
        ("broken.json", b'{"format": "notebook", "schema": 1, "people": [{"name": "x"}]}', "ids"),
    ],
)
def test_malformed_files_give_a_clear_error_and_change_nothing(
    name: str, content: bytes, message: str, demo_file: Path, tmp_path: Path, open_notebook: Opener
) -> None:
    notebook = open_notebook(demo_file)
    before = demo_file.read_bytes()
    bad = tmp_path / name
    bad.write_bytes(content)
    with pytest.raises(FormatError, match=message):
        import_file(notebook, bad)
    assert demo_file.read_bytes() == before


def run_cli(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "notebook", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_import_and_export(tmp_path: Path) -> None:
    db = tmp_path / "nb.json"
    done = run_cli(
        "import",
        str(REAL / "linkedin" / "Connections.csv"),
        str(REAL / "vcard" / "apple.vcf"),
        db=db,
    )
    assert done.returncode == 0, done.stderr
    assert "Connections.csv: 4 created" in done.stdout
    assert "apple.vcf: 1 created" in done.stdout
    again = run_cli("import", str(REAL / "linkedin" / "Connections.csv"), db=db)
    assert "0 created, 0 updated, 4 unchanged" in again.stdout
    out = tmp_path / "all.vcf"
    exported = run_cli("export", "--format", "vcard", "-o", str(out), db=db)
    assert exported.returncode == 0, exported.stderr
    assert out.read_text().count("BEGIN:VCARD") == 5


def test_cli_import_of_a_bad_file_is_one_line_and_non_zero(tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("just some words\n")
    done = run_cli("import", str(bad), db=tmp_path / "nb.json")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "notes.txt" in done.stderr
    assert "Traceback" not in done.stderr


# -- a file is imported whole or not at all --------------------------------------------------


def counts(notebook: Notebook) -> tuple[int, ...]:
    return (
        notebook.people.count(),
        sum(1 for _ in notebook.conversations.iter()),
        len(notebook.ties.all()),
        sum(1 for _ in notebook.follow_ups.iter()),
        sum(1 for _ in notebook.asks.iter()),
    )


def export_doc(notebook: Notebook) -> dict[str, Any]:
    doc: dict[str, Any] = orjson.loads(export_bytes(notebook, "json"))
    return doc


def damage_kind(doc: dict[str, Any]) -> str:
    doc["interactions"][-1]["kind"] = "séance"
    return f'interaction {doc["interactions"][-1]["id"]}, field "kind": unknown kind'


def damage_summary(doc: dict[str, Any]) -> str:
    doc["interactions"][-1]["summary"] = 5
    return f'interaction {doc["interactions"][-1]["id"]}, field "summary": expected text, not 5'


def damage_follow_up_text(doc: dict[str, Any]) -> str:
    doc["followups"][-1]["text"] = ["call", "back"]
    return f'follow-up {doc["followups"][-1]["id"]}, field "text": expected text'


def damage_ask_person(doc: dict[str, Any]) -> str:
    doc["asks"][-1]["person"] = 9999
    return f'ask {doc["asks"][-1]["id"]}, field "person": no person 9999 in the file'


def damage_tie(doc: dict[str, Any]) -> str:
    tie = doc["ties"][-1]
    tie["b"] = tie["a"]
    return f'tie {tie["id"]}, field "b": a person cannot have a tie to themself'


def damage_follow_up_link(doc: dict[str, Any]) -> str:
    doc["followups"][-1]["interaction"] = 9999
    return f'follow-up {doc["followups"][-1]["id"]}, field "interaction": no interaction 9999'


def damage_person(doc: dict[str, Any]) -> str:
    doc["people"][-1]["cadence_days"] = 0
    return f'person {doc["people"][-1]["id"]}, field "cadence_days": cadence must be between'


def repeat_person(doc: dict[str, Any]) -> str:
    doc["people"].append(dict(doc["people"][0]))
    return f"person {doc['people'][0]['id']} appears twice"


@pytest.mark.parametrize(
    "damage",
    [
        damage_kind,
        damage_summary,
        damage_follow_up_text,
        damage_ask_person,
        damage_tie,
        damage_follow_up_link,
        damage_person,
        repeat_person,
    ],
)
def test_an_export_with_one_bad_record_changes_nothing(
    damage: Callable[[dict[str, Any]], str],
    demo_file: Path,
    tmp_path: Path,
    open_notebook: Opener,
) -> None:
    # The last record of each kind: everything before it is good, and would have been saved
    # first when an import wrote its people and records in separate steps.
    expected, backup, target = damaged_backup(demo_file, tmp_path, open_notebook, damage)
    before, unchanged = target.path.read_bytes(), counts(target)

    with pytest.raises(FormatError) as raised:
        import_file(target, backup)
    assert str(raised.value).startswith(f"backup.json: {expected}")
    assert "\n" not in str(raised.value)
    assert target.path.read_bytes() == before
    assert counts(target) == unchanged
    assert [p.name for p in target.people.iter()] == ["Someone Already Here"]


def damaged_backup(
    demo_file: Path,
    tmp_path: Path,
    open_notebook: Opener,
    damage: Callable[[dict[str, Any]], str],
) -> tuple[str, Path, Notebook]:
    """An export of the demo with `damage` done to it (what the refusal says), and a notebook
    holding one person to import it into."""
    doc = export_doc(open_notebook(demo_file))
    expected = damage(doc)
    backup = tmp_path / "backup.json"
    backup.write_bytes(orjson.dumps(doc))
    target = open_notebook(tmp_path / "target.json")
    target.people.add(Person(name="Someone Already Here"))
    return expected, backup, target


def test_a_failed_save_keeps_neither_the_people_nor_the_records(
    demo_file: Path, tmp_path: Path, open_notebook: Opener, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = tmp_path / "backup.json"
    backup.write_bytes(export_bytes(open_notebook(demo_file), "json"))
    target = open_notebook(tmp_path / "target.json")
    target.people.add(Person(name="Someone Already Here"))
    before, unchanged = target.path.read_bytes(), counts(target)

    def fail(*args: object, **kwargs: object) -> list[int]:
        raise OSError("disk full")

    # The people are written first, then this fails: none of it may be kept.
    monkeypatch.setattr(target.transfer, "add_records", fail)
    with pytest.raises(OSError, match="disk full"):
        import_file(target, backup)
    assert target.path.read_bytes() == before
    assert counts(target) == unchanged
    assert target.people.find_by_name("Someone Already Here")


def test_an_export_keeps_who_was_met_through_whom_and_links_to_known_conversations(
    tmp_path: Path, open_notebook: Opener
) -> None:
    source = open_notebook(tmp_path / "source.json")
    ann, bo = source.people.add_many([Person(name="Ann Lee"), Person(name="Bo Park")])
    source.people.edit(replace(bo, met_via=ann.id))
    coffee = source.conversations.note(
        [ann.id or 0], when=date(2026, 1, 5), summary="Coffee", follow_up="Send the deck"
    )
    backup = tmp_path / "backup.json"
    backup.write_bytes(export_bytes(source, "json"))

    # Ids in the target differ from the source's, and the conversation is already there. Ann is
    # the same person in both (her uid); a restore matches people by uid, never by name.
    target = open_notebook(tmp_path / "target.json")
    target.people.add_many([Person(name="Zed"), Person(name="Ann Lee", uid=ann.uid)])
    [ann_here] = target.people.find_by_name("Ann Lee")
    known = target.conversations.note([ann_here.id or 0], when=date(2026, 1, 5), summary="Coffee")
    summary = import_file(target, backup)
    assert (summary.created, summary.unchanged, summary.records) == (1, 1, 1)
    [bo_here] = target.people.find_by_name("Bo Park")
    assert bo_here.met_via == ann_here.id
    [follow_up] = target.follow_ups.iter()
    assert follow_up.text == "Send the deck" and follow_up.people == (ann_here.id,)
    assert follow_up.interaction == known.interaction.id
    assert coffee.interaction.id is not None


def test_a_row_of_the_wrong_kind_is_refused_naming_it(
    tmp_path: Path, open_notebook: Opener
) -> None:
    notebook = open_notebook(tmp_path / "nb.json")
    rows = [Person(name="Ann Lee"), Person(name="Bo Park", phones=(5,))]  # type: ignore[arg-type]
    with pytest.raises(FormatError, match=r"^contacts: person number 2: AttributeError"):
        import_people(notebook, rows, source="contacts")
    assert notebook.people.count() == 0


def test_an_unexpected_reader_error_is_a_format_error_but_a_save_error_is_not(
    tmp_path: Path, open_notebook: Opener, monkeypatch: pytest.MonkeyPatch
) -> None:
    notebook = open_notebook(tmp_path / "nb.json")
    notebook.people.add(Person(name="Someone Already Here"))
    before = notebook.path.read_bytes()
    contacts = REAL / "vcard" / "apple.vcf"

    def broken_reader(data: bytes, name: str, fmt: str | None = None) -> list[Person]:
        raise KeyError("a reader's own mistake")

    monkeypatch.setattr(importer, "read_people", broken_reader)
    with pytest.raises(FormatError) as raised:
        import_file(notebook, contacts)
    assert str(raised.value) == (
        'apple.vcf: could not be read: KeyError: "a reader\'s own mistake"'
    )
    monkeypatch.undo()

    def broken_save(people: object, **options: object) -> list[Person]:
        raise RuntimeError("not the file's fault")

    monkeypatch.setattr(notebook.people, "add_many", broken_save)
    with pytest.raises(RuntimeError):
        import_file(notebook, contacts)
    assert notebook.path.read_bytes() == before


def test_cli_import_of_a_bad_export_is_one_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], demo_file: Path, tmp_path: Path
) -> None:
    source = Notebook.open(demo_file)
    try:
        doc = export_doc(source)
    finally:
        source.close()
    expected = damage_summary(doc)
    bad = tmp_path / "bad.json"
    bad.write_bytes(orjson.dumps(doc))
    db = tmp_path / "nb.json"
    assert cli.main(["--db", str(db), "add", "Sam Lee"]) == 0
    before = db.read_bytes()
    capsys.readouterr()

    code = cli.main(["--db", str(db), "import", str(bad)])
    out, err = capsys.readouterr()
    assert code != 0
    assert err.startswith("notebook: bad.json: ") and expected in err
    assert err.count("\n") == 1 and err.endswith("\n")
    assert "Traceback" not in err and out == ""
    assert db.read_bytes() == before


# -- vCard charsets --------------------------------------------------------------------------

CARD = (
    "BEGIN:VCARD\r\nVERSION:2.1\r\nNOTE:{note}\r\n"
    "FN;CHARSET={charset}:Jérôme Ñuñez\r\nEND:VCARD\r\n"
)


@pytest.mark.parametrize(
    ("charset", "note", "encoding"),
    [
        ("UT\x00F-8", "x" * 9000, "utf-8"),  # past the 8 KB that decide "binary"
        ("\x00", "x", "utf-16"),  # UTF-16 has NULs everywhere; this one reached the decoder
        ("utf-8\x00;ENCODING=\x00", "x" * 9000, "utf-8"),
        ("undefined", "x", "utf-8"),
        ("base64", "x", "utf-8"),
        ('"ISO-8859-1"', "x", "latin-1"),
    ],
    ids=["nul", "utf-16-nul", "nul-encoding", "undefined", "base64", "quoted"],
)
def test_a_vcard_with_a_junk_charset_imports(
    charset: str, note: str, encoding: str, tmp_path: Path, open_notebook: Opener
) -> None:
    notebook = open_notebook(tmp_path / "nb.json")
    card = tmp_path / "card.vcf"
    card.write_bytes(CARD.format(note=note, charset=charset).encode(encoding))
    assert import_file(notebook, card).created == 1
    assert notebook.people.find_by_name("Jérôme Ñuñez")


def test_a_vcard_with_a_nul_near_the_start_is_refused_as_binary(
    tmp_path: Path, open_notebook: Opener
) -> None:
    notebook = open_notebook(tmp_path / "nb.json")
    card = tmp_path / "card.vcf"
    card.write_bytes(CARD.format(note="x", charset="UT\x00F-8").encode())
    with pytest.raises(FormatError, match=r"^card\.vcf: not a contact file \(binary data\)$"):
        import_file(notebook, card)
    assert notebook.people.count() == 0


def _card(uid: str, name: str, *lines: str) -> str:
    return "\r\n".join(["BEGIN:VCARD", "VERSION:4.0", f"UID:{uid}", f"FN:{name}", *lines,
                        "END:VCARD"]) + "\r\n"  # fmt: skip


def test_two_cards_with_one_name_and_two_ids_stay_two_people(
    tmp_path: Path, open_notebook: Opener
) -> None:
    # A phone's export: two people called David, each with their own number and note.
    path = tmp_path / "phone.vcf"
    path.write_text(
        _card("a-1", "David", "TEL:+1 555 0001", "NOTE:plumber")
        + _card("b-2", "David", "TEL:+1 555 0002", "NOTE:college friend")
    )
    notebook = open_notebook(tmp_path / "nb.json")
    summary = import_file(notebook, path)
    assert (summary.created, summary.updated, summary.notes) == (2, 0, [])
    davids = sorted((p.phones, p.notes, p.uid) for p in notebook.people.iter())
    assert davids == [
        (("+1 555 0001",), "plumber", "a-1"),
        (("+1 555 0002",), "college friend", "b-2"),
    ]
    again = import_file(notebook, path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_a_name_alone_never_joins_a_card_to_someone_with_another_id(
    tmp_path: Path, open_notebook: Opener
) -> None:
    notebook = open_notebook(tmp_path / "nb.json")
    ours = notebook.people.add(
        Person(name="Maria Lopez", company="Acme", emails=("m@acme.example",))
    )
    path = tmp_path / "cards.vcf"
    path.write_text(_card("phone-7", "Maria Lopez", "ORG:Acme", "TITLE:CTO"))
    assert import_file(notebook, path).created == 1  # same name, another id, no shared address
    path.write_text(_card("phone-8", "Maria Lopez", "EMAIL:m@acme.example", "TITLE:CEO"))
    summary = import_file(notebook, path)  # an address she has is her, whatever the id says
    assert (summary.created, summary.updated) == (0, 1)
    assert (notebook.people.get(ours.id or 0).uid, notebook.people.get(ours.id or 0).title) == (
        ours.uid,
        "CEO",
    )


def test_rows_merged_inside_one_file_are_said_in_the_summary(
    tmp_path: Path, open_notebook: Opener
) -> None:
    path = tmp_path / "dup.vcf"
    path.write_text(_card("dup-1", "Ann Lee", "TEL:1") + _card("dup-1", "Ann Lee", "TEL:2"))
    notebook = open_notebook(tmp_path / "nb.json")
    summary = import_file(notebook, path)
    assert summary.created == 1
    assert summary.notes == [
        "1 row was about someone an earlier row already named (same id, email, LinkedIn "
        "profile, or name and company) and merged into them"
    ]


def test_rows_that_undo_each_other_are_not_an_update(tmp_path: Path, open_notebook: Opener) -> None:
    # Three cards of one person with three addresses: the last one wins, every time.
    path = tmp_path / "moves.vcf"
    path.write_text(
        "".join(_card("p-1", "Pat Kim", f"ADR:;;;{city};;;") for city in ("Leeds", "York", "Leeds"))
    )
    notebook = open_notebook(tmp_path / "nb.json")
    assert import_file(notebook, path).created == 1
    before = (tmp_path / "nb.json").read_bytes()
    again = import_file(notebook, path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert (tmp_path / "nb.json").read_bytes() == before


def test_one_card_per_person_keeps_long_names_short_enough_for_a_file(
    tmp_path: Path, open_notebook: Opener
) -> None:
    notebook = open_notebook(tmp_path / "nb.json")
    notebook.people.add(Person(name="Ł" * 300))
    notebook.people.add(Person(name="Ann " + "x" * 5000))
    written = export_vcards_per_person(notebook, tmp_path / "cards")
    assert len(written) == 2
    assert all(len(path.name.encode()) < 255 and path.is_file() for path in written)


def test_export_refuses_a_folder_as_a_file_and_a_file_as_a_folder(tmp_path: Path) -> None:
    db = tmp_path / "nb.json"
    assert run_cli("add", "Ann Lee", db=db).returncode == 0
    (tmp_path / "out").mkdir()
    result = run_cli("export", "--format", "csv", "-o", str(tmp_path / "out"), db=db)
    assert result.returncode != 0 and "is a folder: give a file name" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1
    (tmp_path / "file.vcf").write_text("x")
    result = run_cli(
        "export", "--format", "vcard", "--one-per-person", "-o", str(tmp_path / "file.vcf"), db=db
    )
    assert result.returncode != 0 and "is a file: --one-per-person writes into a folder" in (
        result.stderr
    )
    assert (tmp_path / "file.vcf").read_text() == "x"


def test_a_missing_file_among_several_imports_none_of_them(tmp_path: Path) -> None:
    db = tmp_path / "nb.json"
    result = run_cli(
        "import", str(REAL / "linkedin" / "Connections.csv"), str(tmp_path / "nope.csv"), db=db
    )
    assert result.returncode != 0
    assert (
        result.stderr.strip()
        == f"notebook: no file at {tmp_path / 'nope.csv'}; nothing was imported"
    )
    # Refused before the notebook is opened: a --db that named no file yet is not made.
    assert not [name for name in os.listdir(tmp_path) if "nb.json" in name]


def no_file(kind: str, tmp_path: Path) -> tuple[Path, str]:
    """A path that names no file to import, of the kind asked, and what import says of it."""
    path = tmp_path / "contacts.vcf"
    if kind == "folder":
        path.mkdir()
        return path, f"{path} is a folder, not a file"
    if kind == "named pipe":
        os.mkfifo(path)
        return path, f"{path} is a named pipe (FIFO), not a file"
    if kind == "link to nothing":
        path.symlink_to(tmp_path / "gone.vcf")
        return path, f"{path} is a link to {tmp_path / 'gone.vcf'}, which does not exist"
    return Path(os.devnull), f"{os.devnull} is a device, not a file"  # only looked at


@pytest.mark.parametrize("kind", ["folder", "named pipe", "link to nothing", "device"])
def test_import_says_what_a_path_that_is_no_file_is(kind: str, tmp_path: Path) -> None:
    path, said = no_file(kind, tmp_path)
    db = tmp_path / "nb.json"
    result = run_cli("import", str(REAL / "vcard" / "apple.vcf"), str(path), db=db)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"notebook: {said}; nothing was imported\n"
    assert not db.exists()


def test_a_named_pipe_is_refused_by_the_reader_without_waiting_for_a_writer(
    tmp_path: Path,
) -> None:
    # The shell and the app look first, but the path can change before the file is read.
    pipe = tmp_path / "contacts.vcf"
    os.mkfifo(pipe)
    caught: list[BaseException] = []

    def read() -> None:
        try:
            importer.read_file(pipe)
        except BaseException as error:
            caught.append(error)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():
        with open(pipe, "wb"):  # a writer that goes at once lets the blocked read end
            pass
        reader.join(timeout=10)
        pytest.fail("reading a named pipe waited for a writer")
    assert [str(error) for error in caught] == [f"{pipe}: a named pipe (FIFO), not a file"]


# -- several files: one import, all or nothing ------------------------------------------------


def test_several_files_with_a_bad_one_import_nothing_and_name_it(tmp_path: Path) -> None:
    db = tmp_path / "nb.json"
    assert run_cli("add", "Sam Lee", db=db).returncode == 0
    before = db.read_bytes()
    bad = tmp_path / "b.json"
    bad.write_text('{"people": \n', encoding="utf-8")
    good = [REAL / "linkedin" / "Connections.csv", REAL / "vcard" / "apple.vcf"]
    for files in ([*good, bad], [bad, *good], [good[0], bad, good[1]]):
        done = run_cli("import", *map(str, files), db=db)
        assert (done.returncode, done.stdout) == (1, ""), done
        assert done.stderr.startswith("notebook: b.json: not valid JSON"), done.stderr
        assert done.stderr.endswith("; nothing was imported\n") and done.stderr.count("\n") == 1
        assert db.read_bytes() == before


def test_a_file_refused_as_it_is_imported_undoes_the_files_before_it(
    demo_file: Path, tmp_path: Path, open_notebook: Opener
) -> None:
    # The export reads as JSON; its ask names a person it lacks, which is found only as it is
    # imported, after the vCard's people were made.
    expected, backup, target = damaged_backup(demo_file, tmp_path, open_notebook, damage_ask_person)
    before, unchanged = target.path.read_bytes(), counts(target)
    with pytest.raises(FormatError) as raised:
        importer.import_files(target, [REAL / "vcard" / "apple.vcf", backup])
    assert str(raised.value).startswith(f"backup.json: {expected}")
    assert target.path.read_bytes() == before
    assert counts(target) == unchanged
    assert [p.name for p in target.people.iter()] == ["Someone Already Here"]


def test_several_files_import_one_after_the_other_in_one_save(
    tmp_path: Path, open_notebook: Opener
) -> None:
    card = tmp_path / "a.vcf"
    card.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nEMAIL:ann@example.com\nEND:VCARD\n")
    sheet = tmp_path / "b.csv"
    sheet.write_text("Name,Email,Phone\nAnn Lee,ann@example.com,+1 555 0100\n")
    notebook = open_notebook(tmp_path / "nb.json")
    saves = notebook.store.saves
    first, second = importer.import_files(notebook, [card, sheet])
    # The sheet finds the Ann the card brought, as it would imported after it.
    assert (first.source, first.created, second.source, second.updated) == ("a.vcf", 1, "b.csv", 1)
    assert notebook.store.saves == saves + 1
    [ann] = notebook.people.iter()
    assert (ann.emails, ann.phones) == (("ann@example.com",), ("+1 555 0100",))


CONNECTIONS = (
    b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    b"Ann,Lee,https://www.linkedin.com/in/ann-lee,,Acme,CTO,15 Mar 2024\n"
    b"Bo,Park,https://www.linkedin.com/in/bo-park,,Globex,,16 Mar 2024\n"
    b"Ann,Lee,https://www.linkedin.com/in/ann-lee,ann@example.com,Acme,CTO,15 Mar 2024\n"
    b"Cy,Dee,,,,,\n"
)


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[Person]:
    """Every person Person.validated() is asked about, in order (the real method runs)."""
    asked: list[Person] = []
    validated = Person.validated

    def counted(self: Person) -> Person:
        asked.append(self)
        return validated(self)

    monkeypatch.setattr(Person, "validated", counted)
    return asked


def test_each_row_is_validated_once(
    tmp_path: Path, open_notebook: Opener, validations: list[Person]
) -> None:
    path = tmp_path / "Connections.csv"
    path.write_bytes(CONNECTIONS)
    notebook = open_notebook(tmp_path / "nb.json")
    summary = import_file(notebook, path)
    assert (summary.created, summary.skipped) == (3, [])
    # Four rows, and Ann as her two rows made her: no record is validated twice on its way in.
    rows = [p.name for p in validations[:4]]
    assert rows == ["Ann Lee", "Bo Park", "Ann Lee", "Cy Dee"]
    [ann_whole] = validations[4:]
    assert (ann_whole.name, ann_whole.emails) == ("Ann Lee", ("ann@example.com",))
    ann = next(p for p in notebook.people.iter() if p.name == "Ann Lee")
    assert ann.emails == ("ann@example.com",) and ann.uid and ann.created_at
    validations.clear()
    again = import_file(notebook, path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert len(validations) == 4


def test_a_person_made_of_several_rows_is_saved_clean(
    tmp_path: Path, open_notebook: Opener
) -> None:
    rows = [
        Person(name="Ann Lee", linkedin_url="https://www.linkedin.com/in/ann-lee"),
        Person(
            name=" Ann  Lee ",
            linkedin_url="https://www.linkedin.com/in/ann-lee",
            tags=("Climbing", " climbing ", "\x1b[1mtea"),
            phones=("+1 555 0100\x00",),
        ),
    ]
    notebook = open_notebook(tmp_path / "nb.json")
    summary, _ = import_people(notebook, rows, source="rows")
    assert summary.created == 1
    [ann] = notebook.people.iter()
    assert (ann.name, ann.tags, ann.phones) == ("Ann Lee", ("Climbing", "tea"), ("+1 555 0100",))
    assert ann == ann.validated()


def test_an_import_leaves_the_garbage_collector_on(tmp_path: Path, open_notebook: Opener) -> None:
    good, bad = tmp_path / "Connections.csv", tmp_path / "bad.csv"
    good.write_bytes(CONNECTIONS)
    bad.write_bytes(b"\x00\x01\x02 not a csv")
    notebook = open_notebook(tmp_path / "nb.json")
    assert gc.isenabled()
    import_file(notebook, good)
    assert gc.isenabled()
    with pytest.raises(FormatError):
        import_file(notebook, bad)
    assert gc.isenabled()
