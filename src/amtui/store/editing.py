"""Every write the cockpit and the command line make: one transaction per user action.

Callers pass the clock in (`now`, an aware UTC instant; `today`, the user's local
date); nothing here reads it. A problem the user can act on is an `AmtuiError` whose
message is one sentence; a misuse by the calling code (an unknown field, a model that
is not edited this way) is a `ValueError`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from operator import attrgetter
from typing import Any, TypeVar

from sqlalchemy import (
    CheckConstraint,
    ColumnElement,
    String,
    func,
    inspect,
    select,
    update,
)
from sqlalchemy import delete as delete_rows
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from amtui.domain.dates import local_date
from amtui.domain.handoff_flow import (
    HandoffFacts,
    gate_message,
    missing_for,
    next_status,
)
from amtui.domain.recurrence import occurrence_after
from amtui.domain.values import text_problem
from amtui.errors import AmtuiError
from amtui.store.attention import overdue_of
from amtui.store.database import Database
from amtui.store.models import (
    SUMMARY_MAX,
    Account,
    AgendaItem,
    Base,
    Contact,
    Deliverable,
    Handoff,
    HandoffStatusChange,
    Interaction,
    Objective,
    Opportunity,
    Versioned,
    text_limit,
    utcnow,
)
from amtui.vocabulary import AgendaKind, HandoffStatus, InteractionKind

M = TypeVar("M", bound=Base)

# What the user calls a record of each model, in messages.
LABELS: dict[type[Base], str] = {
    Account: "client",
    Contact: "contact",
    Interaction: "interaction",
    AgendaItem: "agenda item",
    Handoff: "handoff",
    Opportunity: "opportunity",
    Objective: "objective",
    Deliverable: "deliverable",
}
# How a record is named in a confirmation.
_TITLES: dict[type[Base], Callable[[Any], str]] = {
    Account: attrgetter("name"),
    Contact: attrgetter("name"),
    Interaction: attrgetter("summary"),
    AgendaItem: attrgetter("title"),
    Handoff: attrgetter("title"),
    Opportunity: attrgetter("title"),
    Deliverable: attrgetter("title"),
    Objective: lambda objective: (
        f"{objective.period} {objective.metric.value.replace('_', ' ')}"
    ),
}
# Saved by their own functions, which keep what depends on them in step.
_SAVED_ELSEWHERE = {
    Interaction: "log_interaction() or update_interaction()",
    Handoff: "save_handoff() or advance_handoff()",
}
DELETABLE = (Contact, Interaction, AgendaItem, Opportunity, Objective, Handoff)
NOT_EDITABLE = frozenset({"id", "name_key"})  # the key, and what a column derives
FOLLOW_UP_TITLE = "Follow up: "
SHOWN_MAX = 60


@dataclass(frozen=True)
class DeliverableDraft:
    """A deliverable as a handoff form holds it; `id` is None for a new one."""

    id: int | None
    title: str
    due_on: date | None
    done: bool


def _required_texts() -> dict[str, str]:
    """The column each `ck_<table>_<column>_not_blank` CHECK guards, by its name."""
    texts = {}
    for table in Base.metadata.tables.values():
        for constraint in table.constraints:
            name = str(constraint.name)
            if isinstance(constraint, CheckConstraint) and name.endswith("_not_blank"):
                texts[name] = name[len(f"ck_{table.name}_") : -len("_not_blank")]
    return texts


_NOT_BLANK = _required_texts()


class NameTaken(AmtuiError):
    """A client's name is already another live client's (ignoring case)."""


class EditConflict(AmtuiError):
    """The record changed in another session since the form that edits it opened."""


class _NameRace(Exception):
    """Another session gave a live account this name after the check."""

    def __init__(self, key: str, own_id: int | None, name: str) -> None:
        super().__init__(name)
        self.key, self.own_id, self.name = key, own_id, name


# --- records ------------------------------------------------------------------------


def label(model: type[Base]) -> str:
    """What the user calls a record of `model`."""
    try:
        return LABELS[model]
    except KeyError:
        raise ValueError(f"{model.__name__} records are not edited here") from None


def record_gone(model: type[Base]) -> AmtuiError:
    """The error for a record that is not (or no longer) in the book."""
    return AmtuiError(
        f"this {label(model)} no longer exists (another session may have deleted it)"
    )


def follow_up_title(summary: str) -> str:
    """The title of the agenda item an interaction's follow-up date creates."""
    title = f"{FOLLOW_UP_TITLE}{summary}"
    return title if len(title) <= SUMMARY_MAX else title[: SUMMARY_MAX - 1] + "…"


