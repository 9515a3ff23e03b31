"""The handoff status flow and the completeness gate."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from amtui.domain.handoff_flow import (
    FLOW,
    HandoffFacts,
    gate_message,
    missing_for,
    next_status,
    status_label,
)
from amtui.vocabulary import HandoffStatus as S

READY = HandoffFacts(
    title="Warehouse portal",
    project_manager="Paula Martin",
    brief="Track every pallet; promised a pilot site by March.",
    budget=Decimal("48000.00"),
    due_on=date(2027, 3, 1),
    deliverables=2,
    deliverables_open=(),
)
EMPTY = HandoffFacts(
    title="Warehouse portal",
    project_manager=None,
    brief=None,
    budget=None,
    due_on=None,
    deliverables=0,
    deliverables_open=(),
)
ALL_BASICS = [
    "a project manager",
    "a brief (the client's needs and promises)",
    "a budget",
    "a due date",
    "at least one deliverable",
]
GATED = [S.HANDED_OFF, S.ACCEPTED, S.IN_PROGRESS, S.DELIVERED, S.CLOSED]


def test_flow_is_the_six_statuses_in_order_without_blocked() -> None:
    assert FLOW == (
        S.DRAFT,
        S.HANDED_OFF,
        S.ACCEPTED,
        S.IN_PROGRESS,
        S.DELIVERED,
        S.CLOSED,
    )


@pytest.mark.parametrize(
    ("current", "following"),
    [
        (S.DRAFT, S.HANDED_OFF),
        (S.HANDED_OFF, S.ACCEPTED),
        (S.ACCEPTED, S.IN_PROGRESS),
        (S.IN_PROGRESS, S.DELIVERED),
        (S.DELIVERED, S.CLOSED),
        (S.CLOSED, None),
    ],
)
def test_next_status_follows_the_flow(current: S, following: S | None) -> None:
    assert next_status(current) == following


def test_resumes_only_matters_when_blocked() -> None:
    assert next_status(S.ACCEPTED, resumes=S.DRAFT) == S.IN_PROGRESS


@pytest.mark.parametrize(
    ("resumes", "following"),
    [
        (S.ACCEPTED, S.ACCEPTED),
        (S.IN_PROGRESS, S.IN_PROGRESS),
        (S.HANDED_OFF, S.HANDED_OFF),
        (None, S.DRAFT),
    ],
)
def test_blocked_resumes_its_earlier_status_or_draft(
    resumes: S | None, following: S
) -> None:
    assert next_status(S.BLOCKED, resumes=resumes) == following


def test_blocked_without_history_goes_back_to_draft() -> None:
    assert next_status(S.BLOCKED) == S.DRAFT


@pytest.mark.parametrize("target", list(S))
def test_a_complete_handoff_may_go_anywhere(target: S) -> None:
    assert missing_for(target, READY) == []


@pytest.mark.parametrize("target", [S.DRAFT, S.BLOCKED])
def test_draft_and_blocked_are_never_gated(target: S) -> None:
    assert missing_for(target, EMPTY) == []
    assert missing_for(target, replace(READY, deliverables_open=("Spec",))) == []


@pytest.mark.parametrize("target", GATED)
def test_every_other_target_names_all_that_is_missing_in_order(target: S) -> None:
    assert missing_for(target, EMPTY) == ALL_BASICS


@pytest.mark.parametrize(
    ("change", "missing"),
    [
        ({"project_manager": None}, ["a project manager"]),
        ({"project_manager": ""}, ["a project manager"]),
        ({"project_manager": "  \t "}, ["a project manager"]),
        ({"brief": None}, ["a brief (the client's needs and promises)"]),
        ({"brief": "\n  "}, ["a brief (the client's needs and promises)"]),
        ({"budget": None}, ["a budget"]),
        ({"due_on": None}, ["a due date"]),
        ({"deliverables": 0}, ["at least one deliverable"]),
        (
            {"project_manager": " ", "budget": None, "deliverables": 0},
            ["a project manager", "a budget", "at least one deliverable"],
        ),
        ({"budget": Decimal("0")}, []),
    ],
)
def test_each_requirement_on_its_own(
    change: dict[str, object], missing: list[str]
) -> None:
    assert missing_for(S.HANDED_OFF, replace(READY, **change)) == missing


@pytest.mark.parametrize(
    ("target", "missing"),
    [
        (S.HANDED_OFF, []),
        (S.ACCEPTED, []),
        (S.IN_PROGRESS, []),
        (S.DELIVERED, ["deliverables done (open: Spec, Pilot site)"]),
        (S.CLOSED, ["deliverables done (open: Spec, Pilot site)"]),
    ],
)
def test_delivering_and_closing_need_every_deliverable_done(
    target: S, missing: list[str]
) -> None:
    facts = replace(READY, deliverables_open=("Spec", "Pilot site"))
    assert missing_for(target, facts) == missing


def test_open_deliverables_come_after_the_basics() -> None:
    facts = replace(READY, due_on=None, deliverables_open=("Spec",))
    assert missing_for(S.CLOSED, facts) == [
        "a due date",
        "deliverables done (open: Spec)",
    ]


@pytest.mark.parametrize(
    ("target", "missing", "message"),
    [
        (
            S.HANDED_OFF,
            ["a project manager", "a budget", "at least one deliverable"],
            "Cannot move to handed off yet: it needs a project manager, a budget"
            " and at least one deliverable.",
        ),
        (
            S.IN_PROGRESS,
            ["a due date"],
            "Cannot move to in progress yet: it needs a due date.",
        ),
        (
            S.CLOSED,
            ["a budget", "deliverables done (open: Spec, Pilot site)"],
            "Cannot move to closed yet: it needs a budget"
            " and deliverables done (open: Spec, Pilot site).",
        ),
        (
            S.ACCEPTED,
            ALL_BASICS,
            "Cannot move to accepted yet: it needs a project manager,"
            " a brief (the client's needs and promises), a budget, a due date"
            " and at least one deliverable.",
        ),
    ],
)
def test_gate_message(target: S, missing: list[str], message: str) -> None:
    assert gate_message(target, missing) == message


@pytest.mark.parametrize(
    ("status", "label"),
    [(S.DRAFT, "draft"), (S.HANDED_OFF, "handed off"), (S.IN_PROGRESS, "in progress")],
)
def test_status_label(status: S, label: str) -> None:
    assert status_label(status) == label
