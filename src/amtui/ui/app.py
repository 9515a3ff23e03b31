"""The Textual application: opens the cockpit on a book. Kept thin on purpose.

From the command line the cockpit is drawn first and the book opened behind it: the
first frame needs Textual and the cockpit's widgets only, while SQLAlchemy, the store
and the screens that act on the book load in a worker. Keys typed meanwhile wait
and act, in order, once the book is open.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import TYPE_CHECKING, ClassVar

from textual import events, work
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel

from amtui import __version__
from amtui.errors import AmtuiError
from amtui.text import one_line
from amtui.ui.dialogs.conflict import Resolution
from amtui.ui.failsafe import FailSafeApp
from amtui.ui.screens.cockpit import CockpitScreen
from amtui.ui.screens.panes import PaneScreen
from amtui.ui.widgets.record_list import RecordList

if TYPE_CHECKING:
    from textual.command import Provider

    from amtui.config import Settings
    from amtui.store import Database
    from amtui.ui.editors import Client
    from amtui.ui.forms.form import FormScreen

# What the open cockpit imports as it is used: loaded with the book, off the UI thread.
BOOK_MODULES = (
    "amtui.store.queries",
    "amtui.ui.columns",
    "amtui.ui.editors",
    "amtui.ui.commands",
    "amtui.ui.forms.export",
    "amtui.ui.preferences",
    "amtui.ui.screens.account",
    "amtui.ui.screens.capture",
    "amtui.ui.screens.help",
    "amtui.ui.screens.review",
    "amtui.ui.screens.search",
)

ALWAYS_NOW = frozenset({"ctrl+q", "ctrl+c"})  # quit even while a long upgrade runs


def _commands() -> type[Provider]:
    """The palette's commands, imported when the palette first opens."""
    from amtui.ui.commands import AmtuiCommands

    return AmtuiCommands


