"""CSV exports (ours, Google's and Outlook's layouts) from a real notebook, through `notebook
export`, read back by `notebook import` into another notebook."""

from __future__ import annotations

import codecs
import subprocess
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import pytest

from notebook.cli import main
from notebook.importer import export_bytes, import_file
from notebook.records import Person
from notebook.viewmodel import Notebook

Opener = Callable[[Path], Notebook]

HOSTILE = [
    Person(
        name="Dana Whitfield",
        company="Acme Robotics, Inc.",
        title='Engineering Manager, "Platform"',
        past_companies=("Initech", "Globex; EMEA"),
        emails=("dana@acme.example", '"dana;w"@example.com'),
        phones=("+1-418-656-9254;ext=102", "+1 415-555-0134"),
        location="San Francisco, CA, US",
        tags=("former colleague", "=SUM(A1:A9)"),
        how_met="Robots & Rust meetup",
        notes="Two backend roles in Q3.\nAsk about the platform team;\n\tintro via Sam",
        connected_on=date(2024, 9, 17),
        linkedin_url="https://www.linkedin.com/in/example-dana",
    ),
    Person(name="Zoë Ñúñez-Øre", company="Société Générale", location="Zürich, Switzerland"),
    Person(
        name='=HYPERLINK("http://x","y")',
        company="@corp",
        title="+boss",
        notes="'=quoted",
        emails=("hyper@x.example",),
    ),
]

# What each layout holds of a person (Outlook has no field for the rest).
HELD: dict[str, tuple[str, ...]] = {
    "csv": (
        *("name", "company", "title", "past_companies", "emails", "phones", "location", "tags"),
        *("how_met", "notes", "connected_on", "linkedin_url", "uid"),
    ),
    "google-csv": (
        *("name", "company", "title", "past_companies", "emails", "phones", "location", "tags"),
        *("how_met", "notes", "connected_on", "linkedin_url", "uid"),
    ),
    "outlook-csv": (
        *("name", "company", "title", "emails", "phones", "location", "tags", "notes"),
        "linkedin_url",
    ),
}


def facts(notebook: Notebook, fields: Sequence[str]) -> list[tuple[object, ...]]:
    return sorted((tuple(getattr(p, f) for f in fields) for p in notebook.people.iter()), key=repr)


@pytest.fixture
def source(tmp_path: Path, open_notebook: Opener) -> Notebook:
    notebook = open_notebook(tmp_path / "source.json")
    notebook.people.add_many(HOSTILE)
    return notebook


@pytest.mark.parametrize(
    ("fmt", "options"),
    [
        ("csv", {}),
        ("csv", {"for_spreadsheet": True}),
        ("csv", {"bom": True}),
        ("google-csv", {}),
        ("google-csv", {"bom": True}),
        ("outlook-csv", {}),
        ("outlook-csv", {"bom": True}),
    ],
)
def test_an_export_imports_into_another_notebook_as_the_same_people(
    fmt: str, options: dict[str, bool], source: Notebook, tmp_path: Path, open_notebook: Opener
) -> None:
    exported = tmp_path / "everyone.csv"
    exported.write_bytes(export_bytes(source, fmt, **options))
    target = open_notebook(tmp_path / "target.json")
    summary = import_file(target, exported)
    assert (summary.created, summary.skipped, summary.notes) == (3, [], [])
    assert facts(target, HELD[fmt]) == facts(source, HELD[fmt])
    # Imported again, into the notebook it came from: everyone is found, nobody is new.
    again = import_file(source, exported)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_the_bom_is_there_only_when_asked(source: Notebook) -> None:
    assert export_bytes(source, "csv", bom=True).startswith(codecs.BOM_UTF8)
    assert not export_bytes(source, "csv").startswith(codecs.BOM_UTF8)
    # What Excel on Windows relies on to read the names as UTF-8.
    text = export_bytes(source, "google-csv", bom=True).decode("utf-8-sig")
    assert "Zoë" in text and "Société Générale" in text
    with pytest.raises(ValueError, match="BOM"):
        export_bytes(source, "vcard", bom=True)
    with pytest.raises(ValueError, match="csv format only"):
        export_bytes(source, "google-csv", for_spreadsheet=True)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_export_and_import_from_the_shell(
    capsys: pytest.CaptureFixture[str], source: Notebook, tmp_path: Path
) -> None:
    db, target = str(tmp_path / "source.json"), str(tmp_path / "target.json")
    source.close()
    for fmt in ("csv", "google-csv", "outlook-csv"):
        out = tmp_path / f"{fmt}.csv"
        code, said, err = run(capsys, "--db", db, "export", "--format", fmt, "-o", str(out))
        assert (code, said, err) == (0, f"Wrote {out}\n", "")
    sheet = tmp_path / "sheet.csv"
    code, _, err = run(
        capsys, "--db", db, "export", "--format", "csv", "--for-spreadsheet", "--bom",
        "-o", str(sheet),
    )  # fmt: skip
    assert (code, err) == (0, "")
    raw = sheet.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    assert b"'=HYPERLINK" in raw and b"'@corp" in raw and b"''=quoted" in raw
    assert b"'=HYPERLINK" not in (tmp_path / "csv.csv").read_bytes()
    code, said, err = run(capsys, "--db", target, "import", str(sheet))
    assert (code, err) == (0, "")
    assert said == "sheet.csv: 3 created, 0 updated, 0 unchanged, 0 skipped\n"
    notebook = Notebook.open(Path(target), read_only=True)
    try:
        names = sorted(p.name for p in notebook.people.iter())
        quoted = next(p for p in notebook.people.iter() if p.company == "@corp")
    finally:
        notebook.close()
    assert names == sorted(p.name for p in HOSTILE)
    assert (quoted.name, quoted.title, quoted.notes) == (
        '=HYPERLINK("http://x","y")',
        "+boss",
        "'=quoted",
    )


