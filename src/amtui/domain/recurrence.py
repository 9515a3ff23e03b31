"""Repeating agenda items: when the next occurrence falls due."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from amtui.vocabulary import Recurrence


def next_occurrence(due_on: date, recurrence: Recurrence) -> date | None:
    """The due day after `due_on`; monthly keeps the day, clamped to the month's end."""
    if recurrence == Recurrence.WEEKLY:
        return due_on + timedelta(weeks=1)
    if recurrence == Recurrence.MONTHLY:
        return _next_month(due_on)
    return None


def occurrence_after(due_on: date, recurrence: Recurrence, today: date) -> date | None:
    """The first due day of the series after both `due_on` and `today`: an item ticked
    weeks late comes back next time, not as a backlog of overdue copies."""
    following = next_occurrence(due_on, recurrence)
    while following is not None and following <= today:
        following = next_occurrence(following, recurrence)
    return following


def _next_month(day: date) -> date:
    """The same day of the following month, or that month's last day if shorter."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
