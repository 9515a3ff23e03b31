"""The guided review: the clients that need attention today, one at a time, each
handled with a single key (log an interaction, snooze or tick its overdue items) or
passed. After each action the clients are read again, so that going back to one shows
why it needs attention now."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, ClassVar, cast

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from amtui.domain.attention import Attention, day_name, describe
from amtui.domain.date_format import DateFormat
from amtui.errors import AmtuiError
from amtui.store import editing as store
from amtui.store.attention import clients_needing_attention
from amtui.store.models import utcnow
from amtui.store.queries import interaction_pager
from amtui.store.rows import InteractionRow
from amtui.text import one_line
from amtui.ui.columns import interaction_columns
from amtui.ui.editors import Client, InteractionEditor
from amtui.ui.failsafe import reporting
from amtui.ui.format import humanize
from amtui.ui.widgets.record_list import Tone

if TYPE_CHECKING:
    from amtui.ui.app import AmtuiApp

LAST_INTERACTIONS = 5
ON_A_CLIENT = frozenset({"log", "snooze", "done", "open"})
ON_OVERDUE_ITEMS = frozenset({"snooze", "done"})
TONE_STYLES: dict[Tone, str] = {
    "": "",
    "muted": "dim",
    "accent": "bold",
    "warn": "bold",
    "alert": "bold reverse",
}


class GuidedReviewScreen(Screen[None]):
    """Walks the clients needing attention today, the worst first."""

    HELP_HEADING = "In the guided review"
    # `l` and `enter` open a form or a screen: priority bindings, as in the cockpit, so
    # that what is typed right after them lands in what they open.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "l",
            "log",
            "Log",
            tooltip="Log an interaction, then go to the next client",
            id="guided.log",
            priority=True,
        ),
        Binding(
            "s",
            "snooze",
            "Snooze",
            tooltip="Snooze the client's overdue items to tomorrow, then next",
            id="guided.snooze",
        ),
        Binding(
            "x",
            "done",
            "Done",
            tooltip="Mark the client's overdue items done, then next",
            id="guided.done",
        ),
        Binding(
            "n,j,space",
            "step(1)",
            "Next",
            tooltip="Next client, without acting",
            id="guided.next",
        ),
        Binding(
            "p,k",
            "step(-1)",
            "Prev",
            tooltip="Previous client",
            id="guided.previous",
        ),
        Binding(
            "enter",
            "open",
            "Open",
            tooltip="Open the client's account",
            show=False,  # the footer has no room at 80 columns; the help lists it
            id="guided.open",
            priority=True,
        ),
        Binding(
            "escape,b",
            "back",
            "Back",
            tooltip="Back to the review",
            id="guided.back",
        ),
    ]

    def __init__(self, app: AmtuiApp) -> None:
        super().__init__()
        self.db = app.db
        self.today = app.clock()
        self.clients: list[Attention] | None = None  # None until they are found
        self.index = 0
        self.handled: dict[int, str] = {}  # what was done, by account id
        self.editor = InteractionEditor(app, self.client)

    @property
    def amtui(self) -> AmtuiApp:
        return cast("AmtuiApp", self.app)

    @property
    def current(self) -> Attention | None:
        """The client shown, or None while loading and once all are reviewed."""
        clients = self.clients or []
        return clients[self.index] if self.index < len(clients) else None

    def client(self) -> Client | None:
        current = self.current
        return (current.account_id, current.name) if current else None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="guided"):
            yield Static(id="guided-client")
            yield Static(id="guided-facts")
            yield Static(id="guided-reasons")
            yield Static(id="guided-log")
            yield Static(id="guided-note")
        yield Footer()

    def on_mount(self) -> None:
        box = self.query_one("#guided")
        box.border_subtitle = f"as of {self._day(self.today)}"
        self.show()
        self.read_clients()

    @work(thread=True, exclusive=True, exit_on_error=False)
    @reporting
    def read_clients(self) -> None:
        """Read the clients off the UI thread: a big book takes a moment."""
        try:
            found = clients_needing_attention(self.db, self.today)
        except AmtuiError as error:
            self.app.call_from_thread(self._not_read, error)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.walk, found)

    def _not_read(self, error: AmtuiError) -> None:
        if self.clients is None:
            self._fill(f"Not read: {error}", "")
        else:
            self.app.notify(str(error), severity="error", timeout=8)

    def walk(self, found: list[Attention]) -> None:
        """Walk `found`; read again, each client walked shows its reasons as they are
        now, in the same order (one that needs nothing any more, with none)."""
        if self.clients is None:
            self.clients = found
            self.index = 0
        else:
            now = {client.account_id: client for client in found}
            self.clients = [
                now.get(client.account_id, _settled(client)) for client in self.clients
            ]
        self.show()

    def on_screen_resume(self) -> None:
        """Back from a form or the account screen: show the client as it is now."""
        self.show()
        if self.clients is not None:
            self.read_clients()

    # -- showing ---------------------------------------------------------------------

    def show(self) -> None:
        """Show the current client, or where the walk stands."""
        current = self.current
        box = self.query_one("#guided", VerticalScroll)
        box.border_title = f"Guided review · {self._progress()}"
        box.scroll_home(animate=False)
        if current is None:
            self._fill(*self._standing())
        else:
            self._fill(
                current.name,
                _facts(current),
                _reasons(current, self.today),
                self._timeline(current.account_id),
                self.handled.get(current.account_id, ""),
            )
        self.refresh_bindings()

    def _fill(
        self,
        title: str,
        facts: str,
        reasons: RenderableType | None = None,
        log: RenderableType | None = None,
        note: str = "",
    ) -> None:
        """Show each part (user text literally); hide those that are None."""
        parts: dict[str, RenderableType | None] = {
            "#guided-client": Text(one_line(title)),
            "#guided-facts": Text(facts) if facts else None,
            "#guided-reasons": reasons,
            "#guided-log": log,
            "#guided-note": Text(note) if note else None,
        }
        for selector, content in parts.items():
            static = self.query_one(selector, Static)
            static.display = content is not None
            if content is not None:
                static.update(content)

    def _progress(self) -> str:
        if self.clients is None:
            return "looking for clients…"
        total = len(self.clients)
        if self.current is None:
            return f"{total} of {total} reviewed" if total else "nothing to review"
        position = self.index + 1
        return f"{position} of {total} · {total - position} left"

    def _standing(self) -> tuple[str, str]:
        """The title and the line shown when no client is: loading, or all done."""
        if self.clients is None:
            return "Looking for the clients that need attention…", ""
        if not self.clients:
            return (
                "All clients reviewed: none needs attention today.",
                "escape goes back to the review.",
            )
        passed = len(self.clients) - len(self.handled)
        return (
            "All clients reviewed.",
            f"{len(self.handled)} handled, {passed} passed over. "
            "p goes back to the last one; escape, to the review.",
        )

    def _timeline(self, account_id: int) -> RenderableType:
        pager = interaction_pager(self.db, account_id)
        rows = self.editor.attempt(lambda: pager.first(LAST_INTERACTIONS))
        heading = Text("Last interactions", style="bold")
        if not rows:
            return Group(heading, Text("None logged yet.", style="dim"))
        dates = self.amtui.settings.date_format
        return Group(heading, _interactions_table(rows, self.today, dates))

    def _day(self, day: date) -> str:
        return day_name(day, self.today)

    # -- acting ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys about a client are greyed out while none is shown."""
        current = self.current
        if action in ON_A_CLIENT and current is None:
            return None
        if action in ON_OVERDUE_ITEMS and current is not None and not current.overdue:
            return None
        if action == "step":
            target = self.index + cast(int, parameters[0])
            return None if not 0 <= target <= len(self.clients or []) else True
        return True

    def action_step(self, step: int) -> None:
        self.index = min(max(self.index + step, 0), len(self.clients or []))
        self.show()

    async def action_log(self) -> None:
        current = self.current
        if current is not None:
            self.editor.on_created = lambda _id: self._handled(
                current, "✓ Logged an interaction."
            )
            await self.editor.new()

    def action_snooze(self) -> None:
        tomorrow = self._day(self.today + timedelta(days=1))
        self._on_overdue(
            "snooze",
            lambda client: store.snooze_overdue(self.db, client.account_id, self.today),
            lambda count: f"✓ Snoozed {_items(count)} to {tomorrow}.",
        )

    def action_done(self) -> None:
        self._on_overdue(
            "mark done",
            lambda client: store.tick_overdue(
                self.db, client.account_id, self.today, utcnow()
            ),
            lambda count: f"✓ Marked {_items(count)} done.",
        )

    def _on_overdue(
        self,
        verb: str,
        act: Callable[[Attention], int],
        note: Callable[[int], str],
    ) -> None:
        """Act on the client's overdue items and go to the next; with none, say so."""
        current = self.current
        if current is None:
            return
        count = self.editor.attempt(lambda: act(current))
        if count is None:
            return
        # Its items are no longer overdue: so it shows if it is gone back to, while
        # the clients are read again.
        assert self.clients is not None
        self.clients[self.index] = replace(current, overdue=())
        if count == 0:
            self.app.notify(f"{current.name} has nothing overdue to {verb}.")
            self.show()
        else:
            self.amtui.book_changed()
            self._handled(current, note(count))
        self.read_clients()

    def _handled(self, client: Attention, note: str) -> None:
        """Remember what was done for `client`, say it, and go to the next one."""
        self.handled[client.account_id] = note
        self.app.notify(f"{client.name}: {note.removeprefix('✓ ')}", timeout=3)
        current = self.current
        if current is not None and current.account_id == client.account_id:
            self.action_step(1)

    async def action_open(self) -> None:
        if self.current is not None:
            await self.amtui.open_account(self.current.account_id)

    def action_back(self) -> None:
        self.dismiss()


