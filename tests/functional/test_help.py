"""The help (`?`) on each screen at 80x24: its columns apart, its hints where they
apply, and what the keys do said in words."""

from __future__ import annotations

import pytest
from driving import screen_text
from textual.pilot import Pilot

from amtui.store import Database
from amtui.ui.app import AmtuiApp
from amtui.ui.screens.help import FILTER_KEYS, HelpScreen


async def open_help(pilot: Pilot[None], *keys: str) -> HelpScreen:
    for key in keys:
        await pilot.press(key)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    await pilot.press("question_mark")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, HelpScreen)
    return screen


def described(help_screen: HelpScreen, heading: str) -> dict[str, str]:
    """A section's descriptions and their keys."""
    return {desc: keys for keys, desc in dict(help_screen.sections)[heading]}


@pytest.mark.parametrize(
    "keys",
    [("3",), ("r",), ("r", "w")],
    ids=["agenda pane", "review", "guided review"],
)
async def test_the_columns_never_run_into_each_other_at_80x24(
    db: Database, small_book: dict[str, int], keys: tuple[str, ...]
) -> None:
    async with AmtuiApp(db).run_test(size=(80, 24)) as pilot:
        help_screen = await open_help(pilot, *keys)
        text = (await screen_text(pilot)).splitlines()
        left, right = help_screen.query(".help-section")
        x = right.region.x
        region = left.region.intersection(help_screen.query_one("#help").region)
        assert region.height > 5
        for y in range(region.y, region.bottom):
            assert text[y][x - 1] == " ", text[y]  # a gap before the second column
        flat = " ".join(text)
        assert "palettes" not in flat and "actual,[" not in flat


async def test_the_filter_hint_is_shown_only_where_there_is_a_filter(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test(size=(80, 40)) as pilot:
        await open_help(pilot)
        text = await screen_text(pilot)
        assert "While typing a filter: enter keeps it" in text
        await pilot.press("escape")
        await open_help(pilot, "r")
        text = await screen_text(pilot)
        assert "While typing a filter" not in text
        assert "escape, q or ? closes this help." in text
        assert FILTER_KEYS.startswith("While typing a filter")


async def test_the_review_lists_its_own_keys_under_its_heading(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test(size=(80, 24)) as pilot:
        help_screen = await open_help(pilot, "r")
        everywhere = described(help_screen, "Everywhere")
        review = described(help_screen, "In the review")
        assert {"Quit", "Help"} <= everywhere.keys()
        assert "The week before" not in everywhere
        assert review["The week before"] == "["
        assert review["Export the review to a Markdown file"] == "m"  # not in footer
        objectives = described(help_screen, "In the objectives pane")
        assert objectives["Delete the objective (asks first)"] == "D"


async def test_the_agenda_says_what_x_does_on_derived_entries(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test(size=(80, 24)) as pilot:
        help_screen = await open_help(pilot, "3")
        agenda = described(help_screen, "In the agenda pane")
        [done] = [desc for desc, keys in agenda.items() if keys == "x"]
        assert "a birthday: log the wishes" in done
        assert "a cadence: log an interaction" in done
        assert len(done) < 80
