"""Reading a one-line capture of a conversation: who, where, when, what, and a follow-up.

    Maria Quill (new) at the bakery yesterday: she'll intro me; todo send resume next mon

reads as: Maria Quill, someone new; at the bakery; yesterday; "she'll intro me"; and a
follow-up I owe, "send resume", due next Monday. `notebook log` saves it.

The grammar is small on purpose, so that what a line means can be told at a glance:

    LINE      = WHO [at PLACE] [DATE] ":" WHAT [";" FOLLOW-UP]
    WHO       = NAME [(new)] {("," | "and" | ", and") NAME [(new)]}
    FOLLOW-UP = ("todo" | "i'll" | "i will") TEXT [["by" | "due"] DATE]       I owe it
              | ("they'll" | "she'll" | "he'll" | "they will" | "waiting on")
                TEXT [["by" | "due"] DATE]                                    they owe it

- Who comes first: one name or several. "(new)" right after a name asks for a new person;
  any other name must already be in the notebook.
- `at` (a word of its own) starts the place; the place runs to the date, or to the ":".
- The date is the longest run of words (at most three) at the end of the part before ":"
  that reads as a date ("yesterday", "last fri", "3 days ago", 2026-11-03). It may also end
  the names, before "at". A bare weekday is the most recent one (`dates`, past direction);
  no date means today. So a name or place that itself ends in a date word ("Joe Friday",
  "at Cafe Sunday") needs a date after it: "Joe Friday today: ...".
- The first ":" ends that part (the ":" of a time, between two digits, doesn't); everything
  after it is what happened, up to a ";" followed by one of the follow-up words.
- A follow-up's due date is the longest run of words at its end that reads as a date, read
  forwards (`dates`, future direction: a bare "fri" is the coming Friday); a "by" or "due"
  before it is dropped. One follow-up per line.

Words of the grammar ("at", "and", "(new)", "todo", "by", ...) are read in any case. Names,
place, what happened and the follow-up are kept as typed, as plain text (spacing tidied in
the one-line parts): control characters and markup are not interpreted here, and the view
model cleans them before anything is saved. Anything that doesn't fit is a `CaptureError`
saying what was expected, with the span of text at fault; every recognised part has its span
in `Capture.spans`, so a form can highlight them as they are typed.

No Textual here: the shell's `notebook log` uses this too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from . import dates

__all__ = ["Capture", "CaptureError", "Name", "Part", "Span", "parse_capture"]

Part = Literal["name", "new", "place", "when", "summary", "follow_up", "due", "mark"]
Owner = Literal["me", "them"]

EXPECTED = 'say who first, then ":" and what happened, e.g. "Maria yesterday: talked about jobs"'

# The longest date phrase dates.py reads is four words ("Tue 24 Nov 2026", as the app shows a
# day; "3 days ago" is three).
_LONGEST_DATE = 4
# The ":" that ends who/where/when: any colon, except one between two digits (14:30).
_HEAD_END = re.compile(r"(?<![0-9]):|:(?![0-9])")
_AT = re.compile(r"(?<!\S)at(?!\S)", re.IGNORECASE)
# ", and" before "," so that an Oxford comma is one separator, not an empty name.
_NAME_SEPARATOR = re.compile(r",\s*and(?!\S)|,|(?<!\S)and(?!\S)", re.IGNORECASE)
_NEW = re.compile(r"\(\s*new\s*\)", re.IGNORECASE)
_APOSTROPHE = "['\u2019]"
_OWNERS = re.compile(
    rf";\s*(?P<owner>todo|i{_APOSTROPHE}ll|i\s+will|waiting\s+on"
    rf"|(?:they|she|he)(?:{_APOSTROPHE}ll|\s+will))(?=[\s:]|$):?",
    re.IGNORECASE,
)
_WORD = re.compile(r"\S+")
_DUE_WORDS = ("by", "due")


@dataclass(frozen=True, slots=True)
class Span:
    """Where a recognised part sits in the typed text: `text[start:end]`."""

    part: Part
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Name:
    """A name as typed; `new` when it was marked "(new)", an ask to add the person."""

    text: str
    new: bool = False


@dataclass(frozen=True, slots=True)
class Capture:
    """What a capture line says. `when` is today unless a date was given; `follow_up` is ""
    when there is none, and then `by` is "me" and `due` None."""

    names: tuple[Name, ...]
    when: date | datetime
    place: str
    summary: str
    follow_up: str
    due: date | None
    by: Owner
    spans: tuple[Span, ...]

    def spans_of(self, part: Part) -> tuple[Span, ...]:
        return tuple(span for span in self.spans if span.part == part)


class CaptureError(ValueError):
    """A line that doesn't fit the grammar: `str()` is one line saying what was expected, and
    `start`/`end` the part of the text at fault (the whole text when nothing more precise)."""

    def __init__(self, message: str, start: int, end: int) -> None:
        super().__init__(message)
        self.start = start
        self.end = end


def parse_capture(text: str, today: date) -> Capture:
    """Read a capture line, dates relative to `today`; raises `CaptureError` if it can't."""
    head_end = _HEAD_END.search(text)
    if head_end is None or not text[: head_end.start()].strip():
        if head_end is not None and text.strip() != ":":
            raise CaptureError('say who before ":"', head_end.start(), head_end.end())
        raise CaptureError(EXPECTED, 0, len(text))
    spans = [Span("mark", head_end.start(), head_end.end())]
    names, when, place = _head(text, head_end.start(), today, spans)
    summary, follow_up, due, by = _body(text, head_end, today, spans)
    return Capture(
        names=names,
        when=today if when is None else when,
        place=place,
        summary=summary,
        follow_up=follow_up,
        due=due,
        by=by,
        spans=tuple(sorted(spans, key=lambda span: span.start)),
    )