def load(db: Database, model: type[Base], record_id: int) -> dict[str, Any]:
    """A record's column values by attribute name."""
    with db.read() as session:
        record = _get(session, model, record_id)
        return {
            attribute.key: getattr(record, attribute.key)
            for attribute in inspect(model).column_attrs
        }


def save(
    db: Database,
    model: type[Base],
    record_id: int | None,
    values: Mapping[str, Any],
    *,
    version: int | None = None,
) -> int:
    """Insert (`record_id` None) or update a record with `values`; return its id.

    With a `version` (the record's as its form loaded it), a record changed since is
    an `EditConflict`. A client's name already used by a live client is a `NameTaken`.
    """
    if model in _SAVED_ELSEWHERE:
        raise ValueError(f"save {model.__name__} with {_SAVED_ELSEWHERE[model]}")
    try:
        with db.write() as session:
            record = _record(session, model, record_id, version)
            _assign(record, values)
            if isinstance(record, Account):
                _refuse_taken_name(session, record)
            _flush(session, record)
            return record.id
    except _NameRace as taken:
        with db.read() as session:
            existing = _live_name(session, taken.key, taken.own_id)
        raise _name_taken(existing or taken.name) from taken


def archive_account(db: Database, account_id: int, now: datetime) -> None:
    """Take a client out of the lists; its history is kept."""
    with db.write() as session:
        account = _get(session, Account, account_id)
        if not account.archived:
            account.archived = True
            account.updated_at = now


def delete(db: Database, model: type[Base], record_id: int) -> None:
    """Delete a record. A handoff takes its deliverables and status history with it,
    and its agenda items stay, without the handoff."""
    _check_deletable(model)
    with db.write() as session:
        if model is Handoff:
            _detach_handoff(session, record_id)
        result = session.execute(delete_rows(model).where(model.id == record_id))
        if result.rowcount == 0:
            raise record_gone(model)


def describe_deletion(db: Database, model: type[Base], record_id: int) -> str:
    """The question a confirmation asks before `delete` (or archiving a client)."""
    if model is not Account:
        _check_deletable(model)
    with db.read() as session:
        record = _get(session, model, record_id)
        name = _shown(_TITLES[model](record))
        if model is Account:
            return f"Archive the client '{name}'? It leaves the lists; its history is kept."
        if model is Handoff:
            count = session.scalar(
                select(func.count()).where(Deliverable.handoff_id == record_id)
            )
            return f"Delete the handoff '{name}' {_with_deliverables(count or 0)}?"
        return f"Delete the {label(model)} '{name}'?"


def _record(
    session: Session, model: type[M], record_id: int | None, version: int | None = None
) -> M:
    """The record to update, unchanged since `version` if one is given; or a new one
    added to the session."""
    if record_id is not None:
        record = _get(session, model, record_id)
        if isinstance(record, Versioned) and version not in (None, record.version):
            raise EditConflict(
                f"another session changed this {label(model)} since you opened it"
            )
        return record
    record = model()
    session.add(record)
    return record


def _get(session: Session, model: type[M], record_id: int) -> M:
    record = session.get(model, record_id)
    if record is None:
        raise record_gone(model)
    return record


