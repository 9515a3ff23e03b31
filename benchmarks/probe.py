"""The in-app probe: the cockpit run headless at 120x36 in this process, keys sent the
way a terminal sends them, and the time from a key to the first frame composed once
its effect is in the widgets. Started by run.py, once per run, in a fresh process:

    python benchmarks/probe.py PLAN_JSON  # run.py's Plan: the book, the account, words

It prints one JSON object: the samples (ms) of each figure, and the peak RSS (MB).

`Pilot.press()` is not timed: it waits for the app to go idle. A key is instead put on
the driver's queue, the widgets are polled every millisecond until a condition says
the key did its work, and the latency runs to the next frame the app composes (it
goes through `App._display`, headless too).
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path
from time import perf_counter
from typing import Any

from textual import events
from textual.app import App
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot

from amtui.domain.periods import IsoWeek
from amtui.store.review import build_review
from amtui.ui.app import AmtuiApp, make_app
from amtui.ui.screens.account import AccountScreen
from amtui.ui.screens.cockpit import CockpitScreen
from amtui.ui.screens.review import ReviewScreen
from amtui.ui.screens.search import SearchScreen
from amtui.ui.widgets.pane import Pane
from amtui.ui.widgets.record_list import RecordList

SIZE = (120, 36)
FRAME_WAIT = 0.2  # seconds to wait for a frame once the condition holds
CONDITION_TIMEOUT = 60.0  # a key that has not acted by then is a bug
NEXT_CLIENT_PRESSES = 20
JUMPS = 5  # G then g, this many times each
OPENINGS = 3  # account screen and review


class ProbeError(RuntimeError):
    """The app did not do what a key asks of it."""


def key_event(key: str) -> events.Key:
    """The event a terminal's keystroke becomes, built as `Pilot.press` builds it."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char: str | None = unicodedata.lookup(
            _get_unicode_name_from_key(REPLACED_KEYS.get(key, key))
        )
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


class FrameClock:
    """The time of every frame the app composes: each compositor update goes through
    `App._display`, which is wrapped here."""

    def __init__(self, app: App[Any]) -> None:
        self.times: list[float] = []
        self.missed = 0  # conditions after which no frame came: timed at the condition
        display = app._display

        def timed_display(screen: Any, renderable: Any) -> None:
            if renderable is not None:
                self.times.append(perf_counter())
            display(screen, renderable)

        app._display = timed_display  # type: ignore[method-assign]

    async def first_after(self, moment: float) -> float:
        """The time of the first frame composed after `moment`, or `moment` itself if
        none comes within FRAME_WAIT (the frame was composed as the condition came)."""
        while perf_counter() < moment + FRAME_WAIT:
            if self.times and self.times[-1] > moment:
                return next(time for time in self.times if time > moment)
            await asyncio.sleep(0.001)
        self.missed += 1
        return moment


def edited(text: str, key: str) -> str:
    """The filter `text` after `key`: ctrl+u clears it, backspace erases a letter."""
    if key == "ctrl+u":
        return ""
    if key == "backspace":
        return text[:-1]
    return text + key


def title(pane: Pane) -> str:
    """The pane's border title as text."""
    return str(pane.border_title or "")


def rows_on_screen(record_list: RecordList[Any]) -> bool:
    """Whether every row in the list's visible window is fetched."""
    top = round(record_list.scroll_y)
    bottom = min(top + record_list.size.height, record_list.count)
    return all(index in record_list._rows for index in range(top, bottom))


