"""Tests for notebook.dates: typed date phrases, refusals, and the "3 weeks ago" wording."""

from __future__ import annotations

import ast
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notebook import dates
from notebook.dates import DateParseError, ago, parse_day, parse_when, resolved, span

# A Wednesday. Its ISO week runs Mon 23 Nov to Sun 29 Nov 2026.
TODAY = date(2026, 11, 25)


def d(day: int, month: int = 11, year: int = 2026) -> date:
    return date(year, month, day)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", d(25)),
        ("now", d(25)),
        ("yesterday", d(24)),
        ("tomorrow", d(26)),
        # Counted back and forward, singular and plural, digits and words.
        ("0 days ago", d(25)),
        ("1 day ago", d(24)),
        ("1 days ago", d(24)),
        ("a day ago", d(24)),
        ("3 days ago", d(22)),
        ("3days ago", d(22)),
        ("a week ago", d(18)),
        ("one week ago", d(18)),
        ("2 weeks ago", d(11)),
        ("a month ago", d(25, 10)),
        ("3 months ago", d(25, 8)),
        ("a year ago", d(25, 11, 2025)),
        ("2 years ago", d(25, 11, 2024)),
        ("twelve days ago", d(13)),
        ("400 days ago", TODAY - timedelta(days=400)),
        ("in 0 days", d(25)),
        ("in 1 day", d(26)),
        ("in 3 days", d(28)),
        ("in a week", d(2, 12)),
        ("in 2 weeks", d(9, 12)),
        ("in a month", d(25, 12)),
        ("in 2 months", d(25, 1, 2027)),
        ("in 1 year", d(25, 11, 2027)),
        # ISO dates and datetimes.
        ("2026-11-03", d(3)),
        ("1999-02-28", d(28, 2, 1999)),
        ("2026-1-5", d(5, 1)),
        ("2026-11-03T14:30", datetime(2026, 11, 3, 14, 30)),
        ("2026-11-03 14:30", datetime(2026, 11, 3, 14, 30)),
        ("2026-11-03t09:05:07", datetime(2026, 11, 3, 9, 5, 7)),
        ("2026-11-03   9:05", datetime(2026, 11, 3, 9, 5)),
        # Other words for today and yesterday.
        ("yday", d(24)),
        ("this morning", d(25)),
        ("this afternoon", d(25)),
        ("this evening", d(25)),
        ("tonight", d(25)),
        ("last night", d(24)),
        # A day and a month's name; as the app shows a date, so it can be typed back.
        ("Tue 24 Nov 2026", d(24)),
        ("tue, 24 nov 2026", d(24)),
        ("25th November 2026", d(25)),
        ("november 3rd, 2026", d(3)),
        ("3 Sept 2026", d(3, 9)),
        ("nov 20", d(20)),
        ("20 nov", d(20)),
        ("Nov. 20", d(20)),
        ("dec 3", d(3, 12, 2025)),  # over a week ahead: a conversation on 3 Dec was last year's
        ("fri 20 nov", d(20)),
    ],
)
def test_phrases(text: str, expected: date) -> None:
    result = parse_when(text, TODAY)
    assert result == expected
    # Plain stdlib types, never pendulum's (whose subtraction gives an Interval).
    assert type(result) is type(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 months ago", d(31, 1, 2026)),  # 31 Jan back from 31 Mar: no 31 Feb...
        ("1 month ago", d(28, 2, 2026)),  # ...so months clamp to the month's last day.
        ("in 1 month", d(30, 4, 2026)),
        ("in 1 year", d(31, 3, 2027)),
    ],
)
def test_months_clamp_to_month_end(text: str, expected: date) -> None:
    assert parse_when(text, d(31, 3)) == expected


