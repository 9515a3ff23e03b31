"""The review as Markdown and JSON, from a hand-built book whose figures are known.

The week is 2026-W10 (Mon 2 to Sun 8 March 2026), reviewed after it ended, so the
review is taken as of Sunday 8 March; the time split covers W07 to W10.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest

from amtui.domain.periods import IsoWeek
from amtui.domain.review import Review
from amtui.report.format import amount, inline, json_text, paragraphs
from amtui.report.review import review_json, review_markdown
from amtui.store import Database
from amtui.store.models import (
    Account,
    AgendaItem,
    Deliverable,
    Handoff,
    Interaction,
    Objective,
    Opportunity,
)
from amtui.store.review import build_review
from amtui.vocabulary import (
    AccountPhase,
    AccountStatus,
    AccountTier,
    HandoffStatus,
    InteractionKind,
    ObjectiveMetric,
    ObjectiveStatus,
    OpportunityStage,
)

WEEK = IsoWeek(2026, 10)
LATER = date(2026, 3, 20)  # any day after the week: the review is as of its Sunday
HOSTILE = "Zeta | [bold]Evil[/] \x1b[31m"
QUALITATIVE = "Win back `Cobalt` | <b>trust</b>\nfor good"


def noon(day: date) -> datetime:
    """The UTC instant of local noon on `day`: its local date is unambiguous."""
    return datetime.combine(day, time(12)).astimezone().astimezone(UTC)


def build_report_book(db: Database) -> None:
    """Four clients, a log over five weeks, a pipeline, handoffs, agenda, objectives."""
    created = noon(date(2026, 1, 5))
    with db.write() as session:

        def client(name: str, **fields: object) -> int:
            record = Account(name=name, created_at=created, **fields)
            session.add(record)
            session.flush()
            return record.id

        acme = client(
            "Acme Logistics",
            status=AccountStatus.ACTIVE,
            phase=AccountPhase.LOYALTY,
            tier=AccountTier.KEY,
            cadence_days=10,
        )
        borealis = client(
            "Borealis Foods", status=AccountStatus.PROSPECT, cadence_days=7
        )
        cobalt = client("Cobalt Bank", status=AccountStatus.ACTIVE, cadence_days=14)
        zeta = client(HOSTILE, status=AccountStatus.ACTIVE, cadence_days=30)

        for account_id, kind, month, day in [
            (cobalt, InteractionKind.CALL, 2, 1),  # before the split's four weeks
            (borealis, InteractionKind.CALL, 2, 10),  # W07 conquest
            (borealis, InteractionKind.EMAIL, 2, 17),  # W08 conquest
            (acme, InteractionKind.CALL, 2, 18),  # W08 loyalty
            (acme, InteractionKind.CALL, 2, 24),  # W09 loyalty
            (acme, InteractionKind.MEETING, 3, 3),  # W10 loyalty, a meeting
            (borealis, InteractionKind.VISIT, 3, 4),  # W10 conquest, a meeting
            (acme, InteractionKind.EMAIL, 3, 5),  # W10 loyalty
        ]:
            session.add(
                Interaction(
                    account_id=account_id,
                    kind=kind,
                    occurred_at=noon(date(2026, month, day)),
                    summary=f"{kind} on {month}/{day}",
                )
            )

        for account_id, title, value, stage, closed in [
            (acme, "Renewal", "12500.50", OpportunityStage.WON, date(2026, 3, 5)),
            (borealis, "First deal", "30000", OpportunityStage.WON, date(2026, 2, 20)),
            (acme, "Upsell", "1000", OpportunityStage.LEAD, None),
            (borealis, "Plant", "250000.75", OpportunityStage.PROPOSAL, None),
            (cobalt, "Core", "1200000", OpportunityStage.NEGOTIATION, None),
            (zeta, "Lost one", "5000", OpportunityStage.LOST, date(2026, 2, 2)),
        ]:
            session.add(
                Opportunity(
                    account_id=account_id,
                    title=title,
                    amount=Decimal(value),
                    stage=stage,
                    closed_on=closed,
                )
            )

        wms = Handoff(
            account_id=zeta,
            title="WMS | rollout",
            status=HandoffStatus.IN_PROGRESS,
            due_on=date(2026, 3, 12),
        )
        blocked = Handoff(
            account_id=borealis, title="Data migration", status=HandoffStatus.BLOCKED
        )
        later = Handoff(
            account_id=acme,
            title="Later",
            status=HandoffStatus.ACCEPTED,
            due_on=date(2026, 5, 1),
        )
        session.add_all([wms, blocked, later])
        session.flush()
        session.add_all(
            [
                Deliverable(handoff_id=wms.id, title="Spec", done=True),
                Deliverable(handoff_id=wms.id, title="Pilot"),
                Deliverable(handoff_id=wms.id, title="Go-live"),
                Deliverable(handoff_id=later.id, title="Plan"),
            ]
        )

        session.add_all(
            [
                AgendaItem(
                    account_id=acme, due_on=date(2026, 3, 2), title="Send QBR deck"
                ),
                AgendaItem(due_on=date(2026, 3, 7), title="Call <b>back</b> | Zeta"),
                AgendaItem(
                    due_on=date(2026, 3, 1),
                    title="Done in time",
                    done_at=noon(date(2026, 3, 2)),
                ),
                AgendaItem(due_on=date(2026, 3, 8), title="Due on the day"),
            ]
        )

        session.add_all(
            [
                Objective(
                    period="2026-03",
                    metric=ObjectiveMetric.REVENUE,
                    target=Decimal("50000"),
                ),
                Objective(
                    period="2026-03",
                    metric=ObjectiveMetric.CUSTOM,
                    text=QUALITATIVE,
                    status=ObjectiveStatus.AT_RISK,
                ),
                Objective(
                    period="2026-Q1",
                    metric=ObjectiveMetric.MEETINGS,
                    target=Decimal("10"),
                ),
                Objective(
                    period="2026-Q1",
                    metric=ObjectiveMetric.CUSTOM,
                    text="NPS",
                    target=Decimal("8.5"),
                    manual_actual=Decimal("7.25"),
                ),
                Objective(
                    period="2026",
                    metric=ObjectiveMetric.NEW_ACCOUNTS,
                    target=Decimal("0"),
                ),
                Objective(
                    period="2026-04",
                    metric=ObjectiveMetric.MEETINGS,
                    target=Decimal("1"),
                ),
            ]
        )


@pytest.fixture
def review(db: Database) -> Review:
    build_report_book(db)
    return build_review(db, WEEK, LATER, phase=AccountPhase.LOYALTY)


@pytest.fixture
def markdown(review: Review) -> str:
    return review_markdown(review)


def section(markdown: str, title: str) -> str:
    """The text of the `## title…` section, up to the next one."""
    match = re.search(rf"^## {re.escape(title)}.*?(?=^## |\Z)", markdown, re.M | re.S)
    assert match is not None, title
    return match[0]


def rows(markdown: str, title: str) -> list[list[str]]:
    """The cells of a section's table, header and rule left out."""
    lines = [line for line in section(markdown, title).splitlines() if line[:1] == "|"]
    return [re.split(r"(?<!\\) \| ", line[2:-2]) for line in lines[2:]]