def _assign(record: Base, values: Mapping[str, Any]) -> None:
    """Set the named attributes; a name that is no editable column is a bug."""
    model = type(record)
    editable = {attribute.key for attribute in inspect(model).column_attrs}
    if unknown := sorted(set(values) - (editable - NOT_EDITABLE)):
        raise ValueError(f"{model.__name__} has no editable field {unknown[0]!r}")
    columns = inspect(model).columns
    for key, value in values.items():
        if isinstance(value, str) and (problem := _text_problem(columns[key], value)):
            field = key.replace("_", " ")
            raise AmtuiError(f"the {label(model)}'s {field} {problem}")
        setattr(record, key, value)


def _text_problem(column: ColumnElement[Any], value: str) -> str:
    """Why a text column cannot hold `value` (the limits forms and import apply)."""
    if not isinstance(column.type, String):
        return ""
    return text_problem(value, limit=text_limit(column.type))


def _flush(session: Session, record: Base) -> None:
    """Write pending changes now, turning a refusal by the database into a sentence."""
    what = label(type(record))
    name = record.name if isinstance(record, Account) else None
    key = record.name_key if isinstance(record, Account) else None
    own_id = record.id
    try:
        session.flush()
    except IntegrityError as error:
        reason = str(error.orig)
        if key is not None and name is not None and "unique" in reason.lower():
            raise _NameRace(key, own_id, name) from error
        raise AmtuiError(_refusal(what, reason)) from error


def _refusal(what: str, reason: str) -> str:
    """One sentence for a constraint the database enforced."""
    for constraint, column in _NOT_BLANK.items():
        if constraint in reason:
            return f"the {what}'s {column.replace('_', ' ')} must not be blank"
    if "foreign key" in reason.lower():
        return (
            f"this {what} refers to a record that no longer exists "
            "(another session may have deleted it)"
        )
    return f"the database refused this {what} ({reason})"


def _refuse_taken_name(session: Session, account: Account) -> None:
    """A live client's name must not be another live client's, ignoring case."""
    if account.archived or account.name_key is None:
        return
    with session.no_autoflush:
        existing = _live_name(session, account.name_key, account.id)
    if existing is not None:
        raise _name_taken(existing)


def _live_name(session: Session, key: str, own_id: int | None) -> str | None:
    query = select(Account.name).where(
        Account.archived.is_(False), Account.name_key == key
    )
    if own_id is not None:
        query = query.where(Account.id != own_id)
    return session.scalars(query.limit(1)).first()


def _name_taken(name: str) -> NameTaken:
    return NameTaken(f"a client named '{name}' already exists")


def _check_deletable(model: type[Base]) -> None:
    if model is Account:
        raise ValueError("accounts are archived (archive_account), never deleted")
    if model not in DELETABLE:
        raise ValueError(f"{model.__name__} records are not deleted on their own")


def _detach_handoff(session: Session, handoff_id: int) -> None:
    """Remove what belongs to a handoff, and unlink what only refers to it."""
    session.execute(
        update(AgendaItem)
        .where(AgendaItem.handoff_id == handoff_id)
        .values(handoff_id=None)
    )
    session.execute(
        delete_rows(Deliverable).where(Deliverable.handoff_id == handoff_id)
    )
    session.execute(
        delete_rows(HandoffStatusChange).where(
            HandoffStatusChange.handoff_id == handoff_id
        )
    )


def _shown(text: str) -> str:
    """User text cut to fit a one-line question."""
    line = " ".join(text.split())
    return line if len(line) <= SHOWN_MAX else line[: SHOWN_MAX - 1] + "…"


def _with_deliverables(count: int) -> str:
    if count == 0:
        return "and its status history"
    if count == 1:
        return "with its deliverable and status history"
    return f"with its {count} deliverables and status history"


# --- interactions -------------------------------------------------------------------


def log_interaction(
    db: Database, values: Mapping[str, Any], *, follow_up_time: time | None = None
) -> int:
    """Log an interaction; its follow-up date, if any, becomes an agenda item."""
    with db.write() as session:
        interaction = _record(session, Interaction, None)
        _assign(interaction, values)
        _flush(session, interaction)
        if interaction.follow_up_on is not None:
            _add_follow_up(session, interaction, follow_up_time)
        return interaction.id