@pytest.mark.parametrize(
    ("today", "week_on", "week_back", "month_on", "month_back", "year_on", "year_back"),
    [
        # A Wednesday: next week starts on Monday 30 Nov, last week on Monday 16 Nov.
        (d(25), d(30), d(16), d(1, 12), d(1, 10), d(1, 1, 2027), d(1, 1, 2025)),
        # A Monday: the next week's Monday is a week away, not today.
        (d(30), d(7, 12), d(23), d(1, 12), d(1, 10), d(1, 1, 2027), d(1, 1, 2025)),
        # A Sunday, the last day of its ISO week.
        (d(29), d(30), d(16), d(1, 12), d(1, 10), d(1, 1, 2027), d(1, 1, 2025)),
        # The year's last day, and the 31st of a month followed by a shorter one.
        (d(31, 12), d(4, 1, 2027), d(21, 12), d(1, 1, 2027), d(1, 11), d(1, 1, 2027),
         d(1, 1, 2025)),
        (d(31, 1), d(2, 2), d(19, 1), d(1, 2), d(1, 12, 2025), d(1, 1, 2027), d(1, 1, 2025)),
    ],
)  # fmt: skip
def test_next_and_last_week_month_and_year_are_their_first_day(
    today: date,
    week_on: date,
    week_back: date,
    month_on: date,
    month_back: date,
    year_on: date,
    year_back: date,
) -> None:
    # What a reminder "next week" waits for, and the earliest a talk "last week" can have been.
    for text, expected in [
        ("next week", week_on),
        ("last week", week_back),
        ("next month", month_on),
        ("last month", month_back),
        ("Next  Year", year_on),
        ("last year", year_back),
    ]:
        for direction in ("past", "future", "after"):
            assert parse_when(text, today, direction) == expected, (text, direction)
            assert type(parse_when(text, today, direction)) is date


# Weekdays seen from Wednesday 25 Nov 2026, for each of the four forms.
WEEKDAY_CASES = [
    # name, bare (on or before today), last (strictly before), next (strictly after), this week
    ("mon", d(23), d(23), d(30), d(23)),
    ("tue", d(24), d(24), d(1, 12), d(24)),
    ("wed", d(25), d(18), d(2, 12), d(25)),
    ("thu", d(19), d(19), d(26), d(26)),
    ("fri", d(20), d(20), d(27), d(27)),
    ("sat", d(21), d(21), d(28), d(28)),
    ("sun", d(22), d(22), d(29), d(29)),
]


@pytest.mark.parametrize(("name", "bare", "last", "next_", "this"), WEEKDAY_CASES)
def test_weekdays(name: str, bare: date, last: date, next_: date, this: date) -> None:
    assert parse_when(name, TODAY) == bare
    assert parse_when(f"last {name}", TODAY) == last
    assert parse_when(f"next {name}", TODAY) == next_
    assert parse_when(f"this {name}", TODAY) == this


@pytest.mark.parametrize(
    ("spelling", "short"),
    [
        ("monday", "mon"),
        ("tues", "tue"),
        ("tuesday", "tue"),
        ("weds", "wed"),
        ("wednesday", "wed"),
        ("thur", "thu"),
        ("thurs", "thu"),
        ("thursday", "thu"),
        ("friday", "fri"),
        ("saturday", "sat"),
        ("sunday", "sun"),
    ],
)
def test_weekday_spellings(spelling: str, short: str) -> None:
    for which in ("", "last ", "next ", "this "):
        assert parse_when(which + spelling, TODAY) == parse_when(which + short, TODAY)