# -- who, where, when ----------------------------------------------------------------------------


def _head(
    text: str, end: int, today: date, spans: list[Span]
) -> tuple[tuple[Name, ...], date | datetime | None, str]:
    at = _AT.search(text, 0, end)
    names_end = at.start() if at else end
    when: date | datetime | None = None
    place = ""
    if at is not None:
        spans.append(Span("mark", at.start(), at.end()))
        place_end = end
        found = _date_at_end(text, at.end(), end, today, "past", spans, "when")
        if found is not None:
            when, place_end = found
        start, stop = _trim(text, at.end(), place_end)
        if start == stop:
            raise CaptureError('say where after "at"', at.start(), at.end())
        spans.append(Span("place", start, stop))
        place = _one_line(text[start:stop])
    if when is None:
        found = _date_at_end(text, 0, names_end, today, "past", spans, "when")
        if found is not None:
            when, names_end = found
            if not text[:names_end].strip():
                phrase = _one_line(text[found[1] : end if at is None else at.start()])
                raise CaptureError(f'say who first: "{phrase}" reads as the date', 0, end)
    if not text[:names_end].strip():
        raise CaptureError('say who first, before "at"', 0, end)
    return _names(text, names_end, spans), when, place


def _names(text: str, end: int, spans: list[Span]) -> tuple[Name, ...]:
    """The names in `text[:end]`, split at "," and "and", each maybe marked "(new)"."""
    pieces: list[tuple[int, int]] = []
    start = 0
    separators = list(_NAME_SEPARATOR.finditer(text, 0, end))
    for separator in separators:
        pieces.append((start, separator.start()))
        start = separator.end()
        spans.append(Span("mark", separator.start(), separator.end()))
    pieces.append((start, end))
    names: list[Name] = []
    seen: set[str] = set()
    for index, (piece_start, piece_end) in enumerate(pieces):
        first, last = _trim(text, piece_start, piece_end)
        if first == last:
            near = separators[min(index, len(separators) - 1)]
            word = _one_line(near.group()).lower()
            raise CaptureError(f'say a name on each side of "{word}"', near.start(), near.end())
        name_end, new = last, False
        marks = list(_NEW.finditer(text, first, last))
        if marks:
            mark = marks[-1]
            if len(marks) > 1 or mark.end() != last:
                raise CaptureError('"(new)" goes right after a name', mark.start(), mark.end())
            spans.append(Span("new", mark.start(), mark.end()))
            name_end, new = _trim(text, first, mark.start())[1], True
            if name_end == first:
                raise CaptureError('say a name before "(new)"', mark.start(), mark.end())
        spans.append(Span("name", first, name_end))
        name = _one_line(text[first:name_end])
        if name.casefold() in seen:
            raise CaptureError(f'"{name}" is named twice', first, name_end)
        seen.add(name.casefold())
        names.append(Name(name, new))
    return tuple(names)


