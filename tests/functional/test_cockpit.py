"""The cockpit driven with the contract's keys on a real book."""

from __future__ import annotations

from pathlib import Path

import pytest
from driving import cockpit, names, screen_text, type_burst
from textual import events

from amtui.store import Database
from amtui.store.models import Account
from amtui.ui.app import AmtuiApp, make_app
from amtui.ui.screens.cockpit import CockpitScreen
from amtui.ui.screens.help import HelpScreen
from amtui.vocabulary import AccountPhase


async def test_panes_show_the_book(db: Database, small_book: dict[str, int]) -> None:
    async with AmtuiApp(db).run_test() as pilot:
        screen = cockpit(pilot.app)
        clients = screen.clients_pane.list
        assert clients.has_focus
        assert names(clients) == [
            "Acme Logistics",
            "Borealis Foods",
            "Cobalt Bank",
            "Delta Energy",
            "Zeta [bold]Evil[/] Corp",
        ]
        assert names(screen.log_pane.list) == [
            "Renewal call with the CFO",
            "Quarterly business review",
        ]
        assert names(screen.handoffs_pane.list) == ["WMS rollout"]  # closed one hidden
        assert names(screen.agenda_pane.list) == [
            "Send QBR deck",
            "Cadence: Acme Logistics · 12 days since last contact",  # derived
            "Call back Borealis",
            "Prepare pipeline review",
        ]
        subtitle = str(screen.agenda_pane.border_subtitle)
        assert "2 overdue · 1 today · 1 this week" in subtitle


