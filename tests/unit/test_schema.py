"""Schema versions: stamped on creation, upgraded on open, refused when newer."""

from __future__ import annotations

import io
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from breakage import fill_disk, small_disk
from sqlalchemy import Connection, inspect, select, text, update

from amtui.errors import AmtuiError
from amtui.store import Database, indexing, open_database, schema
from amtui.store.editing import delete, update_interaction
from amtui.store.exchange import export_json, import_json
from amtui.store.models import Account, AgendaItem, Base, Interaction
from amtui.store.search import names_containing

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NEXT = 5  # a version no amtui has written yet, for the fake upgrade steps


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
    assert version_of(tmp_path / "book.db") == schema.SCHEMA_VERSION == NEXT - 1


def test_every_earlier_version_has_an_upgrade_and_a_fixture() -> None:
    assert sorted(schema.UPGRADES) == list(range(2, schema.SCHEMA_VERSION + 1))
    for version in range(1, schema.SCHEMA_VERSION):
        assert (FIXTURES / f"schema_v{version}.sql").is_file()


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

    monkeypatch.setattr(schema, "SCHEMA_VERSION", NEXT)
    monkeypatch.setitem(schema.UPGRADES, NEXT, add_region)

    db = open_database(path)
    with db.read() as session:
        rows = session.execute(text("SELECT name, region FROM account")).all()
    db.close()
    assert rows == [("Kept through the upgrade", None)]
    assert version_of(path) == NEXT
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

    monkeypatch.setattr(schema, "SCHEMA_VERSION", NEXT)
    monkeypatch.setitem(schema.UPGRADES, NEXT, broken)
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


# --- version 1 ----------------------------------------------------------------------

# Rows with their columns named, so that they load into every version's schema.
BOOK_ROWS = """
INSERT INTO account (id, name, name_key, sector, tier, phase, status, owner,
    cadence_days, notes, tags, created_at, updated_at, archived) VALUES
    (1, 'Acme', 'acme', NULL, 'key', 'loyalty', 'active', NULL, 30, '[b]notes[/b]',
     NULL, '2026-01-05 10:00:00.000000', '2026-01-05 10:00:00.000000', 0),
    (2, 'acme', 'acme', NULL, 'standard', 'conquest', 'prospect', NULL, 30, NULL,
     NULL, '2025-01-05 10:00:00.000000', '2025-01-05 10:00:00.000000', 1);
INSERT INTO contact (id, account_id, name, created_at, updated_at) VALUES
    (1, 1, 'Claire', '2026-01-05 10:00:00.000000', '2026-01-05 10:00:00.000000');
INSERT INTO interaction (id, account_id, contact_id, occurred_at, kind, summary,
    details, sentiment, follow_up_on, created_at) VALUES
    (1, 1, 1, '2026-11-20 09:00:00.000000', 'call', 'Renewal call', NULL, 'positive',
     '2026-11-30', '2026-11-20 09:00:00.000000'),
    (2, 1, NULL, '2026-11-21 09:00:00.000000', 'note', 'Renewal call', NULL, NULL,
     NULL, '2026-11-21 09:00:00.000000');
INSERT INTO opportunity (id, account_id, title, amount, stage, expected_close_on,
    closed_on, created_at, updated_at) VALUES
    (1, 1, 'Renewal', 1200000, 'won', NULL, '2026-11-02',
     '2026-10-01 09:00:00.000000', '2026-11-02 09:00:00.000000');
INSERT INTO handoff (id, account_id, title, currency, status, created_at, updated_at)
    VALUES (1, 1, 'Rollout', 'EUR', 'draft', '2026-11-01 09:00:00.000000',
    '2026-11-01 09:00:00.000000');
INSERT INTO deliverable VALUES (1, 1, 'Spec', NULL, 1);
INSERT INTO handoff_status_change VALUES
    (1, 1, NULL, 'draft', '2026-11-01 09:00:00.000000');
INSERT INTO agenda_item (id, account_id, handoff_id, due_on, due_time, title, kind,
    done_at, recurrence, created_at) VALUES
    (1, 1, NULL, '2026-11-30', NULL, 'Follow up: Renewal call', 'follow_up', NULL,
     'none', '2026-11-20 09:00:00.000000'),
    (2, 1, NULL, '2026-12-01', '09:30:00.000000', 'Follow up: something else',
     'follow_up', NULL, 'none', '2026-11-20 09:00:00.000000'),
    (3, NULL, 1, '2026-11-24', NULL, 'Weekly pipeline', 'review', NULL, 'weekly',
     '2026-11-20 09:00:00.000000');
INSERT INTO objective (id, period, metric, target, created_at) VALUES
    (1, '2026-Q4', 'revenue', 25000000, '2026-10-01 09:00:00.000000');
"""


