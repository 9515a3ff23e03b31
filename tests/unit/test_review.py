"""The weekly review built from a hand-made book whose every figure is known.

Today is Wednesday 25 November 2026, in ISO week 2026-W48 (23-29 November); the
four weeks of the time split are W45 (2 Nov) to W48.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from amtui.domain.periods import IsoWeek, PeriodError
from amtui.domain.review import Review, TargetSplit, percent
from amtui.store import Database
from amtui.store.models import (
    Account,
    AgendaItem,
    Deliverable,
    Handoff,
    Interaction,
    Objective,
    Opportunity,
)
from amtui.store.review import build_review
from amtui.vocabulary import (
    AccountPhase,
    AccountStatus,
    HandoffStatus,
    InteractionKind,
    ObjectiveMetric,
    ObjectiveStatus,
    OpportunityStage,
)

TODAY = date(2026, 11, 25)
W48 = IsoWeek(2026, 48)


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    """The UTC instant of local `hour:minute` on `day`."""
    local = datetime(day.year, day.month, day.day, hour, minute).astimezone()
    return local.astimezone(UTC)


def d(month: int, day: int) -> date:
    return date(2026, month, day)


def build_book(db: Database) -> dict[str, int]:
    """Clients, interactions, opportunities, handoffs, agenda and objectives."""
    with db.write() as session:

        def account(name: str, created: date, **fields: object) -> int:
            fields.setdefault("status", AccountStatus.ACTIVE)
            record = Account(name=name, created_at=at(created), **fields)
            session.add(record)
            session.flush()
            return record.id

        prospect = account(
            "Prospect One",
            d(10, 1),
            status=AccountStatus.PROSPECT,
            phase=AccountPhase.CONQUEST,
            cadence_days=10,
        )
        two = account("Loyal Two", d(11, 10), phase=AccountPhase.LOYALTY)
        three = account(
            "Loyal Three", date(2026, 1, 15), phase=AccountPhase.LOYALTY, cadence_days=7
        )
        never = account("Never Called", d(9, 1), phase=AccountPhase.LOYALTY)
        gone = account("Gone", d(11, 12), archived=True, phase=AccountPhase.CONQUEST)
        account(
            "Churned",
            d(1, 5),
            status=AccountStatus.CHURNED,
            phase=AccountPhase.CONQUEST,
        )

        def met(account_id: int, day: date, kind: InteractionKind) -> None:
            session.add(
                Interaction(
                    account_id=account_id,
                    occurred_at=at(day),
                    kind=kind,
                    summary=f"{kind} on {day}",
                )
            )

        met(prospect, d(11, 24), InteractionKind.MEETING)  # W48
        met(prospect, d(11, 17), InteractionKind.CALL)  # W47
        met(prospect, d(10, 30), InteractionKind.VISIT)  # W44: Q4, not November
        met(two, d(11, 3), InteractionKind.CALL)  # W45
        met(two, d(11, 11), InteractionKind.EMAIL)  # W46
        met(two, d(11, 20), InteractionKind.MEETING)  # W47
        met(three, d(11, 2), InteractionKind.VISIT)  # W45
        met(gone, d(11, 24), InteractionKind.MEETING)  # archived: never counted

        def opportunity(
            account_id: int, amount: str, stage: OpportunityStage, closed: date | None
        ) -> None:
            session.add(
                Opportunity(
                    account_id=account_id,
                    title=f"{stage} {amount}",
                    amount=Decimal(amount),
                    stage=stage,
                    closed_on=closed,
                )
            )

        opportunity(prospect, "10000.50", OpportunityStage.WON, d(11, 5))
        opportunity(three, "2000", OpportunityStage.WON, d(10, 15))
        opportunity(two, "5000", OpportunityStage.WON, d(11, 26))  # after today
        opportunity(two, "3000", OpportunityStage.LOST, d(11, 6))
        opportunity(three, "7000", OpportunityStage.PROPOSAL, None)
        opportunity(gone, "9999", OpportunityStage.WON, d(11, 5))

        def handoff(
            account_id: int,
            title: str,
            status: HandoffStatus,
            due: date | None,
            *done: bool,
        ) -> None:
            record = Handoff(
                account_id=account_id, title=title, status=status, due_on=due
            )
            session.add(record)
            session.flush()
            for number, finished in enumerate(done):
                session.add(
                    Deliverable(handoff_id=record.id, title=f"D{number}", done=finished)
                )

        handoff(two, "Due soon", HandoffStatus.IN_PROGRESS, d(12, 5), True, False)
        handoff(three, "Stuck", HandoffStatus.BLOCKED, None)
        handoff(prospect, "Far off", HandoffStatus.ACCEPTED, d(12, 20), False)
        handoff(prospect, "All done", HandoffStatus.IN_PROGRESS, d(12, 1), True)
        handoff(two, "Closed", HandoffStatus.CLOSED, d(11, 20), False)
        handoff(gone, "Archived", HandoffStatus.BLOCKED, d(11, 30), False)

        session.add_all(
            [
                AgendaItem(account_id=two, due_on=d(11, 20), title="Chase the PO"),
                AgendaItem(due_on=d(11, 1), title="Expense report"),
                AgendaItem(
                    account_id=two,
                    due_on=d(11, 24),
                    title="Done",
                    done_at=at(d(11, 24)),
                ),
                AgendaItem(
                    account_id=three,
                    due_on=d(11, 18),
                    title="Done late",
                    done_at=at(d(11, 23)),
                ),
                AgendaItem(account_id=two, due_on=TODAY, title="Due today"),
                AgendaItem(account_id=gone, due_on=d(11, 1), title="Archived"),
            ]
        )

        def objective(period: str, metric: ObjectiveMetric, **fields: object) -> None:
            session.add(Objective(period=period, metric=metric, **fields))

        objective("2026-11", ObjectiveMetric.REVENUE, target=Decimal(20000))
        objective("2026-Q4", ObjectiveMetric.REVENUE, target=Decimal(40000))
        objective("2026-11", ObjectiveMetric.MEETINGS, target=Decimal(4))
        objective("2026-Q4", ObjectiveMetric.MEETINGS, target=Decimal(10))
        objective("2026-11", ObjectiveMetric.NEW_ACCOUNTS, target=Decimal(1))
        objective("2026-Q4", ObjectiveMetric.NEW_ACCOUNTS, target=Decimal(0))
        objective(
            "2026-11",
            ObjectiveMetric.CUSTOM,
            target=Decimal(10),
            manual_actual=Decimal(4),
            text="Reference visits",
        )
        objective(
            "2026",
            ObjectiveMetric.CUSTOM,
            text="Meet every procurement director",
            status=ObjectiveStatus.ON_TRACK,
        )
        objective("2026-10", ObjectiveMetric.MEETINGS, target=Decimal(3))  # not shown
    return {"prospect": prospect, "two": two, "three": three, "never": never}


@pytest.fixture
def review(db: Database) -> Review:
    build_book(db)
    return build_review(db, W48, TODAY)


def lines(review: Review) -> dict[tuple[str, str], tuple[object, ...]]:
    return {
        (line.period.name, line.metric.value if not line.text else line.text): (
            line.target,
            line.actual,
            line.gap,
            line.attainment,
        )
        for line in review.objectives
    }


def test_actuals_are_counted_from_the_book_up_to_today(review: Review) -> None:
    assert lines(review) == {
        ("2026-11", "revenue"): (
            Decimal(20000),
            Decimal("10000.50"),
            Decimal("-9999.50"),
            50,
        ),
        ("2026-Q4", "revenue"): (
            Decimal(40000),
            Decimal("12000.50"),
            Decimal("-27999.50"),
            30,
        ),
        ("2026-11", "meetings"): (Decimal(4), Decimal(3), Decimal(-1), 75),
        ("2026-Q4", "meetings"): (Decimal(10), Decimal(4), Decimal(-6), 40),
        ("2026-11", "new_accounts"): (Decimal(1), Decimal(1), Decimal(0), 100),
        ("2026-Q4", "new_accounts"): (Decimal(0), Decimal(2), Decimal(2), None),
        ("2026-11", "Reference visits"): (Decimal(10), Decimal(4), Decimal(-6), 40),
        ("2026", "Meet every procurement director"): (None, None, None, None),
    }


def test_objectives_come_month_first_then_quarter_then_year(review: Review) -> None:
    periods = [line.period.name for line in review.objectives]
    assert periods == ["2026-11"] * 4 + ["2026-Q4"] * 3 + ["2026"]
    assert review.objectives[-1].is_qualitative
    assert review.objectives[-1].status is ObjectiveStatus.ON_TRACK


def test_elapsed_share_of_each_period(review: Review) -> None:
    elapsed = {line.period.name: line.elapsed for line in review.objectives}
    assert elapsed == {
        "2026-11": 83,
        "2026-Q4": 61,
        "2026": 90,
    }  # 25/30, 56/92, 329/365


def test_the_time_split_counts_prospects_as_conquest_week_by_week(
    review: Review,
) -> None:
    split = review.split
    assert [str(week.week) for week in split.weeks] == [
        "2026-W45",
        "2026-W46",
        "2026-W47",
        "2026-W48",
    ]
    assert [(week.conquest, week.loyalty) for week in split.weeks] == [
        (0, 2),
        (0, 1),
        (1, 1),
        (1, 0),
    ]
    assert (split.conquest, split.loyalty, split.conquest_share) == (2, 4, 33)
    assert (
        split.phase is AccountPhase.LOYALTY
    )  # three live loyalty clients, one conquest
    assert split.phase_reason == "most of your accounts"
    assert (split.target, split.drift) == (TargetSplit(20), 13)


def test_a_configured_phase_and_split_win(db: Database) -> None:
    build_book(db)
    targets = {
        AccountPhase.CONQUEST: TargetSplit(70),
        AccountPhase.LOYALTY: TargetSplit(20),
    }
    split = build_review(
        db, W48, TODAY, phase=AccountPhase.CONQUEST, targets=targets
    ).split
    assert (split.phase, split.phase_reason) == (
        AccountPhase.CONQUEST,
        "set in the config",
    )
    assert (split.target.conquest, split.target.loyalty, split.drift) == (70, 30, -37)


def test_clients_past_cadence_worst_first(review: Review) -> None:
    lapses = review.lapses
    assert [
        (lapse.name, lapse.days_since, lapse.days_over) for lapse in lapses.rows
    ] == [
        ("Loyal Three", 23, 16),  # 23 days on a 7-day cadence: 3.3 cadences
        ("Never Called", 85, 55),  # never contacted: since created, 2.8 cadences
    ]
    assert lapses.rows[0].last_contact_on == d(11, 2)
    assert lapses.rows[1].last_contact_on is None
    assert lapses.total == 2 and lapses.hidden == 0


def test_handoffs_at_risk_are_blocked_or_due_soon_with_work_open(
    review: Review,
) -> None:
    risks = review.handoffs_at_risk
    assert [
        (risk.title, risk.open_deliverables, risk.deliverables) for risk in risks.rows
    ] == [
        ("Due soon", 1, 2),
        ("Stuck", 0, 0),
    ]
    assert risks.rows[0].reason(TODAY) == "due in 10 d, 1 deliverable(s) open"
    assert risks.rows[1].reason(TODAY) == "blocked"
    assert risks.total == 2


def test_overdue_items_are_open_and_due_before_today(review: Review) -> None:
    overdue = review.overdue
    assert [(item.title, item.account_name) for item in overdue.rows] == [
        ("Expense report", None),
        ("Chase the PO", "Loyal Two"),
    ]


def test_the_pipeline_lists_every_stage(review: Review) -> None:
    assert [(line.stage, line.count, line.amount) for line in review.pipeline] == [
        (OpportunityStage.LEAD, 0, Decimal(0)),
        (OpportunityStage.QUALIFIED, 0, Decimal(0)),
        (OpportunityStage.PROPOSAL, 1, Decimal(7000)),
        (OpportunityStage.NEGOTIATION, 0, Decimal(0)),
        (OpportunityStage.WON, 3, Decimal("17000.50")),
        (OpportunityStage.LOST, 1, Decimal(3000)),
    ]


def test_a_past_week_is_reviewed_as_it_stood_on_its_sunday(db: Database) -> None:
    build_book(db)
    review = build_review(db, IsoWeek(2026, 47), TODAY)
    assert review.as_of == d(11, 22)
    actuals = {
        (line.period.name, line.metric.value): line.actual for line in review.objectives
    }
    assert actuals[("2026-11", "meetings")] == 2  # the 24 Nov meeting came later
    assert actuals[("2026-11", "revenue")] == Decimal("10000.50")
    assert [str(week.week) for week in review.split.weeks][-1] == "2026-W47"
    assert [lapse.name for lapse in review.lapses.rows] == [
        "Loyal Three",
        "Never Called",
    ]
    assert review.lapses.rows[0].days_since == 20
    # "Done late" was still open on the 22nd
    assert [item.title for item in review.overdue.rows] == [
        "Expense report",
        "Done late",
        "Chase the PO",
    ]


def test_a_week_before_the_book_began_is_empty_not_an_error(db: Database) -> None:
    build_book(db)
    review = build_review(db, IsoWeek(2025, 10), TODAY)
    assert review.objectives == ()
    assert review.split.conquest_share is None and review.split.drift is None
    assert review.lapses.total == 0  # no client existed yet
    assert review.overdue.total == 0


def test_an_empty_book_has_an_empty_review(db: Database) -> None:
    review = build_review(db, W48, TODAY)
    assert review.objectives == () and review.lapses.total == 0
    assert review.split.phase is AccountPhase.LOYALTY
    assert all(line.count == 0 for line in review.pipeline)


def test_the_year_end_week_reaches_both_years_objectives(db: Database) -> None:
    with db.write() as session:
        session.add_all(
            [
                Objective(
                    period="2026-12", metric=ObjectiveMetric.MEETINGS, target=Decimal(2)
                ),
                Objective(
                    period="2027-01", metric=ObjectiveMetric.MEETINGS, target=Decimal(3)
                ),
                Objective(
                    period="2027", metric=ObjectiveMetric.MEETINGS, target=Decimal(9)
                ),
                Objective(
                    period="2027-Q1", metric=ObjectiveMetric.MEETINGS, target=Decimal(5)
                ),
                Objective(
                    period="2026-Q4", metric=ObjectiveMetric.MEETINGS, target=Decimal(6)
                ),
                Objective(
                    period="2026-11", metric=ObjectiveMetric.MEETINGS, target=Decimal(1)
                ),
            ]
        )
        client = Account(
            name="Client", created_at=at(d(1, 1)), status=AccountStatus.ACTIVE
        )
        session.add(client)
        session.flush()
        for day in (d(12, 30), date(2027, 1, 2)):
            session.add(
                Interaction(
                    account_id=client.id,
                    occurred_at=at(day),
                    kind=InteractionKind.MEETING,
                    summary="Meeting",
                )
            )
    review = build_review(db, IsoWeek(2026, 53), date(2027, 1, 10))
    assert review.as_of == date(2027, 1, 3)
    assert [line.period.name for line in review.objectives] == [
        "2026-12",
        "2027-01",
        "2026-Q4",  # 92 days, yet before 2027-Q1 (90 days): in calendar order
        "2027-Q1",
        "2027",
    ]
    actuals = {line.period.name: line.actual for line in review.objectives}
    assert actuals == {
        "2026-12": 1,
        "2027-01": 1,
        "2026-Q4": 1,
        "2027-Q1": 1,
        "2027": 1,
    }
    assert review.split.weeks[-1].loyalty == 2


@pytest.fixture
def new_york() -> Iterator[None]:
    """Run in a zone west of UTC, where local evenings are the next UTC day."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", "America/New_York")
        time.tzset()
        yield
    time.tzset()


