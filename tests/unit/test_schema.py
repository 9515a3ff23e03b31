"""Schema versions: stamped on creation, upgraded on open, refused when newer."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Connection, select, text, update

from amtui.errors import AmtuiError
from amtui.store import open_database, schema
from amtui.store.models import Account


def stamp(path: Path, version: int) -> None:
    db = open_database(path)
    with db.write() as session:
        session.execute(update(schema.schema_info).values(version=version))
    db.close()


def version_of(path: Path) -> int:
    db = open_database(path)
    with db.read() as session:
        version = session.execute(select(schema.schema_info.c.version)).scalar_one()
    db.close()
    return version


def test_a_new_book_is_stamped_with_the_current_version(tmp_path: Path) -> None:
    open_database(tmp_path / "book.db").close()
    assert version_of(tmp_path / "book.db") == schema.SCHEMA_VERSION


def test_an_older_book_is_backed_up_then_upgraded_on_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "book.db"
    db = open_database(path)
    with db.write() as session:
        session.add(Account(name="Kept through the upgrade"))
    db.close()
    current = schema.SCHEMA_VERSION

    def add_region(connection: Connection) -> None:
        connection.execute(text("ALTER TABLE account ADD COLUMN region VARCHAR(50)"))

    monkeypatch.setattr(schema, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(schema.UPGRADES, current + 1, add_region)

    db = open_database(path)
    with db.read() as session:
        rows = session.execute(text("SELECT name, region FROM account")).all()
    db.close()
    assert rows == [("Kept through the upgrade", None)]
    assert version_of(path) == current + 1
    backups = list(tmp_path.glob(f"book.db.v{current}-*.bak"))
    assert len(backups) == 1
    assert backups[0].stat().st_mode & 0o777 == 0o600


def test_a_failed_upgrade_leaves_the_book_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "book.db"
    open_database(path).close()
    current = schema.SCHEMA_VERSION

    def broken(connection: Connection) -> None:
        connection.execute(text("ALTER TABLE account ADD COLUMN region VARCHAR(50)"))
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(schema, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(schema.UPGRADES, current + 1, broken)
    with pytest.raises(AmtuiError, match="database is unchanged"):
        open_database(path)
    monkeypatch.undo()
    assert version_of(path) == current
    db = open_database(path)
    with db.read() as session:
        columns = [
            row[1] for row in session.execute(text("PRAGMA table_info(account)"))
        ]
    db.close()
    assert "region" not in columns


def test_a_book_from_a_newer_amtui_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    open_database(path).close()
    stamp(path, schema.SCHEMA_VERSION + 1)
    with pytest.raises(AmtuiError, match="newer than this amtui"):
        open_database(path)
