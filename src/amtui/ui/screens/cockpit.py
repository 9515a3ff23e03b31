"""The cockpit: clients, the selected client's log, the agenda, and its handoffs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer

from amtui.domain.agenda import AgendaHorizon
from amtui.errors import AmtuiError
from amtui.store import Database
from amtui.store.queries import (
    agenda_counts,
    agenda_pager,
    client_pager,
    handoff_pager,
    interaction_pager,
)
from amtui.store.rows import ClientRow
from amtui.ui.columns import (
    agenda_columns,
    client_columns,
    handoff_columns,
    interaction_columns,
)
from amtui.ui.format import compact_count
from amtui.ui.widgets.pane import Pane
from amtui.ui.widgets.record_list import RecordList

EMPTY_BOOK = (
    "No clients yet. Try the demo book with `amtui --demo`, "
    "or bring a book in with `amtui import FILE.json`."
)

NO_CLIENT = "Select a client to see it here."
PANE_NAMES = ("clients", "log", "agenda", "handoffs")


class CockpitScreen(Screen[None]):
    """Four panes; moving through the clients updates the log and handoffs at once."""

    # Keys that move the focus are priority bindings: they act before any key typed
    # after them is routed, so "3j" moves in the agenda, not in the clients.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "tab",
            "next_pane",
            "Next pane",
            show=False,
            priority=True,
            id="cockpit.next",
        ),
        Binding(
            "shift+tab",
            "previous_pane",
            "Previous pane",
            show=False,
            priority=True,
            id="cockpit.previous",
        ),
        *(
            Binding(
                str(number),
                f"focus_pane('{name}')",
                name.capitalize(),
                show=False,
                priority=True,
                id=f"cockpit.{name}",
            )
            for number, name in enumerate(PANE_NAMES, 1)
        ),
        Binding(
            "slash",
            "filter",
            "Filter",
            tooltip="Filter the focused list",
            priority=True,
            id="cockpit.filter",
        ),
        Binding("ctrl+r", "refresh", "Refresh", id="cockpit.refresh"),
    ]

    def __init__(self, db: Database, clock: Callable[[], date]) -> None:
        super().__init__()
        self.db = db
        self.clock = clock
        self.horizon = AgendaHorizon(clock())
        self.selected: ClientRow | None = None
        self.clients_pane = Pane(
            1,
            "Clients",
            RecordList([], id="clients"),
            empty_message=EMPTY_BOOK,
            id="clients-pane",
        )
        self.log_pane = Pane(
            2,
            "Log",
            RecordList([], id="log"),
            empty_message="No interaction logged with this client yet.",
            id="log-pane",
        )
        self.agenda_pane = Pane(
            3,
            "Agenda",
            RecordList([], id="agenda"),
            empty_message="Nothing due this week. Enjoy the calm.",
            id="agenda-pane",
        )
        self.handoffs_pane = Pane(
            4,
            "Handoffs",
            RecordList([], id="handoffs"),
            empty_message="No open handoff for this client.",
            id="handoffs-pane",
        )

    @property
    def panes(self) -> dict[str, Pane]:
        panes = (self.clients_pane, self.log_pane, self.agenda_pane, self.handoffs_pane)
        return dict(zip(PANE_NAMES, panes, strict=True))

    def compose(self) -> ComposeResult:
        with Horizontal(classes="pane-row"):
            yield self.clients_pane
            yield self.log_pane
        with Horizontal(classes="pane-row"):
            yield self.agenda_pane
            yield self.handoffs_pane
        yield Footer()

    def on_mount(self) -> None:
        db = self.db
        self.start_day()
        self.clients_pane.set_source(lambda text: client_pager(db, text))
        self.clients_pane.focus_list()

    def start_day(self) -> None:
        """Date everything from today: column tones, the agenda's horizon and counts."""
        today, db = self.clock(), self.db
        self.horizon = horizon = AgendaHorizon(today)
        self.clients_pane.list.columns = client_columns(today)
        self.log_pane.list.columns = interaction_columns(today)
        self.agenda_pane.list.columns = agenda_columns(horizon)
        self.handoffs_pane.list.columns = handoff_columns(today)
        self.agenda_pane.set_source(lambda text: agenda_pager(db, horizon.until, text))
        self.update_agenda_counts()

    def update_agenda_counts(self) -> None:
        try:
            counts = agenda_counts(self.db, self.horizon.today, self.horizon.until)
        except AmtuiError as error:
            self.agenda_pane.list.report(error)
            return
        exact = [f"{n:,}" for n in (counts.overdue, counts.today, counts.upcoming)]
        short = [
            compact_count(n) for n in (counts.overdue, counts.today, counts.upcoming)
        ]
        self.agenda_pane.show_summary(
            *(
                template.format(*numbers)
                for template in (
                    "{} overdue · {} today · {} this week",
                    "{} overdue · {} today · {} week",
                    "{} late · {} today · {} week",
                )
                for numbers in (exact, short)
            )
        )

    def on_record_list_highlighted(self, event: RecordList.Highlighted) -> None:
        if event.record_list is self.clients_pane.list:
            self.show_client(event.row)

    def show_client(self, row: ClientRow | None) -> None:
        """Point the log and handoffs panes at `row`'s account."""
        self.selected = row
        db = self.db
        if row is None:
            for pane in (self.log_pane, self.handoffs_pane):
                pane.set_source(lambda _text: None, empty_message=NO_CLIENT)
            return
        account_id = row.id
        self.log_pane.set_source(
            lambda text: interaction_pager(db, account_id, text), context=row.name
        )
        self.handoffs_pane.set_source(
            lambda text: handoff_pager(db, account_id, text), context=row.name
        )

    def focused_pane(self) -> Pane:
        for pane in self.panes.values():
            if pane.has_focus_within:
                return pane
        return self.clients_pane

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While a filter is being typed, digits and `/` are part of it."""
        return not (
            action in ("focus_pane", "filter") and self.focused_pane().list.filtering
        )

    def action_focus_pane(self, name: str) -> None:
        self.panes[name].focus_list()

    def action_next_pane(self) -> None:
        self._step_pane(1)

    def action_previous_pane(self) -> None:
        self._step_pane(-1)

    def _step_pane(self, step: int) -> None:
        panes = list(self.panes.values())
        index = panes.index(self.focused_pane())
        panes[(index + step) % len(panes)].focus_list()

    def action_filter(self) -> None:
        self.focused_pane().list.start_filter()

    def action_refresh(self) -> None:
        """Re-read the book: other sessions and `amtui log` may have written to it.

        A cockpit left open overnight moves on to the new day. The clients pane keeps
        its selection, which in turn reloads the log and handoffs.
        """
        self.start_day()
        self.clients_pane.reload(keep_selection=True)
        self.notify("Refreshed from the database.", timeout=2)
