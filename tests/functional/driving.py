"""Driving the app in tests: what a screen shows, and keys typed faster than a frame."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.pilot import Pilot

from amtui.ui.app import AmtuiApp
from amtui.ui.screens.cockpit import CockpitScreen
from amtui.ui.widgets.record_list import RecordList


def cockpit(app: AmtuiApp) -> CockpitScreen:
    screen = app.screen
    assert isinstance(screen, CockpitScreen)
    return screen


def names(record_list: RecordList[Any]) -> list[str]:
    """What the list shows, first column of every row on screen."""
    rows = (record_list.row_at(i) for i in range(record_list.count))
    return [
        getattr(row, "name", None) or getattr(row, "title", None) or row.summary
        for row in rows
    ]


async def screen_text(pilot: Pilot[None]) -> str:
    """The characters on the terminal, line by line, once pending updates are drawn."""
    await pilot.pause()
    app = pilot.app
    return "\n".join(
        "".join(segment.text for segment in line)
        for line in app.screen._compositor.render_update(full=True).strips  # type: ignore[attr-defined]
    )


def type_burst(app: AmtuiApp, keys: str) -> None:
    """Queue keys all at once, as a fast typist or a paste over SSH delivers them."""
    for key in keys:
        name = {"/": "slash", "\n": "enter"}.get(key, key)
        app.post_message(events.Key(name, key if key.isprintable() else None))


async def settle(pilot: Pilot[None]) -> None:
    """Wait for the screen, the workers it started, and what they drew."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
