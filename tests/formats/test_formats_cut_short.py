"""A contact file cut short (a download or copy that stopped part-way) is refused whole, naming
the file and the line, instead of its last row or card updating people with values cut off
mid-word. Whole files read as before, with or without a line break at their end."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from notebook.formats import FormatError, read_people, read_vcards

REAL = Path(__file__).parents[1] / "data" / "contacts-real"
CORPUS = Path(__file__).parents[1] / "data" / "contacts-corpus"

# Each layout's header and three rows, every row with all of the header's cells.
LAYOUTS = {
    "linkedin": (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
        "{name},Lee,https://www.linkedin.com/in/{name}-lee,,Acme,Analyst,15 Mar 2024",
    ),
    "linkedin-imported": (
        "First Name,Last Name,Companies,Title,Emails,Phone Numbers,Addresses",
        "{name},Lee,Acme,Analyst,{name}@example.com,+353-1-555-0100,",
    ),
    "google": ("First Name,Last Name,Organization Name,Labels", "{name},Lee,Acme,* myContacts"),
    "outlook": (
        "First Name,Last Name,E-mail Address,Business Phone,Company",
        "{name},Lee,{name}@example.com,+353-1-555-0100,Acme",
    ),
    "thunderbird": (
        "First Name,Last Name,Display Name,Primary Email,Organization",
        "{name},Lee,{name} Lee,{name}@example.com,Acme",
    ),
    "csv": ("name,company,phone 1,uid", "{name} Lee,Acme,+353-1-555-0100,uid-{name}"),
    "generic": ("Name,Company,Phone", "{name} Lee,Acme,+353-1-555-0100"),
}
KINDS = {"linkedin-imported": "linkedin"}
NAMES = ("Ann", "Bo", "Cy")


def whole(layout: str, end: str = "\r\n") -> str:
    header, template = LAYOUTS[layout]
    return "\r\n".join([header, *(template.format(name=n) for n in NAMES)]) + end


def read_both_ways(data: bytes, layout: str) -> list[list[str]]:
    """The names read, with the format detected and with it given."""
    fmt = KINDS.get(layout, layout)
    return [[p.name for p in read_people(data, "sheet.csv", kind)] for kind in (None, fmt)]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_csv_cut_inside_its_last_row_is_refused_with_the_line(layout: str) -> None:
    text = whole(layout, end="")
    last = text.rfind("\r\n") + 2
    # Cut after the second cell of the last row, and then within it: both look cut short.
    second_comma = text.index(",", text.index(",", last) + 1)
    for cut in (second_comma, second_comma - 1):
        data = text[:cut].encode("utf-8")
        for fmt in (None, KINDS.get(layout, layout)):
            with pytest.raises(FormatError) as caught:
                read_people(data, "sheet.csv", fmt)
            assert caught.value.line == 4, cut
            assert str(caught.value).startswith("sheet.csv, line 4: the last row has ")
            assert "looks cut short" in str(caught.value)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_whole_csvs_read_with_or_without_a_line_break_at_the_end(layout: str) -> None:
    for end in ("\r\n", "\n", ""):
        detected, given = read_both_ways(whole(layout, end=end).encode("utf-8"), layout)
        assert detected == given and len(detected) == 3, end


@pytest.mark.parametrize("layout", LAYOUTS)
def test_short_rows_ended_by_a_line_break_read_as_before(layout: str) -> None:
    # A program that leaves out trailing empty cells: short rows, each ended by a line break.
    header, template = LAYOUTS[layout]
    rows = [template.format(name=n) for n in NAMES]
    short = [row.rsplit(",", 1)[0] for row in rows]
    data = "\n".join([header, short[0], rows[1], short[2]]).encode("utf-8") + b"\n"
    assert [len(names) for names in read_both_ways(data, layout)] == [3, 3]


def test_a_last_row_short_only_of_unnamed_columns_or_blank_is_whole() -> None:
    # Cells under no column name are read by nobody: a row without them has all that counts.
    data = b"Name,Email,\nAnn,ann@x.example,\nBo,bo@x.example"
    assert [p.name for p in read_people(data, "s.csv")] == ["Ann", "Bo"]
    # Blanks after the last line break make no row that could be cut.
    data = b"Name,Email\nAnn,ann@x.example\n  "
    assert [p.name for p in read_people(data, "s.csv")] == ["Ann"]


def test_a_cut_csv_after_excels_sep_line_names_the_right_line() -> None:
    data = b"sep=;\nName;Company;Phone\nAnn Lee;Acme;+1 555\nBo Park;Glo"
    with pytest.raises(FormatError) as caught:
        read_people(data, "s.csv")
    assert caught.value.line == 4


def test_a_vcard_cut_inside_a_named_card_is_refused_with_its_line() -> None:
    path = CORPUS / "jhermsmeier__node-vcf" / "test__data__multiple.vcf"
    data = path.read_bytes()
    cut = data.index(b"TITLE:Redaktion", data.rindex(b"BEGIN:VCARD")) + len(b"TITLE:Reda")
    with pytest.raises(FormatError) as caught:
        read_vcards(data[:cut], path.name)
    assert str(caught.value) == (
        f"{path.name}, line 30: the card that starts here has no END:VCARD (is the file cut short?)"
    )
    assert len(read_vcards(data, path.name)) == 3  # the whole file reads


# -- through the shell: nothing imported, one line naming the file and the line ----------------


def notebook_cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "notebook", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def assert_refused(done: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert done.returncode == 1 and done.stdout == "", done
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("notebook: "), done.stderr
    assert "Traceback" not in done.stderr
    for fragment in (*fragments, "nothing was imported"):
        assert fragment in done.stderr, done.stderr


@pytest.mark.long
def test_cut_files_change_nobody_in_the_notebook(tmp_path: Path) -> None:
    db = tmp_path / "nb.json"
    connections = REAL / "linkedin" / "Connections.csv"
    multiple = CORPUS / "jhermsmeier__node-vcf" / "test__data__multiple.vcf"
    assert notebook_cli(db, "import", str(connections), str(multiple)).returncode == 0
    # The notebook's own CSV, for a file cut in a row that adds a phone and a past company.
    export = tmp_path / "all.csv"
    assert notebook_cli(db, "export", "--format", "csv", "-o", str(export)).returncode == 0
    before = db.read_bytes()

    linkedin = tmp_path / "li.csv"
    linkedin.write_bytes(connections.read_bytes()[:700])  # in a URL: "https://www.link"
    assert_refused(notebook_cli(db, "import", str(linkedin)), "li.csv, line ", "cut short")

    own = tmp_path / "own.csv"
    text = export.read_bytes()
    last = text.rstrip(b"\r\n").rfind(b"\n") + 1
    own.write_bytes(text[: text.index(b",", text.index(b",", last) + 1) + 3])
    assert_refused(notebook_cli(db, "import", str(own)), "own.csv, line ", "cut short")

    card = tmp_path / "cut.vcf"
    data = multiple.read_bytes()
    card.write_bytes(data[: data.rindex(b"TITLE:Redaktion") + len(b"TITLE:Reda")])
    assert_refused(notebook_cli(db, "import", str(card)), "cut.vcf, line 30: ", "END:VCARD")
    assert db.read_bytes() == before
