"""A form saved over another session's change asks: reload theirs, overwrite, or keep
editing. Nothing typed is lost unless the user says so, and nothing is overwritten
unasked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from driving import screen_text
from textual.pilot import Pilot
from textual.widgets import Input

from amtui.store import Database, open_database
from amtui.store import editing as store
from amtui.store.models import Account
from amtui.ui.app import AmtuiApp
from amtui.ui.dialogs.conflict import ConflictScreen
from amtui.ui.forms.form import FormScreen


@pytest.fixture
def other(db: Database) -> Iterator[Database]:
    """Another cockpit's session on the same book."""
    database = open_database(db.path)
    yield database
    database.close()


def sector_of(db: Database, account_id: int) -> str | None:
    return store.load(db, Account, account_id)["sector"]


async def edit_sector_meanwhile(
    pilot: Pilot[None], other: Database, account_id: int
) -> Input:
    """Open the selected client's form, let another session change the client, type a
    sector of our own and save: the conflict dialog is up."""
    await pilot.press("e")
    assert isinstance(pilot.app.screen, FormScreen)
    store.save(other, Account, account_id, {"sector": "Theirs"})
    await pilot.press("tab", "ctrl+u", *"Mine", "ctrl+s")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ConflictScreen)
    return pilot.app.screen_stack[-2].query_one("#field-sector", Input)


async def test_keep_editing_leaves_the_form_and_the_book_as_they_were(
    db: Database, other: Database, small_book: dict[str, int]
) -> None:
    acme = small_book["Acme Logistics"]
    async with AmtuiApp(db).run_test() as pilot:
        field = await edit_sector_meanwhile(pilot, other, acme)
        assert "another session changed this client" in await screen_text(pilot)

        await pilot.press("escape")
        await pilot.pause()

        assert isinstance(pilot.app.screen, FormScreen)
        assert field.value == "Mine"
        assert "Not saved" in await screen_text(pilot)
    assert sector_of(db, acme) == "Theirs"


async def test_overwrite_saves_what_was_typed(
    db: Database, other: Database, small_book: dict[str, int]
) -> None:
    acme = small_book["Acme Logistics"]
    async with AmtuiApp(db).run_test() as pilot:
        await edit_sector_meanwhile(pilot, other, acme)

        await pilot.press("o")
        await pilot.pause()

        assert not isinstance(pilot.app.screen, FormScreen | ConflictScreen)
    assert sector_of(other, acme) == "Mine"


async def test_reload_shows_their_change_and_saves_from_it(
    db: Database, other: Database, small_book: dict[str, int]
) -> None:
    acme = small_book["Acme Logistics"]
    async with AmtuiApp(db).run_test() as pilot:
        await edit_sector_meanwhile(pilot, other, acme)

        await pilot.press("r")
        await pilot.pause()

        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-sector", Input).value == "Theirs"
        await pilot.press("tab", "end", *" and ours", "ctrl+s")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, FormScreen | ConflictScreen)
    assert sector_of(db, acme) == "Theirs and ours"
