"""Staying in touch: how long since a client last heard from us, against its cadence."""

from __future__ import annotations

import enum
from datetime import date, datetime, timedelta

from amtui.domain.dates import local_date


class ContactHealth(enum.Enum):
    """OK within the cadence; DUE from the cadence on; LAPSED from twice the cadence."""

    OK = "ok"
    DUE = "due"
    LAPSED = "lapsed"


def days_since(instant: datetime | None, today: date) -> int | None:
    """Whole days between `instant` (shown in local time) and `today`; None if never."""
    if instant is None:
        return None
    return max(0, (today - local_date(instant)).days)


def contact_health(days: int | None, cadence_days: int) -> ContactHealth:
    """Amber at the account's cadence, red at twice it; never contacted counts as lapsed."""
    if days is None or days >= 2 * cadence_days:
        return ContactHealth.LAPSED
    if days >= cadence_days:
        return ContactHealth.DUE
    return ContactHealth.OK


def birthdays_between(first: date, last: date) -> list[tuple[int, int, date]]:
    """(month, day, date) for every birthday falling from `first` to `last`: each
    calendar day, plus 29 February on the 28th of a common year."""
    found = []
    day = first
    while day <= last:
        found.append((day.month, day.day, day))
        if day.month == 2 and day.day == 28 and not _is_leap(day.year):
            found.append((2, 29, day))
        day += timedelta(days=1)
    return found


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
