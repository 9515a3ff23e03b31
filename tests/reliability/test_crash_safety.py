"""amtui killed with SIGKILL at random moments, many times, loses nothing it said it
had saved and leaves no record half-written: one user action is one transaction.

Each scenario runs `writer.py crash`, which forks a writer and kills it after a
random delay, again and again. The scenarios run side by side, and the store, the
command line and the cockpit write to one book at once, so a writer is also killed
while it holds the write lock the others wait for. `AMTUI_KILLS` (default 200) sets
the number of kills, shared out as in `SHARES`; `AMTUI_CRASH_SEED` the random seed.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from book_checks import (
    Acks,
    columns_of,
    digest,
    half_written,
    lost,
    row_counts,
    schema_version,
    soundness_problems,
)

from amtui.store import editing as store
from amtui.store import open_database
from amtui.store.exchange import export_json
from amtui.store.models import Account
from amtui.store.schema import SCHEMA_VERSION
from amtui.store.seed import seed_book

pytestmark = pytest.mark.skipif(
    not hasattr(os, "pidfd_open"), reason="forks and waits on pidfds: Linux only"
)
HERE = Path(__file__).parent
FIXTURES = HERE.parent / "fixtures"
KILLS = int(os.environ.get("AMTUI_KILLS", "200"))
SEED = int(os.environ.get("AMTUI_CRASH_SEED", "20261123"))
SEED_ACCOUNTS = 1500  # two of the seed's batches: kills fall between them
# Kills per scenario, out of 200.
SHARES = {"store": 94, "cli": 60, "app": 6, "import": 12, "seed": 14, "open": 14}
# The longest delay before a kill, from the writer's first action, in seconds; 0: as
# long as a whole run takes.
MAX_DELAY = {"store": 0.15, "cli": 0.3, "app": 1.5, "import": 0, "seed": 0, "open": 0}
ON_ONE_BOOK = ("store", "cli", "app")


@dataclass
class Scenario:
    mode: str
    target: Path  # the book, or the folder of one book per round
    acks_path: Path
    kills: int
    result: dict[str, Any]

    @property
    def acks(self) -> Acks:
        if not self.acks_path.exists():
            return Acks()
        return Acks.parse(self.acks_path.read_text().splitlines())

    def books(self) -> list[Path]:
        return [self.target / f"book-{n}.db" for n in range(self.kills)]


def kills_for(mode: str) -> int:
    return max(1, round(KILLS * SHARES[mode] / 200))


def child_env(home: Path) -> dict[str, str]:
    """The writers' environment: no user config, data or logs of whoever runs this."""
    env = dict(os.environ)
    env.update(
        AMTUI_CONFIG=str(home / "missing.toml"),
        AMTUI_IMPORT_SOURCE=str(home / "book.json"),
        AMTUI_SEED_ACCOUNTS=str(SEED_ACCOUNTS),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
    )
    return env


def make_v2_book(path: Path) -> None:
    """A book as amtui 2 wrote it, big enough for its upgrade to take a while."""
    rows = """
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
    INSERT INTO account (id, name, name_key, tier, phase, status, cadence_days,
        created_at, updated_at, archived)
    SELECT i, 'Client ' || i, 'client ' || i, 'standard', 'conquest', 'active', 30,
        '2025-01-05 10:00:00.000000', '2025-01-05 10:00:00.000000', 0 FROM n;
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30000)
    INSERT INTO interaction (id, account_id, occurred_at, kind, summary, details,
        created_at)
    SELECT i, 1 + i % 3000, printf('2026-%02d-%02d 09:00:00.000000', 1 + i % 12,
        1 + i % 28), 'call', 'Call number ' || i, 'Talked about renewal ' || i,
        '2026-01-01 09:00:00.000000' FROM n;
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
    INSERT INTO handoff (id, account_id, title, currency, status, created_at,
        updated_at)
    SELECT i, i, 'Project ' || i, 'EUR', 'draft', '2026-01-01 09:00:00.000000',
        '2026-01-01 09:00:00.000000' FROM n;
    INSERT INTO handoff_status_change (handoff_id, to_status, changed_at)
    SELECT id, 'draft', created_at FROM handoff;
    INSERT INTO deliverable (handoff_id, title, done) SELECT id, 'Spec', 0 FROM handoff;
    """
    with sqlite3.connect(path) as connection:
        connection.executescript((FIXTURES / "schema_v2.sql").read_text("utf-8"))
        connection.executescript(rows)
    connection.close()


def prepare(home: Path) -> dict[str, Scenario]:
    """The books the writers start from."""
    scenarios = {}
    for mode in SHARES:
        target = home / ("shared.db" if mode in ON_ONE_BOOK else mode)
        acks = home / ("shared.acks" if mode in ON_ONE_BOOK else f"{mode}.acks")
        scenarios[mode] = Scenario(mode, target, acks, kills_for(mode), {})
    db = open_database(home / "shared.db")
    store.save(db, Account, None, {"name": "Shared client"})
    db.close()
    source = open_database(home / "source.db")
    seed_book(source, 300, today=date.today())
    with (home / "book.json").open("w", encoding="utf-8") as out:
        export_json(source, out)
    source.close()
    make_v2_book(home / "v2.db")
    for mode in ("import", "seed", "open"):
        scenarios[mode].target.mkdir()
        for number, book in enumerate(scenarios[mode].books()):
            if number % 2 == 0:
                continue  # even rounds write a new book
            if mode == "open":
                shutil.copyfile(home / "v2.db", book)  # odd rounds upgrade it
            else:
                open_database(book).close()  # or fill an empty one
    return scenarios