# --- Markdown -----------------------------------------------------------------------


def test_the_title_names_the_week_and_its_days(markdown: str) -> None:
    assert markdown.startswith("# Weekly review 2026-W10 · 2-8 Mar 2026\n")
    assert "As of Sun 08 Mar 2026." in markdown


def test_objectives_show_target_actual_gap_attainment_and_elapsed(
    markdown: str,
) -> None:
    assert rows(markdown, "Objectives") == [
        ["2026-03", "Revenue", "50,000", "12,500.50", "-37,499.50", "25%", "26%"],
        [
            "2026-03",
            r"Win back \`Cobalt\` \| \<b\>trust\</b\> for good",
            "—",
            "at risk",
            "—",
            "—",
            "26%",
        ],
        ["2026-Q1", "Meetings", "10", "2", "-8", "20%", "74%"],
        ["2026-Q1", "NPS", "8.50", "7.25", "-1.25", "85%", "74%"],
        ["2026", "New accounts", "0", "4", "+4", "—", "18%"],
    ]


def test_the_time_split_counts_each_week_against_the_phase_target(
    markdown: str,
) -> None:
    split = section(markdown, "Time split")
    assert rows(markdown, "Time split") == [
        ["2026-W07 · 9-15 Feb 2026", "1", "0", "██████████"],
        ["2026-W08 · 16-22 Feb 2026", "1", "1", "█████░░░░░"],
        ["2026-W09 · 23 Feb - 1 Mar 2026", "0", "1", "░░░░░░░░░░"],
        ["2026-W10 · 2-8 Mar 2026", "1", "2", "███░░░░░░░"],
        ["**Total**", "3", "4", "████░░░░░░"],
    ]
    assert (
        "Conquest 43% against a target of 20/80 (conquest/loyalty) for the loyalty "
        "phase (set in the config): 23 points above target." in split
    )


