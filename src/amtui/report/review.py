"""The weekly review as Markdown (to read or keep) and as JSON (to process).

Both read the one `Review` the store built, so their figures cannot disagree.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

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
from amtui.report.format import (
    NONE,
    amount,
    bar,
    day,
    inline,
    percent_text,
    signed,
    table,
    words,
)
from amtui.vocabulary import OpportunityStage

OPEN_STAGES = (
    OpportunityStage.LEAD,
    OpportunityStage.QUALIFIED,
    OpportunityStage.PROPOSAL,
    OpportunityStage.NEGOTIATION,
)


def review_markdown(review: Review) -> str:
    """The review as a Markdown document, one section per part of the review."""
    sections = [
        f"# Weekly review {review.week.describe()}\n\nAs of {review.as_of:%a %d %b %Y}.",
        _objectives_md(review),
        _split_md(review.split),
        _lapses_md(review.lapses),
        _handoffs_md(review),
        _overdue_md(review),
        _pipeline_md(review.pipeline),
    ]
    return "\n\n".join(sections) + "\n"


def review_json(review: Review) -> dict[str, Any]:
    """The review as plain JSON types: ISO dates, amounts as strings, whole percents."""
    return {
        "week": str(review.week),
        "first_day": review.week.monday.isoformat(),
        "last_day": review.week.sunday.isoformat(),
        "as_of": review.as_of.isoformat(),
        "objectives": [_objective_json(line) for line in review.objectives],
        "time_split": _split_json(review.split),
        "accounts_past_cadence": _shortlist_json(review.lapses, _lapse_json),
        "handoffs_at_risk": _shortlist_json(
            review.handoffs_at_risk, lambda risk: _risk_json(risk, review)
        ),
        "overdue_agenda": _shortlist_json(
            review.overdue, lambda item: _overdue_json(item, review)
        ),
        "pipeline": {
            "stages": [_stage_json(line) for line in review.pipeline],
            "open": _stage_total_json(_open_lines(review.pipeline)),
        },
    }


# -- objectives ---------------------------------------------------------------------


def _objectives_md(review: Review) -> str:
    heading = "## Objectives"
    if not review.objectives:
        return f"{heading}\n\nNo objective for a period this week touches."
    rows = [_objective_row(line) for line in review.objectives]
    head = ["Period", "Objective", "Target", "Actual", "Gap", "Attained", "Elapsed"]
    return f"{heading}\n\n{table(head, 'llrrrrr', rows)}"


def _objective_row(line: ObjectiveLine) -> list[str]:
    elapsed = percent_text(line.elapsed)
    if line.is_qualitative:
        status = words(line.status) if line.status else "no status"
        return [
            line.period.name,
            inline(line.title),
            NONE,
            status,
            NONE,
            NONE,
            elapsed,
        ]
    return [
        line.period.name,
        inline(line.title),
        _figure(line.target),
        _figure(line.actual),
        NONE if line.gap is None else signed(line.gap),
        percent_text(line.attainment),
        elapsed,
    ]


def _objective_json(line: ObjectiveLine) -> dict[str, Any]:
    return {
        "id": line.id,
        "period": line.period.name,
        "period_first_day": line.period.first.isoformat(),
        "period_last_day": line.period.last.isoformat(),
        "metric": line.metric.value,
        "title": line.title,
        "qualitative": line.is_qualitative,
        "text": line.text,
        "status": line.status.value if line.status else None,
        "target": _decimal(line.target),
        "actual": _decimal(line.actual),
        "gap": _decimal(line.gap),
        "attainment": line.attainment,
        "elapsed": line.elapsed,
    }


# -- time split ---------------------------------------------------------------------


def _split_md(split: TimeSplit) -> str:
    rows = [
        [
            week.week.describe(),
            f"{week.conquest:,}",
            f"{week.loyalty:,}",
            bar(percent(week.conquest, week.conquest + week.loyalty)),
        ]
        for week in split.weeks
    ]
    rows.append(
        [
            "**Total**",
            f"{split.conquest:,}",
            f"{split.loyalty:,}",
            bar(split.conquest_share),
        ]
    )
    head = ["Week", "Conquest", "Loyalty", "Conquest share"]
    return "\n\n".join(
        [
            f"## Time split (last {len(split.weeks)} weeks)",
            table(head, "lrrl", rows),
            _split_verdict(split),
        ]
    )


def _split_verdict(split: TimeSplit) -> str:
    target = (
        f"a target of {split.target} (conquest/loyalty) for the {split.phase} phase "
        f"({split.phase_reason})"
    )
    if split.conquest_share is None or split.drift is None:
        return f"No interaction logged in these weeks, against {target}."
    if split.drift == 0:
        drift = "on target"
    else:
        side = "above" if split.drift > 0 else "below"
        drift = f"{abs(split.drift)} points {side} target"
    return f"Conquest {split.conquest_share}% against {target}: {drift}."


def _split_json(split: TimeSplit) -> dict[str, Any]:
    return {
        "weeks": [
            {
                "week": str(week.week),
                "first_day": week.week.monday.isoformat(),
                "conquest": week.conquest,
                "loyalty": week.loyalty,
            }
            for week in split.weeks
        ],
        "conquest": split.conquest,
        "loyalty": split.loyalty,
        "conquest_share": split.conquest_share,
        "phase": split.phase.value,
        "phase_reason": split.phase_reason,
        "target": {"conquest": split.target.conquest, "loyalty": split.target.loyalty},
        "drift": split.drift,
    }


# -- attention lists ----------------------------------------------------------------


def _lapses_md(lapses: Shortlist[CadenceLapse]) -> str:
    rows = [
        [
            inline(lapse.name),
            f"{lapse.cadence_days:,} d",
            day(lapse.last_contact_on) if lapse.last_contact_on else "never",
            f"{lapse.days_since:,}",
            f"{lapse.days_over:,}",
        ]
        for lapse in lapses.rows
    ]
    head = ["Account", "Cadence", "Last contact", "Days since", "Days over"]
    return _list_md("Accounts past cadence", lapses, head, "lrlrr", rows)


def _handoffs_md(review: Review) -> str:
    rows = [
        [
            inline(risk.title),
            inline(risk.account_name),
            words(risk.status),
            day(risk.due_on),
            f"{risk.open_deliverables:,}/{risk.deliverables:,}",
            risk.reason(review.as_of),
        ]
        for risk in review.handoffs_at_risk.rows
    ]
    head = ["Handoff", "Client", "Status", "Due", "Open", "Why"]
    return _list_md("Handoffs at risk", review.handoffs_at_risk, head, "llllrl", rows)


def _overdue_md(review: Review) -> str:
    rows = [
        [
            day(item.due_on),
            inline(item.title),
            inline(item.account_name) if item.account_name else NONE,
            f"{(review.as_of - item.due_on).days:,}",
        ]
        for item in review.overdue.rows
    ]
    head = ["Due", "Title", "Client", "Days overdue"]
    return _list_md("Overdue agenda", review.overdue, head, "lllr", rows)


def _list_md(
    title: str,
    shortlist: Shortlist[Any],
    head: list[str],
    align: str,
    rows: list[list[str]],
) -> str:
    """A section holding an attention list: its total, its table, what is left out."""
    if not shortlist.total:
        return f"## {title}\n\nNone."
    parts = [f"## {title} ({shortlist.total:,})", table(head, align, rows)]
    if shortlist.hidden:
        parts.append(f"…and {shortlist.hidden:,} more.")
    return "\n\n".join(parts)


def _shortlist_json(shortlist: Shortlist[Any], row: Any) -> dict[str, Any]:
    return {"total": shortlist.total, "rows": [row(item) for item in shortlist.rows]}


def _lapse_json(lapse: CadenceLapse) -> dict[str, Any]:
    return {
        "account_id": lapse.account_id,
        "name": lapse.name,
        "tier": lapse.tier.value,
        "cadence_days": lapse.cadence_days,
        "last_contact_on": _iso(lapse.last_contact_on),
        "days_since": lapse.days_since,
        "days_over": lapse.days_over,
    }


def _risk_json(risk: HandoffRisk, review: Review) -> dict[str, Any]:
    return {
        "id": risk.id,
        "title": risk.title,
        "client": risk.account_name,
        "status": risk.status.value,
        "due_on": _iso(risk.due_on),
        "open_deliverables": risk.open_deliverables,
        "deliverables": risk.deliverables,
        "reason": risk.reason(review.as_of),
    }


def _overdue_json(item: OverdueItem, review: Review) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": item.title,
        "client": item.account_name,
        "due_on": item.due_on.isoformat(),
        "days_overdue": (review.as_of - item.due_on).days,
    }


# -- pipeline -----------------------------------------------------------------------

PIPELINE_NOTE = "Every deal as the book stands now, whatever the week reviewed."


def _pipeline_md(pipeline: tuple[StageLine, ...]) -> str:
    rows = [
        [words(line.stage), f"{line.count:,}", amount(line.amount)] for line in pipeline
    ]
    opened = _open_lines(pipeline)
    rows.append(
        [
            "**Open (lead to negotiation)**",
            f"**{sum(line.count for line in opened):,}**",
            f"**{amount(_total(opened))}**",
        ]
    )
    stages = table(["Stage", "Count", "Amount"], "lrr", rows)
    return f"## Pipeline by stage\n\n{PIPELINE_NOTE}\n\n{stages}"


def _open_lines(pipeline: tuple[StageLine, ...]) -> list[StageLine]:
    return [line for line in pipeline if line.stage in OPEN_STAGES]


def _total(lines: list[StageLine]) -> Decimal:
    return sum((line.amount for line in lines), Decimal(0))


def _stage_json(line: StageLine) -> dict[str, Any]:
    return {"stage": line.stage.value, "count": line.count, "amount": str(line.amount)}


def _stage_total_json(lines: list[StageLine]) -> dict[str, Any]:
    return {
        "count": sum(line.count for line in lines),
        "amount": str(_total(lines)),
    }


# -- figures ------------------------------------------------------------------------


def _figure(value: Decimal | None) -> str:
    return NONE if value is None else amount(value)


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()