@pytest.mark.usefixtures("new_york")
def test_weeks_and_months_end_at_local_midnight(db: Database) -> None:
    with db.write() as session:
        client = Account(
            name="Client", created_at=at(d(1, 1)), status=AccountStatus.ACTIVE
        )
        session.add(client)
        session.flush()
        for day, hour in ((d(11, 29), 22), (d(11, 30), 0), (d(11, 1), 0)):
            session.add(
                Interaction(
                    account_id=client.id,
                    occurred_at=at(
                        day, hour, 30
                    ),  # 22:30 on the 29th is 03:30Z on the 30th
                    kind=InteractionKind.MEETING,
                    summary="Meeting",
                )
            )
        session.add(
            Objective(
                period="2026-11", metric=ObjectiveMetric.MEETINGS, target=Decimal(2)
            )
        )
    review = build_review(db, W48, date(2026, 12, 2))
    assert review.objectives[0].actual == 2  # 1 Nov 00:30 and 29 Nov 22:30, local
    assert review.split.weeks[-1].loyalty == 1
    assert (
        build_review(db, IsoWeek(2026, 49), date(2026, 12, 2)).split.weeks[-1].loyalty
        == 1
    )


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (1, 3, 33),
        (2, 3, 67),
        (1, 2, 50),
        (1, 200, 1),
        (1, 201, 0),
        (5, 0, None),
        (0, 4, 0),
    ],
)
def test_percentages_round_half_up(part: int, whole: int, expected: int | None) -> None:
    assert percent(part, whole) == expected


