"""A quote that is never closed in a CSV: refused with the line it opens on, by every CSV reader
and by detection, instead of its value silently taking in the rows after it. Quoted values over
several lines still read."""

from __future__ import annotations

from pathlib import Path

import pytest

from notebook import cli
from notebook.formats import FormatError, detect_format, read_people
from notebook.viewmodel import Notebook

# Each layout's header and a row template: {name} in a name cell, {note} in a cell of free text.
LAYOUTS = {
    "linkedin": (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
        "{name},Lee,https://www.linkedin.com/in/{name},,{note},Analyst,15 Mar 2024",
    ),
    "linkedin-imported": (
        "First Name,Last Name,Companies,Title,Emails,Phone Numbers,Addresses",
        "{name},Lee,{note},Analyst,,,",
    ),
    "google": ("First Name,Last Name,Notes,Labels", "{name},Lee,{note},* myContacts"),
    "outlook": (
        "First Name,Last Name,E-mail Address,Business Phone,Notes",
        "{name},Lee,,,{note}",
    ),
    "thunderbird": (
        "First Name,Last Name,Display Name,Primary Email,Notes",
        "{name},Lee,,,{note}",
    ),
    "csv": ("name,company,notes,uid", "{name} Lee,Acme,{note},"),
    "generic": ("Name,Company,Notes", "{name} Lee,Acme,{note}"),
}
KINDS = {"linkedin-imported": "linkedin"}


def layout_file(layout: str, notes: list[str], tmp_path: Path) -> Path:
    """A file of the layout with a row for each note, the people named P0, P1, ..."""
    header, template = LAYOUTS[layout]
    rows = [template.format(name=f"P{n}", note=note) for n, note in enumerate(notes)]
    path = tmp_path / f"{layout}.csv"
    path.write_bytes(("\r\n".join([header, *rows]) + "\r\n").encode("utf-8"))
    return path


@pytest.mark.parametrize("layout", LAYOUTS)
def test_an_unclosed_quote_is_refused_with_its_line(layout: str, tmp_path: Path) -> None:
    notes = ["Met at the fair", "Met at the fair", '"Met at the fair', *["Met again"] * 5]
    path = layout_file(layout, notes, tmp_path)
    data = path.read_bytes()
    expected = f"{path.name}, line 4: a quoted value is never closed"
    with pytest.raises(FormatError) as detected:
        read_people(data, path.name)
    assert str(detected.value) == expected
    fmt = KINDS.get(layout, layout)
    with pytest.raises(FormatError) as forced:
        read_people(data, path.name, fmt)
    assert str(forced.value) == expected


@pytest.mark.parametrize("layout", LAYOUTS)
def test_quoted_values_over_several_lines_still_read(layout: str, tmp_path: Path) -> None:
    notes = ['"Met at the fair,\r\nthen at ""the"" meetup"', "plain", '"last,\nof all"']
    path = layout_file(layout, notes, tmp_path)
    people = read_people(path.read_bytes(), path.name)
    assert [p.name for p in people] == ["P0 Lee", "P1 Lee", "P2 Lee"]
    # The same without the line break at the end of the file.
    trimmed = path.read_bytes().rstrip(b"\r\n")
    assert [p.name for p in read_people(trimmed, path.name)] == ["P0 Lee", "P1 Lee", "P2 Lee"]


