"""`?`: every binding that applies where the user is, grouped by where it comes from."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Static

Section = tuple[str, list[tuple[str, str]]]
FILTER_KEYS = (
    "While typing a filter: enter keeps it, escape clears it, backspace erases, "
    "arrows still move."
)


def help_sections(app: App[object], screen: Screen[object]) -> list[Section]:
    """The bindings active on `screen`, as (heading, [(keys, description)]) sections.

    Keys that do the same (`j` and `down`) share one line.
    """
    grouped: dict[str, dict[tuple[int, str], tuple[list[str], str]]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description:
            continue
        heading = _heading(active)
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
    """A modal list of the bindings that were active when `?` was pressed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, sections: list[Section]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            with Horizontal(id="help-columns"):
                for heading, rows in self.sections:
                    table = Table.grid(padding=(0, 2))
                    table.add_column(style="bold", no_wrap=True)
                    table.add_column()
                    for keys, description in rows:
                        table.add_row(keys, description)
                    with Vertical(classes="help-section"):
                        yield Static(heading, classes="help-heading")
                        yield Static(table)
            yield Static(FILTER_KEYS, classes="help-hint")
            yield Static("escape, q or ? closes this help.", classes="help-hint")

    def on_mount(self) -> None:
        self.query_one("#help").border_title = "Keys"

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
