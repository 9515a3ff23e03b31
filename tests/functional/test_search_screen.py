"""The global search (`ctrl+f`, the palette) driven with its keys on a real book."""

from __future__ import annotations

import threading

import pytest
from driving import screen_text, settle, type_burst
from textual import events
from textual.pilot import Pilot

from amtui.store import Database
from amtui.store.editing import log_interaction, save
from amtui.store.models import Contact
from amtui.store.rows import SearchResults
from amtui.ui.app import AmtuiApp
from amtui.ui.screens import search as search_screen
from amtui.ui.screens.account import AccountScreen
from amtui.ui.screens.cockpit import CockpitScreen
from amtui.ui.screens.search import HINT, SearchScreen
from amtui.vocabulary import InteractionKind
from conftest import days_ago


@pytest.fixture
def book(db: Database, small_book: dict[str, int]) -> dict[str, int]:
    """The small book, with a second contact and an interaction with details."""
    ids = dict(small_book)
    ids["jean"] = save(
        db,
        Contact,
        None,
        {
            "account_id": small_book["Cobalt Bank"],
            "name": "Jean Dupont",
            "role": "Treasurer",
            "email": "jean@cobalt.example",
        },
    )
    ids["audit"] = log_interaction(
        db,
        {
            "account_id": small_book["Cobalt Bank"],
            "occurred_at": days_ago(5),
            "kind": InteractionKind.MEETING,
            "summary": "Audit follow-up",
            "details": "Claire asked for the renewal figures",
        },
    )
    return ids


async def search(pilot: Pilot[None], text: str = "") -> SearchScreen:
    """Open the search with `ctrl+f` and type `text`; wait for its results."""
    await pilot.press("ctrl+f")
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    if text:
        await pilot.press(*text)
    await settle(pilot)
    return screen


def shown(screen: SearchScreen) -> list[str]:
    """Every line of the results: the headings and the hits, as they read."""
    return [option.prompt.plain for option in screen.hits.options]


def status(screen: SearchScreen) -> str:
    return str(screen.status.content)


