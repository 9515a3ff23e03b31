"""Why a client needs attention now, and the order the guided review walks them in.

A client needs attention when it is past its contact cadence, has agenda items
overdue, has a handoff at risk (the review's rules), or when one of its contacts has
a birthday soon. The worst come first: past cadence (the most cadences behind
first), then overdue items (the oldest first), then the rest (the soonest first).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from amtui.domain.review import CadenceLapse, HandoffRisk
from amtui.domain.when import MONTHS, WEEKDAYS
from amtui.vocabulary import AccountStatus, AccountTier, AgendaKind

BIRTHDAY_DAYS = 14  # a birthday this many days ahead, or fewer, is worth a card
_KIND_WORDS = {
    AgendaKind.FOLLOW_UP: "follow-up",
    AgendaKind.MEETING: "meeting",
    AgendaKind.DEADLINE: "deadline",
    AgendaKind.REVIEW: "review",
    AgendaKind.OTHER: "agenda item",
}


@dataclass(frozen=True)
class OverdueAgendaItem:
    """An open agenda item of the client, due before today."""

    id: int
    title: str
    kind: AgendaKind
    due_on: date


@dataclass(frozen=True)
class ContactBirthday:
    """One of the client's contacts has a birthday on `on`."""

    contact_name: str
    on: date


Reason = CadenceLapse | OverdueAgendaItem | HandoffRisk | ContactBirthday


def describe(reason: Reason, today: date) -> str:
    """One line saying why, e.g. `43 days since last contact (cadence 30)`."""
    if isinstance(reason, CadenceLapse):
        if reason.last_contact_on is None:
            return (
                f"never contacted, added {reason.days_since} days ago "
                f"(cadence {reason.cadence_days})"
            )
        return (
            f"{reason.days_since} days since last contact "
            f"(cadence {reason.cadence_days})"
        )
    if isinstance(reason, OverdueAgendaItem):
        since = f"overdue since {day_name(reason.due_on, today)}"
        return f"{_kind_and_title(reason.kind, reason.title)} {since}"
    if isinstance(reason, HandoffRisk):
        return f'handoff "{reason.title}" {reason.reason(today)}'
    when = "today" if reason.on == today else f"on {day_name(reason.on, today)}"
    return f"{reason.contact_name}'s birthday {when}"


def _kind_and_title(kind: AgendaKind, title: str) -> str:
    """`follow-up "Send the proposal"`; only the title when it starts with the kind,
    as `Follow up: …` does."""
    word = _KIND_WORDS[kind]
    if _words(title).startswith(_words(word)):
        return f'"{title}"'
    return f'{word} "{title}"'


def _words(text: str) -> str:
    return text.casefold().replace("-", " ")


def day_name(day: date, today: date) -> str:
    """`Mon 16 Nov`, with the year when it is not today's: `Sun 3 Jan 2027`."""
    shown = (
        f"{WEEKDAYS[day.weekday()][:3].title()} {day.day} {MONTHS[day.month - 1][:3]}"
    )
    return shown if day.year == today.year else f"{shown} {day.year}"


@dataclass(frozen=True)
class Attention:
    """A client that needs attention, with every reason why."""

    account_id: int
    name: str
    status: AccountStatus
    tier: AccountTier
    cadence_days: int
    lapse: CadenceLapse | None
    overdue: tuple[OverdueAgendaItem, ...]  # the oldest first
    handoffs: tuple[HandoffRisk, ...]  # the soonest due first, undated last
    birthdays: tuple[ContactBirthday, ...]  # the soonest first

    @property
    def reasons(self) -> tuple[Reason, ...]:
        lapse = (self.lapse,) if self.lapse is not None else ()
        return (*lapse, *self.overdue, *self.handoffs, *self.birthdays)

    def rank(self) -> tuple[int, float, float, str, int]:
        """The walk's order, worst first; ties go by name, then id."""
        tie = (self.name.casefold(), self.account_id)
        if self.lapse is not None:
            return (0, -self.lapse.severity, -self.lapse.days_over, *tie)
        if self.overdue:
            return (1, self.overdue[0].due_on.toordinal(), -len(self.overdue), *tie)
        if self.handoffs:
            due = self.handoffs[0].due_on or date.max
            return (2, due.toordinal(), 0, *tie)
        return (3, self.birthdays[0].on.toordinal(), 0, *tie)