class Probe:
    """Keys sent to one running app, and what they cost."""

    def __init__(self, app: AmtuiApp, pilot: Pilot[None]) -> None:
        self.app = app
        self.pilot = pilot
        self.frames = FrameClock(app)

    @property
    def cockpit(self) -> CockpitScreen:
        """The cockpit, which must be the screen on top."""
        screen = self.app.screen
        if not isinstance(screen, CockpitScreen):
            raise ProbeError(f"expected the cockpit, found {type(screen).__name__}")
        return screen

    @property
    def clients(self) -> RecordList[Any]:
        return self.cockpit.clients_pane.list

    async def settle(self) -> None:
        """Let background work end and the app go idle before the next key."""
        await self.app.workers.wait_for_complete()
        await self.pilot.pause()

    async def press(self, *keys: str) -> None:
        """Type `keys` untimed (to get somewhere), then settle."""
        await self.pilot.press(*keys)
        await self.settle()

    async def latency(self, key: str, done: Callable[[], bool]) -> float:
        """Milliseconds from sending `key` to the frame that shows `done()` true."""
        await self.settle()
        event = key_event(key)
        event.set_sender(self.app)
        driver = self.app._driver
        assert driver is not None
        start = perf_counter()
        driver.send_message(event)
        while not done():
            if perf_counter() - start > CONDITION_TIMEOUT:
                raise ProbeError(
                    f"{key!r} had no visible effect in {CONDITION_TIMEOUT}s"
                )
            await asyncio.sleep(0.001)
        frame = await self.frames.first_after(perf_counter())
        return (frame - start) * 1000

    # -- conditions ----------------------------------------------------------------

    def client_shown(self, index: int) -> Callable[[], bool]:
        """The client at `index` is highlighted, and the log and handoffs panes show
        its rows: new pagers, their visible rows fetched, their titles redone."""
        screen = self.cockpit
        followers = [screen.log_pane, screen.handoffs_pane]
        before = [(pane.list.pager, title(pane)) for pane in followers]

        def done() -> bool:
            row = self.clients._rows.get(index)
            return (
                self.clients.cursor == index
                and row is not None
                and screen.selected is not None
                and screen.selected.id == row.id
                and all(
                    pane.list.pager is not None
                    and pane.list.pager is not pager
                    and title(pane) != old_title
                    and rows_on_screen(pane.list)
                    for pane, (pager, old_title) in zip(followers, before, strict=True)
                )
            )

        return done

    def cursor_at(self, index: int) -> Callable[[], bool]:
        """The clients' cursor is on `index`, and the rows around it are fetched."""
        return lambda: (
            self.clients.cursor == index
            and index in self.clients._rows
            and rows_on_screen(self.clients)
        )

    def filtered(self, text: str) -> Callable[[], bool]:
        """The clients list shows the query for `text`, and its title says so."""
        pane = self.cockpit.clients_pane
        old_title = title(pane)
        return lambda: (
            pane.list.filter_text == text
            and pane.list._shown_filter == text
            and title(pane) != old_title
            and rows_on_screen(pane.list)
        )

    def searched(self, text: str) -> Callable[[], bool]:
        """The search screen shows the results of `text`."""

        def done() -> bool:
            screen = self.app.screen
            return isinstance(screen, SearchScreen) and screen.results.text == text

        return done

    def account_open(self, account_id: int) -> Callable[[], bool]:
        """The account screen of `account_id` is up with its fields and four lists."""

        def done() -> bool:
            screen = self.app.screen
            return (
                isinstance(screen, AccountScreen)
                and screen.account_id == account_id
                and screen.detail is not None
                and all(
                    pane.list.pager is not None
                    and title(pane)
                    and rows_on_screen(pane.list)
                    for pane in screen.panes
                )
            )

        return done

    def review_shown(self) -> bool:
        """The review screen is up and shows the review its worker built."""
        screen = self.app.screen
        return isinstance(screen, ReviewScreen) and screen.review is not None

    # -- the measures ------------------------------------------------------------

    async def next_client(self) -> list[float]:
        """`j` from the top of the clients, NEXT_CLIENT_PRESSES times."""
        await self.press("g")
        if self.clients.cursor != 0:
            raise ProbeError("g did not go to the first client")
        presses = min(NEXT_CLIENT_PRESSES, self.clients.count - 1)
        return [
            await self.latency("j", self.client_shown(index))
            for index in range(1, presses + 1)
        ]

    async def jumps(self) -> tuple[list[float], list[float]]:
        """`G` to the last client and `g` back, JUMPS times each."""
        bottom, top = [], []
        for _ in range(JUMPS):
            bottom.append(
                await self.latency("G", self.cursor_at(self.clients.count - 1))
            )
            top.append(await self.latency("g", self.cursor_at(0)))
        return bottom, top

    async def filter_keys(self, words: list[str]) -> list[float]:
        """Type each of `words` in the clients' filter, erase its last letter and type
        it again, then clear the line with ctrl+u."""
        await self.press("slash")
        samples, text = [], ""
        for word in words:
            keys = [*word, "backspace", word[-1], "ctrl+u"]
            for key in keys:
                text = edited(text, key)
                samples.append(await self.latency(key, self.filtered(text)))
        await self.press("escape")
        return samples

    async def search_keys(self, words: list[str]) -> list[float]:
        """`ctrl+f`, then each of `words` typed, erased to its first letter with
        backspaces and cleared: every keystroke searches clients, contacts and
        interactions."""
        await self.press("ctrl+f")
        if not isinstance(self.app.screen, SearchScreen):
            raise ProbeError("ctrl+f did not open the search")
        samples, text = [], ""
        for word in words:
            keys = [*word, *["backspace"] * (len(word) - 1), "backspace"]
            for key in keys:
                text = edited(text, key)
                if text:  # an empty query shows a hint, not results
                    samples.append(await self.latency(key, self.searched(text)))
                else:
                    await self.press(key)
        await self.press("escape")
        return samples

    async def select_client(self, account_id: int, name: str) -> None:
        """Filter the clients to `name` and put the cursor on the account."""
        await self.press("slash", *name, "enter")
        rows = sorted(self.clients._rows.items())
        index = next((i for i, row in rows if row.id == account_id), None)
        if index is None:
            raise ProbeError(f"filtering by {name!r} did not list account {account_id}")
        await self.press(*["j"] * index)
        highlighted = self.clients.highlighted
        if highlighted is None or highlighted.id != account_id:
            raise ProbeError(f"the cursor is not on account {account_id}")

    async def account_screen(self, account_id: int, name: str) -> list[float]:
        """`enter` on the account, OPENINGS times, `escape` back each time."""
        await self.select_client(account_id, name)
        samples = []
        for _ in range(OPENINGS):
            samples.append(await self.latency("enter", self.account_open(account_id)))
            await self.press("escape")
        await self.press("escape")  # the filter
        return samples

    async def review(self) -> list[float]:
        """`r`, the weekly review, OPENINGS times, `escape` back each time."""
        samples = []
        for _ in range(OPENINGS):
            samples.append(await self.latency("r", self.review_shown))
            await self.press("escape")
            if not isinstance(self.app.screen, CockpitScreen):
                raise ProbeError("escape did not close the review")
        return samples


