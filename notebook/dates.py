"""Reading the dates people type, and wording dates the way people say them.

`parse_when("last fri", today)` turns a phrase into a date (or a naive datetime for ISO
datetimes); `ago(when, today)` and `span(days)` give the "3 weeks ago" wording. Every function
takes `today` as an argument so the results are deterministic and tests can fix the day; only
`today()` reads the clock. Arithmetic is done by pendulum, but results are plain `datetime.date`
and `datetime.datetime`: subtracting two pendulum dates gives an `Interval` instead of a
`timedelta`, which would surprise callers.

Phrases understood (case and spacing don't matter):

- `today`, `now`, `yesterday`, `tomorrow`; `yday`; `this morning`, `this afternoon`,
  `this evening`, `tonight` (today) and `last night` (yesterday)
- `3 days ago`, `a week ago`, `2 months ago`, `1 year ago`; `in 3 days`, `in a month`
- `next week`, `last week`: the Monday that starts that ISO week; `next month`, `last month`,
  `next year`, `last year`: the first day of it (what a reminder "next week" waits for,
  and the earliest a conversation "last week" can have been)
- weekdays (`fri`, `friday`, `tues`, `thurs`, `weds`, ...):
  - `fri`: depends on the field's direction (below)
  - `last fri`: the most recent Friday strictly before today
  - `next fri`: the first Friday strictly after today
  - `this fri`: the Friday of the current ISO week (Monday to Sunday), past or future
- ISO dates `2026-11-03` and datetimes `2026-11-03T14:30`, `2026-11-03 14:30:05`
- a day and a month's name either way round, with or without a year, a weekday, a comma or
  "th": `25 nov`, `nov 25`, `25th November 2026`, `Tue 24 Nov 2026` (as the app shows a
  date, so that what is shown can be typed back). Without a year it is the one within a week
  of today, if there is one, else the nearest such day the field's way (below); a weekday
  that is not that day's is refused.

A field knows which way it looks, and a bare weekday is read in that direction; every other
phrase ("last fri", "next fri", "in 2 weeks", an ISO date) means the same in every field:

- `past` (the default: when a conversation happened, when you met): `fri` is the most recent
  Friday on or before today, so on a Friday it is today.
- `future` (when a follow-up is due): `fri` is the first Friday on or after today, so on a
  Friday it is today: something due "fri", typed on a Friday, is due today.
- `after` (when a snooze ends, which must be after today): `fri` is the first Friday strictly
  after today, so on a Friday it is a week away, the same day as `next fri`.

Slash and dot dates (`3/4/2026`, `03.04.2026`) are always refused, even when only one reading
is possible, so that what a date means never depends on its digits; the error shows the ISO
spelling of each possible reading.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from types import ModuleType
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import pendulum

__all__ = [
    "DateParseError",
    "Direction",
    "NotADateError",
    "ago",
    "parse_day",
    "parse_when",
    "resolved",
    "shown",
    "span",
    "spelled",
    "today",
]

_WEEKDAYS: dict[str, int] = {
    "mon": 0,
    "monday": 0,
    "tue": 1,
    "tues": 1,
    "tuesday": 1,
    "wed": 2,
    "weds": 2,
    "wednesday": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "thursday": 3,
    "fri": 4,
    "friday": 4,
    "sat": 5,
    "saturday": 5,
    "sun": 6,
    "sunday": 6,
}
_NUMBER_WORDS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
# Which way a field looks from today; see the module docstring.
Direction = Literal["past", "future", "after"]
# How far from today a typed date may be. A date outside is a typo ("2062" for "2026",
# "9999-12-31"): a conversation dated decades ahead would make its person look kept up for
# ever, and a follow-up due then would never come due. Dates read from files are not bounded.
EARLIEST_YEAR = 1900
DAYS_AHEAD: dict[Direction, int] = {"past": 366, "future": 3660, "after": 3660}
_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DAY_FULL_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# A digit count may touch its unit ("3days"); a word count needs a space ("a week", not "aweek").
_AMOUNT = r"(?:(?P<digits>\d+)\s*|(?P<word>" + "|".join(_NUMBER_WORDS) + r")\s+)"
_UNIT = r"(?P<unit>day|week|month|year)s?"
_AGO = re.compile(rf"{_AMOUNT}{_UNIT}\s+ago")
_IN = re.compile(rf"in\s+{_AMOUNT}{_UNIT}")
_WEEKDAY = re.compile(r"(?:(?P<which>last|next|this)\s+)?(?P<day>[a-z]+)")
_PERIOD = re.compile(r"(?P<which>last|next)\s+(?P<unit>week|month|year)")
_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:(?:t|\s+)(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?"
)
# A month's name, or any start of it from three letters ("sep", "sept").
_MONTH_FULL_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
                     "september", "october", "november", "december")  # fmt: skip
_ORDINAL = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_WEEKDAY_FIRST = r"(?:(?P<wd>[a-z]+),?\s+)?"
_YEAR_LAST = r"(?:,?\s+(?P<y>\d{4}))?"
_DAY_MONTH = re.compile(rf"{_WEEKDAY_FIRST}{_ORDINAL}\s+(?P<mon>[a-z]+)\.?{_YEAR_LAST}")
_MONTH_DAY = re.compile(rf"{_WEEKDAY_FIRST}(?P<mon>[a-z]+)\.?\s+{_ORDINAL}{_YEAR_LAST}")
# Other ways to say today and yesterday.
_SAME_DAY = {"this morning": 0, "this afternoon": 0, "this evening": 0, "tonight": 0,
             "yday": -1, "last night": -1}  # fmt: skip
# Day, month and year in some order, separated by "/" or "." (the year is optional).
_SLASHED = re.compile(r"(?P<a>\d{1,4})(?P<sep>[/.])(?P<b>\d{1,2})(?:(?P=sep)(?P<c>\d{1,4}))?")


class DateParseError(ValueError):
    """Text that can't be read as a date; `str()` is a one-line message fit to show a user."""