class AmtuiApp(FailSafeApp):
    """amtui's cockpit on one book."""

    CSS_PATH = "amtui.tcss"
    TITLE = "amtui"
    COMMANDS = FailSafeApp.COMMANDS | {_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", show=False, id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
    ]

    def __init__(
        self,
        book: Database | Path,
        *,
        clock: Callable[[], date] = date.today,
        notice: str = "",
        settings: Settings | None = None,
        warnings: Sequence[str] = (),
    ) -> None:
        """`book` is an open book, or the path of one to open behind the first frame
        (a failure ends the app, with `open_error` saying why). `settings` are the
        user's, `warnings` what was wrong in them; with a path, both are read with the
        book."""
        super().__init__()
        self.db: Database | None = None if isinstance(book, Path) else book
        self._path = book if isinstance(book, Path) else None
        self.open_error = ""
        self.clock = clock
        self.notice = notice
        self._settings = settings
        self._warnings = list(warnings)
        self._seen_version: int | None = None
        self._typed_ahead: list[events.Key] | None = None  # keys waiting for the book
        self._demo_folders: list[TemporaryDirectory[str]] = []
        if self._path is not None:
            # Starting up allocates much and frees little: no garbage collection until
            # the first frame is drawn (it would cost a fifth of a cold start).
            gc.disable()

    def on_mount(self) -> None:
        self.title = f"amtui {__version__}"
        self.push_screen(CockpitScreen(self))
        if self._path is None:
            self._book_ready()
        else:
            self._typed_ahead = []
            self.call_after_refresh(self._first_frame_drawn, self._path)
        if self.notice:
            self.notify(self.notice, timeout=10)
        if self._settings is not None:
            self._warnings += self._apply(self._settings)
        self._warn(self._warnings)

    @property
    def settings(self) -> Settings:
        """The user's settings: given, read with the book, or else the defaults."""
        if self._settings is None:
            from amtui.config import Settings

            self._settings = Settings()
        return self._settings

    def _apply(self, settings: Settings) -> list[str]:
        """Take the theme and keys of `settings`; what could not be taken, said."""
        from amtui.ui.preferences import apply_settings

        return apply_settings(self, settings, BOOK_MODULES)

    def choose_theme(self, theme: str) -> None:
        """The palette's pick: the theme now, and kept in the settings file for next
        time; if the file cannot be written, for this session only."""
        from dataclasses import replace

        from amtui.config import remember_theme

        self.theme = theme
        self._settings = replace(self.settings, theme=theme)
        try:
            path = remember_theme(theme)
        except AmtuiError as error:
            self.notify(f"{error} (theme kept for this session)", severity="warning")
        else:
            self.notify(f"Theme {theme} kept in {path}.", timeout=4)

    def search_themes(self) -> None:
        """The palette's "Theme" command: the themes, the pick remembered."""
        from textual.command import CommandPalette

        from amtui.ui.preferences import RememberedThemes

        self.push_screen(
            CommandPalette(
                providers=[RememberedThemes], placeholder="Search for themes…"
            )
        )

    def _warn(self, warnings: Sequence[str]) -> None:
        """Say what was wrong in the settings, in one notification."""
        if warnings:
            first, *others = warnings
            more = f" (and {len(others)} more)" if others else ""
            self.notify(f"{first}{more}", severity="warning", timeout=12)

    def _first_frame_drawn(self, path: Path) -> None:
        gc.enable()
        self.open_book(path)

    @work(thread=True, exit_on_error=False, group="open")
    def open_book(self, path: Path) -> None:
        """Open (maybe upgrade) the book, read the settings and load what acts on the
        book, off the UI thread."""
        from amtui.config import load_settings
        from amtui.store import open_database

        try:
            db = open_database(path)
        except AmtuiError as error:
            self.call_from_thread(self._book_failed, error)
            return
        for module in BOOK_MODULES:
            importlib.import_module(module)
        settings, warnings = load_settings()
        self.call_from_thread(self._book_opened, db, settings, warnings)

    async def _book_opened(
        self, db: Database, settings: Settings, warnings: list[str]
    ) -> None:
        self.db, self._settings = db, settings
        self._warn([*warnings, *self._apply(settings)])
        for screen in self.screen_stack:
            if isinstance(screen, CockpitScreen):
                await screen.open_book(db)
        self._book_ready()
        while self._typed_ahead:  # keys typed meanwhile may join the queue: in order
            await super().on_event(self._typed_ahead.pop(0))
        self._typed_ahead = None

    def _book_failed(self, error: AmtuiError) -> None:
        self.open_error = str(error)
        self.exit(return_code=2)

    def _book_ready(self) -> None:
        self._seen_version = self.book_version()
        # What is alive once the cockpit shows the book lives as long as the app: take
        # it out of the garbage collector's rounds, so that a full collection (up to
        # 100 ms on a big book) does not land on a keystroke.
        self.call_after_refresh(gc.freeze)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every message is shown literally: they quote names and titles users typed."""
        super().notify(
            one_line(message),
            title=title,
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    async def on_event(self, event: events.Event) -> None:
        """Keys wait while the book opens. Keys typed into a list's filter go to it
        here, in the order they came, before any binding: the keys after `enter` then
        act on the filtered list."""
        if (
            isinstance(event, events.Key)
            and self._typed_ahead is not None
            and event.key not in ALWAYS_NOW
        ):
            self._typed_ahead.append(event)
            return
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and isinstance(self.focused, RecordList)
            and self.focused.filtering
            and self.focused.edit_filter(event)
        ):
            return
        await super().on_event(event)

    def action_help(self) -> None:
        from amtui.ui.screens.help import HelpScreen, help_hints, help_sections

        if isinstance(self.screen, HelpScreen):
            return
        screen = self.screen
        self.push_screen(HelpScreen(help_sections(self, screen), help_hints(screen)))

    # -- keeping every screen in step with the book ----------------------------------

    def book_changed(self, *, ticked: bool = False) -> None:
        """Something was written: every screen showing the book shows it anew."""
        self._seen_version = self.book_version()
        for screen in self.screen_stack:
            if isinstance(screen, PaneScreen):
                screen.reload_book(ticked=ticked)

    def check_book(self) -> None:
        """Reload if another session (or `amtui log`) wrote since we last looked;
        not while the book opens (the cockpit fills itself then)."""
        if self._typed_ahead is not None:
            return
        version = self.book_version()
        if version is not None and version != self._seen_version:
            self.book_changed()

    def book_version(self) -> int | None:
        """The book's change counter; None when it cannot be read (said elsewhere)."""
        if self.db is None:
            return None
        try:
            return self.db.book_version()
        except AmtuiError:
            return None

    async def refresh_book(self) -> None:
        self.book_changed()
        self.notify("Refreshed from the database.", timeout=2)

    def current_client(self) -> Client | None:
        """The client of the topmost screen of panes: selected, or shown in full."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, PaneScreen):
                return screen.client()
        return None

    # -- screens ------------------------------------------------------------------------

    async def open_form(
        self,
        build: Callable[[], FormScreen | None],
        *,
        then: Callable[[int], None] | None = None,
    ) -> None:
        """Open the form `build()` makes; once it saves, every screen shows the change
        and `then` gets the saved record's id. Reloading a form builds it again."""
        try:
            form = build()
        except AmtuiError as error:
            self.notify(str(error), severity="error", timeout=8)
            return
        if form is None:
            return

        def saved(result: int | Resolution | None) -> None:
            if isinstance(result, Resolution):  # reload: the record as it is now
                self.call_later(self.open_form, build, then=then)
            elif result is not None:
                self.book_changed()
                if then is not None:
                    then(result)

        await self.push_screen(form, saved)

    async def open_account(self, account_id: int) -> None:
        from amtui.ui.screens.account import AccountScreen

        await self.push_screen(AccountScreen(self, account_id))

    async def open_capture(self) -> None:
        from amtui.ui.screens.capture import CaptureScreen

        await self.push_screen(CaptureScreen(self))

    async def open_search(self) -> None:
        """`ctrl+f`, the palette: search the book; back to the search if it is open
        under the client opened from it."""
        from amtui.ui.screens.review import back_to
        from amtui.ui.screens.search import SearchScreen

        if not back_to(self, SearchScreen):
            await self.push_screen(SearchScreen(self))

    async def open_export(self) -> None:
        from amtui.ui.forms.export import book_export_form

        await self.push_screen(book_export_form(self), self._export_started)

    def _export_started(self, result: int | None) -> None:
        if result is not None:
            self.notify("Exporting the book…", timeout=3)

    async def open_demo(self) -> None:
        """Swap this session onto a fresh demo book, deleted when amtui quits."""
        from amtui.demo import DEMO_NOTICE, create_demo_book  # the seed: only now
        from amtui.store import open_database

        folder = TemporaryDirectory(prefix="amtui-demo-")
        self._demo_folders.append(folder)
        try:
            db = open_database(create_demo_book(Path(folder.name)))
        except AmtuiError as error:
            self.notify(str(error), severity="error", timeout=8)
            return
        previous, self.db = self.db, db
        while len(self.screen_stack) > 2:
            self.pop_screen()
        await self.switch_screen(CockpitScreen(self))
        if previous is not None:
            previous.close()
        self._seen_version = self.book_version()
        self.notify(DEMO_NOTICE, timeout=10)

    def on_unmount(self) -> None:
        gc.enable()  # if the app ends before its first frame
        if self.db is not None:
            self.db.close()
        for folder in self._demo_folders:
            folder.cleanup()


def make_app(db_path: Path, *, notice: str = "") -> AmtuiApp:
    """Open the book at `db_path` (errors are raised here, before any screen) and
    build the app on it, with the user's settings: used by the tests."""
    from amtui.config import load_settings
    from amtui.store import open_database

    settings, warnings = load_settings()
    db = open_database(db_path)
    return AmtuiApp(db, notice=notice, settings=settings, warnings=warnings)


def cockpit_app(db_path: Path, *, notice: str = "") -> AmtuiApp:
    """The app of `amtui`: the cockpit at once, the book at `db_path` opened behind
    it (a failure ends the app, with `open_error` saying why)."""
    return AmtuiApp(db_path.expanduser(), notice=notice)
