"""What each cockpit list shows of a row, and in which tone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from amtui.domain.agenda import AgendaHorizon, Bucket
from amtui.domain.contact import ContactHealth, contact_health, days_since
from amtui.domain.date_format import DateFormat
from amtui.domain.dates import local_date
from amtui.ui.format import due_label, humanize
from amtui.ui.widgets.record_list import Cell, Column, Tone
from amtui.vocabulary import AccountStatus, HandoffStatus, OpportunityStage

if TYPE_CHECKING:
    from amtui.store.rows import (
        AgendaRow,
        ClientRow,
        ContactRow,
        HandoffRow,
        InteractionRow,
        OpportunityRow,
    )

T = TypeVar("T")
_HEALTH_TONES: dict[ContactHealth, Tone] = {
    ContactHealth.OK: "",
    ContactHealth.DUE: "warn",
    ContactHealth.LAPSED: "alert",
}
_STATUS_TONES: dict[AccountStatus, Tone] = {
    AccountStatus.PROSPECT: "accent",
    AccountStatus.ACTIVE: "",
    AccountStatus.AT_RISK: "warn",
    AccountStatus.CHURNED: "muted",
}
_HANDOFF_TONES: dict[HandoffStatus, Tone] = {HandoffStatus.BLOCKED: "alert"}


def _date_column(
    title: str, dates: DateFormat, cell: Callable[[T], Cell], *, optional: bool = False
) -> Column[T]:
    """A column of dates as wide as the user's date format writes them."""
    return Column(title, max(len(title), dates.width), cell, optional=optional)


def client_columns(today: date, dates: DateFormat) -> list[Column[ClientRow]]:
    """Name, status, phase, days since last contact (amber at cadence, red at twice it),
    and the next open agenda date."""

    def last_contact(row: ClientRow) -> Cell:
        days = days_since(row.last_contact_at, today)
        tone = _HEALTH_TONES[contact_health(days, row.cadence_days)]
        return ("never" if days is None else f"{days}d", tone)

    def next_due(row: ClientRow) -> Cell:
        if row.next_due_on is None:
            return ("—", "muted")
        tone: Tone = "alert" if row.next_due_on < today else ""
        return (dates(row.next_due_on, today), tone)

    return [
        Column("Client", 0, lambda row: (row.name, ""), min_width=14),
        Column(
            "Status",
            8,
            lambda row: (humanize(row.status), _STATUS_TONES[row.status]),
        ),
        Column("Phase", 8, lambda row: (row.phase.value, "muted"), optional=True),
        Column("Last", 5, last_contact, align="right"),
        _date_column("Next", dates, next_due),
    ]


def interaction_columns(today: date, dates: DateFormat) -> list[Column[InteractionRow]]:
    """Date, kind, summary and the contact, newest first."""
    return [
        _date_column(
            "Date",
            dates,
            lambda row: (dates(local_date(row.occurred_at), today), "muted"),
        ),
        Column("Kind", 7, lambda row: (row.kind.value, "accent")),
        Column("Summary", 0, lambda row: (row.summary, ""), min_width=16),
        Column(
            "Contact",
            14,
            lambda row: (row.contact_name or "", "muted"),
            optional=True,
        ),
    ]


def agenda_columns(
    horizon: AgendaHorizon,
    dates: DateFormat,
    ticked: Callable[[int], bool] = lambda _id: False,
) -> list[Column[AgendaRow]]:
    """When (late items in red), what, and for which client. A derived entry's title
    starts with its kind (`Birthday:`, `Cadence:`, …) and is in the accent colour;
    items just ticked done are marked ✓ until the agenda reloads."""

    def when(row: AgendaRow) -> Cell:
        if ticked(row.id):
            return ("✓ done", "muted")
        bucket = horizon.bucket(row.due_on)
        tone: Tone = {Bucket.OVERDUE: "alert", Bucket.TODAY: "warn"}.get(bucket, "")
        return (due_label(row.due_on, row.due_time, horizon, dates), tone)

    def title(row: AgendaRow) -> Cell:
        if ticked(row.id):
            return (row.title, "muted")
        return (row.title, "" if row.derived is None else "accent")

    return [
        Column("When", 11 + max(0, dates.width - 6), when),  # "today 14:30"
        Column("Title", 0, title, min_width=14),
        Column(
            "Client", 16, lambda row: (row.account_name or "", "muted"), optional=True
        ),
    ]


def handoff_columns(today: date, dates: DateFormat) -> list[Column[HandoffRow]]:
    """Title, status, due date and deliverables done out of total."""

    def due(row: HandoffRow) -> Cell:
        if row.due_on is None:
            return ("—", "muted")
        late = row.due_on < today and row.status not in (
            HandoffStatus.DELIVERED,
            HandoffStatus.CLOSED,
        )
        return (dates(row.due_on, today), "alert" if late else "")

    return [
        Column("Handoff", 0, lambda row: (row.title, ""), min_width=12),
        Column(
            "Status",
            11,
            lambda row: (humanize(row.status), _HANDOFF_TONES.get(row.status, "")),
        ),
        _date_column("Due", dates, due),
        Column(
            "Done",
            5,
            lambda row: (f"{row.deliverables_done}/{row.deliverables_total}", "muted"),
            align="right",
        ),
    ]


def contact_columns() -> list[Column[ContactRow]]:
    """Name, role, e-mail, phone and birthday."""

    def birthday(row: ContactRow) -> Cell:
        if row.birthday_month is None or row.birthday_day is None:
            return ("", "muted")
        return (f"{row.birthday_day:02}/{row.birthday_month:02}", "muted")

    return [
        Column("Contact", 0, lambda row: (row.name, ""), min_width=12),
        Column("Role", 14, lambda row: (row.role or "", "muted")),
        Column("Email", 22, lambda row: (row.email or "", "muted"), optional=True),
        Column("Phone", 14, lambda row: (row.phone or "", "muted"), optional=True),
        Column("Bday", 5, birthday, optional=True),
    ]


_STAGE_TONES: dict[OpportunityStage, Tone] = {
    OpportunityStage.WON: "accent",
    OpportunityStage.LOST: "muted",
}


def opportunity_columns(today: date, dates: DateFormat) -> list[Column[OpportunityRow]]:
    """Title, stage, amount and expected close."""

    def close(row: OpportunityRow) -> Cell:
        day = row.closed_on or row.expected_close_on
        return ("—", "muted") if day is None else (dates(day, today), "")

    return [
        Column("Opportunity", 0, lambda row: (row.title, ""), min_width=12),
        Column(
            "Stage",
            11,
            lambda row: (row.stage.value, _STAGE_TONES.get(row.stage, "")),
        ),
        Column("Amount", 10, lambda row: (f"{row.amount:,.0f}", ""), align="right"),
        _date_column("Close", dates, close, optional=True),
    ]
