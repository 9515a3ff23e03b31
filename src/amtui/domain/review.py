"""The weekly steering review: what it holds and the arithmetic of the gap.

The store fills a `Review` from the book; the screen, the Markdown and the JSON all
read this one object, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Generic, TypeVar

from amtui.domain.periods import IsoWeek, Period, PeriodError
from amtui.vocabulary import (
    AccountPhase,
    AccountTier,
    HandoffStatus,
    ObjectiveMetric,
    ObjectiveStatus,
    OpportunityStage,
)

SPLIT_WEEKS = 4
AT_RISK_DAYS = 14  # a handoff due this soon with deliverables open is at risk
LIST_LIMIT = 25  # rows per attention list; the total is always given
HUNDRED = Decimal(100)
METRIC_NAMES = {
    ObjectiveMetric.REVENUE: "Revenue",
    ObjectiveMetric.MEETINGS: "Meetings",
    ObjectiveMetric.NEW_ACCOUNTS: "New accounts",
    ObjectiveMetric.CUSTOM: "Custom",
}
T = TypeVar("T")


def percent(
    part: Decimal | int, whole: Decimal | int, rounding: str = ROUND_HALF_UP
) -> int | None:
    """`part` as a whole percentage of `whole` (rounded half up unless told); None if
    `whole` is 0."""
    if not whole:
        return None
    share = Decimal(part) * HUNDRED / Decimal(whole)
    return int(share.quantize(Decimal(1), rounding=rounding))


@dataclass(frozen=True)
class TargetSplit:
    """The share of time meant for conquest, in percent (loyalty has the rest)."""

    conquest: int

    @property
    def loyalty(self) -> int:
        return 100 - self.conquest

    def __str__(self) -> str:
        return f"{self.conquest}/{self.loyalty}"

    @classmethod
    def parse(cls, text: str) -> TargetSplit:
        """`80/20` (conquest/loyalty): two whole percentages adding up to 100."""
        parts = text.replace(" ", "").split("/")
        if len(parts) != 2 or not all(part.isdigit() for part in parts):
            raise ValueError(f"{text!r} is not a split: write it like 80/20")
        conquest, loyalty = (int(part) for part in parts)
        if conquest + loyalty != 100:
            raise ValueError(f"{text!r} does not add up to 100")
        return cls(conquest)


DEFAULT_TARGETS = {
    AccountPhase.CONQUEST: TargetSplit(80),
    AccountPhase.LOYALTY: TargetSplit(20),
}


@dataclass(frozen=True)
class ObjectiveLine:
    """One objective with its actual: computed from the book, or entered by hand."""

    id: int
    period: Period
    metric: ObjectiveMetric
    text: str | None
    target: Decimal | None
    actual: Decimal | None
    status: ObjectiveStatus | None
    as_of: date

    @property
    def is_qualitative(self) -> bool:
        return self.target is None

    @property
    def title(self) -> str:
        """What it is about: the text of a qualitative or custom objective, else the
        metric (and its text, if any)."""
        if self.text and (self.is_qualitative or self.metric is ObjectiveMetric.CUSTOM):
            return self.text
        name = METRIC_NAMES[self.metric]
        return f"{name}: {self.text}" if self.text else name

    @property
    def gap(self) -> Decimal | None:
        """Actual minus target: negative while behind (the "écart")."""
        if self.target is None or self.actual is None:
            return None
        return self.actual - self.target

    @property
    def attainment(self) -> int | None:
        """Actual as a percentage of target, rounded down (99.6% is not yet 100%);
        None without both, or for a zero target."""
        if self.target is None or self.actual is None:
            return None
        return percent(self.actual, self.target, ROUND_FLOOR)

    @property
    def elapsed(self) -> int:
        """How much of the period has passed by the review's day, in percent."""
        return percent(self.period.elapsed_days(self.as_of), self.period.days()) or 0


@dataclass(frozen=True)
class WeekSplit:
    week: IsoWeek
    conquest: int
    loyalty: int


