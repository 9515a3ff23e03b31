"""`amtui backup`: a consistent copy of a book in use, private, checked, and never
over an existing file."""

from __future__ import annotations

import sqlite3
import stat
from contextlib import closing
from pathlib import Path

from breakage import amtui_here, amtui_on_terminal, garble, one_line_error, root_page
from sqlalchemy import func
from sqlalchemy import select as sql_select

from amtui.store import open_database
from amtui.store.models import Account
from conftest import add_account, build_small_book

PAGE = 4096


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def names(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as connection:
        rows = connection.execute("SELECT name FROM account ORDER BY id").fetchall()
    return [row[0] for row in rows]


def backed_up_to(stdout: str) -> Path:
    """The copy's path, from `Backed up BOOK to COPY (size, checked: ...)`."""
    return Path(stdout.split(" to ", 1)[1].rsplit(" (", 1)[0])


def test_a_backup_of_a_book_in_use_has_every_saved_record_and_nothing_unsaved(
    tmp_path: Path,
) -> None:
    book = tmp_path / "book.db"
    cockpit = open_database(book)  # a session left open, its saves still in the WAL
    build_small_book(cockpit)
    add_account(cockpit, "Saved a moment ago")
    wal = book.with_name("book.db-wal")
    assert wal.stat().st_size > 0  # what a copy of the file alone would miss
    with closing(sqlite3.connect(book, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")  # another session is saving right now
        other.execute("UPDATE account SET name = 'Half' WHERE id = 1")
        result = amtui_here("backup", "--db", str(book))
        other.execute("ROLLBACK")
    assert result.returncode == 0, result.stderr
    copy = backed_up_to(result.stdout)
    assert result.stdout == (
        f"Backed up {book} to {copy} ({copy.stat().st_size / 1000:.1f} KB, "
        "checked: no damage found)\n"
    )
    with cockpit.read() as session:
        saved = session.scalars(sql_select(Account.name).order_by(Account.id)).all()
    cockpit.close()
    assert names(copy) == saved
    assert "Saved a moment ago" in saved
    assert "Half" not in saved
    # private, in a private folder beside the book, one self-contained file
    assert copy.parent == tmp_path / "backups"
    assert mode(copy.parent) == 0o700
    assert mode(copy) == 0o600
    assert sorted(p.name for p in copy.parent.iterdir()) == [copy.name]
    with closing(sqlite3.connect(copy)) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_a_backup_opens_as_a_book(tmp_path: Path) -> None:
    book = tmp_path / "book.db"
    db = open_database(book)
    build_small_book(db)
    db.close()
    copy = tmp_path / "copy.db"
    assert amtui_here("backup", "--db", str(book), str(copy)).returncode == 0
    restored = open_database(copy)
    with restored.read() as session:
        assert session.scalar(sql_select(func.count()).select_from(Account)) == 5
    restored.close()


def test_backups_never_overwrite_and_get_new_names(tmp_path: Path) -> None:
    book = tmp_path / "book.db"
    open_database(book).close()
    target = tmp_path / "mine.db"
    target.write_bytes(b"precious")
    assert one_line_error(amtui_here("backup", "--db", str(book), str(target))) == (
        f"{target} already exists: amtui never overwrites a file; name another"
    )
    assert target.read_bytes() == b"precious"
    folder = tmp_path / "copies"
    folder.mkdir()
    first = amtui_here("backup", "--db", str(book), str(folder))
    second = amtui_here("backup", "--db", str(book), str(folder))
    copies = {backed_up_to(first.stdout), backed_up_to(second.stdout)}
    assert len(copies) == 2
    assert set(folder.iterdir()) == copies
    assert all(copy.name.startswith("book-") for copy in copies)


def test_backup_refusals(tmp_path: Path) -> None:
    book = tmp_path / "book.db"
    assert one_line_error(amtui_here("backup", "--db", str(book))) == (
        f"{book}: no such database"
    )
    book.write_text("a shopping list")
    assert one_line_error(amtui_here("backup", "--db", str(book))) == (
        f"{book} is not an amtui database (not an SQLite file)"
    )
    book.unlink()
    open_database(book).close()
    nowhere = tmp_path / "nowhere" / "copy.db"
    assert one_line_error(amtui_here("backup", "--db", str(book), str(nowhere))) == (
        f"{nowhere.parent}: no such folder"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.db"]


def test_a_copy_that_fails_the_integrity_check_is_not_kept(tmp_path: Path) -> None:
    book = tmp_path / "book.db"
    db = open_database(book)
    build_small_book(db)
    db.close()
    garble(book, (root_page(book, "interaction") - 1) * PAGE + 8, 64)  # one page
    result = amtui_here("backup", "--db", str(book))
    error = one_line_error(result)
    assert error.startswith(f"the copy of {book} fails SQLite's integrity check (")
    assert error.endswith(
        "so it was removed: the book itself is damaged; run 'amtui doctor'"
    )
    assert list((tmp_path / "backups").iterdir()) == []


def test_backup_shows_progress_on_a_terminal_only(tmp_path: Path) -> None:
    book = tmp_path / "book.db"
    db = open_database(book)
    build_small_book(db)
    db.close()
    piped = amtui_here("backup", "--db", str(book), str(tmp_path / "piped.db"))
    assert piped.stderr == ""
    code, drawn = amtui_on_terminal("backup", "--db", str(book))
    assert code == 0
    pages = book.stat().st_size // PAGE
    assert "Backing up" in drawn
    assert f"{pages}/{pages}" in drawn
