"""Opening a book: private files, pragmas, refusal of things that are not books."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from amtui.errors import AmtuiError
from amtui.store import Database, open_database
from amtui.store.models import Account, Contact


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_book_is_private_in_a_private_folder(tmp_path: Path) -> None:
    path = tmp_path / "data" / "amtui" / "amtui.db"
    open_database(path).close()
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700


def test_existing_folder_keeps_its_mode(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    open_database(tmp_path / "book.db").close()
    assert mode(tmp_path) == 0o755
    assert mode(tmp_path / "book.db") == 0o600


def test_pragmas_foreign_keys_wal_and_busy_timeout(db: Database) -> None:
    with db.read() as session:
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_foreign_keys_are_enforced(db: Database) -> None:
    refusal = "FOREIGN KEY constraint failed"
    with pytest.raises(AmtuiError, match=refusal) as refused, db.write() as session:
        session.add(Contact(account_id=999, name="Nobody's contact"))
    assert isinstance(refused.value.__cause__, IntegrityError)


def test_write_is_one_transaction(db: Database) -> None:
    with pytest.raises(RuntimeError), db.write() as session:
        session.add(Account(name="Half done"))
        session.flush()
        raise RuntimeError("the user's action failed half-way")
    with db.read() as session:
        assert session.query(Account).count() == 0


def test_live_account_names_are_unique_case_insensitively(db: Database) -> None:
    with db.write() as session:
        session.add(Account(name="Acme", archived=True))
        session.add(Account(name="Acme"))  # an archived name can be reused
    refusal = "UNIQUE constraint failed"
    with pytest.raises(AmtuiError, match=refusal) as refused, db.write() as session:
        session.add(Account(name="ACME "))
    assert isinstance(refused.value.__cause__, IntegrityError)


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AmtuiError, match="is a directory"):
        open_database(tmp_path)


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("dear diary")
    with pytest.raises(AmtuiError, match="not an amtui database"):
        open_database(path)


def test_an_sqlite_file_from_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE songs (title TEXT)")
    connection.close()
    with pytest.raises(AmtuiError, match="not made by amtui"):
        open_database(path)


def test_an_unreadable_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "book.db"
    open_database(path).close()
    monkeypatch.setattr(os, "access", lambda *_args: False)  # root can read anything
    with pytest.raises(AmtuiError, match="permission denied"):
        open_database(path)


def test_a_folder_that_cannot_be_created_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(AmtuiError, match=r"not a directory|cannot create"):
        open_database(blocker / "sub" / "book.db")


@pytest.mark.parametrize(
    "name", ["a%41b.db", "q?mode=ro.db", "hash#tag.db", "sp ace.db"]
)
def test_paths_are_paths_not_urls(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    db = open_database(path)
    with db.write() as session:
        session.add(Account(name="Where I said"))
    db.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
    assert mode(path) == 0o600
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT name FROM account").fetchall() == [
            ("Where I said",)
        ]
    connection.close()
