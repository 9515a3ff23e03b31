"""One client in full: every field, its contacts, pipeline, handoffs and timeline."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Footer, Static

from amtui.domain.contact import days_since
from amtui.domain.dates import local_date
from amtui.errors import AmtuiError
from amtui.store.queries import (
    account_detail,
    contact_pager,
    handoff_pager,
    interaction_pager,
    opportunity_pager,
)
from amtui.store.rows import AccountDetail
from amtui.text import one_line, safe_text
from amtui.ui.columns import (
    contact_columns,
    handoff_columns,
    interaction_columns,
    opportunity_columns,
)
from amtui.ui.editors import (
    Client,
    ClientEditor,
    ContactEditor,
    HandoffEditor,
    InteractionEditor,
    OpportunityEditor,
)
from amtui.ui.format import humanize
from amtui.ui.screens.panes import PaneScreen, pane_bindings
from amtui.ui.widgets.pane import HandoffsPane, Pane
from amtui.ui.widgets.record_list import RecordList

if TYPE_CHECKING:
    from amtui.ui.app import AmtuiApp

PANE_NAMES = ("Timeline", "Contacts", "Pipeline", "Handoffs")


class AccountScreen(PaneScreen):
    """The client's fields above four lists, each edited with the same keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *pane_bindings("account", PANE_NAMES),
        Binding("E", "edit_client", "Edit client", id="account.edit", priority=True),
        Binding("escape", "back", "Back", id="account.back"),
        Binding("b", "back", "Back", show=False, id="account.b", priority=True),
    ]

    def __init__(self, app: AmtuiApp, account_id: int) -> None:
        super().__init__()
        self.db = app.db
        self.clock = app.clock
        self.account_id = account_id
        self.detail: AccountDetail | None = None
        self.client_editor = ClientEditor(app)
        self.details = Static(id="account-fields")
        self.timeline_pane = Pane(
            1,
            "Timeline",
            RecordList([], id="timeline"),
            empty_message="No interaction logged yet: press n to log one.",
            editor=InteractionEditor(app, self.client),
            id="timeline-pane",
        )
        self.contacts_pane = Pane(
            2,
            "Contacts",
            RecordList([], id="contacts"),
            empty_message="No contact yet: press n to add one.",
            editor=ContactEditor(app, self.client),
            id="contacts-pane",
        )
        self.pipeline_pane = Pane(
            3,
            "Pipeline",
            RecordList([], id="pipeline"),
            empty_message="No opportunity yet: press n to add one.",
            editor=OpportunityEditor(app, self.client),
            id="pipeline-pane",
        )
        self.handoffs_pane = HandoffsPane(
            4,
            "Handoffs",
            RecordList([], id="account-handoffs"),
            empty_message="No handoff yet: press n to prepare one.",
            editor=HandoffEditor(app, self.client),
            id="account-handoffs-pane",
        )

    @property
    def panes(self) -> list[Pane]:
        return [
            self.timeline_pane,
            self.contacts_pane,
            self.pipeline_pane,
            self.handoffs_pane,
        ]

    def client(self) -> Client | None:
        return (self.account_id, self.detail.name) if self.detail else None

    def compose(self) -> ComposeResult:
        yield self.details
        with Horizontal(classes="pane-row"):
            yield self.timeline_pane
            yield self.contacts_pane
        with Horizontal(classes="pane-row"):
            yield self.pipeline_pane
            yield self.handoffs_pane
        yield Footer(compact=True)

    def on_mount(self) -> None:
        db, account_id, today = self.db, self.account_id, self.clock()
        dates = self.amtui.settings.date_format
        self.timeline_pane.list.columns = interaction_columns(today, dates)
        self.contacts_pane.list.columns = contact_columns()
        self.pipeline_pane.list.columns = opportunity_columns(today, dates)
        self.handoffs_pane.list.columns = handoff_columns(today, dates)
        self.show_fields()
        self.timeline_pane.set_source(
            lambda text: interaction_pager(db, account_id, text)
        )
        self.contacts_pane.set_source(lambda text: contact_pager(db, account_id, text))
        self.pipeline_pane.set_source(
            lambda text: opportunity_pager(db, account_id, text)
        )
        self.handoffs_pane.set_source(
            lambda text: handoff_pager(db, account_id, text, include_closed=True)
        )
        self.timeline_pane.focus_list()

    def show_fields(self) -> None:
        try:
            self.detail = detail = account_detail(self.db, self.account_id)
        except AmtuiError as error:
            self.details.update(Text(str(error)))
            return
        self.details.border_title = Text(one_line(detail.name))
        self.details.update(_fields_table(detail, self.clock()))

    def reload_book(self, *, ticked: bool = False) -> None:
        self.show_fields()
        for pane in self.panes:
            pane.reload(keep_selection=True)

    async def action_edit_client(self) -> None:
        if self.detail is not None:
            await self.client_editor.edit(self.detail)

    def action_back(self) -> None:
        self.dismiss()


def _fields_table(detail: AccountDetail, today: date) -> Table:
    """The account's fields in two columns of label and value, all shown literally."""
    days = days_since(detail.last_contact_at, today)
    last = "never" if days is None else f"{days} days ago"
    if detail.last_contact_at is not None:
        last += f" ({local_date(detail.last_contact_at):%d %b %Y})"
    pairs = [
        ("Status", humanize(detail.status)),
        ("Phase", detail.phase.value),
        ("Tier", detail.tier.value),
        ("Sector", detail.sector or "—"),
        ("Owner", detail.owner or "—"),
        ("Cadence", f"every {detail.cadence_days} days"),
        ("Last contact", last),
        ("Tags", detail.tags or "—"),
    ]
    table = Table.grid(padding=(0, 1), expand=True)
    for _ in range(2):
        table.add_column(style="bold", no_wrap=True)
        table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    for left, right in zip(pairs[0::2], pairs[1::2], strict=True):
        table.add_row(
            left[0], Text(safe_text(left[1])), right[0], Text(safe_text(right[1]))
        )
    if detail.notes:
        table.add_row("Notes", Text(one_line(detail.notes)), "", "")
    return table
