"""What the book derives from its own rows: the full-text indexes behind the client
filter and the global search and each account's last contact, kept current by SQLite
triggers; the lookup indexes; the planner's statistics.

Triggers keep every writer honest (the cockpit, `amtui log`, an import) without
each remembering to. Bulk writers that fill an empty book (the seed) drop them,
write, and `rebuild`: that is ten times faster than indexing row by row (they drop
the lookup indexes too). Opening a
book puts back whatever is missing (`ensure`), so an interrupted seed heals itself.

SQLite-only SQL (FTS5), like `amtui.store.sqlite`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, text

from amtui.store.models import Base


@dataclass(frozen=True)
class TextIndex:
    """An external-content FTS5 table over some text columns of `table`."""

    name: str
    table: str
    columns: tuple[str, ...]
    tokenize: str

    def create(self) -> str:
        return (
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.name} USING fts5("
            f"{', '.join(self.columns)}, content='{self.table}', "
            f"content_rowid='id', tokenize='{self.tokenize}')"
        )

    def triggers(self) -> dict[str, str]:
        """Trigger name → its body, for inserts, deletes and updates of `table`."""
        columns = ", ".join(self.columns)
        new = ", ".join(f"new.{column}" for column in self.columns)
        old = ", ".join(f"old.{column}" for column in self.columns)
        insert = f"INSERT INTO {self.name}(rowid, {columns}) VALUES (new.id, {new});"
        delete = (
            f"INSERT INTO {self.name}({self.name}, rowid, {columns}) "
            f"VALUES ('delete', old.id, {old});"
        )
        return {
            f"{self.name}_insert": f"AFTER INSERT ON {self.table} BEGIN {insert} END",
            f"{self.name}_delete": f"AFTER DELETE ON {self.table} BEGIN {delete} END",
            f"{self.name}_update": (
                f"AFTER UPDATE OF {columns} ON {self.table} BEGIN {delete} {insert} END"
            ),
        }

    def rebuild(self) -> str:
        return f"INSERT INTO {self.name}({self.name}) VALUES ('rebuild')"


# Client names match as substrings, like the filter always did: trigrams of the
# case-folded name. Contacts and interactions match by word prefix, accents ignored.
ACCOUNT_NAMES = TextIndex(
    "account_fts", "account", ("name_key",), "trigram case_sensitive 1"
)
CONTACTS = TextIndex(
    "contact_fts",
    "contact",
    ("name", "role", "email"),
    "unicode61 remove_diacritics 2",
)
INTERACTIONS = TextIndex(
    "interaction_fts",
    "interaction",
    ("summary", "details"),
    "unicode61 remove_diacritics 2",
)
TEXT_INDEXES = (ACCOUNT_NAMES, CONTACTS, INTERACTIONS)

_RECOMPUTE_LAST_CONTACT = (
    "UPDATE account SET last_contact_at = (SELECT max(occurred_at) FROM interaction "
    "WHERE interaction.account_id = account.id) WHERE id = {who};"
)
LAST_CONTACT_TRIGGERS = {
    "account_last_contact_insert": (
        "AFTER INSERT ON interaction BEGIN UPDATE account SET last_contact_at = "
        "new.occurred_at WHERE id = new.account_id AND (last_contact_at IS NULL "
        "OR last_contact_at < new.occurred_at); END"
    ),
    "account_last_contact_delete": (
        "AFTER DELETE ON interaction BEGIN "
        f"{_RECOMPUTE_LAST_CONTACT.format(who='old.account_id')} END"
    ),
    "account_last_contact_update": (
        "AFTER UPDATE OF occurred_at, account_id ON interaction BEGIN "
        f"{_RECOMPUTE_LAST_CONTACT.format(who='old.account_id')} "
        f"{_RECOMPUTE_LAST_CONTACT.format(who='new.account_id')} END"
    ),
}


def _all_triggers() -> dict[str, str]:
    triggers = dict(LAST_CONTACT_TRIGGERS)
    for index in TEXT_INDEXES:
        triggers |= index.triggers()
    return triggers


TRIGGERS = _all_triggers()
STATISTICS = "sqlite_stat1"  # made by ANALYZE
ANALYSIS_ROWS = 400  # rows sampled per index
REBUILD_CACHE_KIB = 128 * 1024
LOOKUP_INDEXES = [
    index
    for table in Base.metadata.sorted_tables
    for index in table.indexes
    if not index.unique
]
EXPECTED = {
    *TRIGGERS,
    *(index.name for index in TEXT_INDEXES),
    *(str(index.name) for index in LOOKUP_INDEXES),
    STATISTICS,
}


def drop_triggers(connection: Connection) -> None:
    """Stop maintaining the derived data, before a bulk write that ends in `rebuild`."""
    for name in TRIGGERS:
        connection.execute(text(f"DROP TRIGGER IF EXISTS {name}"))


def drop_lookup_indexes(connection: Connection) -> None:
    """Drop the indexes that only speed up reads, before a bulk write into an empty
    book that ends in `rebuild`: building one from the finished table is many times
    faster than keeping it sorted row by row (the seed of 100,000 accounts takes 40%
    less). Unique indexes stay: they guard the data."""
    for index in LOOKUP_INDEXES:
        index.drop(connection, checkfirst=True)


def rebuild(connection: Connection) -> None:
    """Recompute every derived value from the rows, and maintain them from now on."""
    with _large_cache(connection):
        for lookup in LOOKUP_INDEXES:
            lookup.create(connection, checkfirst=True)
        for index in TEXT_INDEXES:
            connection.execute(text(index.create()))
            connection.execute(text(index.rebuild()))
        connection.execute(text(_RECOMPUTE_LAST_CONTACT.format(who="id")))
    for name, body in TRIGGERS.items():
        connection.execute(text(f"CREATE TRIGGER IF NOT EXISTS {name} {body}"))
    analyze(connection)


@contextmanager
def _large_cache(connection: Connection) -> Iterator[None]:
    """A page cache of `REBUILD_CACHE_KIB` for the while: the full-text indexes
    are written in one transaction behind millions of index pages, and with the
    default 2 MB they spill to disk over and over (27 s instead of 10 s on 100,000
    accounts)."""
    usual = connection.execute(text("PRAGMA cache_size")).scalar_one()
    connection.execute(text(f"PRAGMA cache_size = -{REBUILD_CACHE_KIB}"))
    try:
        yield
    finally:
        connection.execute(text(f"PRAGMA cache_size = {usual}"))


def analyze(connection: Connection) -> None:
    """Give the query planner the shape of the book (how many rows an index range
    holds), sampled: about 25 ms on 100,000 accounts. Without it, the planner takes
    `archived = 0` for a selective test and walks every client to filter a few names."""
    connection.execute(text(f"PRAGMA analysis_limit = {ANALYSIS_ROWS}"))
    connection.execute(text("ANALYZE"))


def _missing(connection: Connection) -> set[str]:
    """The derived tables, triggers, indexes and statistics the book lacks."""
    query = "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger', 'index')"
    return EXPECTED - set(connection.execute(text(query)).scalars())


def is_current(connection: Connection) -> bool:
    """Whether every index table and trigger is in place, and the planner's figures."""
    return not _missing(connection)


def ensure(connection: Connection) -> None:
    """Rebuild the derived data if anything is missing (a seed cut short, an upgrade);
    measure the book if it never was."""
    missing = _missing(connection)
    if missing - {STATISTICS}:
        drop_triggers(connection)
        rebuild(connection)
    elif missing:
        analyze(connection)