# A bare weekday from every day of the week 23-29 Nov 2026 (Mon to Sun), in each direction:
# (today, (what mon, tue, wed, thu, fri, sat, sun mean)).
PAST_WEEKDAYS = [
    (d(23), (d(23), d(17), d(18), d(19), d(20), d(21), d(22))),  # from a Monday
    (d(24), (d(23), d(24), d(18), d(19), d(20), d(21), d(22))),
    (d(25), (d(23), d(24), d(25), d(19), d(20), d(21), d(22))),
    (d(26), (d(23), d(24), d(25), d(26), d(20), d(21), d(22))),
    (d(27), (d(23), d(24), d(25), d(26), d(27), d(21), d(22))),
    (d(28), (d(23), d(24), d(25), d(26), d(27), d(28), d(22))),
    (d(29), (d(23), d(24), d(25), d(26), d(27), d(28), d(29))),  # from a Sunday
]
FUTURE_WEEKDAYS = [
    (d(23), (d(23), d(24), d(25), d(26), d(27), d(28), d(29))),
    (d(24), (d(30), d(24), d(25), d(26), d(27), d(28), d(29))),
    (d(25), (d(30), d(1, 12), d(25), d(26), d(27), d(28), d(29))),
    (d(26), (d(30), d(1, 12), d(2, 12), d(26), d(27), d(28), d(29))),
    (d(27), (d(30), d(1, 12), d(2, 12), d(3, 12), d(27), d(28), d(29))),
    (d(28), (d(30), d(1, 12), d(2, 12), d(3, 12), d(4, 12), d(28), d(29))),
    (d(29), (d(30), d(1, 12), d(2, 12), d(3, 12), d(4, 12), d(5, 12), d(29))),
]
# Like the future, except that today's own weekday is a week away.
AFTER_WEEKDAYS = [
    (d(23), (d(30), d(24), d(25), d(26), d(27), d(28), d(29))),
    (d(24), (d(30), d(1, 12), d(25), d(26), d(27), d(28), d(29))),
    (d(25), (d(30), d(1, 12), d(2, 12), d(26), d(27), d(28), d(29))),
    (d(26), (d(30), d(1, 12), d(2, 12), d(3, 12), d(27), d(28), d(29))),
    (d(27), (d(30), d(1, 12), d(2, 12), d(3, 12), d(4, 12), d(28), d(29))),
    (d(28), (d(30), d(1, 12), d(2, 12), d(3, 12), d(4, 12), d(5, 12), d(29))),
    (d(29), (d(30), d(1, 12), d(2, 12), d(3, 12), d(4, 12), d(5, 12), d(6, 12))),
]
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def weekday_cases(
    direction: dates.Direction, table: list[tuple[date, tuple[date, ...]]]
) -> list[tuple[dates.Direction, date, str, date]]:
    return [
        (direction, today, name, meant)
        for today, row in table
        for name, meant in zip(DAY_NAMES, row, strict=True)
    ]


@pytest.mark.parametrize(
    ("direction", "today", "name", "expected"),
    weekday_cases("past", PAST_WEEKDAYS)
    + weekday_cases("future", FUTURE_WEEKDAYS)
    + weekday_cases("after", AFTER_WEEKDAYS),
)
def test_bare_weekday_looks_the_fields_way(
    direction: dates.Direction, today: date, name: str, expected: date
) -> None:
    assert parse_when(name, today, direction) == expected
    assert parse_day(name.upper(), today, direction=direction) == expected


@pytest.mark.parametrize("today", [today for today, _ in PAST_WEEKDAYS])
@pytest.mark.parametrize(
    "text",
    ["last fri", "next fri", "this fri", "last sun", "next mon", "this mon", "in 2 weeks",
     "3 days ago", "today", "yesterday", "tomorrow", "2026-12-04", "2026-11-20T09:30",
     "next week", "last month"],
)  # fmt: skip
def test_explicit_phrases_mean_the_same_in_every_direction(today: date, text: str) -> None:
    past = parse_when(text, today)
    assert parse_when(text, today, "past") == past
    assert parse_when(text, today, "future") == past
    assert parse_when(text, today, "after") == past


def test_the_default_direction_is_the_past() -> None:
    friday = d(27)
    assert parse_when("fri", friday) == friday
    assert parse_when("thu", friday) == d(26)
    assert resolved("thu", friday) == "Thu 26 Nov 2026"


@pytest.mark.parametrize(
    ("direction", "expected"),
    [("past", "Fri 20 Nov 2026"), ("future", "Fri 27 Nov 2026"), ("after", "Fri 27 Nov 2026")],
)
def test_resolved_reads_in_the_given_direction(direction: dates.Direction, expected: str) -> None:
    assert resolved("fri", TODAY, direction) == expected