def test_for_spreadsheet_guards_phone_numbers_too_and_they_read_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, open_notebook: Opener
) -> None:
    db, target = tmp_path / "source.json", tmp_path / "target.json"
    notebook = open_notebook(db)
    notebook.people.add_many([Person(name="Ann Lee", phones=("+1-555-0100", "+1-2", "-5"))])
    notebook.close()
    sheet = tmp_path / "sheet.csv"
    code, _, err = run(
        capsys, "--db", str(db), "export", "--format", "csv", "--for-spreadsheet",
        "-o", str(sheet),
    )  # fmt: skip
    assert (code, err) == (0, "")
    # A spreadsheet computes "+1-555-0100" as 1 - 555 - 100: every such cell is marked as text.
    assert "'+1-555-0100,'+1-2,'-5," in sheet.read_text(encoding="utf-8")
    assert run(capsys, "--db", str(target), "import", str(sheet))[0] == 0
    imported = Notebook.open(target, read_only=True)
    try:
        [ann] = imported.people.iter()
    finally:
        imported.close()
    assert ann.phones == ("+1-555-0100", "+1-2", "-5")


def test_export_options_that_do_not_fit_the_format_are_refused(
    capsys: pytest.CaptureFixture[str], source: Notebook, tmp_path: Path
) -> None:
    db = str(tmp_path / "source.json")
    source.close()
    code, out, err = run(
        capsys, "--db", db, "export", "--format", "google-csv", "--for-spreadsheet"
    )
    assert (code, out) == (1, "")
    assert err == "notebook: --for-spreadsheet goes with --format csv\n"
    code, out, err = run(capsys, "--db", db, "export", "--format", "vcard", "--bom")
    assert (code, out) == (1, "")
    assert err == "notebook: --bom goes with a CSV format (csv, google-csv, outlook-csv)\n"


def test_outlook_export_says_what_does_not_fit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "nb.json"
    notebook = Notebook.open(db)
    try:
        notebook.people.add_many(
            [Person(name="Ann Lee", emails=tuple(f"a{n}@x.example" for n in range(4)))]
        )
    finally:
        notebook.close()
    code, out, err = run(capsys, "--db", str(db), "export", "--format", "outlook-csv")
    assert code == 0
    assert out.startswith("First Name,Middle Name,Last Name,Title,Suffix,")
    assert err == "notebook: Ann Lee: a3@x.example left out (no more columns)\n"


def test_help_lists_the_formats_and_options() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "notebook", "export", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0
    help_text = " ".join(done.stdout.split())
    assert "{vcard,csv,google-csv,outlook-csv,json}" in help_text
    assert "--for-spreadsheet" in help_text and "--bom" in help_text
    # What --for-spreadsheet does, every such cell, phone numbers too.
    assert "mark cells starting with = + - @ as text" in help_text
    imports = subprocess.run(
        [sys.executable, "-m", "notebook", "import", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "{vcard,linkedin,google,outlook,thunderbird,csv,generic,json}" in imports.stdout
