"""ISO weeks and objective periods: boundaries, year ends, and refusals."""

from __future__ import annotations

from datetime import date

import pytest

from amtui.domain.periods import IsoWeek, Period, PeriodError, periods_touching


@pytest.mark.parametrize(
    ("day", "week"),
    [
        (date(2026, 11, 23), "2026-W48"),
        (date(2026, 11, 29), "2026-W48"),
        (date(2026, 11, 30), "2026-W49"),
        (date(2026, 12, 31), "2026-W53"),  # a Thursday: 2026 has 53 weeks
        (date(2027, 1, 3), "2026-W53"),
        (date(2027, 1, 4), "2027-W01"),
        (date(2024, 12, 30), "2025-W01"),  # Monday of the next year's first week
        (date(2021, 1, 3), "2020-W53"),
    ],
)
def test_the_week_of_a_day_follows_iso_8601(day: date, week: str) -> None:
    assert str(IsoWeek.of(day)) == week


def test_a_week_runs_monday_to_sunday() -> None:
    week = IsoWeek.parse("2026-W53")
    assert (week.monday, week.sunday) == (date(2026, 12, 28), date(2027, 1, 3))


@pytest.mark.parametrize(
    ("start", "weeks", "expected"),
    [
        ("2026-W48", -1, "2026-W47"),
        ("2026-W53", 1, "2027-W01"),
        ("2027-W01", -1, "2026-W53"),
        ("2026-W01", -1, "2025-W52"),
        ("2026-W48", -3, "2026-W45"),
    ],
)
def test_stepping_weeks_crosses_year_ends(
    start: str, weeks: int, expected: str
) -> None:
    assert str(IsoWeek.parse(start).shifted(weeks)) == expected


@pytest.mark.parametrize("text", ["2026-W48", "2026W48", "2026-w48", " 2026-W48 "])
def test_a_week_is_read_in_its_usual_spellings(text: str) -> None:
    assert IsoWeek.parse(text) == IsoWeek(2026, 48)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-W53", "2025 has weeks 1 to 52, not 53"),
        ("2026-W00", "2026 has weeks 1 to 53, not 0"),
        ("2026-48", "is not a week"),
        ("W48", "is not a week"),
        ("", "is not a week"),
        ("1800-W01", "1800 is out of range"),
    ],
)
def test_a_week_that_does_not_exist_is_refused(text: str, message: str) -> None:
    with pytest.raises(PeriodError, match=message):
        IsoWeek.parse(text)


@pytest.mark.parametrize(
    ("week", "shown"),
    [
        ("2026-W48", "2026-W48 · 23-29 Nov 2026"),
        ("2026-W49", "2026-W49 · 30 Nov - 6 Dec 2026"),
        ("2026-W53", "2026-W53 · 28 Dec 2026 - 3 Jan 2027"),
    ],
)
def test_a_week_describes_its_days(week: str, shown: str) -> None:
    assert IsoWeek.parse(week).describe() == shown


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2026-11", date(2026, 11, 1), date(2026, 11, 30)),
        ("2028-02", date(2028, 2, 1), date(2028, 2, 29)),
        ("2026-12", date(2026, 12, 1), date(2026, 12, 31)),
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-q4", date(2026, 10, 1), date(2026, 12, 31)),
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_a_period_knows_its_first_and_last_day(
    text: str, first: date, last: date
) -> None:
    period = Period.parse(text)
    assert (period.first, period.last) == (first, last)
    assert period.name == text.upper()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-13", "a month is 01 to 12"),
        ("2026-00", "a month is 01 to 12"),
        ("2026-Q5", "a quarter is Q1 to Q4"),
        ("2026-Q0", "a quarter is Q1 to Q4"),
        ("2026-1", "is not a period"),
        ("Nov 2026", "is not a period"),
        ("2201", "out of range"),
    ],
)
def test_a_period_that_does_not_exist_is_refused(text: str, message: str) -> None:
    with pytest.raises(PeriodError, match=message):
        Period.parse(text)


def test_elapsed_days_stop_at_the_period_ends() -> None:
    november = Period.parse("2026-11")
    assert november.days() == 30
    assert november.elapsed_days(date(2026, 10, 31)) == 0
    assert november.elapsed_days(date(2026, 11, 1)) == 1
    assert november.elapsed_days(date(2026, 11, 23)) == 23
    assert november.elapsed_days(date(2027, 1, 1)) == 30


def test_a_week_touches_the_months_quarters_and_years_it_straddles() -> None:
    within = IsoWeek.parse("2026-W48")
    assert periods_touching(within.monday, within.sunday) == [
        "2026-11",
        "2026-Q4",
        "2026",
    ]
    year_end = IsoWeek.parse("2026-W53")
    assert periods_touching(year_end.monday, year_end.sunday) == [
        "2026-12",
        "2026-Q4",
        "2026",
        "2027-01",
        "2027-Q1",
        "2027",
    ]