@pytest.mark.parametrize(
    ("text", "same_as"),
    [
        ("TODAY", "today"),
        ("  Yesterday  ", "yesterday"),
        ("ToMoRRoW", "tomorrow"),
        ("NOW", "now"),
        ("3   Days\tAgo", "3 days ago"),
        (" In  2  WEEKS ", "in 2 weeks"),
        ("A Week Ago", "a week ago"),
        ("FRI", "fri"),
        ("Last  Friday", "last fri"),
        ("NEXT TUE", "next tue"),
        ("This\nThursday", "this thu"),
        ("2026-11-03T14:30", "2026-11-03 14:30"),
    ],
)
def test_case_and_spacing_do_not_matter(text: str, same_as: str) -> None:
    assert parse_when(text, TODAY) == parse_when(same_as, TODAY)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "a date is needed"),
        ("   \t ", "a date is needed"),
        (
            "blorp",
            'can\'t read "blorp" as a date; try "yesterday", "last fri", "3 days ago" '
            "or 2026-11-25",
        ),
        (
            "  Last   Blorp ",
            'can\'t read "Last Blorp" as a date; try "yesterday", "last fri", "3 days ago" '
            "or 2026-11-25",
        ),
        (
            "last",
            'can\'t read "last" as a date; try "yesterday", "last fri", "3 days ago" or 2026-11-25',
        ),
        (
            "3 fortnights ago",
            'can\'t read "3 fortnights ago" as a date; try "yesterday", "last fri", "3 days ago" '
            "or 2026-11-25",
        ),
        (
            "3/4/2026",
            '"3/4/2026" is ambiguous (day-first or month-first?); '
            "write it as 2026-04-03 or 2026-03-04",
        ),
        (
            "03.04.2026",
            '"03.04.2026" is ambiguous (day-first or month-first?); '
            "write it as 2026-04-03 or 2026-03-04",
        ),
        (
            "3/4/26",
            '"3/4/26" is ambiguous (day-first or month-first?); '
            "write it as 2026-04-03 or 2026-03-04",
        ),
        (
            "3/4",
            '"3/4" is ambiguous (day-first or month-first?); write it as 2026-04-03 or 2026-03-04',
        ),
        # Refused even when only one reading is possible, so the rule stays predictable.
        ("25/12/2026", 'write "25/12/2026" as 2026-12-25: dates are written year-month-day'),
        ("12/25/2026", 'write "12/25/2026" as 2026-12-25: dates are written year-month-day'),
        ("3.3.2026", 'write "3.3.2026" as 2026-03-03: dates are written year-month-day'),
        ("2026/03/04", 'write "2026/03/04" as 2026-03-04: dates are written year-month-day'),
        (
            "13/13/2026",
            '"13/13/2026" isn\'t a real date; write dates as year-month-day, like 2026-11-25',
        ),
        ("2026-02-30", '"2026-02-30" isn\'t a real date or time'),
        ("31 nov", '"31 nov" isn\'t a real date: Nov has no day 31'),
        ("feb 30 2026", '"feb 30 2026" isn\'t a real date: Feb has no day 30'),
        ("Wed 24 Nov 2026", '"Wed 24 Nov 2026": 24 Nov 2026 is a Tuesday'),
        ("2026-13-01", '"2026-13-01" isn\'t a real date or time'),
        ("2026-11-03T25:00", '"2026-11-03T25:00" isn\'t a real date or time'),
        ("2026-11-03 14:60", '"2026-11-03 14:60" isn\'t a real date or time'),
        ("10000 years ago", '"10000 years ago" is out of range: years run from 1 to 9999'),
        ("in 8000 years", '"in 8000 years" is out of range: years run from 1 to 9999'),
        ("9999-12-31", '"9999-12-31" is more than a year from today: check the year'),
        ("2062-11-25", '"2062-11-25" is more than a year from today: check the year'),
        ("in 2 years", '"in 2 years" (2028-11-25) is more than a year from today: check the year'),
        ("1899-12-31", '"1899-12-31" is before 1900: check the year'),
        ("1899-12-31 10:00", '"1899-12-31 10:00" is before 1900: check the year'),
        ("200 years ago", '"200 years ago" is before 1900: check the year'),
        (
            "99999999999999999999 days ago",
            '"99999999999999999999 days ago" is out of range: years run from 1 to 9999',
        ),
    ],
)
def test_refusals(text: str, message: str) -> None:
    with pytest.raises(DateParseError) as raised:
        parse_when(text, TODAY)
    assert str(raised.value) == message
    assert "\n" not in str(raised.value)
    # Callers that only know ValueError still catch it.
    assert isinstance(raised.value, ValueError)


