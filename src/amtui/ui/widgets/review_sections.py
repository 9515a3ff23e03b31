"""What each section of the weekly review shows of a `Review`: columns, rows, notes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from amtui.domain.contact import ContactHealth, contact_health
from amtui.domain.date_format import DateFormat
from amtui.domain.review import (
    CadenceLapse,
    HandoffRisk,
    ObjectiveLine,
    OverdueItem,
    Review,
    Shortlist,
    StageLine,
    TimeSplit,
    percent,
)
from amtui.report.format import amount, signed
from amtui.report.review import OPEN_STAGES, PIPELINE_NOTE
from amtui.ui.format import humanize
from amtui.ui.widgets.bars import meter, split_bar
from amtui.ui.widgets.review_table import Cell, TableColumn, TableRow, Tone, cell
from amtui.vocabulary import HandoffStatus, ObjectiveStatus
from amtui.vocabulary import OpportunityStage as Stage

METER_WIDTH = 8
BAR_WIDTH = 20
RIGHT = "right"
DASH = cell("—", "muted")
_STATUS_TONES: dict[ObjectiveStatus, Tone] = {
    ObjectiveStatus.NOT_STARTED: "muted",
    ObjectiveStatus.ON_TRACK: "",
    ObjectiveStatus.AT_RISK: "warn",
    ObjectiveStatus.ACHIEVED: "good",
    ObjectiveStatus.MISSED: "alert",
}
_STAGE_TONES: dict[Stage, Tone] = {Stage.WON: "good", Stage.LOST: "muted"}


def more(shortlist: Shortlist[Any]) -> list[Cell]:
    """`…and 12 more` under a list that was cut short."""
    if not shortlist.hidden:
        return []
    return [cell(f"…and {shortlist.hidden:,} more", "muted")]


# -- objectives -------------------------------------------------------------------------

OBJECTIVE_COLUMNS = (
    TableColumn("Period"),
    TableColumn("Objective", share=1),
    TableColumn("Target", RIGHT),
    TableColumn("Actual", RIGHT),
    TableColumn("Gap", RIGHT),
    TableColumn("Attained"),
    TableColumn("Elapsed", RIGHT),
)


def objective_rows(review: Review) -> list[TableRow]:
    return [objective_row(line) for line in review.objectives]


def objective_row(line: ObjectiveLine) -> TableRow:
    """Target, actual, signed gap (red while behind), attainment with a meter, and
    how much of the period has gone by, to tell whether attainment keeps pace; a
    qualitative objective shows its status before its text, across the figures."""
    period, name = cell(line.period.name), cell(line.title)
    if line.target is None:
        status = line.status
        shown = (
            cell(humanize(status), _STATUS_TONES[status])
            if status
            else cell("no status", "muted")
        )
        return TableRow((period, (*shown, (" · ", "muted"), *name)), line.id, span=True)
    actual = DASH if line.actual is None else cell(amount(line.actual))
    cells = (
        period,
        name,
        cell(amount(line.target)),
        actual,
        gap_cell(line.gap),
        attainment_cell(line),
        cell(f"{line.elapsed}%", "muted"),
    )
    return TableRow(cells, line.id)


def gap_cell(gap: Decimal | None) -> Cell:
    if gap is None:
        return DASH
    return cell(signed(gap), "alert" if gap < 0 else "good")


def attainment_cell(line: ObjectiveLine) -> Cell:
    """`49% ████░░░░`: green once reached, amber when behind the time gone by."""
    attainment = line.attainment
    if attainment is None or line.actual is None or line.target is None:
        return DASH
    tone: Tone = (
        "good" if attainment >= 100 else "warn" if attainment < line.elapsed else ""
    )
    return (
        (f"{attainment:>3}% ", tone),
        *meter(line.actual, line.target, METER_WIDTH),
    )


# -- time split -------------------------------------------------------------------------

SPLIT_COLUMNS = (
    TableColumn("Week"),
    TableColumn("Conquest", RIGHT),
    TableColumn("Loyalty", RIGHT),
    TableColumn("Share", RIGHT),
    TableColumn("█ conquest ░ loyalty", share=1),
)


def split_rows(split: TimeSplit) -> list[TableRow]:
    """One row a week, the four weeks together, and the phase's target."""
    weeks = [
        _split_row(str(week.week), week.conquest, week.loyalty) for week in split.weeks
    ]
    target = split.target
    return [
        *weeks,
        _split_row(f"{len(split.weeks)} weeks", split.conquest, split.loyalty),
        TableRow(
            (
                cell("Target", "muted"),
                cell(""),
                cell(""),
                cell(f"{target.conquest}%", "muted"),
                split_bar(target.conquest, target.loyalty, BAR_WIDTH),
            )
        ),
    ]


def _split_row(label: str, conquest: int, loyalty: int) -> TableRow:
    share = percent(conquest, conquest + loyalty)
    return TableRow(
        (
            cell(label),
            cell(f"{conquest:,}"),
            cell(f"{loyalty:,}"),
            DASH if share is None else cell(f"{share}%"),
            split_bar(conquest, loyalty, BAR_WIDTH),
        )
    )