def test_accounts_past_cadence_come_worst_first(markdown: str) -> None:
    assert "## Accounts past cadence (2)" in markdown
    assert rows(markdown, "Accounts past cadence") == [
        ["Cobalt Bank", "14 d", "2026-02-01", "35", "21"],
        [r"Zeta \| \[bold\]Evil\[/\] \[31m", "30 d", "never", "62", "32"],
    ]


def test_handoffs_at_risk_say_why(markdown: str) -> None:
    assert rows(markdown, "Handoffs at risk") == [
        [
            r"WMS \| rollout",
            r"Zeta \| \[bold\]Evil\[/\] \[31m",
            "in progress",
            "2026-03-12",
            "2/3",
            "due in 4 d, 2 deliverable(s) open",
        ],
        ["Data migration", "Borealis Foods", "blocked", "—", "0/0", "blocked"],
    ]


def test_overdue_agenda_items_count_their_days(markdown: str) -> None:
    assert rows(markdown, "Overdue agenda") == [
        ["2026-03-02", "Send QBR deck", "Acme Logistics", "6"],
        ["2026-03-07", r"Call \<b\>back\</b\> \| Zeta", "—", "1"],
    ]


def test_the_pipeline_totals_the_open_stages(markdown: str) -> None:
    assert rows(markdown, "Pipeline by stage") == [
        ["lead", "1", "1,000"],
        ["qualified", "0", "0"],
        ["proposal", "1", "250,000.75"],
        ["negotiation", "1", "1,200,000"],
        ["won", "2", "42,500.50"],
        ["lost", "1", "5,000"],
        ["**Open (lead to negotiation)**", "**3**", "**1,451,000.75**"],
    ]


def test_no_user_text_reaches_the_markdown_raw(markdown: str) -> None:
    assert "\x1b" not in markdown
    assert "[bold]" not in markdown
    assert "<b>" not in markdown
    assert "`Cobalt`" not in markdown


def test_every_table_row_has_as_many_cells_as_its_header(markdown: str) -> None:
    tables = re.findall(r"(?:^\|.*\|\n)+", markdown, re.M)
    assert len(tables) == 6
    for table in tables:
        counts = {len(re.split(r"(?<!\\)\|", line)) for line in table.splitlines()}
        assert len(counts) == 1, table


def test_an_empty_book_says_so_in_every_section(db: Database) -> None:
    markdown = review_markdown(build_review(db, WEEK, LATER))
    assert "No objective for a period this week touches." in markdown
    assert "No interaction logged in these weeks" in markdown
    for title in ("Accounts past cadence", "Handoffs at risk", "Overdue agenda"):
        assert f"## {title}\n\nNone." in markdown