def test_ambiguous_date_without_year_uses_todays_year() -> None:
    with pytest.raises(DateParseError, match="2030-04-03 or 2030-03-04"):
        parse_when("3/4", date(2030, 1, 1))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday", d(24)),
        ("last fri", d(20)),
        ("2026-11-03", d(3)),
        ("2026-11-03T14:30", d(3)),
        ("2026-11-03 23:59:59", d(3)),
    ],
)
def test_parse_day_is_always_a_date(text: str, expected: date) -> None:
    result = parse_day(text, TODAY)
    assert result == expected
    assert type(result) is date


def test_parse_day_refuses_like_parse_when() -> None:
    with pytest.raises(DateParseError, match="ambiguous"):
        parse_day("3/4/2026", TODAY)


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (d(25), "today"),
        (d(24), "yesterday"),
        (d(26), "tomorrow"),
        (d(23), "2 days ago"),
        (d(22), "3 days ago"),
        (d(12), "13 days ago"),
        (d(11), "2 weeks ago"),
        (d(5), "2 weeks ago"),
        (d(4), "3 weeks ago"),
        (d(26, 10), "4 weeks ago"),  # 30 days, but not yet a whole calendar month
        (d(25, 10), "1 month ago"),
        (d(25, 8), "3 months ago"),
        (d(26, 11, 2025), "11 months ago"),
        (d(25, 11, 2025), "1 year ago"),
        (d(24, 11, 2024), "2 years ago"),
        (d(1, 1, 2000), "26 years ago"),
        (d(27), "in 2 days"),
        (d(28), "in 3 days"),
        (d(8, 12), "in 13 days"),
        (d(9, 12), "in 2 weeks"),
        (d(25, 12), "in 1 month"),
        (d(25, 1, 2027), "in 2 months"),
        (d(25, 11, 2027), "in 1 year"),
        (d(25, 11, 2029), "in 3 years"),
        # A datetime counts by its date, whatever the hour.
        (datetime(2026, 11, 24, 23, 59), "yesterday"),
        (datetime(2026, 11, 25, 0, 0), "today"),
        (datetime(2026, 11, 22, 8, 0), "3 days ago"),
    ],
)
def test_ago(when: date, expected: str) -> None:
    assert ago(when, TODAY) == expected


@pytest.mark.parametrize(
    ("when", "today", "expected"),
    [
        # Whole calendar months, where pendulum's own in_months() miscounts.
        (d(26, 10), d(25), "4 weeks ago"),
        (d(27, 10), d(25), "4 weeks ago"),
        (d(31, 1), d(28, 2), "1 month ago"),
        (d(28, 2), d(31, 3), "1 month ago"),
        (d(1, 2), d(1, 3), "1 month ago"),
        (d(2, 2), d(1, 3), "3 weeks ago"),
        (d(2, 1, 2022), d(1, 1, 2023), "11 months ago"),
        (d(2, 4, 2022), d(1, 4, 2023), "11 months ago"),
        (d(29, 2, 2028), d(28, 2, 2029), "1 year ago"),  # months step as add(months=...)
        (d(28, 2, 2027), d(29, 2, 2028), "1 year ago"),
        (d(31, 3), d(28, 2), "in 1 month"),
        (d(27, 3), d(28, 2), "in 3 weeks"),
        (d(31, 3), d(28, 1), "in 2 months"),
    ],
)
def test_ago_month_edges(when: date, today: date, expected: str) -> None:
    assert ago(when, today) == expected