# -- what happened, and the follow-up -----------------------------------------------------------


def _body(
    text: str, head_end: re.Match[str], today: date, spans: list[Span]
) -> tuple[str, str, date | None, Owner]:
    owner = _OWNERS.search(text, head_end.end())
    summary_end = owner.start() if owner else len(text)
    start, stop = _trim(text, head_end.end(), summary_end)
    if start == stop:
        raise CaptureError('say what happened after ":"', head_end.start(), head_end.end())
    spans.append(Span("summary", start, stop))
    summary = text[start:stop]
    if owner is None:
        return summary, "", None, "me"
    spans.append(Span("mark", owner.start(), owner.start() + 1))
    spans.append(Span("mark", owner.start("owner"), owner.end()))
    word = " ".join(owner["owner"].lower().split()).replace("\u2019", "'")
    by: Owner = "me" if word in ("todo", "i'll", "i will") else "them"
    second = _OWNERS.search(text, owner.end())
    if second is not None:
        raise CaptureError(
            f'one follow-up per line: "{_one_line(second.group())}" starts a second one',
            second.start(),
            second.end(),
        )
    follow_end = len(text)
    due: date | None = None
    found = _date_at_end(text, owner.end(), follow_end, today, "future", spans, "due")
    if found is not None:
        when, follow_end = found
        due = when.date() if isinstance(when, datetime) else when
        words = list(_WORD.finditer(text, owner.end(), follow_end))
        if words and words[-1].group().lower() in _DUE_WORDS:
            spans.append(Span("mark", words[-1].start(), words[-1].end()))
            follow_end = words[-1].start()
    start, stop = _trim(text, owner.end(), follow_end)
    if start == stop:
        raise CaptureError(f'say what is to be done after "{word}"', owner.start(), owner.end())
    spans.append(Span("follow_up", start, stop))
    return summary, _one_line(text[start:stop]), due, by


# -- pieces --------------------------------------------------------------------------------------


def _date_at_end(
    text: str,
    start: int,
    end: int,
    today: date,
    direction: dates.Direction,
    spans: list[Span],
    part: Part,
) -> tuple[date | datetime, int] | None:
    """The date that ends `text[start:end]`, and where it starts: the longest run of up to
    three words there that reads as a date. None when none does; a run that is a date typed
    wrong (an ambiguous 3/4, 30 Feb) is an error, unless a shorter run reads."""
    words = list(_WORD.finditer(text, start, end))
    wrong: tuple[dates.DateParseError, int] | None = None
    for count in range(min(_LONGEST_DATE, len(words)), 0, -1):
        first = words[-count].start()
        last = words[-1].end()
        try:
            when = dates.parse_when(text[first:last], today, direction)
        except dates.NotADateError:
            continue
        except dates.WrongWeekdayError as error:
            # "Mon 24 Nov" where the 24th is a Tuesday: never "24 Nov" with "Mon" left over
            # as part of a name or a place.
            raise CaptureError(str(error), first, last) from None
        except dates.DateParseError as error:
            wrong = wrong or (error, first)
            continue
        spans.append(Span(part, first, last))
        return when, first
    if wrong is not None:
        raise CaptureError(str(wrong[0]), wrong[1], words[-1].end())
    return None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """`start` and `end` moved inwards past whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _one_line(text: str) -> str:
    return " ".join(text.split())
