"""The weekly review ("pilotage"): one ISO week's objectives against actuals, the
conquest/loyalty split, what needs attention and the pipeline; exported as Markdown.

The review is built off the UI thread, once per week shown, and again when the book
changed while another screen was on top.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TextIO, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from amtui.domain.periods import IsoWeek
from amtui.domain.review import Review, review_day
from amtui.errors import AmtuiError
from amtui.report.review import review_markdown
from amtui.store.review import build_review
from amtui.ui.forms.export import export_form
from amtui.ui.forms.form import FormScreen
from amtui.ui.forms.records import objective_form
from amtui.ui.screens.guided import GuidedReviewScreen
from amtui.ui.widgets.review_sections import (
    HANDOFF_COLUMNS,
    LAPSE_COLUMNS,
    OBJECTIVE_COLUMNS,
    OVERDUE_COLUMNS,
    PIPELINE_COLUMNS,
    SPLIT_COLUMNS,
    handoff_rows,
    lapse_rows,
    more,
    objective_rows,
    overdue_rows,
    pipeline_notes,
    pipeline_rows,
    split_notes,
    split_rows,
)
from amtui.ui.widgets.review_table import ReviewTable

if TYPE_CHECKING:
    from amtui.ui.app import AmtuiApp

EDIT_TIP = "Edit the objective (target, actual, status)"


class ObjectivesTable(ReviewTable):
    """The objectives: `e` or `enter` edits one (a manual actual, a status)."""

    CURSOR = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "choose", "Edit", tooltip=EDIT_TIP, id="review.edit"),
        Binding(
            "enter",
            "choose",
            "Edit",
            tooltip=EDIT_TIP,
            show=False,
            id="review.open_objective",
        ),
    ]


class ClientsTable(ReviewTable):
    """Clients past their cadence: `enter` opens one."""

    CURSOR = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "choose",
            "Open",
            tooltip="Open the client",
            id="review.open_client",
        ),
    ]


class Sections(VerticalScroll, can_focus=False, inherit_bindings=False):
    """The review's sections, scrolled by the screen's keys and the focus."""


class ReviewScreen(Screen[None]):
    """One week's review in sections that scroll; `[` and `]` step the weeks."""

    AUTO_FOCUS = "#objectives"
    HELP_HEADING = "In the review"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "left_square_bracket",
            "step(-1)",
            "Prev",
            tooltip="The week before",
            id="review.previous",
        ),
        Binding(
            "right_square_bracket",
            "step(1)",
            "Next",
            tooltip="The week after, up to this week",
            id="review.next",
        ),
        Binding("t", "this_week", "This week", show=False, id="review.this_week"),
        Binding(
            "n",
            "new_objective",
            "New",
            tooltip="Set a target for a month, quarter or year",
            id="review.new",
        ),
        Binding(
            "m",
            "export",
            "Export",
            tooltip="Export the review to a Markdown file",
            id="review.export",
        ),
        Binding(
            "w",
            "guided",
            "Guided",
            tooltip="Walk the clients needing attention one by one",
            id="review.guided",
        ),
        Binding(
            "tab",
            "app.focus_next",
            "Next section",
            show=False,
            id="review.next_section",
        ),
        Binding(
            "shift+tab",
            "app.focus_previous",
            "Previous section",
            show=False,
            id="review.previous_section",
        ),
        Binding("pagedown", "page(1)", "Page down", show=False, id="review.page_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="review.page_up"),
        Binding("ctrl+r", "refresh", "Refresh", show=False, id="review.refresh"),
        Binding("escape", "back", "Back", id="review.back"),
        Binding("b", "back", "Back", show=False, id="review.b"),
    ]

    def __init__(self, app: AmtuiApp, week: IsoWeek | None = None) -> None:
        super().__init__()
        self.week = week or IsoWeek.of(app.clock())
        self.review: Review | None = None  # the review on screen, once read
        self._generation = 0  # bumped by every build; a stale result is dropped
        self._version: int | None = None  # the book's version the review was read at
        self._select: int | None = None  # a saved objective: the cursor goes there
        self.title_line = Static(id="review-title")
        self.body = Sections(id="review-body")
        self.objectives = ObjectivesTable(
            "Objectives",
            OBJECTIVE_COLUMNS,
            empty="No objective for a period this week touches: n sets one.",
            id="objectives",
        )
        self.split = ReviewTable("Time split", SPLIT_COLUMNS, empty="", id="split")
        self.lapses = ClientsTable(
            "Past cadence",
            LAPSE_COLUMNS,
            empty="Every client heard from within its cadence.",
            id="lapses",
        )
        self.handoffs = ReviewTable(
            "Handoffs at risk",
            HANDOFF_COLUMNS,
            empty="No handoff at risk.",
            id="handoffs-at-risk",
        )
        self.overdue = ReviewTable(
            "Overdue agenda", OVERDUE_COLUMNS, empty="Nothing overdue.", id="overdue"
        )
        self.pipeline = ReviewTable(
            "Pipeline",
            PIPELINE_COLUMNS,
            empty="No opportunity in the book.",
            id="review-pipeline",
        )

    @property
    def amtui(self) -> AmtuiApp:
        return cast("AmtuiApp", self.app)

    def compose(self) -> ComposeResult:
        yield self.title_line
        with self.body:
            yield self.objectives
            yield self.split
            yield self.lapses
            yield self.handoffs
            yield self.overdue
            yield self.pipeline
        yield Footer()

    # -- reading the review ---------------------------------------------------------

    def on_screen_resume(self) -> None:
        """First shown, or back on top: read the review if the book changed."""
        if self.review is None or self._book_version() != self._version:
            self.load()

    def load(self) -> None:
        """Read the review of `self.week` in the background."""
        self._generation += 1
        self._version = self._book_version()
        self.title_line.update(self._title(loading=True))
        self.body.set_class(True, "-loading")
        self._build(self.week, self.amtui.clock(), self._generation)

    def _book_version(self) -> int | None:
        try:
            return self.amtui.db.book_version()
        except AmtuiError:
            return None

    @work(thread=True, exclusive=True, exit_on_error=False, group="review")
    def _build(self, week: IsoWeek, today: date, generation: int) -> None:
        app = self.amtui
        settings = app.settings
        try:
            review = build_review(
                app.db, week, today, phase=settings.phase, targets=settings.targets
            )
        except AmtuiError as error:
            app.call_from_thread(self._failed, generation, error)
            return
        if not get_current_worker().is_cancelled:
            app.call_from_thread(self._show, generation, review)

    def _failed(self, generation: int, error: AmtuiError) -> None:
        if generation == self._generation:
            self.title_line.update(self._title(error="the book could not be read"))
            self.notify(str(error), title="The review", severity="error", timeout=10)

    def _show(self, generation: int, review: Review) -> None:
        """Fill every section from `review`."""
        if generation != self._generation:
            return
        self.review = review
        self.title_line.update(self._title())
        self.body.set_class(False, "-loading")
        self.objectives.show(
            objective_rows(review),
            count=f"{len(review.objectives)}",
            select=self._select,
        )
        self._select = None
        split = review.split
        self.split.show(
            split_rows(split),
            notes=split_notes(split),
            count=f"last {len(split.weeks)} weeks",
        )
        for table, rows, shortlist in (
            (self.lapses, lapse_rows(review), review.lapses),
            (self.handoffs, handoff_rows(review), review.handoffs_at_risk),
            (self.overdue, overdue_rows(review), review.overdue),
        ):
            table.show(rows, notes=more(shortlist), count=f"{shortlist.total:,}")
        self.pipeline.show(
            pipeline_rows(review), notes=pipeline_notes(review), count="by stage"
        )

    def _title(self, *, loading: bool = False, error: str = "") -> Text:
        """`Weekly review · 2026-W48 · 23-29 Nov 2026  as of Mon 23 Nov 2026…`"""
        today = self.amtui.clock()
        as_of = review_day(self.week, today)
        when = "this week" if self.week == IsoWeek.of(today) else "its last day"
        state = error or ("reading…" if loading else "")
        return Text.assemble(
            (f"Weekly review · {self.week.describe()}", "bold"),
            (f"  as of {as_of:%a %d %b %Y}, {when}", ""),
            (f" · {state}" if state else "", "italic"),
        )

    # -- keys -----------------------------------------------------------------------

    def action_step(self, weeks: int) -> None:
        """Show the week `weeks` before or after; never a week to come."""
        week = self.week.shifted(weeks)
        this_week = IsoWeek.of(self.amtui.clock())
        if week > this_week:
            self.notify(
                f"{this_week} is this week: a week to come has no review yet.",
                severity="warning",
                timeout=4,
            )
            return
        self.week = week
        self.load()

    def action_this_week(self) -> None:
        self.week = IsoWeek.of(self.amtui.clock())
        self.load()

    def action_page(self, pages: int) -> None:
        if pages > 0:
            self.body.scroll_page_down(animate=False)
        else:
            self.body.scroll_page_up(animate=False)

    async def action_refresh(self) -> None:
        await self.amtui.refresh_book()
        self.load()

    def action_back(self) -> None:
        self.dismiss()

    async def action_new_objective(self) -> None:
        """A new objective, its period preset to the month of the review's day."""
        app = self.amtui
        day = review_day(self.week, app.clock())
        await app.open_form(
            lambda: objective_form(app.db, day, None), then=self._select_later
        )

    def _select_later(self, objective_id: int) -> None:
        self._select = objective_id

    async def on_review_table_chosen(self, event: ReviewTable.Chosen) -> None:
        """`enter` edits an objective, or opens a client past its cadence."""
        app = self.amtui
        if event.table is self.objectives:
            day = review_day(self.week, app.clock())
            await app.open_form(lambda: objective_form(app.db, day, event.key))
        elif event.table is self.lapses:
            await app.open_account(event.key)

    async def action_guided(self) -> None:
        await self.app.push_screen(GuidedReviewScreen(self.amtui, self.week))

    async def action_export(self) -> None:
        review = self.review
        if review is None or review.week != self.week:
            self.notify("The review is still being read: try again in a moment.")
            return
        await self.app.push_screen(review_export_form(self.amtui, review))


async def open_review(app: AmtuiApp) -> None:
    """Show this week's review (`r`, the palette), unless it is already up."""
    if not isinstance(app.screen, ReviewScreen):
        await app.push_screen(ReviewScreen(app))


async def open_guided_review(app: AmtuiApp) -> None:
    """Walk the clients that need attention now (`w` in the review, the palette)."""
    if not isinstance(app.screen, GuidedReviewScreen):
        await app.push_screen(GuidedReviewScreen(app, IsoWeek.of(app.clock())))


# -- export ---------------------------------------------------------------------------


def review_export_form(app: AmtuiApp, review: Review) -> FormScreen:
    """Ask where to write the review as Markdown (default: the current folder)."""

    def write(handle: TextIO) -> str:
        handle.write(review_markdown(review))
        return f"Wrote the review of {review.week}"

    title = f"Export the review of {review.week} as Markdown"
    return export_form(app, title, Path(f"review-{review.week}.md"), write)