def test_ago_accepts_a_datetime_for_today() -> None:
    assert ago(d(22), datetime(2026, 11, 25, 23, 0)) == "3 days ago"


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (0, "0 days"),
        (1, "1 day"),
        (12, "12 days"),
        (13, "13 days"),
        (14, "2 weeks"),
        (20, "2 weeks"),
        (21, "3 weeks"),
        (27, "3 weeks"),
        (30, "4 weeks"),
        (59, "8 weeks"),
        (60, "2 months"),
        (90, "3 months"),
        (364, "12 months"),
        (365, "1 year"),
        (729, "1 year"),
        (730, "2 years"),
        (-12, "12 days"),
        (-90, "3 months"),
    ],
)
def test_span(days: int, expected: str) -> None:
    assert span(days) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday", "Tue 24 Nov 2026"),
        ("today", "Wed 25 Nov 2026"),
        ("last fri", "Fri 20 Nov 2026"),
        ("next mon", "Mon 30 Nov 2026"),
        ("2026-11-03", "Tue 3 Nov 2026"),
        ("in 2 months", "Mon 25 Jan 2027"),
        ("2026-11-03T14:30", "Tue 3 Nov 2026 14:30"),
        ("2026-11-03 09:05", "Tue 3 Nov 2026 09:05"),
        ("2026-11-03 09:05:07", "Tue 3 Nov 2026 09:05:07"),
    ],
)
def test_resolved(text: str, expected: str) -> None:
    assert resolved(text, TODAY) == expected


@pytest.mark.parametrize("text", ["", "  ", "blorp", "last", "friday market", "3 fortnights ago"])
def test_text_that_is_no_date_phrase_is_told_apart(text: str) -> None:
    with pytest.raises(dates.NotADateError):
        parse_when(text, TODAY)


@pytest.mark.parametrize(
    "text", ["3/4/2026", "25/12/2026", "2026-02-30", "2026-11-03T25:00", "10000 years ago"]
)
def test_a_date_typed_wrong_is_not_mistaken_for_no_date(text: str) -> None:
    with pytest.raises(DateParseError) as raised:
        parse_when(text, TODAY)
    assert not isinstance(raised.value, dates.NotADateError)


def test_resolved_refuses_like_parse_when() -> None:
    with pytest.raises(DateParseError, match="a date is needed"):
        resolved("", TODAY)
    with pytest.raises(DateParseError, match="ambiguous"):
        resolved("3/4/2026", TODAY)


def test_today_is_the_real_today() -> None:
    real = dates.today()
    assert type(real) is date
    # Allow for the test running across midnight.
    assert abs((real - date.today()).days) <= 1


def test_does_not_import_textual() -> None:
    tree = ast.parse(Path(dates.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    }
    assert "textual" not in imported


# Property tests. Generated days stay within what a typed date may be (from 1900 to ten years
# ahead of today) and well clear of year 9999, so arithmetic stays in range.
todays = st.dates(min_value=date(1960, 1, 1), max_value=date(9000, 12, 31))
within_a_year = st.dates(min_value=date(dates.EARLIEST_YEAR, 1, 1), max_value=date(2027, 11, 26))


@given(within_a_year)
def test_iso_dates_round_trip(day: date) -> None:
    assert parse_when(day.isoformat(), TODAY) == day
    assert parse_when(f"  {day.isoformat().upper()} ", TODAY) == day


@given(
    st.datetimes(min_value=datetime(dates.EARLIEST_YEAR, 1, 1), max_value=datetime(2027, 11, 26))
)
def test_iso_datetimes_round_trip(moment: datetime) -> None:
    moment = moment.replace(microsecond=0)
    assert parse_when(moment.isoformat(), TODAY) == moment
    assert parse_when(moment.isoformat(sep=" "), TODAY) == moment


@given(st.dates().filter(lambda day: day.year < dates.EARLIEST_YEAR or day > date(2027, 11, 26)))
def test_a_typed_date_out_of_reach_is_refused_with_its_reason(day: date) -> None:
    with pytest.raises(DateParseError, match="check the year"):
        parse_when(day.isoformat(), TODAY)


def test_how_far_ahead_depends_on_what_the_date_is_for() -> None:
    # A conversation (the past) can be at most a year ahead; a due day or a snooze ten years.
    assert parse_day("2027-11-26", TODAY) == date(2027, 11, 26)
    assert parse_day("2036-11-20", TODAY, "future") == date(2036, 11, 20)
    assert parse_day("2036-11-20", TODAY, "after") == date(2036, 11, 20)
    with pytest.raises(DateParseError, match="more than 10 years from today"):
        parse_day("in 11 years", TODAY, "future")


@given(st.integers(min_value=0, max_value=400), todays)
def test_days_ago_and_in_days_count_days(n: int, today: date) -> None:
    assert parse_day(f"{n} days ago", today) == today - timedelta(days=n)
    assert parse_day(f"in {n} days", today, "future") == today + timedelta(days=n)
    assert parse_day(f"{n} weeks ago", today) == today - timedelta(weeks=n)


@given(st.integers(min_value=2, max_value=13), todays)
def test_ago_reads_back_days_ago(n: int, today: date) -> None:
    assert ago(parse_day(f"{n} days ago", today), today) == f"{n} days ago"
    assert ago(parse_day(f"in {n} days", today), today) == f"in {n} days"


@given(st.integers(min_value=1, max_value=11), todays)
def test_ago_reads_back_months_ago(n: int, today: date) -> None:
    unit = "month" if n == 1 else "months"
    assert ago(parse_day(f"{n} {unit} ago", today), today) == f"{n} {unit} ago"
    assert ago(parse_day(f"in {n} {unit}", today), today) == f"in {n} {unit}"


@given(st.integers(min_value=1, max_value=50), todays)
def test_ago_reads_back_years_ago(n: int, today: date) -> None:
    unit = "year" if n == 1 else "years"
    assert ago(parse_day(f"{n} {unit} ago", today), today) == f"{n} {unit} ago"
    if n <= 10:
        assert ago(parse_day(f"in {n} {unit}", today, "future"), today) == f"in {n} {unit}"


@given(todays, st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]))
def test_weekday_forms_land_where_documented(today: date, name: str) -> None:
    target = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].index(name)
    bare = parse_day(name, today)
    last = parse_day(f"last {name}", today)
    next_ = parse_day(f"next {name}", today)
    this = parse_day(f"this {name}", today)
    assert {bare.weekday(), last.weekday(), next_.weekday(), this.weekday()} == {target}
    assert 0 <= (today - bare).days <= 6
    assert 1 <= (today - last).days <= 7
    assert 1 <= (next_ - today).days <= 7
    assert this.isocalendar()[:2] == today.isocalendar()[:2]
    coming = parse_day(name, today, "future")
    after = parse_day(name, today, "after")
    assert {coming.weekday(), after.weekday()} == {target}
    assert 0 <= (coming - today).days <= 6
    assert 1 <= (after - today).days <= 7
    assert after == next_


