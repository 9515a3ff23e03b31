"""The one date parser of forms and the command line: `tomorrow 14:30`, `+3d`, `fri`.

The grammar is small and deterministic, and "today" is always passed in.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, time

DATE_FORMS = "YYYY-MM-DD, today, tomorrow, +3d, +2w, mon…sun, next week"

MIN_YEAR = 1900
MAX_YEAR = 2200
WEEKDAYS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WORD_OFFSETS = {"today": 0, "tomorrow": 1, "yesterday": -1}
_OFFSET_WORDS = {days: word for word, days in _WORD_OFFSETS.items()}

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_RELATIVE = re.compile(r"([+-])(\d+)([dw])", re.ASCII)
_TIME = re.compile(r"(\d{1,2}):(\d{2})", re.ASCII)
_MAX_DIGITS = 9
_FIRST = date(MIN_YEAR, 1, 1).toordinal()
_LAST = date(MAX_YEAR, 12, 31).toordinal()


class DateError(ValueError):
    """A date the user typed that cannot be understood; str() is one clear sentence."""


@dataclass(frozen=True)
class When:
    """A calendar day, with an optional time of day."""

    day: date
    at: time | None = None


def looks_like_time(word: str) -> bool:
    """Whether `word` has the shape of a time of day (`H:MM` or `HH:MM`)."""
    return _TIME.fullmatch(word.strip()) is not None


def parse_when(text: str, today: date) -> When:
    """Parse a day with an optional `HH:MM` after it; a time alone means today."""
    day, time_word = _day_and_time_word(text, today)
    return When(day, _parse_time(time_word) if time_word else None)


def parse_day(text: str, today: date) -> date:
    """Parse a day; a time of day is an error here."""
    day, time_word = _day_and_time_word(text, today)
    if time_word:
        raise DateError("this date takes no time of day")
    return day


def parse_optional_when(text: str, today: date) -> When | None:
    """`parse_when`, with a blank text meaning no date."""
    return parse_when(text, today) if text.strip() else None


def parse_optional_day(text: str, today: date) -> date | None:
    """`parse_day`, with a blank text meaning no date."""
    return parse_day(text, today) if text.strip() else None


def describe_when(when: When, today: date) -> str:
    """A short preview such as `Fri 27 Nov 2026 14:30 · in 4 days`."""
    day = when.day
    shown = f"{WEEKDAYS[day.weekday()][:3].title()} {day.day} {MONTHS[day.month - 1][:3]} {day.year}"
    if when.at is not None:
        shown += f" {when.at:%H:%M}"
    return f"{shown} · {_relative(day, today)}"


def _relative(day: date, today: date) -> str:
    """`today`, `tomorrow`, `yesterday`, `in N days` or `N days ago`."""
    days = (day - today).days
    if days in _OFFSET_WORDS:
        return _OFFSET_WORDS[days]
    return f"in {days} days" if days > 0 else f"{-days} days ago"


def _day_and_time_word(text: str, today: date) -> tuple[date, str | None]:
    """The day the text names (today if only a time), and its trailing time word."""
    words = text.split()
    if not words:
        raise DateError("a date is required")
    time_word = words.pop() if looks_like_time(words[-1]) else None
    day = _parse_date_words(words, text.strip(), today) if words else today
    return day, time_word


def _parse_date_words(words: list[str], typed: str, today: date) -> date:
    """Turn the date words into a day within the supported years."""
    shown = " ".join(words)
    key = shown.casefold()
    if iso := _ISO.fullmatch(key):
        return _iso_day(shown, *(int(part) for part in iso.groups()))
    if key in _WORD_OFFSETS:
        return _shifted(today, _WORD_OFFSETS[key], shown)
    if key == "next week":
        return _shifted(today, 7 - today.weekday(), shown)
    if (weekday := _weekday(key)) is not None:
        return _shifted(today, (weekday - today.weekday() - 1) % 7 + 1, shown)
    if key[0] in "+-":
        return _relative_day(key, shown, today)
    raise DateError(f"'{typed}' is not a date I know: write {DATE_FORMS}")


def _weekday(key: str) -> int | None:
    """The weekday number (0 = Monday) of a day name such as `fri` or `friday`."""
    for number, name in enumerate(WEEKDAYS):
        if key in (name, name[:3]):
            return number
    return None


def _relative_day(key: str, shown: str, today: date) -> date:
    """`+3d`, `-2w`: a number of days or weeks from today."""
    match = _RELATIVE.fullmatch(key)
    if match is None:
        raise DateError(f"'{shown}': write a number of days or weeks, like +3d or +2w")
    sign, count, unit = match.groups()
    if len(count.lstrip("0")) > _MAX_DIGITS:  # far out of range, and int() has limits
        raise _out_of_range(shown)
    days = int(count) * (7 if unit == "w" else 1)
    return _shifted(today, -days if sign == "-" else days, shown)


def _shifted(today: date, days: int, shown: str) -> date:
    """`today` moved by `days`, refusing to leave the supported years."""
    ordinal = today.toordinal() + days
    if not _FIRST <= ordinal <= _LAST:
        raise _out_of_range(shown)
    return date.fromordinal(ordinal)


def _iso_day(shown: str, year: int, month: int, day: int) -> date:
    """A `YYYY-MM-DD` day, explaining exactly what is wrong with an impossible one."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _out_of_range(shown)
    if not 1 <= month <= 12:
        raise DateError(f"{shown} is not a date: there is no month {month}")
    if day < 1:
        raise DateError(f"{shown} is not a date: there is no day {day}")
    length = calendar.monthrange(year, month)[1]
    if day > length:
        raise DateError(
            f"{shown} is not a date: {MONTHS[month - 1]} {year} has {length} days"
        )
    return date(year, month, day)


def _out_of_range(shown: str) -> DateError:
    return DateError(f"{shown} is out of range (years {MIN_YEAR} to {MAX_YEAR})")


def _parse_time(word: str) -> time:
    """An `H:MM` or `HH:MM` time of day on the 24-hour clock."""
    hours, minutes = (int(part) for part in word.split(":"))
    if hours > 23 or minutes > 59:
        raise DateError(f"{word} is not a time: use HH:MM from 00:00 to 23:59")
    return time(hours, minutes)
