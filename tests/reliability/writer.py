"""A child process that writes to a book as a user would, for the reliability tests.

    writer.py write MODE DB TAG COUNT [REFRESH]
                                          COUNT actions, one acknowledgement line each
    writer.py crash MODE DB ACKS KILLS SEED MAX_DELAY
                                          fork a writer, SIGKILL it at a random moment,
                                          KILLS times; print a JSON summary

MODE is what writes: `store` (the functions the forms call), `cli` (`amtui log`
through the command line's `main`), `app` (the cockpit driven by Pilot through the
contract's keys), and, for `crash` only, `import`, `seed` and `open` (opening the
book: creating it, or upgrading an older one).

Acknowledgements are lines `start|done <TAB> kind <TAB> key`: `done` is written only
once the action's transaction is committed, `start` before it begins. A `crash`
writes them to the file ACKS with unbuffered appends, so they survive the kill; a
`write` prints them on stdout. Given REFRESH, `write app` then says `ready`, waits
for a line on stdin, reads the book again (REFRESH `ctrl+r`, or `focus`: by moving
the focus to another pane) and prints what it shows as JSON.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy

from amtui import cli
from amtui.store import Database, open_database
from amtui.store import editing as store
from amtui.store.models import Account, utcnow
from amtui.vocabulary import InteractionKind

SHARED = "Shared client"  # the client every `log` writes to
KINDS = ("client", "interaction", "handoff")
AMTUI = Path(sys.executable).with_name("amtui")


class Acks:
    """Acknowledgement lines written straight to a file descriptor, unbuffered; the
    first `start` is also told on `first_start` (a pipe), if given."""

    def __init__(self, descriptor: int, first_start: int | None = None) -> None:
        self.descriptor = descriptor
        self.first_start = first_start

    def line(self, *fields: str) -> None:
        os.write(self.descriptor, ("\t".join(fields) + "\n").encode())

    def start(self, kind: str, key: str) -> None:
        self.line("start", kind, key)
        if self.first_start is not None:
            os.write(self.first_start, b"!")
            self.first_start = None

    def done(self, kind: str, key: str) -> None:
        self.line("done", kind, key)


def deliverables_of(key: str, index: int) -> list[str]:
    """A handoff's deliverables: one to three, their number in the handoff's title."""
    return [f"{key} part {n}" for n in range(index % 3 + 1)]


def handoff_title(key: str, index: int) -> str:
    return f"{key} d{len(deliverables_of(key, index))}"


def keys(tag: str, count: int | None) -> Iterator[tuple[int, str, str]]:
    """(index, kind, key) of each action: a client, an interaction, a handoff…"""
    index = 0
    while count is None or index < count:
        yield index, KINDS[index % 3], f"{tag}n{index}"
        index += 1


def shared_id(db: Database) -> int:
    with db.read() as session:
        return session.scalars(
            sqlalchemy.select(Account.id).where(Account.name == SHARED)
        ).one()


# -- the writers ---------------------------------------------------------------------


def write_store(path: Path, tag: str, acks: Acks, count: int | None) -> None:
    """Clients, interactions with a follow-up, handoffs with deliverables: each one
    call of the functions the cockpit's forms call."""
    db = open_database(path)
    account_id = shared_id(db)
    for index, kind, key in keys(tag, count):
        acks.start(kind, key)
        if kind == "client":
            store.save(db, Account, None, {"name": key})
        elif kind == "interaction":
            store.log_interaction(
                db,
                {
                    "account_id": account_id,
                    "occurred_at": utcnow(),
                    "kind": InteractionKind.MEETING,
                    "summary": key,
                    "follow_up_on": date.today() + timedelta(days=3),
                },
            )
        else:
            drafts = [
                store.DeliverableDraft(None, title, None, False)
                for title in deliverables_of(key, index)
            ]
            values = {"account_id": account_id, "title": handoff_title(key, index)}
            store.save_handoff(db, None, values, drafts, utcnow())
        acks.done(kind, key)
    db.close()


