"""The book's tables as SQLAlchemy 2.0 typed models.

Instants (`*_at`) are UTC; calendar days (`*_on`) are the user's local dates; money is
`Decimal`. Indexes match the cockpit's queries (see `amtui.store.queries`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    false,
    text,
)
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    declared_attr,
    mapped_column,
    relationship,
    validates,
)

from amtui.domain.periods import FIRST_YEAR, LAST_YEAR, Period, PeriodError
from amtui.store.types import Money, UTCDateTime, enum_column
from amtui.vocabulary import (
    AccountPhase,
    AccountStatus,
    AccountTier,
    AgendaKind,
    HandoffStatus,
    InteractionKind,
    ObjectiveMetric,
    ObjectiveStatus,
    OpportunityStage,
    Recurrence,
    Sentiment,
)

NAME_MAX = 200
SUMMARY_MAX = 500
NOTES_MAX = 20_000  # notes, briefs and details: long, but not a book
DEFAULT_CADENCE_DAYS = 30
DERIVED = "derived"  # in a column's `info`: computed by the book, never imported
YEARS = range(FIRST_YEAR, LAST_YEAR + 1)  # the dates and instants a book may hold


def text_limit(column_type: String) -> int:
    """The most characters a text column holds: its length, `NOTES_MAX` for a long
    text. Forms, the command line and import all refuse more."""
    return column_type.length or NOTES_MAX


def is_period(text: str) -> bool:
    """Whether `text` names an objective's period as stored: `2026`, `2026-11` or
    `2026-Q4`."""
    try:
        return Period.parse(text).name == text
    except PeriodError:
        return False


def birthday_problem(month: int | None, day: int | None, year: int | None) -> str:
    """Why a birthday is impossible (31 February, a year without its day), or ""."""
    if month is None and day is None:
        return "a birthday year needs its month and day" if year is not None else ""
    if month is None or day is None:
        return "a birthday needs both its month and its day"
    try:
        date(year if year is not None else 2000, month, day)  # 2000 knows 29 February
    except ValueError:
        shown = f"{year:04}" if year is not None else "-"  # --02-31: no year (ISO 8601)
        return f"{shown}-{month:02}-{day:02} is not a date"
    if year is not None and year not in YEARS:
        return f"the birthday year {year} is out of range"
    return ""


def not_blank(table: str, column: str) -> CheckConstraint:
    """A required text must hold more than spaces."""
    return CheckConstraint(
        f"length(trim({column})) > 0", name=f"ck_{table}_{column}_not_blank"
    )


def utcnow() -> datetime:
    """The current instant, timezone-aware in UTC."""
    return datetime.now(UTC)


def name_key(name: str) -> str:
    """The case-insensitive form of a name, used for sorting, filtering and uniqueness."""
    return name.strip().casefold()


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention={"ck": "ck_%(table_name)s_%(column_0_name)s"})
    type_annotation_map = {
        datetime: UTCDateTime(),
        Decimal: Money(),
        date: Date(),
        time: Time(),
    }


class Versioned:
    """A record the user edits in a form: its `version` goes up by one with every
    change, so that a form saved over another session's change can tell (schema
    version 4). SQLAlchemy checks and counts it on each UPDATE; bulk inserts get 1."""

    version: Mapped[int] = mapped_column(
        Integer, server_default=text("1"), sort_order=1, info={DERIVED: True}
    )

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}


class Account(Versioned, Base):
    __tablename__ = "account"
    __table_args__ = (
        not_blank("account", "name"),
        Index("ix_account_list", "archived", "name_key", "id"),
        # Who is past their cadence, read from the index alone (schema version 3).
        Index(
            "ix_account_contact",
            "archived",
            "status",
            "cadence_days",
            "last_contact_at",
            "created_at",
            "phase",
        ),
        Index("ix_account_created", "created_at"),
        CheckConstraint("cadence_days > 0", name="ck_account_cadence_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    name_key: Mapped[str] = mapped_column(String(3 * NAME_MAX))  # casefold() may grow
    sector: Mapped[str | None] = mapped_column(String(100))
    tier: Mapped[AccountTier] = mapped_column(
        enum_column(AccountTier), default=AccountTier.STANDARD
    )
    phase: Mapped[AccountPhase] = mapped_column(
        enum_column(AccountPhase), default=AccountPhase.CONQUEST
    )
    status: Mapped[AccountStatus] = mapped_column(
        enum_column(AccountStatus), default=AccountStatus.PROSPECT
    )
    owner: Mapped[str | None] = mapped_column(String(NAME_MAX))
    cadence_days: Mapped[int] = mapped_column(Integer, default=DEFAULT_CADENCE_DAYS)
    notes: Mapped[str | None] = mapped_column(Text)
    tags: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    archived: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    # The latest interaction's instant, kept by triggers (`amtui.store.indexing`);
    # never written by the application, never exported (schema version 3).
    last_contact_at: Mapped[datetime | None] = mapped_column(info={DERIVED: True})

    contacts: Mapped[list[Contact]] = relationship(back_populates="account")

    @validates("name")
    def _keep_name_key(self, _key: str, name: str) -> str:
        self.name_key = name_key(name)
        return name


_live = Account.archived == false()
Index(  # names are unique among live accounts only: an archived name can be reused
    "uq_account_live_name",
    Account.name_key,
    unique=True,
    sqlite_where=_live,
    postgresql_where=_live,
)


class Contact(Versioned, Base):
    __tablename__ = "contact"
    __table_args__ = (
        not_blank("contact", "name"),
        Index("ix_contact_account", "account_id", "name"),
        Index("ix_contact_birthday", "birthday_month", "birthday_day"),
        CheckConstraint(
            "birthday_month IS NULL OR birthday_month BETWEEN 1 AND 12",
            name="ck_contact_birthday_month",
        ),
        CheckConstraint(
            "birthday_day IS NULL OR birthday_day BETWEEN 1 AND 31",
            name="ck_contact_birthday_day",
        ),
        CheckConstraint(
            "(birthday_month IS NULL) = (birthday_day IS NULL)",
            name="ck_contact_birthday_complete",
        ),
        CheckConstraint(
            "birthday_year IS NULL OR birthday_month IS NOT NULL",
            name="ck_contact_birthday_year",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    role: Mapped[str | None] = mapped_column(String(NAME_MAX))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(50))
    birthday_month: Mapped[int | None]
    birthday_day: Mapped[int | None]
    birthday_year: Mapped[int | None]
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    account: Mapped[Account] = relationship(back_populates="contacts")


class Interaction(Versioned, Base):
    __tablename__ = "interaction"
    __table_args__ = (
        not_blank("interaction", "summary"),
        Index("ix_interaction_timeline", "account_id", "occurred_at", "id"),
        # The review's counts by period, from the index alone (schema version 3).
        Index("ix_interaction_when", "occurred_at", "kind", "account_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact.id", ondelete="SET NULL")
    )
    occurred_at: Mapped[datetime]
    kind: Mapped[InteractionKind] = mapped_column(enum_column(InteractionKind))
    summary: Mapped[str] = mapped_column(String(SUMMARY_MAX))
    details: Mapped[str | None] = mapped_column(Text)
    sentiment: Mapped[Sentiment | None] = mapped_column(enum_column(Sentiment))
    follow_up_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Opportunity(Versioned, Base):
    __tablename__ = "opportunity"
    __table_args__ = (
        not_blank("opportunity", "title"),
        Index("ix_opportunity_account", "account_id", "stage"),
        # Won revenue by close date and the pipeline by stage, from the index alone
        # (schema version 3).
        Index("ix_opportunity_stage", "stage", "closed_on", "account_id", "amount"),
        CheckConstraint("amount >= 0", name="ck_opportunity_amount"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    title: Mapped[str] = mapped_column(String(NAME_MAX))
    amount: Mapped[Decimal]
    stage: Mapped[OpportunityStage] = mapped_column(
        enum_column(OpportunityStage), default=OpportunityStage.LEAD
    )
    expected_close_on: Mapped[date | None]
    closed_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Handoff(Versioned, Base):
    __tablename__ = "handoff"
    __table_args__ = (
        not_blank("handoff", "title"),
        Index("ix_handoff_account", "account_id", "status", "due_on"),
        CheckConstraint("budget IS NULL OR budget >= 0", name="ck_handoff_budget"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    title: Mapped[str] = mapped_column(String(NAME_MAX))
    project_manager: Mapped[str | None] = mapped_column(String(NAME_MAX))
    brief: Mapped[str | None] = mapped_column(Text)
    budget: Mapped[Decimal | None]
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    start_on: Mapped[date | None]
    due_on: Mapped[date | None]
    status: Mapped[HandoffStatus] = mapped_column(
        enum_column(HandoffStatus), default=HandoffStatus.DRAFT
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    deliverables: Mapped[list[Deliverable]] = relationship(
        back_populates="handoff", order_by="Deliverable.id"
    )
    history: Mapped[list[HandoffStatusChange]] = relationship(
        back_populates="handoff",
        order_by="(HandoffStatusChange.changed_at, HandoffStatusChange.id)",
    )


class Deliverable(Base):
    __tablename__ = "deliverable"
    __table_args__ = (
        not_blank("deliverable", "title"),
        Index("ix_deliverable_handoff", "handoff_id", "done"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    handoff_id: Mapped[int] = mapped_column(ForeignKey("handoff.id"))
    title: Mapped[str] = mapped_column(String(NAME_MAX))
    due_on: Mapped[date | None]
    done: Mapped[bool] = mapped_column(Boolean, default=False)

    handoff: Mapped[Handoff] = relationship(back_populates="deliverables")


class HandoffStatusChange(Base):
    __tablename__ = "handoff_status_change"
    __table_args__ = (Index("ix_handoff_status_change", "handoff_id", "changed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    handoff_id: Mapped[int] = mapped_column(ForeignKey("handoff.id"))
    from_status: Mapped[HandoffStatus | None] = mapped_column(
        enum_column(HandoffStatus)
    )
    to_status: Mapped[HandoffStatus] = mapped_column(enum_column(HandoffStatus))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)

    handoff: Mapped[Handoff] = relationship(back_populates="history")


class AgendaItem(Versioned, Base):
    __tablename__ = "agenda_item"
    __table_args__ = (
        not_blank("agenda_item", "title"),
        # Open items by day; with their client, what is overdue is counted from the
        # index alone (schema version 4).
        Index("ix_agenda_open", "done_at", "due_on", "id", "account_id"),
        Index("ix_agenda_account", "account_id", "done_at", "due_on"),
        Index("ix_agenda_interaction", "interaction_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    handoff_id: Mapped[int | None] = mapped_column(ForeignKey("handoff.id"))
    # The interaction whose follow-up date created the item (schema version 2).
    interaction_id: Mapped[int | None] = mapped_column(
        ForeignKey("interaction.id", ondelete="SET NULL")
    )
    due_on: Mapped[date]
    due_time: Mapped[time | None]
    title: Mapped[str] = mapped_column(String(SUMMARY_MAX))
    kind: Mapped[AgendaKind] = mapped_column(
        enum_column(AgendaKind), default=AgendaKind.OTHER
    )
    done_at: Mapped[datetime | None]
    recurrence: Mapped[Recurrence] = mapped_column(
        enum_column(Recurrence), default=Recurrence.NONE
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Objective(Versioned, Base):
    """A period's target: quantitative (`target`) or qualitative (`text` + `status`)."""

    __tablename__ = "objective"
    __table_args__ = (Index("ix_objective_period", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(7))
    metric: Mapped[ObjectiveMetric] = mapped_column(enum_column(ObjectiveMetric))
    target: Mapped[Decimal | None]
    manual_actual: Mapped[Decimal | None]
    text: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ObjectiveStatus | None] = mapped_column(enum_column(ObjectiveStatus))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
