"""`c`: log an interaction in one line, such as `acme call renewal talk fu:fri`."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from amtui.domain.capture import Capture, CaptureError, describe_capture, parse_capture
from amtui.errors import AmtuiError
from amtui.store import editing as store
from amtui.store.models import utcnow
from amtui.store.queries import find_accounts
from amtui.text import one_line
from amtui.ui.forms.field import ControlsShown

if TYPE_CHECKING:
    from amtui.ui.app import AmtuiApp

HINT = "client  kind  what happened  fu:date — enter logs it, escape cancels"


class CaptureScreen(ModalScreen[int | None]):
    """One line, a live preview of what will be saved, and enter to log it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_capture", "Cancel", id="capture.cancel"),
    ]

    def __init__(self, app: AmtuiApp) -> None:
        super().__init__()
        self.amtui = app

    def compose(self) -> ComposeResult:
        with Vertical(id="capture") as box:
            box.border_title = "Quick capture"
            yield Input(
                placeholder="acme call renewal talk fu:fri",
                compact=True,
                highlighter=ControlsShown(),
                id="capture-line",
            )
            yield Static(HINT, id="capture-preview")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#capture-line"))

    def parse(self, line: str) -> Capture:
        today = self.amtui.clock()
        try:
            return parse_capture(
                line, today, lambda text: find_accounts(self.amtui.db, text)
            )
        except AmtuiError as error:  # the book could not be read
            raise CaptureError(str(error)) from error

    def on_input_changed(self, event: Input.Changed) -> None:
        if not event.value.strip():
            self._show(HINT)
            return
        try:
            capture = self.parse(event.value)
        except CaptureError as error:
            self._show(str(error), error=True)
            return
        self._show(f"→ {describe_capture(capture, self.amtui.clock())}")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Log the line as it was when enter was pressed."""
        try:
            capture = self.parse(event.value)
            interaction_id = store.log_interaction(
                self.amtui.db,
                {
                    "account_id": capture.account.id,
                    "occurred_at": utcnow(),
                    "kind": capture.kind,
                    "summary": capture.summary,
                    "follow_up_on": capture.follow_up.day
                    if capture.follow_up
                    else None,
                },
                follow_up_time=capture.follow_up.at if capture.follow_up else None,
            )
        except (CaptureError, AmtuiError) as error:
            self._show(f"Not logged: {error}", error=True)
            return
        self.amtui.book_changed()
        self.amtui.notify(f"Logged: {describe_capture(capture, self.amtui.clock())}")
        self.dismiss(interaction_id)

    def _show(self, message: str, *, error: bool = False) -> None:
        preview = self.query_one("#capture-preview", Static)
        preview.update(Content(one_line(message)))
        preview.set_class(error, "-error")

    def action_dismiss_capture(self) -> None:
        self.dismiss(None)