def log_birthday_wishes(db: Database, contact_id: int, at: datetime) -> int:
    """Log the birthday wishes sent to a contact (a gift, at `at`); return its id."""
    with db.write() as session:
        contact = _get(session, Contact, contact_id)
        interaction = Interaction(
            account_id=contact.account_id,
            contact_id=contact.id,
            occurred_at=at,
            kind=InteractionKind.GIFT,
            summary=f"Birthday wishes to {contact.name}",
        )
        session.add(interaction)
        _flush(session, interaction)
        return interaction.id


def update_interaction(
    db: Database,
    interaction_id: int,
    values: Mapping[str, Any],
    *,
    follow_up_time: time | None = None,
    version: int | None = None,
) -> None:
    """Edit an interaction and keep its open follow-up item in step.

    A new follow-up date, or a new `follow_up_time`, moves the open item; a cleared
    date deletes it, and a date with no open item creates one. The item's title follows
    the summary unless the user retitled it. Done items are history: never touched.
    A `version` is checked as `save` does.
    """
    with db.write() as session:
        interaction = _record(session, Interaction, interaction_id, version)
        was_due, was_titled = (
            interaction.follow_up_on,
            follow_up_title(interaction.summary),
        )
        _assign(interaction, values)
        _flush(session, interaction)
        item = session.scalars(
            select(AgendaItem)
            .where(
                AgendaItem.interaction_id == interaction.id,
                AgendaItem.done_at.is_(None),
            )
            .order_by(AgendaItem.id)
            .limit(1)
        ).first()
        if item is not None:
            item.account_id = interaction.account_id
            if item.title == was_titled:
                item.title = follow_up_title(interaction.summary)
        retimed = item is not None and follow_up_time not in (None, item.due_time)
        if interaction.follow_up_on != was_due or retimed:
            _reschedule(session, interaction, item, follow_up_time)


def open_follow_up(
    db: Database, interaction_id: int
) -> tuple[date, time | None] | None:
    """The day and time of an interaction's follow-up item still open, if any."""
    with db.read() as session:
        row = session.execute(
            select(AgendaItem.due_on, AgendaItem.due_time)
            .where(
                AgendaItem.interaction_id == interaction_id,
                AgendaItem.done_at.is_(None),
            )
            .order_by(AgendaItem.id)
            .limit(1)
        ).first()
    return (row.due_on, row.due_time) if row is not None else None


def _reschedule(
    session: Session,
    interaction: Interaction,
    item: AgendaItem | None,
    due_time: time | None,
) -> None:
    """Move, delete or create the open follow-up item for a changed follow-up date."""
    due_on = interaction.follow_up_on
    if item is None:
        if due_on is not None:
            _add_follow_up(session, interaction, due_time)
    elif due_on is None:
        session.delete(item)
    else:
        item.due_on, item.due_time = due_on, due_time


def _add_follow_up(
    session: Session, interaction: Interaction, due_time: time | None
) -> None:
    item = AgendaItem(
        account_id=interaction.account_id,
        interaction_id=interaction.id,
        due_on=interaction.follow_up_on,
        due_time=due_time,
        title=follow_up_title(interaction.summary),
        kind=AgendaKind.FOLLOW_UP,
    )
    session.add(item)
    _flush(session, item)


# --- agenda -------------------------------------------------------------------------


def set_agenda_done(
    db: Database, item_id: int, done: bool, now: datetime
) -> date | None:
    """Mark an item done (at `now`) or not done.

    Marking a recurring item done schedules its next occurrence after today, once: an
    open twin on that date is not doubled. Taking the tick back removes that open twin, so a
    tick and an untick leave the agenda as it was. Returns the next occurrence's
    date when one is scheduled, else None.
    """
    with db.write() as session:
        item = _get(session, AgendaItem, item_id)
        if not done:
            item.done_at = None
            twin = _next_twin(session, item, local_date(now))
            if twin is not None:
                session.delete(twin)
            return None
        return _tick(session, item, now)


