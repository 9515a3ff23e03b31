"""The handoff status flow and the completeness gate that guards it.

A handoff moves draft → handed off → accepted → in progress → delivered → closed,
and may be blocked on the way. Nothing leaves draft until the project manager has
what they need: a brief, a budget, a due date and deliverables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from amtui.vocabulary import HandoffStatus

FLOW: tuple[HandoffStatus, ...] = (
    HandoffStatus.DRAFT,
    HandoffStatus.HANDED_OFF,
    HandoffStatus.ACCEPTED,
    HandoffStatus.IN_PROGRESS,
    HandoffStatus.DELIVERED,
    HandoffStatus.CLOSED,
)
UNGATED = frozenset({HandoffStatus.DRAFT, HandoffStatus.BLOCKED})
NEEDS_DONE = frozenset({HandoffStatus.DELIVERED, HandoffStatus.CLOSED})


@dataclass(frozen=True)
class HandoffFacts:
    """What the gate looks at; `deliverables_open` holds the titles not yet done."""

    title: str
    project_manager: str | None
    brief: str | None
    budget: Decimal | None
    due_on: date | None
    deliverables: int
    deliverables_open: tuple[str, ...]


def next_status(
    current: HandoffStatus, *, resumes: HandoffStatus | None = None
) -> HandoffStatus | None:
    """The status after `current`; None after closed.

    A blocked handoff resumes the status it had before being blocked (`resumes`,
    read from its history by the caller), or draft if that is unknown.
    """
    if current == HandoffStatus.BLOCKED:
        return resumes if resumes is not None else HandoffStatus.DRAFT
    position = FLOW.index(current) + 1
    return FLOW[position] if position < len(FLOW) else None


def missing_for(target: HandoffStatus, facts: HandoffFacts) -> list[str]:
    """What the handoff lacks to move to `target`, in a fixed order; empty if ready."""
    if target in UNGATED:
        return []
    checks = (
        (_filled(facts.project_manager), "a project manager"),
        (_filled(facts.brief), "a brief (the client's needs and promises)"),
        (facts.budget is not None, "a budget"),
        (facts.due_on is not None, "a due date"),
        (facts.deliverables > 0, "at least one deliverable"),
    )
    missing = [need for present, need in checks if not present]
    if target in NEEDS_DONE and facts.deliverables_open:
        missing.append(
            f"deliverables done (open: {', '.join(facts.deliverables_open)})"
        )
    return missing


def gate_message(target: HandoffStatus, missing: Sequence[str]) -> str:
    """One sentence saying why the handoff cannot move to `target` yet."""
    return f"Cannot move to {status_label(target)} yet: it needs {_and_list(missing)}."


def status_label(status: HandoffStatus) -> str:
    """A status as words: `in_progress` → `in progress`."""
    return status.value.replace("_", " ")


def _filled(text: str | None) -> bool:
    return text is not None and text.strip() != ""


def _and_list(items: Sequence[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