def _facts(client: Attention) -> str:
    """`active · key account · contact every 30 days`."""
    return (
        f"{humanize(client.status)} · {client.tier.value} account · "
        f"contact every {client.cadence_days} days"
    )


def _settled(client: Attention) -> Attention:
    """`client`, once nothing about it needs attention any more."""
    return replace(client, lapse=None, overdue=(), handoffs=(), birthdays=())


def _reasons(client: Attention, today: date) -> Group:
    """`Why` and one bullet per reason, wrapped under its own text."""
    if not client.reasons:
        return Group(
            Text("Why", style="bold"),
            Text("Nothing needs attention any more.", style="dim"),
        )
    bullets = Table.grid(padding=(0, 1))
    bullets.add_column(width=1)
    bullets.add_column(ratio=1)
    for reason in client.reasons:
        bullets.add_row("•", Text(one_line(describe(reason, today))))
    return Group(Text("Why", style="bold"), bullets)


def _interactions_table(
    rows: list[InteractionRow], today: date, dates: DateFormat
) -> Table:
    """The timeline's columns, as the log pane shows them."""
    columns = interaction_columns(today, dates)
    table = Table.grid(padding=(0, 1), expand=True)
    for column in columns:
        table.add_column(
            width=column.width or None,
            ratio=None if column.width else 1,
            no_wrap=True,
            overflow="ellipsis",
            justify=column.align,
        )
    for row in rows:
        cells = (column.cell(row) for column in columns)
        table.add_row(
            *(Text(one_line(value), style=TONE_STYLES[tone]) for value, tone in cells)
        )
    return table


def _items(count: int) -> str:
    return "1 overdue item" if count == 1 else f"{count} overdue items"