@pytest.mark.parametrize(
    ("text", "conquest"), [("80/20", 80), ("20/80", 20), (" 100 / 0 ", 100)]
)
def test_a_target_split_reads_conquest_over_loyalty(text: str, conquest: int) -> None:
    assert TargetSplit.parse(text).conquest == conquest


@pytest.mark.parametrize(
    "text", ["80/30", "80", "80/20/0", "-10/110", "eighty/twenty", ""]
)
def test_a_bad_target_split_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        TargetSplit.parse(text)


def test_objective_attainment_of_a_zero_target_is_not_a_number(review: Review) -> None:
    zero = next(
        line
        for line in review.objectives
        if line.period.name == "2026-Q4" and line.metric is ObjectiveMetric.NEW_ACCOUNTS
    )
    assert zero.attainment is None and zero.gap == 2


def test_a_week_that_has_not_begun_has_no_review(db: Database) -> None:
    with pytest.raises(
        PeriodError, match="2026-W49 has not begun yet: review this week"
    ):
        build_review(db, IsoWeek(2026, 49), TODAY)


def test_attainment_is_not_rounded_up_to_a_target_not_reached(db: Database) -> None:
    with db.write() as session:
        client = Account(
            name="Client", created_at=at(d(1, 1)), status=AccountStatus.ACTIVE
        )
        session.add(client)
        session.flush()
        session.add(
            Opportunity(
                account_id=client.id,
                title="Deal",
                amount=Decimal("9965000"),
                stage=OpportunityStage.WON,
                closed_on=d(11, 2),
            )
        )
        session.add(
            Objective(
                period="2026-11",
                metric=ObjectiveMetric.REVENUE,
                target=Decimal("10000000"),
            )
        )
    [line] = build_review(db, W48, TODAY).objectives
    assert (line.gap, line.attainment) == (Decimal(-35000), 99)
