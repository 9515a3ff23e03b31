"""Everything a project manager needs about one handoff, read in one short session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from amtui.errors import AmtuiError
from amtui.store.database import Database
from amtui.store.models import (
    Account,
    Contact,
    Deliverable,
    Handoff,
    HandoffStatusChange,
    Interaction,
)
from amtui.store.rows import ContactRow, InteractionRow
from amtui.vocabulary import AccountStatus, AccountTier, HandoffStatus

RECENT_INTERACTIONS = 5


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
    contacts: tuple[ContactRow, ...]  # by name
    interactions: tuple[InteractionRow, ...]  # the latest, newest first


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
        return HandoffBrief(
            **fields,
            deliverables=_deliverables(session, handoff_id),
            history=_history(session, handoff_id),
            contacts=_contacts(session, account_id),
            interactions=_interactions(session, account_id),
        )


def _deliverables(session: Session, handoff_id: int) -> tuple[DeliverableLine, ...]:
    query = (
        select(Deliverable.title, Deliverable.due_on, Deliverable.done)
        .where(Deliverable.handoff_id == handoff_id)
        .order_by(Deliverable.due_on.is_(None), Deliverable.due_on, Deliverable.id)
    )
    return tuple(DeliverableLine(**row._mapping) for row in session.execute(query))


def _history(session: Session, handoff_id: int) -> tuple[StatusChange, ...]:
    query = (
        select(
            HandoffStatusChange.from_status,
            HandoffStatusChange.to_status,
            HandoffStatusChange.changed_at,
        )
        .where(HandoffStatusChange.handoff_id == handoff_id)
        .order_by(HandoffStatusChange.changed_at, HandoffStatusChange.id)
    )
    return tuple(StatusChange(**row._mapping) for row in session.execute(query))


def _contacts(session: Session, account_id: int) -> tuple[ContactRow, ...]:
    query = (
        select(
            Contact.id,
            Contact.name,
            Contact.role,
            Contact.email,
            Contact.phone,
            Contact.birthday_month,
            Contact.birthday_day,
            Contact.birthday_year,
        )
        .where(Contact.account_id == account_id)
        .order_by(Contact.name, Contact.id)
    )
    return tuple(ContactRow(**row._mapping) for row in session.execute(query))


def _interactions(session: Session, account_id: int) -> tuple[InteractionRow, ...]:
    contact_name = (
        select(Contact.name)
        .where(Contact.id == Interaction.contact_id)
        .scalar_subquery()
    )
    query = (
        select(
            Interaction.id,
            Interaction.occurred_at,
            Interaction.kind,
            Interaction.summary,
            contact_name.label("contact_name"),
        )
        .where(Interaction.account_id == account_id)
        .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
        .limit(RECENT_INTERACTIONS)
    )
    return tuple(InteractionRow(**row._mapping) for row in session.execute(query))
