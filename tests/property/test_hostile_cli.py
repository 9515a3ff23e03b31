"""Hostile text through the command line, in process (`amtui.cli.main`) and once as a
real process: `amtui log` stores a summary exactly or refuses it in one line, and
`amtui export` then `amtui import` restores every hostile text of every table
exactly; bad values in an imported file are one clear line, and nothing is written."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hostile import ESCAPES, NUL, examples, hostile_text, huge_text, raw_controls
from hypothesis import given, settings
from hypothesis import strategies as st

from amtui.cli import main
from amtui.store import editing as store
from amtui.store import open_database
from amtui.store.models import (
    SUMMARY_MAX,
    Account,
    AgendaItem,
    Base,
    Contact,
    Deliverable,
    Handoff,
    Interaction,
    Objective,
    Opportunity,
    text_limit,
    utcnow,
)
from amtui.text import one_line
from amtui.vocabulary import InteractionKind, ObjectiveMetric


def run(*argv: str | Path) -> tuple[int, str, str]:
    """`amtui argv…` in process: its exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main([str(arg) for arg in argv])
        except SystemExit as exit:  # argparse refusing an argument
            code = int(exit.code or 0)
    return code, out.getvalue(), err.getvalue()


def _summaries(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return [row[0] for row in connection.execute("SELECT summary FROM interaction")]


def _logged_ok(summary: str) -> bool:
    """What the forms would take as a summary (the same checks)."""
    shows = one_line(summary) and summary.partition(NUL)[0].strip()
    return bool(summary.strip() and len(summary) <= SUMMARY_MAX and shows)


@settings(max_examples=examples(100), deadline=None)
@given(st.one_of(hostile_text(), huge_text(600)))
def test_amtui_log_stores_a_hostile_summary_exactly_or_says_why(summary: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.db"
        db = open_database(path)
        store.save(db, Account, None, {"name": "Acme"})
        db.close()
        code, out, err = run("log", "--db", path, "Acme", summary)
        if _logged_ok(summary):
            assert (code, err) == (0, "")
            assert _summaries(path) == [summary]  # exactly, NUL and escapes included
            assert raw_controls(out.rstrip("\n")) == []  # said back literally
        else:
            assert code == 1 and out == ""
            assert err.startswith("amtui: error: ") and err.count("\n") == 1
            assert raw_controls(err.rstrip("\n")) == []
            assert _summaries(path) == []


def test_amtui_log_as_a_process_never_echoes_an_escape_sequence(tmp_path: Path) -> None:
    """argv cannot hold NUL; everything else reaches the book exactly and the terminal
    only sanitised."""
    path = tmp_path / "book.db"
    db = open_database(path)
    store.save(db, Account, None, {"name": "Acme"})
    db.close()
    summary = "".join(ESCAPES) + "[bold]x[/] [@click=app.quit]"
    done = subprocess.run(
        [sys.executable, "-m", "amtui", "log", "--db", str(path), "acme", summary],
        capture_output=True,
        text=True,
        env={**os.environ, "TERM": "xterm"},
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert raw_controls(done.stdout.rstrip("\n")) == []
    assert "[bold]x[/] [@click=app.quit]" in done.stdout
    assert _summaries(path) == [summary]


# -- export and import -----------------------------------------------------------------

TEXT_COLUMNS = {
    table.name: [
        column.name
        for column in table.columns
        if type(column.type).__name__ in {"String", "Text"}
        and column.name != "name_key"
    ]
    for table in Base.metadata.sorted_tables
}
TEXT_COLUMNS["handoff"].remove("currency")
TEXT_COLUMNS["objective"].remove("period")


def _fit(value: str, model: type[Base], column: str, required: bool) -> str:
    """`value` cut to what the column holds; a required text starts with a letter."""
    limit = text_limit(Base.metadata.tables[model.__tablename__].c[column].type)
    return (f"x{value}" if required else value)[:limit]


def _hostile_book(path: Path, text: dict[str, str]) -> None:
    db = open_database(path)

    def fit(model: type[Base], column: str, *, required: bool = False) -> str:
        return _fit(text[f"{model.__tablename__}.{column}"], model, column, required)

    def fields(model: type[Base], *required: str) -> dict[str, Any]:
        columns = TEXT_COLUMNS[model.__tablename__]
        return {c: fit(model, c, required=c in required) for c in columns}

    with db.write() as session:
        account = Account(**fields(Account, "name"))
        session.add(account)
        session.flush()
        handoff = Handoff(account_id=account.id, **fields(Handoff, "title"))
        session.add_all(
            [
                Contact(account_id=account.id, **fields(Contact, "name")),
                Interaction(
                    account_id=account.id,
                    occurred_at=utcnow(),
                    kind=InteractionKind.NOTE,
                    **fields(Interaction, "summary"),
                ),
                AgendaItem(
                    account_id=account.id,
                    due_on=date.today(),
                    **fields(AgendaItem, "title"),
                ),
                Opportunity(
                    account_id=account.id,
                    amount=Decimal("1.50"),
                    **fields(Opportunity, "title"),
                ),
                Objective(
                    period="2026",
                    metric=ObjectiveMetric.CUSTOM,
                    **fields(Objective),
                ),
                handoff,
            ]
        )
        session.flush()
        session.add(Deliverable(handoff_id=handoff.id, **fields(Deliverable, "title")))
    db.close()


def _texts(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(path) as connection:
        return {
            table: connection.execute(
                f"SELECT {', '.join(columns)} FROM {table} ORDER BY id"  # our names
            ).fetchall()
            for table, columns in TEXT_COLUMNS.items()
            if columns
        }


BOOK_TEXTS = st.fixed_dictionaries(
    {
        f"{table}.{column}": st.one_of(hostile_text(), huge_text(200))
        for table, columns in TEXT_COLUMNS.items()
        for column in columns
    }
)


@settings(max_examples=examples(25), deadline=None)
@given(BOOK_TEXTS)
def test_export_then_import_restores_every_hostile_text_exactly(
    texts: dict[str, str],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "book.db", Path(folder) / "copy.db"
        exported = Path(folder) / "book.json"
        _hostile_book(source, texts)
        assert (
            run("export", "--db", source, "--format", "json", "--out", exported)[0] == 0
        )
        code, _out, err = run("import", "--db", target, exported)
        assert (code, err.count("\n")) == (0, 1), err
        held = _texts(source)
        assert _texts(target) == held
        assert held["account"][0][0].startswith("x")  # the book was filled


def _exported(tmp_path: Path) -> dict[str, Any]:
    source = tmp_path / "book.db"
    _hostile_book(source, dict.fromkeys(BOOK_TEXTS_KEYS, "plain"))
    out = tmp_path / "book.json"
    assert run("export", "--db", source, "--format", "json", "--out", out)[0] == 0
    return json.loads(out.read_text(encoding="utf-8"))


BOOK_TEXTS_KEYS = [
    f"{table}.{column}" for table, columns in TEXT_COLUMNS.items() for column in columns
]


@pytest.mark.parametrize(
    ("table", "column", "value", "message"),
    [
        ("opportunity", "amount", "1e30", "is not a decimal amount"),
        ("opportunity", "amount", "abc", "is not a decimal amount"),
        ("opportunity", "amount", "NaN", "is not a decimal amount"),
        ("opportunity", "amount", 10**30, "is more than this book can hold"),
        ("account", "name", "x" * 201, "name is 201 characters long: at most 200"),
        ("account", "notes", "[b]" * 40_000, "at most 20,000"),
        ("interaction", "summary", "\x1b]0;t\x07" * 100, "at most 500"),
        ("agenda_item", "due_on", "2026-02-30", "is not an ISO 8601 date"),
    ],
)
def test_import_refuses_a_bad_value_in_one_line(
    tmp_path: Path, table: str, column: str, value: object, message: str
) -> None:
    document = _exported(tmp_path)
    document["tables"][table][0][column] = value
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps(document), encoding="utf-8")
    target = tmp_path / "copy.db"
    code, _out, err = run("import", "--db", target, hostile)
    assert code == 1 and err.count("\n") == 1 and message in err, err
    assert raw_controls(err.rstrip("\n")) == []
    assert not target.exists()  # nothing half-imported