@pytest.mark.parametrize("end", ["", "\n", "\r\n"])
def test_a_quoted_value_closed_at_the_very_end_reads(end: str, tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(f'Name,Notes\nAnn Lee,"two\nlines"{end}', encoding="utf-8")
    [ann] = read_people(path.read_bytes(), path.name)
    assert ann.notes == "two\nlines"
    path.write_text(f'Name,Notes\nAnn Lee,"two\nlines{end}', encoding="utf-8")
    with pytest.raises(FormatError, match=r"^sheet\.csv, line 2: a quoted value is never closed$"):
        read_people(path.read_bytes(), path.name)


def test_a_150_row_linkedin_export_with_a_broken_quote_on_line_101_imports_nobody(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # LinkedIn's current layout quotes nothing but values with commas, so the quote opened on
    # line 101 would run to the end of the file: one "person" named with 50 rows.
    lines = [
        "Notes:",
        '"When exporting your connection data, you may notice that some of the email addresses'
        ' are missing."',
        "",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    ]
    for n in range(len(lines), 150):
        first = f'"Ann{n}' if len(lines) + 1 == 101 else f"Ann{n}"
        lines.append(f"{first},Lee,https://www.linkedin.com/in/ann{n},,Acme,Analyst,15 Mar 2024")
    source = tmp_path / "Connections.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "nb.json"
    assert cli.main(["--db", str(db), "import", str(source)]) != 0
    assert "Connections.csv, line 101: a quoted value is never closed" in capsys.readouterr().err
    notebook = Notebook.open(db, read_only=True) if db.exists() else None
    try:
        assert notebook is None or list(notebook.people.iter()) == []
    finally:
        if notebook is not None:
            notebook.close()


def test_a_quote_that_swallows_rows_up_to_a_later_quote_is_refused(tmp_path: Path) -> None:
    # Closed, in the end, by the opening quote of a value two rows further down: the rows
    # between would have gone into the name.
    path = tmp_path / "sheet.csv"
    path.write_text(
        "Name,Company\r\n"
        "Ann Lee,Acme\r\n"
        '"Bo Park,Globex\r\n'
        "Cy Diaz,Initech\r\n"
        'Di Eng,"Umbrella, Inc."\r\n'
        "Ed Fox,Hooli\r\n",
        encoding="utf-8",
    )
    with pytest.raises(FormatError) as caught:
        read_people(path.read_bytes(), path.name)
    assert str(caught.value) == "sheet.csv, line 3: a quoted value is never closed"


def test_the_line_is_where_the_quote_opens_not_where_its_row_starts(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(
        'Name,Notes,Company\nAnn Lee,"two\nlines",Acme\nBo Park,"three\nmore\nlines","Globex\n',
        encoding="utf-8",
    )
    with pytest.raises(FormatError) as caught:
        read_people(path.read_bytes(), path.name)
    assert caught.value.line == 6  # Bo's row starts on line 4; "Globex opens on line 6
    # With Excel's "sep=" line first, every line is one further down.
    path.write_bytes(b"sep=,\n" + path.read_bytes())
    with pytest.raises(FormatError) as caught:
        read_people(path.read_bytes(), path.name)
    assert caught.value.line == 7


def test_detection_refuses_a_quote_that_swallows_the_header(tmp_path: Path) -> None:
    # LinkedIn's note above its header, its closing quote lost: nothing below is a header.
    path = tmp_path / "Connections.csv"
    path.write_text(
        'Notes:\n"When exporting your connection data\n\n'
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ann,Lee,,,Acme,Analyst,15 Mar 2024\n",
        encoding="utf-8",
    )
    with pytest.raises(FormatError) as caught:
        detect_format(path.read_bytes(), path.name)
    assert str(caught.value) == "Connections.csv, line 2: a quoted value is never closed"


def test_detection_of_a_large_file_is_not_misled_by_a_long_value_at_the_sniff_limit(
    tmp_path: Path,
) -> None:
    # Detection reads the first 64 KB; a quoted note that runs past them is not a broken quote.
    note = "\n".join(f"line {n} of a long note" for n in range(3500))
    path = tmp_path / "people.csv"
    path.write_text(f'Name,Email,Notes\nAnn Lee,ann@x.example,"{note}"\nBo Park,,\n', "utf-8")
    assert path.stat().st_size > 64 * 1024
    assert detect_format(path.read_bytes(), path.name) == "generic"
    ann, bo = read_people(path.read_bytes(), path.name)
    assert (ann.notes.count("\n"), bo.name) == (3499, "Bo Park")