async def test_typing_shows_the_hits_grouped_by_kind_with_counts(
    db: Database, book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test() as pilot:
        screen = await search(pilot)
        assert screen.query_input.has_focus
        assert shown(screen) == [] and status(screen) == HINT

        await pilot.press(*"co")
        await settle(pilot)
        assert shown(screen)[:3] == [
            "Clients · 2",
            "Cobalt Bank  at risk",
            "Zeta [bold]Evil[/] Corp  prospect",
        ]
        assert "Contacts · 1" in shown(screen)
        assert status(screen) == "2 clients · 1 contact · 0 interactions"

        await pilot.press(*"balt")  # "cobalt": its client and contact's e-mail
        await settle(pilot)
        assert shown(screen) == [
            "Clients · 1",
            "Cobalt Bank  at risk",
            "Contacts · 1",
            "Jean Dupont · Treasurer  Cobalt Bank · jean@cobalt.example",
        ]

        await pilot.press(*["backspace"] * 6, *"claire")
        await settle(pilot)
        text = shown(screen)
        assert text[:2] == ["Contacts · 1", "Claire Martin · CFO  Acme Logistics"]
        assert text[2] == "Interactions · 1"  # found in its details
        assert text[3].startswith("Audit follow-up  Cobalt Bank · meeting · ")


async def test_no_match_says_so_and_a_blank_query_shows_the_hint(
    db: Database, book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test() as pilot:
        screen = await search(pilot, "zzz")
        assert shown(screen) == []
        assert status(screen) == "Nothing matches “zzz”."
        assert "Nothing matches “zzz”." in await screen_text(pilot)
        await pilot.press("backspace", "backspace", "backspace")
        await settle(pilot)
        assert status(screen) == HINT


async def test_enter_opens_the_client_and_escape_comes_back_to_the_search(
    db: Database, book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test() as pilot:
        screen = await search(pilot, "cobalt")
        await pilot.press("enter")  # the first hit, from the query
        await pilot.pause()
        account = pilot.app.screen
        assert isinstance(account, AccountScreen)
        assert account.account_id == book["Cobalt Bank"]
        assert "Cobalt Bank" in await screen_text(pilot)

        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert screen.query_input.value == "cobalt"
        assert shown(screen)[1] == "Cobalt Bank  at risk"

        await pilot.press("escape")  # and back where the search started
        assert isinstance(pilot.app.screen, CockpitScreen)
        assert len(pilot.app.screen_stack) == 2


async def test_down_and_tab_move_through_the_hits_and_up_goes_back_to_the_query(
    db: Database, book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test() as pilot:
        screen = await search(pilot, "co")
        hits = screen.hits
        await pilot.press("down")
        assert hits.has_focus and hits.highlighted == 1  # the heading is skipped
        await pilot.press("tab", "down")
        assert shown(screen)[hits.highlighted or 0].startswith("Jean Dupont")
        await pilot.press("shift+tab", "up")
        assert hits.highlighted == 1
        await pilot.press("up")
        assert screen.query_input.has_focus
        await pilot.press("tab", "j")  # typing in the hits edits the query
        assert screen.query_input.has_focus
        assert screen.query_input.value == "coj"


async def test_a_contact_or_an_interaction_opens_with_the_cursor_on_it(
    db: Database, book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test() as pilot:
        await search(pilot, "jean dup")
        await pilot.press("enter")
        await pilot.pause()
        account = pilot.app.screen
        assert isinstance(account, AccountScreen)
        assert account.account_id == book["Cobalt Bank"]
        contacts = account.contacts_pane.list
        assert contacts.has_focus
        assert contacts.highlighted is not None
        assert contacts.highlighted.name == "Jean Dupont"

        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+f")  # ctrl+f in the search: edit the query anew
        await pilot.press(*"quarterly")
        await settle(pilot)
        await pilot.press("down", "enter")
        await pilot.pause()
        account = pilot.app.screen
        assert isinstance(account, AccountScreen)
        timeline = account.timeline_pane.list
        assert timeline.has_focus
        assert timeline.highlighted is not None
        assert timeline.highlighted.summary == "Quarterly business review"
        assert timeline.cursor == 1


async def test_ctrl_f_on_the_account_screen_and_escape_back_to_it(
    db: Database, book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test() as pilot:
        await pilot.press("enter")  # Acme's account
        await pilot.pause()
        account = pilot.app.screen
        assert isinstance(account, AccountScreen)
        await search(pilot, "delta")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, AccountScreen)
        assert pilot.app.screen.account_id == book["Delta Energy"]
        await pilot.press("ctrl+f")  # back to the search open below, not a new one
        assert isinstance(pilot.app.screen, SearchScreen)
        await pilot.press("escape")
        assert pilot.app.screen is account


async def test_the_palette_opens_the_search(db: Database, book: dict[str, int]) -> None:
    async with AmtuiApp(db).run_test() as pilot:
        await pilot.press("ctrl+p", *"search the book")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, SearchScreen)
        assert screen.query_input.has_focus


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("[bold]", "Zeta [bold]Evil[/] Corp  prospect"),
        ("[/]", "Zeta [bold]Evil[/] Corp  prospect"),
        ("[red]", "Sent the [red]proposal[/]  Borealis Foods · email · "),
        ("proposal", "Sent the [red]proposal[/]  Borealis Foods · email · "),
        ("[@click=app.quit]", None),
        ('"*) OR NEAR(', None),
    ],
)
async def test_user_text_is_shown_literally(
    db: Database, book: dict[str, int], typed: str, expected: str | None
) -> None:
    async with AmtuiApp(db).run_test() as pilot:
        screen = await search(pilot, typed)
        text = await screen_text(pilot)
        if expected is None:
            assert status(screen) == f"Nothing matches “{typed}”."
            assert f"Nothing matches “{typed}”." in text
        else:
            assert any(line.startswith(expected) for line in shown(screen))
            assert expected.strip() in text
        assert pilot.app.is_running and pilot.app.screen is screen


async def test_a_long_paste_is_echoed_short(db: Database, book: dict[str, int]) -> None:
    async with AmtuiApp(db).run_test() as pilot:
        screen = await search(pilot)
        screen.query_input.value = "[b]x" * 2_500
        await settle(pilot)
        assert status(screen).startswith("Nothing matches “[b]x[b]x")
        assert len(status(screen)) < 60


async def test_keys_typed_in_a_burst_show_the_results_of_the_final_text(
    db: Database, book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test() as pilot:
        screen = await search(pilot)
        type_burst(pilot.app, "acme")
        for _ in range(4):
            pilot.app.post_message(events.Key("backspace", None))
        type_burst(pilot.app, "borealis")
        await settle(pilot)
        assert screen.query_input.value == "borealis"
        assert screen.results.text == "borealis"
        assert shown(screen)[:2] == ["Clients · 1", "Borealis Foods  prospect"]


async def test_enter_typed_before_the_results_opens_the_first_hit_of_the_final_text(
    db: Database, book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test() as pilot:
        await search(pilot, "acme")
        for _ in range(4):
            pilot.app.post_message(events.Key("backspace", None))
        type_burst(pilot.app, "delta\n")
        await settle(pilot)
        account = pilot.app.screen
        assert isinstance(account, AccountScreen)
        assert account.account_id == book["Delta Energy"]


async def test_a_late_result_never_replaces_a_newer_one(
    db: Database, book: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search of "a" is held until "acme" was typed and shown; when it comes
    back, it is dropped."""
    real_search = search_screen.search_book
    started, release = threading.Event(), threading.Event()

    def held(db: Database, text: str) -> SearchResults:
        if text == "a":
            started.set()
            release.wait(5)
        return real_search(db, text)

    monkeypatch.setattr(search_screen, "search_book", held)
    async with AmtuiApp(db).run_test() as pilot:
        screen = await search(pilot)
        await pilot.press("a")
        while not started.is_set():
            await pilot.pause(0.01)
        await pilot.press(*"cme")
        for _ in range(50):  # until "acme" is shown, while "a" is still held
            await pilot.pause(0.01)
            if screen.results.text == "acme":
                break
        assert screen.results.text == "acme"
        release.set()
        await settle(pilot)
        assert screen.results.text == "acme"
        assert shown(screen)[:2] == ["Clients · 1", "Acme Logistics  active"]
