"""`?`: every binding that applies where the user is, grouped by where it comes from."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import (
    Horizontal,
    ScrollableContainer,
    Vertical,
    VerticalScroll,
)
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Static

Section = tuple[str, list[tuple[str, str]]]
FILTER_KEYS = (
    "While typing a filter: enter keeps it, escape clears it, backspace erases, "
    "arrows still move."
)
CLOSE_KEYS = "escape, q or ? closes this help."
BindingKey = tuple[str, str, str]  # a key, its action and its description


def _textual_defaults(bindings: list[BindingType]) -> frozenset[BindingKey]:
    return frozenset(
        (key.strip(), binding.action, binding.description)
        for binding in bindings
        if isinstance(binding, Binding)
        for key in binding.key.split(",")
    )


# What Textual gives every scrolling container (Scroll Left, Page Right, …) and every
# screen (Focus Next): left out, the screens name their own keys for these.
_LEFT_OUT = _textual_defaults(ScrollableContainer.BINDINGS) | frozenset(
    key for key in _textual_defaults(Screen.BINDINGS) if key[1].startswith("app.focus")
)
# What Textual gives every screen besides (copying selected text): the same everywhere.
_EVERY_SCREEN = _textual_defaults(Screen.BINDINGS) - _LEFT_OUT


def help_sections(app: App[object], screen: Screen[object]) -> list[Section]:
    """The bindings active on `screen`, as (heading, [(keys, description)]) sections.

    Keys that do the same (`j` and `down`) share one line.
    """
    grouped: dict[str, dict[tuple[int, str], tuple[list[str], str]]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        key = (binding.key, binding.action, binding.description)
        if not binding.description or key in _LEFT_OUT:
            continue
        heading = "Everywhere" if key in _EVERY_SCREEN else _heading(active)
        actions = grouped.setdefault(heading, {})
        group = (id(active.node), binding.description)
        keys, _ = actions.setdefault(group, ([], ""))
        keys.append(app.get_key_display(binding))
        actions[group] = (
            keys,
            binding.tooltip or binding.description,
        )
    order = sorted(grouped, key=lambda heading: heading != "Everywhere")
    return [
        (
            heading,
            [(_join_keys(keys), text) for keys, text in grouped[heading].values()],
        )
        for heading in order
    ]


def help_hints(screen: Screen[object]) -> list[str]:
    """The lines under the keys: how to type a filter, where a list has one."""
    filtering = any(
        active.binding.action == "filter" for active in screen.active_bindings.values()
    )
    return [FILTER_KEYS] if filtering else []


def _join_keys(keys: list[str]) -> str:
    """Letters first, then named keys: `j ↓`, `g home`."""
    return " ".join(sorted(keys, key=lambda key: (len(key) > 1, key)))


def _heading(active: ActiveBinding) -> str:
    node = active.node
    if isinstance(node, Screen):
        return str(getattr(node, "HELP_HEADING", "Everywhere"))
    if isinstance(node, App):
        return "Everywhere"
    pane = node if not isinstance(node, Widget) else _pane_of(node)
    return f"In {pane}" if pane else "Here"


def _pane_of(widget: Widget) -> str:
    for ancestor in widget.ancestors_with_self:
        title = getattr(ancestor, "heading", None)
        if isinstance(title, str) and ancestor is not widget.app:
            return f"the {title.lower()} pane"
    return ""


class HelpScreen(ModalScreen[None]):
    """A modal list of the bindings that were active when `?` was pressed, in a column
    per section: a description too long for its column wraps, and a gap keeps the
    columns apart."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, sections: list[Section], hints: list[str]) -> None:
        """`hints`: the lines under the keys (see `help_hints`)."""
        super().__init__()
        self.sections = sections
        self.hints = hints

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            with Horizontal(id="help-columns"):
                for column in _two_columns(self.sections):
                    with Vertical(classes="help-section"):
                        for heading, rows in column:
                            yield Static(heading, classes="help-heading")
                            yield Static(_keys_table(rows))
            for hint in [*self.hints, CLOSE_KEYS]:
                yield Static(hint, classes="help-hint")

    def on_mount(self) -> None:
        self.query_one("#help").border_title = "Keys"

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)


def _keys_table(rows: list[tuple[str, str]]) -> Table:
    """Keys and what they do; the descriptions wrap in their column. Two cells of
    padding after each column, the last one too: the gap between keys and
    descriptions, and between one column of sections and the next."""
    table = Table.grid(padding=(0, 2, 0, 0), pad_edge=True)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for keys, description in rows:
        table.add_row(keys, description)
    return table


def _two_columns(sections: list[Section]) -> list[list[Section]]:
    """`sections` in two columns at most, in reading order (down, then across), cut
    where the taller column is the shortest."""
    if len(sections) <= 2:
        return [[section] for section in sections]
    heights = [len(rows) + 2 for _, rows in sections]  # with the heading and a margin

    def taller(cut: int) -> int:
        return max(sum(heights[:cut]), sum(heights[cut:]))

    cut = min(range(1, len(sections)), key=taller)
    return [sections[:cut], sections[cut:]]
