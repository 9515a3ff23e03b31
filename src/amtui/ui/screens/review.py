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

from amtui.domain.periods import IsoWeek, Period, periods_touching
from amtui.domain.review import ObjectiveLine, Review, review_day
from amtui.domain.when import MONTHS
from amtui.errors import AmtuiError
from amtui.report.review import review_markdown
from amtui.store import editing as store
from amtui.store.models import Objective
from amtui.store.review import build_review
from amtui.ui.editors import Editor
from amtui.ui.failsafe import reporting
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

WEEK_KEYS = Binding.Group("Week", compact=True)  # `[]` in the footer, not two keys
EDIT_TIP = "Edit the objective (target, actual, status)"


class ObjectivesTable(ReviewTable):
    """The objectives: `e` or `enter` edits one (a manual actual, a status), `D`
    deletes it.

    The keys are priority bindings, as the cockpit's record keys are: the form they
    open is up before any key typed after them is routed.
    """

    CURSOR = True
    ROW_ACTIONS = frozenset({"edit", "delete"})
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit", tooltip=EDIT_TIP, id="review.edit", priority=True),
        Binding(
            "enter",
            "edit",
            "Edit",
            tooltip=EDIT_TIP,
            show=False,
            id="review.open_objective",
            priority=True,
        ),
        Binding(
            "D",
            "delete",
            "Delete",
            tooltip="Delete the objective (asks first)",
            show=False,
            id="review.delete",
            priority=True,
        ),
    ]

    @property
    def review(self) -> ReviewScreen:
        return cast(ReviewScreen, self.screen)

    async def action_edit(self) -> None:
        if self.highlighted is not None:
            await self.review.edit_objective(self.highlighted)

    async def action_delete(self) -> None:
        if self.highlighted is not None:
            await self.review.delete_objective(self.highlighted)


class ClientsTable(ReviewTable):
    """Clients past their cadence: `enter` opens one."""

    CURSOR = True
    ROW_ACTIONS = frozenset({"open"})
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "open",
            "Open",
            tooltip="Open the client",
            id="review.open_client",
            priority=True,
        ),
    ]

    async def action_open(self) -> None:
        if self.highlighted is not None:
            await cast("AmtuiApp", self.app).open_account(self.highlighted)


class ObjectiveEditor(Editor):
    """The review's objectives: their form, opened on the review's day, and `D`."""

    model = Objective

    def __init__(self, app: AmtuiApp, screen: ReviewScreen) -> None:
        super().__init__(app)
        self.screen = screen

    def form(self, record_id: int | None) -> FormScreen:
        day = review_day(self.screen.week, self.app.clock())
        return objective_form(self.app.db, day, record_id)

    async def _open_form(self, record_id: int | None) -> None:
        await self.app.open_form(
            lambda: self.form(record_id), then=self.screen.objective_saved
        )

    def remove(self, record_id: int) -> None:
        super().remove(record_id)
        self.screen.load()


class Sections(VerticalScroll, can_focus=False, inherit_bindings=False):
    """The review's sections, scrolled by the screen's keys and the focus."""