def _tick(session: Session, item: AgendaItem, now: datetime) -> date | None:
    """Mark `item` done at `now` (if not done yet) and schedule its next occurrence."""
    if item.done_at is None:
        item.done_at = now
    return _schedule_next(session, item, local_date(now))


def _next_twin(session: Session, item: AgendaItem, today: date) -> AgendaItem | None:
    """The open occurrence that follows a recurring `item`, if there is one."""
    due_on = occurrence_after(item.due_on, item.recurrence, today)
    if due_on is None:
        return None
    twin = select(AgendaItem).where(
        AgendaItem.id != item.id,
        AgendaItem.done_at.is_(None),
        AgendaItem.due_on == due_on,
        AgendaItem.account_id.is_not_distinct_from(item.account_id),
        AgendaItem.title == item.title,
        AgendaItem.recurrence == item.recurrence,
    )
    return session.scalars(twin.limit(1)).first()


def _schedule_next(session: Session, item: AgendaItem, today: date) -> date | None:
    due_on = occurrence_after(item.due_on, item.recurrence, today)
    if due_on is None:
        return None
    if _next_twin(session, item, today) is None:
        session.add(
            AgendaItem(
                account_id=item.account_id,
                handoff_id=item.handoff_id,
                due_on=due_on,
                due_time=item.due_time,
                title=item.title,
                kind=item.kind,
                recurrence=item.recurrence,
            )
        )
    return due_on


def snooze(db: Database, item_id: int, today: date, days: int = 1) -> date:
    """Push an open item `days` past its due date, or past today if it is overdue."""
    if days < 1:
        raise ValueError(f"snooze by at least one day, not {days}")
    with db.write() as session:
        item = _get(session, AgendaItem, item_id)
        if item.done_at is not None:
            raise AmtuiError("this item is done; reopen it with x before snoozing")
        return _snoozed(item, today, days)


def _snoozed(item: AgendaItem, today: date, days: int) -> date:
    """Push `item` `days` past its due date, or past today if it is overdue."""
    item.due_on = max(item.due_on, today) + timedelta(days=days)
    return item.due_on


# --- handoffs -----------------------------------------------------------------------


def save_handoff(
    db: Database,
    handoff_id: int | None,
    values: Mapping[str, Any],
    deliverables: Sequence[DeliverableDraft],
    now: datetime,
    *,
    version: int | None = None,
) -> int:
    """Insert or update a handoff with exactly `deliverables`; return its id.

    A new handoff, or a new status, passes the gate (on the handoff as edited) and
    is recorded in the status history. A `version` is checked as `save` does; saving
    counts as a change of the handoff even if only its deliverables changed.
    """
    with db.write() as session:
        handoff = _record(session, Handoff, handoff_id, version)
        previous = handoff.status  # None for a new handoff
        _assign(handoff, values)
        handoff.updated_at = now
        handoff.status = target = HandoffStatus(handoff.status or HandoffStatus.DRAFT)
        _flush(session, handoff)
        _replace_deliverables(session, handoff.id, deliverables)
        if target != previous:
            _change_status(session, handoff, previous, target, now)
        return handoff.id


def set_deliverable_done(db: Database, deliverable_id: int, done: bool) -> None:
    """Tick a handoff's deliverable done, or take the tick back: a change of the
    handoff, which an open form of it must not overwrite unawares."""
    with db.write() as session:
        deliverable = _get(session, Deliverable, deliverable_id)
        deliverable.done = done
        deliverable.handoff.updated_at = utcnow()


def deliverables_of(db: Database, handoff_id: int) -> list[DeliverableDraft]:
    """A handoff's deliverables as a form edits them, in the order they were added."""
    query = (
        select(Deliverable.id, Deliverable.title, Deliverable.due_on, Deliverable.done)
        .where(Deliverable.handoff_id == handoff_id)
        .order_by(Deliverable.id)
    )
    with db.read() as session:
        return [DeliverableDraft(*row) for row in session.execute(query)]


