"""`amtui log` and `amtui agenda`: capture and what is due, from the shell."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from amtui.cli import main
from amtui.store import Database
from amtui.store.models import Account, AgendaItem, Contact, Interaction
from amtui.vocabulary import AgendaKind, InteractionKind

TODAY = date.today()


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], db_path: Path) -> Callable[..., Run]:
    """Run `amtui COMMAND --db <the test book> ARGS…` in process."""

    def run(command: str, *args: str) -> Run:
        try:
            code = main([command, "--db", str(db_path), *args])
        except SystemExit as exit_:  # argparse refusing the command line
            code = exit_.code if isinstance(exit_.code, int) else 1
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def one_error(run: Run, code: int, *words: str) -> str:
    assert run.code == code
    assert run.out == ""
    lines = run.err.strip().splitlines()
    assert len(lines) == 1, run.err
    assert lines[0].startswith("amtui")
    assert "Traceback" not in run.err
    for word in words:
        assert word in lines[0]
    return lines[0]


def interactions(db: Database) -> list[Interaction]:
    with db.read() as session:
        found = session.scalars(select(Interaction).order_by(Interaction.id)).all()
        session.expunge_all()
        return list(found)


def agenda_items(db: Database) -> list[AgendaItem]:
    with db.read() as session:
        found = session.scalars(select(AgendaItem).order_by(AgendaItem.id)).all()
        session.expunge_all()
        return list(found)


def count(db: Database, model: type) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def latest(db: Database) -> Interaction:
    return interactions(db)[-1]


def add_account(db: Database, name: str, **fields: object) -> int:
    with db.write() as session:
        account = Account(name=name, **fields)
        session.add(account)
        session.flush()
        return account.id


def amtui(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "amtui", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ),
        stdin=subprocess.DEVNULL,
    )


def assert_one_line_error(
    result: subprocess.CompletedProcess[str], code: int, *words: str
) -> None:
    one_error(Run(result.returncode, result.stdout, result.stderr), code, *words)


# --- amtui log ----------------------------------------------------------------------


def test_log_by_exact_name_ignoring_case(
    cli, db: Database, small_book: dict[str, int]
) -> None:
    before = datetime.now(UTC)
    run = cli("log", "acme logistics", "Renewal talk")
    after = datetime.now(UTC)
    assert run.code == 0, run.err
    assert run.err == ""
    assert run.out == "Logged call with Acme Logistics: Renewal talk\n"
    logged = latest(db)
    assert logged.account_id == small_book["Acme Logistics"]
    assert logged.kind is InteractionKind.CALL
    assert logged.summary == "Renewal talk"
    assert logged.contact_id is None
    assert logged.follow_up_on is None
    assert logged.occurred_at.tzinfo is not None
    assert before <= logged.occurred_at <= after
    assert count(db, AgendaItem) == 5  # no follow-up, no new item


def test_log_by_prefix(cli, db: Database, small_book: dict[str, int]) -> None:
    run = cli("log", "BOR", "Tasting session")
    assert run.code == 0, run.err
    assert "Borealis Foods" in run.out
    assert latest(db).account_id == small_book["Borealis Foods"]


def test_log_joins_unquoted_summary_words(cli, db: Database, small_book) -> None:
    assert cli("log", "cobalt", "met", "the", "new", "CFO").code == 0
    assert latest(db).summary == "met the new CFO"


def test_log_to_an_ambiguous_prefix_lists_the_candidates(
    cli, db: Database, small_book: dict[str, int]
) -> None:
    add_account(db, "Acme Retail")
    before = count(db, Interaction)
    line = one_error(cli("log", "acme", "hello"), 1, "matches several clients")
    assert "Acme Logistics, Acme Retail" in line
    assert count(db, Interaction) == before


def test_log_to_an_unknown_or_archived_client(
    cli, db: Database, small_book: dict[str, int]
) -> None:
    add_account(db, "Omega Archived", archived=True)
    before = count(db, Interaction)
    one_error(cli("log", "xyz", "hello"), 1, "no client matches 'xyz'")
    one_error(cli("log", "omega", "hello"), 1, "no client matches 'omega'")
    one_error(cli("log", "  ", "hello"), 1, "a client is required")
    assert count(db, Interaction) == before


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("mail", InteractionKind.EMAIL),
        ("meet", InteractionKind.MEETING),
        ("phone", InteractionKind.CALL),
        ("Visit", InteractionKind.VISIT),
        ("note", InteractionKind.NOTE),
        ("gift", InteractionKind.GIFT),
    ],
)
def test_log_with_a_kind_or_its_alias(
    cli, db: Database, small_book, word: str, kind: InteractionKind
) -> None:
    run = cli("log", "delta", "Something", "--kind", word)
    assert run.code == 0, run.err
    assert latest(db).kind is kind
    assert run.out.startswith(f"Logged {kind.value} ")


def test_log_with_a_bad_kind(cli, db: Database, small_book) -> None:
    before = count(db, Interaction)
    line = one_error(cli("log", "acme", "x", "--kind", "fax"), 2, "--kind", "'fax'")
    assert "call, meeting, email, visit, note, gift" in line
    assert count(db, Interaction) == before


def test_log_with_a_contact(cli, db: Database, small_book: dict[str, int]) -> None:
    with db.read() as session:
        claire = session.scalar(
            select(Contact.id).where(Contact.name == "Claire Martin")
        )
    assert cli("log", "acme", "Budget", "--contact", "claire martin").code == 0
    assert latest(db).contact_id == claire
    assert cli("log", "acme", "Budget again", "--contact", "CLA").code == 0
    assert latest(db).contact_id == claire


def test_log_with_an_unknown_or_ambiguous_contact(
    cli, db: Database, small_book: dict[str, int]
) -> None:
    with db.write() as session:
        session.add_all(
            [
                Contact(account_id=small_book["Acme Logistics"], name="Bob Stone"),
                Contact(account_id=small_book["Acme Logistics"], name="Bob Smith"),
            ]
        )
    before = count(db, Interaction)
    one_error(
        cli("log", "acme", "x", "--contact", "Zoe"),
        1,
        "no contact of Acme Logistics is called 'Zoe'",
    )
    one_error(cli("log", "acme", "x", "--contact", "bob"), 1, "Bob Smith, Bob Stone")
    # Claire works at Acme, not at Borealis
    one_error(
        cli("log", "borealis", "x", "--contact", "Claire"),
        1,
        "no contact of Borealis Foods is called 'Claire'",
    )
    one_error(cli("log", "acme", "x", "--contact", " "), 1, "--contact needs a name")
    assert count(db, Interaction) == before


def test_log_with_a_follow_up_puts_it_on_the_agenda(
    cli, db: Database, small_book: dict[str, int]
) -> None:
    before = {item.id for item in agenda_items(db)}
    run = cli("log", "acme", "Renewal talk", "--follow-up", "+3d")
    assert run.code == 0, run.err
    due = TODAY + timedelta(days=3)
    assert run.out.startswith("Logged call with Acme Logistics: Renewal talk")
    assert f"· follow-up {due:%a} {due.day} {due:%b} {due.year}" in run.out
    logged = latest(db)
    assert logged.follow_up_on == due
    (item,) = [item for item in agenda_items(db) if item.id not in before]
    assert item.due_on == due
    assert item.due_time is None
    assert item.title == "Follow up: Renewal talk"
    assert item.account_id == small_book["Acme Logistics"]
    assert item.interaction_id == logged.id
    assert item.kind is AgendaKind.FOLLOW_UP
    assert item.done_at is None


def test_log_with_a_follow_up_at_a_time(cli, db: Database, small_book) -> None:
    assert cli("log", "cobalt", "Call", "--follow-up", "tomorrow 14:30").code == 0
    item = agenda_items(db)[-1]
    assert (item.due_on, item.due_time) == (TODAY + timedelta(days=1), time(14, 30))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("31/02", ["'31/02' is not a date I know"]),
        ("+x", ["'+x'", "like +3d or +2w"]),
        ("2026-02-31", ["February 2026 has 28 days"]),
        ("fri 25:00", ["25:00 is not a time"]),
    ],
)
def test_log_with_a_bad_follow_up_writes_nothing(
    cli, db: Database, small_book, text: str, words: list[str]
) -> None:
    before = count(db, Interaction), count(db, AgendaItem)
    one_error(cli("log", "acme", "x", "--follow-up", text), 2, "--follow-up", *words)
    assert (count(db, Interaction), count(db, AgendaItem)) == before


@pytest.mark.parametrize("summary", ["", "   ", "\t"])
def test_log_a_blank_summary(cli, db: Database, small_book, summary: str) -> None:
    before = count(db, Interaction)
    one_error(cli("log", "acme", summary), 1, "a summary is required")
    assert count(db, Interaction) == before


def test_log_a_summary_that_is_too_long(cli, db: Database, small_book) -> None:
    before = count(db, Interaction)
    one_error(cli("log", "acme", "x" * 501), 1, "at most 500")
    assert count(db, Interaction) == before


def test_log_keeps_markup_exactly_and_prints_it_literally(
    cli, db: Database, small_book: dict[str, int]
) -> None:
    run = cli("log", "zeta", "[bold]x[/] \x1b[31mred", "--follow-up", "today")
    assert run.code == 0, run.err
    logged = latest(db)
    assert logged.account_id == small_book["Zeta [bold]Evil[/] Corp"]
    assert logged.summary == "[bold]x[/] \x1b[31mred"  # stored exactly as typed
    assert agenda_items(db)[-1].title == "Follow up: [bold]x[/] \x1b[31mred"
    assert "\x1b" not in run.out  # never reaches the terminal raw
    assert "with Zeta [bold]Evil[/] Corp: [bold]x[/] [31mred" in run.out


def test_log_into_a_missing_book_creates_nothing(tmp_path: Path, cli) -> None:
    one_error(cli("log", "acme", "hello"), 1, "no such database")
    assert list(tmp_path.iterdir()) == []


# --- amtui agenda -------------------------------------------------------------------


def day(offset: int) -> str:
    shown = TODAY + timedelta(days=offset)
    return f"{shown:%a} {shown.isoformat()}"


def test_agenda_groups_overdue_first(cli, small_book: dict[str, int]) -> None:
    run = cli("agenda")
    assert run.code == 0, run.err
    assert run.err == ""
    assert run.out.splitlines() == [
        "Overdue",
        f"  {day(-2)}        Send QBR deck · Acme Logistics",
        f"  {day(-2)}        {CADENCE}",
        "",
        "Today",
        f"  {day(0)}        Call back Borealis · Borealis Foods",
        "",
        "Upcoming",
        f"  {day(3)}        Prepare pipeline review",
    ]
    assert "Already done" not in run.out
    assert "Far away" not in run.out


def test_agenda_orders_by_day_then_time_and_omits_empty_groups(
    cli, db: Database
) -> None:
    acme = add_account(db, "Acme [bold]Logistics[/]")
    with db.write() as session:
        session.add_all(
            [
                AgendaItem(due_on=TODAY + timedelta(days=2), title="Later"),
                AgendaItem(
                    account_id=acme,
                    due_on=TODAY + timedelta(days=1),
                    due_time=time(9, 5),
                    title="Timed [red]call[/]\x1b]8;;http://x\x07",
                ),
                AgendaItem(due_on=TODAY + timedelta(days=1), title="Untimed"),
            ]
        )
    run = cli("agenda", "--days", "2")
    assert run.code == 0, run.err
    assert run.out.splitlines() == [
        "Upcoming",
        f"  {day(1)}        Untimed",
        f"  {day(1)} 09:05  Timed [red]call[/]]8;;http://x · Acme [bold]Logistics[/]",
        f"  {day(2)}        Later",
    ]


# Acme is two days past its cadence: a derived entry.
CADENCE = "Cadence: Acme Logistics · 12 days since last contact"


@pytest.mark.parametrize(
    ("days", "titles"),
    [
        ("0", ["Send QBR deck", CADENCE, "Call back Borealis"]),
        (
            "3",
            ["Send QBR deck", CADENCE, "Call back Borealis", "Prepare pipeline review"],
        ),
        (
            "3650",
            [
                "Send QBR deck",
                CADENCE,
                "Call back Borealis",
                "Prepare pipeline review",
                "Handoff due: WMS rollout · Acme Logistics",  # in 20 days
                "Far away",
            ],
        ),
    ],
)
def test_agenda_looks_days_ahead(
    cli, small_book: dict[str, int], days: str, titles: list[str]
) -> None:
    run = cli("agenda", "--days", days, "--format", "json")
    assert run.code == 0, run.err
    assert [item["title"] for item in json.loads(run.out)] == titles


@pytest.mark.parametrize(
    ("days", "words"),
    [
        ("-1", ["between 0 and 3650"]),
        ("3651", ["between 0 and 3650"]),
        ("soon", ["'soon' is not a whole number"]),
    ],
)
def test_agenda_days_bounds(cli, small_book, days: str, words: list[str]) -> None:
    one_error(cli("agenda", "--days", days), 2, "--days", *words)


def test_agenda_bad_format(cli, small_book) -> None:
    one_error(cli("agenda", "--format", "csv"), 2, "invalid choice: 'csv'")


def test_agenda_as_json(cli, db: Database, small_book: dict[str, int]) -> None:
    with db.write() as session:
        session.add(
            AgendaItem(
                account_id=small_book["Zeta [bold]Evil[/] Corp"],
                due_on=TODAY + timedelta(days=1),
                due_time=time(16, 0),
                title="Café \x1b[31m[bold]x[/]\x9b31m\u202e",
                kind=AgendaKind.MEETING,
            )
        )
    run = cli("agenda", "--format", "json")
    assert run.code == 0, run.err
    assert "Café" in run.out  # not escaped to \\u00e9
    assert "\x9b" not in run.out and "\u202e" not in run.out  # C1 and bidi escaped
    items = json.loads(run.out)
    assert [
        {key: value for key, value in item.items() if key != "id"} for item in items
    ] == [
        {
            "due_on": (TODAY - timedelta(days=2)).isoformat(),
            "due_time": None,
            "title": "Send QBR deck",
            "kind": "other",
            "client": "Acme Logistics",
            "overdue": True,
        },
        {
            "due_on": (TODAY - timedelta(days=2)).isoformat(),
            "due_time": None,
            "title": CADENCE,
            "kind": "cadence",
            "client": "Acme Logistics",
            "overdue": True,
        },
        {
            "due_on": TODAY.isoformat(),
            "due_time": None,
            "title": "Call back Borealis",
            "kind": "other",
            "client": "Borealis Foods",
            "overdue": False,
        },
        {
            "due_on": (TODAY + timedelta(days=1)).isoformat(),
            "due_time": "16:00",
            "title": "Café \x1b[31m[bold]x[/]\x9b31m\u202e",  # exact text kept
            "kind": "meeting",
            "client": "Zeta [bold]Evil[/] Corp",
            "overdue": False,
        },
        {
            "due_on": (TODAY + timedelta(days=3)).isoformat(),
            "due_time": None,
            "title": "Prepare pipeline review",
            "kind": "other",
            "client": None,
            "overdue": False,
        },
    ]
    with db.read() as session:
        ids = dict(session.execute(select(AgendaItem.title, AgendaItem.id)).all())
    # a derived entry has no id
    assert [item["id"] for item in items] == [ids.get(item["title"]) for item in items]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Nothing due in the next 7 days."),
        (["--days", "30"], "Nothing due in the next 30 days."),
        (["--days", "1"], "Nothing due today or tomorrow."),
        (["--days", "0"], "Nothing due today."),
    ],
)
def test_an_empty_agenda(cli, db: Database, args: list[str], message: str) -> None:
    with db.write() as session:
        session.add(AgendaItem(due_on=TODAY, title="Done", done_at=datetime.now(UTC)))
        session.add(AgendaItem(due_on=TODAY + timedelta(days=31), title="Later"))
    run = cli("agenda", *args)
    assert (run.code, run.out, run.err) == (0, f"{message}\n", "")
    json_run = cli("agenda", *args, "--format", "json")
    assert (json_run.code, json.loads(json_run.out)) == (0, [])


def test_agenda_of_a_missing_book_creates_nothing(tmp_path: Path, cli) -> None:
    one_error(cli("agenda"), 1, "no such database")
    one_error(cli("agenda", "--format", "json"), 1, "no such database")
    assert list(tmp_path.iterdir()) == []


# --- through the shell --------------------------------------------------------------


def test_log_and_agenda_through_the_shell(db: Database, db_path: Path) -> None:
    add_account(db, "Acme Logistics")
    add_account(db, "Acme Retail")
    logged = amtui(
        "log", "--db", str(db_path), "acme l", "Renewal talk", "--follow-up", "today"
    )
    assert logged.returncode == 0, logged.stderr
    assert logged.stdout.startswith("Logged call with Acme Logistics: Renewal talk")
    agenda = amtui("agenda", "--db", str(db_path))
    assert agenda.returncode == 0, agenda.stderr
    assert agenda.stdout.splitlines() == [
        "Today",
        f"  {day(0)}        Follow up: Renewal talk · Acme Logistics",
    ]
    ambiguous = amtui("log", "--db", str(db_path), "acme", "x")
    assert_one_line_error(ambiguous, 1, "Acme Logistics, Acme Retail", "type more")
    bad_kind = amtui("log", "--db", str(db_path), "acme l", "x", "--kind", "fax")
    assert_one_line_error(bad_kind, 2, "--kind", "'fax'")
    bad_date = amtui("log", "--db", str(db_path), "acme l", "x", "--follow-up", "+x")
    assert_one_line_error(bad_date, 2, "--follow-up", "'+x'")
    assert count(db, Interaction) == 1
    missing = db_path.with_name("missing.db")
    assert_one_line_error(amtui("agenda", "--db", str(missing)), 1, "no such database")
    assert_one_line_error(amtui("log", "--db", str(missing), "a", "b"), 1, "no such")
    assert not missing.exists()


def test_the_shell_commands_do_not_load_textual(db: Database, db_path: Path) -> None:
    add_account(db, "Acme Logistics")
    code = (
        "import sys\n"
        "from amtui.cli import main\n"
        f"for command in (['log', 'acme', 'x', '--follow-up', '+1d'], ['agenda']):\n"
        f"    assert main([*command, '--db', {str(db_path)!r}]) == 0\n"
        "print(sorted(n for n in sys.modules if n.split('.')[0] == 'textual'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "[]"
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Account)) == 1
