"""Coming birthdays of the contacts of live clients, for the agenda and the guided
review alike.

Two queries whatever the window: the contacts born on one of its days, then the gifts
already logged to them. A gift logged in the `GIFT_DAYS` before a birthday (or on
the day) means the wishes were sent: that birthday is no longer shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from amtui.domain.contact import birthdays_between
from amtui.domain.dates import day_start, local_date
from amtui.store.models import Account, Contact, Interaction
from amtui.vocabulary import InteractionKind

GIFT_DAYS = 14


@dataclass(frozen=True)
class Birthday:
    contact_id: int
    name: str
    role: str | None
    account_id: int
    account_name: str
    on: date


def coming_birthdays(session: Session, first: date, last: date) -> list[Birthday]:
    """Birthdays from `first` to `last` not yet wished, the soonest first."""
    days = {(month, day): on for month, day, on in birthdays_between(first, last)}
    if not days:
        return []
    born = or_(
        *(
            and_(Contact.birthday_month == month, Contact.birthday_day.between(*span))
            for month, span in _day_spans(days).items()
        )
    )
    query = (
        select(
            Contact.id,
            Contact.name,
            Contact.role,
            Account.id,
            Account.name,
            Contact.birthday_month,
            Contact.birthday_day,
        )
        .join(Account, Account.id == Contact.account_id)
        .where(born, Account.archived.is_(False))
    )
    found = [
        Birthday(contact_id, name, role, account_id, account_name, days[month, day])
        for contact_id, name, role, account_id, account_name, month, day in (
            session.execute(query)
        )
    ]
    wished = _gifts(session, [b.contact_id for b in found], first)
    coming = [
        birthday
        for birthday in found
        if not any(
            birthday.on - timedelta(days=GIFT_DAYS) <= gift <= birthday.on
            for gift in wished.get(birthday.contact_id, ())
        )
    ]
    return sorted(coming, key=lambda b: (b.on, b.name.casefold(), b.contact_id))


def _day_spans(days: Iterable[tuple[int, int]]) -> dict[int, tuple[int, int]]:
    """The first and last day of each month among `days`, consecutive days of the
    calendar: one index range per month instead of one lookup per day (which the
    database would turn into a scan of the whole month)."""
    spans: dict[int, tuple[int, int]] = {}
    for month, day in days:
        first, last = spans.get(month, (day, day))
        spans[month] = (min(first, day), max(last, day))
    return spans


def _gifts(
    session: Session, contact_ids: list[int], first: date
) -> dict[int, list[date]]:
    """The local days of the gifts logged to these contacts since `GIFT_DAYS` before
    `first`."""
    if not contact_ids:
        return {}
    query = select(Interaction.contact_id, Interaction.occurred_at).where(
        Interaction.contact_id.in_(contact_ids),
        Interaction.kind == InteractionKind.GIFT,
        Interaction.occurred_at >= day_start(first - timedelta(days=GIFT_DAYS)),
    )
    gifts: dict[int, list[date]] = {}
    for contact_id, occurred_at in session.execute(query):
        gifts.setdefault(contact_id, []).append(local_date(occurred_at))
    return gifts
