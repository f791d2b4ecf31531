"""What the CSV readers share (formats/_table.py): a column of dates read value by value, each
distinct value worked out once, and names that are no names."""

from __future__ import annotations

import unicodedata
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from notebook.formats import read_linkedin_csv
from notebook.formats._table import _PLACEHOLDER_SYMBOLS, _PLACEHOLDERS, Dates, is_placeholder

HEADER = b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def test_a_value_repeated_down_the_column_is_said_each_time() -> None:
    """Each distinct value is read once, but every row that holds it still counts."""
    data = HEADER + b"A,One,,,,,soon\nB,Two,,,,,15 Mar 2024\nC,Three,,,,,soon\nD,Four,,,,,later\n"
    contacts = read_linkedin_csv(data)
    assert [p.connected_on for p in contacts] == [None, date(2024, 3, 15), None, None]
    assert contacts.notes == ['Connected On: not read as a date: "soon", "soon", "later"']


def test_a_guess_repeated_down_the_column_is_counted_each_time() -> None:
    rows = b"".join(b"P,%d,,,,,03/04/18\n" % n for n in range(4))
    contacts = read_linkedin_csv(HEADER + rows)
    assert {p.connected_on for p in contacts} == {date(2018, 3, 4)}
    assert contacts.notes == ["Connected On: 4 dates like 03/04/18 read as month/day"]


def test_what_the_column_says_about_day_and_month_is_taken_afresh() -> None:
    dates = Dates("Connected On")
    assert dates.read("03/04/18") == date(2018, 3, 4)  # month first, a guess
    dates.learn(["25/12/18", "03/04/18"])  # one that can only be day first
    assert dates.read("03/04/18") == date(2018, 4, 3)
    assert dates.note() == ["Connected On: 1 date 03/04/18 read as month/day"]


def general_is_placeholder(name: str) -> bool:
    """is_placeholder() without its fast path for names that start with a letter or digit."""
    text = name.strip().strip("()[]{}<>\"'").strip().casefold()
    if all(unicodedata.category(char)[0] in "PZ" or char in _PLACEHOLDER_SYMBOLS for char in text):
        return True
    return text in _PLACEHOLDERS


NAMES = st.one_of(
    st.text(max_size=8),
    st.sampled_from(sorted(_PLACEHOLDERS)).flatmap(
        lambda word: st.sampled_from([word, word.upper(), f"({word})", f" '{word}' ", f"{word}1"])
    ),
    st.sampled_from(["-", "—", "?", "***", "+", "❤️", "Ann", "ß", "½", "١", " 7 "]),
)


@given(NAMES)
def test_placeholders_are_found_as_before(name: str) -> None:
    assert is_placeholder(name) == general_is_placeholder(name)
