"""`amtui backup`: a private copy of the book, made while it may be in use, checked
before it is called a backup."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime
from itertools import count
from pathlib import Path

from amtui.errors import AmtuiError
from amtui.locations import ensure_private_dir
from amtui.store import sqlite
from amtui.store.book_file import is_sqlite_file

BACKUPS_FOLDER = "backups"


def backups_folder(book: Path) -> Path:
    """Where backups go by default: a private `backups` folder beside the book."""
    return book.absolute().parent / BACKUPS_FOLDER


def backup_book(
    book: Path,
    destination: Path | None,
    *,
    now: datetime,
    progress: sqlite.BackupProgress | None = None,
) -> Path:
    """Copy `book` consistently to `destination` and return where the copy went.

    `destination` is a file that must not exist yet, or a folder to put a copy
    named after the book and `now` in; None means `backups_folder(book)`, created
    0700. The copy is 0600 and passes SQLite's integrity check, or it is removed
    and an `AmtuiError` says why.
    """
    _require_book(book)
    target = _target(book, destination, now)
    try:
        sqlite.backup_to(book, target, progress)
    except FileExistsError:
        raise AmtuiError(
            f"{target} already exists: amtui never overwrites a file; name another"
        ) from None
    except sqlite3.Error as error:  # mostly the book's: the copy is new and ours
        reason = sqlite.describe_failure(error, book)
        raise AmtuiError(f"cannot back up {book}: {reason}") from error
    except OSError as error:
        raise AmtuiError(f"cannot write {target}: {error.strerror}") from error
    with closing(sqlite3.connect(target)) as copy:
        problems = sqlite.integrity_problems(copy)
    if problems:
        sqlite.remove_database_files(target)
        raise AmtuiError(
            f"the copy of {book} fails SQLite's integrity check ({problems[0]}), so "
            "it was removed: the book itself is damaged; run 'amtui doctor'"
        )
    return target


def _require_book(book: Path) -> None:
    if not book.is_file():
        raise AmtuiError(f"{book}: no such database")
    try:
        readable = is_sqlite_file(book) and book.stat().st_size > 0
    except OSError as error:
        raise AmtuiError(f"cannot read {book}: {error.strerror}") from error
    if not readable:
        raise AmtuiError(f"{book} is not an amtui database (not an SQLite file)")


def _target(book: Path, destination: Path | None, now: datetime) -> Path:
    """The file to create: `destination`, or a new name in the folder meant."""
    if destination is None:
        folder = backups_folder(book)
        ensure_private_dir(folder)
    elif destination.is_dir():
        folder = destination
    elif not destination.absolute().parent.is_dir():
        raise AmtuiError(f"{destination.absolute().parent}: no such folder")
    else:
        return destination
    stem = f"{book.stem}-{now:%Y-%m-%d-%H%M%S}"
    suffix = book.suffix or ".db"
    names = (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}" for n in count(1))
    return next(
        folder / name
        for name in names
        if not any(path.exists() for path in sqlite.database_files(folder / name))
    )


def human_size(size: int) -> str:
    """A file size the way people say it: 512 bytes, 1.2 MB."""
    if size < 1000:
        return f"{size} bytes"
    value = size / 1000
    for unit in ("KB", "MB", "GB"):
        if value < 1000:
            return f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} TB"
