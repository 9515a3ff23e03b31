"""`amtui doctor`: checks the book, its files, its folder, the settings and the disk,
and says what to do about each problem.

It changes nothing: the book is read through a read-only connection, never through
`open_database` (which would create or upgrade it).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from amtui.config import config_path, load_settings
from amtui.errors import AmtuiError
from amtui.locations import data_dir
from amtui.store import schema, sqlite
from amtui.store.backup import backups_folder, human_size
from amtui.store.book_file import is_sqlite_file
from amtui.text import one_line

FREE_SPACE_MARGIN = 100_000_000  # bytes beyond a copy of the book


@dataclass(frozen=True)
class Finding:
    """One check's verdict, and what to do when it is a problem."""

    topic: str
    ok: bool
    text: str


def examine(book: Path) -> list[Finding]:
    """Every check on the book at `book` and what surrounds it, in reading order."""
    book = book.expanduser().absolute()
    checks: list[tuple[str, Callable[[], Iterable[Finding]]]] = [
        ("book", lambda: _book_file(book)),
        ("permissions", lambda: _permissions(book)),
        ("folder", lambda: _folder(book.parent)),
        ("database", lambda: _database(book)),
        ("backups", lambda: _backups(book)),
        ("settings", _settings),
        ("disk", lambda: _disk(book)),
    ]
    findings: list[Finding] = []
    for topic, check in checks:
        try:
            findings.extend(check())
        except (OSError, sqlite3.Error, DBAPIError, AmtuiError) as error:
            findings.append(Finding(topic, False, f"could not be checked: {error}"))
    return findings


def report(findings: Iterable[Finding]) -> str:
    """One line a finding: `ok` or `PROBLEM`, the topic, what was found."""
    return "\n".join(
        one_line(f"{'ok' if f.ok else 'PROBLEM':<8} {f.topic:<12} {f.text}")
        for f in findings
    )


def _ok(topic: str, text: str) -> Finding:
    return Finding(topic, True, text)


def _problem(topic: str, text: str) -> Finding:
    return Finding(topic, False, text)


def _is_book(path: Path) -> bool:
    """Whether `path` holds an SQLite database worth opening."""
    return path.is_file() and path.stat().st_size > 0 and is_sqlite_file(path)


def _book_file(book: Path) -> Iterator[Finding]:
    if not book.exists():
        wal = sqlite.database_files(book)[1]
        if wal.exists():
            yield _problem(
                "book",
                f"{book} is missing but {wal.name} is there: the book was moved or "
                f"deleted; put it back, or restore a backup (keep {wal.name})",
            )
            return
        yield _problem(
            "book",
            f"no book at {book}: the cockpit creates it when first opened; "
            "if yours is elsewhere, pass --db PATH or set $AMTUI_DB",
        )
    elif not book.is_file():
        yield _problem("book", f"{book} is not a file: pass --db with the book's path")
    elif not os.access(book, os.R_OK):
        yield _problem(
            "book", f"{book} cannot be read by you: check its owner (ls -l {book})"
        )
    elif book.stat().st_size == 0:
        yield _ok("book", f"{book} is empty: amtui makes it a book when it opens it")
    elif not is_sqlite_file(book):
        yield _problem(
            "book",
            f"{book} is not an SQLite file, so not an amtui book: check the path, "
            "or restore a backup",
        )
    else:
        yield _ok("book", f"{book} ({human_size(book.stat().st_size)})")


def _database(book: Path) -> Iterator[Finding]:
    """Integrity, schema version and journal, read without changing a byte."""
    if not (os.access(book, os.R_OK) and _is_book(book)):
        return
    engine = sqlite.read_only_engine(book)
    try:
        with engine.connect() as connection:
            raw = connection.connection.driver_connection
            assert isinstance(raw, sqlite3.Connection)
            yield _integrity(raw)
            yield _version(schema.stored_version(connection))
            yield _journal(book, sqlite.journal_mode(raw))
    except (sqlite3.Error, DBAPIError) as error:
        yield _unreadable(book, error)
    except AmtuiError as error:  # not an amtui book
        yield _problem("schema", f"{error}: check the path, or restore a backup")
    finally:
        engine.dispose()


def _integrity(connection: sqlite3.Connection) -> Finding:
    problems = sqlite.integrity_problems(connection)
    if not problems:
        return _ok("integrity", "SQLite's integrity check finds no damage")
    return _problem("integrity", f"the book is damaged ({problems[0]}){_RESCUE}")


_RESCUE = (
    ": put the latest copy from 'amtui backup' in its place, or 'amtui export' "
    "what can still be read"
)


