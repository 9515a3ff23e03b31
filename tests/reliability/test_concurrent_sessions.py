"""Two cockpits and a crowd of `amtui log` processes on one book at once, as on a
shared server over SSH: nobody crashes on `database is locked`, no write is lost,
and each cockpit shows the others' writes once it reads the book again.

`AMTUI_CONCURRENT_SCALE` (default 1) multiplies the number of writes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from book_checks import Acks, half_written, lost, soundness_problems, written
from writer import SHARED, log_process

from amtui.store import editing as store
from amtui.store import open_database
from amtui.store.models import Account

HERE = Path(__file__).parent
SCALE = int(os.environ.get("AMTUI_CONCURRENT_SCALE", "1"))
COCKPIT_ACTIONS = 6 * SCALE  # each: clients, interactions, handoffs in turn
STORE_ACTIONS = 60 * SCALE
CLI_WRITERS, CLI_ACTIONS = 3, 20 * SCALE  # `amtui log`, each opening the book
LOG_PROCESSES = 6 * SCALE  # `amtui log` as processes of their own
LATE_ACTIONS = 3  # written after the cockpits are done: only a refresh shows them


def start(
    book: Path, env: dict[str, str], mode: str, tag: str, count: int, *extra: str
) -> subprocess.Popen[str]:
    argv = [sys.executable, str(HERE / "writer.py"), "write", mode, str(book), tag]
    return subprocess.Popen(
        [*argv, str(count), *extra],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def read_until(process: subprocess.Popen[str], wanted: str, lines: list[str]) -> str:
    """Collect a cockpit's lines up to the first starting with `wanted`."""
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith(wanted):
            return line
        lines.append(line)
    _, err = process.communicate(timeout=60)
    raise AssertionError(f"the cockpit ended before saying {wanted!r}: {err}")


def finish(process: subprocess.Popen[str], lines: list[str]) -> None:
    out, err = process.communicate(timeout=120)
    lines += out.splitlines()
    assert process.returncode == 0, err
    assert "locked" not in err, err


def test_two_cockpits_and_many_log_commands_share_a_book(tmp_path: Path) -> None:
    book = tmp_path / "book.db"
    db = open_database(book)
    store.save(db, Account, None, {"name": SHARED})
    db.close()
    env = {**os.environ, "AMTUI_CONFIG": str(tmp_path / "missing.toml")}
    env |= {name: str(tmp_path / name) for name in ("XDG_STATE_HOME", "XDG_DATA_HOME")}
    lines: list[str] = []

    cockpits = {
        "ctrl+r": start(book, env, "app", "a", COCKPIT_ACTIONS, "ctrl+r"),
        "focus": start(book, env, "app", "b", COCKPIT_ACTIONS, "focus"),
    }
    others = [
        start(book, env, "store", "s", STORE_ACTIONS),
        *(start(book, env, "cli", f"c{n}", CLI_ACTIONS) for n in range(CLI_WRITERS)),
    ]
    logs = {f"p{n}": log_process(book, f"p{n}") for n in range(LOG_PROCESSES)}
    for process in others:
        finish(process, lines)
    for key, process in logs.items():
        assert process.wait(timeout=120) == 0, process.stderr.read()  # type: ignore[union-attr]
        lines += [f"done\tinteraction\t{key}"]
    for process in cockpits.values():
        read_until(process, "ready", lines)

    late = start(book, env, "store", "late", LATE_ACTIONS)
    finish(late, lines)
    shown = {}
    for refresh, process in cockpits.items():
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
        shown[refresh] = json.loads(read_until(process, "shown", lines)[6:])
        finish(process, lines)

    acks = Acks.parse(lines)
    assert acks.cut_short == set()
    assert lost(book, acks) == []
    present = written(book)
    assert present["client"] == {SHARED} | acks.of("client")  # nothing more, either
    assert present["interaction"] == acks.of("interaction")
    assert present["handoff"] == acks.of("handoff")
    assert soundness_problems(book) == [] and half_written(book) == []
    # The cockpits log with their own clients; everyone else with the shared one.
    shared_log = {key for key in acks.of("interaction") if key[0] not in "ab"}
    late_clients = {key for key in acks.of("client") if key.startswith("late")}
    for refresh, view in shown.items():
        assert not late_clients & set(view["before"]), refresh  # it had not seen them
        assert sorted(view["clients"]) == sorted(present["client"]), refresh
        assert sorted(view["shared_log"]) == sorted(shared_log), refresh
    writers = 2 + 1 + CLI_WRITERS + LOG_PROCESSES + 1
    print(
        f"\n[reliability] concurrent writers {writers}, writes checked "
        f"{len(acks.done)}, lost 0",
        file=sys.stderr,
    )
