"""The agenda as an iCalendar file (RFC 5545), written with the `icalendar` library.

Events: open agenda items (at their time, in UTC, when they have one; else all day),
the deadlines of unfinished handoffs and of their open deliverables (all day), and
the contacts' birthdays (all day, every year). Only live clients' records are in,
as in the agenda. Each event's UID comes from its record (`agenda-42@amtui`), so
that importing the file again updates a calendar's events instead of doubling them.
Events are written one by one as they are read, never a whole table at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any, TextIO

from icalendar import Calendar, Event
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from amtui import __version__
from amtui.domain.dates import local_instant
from amtui.errors import AmtuiError
from amtui.store.database import Database
from amtui.store.models import Account, AgendaItem, Contact, Deliverable, Handoff
from amtui.store.review import FINISHED_HANDOFF
from amtui.text import one_line

BATCH_SIZE = 1000
UID_DOMAIN = "amtui"
MEETING_LENGTH = timedelta(minutes=30)  # an item with a time: shown as half an hour
LEAP_YEAR = 2000  # a birthday without its year starts then: 29 February exists
END = "END:VCALENDAR\r\n"
Progress = Callable[[int, int], None]
_LIVE = or_(Account.id.is_(None), Account.archived.is_(False))


def export_ics(
    db: Database, out: TextIO, *, now: datetime, progress: Progress | None = None
) -> int:
    """Write the calendar to `out`; return the events written. `now` (aware) is
    every event's DTSTAMP."""
    calendar = Calendar.new(
        prodid=f"-//amtui//amtui {__version__}//EN",
        name="amtui agenda",
        uid=f"agenda@{UID_DOMAIN}",
    )
    head = calendar.to_ical().decode("utf-8")
    if not head.endswith(END):
        raise AmtuiError("icalendar wrote an unexpected calendar")  # pragma: no cover
    out.write(head.removesuffix(END))
    written = 0
    with db.read() as session:  # one transaction: a consistent snapshot
        queries = [_items(), _handoffs(), _deliverables(), _birthdays()]
        total = sum(_count(session, query) for query, _event in queries)
        if progress:
            progress(0, total)
        for query, event in queries:
            for event_text in _events(session, query, event, now):
                out.write(event_text)
                written += 1
                if progress and written % BATCH_SIZE == 0:
                    progress(written, total)
    out.write(END)
    if progress:
        progress(written, total)
    return written


def uid(kind: str, record_id: int) -> str:
    """The stable UID of a record's event: `agenda-42@amtui`."""
    return f"{kind}-{record_id}@{UID_DOMAIN}"


EventPlan = tuple[Select[Any], Callable[[Any], dict[str, Any]]]


def _count(session: Session, query: Select[Any]) -> int:
    counted = select(func.count()).select_from(query.order_by(None).subquery())
    return session.execute(counted).scalar_one()


def _events(
    session: Session,
    query: Select[Any],
    event: Callable[[Any], dict[str, Any]],
    now: datetime,
) -> Iterator[str]:
    result = session.execute(query, execution_options={"yield_per": BATCH_SIZE})
    for row in result:
        fields = event(row)
        rule = fields.pop("rrule", None)
        made = Event.new(stamp=now, **fields)
        if rule is not None:
            made.add("rrule", rule)
        yield made.to_ical().decode("utf-8")


def _summary(title: str, account: str | None) -> str:
    return one_line(f"{title} · {account}" if account else title)


def _all_day(day: date) -> dict[str, Any]:
    """A whole day (VALUE=DATE), which keeps the time free."""
    return {"start": day, "end": day + timedelta(days=1), "transparency": "TRANSPARENT"}


def _items() -> EventPlan:
    query = (
        select(
            AgendaItem.id,
            AgendaItem.title,
            AgendaItem.due_on,
            AgendaItem.due_time,
            AgendaItem.kind,
            Account.name,
        )
        .outerjoin(Account, Account.id == AgendaItem.account_id)
        .where(AgendaItem.done_at.is_(None), _LIVE)
        .order_by(AgendaItem.id)
    )

    def event(row: Any) -> dict[str, Any]:
        item_id, title, due_on, due_time, kind, account = row
        when = _all_day(due_on)
        if due_time is not None:
            start = local_instant(due_on, due_time, datetime.now().astimezone())
            when = {"start": start, "end": start + MEETING_LENGTH}
        return {
            "uid": uid("agenda", item_id),
            "summary": _summary(title, account),
            "categories": [kind.value.replace("_", " ")],
            **when,
        }

    return query, event


def _handoffs() -> EventPlan:
    query = (
        select(Handoff.id, Handoff.title, Handoff.due_on, Account.name)
        .join(Account, Account.id == Handoff.account_id)
        .where(
            Handoff.status.not_in(FINISHED_HANDOFF),
            Handoff.due_on.is_not(None),
            Account.archived.is_(False),
        )
        .order_by(Handoff.id)
    )

    def event(row: Any) -> dict[str, Any]:
        handoff_id, title, due_on, account = row
        return {
            "uid": uid("handoff", handoff_id),
            "summary": _summary(f"Handoff due: {title}", account),
            "categories": ["deadline"],
            **_all_day(due_on),
        }

    return query, event


def _deliverables() -> EventPlan:
    query = (
        select(
            Deliverable.id,
            Deliverable.title,
            Deliverable.due_on,
            Handoff.title,
            Account.name,
        )
        .join(Handoff, Handoff.id == Deliverable.handoff_id)
        .join(Account, Account.id == Handoff.account_id)
        .where(
            Deliverable.done.is_(False),
            Deliverable.due_on.is_not(None),
            Handoff.status.not_in(FINISHED_HANDOFF),
            Account.archived.is_(False),
        )
        .order_by(Deliverable.id)
    )

    def event(row: Any) -> dict[str, Any]:
        deliverable_id, title, due_on, handoff, account = row
        return {
            "uid": uid("deliverable", deliverable_id),
            "summary": _summary(f"Deliverable due: {title} ({handoff})", account),
            "categories": ["deadline"],
            **_all_day(due_on),
        }

    return query, event


def _birthdays() -> EventPlan:
    query = (
        select(
            Contact.id,
            Contact.name,
            Contact.birthday_month,
            Contact.birthday_day,
            Contact.birthday_year,
            Account.name,
        )
        .join(Account, Account.id == Contact.account_id)
        .where(Contact.birthday_month.is_not(None), Account.archived.is_(False))
        .order_by(Contact.id)
    )

    def event(row: Any) -> dict[str, Any]:
        contact_id, name, month, day, year, account = row
        rule: dict[str, Any] = {"freq": "yearly"}
        if (month, day) == (2, 29):  # the last day of February in common years
            rule.update(bymonth=2, bymonthday=-1)
        return {
            "uid": uid("birthday", contact_id),
            "summary": _summary(f"Birthday: {name}", account),
            "categories": ["birthday"],
            "rrule": rule,
            **_all_day(date(year or LEAP_YEAR, month, day)),
        }

    return query, event