def make_book(path: Path, version: int) -> None:
    """A book exactly as amtui wrote it at schema `version` (frozen DDL, raw rows)."""
    with sqlite3.connect(path) as connection:
        connection.executescript(
            (FIXTURES / f"schema_v{version}.sql").read_text("utf-8")
        )
        connection.executescript(BOOK_ROWS)
    connection.close()


def raw_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(path) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        rows = {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            for table in tables
        }
    connection.close()
    return rows


def foreign_keys(db: Database, table: str) -> list[tuple[Any, ...]]:
    """(column, table, column, on delete) as SQLite enforces them.

    SQLAlchemy does not reflect ON DELETE from a column's inline REFERENCES, which is
    how ALTER TABLE ADD COLUMN writes it.
    """
    with db.engine.connect() as connection:
        rows = connection.exec_driver_sql(f"PRAGMA foreign_key_list({table})")
        return sorted((row[3], row[2], row[4], row[6]) for row in rows)


def shape(path: Path) -> dict[str, Any]:
    """Each table's columns (name, type, nullability), foreign keys and indexes."""
    db = open_database(path)
    inspector = inspect(db.engine)
    found = {
        table: (
            sorted(
                (c["name"], str(c["type"]), c["nullable"])
                for c in inspector.get_columns(table)
            ),
            foreign_keys(db, table),
            sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                for i in inspector.get_indexes(table)
            ),
        )
        for table in inspector.get_table_names()
    }
    db.close()
    return found


@pytest.mark.parametrize("version", range(1, schema.SCHEMA_VERSION))
def test_every_older_book_is_backed_up_and_upgraded_with_every_record(
    tmp_path: Path, version: int
) -> None:
    path = tmp_path / "book.db"
    make_book(path, version)
    before = raw_rows(path)

    open_database(path).close()

    assert version_of(path) == schema.SCHEMA_VERSION
    (backup,) = tmp_path.glob(f"book.db.v{version}-*.bak")
    assert raw_rows(backup) == before
    after = raw_rows(path)
    for table in Base.metadata.tables:
        width = len(before[table][0]) if before[table] else 0
        # every record is kept as it was; the new columns come last
        assert [row[:width] for row in after[table]] == before[table], table
    new = tmp_path / "new.db"
    open_database(new).close()
    assert shape(path) == shape(new)


