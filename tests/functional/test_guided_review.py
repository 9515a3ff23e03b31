"""The guided review driven with its single keys, on a real book and a fixed clock.

Today is Monday 23 November 2026. Four clients need attention, in this order: Acme
(past its cadence, with every other reason too), Borealis and Cobalt (overdue
items, Borealis's the oldest) and Delta (a birthday on Monday 30 November).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from driving import screen_text, type_burst
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import Input

from amtui.store import Database
from amtui.store.models import Account, AgendaItem, Contact, Handoff, Interaction
from amtui.ui.app import AmtuiApp
from amtui.ui.forms.form import FormScreen
from amtui.ui.screens.account import AccountScreen
from amtui.ui.screens.cockpit import CockpitScreen
from amtui.ui.screens.guided import GuidedReviewScreen
from amtui.ui.screens.help import HelpScreen
from amtui.vocabulary import (
    AccountStatus,
    AgendaKind,
    HandoffStatus,
    InteractionKind,
)

DAY = date(2026, 11, 23)


def at(days_ago: int) -> datetime:
    """Local noon `days_ago` days before DAY, in UTC."""
    day = DAY - timedelta(days=days_ago)
    return datetime(day.year, day.month, day.day, 12).astimezone().astimezone(UTC)


@pytest.fixture
def book(db: Database) -> dict[str, int]:
    ids: dict[str, int] = {}
    with db.write() as session:

        def client(name: str, *contacted: int) -> int:
            account = Account(
                name=name, status=AccountStatus.ACTIVE, created_at=at(300)
            )
            session.add(account)
            session.flush()
            for days in contacted:
                session.add(
                    Interaction(
                        account_id=account.id,
                        occurred_at=at(days),
                        kind=InteractionKind.CALL,
                        summary=f"Call {days} days before",
                    )
                )
            ids[name] = account.id
            return account.id

        def overdue(account_id: int, title: str, days_ago: int, **kind: object) -> None:
            due_on = DAY - timedelta(days_ago)
            session.add(
                AgendaItem(account_id=account_id, title=title, due_on=due_on, **kind)
            )

        acme = client("Acme Logistics", 43, 50, 60, 70, 80, 90)
        overdue(acme, "Send the proposal", 7, kind=AgendaKind.FOLLOW_UP)
        session.add(
            Contact(
                account_id=acme,
                name="Claire Martin",
                birthday_month=11,
                birthday_day=27,
            )
        )
        session.add(
            Handoff(account_id=acme, title="ERP rollout", status=HandoffStatus.BLOCKED)
        )
        borealis = client("Borealis [bold]Foods[/]", 2)
        overdue(borealis, "Call back [red]now[/]", 3)
        overdue(borealis, "Send samples", 1)
        overdue(client("Cobalt Bank", 2), "Renew the contract", 2)
        session.add(
            Contact(
                account_id=client("Delta Energy", 5),
                name="Dan",
                birthday_month=11,
                birthday_day=30,
            )
        )
        client("Quiet Co", 1)
    return ids


async def guided(pilot: Pilot[None]) -> str:
    """Open the guided review over the cockpit; what it shows once it has loaded."""
    app = pilot.app
    assert isinstance(app, AmtuiApp)
    await app.push_screen(GuidedReviewScreen(app))
    await app.workers.wait_for_complete()
    return await screen_text(pilot)


def agenda(db: Database, account_id: int) -> list[tuple[str, date, bool]]:
    """(title, due day, done) of a client's items."""
    with db.read() as session:
        items = session.scalars(
            select(AgendaItem)
            .where(AgendaItem.account_id == account_id)
            .order_by(AgendaItem.id)
        )
        return [(item.title, item.due_on, item.done_at is not None) for item in items]


def app_on(db: Database) -> AmtuiApp:
    return AmtuiApp(db, clock=lambda: DAY)


async def test_each_client_shows_why_and_its_last_five_interactions(
    db: Database, book: dict[str, int]
) -> None:
    async with app_on(db).run_test() as pilot:
        text = await guided(pilot)
        assert "Guided review · 1 of 4 · 3 left" in text
        assert "Acme Logistics" in text
        assert "active · standard account · contact every 30 days" in text
        for reason in (
            "43 days since last contact (cadence 30)",
            'follow-up "Send the proposal" overdue since Mon 16 Nov',
            'handoff "ERP rollout" blocked',
            "Claire Martin's birthday on Fri 27 Nov",
        ):
            assert reason in text
        for days in (43, 50, 60, 70, 80):
            assert f"Call {days} days before" in text
        assert "Call 90 days before" not in text


