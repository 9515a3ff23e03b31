"""Repeating agenda items: weekly and monthly, with month ends clamped."""

from __future__ import annotations

from datetime import date

import pytest

from amtui.domain.recurrence import next_occurrence, occurrence_after
from amtui.vocabulary import Recurrence


@pytest.mark.parametrize(
    ("due_on", "following"),
    [
        (date(2026, 11, 23), date(2026, 11, 30)),
        (date(2026, 12, 28), date(2027, 1, 4)),
        (date(2024, 2, 26), date(2024, 3, 4)),
        (date(2026, 2, 26), date(2026, 3, 5)),
    ],
)
def test_weekly_is_seven_days_later(due_on: date, following: date) -> None:
    assert next_occurrence(due_on, Recurrence.WEEKLY) == following


@pytest.mark.parametrize(
    ("due_on", "following"),
    [
        (date(2026, 11, 15), date(2026, 12, 15)),
        (date(2026, 12, 15), date(2027, 1, 15)),
        (date(2026, 12, 31), date(2027, 1, 31)),
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2024, 1, 31), date(2024, 2, 29)),
        (date(2026, 1, 29), date(2026, 2, 28)),
        (date(2026, 1, 28), date(2026, 2, 28)),
        (date(2026, 3, 31), date(2026, 4, 30)),
        (date(2026, 2, 28), date(2026, 3, 28)),
        (date(2026, 8, 31), date(2026, 9, 30)),
        (date(2026, 1, 1), date(2026, 2, 1)),
    ],
)
def test_monthly_keeps_the_day_clamped_to_the_month_end(
    due_on: date, following: date
) -> None:
    assert next_occurrence(due_on, Recurrence.MONTHLY) == following


def test_no_recurrence_has_no_next_occurrence() -> None:
    assert next_occurrence(date(2026, 11, 23), Recurrence.NONE) is None


def test_a_series_ticked_late_comes_back_after_today() -> None:
    today = date(2026, 11, 23)
    weekly, monthly = Recurrence.WEEKLY, Recurrence.MONTHLY
    assert occurrence_after(date(2026, 11, 2), weekly, today) == date(2026, 11, 30)
    assert occurrence_after(date(2026, 11, 20), weekly, today) == date(2026, 11, 27)
    assert occurrence_after(date(2026, 11, 16), weekly, today) == date(2026, 11, 30)
    assert occurrence_after(date(2026, 12, 1), weekly, today) == date(2026, 12, 8)
    assert occurrence_after(date(2026, 8, 23), monthly, today) == date(2026, 12, 23)
    assert occurrence_after(date(2026, 8, 23), Recurrence.NONE, today) is None
