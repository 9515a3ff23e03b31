"""Contact health against cadence, and the agenda's horizon."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from amtui.domain.agenda import AgendaHorizon, Bucket
from amtui.domain.contact import ContactHealth, contact_health, days_since


@pytest.mark.parametrize(
    ("days", "health"),
    [
        (0, ContactHealth.OK),
        (29, ContactHealth.OK),
        (30, ContactHealth.DUE),
        (59, ContactHealth.DUE),
        (60, ContactHealth.LAPSED),
        (None, ContactHealth.LAPSED),
    ],
)
def test_amber_at_cadence_red_at_twice_it(
    days: int | None, health: ContactHealth
) -> None:
    assert contact_health(days, cadence_days=30) is health


def test_days_since_counts_local_calendar_days() -> None:
    today = date(2026, 11, 23)
    noon = datetime(2026, 11, 20, 12, tzinfo=UTC)
    assert days_since(noon, today) == (today - noon.astimezone().date()).days
    assert days_since(None, today) is None
    assert days_since(datetime.now(UTC) + timedelta(days=2), date.today()) == 0


def test_horizon_buckets_a_week_starting_today() -> None:
    horizon = AgendaHorizon(date(2026, 11, 27))  # a Friday
    assert horizon.until == date(2026, 12, 3)
    assert horizon.bucket(date(2026, 11, 26)) is Bucket.OVERDUE
    assert horizon.bucket(date(2026, 11, 27)) is Bucket.TODAY
    assert horizon.bucket(date(2026, 11, 30)) is Bucket.THIS_WEEK  # next Monday
    assert horizon.bucket(date(2026, 12, 3)) is Bucket.THIS_WEEK
    assert horizon.bucket(date(2026, 12, 4)) is Bucket.LATER
