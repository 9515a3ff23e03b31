"""How a date reads in lists: one of a few named styles, or a strftime pattern.

A style has a form for dates in the current year and one for other years, so that
the short styles stay short; a pattern is used for both. A pattern is checked once,
when it is read: date directives only, and it must tell days and months apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property

WIDEST = 12  # cells: a wider date crowds the names out of the lists at 80 columns
_DIRECTIVE = re.compile(r"%(?:[-_0^#]?[aAbBCdDeFgGhjmuUVwWxyY]|%)")
_YEAR = 2026


@dataclass(frozen=True)
class DateFormat:
    """A date style: `this_year` for dates in today's year, `other_year` otherwise."""

    name: str
    this_year: str
    other_year: str

    def __call__(self, day: date, today: date) -> str:
        pattern = self.this_year if day.year == today.year else self.other_year
        return day.strftime(pattern)

    @cached_property
    def width(self) -> int:
        """The widest date it writes, in characters: what a date column needs."""
        today = date(_YEAR, 1, 1)
        return max(
            len(self(date(year, month, day), today))
            for year in (_YEAR, _YEAR - 1)
            for month in range(1, 13)
            for day in range(22, 29)  # every weekday, two-digit days
        )


SHORT = DateFormat("short", "%d %b", "%b'%y")
NAMED = {
    style.name: style
    for style in (
        SHORT,
        DateFormat("iso", "%Y-%m-%d", "%Y-%m-%d"),
        DateFormat("day/month", "%d/%m", "%d/%m/%y"),
        DateFormat("month/day", "%m/%d", "%m/%d/%y"),
    )
}


def parse_date_format(text: str) -> DateFormat:
    """The named style `text`, or `text` as a strftime pattern; ValueError says what
    is wrong with it."""
    named = NAMED.get(text.strip().lower())
    if named is not None:
        return named
    if "%" not in text:
        names = ", ".join(repr(name) for name in NAMED)
        raise ValueError(f"{text!r} is none of {names}, nor a strftime pattern")
    if not text.isprintable():
        raise ValueError("a date format cannot hold control characters")
    rest = _DIRECTIVE.sub("", text)
    if "%" in rest:
        bad = rest[rest.index("%") :][:2]
        raise ValueError(f"{bad!r} in {text!r} is not a date directive")
    style = DateFormat(text, text, text)
    first = date(_YEAR, 1, 2)  # a Friday
    if style(first, first) == style(date(_YEAR, 1, 3), first):
        raise ValueError(f"{text!r} does not show the day")
    if style(first, first) == style(date(_YEAR, 10, 2), first):  # a Friday too
        raise ValueError(f"{text!r} does not show the month")
    if style.width > WIDEST:
        raise ValueError(f"{text!r} writes dates wider than {WIDEST} characters")
    return style
