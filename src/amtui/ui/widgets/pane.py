"""A titled cockpit pane: a `RecordList` with its column header and its filter line.

A pane can start with a light placeholder in place of its list (the cockpit's first
frame, drawn while the book opens) and put the list in once there is something to show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from amtui.text import one_line
from amtui.ui.widgets.record_list import ListHeader, RecordList

if TYPE_CHECKING:
    from amtui.ui.editors import AgendaEditor, Editor, HandoffEditor
    from amtui.ui.widgets.record_list import PagerFactory

FILTER_HINT = "  enter keeps · escape clears"


class ListPlaceholder(Static, can_focus=True):
    """Drawn like an empty list (a blank header line, a message, the scrollbar's
    track), at a fraction of a list's cost; it holds the focus the list will take."""

    DEFAULT_CSS = """
    ListPlaceholder {
        height: 1fr;
        margin-top: 1;
        border-right: thick $scrollbar-background;
    }
    """


class Pane(Vertical):
    """One of the cockpit's four boxes: a title with the count, a filter line, a list."""

    # The record keys are priority bindings: the form they open is up before any key
    # typed after them is routed, so "nAcme" puts "Acme" in the new client's name.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_filter", "Clear filter", show=False, id="pane.clear"),
        Binding("n", "new", "New", id="pane.new", priority=True),
        Binding("e", "edit", "Edit", id="pane.edit", priority=True),
        Binding("enter", "open", "Open", show=False, id="pane.open", priority=True),
        Binding(
            "D",
            "delete",
            "Delete",
            tooltip="Archive or delete (asks first)",
            show=False,  # in the help: the footer keeps room for everyday keys
            id="pane.delete",
            priority=True,
        ),
    ]
    ROW_ACTIONS: ClassVar[frozenset[str]] = frozenset({"edit", "open", "delete"})

    def __init__(
        self,
        number: int,
        heading: str,
        record_list: RecordList[Any],
        *,
        empty_message: str,
        editor: Editor | None = None,
        placeholder: str | None = None,
        id: str | None = None,
    ) -> None:
        """`placeholder`: the text shown instead of the list until `show_list`."""
        super().__init__(id=id)
        self.editor: Editor | None = None
        if editor is not None:
            self.attach(editor)
        self.number = number
        self.heading = heading
        self.border_title = Content(f"{number} {heading}")
        self.list = record_list
        self.empty_message = empty_message
        self.context = ""
        self.summaries: list[str] = []
        self._filter_line = Static(classes="filter-line")
        self._filter_line.display = False
        self._placeholder = (
            None if placeholder is None else ListPlaceholder(Content(placeholder))
        )

    @property
    def filter_text(self) -> str:
        return self.list.filter_text

    def compose(self) -> ComposeResult:
        yield self._filter_line
        if self._placeholder is not None:
            yield self._placeholder
        else:
            yield ListHeader(self.list)
            yield self.list

    async def show_list(self) -> None:
        """Put the list in the placeholder's place, with the focus if it had it."""
        placeholder = self._placeholder
        if placeholder is None:
            return
        self._placeholder = None
        focused = placeholder.has_focus
        with self.app.batch_update():
            await placeholder.remove()
            await self.mount(ListHeader(self.list), self.list)
        if focused:
            self.focus_list()

    def set_source(
        self,
        source: PagerFactory[Any],
        *,
        context: str = "",
        empty_message: str = "",
        keep_selection: bool = False,
    ) -> None:
        """Show `source(filter)`'s rows; `empty_message` replaces the usual one."""
        self.context = context
        self.list.empty_message = empty_message or self.empty_message
        self.list.set_source(source, keep_selection=keep_selection)
        self.show_title()  # in the frame of the keystroke, not a message later

    def reload(self, *, keep_selection: bool = False) -> None:
        """Query the list again (after a change, or another session's write)."""
        self.list.reload(keep_selection=keep_selection)
        self.show_title()

    def attach(self, editor: Editor) -> None:
        """Act on the records through `editor` (given once the book is open)."""
        self.editor = editor
        editor.on_created = self.show_record

    def show_record(self, record_id: int) -> None:
        """Put the cursor on a record just created here, if this list shows it."""
        self.list.reload(keep_selection=True, select_id=record_id)

    def focus_list(self) -> None:
        """Focus the list now, not after the queued keys: typing ahead must not be lost."""
        self.screen.set_focus(self._placeholder or self.list)

    def on_record_list_loaded(self, event: RecordList.Loaded) -> None:
        """A filtered list arrived from the background."""
        event.stop()
        self.show_title()

    def show_title(self) -> None:
        """`2 Log · Acme · 12`: the pane's number, name, context and count."""
        parts = [f"{self.number} {self.heading}"]
        if self.context:
            parts.append(one_line(self.context))
        count = f"{self.list.count:,}"
        if self.filter_text:
            count = f"{count} matching “{one_line(self.filter_text)}”"
        parts.append(count)
        self.border_title = Content(" · ".join(parts))

    def show_summary(self, *variants: str) -> None:
        """Show the longest of `variants` that fits in the bottom border."""
        self.summaries = list(variants)
        self._fit_summary()

    def on_resize(self) -> None:
        self._fit_summary()

    def _fit_summary(self) -> None:
        room = self.size.width - 4
        fitting = [text for text in self.summaries if len(text) <= room]
        chosen = fitting[0] if fitting else (self.summaries or [""])[-1]
        self.border_subtitle = Content(chosen)

    # -- the record keys -----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Record keys need an editor, and a highlighted row for all but `n`; escape
        passes on to the screen when there is no filter to clear."""
        if action == "clear_filter":
            return bool(self.filter_text)
        if action == "new" or action in self.ROW_ACTIONS:
            if self.editor is None:
                return False
            if action != "new" and self.list.highlighted is None:
                return None
        return True

    async def action_new(self) -> None:
        if self.editor is not None:
            await self.editor.new()

    async def action_edit(self) -> None:
        if self.editor is not None and self.list.highlighted is not None:
            await self.editor.edit(self.list.highlighted)

    async def action_open(self) -> None:
        if self.editor is not None and self.list.highlighted is not None:
            await self.editor.open(self.list.highlighted)

    async def action_delete(self) -> None:
        if self.editor is not None and self.list.highlighted is not None:
            await self.editor.delete(self.list.highlighted)

    # -- filtering ---------------------------------------------------------------

    def action_clear_filter(self) -> None:
        if self.filter_text:
            self.list.set_filter("")

    def on_record_list_filter_changed(self, event: RecordList.FilterChanged) -> None:
        """Show what is being typed, with a cursor and a hint while it is."""
        event.stop()
        text, editing = self.list.filter_text, self.list.filtering
        self._filter_line.display = editing or bool(text)
        line = Content.assemble(("/", "bold"), one_line(text))
        if editing:
            line = line.append("▏").append(Content.styled(FILTER_HINT, "dim"))
        self._filter_line.update(line)


class AgendaPane(Pane):
    """The agenda: `x` ticks an item done (or back), `s` puts it off a day. Derived
    entries (birthdays, cadences, deadlines) are settled by what they come from."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "x",
            "toggle_done",
            "Done",
            tooltip="Done or undone (a birthday: log the wishes; a cadence: log an "
            "interaction)",
            id="agenda.done",
            priority=True,
        ),
        Binding(
            "s",
            "snooze",
            "Snooze",
            tooltip="Snooze one day",
            id="agenda.snooze",
            priority=True,
        ),
    ]
    ROW_ACTIONS = Pane.ROW_ACTIONS | {"toggle_done", "snooze"}
    editor: AgendaEditor

    async def action_toggle_done(self) -> None:
        if self.list.highlighted is not None:
            await self.editor.toggle_done(self.list.highlighted)

    def action_snooze(self) -> None:
        if self.list.highlighted is not None:
            self.editor.snooze(self.list.highlighted)


class HandoffsPane(Pane):
    """Handoffs: `a` moves one along its flow, draft → handed off → … → closed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "a",
            "advance",
            "Advance",
            tooltip="Advance the status",
            id="handoff.advance",
            priority=True,
        ),
    ]
    ROW_ACTIONS = Pane.ROW_ACTIONS | {"advance"}
    editor: HandoffEditor

    def action_advance(self) -> None:
        if self.list.highlighted is not None:
            self.editor.advance(self.list.highlighted)
