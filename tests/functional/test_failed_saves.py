"""A save the book refuses (a full disk, a read-only book) keeps the form open with
everything typed, says why, and saves once the problem is gone."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, func, select
from textual.widgets import Input, Static

from amtui.store import Database
from amtui.store.models import Account
from amtui.ui.app import AmtuiApp
from amtui.ui.forms.form import FormScreen


@contextmanager
def refusing_writes(db: Database, pragma: str) -> Iterator[None]:
    """Every connection the book hands out runs `pragma` first (SQLite then refuses
    writes for real), until the block ends."""

    def on_checkout(dbapi_connection: Any, *_args: object) -> None:
        dbapi_connection.execute(pragma)

    db.engine.dispose()  # connections made before would not run it
    event.listen(db.engine, "checkout", on_checkout)
    try:
        yield
    finally:
        event.remove(db.engine, "checkout", on_checkout)
        db.engine.dispose()


def full_disk(db: Database) -> str:
    """A page cap at the book's present size: SQLite's own 'disk is full'."""
    with db.read() as session:
        size = session.connection().exec_driver_sql("PRAGMA page_count").scalar()
    return f"PRAGMA max_page_count = {size}"


def clients_named(db: Database, name: str) -> int:
    with db.read() as session:
        found = select(func.count()).where(Account.name == name)
        return session.execute(found).scalar_one()


async def save_refused_then_accepted(db: Database, pragma: str, reason: str) -> None:
    name = "Newco " + "with a long story " * 300  # more than the page cap leaves
    async with AmtuiApp(db).run_test() as pilot:
        await pilot.press("n")
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-name", Input).value = name[:200]
        notes = "A note that must survive. " * 400
        form.query_one("#field-notes").load_text(notes)  # type: ignore[attr-defined]

        with refusing_writes(db, pragma):
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert pilot.app.screen is form  # still open, with what was typed
            assert form.query_one("#field-name", Input).value == name[:200]
            assert form.query_one("#field-notes").text == notes  # type: ignore[attr-defined]
            said = str(form.query_one("#form-message", Static).content)
            assert said.startswith("Not saved: cannot save to ")
            assert reason in said
            assert clients_named(db, name[:200]) == 0

        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, FormScreen)
    assert clients_named(db, name[:200]) == 1


async def test_a_full_disk_keeps_the_form_and_says_so(db: Database) -> None:
    await save_refused_then_accepted(db, full_disk(db), "disk is full")


async def test_a_read_only_book_keeps_the_form_and_says_so(db: Database) -> None:
    await save_refused_then_accepted(db, "PRAGMA query_only = ON", "read-only")
