"""Shared fixtures: real SQLite books in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from amtui import locations
from amtui.store import Database, open_database
from amtui.store.models import (
    Account,
    AgendaItem,
    Contact,
    Deliverable,
    Handoff,
    Interaction,
)
from amtui.vocabulary import AccountPhase, AccountStatus, HandoffStatus, InteractionKind

TODAY = date.today()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "logs_errors: the test expects amtui to log an unexpected error"
    )


@pytest.fixture(autouse=True)
def error_log(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> Iterator[Path]:
    """Tests never write the user's error log, and an unexpected error that amtui
    logged and carried on from still fails the test, unless it is marked
    `logs_errors`."""
    folder = tmp_path_factory.mktemp("log")
    monkeypatch.setattr(locations, "log_dir", lambda: folder)
    log = folder / "amtui.log"
    yield log
    if request.node.get_closest_marker("logs_errors") is None and log.exists():
        pytest.fail(f"amtui logged an unexpected error:\n{log.read_text()}")


@pytest.fixture(autouse=True)
def no_user_config(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests never read the config of the user running them."""
    missing = tmp_path_factory.mktemp("config") / "config.toml"
    monkeypatch.setenv("AMTUI_CONFIG", str(missing))


def days_ago(days: int, hour: int = 12, today: date = TODAY) -> datetime:
    """A UTC instant at local noon `days` ago, so its local date is unambiguous."""
    local = datetime.combine(today - timedelta(days=days), time(hour)).astimezone()
    return local.astimezone(UTC)


def add_account(db: Database, name: str, **fields: object) -> int:
    with db.write() as session:
        account = Account(name=name, **fields)
        session.add(account)
        session.flush()
        return account.id


def build_small_book(db: Database, today: date = TODAY) -> dict[str, int]:
    """Five known accounts with a log, agenda items and handoffs; returns their ids."""
    # Created on `today` (not on the day the tests run): a client never contacted is
    # not past its cadence yet, and fixed-clock snapshots stay the same every day.
    created = days_ago(0, today=today)
    ids = {
        "Acme Logistics": add_account(
            db,
            "Acme Logistics",
            status=AccountStatus.ACTIVE,
            cadence_days=10,
            created_at=created,
        ),
        "Borealis Foods": add_account(
            db,
            "Borealis Foods",
            phase=AccountPhase.LOYALTY,
            cadence_days=30,
            created_at=created,
        ),
        "Cobalt Bank": add_account(
            db, "Cobalt Bank", status=AccountStatus.AT_RISK, created_at=created
        ),
        "Delta Energy": add_account(db, "Delta Energy", created_at=created),
        "Zeta [bold]Evil[/] Corp": add_account(
            db, "Zeta [bold]Evil[/] Corp", created_at=created
        ),
    }
    acme, borealis = ids["Acme Logistics"], ids["Borealis Foods"]
    with db.write() as session:
        contact = Contact(account_id=acme, name="Claire Martin", role="CFO")
        session.add(contact)
        session.flush()
        session.add_all(
            [
                Interaction(
                    account_id=acme,
                    contact_id=contact.id,
                    occurred_at=days_ago(12, today=today),
                    kind=InteractionKind.CALL,
                    summary="Renewal call with the CFO",
                ),
                Interaction(
                    account_id=acme,
                    occurred_at=days_ago(40, today=today),
                    kind=InteractionKind.MEETING,
                    summary="Quarterly business review",
                ),
                Interaction(
                    account_id=borealis,
                    occurred_at=days_ago(3, today=today),
                    kind=InteractionKind.EMAIL,
                    summary="Sent the [red]proposal[/]",
                ),
                AgendaItem(
                    account_id=acme,
                    due_on=today - timedelta(days=2),
                    title="Send QBR deck",
                ),
                AgendaItem(
                    account_id=borealis, due_on=today, title="Call back Borealis"
                ),
                AgendaItem(
                    due_on=today + timedelta(days=3), title="Prepare pipeline review"
                ),
                AgendaItem(due_on=today + timedelta(days=30), title="Far away"),
                AgendaItem(
                    due_on=today - timedelta(days=1),
                    title="Already done",
                    done_at=datetime.now(UTC),
                ),
            ]
        )
        handoff = Handoff(
            account_id=acme,
            title="WMS rollout",
            project_manager="Paul PM",
            status=HandoffStatus.IN_PROGRESS,
            budget=Decimal("48000.00"),
            due_on=today + timedelta(days=20),
        )
        session.add(handoff)
        session.add(
            Handoff(account_id=acme, title="Old project", status=HandoffStatus.CLOSED)
        )
        session.flush()
        session.add_all(
            [
                Deliverable(handoff_id=handoff.id, title="Spec", done=True),
                Deliverable(handoff_id=handoff.id, title="Pilot site"),
                Deliverable(handoff_id=handoff.id, title="Go-live"),
            ]
        )
    return ids


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "book.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def small_book(db: Database) -> dict[str, int]:
    return build_small_book(db)


@contextmanager
def statements(db: Database) -> Iterator[list[tuple[str, Any]]]:
    """The SELECTs sent to the book meanwhile, with their parameters."""
    sent: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            sent.append((statement, params))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        yield sent
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
