"""A screen of numbered panes: `tab`, `shift+tab` and the digits move between them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, cast

from textual import events
from textual.binding import Binding, BindingType
from textual.screen import Screen

from amtui.ui.widgets.pane import Pane
from amtui.ui.widgets.record_list import RecordList

if TYPE_CHECKING:
    from amtui.ui.app import AmtuiApp


def pane_bindings(screen: str, names: Sequence[str]) -> list[BindingType]:
    """The focus keys of a screen whose panes are `names`, in order.

    They are priority bindings: they act before any key typed after them is routed,
    so "3j" moves in the third pane, not in the one that had the focus.
    """
    return [
        Binding(
            "tab",
            "next_pane",
            "Next pane",
            show=False,
            priority=True,
            id=f"{screen}.next",
        ),
        Binding(
            "shift+tab",
            "previous_pane",
            "Previous pane",
            show=False,
            priority=True,
            id=f"{screen}.previous",
        ),
        *(
            Binding(
                str(number),
                f"focus_pane({number})",
                name,
                show=False,
                priority=True,
                id=f"{screen}.{name.lower()}",
            )
            for number, name in enumerate(names, 1)
        ),
        Binding(
            "slash",
            "filter",
            "Filter",
            tooltip="Filter the focused list",
            priority=True,
            id=f"{screen}.filter",
        ),
        Binding(
            "c",
            "capture",
            "Capture",
            tooltip="Quick capture",
            priority=True,
            id=f"{screen}.capture",
        ),
        Binding(
            "r",
            "review",
            "Review",
            tooltip="Weekly review",
            priority=True,
            id=f"{screen}.review",
        ),
        Binding(
            "ctrl+f",
            "search",
            "Search",
            tooltip="Search the book",
            show=False,  # the footer has no room at 80 columns; the help lists it
            priority=True,
            id=f"{screen}.search",
        ),
        Binding("ctrl+r", "refresh", "Refresh", show=False, id=f"{screen}.refresh"),
    ]


class PaneScreen(Screen[None]):
    """Panes in a fixed order; subclasses list them in `panes` and show the book."""

    AUTO_FOCUS = None
    BINDINGS: ClassVar[list[BindingType]] = []

    @property
    def amtui(self) -> AmtuiApp:
        return cast("AmtuiApp", self.app)

    @property
    def panes(self) -> list[Pane]:
        raise NotImplementedError

    def client(self) -> tuple[int, str] | None:
        """The client this screen is about, or has selected: (id, name)."""
        return None

    def reload_book(self, *, ticked: bool = False) -> None:
        """Show the book as it is now (`ticked`: only an agenda tick changed it)."""
        raise NotImplementedError

    def focused_pane(self) -> Pane:
        for pane in self.panes:
            if pane.has_focus_within:
                return pane
        return self.panes[0]

    def action_focus_pane(self, number: int) -> None:
        self.panes[number - 1].focus_list()

    def action_next_pane(self) -> None:
        self._step_pane(1)

    def action_previous_pane(self) -> None:
        self._step_pane(-1)

    def _step_pane(self, step: int) -> None:
        panes = self.panes
        index = panes.index(self.focused_pane())
        panes[(index + step) % len(panes)].focus_list()

    def action_filter(self) -> None:
        self.focused_pane().list.start_filter()

    async def action_capture(self) -> None:
        await self.amtui.open_capture()

    async def action_review(self) -> None:
        from amtui.ui.screens.review import open_review

        await open_review(self.amtui)

    async def action_search(self) -> None:
        await self.amtui.open_search()

    async def action_refresh(self) -> None:
        """Re-read the book: other sessions and `amtui log` may have written to it."""
        await self.amtui.refresh_book()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Coming back to a pane shows what other sessions wrote meanwhile."""
        if isinstance(event.widget, RecordList):
            self.app.call_later(self.amtui.check_book)

    def on_screen_resume(self) -> None:
        self.app.call_later(self.amtui.check_book)
