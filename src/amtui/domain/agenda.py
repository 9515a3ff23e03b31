"""The agenda's horizon: what is overdue, due today, and due this week."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta

WEEK_DAYS = 7


class Bucket(enum.Enum):
    OVERDUE = "overdue"
    TODAY = "today"
    THIS_WEEK = "this week"
    LATER = "later"


@dataclass(frozen=True)
class AgendaHorizon:
    """The cockpit's agenda: everything open up to the end of the coming week.

    "This week" is the seven days starting today, so that on a Friday the coming
    Monday is in view.
    """

    today: date

    @property
    def until(self) -> date:
        return self.today + timedelta(days=WEEK_DAYS - 1)

    def bucket(self, due_on: date) -> Bucket:
        if due_on < self.today:
            return Bucket.OVERDUE
        if due_on == self.today:
            return Bucket.TODAY
        if due_on <= self.until:
            return Bucket.THIS_WEEK
        return Bucket.LATER
