"""The command palette (`ctrl+p`): the app's commands, found by typing a few letters."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from amtui.ui.editors import (
    AgendaEditor,
    ClientEditor,
    HandoffEditor,
    InteractionEditor,
)
from amtui.ui.forms.records import objective_form
from amtui.ui.screens.review import open_guided_review, open_review

if TYPE_CHECKING:
    from amtui.ui.app import AmtuiApp

Command = tuple[str, str, Callable[[], Awaitable[None]]]


class AmtuiCommands(Provider):
    """New records, quick capture, the weekly review, the demo book and the export."""

    @property
    def amtui(self) -> AmtuiApp:
        return cast("AmtuiApp", self.app)

    def commands(self) -> list[Command]:
        app = self.amtui
        client = app.current_client
        return [
            ("New client", "Add a client to the book", ClientEditor(app).new),
            (
                "Log interaction",
                "Log a call, meeting, e-mail… with the selected client",
                InteractionEditor(app, client).new,
            ),
            ("Quick capture", "Log an interaction in one line", app.open_capture),
            (
                "Search the book",
                "Clients, contacts and interactions, as you type (ctrl+f)",
                app.open_search,
            ),
            (
                "New agenda item",
                "Plan a follow-up, meeting or deadline",
                AgendaEditor(app, client).new,
            ),
            (
                "New handoff",
                "Hand a project for the selected client to a project manager",
                HandoffEditor(app, client).new,
            ),
            (
                "Weekly review",
                "Objectives against actuals, time split, what needs attention (r)",
                partial(open_review, app),
            ),
            (
                "Guided review",
                "Walk the clients that need attention, one by one",
                partial(open_guided_review, app),
            ),
            (
                "New objective",
                "Set a target for a month, quarter or year",
                partial(
                    app.open_form, lambda: objective_form(app.db, app.clock(), None)
                ),
            ),
            (
                "Open the demo book",
                "Try amtui on a realistic book, apart from yours",
                app.open_demo,
            ),
            ("Export the book", "Write the whole book to a JSON file", app.open_export),
            ("Refresh", "Read the book again (ctrl+r)", app.refresh_book),
        ]

    async def discover(self) -> Hits:
        for name, help_text, callback in self.commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
