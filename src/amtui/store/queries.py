"""The cockpit's and the CLI's queries. Each list is a keyset `Pager`, each lookup a
short read; each has an index behind it.

Names of related rows come from scalar subqueries rather than joins, so that a list's
count (which keeps only the sort keys) never touches another table.

Filters are case-insensitive substring matches with LIKE wildcards escaped, so a `%`
or `_` typed by the user means itself.
"""

from __future__ import annotations

import heapq
from collections.abc import Container, Iterable
from datetime import date, datetime
from operator import attrgetter
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, case, func, or_, select, true

from amtui.domain.capture import AccountRef
from amtui.errors import AmtuiError
from amtui.store.database import Database
from amtui.store.derived import agenda_rank, derived_agenda
from amtui.store.editing import record_gone
from amtui.store.models import (
    Account,
    AgendaItem,
    Contact,
    Deliverable,
    Handoff,
    HandoffStatusChange,
    Interaction,
    Opportunity,
    name_key,
)
from amtui.store.paging import MergedPager, Pager
from amtui.store.rows import (
    AccountDetail,
    AgendaCounts,
    AgendaRow,
    ClientRow,
    ContactRow,
    HandoffRow,
    InteractionRow,
    OpportunityRow,
)
from amtui.store.search import names_containing
from amtui.store.sqlite import casefold
from amtui.vocabulary import HandoffStatus, OpportunityStage

FIND_LIMIT = 9
CLOSED_STAGES = (OpportunityStage.WON, OpportunityStage.LOST)


def _matches(column: Any, text: str) -> ColumnElement[bool]:
    return casefold(column).contains(text.strip().casefold(), autoescape=True)


def _starts_with(column: Any, prefix: str) -> ColumnElement[bool]:
    """`column` starts with `prefix` (LIKE, wildcards escaped), as an index range.

    The range lets the database seek in an index on `column`; it assumes code-point
    order, which is SQLite's binary collation (and PostgreSQL's "C" collation).
    """
    if not prefix:
        return true()
    match = column.startswith(prefix, autoescape=True)
    end = _prefix_end(prefix)
    upper = column < end if end is not None else true()
    return and_(column >= prefix, upper, match)


def _prefix_end(prefix: str) -> str | None:
    """The least string after every string that starts with `prefix`; None if none."""
    chars = list(prefix)
    while chars:
        following = ord(chars.pop()) + 1
        if 0xD800 <= following <= 0xDFFF:  # surrogates are not text
            following = 0xE000
        if following <= 0x10FFFF:
            return "".join(chars) + chr(following)
    return None


def client_pager(db: Database, text: str = "") -> Pager[ClientRow]:
    """Live accounts by name, with their last contact and next open agenda date."""
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
        Account.last_contact_at,
        next_due.label("next_due_on"),
    ).where(Account.archived.is_(False), names_containing(text))

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


def _open_agenda(until: date) -> Select[Any]:
    """Open agenda items due on or before `until`, as `AgendaRow` columns."""
    account_name = (
        select(Account.name)
        .where(Account.id == AgendaItem.account_id)
        .scalar_subquery()
    )
    return select(
        AgendaItem.id,
        AgendaItem.due_on,
        AgendaItem.due_time,
        AgendaItem.title,
        AgendaItem.kind,
        account_name.label("account_name"),
        AgendaItem.account_id,
        AgendaItem.handoff_id,
    ).where(AgendaItem.done_at.is_(None), AgendaItem.due_on <= until)


def agenda_pager(db: Database, until: date, text: str = "") -> Pager[AgendaRow]:
    """Open agenda items due on or before `until`, across the whole book, soonest first."""
    query = _open_agenda(until)
    if text.strip():
        query = query.where(_matches(AgendaItem.title, text))
    return Pager(
        db,
        query,
        keys=(AgendaItem.due_on, AgendaItem.id),
        to_row=lambda row: AgendaRow(**row._mapping),
        key_of=lambda row: (row.due_on, row.id),
    )