def split_notes(split: TimeSplit) -> list[Cell]:
    """The phase and why, its target split, and the drift from it."""
    drift = split.drift
    if drift is None:
        said = cell("No interaction logged in these four weeks.", "muted")
    elif drift == 0:
        said = cell("Conquest share on target.", "good")
    else:
        more_or_less = "more" if drift > 0 else "less"
        said = cell(
            f"Drift: {drift:+} pts ({abs(drift)} points {more_or_less} conquest "
            "than the target).",
            "warn",
        )
    phase = cell(
        f"Phase: {split.phase} ({split.phase_reason}); target "
        f"{split.target} conquest/loyalty.",
        "muted",
    )
    return [phase, said]


# -- attention lists --------------------------------------------------------------------

LAPSE_COLUMNS = (
    TableColumn("Client", share=1),
    TableColumn("Tier"),
    TableColumn("Cadence", RIGHT),
    TableColumn("Last contact", RIGHT),
    TableColumn("Since", RIGHT),
    TableColumn("Over", RIGHT),
)


def lapse_rows(review: Review, dates: DateFormat) -> list[TableRow]:
    """Worst first, as the review sorts them; the days amber past the cadence and red
    past twice it, as in the cockpit."""
    return [_lapse_row(lapse, review.as_of, dates) for lapse in review.lapses.rows]


def _lapse_row(lapse: CadenceLapse, as_of: date, dates: DateFormat) -> TableRow:
    health = contact_health(lapse.days_since, lapse.cadence_days)
    tone: Tone = "alert" if health is ContactHealth.LAPSED else "warn"
    last = lapse.last_contact_on
    return TableRow(
        (
            cell(lapse.name),
            cell(lapse.tier.value, "muted"),
            cell(f"{lapse.cadence_days} d"),
            cell("never", "muted") if last is None else cell(dates(last, as_of)),
            cell(f"{lapse.days_since} d", tone),
            cell(f"+{lapse.days_over} d", tone),
        ),
        key=lapse.account_id,
    )


HANDOFF_COLUMNS = (
    TableColumn("Handoff", share=1),
    TableColumn("Client", share=1),
    TableColumn("Status"),
    TableColumn("Due", RIGHT),
    TableColumn("Why", share=2),
)


def handoff_rows(review: Review, dates: DateFormat) -> list[TableRow]:
    risks = review.handoffs_at_risk.rows
    return [_handoff_row(risk, review.as_of, dates) for risk in risks]


def _handoff_row(risk: HandoffRisk, as_of: date, dates: DateFormat) -> TableRow:
    late = risk.due_on is not None and risk.due_on < as_of
    blocked = risk.status is HandoffStatus.BLOCKED
    return TableRow(
        (
            cell(risk.title),
            cell(risk.account_name),
            cell(humanize(risk.status), "alert" if blocked else ""),
            DASH if risk.due_on is None else cell(dates(risk.due_on, as_of)),
            cell(risk.reason(as_of), "alert" if blocked or late else "warn"),
        ),
        key=risk.id,
    )


OVERDUE_COLUMNS = (
    TableColumn("Item", share=3),
    TableColumn("Client", share=2),
    TableColumn("Due", RIGHT),
    TableColumn("Late", RIGHT),
)


def overdue_rows(review: Review, dates: DateFormat) -> list[TableRow]:
    return [_overdue_row(item, review.as_of, dates) for item in review.overdue.rows]


def _overdue_row(item: OverdueItem, as_of: date, dates: DateFormat) -> TableRow:
    return TableRow(
        (
            cell(item.title),
            DASH if item.account_name is None else cell(item.account_name),
            cell(dates(item.due_on, as_of)),
            cell(f"{(as_of - item.due_on).days} d", "alert"),
        ),
        key=item.id,
    )


# -- pipeline ---------------------------------------------------------------------------

PIPELINE_COLUMNS = (
    TableColumn("Stage"),
    TableColumn("Count", RIGHT),
    TableColumn("Amount", RIGHT),
    TableColumn("", share=1),
)


def pipeline_rows(review: Review) -> list[TableRow]:
    """Every stage, its amount drawn against the largest stage's."""
    largest = max((line.amount for line in review.pipeline), default=Decimal(0))
    return [_stage_row(line, largest) for line in review.pipeline]


def _stage_row(line: StageLine, largest: Decimal) -> TableRow:
    tone = _STAGE_TONES.get(line.stage, "")
    return TableRow(
        (
            cell(humanize(line.stage), tone),
            cell(f"{line.count:,}"),
            cell(amount(line.amount)),
            meter(line.amount, largest, BAR_WIDTH, tone or "accent"),
        )
    )


def pipeline_notes(review: Review) -> list[Cell]:
    """The open pipeline (lead to negotiation) in one line."""
    open_lines = [line for line in review.pipeline if line.stage in OPEN_STAGES]
    count = sum(line.count for line in open_lines)
    total = sum((line.amount for line in open_lines), Decimal(0))
    return [
        cell(f"Open (lead to negotiation): {count:,}, {amount(total)}.", "muted"),
        cell(PIPELINE_NOTE, "muted"),
    ]
