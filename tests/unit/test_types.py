"""Instants in UTC and money as exact decimals, whatever SQLite does underneath."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy.exc import StatementError

from amtui.store import Database
from amtui.store.models import Account, Handoff


def test_instants_come_back_aware_and_in_utc(db: Database) -> None:
    paris = timezone(timedelta(hours=1))
    with db.write() as session:
        account = Account(
            name="Zoned", created_at=datetime(2026, 3, 1, 9, 30, tzinfo=paris)
        )
        session.add(account)
    with db.read() as session:
        created = session.get(Account, account.id).created_at
    assert created == datetime(2026, 3, 1, 8, 30, tzinfo=UTC)
    assert created.tzinfo is UTC


def test_naive_instants_are_refused(db: Database) -> None:
    with pytest.raises(StatementError, match="naive datetime"), db.write() as session:
        session.add(Account(name="Naive", created_at=datetime(2026, 3, 1, 9, 30)))


def test_money_round_trips_exactly(db: Database) -> None:
    amounts = [
        Decimal("0.01"),
        Decimal("0.10"),
        Decimal("12345678901.99"),
        Decimal("7"),
    ]
    with db.write() as session:
        account = Account(name="Payer")
        session.add(account)
        session.flush()
        session.add_all(
            Handoff(account_id=account.id, title=str(a), budget=a) for a in amounts
        )
    with db.read() as session:
        budgets = [h.budget for h in session.query(Handoff).order_by(Handoff.id)]
    assert budgets == amounts
    assert [str(b) for b in budgets] == ["0.01", "0.10", "12345678901.99", "7.00"]


@pytest.mark.parametrize(
    ("amount", "message"),
    [(Decimal("0.001"), "more than two decimal places"), (1.5, "must be a Decimal")],
)
def test_bad_money_is_refused(db: Database, amount: object, message: str) -> None:
    with db.write() as session:
        account = Account(name="Payer")
        session.add(account)
    with pytest.raises(StatementError, match=message), db.write() as session:
        session.add(Handoff(account_id=account.id, title="x", budget=amount))