def write_cli(path: Path, tag: str, acks: Acks, count: int | None) -> None:
    """`amtui log` with a follow-up, through the command line's own `main`."""
    for _index, _kind, key in keys(tag, count):
        acks.start("interaction", key)
        argv = ["log", "--db", str(path), SHARED, key, "--follow-up", "+3d"]
        if cli.main(argv) != 0:
            raise SystemExit(f"amtui log failed for {key}")
        acks.done("interaction", key)


def log_process(path: Path, key: str) -> subprocess.Popen[bytes]:
    """A real `amtui log` process."""
    argv = [str(AMTUI), "log", "--db", str(path), SHARED, key, "--follow-up", "+3d"]
    return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def write_app(
    path: Path, tag: str, acks: Acks, count: int | None, refresh: str | None = None
) -> None:
    asyncio.run(_drive_cockpit(path, tag, acks, count, refresh))


async def _drive_cockpit(
    path: Path, tag: str, acks: Acks, count: int | None, refresh: str | None
) -> None:
    """The contract's keys: `1` `n` a client, `2` `n` an interaction of it with a
    follow-up, `4` `n` a handoff of it with deliverables; `ctrl+s` saves each."""
    from textual.widgets import Input, TextArea

    from amtui.ui.app import make_app
    from amtui.ui.forms.form import FormScreen

    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:

        async def until(done: Callable[[], bool], what: str) -> None:
            deadline = time.monotonic() + 30
            while not done():
                if time.monotonic() > deadline:
                    said = [note.message for note in app._notifications]
                    raise SystemExit(
                        f"{tag}: no {what} in 30 s; the cockpit said {said}"
                    )
                await pilot.pause()

        def form() -> FormScreen:
            screen = app.screen
            assert isinstance(screen, FormScreen), screen
            return screen

        for index, kind, key in keys(tag, count):
            pane, title = {"client": ("1", key), "interaction": ("2", key)}.get(
                kind, ("4", handoff_title(key, index))
            )
            await pilot.press(pane, "n")
            await until(lambda: isinstance(app.screen, FormScreen), "a form")
            await pilot.press(*title)
            if kind == "interaction":
                form().query_one("#field-follow_up", Input).value = "+3d"
            elif kind == "handoff":
                lines = "\n".join(deliverables_of(key, index))
                form().query_one("#field-deliverables", TextArea).text = lines
            acks.start(kind, key)
            await pilot.press("ctrl+s")
            await until(lambda: not isinstance(app.screen, FormScreen), "the save")
            acks.done(kind, key)
        if refresh is not None:
            await _report_after_refresh(pilot, acks, refresh)


async def _report_after_refresh(pilot: Any, acks: Acks, refresh: str) -> None:
    """Wait for a line on stdin, read the book again, print what the cockpit shows:
    every client before and after, then the shared client's log."""
    from amtui.ui.screens.cockpit import CockpitScreen

    app = pilot.app
    screen = app.screen
    assert isinstance(screen, CockpitScreen)
    acks.line("ready")
    await asyncio.to_thread(sys.stdin.readline)
    before = _rows(screen.clients_pane.list, "name")
    if refresh == "ctrl+r":  # in the pane last used: no change of focus
        await pilot.press("ctrl+r")
    else:  # the automatic refresh: a pane gets the focus
        await pilot.press("3")
    await _settle(pilot)
    clients = _rows(screen.clients_pane.list, "name")
    await pilot.press("1", "slash", *SHARED.split()[0], "enter")
    await _settle(pilot)
    log = _rows(screen.log_pane.list, "summary")
    acks.line(
        "shown", json.dumps({"before": before, "clients": clients, "shared_log": log})
    )


async def _settle(pilot: Any) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _rows(record_list: Any, field: str) -> list[str]:
    return [
        getattr(record_list.row_at(index), field) for index in range(record_list.count)
    ]


# -- crashes -------------------------------------------------------------------------


