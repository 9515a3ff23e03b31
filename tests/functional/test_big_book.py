"""On a seeded book, lists hold only what is on screen and still reach every row."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from amtui.store import open_database
from amtui.store.models import Account
from amtui.store.seed import seed_book
from amtui.ui.app import make_app
from amtui.ui.screens.cockpit import CockpitScreen

ACCOUNTS = 1500


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "book.db"
    db = open_database(path)
    seed_book(db, ACCOUNTS, today=date.today())
    db.close()
    return path


def live_names(path: Path) -> list[str]:
    db = open_database(path)
    with db.read() as session:
        names = session.scalars(
            select(Account.name)
            .where(Account.archived.is_(False))
            .order_by(Account.name_key, Account.id)
        ).all()
        assert session.scalar(select(func.count()).select_from(Account)) == ACCOUNTS
    db.close()
    return list(names)


async def test_g_and_G_reach_both_ends_without_loading_the_table(seeded: Path) -> None:
    names = live_names(seeded)
    async with make_app(seeded).run_test(size=(80, 24)) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, CockpitScreen)
        clients = screen.clients_pane.list
        assert clients.count == len(names)
        await pilot.press("G")
        assert screen.selected is not None and screen.selected.name == names[-1]
        await pilot.press("k")
        assert screen.selected.name == names[-2]
        await pilot.press("g")
        assert screen.selected.name == names[0]
        for _ in range(12):
            await pilot.press("pagedown")
        assert screen.selected.name == names[clients.cursor]
        assert len(clients._rows) <= 4 * clients.page_size + clients.page_size
        assert len(clients._rows) < len(names) / 5


async def test_walking_down_row_by_row_matches_the_book(seeded: Path) -> None:
    names = live_names(seeded)
    async with make_app(seeded).run_test(size=(80, 24)) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, CockpitScreen)
        seen = []
        for _ in range(120):  # across three page boundaries
            assert screen.selected is not None
            seen.append(screen.selected.name)
            await pilot.press("j")
        assert seen == names[:120]
        for _ in range(60):
            await pilot.press("k")
        assert screen.selected is not None and screen.selected.name == names[60]
