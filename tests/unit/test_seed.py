"""The synthetic book: deterministic, scaled, complete and consistent."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from amtui.errors import AmtuiError
from amtui.store import Database, open_database
from amtui.store import seed as seed_module
from amtui.store.models import (
    Account,
    AgendaItem,
    Base,
    Deliverable,
    Handoff,
    HandoffStatusChange,
    Interaction,
    Objective,
    Opportunity,
)
from amtui.store.queries import agenda_counts
from amtui.store.seed import SeedSummary, seed_book
from amtui.vocabulary import (
    AccountPhase,
    AccountStatus,
    AgendaKind,
    HandoffStatus,
    InteractionKind,
    ObjectiveMetric,
    OpportunityStage,
    Recurrence,
)

TODAY = date(2026, 11, 18)


def seeded(path: Path, accounts: int) -> Database:
    db = open_database(path)
    seed_book(db, accounts, today=TODAY)
    return db


def seed_file(path: Path, accounts: int, **options: object) -> SeedSummary:
    db = open_database(path)
    try:
        return seed_book(db, accounts, today=TODAY, **options)
    finally:
        db.close()


def all_rows(db: Database) -> dict[str, list[tuple[object, ...]]]:
    with db.read() as session:
        return {
            table.name: [
                tuple(row)
                for row in session.execute(select(table).order_by(table.c.id))
            ]
            for table in Base.metadata.sorted_tables
        }


def distinct(db: Database, column: object) -> set[object]:
    with db.read() as session:
        return set(session.scalars(select(column).distinct()))


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """A modest book, shared by the read-only checks."""
    db = seeded(tmp_path_factory.mktemp("seed") / "book.db", 50)
    yield db
    db.close()


def test_the_same_size_and_day_give_identical_books(tmp_path, monkeypatch):
    first = seeded(tmp_path / "first.db", 30)
    monkeypatch.setattr(seed_module, "BATCH_ACCOUNTS", 7)  # batching changes nothing
    second = seeded(tmp_path / "second.db", 30)
    try:
        first_rows, second_rows = all_rows(first), all_rows(second)
        assert all(first_rows.values())
        assert first_rows == second_rows
    finally:
        first.close()
        second.close()


def test_counts_scale_with_the_number_of_accounts(tmp_path):
    small = seed_file(tmp_path / "small.db", 40)
    large = seed_file(tmp_path / "large.db", 400)
    assert (small.accounts, large.accounts) == (40, 400)
    assert 2.5 <= large.contacts / 400 <= 3.5
    assert 15 <= large.interactions / 400 <= 25
    assert 1.5 <= large.agenda_items / 400 <= 2.8
    assert 0.8 <= large.opportunities / 400 <= 1.2
    assert 0.1 <= large.handoffs / 400 <= 0.3
    assert 2 * large.handoffs <= large.deliverables <= 6 * large.handoffs
    assert large.handoff_status_changes >= large.handoffs
    assert large.objectives == small.objectives
    for field in ("contacts", "interactions", "agenda_items", "opportunities"):
        ratio = getattr(large, field) / getattr(small, field)
        assert 6 <= ratio <= 15, field


def test_the_summary_counts_every_row(tmp_path):
    db = open_database(tmp_path / "book.db")
    try:
        summary = seed_book(db, 20, today=TODAY)
        rows = all_rows(db)
    finally:
        db.close()
    assert summary == SeedSummary(
        objectives=len(rows["objective"]),
        accounts=len(rows["account"]),
        contacts=len(rows["contact"]),
        handoffs=len(rows["handoff"]),
        deliverables=len(rows["deliverable"]),
        handoff_status_changes=len(rows["handoff_status_change"]),
        interactions=len(rows["interaction"]),
        opportunities=len(rows["opportunity"]),
        agenda_items=len(rows["agenda_item"]),
    )


def test_every_kind_status_and_stage_is_present(book):
    assert distinct(book, Interaction.kind) == set(InteractionKind)
    assert distinct(book, Handoff.status) == set(HandoffStatus)
    assert distinct(book, Opportunity.stage) == set(OpportunityStage)
    assert distinct(book, AgendaItem.kind) == set(AgendaKind)
    assert distinct(book, AgendaItem.recurrence) == set(Recurrence)
    assert distinct(book, Account.status) == set(AccountStatus)
    assert distinct(book, Account.phase) == set(AccountPhase)


@pytest.mark.parametrize("accounts", [5, 12])
def test_even_a_tiny_book_has_overdue_today_and_upcoming_items(tmp_path, accounts):
    db = seeded(tmp_path / "tiny.db", accounts)
    try:
        counts = agenda_counts(db, TODAY, TODAY + timedelta(days=7))
    finally:
        db.close()
    assert counts.overdue > 0
    assert counts.today > 0
    assert counts.upcoming > 0


def test_every_handoff_status_even_in_a_small_book(tmp_path):
    db = seeded(tmp_path / "small.db", 10)
    try:
        assert distinct(db, Handoff.status) == set(HandoffStatus)
    finally:
        db.close()


def test_objectives_cover_the_current_month_and_quarter(book):
    with book.read() as session:
        objectives = session.scalars(select(Objective)).all()
    by_period = {(o.period, o.metric) for o in objectives}
    for period in ("2026-11", "2026-Q4"):
        for metric in (
            ObjectiveMetric.REVENUE,
            ObjectiveMetric.MEETINGS,
            ObjectiveMetric.NEW_ACCOUNTS,
            ObjectiveMetric.CUSTOM,
        ):
            assert (period, metric) in by_period
    assert any(o.manual_actual is not None for o in objectives)
    qualitative = [o for o in objectives if o.target is None]
    assert qualitative
    assert all(o.text and o.status for o in qualitative)


def test_a_non_empty_book_is_refused_and_left_alone(tmp_path):
    db = seeded(tmp_path / "book.db", 5)
    try:
        before = all_rows(db)
        with pytest.raises(AmtuiError, match="not empty"):
            seed_book(db, 5, today=TODAY)
        assert all_rows(db) == before
    finally:
        db.close()


def test_at_least_one_account_is_required(tmp_path):
    with pytest.raises(AmtuiError, match="at least 1"):
        seed_file(tmp_path / "book.db", 0)


def test_foreign_keys_hold(book):
    with book.read() as session:
        assert session.execute(text("PRAGMA foreign_key_check")).all() == []


def test_live_account_names_are_unique(book):
    with book.read() as session:
        live = session.execute(
            select(Account.name, Account.name_key).where(Account.archived.is_(False))
        ).all()
    assert len({key for _, key in live}) == len(live)
    assert all(key == name.strip().casefold() for name, key in live)


def test_nothing_happened_after_today(book):
    tomorrow = datetime.combine(TODAY + timedelta(days=1), datetime.min.time(), UTC)
    with book.read() as session:
        for column in (
            Account.created_at,
            Interaction.occurred_at,
            HandoffStatusChange.changed_at,
            AgendaItem.done_at,
            Opportunity.created_at,
        ):
            latest = session.scalar(select(func.max(column)))
            assert latest.tzinfo is not None
            assert latest < tomorrow, column
        closed = session.scalar(select(func.max(Opportunity.closed_on)))
    assert closed <= TODAY


def test_handoff_histories_follow_the_flow(book):
    flow = list(HandoffStatus)
    with book.read() as session:
        handoffs = session.scalars(select(Handoff)).all()
        for handoff in handoffs:
            history = handoff.history
            assert history[0].from_status is None
            assert history[0].to_status is HandoffStatus.DRAFT
            assert history[-1].to_status is handoff.status
            for before, after in pairwise(history):
                assert before.changed_at < after.changed_at
                assert after.from_status is before.to_status
                if after.to_status is not HandoffStatus.BLOCKED:
                    assert (
                        flow.index(after.to_status) == flow.index(before.to_status) + 1
                    )
            assert 2 <= len(handoff.deliverables) <= 6
            done = [deliverable.done for deliverable in handoff.deliverables]
            if handoff.status in (HandoffStatus.DELIVERED, HandoffStatus.CLOSED):
                assert all(done)
            if flow.index(handoff.status) < flow.index(HandoffStatus.IN_PROGRESS):
                assert not any(done)
            assert handoff.budget is None or handoff.currency == "EUR"
        deliverables = session.scalar(select(func.count()).select_from(Deliverable))
    assert deliverables == sum(len(h.deliverables) for h in handoffs)


def test_closed_deals_have_a_closing_date_and_some_closed_this_month(book):
    with book.read() as session:
        deals = session.scalars(select(Opportunity)).all()
    closed = {OpportunityStage.WON, OpportunityStage.LOST}
    assert all((deal.closed_on is not None) == (deal.stage in closed) for deal in deals)
    assert all(deal.amount.as_tuple().exponent == -2 for deal in deals)
    assert any(
        deal.stage is OpportunityStage.WON and deal.closed_on >= TODAY.replace(day=1)
        for deal in deals
    )


def test_some_accounts_were_created_this_month_and_some_are_past_cadence(book):
    month_start = datetime.combine(TODAY.replace(day=1), datetime.min.time(), UTC)
    with book.read() as session:
        new = session.scalar(
            select(func.count()).where(Account.created_at >= month_start)
        )
        last_contact = (
            select(func.max(Interaction.occurred_at))
            .where(Interaction.account_id == Account.id)
            .scalar_subquery()
        )
        accounts = session.execute(select(Account.cadence_days, last_contact)).all()
    now = datetime.combine(TODAY, datetime.min.time(), UTC)
    quiet = [
        cadence
        for cadence, last in accounts
        if last is not None and (now - last).days > cadence
    ]
    assert new > 0
    assert quiet


def test_progress_reports_each_batch_up_to_the_total(tmp_path, monkeypatch):
    monkeypatch.setattr(seed_module, "BATCH_ACCOUNTS", 10)
    calls: list[tuple[int, int]] = []
    summary = seed_file(
        tmp_path / "book.db",
        25,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls == [(10, 25), (20, 25), (25, 25)]
    assert summary.accounts == 25


@pytest.mark.parametrize(
    "today", [date(2027, 1, 1), date(2028, 2, 29), date(2026, 12, 31)]
)
def test_any_day_of_the_year_can_be_today(tmp_path, today):
    db = open_database(tmp_path / "book.db")
    try:
        seed_book(db, 20, today=today)
        end_of_today = datetime.combine(today, datetime.max.time(), UTC)
        with db.read() as session:
            latest = session.scalar(select(func.max(Interaction.occurred_at)))
            periods = set(session.scalars(select(Objective.period)))
        counts = agenda_counts(db, today, today + timedelta(days=7))
    finally:
        db.close()
    quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    assert {f"{today:%Y-%m}", quarter, str(today.year)} <= periods
    assert latest < end_of_today
    assert counts.overdue and counts.today and counts.upcoming


def test_follow_up_items_point_at_their_interaction(book):
    with book.read() as session:
        pairs = session.execute(
            select(AgendaItem, Interaction).join(
                Interaction, AgendaItem.interaction_id == Interaction.id
            )
        ).all()
        follow_ups = session.scalar(  # other follow-ups are planned, not logged
            select(func.count()).where(AgendaItem.title.startswith("Follow up: "))
        )
    assert pairs
    assert len(pairs) == follow_ups
    for item, interaction in pairs:
        assert item.kind is AgendaKind.FOLLOW_UP
        assert item.account_id == interaction.account_id
        assert item.due_on == interaction.follow_up_on
        assert item.title == f"Follow up: {interaction.summary}"
