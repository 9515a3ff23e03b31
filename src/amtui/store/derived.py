"""Agenda entries worked out from the book, never stored: contact birthdays, clients
whose contact cadence is reached, and handoff and deliverable deadlines.

Each kind is read by one or two aggregate queries, so that a reload
costs a few queries whatever the size of the book; the entries are `AgendaRow`s with
negative ids that no stored item has. Archived clients are out of the agenda.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from amtui.store.birthdays import coming_birthdays
from amtui.store.database import Database
from amtui.store.models import Account, Deliverable, Handoff
from amtui.store.review import FINISHED_HANDOFF, cadence_lapses
from amtui.store.rows import AgendaRow, DerivedKind
from amtui.vocabulary import AgendaKind

_KINDS = list(DerivedKind)
_AGENDA_KINDS = {
    DerivedKind.BIRTHDAY: AgendaKind.OTHER,
    DerivedKind.CADENCE: AgendaKind.FOLLOW_UP,
    DerivedKind.HANDOFF: AgendaKind.DEADLINE,
    DerivedKind.DELIVERABLE: AgendaKind.DEADLINE,
}


def derived_agenda(db: Database, today: date, until: date) -> list[AgendaRow]:
    """Every derived entry due on or before `until`: birthdays from `today` on, reached
    cadences, and deadlines (overdue ones too), in no particular order."""
    with db.read() as session:
        return [
            *_birthdays(session, today, until),
            *_cadences(session, today),
            *_handoffs(session, until),
            *_deliverables(session, until),
        ]


def agenda_rank(row: AgendaRow) -> int:
    """Where a row comes among those of its day: stored items (0) first, then the
    derived kinds in their order."""
    return 0 if row.derived is None else 1 + _KINDS.index(row.derived)


def _entry(
    kind: DerivedKind,
    source_id: int,
    due_on: date,
    title: str,
    account: tuple[int, str],
    handoff_id: int | None = None,
) -> AgendaRow:
    """A derived row; its id, negative, is unique to its kind and source."""
    return AgendaRow(
        id=-(len(_KINDS) * source_id + _KINDS.index(kind)),
        due_on=due_on,
        due_time=None,
        title=title,
        kind=_AGENDA_KINDS[kind],
        account_name=account[1],
        account_id=account[0],
        handoff_id=handoff_id,
        derived=kind,
        source_id=source_id,
    )


def _birthdays(session: Session, today: date, until: date) -> Iterator[AgendaRow]:
    """Birthdays from `today` to `until` not yet wished (see `coming_birthdays`)."""
    for birthday in coming_birthdays(session, today, until):
        role = birthday.role
        who = f"{birthday.name} ({role})" if role and role.strip() else birthday.name
        yield _entry(
            DerivedKind.BIRTHDAY,
            birthday.contact_id,
            birthday.on,
            f"Birthday: {who} · {birthday.account_name}",
            (birthday.account_id, birthday.account_name),
        )


def _cadences(session: Session, today: date) -> Iterator[AgendaRow]:
    """The review's lapses (followed clients whose cadence is reached, by the rule of
    the clients' amber days), each due the day its cadence was reached."""
    for lapse in cadence_lapses(session, today):
        how_long = (
            f"{lapse.days_since} days since last contact"
            if lapse.last_contact_on
            else "never contacted"
        )
        yield _entry(
            DerivedKind.CADENCE,
            lapse.account_id,
            today - timedelta(days=lapse.days_over),
            f"Cadence: {lapse.name} · {how_long}",
            (lapse.account_id, lapse.name),
        )


def _unfinished(*where: ColumnElement[bool]) -> ColumnElement[bool]:
    """Handoffs of live clients that are neither delivered nor closed, and `where`."""
    return and_(
        Handoff.status.not_in(FINISHED_HANDOFF), Account.archived.is_(False), *where
    )


def _handoffs(session: Session, until: date) -> Iterator[AgendaRow]:
    """Unfinished handoffs of live clients due on or before `until`."""
    query = (
        select(Handoff.id, Handoff.title, Handoff.due_on, Account.id, Account.name)
        .join(Account, Account.id == Handoff.account_id)
        .where(_unfinished(Handoff.due_on <= until))
    )
    for handoff_id, title, due_on, account_id, account_name in session.execute(query):
        yield _entry(
            DerivedKind.HANDOFF,
            handoff_id,
            due_on,
            f"Handoff due: {title} · {account_name}",
            (account_id, account_name),
            handoff_id,
        )


def _deliverables(session: Session, until: date) -> Iterator[AgendaRow]:
    """Open deliverables of unfinished handoffs of live clients, due on or before
    `until`."""
    query = (
        select(
            Deliverable.id,
            Deliverable.title,
            Deliverable.due_on,
            Handoff.id,
            Handoff.title,
            Account.id,
            Account.name,
        )
        .join(Handoff, Handoff.id == Deliverable.handoff_id)
        .join(Account, Account.id == Handoff.account_id)
        .where(_unfinished(Deliverable.done.is_(False), Deliverable.due_on <= until))
    )
    for row in session.execute(query):
        deliverable_id, title, due_on, handoff_id, handoff, account_id, account = row
        yield _entry(
            DerivedKind.DELIVERABLE,
            deliverable_id,
            due_on,
            f"Deliverable due: {title} ({handoff}) · {account}",
            (account_id, account),
            handoff_id,
        )
