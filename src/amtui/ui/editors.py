"""What the list keys do to each kind of record: `n` new, `e` edit, `enter` open,
`D` archive or delete, and the agenda's `x` and `s` and the handoffs' `a`.

An editor opens forms and dialogs over the current screen and, once something was
written, tells the app the book changed so that every screen shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from amtui.domain.dates import local_instant
from amtui.errors import AmtuiError
from amtui.store import editing as store
from amtui.store.models import (
    Account,
    AgendaItem,
    Base,
    Contact,
    Handoff,
    Interaction,
    Opportunity,
    utcnow,
)
from amtui.store.rows import AgendaRow, DerivedKind
from amtui.ui.dialogs.confirm import ConfirmScreen
from amtui.ui.format import humanize
from amtui.ui.forms.form import FormScreen
from amtui.ui.forms.handoff import handoff_form
from amtui.ui.forms.records import (
    account_form,
    agenda_form,
    contact_form,
    interaction_form,
    opportunity_form,
)

if TYPE_CHECKING:
    from amtui.ui.app import AmtuiApp

T = TypeVar("T")
Client = tuple[int, str]  # an account's id and name
ClientSupplier = Callable[[], Client | None]


class Editor:
    """Forms and confirmations for one kind of record, shown over the app's screen."""

    model: type[Base]

    def __init__(self, app: AmtuiApp) -> None:
        self.app = app
        self.on_created: Callable[[int], None] | None = None  # set by the pane shown in

    def form(self, record_id: int | None) -> FormScreen | None:
        """The record's form (a new record for None), or None when it cannot open."""
        raise NotImplementedError

    async def new(self) -> None:
        await self._open_form(None)

    async def edit(self, row: Any) -> None:
        await self._open_form(row.id)

    async def open(self, row: Any) -> None:
        await self.edit(row)

    async def delete(self, row: Any) -> None:
        question = self.attempt(
            lambda: store.describe_deletion(self.app.db, self.model, row.id)
        )
        if question is None:
            return

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.remove(row.id)
            except AmtuiError as error:
                self.refused(error)
                return
            self.app.book_changed()

        yes = "archive" if question.startswith("Archive") else "delete"
        await self.app.push_screen(ConfirmScreen(question, yes=yes), answer)

    def remove(self, record_id: int) -> None:
        store.delete(self.app.db, self.model, record_id)

    async def _open_form(self, record_id: int | None) -> None:
        then = self.on_created if record_id is None else None
        await self.app.open_form(lambda: self.form(record_id), then=then)

    def attempt(self, action: Callable[[], T]) -> T | None:
        """`action()`, or None with its reason shown when the book refuses it."""
        try:
            return action()
        except AmtuiError as error:
            self.refused(error)
            return None

    def refused(self, error: AmtuiError) -> None:
        """Say why the book refused what was asked."""
        self.app.notify(str(error), severity="error", timeout=8)


class ClientEditor(Editor):
    model = Account

    def form(self, record_id: int | None) -> FormScreen:
        settings = self.app.settings
        return account_form(
            self.app.db,
            record_id,
            owner=settings.owner,
            cadence_days=settings.cadence_days,
        )

    async def open(self, row: Any) -> None:
        await self.app.open_account(row.id)

    def remove(self, record_id: int) -> None:
        store.archive_account(self.app.db, record_id, utcnow())


class ClientRecordEditor(Editor):
    """Records that belong to a client: a form needs the client first."""

    def __init__(self, app: AmtuiApp, client: ClientSupplier) -> None:
        super().__init__(app)
        self.client = client

    def form(self, record_id: int | None) -> FormScreen | None:
        client = self.client()
        if client is None:
            self.app.notify("Select a client first (press 1).", severity="warning")
            return None
        return self.client_form(client, record_id)

    def client_form(self, client: Client, record_id: int | None) -> FormScreen:
        """The record's form, for `client`."""
        raise NotImplementedError


class InteractionEditor(ClientRecordEditor):
    model = Interaction

    def client_form(self, client: Client, record_id: int | None) -> FormScreen:
        return interaction_form(self.app.db, self.app.clock(), client, record_id)


class HandoffEditor(ClientRecordEditor):
    model = Handoff

    def client_form(self, client: Client, record_id: int | None) -> FormScreen:
        return handoff_form(self.app.db, self.app.clock(), client, record_id)

    def advance(self, row: Any) -> None:
        status = self.attempt(
            lambda: store.advance_handoff(self.app.db, row.id, utcnow())
        )
        if status is not None:
            self.app.book_changed()
            self.app.notify(f"{row.title}: now {humanize(status)}.", timeout=3)


class ContactEditor(ClientRecordEditor):
    model = Contact

    def client_form(self, client: Client, record_id: int | None) -> FormScreen:
        return contact_form(self.app.db, client[0], record_id)


class OpportunityEditor(ClientRecordEditor):
    model = Opportunity

    def client_form(self, client: Client, record_id: int | None) -> FormScreen:
        return opportunity_form(self.app.db, self.app.clock(), client[0], record_id)


