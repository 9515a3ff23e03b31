"""A book whose every text is hostile (as an import or another tool may leave it),
walked screen by screen with the contract's keys: nothing raw reaches the terminal,
no markup acts, and the app keeps running under its own title."""

from __future__ import annotations

import asyncio
import tempfile
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from driving import screen_text, settle
from hostile import examples, hostile_text, raw_controls
from hypothesis import given, settings
from textual import events

from amtui.store import open_database
from amtui.store.models import (
    Account,
    AgendaItem,
    Contact,
    Deliverable,
    Handoff,
    Interaction,
    Opportunity,
    utcnow,
)
from amtui.ui.app import AmtuiApp
from amtui.vocabulary import InteractionKind

# Keys from the cockpit, each step checked; escape closes what the step opened.
WALK = (
    ("e",),  # the client's form: its title holds the name
    ("escape",),
    ("2", "e"),
    ("escape",),
    ("3", "e"),
    ("escape",),
    ("4", "e"),
    ("escape",),
    ("1", "enter"),  # the account screen
    ("2", "e"),
    ("escape",),
    ("3", "e"),
    ("escape",),
    ("escape",),
    ("r",),  # the weekly review
    ("escape",),
    ("c",),  # quick capture
    ("paste",),
    ("escape",),
    ("escape",),
    ("question_mark",),
    ("escape",),
)


def _book(path: Path, text: str) -> None:
    """One client with a record of every kind, every text `text` (names made unique)."""
    db = open_database(path)
    now = utcnow()
    with db.write() as session:
        account = Account(name=f"A{text}", notes=text, sector=text[:100], tags=text)
        session.add(account)
        session.flush()
        handoff = Handoff(account_id=account.id, title=text[:200], brief=text)
        session.add_all(
            [
                Contact(account_id=account.id, name=text[:200], role=text[:200]),
                Interaction(
                    account_id=account.id,
                    occurred_at=now - timedelta(days=1),
                    kind=InteractionKind.CALL,
                    summary=text[:500],
                    details=text,
                ),
                AgendaItem(account_id=account.id, due_on=now.date(), title=text[:500]),
                Opportunity(account_id=account.id, title=text[:200], amount=Decimal(1)),
                handoff,
            ]
        )
        session.flush()
        session.add(Deliverable(handoff_id=handoff.id, title=text[:200]))
    db.close()


async def _walk(path: Path, text: str) -> None:
    db = open_database(path)
    app = AmtuiApp(db)
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            title = app.title
            steps = [
                *WALK,
                ("slash",),
                ("paste",),
                ("escape",),
                ("ctrl+f",),
                ("paste",),
            ]
            for keys in steps:
                if keys == ("paste",):
                    app.post_message(events.Paste(text))
                else:
                    await pilot.press(*keys)
                await settle(pilot)
                shown = await screen_text(pilot)
                assert raw_controls(shown) == [], (keys, type(app.screen).__name__)
                assert app.is_running and app.title == title, keys
    finally:
        db.close()


@settings(max_examples=examples(3), deadline=None)
@given(hostile_text().filter(lambda text: "\x00" not in text and text.strip()))
def test_every_screen_shows_hostile_text_literally(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.db"
        _book(path, text)
        asyncio.run(_walk(path, text))


def test_the_walk_meets_escape_sequences_and_markup(tmp_path: Path) -> None:
    """The fixed case: an OSC title change, a clipboard write, a click action."""
    text = "\x1b]0;pwned\x07[@click=app.quit]q[/]\x1b]52;c;aGk=\x07\x9b2J"
    path = tmp_path / "book.db"
    _book(path, text)
    asyncio.run(_walk(path, text))