@dataclass(frozen=True)
class TimeSplit:
    """Interactions with prospects (conquest) against the others (loyalty)."""

    weeks: tuple[WeekSplit, ...]  # oldest first
    phase: AccountPhase
    phase_reason: str  # "set in the config" or "most of your accounts"
    target: TargetSplit

    @property
    def conquest(self) -> int:
        return sum(week.conquest for week in self.weeks)

    @property
    def loyalty(self) -> int:
        return sum(week.loyalty for week in self.weeks)

    @property
    def conquest_share(self) -> int | None:
        """Percent of the interactions spent on conquest; None with no interaction."""
        return percent(self.conquest, self.conquest + self.loyalty)

    @property
    def drift(self) -> int | None:
        """Points of conquest above (positive) or below the target."""
        share = self.conquest_share
        return None if share is None else share - self.target.conquest


@dataclass(frozen=True)
class CadenceLapse:
    """A client not contacted for longer than its cadence."""

    account_id: int
    name: str
    tier: AccountTier
    cadence_days: int
    last_contact_on: date | None  # None: never contacted (counted from its creation)
    days_since: int

    @property
    def days_over(self) -> int:
        return self.days_since - self.cadence_days

    @property
    def severity(self) -> float:
        """How many cadences have passed: the worst first."""
        return self.days_since / self.cadence_days


@dataclass(frozen=True)
class HandoffRisk:
    id: int
    title: str
    account_name: str
    status: HandoffStatus
    due_on: date | None
    open_deliverables: int
    deliverables: int

    def reason(self, as_of: date) -> str:
        parts = []
        if self.status is HandoffStatus.BLOCKED:
            parts.append("blocked")
        if self.due_on is not None and self.open_deliverables:
            days = (self.due_on - as_of).days
            when = (
                f"overdue by {-days} d"
                if days < 0
                else "due today"
                if days == 0
                else f"due in {days} d"
            )
            parts.append(f"{when}, {self.open_deliverables} deliverable(s) open")
        return "; ".join(parts)


@dataclass(frozen=True)
class OverdueItem:
    id: int
    title: str
    account_name: str | None
    due_on: date


@dataclass(frozen=True)
class StageLine:
    stage: OpportunityStage
    count: int
    amount: Decimal


@dataclass(frozen=True)
class Shortlist(Generic[T]):
    """The first rows of an attention list, and how many there are in all."""

    rows: tuple[T, ...]
    total: int

    @property
    def hidden(self) -> int:
        return self.total - len(self.rows)


@dataclass(frozen=True)
class Review:
    week: IsoWeek
    as_of: date  # the review's day: the week's Sunday, or today in the current week
    objectives: tuple[ObjectiveLine, ...]
    split: TimeSplit
    lapses: Shortlist[CadenceLapse]
    handoffs_at_risk: Shortlist[HandoffRisk]
    overdue: Shortlist[OverdueItem]
    pipeline: tuple[StageLine, ...]


def review_day(week: IsoWeek, today: date) -> date:
    """The day a week's review is taken on: its Sunday once past, else today.

    A week that has not begun has nothing to review yet: that is refused."""
    if week.monday > today:
        raise PeriodError(
            f"{week} has not begun yet: review this week ({IsoWeek.of(today)}) "
            "or an earlier one"
        )
    return min(week.sunday, today)


def choose_phase(
    configured: AccountPhase | None, accounts_by_phase: dict[AccountPhase, int]
) -> tuple[AccountPhase, str]:
    """The AM's phase: as configured, else the phase of most live accounts (a tie, or
    an empty book, counts as loyalty)."""
    if configured is not None:
        return configured, "set in the config"
    conquest = accounts_by_phase.get(AccountPhase.CONQUEST, 0)
    loyalty = accounts_by_phase.get(AccountPhase.LOYALTY, 0)
    phase = AccountPhase.CONQUEST if conquest > loyalty else AccountPhase.LOYALTY
    return phase, "most of your accounts"
