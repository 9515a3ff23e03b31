"""A bug never loses the cockpit: a failing action is logged and reported in one line,
and the app stays usable; an error nothing caught ends it with one line, not a
traceback, and the traceback goes to the log."""

from __future__ import annotations

from pathlib import Path

import pytest
from driving import cockpit

from amtui.store import Database
from amtui.store import editing as store
from amtui.ui.app import AmtuiApp
from amtui.ui.screens import search


def boom(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("boom [bold]\x1b]0;pwned\x07")


@pytest.mark.logs_errors
async def test_a_failing_action_is_logged_reported_and_the_cockpit_goes_on(
    db: Database,
    small_book: dict[str, int],
    error_log: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(store, "snooze", boom)
    async with AmtuiApp(db).run_test(size=(120, 36)) as pilot:
        await pilot.press("3", "s")
        await pilot.pause()

        [told] = [n.message for n in pilot.app._notifications]
        assert told.startswith("Unexpected error (RuntimeError: boom [bold]")
        assert told.endswith(f"details in {error_log}")
        logged = error_log.read_text()
        assert "Traceback" in logged and "RuntimeError: boom" in logged
        assert error_log.stat().st_mode & 0o777 == 0o600
        assert error_log.parent.stat().st_mode & 0o777 == 0o700

        clients = cockpit(pilot.app).clients_pane.list
        await pilot.press("1", "j")  # the cockpit still takes keys
        assert clients.cursor == 1
        monkeypatch.undo()
        await pilot.press("3", "s")  # and acts on them
    assert pilot.app.return_code in (0, None)


@pytest.mark.logs_errors
async def test_an_error_nothing_caught_ends_the_app_with_one_line(
    db: Database, error_log: Path
) -> None:
    app = AmtuiApp(db)
    with pytest.raises(RuntimeError, match="boom"):
        async with app.run_test() as pilot:
            app.call_later(boom)
            await pilot.pause()
    assert app.return_code == 1
    assert "RuntimeError: boom" in error_log.read_text()
    assert [str(line) for line in app._exit_renderables] == []


@pytest.mark.logs_errors
async def test_a_failing_background_read_is_reported_too(
    db: Database,
    small_book: dict[str, int],
    error_log: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search, "search_book", boom)
    async with AmtuiApp(db).run_test() as pilot:
        await pilot.press("ctrl+f", *"acme")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

        [told] = [n.message for n in pilot.app._notifications]
        assert told.startswith("Unexpected error (RuntimeError: boom")
        assert "RuntimeError: boom" in error_log.read_text()
        await pilot.press("escape", "j")  # the cockpit still takes keys
        assert cockpit(pilot.app).clients_pane.list.cursor == 1
