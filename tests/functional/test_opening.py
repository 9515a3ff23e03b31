"""`amtui` draws the cockpit first and opens the book behind it: keys typed meanwhile
wait and act in order, a book that cannot be opened ends the app with one line, and
the first frame needs no SQLAlchemy."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from driving import cockpit, names, screen_text

from amtui.store import Database, database
from amtui.store.schema import SCHEMA_VERSION
from amtui.ui.app import cockpit_app
from amtui.ui.screens.cockpit import OPENING
from amtui.ui.widgets.record_list import RecordList
from amtui.vocabulary import AccountPhase


@pytest.fixture
def held_open(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Opening a book waits until the returned event is set."""
    release = threading.Event()
    real_open = database.open_database

    def slow_open(path: Path) -> Database:
        release.wait(10)
        return real_open(path)

    monkeypatch.setattr(database, "open_database", slow_open)
    return release


async def test_keys_typed_while_the_book_opens_act_once_it_is_open(
    db_path: Path, small_book: dict[str, int], held_open: threading.Event
) -> None:
    async with cockpit_app(db_path).run_test() as pilot:
        screen = cockpit(pilot.app)
        shown = await screen_text(pilot)
        assert OPENING in shown and "1 Clients" in shown and "4 Handoffs" in shown
        assert not screen.query(RecordList)  # the lists come with the book

        await pilot.press("j", "j", "3")  # two clients down, then the agenda pane
        assert screen.selected is None  # nothing acted yet

        held_open.set()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

        assert screen.selected is not None and screen.selected.name == "Cobalt Bank"
        shown = await screen_text(pilot)
        assert "Client" in shown and "Summary" in shown  # the column titles, drawn
        assert screen.agenda_pane.list.has_focus
        assert "Send QBR deck" in names(screen.agenda_pane.list)


async def test_a_book_that_cannot_be_opened_ends_the_app_saying_why(
    db_path: Path, small_book: dict[str, int]
) -> None:
    with database.open_database(db_path).engine.begin() as connection:
        connection.exec_driver_sql(
            f"UPDATE schema_info SET version = {SCHEMA_VERSION + 1}"
        )
    app = cockpit_app(db_path)
    async with app.run_test() as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 2
    assert "newer than this amtui understands" in app.open_error


def test_the_first_frame_is_drawn_without_sqlalchemy_nor_garbage_collection(
    db_path: Path, small_book: dict[str, int]
) -> None:
    """Both cost a cold start dearly; the collector is back once the frame is drawn."""
    probe = f"""
import asyncio, gc, sys
from pathlib import Path
from amtui.ui.app import cockpit_app

async def main():
    app = cockpit_app(Path({str(db_path)!r}))
    seen = []
    display = app._display
    def first_frame(screen, update):
        if update is not None and not seen:
            seen.extend(["sqlalchemy" in sys.modules, gc.isenabled()])
        return display(screen, update)
    app._display = first_frame
    async with app.run_test() as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        clients = pilot.app.screen.clients_pane.list
        print(*seen, "sqlalchemy" in sys.modules, gc.isenabled(), clients.count)

asyncio.run(main())
"""
    run = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert run.stdout.split() == ["False", "False", "True", "True", "5"]


async def test_the_clients_list_takes_the_focus_of_its_placeholder(
    db_path: Path, small_book: dict[str, int], held_open: threading.Event
) -> None:
    async with cockpit_app(db_path).run_test() as pilot:
        screen = cockpit(pilot.app)
        await pilot.pause()
        assert screen.clients_pane.has_focus_within  # its frame is lit at once

        held_open.set()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.clients_pane.list.has_focus
        assert names(screen.clients_pane.list)[0] == "Acme Logistics"


async def test_ctrl_q_quits_while_the_book_opens(
    db_path: Path, small_book: dict[str, int], held_open: threading.Event
) -> None:
    app = cockpit_app(db_path)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app._exit  # quitting now, not once the book is open
        held_open.set()


async def test_the_settings_are_read_with_the_book(
    db_path: Path,
    small_book: dict[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    held_open: threading.Event,
) -> None:
    """Reading them costs the first frame a config parser: their warning comes with
    the book, and they apply."""
    config = tmp_path / "config.toml"
    config.write_text('[review]\nphase = "loyalty"\nsplit = 1\n')
    monkeypatch.setenv("AMTUI_CONFIG", str(config))
    app = cockpit_app(db_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert not app._notifications

        held_open.set()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        [warning] = app._notifications
        assert warning.message == (
            f"{config}, line 3: unknown setting 'split' in [review]; using the default"
        )
        assert app.settings.phase is AccountPhase.LOYALTY
