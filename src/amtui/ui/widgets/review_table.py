"""A boxed table of a few dozen rows at most, sized to its content: one section of the
weekly review. It can take the focus; with `CURSOR` on, a row can be acted on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer
from textual.content import Content
from textual.geometry import Region
from textual.widget import Widget

from amtui.text import one_line

GAP = 1  # cells between columns
MIN_FLEXIBLE = 8
Tone = Literal["", "muted", "accent", "good", "warn", "alert", "track"]
Part = tuple[str, Tone]
Cell = tuple[Part, ...]


def cell(value: str, tone: Tone = "") -> Cell:
    """One piece of text in one tone, shown literally on one line."""
    return ((one_line(value), tone),)


@dataclass(frozen=True)
class TableColumn:
    title: str
    justify: Literal["left", "right"] = "left"
    # 0: as wide as its widest cell; else its share of the width left over, its text
    # folded onto more lines when it needs them
    share: int = 0

    @property
    def flexible(self) -> bool:
        return self.share > 0


@dataclass(frozen=True)
class TableRow:
    cells: tuple[Cell, ...]
    key: int | None = None  # the record the row stands for
    span: bool = False  # two cells: the first in the first column, the second across


class ReviewTable(Widget, can_focus=True):
    """Rows under column titles, then notes (such as "…and 12 more") in a box."""

    CURSOR: ClassVar[bool] = False  # subclasses that act on a row turn it on
    ROW_ACTIONS: ClassVar[frozenset[str]] = frozenset()  # their actions on a row
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "move(1)", "Down", show=False, id="table.down"),
        Binding("k,up", "move(-1)", "Up", show=False, id="table.up"),
        Binding("g,home", "edge(False)", "Top", show=False, id="table.top"),
        Binding("G,end", "edge(True)", "Bottom", show=False, id="table.bottom"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "review-table--header",
        "review-table--cursor",
        "review-table--muted",
        "review-table--accent",
        "review-table--good",
        "review-table--warn",
        "review-table--alert",
        "review-table--track",
    }
    DEFAULT_CSS = """
    ReviewTable {
        height: auto;
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
        padding: 0 1;
        &:focus {
            border: round $accent;
            border-title-color: $text;
            border-title-style: bold;
        }
        & > .review-table--header { text-style: bold; color: $text-muted; }
        & > .review-table--cursor { background: $surface-lighten-1; }
        &:focus > .review-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .review-table--muted { color: $text-muted; }
        & > .review-table--accent { color: $accent; }
        & > .review-table--good { color: $success; }
        & > .review-table--warn { color: $warning; }
        & > .review-table--alert { color: $error; text-style: bold; }
        & > .review-table--track { color: $panel-lighten-2; }
    }
    """

    def __init__(
        self, heading: str, columns: Sequence[TableColumn], *, empty: str, id: str
    ) -> None:
        super().__init__(id=id)
        self.heading = heading  # the help names the table's keys after it
        self.columns = list(columns)
        self.empty = empty
        self.rows: list[TableRow] = []
        self.notes: list[Cell] = []
        self.cursor = 0
        self._row_spans: list[tuple[int, int]] = []  # each row's first line, height
        self.border_title = Content(heading)

    def show(
        self,
        rows: Sequence[TableRow],
        *,
        notes: Sequence[Cell] = (),
        count: str = "",
        select: int | None = None,
    ) -> None:
        """Show `rows`; the cursor stays on its record, or goes to `select`'s; its
        record gone (deleted, say), it stays where it was."""
        keys = [row.key for row in rows]
        keep = select if select in keys else self.highlighted
        self.rows, self.notes = list(rows), list(notes)
        if keep in keys:
            self.cursor = keys.index(keep)
        else:
            self.cursor = max(0, min(self.cursor, len(rows) - 1))
        self.border_title = Content(
            f"{self.heading} · {count}" if count else self.heading
        )
        self.refresh(layout=True)
        if self.has_focus:  # the footer shows the focused table's keys only: a
            self.refresh_bindings()  # refresh per table would redraw it each time

    @property
    def highlighted(self) -> int | None:
        """The key of the row under the cursor (None without a cursor or rows)."""
        if not self.CURSOR or not self.rows:
            return None
        return self.rows[min(self.cursor, len(self.rows) - 1)].key

    # -- keys ----------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        """Move the cursor; a table without one scrolls the page instead."""
        if not self.CURSOR:
            scroll = self._scroll()
            if scroll is not None:
                scroll.scroll_relative(y=step, animate=False)
            return
        self._put_cursor(self.cursor + step)

    def action_edge(self, last: bool) -> None:
        """The cursor to the first or last row."""
        if self.CURSOR:
            self._put_cursor(len(self.rows) - 1 if last else 0)

    def _put_cursor(self, index: int) -> None:
        self.cursor = max(0, min(index, len(self.rows) - 1))
        self.refresh()
        self._reveal_cursor()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """An action on a row needs one: without it the key shows, dimmed."""
        if action in self.ROW_ACTIONS:
            return True if self.highlighted is not None else None
        return True

    def _scroll(self) -> ScrollableContainer | None:
        for ancestor in self.ancestors:
            if isinstance(ancestor, ScrollableContainer):
                return ancestor
        return None

    def _reveal_cursor(self) -> None:
        """Scroll the page to the cursor's row; from the first row, the box's top is
        shown too, and from the last its bottom, notes included."""
        scroll = self._scroll()
        if scroll is None or self.cursor >= len(self._row_spans):
            return
        top, height = self._row_spans[self.cursor]
        first = self.content_region.y + top
        last = first + height
        if self.cursor == 0:
            first = self.region.y
        if self.cursor == len(self.rows) - 1:
            last = self.region.bottom
        y = first - scroll.content_region.y + round(scroll.scroll_y)
        region = Region(0, y, 1, last - first)
        scroll.scroll_to_region(region, animate=False, immediate=True)

    # -- drawing -------------------------------------------------------------------

    def _style(self, tone: Tone) -> Style:
        if not tone:
            return Style()
        return self.get_component_rich_style(f"review-table--{tone}", partial=True)

    def _text(self, parts: Cell) -> Text:
        text = Text(end="")
        for value, tone in parts:
            text.append(value, self._style(tone))
        return text

    def render(self) -> RenderableType:
        return _Fitted(self)

    def lines(self, console: Console, width: int) -> list[Text]:
        """The titles, the rows and the notes laid out in `width` cells; remembers
        where each row starts, for the cursor."""
        notes = [self._text(note) for note in self.notes]
        if not self.rows:
            return [Text(one_line(self.empty), self._style("muted")), *notes]
        widths = self._widths(width)
        header = self.get_component_rich_style("review-table--header", partial=True)
        titles = TableRow(tuple(cell(column.title) for column in self.columns))
        lines = self._row_lines(console, titles, widths, header)
        self._row_spans = []
        cursor = self.get_component_rich_style("review-table--cursor")
        for index, row in enumerate(self.rows):
            on_cursor = self.CURSOR and index == self.cursor
            drawn = self._row_lines(console, row, widths, cursor if on_cursor else None)
            self._row_spans.append((len(lines), len(drawn)))
            lines += drawn
        for line in lines:
            line.truncate(width, overflow="ellipsis", pad=True)
        return lines + notes

    def _widths(self, width: int) -> list[int]:
        """Fixed columns as wide as their widest cell; flexible ones share the rest."""
        widths = [
            0
            if column.flexible
            else max(
                [
                    len(column.title),
                    *(
                        self._text(row.cells[i]).cell_len
                        for row in self.rows
                        if not row.span or i == 0
                    ),
                ]
            )
            for i, column in enumerate(self.columns)
        ]
        spare = width - sum(widths) - GAP * (len(widths) - 1)
        shares = sum(column.share for column in self.columns)
        for i, column in enumerate(self.columns):
            if column.flexible:
                given = spare * column.share // shares
                widths[i] = max(MIN_FLEXIBLE, given)
        return widths

    def _row_lines(
        self,
        console: Console,
        row: TableRow,
        widths: list[int],
        style: Style | None,
    ) -> list[Text]:
        """One row: its flexible cells folded onto as many lines as they need."""
        columns, cells = self.columns, row.cells
        if row.span:
            rest = sum(widths[1:]) + GAP * (len(widths) - 2)
            columns, widths = (
                [columns[0], TableColumn("", share=1)],
                [
                    widths[0],
                    rest,
                ],
            )
        pieces = []
        for column, parts, width in zip(columns, cells, widths, strict=True):
            text = self._text(parts)
            if column.flexible:
                folded = list(text.wrap(console, width, overflow="fold"))
            else:
                folded = [text]
            for line in folded:
                line.truncate(width, overflow="ellipsis")
                line.rstrip()
                if column.justify == "right":
                    line.pad_left(width - line.cell_len)
                line.pad_right(width - line.cell_len)
            pieces.append(folded)
        lines = []
        for y in range(max(len(folded) for folded in pieces)):
            line = Text(end="", no_wrap=True)
            for x, (folded, width) in enumerate(zip(pieces, widths, strict=True)):
                if x:
                    line.append(" " * GAP)
                line.append_text(folded[y] if y < len(folded) else Text(" " * width))
            if style is not None:
                line.stylize(style)
            lines.append(line)
        return lines

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


class _Fitted:
    """A table's lines, laid out for the width Textual renders it in."""

    def __init__(self, table: ReviewTable) -> None:
        self.table = table

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> RenderResult:
        for line in self.table.lines(console, options.max_width):
            line.end = "\n"
            yield line
