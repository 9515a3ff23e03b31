"""The reference book: what the probes need to know about it, read with plain sqlite3,
and the one change the account-screen probe needs (an account with 500 interactions).

The change goes through amtui's store in a process of its own,

    python benchmarks/book.py PATH

which prints the busy account as JSON: the benchmark's process stays small, and that
matters because Linux counts in a child's peak RSS the memory of the process it was
forked from.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from contextlib import closing
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

BUSY_ACCOUNT_INTERACTIONS = 500
PREFIX_LENGTHS = (4, 5, 3, 6, 5, 4)  # one filter word per length, 3-6 characters


@dataclass(frozen=True)
class Account:
    """A live account and how many interactions it has."""

    id: int
    name: str
    interactions: int


def _query(path: Path, sql: str) -> list[tuple[object, ...]]:
    """Rows of `sql` on the book, opened read-only so that nothing is upgraded."""
    with closing(
        sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    ) as db:
        return db.execute(sql).fetchall()


def first_client_name(path: Path) -> str:
    """The name the cockpit lists first (live accounts by name key, then id)."""
    rows = _query(
        path,
        "SELECT name FROM account WHERE archived = 0 ORDER BY name_key, id LIMIT 1",
    )
    if not rows:
        raise ValueError(f"{path} has no live account to list")
    return str(rows[0][0])


def busiest_account(path: Path) -> Account:
    """The live account with the most interactions."""
    rows = _query(
        path,
        "SELECT account.id, account.name, count(interaction.id) AS n FROM account "
        "LEFT JOIN interaction ON interaction.account_id = account.id "
        "WHERE account.archived = 0 GROUP BY account.id ORDER BY n DESC, account.id "
        "LIMIT 1",
    )
    if not rows:
        raise ValueError(f"{path} has no live account")
    account_id, name, count = rows[0]
    return Account(int(str(account_id)), str(name), int(str(count)))


def filter_words(path: Path) -> list[str]:
    """Prefixes of client names spread through the book, as a user would type them."""
    rows = _query(
        path,
        "SELECT name FROM account WHERE archived = 0 AND id % 97 = 1 ORDER BY id "
        f"LIMIT {len(PREFIX_LENGTHS)}",
    ) or _query(path, "SELECT name FROM account WHERE archived = 0 LIMIT 6")
    names = [str(row[0]).casefold() for row in rows]
    return [
        name[:length].rstrip() or name
        for name, length in zip(names, PREFIX_LENGTHS, strict=False)
    ]


def search_words(path: Path) -> list[str]:
    """What a user looks for with ctrl+f: a contact's name, the start of a client's
    name, and two words of a note, as they would type them."""
    contact = _query(path, "SELECT name FROM contact WHERE id % 997 = 1 LIMIT 1")
    note = _query(path, "SELECT summary FROM interaction WHERE id % 9973 = 1 LIMIT 1")
    words = [str(contact[0][0]).split()[0].casefold()] if contact else []
    words += filter_words(path)[:1]
    if note:
        words.append(" ".join(str(note[0][0]).casefold().split()[:2]))
    return words


def upgrade(path: Path) -> None:
    """Open the book once through amtui, so that a schema upgrade (and its backup)
    happens now rather than inside a timed start."""
    from amtui.errors import AmtuiError
    from amtui.store import open_database

    try:
        open_database(path).close()
    except AmtuiError as error:
        raise ValueError(str(error)) from error


def make_busy(path: Path, account: Account) -> int:
    """Log interactions with `account` through the store until it has 500; how many
    were added (0 when it already had enough)."""
    missing = BUSY_ACCOUNT_INTERACTIONS - account.interactions
    if missing <= 0:
        return 0
    from amtui.store import open_database
    from amtui.store.editing import log_interaction
    from amtui.vocabulary import InteractionKind

    kinds = [InteractionKind.CALL, InteractionKind.EMAIL, InteractionKind.MEETING]
    now = datetime.now(UTC)
    db = open_database(path)
    try:
        for number in range(missing):
            values = {
                "account_id": account.id,
                "occurred_at": now - timedelta(days=number % 900, hours=number % 24),
                "kind": kinds[number % len(kinds)],
                "summary": f"Benchmark interaction {number + 1}",
            }
            log_interaction(db, values)
    finally:
        db.close()
    return missing


def main() -> int:
    """Upgrade the book at argv[1] and make an account busy; print it as JSON, with
    how many interactions were added."""
    path = Path(sys.argv[1])
    try:
        upgrade(path)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    account = busiest_account(path)
    added = make_busy(path, account)
    print(json.dumps(asdict(account) | {"added": added}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