def _import(path: Path, tag: str, acks: Acks, _count: int | None) -> None:
    """`amtui import` of the book in $AMTUI_IMPORT_SOURCE into `path`."""
    acks.start("import", tag)
    if cli.main(["import", "--db", str(path), os.environ["AMTUI_IMPORT_SOURCE"]]):
        raise SystemExit("amtui import failed")
    acks.done("import", tag)


def _seed(path: Path, tag: str, acks: Acks, _count: int | None) -> None:
    acks.start("seed", tag)
    accounts = os.environ.get("AMTUI_SEED_ACCOUNTS", "300")
    if cli.main(["seed", "--db", str(path), "--accounts", accounts]):
        raise SystemExit("amtui seed failed")
    acks.done("seed", tag)


def _open(path: Path, tag: str, acks: Acks, _count: int | None) -> None:
    acks.start("open", tag)
    open_database(path).close()
    acks.done("open", tag)


WRITERS: dict[str, Callable[[Path, str, Acks, int | None], None]] = {
    "store": write_store,
    "cli": write_cli,
    "app": write_app,
    "import": _import,
    "seed": _seed,
    "open": _open,
}
# Modes that take a fresh book each round: `path` is then a folder, and round N
# writes `book-N.db` in it (the crash test prepares what needs preparing).
ONE_BOOK_A_ROUND = {"import", "seed", "open"}


def crash(
    mode: str, path: Path, acks_path: Path, kills: int, seed: int, max_delay: float
) -> dict[str, Any]:
    """Fork a writer and SIGKILL it after a random delay, `kills` times.

    A `max_delay` of 0 is as long as a whole run takes, measured first and whenever a
    run ends sooner: the kills fall evenly over it.
    """
    began = time.monotonic()
    rng = random.Random(seed)
    acks = Acks(os.open(acks_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600))
    if mode in ("store", "cli"):
        _warm_up(mode)
    books = [
        path / f"book-{number}.db" if mode in ONE_BOOK_A_ROUND else path
        for number in range(kills)
    ]
    fractions = _spread([book.exists() for book in books], rng)
    outcomes: dict[str, int] = {"killed": 0, "finished": 0}
    failures: list[str] = []
    durations: dict[bool, float] = {}  # of a whole run, on an existing book or not
    for round_number, (book, fraction) in enumerate(zip(books, fractions, strict=True)):
        tag = f"{mode[0]}{round_number}"
        existing = book.exists()
        if max_delay > 0:
            delay = fraction * max_delay
        else:
            if existing not in durations:
                outcome, durations[existing] = _kill_fork(mode, *_scratch(book), 600)
                if outcome != "finished":
                    raise SystemExit(f"a whole run failed: {outcome}")
            delay = fraction * 1.2 * durations[existing]
        if mode == "cli" and round_number % 10 == 9:  # now and then, a real process
            outcome, elapsed = _kill_log_process(book, tag, acks, fraction)
        elif mode == "seed" and round_number == 1:  # surely between two batches
            outcome, elapsed = _kill_fork(mode, book, tag, acks, 600, _has_accounts)
        else:
            outcome, elapsed = _kill_fork(mode, book, tag, acks, delay)
        if outcome == "finished" and existing in durations:
            durations[existing] = min(durations[existing], elapsed)
        if outcome in outcomes:
            outcomes[outcome] += 1
        else:
            failures.append(outcome)
    seconds = round(time.monotonic() - began, 1)
    return {**outcomes, "failures": failures, "seconds": seconds}


def _spread(groups: list[bool], rng: random.Random) -> list[float]:
    """A fraction in [0, 1) for each round, spread evenly over the rounds of each
    group (on an existing book, on a new one), in a random order."""
    fractions = [0.0] * len(groups)
    for group in set(groups):
        rounds = [number for number, each in enumerate(groups) if each == group]
        spread = [(k + rng.random()) / len(rounds) for k in range(len(rounds))]
        rng.shuffle(spread)
        for number, fraction in zip(rounds, spread, strict=True):
            fractions[number] = fraction
    return fractions


