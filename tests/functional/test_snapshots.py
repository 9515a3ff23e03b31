"""What the user sees, pixel for pixel: the cockpit, a refused form, the help, the
weekly review.

The book and the clock are fixed, so the pictures do not change with the date.
Update them after a deliberate change of the UI with `pytest --snapshot-update`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update
from textual.pilot import Pilot

from amtui.store import open_database
from amtui.store.models import Account, AgendaItem, Objective, Opportunity
from amtui.ui.app import AmtuiApp
from amtui.vocabulary import ObjectiveMetric, ObjectiveStatus, OpportunityStage
from conftest import build_small_book

DAY = date(2026, 11, 23)


@pytest.fixture
def fixed_app(tmp_path: Path) -> AmtuiApp:
    db = open_database(tmp_path / "book.db")
    build_small_book(db, today=DAY)
    return AmtuiApp(db, clock=lambda: DAY)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
def test_cockpit(snap_compare: Any, fixed_app: AmtuiApp, size: tuple[int, int]) -> None:
    assert snap_compare(fixed_app, terminal_size=size)


def test_form_with_a_validation_error(snap_compare: Any, fixed_app: AmtuiApp) -> None:
    keys = ["3", "n", *"Callback", "tab", *"31/02", "ctrl+s"]
    assert snap_compare(fixed_app, press=keys, terminal_size=(80, 24))


def test_help(snap_compare: Any, fixed_app: AmtuiApp) -> None:
    assert snap_compare(fixed_app, press=["3", "question_mark"], terminal_size=(80, 24))


def test_review(snap_compare: Any, fixed_app: AmtuiApp) -> None:
    """The review of DAY's week, its instants pinned (the small book stamps some with
    the real time) and a few objectives and deals added."""
    noon = datetime(2026, 11, 2, 12, tzinfo=UTC)
    with fixed_app.db.write() as session:
        session.execute(update(Account).values(created_at=noon.replace(month=1)))
        session.execute(
            update(AgendaItem)
            .where(AgendaItem.done_at.is_not(None))
            .values(done_at=noon.replace(day=22))
        )
        session.add_all(
            [
                Opportunity(
                    account_id=1,
                    title="Renewal",
                    amount=Decimal(12000),
                    stage=OpportunityStage.WON,
                    closed_on=date(2026, 11, 10),
                ),
                Opportunity(
                    account_id=2,
                    title="Pilot",
                    amount=Decimal(8000),
                    stage=OpportunityStage.PROPOSAL,
                ),
                Objective(
                    period="2026-11",
                    metric=ObjectiveMetric.REVENUE,
                    target=Decimal(40000),
                ),
                Objective(
                    period="2026-11", metric=ObjectiveMetric.MEETINGS, target=Decimal(4)
                ),
                Objective(
                    period="2026-Q4",
                    metric=ObjectiveMetric.CUSTOM,
                    text="Renew [bold]Acme[/] for three years",
                    status=ObjectiveStatus.ON_TRACK,
                ),
            ]
        )

    async def open_review(pilot: Pilot[None]) -> None:
        await pilot.press("r")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(fixed_app, run_before=open_review, terminal_size=(80, 24))
