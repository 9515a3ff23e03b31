"""The plain, frozen rows that queries hand to the UI and the CLI (never ORM objects)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from amtui.vocabulary import (
    AccountPhase,
    AccountStatus,
    AccountTier,
    AgendaKind,
    HandoffStatus,
    InteractionKind,
    OpportunityStage,
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


class DerivedKind(enum.StrEnum):
    """Agenda entries worked out from the book rather than stored, in the order they
    come on one day (after the stored items)."""

    BIRTHDAY = "birthday"
    CADENCE = "cadence"
    HANDOFF = "handoff"
    DELIVERABLE = "deliverable"


@dataclass(frozen=True)
class AgendaRow:
    """A stored agenda item, or a derived entry (`derived` set, a negative `id`).

    `source_id` is what a derived entry comes from: the contact of a birthday, the
    account of a cadence, the handoff, or the deliverable (whose handoff is
    `handoff_id`)."""

    id: int
    due_on: date
    due_time: time | None
    title: str
    kind: AgendaKind
    account_name: str | None
    account_id: int | None = None
    handoff_id: int | None = None
    derived: DerivedKind | None = None
    source_id: int | None = None


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


@dataclass(frozen=True)
class ContactRow:
    id: int
    name: str
    role: str | None
    email: str | None
    phone: str | None
    birthday_month: int | None
    birthday_day: int | None
    birthday_year: int | None


@dataclass(frozen=True)
class OpportunityRow:
    id: int
    title: str
    amount: Decimal
    stage: OpportunityStage
    expected_close_on: date | None
    closed_on: date | None


@dataclass(frozen=True)
class AccountDetail:
    """Every column of an account, its last contact, and how much it holds."""

    id: int
    name: str
    name_key: str
    sector: str | None
    tier: AccountTier
    phase: AccountPhase
    status: AccountStatus
    owner: str | None
    cadence_days: int
    notes: str | None
    tags: str | None
    created_at: datetime
    updated_at: datetime
    archived: bool
    last_contact_at: datetime | None
    version: int
    contacts: int
    interactions: int
    open_handoffs: int
    open_opportunities: int


class SearchKind(enum.StrEnum):
    """What a search hit is, in the order the search shows them."""

    CLIENT = "client"
    CONTACT = "contact"
    INTERACTION = "interaction"


@dataclass(frozen=True)
class SearchHit:
    """One record found by the global search, with its client.

    `title` is the client's name, the contact's name and role, or the interaction's
    summary; `detail` the client's status, the contact's e-mail, or the interaction's
    kind (and `when` its instant). `archived` says the client is archived."""

    kind: SearchKind
    id: int
    account_id: int
    account_name: str
    archived: bool
    title: str
    detail: str
    when: datetime | None = None


@dataclass(frozen=True)
class SearchGroup:
    """The first hits of one kind, and how many there are: `count` stops at the cap,
    and `capped` says there are more."""

    kind: SearchKind
    hits: tuple[SearchHit, ...] = ()
    count: int = 0
    capped: bool = False


@dataclass(frozen=True)
class SearchResults:
    """What the book holds for a text typed in the search, a group per kind."""

    text: str
    clients: SearchGroup = SearchGroup(SearchKind.CLIENT)
    contacts: SearchGroup = SearchGroup(SearchKind.CONTACT)
    interactions: SearchGroup = SearchGroup(SearchKind.INTERACTION)

    @property
    def groups(self) -> tuple[SearchGroup, SearchGroup, SearchGroup]:
        return (self.clients, self.contacts, self.interactions)

    @property
    def found(self) -> bool:
        return any(group.count for group in self.groups)
