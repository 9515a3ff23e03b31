"""The plain, frozen rows that queries hand to the UI and the CLI (never ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from amtui.store.types import (
    AccountPhase,
    AccountStatus,
    AgendaKind,
    HandoffStatus,
    InteractionKind,
)


@dataclass(frozen=True)
class ClientRow:
    id: int
    name: str
    name_key: str
    status: AccountStatus
    phase: AccountPhase
    cadence_days: int
    last_contact_at: datetime | None
    next_due_on: date | None


@dataclass(frozen=True)
class InteractionRow:
    id: int
    occurred_at: datetime
    kind: InteractionKind
    summary: str
    contact_name: str | None


@dataclass(frozen=True)
class AgendaRow:
    id: int
    due_on: date
    due_time: time | None
    title: str
    kind: AgendaKind
    account_name: str | None


@dataclass(frozen=True)
class HandoffRow:
    id: int
    title: str
    status: HandoffStatus
    project_manager: str | None
    due_on: date | None
    deliverables_done: int
    deliverables_total: int


@dataclass(frozen=True)
class AgendaCounts:
    overdue: int
    today: int
    upcoming: int
