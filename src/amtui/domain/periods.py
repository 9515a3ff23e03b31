"""Calendar spans the review reasons in: ISO weeks, and objective periods (a month
`2026-11`, a quarter `2026-Q4`, a year `2026`).

Both are spans of local calendar days, first and last day included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

FIRST_YEAR, LAST_YEAR = 1900, 2200  # the years a book may hold
_WEEK = re.compile(r"(\d{4})-?W(\d{1,2})")
_PERIOD = re.compile(r"(\d{4})(?:-(?:(\d{2})|Q(\d)))?")


class PeriodError(ValueError):
    """A week or a period that does not exist, said the way the user wrote it."""


@dataclass(frozen=True, order=True)
class IsoWeek:
    """An ISO 8601 week: Monday to Sunday, week 1 holding the year's first Thursday."""

    year: int
    week: int

    @classmethod
    def of(cls, day: date) -> IsoWeek:
        year, week, _ = day.isocalendar()
        return cls(year, week)

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        """`2026-W48` (or `2026W48`, `2026-w48`); a week the year lacks is refused."""
        match = _WEEK.fullmatch(text.strip().upper())
        if match is None:
            raise PeriodError(f"{text.strip()!r} is not a week: write it like 2026-W48")
        year, week = int(match[1]), int(match[2])
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise PeriodError(f"{year} is out of range ({FIRST_YEAR} to {LAST_YEAR})")
        weeks = date(year, 12, 28).isocalendar().week  # 28 Dec is always in the last
        if not 1 <= week <= weeks:
            raise PeriodError(f"{year} has weeks 1 to {weeks}, not {week}")
        return cls(year, week)

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    def shifted(self, weeks: int) -> IsoWeek:
        return IsoWeek.of(self.monday + timedelta(weeks=weeks))

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02}"

    def describe(self) -> str:
        """`2026-W48 · 23-29 Nov 2026`, the way the review's title shows it."""
        first, last = self.monday, self.sunday
        end = f"{last.day} {last:%b %Y}"
        if first.year != last.year:
            days = f"{first.day} {first:%b %Y} - {end}"
        elif first.month != last.month:
            days = f"{first.day} {first:%b} - {end}"
        else:
            days = f"{first.day}-{end}"
        return f"{self} · {days}"


@dataclass(frozen=True)
class Period:
    """An objective's period: its name as stored and its first and last day."""

    name: str
    first: date
    last: date

    @classmethod
    def parse(cls, text: str) -> Period:
        """`2026`, `2026-11` or `2026-Q4` (any case); anything else is refused."""
        name = text.strip().upper()
        match = _PERIOD.fullmatch(name)
        if match is None:
            raise PeriodError(
                f"{text.strip()!r} is not a period: "
                "a month (2026-11), a quarter (2026-Q4) or a year (2026)"
            )
        year = int(match[1])
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise PeriodError(f"{year} is out of range ({FIRST_YEAR} to {LAST_YEAR})")
        if match[2] is not None:
            month = int(match[2])
            if not 1 <= month <= 12:
                raise PeriodError(f"{name}: a month is 01 to 12")
            return cls(name, date(year, month, 1), _month_end(year, month))
        if match[3] is not None:
            quarter = int(match[3])
            if not 1 <= quarter <= 4:
                raise PeriodError(f"{name}: a quarter is Q1 to Q4")
            first_month = 3 * quarter - 2
            last = _month_end(year, first_month + 2)
            return cls(name, date(year, first_month, 1), last)
        return cls(name, date(year, 1, 1), date(year, 12, 31))

    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def span_order(self) -> int:
        """0 for a month, 1 for a quarter, 2 for a year: the shortest first."""
        if len(self.name) == 4:
            return 2
        return 1 if "Q" in self.name else 0

    def elapsed_days(self, as_of: date) -> int:
        """Days of the period up to and including `as_of` (0 before, all after)."""
        if as_of < self.first:
            return 0
        return (min(as_of, self.last) - self.first).days + 1


def periods_touching(first: date, last: date) -> list[str]:
    """The names of every month, quarter and year sharing a day with `first`…`last`."""
    names: list[str] = []
    day = first
    while day <= last:
        for name in (
            f"{day:%Y-%m}",
            f"{day.year}-Q{(day.month - 1) // 3 + 1}",
            f"{day.year}",
        ):
            if name not in names:
                names.append(name)
        day = _month_end(day.year, day.month) + timedelta(days=1)
    return names


def _month_end(year: int, month: int) -> date:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return following - timedelta(days=1)