def _unreadable(book: Path, error: sqlite3.Error | DBAPIError) -> Finding:
    """A book SQLite could not read through: damaged, or out of reach."""
    cause = error.orig if isinstance(error, DBAPIError) else error
    if not isinstance(cause, sqlite3.Error):
        return _problem("integrity", f"{book} could not be checked: {cause}")
    if sqlite.is_damage(cause):
        return _problem("integrity", f"{book} is damaged ({cause}){_RESCUE}")
    reason = sqlite.describe_failure(cause, book)
    return _problem("integrity", f"{book} could not be checked: {reason}")


def _version(version: int | None) -> Finding:
    current = schema.SCHEMA_VERSION
    if version is None:
        return _ok("schema", "no tables yet: amtui creates them when it opens the book")
    if version > current:
        return _problem(
            "schema",
            f"version {version} is from a newer amtui (this one knows {current}): "
            "upgrade amtui",
        )
    if version < current:
        return _ok(
            "schema",
            f"version {version}, older than {current}: amtui upgrades it when it "
            "opens it, after copying it beside itself",
        )
    return _ok("schema", f"version {version}, current")


def _journal(book: Path, mode: str) -> Finding:
    wal = sqlite.database_files(book)[1]
    journal = book.with_name(f"{book.name}-journal")
    pending = wal.stat().st_size if wal.exists() else 0
    if journal.exists():
        return _ok(
            "journal",
            f"{journal.name} holds a save that was cut short: amtui rolls it back "
            "when it next opens the book; never delete it",
        )
    if pending:
        return _ok(
            "journal",
            f"{mode}; {wal.name} holds {human_size(pending)} of recent saves, folded "
            "into the book when the last session closes; never delete it",
        )
    return _ok("journal", f"{mode}, nothing pending")


def _permissions(book: Path) -> Iterator[Finding]:
    """The book and its SQLite companions are the user's, readable by them only."""
    files = [path for path in sqlite.database_files(book) if path.is_file()]
    if not files:
        return
    yield _private("permissions", files, 0o600)


def _private(topic: str, paths: list[Path], expected: int) -> Finding:
    """Whether `paths` have no permission for group or others; the fix if not."""
    open_to_others = [path for path in paths if _mode(path) & 0o077]
    strangers = [path for path in paths if path.stat().st_uid != os.getuid()]
    if strangers:
        names = " ".join(str(path) for path in strangers)
        return _problem(topic, f"another user owns {names}: run chown $USER {names}")
    if open_to_others:
        modes = ", ".join(f"{path} {_mode(path):04o}" for path in open_to_others)
        names = " ".join(str(path) for path in open_to_others)
        return _problem(
            topic,
            f"others can open {modes}: run chmod {expected:o} {names}",
        )
    what = "folder" if paths[0].is_dir() else "files"
    return _ok(topic, f"{what} yours only ({expected:04o}): {len(paths)} checked")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _folder(folder: Path) -> Iterator[Finding]:
    if not folder.is_dir():
        yield _problem(
            "folder",
            f"{folder} does not exist: the cockpit creates it (0700) with the book",
        )
        return
    if not os.access(folder, os.W_OK | os.X_OK):
        yield _problem(
            "folder",
            f"{folder} is not writable by you, and SQLite writes beside the book: "
            f"run chmod u+wx {folder}",
        )
        return
    if folder == data_dir():
        yield _private("folder", [folder], 0o700)
    else:
        yield _ok(
            "folder",
            f"{folder} is writable (a folder you chose: its mode "
            f"{_mode(folder):04o} is yours to set)",
        )


def _backups(book: Path) -> Iterator[Finding]:
    folder = backups_folder(book)
    copies = sorted(folder.glob("*.db"), key=lambda path: path.stat().st_mtime)
    if not copies:
        yield _ok("backups", "none beside the book yet: 'amtui backup' makes one")
        return
    yield _private("backups", [folder], 0o700)
    yield _private("backups", copies, 0o600)


def _settings() -> Iterator[Finding]:
    path = config_path()
    _settings_read, warnings = load_settings(path)
    if not path.exists():
        yield _ok("settings", f"no {path}: the defaults apply")
        return
    for warning in warnings:
        yield _problem("settings", f"{warning}: fix it, or remove the line")
    if not warnings:
        yield _ok("settings", f"{path} is valid")


def _disk(book: Path) -> Iterator[Finding]:
    folder = next(
        (path for path in (book.parent, *book.parents) if path.exists()), book
    )
    free = shutil.disk_usage(folder).free
    size = book.stat().st_size if book.is_file() else 0
    needed = size + FREE_SPACE_MARGIN
    if free < needed:
        yield _problem(
            "disk",
            f"only {human_size(free)} free where the book is, less than the "
            f"{human_size(needed)} a backup or an upgrade needs: free some space",
        )
    else:
        yield _ok("disk", f"{human_size(free)} free")