def advance_handoff(db: Database, handoff_id: int, now: datetime) -> HandoffStatus:
    """Move a handoff to the next status of the flow, through the gate.

    A blocked handoff resumes the status it was blocked from.
    """
    with db.write() as session:
        handoff = _get(session, Handoff, handoff_id)
        resumes = (
            _blocked_from(session, handoff_id)
            if handoff.status == HandoffStatus.BLOCKED
            else None
        )
        target = next_status(handoff.status, resumes=resumes)
        if target is None:
            raise AmtuiError("this handoff is closed: there is nothing after closed")
        _change_status(session, handoff, handoff.status, target, now)
        return target


def _change_status(
    session: Session,
    handoff: Handoff,
    previous: HandoffStatus | None,
    target: HandoffStatus,
    now: datetime,
) -> None:
    """Move `handoff` from `previous` (None when it is created) to `target` if the
    gate lets it, and record the change."""
    if missing := missing_for(target, _facts(session, handoff)):
        raise AmtuiError(gate_message(target, missing))
    session.add(
        HandoffStatusChange(
            handoff_id=handoff.id,
            from_status=previous,
            to_status=target,
            changed_at=now,
        )
    )
    handoff.status = target
    handoff.updated_at = now


def _facts(session: Session, handoff: Handoff) -> HandoffFacts:
    """What the gate needs to know about `handoff` as it stands in this transaction."""
    rows = session.execute(
        select(Deliverable.title, Deliverable.done)
        .where(Deliverable.handoff_id == handoff.id)
        .order_by(Deliverable.id)
    ).all()
    return HandoffFacts(
        title=handoff.title,
        project_manager=handoff.project_manager,
        brief=handoff.brief,
        budget=handoff.budget,
        due_on=handoff.due_on,
        deliverables=len(rows),
        deliverables_open=tuple(title for title, done in rows if not done),
    )


def _blocked_from(session: Session, handoff_id: int) -> HandoffStatus | None:
    """The status a handoff had before its latest block."""
    return session.scalar(
        select(HandoffStatusChange.from_status)
        .where(
            HandoffStatusChange.handoff_id == handoff_id,
            HandoffStatusChange.to_status == HandoffStatus.BLOCKED,
        )
        .order_by(HandoffStatusChange.changed_at.desc(), HandoffStatusChange.id.desc())
        .limit(1)
    )


def _replace_deliverables(
    session: Session, handoff_id: int, drafts: Sequence[DeliverableDraft]
) -> None:
    """Make the handoff's deliverables exactly `drafts`: update, insert, delete."""
    existing = {
        deliverable.id: deliverable
        for deliverable in session.scalars(
            select(Deliverable).where(Deliverable.handoff_id == handoff_id)
        )
    }
    for draft in drafts:
        if draft.id is None:
            deliverable = Deliverable(handoff_id=handoff_id)
            session.add(deliverable)
        elif (deliverable := existing.pop(draft.id, None)) is None:
            raise record_gone(Deliverable)
        deliverable.title, deliverable.due_on = draft.title, draft.due_on
        deliverable.done = draft.done
        _flush(session, deliverable)
    for deliverable in existing.values():
        session.delete(deliverable)
    session.flush()


# --- the guided review: all overdue items of one client at once ---------------------


def snooze_overdue(db: Database, account_id: int, today: date) -> int:
    """Move every overdue item of a client to tomorrow; return how many moved."""
    with db.write() as session:
        items = _overdue_items(session, account_id, today)
        for item in items:
            _snoozed(item, today, 1)
        return len(items)


def tick_overdue(db: Database, account_id: int, today: date, now: datetime) -> int:
    """Mark every overdue item of a client done at `now`, recurring ones scheduling
    their next occurrence; return how many were ticked."""
    with db.write() as session:
        items = _overdue_items(session, account_id, today)
        for item in items:
            _tick(session, item, now)
        return len(items)


def _overdue_items(session: Session, account_id: int, today: date) -> list[AgendaItem]:
    query = select(AgendaItem).where(overdue_of(account_id, today))
    return list(session.scalars(query.order_by(AgendaItem.id)))