def agenda_counts(
    db: Database, today: date, until: date, derived: Iterable[AgendaRow] = ()
) -> AgendaCounts:
    """How many open items (and `derived` entries) are overdue, due today, and due
    after today up to `until`."""
    open_items = and_(AgendaItem.done_at.is_(None), AgendaItem.due_on <= until)
    query = select(
        func.count(case((AgendaItem.due_on < today, 1))),
        func.count(case((AgendaItem.due_on == today, 1))),
        func.count(case((AgendaItem.due_on > today, 1))),
    ).where(open_items)
    with db.read() as session:
        overdue, due_today, upcoming = session.execute(query).one()
    for row in derived:
        overdue += row.due_on < today
        due_today += row.due_on == today
        upcoming += today < row.due_on <= until
    return AgendaCounts(overdue=overdue, today=due_today, upcoming=upcoming)


class Agenda:
    """The cockpit's agenda as of one reload: the open items up to `until` merged with
    the derived entries, filtered in memory. Those are none until `derived` is set
    from `read_derived()`, which takes a moment on a big book: the cockpit reads them
    in the background."""

    def __init__(self, db: Database, today: date, until: date) -> None:
        self.db = db
        self.today = today
        self.until = until
        self.derived: list[AgendaRow] = []

    def read_derived(self) -> list[AgendaRow]:
        return derived_agenda(self.db, self.today, self.until)

    def pager(self, text: str = "") -> MergedPager[AgendaRow]:
        """The whole agenda, or its entries whose title holds `text`, soonest first."""
        folded = text.strip().casefold()
        return MergedPager(
            agenda_pager(self.db, self.until, text),
            lambda: [row for row in self.derived if folded in row.title.casefold()],
            agenda_rank,
        )

    def counts(self, excluding: Container[int] = ()) -> AgendaCounts:
        """The agenda's counts, leaving out the derived entries whose ids are in
        `excluding` (ticked since the reload)."""
        shown = (row for row in self.derived if row.id not in excluding)
        return agenda_counts(self.db, self.today, self.until, shown)


def handoff_pager(
    db: Database, account_id: int, text: str = "", *, include_closed: bool = False
) -> Pager[HandoffRow]:
    """One account's handoffs (closed ones only if asked), by due date (undated last)."""
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
    ).where(Handoff.account_id == account_id)
    if not include_closed:
        query = query.where(Handoff.status != HandoffStatus.CLOSED)
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


def contact_pager(db: Database, account_id: int, text: str = "") -> Pager[ContactRow]:
    """One account's contacts by name ignoring case; `text` filters names and roles."""
    name_order = casefold(Contact.name)
    query = select(
        Contact.id,
        Contact.name,
        Contact.role,
        Contact.email,
        Contact.phone,
        Contact.birthday_month,
        Contact.birthday_day,
        Contact.birthday_year,
    ).where(Contact.account_id == account_id)
    if text.strip():
        query = query.where(
            or_(_matches(Contact.name, text), _matches(Contact.role, text))
        )
    return Pager(
        db,
        query,
        keys=(name_order, Contact.id),
        to_row=lambda row: ContactRow(**row._mapping),
        key_of=lambda row: (row.name.casefold(), row.id),
    )


def opportunity_pager(
    db: Database, account_id: int, text: str = ""
) -> Pager[OpportunityRow]:
    """One account's pipeline by expected close (undated last); `text` filters titles."""
    close_key = func.coalesce(Opportunity.expected_close_on, date.max)
    query = select(
        Opportunity.id,
        Opportunity.title,
        Opportunity.amount,
        Opportunity.stage,
        Opportunity.expected_close_on,
        Opportunity.closed_on,
    ).where(Opportunity.account_id == account_id)
    if text.strip():
        query = query.where(_matches(Opportunity.title, text))
    return Pager(
        db,
        query,
        keys=(close_key, Opportunity.id),
        to_row=lambda row: OpportunityRow(**row._mapping),
        key_of=lambda row: (row.expected_close_on or date.max, row.id),
    )


def _owned_count(model: Any, *where: ColumnElement[bool]) -> Any:
    """How many rows of `model` the account in the outer query owns."""
    return (
        select(func.count())
        .select_from(model)
        .where(model.account_id == Account.id, *where)
        .scalar_subquery()
    )


