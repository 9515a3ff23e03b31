"""Schema versions: create a new book, or upgrade an older one when it is opened.

`SCHEMA_VERSION` is the version this amtui writes. `UPGRADES[n]` turns a version
`n - 1` database into version `n`; add one with every schema change, and freeze the
old version's schema in `tests/fixtures/schema_v<n - 1>.sql` for the upgrade tests.
Before any upgrade the file is backed up next to itself.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    DDL,
    Column,
    Connection,
    Date,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    func,
    inspect,
    literal,
    select,
    update,
)
from sqlalchemy.schema import CreateColumn

from amtui.errors import AmtuiError
from amtui.store import indexing, sqlite
from amtui.store.models import Base

SCHEMA_VERSION = 4

schema_info = Table(
    "schema_info",
    MetaData(),
    Column("version", Integer, nullable=False),
)


def add_column(connection: Connection, column: Column[Any]) -> None:
    """`ALTER TABLE ... ADD COLUMN` for `column` of a table, with its foreign key.

    Standard SQL that SQLite and PostgreSQL both accept; the column must be nullable
    (existing rows get NULL).
    """
    dialect = connection.dialect
    quote = dialect.identifier_preparer
    spec = str(CreateColumn(column).compile(dialect=dialect))
    for foreign_key in column.foreign_keys:
        target = foreign_key.column
        spec += (
            f" REFERENCES {quote.format_table(target.table)} "
            f"({quote.format_column(target)})"
        )
        if foreign_key.ondelete:
            spec += f" ON DELETE {foreign_key.ondelete}"
    table = quote.format_table(column.table)
    connection.execute(DDL(f"ALTER TABLE {table} ADD COLUMN {spec}"))


def _upgrade_to_2(connection: Connection) -> None:
    """Agenda items remember the interaction whose follow-up created them.

    The tables are described here as they were at version 1, never through the
    models, so that this step keeps meaning the same when the models move on.
    Follow-up items made before (by the seed or an import) are linked to their
    interaction when its account, follow-up date and summary match the item.
    """
    metadata = MetaData()
    interaction = Table(
        "interaction",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("account_id", Integer),
        Column("summary", String(500)),
        Column("follow_up_on", Date),
    )
    agenda_item = Table(
        "agenda_item",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("account_id", Integer),
        Column("due_on", Date),
        Column("title", String(500)),
        Column("kind", String(9)),
        Column(
            "interaction_id",
            Integer,
            ForeignKey("interaction.id", ondelete="SET NULL"),
        ),
    )
    add_column(connection, agenda_item.c.interaction_id)
    Index("ix_agenda_interaction", agenda_item.c.interaction_id).create(connection)
    origin = (
        select(func.min(interaction.c.id))
        .where(
            interaction.c.account_id == agenda_item.c.account_id,
            interaction.c.follow_up_on == agenda_item.c.due_on,
            literal("Follow up: ") + interaction.c.summary == agenda_item.c.title,
        )
        .scalar_subquery()
    )
    connection.execute(
        update(agenda_item)
        .where(agenda_item.c.kind == "follow_up", agenda_item.c.account_id.is_not(None))
        .values(interaction_id=origin)
    )


def _upgrade_to_3(connection: Connection) -> None:
    """Accounts keep their last contact; indexes for the review's counts by period.

    The column is filled, and the full-text indexes built, by `indexing.ensure`,
    which runs after every upgrade.
    """
    metadata = MetaData()
    account = Table(
        "account",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("archived", Integer),
        Column("status", String(9)),
        Column("cadence_days", Integer),
        Column("created_at", DateTime),
        Column("last_contact_at", DateTime),
        Column("phase", String(8)),
    )
    interaction = Table(
        "interaction",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("occurred_at", DateTime),
        Column("kind", String(9)),
        Column("account_id", Integer),
    )
    opportunity = Table(
        "opportunity",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("stage", String(11)),
        Column("closed_on", Date),
        Column("account_id", Integer),
        Column("amount", Integer),
    )
    add_column(connection, account.c.last_contact_at)
    c = account.c
    for index in (
        Index(
            "ix_account_contact",
            c.archived,
            c.status,
            c.cadence_days,
            c.last_contact_at,
            c.created_at,
            c.phase,
        ),
        Index("ix_account_created", c.created_at),
        Index(
            "ix_interaction_when",
            interaction.c.occurred_at,
            interaction.c.kind,
            interaction.c.account_id,
        ),
        Index(
            "ix_opportunity_stage",
            opportunity.c.stage,
            opportunity.c.closed_on,
            opportunity.c.account_id,
            opportunity.c.amount,
        ),
    ):
        index.create(connection)


def _upgrade_to_4(connection: Connection) -> None:
    """Records edited in forms count their changes, so that a form saved over
    another session's change can tell; every existing record starts at 1. The
    index of open agenda items holds their client, for the review's overdue count."""
    agenda_item = Table(
        "agenda_item",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("done_at", DateTime),
        Column("due_on", Date),
        Column("account_id", Integer),
    )
    c = agenda_item.c
    Index("ix_agenda_open", c.done_at, c.due_on, c.id).drop(connection)
    Index("ix_agenda_open", c.done_at, c.due_on, c.id, c.account_id).create(connection)
    quote = connection.dialect.identifier_preparer
    for table in (
        "account",
        "contact",
        "interaction",
        "opportunity",
        "handoff",
        "agenda_item",
        "objective",
    ):
        connection.execute(
            DDL(
                f"ALTER TABLE {quote.quote(table)} "
                "ADD COLUMN version INTEGER DEFAULT 1 NOT NULL"
            )
        )


