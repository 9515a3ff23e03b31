"""The settings file drives the app as `amtui` opens it: its theme, its keys, the new
client's form and the date format; a theme picked in the palette is written back."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from driving import cockpit, screen_text, settle
from textual.command import CommandList, CommandPalette
from textual.filter import Monochrome, NoColor
from textual.pilot import Pilot
from textual.widgets import Input

from amtui.store import Database, database
from amtui.ui.app import BOOK_MODULES, AmtuiApp, cockpit_app
from amtui.ui.forms.form import FormScreen
from amtui.ui.preferences import binding_ids, key_problem
from amtui.ui.screens.capture import CaptureScreen

TODAY = date.today()
SETTINGS = """\
# amtui settings, with comments kept
[clients]
owner = "Claire Martin"   # me
cadence_days = 21

[review]
phase = "loyalty"
"""


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The settings file `amtui` reads (not written yet)."""
    path = tmp_path / "settings" / "config.toml"
    path.parent.mkdir()
    monkeypatch.setenv("AMTUI_CONFIG", str(path))
    return path


async def wait_for(pilot: Pilot[None], condition: Callable[[], bool]) -> None:
    """Until `condition` holds (the palette searches in the background)."""
    for _ in range(250):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the condition never held")


async def pick_from_palette(pilot: Pilot[None], query: str, hit: str) -> None:
    """Type `query` in the open palette and run its first hit, once it is `hit`."""
    await pilot.press(*(key if key != " " else "space" for key in query))

    def first_hit() -> str:
        screen = pilot.app.screen
        if not isinstance(screen, CommandPalette):
            return ""
        hits = screen.query_one(CommandList)
        if not hits.option_count or hits.highlighted != 0:
            return ""
        return str(hits.get_option_at_index(0).prompt).split("\n")[0]

    await wait_for(pilot, lambda: first_hit().strip() == hit)
    await pilot.press("enter")
    await pilot.pause()


async def choose_theme(pilot: Pilot[None], theme: str) -> None:
    """ctrl+p, the "Theme" command, then `theme`."""
    await pilot.press("ctrl+p")
    await pick_from_palette(pilot, "theme", "Theme")
    await pick_from_palette(pilot, theme, theme)


def messages(app: AmtuiApp) -> list[str]:
    return [notification.message for notification in app._notifications]


# -- the theme ---------------------------------------------------------------------------


