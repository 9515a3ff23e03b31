"""Schema versions: create a new book, or upgrade an older one when it is opened.

`SCHEMA_VERSION` is the version this amtui writes. `UPGRADES[n]` turns a version
`n - 1` database into version `n`; add one (and a fixture database of the old version)
with every schema change. Before any upgrade the file is backed up next to itself.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Integer,
    MetaData,
    Table,
    inspect,
    select,
    update,
)

from amtui.errors import AmtuiError
from amtui.store import sqlite
from amtui.store.models import Base

SCHEMA_VERSION = 1

UPGRADES: dict[int, Callable[[Connection], None]] = {}

schema_info = Table(
    "schema_info",
    MetaData(),
    Column("version", Integer, nullable=False),
)


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
    """Create the schema in an empty database, or upgrade an older one to this version."""
    with engine.connect() as connection:
        version = stored_version(connection)
    if version == SCHEMA_VERSION:
        return
    if version is not None and version > SCHEMA_VERSION:
        raise AmtuiError(
            f"{path} uses schema version {version}, newer than this amtui "
            f"understands ({SCHEMA_VERSION}): upgrade amtui"
        )
    if version is not None:
        backup = backup_before_upgrade(path, version)
    with engine.execution_options(**sqlite.write_options()).begin() as connection:
        version = stored_version(connection)  # another process may have done it
        if version is None:
            Base.metadata.create_all(connection)
            schema_info.create(connection)
            connection.execute(schema_info.insert().values(version=SCHEMA_VERSION))
            return
        try:
            for step in range(version + 1, SCHEMA_VERSION + 1):
                UPGRADES[step](connection)
                connection.execute(update(schema_info).values(version=step))
        except Exception as error:
            raise AmtuiError(
                f"upgrading {path} from schema {version} failed ({error}); "
                f"the database is unchanged and a copy is at {backup}"
            ) from error


def backup_before_upgrade(path: Path, version: int) -> Path:
    """Copy `path` to `<name>.v<version>-<UTC timestamp>.bak` beside it."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    destination = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    sqlite.backup_to(path, destination)
    return destination