class WrongWeekdayError(DateParseError):
    """A day named with a weekday that is not its own ("Mon 24 Nov 2026"): the day is known to
    be typed wrong, so a caller must not take the shorter phrase without the weekday."""


class NotADateError(DateParseError):
    """Text that is no date phrase at all, as opposed to one naming no real day (an ambiguous
    slash date, 30 Feb, year 10000): a caller looking for a date inside longer text can tell
    words that merely aren't a date from a date typed wrong."""


def _pendulum() -> ModuleType:
    """pendulum, imported on first use: it costs 70 ms, and `notebook find` never needs it."""
    import pendulum

    return pendulum


def today() -> date:
    """The real today, in the local timezone: the only function here that reads the clock.
    The standard library's (0.9 µs) rather than pendulum's (20 µs): the app asks for it per
    row drawn, now that its day follows the clock."""
    return date.today()


def parse_when(text: str, today: date, direction: Direction = "past") -> date | datetime:
    """Read a typed date phrase relative to `today`, a bare weekday looking in `direction`.

    Returns a date, or a naive datetime when the text is an ISO datetime. Raises
    `DateParseError` with a message for the user when the text can't be read (`NotADateError`
    when it is no date phrase at all).
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        raise NotADateError("a date is needed")
    phrase = cleaned.lower()
    base = _pendulum().date(today.year, today.month, today.day)
    try:
        result = _parse(phrase, cleaned, base, direction)
    except DateParseError:
        raise
    except (OverflowError, ValueError):
        # pendulum and datetime refuse years outside 1..9999.
        raise DateParseError(f'"{cleaned}" is out of range: years run from 1 to 9999') from None
    if result is not None:
        return _within_reach(result, cleaned, today, direction)
    slashed = _SLASHED.fullmatch(phrase)
    if slashed:
        raise DateParseError(_slashed_message(cleaned, slashed, today))
    # Examples that the field would take: a due day or a snooze looks ahead.
    examples = (
        '"yesterday", "last fri", "3 days ago"'
        if direction == "past"
        else '"tomorrow", "next fri", "in 2 weeks"'
    )
    raise NotADateError(f'can\'t read "{cleaned}" as a date; try {examples} or {today.isoformat()}')


def _within_reach(
    when: date | datetime, cleaned: str, today: date, direction: Direction
) -> date | datetime:
    day = _day(when)
    if day.year < EARLIEST_YEAR:
        raise DateParseError(f'"{cleaned}" is before {EARLIEST_YEAR}: check the year')
    ahead = DAYS_AHEAD[direction]
    if (day - today).days > ahead:
        limit = "a year" if ahead < 400 else f"{ahead // 366} years"
        meant = "" if cleaned == day.isoformat() else f" ({day.isoformat()})"
        raise DateParseError(f'"{cleaned}"{meant} is more than {limit} from today: check the year')
    return when


def parse_day(text: str, today: date, direction: Direction = "past") -> date:
    """Like `parse_when`, but a datetime is cut to its date."""
    return _day(parse_when(text, today, direction))


def resolved(text: str, today: date, direction: Direction = "past") -> str:
    """What `text` means, to show beside a form field: "Tue 24 Nov 2026" (plus "14:30")."""
    return shown(parse_when(text, today, direction))


def shown(when: date | datetime) -> str:
    """A day already known (read, or typed and checked), as forms and messages show it:
    "Tue 24 Nov 2026", plus "14:30" for a time. Never refused, whatever the day."""
    day = spelled(when)
    if not isinstance(when, datetime):
        return day
    clock = f"{when:%H:%M:%S}" if when.second else f"{when:%H:%M}"
    return f"{day} {clock}"


def spelled(when: date) -> str:
    """A day spelled out, as a form shows what a typed date meant: "Tue 24 Nov 2026" (a
    datetime's clock left off)."""
    return f"{_DAY_NAMES[when.weekday()]} {when.day} {_MONTH_NAMES[when.month - 1]} {when.year}"


def ago(when: date, today: date) -> str:
    """`when` as people say it relative to `today`: "yesterday", "3 weeks ago", "in 2 days".

    Under two weeks counts days; then weeks until a whole calendar month has passed (so 30
    days can still be "4 weeks ago"); then calendar months until a whole year has; then years.
    Counts are rounded down, so 13 days is "13 days ago" and 20 days is "2 weeks ago".
    """
    day, today = _day(when), _day(today)
    days = (day - today).days
    if days == 0:
        return "today"
    if days == -1:
        return "yesterday"
    if days == 1:
        return "tomorrow"
    months = _whole_months(min(day, today), max(day, today))
    if abs(days) < 14:
        amount = _plural(abs(days), "day")
    elif months == 0:
        amount = _plural(abs(days) // 7, "week")
    elif months < 12:
        amount = _plural(months, "month")
    else:
        amount = _plural(months // 12, "year")
    return f"{amount} ago" if days < 0 else f"in {amount}"


_SHORT_UNITS = {"d": "day", "w": "week", "wk": "week", "m": "month", "mo": "month", "y": "year",
                "yr": "year", "fortnight": "fortnight"}  # fmt: skip
_DURATION = re.compile(
    r"(?:every\s+)?(?:(?P<digits>\d+)\s*|(?P<word>"
    + "|".join(_NUMBER_WORDS)
    + r")\s+)?(?P<unit>days?|weeks?|months?|years?|fortnights?|wks?|mos?|yrs?|[dwmy])?"
)
_UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365}


class DurationError(ValueError):
    """Typed text that is not a length of time; the message is fit to show beside the field."""


def parse_days(text: str) -> int:
    """A typed length of time in days: "90", "90 days", "2 weeks", "3 months" (30 days
    each), "1 year", "a fortnight", "2w". Plain digits are days, as the field always took."""
    cleaned = " ".join(text.casefold().split())
    match = _DURATION.fullmatch(cleaned)
    if not cleaned or match is None or not (match["digits"] or match["word"] or match["unit"]):
        raise DurationError(f"{text.strip()!r} is not a length of time: try 90, 2 weeks, 3 months")
    amount = int(match["digits"]) if match["digits"] else _NUMBER_WORDS.get(match["word"] or "", 1)
    unit = (match["unit"] or "day").rstrip("s") or "day"
    unit = _SHORT_UNITS.get(unit, unit)
    return amount * _UNIT_DAYS[unit]


def typed_cadence(text: str) -> int | None:
    """A "keep in touch every …" field: blank is None (the inferred rhythm), else its days."""
    return parse_days(text) if text.strip() else None


def span(days: int) -> str:
    """A rough wording of a length of time in days, for "overdue by ..." and "every ...".

    Under 14 days counts days; under 60, whole weeks; under 365, 30-day months; then 365-day
    years. Counts are rounded down ("27 days" is "3 weeks") and the sign is ignored: the
    caller words the direction.
    """
    days = abs(days)
    if days < 14:
        return _plural(days, "day")
    if days < 60:
        return _plural(days // 7, "week")
    if days < 365:
        return _plural(days // 30, "month")
    return _plural(days // 365, "year")


def _parse(
    phrase: str, cleaned: str, base: pendulum.Date, direction: Direction
) -> date | datetime | None:
    """The meaning of `phrase` (`cleaned` lower-cased), or None if it isn't one we know."""
    if phrase in ("today", "now"):
        return _plain(base)
    if phrase == "yesterday":
        return _plain(base.subtract(days=1))
    if phrase == "tomorrow":
        return _plain(base.add(days=1))
    if match := _AGO.fullmatch(phrase):
        return _plain(base.subtract(**{f"{match['unit']}s": _amount(match)}))
    if match := _IN.fullmatch(phrase):
        return _plain(base.add(**{f"{match['unit']}s": _amount(match)}))
    if match := _PERIOD.fullmatch(phrase):
        return _plain(_period_start(base, match["unit"], 1 if match["which"] == "next" else -1))
    if (match := _WEEKDAY.fullmatch(phrase)) and match["day"] in _WEEKDAYS:
        return _plain(_weekday(base, _WEEKDAYS[match["day"]], match["which"], direction))
    if match := _ISO.fullmatch(phrase):
        return _iso(match, cleaned)
    if phrase in _SAME_DAY:
        return _plain(base.add(days=_SAME_DAY[phrase]))
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        if (match := pattern.fullmatch(phrase)) and (month := _month(match["mon"])):
            return _day_of_month(match, month, cleaned, _plain(base), direction)
    return None


def _month(name: str) -> int | None:
    """The month a name or the start of one names ("nov", "sept", "November"), else None."""
    if len(name) < 3:
        return None
    return next((n for n, full in enumerate(_MONTH_FULL_NAMES, 1) if full.startswith(name)), None)


def _day_of_month(
    match: re.Match[str], month: int, cleaned: str, today: date, direction: Direction
) -> date | None:
    """ "25 nov" and the like: the year given, else the such day within a week of today either
    way ("24 nov" typed on the 25th is yesterday, even as a due day),
    else the nearest one the field's way (on or before today in the past, on or after it
    ahead, after it for "after"). A weekday given picks the one it names, of those or this
    year's; never a year further (a weekday typed wrong is said, not moved to fit). None
    when what comes first is no weekday: the phrase is then not a date."""
    weekday = match["wd"]
    if weekday is not None and weekday not in _WEEKDAYS:
        return None
    day = int(match["d"])
    if match["y"] is not None:
        candidates = [_real_day(int(match["y"]), month, day)]
    else:
        # Across New Year too: "dec 28" typed on 2 Jan is five days ago, "2 jan" on 30 Dec in
        # three days.
        around = (_real_day(today.year + n, month, day) for n in (0, -1, 1))
        near = [when for when in around if when and abs((when - today).days) <= _NEAR_DAYS]
        candidates = [*near, _nearest_the_fields_way(month, day, today, direction)]
    found = [when for when in candidates if when is not None]
    if not found:
        raise DateParseError(
            f'"{cleaned}" isn\'t a real date: {_MONTH_NAMES[month - 1]} has no day {day}'
        )
    if weekday is None:
        return found[0]
    # The day it would mean without the weekday, or this year's: never a year further.
    allowed = [found[0], *(d for d in [_real_day(today.year, month, day)] if d)]
    named = [when for when in allowed if when.weekday() == _WEEKDAYS[weekday]]
    if named:
        return named[0]
    when = found[0]
    raise WrongWeekdayError(
        f'"{cleaned}": {spelled(when)[4:]} is a {_DAY_FULL_NAMES[when.weekday()]}'
    )


# A day and month typed without a year mean the one this close to today, if there is one.
_NEAR_DAYS = 7


def _real_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _nearest_the_fields_way(month: int, day: int, today: date, direction: Direction) -> date | None:
    step = -1 if direction == "past" else 1
    for n in range(9):  # 29 Feb comes round within eight years
        when = _real_day(today.year + step * n, month, day)
        if when is None:
            continue
        if (
            (direction == "past" and when > today)
            or (direction == "future" and when < today)
            or (direction == "after" and when <= today)
        ):
            continue
        return when
    return None


def _amount(match: re.Match[str]) -> int:
    return int(match["digits"]) if match["digits"] else _NUMBER_WORDS[match["word"]]


def _weekday(
    base: pendulum.Date, target: int, which: str | None, direction: Direction
) -> pendulum.Date:
    weekday = _pendulum().WeekDay(target)
    if which == "last":
        return base.previous(weekday)
    if which == "next":
        return base.next(weekday)
    if which == "this":
        # ISO weeks start on Monday whatever pendulum's global week start is set to.
        return base.add(days=target - base.weekday())
    # A bare weekday is the nearest one the field's way; only "after" skips today.
    if base.weekday() == target and direction != "after":
        return base
    return base.previous(weekday) if direction == "past" else base.next(weekday)


def _period_start(base: pendulum.Date, unit: str, step: int) -> pendulum.Date:
    """The first day of the week (an ISO week: Monday), month or year `step` of them away."""
    if unit == "week":
        return base.add(days=7 * step - base.weekday())
    if unit == "month":
        return base.add(months=step).replace(day=1)
    return base.replace(year=base.year + step, month=1, day=1)


def _iso(match: re.Match[str], cleaned: str) -> date | datetime:
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    try:
        if match["H"] is None:
            return date(year, month, day)
        second = int(match["S"]) if match["S"] else 0
        return datetime(year, month, day, int(match["H"]), int(match["M"]), second)
    except ValueError:
        raise DateParseError(f'"{cleaned}" isn\'t a real date or time') from None


def _slashed_message(text: str, match: re.Match[str], today: date) -> str:
    readings = _slashed_readings(match, today)
    if not readings:
        return f'"{text}" isn\'t a real date; write dates as year-month-day, like {today}'
    spelled = " or ".join(reading.isoformat() for reading in readings)
    if len(readings) == 1:
        return f'write "{text}" as {spelled}: dates are written year-month-day'
    return f'"{text}" is ambiguous (day-first or month-first?); write it as {spelled}'


def _slashed_readings(match: re.Match[str], today: date) -> list[date]:
    """The real dates a slash or dot date could mean: day-first first, then month-first."""
    a, b, c = match["a"], match["b"], match["c"]
    if len(a) == 4:
        # Year first is only ever year-month-day.
        orders = [(int(a), int(b), int(c))] if c and len(c) <= 2 else []
    else:
        if c is None:
            year = today.year
        elif len(c) <= 2:
            year = 2000 + int(c)
        elif len(c) == 4:
            year = int(c)
        else:
            return []
        orders = [(year, int(b), int(a)), (year, int(a), int(b))]
    readings: list[date] = []
    for year, month, day in orders:
        try:
            reading = date(year, month, day)
        except ValueError:
            continue
        if reading not in readings:
            readings.append(reading)
    return readings


def _whole_months(earlier: date, later: date) -> int:
    """Whole calendar months from `earlier` to `later`, stepping as `add(months=...)` does.

    Not pendulum's `Interval.in_months()`: it is off by one around 30-day months (26 Oct to
    25 Nov counts as a month; pendulum issues #606 and #790). Nor pendulum at all: the People
    list says "3 months ago" in its first rows, and importing pendulum costs 70 ms of launch.
    """
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if months > 0 and _months_after(earlier, months) > later:
        months -= 1
    return months


def _months_after(day: date, months: int) -> date:
    """The same day `months` calendar months on, or the month's last day if it is shorter
    (31 Jan + 1 month is 28 or 29 Feb): what pendulum's add(months=...) gives."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    # The month's last day, without the calendar module (it imports locale: 9 ms).
    last = 31 if month == 12 else (date(year, month + 1, 1) - date.resolution).day
    return date(year, month, min(day.day, last))


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def _day(when: date) -> date:
    return when.date() if isinstance(when, datetime) else when


def _plain(day: date) -> date:
    # pendulum.Date minus pendulum.Date is an Interval, not a timedelta; callers get plain dates.
    return date(day.year, day.month, day.day)
