"""The file a book lives in, checked before anything reads it: a private file that
is empty or an SQLite database. Needs no SQLAlchemy, so the command line checks it
before it draws the cockpit."""

from __future__ import annotations

import os
from pathlib import Path

from amtui.errors import AmtuiError
from amtui.locations import ensure_private_dir

SQLITE_HEADER = b"SQLite format 3\x00"


def prepare_book_file(path: Path) -> Path:
    """`path` made absolute, its folder and the file created private if missing;
    an `AmtuiError` if it is a folder, unreadable, or not an SQLite file."""
    path = path.expanduser().absolute()
    if path.is_dir():
        raise AmtuiError(f"{path} is a directory, not a database file")
    ensure_private_dir(path.parent)
    create_private_file(path)
    if not is_sqlite_file(path):
        raise AmtuiError(f"{path} is not an amtui database (not an SQLite file)")
    return path


def create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only, unless it already exists."""
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        if not os.access(path, os.R_OK):
            raise AmtuiError(f"cannot read {path}: permission denied") from None
        return
    except OSError as error:
        raise AmtuiError(f"cannot create {path}: {error.strerror}") from error
    os.close(descriptor)


def is_sqlite_file(path: Path) -> bool:
    """Whether `path` is empty or starts with the SQLite header."""
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    return header in (b"", SQLITE_HEADER)
