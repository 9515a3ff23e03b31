"""SQLite-only SQL, all in this one place: pragmas, write locks, case folding, backups.

Everything else in the store is portable SQLAlchemy, so that a team could point the
same models at PostgreSQL.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, String, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

BUSY_TIMEOUT_MS = 5000
BEGIN_OPTION = "sqlite_begin"


class casefold(FunctionElement[str]):
    """Unicode case folding in SQL, for matching typed text case-insensitively.

    SQLite's own `lower()` folds ASCII only ("Échange" would not match "échange"), so
    on SQLite this calls Python's `str.casefold`; elsewhere it is `lower()`.
    """

    type = String()
    inherit_cache = True


@compiles(casefold)
def _casefold_anywhere(element: casefold, compiler: SQLCompiler, **kw: Any) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(casefold, "sqlite")
def _casefold_on_sqlite(element: casefold, compiler: SQLCompiler, **kw: Any) -> str:
    return f"amtui_casefold({compiler.process(element.clauses, **kw)})"


def _python_casefold(value: object) -> object:
    return value.casefold() if isinstance(value, str) else value


def create_sqlite_engine(path: Path) -> Engine:
    """An engine on `path` with foreign keys on, WAL, a busy timeout, and explicit BEGINs.

    Sessions bound to `engine.execution_options(sqlite_begin="IMMEDIATE")` take the
    write lock up front, so a write never fails half-way on another process's lock.
    """
    engine = create_engine(
        URL.create("sqlite", database=str(path)),  # a path, never parsed as a URL
        connect_args={"check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # BEGIN is emitted by _on_begin
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        dbapi_connection.create_function(
            "amtui_casefold", 1, _python_casefold, deterministic=True
        )

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get(BEGIN_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def write_options() -> dict[str, str]:
    """Execution options that make a transaction take the write lock at BEGIN."""
    return {BEGIN_OPTION: "IMMEDIATE"}


def backup_to(source: Path, destination: Path) -> None:
    """Copy a live database consistently with SQLite's online backup API (mode 0600)."""
    destination.touch(mode=0o600, exist_ok=False)
    with (
        sqlite3.connect(source) as source_connection,
        sqlite3.connect(destination) as destination_connection,
    ):
        source_connection.backup(destination_connection)
    source_connection.close()
    destination_connection.close()


class ChangeCounter:
    """Tells cheaply whether anyone committed to the book since we last asked.

    `PRAGMA data_version` changes when another connection commits; this counter keeps
    its own connection, so every commit (ours through the engine, another process's)
    counts.
    """

    def __init__(self, path: Path) -> None:
        self._connection = sqlite3.connect(path, uri=False, check_same_thread=False)

    def value(self) -> int:
        return int(self._connection.execute("PRAGMA data_version").fetchone()[0])

    def close(self) -> None:
        self._connection.close()
