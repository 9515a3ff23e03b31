"""SQLite-only SQL, all in this one place: pragmas, write locks, case folding, backups.

Everything else in the store is portable SQLAlchemy, so that a team could point the
same models at PostgreSQL.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import URL, Engine, String, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.pool import NullPool
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from amtui.files import side_file

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


NEARLY_FULL_BYTES = 1_000_000
BACKUP_STEP_PAGES = 1024  # 4 MB a step with the default page size
BackupProgress = Callable[[int, int], None]


def backup_to(
    source: Path, destination: Path, progress: BackupProgress | None = None
) -> None:
    """Copy a live database consistently with SQLite's online backup API.

    The copy is created private (0600) and never over an existing file
    (`FileExistsError`); `progress(done, total)` is told the pages copied after each
    step. The copy is one self-contained file (rollback journal, not WAL), so that it
    can be read where it lies, even read-only. A failed copy leaves nothing behind.
    It is made under a hidden name and renamed once whole: a process killed mid-copy
    leaves no file at `destination` that looks like a backup and is not.
    """
    if destination.exists():
        raise FileExistsError(errno.EEXIST, "File exists", str(destination))
    partial = side_file(destination, "partial")
    os.close(os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    try:
        with (
            closing(sqlite3.connect(source)) as reader,
            closing(sqlite3.connect(partial)) as writer,
        ):
            reader.backup(
                writer,
                pages=BACKUP_STEP_PAGES,
                progress=None
                if progress is None
                else lambda _status, left, total: progress(total - left, total),
            )
            writer.execute("PRAGMA journal_mode=DELETE")
        os.close(os.open(destination, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        partial.replace(destination)  # the name is ours: now the whole copy
    except BaseException:
        remove_database_files(partial)
        raise


def remove_database_files(path: Path) -> None:
    """Delete a database file and its `-wal` and `-shm` companions."""
    for name in database_files(path):
        name.unlink(missing_ok=True)


def database_files(path: Path) -> tuple[Path, Path, Path]:
    """The database file and the two files SQLite keeps beside it in WAL mode."""
    return path, path.with_name(f"{path.name}-wal"), path.with_name(f"{path.name}-shm")


def read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file at `path` (nor create it)."""
    uri = f"file:{quote(str(path.absolute()))}?mode=ro"
    return sqlite3.connect(uri, uri=True, check_same_thread=False)


def read_only_engine(path: Path) -> Engine:
    """An engine that can read the database at `path` but never create or change it."""
    return create_engine(
        "sqlite://", creator=lambda: read_only(path), poolclass=NullPool
    )


def journal_mode(connection: sqlite3.Connection) -> str:
    """How the database keeps its journal: `wal`, `delete`..."""
    return str(connection.execute("PRAGMA journal_mode").fetchone()[0])


def integrity_problems(
    connection: sqlite3.Connection, *, quick: bool = False
) -> list[str]:
    """What SQLite's integrity check finds wrong (at most 10 lines); [] when sound."""
    pragma = "quick_check" if quick else "integrity_check"
    rows = connection.execute(f"PRAGMA {pragma}(10)").fetchall()
    found = [str(row[0]) for row in rows]
    return [] if found == ["ok"] else found


def describe_failure(error: sqlite3.Error, path: Path) -> str:
    """What a failed SQLite call on the book at `path` means, in words to act on."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF  # the primary result code
    if code == sqlite3.SQLITE_FULL or (
        code == sqlite3.SQLITE_IOERR and _nearly_full(path.parent)
    ):  # a full disk can also fail SQLite's shared memory file: an I/O error
        return "the disk is full: free some space, then try again"
    if code == sqlite3.SQLITE_READONLY:
        return _read_only_reason(path)
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return (
            "the database is locked: another program has been writing to it for "
            f"over {BUSY_TIMEOUT_MS / 1000:g} s; try again"
        )
    if is_damage(error):
        return f"the file is damaged ({error}); run 'amtui doctor'"
    if code == sqlite3.SQLITE_CANTOPEN:
        return f"{error}: check that the file and its folder exist and are yours"
    if code == sqlite3.SQLITE_IOERR:
        return f"the disk failed ({error}): check the disk and its connection"
    return str(error)


def is_damage(error: sqlite3.Error) -> bool:
    """Whether SQLite failed because the file is damaged or not a database."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    return code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def _read_only_reason(path: Path) -> str:
    folder = path.parent
    if os.access(path, os.W_OK) and not os.access(folder, os.W_OK):
        return (
            f"its folder {folder} is read-only, and SQLite needs to write "
            f"{path.name}-wal and {path.name}-shm there"
        )
    return "the file is read-only"


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
