"""Tests for notebook.capture: one line read into who, where, when, what and a follow-up."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notebook.capture import Capture, CaptureError, Name, Part, parse_capture

# A Wednesday.
TODAY = date(2026, 11, 25)
FRIDAY = date(2026, 11, 27)


def d(day: int, month: int = 11, year: int = 2026) -> date:
    return date(year, month, day)


def parts(text: str, captured: Capture) -> list[tuple[Part, str]]:
    """Each recognised part with the text it covers, in the order of the line."""
    return [(span.part, text[span.start : span.end]) for span in captured.spans]


def texts(text: str, captured: Capture, part: Part) -> list[str]:
    return [text[span.start : span.end] for span in captured.spans_of(part)]


def refusal(text: str, today: date = TODAY) -> CaptureError:
    with pytest.raises(CaptureError) as raised:
        parse_capture(text, today)
    return raised.value


# -- the whole line ------------------------------------------------------------------------------


def test_the_example_line_reads_into_every_part() -> None:
    text = (
        "Maria Quill (new) at the bakery yesterday: she'll intro me to her manager; "
        "todo send resume next mon"
    )
    captured = parse_capture(text, TODAY)
    assert captured == Capture(
        names=(Name("Maria Quill", new=True),),
        when=d(24),
        place="the bakery",
        summary="she'll intro me to her manager",
        follow_up="send resume",
        due=d(30),
        by="me",
        spans=captured.spans,
    )
    assert parts(text, captured) == [
        ("name", "Maria Quill"),
        ("new", "(new)"),
        ("mark", "at"),
        ("place", "the bakery"),
        ("when", "yesterday"),
        ("mark", ":"),
        ("summary", "she'll intro me to her manager"),
        ("mark", ";"),
        ("mark", "todo"),
        ("follow_up", "send resume"),
        ("due", "next mon"),
    ]


def test_just_who_and_what() -> None:
    captured = parse_capture("Dana: coffee", TODAY)
    assert captured.names == (Name("Dana"),)
    assert (captured.when, captured.place, captured.summary) == (TODAY, "", "coffee")
    assert (captured.follow_up, captured.due, captured.by) == ("", None, "me")
    assert parts("Dana: coffee", captured) == [
        ("name", "Dana"),
        ("mark", ":"),
        ("summary", "coffee"),
    ]


# -- who -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "names"),
    [
        ("Maria", [Name("Maria")]),
        ("Maria Quill", [Name("Maria Quill")]),
        ("Maria and Dana", [Name("Maria"), Name("Dana")]),
        ("Maria, Dana", [Name("Maria"), Name("Dana")]),
        ("Maria,Dana", [Name("Maria"), Name("Dana")]),
        ("Maria, Dana and Sam", [Name("Maria"), Name("Dana"), Name("Sam")]),
        ("Maria, Dana, and Sam", [Name("Maria"), Name("Dana"), Name("Sam")]),
        ("Maria AND Dana", [Name("Maria"), Name("Dana")]),
        ("Maria (new)", [Name("Maria", new=True)]),
        ("Maria(new)", [Name("Maria", new=True)]),
        ("Maria ( NEW )", [Name("Maria", new=True)]),
        ("Maria Quill (new) and Dana", [Name("Maria Quill", new=True), Name("Dana")]),
        ("Dana, Zed (new), Sam (new)", [Name("Dana"), Name("Zed", True), Name("Sam", True)]),
        # "and" and "at" count only as words of their own.
        ("Anand Sandler", [Name("Anand Sandler")]),
        ("Matt Atkins", [Name("Matt Atkins")]),
        ("Kat Bates", [Name("Kat Bates")]),
        # Spacing inside a name is tidied; the span still points at the text as typed.
        ("  Maria \t  Quill  ", [Name("Maria Quill")]),
    ],
)
def test_names(head: str, names: list[Name]) -> None:
    text = f"{head}: hi"
    captured = parse_capture(text, TODAY)
    assert list(captured.names) == names
    spanned = texts(text, captured, "name")
    assert [" ".join(s.split()) for s in spanned] == [n.text for n in names]
    assert len(captured.spans_of("new")) == sum(n.new for n in names)


def test_separators_are_marks() -> None:
    text = "Maria, Dana, and Sam and Lee: hi"
    assert texts(text, parse_capture(text, TODAY), "mark")[:3] == [",", ", and", "and"]


# -- where ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "place"),
    [
        ("Maria at the bakery", "the bakery"),
        ("Maria AT Blue Bottle", "Blue Bottle"),
        ("Maria at the bar at the station", "the bar at the station"),  # the first "at"
        ("Maria at Pier 39", "Pier 39"),
        ("Maria at   the   pier ", "the pier"),
        ("Maria at the bakery yesterday", "the bakery"),
    ],
)
def test_place(head: str, place: str) -> None:
    captured = parse_capture(f"{head}: hi", TODAY)
    assert captured.place == place
    assert captured.names == (Name("Maria"),)


# -- when ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "when", "spanned"),
    [
        ("Maria", TODAY, None),
        ("Maria yesterday", d(24), "yesterday"),
        ("Maria today", d(25), "today"),
        ("Maria 3 days ago", d(22), "3 days ago"),
        ("Maria a week ago", d(18), "a week ago"),
        ("Maria last fri", d(20), "last fri"),
        ("Maria last week", d(16), "last week"),  # the Monday it started
        ("Maria fri", d(20), "fri"),  # a bare weekday is the one just gone
        ("Maria wed", d(25), "wed"),  # or today
        ("Maria 2026-11-03", d(3), "2026-11-03"),
        ("Maria 2026-11-03 14:30", datetime(2026, 11, 3, 14, 30), "2026-11-03 14:30"),
        ("Maria at the bakery 2026-11-03T09:05", datetime(2026, 11, 3, 9, 5), "2026-11-03T09:05"),
        ("Maria at the bakery last  Friday", d(20), "last  Friday"),
        # The date may also end the names, before "at".
        ("Maria yesterday at the bakery", d(24), "yesterday"),
        # A name or place ending in a date word takes the date after it.
        ("Joe Friday today", TODAY, "today"),
        ("Maria at Cafe Sunday yesterday", d(24), "yesterday"),
    ],
)
def test_when(head: str, when: date, spanned: str | None) -> None:
    text = f"{head}: hi"
    captured = parse_capture(text, TODAY)
    assert captured.when == when
    assert type(captured.when) is type(when)
    assert texts(text, captured, "when") == ([spanned] if spanned else [])
    assert captured.names[0].text in ("Maria", "Joe Friday")


def test_a_name_ending_in_a_date_word_reads_as_the_date_without_one() -> None:
    # The documented rule, not a wish: the longest run of date words at the end is the date.
    captured = parse_capture("Joe Friday: hi", TODAY)
    assert (captured.names, captured.when) == ((Name("Joe"),), d(20))
    assert parse_capture("Maria at Cafe Sunday: hi", TODAY).place == "Cafe"


# -- what happened -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        ("Maria: coffee", "coffee"),
        ("Maria:coffee", "coffee"),
        ("Maria:   coffee   ", "coffee"),
        ("Maria: ratio 3:1, then: more", "ratio 3:1, then: more"),
        ("Maria: she'll intro me; we laughed", "she'll intro me; we laughed"),
        ("Maria: todo list app; they ll see", "todo list app; they ll see"),
        ("Maria: line one\nline two", "line one\nline two"),
        ("Maria: ; todos are fun", "; todos are fun"),
    ],
)
def test_summary(text: str, summary: str) -> None:
    captured = parse_capture(text, TODAY)
    assert captured.summary == summary
    assert texts(text, captured, "summary") == [summary]
    assert captured.follow_up == ""


# -- the follow-up -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tail", "follow_up", "due", "by"),
    [
        ("todo send resume", "send resume", None, "me"),
        ("TODO send resume", "send resume", None, "me"),
        ("todo: send resume", "send resume", None, "me"),
        ("i'll send resume", "send resume", None, "me"),
        ("I\u2019ll send resume", "send resume", None, "me"),
        ("I will send resume", "send resume", None, "me"),
        ("they'll send the deck", "send the deck", None, "them"),
        ("they will send the deck", "send the deck", None, "them"),
        ("she'll send the deck", "send the deck", None, "them"),
        ("He\u2019ll send the deck", "send the deck", None, "them"),
        ("waiting on the deck", "the deck", None, "them"),
        ("Waiting  On the deck", "the deck", None, "them"),
        # The due date ends it; "by" or "due" before it is dropped.
        ("todo send resume next mon", "send resume", d(30), "me"),
        ("todo send resume by next mon", "send resume", d(30), "me"),
        ("todo send resume due in 2 weeks", "send resume", d(9, 12), "me"),
        ("todo send resume next week", "send resume", d(30), "me"),
        ("todo send resume by next month", "send resume", d(1, 12), "me"),
        ("todo send resume by 2026-12-01", "send resume", d(1, 12), "me"),
        ("todo call her 2026-12-01 09:30", "call her", d(1, 12), "me"),
        ("they'll send the deck by fri", "send the deck", FRIDAY, "them"),
        # A bare weekday is the coming one, and today counts.
        ("todo send resume fri", "send resume", FRIDAY, "me"),
        ("todo send resume wed", "send resume", TODAY, "me"),
        ("todo send resume tue", "send resume", d(1, 12), "me"),
        # A date word that isn't at the end is just words.
        ("todo ask about friday plans", "ask about friday plans", None, "me"),
        ("todo send resume by email", "send resume by email", None, "me"),
        ("todo send resume; bring cookies", "send resume; bring cookies", None, "me"),
    ],
)
def test_follow_up(tail: str, follow_up: str, due: date | None, by: str) -> None:
    text = f"Maria: coffee; {tail}"
    captured = parse_capture(text, TODAY)
    assert (captured.summary, captured.follow_up, captured.due, captured.by) == (
        "coffee",
        follow_up,
        due,
        by,
    )
    assert texts(text, captured, "follow_up") == [follow_up]
    assert len(captured.spans_of("due")) == (due is not None)


def test_due_spans_and_marks() -> None:
    text = "Maria: coffee;they'll send the deck by next fri"
    captured = parse_capture(text, TODAY)
    assert parts(text, captured)[-5:] == [
        ("mark", ";"),
        ("mark", "they'll"),
        ("follow_up", "send the deck"),
        ("mark", "by"),
        ("due", "next fri"),
    ]
    assert captured.due == FRIDAY


def test_a_due_friday_typed_on_a_friday_is_today() -> None:
    assert parse_capture("Maria: hi; todo call fri", FRIDAY).due == FRIDAY
    assert parse_capture("Maria fri: hi", FRIDAY).when == FRIDAY


# -- refusals ------------------------------------------------------------------------------------

EXPECTED = 'say who first, then ":" and what happened'


@pytest.mark.parametrize(
    ("text", "message", "at_fault"),
    [
        ("", EXPECTED, ""),
        ("   ", EXPECTED, "   "),
        ("Maria at the bakery", EXPECTED, "Maria at the bakery"),
        (":", EXPECTED, ":"),
        (": coffee", 'say who before ":"', ":"),
        ("   : coffee", 'say who before ":"', ":"),
        ("Maria:", 'say what happened after ":"', ":"),
        ("Maria:   ", 'say what happened after ":"', ":"),
        ("Maria: ; todo send resume", 'say what happened after ":"', ":"),
        ("yesterday: coffee", 'say who first: "yesterday" reads as the date', "yesterday"),
        (
            "last fri at the bakery: coffee",
            'say who first: "last fri" reads as the date',
            "last fri at the bakery",
        ),
        ("at the bakery: coffee", 'say who first, before "at"', "at the bakery"),
        ("Maria at: coffee", 'say where after "at"', "at"),
        ("Maria at yesterday: coffee", 'say where after "at"', "at"),
        ("Maria,, Dana: hi", 'say a name on each side of ","', ","),
        ("Maria and: hi", 'say a name on each side of "and"', "and"),
        (", Maria: hi", 'say a name on each side of ","', ","),
        ("Maria, and , Dana: hi", 'say a name on each side of ","', ","),
        ("Maria (new) Quill: hi", '"(new)" goes right after a name', "(new)"),
        ("Maria (new) (new): hi", '"(new)" goes right after a name', "(new)"),
        ("(new): hi", 'say a name before "(new)"', "(new)"),
        ("Dana and (new): hi", 'say a name before "(new)"', "(new)"),
        ("Maria and  maria: hi", '"maria" is named twice', "maria"),
        ("Maria 3/4: hi", '"3/4" is ambiguous', "3/4"),
        ("Maria at the bakery 2026-02-30: hi", '"2026-02-30" isn\'t a real date', "2026-02-30"),
        ("Maria 9999-12-31: hi", '"9999-12-31" is more than a year', "9999-12-31"),
        ("Maria: hi; todo x in 11 years", '"in 11 years" (2037-11-25) is more', "in 11 years"),
        ("Maria: hi; todo", 'say what is to be done after "todo"', "; todo"),
        ("Maria: hi; they'll by fri", 'say what is to be done after "they\'ll"', "; they'll"),
        ("Maria: hi; todo 3/4", '"3/4" is ambiguous', "3/4"),
        ("Maria: hi; todo a; they'll b", 'one follow-up per line: "; they\'ll"', "; they'll"),
    ],
)
def test_refusals_say_what_was_expected(text: str, message: str, at_fault: str) -> None:
    error = refusal(text)
    assert str(error).startswith(message)
    assert "\n" not in str(error)
    assert text[error.start : error.end] == at_fault
    assert isinstance(error, ValueError)


# -- hostile text --------------------------------------------------------------------------------


def test_control_characters_and_markup_are_kept_as_plain_text() -> None:
    text = (
        "[bold]Eve[/bold] \x1b[31mRed\x1b[0m (new) at [link=x]pub[/link]: "
        "hi [red]there[/red] [link=http://x]y[/link]\x07\x1b]0;pwned\x07; "
        "todo [b]pay[/b] \x9b by fri"
    )
    captured = parse_capture(text, TODAY)
    assert captured.names == (Name("[bold]Eve[/bold] \x1b[31mRed\x1b[0m", new=True),)
    assert captured.place == "[link=x]pub[/link]"
    assert captured.summary == "hi [red]there[/red] [link=http://x]y[/link]\x07\x1b]0;pwned\x07"
    assert (captured.follow_up, captured.due) == ("[b]pay[/b] \x9b", FRIDAY)
    # Spans point into the text exactly as typed.
    assert texts(text, captured, "name") == ["[bold]Eve[/bold] \x1b[31mRed\x1b[0m"]
    assert texts(text, captured, "place") == ["[link=x]pub[/link]"]


def test_errors_quoting_hostile_text_stay_one_line() -> None:
    error = refusal("Ma\nria and ma\tria: hi")
    assert str(error) == '"ma ria" is named twice'


def test_control_characters_do_not_join_words() -> None:
    # "\x1b" is not a space: the date word is "yesterday\x1b", which is not a date.
    captured = parse_capture("Maria yesterday\x1b: hi", TODAY)
    assert (captured.names, captured.when) == ((Name("Maria yesterday\x1b"),), TODAY)


# -- properties ----------------------------------------------------------------------------------

todays = st.dates(min_value=date(100, 1, 1), max_value=date(9900, 12, 31))
# Text likely to hit the grammar: its words and marks mixed with anything at all.
grammar_bits = st.sampled_from(
    [":", ";", ",", " and ", " at ", "(new)", " todo ", "they'll ", " by ", " due ", " fri",
     " yesterday", " 3 days ago", " 2026-11-03", " 14:30", " 3/4", " last ", " in 2 weeks"]
)  # fmt: skip
lines = st.lists(st.one_of(grammar_bits, st.text(max_size=8)), max_size=12).map("".join)


@given(st.one_of(st.text(max_size=80), lines), todays)
def test_any_text_is_a_capture_or_a_capture_error(text: str, today: date) -> None:
    try:
        captured = parse_capture(text, today)
    except CaptureError as error:
        assert str(error) and "\n" not in str(error)
        assert 0 <= error.start <= error.end <= len(text)
    else:
        assert captured.names and all(name.text for name in captured.names)
        assert captured.summary
        assert (captured.due is None) or bool(captured.follow_up)
        previous_end = 0
        for span in captured.spans:
            assert previous_end <= span.start < span.end <= len(text)
            previous_end = span.end


# One-word names; "and" and "at" are words of the grammar.
names = st.text(alphabet=st.characters(categories=["L"]), min_size=1, max_size=10).filter(
    lambda word: word.casefold() not in {"and", "at"}
)


@given(st.lists(names, min_size=1, max_size=4, unique_by=str.casefold), st.booleans())
def test_names_read_back(words: list[str], new: bool) -> None:
    mark = " (new)" if new else ""
    text = ", ".join(f"{word}{mark}" for word in words) + " yesterday: hi"
    captured = parse_capture(text, TODAY)
    assert captured.names == tuple(Name(word, new) for word in words)
    assert captured.when == d(24)


@pytest.mark.parametrize(
    ("line", "place", "when"),
    [
        # A day as the app shows it, four words, after a name or a place.
        ("Dana Nguyen Tue 24 Nov 2026: x", "", date(2026, 11, 24)),
        ("Dana Nguyen at the cafe Tue 24 Nov 2026: coffee", "the cafe", date(2026, 11, 24)),
        ("Dana Nguyen 20 nov: x", "", date(2026, 11, 20)),
    ],
)
def test_a_day_as_the_app_shows_it_is_read_whole(line: str, place: str, when: date) -> None:
    capture = parse_capture(line, TODAY)
    assert [n.text for n in capture.names] == ["Dana Nguyen"]
    assert (capture.place, capture.when) == (place, when)


def test_a_follow_up_due_on_a_day_as_the_app_shows_it() -> None:
    capture = parse_capture("Dana Nguyen: hi; todo call by Mon 30 Nov 2026", TODAY)
    assert (capture.follow_up, capture.due) == ("call", date(2026, 11, 30))


@pytest.mark.parametrize(
    "line",
    [
        "Dana Nguyen Mon 24 Nov: x",  # the 24th is a Tuesday
        "Dana Nguyen at the cafe Mon 24 Nov: x",
        "Dana Nguyen: x; todo call Tue 30 Nov",  # the 30th is a Monday
    ],
)
def test_a_weekday_that_is_not_the_days_is_said_never_left_in_a_name(line: str) -> None:
    with pytest.raises(CaptureError, match=r"is a (Tuesday|Monday)"):
        parse_capture(line, TODAY)
