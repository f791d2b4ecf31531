"""Person.validated() and the cleaning under it give the same results along their fast paths
(clean text, clean lists, a record with nothing to change) as the general ones."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import fields, replace
from datetime import date, datetime
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from notebook.records import _CONTROL, Person, clean_text, strip_controls

# Text as files bring it: plain words, doubled and edge spaces, tabs and line ends, escape
# sequences, controls, bidi overrides, and letters from everywhere.
PIECES = st.sampled_from(
    ["Ann", "Lee", " ", "  ", "\t", "\n", "\r\n", "\r", "\x1b[31m", "\x1b]0;title\x07", "\x00",
     "\x7f", "\x85", "\u202e", "\u2066", "\u00a0", "\u3000", "José", "Straße", "東京", "-"]
)  # fmt: skip
TEXT = st.one_of(st.text(), st.lists(PIECES, max_size=12).map("".join))


def general_clean_text(text: str, *, multiline: bool = False) -> str:
    """clean_text() without its fast path: what every text must come out as."""
    text = strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not multiline:
        text = " ".join(text.split())
    return text.strip()


def general_clean_list(values: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for value in values:
        cleaned = general_clean_text(value)
        if cleaned and cleaned.casefold() not in {s.casefold() for s in seen}:
            seen[cleaned] = None
    return tuple(seen)


@given(TEXT, st.booleans())
def test_clean_text_is_the_general_cleaning(text: str, multiline: bool) -> None:
    assert clean_text(text, multiline=multiline) == general_clean_text(text, multiline=multiline)


def test_printable_text_holds_no_control_and_no_whitespace_but_the_space() -> None:
    # What clean_text()'s fast path stands on, checked for every code point of this Python's
    # Unicode: printable text has nothing to strip but spaces.
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char.isprintable() and char != " ":
            assert not char.isspace(), hex(code)
            assert not _CONTROL.match(char) and char != "\x1b", hex(code)


def test_clean_text_gives_clean_text_back_as_it_is() -> None:
    text = "".join(["Senior", " ", "Engineer"])
    assert clean_text(text) is text
    assert clean_text(text, multiline=True) is text


@given(st.lists(TEXT, max_size=6))
def test_a_cleaned_list_is_the_general_cleaning(values: list[str]) -> None:
    person = Person(name="Ann", phones=tuple(values), tags=tuple(values))
    valid = person.validated()
    assert valid.phones == general_clean_list(values)
    assert valid.tags == general_clean_list(values)


# A value of every field that validated() keeps as it is, none of them the default.
EVERY_FIELD: dict[str, Any] = {
    "name": "Ann Lee",
    "company": "Acme",
    "title": "CTO",
    "past_companies": ("Initech",),
    "emails": ("ann@example.com",),
    "phones": ("+1 555 0100",),
    "location": "Oslo",
    "tags": ("climbing",),
    "how_met": "At a meetup\nin spring",
    "met_via": 3,
    "notes": "Likes tea\nand cake",
    "cadence_days": 30,
    "snoozed_until": date(2026, 12, 1),
    "connected_on": date(2020, 1, 2),
    "linkedin_url": "https://www.linkedin.com/in/ann-lee",
    "source": "linkedin",
    "archived": True,
    "created_at": "2026-01-02T03:04:05",
    "updated_at": "2026-01-03T03:04:05",
    "uid": "urn:uuid:1",
    "id": 7,
}


def test_every_field_has_a_value_in_the_check_below() -> None:
    assert set(EVERY_FIELD) == {f.name for f in fields(Person)}
    assert all(EVERY_FIELD[f.name] != f.default for f in fields(Person))


@pytest.mark.parametrize("clean", [True, False], ids=["clean", "rebuilt"])
def test_validated_keeps_every_field(clean: bool) -> None:
    """Whether the record is given back as it is or built again, no field is lost."""
    person = Person(**EVERY_FIELD)
    if not clean:
        person = replace(person, notes="Likes tea\n\x1b[31mand cake")  # to be built again
    valid = person.validated()
    assert (valid is person) is clean
    for f in fields(Person):
        assert getattr(valid, f.name) == EVERY_FIELD[f.name], f.name


# Each field validated() cleans, with a value it has to change, and what that becomes.
DIRTY: dict[str, tuple[Any, Any]] = {
    "name": (" Ann  Lee", "Ann Lee"),
    "company": ("Acme\x1b[0m", "Acme"),
    "title": ("CTO ", "CTO"),
    "past_companies": (("Initech", "initech"), ("Initech",)),
    "emails": ((" ann@example.com",), ("ann@example.com",)),
    "phones": (["+1 555 0100"], ("+1 555 0100",)),
    "location": ("Oslo\n", "Oslo"),
    "tags": (("climbing", ""), ("climbing",)),
    "how_met": ("At a meetup\r\nin spring ", "At a meetup\nin spring"),
    "notes": ("\u202eLikes tea\nand cake", "Likes tea\nand cake"),
    "cadence_days": ("30", 30),
    "snoozed_until": ("2026-12-01", date(2026, 12, 1)),
    "connected_on": (datetime(2020, 1, 2, 9, 30), date(2020, 1, 2)),
    "linkedin_url": (" https://www.linkedin.com/in/ann-lee", "https://www.linkedin.com/in/ann-lee"),
    "source": ("linkedin\x00", "linkedin"),
    "uid": ("urn:uuid:1\n", "urn:uuid:1"),
}


@pytest.mark.parametrize("name", sorted(DIRTY))
def test_validated_cleans_each_field_of_an_otherwise_clean_record(name: str) -> None:
    """A record clean but for one field is built again with that field cleaned: no field is
    left out of the check that gives a clean record back as it is."""
    dirty, cleaned = DIRTY[name]
    person = replace(Person(**EVERY_FIELD), **{name: dirty})
    valid = person.validated()
    assert valid is not person
    assert getattr(valid, name) == cleaned
    assert valid == Person(**EVERY_FIELD)


def test_a_cadence_of_true_is_not_a_clean_cadence() -> None:
    # True == 1, but a cadence is kept as a number, not as a truth value.
    valid = Person(name="Ann", cadence_days=True).validated()
    assert type(valid.cadence_days) is int and valid.cadence_days == 1


@given(
    st.builds(
        Person,
        name=TEXT.filter(lambda t: bool(general_clean_text(t))),
        company=TEXT,
        title=TEXT,
        tags=st.lists(TEXT, max_size=3).map(tuple),
        notes=TEXT,
        linkedin_url=TEXT,
    )
)
def test_validated_is_its_own_fixed_point(person: Person) -> None:
    """A validated record is clean: validating it again changes nothing, and when its text is
    printable (nearly always) gives the very record back rather than building another."""
    valid = person.validated()
    again = valid.validated()
    assert again == valid
    text = [valid.name, valid.company, valid.title, *valid.tags, valid.notes, valid.linkedin_url]
    if all(t.isprintable() for t in text if "\n" not in t):
        assert again is valid


def test_text_with_controls_still_loses_them() -> None:
    assert clean_text("a\x1b[2Jb\u202ec\x07") == "abc"
    assert re.fullmatch(r"Ann Lee", clean_text("\tAnn\n Lee\r\n"))


def test_a_byte_that_was_not_utf8_reads_as_the_replacement_character() -> None:
    """Python reads such a byte (a Latin-1 file name, an argument typed in another encoding)
    as a lone surrogate, which the file cannot hold: kept, the next save would fail."""
    assert clean_text("J\udcfcrgen") == "J\ufffdrgen"
    assert clean_text("caf\udce9 talk\nnext", multiline=True) == "caf\ufffd talk\nnext"
    person = Person(name="Tee", title="T\udc9bitle", source="vcard:lat\udcfcn.vcf").validated()
    assert (person.title, person.source) == ("T\ufffditle", "vcard:lat\ufffdn.vcf")
    assert "\ufffd" in orjson.dumps(person.to_doc()).decode()
