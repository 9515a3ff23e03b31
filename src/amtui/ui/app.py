"""The Textual application: opens the cockpit on a book. Kept thin on purpose."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from amtui import __version__
from amtui.store import Database, open_database
from amtui.ui.screens.cockpit import CockpitScreen
from amtui.ui.screens.help import HelpScreen, help_sections


class AmtuiApp(App[None]):
    """amtui's cockpit on one book."""

    CSS_PATH = "amtui.tcss"
    TITLE = "amtui"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
    ]

    def __init__(
        self,
        db: Database,
        *,
        clock: Callable[[], date] = date.today,
        notice: str = "",
    ) -> None:
        super().__init__()
        self.db = db
        self.clock = clock
        self.notice = notice

    def on_mount(self) -> None:
        self.title = f"amtui {__version__}"
        self.push_screen(CockpitScreen(self.db, self.clock))
        if self.notice:
            self.notify(self.notice, timeout=10)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(help_sections(self, self.screen)))

    def on_unmount(self) -> None:
        self.db.close()


def make_app(db_path: Path, *, notice: str = "") -> AmtuiApp:
    """Open the book at `db_path` (errors are raised here, before any screen) and
    build the app on it: used by the command line and the tests alike."""
    return AmtuiApp(open_database(db_path), notice=notice)
