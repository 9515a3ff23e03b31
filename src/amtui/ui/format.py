"""How dates, times and counts read on screen: short, local, unambiguous."""

from __future__ import annotations

from datetime import date, time
from typing import TYPE_CHECKING

from amtui.domain.agenda import AgendaHorizon, Bucket

if TYPE_CHECKING:
    from amtui.domain.date_format import DateFormat


def due_label(
    due_on: date, due_time: time | None, horizon: AgendaHorizon, dates: DateFormat
) -> str:
    """`3d late`, `today 14:30`, `Thu 26`: when an agenda item is due, relative to
    today; a later one in the user's date format."""
    bucket = horizon.bucket(due_on)
    if bucket is Bucket.OVERDUE:
        label = f"{(horizon.today - due_on).days}d late"
    elif bucket is Bucket.TODAY:
        label = "today"
    elif bucket is Bucket.THIS_WEEK:
        label = due_on.strftime("%a %d")
    else:
        label = dates(due_on, horizon.today)
    if due_time is not None and bucket is not Bucket.OVERDUE:
        label = f"{label} {due_time:%H:%M}"
    return label


def humanize(value: str) -> str:
    """An enum value as words: `in_progress` → `in progress`."""
    return value.replace("_", " ")


def compact_count(count: int) -> str:
    """`950`, `9,500`, `27.6k`, `1.2M`: a count in at most six cells."""
    if count < 10_000:
        return f"{count:,}"
    if count < 1_000_000:
        return f"{count / 1000:.1f}k"
    return f"{count / 1_000_000:.1f}M"