class AgendaEditor(ClientRecordEditor):
    """Agenda items; a new one starts on the selected client, if there is one.

    A derived entry acts on what it comes from: `x` logs birthday wishes, opens the
    interaction form of a client whose cadence is reached or the handoff's form, or
    ticks a deliverable done; `e` and `enter` open the contact, the client or the
    handoff. It cannot be snoozed or deleted: the book says when it goes away."""

    model = AgendaItem

    def __init__(self, app: AmtuiApp, client: ClientSupplier) -> None:
        super().__init__(app, client)
        # Ticked since the agenda last loaded, still shown: each with the birthday
        # wishes its tick logged, to take them back.
        self.ticked: dict[int, int | None] = {}

    def form(self, record_id: int | None) -> FormScreen:
        client = self.client() if record_id is None else None
        return agenda_form(
            self.app.db,
            self.app.clock(),
            record_id,
            account_name=client[1] if client else "",
        )

    async def edit(self, row: AgendaRow) -> None:
        if row.derived is None:
            await super().edit(row)
        elif row.derived is DerivedKind.CADENCE:
            await self.app.open_account(_client(row)[0])
        elif row.derived is DerivedKind.BIRTHDAY:
            await self._open_source(row, ContactEditor, row.source_id)
        else:
            await self._open_source(row, HandoffEditor, row.handoff_id)

    async def delete(self, row: AgendaRow) -> None:
        if row.derived is None:
            await super().delete(row)
        else:
            self._refuse_derived("Not deleted", row.derived)

    async def toggle_done(self, row: AgendaRow) -> None:
        """Tick an item (it stays in view, ticked, until the agenda reloads) or untick
        it; a derived entry does what settles it."""
        if row.derived is DerivedKind.CADENCE:
            await self._open_source(row, InteractionEditor, None)
        elif row.derived is DerivedKind.HANDOFF:
            await self._open_source(row, HandoffEditor, row.handoff_id)
        elif row.id in self.ticked:
            self._untick(row)
        else:
            self._tick(row)

    def snooze(self, row: AgendaRow) -> None:
        if row.derived is not None:
            self._refuse_derived("Not snoozed", row.derived)
            return
        today = self.app.clock()
        day = self.attempt(lambda: store.snooze(self.app.db, row.id, today))
        if day is not None:
            self.app.book_changed()
            shown = self.app.settings.date_format(day, today)
            self.app.notify(f"Snoozed to {shown}: {row.title}.")

    def _tick(self, row: AgendaRow) -> None:
        db, wishes, following = self.app.db, None, None
        try:
            if row.derived is DerivedKind.BIRTHDAY:
                at = local_instant(self.app.clock(), None, utcnow())
                wishes = store.log_birthday_wishes(db, _source(row), at)
            elif row.derived is DerivedKind.DELIVERABLE:
                store.set_deliverable_done(db, _source(row), True)
            else:
                following = store.set_agenda_done(db, row.id, True, utcnow())
        except AmtuiError as error:
            self.refused(error)
            return
        self.ticked[row.id] = wishes
        self.app.book_changed(ticked=True)
        message = f"{'Wishes logged' if wishes else 'Done'}: {row.title}."
        if following is not None:
            shown = self.app.settings.date_format(following, self.app.clock())
            message += f" Next on {shown}."
        self.app.notify(message, timeout=3)

    def _untick(self, row: AgendaRow) -> None:
        db, wishes = self.app.db, self.ticked[row.id]
        try:
            if wishes is not None:
                store.delete(db, Interaction, wishes)
            elif row.derived is DerivedKind.DELIVERABLE:
                store.set_deliverable_done(db, _source(row), False)
            else:
                store.set_agenda_done(db, row.id, False, utcnow())
        except AmtuiError as error:
            self.refused(error)
            return
        del self.ticked[row.id]
        self.app.book_changed(ticked=True)
        taken_back = "Wishes taken back" if wishes else "Reopened"
        self.app.notify(f"{taken_back}: {row.title}.", timeout=3)

    async def _open_source(
        self,
        row: AgendaRow,
        editor: type[ClientRecordEditor],
        record_id: int | None,
    ) -> None:
        """Open the form of the record a derived entry comes from (a new interaction
        for None), for the entry's client."""
        client = _client(row)
        await self.app.open_form(
            lambda: editor(self.app, lambda: client).client_form(client, record_id)
        )

    def _refuse_derived(self, refused: str, kind: DerivedKind) -> None:
        self.app.notify(
            f"{refused}: {_SETTLED_BY[kind]}", severity="warning", timeout=8
        )


# How a derived agenda entry goes away, said when it is asked to be snoozed or deleted.
_SETTLED_BY = {
    DerivedKind.BIRTHDAY: "a birthday comes from the contact. Press x to log your "
    "wishes (a gift), or e to edit the contact.",
    DerivedKind.CADENCE: "a cadence reminder goes away when you log an interaction "
    "(x). Press e to open the client and change its cadence.",
    DerivedKind.HANDOFF: "a handoff deadline comes from the handoff. Press x or e to "
    "change its due date or its status.",
    DerivedKind.DELIVERABLE: "a deliverable deadline goes away once it is done (x). "
    "Press e to change its date in the handoff.",
}


def _client(row: AgendaRow) -> Client:
    """The client a derived entry is about (every derived entry has one)."""
    assert row.account_id is not None and row.account_name is not None
    return (row.account_id, row.account_name)


def _source(row: AgendaRow) -> int:
    """The id of the record a derived entry comes from."""
    assert row.source_id is not None
    return row.source_id
