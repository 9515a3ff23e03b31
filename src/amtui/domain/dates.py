"""Calendar days as the user lives them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

NOON = time(12, 0)


def local_date(instant: datetime) -> date:
    """The user's local calendar day of a (UTC) instant."""
    return instant.astimezone().date()


def local_instant(day: date, at: time | None, now: datetime) -> datetime:
    """The UTC instant of `day` at local time `at`: without a time, now if `day` is
    today, else local noon (a day's neutral middle, safe from zone shifts)."""
    if at is None and day == local_date(now):
        return now.astimezone(UTC)
    return datetime.combine(day, at or NOON).astimezone().astimezone(UTC)


def local_wall_time(instant: datetime) -> tuple[date, time]:
    """The local day and minute of a (UTC) instant, as a form shows them."""
    local = instant.astimezone()
    return local.date(), local.time().replace(second=0, microsecond=0)


def day_start(day: date) -> datetime:
    """The UTC instant at which the local calendar `day` begins."""
    return datetime.combine(day, time()).astimezone().astimezone(UTC)