@given(st.text(max_size=40), st.sampled_from(["past", "future", "after"]))
def test_any_text_gives_a_date_or_a_one_line_refusal(text: str, direction: dates.Direction) -> None:
    try:
        result = parse_when(text, TODAY, direction)
    except DateParseError as error:
        assert str(error)
        assert "\n" not in str(error)
    else:
        assert isinstance(result, date)


@given(st.integers(min_value=-100_000, max_value=100_000))
def test_span_is_never_empty_and_ignores_sign(days: int) -> None:
    assert span(days) == span(-days)
    count, unit = span(days).split()
    assert int(count) >= 0
    assert unit in {"day", "days", "week", "weeks", "month", "months", "year", "years"}


@pytest.mark.parametrize(
    ("typed", "days"),
    [
        ("90", 90),
        ("90 days", 90),
        ("1 day", 1),
        ("2 weeks", 14),
        ("2w", 14),
        ("a fortnight", 14),
        ("3 months", 90),
        ("3mo", 90),
        ("1 year", 365),
        ("every 2 weeks", 14),
        ("  Two   Weeks ", 14),
        ("week", 7),
    ],
)
def test_lengths_of_time_are_read_in_days(typed: str, days: int) -> None:
    assert dates.parse_days(typed) == days


@pytest.mark.parametrize("typed", ["", "abc", "2 parsecs", "weeks 2", "-3 days", "1.5 months"])
def test_what_is_not_a_length_of_time_is_refused_with_examples(typed: str) -> None:
    with pytest.raises(dates.DurationError, match="not a length of time: try 90"):
        dates.parse_days(typed)


def test_a_blank_cadence_is_the_inferred_one_and_large_values_are_not_cut() -> None:
    assert dates.typed_cadence("   ") is None
    assert dates.typed_cadence("100000") == 100000  # the range is the record's to refuse


