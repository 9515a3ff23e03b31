"""The cockpit: clients, the selected client's log, the agenda, and its handoffs."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.widgets import Footer
from textual.worker import get_current_worker

from amtui.domain.agenda import AgendaHorizon
from amtui.errors import AmtuiError
from amtui.ui.failsafe import reporting
from amtui.ui.format import compact_count
from amtui.ui.screens.panes import PaneScreen, pane_bindings
from amtui.ui.widgets.pane import AgendaPane, HandoffsPane, Pane
from amtui.ui.widgets.record_list import RecordList

if TYPE_CHECKING:
    from amtui.store import Database
    from amtui.store.queries import Agenda
    from amtui.store.rows import AgendaRow, ClientRow
    from amtui.ui.app import AmtuiApp
    from amtui.ui.editors import AgendaEditor, Client

# The cockpit is drawn before the book is open (see `AmtuiApp.open_book`), so the
# store, the editors and the columns are imported by the methods that need an open
# book; the app has loaded them off the UI thread by then.
OPENING = "Opening the book…"
EMPTY_BOOK = (
    "No clients yet. Try the demo book with `amtui --demo`, "
    "or bring a book in with `amtui import FILE.json`."
)

NO_CLIENT = "Select a client to see it here."
PANE_NAMES = ("clients", "log", "agenda", "handoffs")


class CockpitScreen(PaneScreen):
    """Four panes; moving through the clients updates the log and handoffs at once."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *pane_bindings("cockpit", [name.capitalize() for name in PANE_NAMES]),
    ]

    def __init__(self, app: AmtuiApp) -> None:
        super().__init__()
        self.db: Database | None = None
        self.clock = app.clock
        self.horizon = AgendaHorizon(self.clock())
        self.agenda: Agenda | None = None
        self.agenda_editor: AgendaEditor | None = None
        self.selected: ClientRow | None = None
        # Before the book is open, the panes show light placeholders: the first frame
        # costs a third less without the lists, which come in with the book.
        opening = app.db is None
        self.clients_pane = Pane(
            1,
            "Clients",
            RecordList([], id="clients"),
            empty_message=EMPTY_BOOK,
            placeholder=OPENING if opening else None,
            id="clients-pane",
        )
        self.log_pane = Pane(
            2,
            "Log",
            RecordList([], id="log"),
            empty_message="No interaction logged with this client yet.",
            placeholder="" if opening else None,
            id="log-pane",
        )
        self.agenda_pane = AgendaPane(
            3,
            "Agenda",
            RecordList([], id="agenda"),
            empty_message="Nothing due this week. Enjoy the calm.",
            placeholder="" if opening else None,
            id="agenda-pane",
        )
        self.handoffs_pane = HandoffsPane(
            4,
            "Handoffs",
            RecordList([], id="handoffs"),
            empty_message="No open handoff for this client.",
            placeholder="" if opening else None,
            id="handoffs-pane",
        )
        self.clients_pane.list.on_highlight = self.show_client

    @property
    def panes(self) -> list[Pane]:
        return [self.clients_pane, self.log_pane, self.agenda_pane, self.handoffs_pane]

    def client(self) -> Client | None:
        """The highlighted client: read from the list, which keys typed ahead have
        already moved, not from the panes that follow it a message later."""
        row = self.clients_pane.list.highlighted
        return (row.id, row.name) if row else None

    def compose(self) -> ComposeResult:
        with Horizontal(classes="pane-row"):
            yield self.clients_pane
            yield self.log_pane
        with Horizontal(classes="pane-row"):
            yield self.agenda_pane
            yield self.handoffs_pane
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.clients_pane.focus_list()
        if self.amtui.db is not None:
            self.fill(self.amtui.db)

    async def open_book(self, db: Database) -> None:
        """Put the lists in the panes, then fill them from the book `db`, just opened."""
        for pane in self.panes:
            await pane.show_list()
        self.fill(db)

    def fill(self, db: Database) -> None:
        """Fill the panes from the open book `db`, and let their keys act on it."""
        from amtui.store.queries import client_pager
        from amtui.ui.editors import (
            AgendaEditor,
            ClientEditor,
            HandoffEditor,
            InteractionEditor,
        )

        app = self.amtui
        self.db = db
        self.agenda_editor = AgendaEditor(app, self.client)
        self.clients_pane.attach(ClientEditor(app))
        self.log_pane.attach(InteractionEditor(app, self.client))
        self.agenda_pane.attach(self.agenda_editor)
        self.handoffs_pane.attach(HandoffEditor(app, self.client))
        self.start_day()
        self.clients_pane.set_source(lambda text: client_pager(db, text))

    def start_day(self) -> None:
        """Date everything from today: column tones, the agenda's horizon and counts."""
        from amtui.store.queries import Agenda
        from amtui.ui.columns import (
            agenda_columns,
            client_columns,
            handoff_columns,
            interaction_columns,
        )

        today, dates = self.clock(), self.amtui.settings.date_format
        self.horizon = horizon = AgendaHorizon(today)
        self.clients_pane.list.columns = client_columns(today, dates)
        self.log_pane.list.columns = interaction_columns(today, dates)
        self.agenda_pane.list.columns = agenda_columns(
            horizon, dates, self.agenda_editor.ticked.__contains__
        )
        self.handoffs_pane.list.columns = handoff_columns(today, dates)
        previous, self.agenda = self.agenda, Agenda(self.db, today, horizon.until)
        agenda = self.agenda
        if previous is not None and previous.today == today:
            agenda.derived = previous.derived  # shown until the new ones arrive
        self.agenda_pane.set_source(agenda.pager, keep_selection=True)
        self.update_agenda_counts()
        self.add_derived_entries(agenda)

    @work(thread=True, exclusive=True, group="derived", exit_on_error=False)
    @reporting
    def add_derived_entries(self, agenda: Agenda) -> None:
        """Work out the birthdays, cadences and deadlines of the agenda off the UI
        thread (a few hundred milliseconds on a big book), then show them."""
        try:
            derived = agenda.read_derived()
        except AmtuiError as error:
            self.app.call_from_thread(self.agenda_pane.list.report, error)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_derived_entries, agenda, derived)

    def show_derived_entries(self, agenda: Agenda, derived: list[AgendaRow]) -> None:
        if agenda is not self.agenda:
            return  # the day was started again meanwhile: its own entries are coming
        agenda.derived = derived
        moved = self.agenda_pane.list.cursor > 0  # at the top, stay at the top
        self.agenda_pane.reload(keep_selection=moved)
        self.update_agenda_counts()

    def update_agenda_counts(self) -> None:
        try:
            counts = self.agenda.counts(excluding=self.agenda_editor.ticked)
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

    def show_client(self, row: ClientRow | None) -> None:
        """Point the log and handoffs panes at `row`'s account (the same account again
        keeps their selections: it was reloaded, not changed)."""
        from amtui.store.queries import handoff_pager, interaction_pager

        same = (
            row is not None and self.selected is not None and row.id == self.selected.id
        )
        self.selected = row
        db = self.db
        if same:
            for pane in (self.log_pane, self.handoffs_pane):
                pane.context = row.name
                pane.reload(keep_selection=True)
            return
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

    def reload_book(self, *, ticked: bool = False) -> None:
        """Show the book as it is now. After an agenda tick, the ticked item stays in
        view (marked) so that `x` can take it back; it goes at the next reload."""
        if ticked:
            self.update_agenda_counts()
            self.agenda_pane.list.refresh()
        else:
            self.agenda_editor.ticked.clear()
            self.start_day()
        self.clients_pane.reload(keep_selection=True)