def account_detail(db: Database, account_id: int) -> AccountDetail:
    """Every field of one account (archived or not), its last contact and its counts."""
    query = select(
        *Account.__table__.columns,
        _owned_count(Contact).label("contacts"),
        _owned_count(Interaction).label("interactions"),
        _owned_count(Handoff, Handoff.status != HandoffStatus.CLOSED).label(
            "open_handoffs"
        ),
        _owned_count(Opportunity, Opportunity.stage.not_in(CLOSED_STAGES)).label(
            "open_opportunities"
        ),
    ).where(Account.id == account_id)
    with db.read() as session:
        row = session.execute(query).one_or_none()
    if row is None:
        raise record_gone(Account)
    return AccountDetail(**row._mapping)


def find_accounts(db: Database, text: str, limit: int = FIND_LIMIT) -> list[AccountRef]:
    """The live account named `text` ignoring case, if there is exactly one; else the
    live accounts whose name starts with `text` ignoring case, by name, at most
    `limit`."""
    key = name_key(text)
    live = select(Account.id, Account.name).where(Account.archived.is_(False))
    with db.read() as session:
        exact = session.execute(live.where(Account.name_key == key)).all()
        if len(exact) == 1:
            return [AccountRef(id=exact[0].id, name=exact[0].name)]
        rows = session.execute(
            live.where(_starts_with(Account.name_key, key))
            .order_by(Account.name_key, Account.id)
            .limit(limit)
        ).all()
    return [AccountRef(id=row.id, name=row.name) for row in rows]


def find_contact(db: Database, account_id: int, name: str) -> int | None:
    """The account's contact named `name` ignoring case, else the only one whose name
    starts with it; None if none does. Several candidates are an `AmtuiError`."""
    key = name_key(name)
    if not key:
        return None
    with db.read() as session:
        contacts = session.execute(
            select(Contact.id, Contact.name)
            .where(Contact.account_id == account_id)
            .order_by(Contact.name, Contact.id)
        ).all()
    for candidates in (
        [row for row in contacts if name_key(row.name) == key],
        [row for row in contacts if name_key(row.name).startswith(key)],
    ):
        if len(candidates) == 1:
            return candidates[0].id
        if candidates:
            names = ", ".join(row.name for row in candidates)
            raise AmtuiError(f"'{name}' could be several contacts: {names}")
    return None


def agenda_until(db: Database, today: date, until: date) -> list[AgendaRow]:
    """What is due up to `until`, as the cockpit has it: the open items of each day
    (untimed before timed), then its derived entries, overdue first."""
    derived = sorted(
        derived_agenda(db, today, until),
        key=lambda row: (row.due_on, agenda_rank(row), row.id),
    )
    return list(heapq.merge(due_agenda(db, until), derived, key=attrgetter("due_on")))


def due_agenda(db: Database, until: date, limit: int | None = None) -> list[AgendaRow]:
    """Open items due on or before `until`, overdue first (untimed before timed)."""
    query = (
        _open_agenda(until)
        .order_by(
            AgendaItem.due_on, AgendaItem.due_time.asc().nulls_first(), AgendaItem.id
        )
        .limit(limit)
    )
    with db.read() as session:
        return [AgendaRow(**row._mapping) for row in session.execute(query)]


def handoff_history(
    db: Database, handoff_id: int
) -> list[tuple[HandoffStatus | None, HandoffStatus, datetime]]:
    """A handoff's status changes, oldest first: (from, to, when)."""
    with db.read() as session:
        query = status_changes(handoff_id)
        return [(row[0], row[1], row[2]) for row in session.execute(query)]


def status_changes(handoff_id: int) -> Select[Any]:
    """A handoff's status changes, oldest first: `from_status`, `to_status` and
    `changed_at`."""
    return (
        select(
            HandoffStatusChange.from_status,
            HandoffStatusChange.to_status,
            HandoffStatusChange.changed_at,
        )
        .where(HandoffStatusChange.handoff_id == handoff_id)
        .order_by(HandoffStatusChange.changed_at, HandoffStatusChange.id)
    )
