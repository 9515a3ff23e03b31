"""The cockpit's queries. Each list is a keyset `Pager`; each has an index behind it.

Names of related rows come from scalar subqueries rather than joins, so that a list's
count (which keeps only the sort keys) never touches another table.

Filters are case-insensitive substring matches with LIKE wildcards escaped, so a `%`
or `_` typed by the user means itself.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, case, func, select

from amtui.store.database import Database
from amtui.store.models import (
    Account,
    AgendaItem,
    Contact,
    Deliverable,
    Handoff,
    Interaction,
    name_key,
)
from amtui.store.paging import Pager
from amtui.store.rows import (
    AgendaCounts,
    AgendaRow,
    ClientRow,
    HandoffRow,
    InteractionRow,
)
from amtui.store.sqlite import casefold
from amtui.store.types import HandoffStatus


def _matches(column: Any, text: str) -> ColumnElement[bool]:
    return casefold(column).contains(text.strip().casefold(), autoescape=True)


def client_pager(db: Database, text: str = "") -> Pager[ClientRow]:
    """Live accounts by name, with their last contact and next open agenda date."""
    last_contact = (
        select(func.max(Interaction.occurred_at))
        .where(Interaction.account_id == Account.id)
        .scalar_subquery()
    )
    next_due = (
        select(func.min(AgendaItem.due_on))
        .where(AgendaItem.account_id == Account.id, AgendaItem.done_at.is_(None))
        .scalar_subquery()
    )
    query = select(
        Account.id,
        Account.name,
        Account.name_key,
        Account.status,
        Account.phase,
        Account.cadence_days,
        last_contact.label("last_contact_at"),
        next_due.label("next_due_on"),
    ).where(Account.archived.is_(False))
    if text.strip():
        query = query.where(Account.name_key.contains(name_key(text), autoescape=True))

    def to_row(row: Row[Any]) -> ClientRow:
        return ClientRow(**row._mapping)

    return Pager(
        db,
        query,
        keys=(Account.name_key, Account.id),
        to_row=to_row,
        key_of=lambda row: (row.name_key, row.id),
    )


def interaction_pager(
    db: Database, account_id: int, text: str = ""
) -> Pager[InteractionRow]:
    """One account's timeline, newest first."""
    contact_name = (
        select(Contact.name)
        .where(Contact.id == Interaction.contact_id)
        .scalar_subquery()
    )
    query = select(
        Interaction.id,
        Interaction.occurred_at,
        Interaction.kind,
        Interaction.summary,
        contact_name.label("contact_name"),
    ).where(Interaction.account_id == account_id)
    if text.strip():
        query = query.where(_matches(Interaction.summary, text))
    return Pager(
        db,
        query,
        keys=(Interaction.occurred_at, Interaction.id),
        to_row=lambda row: InteractionRow(**row._mapping),
        key_of=lambda row: (row.occurred_at, row.id),
        descending=True,
    )


def agenda_pager(db: Database, until: date, text: str = "") -> Pager[AgendaRow]:
    """Open agenda items due on or before `until`, across the whole book, soonest first."""
    account_name = (
        select(Account.name)
        .where(Account.id == AgendaItem.account_id)
        .scalar_subquery()
    )
    query = select(
        AgendaItem.id,
        AgendaItem.due_on,
        AgendaItem.due_time,
        AgendaItem.title,
        AgendaItem.kind,
        account_name.label("account_name"),
    ).where(AgendaItem.done_at.is_(None), AgendaItem.due_on <= until)
    if text.strip():
        query = query.where(_matches(AgendaItem.title, text))
    return Pager(
        db,
        query,
        keys=(AgendaItem.due_on, AgendaItem.id),
        to_row=lambda row: AgendaRow(**row._mapping),
        key_of=lambda row: (row.due_on, row.id),
    )


def agenda_counts(db: Database, today: date, until: date) -> AgendaCounts:
    """How many open items are overdue, due today, and due after today up to `until`."""
    open_items = and_(AgendaItem.done_at.is_(None), AgendaItem.due_on <= until)
    query = select(
        func.count(case((AgendaItem.due_on < today, 1))),
        func.count(case((AgendaItem.due_on == today, 1))),
        func.count(case((AgendaItem.due_on > today, 1))),
    ).where(open_items)
    with db.read() as session:
        overdue, due_today, upcoming = session.execute(query).one()
    return AgendaCounts(overdue=overdue, today=due_today, upcoming=upcoming)


def handoff_pager(db: Database, account_id: int, text: str = "") -> Pager[HandoffRow]:
    """One account's handoffs that are not closed, by due date (undated last)."""
    done = (
        select(func.count())
        .where(Deliverable.handoff_id == Handoff.id, Deliverable.done.is_(True))
        .scalar_subquery()
    )
    total = (
        select(func.count())
        .where(Deliverable.handoff_id == Handoff.id)
        .scalar_subquery()
    )
    due_key = func.coalesce(Handoff.due_on, date.max)
    query = select(
        Handoff.id,
        Handoff.title,
        Handoff.status,
        Handoff.project_manager,
        Handoff.due_on,
        done.label("deliverables_done"),
        total.label("deliverables_total"),
        due_key.label("due_key"),
    ).where(Handoff.account_id == account_id, Handoff.status != HandoffStatus.CLOSED)
    if text.strip():
        query = query.where(_matches(Handoff.title, text))

    def to_row(row: Row[Any]) -> HandoffRow:
        fields = dict(row._mapping)
        fields.pop("due_key")
        return HandoffRow(**fields)

    return Pager(
        db,
        query,
        keys=(due_key, Handoff.id),
        to_row=to_row,
        key_of=lambda row: (row.due_on or date.max, row.id),
    )
