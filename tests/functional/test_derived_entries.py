"""Derived agenda entries in the cockpit: shown with the stored items, settled by the
agenda's keys, and never snoozed or deleted."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from driving import cockpit, names, screen_text, type_burst
from sqlalchemy import select, update
from textual.pilot import Pilot
from textual.widgets import Input

from amtui.store import Database
from amtui.store.models import AgendaItem, Contact, Deliverable, Handoff, Interaction
from amtui.store.queries import Agenda
from amtui.store.rows import AgendaRow
from amtui.ui.app import AmtuiApp
from amtui.ui.dialogs.confirm import ConfirmScreen
from amtui.ui.forms.form import FormScreen
from amtui.ui.screens.account import AccountScreen
from amtui.vocabulary import InteractionKind
from conftest import add_account, days_ago

TODAY = date.today()  # the small book is dated from it
CADENCE = "Cadence: Acme Logistics · 12 days since last contact"
BIRTHDAY = "Birthday: Claire Martin (CFO) · Acme Logistics"
DELIVERABLE = "Deliverable due: Pilot site (WMS rollout) · Acme Logistics"
HANDOFF = "Handoff due: WMS rollout · Acme Logistics"


@pytest.fixture
def book(db: Database, small_book: dict[str, int]) -> Database:
    """The small book (Acme is two days past its cadence of 10), with Claire's birthday
    in two days, a deliverable due tomorrow and its handoff due in four days."""
    birthday = TODAY + timedelta(days=2)
    with db.write() as session:
        session.execute(
            update(Contact).values(
                birthday_month=birthday.month, birthday_day=birthday.day
            )
        )
        session.execute(
            update(Deliverable)
            .where(Deliverable.title == "Pilot site")
            .values(due_on=TODAY + timedelta(days=1))
        )
        session.execute(
            update(Handoff)
            .where(Handoff.title == "WMS rollout")
            .values(due_on=TODAY + timedelta(days=4))
        )
    return db


def app_on(db: Database) -> AmtuiApp:
    return AmtuiApp(db, clock=lambda: TODAY)


async def go_to(pilot: Pilot[None], title: str) -> None:
    """Focus the agenda and put its cursor on the entry titled `title`."""
    agenda = cockpit(pilot.app).agenda_pane.list
    await pilot.press("3")
    agenda.action_first()
    while agenda.highlighted.title != title:
        assert agenda.cursor < agenda.count - 1, f"{title!r} is not in the agenda"
        await pilot.press("j")


def gifts(db: Database) -> list[Interaction]:
    with db.read() as session:
        query = select(Interaction).where(Interaction.kind == InteractionKind.GIFT)
        return list(session.scalars(query))


def messages(pilot: Pilot[None]) -> list[str]:
    return [n.message for n in pilot.app._notifications]


async def test_derived_entries_are_merged_into_the_agenda_and_its_counts(
    book: Database,
) -> None:
    async with app_on(book).run_test(size=(120, 36)) as pilot:
        agenda = cockpit(pilot.app).agenda_pane
        assert names(agenda.list) == [
            "Send QBR deck",
            CADENCE,
            "Call back Borealis",
            DELIVERABLE,
            BIRTHDAY,
            "Prepare pipeline review",
            HANDOFF,
        ]
        assert "2 overdue · 1 today · 4 this week" in str(agenda.border_subtitle)
        text = await screen_text(pilot)
        assert "Birthday: Claire" in text


async def test_the_filter_applies_to_derived_titles(book: Database) -> None:
    async with app_on(book).run_test(size=(120, 36)) as pilot:
        agenda = cockpit(pilot.app).agenda_pane.list
        await pilot.press("3")
        type_burst(pilot.app, "/claire\n")
        await pilot.pause()
        assert names(agenda) == [BIRTHDAY]


async def test_x_on_a_birthday_logs_the_wishes_and_x_again_takes_them_back(
    book: Database,
) -> None:
    async with app_on(book).run_test(size=(120, 36)) as pilot:
        agenda = cockpit(pilot.app).agenda_pane
        await go_to(pilot, BIRTHDAY)
        await pilot.press("x")
        [gift] = gifts(book)
        assert gift.summary == "Birthday wishes to Claire Martin"
        assert gift.contact_id is not None and gift.account_id == 1
        assert "✓ done" in await screen_text(pilot)  # still in view, ticked
        assert "3 this week" in str(agenda.border_subtitle)
        await pilot.press("x")
        assert gifts(book) == []
        assert "4 this week" in str(agenda.border_subtitle)
        await pilot.press("x", "ctrl+r")  # a reload lets the settled entry go
        assert len(gifts(book)) == 1
        assert BIRTHDAY not in names(agenda.list)


async def test_x_on_a_cadence_opens_the_interaction_form_and_saving_settles_it(
    book: Database,
) -> None:
    async with app_on(book).run_test(size=(120, 36)) as pilot:
        await go_to(pilot, CADENCE)
        await pilot.press("x")
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        assert "Acme Logistics" in await screen_text(pilot)
        form.query_one("#field-summary", Input).value = "Checked in"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, FormScreen)
        with book.read() as session:
            logged = session.scalars(
                select(Interaction).where(Interaction.summary == "Checked in")
            ).one()
        assert logged.account_id == 1
        assert CADENCE not in names(cockpit(pilot.app).agenda_pane.list)


async def test_x_on_a_deliverable_ticks_it_done_and_back(book: Database) -> None:
    def done() -> bool:
        with book.read() as session:
            query = select(Deliverable.done).where(Deliverable.title == "Pilot site")
            return session.scalars(query).one()

    async with app_on(book).run_test(size=(120, 36)) as pilot:
        await go_to(pilot, DELIVERABLE)
        await pilot.press("x")
        assert done()
        assert "✓ done" in await screen_text(pilot)
        await pilot.press("x")
        assert not done()


@pytest.mark.parametrize(
    ("title", "key", "field", "value"),
    [
        (BIRTHDAY, "e", "name", "Claire Martin"),
        (DELIVERABLE, "enter", "title", "WMS rollout"),
        (HANDOFF, "e", "title", "WMS rollout"),
        (HANDOFF, "x", "title", "WMS rollout"),
    ],
)
async def test_keys_open_the_form_an_entry_comes_from(
    book: Database, title: str, key: str, field: str, value: str
) -> None:
    async with app_on(book).run_test(size=(120, 36)) as pilot:
        await go_to(pilot, title)
        await pilot.press(key)
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one(f"#field-{field}", Input).value == value


async def test_enter_on_a_cadence_opens_the_client(book: Database) -> None:
    async with app_on(book).run_test(size=(120, 36)) as pilot:
        await go_to(pilot, CADENCE)
        await pilot.press("enter")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, AccountScreen)
        assert screen.client() == (1, "Acme Logistics")


@pytest.mark.parametrize(
    ("title", "reason"),
    [
        (CADENCE, "goes away when you log an interaction (x)"),
        (BIRTHDAY, "Press x to log your wishes"),
        (DELIVERABLE, "goes away once it is done (x)"),
        (HANDOFF, "change its due date or its status"),
    ],
)
@pytest.mark.parametrize(
    ("key", "refused"), [("s", "Not snoozed"), ("D", "Not deleted")]
)
async def test_s_and_D_on_a_derived_entry_say_why_not(
    book: Database, title: str, reason: str, key: str, refused: str
) -> None:
    async with app_on(book).run_test(size=(120, 36)) as pilot:
        agenda = cockpit(pilot.app).agenda_pane.list
        await go_to(pilot, title)
        await pilot.press(key)
        await pilot.pause()
        assert not isinstance(pilot.app.screen, ConfirmScreen)
        [message] = messages(pilot)
        assert message.startswith(refused) and reason in message
        assert agenda.highlighted.title == title  # nothing changed


async def test_the_agenda_starts_at_its_top_when_the_entries_arrive_after_it(
    db: Database,
) -> None:
    add_account(db, "Quiet Corp", created_at=days_ago(100), cadence_days=10)
    with db.write() as session:
        session.add(
            AgendaItem(due_on=TODAY - timedelta(days=1), title="Call back Quiet Corp")
        )
    async with app_on(db).run_test() as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        agenda = cockpit(pilot.app).agenda_pane.list
        assert names(agenda)[:2] == [
            "Cadence: Quiet Corp · never contacted",  # due 90 days ago: first
            "Call back Quiet Corp",
        ]
        assert agenda.cursor == 0


async def test_a_reload_shows_the_last_entries_until_the_new_ones_arrive(
    book: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    read_derived = Agenda.read_derived
    calls = 0

    def held(agenda: Agenda) -> list[AgendaRow]:
        nonlocal calls
        calls += 1
        if calls > 1:  # the first read is the start's; hold the reload's
            release.wait(10)
        return read_derived(agenda)

    monkeypatch.setattr(Agenda, "read_derived", held)
    async with app_on(book).run_test() as pilot:
        await pilot.app.workers.wait_for_complete()
        screen = cockpit(pilot.app)
        await pilot.press("ctrl+r")  # reload, as after any write
        await pilot.pause()
        assert calls == 2
        assert CADENCE in names(screen.agenda_pane.list)  # not gone meanwhile
        release.set()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert CADENCE in names(screen.agenda_pane.list)