def build_review_ms(app: AmtuiApp) -> list[float]:
    """`build_review` for this week called directly, OPENINGS times."""
    samples = []
    for _ in range(OPENINGS):
        today = date.today()
        start = perf_counter()
        build_review(
            app.db,
            IsoWeek.of(today),
            today,
            phase=app.settings.phase,
            targets=app.settings.targets,
        )
        samples.append((perf_counter() - start) * 1000)
    return samples


async def measure(plan: dict[str, Any]) -> dict[str, Any]:
    """Every in-app figure on the book of `plan`."""
    app = make_app(Path(plan["db"]))
    account_id, name = plan["account"]
    async with app.run_test(size=SIZE) as pilot:
        probe = Probe(app, pilot)
        await probe.settle()
        figures: dict[str, Any] = {"next_client_ms": await probe.next_client()}
        figures["bottom_G_ms"], figures["top_g_ms"] = await probe.jumps()
        figures["filter_keystroke_ms"] = await probe.filter_keys(plan["words"])
        figures["search_keystroke_ms"] = await probe.search_keys(plan["search_words"])
        figures["account_screen_ms"] = await probe.account_screen(account_id, name)
        figures["review_ms"] = await probe.review()
        figures["peak_rss_mb"] = (
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        )
        figures["build_review_ms"] = build_review_ms(app)
        figures["frames_missed"] = probe.frames.missed
    return figures


def main() -> None:
    """Measure the book the plan in argv names; print the samples as JSON."""
    print(json.dumps(asyncio.run(measure(json.loads(sys.argv[1])))))


if __name__ == "__main__":
    main()
