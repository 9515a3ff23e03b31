"""Calendar days as the user lives them."""

from __future__ import annotations

from datetime import date, datetime


def local_date(instant: datetime) -> date:
    """The user's local calendar day of a (UTC) instant."""
    return instant.astimezone().date()
