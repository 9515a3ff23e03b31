"""Open a book: a file made private, an engine, the schema checked, sessions per action."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, exists, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from amtui.errors import AmtuiError
from amtui.store import schema, sqlite
from amtui.store.book_file import prepare_book_file
from amtui.store.models import Base


class Database:
    """A book on disk. Each `read()` or `write()` is one short transaction."""

    def __init__(self, engine: Engine, path: Path) -> None:
        self.engine = engine
        self.path = path
        self._reader = sessionmaker(engine, expire_on_commit=False)
        self._writer = sessionmaker(
            engine.execution_options(**sqlite.write_options()), expire_on_commit=False
        )
        self._changes: sqlite.ChangeCounter | None = None

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries; nothing it does is committed.

        A database that fails to answer (damaged, locked for too long, gone) raises an
        `AmtuiError` with one line to show the user.
        """
        try:
            with self._reader() as session:
                yield session
        except DBAPIError as error:
            raise self._failure("cannot read", error) from error

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session for one user action: committed whole on success, else rolled back.

        A write the database refuses (disk full, read-only file, locked past the busy
        timeout, damaged) raises an `AmtuiError` saying why; nothing of it is kept.
        """
        try:
            with self._writer.begin() as session:
                yield session
        except DBAPIError as error:
            raise self._failure("cannot save to", error) from error

    def _failure(self, action: str, error: DBAPIError) -> AmtuiError:
        return AmtuiError(f"{action} {self.path}: {failure_reason(error, self.path)}")

    def book_version(self) -> int:
        """A number that changes whenever anyone commits to the book."""
        try:
            if self._changes is None:
                self._changes = sqlite.ChangeCounter(self.path)
            return self._changes.value()
        except sqlite3.Error as error:
            reason = sqlite.describe_failure(error, self.path)
            raise AmtuiError(f"cannot read {self.path}: {reason}") from error

    def close(self) -> None:
        if self._changes is not None:
            self._changes.close()
        self.engine.dispose()


def filled_table(session: Session) -> str | None:
    """The first table of the book that holds a row; None for an empty book."""
    for table in Base.metadata.sorted_tables:
        if session.execute(select(exists().select_from(table))).scalar():
            return table.name
    return None


def open_database(path: Path) -> Database:
    """Open (creating if needed) the book at `path`, upgraded to the current schema."""
    path = prepare_book_file(path)
    engine = sqlite.create_sqlite_engine(path)
    try:
        schema.ensure_current(engine, path)
    except AmtuiError:
        engine.dispose()
        raise
    except DBAPIError as error:
        engine.dispose()
        raise AmtuiError(
            f"cannot open {path}: {failure_reason(error, path)}"
        ) from error
    return Database(engine, path)


def failure_reason(error: DBAPIError, path: Path) -> str:
    """Why the database refused, in words the user can act on."""
    if isinstance(error.orig, sqlite3.Error):
        return sqlite.describe_failure(error.orig, path)
    return str(error.orig or error)