class ReviewScreen(Screen[None]):
    """One week's review in sections that scroll; `[` and `]` step the weeks."""

    AUTO_FOCUS = "#objectives"
    HELP_HEADING = "In the review"
    # The keys that open a form or a screen are priority bindings, as in the cockpit:
    # what is typed right after them lands in what they open.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "left_square_bracket",
            "step(-1)",
            "Prev",
            tooltip="The week before",
            id="review.previous",
            group=WEEK_KEYS,
        ),
        Binding(
            "right_square_bracket",
            "step(1)",
            "Next",
            tooltip="The week after, up to this week",
            id="review.next",
            group=WEEK_KEYS,
        ),
        Binding("t", "this_week", "This week", show=False, id="review.this_week"),
        Binding(
            "n",
            "new_objective",
            "New",
            tooltip="Set a target for a month, quarter or year",
            id="review.new",
            priority=True,
        ),
        Binding(
            "m",
            "export",
            "Export",
            tooltip="Export the review to a Markdown file",
            show=False,  # the footer has no room at 80 columns; the help lists it
            id="review.export",
            priority=True,
        ),
        Binding(
            "w",
            "guided",
            "Guided",
            tooltip="Walk the clients needing attention one by one",
            id="review.guided",
            priority=True,
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
        self.editor = ObjectiveEditor(app, self)
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
        if self.review is None or self.amtui.book_version() != self._version:
            self.load()

    def load(self) -> None:
        """Read the review of `self.week` in the background."""
        self._generation += 1
        self._version = self.amtui.book_version()
        self.title_line.update(self._title(loading=True))
        self.body.set_class(True, "-loading")
        self._build(self.week, self.amtui.clock(), self._generation)

    @work(thread=True, exclusive=True, exit_on_error=False, group="review")
    @reporting
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
        dates = self.amtui.settings.date_format
        for table, rows, shortlist in (
            (self.lapses, lapse_rows(review, dates), review.lapses),
            (self.handoffs, handoff_rows(review, dates), review.handoffs_at_risk),
            (self.overdue, overdue_rows(review, dates), review.overdue),
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
        await self.editor.new()

    async def edit_objective(self, objective_id: int) -> None:
        await self.editor.edit(self._objective(objective_id))

    async def delete_objective(self, objective_id: int) -> None:
        await self.editor.delete(self._objective(objective_id))

    def _objective(self, objective_id: int) -> ObjectiveLine:
        assert self.review is not None  # a row to act on comes from the review shown
        [line] = [line for line in self.review.objectives if line.id == objective_id]
        return line

    def objective_saved(self, objective_id: int) -> None:
        """The cursor goes to the objective saved; one for a period this week does not
        touch is not shown, and the user is told where it will be."""
        self._select = objective_id
        period = self.editor.attempt(
            lambda: store.load(self.amtui.db, Objective, objective_id)["period"]
        )
        if period is not None and period not in self._periods():
            self.notify(
                f"Saved: {period} objectives show in the reviews of weeks in "
                f"{describe_period(Period.parse(period))}, not in {self.week}'s.",
                timeout=8,
            )

    def _periods(self) -> list[str]:
        return periods_touching(self.week.monday, self.week.sunday)

    async def action_guided(self) -> None:
        await open_guided_review(self.amtui)

    async def action_export(self) -> None:
        review = self.review
        if review is None or review.week != self.week:
            self.notify("The review is still being read: try again in a moment.")
            return
        await self.app.push_screen(review_export_form(self.amtui, review))


async def open_review(app: AmtuiApp) -> None:
    """Show this week's review (`r`, the palette); if a review is already open under
    the screens on top, go back to it."""
    if not back_to(app, ReviewScreen):
        await app.push_screen(ReviewScreen(app))


async def open_guided_review(app: AmtuiApp) -> None:
    """Walk the clients that need attention now (`w` in the review, the palette); if
    the walk is already open under the screens on top, go back to it."""
    if not back_to(app, GuidedReviewScreen):
        await app.push_screen(GuidedReviewScreen(app))


def back_to(app: AmtuiApp, kind: type[Screen[None]]) -> bool:
    """Close the screens above the topmost screen of `kind`, if there is one.

    The stack changes at once, so keys typed next go to the screen gone back to."""
    for screen in reversed(app.screen_stack):
        if isinstance(screen, kind):
            while app.screen is not screen:
                app.pop_screen()
            return True
    return False


def describe_period(period: Period) -> str:
    """`November 2026`, `Q4 2026` or `2026`."""
    name = period.name
    if "Q" in name:
        year, quarter = name.split("-")
        return f"{quarter} {year}"
    if "-" in name:
        return f"{MONTHS[period.first.month - 1]} {period.first.year}"
    return name


# -- export ---------------------------------------------------------------------------


def review_export_form(app: AmtuiApp, review: Review) -> FormScreen:
    """Ask where to write the review as Markdown (default: the current folder)."""

    def write(handle: TextIO) -> str:
        handle.write(review_markdown(review))
        return f"Wrote the review of {review.week}"

    title = f"Export the review of {review.week} as Markdown"
    return export_form(app, title, Path(f"review-{review.week}.md"), write)
