"""A titled cockpit pane: a `RecordList` with its column header and a filter line."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input
from textual.worker import get_current_worker

from amtui.store.paging import Pager
from amtui.ui.text import one_line
from amtui.ui.widgets.record_list import ListHeader, RecordList

PagerFactory = Callable[[str], Pager[Any] | None]


class Pane(Vertical):
    """One of the cockpit's four boxes. `/` filters its list as you type."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_filter", "Clear filter", show=False, id="pane.clear"),
    ]

    def __init__(
        self,
        number: int,
        heading: str,
        record_list: RecordList[Any],
        *,
        empty_message: str,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.number = number
        self.heading = heading
        self.list = record_list
        self.empty_message = empty_message
        self.context = ""
        self.summaries: list[str] = []
        self.filter_text = ""
        self._source_empty_message = ""
        self._pager_factory: PagerFactory = lambda _text: None
        self._filter = Input(placeholder="filter… (enter: keep, escape: clear)")
        self._filter.display = False

    def compose(self) -> ComposeResult:
        yield self._filter
        yield ListHeader(self.list)
        yield self.list

    def set_source(
        self, factory: PagerFactory, *, context: str = "", empty_message: str = ""
    ) -> None:
        """Show the rows `factory(filter_text)` gives, now and after every change.

        `empty_message`, if given, replaces the pane's usual one for this source.
        """
        self._pager_factory = factory
        self.context = context
        self._source_empty_message = empty_message
        self.reload()

    def reload(self, *, keep_selection: bool = False) -> None:
        """Query the list again (after a change, or another session's write)."""
        self.list.empty_message = self._empty_message()
        self.list.show(
            self._pager_factory(self.filter_text), keep_selection=keep_selection
        )
        self.update_title()

    def update_title(self) -> None:
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

    def _empty_message(self) -> str:
        if self.filter_text:
            return f"Nothing matches “{self.filter_text}” — escape clears the filter."
        return self._source_empty_message or self.empty_message

    # -- filtering ---------------------------------------------------------------

    def start_filter(self) -> None:
        self._filter.display = True
        self._filter.focus()

    def action_clear_filter(self) -> None:
        if not self._filter.display and not self.filter_text:
            return
        self._filter.display = False
        self.list.focus()
        if self.filter_text:
            self._filter.value = ""
            self.filter_text = ""
            self.reload()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.filter_text = event.value
        self._filter_in_background(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.filter_text:
            self._filter.display = False
        self.list.focus()

    @work(thread=True, exclusive=True, exit_on_error=False, group="filter")
    def _filter_in_background(self, text: str) -> None:
        """Count and fetch the first page off the UI thread, then show them."""
        pager = self._pager_factory(text)
        count = pager.count() if pager else 0
        rows = pager.first(self.list.page_size) if pager else []
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_filtered, text, pager, count, rows)

    def _show_filtered(
        self, text: str, pager: Pager[Any] | None, count: int, rows: list[Any]
    ) -> None:
        if text != self.filter_text:
            return  # a newer keystroke is on its way
        self.list.empty_message = self._empty_message()
        self.list.load(pager, count, rows)
        self.update_title()
