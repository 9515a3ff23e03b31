"""The clients that need attention today, read from the book for the guided review.

One query per reason, each returning only the rows concerned (the lapses come from
the review's own aggregate query), gathered per client; no interaction is loaded.
Archived clients are out; churned ones are walked only for what the review lists
of them (overdue items, handoffs at risk, birthdays), never for their cadence.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import TypeVar

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from amtui.domain.attention import (
    BIRTHDAY_DAYS,
    Attention,
    ContactBirthday,
    OverdueAgendaItem,
)
from amtui.domain.review import HandoffRisk
from amtui.store.birthdays import coming_birthdays
from amtui.store.database import Database
from amtui.store.models import Account, AgendaItem, Handoff
from amtui.store.review import (
    HANDOFF_RISK_ORDER,
    cadence_lapses,
    handoff_at_risk,
    handoff_risk_columns,
    overdue_on,
)

T = TypeVar("T")
Grouped = dict[int, list[T]]


def clients_needing_attention(db: Database, today: date) -> list[Attention]:
    """Every live client past its cadence (churned ones have none), with agenda items
    overdue, a handoff at risk or a contact's birthday in the next two weeks: the
    clients behind the review's lists, the worst first."""
    with db.read() as session:
        lapses = {lapse.account_id: lapse for lapse in cadence_lapses(session, today)}
        overdue = _overdue_items(session, today)
        handoffs = _handoffs_at_risk(session, today)
        birthdays = _birthdays(session, today)
        concerned = set().union(lapses, overdue, handoffs, birthdays)
        found = [
            Attention(
                account_id=account_id,
                name=name,
                status=status,
                tier=tier,
                cadence_days=cadence_days,
                lapse=lapses.get(account_id),
                overdue=tuple(overdue.get(account_id, ())),
                handoffs=tuple(handoffs.get(account_id, ())),
                birthdays=tuple(birthdays.get(account_id, ())),
            )
            for account_id, name, status, tier, cadence_days in session.execute(
                select(
                    Account.id,
                    Account.name,
                    Account.status,
                    Account.tier,
                    Account.cadence_days,
                ).where(Account.archived.is_(False))
            )
            if account_id in concerned
        ]
    return sorted(found, key=Attention.rank)


def overdue_of(account_id: int, today: date) -> ColumnElement[bool]:
    """The open agenda items of one client that the guided review shows as overdue."""
    return and_(
        AgendaItem.account_id == account_id,
        AgendaItem.done_at.is_(None),
        overdue_on(today),
    )


def _overdue_items(session: Session, today: date) -> Grouped[OverdueAgendaItem]:
    query = (
        select(
            AgendaItem.account_id,
            AgendaItem.id,
            AgendaItem.title,
            AgendaItem.kind,
            AgendaItem.due_on,
        )
        .where(overdue_on(today), AgendaItem.account_id.is_not(None))
        .order_by(AgendaItem.due_on, AgendaItem.id)
    )
    return _grouped(
        (account_id, OverdueAgendaItem(*item))
        for account_id, *item in session.execute(query)
    )


def _handoffs_at_risk(session: Session, today: date) -> Grouped[HandoffRisk]:
    query = (
        select(Handoff.account_id, *handoff_risk_columns())
        .where(handoff_at_risk(today))
        .order_by(*HANDOFF_RISK_ORDER)
    )
    return _grouped(
        (account_id, HandoffRisk(*risk)) for account_id, *risk in session.execute(query)
    )


def _birthdays(session: Session, today: date) -> Grouped[ContactBirthday]:
    """Birthdays not yet wished from today to two weeks ahead, the soonest first."""
    coming = coming_birthdays(session, today, today + timedelta(days=BIRTHDAY_DAYS))
    return _grouped(
        (birthday.account_id, ContactBirthday(birthday.name, birthday.on))
        for birthday in coming
    )


def _grouped(pairs: Iterable[tuple[int, T]]) -> Grouped[T]:
    """Values by account id, in the order they come."""
    grouped: Grouped[T] = defaultdict(list)
    for account_id, value in pairs:
        grouped[account_id].append(value)
    return grouped
