"""A list of any length that holds only the rows on screen.

`RecordList` is a Line-API `ScrollView`: its virtual height is the row count from SQL,
and `render_line` asks a keyset `Pager` for the rows it is about to draw, one page at a
time. Scrolling to a neighbouring page follows the keyset; `g` and `G` fetch the first
and last pages directly; only a jump into the middle (a scrollbar drag) uses an offset.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, TypeVar

from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget
from textual.worker import get_current_worker

from amtui.errors import AmtuiError
from amtui.text import one_line
from amtui.ui.failsafe import reporting

if TYPE_CHECKING:
    from amtui.store.paging import Pager

T = TypeVar("T")
PagerFactory = Callable[[str], "Pager[T] | None"]

Tone = Literal["", "muted", "accent", "warn", "alert"]
Cell = tuple[str, Tone]
GAP = 1
MIN_PAGE = 40


@dataclass(frozen=True)
class Column(Generic[T]):
    """One column: a title, a width (0 = share what is left), and how to show a row."""

    title: str
    width: int
    cell: Callable[[T], Cell]
    align: Literal["left", "right"] = "left"
    min_width: int = 0  # for a flexible column: below this, optional columns give way
    optional: bool = False  # dropped first when the list is too narrow


def fit_columns(
    columns: Sequence[Column[T]], width: int
) -> list[tuple[Column[T], int]]:
    """Widths for `columns` in `width` cells, dropping optional columns if needed."""
    shown = list(columns)
    while True:
        fixed = sum(column.width for column in shown if column.width)
        flexible = [column for column in shown if not column.width]
        spare = width - fixed - GAP * (len(shown) - 1)
        wanted = sum(column.min_width for column in flexible)
        optional = [column for column in shown if column.optional]
        if spare >= wanted or not optional:
            break
        shown.remove(optional[-1])
    share = max(spare, 0) // max(len(flexible), 1)
    return [(column, column.width or share) for column in shown]


def _cell_text(value: str, width: int, align: str, style: Style) -> Text:
    text = Text(one_line(value), style=style, no_wrap=True, end="")
    text.truncate(width, overflow="ellipsis")
    if align == "right":
        text.pad_left(width - text.cell_len)
    else:
        text.pad_right(width - text.cell_len)
    return text


class RecordList(ScrollView, Generic[T], can_focus=True, inherit_bindings=False):
    """A cursor over the rows of a `Pager`, fetched a page at a time as they scroll in."""

    # Priority bindings, like the record keys of the pane around the list, so that
    # keys typed ahead act in the order they were typed: "jje" edits the third row.
    # While a filter is typed the app hands letters to `edit_filter` first.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "j,down", "cursor_down", "Down", show=False, id="list.down", priority=True
        ),
        Binding("k,up", "cursor_up", "Up", show=False, id="list.up", priority=True),
        Binding("g,home", "first", "Top", show=False, id="list.top", priority=True),
        Binding("G,end", "last", "Bottom", show=False, id="list.bottom", priority=True),
        Binding(
            "pagedown",
            "page_down",
            "Page down",
            show=False,
            id="list.page_down",
            priority=True,
        ),
        Binding(
            "pageup", "page_up", "Page up", show=False, id="list.page_up", priority=True
        ),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "record-list--header",
        "record-list--cursor",
        "record-list--muted",
        "record-list--accent",
        "record-list--warn",
        "record-list--alert",
    }

    DEFAULT_CSS = """
    RecordList {
        background: transparent;
        overflow-x: hidden;
        overflow-y: scroll;  /* a steady gutter: columns never shift, no relayout */
        scrollbar-size-vertical: 1;
        & > .record-list--header { text-style: bold; color: $text-muted; }
        & > .record-list--cursor { background: $surface-lighten-1; }
        &:focus > .record-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .record-list--muted { color: $text-muted; }
        & > .record-list--accent { color: $accent; }
        & > .record-list--warn { color: $warning; }
        & > .record-list--alert { color: $error; text-style: bold; }
    }
    """

    class ListMessage(Message):
        """A message about one list; `control` lets handlers select it by id."""

        def __init__(self, record_list: RecordList[Any]) -> None:
            super().__init__()
            self.record_list = record_list

        @property
        def control(self) -> RecordList[Any]:
            return self.record_list

    class Loaded(ListMessage):
        """The list shows a new set of rows (its count may have changed)."""

    class FilterChanged(ListMessage):
        """The filter's text or its editing state changed."""

    def __init__(
        self,
        columns: Sequence[Column[T]],
        *,
        empty_message: str = "",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.columns = columns
        self.empty_message = empty_message
        self.header_widget: ListHeader | None = None
        self._fitted: tuple[tuple[int, int], list[tuple[Column[T], int]]] = (
            (-1, 0),
            [],
        )
        self.filter_text = ""
        self.filtering = False
        self.source: PagerFactory[T] = lambda _text: None
        self._generation = 0  # bumped by every query; stale background results lose
        self._shown_filter = ""  # the filter the rows on screen were queried with
        self._requested_filter = (
            ""  # the filter of the latest query, maybe still running
        )
        self._error = ""  # why the book could not be read, shown instead of rows
        self.pager: Pager[T] | None = None
        self.count = 0
        self.cursor = 0
        self._rows: dict[int, T] = {}
        # Called at once when the cursor lands on another row (None: the list is
        # empty), not by a message: what follows the cursor is drawn in its frame.
        self.on_highlight: Callable[[T | None], None] | None = None

    # -- data ------------------------------------------------------------------

    def set_source(
        self, source: PagerFactory[T], *, keep_selection: bool = False
    ) -> None:
        """Show the rows `source(filter_text)` gives, now and after every change."""
        self.source = source
        self.reload(keep_selection=keep_selection)

    def reload(
        self, *, keep_selection: bool = False, select_id: int | None = None
    ) -> None:
        """Query the source again, now (after a change, or another session's write);
        the cursor stays on its row, or goes to the record `select_id` if it is shown."""
        self._generation += 1
        self._shown_filter = self._requested_filter = self.filter_text
        self.show(
            self.source(self.filter_text),
            keep_selection=keep_selection,
            select_id=select_id,
        )

    def show(
        self,
        pager: Pager[T] | None,
        *,
        keep_selection: bool = False,
        select_id: int | None = None,
    ) -> None:
        """Show `pager`'s rows, fetching the count and the first page now."""
        key = None
        if keep_selection and self.pager is not None and self.highlighted is not None:
            key = self.pager.key_of(self.highlighted)
        if pager is None:
            self.load(None, 0, [])
            return
        try:
            if select_id is not None:
                key = pager.key_of_id(select_id) or key
            count = pager.count()
            cursor = (
                min(pager.position(key), count - 1) if key is not None and count else 0
            )
        except AmtuiError as error:
            self.load(None, 0, [])
            self.report(error)
            return
        self.load(pager, count, [], cursor=cursor)

    def load(
        self,
        pager: Pager[T] | None,
        count: int,
        first_rows: list[T],
        *,
        cursor: int = 0,
    ) -> None:
        """Show `pager` given its `count` and already fetched first rows (no I/O here)."""
        self._error = ""
        self.pager = pager
        self.count = count
        self._rows = dict(enumerate(first_rows))
        self._set_virtual_height(count)
        self.scroll_to(y=0, animate=False, immediate=True)
        self._move_to(cursor, announce=True)
        self.refresh()
        if self.header_widget is not None:  # the columns may be new (a new day)
            self.header_widget.refresh()
        self.post_message(self.Loaded(self))

    @property
    def page_size(self) -> int:
        return max(MIN_PAGE, 2 * self.size.height)

    @property
    def highlighted(self) -> T | None:
        """The row under the cursor, or None in an empty list."""
        if not self.count:
            return None
        return self.row_at(self.cursor)

    def row_at(self, index: int) -> T | None:
        """The row at `index`, fetching its page from the store if it is not cached."""
        if not 0 <= index < self.count or self.pager is None:
            return None
        if index not in self._rows and not self._error:
            try:
                self._fetch_around(index)
            except AmtuiError as error:
                self.report(error)
        return self._rows.get(index)

    def report(self, error: AmtuiError) -> None:
        """Say once that the book could not be read; the list stays usable."""
        if not self._error:
            self._error = str(error)
            self.app.notify(
                str(error), title="The book could not be read", severity="error"
            )
            self.refresh()

    def _fetch_around(self, index: int) -> None:
        assert self.pager is not None
        page, pager, rows = self.page_size, self.pager, self._rows
        if index - 1 in rows:
            self._store(index, pager.after(pager.key_of(rows[index - 1]), page))
        elif index + 1 in rows:
            fetched = pager.before(pager.key_of(rows[index + 1]), page)
            self._store(index + 1 - len(fetched), fetched)
        elif index < page:
            self._store(0, pager.first(page))
        elif index >= self.count - page:
            fetched = pager.last(page)
            self._store(self.count - len(fetched), fetched)
        else:
            self._store(index, pager.at(index, page))

    def _store(self, start: int, fetched: list[T]) -> None:
        if len(self._rows) > 4 * self.page_size:
            keep = range(start - 2 * self.page_size, start + 3 * self.page_size)
            self._rows = {i: row for i, row in self._rows.items() if i in keep}
        self._rows.update(enumerate(fetched, start))

    # -- filter ------------------------------------------------------------------
    # The list keeps the focus while its filter is typed: keys typed ahead of a focus
    # change would otherwise reach the wrong widget.

    def start_filter(self) -> None:
        """Send printable keys to the filter until enter, escape or a change of pane."""
        self.filtering = True
        self.post_message(self.FilterChanged(self))

    def set_filter(self, text: str, *, editing: bool = False) -> None:
        """Filter the rows by `text`: in the background while it is being typed, at
        once when typing ends, so that the keys that follow act on the filtered list."""
        changed = text != self.filter_text
        self.filter_text = text
        self.filtering = editing
        if editing and changed:
            self._generation += 1
            self._requested_filter = text
            self._query_in_background(text, self._generation)
        elif not editing and not text == self._shown_filter == self._requested_filter:
            self.reload(keep_selection=True)  # also outruns a query still on its way
        self.post_message(self.FilterChanged(self))

    @work(thread=True, exclusive=True, exit_on_error=False, group="filter")
    @reporting
    def _query_in_background(self, text: str, generation: int) -> None:
        pager = self.source(text)
        try:
            count = pager.count() if pager else 0
            rows = pager.first(self.page_size) if pager else []
        except AmtuiError as error:
            self.app.call_from_thread(self.report, error)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(
                self._show_queried, generation, text, pager, count, rows
            )

    def _show_queried(
        self,
        generation: int,
        text: str,
        pager: Pager[T] | None,
        count: int,
        rows: list[T],
    ) -> None:
        if generation == self._generation:
            self._shown_filter = text
            self.load(pager, count, rows)

    def edit_filter(self, event: events.Key) -> bool:
        """Apply `event` to the filter being typed; False if it is not for the filter."""
        text = self.filter_text
        if event.key == "escape":
            self.set_filter("")
        elif event.key == "enter":
            self.set_filter(text)
        elif event.key == "backspace":
            self.set_filter(text[:-1], editing=True)
        elif event.key == "ctrl+u":
            self.set_filter("", editing=True)
        elif event.is_printable and event.character:
            self.set_filter(text + event.character, editing=True)
        else:
            return False
        return True

    # -- cursor ------------------------------------------------------------------

    def _move_to(self, index: int, *, announce: bool = False) -> None:
        index = max(0, min(index, self.count - 1))
        moved = index != self.cursor
        old = self.cursor
        self.cursor = index
        top = round(self.scroll_y)
        height = max(self.size.height, 1)
        if index < top:
            self.scroll_to(y=index, animate=False, immediate=True)
        elif index >= top + height:
            self.scroll_to(y=index - height + 1, animate=False, immediate=True)
        self.refresh_line(old)
        self.refresh_line(index)
        if (moved or announce) and self.on_highlight is not None:
            self.on_highlight(self.highlighted)

    def action_cursor_down(self) -> None:
        self._move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self._move_to(self.cursor - 1)

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(self.count - 1)

    def action_page_down(self) -> None:
        self._move_to(self.cursor + max(self.size.height - 1, 1))

    def action_page_up(self) -> None:
        self._move_to(self.cursor - max(self.size.height - 1, 1))

    def on_click(self, event: events.Click) -> None:
        self._move_to(round(self.scroll_y) + event.y)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        if self.filtering:
            self.set_filter(self.filter_text)
        self.refresh()

    def _set_virtual_height(self, height: int) -> None:
        """Resize the scrollable area without a relayout of the screen: only this
        widget's scrollbar depends on it."""
        size = Size(self.size.width, height)
        if size != self.virtual_size:
            self.set_reactive(RecordList.virtual_size, size)
            self._scroll_update(size)

    def on_resize(self) -> None:
        self._set_virtual_height(self.count)
        if self.header_widget is not None:
            self.header_widget.refresh()

    # -- drawing -----------------------------------------------------------------

    def header(self, width: int) -> Text:
        """The column titles laid out like the rows, for a header above the list."""
        style = self.get_component_rich_style("record-list--header", partial=True)
        return self._line(width, lambda column: (column.title, style))

    def _line(self, width: int, cell: Callable[[Column[T]], tuple[str, Style]]) -> Text:
        """One line of cells laid out in the columns that fit `width`."""
        width_and_columns, fitted = self._fitted
        if width_and_columns != (width, self.columns):  # refit on a resize only
            fitted = fit_columns(self.columns, width)
            self._fitted = ((width, self.columns), fitted)
        line = Text(no_wrap=True, end="")
        for position, (column, cell_width) in enumerate(fitted):
            if position:
                line.append(" " * GAP)
            value, style = cell(column)
            line.append_text(_cell_text(value, cell_width, column.align, style))
        return line

    def _tone_style(self, tone: Tone) -> Style:
        if not tone:
            return Style()
        return self.get_component_rich_style(f"record-list--{tone}", partial=True)

    def _empty_text(self) -> str:
        if self._error:
            return one_line(self._error)
        if self.filter_text:
            text = one_line(self.filter_text)
            return f"Nothing matches “{text}” — escape clears the filter."
        return one_line(self.empty_message)

    @property
    def line_width(self) -> int:
        """Cells available to a row: the widget's width less its scrollbar."""
        return self.scrollable_content_region.width

    def render_line(self, y: int) -> Strip:
        width = self.line_width
        index = round(self.scroll_y) + y
        if not self.count:
            lines = textwrap.wrap(self._empty_text(), max(width, 1))
            if y < len(lines):
                muted = self.get_component_rich_style(
                    "record-list--muted", partial=True
                )
                return self._strip(_cell_text(lines[y], width, "left", muted))
            return Strip.blank(width, self.rich_style)
        row = self.row_at(index)
        if row is None:
            return Strip.blank(width, self.rich_style)

        def cell(column: Column[T]) -> tuple[str, Style]:
            value, tone = column.cell(row)
            return value, self._tone_style(tone)

        line = self._line(width, cell)
        if index == self.cursor:
            cursor = self.get_component_rich_style("record-list--cursor")
            return self._strip(line, self.rich_style + cursor)
        return self._strip(line)

    def _strip(self, line: Text, base: Style | None = None) -> Strip:
        """`line` cut or padded to the list's width, over `base` (the widget's style)."""
        line.truncate(self.line_width, pad=True)
        strip = Strip(list(line.render(self.app.console)), self.line_width)
        return strip.apply_style(base or self.rich_style)


class ListHeader(Widget):
    """The column titles of a `RecordList`, aligned with its rows."""

    DEFAULT_CSS = """
    ListHeader { height: 1; }
    """

    def __init__(self, record_list: RecordList[Any]) -> None:
        super().__init__()
        self.record_list = record_list
        record_list.header_widget = self

    def render(self) -> Text:
        return self.record_list.header(self.record_list.line_width or self.size.width)