def test_a_long_list_says_how_many_more(db: Database) -> None:
    with db.write() as session:
        session.add_all(
            AgendaItem(due_on=date(2026, 3, 1), title=f"Item {n}") for n in range(30)
        )
    markdown = review_markdown(build_review(db, WEEK, LATER))
    assert "## Overdue agenda (30)" in markdown
    assert len(rows(markdown, "Overdue agenda")) == 25
    assert "…and 5 more." in markdown


# --- JSON ---------------------------------------------------------------------------


def test_json_holds_the_same_figures_in_plain_types(review: Review) -> None:
    data = json.loads(json_text(review_json(review)))
    assert data["week"] == "2026-W10"
    assert (data["first_day"], data["last_day"], data["as_of"]) == (
        "2026-03-02",
        "2026-03-08",
        "2026-03-08",
    )
    revenue, qualitative, meetings, nps, new = data["objectives"]
    assert (revenue["target"], revenue["actual"], revenue["gap"]) == (
        "50000.00",
        "12500.50",
        "-37499.50",
    )
    assert (revenue["attainment"], revenue["elapsed"]) == (25, 26)
    assert qualitative["qualitative"] is True
    assert (qualitative["text"], qualitative["status"]) == (QUALITATIVE, "at_risk")
    assert qualitative["target"] is None and qualitative["attainment"] is None
    assert (meetings["actual"], meetings["attainment"]) == ("2", 20)
    assert (nps["gap"], nps["attainment"]) == ("-1.25", 85)
    assert (new["actual"], new["attainment"]) == ("4", None)
    split = data["time_split"]
    assert [(w["conquest"], w["loyalty"]) for w in split["weeks"]] == [
        (1, 0),
        (1, 1),
        (0, 1),
        (1, 2),
    ]
    assert (split["conquest_share"], split["drift"], split["phase"]) == (
        43,
        23,
        "loyalty",
    )
    assert split["target"] == {"conquest": 20, "loyalty": 80}
    lapses = data["accounts_past_cadence"]
    assert lapses["total"] == 2
    assert lapses["rows"][1]["name"] == HOSTILE  # the data stays exactly as typed
    assert lapses["rows"][1]["last_contact_on"] is None
    assert [r["reason"] for r in data["handoffs_at_risk"]["rows"]] == [
        "due in 4 d, 2 deliverable(s) open",
        "blocked",
    ]
    assert [r["days_overdue"] for r in data["overdue_agenda"]["rows"]] == [6, 1]
    assert data["pipeline"]["open"] == {"count": 3, "amount": "1451000.75"}


def test_json_text_prints_no_control_character_raw() -> None:
    data = {"name": "Zeta \x1b[31m \x9b2J \u202e évité"}
    printed = json_text(data)
    assert "\x1b" not in printed and "\x9b" not in printed
    assert "\u202e" not in printed
    assert "évité" in printed
    assert json.loads(printed) == data


# --- the formatting helpers ---------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("0", "0"),
        ("-0.00", "0"),
        ("1500", "1,500"),
        ("1500.00", "1,500"),
        ("1500.5", "1,500.50"),
        ("-37499.50", "-37,499.50"),
        ("1234567.89", "1,234,567.89"),
    ],
)
def test_amounts_show_cents_only_when_there_are_some(value: str, shown: str) -> None:
    assert amount(Decimal(value)) == shown


def test_inline_text_is_literal_markdown_on_one_line() -> None:
    assert inline(HOSTILE) == r"Zeta \| \[bold\]Evil\[/\] \[31m"
    assert inline("a\nb\r\nc") == "a b c"
    assert inline(r"*x* _y_ ~z~ \ &amp; & <i>") == (
        r"\*x\* \_y\_ \~z\~ \\ \&amp; & \<i\>"
    )


def test_paragraphs_keep_lines_and_neutralise_block_syntax() -> None:
    text = "# Needs\n- fast\n2026. year\n\n> quoted\x07\n=="
    assert paragraphs(text) == (
        "\\# Needs  \n\\- fast  \n2026\\. year\n\n\\> quoted  \n\\=="
    )