UPGRADES: dict[int, Callable[[Connection], None]] = {
    2: _upgrade_to_2,
    3: _upgrade_to_3,
    4: _upgrade_to_4,
}


def stored_version(connection: Connection) -> int | None:
    """The version stamped in the database; None for a database with no tables."""
    tables = set(inspect(connection).get_table_names())
    if not tables:
        return None
    if schema_info.name not in tables:
        raise AmtuiError("this database was not made by amtui (no schema version)")
    version = connection.execute(select(schema_info.c.version)).scalar_one_or_none()
    if version is None:
        raise AmtuiError("this database has no schema version: it may be damaged")
    return version


def ensure_current(engine: Engine, path: Path) -> None:
    """Create the schema in an empty database, or upgrade an older one to this version
    (and rebuild its derived data if any is missing)."""
    with engine.connect() as connection:
        version = stored_version(connection)
        current = version == SCHEMA_VERSION and indexing.is_current(connection)
    if current:
        return
    if version is not None and version > SCHEMA_VERSION:
        raise AmtuiError(
            f"{path} uses schema version {version}, newer than this amtui "
            f"understands ({SCHEMA_VERSION}): upgrade amtui"
        )
    backup = None
    if version is not None and version < SCHEMA_VERSION:
        backup = backup_before_upgrade(path, version)
    with engine.execution_options(**sqlite.write_options()).begin() as connection:
        version = stored_version(connection)  # another process may have done it
        if version is None:
            Base.metadata.create_all(connection)
            schema_info.create(connection)
            connection.execute(schema_info.insert().values(version=SCHEMA_VERSION))
            indexing.rebuild(connection)
            return
        try:
            for step in range(version + 1, SCHEMA_VERSION + 1):
                UPGRADES[step](connection)
                connection.execute(update(schema_info).values(version=step))
            indexing.ensure(connection)
        except Exception as error:
            copy = f" and a copy is at {backup}" if backup else ""
            raise AmtuiError(
                f"upgrading {path} from schema {version} failed ({error}); "
                f"the database is unchanged{copy}"
            ) from error


def backup_before_upgrade(path: Path, version: int) -> Path:
    """Copy `path` to `<name>.v<version>-<UTC timestamp>.bak` beside it; no copy, no
    upgrade: an `AmtuiError` says why."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    destination = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    try:
        sqlite.backup_to(path, destination)
    except (OSError, sqlite3.Error) as error:
        reason = (
            sqlite.describe_failure(error, path)
            if isinstance(error, sqlite3.Error)
            else error.strerror or str(error)
        )
        raise AmtuiError(
            f"cannot upgrade {path} from schema {version}: the copy made first "
            f"failed ({reason}); the book is unchanged"
        ) from error
    return destination