async def test_n_and_p_step_through_the_clients_without_acting(
    db: Database, book: dict[str, int]
) -> None:
    before = {name: agenda(db, account_id) for name, account_id in book.items()}
    async with app_on(db).run_test() as pilot:
        await guided(pilot)
        await pilot.press("p")  # nothing before the first
        assert "1 of 4 · 3 left" in await screen_text(pilot)
        await pilot.press("n")
        text = await screen_text(pilot)
        assert "2 of 4 · 2 left" in text
        assert "Borealis [bold]Foods[/]" in text  # user text, shown literally
        assert 'agenda item "Call back [red]now[/]" overdue since Fri 20 Nov' in text
        await pilot.press("j", "space")
        text = await screen_text(pilot)
        assert "4 of 4 · 0 left" in text
        assert "Dan's birthday on Mon 30 Nov" in text
        await pilot.press("k", "k")
        assert "2 of 4 · 2 left" in await screen_text(pilot)
    assert {name: agenda(db, account_id) for name, account_id in book.items()} == before


async def test_x_ticks_the_clients_overdue_items_and_moves_on(
    db: Database, book: dict[str, int]
) -> None:
    borealis = book["Borealis [bold]Foods[/]"]
    async with app_on(db).run_test() as pilot:
        await guided(pilot)
        await pilot.press("n", "x")
        assert [done for _, _, done in agenda(db, borealis)] == [True, True]
        assert agenda(db, book["Acme Logistics"])[0][2] is False  # not this client's
        text = await screen_text(pilot)
        assert "3 of 4 · 1 left" in text and "Cobalt Bank" in text
        await pilot.press("p")
        assert "✓ Marked 2 overdue items done." in await screen_text(pilot)


def enabled(screen: object, key: str) -> bool:
    """Whether `key` is offered (True) or shown greyed out (False) in the footer."""
    assert isinstance(screen, GuidedReviewScreen)
    return screen.active_bindings[key].enabled


async def test_s_and_x_are_greyed_out_for_a_client_with_nothing_overdue(
    db: Database, book: dict[str, int]
) -> None:
    async with app_on(db).run_test() as pilot:
        await guided(pilot)
        screen = pilot.app.screen
        assert enabled(screen, "s") and enabled(screen, "x")  # Acme: one item overdue
        await pilot.press("n", "n", "n")
        assert "Delta Energy" in await screen_text(pilot)  # only a birthday
        assert not enabled(screen, "s") and not enabled(screen, "x")
        assert enabled(screen, "l")
        await pilot.press("x", "s")
        assert "4 of 4 · 0 left" in await screen_text(pilot)
        assert not pilot.app._notifications  # nothing offered, nothing refused


async def test_going_back_after_s_or_x_shows_the_reasons_as_they_are_now(
    db: Database, book: dict[str, int]
) -> None:
    async with app_on(db).run_test() as pilot:
        await guided(pilot)
        await pilot.press("s")  # Acme: its follow-up snoozed, the rest still stands
        await pilot.app.workers.wait_for_complete()
        await pilot.press("x")  # Borealis: its two items done, nothing left
        await pilot.app.workers.wait_for_complete()
        await pilot.press("p")
        text = await screen_text(pilot)
        assert "Borealis [bold]Foods[/]" in text
        assert "overdue since" not in text
        assert "Nothing needs attention any more." in text
        assert not enabled(pilot.app.screen, "x")
        await pilot.press("p")
        text = await screen_text(pilot)
        assert "Acme Logistics" in text
        assert "43 days since last contact (cadence 30)" in text
        assert "Send the proposal" not in text  # snoozed to tomorrow
        assert "✓ Snoozed 1 overdue item to Tue 24 Nov." in text


async def test_the_walk_is_of_today_and_says_so(
    db: Database, book: dict[str, int]
) -> None:
    async with app_on(db).run_test() as pilot:
        text = await guided(pilot)
        assert "as of Mon 23 Nov" in text
        assert "W48" not in text and "review 2026" not in text


async def test_keys_typed_right_after_l_land_in_the_form(
    db: Database, book: dict[str, int]
) -> None:
    async with app_on(db).run_test() as pilot:
        await guided(pilot)
        type_burst(pilot.app, "lhello")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-summary", Input).value == "hello"


async def test_the_footer_fits_at_80x24_without_cutting_a_key(
    db: Database, book: dict[str, int]
) -> None:
    async with app_on(db).run_test(size=(80, 24)) as pilot:
        await guided(pilot)
        footer = (await screen_text(pilot)).splitlines()[-1]
        for shown in ("l Log", "s Snooze", "x Done", "n Next", "esc Back", "? Help"):
            assert shown in footer
        assert "^p palette" in footer


async def test_help_lists_the_keys_of_the_guided_review_under_its_own_heading(
    db: Database, book: dict[str, int]
) -> None:
    async with app_on(db).run_test(size=(80, 24)) as pilot:
        await guided(pilot)
        await pilot.press("question_mark")
        help_screen = pilot.app.screen
        assert isinstance(help_screen, HelpScreen)
        sections = dict(help_screen.sections)
        assert set(sections) == {"Everywhere", "In the guided review"}
        guided_keys = {desc: keys for keys, desc in sections["In the guided review"]}
        assert guided_keys["Open the client's account"] == "⏎"  # not in the footer
        assert guided_keys["Previous client"] == "k p"
        descriptions = {desc for rows in sections.values() for _, desc in rows}
        assert not {"Scroll Left", "Page Right", "Focus Next"} & descriptions
        text = await screen_text(pilot)
        assert "In the guided review" in text
        assert "While typing a filter" not in text


