"""`amtui review` and `amtui handoff brief`, run in process on a real SQLite book."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from test_review_report import HOSTILE, build_report_book, noon

from amtui.cli import main
from amtui.domain.periods import IsoWeek
from amtui.store import Database
from amtui.store.models import (
    Account,
    Contact,
    Deliverable,
    Handoff,
    HandoffStatusChange,
    Interaction,
)
from amtui.vocabulary import (
    AccountStatus,
    AccountTier,
    HandoffStatus,
    InteractionKind,
)


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], db_path: Path) -> Callable[..., Run]:
    """Run `amtui ARGS… --db <the test book>` in process."""

    def run(*args: str) -> Run:
        try:
            code = main([*args, "--db", str(db_path)])
        except SystemExit as exit_:  # argparse refusing the command line
            code = exit_.code if isinstance(exit_.code, int) else 1
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def one_error(run: Run, code: int, *words: str) -> None:
    assert (run.code, run.out) == (code, "")
    lines = run.err.strip().splitlines()
    assert len(lines) == 1, run.err
    assert lines[0].startswith("amtui")
    for word in words:
        assert word in lines[0]


@pytest.fixture
def book(db: Database) -> Database:
    build_report_book(db)
    return db


# --- amtui review -------------------------------------------------------------------


def test_review_prints_the_weeks_figures_in_markdown(book: Database, cli) -> None:
    run = cli("review", "--week", "2026-W10")
    assert (run.code, run.err) == (0, "")
    assert run.out.startswith("# Weekly review 2026-W10 · 2-8 Mar 2026\n")
    assert "| 2026-03 | Revenue | 50,000 | 12,500.50 | -37,499.50 | 25% | 26% |" in (
        run.out
    )
    assert "| **Total** | 3 | 4 | ████░░░░░░ |" in run.out
    assert r"| Zeta \| \[bold\]Evil\[/\] \[31m | 30 d | never | 62 | 32 |" in run.out
    assert "\x1b" not in run.out


def test_markdown_is_the_default_and_json_agrees_with_it(book: Database, cli) -> None:
    markdown = cli("review", "--week", "2026-w10").out
    assert cli("review", "--week", "2026-W10", "--format", "markdown").out == markdown
    data = json.loads(cli("review", "--week", "2026-W10", "--format", "json").out)
    for line in data["objectives"]:
        attained = "—" if line["attainment"] is None else f"{line['attainment']}%"
        matching = [
            r
            for r in markdown.splitlines()
            if r.startswith(f"| {line['period']} |")
            and r.endswith(f"| {attained} | {line['elapsed']}% |")
        ]
        assert matching, line
    split = data["time_split"]
    assert f"Conquest {split['conquest_share']}% against" in markdown
    assert split["drift"] == -37  # the conquest phase of most clients aims at 80%
    assert "37 points below target" in markdown
    for key, title in [
        ("accounts_past_cadence", "Accounts past cadence"),
        ("handoffs_at_risk", "Handoffs at risk"),
        ("overdue_agenda", "Overdue agenda"),
    ]:
        assert f"## {title} ({data[key]['total']})" in markdown
    for item in data["overdue_agenda"]["rows"]:
        assert f"| {item['due_on']} |" in markdown
        assert f"| {item['days_overdue']} |" in markdown
    opened = data["pipeline"]["open"]
    amount = f"{Decimal(opened['amount']):,.2f}"
    assert f"| **{opened['count']}** | **{amount}** |" in markdown


def test_review_defaults_to_the_current_week(book: Database, cli) -> None:
    run = cli("review", "--format", "json")
    assert run.code == 0
    assert json.loads(run.out)["week"] == str(IsoWeek.of(date.today()))


def test_a_week_the_year_lacks_is_refused(book: Database, cli) -> None:
    one_error(cli("review", "--week", "2025-W53"), 2, "2025 has weeks 1 to 52")
    one_error(cli("review", "--week", "2026-W54"), 2, "2026 has weeks 1 to 53")
    one_error(cli("review", "--week", "last week"), 2, "like 2026-W48")


def test_the_weeks_across_a_year_end(book: Database, cli) -> None:
    w53 = cli("review", "--week", "2020-W53")
    assert w53.code == 0
    assert w53.out.startswith("# Weekly review 2020-W53 · 28 Dec 2020 - 3 Jan 2021\n")
    data = json.loads(cli("review", "--week", "2021-W01", "--format", "json").out)
    assert (data["first_day"], data["last_day"]) == ("2021-01-04", "2021-01-10")
    weeks = [week["week"] for week in data["time_split"]["weeks"]]
    assert weeks == ["2020-W51", "2020-W52", "2020-W53", "2021-W01"]


def test_a_week_that_has_not_begun_is_refused(book: Database, cli) -> None:
    coming = IsoWeek.of(date.today()).shifted(1)
    one_error(cli("review", "--week", str(coming)), 1, f"{coming} has not begun yet")


def test_a_bad_config_line_warns_but_the_review_still_comes(
    book: Database, cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[review]\nphase = "sideways"\nconquest_split = "70/30"\n', encoding="utf-8"
    )
    monkeypatch.setenv("AMTUI_CONFIG", str(config))
    run = cli("review", "--week", "2026-W10")
    assert run.code == 0
    assert run.err == (
        f"amtui: warning: {config}, line 2: phase is 'sideways', not 'conquest' or "
        "'loyalty'; using the default\n"
    )
    # Most live clients are in the conquest phase, now aimed at 70/30.
    assert "a target of 70/30 (conquest/loyalty) for the conquest phase" in run.out
    assert "(most of your accounts): 27 points below target." in run.out


def test_review_refuses_an_unknown_format_and_a_missing_book(
    cli, db_path: Path
) -> None:
    one_error(cli("review", "--format", "xml"), 2, "invalid choice: 'xml'")
    one_error(cli("review"), 1, "no such database")
    assert not db_path.exists()


# --- amtui handoff brief ------------------------------------------------------------


def add_handoff(db: Database) -> int:
    """A handoff with a written brief, deliverables, a history, and a client with two
    contacts and six interactions."""
    with db.write() as session:
        client = Account(
            name="Acme | Logistics",
            sector="Freight <EU>",
            tier=AccountTier.KEY,
            status=AccountStatus.ACTIVE,
            notes="Market leader in the north.\nCompetes with [bold]Beta[/] on price.",
        )
        session.add(client)
        session.flush()
        claire = Contact(
            account_id=client.id,
            name="Claire Martin",
            role="CFO",
            email="claire_m@acme.example",
            phone="+33 1 23 45 67 89",
        )
        session.add_all([claire, Contact(account_id=client.id, name="Bob")])
        session.flush()
        for day in range(1, 7):
            session.add(
                Interaction(
                    account_id=client.id,
                    contact_id=claire.id if day == 6 else None,
                    occurred_at=noon(date(2026, 10, day)),
                    kind=InteractionKind.CALL,
                    summary=f"Call number {day}",
                )
            )
        handoff = Handoff(
            account_id=client.id,
            title="WMS rollout",
            project_manager="Paul PM",
            brief="# Needs\n- same-day picking\n\nPromised: go-live \x1b[2Jbefore peak",
            budget=Decimal("48000.50"),
            currency="EUR",
            start_on=date(2026, 10, 1),
            due_on=date(2026, 12, 15),
            status=HandoffStatus.HANDED_OFF,
        )
        session.add(handoff)
        session.flush()
        session.add_all(
            [
                Deliverable(
                    handoff_id=handoff.id,
                    title="Spec",
                    due_on=date(2026, 10, 20),
                    done=True,
                ),
                Deliverable(handoff_id=handoff.id, title="Go-live"),
                HandoffStatusChange(
                    handoff_id=handoff.id,
                    from_status=None,
                    to_status=HandoffStatus.DRAFT,
                    changed_at=datetime(2026, 9, 30, 12, tzinfo=UTC),
                ),
                HandoffStatusChange(
                    handoff_id=handoff.id,
                    from_status=HandoffStatus.DRAFT,
                    to_status=HandoffStatus.HANDED_OFF,
                    changed_at=datetime(2026, 10, 1, 12, tzinfo=UTC),
                ),
            ]
        )
        return handoff.id


def test_handoff_brief_gives_a_pm_the_whole_story(db: Database, cli) -> None:
    handoff_id = add_handoff(db)
    run = cli("handoff", "brief", str(handoff_id))
    assert (run.code, run.err) == (0, "")
    out = run.out
    assert out.startswith(f"# Handoff brief #{handoff_id}: WMS rollout\n")
    for line in [
        "- **Status:** handed off",
        "- **Project manager:** Paul PM",
        "- **Start:** 2026-10-01",
        "- **Due:** 2026-12-15",
        "- **Budget:** 48,000.50 EUR",
        r"- **Name:** Acme \| Logistics",
        r"- **Sector:** Freight \<EU\>",
        "- **Tier:** key",
        "- **Status:** active",
        "Market leader in the north.  ",
        r"Competes with \[bold\]Beta\[/\] on price.",
        "\\# Needs  ",
        "\\- same-day picking",
        r"Promised: go-live \[2Jbefore peak",
        "## Deliverables (1/2 done)",
        "| Spec | 2026-10-20 | done |",
        "| Go-live | — | open |",
        r"| Claire Martin | CFO | claire\_m@acme.example | +33 1 23 45 67 89 |",
        "| Bob | — | — | — |",
        "| 2026-10-06 | call | Call number 6 | Claire Martin |",
        "| 2026-10-02 | call | Call number 2 | — |",
    ]:
        assert line in out.splitlines(), line
    history = section_lines(out, "## Status history")
    assert [line.split(" | ")[1:] for line in history] == [
        ["—", "draft |"],
        ["draft", "handed off |"],
    ]
    assert "Call number 1" not in out  # only the last five interactions
    assert "\x1b" not in out
    assert out.index("Call number 6") < out.index("Call number 5")


def section_lines(markdown: str, heading: str) -> list[str]:
    """The body rows of the table under `heading`."""
    body = markdown.split(f"{heading}\n\n", 1)[1].split("\n\n", 1)[0]
    return body.splitlines()[2:]


def test_a_bare_handoff_brief_says_what_is_missing(db: Database, cli) -> None:
    with db.write() as session:
        client = Account(name=HOSTILE)
        session.add(client)
        session.flush()
        handoff = Handoff(account_id=client.id, title="Bare")
        session.add(handoff)
        session.flush()
        handoff_id = handoff.id
    out = cli("handoff", "brief", str(handoff_id), "--format", "markdown").out
    for text in [
        "- **Budget:** not set",
        "No notes.",
        "No brief written.",
        "## Deliverables\n\nNone.",
        "No change recorded.",
        "## Client contacts\n\nNone.",
        "None logged.",
        r"- **Name:** Zeta \| \[bold\]Evil\[/\] \[31m",
    ]:
        assert text in out, text


def test_an_unknown_handoff_is_one_error_line(db: Database, cli) -> None:
    add_handoff(db)
    run = cli("handoff", "brief", "42")
    assert (run.code, run.out, run.err) == (1, "", "amtui: error: no handoff #42\n")


@pytest.mark.parametrize("bad", ["abc", "0", "-3", "1.5"])
def test_a_handoff_number_must_be_a_positive_whole_number(
    db: Database, cli, bad: str
) -> None:
    one_error(cli("handoff", "brief", bad), 2, "ID")


def test_handoff_needs_an_action(db: Database, cli) -> None:
    one_error(cli("handoff"), 2, "required")


def test_the_report_commands_do_not_load_textual(book: Database, db_path: Path) -> None:
    add_handoff(book)
    code = (
        "import sys\n"
        "from amtui.cli import main\n"
        "for command in (['review'], ['review', '--format', 'json'],"
        " ['handoff', 'brief', '1']):\n"
        f"    assert main([*command, '--db', {str(db_path)!r}]) == 0\n"
        "print(sorted(n for n in sys.modules if n.split('.')[0] == 'textual'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert re.fullmatch(r"\[\]", out.stdout.strip().splitlines()[-1])
