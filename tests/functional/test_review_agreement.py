"""On the demo book, the review screen, `amtui review` in Markdown and in JSON show
the same figures, and those figures are the book's."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from driving import screen_text
from sqlalchemy import func, select

from amtui.cli import main
from amtui.demo import create_demo_book
from amtui.domain.dates import day_start
from amtui.domain.periods import IsoWeek
from amtui.store import open_database
from amtui.store.models import Account, Interaction, Opportunity
from amtui.ui.app import AmtuiApp
from amtui.ui.screens.review import ReviewScreen
from amtui.vocabulary import InteractionKind, OpportunityStage

FIGURE = re.compile(r"[+-]?[\d,]+(?:\.\d+)?%?|—")


def figures(line: str) -> list[str]:
    """The numbers of a row, in order (bars and words dropped)."""
    return FIGURE.findall(line)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return create_demo_book(tmp_path)


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(list(args)) == 0
    return capsys.readouterr().out


async def test_screen_markdown_json_and_book_agree(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    markdown = cli(capsys, "review", "--db", str(demo), "--format", "markdown")
    data = json.loads(cli(capsys, "review", "--db", str(demo), "--format", "json"))
    db = open_database(demo)
    try:
        async with AmtuiApp(db).run_test(size=(140, 120)) as pilot:
            await pilot.press("r")
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
            assert isinstance(pilot.app.screen, ReviewScreen)
            screen = await screen_text(pilot)
    finally:
        db.close()

    objectives = [o for o in data["objectives"] if o["target"] is not None]
    assert objectives
    md_rows = [
        line for line in markdown.splitlines() if re.match(r"\| \d{4}(-\S+)? \|", line)
    ]
    for objective in objectives:
        period, title = objective["period"], objective["title"]
        [md_row] = [r for r in md_rows if r.startswith(f"| {period} | {title} |")]
        [screen_row] = [
            line
            for line in screen.splitlines()
            if f" {period} " in line and f" {title} " in line
        ]
        # period, target, actual, gap, attained and elapsed, in the same order
        assert figures(screen_row) == figures(md_row), (screen_row, md_row)
        actual = Decimal(objective["actual"])
        assert f"{actual:,.0f}" in md_row

    # ...and the figures are the book's: this month's meetings and won revenue.
    today = date.today()
    first = today.replace(day=1)
    with open_database(demo).read() as session:
        live = select(Account.id).where(Account.archived.is_(False))
        meetings = session.scalar(
            select(func.count()).where(
                Interaction.kind.in_([InteractionKind.MEETING, InteractionKind.VISIT]),
                Interaction.occurred_at >= day_start(first),
                Interaction.account_id.in_(live),
            )
        )
        won = session.scalar(
            select(func.sum(Opportunity.amount)).where(
                Opportunity.stage == OpportunityStage.WON,
                Opportunity.closed_on.between(first, today),
                Opportunity.account_id.in_(live),
            )
        )
    month = f"{today:%Y-%m}"
    by_metric = {o["metric"]: o for o in objectives if o["period"] == month}
    assert int(Decimal(by_metric["meetings"]["actual"])) == meetings
    assert Decimal(by_metric["revenue"]["actual"]) == (won or 0)
    assert data["week"] == str(IsoWeek.of(today))