async def test_the_palette_goes_back_to_a_guided_review_already_open(
    db: Database, book: dict[str, int]
) -> None:
    async with app_on(db).run_test() as pilot:
        await guided(pilot)
        walk = pilot.app.screen
        await pilot.press("n", "enter")
        assert isinstance(pilot.app.screen, AccountScreen)
        depth = len(pilot.app.screen_stack)
        await pilot.press("ctrl+p", *"guided review")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen is walk
        assert len(pilot.app.screen_stack) == depth - 1
        assert "2 of 4 · 2 left" in await screen_text(pilot)


async def test_s_snoozes_the_clients_overdue_items_to_tomorrow_and_moves_on(
    db: Database, book: dict[str, int]
) -> None:
    tomorrow = DAY + timedelta(days=1)
    async with app_on(db).run_test() as pilot:
        cockpit = pilot.app.screen
        assert isinstance(cockpit, CockpitScreen)
        overdue = overdue_count(cockpit)
        await guided(pilot)
        await pilot.press("n", "s")
        assert agenda(db, book["Borealis [bold]Foods[/]"]) == [
            ("Call back [red]now[/]", tomorrow, False),
            ("Send samples", tomorrow, False),
        ]
        assert "3 of 4 · 1 left" in await screen_text(pilot)
        assert overdue_count(cockpit) == overdue - 2  # the cockpit was told


def overdue_count(cockpit: CockpitScreen) -> int:
    """The first figure of the agenda's summary: `4 overdue · 0 today · …`."""
    return int(str(cockpit.agenda_pane.border_subtitle).split()[0])


async def test_l_logs_an_interaction_for_the_client_and_moves_on(
    db: Database, book: dict[str, int]
) -> None:
    async with app_on(db).run_test(size=(80, 24)) as pilot:
        await guided(pilot)
        await pilot.press("l")
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        assert "Acme Logistics" in await screen_text(pilot)
        assert form.focused is form.query_one("#field-summary")
        type_burst(pilot.app, "Caught up on the ERP")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        with db.read() as session:
            account_id = session.scalar(
                select(Interaction.account_id).where(
                    Interaction.summary == "Caught up on the ERP"
                )
            )
        assert account_id == book["Acme Logistics"]
        assert isinstance(pilot.app.screen, GuidedReviewScreen)
        assert "2 of 4 · 2 left" in await screen_text(pilot)
        await pilot.app.workers.wait_for_complete()
        await pilot.press("p")
        text = await screen_text(pilot)
        assert "✓ Logged an interaction." in text
        assert "Caught up on the ERP" in text  # the timeline is read anew
        assert "since last contact" not in text  # and so are the reasons
        assert 'follow-up "Send the proposal" overdue since Mon 16 Nov' in text


async def test_enter_opens_the_account_and_escape_comes_back(
    db: Database, book: dict[str, int]
) -> None:
    async with app_on(db).run_test() as pilot:
        await guided(pilot)
        await pilot.press("n", "n", "enter")
        screen = pilot.app.screen
        assert isinstance(screen, AccountScreen)
        assert screen.account_id == book["Cobalt Bank"]
        await pilot.press("escape")
        assert "3 of 4 · 1 left" in await screen_text(pilot)


async def test_the_walk_ends_with_all_clients_reviewed_and_escape_goes_back(
    db: Database, book: dict[str, int]
) -> None:
    async with app_on(db).run_test() as pilot:
        await guided(pilot)
        await pilot.press("x", "n", "s", "n")
        text = await screen_text(pilot)
        assert "All clients reviewed." in text
        assert "4 of 4 reviewed" in text
        assert "2 handled, 2 passed over" in text
        await pilot.press("x", "n")  # nothing to act on: no harm done
        assert "All clients reviewed." in await screen_text(pilot)
        await pilot.press("p")
        assert "4 of 4 · 0 left" in await screen_text(pilot)
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, CockpitScreen)


async def test_a_book_that_needs_nothing_says_so_at_once(db: Database) -> None:
    async with app_on(db).run_test() as pilot:
        text = await guided(pilot)
        assert "All clients reviewed: none needs attention today." in text
        assert "nothing to review" in text


async def test_the_palette_opens_the_guided_review(
    db: Database, book: dict[str, int]
) -> None:
    async with app_on(db).run_test() as pilot:
        await pilot.press("ctrl+p", *"guided review")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        assert isinstance(pilot.app.screen, GuidedReviewScreen)
        assert "Guided review · 1 of 4 · 3 left" in await screen_text(pilot)
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, CockpitScreen)
