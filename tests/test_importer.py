"""Import with dedupe, and export round trips, on real files and real notebooks in tmp_path."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

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
        for p in notebook.iter_people()
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
    dana = notebook.add_person(
        Person(name="Dana Nguyen", company="Fabrikam", emails=("dana@example.com",))
    )
    sam = notebook.add_person(
        Person(name="Sam Park", linkedin_url="https://www.linkedin.com/in/sampark")
    )
    lee = notebook.add_person(Person(name="Lee Chen", company="Acme Robotics, Inc."))
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
    assert notebook.person(dana.id or 0).title == "Engineer"
    assert notebook.person(sam.id or 0).name == "Samuel Park"
    assert notebook.person(lee.id or 0).phones == ("+1 555 0100",)
    assert len(notebook.find_by_name("Lee Chen")) == 2


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
    assert len(notebook.find_by_name("Priya Patel")) == 2


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
    dana = notebook.find_by_name("Dana Nguyen")[0]
    friend = notebook.add_person(Person(name="Sam Park"))
    notebook.edit_person(Person(**{**_fields(dana), "notes": "Loves climbing"}))
    notebook.add_tie(dana.id or 0, friend.id or 0, relation="college friend", strength=4)
    noted = notebook.note([dana.id or 0], when=notebook.today, summary="Coffee")

    csv.write_text(
        header + "Dana,Nguyen,https://www.linkedin.com/in/dana,,Globex,Manager,22 Dec 2025\n"
    )
    summary = import_file(notebook, csv)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 0)
    after = notebook.person(dana.id or 0)
    assert (after.company, after.title) == ("Globex", "Manager")
    assert after.past_companies == ("Fabrikam",)
    assert after.notes == "Loves climbing"
    assert [t.other.id for t in notebook.ties_of(dana.id or 0)] == [friend.id]
    assert [i.id for i in notebook.timeline(dana.id or 0)] == [noted.interaction.id]


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
    assert summary.created == source.people_count()
    assert people_facts(target) == people_facts(source)

    def named(notebook: Notebook) -> dict[str, object]:
        name = {p.id: p.name for p in notebook.iter_people()}
        return {
            "interactions": sorted(
                (
                    i.when.isoformat(),
                    tuple(sorted(name[p] for p in i.people)),
                    i.kind,
                    i.place,
                    i.summary,
                )
                for i in notebook.iter_interactions()
            ),
            "ties": sorted(
                (tuple(sorted((name[t.a], name[t.b]))), t.relation, t.strength)
                for t in notebook.all_ties()
            ),
            "follow_ups": sorted(
                (f.text, str(f.due), f.by, f.done_at is None, tuple(name[p] for p in f.people))
                for f in notebook.iter_follow_ups()
            ),
            "asks": sorted((a.target, name[a.person], a.status) for a in notebook.iter_asks()),
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
    assert sorted(p.name for p in people) == sorted(p.name for p in source.iter_people())


def test_one_vcard_per_person(demo_file: Path, tmp_path: Path, open_notebook: Opener) -> None:
    notebook = open_notebook(demo_file)
    written = export_vcards_per_person(notebook, tmp_path / "cards")
    assert len(written) == notebook.people_count()
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