async def test_the_theme_of_the_settings_applies_at_start(
    db_path: Path, small_book: dict[str, int], config: Path
) -> None:
    config.write_text('[display]\ntheme = "ansi-dark"\n')
    app = cockpit_app(db_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.theme == "ansi-dark"
        assert app.current_theme.ansi  # the terminal's own colours
        assert messages(app) == []


async def test_a_theme_picked_in_the_palette_is_written_and_used_next_time(
    db_path: Path, small_book: dict[str, int], config: Path
) -> None:
    config.write_text(SETTINGS)
    app = cockpit_app(db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await choose_theme(pilot, "dracula")
        assert app.theme == "dracula"
        assert messages(app) == [f"Theme dracula kept in {config}."]
    # the rest of the file is kept byte for byte
    assert config.read_text() == SETTINGS + '\n[display]\ntheme = "dracula"\n'

    again = cockpit_app(db_path)
    async with again.run_test() as pilot:
        await settle(pilot)
        assert again.theme == "dracula"
        assert again.settings.owner == "Claire Martin"


async def test_a_theme_that_cannot_be_written_is_kept_for_the_session(
    db_path: Path,
    small_book: dict[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "a-file").write_text("")
    monkeypatch.setenv("AMTUI_CONFIG", str(tmp_path / "a-file" / "config.toml"))
    app = cockpit_app(db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await choose_theme(pilot, "nord")
        assert app.theme == "nord"
        message = messages(app)[-1]  # after: the file cannot be read either
        assert "could not be written" in message
        assert message.endswith("(theme kept for this session)")
        assert "\n" not in message


# -- the keys ----------------------------------------------------------------------------


async def test_remapped_keys_drive_the_app_and_the_old_ones_no_longer_do(
    db_path: Path, small_book: dict[str, int], config: Path
) -> None:
    config.write_text('[keys]\n"cockpit.filter" = "f"\napp.quit = "ctrl+x"\n')
    app = cockpit_app(db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        clients = cockpit(app).clients_pane.list
        assert "f Filter" in await screen_text(pilot)  # the footer shows the new key

        await pilot.press("slash")
        assert not clients.filtering
        await pilot.press("f")
        assert clients.filtering
        await pilot.press("escape")
        assert not clients.filtering

        await pilot.press("q")
        await pilot.pause()
        assert not app._exit
        await pilot.press("ctrl+x")
        await pilot.pause()
        assert app._exit
    assert messages(app) == []


async def test_keys_typed_while_the_book_opens_are_the_remapped_ones(
    db_path: Path,
    small_book: dict[str, int],
    config: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config.write_text('[keys]\n"cockpit.agenda" = "f3"\n')
    release = threading.Event()
    real_open = database.open_database

    def slow_open(path: Path) -> Database:
        release.wait(10)
        return real_open(path)

    monkeypatch.setattr(database, "open_database", slow_open)
    app = cockpit_app(db_path)
    async with app.run_test() as pilot:
        await pilot.press("f3")
        release.set()
        await settle(pilot)
        assert cockpit(app).agenda_pane.list.has_focus


async def test_bad_theme_binding_and_key_are_each_named_and_the_rest_applies(
    db_path: Path, small_book: dict[str, int], config: Path
) -> None:
    config.write_text(
        "[display]\n"
        'theme = "solarized-purple"\n'
        "[keys]\n"
        '"cockpit.filtre" = "f"\n'
        '"app.quit" = "ctrl+nope"\n'
        '"app.help" = "cmd+f1"\n'
        '"cockpit.capture" = "ctrl+k"\n'
    )
    app = cockpit_app(db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        problems = app._apply(app.settings)  # what the notification summed up
        assert problems == [
            f"{config}, line 2: theme: no theme 'solarized-purple' "
            "(ctrl+p, Theme lists them); using the default",
            f"{config}, line 4: no binding 'cockpit.filtre' "
            "(the README lists their ids); using the default",
            f"{config}, line 5: 'ctrl+nope' is not a key "
            "(write keys like q, ctrl+q, f5, slash); using the default",
            f"{config}, line 6: 'cmd' in 'cmd+f1' is not one of ctrl, shift, alt, "
            "meta, super, hyper; using the default",
        ]
        assert messages(app) == [f"{problems[0]} (and {len(problems) - 1} more)"]
        assert app.theme == "textual-dark"
        await pilot.press("slash")  # the misspelt id leaves the filter on its key
        assert cockpit(app).clients_pane.list.filtering
        await pilot.press("escape", "ctrl+k")  # the good line applies
        await pilot.pause()
        assert isinstance(app.screen, CaptureScreen)


# -- the new client's form and the dates -------------------------------------------------


async def test_a_new_client_starts_with_the_owner_and_cadence_of_the_settings(
    db_path: Path, small_book: dict[str, int], config: Path
) -> None:
    config.write_text(SETTINGS)
    app = cockpit_app(db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("1", "n")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-owner", Input).value == "Claire Martin"
        assert form.query_one("#field-cadence_days", Input).value == "21"


async def test_without_settings_a_new_client_starts_with_the_defaults(
    db_path: Path, small_book: dict[str, int], config: Path
) -> None:
    app = cockpit_app(db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("1", "n")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-owner", Input).value == ""
        assert form.query_one("#field-cadence_days", Input).value == "30"


@pytest.mark.parametrize(
    ("setting", "pattern"),
    [
        ("", "%d %b"),
        ('date_format = "iso"', "%Y-%m-%d"),
        ("date_format = '%d.%m.%y'", "%d.%m.%y"),
    ],
)
async def test_the_date_format_shows_in_the_lists(
    db_path: Path,
    small_book: dict[str, int],
    config: Path,
    setting: str,
    pattern: str,
) -> None:
    """The handoff due in 20 days and Acme's interaction of 12 days ago."""
    config.write_text(f"[display]\n{setting}\n")
    app = cockpit_app(db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        shown = await screen_text(pilot)
    for day in (TODAY + timedelta(days=20), TODAY - timedelta(days=12)):
        if day.year == TODAY.year or pattern != "%d %b":
            assert day.strftime(pattern) in shown


def test_every_screen_s_bindings_can_be_remapped() -> None:
    """Their ids are found on every screen, dialog and widget amtui has."""
    ids = binding_ids(BOOK_MODULES)
    assert {
        "app.quit",
        "cockpit.filter",
        "account.timeline",
        "pane.new",
        "agenda.done",
        "list.down",
        "form.save",
        "confirm.yes",
        "conflict.keep",
        "review.export",
        "table.down",
        "guided.log",
        "search.close",
        "help.close",
        "capture.cancel",
    } <= ids


@pytest.mark.parametrize(
    "keys", ["q", "G", "ctrl+q", "ctrl+shift+a", "alt+x", "f12", "f,slash", "?"]
)
def test_key_names_textual_knows(keys: str) -> None:
    assert key_problem(keys) == ""


@pytest.mark.parametrize(
    "keys", ["ctrl+", "ctl+q", "f99", "slah", "ctrl+q,", "space bar"]
)
def test_key_names_textual_does_not_know(keys: str) -> None:
    assert key_problem(keys)


async def test_no_color_still_wins_over_the_theme(
    db_path: Path,
    small_book: dict[str, int],
    config: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    config.write_text('[display]\ntheme = "dracula"\n')
    app = cockpit_app(db_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.theme == "dracula"
        assert app.no_color
        assert any(isinstance(f, (Monochrome, NoColor)) for f in app._filters)