@pytest.fixture(scope="module")
def crashed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Scenario]:
    """Every scenario run to its last kill, all at once."""
    home = tmp_path_factory.mktemp("crashes")
    scenarios = prepare(home)
    writer = str(HERE / "writer.py")
    processes = {
        mode: subprocess.Popen(
            [
                sys.executable,
                writer,
                "crash",
                mode,
                str(scenario.target),
                str(scenario.acks_path),
                str(scenario.kills),
                str(SEED + index),
                str(MAX_DELAY[mode]),
            ],
            env=child_env(home),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for index, (mode, scenario) in enumerate(scenarios.items())
    }
    for mode, process in processes.items():
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, f"{mode}: {err}"
        scenarios[mode].result = json.loads(out.splitlines()[-1])
        report(f"{mode}: {scenarios[mode].result}")
    return scenarios


def survived(scenario: Scenario) -> int:
    """The kills of a scenario, once no writer failed on its own."""
    result = scenario.result
    assert result["failures"] == [], result["failures"]
    assert result["killed"] + result["finished"] == scenario.kills
    return result["killed"]


def report(line: str) -> None:
    print(f"\n[reliability] {line}", file=sys.stderr)


def test_killed_writers_lose_no_acknowledged_write_and_leave_none_half_done(
    crashed: dict[str, Scenario],
) -> None:
    book = crashed["store"].target
    kills = {mode: survived(crashed[mode]) for mode in ON_ONE_BOOK}
    acks = crashed["store"].acks

    assert soundness_problems(book) == []
    assert half_written(book) == []
    assert lost(book, acks) == []
    # The kills landed in the writers' work, not only between their actions.
    assert all(kills[mode] >= crashed[mode].kills * 0.9 for mode in ON_ONE_BOOK)
    assert len(acks.cut_short) >= kills["store"] / 2
    assert {kind for kind, _key in acks.done} == {"client", "interaction", "handoff"}
    assert {key[0] for _kind, key in acks.done} == {"s", "c", "a"}
    db = open_database(book)  # and the book opens, for the next session
    db.close()
    report(
        f"kills {kills}, acknowledged writes checked {len(acks.done)}, lost 0, "
        f"actions cut short by a kill {len(acks.cut_short)}, half-written 0"
    )


def test_a_killed_import_restores_the_whole_book_or_nothing(
    crashed: dict[str, Scenario],
) -> None:
    scenario = crashed["import"]
    killed = survived(scenario)
    whole = row_counts(scenario.target.parent / "source.db")
    imported = scenario.acks.of("import")
    outcomes: dict[str, int] = {}
    for number, book in enumerate(scenario.books()):
        tag = f"i{number}"
        if not book.exists():
            assert number % 2 == 0 and tag not in imported, book
            outcome = "no book"
        else:
            assert soundness_problems(book) == []
            counts = row_counts(book)
            nothing = {table: 0 for table in counts}
            assert counts in (whole, nothing), book
            assert counts == whole or tag not in imported, book
            outcome = "whole" if counts == whole else "empty"
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    assert killed >= scenario.kills / 3
    assert "no book" in outcomes or "empty" in outcomes  # some kills came in time
    report(
        f"import: {killed} kills survived, outcomes {outcomes}, side files left by "
        f"killed imports into new books {len(side_files(scenario))}"
    )


def test_a_killed_seed_leaves_a_book_that_opens(crashed: dict[str, Scenario]) -> None:
    scenario = crashed["seed"]
    killed = survived(scenario)
    seeded = scenario.acks.of("seed")
    accounts = []
    for number, book in enumerate(scenario.books()):
        if not book.exists():
            assert f"s{number}" not in seeded
            continue
        open_database(book).close()  # heals what an interrupted seed leaves out
        assert soundness_problems(book) == [], book
        count = row_counts(book)["account"]
        assert count == SEED_ACCOUNTS or f"s{number}" not in seeded
        accounts.append(count)
    assert killed >= scenario.kills / 3
    cut_mid_seed = [count for count in accounts if 0 < count < SEED_ACCOUNTS]
    assert cut_mid_seed, accounts  # round 1 is killed after the first batch
    report(
        f"seed: {killed} kills survived, accounts in the books {accounts}, "
        f"side files left by killed seeds of new books {len(side_files(scenario))}"
    )


def test_a_killed_upgrade_leaves_the_old_book_or_the_new_one(
    crashed: dict[str, Scenario],
) -> None:
    scenario = crashed["open"]
    killed = survived(scenario)
    template = scenario.target.parent / "v2.db"
    columns = columns_of(template)
    content = digest(template, columns)
    versions: list[int | None] = []
    for number, book in enumerate(scenario.books()):
        if number % 2 == 0:  # a new book: nothing, an empty file, or a whole schema
            if book.exists() and book.stat().st_size:
                version = schema_version_or_none(book)
                assert version in (None, SCHEMA_VERSION)
            open_database(book).close()
            assert soundness_problems(book) == []
            continue
        version = schema_version(book)
        versions.append(version)
        assert version in (2, SCHEMA_VERSION)
        assert digest(book, columns) == content
        open_database(book).close()
        assert digest(book, columns) == content
        assert soundness_problems(book) == [] and half_written(book) == []
        for backup in book.parent.glob(f"{book.name}.v2-*.bak"):
            assert digest(backup, columns) == content, f"{backup} is not a whole copy"
    assert killed >= scenario.kills / 3
    assert 2 in versions  # some kills came in time
    report(f"open: {killed} kills survived, versions left by the kills {versions}")


def side_files(scenario: Scenario) -> list[Path]:
    """What a command killed while it filled a new book in a side file left there:
    never taken for the book, but not cleaned up either."""
    return list(scenario.target.glob(".book-*.new"))


def schema_version_or_none(book: Path) -> int | None:
    try:
        return schema_version(book)
    except sqlite3.OperationalError:  # no schema_info: no tables yet
        return None