@pytest.mark.parametrize("direction", ["future", "after"])
def test_a_field_that_looks_ahead_suggests_days_ahead(direction: dates.Direction) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_day("abc", date(2026, 11, 25), direction)
    assert '"tomorrow", "next fri", "in 2 weeks"' in str(caught.value)
    assert "yesterday" not in str(caught.value)


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(9000, 12, 31)),
    st.integers(min_value=0, max_value=1200),
)
def test_a_month_on_is_what_pendulum_adds(day: date, months: int) -> None:
    import pendulum

    expected = pendulum.date(day.year, day.month, day.day).add(months=months)
    assert dates._months_after(day, months) == date(expected.year, expected.month, expected.day)


def test_the_people_list_words_need_no_pendulum() -> None:
    # "3 months ago" is said in the People list's first rows: it must not cost pendulum's
    # import at launch. Checked in a fresh interpreter, where nothing imported it yet.
    script = (
        "import sys\nfrom datetime import date\nfrom notebook import dates\n"
        "dates.ago(date(2026, 1, 31), date(2026, 11, 30))\n"
        "print('pendulum' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("text", "past", "future", "after"),
    [
        # Without a year: the nearest such day the field's way; today counts except "after".
        # Within a week of today either way: this year's, whichever way the field looks.
        ("25 nov", d(25), d(25), d(25)),
        ("24 nov", d(24), d(24), d(24)),
        ("26 nov", d(26), d(26), d(26)),
        ("2 dec", d(2, 12), d(2, 12), d(2, 12)),
        ("nov 18", d(18), d(18), d(18)),
        # Further: the nearest the field's way.
        ("nov 17", d(17), d(17, 11, 2027), d(17, 11, 2027)),
        ("3 dec", d(3, 12, 2025), d(3, 12), d(3, 12)),
        ("29 feb", d(29, 2, 2024), d(29, 2, 2028), d(29, 2, 2028)),
        # A weekday picks the one it names.
        ("Tue 24 Nov", d(24), d(24), d(24)),
        ("thu 3 dec", d(3, 12), d(3, 12), d(3, 12)),
        ("wed 3 dec", d(3, 12, 2025), None, None),  # ahead, 3 Dec is a Thursday: said
    ],
)
def test_a_day_of_a_month_without_a_year_looks_the_fields_way(
    text: str, past: date, future: date | None, after: date | None
) -> None:
    for way, expected in (("past", past), ("future", future), ("after", after)):
        if expected is None:
            with pytest.raises(dates.WrongWeekdayError, match="is a Thursday"):
                parse_when(text, TODAY, way)  # type: ignore[arg-type]
        else:
            assert parse_when(text, TODAY, way) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("day", [date(2026, 1, 1), date(2024, 2, 29), date(2026, 11, 24)])
def test_a_day_as_the_app_shows_it_reads_back_as_that_day(day: date) -> None:
    assert parse_when(dates.spelled(day), TODAY) == day


@pytest.mark.parametrize(
    ("today", "text", "way", "expected"),
    [
        (date(2027, 1, 2), "dec 28", "future", date(2026, 12, 28)),  # five days ago
        (date(2027, 1, 2), "dec 28", "past", date(2026, 12, 28)),
        (date(2026, 12, 30), "2 jan", "past", date(2027, 1, 2)),  # in three days
        (date(2026, 12, 30), "2 jan", "future", date(2027, 1, 2)),
        (date(2026, 12, 30), "31 dec", "after", date(2026, 12, 31)),
        (date(2026, 12, 30), "20 jan", "past", date(2026, 1, 20)),  # further: the field's way
        (date(2026, 12, 30), "20 jan", "future", date(2027, 1, 20)),
    ],
)
def test_a_day_of_a_month_near_new_year(today: date, text: str, way: str, expected: date) -> None:
    assert parse_when(text, today, way) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "way"),
    [
        ("wed 24 nov", "future"),  # the 24th is a Tuesday: not moved to 2027's Wednesday
        ("wed 26 nov", "past"),  # the 26th is a Thursday: not moved to 2025's Wednesday
        ("mon 24 nov", "past"),
    ],
)
def test_a_weekday_typed_wrong_is_said_never_moved_a_year(text: str, way: str) -> None:
    with pytest.raises(dates.WrongWeekdayError):
        parse_when(text, TODAY, way)  # type: ignore[arg-type]
