"""The weekly review read from the book: one `Review`, built in a few aggregate
queries (counts and sums are computed by the database, never by loading rows).

Archived clients are out of the book, so they are out of every figure.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import islice
from typing import Any

from sqlalchemy import (
    ColumnElement,
    ScalarSelect,
    and_,
    case,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Session

from amtui.domain.contact import ContactHealth, contact_health, days_since
from amtui.domain.dates import day_start, local_date
from amtui.domain.periods import IsoWeek, Period, periods_touching
from amtui.domain.review import (
    AT_RISK_DAYS,
    DEFAULT_TARGETS,
    LIST_LIMIT,
    SPLIT_WEEKS,
    CadenceLapse,
    HandoffRisk,
    ObjectiveLine,
    OverdueItem,
    Review,
    Shortlist,
    StageLine,
    TargetSplit,
    TimeSplit,
    WeekSplit,
    choose_phase,
    review_day,
)
from amtui.store.database import Database
from amtui.store.models import (
    Account,
    AgendaItem,
    Deliverable,
    Handoff,
    Interaction,
    Objective,
    Opportunity,
)
from amtui.vocabulary import (
    AccountPhase,
    AccountStatus,
    HandoffStatus,
    InteractionKind,
    ObjectiveMetric,
    OpportunityStage,
)

MEETING_KINDS = (InteractionKind.MEETING, InteractionKind.VISIT)
FINISHED_HANDOFF = (HandoffStatus.DELIVERED, HandoffStatus.CLOSED)
# Handoffs at risk: the soonest due first, undated last.
HANDOFF_RISK_ORDER = (Handoff.due_on.is_(None), Handoff.due_on, Handoff.id)
_METRIC_ORDER = {metric: index for index, metric in enumerate(ObjectiveMetric)}


def live_account(account_id: Any) -> ColumnElement[bool]:
    """`account_id` names a client that is not archived.

    Said as "not one of the archived", a short list, so that the database can walk
    the rows by another index (a period's interactions) and skip the few archived."""
    return account_id.not_in(select(Account.id).where(Account.archived.is_(True)))


def followed() -> ColumnElement[bool]:
    """The account is a client still followed: live and not churned."""
    return and_(Account.archived.is_(False), Account.status != AccountStatus.CHURNED)


def build_review(
    db: Database,
    week: IsoWeek,
    today: date,
    *,
    phase: AccountPhase | None = None,
    targets: Mapping[AccountPhase, TargetSplit] = DEFAULT_TARGETS,
) -> Review:
    """The review of `week` as it stood on its last day (or today, in the current week).

    `phase` is the AM's phase when configured; otherwise that of most live accounts.
    The sections are read side by side, each in a read of its own: SQLite lets go of
    the interpreter while it works, so two threads halve the wait on a big book (and
    a write landing meanwhile shows in the sections read after it).
    """
    as_of = review_day(week, today)
    sections = read_side_by_side(
        db,
        {  # the slowest first, so that the two threads finish together
            "lapses": lambda session: _lapses(session, as_of),
            "split": lambda session: _week_splits(session, week),
            "objectives": lambda session: _objectives(session, week, as_of),
            "overdue": lambda session: _overdue(session, as_of),
            "phases": _accounts_by_phase,
            "pipeline": _pipeline,
            "handoffs": lambda session: _handoffs_at_risk(session, as_of),
        },
    )
    chosen, reason = choose_phase(phase, sections["phases"])
    return Review(
        week=week,
        as_of=as_of,
        objectives=sections["objectives"],
        split=TimeSplit(
            weeks=sections["split"],
            phase=chosen,
            phase_reason=reason,
            target=targets[chosen],
        ),
        lapses=sections["lapses"],
        handoffs_at_risk=sections["handoffs"],
        overdue=sections["overdue"],
        pipeline=sections["pipeline"],
    )


def read_side_by_side(
    db: Database, readers: Mapping[str, Callable[[Session], Any]], threads: int = 2
) -> dict[str, Any]:
    """Each reader's result, by name, each run in its own read on one of `threads`."""

    def read(reader: Callable[[Session], Any]) -> Any:
        with db.read() as session:
            return reader(session)

    with ThreadPoolExecutor(max_workers=threads) as pool:
        futures = {name: pool.submit(read, reader) for name, reader in readers.items()}
        return {name: future.result() for name, future in futures.items()}


# -- objectives ---------------------------------------------------------------------


def _objectives(
    session: Session, week: IsoWeek, as_of: date
) -> tuple[ObjectiveLine, ...]:
    """Every objective of a month, quarter or year the week touches, with its actual
    from the period's first day up to the review's day."""
    names = periods_touching(week.monday, week.sunday)
    rows = session.scalars(select(Objective).where(Objective.period.in_(names))).all()
    lines = []
    for objective in rows:
        period = Period.parse(objective.period)
        if objective.metric is ObjectiveMetric.CUSTOM or objective.target is None:
            actual = objective.manual_actual
        else:
            actual = _actual(session, objective.metric, period, as_of)
        lines.append(
            ObjectiveLine(
                id=objective.id,
                period=period,
                metric=objective.metric,
                text=objective.text,
                target=objective.target,
                actual=actual,
                status=objective.status,
                as_of=as_of,
            )
        )
    lines.sort(
        key=lambda line: (
            line.period.span_order,  # the months, then the quarters, then the years
            line.period.first,
            line.is_qualitative,
            _METRIC_ORDER[line.metric],
            line.id,
        )
    )
    return tuple(lines)


def _actual(
    session: Session, metric: ObjectiveMetric, period: Period, as_of: date
) -> Decimal:
    """Won revenue, meetings and visits, or new clients, from the period's first day
    to the earlier of its last day and `as_of`; nothing before the period starts."""
    last = min(period.last, as_of)
    if last < period.first:
        return Decimal(0)
    begin, end = day_start(period.first), day_start(last + timedelta(days=1))
    if metric is ObjectiveMetric.REVENUE:
        query = select(func.sum(Opportunity.amount)).where(
            Opportunity.stage == OpportunityStage.WON,
            Opportunity.closed_on.between(period.first, last),
            live_account(Opportunity.account_id),
        )
    elif metric is ObjectiveMetric.MEETINGS:
        query = select(func.count()).where(
            Interaction.kind.in_(MEETING_KINDS),
            Interaction.occurred_at >= begin,
            Interaction.occurred_at < end,
            live_account(Interaction.account_id),
        )
    else:
        query = select(func.count()).where(
            Account.archived.is_(False),
            Account.created_at >= begin,
            Account.created_at < end,
        )
    return Decimal(session.execute(query).scalar_one() or 0)


# -- time split ---------------------------------------------------------------------


def _accounts_by_phase(session: Session) -> dict[AccountPhase, int]:
    query = (
        select(Account.phase, func.count()).where(followed()).group_by(Account.phase)
    )
    return {phase: count for phase, count in session.execute(query)}


def _week_splits(session: Session, week: IsoWeek) -> tuple[WeekSplit, ...]:
    """Interactions per week of the four ending with `week`: with prospects, and not.

    Each week is bucketed by the UTC instants of its local Mondays, so that the
    database does the counting and a zone shift cannot move an interaction."""
    weeks = [week.shifted(offset) for offset in range(1 - SPLIT_WEEKS, 1)]
    bounds = [day_start(w.monday) for w in weeks] + [
        day_start(week.sunday + timedelta(days=1))
    ]
    bucket = case(
        *(
            (Interaction.occurred_at < bound, index)
            for index, bound in enumerate(bounds[1:])
        ),
    )
    in_weeks = and_(
        Interaction.occurred_at >= bounds[0], Interaction.occurred_at < bounds[-1]
    )

    def per_week(accounts: ColumnElement[bool]) -> dict[int, int]:
        query = select(bucket, func.count()).where(in_weeks, accounts).group_by(bucket)
        return {index: n for index, n in session.execute(query)}

    # Two counts read from the index of interactions by time, rather than the status
    # of each interaction's client looked up row by row.
    everyone = per_week(live_account(Interaction.account_id))
    prospects = per_week(
        Interaction.account_id.in_(
            select(Account.id).where(
                Account.archived.is_(False), Account.status == AccountStatus.PROSPECT
            )
        )
    )
    return tuple(
        WeekSplit(
            w,
            conquest=prospects.get(i, 0),
            loyalty=everyone.get(i, 0) - prospects.get(i, 0),
        )
        for i, w in enumerate(weeks)
    )


# -- attention lists ----------------------------------------------------------------


def _lapses(session: Session, as_of: date) -> Shortlist[CadenceLapse]:
    """The worst lapses, and how many there are."""
    lapses = cadence_lapses(session, as_of)
    return Shortlist(tuple(lapses[:LIST_LIMIT]), len(lapses))


def cadence_lapses(session: Session, as_of: date) -> list[CadenceLapse]:
    """Followed clients whose last contact (by the end of `as_of`) is at least their
    cadence old (never contacted: since created), the most cadences behind first.

    The database picks them: each cadence in use has its own cut-off instant (the
    local midnight after which a contact is still recent), so only the lapsed rows
    come back."""
    end = day_start(as_of + timedelta(days=1))
    cadences = session.scalars(
        select(Account.cadence_days).where(followed()).distinct()
    ).all()
    if not cadences:
        return []
    cut_off = case(
        {
            cadence: day_start(as_of - timedelta(days=cadence - 1))
            for cadence in cadences
        },
        value=Account.cadence_days,
    )
    last_contact = _last_contact_before(end)
    query = select(
        Account.id,
        Account.name,
        Account.tier,
        Account.cadence_days,
        Account.created_at,
        last_contact,
    ).where(
        followed(),
        Account.created_at < end,
        func.coalesce(last_contact, Account.created_at) < cut_off,
    )
    lapses = []
    for account_id, name, tier, cadence, created_at, contacted_at in session.execute(
        query
    ):
        days = days_since(contacted_at or created_at, as_of) or 0
        if contact_health(days, cadence) is not ContactHealth.OK:
            lapses.append(
                CadenceLapse(
                    account_id=account_id,
                    name=name,
                    tier=tier,
                    cadence_days=cadence,
                    last_contact_on=local_date(contacted_at) if contacted_at else None,
                    days_since=days,
                )
            )
    lapses.sort(key=lambda lapse: (-lapse.severity, -lapse.days_over, lapse.name))
    return lapses


def _last_contact_before(end: datetime) -> ColumnElement[datetime | None]:
    """The account's latest interaction before `end`: the stored last contact, unless
    it is later (a past week's review), when the interactions are searched."""
    searched = (
        select(func.max(Interaction.occurred_at))
        .where(Interaction.account_id == Account.id, Interaction.occurred_at < end)
        .scalar_subquery()
    )
    return case(
        (Account.last_contact_at < end, Account.last_contact_at), else_=searched
    )


def _handoffs_at_risk(session: Session, as_of: date) -> Shortlist[HandoffRisk]:
    """The handoffs at risk due first, and how many there are."""
    at_risk = handoff_at_risk(as_of)
    query = (
        select(*handoff_risk_columns())
        .where(at_risk)
        .order_by(*HANDOFF_RISK_ORDER)
        .limit(LIST_LIMIT)
    )
    rows = tuple(HandoffRisk(*row) for row in session.execute(query))
    count = session.execute(select(func.count()).where(at_risk)).scalar_one()
    return Shortlist(rows, count)


def _deliverables(*where: ColumnElement[bool]) -> ScalarSelect[int]:
    """How many deliverables of the handoff in the outer query match `where`."""
    return (
        select(func.count())
        .where(Deliverable.handoff_id == Handoff.id, *where)
        .scalar_subquery()
    )


def handoff_at_risk(as_of: date) -> ColumnElement[bool]:
    """An unfinished handoff of a live client that is blocked, or due within two weeks
    (or overdue) with deliverables still open."""
    return and_(
        Handoff.status.not_in(FINISHED_HANDOFF),
        live_account(Handoff.account_id),
        or_(
            Handoff.status == HandoffStatus.BLOCKED,
            and_(
                Handoff.due_on <= as_of + timedelta(days=AT_RISK_DAYS),
                _deliverables(Deliverable.done.is_(False)) > 0,
            ),
        ),
    )


def handoff_risk_columns() -> tuple[ColumnElement[Any], ...]:
    """The columns of a `HandoffRisk`, in its fields' order."""
    account_name = (
        select(Account.name).where(Account.id == Handoff.account_id).scalar_subquery()
    )
    return (
        Handoff.id,
        Handoff.title,
        account_name,
        Handoff.status,
        Handoff.due_on,
        _deliverables(Deliverable.done.is_(False)),
        _deliverables(),
    )


def _overdue(session: Session, as_of: date) -> Shortlist[OverdueItem]:
    """The oldest overdue agenda items, and how many there are.

    Asked in two parts that an index answers each (items still open, items done only
    after the review's day), where one condition with both read the whole agenda."""
    account_name = (
        select(Account.name)
        .where(Account.id == AgendaItem.account_id)
        .scalar_subquery()
    )
    query = select(AgendaItem.id, AgendaItem.title, account_name, AgendaItem.due_on)
    parts = _overdue_parts(as_of)
    oldest = heapq.merge(
        *(
            session.execute(
                query.where(part)
                .order_by(AgendaItem.due_on, AgendaItem.id)
                .limit(LIST_LIMIT)
            )
            for part in parts
        ),
        key=lambda row: (row.due_on, row.id),
    )
    rows = tuple(OverdueItem(*row) for row in islice(oldest, LIST_LIMIT))
    count = sum(
        session.execute(select(func.count()).where(part)).scalar_one() for part in parts
    )
    return Shortlist(rows, count)


def overdue_on(as_of: date) -> ColumnElement[bool]:
    """An agenda item (of a live client, or of none) due before `as_of` and still
    open at its end."""
    return and_(_due_before(as_of), or_(*_open_at_end(as_of)))


def _overdue_parts(as_of: date) -> tuple[ColumnElement[bool], ...]:
    """`overdue_on` as disjoint conditions, each with an index of its own."""
    return tuple(and_(_due_before(as_of), open_) for open_ in _open_at_end(as_of))


def _due_before(as_of: date) -> ColumnElement[bool]:
    return and_(
        AgendaItem.due_on < as_of,
        or_(AgendaItem.account_id.is_(None), live_account(AgendaItem.account_id)),
    )


def _open_at_end(as_of: date) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """Never done, or done only after the day `as_of`."""
    end = day_start(as_of + timedelta(days=1))
    return AgendaItem.done_at.is_(None), AgendaItem.done_at >= end


def _pipeline(session: Session) -> tuple[StageLine, ...]:
    """Every stage in order, with its count and amount (zero when empty)."""
    query = (
        select(Opportunity.stage, func.count(), func.sum(Opportunity.amount))
        .where(live_account(Opportunity.account_id))
        .group_by(Opportunity.stage)
    )
    found = {stage: (count, amount) for stage, count, amount in session.execute(query)}
    return tuple(
        StageLine(stage, *found.get(stage, (0, Decimal(0))))
        for stage in OpportunityStage
    )