def _scratch(like: Path) -> tuple[Path, str, Acks]:
    """A copy of the book `like` (if there is one) for a run that is timed."""
    book = like.with_name("timed.db")
    for suffix in ("", "-wal", "-shm"):
        book.with_name(book.name + suffix).unlink(missing_ok=True)
    if like.exists():
        shutil.copyfile(like, book)
    return book, "timed", Acks(os.open(os.devnull, os.O_WRONLY))


def _warm_up(mode: str) -> None:
    """Write a little to a scratch book first, so that the forked writers start with
    SQLAlchemy's caches warm and the kills fall on their writes, not on that."""
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "scratch.db"
        db = open_database(book)
        store.save(db, Account, None, {"name": SHARED})
        db.close()
        WRITERS[mode](book, "warm", Acks(os.open(os.devnull, os.O_WRONLY)), 3)


def _has_accounts(book: Path) -> bool:
    """Whether a first batch of accounts is committed to `book`."""
    with closing(sqlite3.connect(book)) as connection:
        return bool(connection.execute("SELECT count(*) FROM account").fetchone()[0])


def _kill_fork(
    mode: str,
    book: Path,
    tag: str,
    acks: Acks,
    delay: float,
    until: Callable[[Path], bool] | None = None,
) -> tuple[str, float]:
    """Run a writer in a child process and kill it `delay` after it began its first
    action (on a busy machine, opening the book or starting the cockpit can take
    longer than the delays), or as soon as `until(book)`; return "killed",
    "finished" or what it failed with, and the time it ran."""
    errors = book.parent / f".{tag}.err"
    first_start, told = os.pipe()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the writer: runs until killed
        code = 0
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
            os.dup2(os.open(errors, os.O_WRONLY | os.O_CREAT, 0o600), 2)
            WRITERS[mode](book, tag, Acks(acks.descriptor, told), None)
        except BaseException as error:  # reported to the crash test, then exit
            print(f"{tag}: {error!r}", file=sys.stderr)
            code = 1
        os._exit(code)
    os.close(told)
    ended = os.pidfd_open(pid)
    select.select([first_start, ended], [], [], 60)  # the clock starts with the work
    deadline = time.monotonic() + delay
    step = delay if until is None else 0.005
    while not select.select([ended], [], [], step)[0]:  # still writing
        if time.monotonic() >= deadline or (until is not None and until(book)):
            os.kill(pid, signal.SIGKILL)
            break
    os.close(ended)
    os.close(first_start)
    _, status = os.waitpid(pid, 0)
    elapsed = time.monotonic() - started
    if os.WIFSIGNALED(status) or os.WEXITSTATUS(status) == 0:
        errors.unlink(missing_ok=True)
        return ("killed" if os.WIFSIGNALED(status) else "finished"), elapsed
    return errors.read_text(errors="replace").strip()[-2000:], elapsed


def _kill_log_process(
    book: Path, tag: str, acks: Acks, delay: float
) -> tuple[str, float]:
    """Start `amtui log` as its own process and kill it after `delay`."""
    key = f"{tag}n0"
    acks.start("interaction", key)
    started = time.monotonic()
    process = log_process(book, key)
    try:
        process.wait(delay)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return "killed", time.monotonic() - started
    if process.returncode != 0:
        assert process.stderr is not None
        return process.stderr.read().decode(errors="replace"), 0
    acks.done("interaction", key)
    return "finished", time.monotonic() - started


def main(argv: list[str]) -> None:
    command, mode, db = argv[0], argv[1], Path(argv[2])
    if command == "write":
        refresh = argv[5] if len(argv) > 5 else None
        acks = Acks(os.dup(1))  # stdout itself: Textual's test run captures sys.stdout
        if mode == "app":
            write_app(db, argv[3], acks, int(argv[4]), refresh)
        else:
            WRITERS[mode](db, argv[3], acks, int(argv[4]))
    elif command == "crash":
        acks_path, kills, seed, max_delay = argv[3:7]
        if mode == "app":  # Textual loaded once, before the forks
            import amtui.ui.app  # noqa: F401
        result = crash(
            mode, db, Path(acks_path), int(kills), int(seed), float(max_delay)
        )
        print(json.dumps(result))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
