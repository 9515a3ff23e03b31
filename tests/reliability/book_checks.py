"""What a book must be after a crash or a crowd of writers: sound, whole, complete.

Read with plain `sqlite3`, apart from the engine under test, on the columns every
schema version since 2 has.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from amtui.store.indexing import TEXT_INDEXES

DELIVERABLES_IN_TITLE = re.compile(r" d(\d+)$")


@dataclass
class Acks:
    """The acknowledgement lines of writers: what they began, what they committed."""

    started: set[tuple[str, str]] = field(default_factory=set)
    done: set[tuple[str, str]] = field(default_factory=set)

    @classmethod
    def parse(cls, lines: Iterable[str]) -> Acks:
        acks = cls()
        for line in lines:
            state, *rest = line.rstrip("\n").split("\t")
            if state in ("start", "done") and len(rest) == 2:
                getattr(acks, "started" if state == "start" else "done").add(
                    (rest[0], rest[1])
                )
        return acks

    def of(self, kind: str) -> set[str]:
        return {key for each, key in self.done if each == kind}

    @property
    def cut_short(self) -> set[tuple[str, str]]:
        """Actions begun but never acknowledged: the kill landed in them."""
        return self.started - self.done


def connect(path: Path) -> closing[sqlite3.Connection]:
    return closing(sqlite3.connect(path))


def soundness_problems(path: Path) -> list[str]:
    """What `integrity_check`, `foreign_key_check` and the full-text indexes'
    own integrity checks find wrong."""
    with connect(path) as connection:
        problems = [
            f"integrity_check: {row}"
            for (row,) in connection.execute("PRAGMA integrity_check")
            if row != "ok"
        ]
        problems += [
            f"foreign_key_check: {row}"
            for row in connection.execute("PRAGMA foreign_key_check")
        ]
        for index in TEXT_INDEXES:
            try:
                connection.execute(
                    f"INSERT INTO {index.name}({index.name}, rank) "
                    "VALUES ('integrity-check', 1)"
                )
            except sqlite3.DatabaseError as error:
                problems.append(f"{index.name}: {error}")
    return problems


def half_written(path: Path) -> list[str]:
    """Records whose user action was not written whole: an interaction with a
    follow-up date but no follow-up item, a handoff missing deliverables (their
    number ends its title: `… d3`) or its first status, an account whose last
    contact is not its latest interaction."""
    with connect(path) as connection:
        found = [
            f"interaction {key!r} has a follow-up date but no agenda item"
            for (key,) in connection.execute(
                "SELECT summary FROM interaction i WHERE follow_up_on IS NOT NULL "
                "AND NOT EXISTS (SELECT 1 FROM agenda_item a "
                "WHERE a.interaction_id = i.id)"
            )
        ]
        for title, deliverables, changes in connection.execute(
            "SELECT title, (SELECT count(*) FROM deliverable d "
            "WHERE d.handoff_id = h.id), (SELECT count(*) FROM handoff_status_change c "
            "WHERE c.handoff_id = h.id) FROM handoff h"
        ):
            wanted = DELIVERABLES_IN_TITLE.search(title)
            if wanted and int(wanted[1]) != deliverables:
                found.append(f"handoff {title!r} has {deliverables} deliverables")
            if changes == 0:
                found.append(f"handoff {title!r} has no status history")
        found += [
            f"account {name!r}: last contact {last} but latest interaction {latest}"
            for name, last, latest in connection.execute(
                "SELECT name, last_contact_at, (SELECT max(occurred_at) FROM "
                "interaction i WHERE i.account_id = a.id) AS latest FROM account a "
                "WHERE last_contact_at IS NOT latest"
            )
        ]
    return found


def written(path: Path) -> dict[str, set[str]]:
    """The keys of the clients, interactions and handoffs in the book."""
    with connect(path) as connection:
        return {
            "client": {
                name for (name,) in connection.execute("SELECT name FROM account")
            },
            "interaction": {
                summary
                for (summary,) in connection.execute("SELECT summary FROM interaction")
            },
            "handoff": {
                DELIVERABLES_IN_TITLE.sub("", title)
                for (title,) in connection.execute("SELECT title FROM handoff")
            },
        }


def lost(path: Path, acks: Acks) -> list[tuple[str, str]]:
    """Acknowledged writes that are not in the book."""
    present = written(path)
    return sorted(
        (kind, key) for kind, key in acks.done if key not in present.get(kind, set())
    )


def row_counts(path: Path) -> dict[str, int]:
    """Rows per table of the book's records (not its version or derived indexes)."""
    with connect(path) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                "LIKE 'sqlite_%' AND name NOT LIKE '%fts%' AND name != 'schema_info'"
            )
        ]
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in tables
        }


def schema_version(path: Path) -> int | None:
    with connect(path) as connection:
        row = connection.execute("SELECT version FROM schema_info").fetchone()
    return None if row is None else row[0]


def columns_of(path: Path) -> dict[str, list[str]]:
    """The columns of each of the book's record tables."""
    with connect(path) as connection:
        return {
            table: [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
            for table in row_counts(path)
        }


def digest(path: Path, columns: dict[str, list[str]]) -> str:
    """A hash of every value in `columns` of each table, in rowid order: the same
    records, whatever columns an upgrade added."""
    hashed = hashlib.sha256()
    with connect(path) as connection:
        for table, names in sorted(columns.items()):
            query = f"SELECT {', '.join(names)} FROM {table} ORDER BY rowid"
            for row in connection.execute(query):
                hashed.update(repr((table, row)).encode())
    return hashed.hexdigest()
