"""Everything a project manager needs about one handoff, read in one short session."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from amtui.errors import AmtuiError
from amtui.store.database import Database
from amtui.store.models import (
    Account,
    Deliverable,
    Handoff,
)
from amtui.store.queries import contact_pager, interaction_pager, status_changes
from amtui.store.rows import ContactRow, InteractionRow
from amtui.vocabulary import AccountStatus, AccountTier, HandoffStatus

RECENT_INTERACTIONS = 5
CONTACTS_SHOWN = 50


@dataclass(frozen=True)
class DeliverableLine:
    title: str
    due_on: date | None
    done: bool


@dataclass(frozen=True)
class StatusChange:
    from_status: HandoffStatus | None
    to_status: HandoffStatus
    changed_at: datetime


@dataclass(frozen=True)
class HandoffBrief:
    """A handoff, its client's context, and what has been said to the client lately."""

    id: int
    title: str
    project_manager: str | None
    status: HandoffStatus
    brief: str | None
    budget: Decimal | None
    currency: str
    start_on: date | None
    due_on: date | None
    account_name: str
    account_sector: str | None
    account_tier: AccountTier
    account_status: AccountStatus
    account_notes: str | None
    account_archived: bool
    deliverables: tuple[DeliverableLine, ...]
    history: tuple[StatusChange, ...]  # oldest first
    contacts: tuple[ContactRow, ...] = ()  # by name
    interactions: tuple[InteractionRow, ...] = ()  # the latest, newest first


def handoff_brief(db: Database, handoff_id: int) -> HandoffBrief:
    """The brief of handoff `handoff_id`; an `AmtuiError` if there is none."""
    query = select(
        Handoff.id,
        Handoff.account_id,
        Handoff.title,
        Handoff.project_manager,
        Handoff.status,
        Handoff.brief,
        Handoff.budget,
        Handoff.currency,
        Handoff.start_on,
        Handoff.due_on,
        Account.name.label("account_name"),
        Account.sector.label("account_sector"),
        Account.tier.label("account_tier"),
        Account.status.label("account_status"),
        Account.notes.label("account_notes"),
        Account.archived.label("account_archived"),
    ).join(Account, Account.id == Handoff.account_id)
    with db.read() as session:
        row = session.execute(query.where(Handoff.id == handoff_id)).one_or_none()
        if row is None:
            raise AmtuiError(f"no handoff #{handoff_id}")
        fields = dict(row._mapping)
        account_id = fields.pop("account_id")
        brief = HandoffBrief(
            **fields,
            deliverables=_deliverables(session, handoff_id),
            history=_history(session, handoff_id),
        )
    return replace(
        brief,
        contacts=tuple(contact_pager(db, account_id).first(CONTACTS_SHOWN)),
        interactions=tuple(
            interaction_pager(db, account_id).first(RECENT_INTERACTIONS)
        ),
    )


def _deliverables(session: Session, handoff_id: int) -> tuple[DeliverableLine, ...]:
    query = (
        select(Deliverable.title, Deliverable.due_on, Deliverable.done)
        .where(Deliverable.handoff_id == handoff_id)
        .order_by(Deliverable.due_on.is_(None), Deliverable.due_on, Deliverable.id)
    )
    return tuple(DeliverableLine(**row._mapping) for row in session.execute(query))


def _history(session: Session, handoff_id: int) -> tuple[StatusChange, ...]:
    query = status_changes(handoff_id)
    return tuple(StatusChange(**row._mapping) for row in session.execute(query))