async def test_moving_through_clients_updates_log_and_handoffs(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test() as pilot:
        screen = cockpit(pilot.app)
        await pilot.press("j")
        assert screen.selected is not None and screen.selected.name == "Borealis Foods"
        assert names(screen.log_pane.list) == ["Sent the [red]proposal[/]"]
        assert screen.handoffs_pane.list.count == 0
        assert "Borealis Foods" in str(screen.log_pane.border_title)
        await pilot.press("G")
        assert screen.selected.name == "Zeta [bold]Evil[/] Corp"
        assert screen.log_pane.list.count == 0
        await pilot.press("k")
        assert screen.selected.name == "Delta Energy"
        await pilot.press("g")
        assert screen.selected.name == "Acme Logistics"
        await pilot.press("down", "down", "up")
        assert screen.selected.name == "Borealis Foods"


async def test_number_keys_and_tab_move_between_panes(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test() as pilot:
        screen = cockpit(pilot.app)
        order = [
            screen.clients_pane,
            screen.log_pane,
            screen.agenda_pane,
            screen.handoffs_pane,
        ]
        for key, pane in zip(
            "3241", [order[2], order[1], order[3], order[0]], strict=True
        ):
            await pilot.press(key)
            assert pane.list.has_focus, key
        for pane in order[1:]:
            await pilot.press("tab")
            assert pane.list.has_focus
        await pilot.press("shift+tab")
        assert screen.agenda_pane.list.has_focus
        await pilot.press("j")  # the agenda's cursor moves, the client stays
        assert screen.agenda_pane.list.cursor == 1
        assert screen.selected is not None and screen.selected.name == "Acme Logistics"


async def test_filter_as_you_type_then_escape_clears(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test() as pilot:
        screen = cockpit(pilot.app)
        await pilot.press("slash")
        await pilot.press(*"co")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        clients = screen.clients_pane.list
        assert names(clients) == ["Cobalt Bank", "Zeta [bold]Evil[/] Corp"]
        assert screen.selected is not None and screen.selected.name == "Cobalt Bank"
        assert "matching “co”" in str(screen.clients_pane.border_title)
        await pilot.press("enter")  # keep the filter, back to the list
        assert clients.has_focus
        await pilot.press("j")
        assert screen.selected.name == "Zeta [bold]Evil[/] Corp"
        await pilot.press("escape")
        assert clients.count == 5
        assert screen.clients_pane.filter_text == ""
        assert screen.selected.name == "Zeta [bold]Evil[/] Corp"  # the selection stays


async def test_filter_takes_wildcards_literally_and_says_when_nothing_matches(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test() as pilot:
        screen = cockpit(pilot.app)
        await pilot.press("slash", "%")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.clients_pane.list.count == 0
        assert screen.selected is None
        assert "Nothing matches “%”" in await screen_text(pilot)
        await pilot.press("escape")
        assert screen.clients_pane.list.count == 5
        assert screen.clients_pane.list.has_focus


async def test_filter_works_in_the_log_pane(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test() as pilot:
        screen = cockpit(pilot.app)
        await pilot.press("2", "slash", *"quarter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert names(screen.log_pane.list) == ["Quarterly business review"]
        assert screen.clients_pane.list.count == 5  # the clients are not filtered


async def test_help_lists_the_bindings_of_the_focused_place(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test(size=(80, 40)) as pilot:
        await pilot.press("question_mark")
        help_screen = pilot.app.screen
        assert isinstance(help_screen, HelpScreen)
        sections = dict(help_screen.sections)
        everywhere = dict((desc, keys) for keys, desc in sections["Everywhere"])
        assert "q" in everywhere["Quit"].split()
        assert everywhere["Help"] == "?"
        assert everywhere["Filter the focused list"] == "/"
        assert {"Clients", "Log", "Agenda", "Handoffs"} <= everywhere.keys()
        here = dict((desc, keys) for keys, desc in sections["In the clients pane"])
        assert set(here["Down"].split()) == {"j", "↓"}
        assert here["Top"] == "g home"
        assert here["Bottom"] == "G end"
        text = await screen_text(pilot)
        assert "─ Keys ─" in text
        assert "Everywhere" in text and "Filter the focused list" in text
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, CockpitScreen)


async def test_q_quits(db: Database, small_book: dict[str, int]) -> None:
    app = AmtuiApp(db)
    async with app.run_test() as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running


async def test_user_text_is_shown_literally(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test(size=(160, 40)) as pilot:
        await pilot.press("G")
        text = await screen_text(pilot)
        assert "Zeta [bold]Evil[/] Corp" in text
        await pilot.press("k", "k", "k")
        assert "Sent the [red]proposal[/]" in await screen_text(pilot)


async def test_all_four_panes_fit_80_by_24(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test(size=(80, 24)) as pilot:
        text = await screen_text(pilot)
        for title in ("1 Clients", "2 Log", "3 Agenda", "4 Handoffs"):
            assert title in text
        for row in ("Acme Logistics", "Renewal call", "Send QBR deck", "WMS rollout"):
            assert row in text
        assert "Phase" not in text  # the optional column gives way at 80 columns
        await pilot.resize_terminal(120, 36)
        assert "Phase" in await screen_text(pilot)


async def test_an_empty_book_says_how_to_start(db_path: Path) -> None:
    async with make_app(db_path).run_test() as pilot:
        text = await screen_text(pilot)
        assert "No clients yet" in text
        assert "amtui --demo" in text
        await pilot.press(
            "j", "k", "G", "g", "2", "j", "4"
        )  # nothing breaks on empty lists


async def test_refresh_shows_another_session_s_writes(
    db: Database, small_book: dict[str, int], db_path: Path
) -> None:
    from amtui.store import open_database

    async with AmtuiApp(db).run_test() as pilot:
        screen = cockpit(pilot.app)
        await pilot.press("j")
        other = open_database(db_path)
        with other.write() as session:
            session.add(Account(name="Aardvark Partners"))
        other.close()
        assert screen.clients_pane.list.count == 5
        await pilot.press("ctrl+r")
        assert screen.clients_pane.list.count == 6
        assert screen.selected is not None and screen.selected.name == "Borealis Foods"


async def test_titles_and_rows_show_markup_and_escapes_literally(db: Database) -> None:
    with db.write() as session:
        session.add(Account(name="[@click=app.quit]Zap[/]"))
        session.add(Account(name="\x1b]0;pwned\x07Esc\x1b[31mape\x00 Ltd"))
    async with AmtuiApp(db).run_test(size=(120, 30)) as pilot:
        text = await screen_text(pilot)  # control characters sort first
        assert "\x1b" not in text and "\x07" not in text and "\x00" not in text
        assert "Log · ]0;pwnedEsc[31mape Ltd ·" in text
        await pilot.press("j")
        text = await screen_text(pilot)
        assert "Log · [@click=app.quit]Zap[/] ·" in text
        assert "[@click=app.quit]Zap[/]" in text.split("\n")[3]
        assert pilot.app.is_running


async def test_no_color_keeps_warnings_visible(
    db: Database, small_book: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = AmtuiApp(db)
    async with app.run_test() as pilot:
        clients = cockpit(pilot.app).clients_pane.list
        alert = clients.get_component_rich_style("record-list--alert")
        cursor = clients.get_component_rich_style("record-list--cursor")
        assert app.no_color
        assert alert.reverse and alert.bold
        assert cursor.underline


async def test_keys_typed_ahead_are_not_lost(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test() as pilot:
        screen = cockpit(pilot.app)
        type_burst(pilot.app, "/co\nj")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.clients_pane.filter_text == "co"
        assert screen.clients_pane.list.has_focus
        assert screen.selected is not None and screen.selected.name.startswith("Zeta")
        type_burst(pilot.app, "3j")
        await pilot.pause()
        assert screen.agenda_pane.list.has_focus
        assert screen.agenda_pane.list.cursor == 1


async def test_a_damaged_book_is_reported_and_the_cockpit_stays_usable(
    db: Database, small_book: dict[str, int], db_path: Path
) -> None:
    import sqlite3

    async with AmtuiApp(db).run_test(size=(100, 30)) as pilot:
        screen = cockpit(pilot.app)
        with sqlite3.connect(db_path) as other:  # another program breaks the book
            other.execute("DROP TABLE interaction")
        other.close()
        await pilot.press("j")
        text = await screen_text(pilot)
        assert "cannot read" in text and "no such table: interaction" in text
        assert screen.log_pane.list.count == 0
        assert any(
            n.severity == "error" and "no such table" in n.message
            for n in pilot.app._notifications
        )
        await pilot.press("j", "4", "1", "G")  # still answering
        await pilot.pause()
        assert screen.clients_pane.list.has_focus
        assert pilot.app.is_running


async def test_escape_right_after_typing_shows_the_whole_list(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test() as pilot:
        agenda = cockpit(pilot.app).agenda_pane.list
        await pilot.press("3")
        type_burst(pilot.app, "/z")
        pilot.app.post_message(events.Key("escape", None))
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert agenda.filter_text == ""
        assert agenda.count == 4


async def test_digits_and_letters_typed_in_a_filter_go_into_it(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test() as pilot:
        screen = cockpit(pilot.app)
        type_burst(pilot.app, "/3q?/1")
        await pilot.pause()
        assert screen.clients_pane.filter_text == "3q?/1"
        assert screen.clients_pane.list.has_focus
        assert isinstance(pilot.app.screen, CockpitScreen) and pilot.app.is_running


async def test_refresh_moves_a_cockpit_left_open_overnight_to_the_new_day(
    db: Database, small_book: dict[str, int]
) -> None:
    from datetime import date, timedelta

    today = date.today()  # the small book is dated from it
    day = [today]
    async with AmtuiApp(db, clock=lambda: day[0]).run_test(size=(120, 30)) as pilot:
        agenda = cockpit(pilot.app).agenda_pane
        assert "2 overdue · 1 today · 1 this week" in str(agenda.border_subtitle)
        day[0] = today + timedelta(days=3)
        await pilot.press("ctrl+r")
        assert "3 overdue · 1 today · 0 this week" in str(agenda.border_subtitle)
        assert "5d late" in await screen_text(pilot)


async def test_a_notice_greets_the_user(db_path: Path) -> None:
    async with make_app(db_path, notice="This is a demo book.").run_test() as pilot:
        await pilot.pause()
        assert [n.message for n in pilot.app._notifications] == ["This is a demo book."]


async def test_a_bad_config_is_one_warning_and_the_defaults_apply(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[review]\nphase = "hunting"\nloyalty_split = "1/2"\nx = 1\n')
    monkeypatch.setenv("AMTUI_CONFIG", str(config))
    app = make_app(db_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        [warning] = pilot.app._notifications
        assert warning.message == (
            f"{config}, line 2: phase is 'hunting', not 'conquest' or 'loyalty'; "
            "using the default (and 2 more)"
        )
        assert warning.severity == "warning"
    assert app.settings.phase is None
    assert str(app.settings.targets[AccountPhase.LOYALTY]) == "20/80"


@pytest.mark.parametrize(
    ("pane", "keys"),
    [
        ("1", ("n New", "e Edit", "/ Filter", "c Capture", "r Review", "? Help")),
        ("3", ("x Done", "s Snooze", "r Review", "? Help")),
        ("4", ("a Advance", "r Review", "? Help")),
    ],
)
async def test_the_footer_fits_at_80x24_without_cutting_a_key(
    db: Database, small_book: dict[str, int], pane: str, keys: tuple[str, ...]
) -> None:
    async with AmtuiApp(db).run_test(size=(80, 24)) as pilot:
        await pilot.press(pane)
        footer = (await screen_text(pilot)).splitlines()[-1]
        for shown in (*keys, "^p palette"):
            assert shown in footer