def test_upgraded_records_start_at_version_1(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    make_book(path, 3)

    open_database(path).close()

    with sqlite3.connect(path) as connection:
        versions = {
            table: connection.execute(
                f"SELECT DISTINCT version FROM {table}"
            ).fetchall()
            for table in ("account", "interaction", "agenda_item", "objective")
        }
    connection.close()
    assert list(versions.values()) == [[(1,)]] * 4


def test_version_1_links_follow_ups_and_last_contacts(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    make_book(path, 1)

    open_database(path).close()

    with sqlite3.connect(path) as connection:
        links = connection.execute(
            "SELECT interaction_id FROM agenda_item ORDER BY id"
        ).fetchall()
        last = connection.execute(
            "SELECT last_contact_at FROM account ORDER BY id"
        ).fetchall()
    connection.close()
    assert links == [(1,), (None,), (None,)]
    assert last == [("2026-11-21 09:00:00.000000",), (None,)]


def test_version_1_follow_ups_are_linked_to_their_interaction(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    make_book(path, 1)

    db = open_database(path)
    with db.read() as session:
        links = session.execute(
            select(AgendaItem.id, AgendaItem.interaction_id).order_by(AgendaItem.id)
        ).all()
    update_interaction(db, 1, {"follow_up_on": date(2026, 12, 4)})
    with db.read() as session:
        moved = session.get(AgendaItem, 1)
    delete(db, Interaction, 1)
    with db.read() as session:
        orphan = session.get(AgendaItem, 1)
    db.close()

    assert links == [(1, 1), (2, None), (3, None)]
    assert (moved.due_on, moved.interaction_id) == (date(2026, 12, 4), 1)
    assert (orphan.due_on, orphan.interaction_id) == (date(2026, 12, 4), None)


def book_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table through the models' columns, in the models' order."""
    db = open_database(path)
    with db.read() as session:
        rows = {
            table.name: [tuple(row) for row in session.execute(select(table))]
            for table in Base.metadata.sorted_tables
        }
    db.close()
    return rows


def test_an_upgraded_book_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    make_book(path, 1)
    db = open_database(path)
    out = io.StringIO()
    export_json(db, out)
    db.close()
    (tmp_path / "book.json").write_text(out.getvalue(), encoding="utf-8")

    target = open_database(tmp_path / "target.db")
    import_json(target, tmp_path / "book.json")
    target.close()

    assert book_rows(tmp_path / "target.db") == book_rows(path)


# --- version 2 ----------------------------------------------------------------------


def test_a_version_2_book_gets_its_last_contacts_and_search_index(
    tmp_path: Path,
) -> None:
    path = tmp_path / "book.db"
    make_book(path, 2)
    before = raw_rows(path)

    db = open_database(path)
    with db.read() as session:
        last = dict(session.execute(select(Account.id, Account.last_contact_at)).all())
        found = session.scalars(
            select(Account.id).where(
                names_containing("CME"), Account.archived.is_(False)
            )
        ).all()
    db.close()

    (backup,) = tmp_path.glob("book.db.v2-*.bak")
    assert raw_rows(backup) == before
    assert version_of(path) == schema.SCHEMA_VERSION
    assert last == {1: datetime(2026, 11, 21, 9, tzinfo=UTC), 2: None}
    assert found == [1]
    new = tmp_path / "new.db"
    open_database(new).close()
    assert shape(path) == shape(new)


def test_a_book_missing_its_search_index_is_reindexed_on_open(tmp_path: Path) -> None:
    open_database(tmp_path / "new.db").close()
    path = tmp_path / "book.db"
    db = open_database(path)
    with db.write() as session:  # as a seed cut short leaves it
        indexing.drop_triggers(session.connection())
        indexing.drop_lookup_indexes(session.connection())
        session.add(Account(name="Written while unindexed"))
    db.close()

    db = open_database(path)
    with db.read() as session:
        found = session.scalars(select(Account.name).where(names_containing("unindex")))
        names = list(found)
        current = indexing.is_current(session.connection())
    db.close()

    assert names == ["Written while unindexed"]
    assert current and shape(path) == shape(tmp_path / "new.db")
    assert not list(tmp_path.glob("*.bak"))  # nothing upgraded: nothing backed up


def test_a_book_never_measured_is_measured_on_open(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    open_database(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TABLE sqlite_stat1")
    connection.close()

    open_database(path).close()

    with sqlite3.connect(path) as connection:
        tables = {
            row[0] for row in connection.execute("SELECT name FROM sqlite_master")
        }
    connection.close()
    assert "sqlite_stat1" in tables


def test_no_upgrade_without_its_copy_first(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", size="1m") as disk:
        path = disk / "book.db"
        make_book(path, 3)
        before = raw_rows(path)
        fill_disk(disk, leave=96 * 1024)  # room to open the book, not to copy it

        with pytest.raises(AmtuiError, match="the copy made first failed") as refused:
            open_database(path)

        assert "the disk is full" in str(refused.value)
        assert "the book is unchanged" in str(refused.value)
        assert raw_rows(path) == before
        assert sorted(p.name for p in disk.iterdir()) == ["book.db", "filler"]
