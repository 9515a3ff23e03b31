"""Staying in touch: how long since a client last heard from us, against its cadence."""

from __future__ import annotations

import enum
from datetime import date, datetime

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
