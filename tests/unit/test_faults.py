"""Faults the user can run into: each gives one clear sentence, from the store (which
the cockpit shows) and from every command, never a traceback, and loses nothing.

The faults are real: a full disk is a tmpfs of 1 MB (or SQLite's page limit), a
read-only book is refused by the kernel to a process without root's powers, damage
is bytes overwritten in the file, a lock is held by another connection.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from breakage import (
    amtui,
    amtui_here,
    fill_disk,
    garble,
    one_line_error,
    ordinary_user,
    root_page,
    small_disk,
    stamp_version,
)
from sqlalchemy import event, func, select

from amtui.errors import AmtuiError
from amtui.store import Database, open_database, sqlite
from amtui.store.models import Account, Interaction
from amtui.store.schema import SCHEMA_VERSION
from conftest import build_small_book

PAGE = 4096
# One reading and one writing command, and the tools, on every fault.
READ = ("agenda",)
WRITE = ("log", "Acme", "a call")


def small_book(path: Path) -> Path:
    db = open_database(path)
    build_small_book(db)
    db.close()
    return path


def accounts(path: Path) -> int:
    with closing(sqlite3.connect(path)) as connection:
        return int(connection.execute("SELECT count(*) FROM account").fetchone()[0])


def integrity(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as connection:
        return sqlite.integrity_problems(connection)


# --- the store: what the cockpit shows ------------------------------------------


@pytest.fixture
def capped(tmp_path: Path) -> Iterator[Database]:
    """A book whose every connection may not grow the file: a disk that is full."""
    db = open_database(small_book(tmp_path / "book.db"))

    @event.listens_for(db.engine, "connect")
    def _no_room(connection: sqlite3.Connection, _record: object) -> None:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count={pages}")

    db.engine.dispose()  # the connections made before the cap go
    yield db
    db.close()


def test_a_save_on_a_full_disk_says_so_and_keeps_nothing_of_it(
    capped: Database,
) -> None:
    with capped.read() as session:
        before = session.scalar(select(func.count()).select_from(Account))
    with pytest.raises(AmtuiError) as refused:
        for number in range(1000):  # the book's free pages run out long before
            with capped.write() as session:
                session.add(Account(name=f"Big client {number}", notes="x" * 3000))
    assert str(refused.value) == (
        f"cannot save to {capped.path}: the disk is full: free some space, "
        "then try again"
    )
    with capped.read() as session:
        after = session.scalar(select(func.count()).select_from(Account))
        names = session.scalars(select(Account.name)).all()
    assert after == before + number  # every save but the refused one
    assert f"Big client {number}" not in names
    assert integrity(capped.path) == []


def test_a_save_past_the_busy_timeout_says_the_book_is_locked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite, "BUSY_TIMEOUT_MS", 200)
    db = open_database(small_book(tmp_path / "book.db"))
    with closing(sqlite3.connect(db.path, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        with pytest.raises(AmtuiError) as refused, db.write() as session:
            session.add(Account(name="Waited too long"))
        with db.read() as session:  # reading goes on meanwhile
            assert session.scalar(select(func.count()).select_from(Account)) == 5
        other.execute("ROLLBACK")
    assert str(refused.value) == (
        f"cannot save to {db.path}: the database is locked: another program has "
        "been writing to it for over 0.2 s; try again"
    )
    with db.write() as session:  # and once it is free, saving works again
        session.add(Account(name="Saved after all"))
    db.close()
    assert accounts(db.path) == 6


def test_damage_found_while_reading_or_saving_is_named(tmp_path: Path) -> None:
    path = small_book(tmp_path / "book.db")
    db = open_database(path)
    page = root_page(path, "interaction")
    db.close()
    garble(path, (page - 1) * PAGE, PAGE)  # the interactions' page, not the schema's
    db = open_database(path)
    with pytest.raises(AmtuiError) as unread, db.read() as session:
        session.scalars(select(Interaction.summary)).all()
    with pytest.raises(AmtuiError) as unsaved, db.write() as session:
        session.add(Interaction(account_id=1, summary="lost?", kind="call"))
    db.close()
    damaged = (
        "the file is damaged (database disk image is malformed); run 'amtui doctor'"
    )
    assert str(unread.value) == f"cannot read {path}: {damaged}"
    assert str(unsaved.value) == f"cannot save to {path}: {damaged}"


def test_a_read_only_book_is_read_but_a_save_names_the_file(tmp_path: Path) -> None:
    preexec = ordinary_user()
    path = small_book(tmp_path / "book.db")
    path.chmod(0o400)
    script = (
        "import sys; from pathlib import Path\n"
        "from amtui.errors import AmtuiError\n"
        "from amtui.store import open_database\n"
        "from amtui.store.models import Account\n"
        "db = open_database(Path(sys.argv[1]))\n"
        "with db.read() as session: print(session.query(Account).count())\n"
        "try:\n"
        "    with db.write() as session: session.add(Account(name='New'))\n"
        "except AmtuiError as error: print(error)\n"
    )
    child = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        preexec_fn=preexec,
        check=True,
        timeout=60,
    )
    assert child.stdout.splitlines() == [
        "5",
        f"cannot save to {path}: the file is read-only",
    ]
    assert accounts(path) == 5


# --- the command line: every command, one line --------------------------------


def test_a_read_only_book(tmp_path: Path) -> None:
    preexec = ordinary_user()
    book = small_book(tmp_path / "book.db")
    book.chmod(0o400)
    for args in (READ, ("doctor",), ("backup",)):
        assert amtui(*args, "--db", str(book), preexec=preexec).returncode == 0, args
    assert one_line_error(amtui(*WRITE, "--db", str(book), preexec=preexec)) == (
        f"cannot save to {book}: the file is read-only"
    )
    assert accounts(book) == 5


def test_a_book_in_a_read_only_folder(tmp_path: Path) -> None:
    preexec = ordinary_user()
    folder = tmp_path / "data"
    book = small_book(folder / "book.db")
    folder.chmod(0o500)
    try:
        cannot_open = (
            f"cannot open {book}: its folder {folder} is read-only, and SQLite "
            "needs to write book.db-wal and book.db-shm there"
        )
        for args in (READ, WRITE):
            result = amtui(*args, "--db", str(book), preexec=preexec)
            assert one_line_error(result) == cannot_open
        result = amtui("backup", "--db", str(book), str(tmp_path), preexec=preexec)
        assert one_line_error(result) == cannot_open.replace(
            "cannot open", "cannot back up"
        )
        doctor = amtui("doctor", "--db", str(book), preexec=preexec)
        assert doctor.returncode == 1
        assert f"PROBLEM  folder       {folder} is not writable by you" in doctor.stdout
    finally:
        folder.chmod(0o700)
    assert sorted(path.name for path in folder.iterdir()) == ["book.db"]


def test_a_data_folder_that_cannot_be_made(tmp_path: Path) -> None:
    preexec = ordinary_user()
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    env = {"AMTUI_DB": "", "XDG_DATA_HOME": str(locked / "share")}
    data = locked / "share" / "amtui"
    result = amtui("seed", "--accounts", "2", env=env, preexec=preexec)
    assert one_line_error(result) == f"cannot create {data}: Permission denied"
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = amtui("seed", "--accounts", "2", "--db", str(blocker / "book.db"))
    assert one_line_error(result) == f"{blocker} is not a directory"


def test_a_missing_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AMTUI_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "nowhere"))
    book = tmp_path / "nowhere" / "amtui" / "amtui.db"
    for args in (READ, WRITE, ("backup",)):
        assert one_line_error(amtui_here(*args)) == f"{book}: no such database"
    doctor = amtui_here("doctor")
    assert doctor.returncode == 1
    assert f"PROBLEM  book         no book at {book}" in doctor.stdout
    assert not (tmp_path / "nowhere").exists()  # nothing created by the checks


@pytest.mark.parametrize(
    "damage",
    ["garbage after the header", "garbage after the first page", "truncated"],
)
def test_a_damaged_book(tmp_path: Path, damage: str) -> None:
    book = small_book(tmp_path / "book.db")
    size = book.stat().st_size
    if damage == "garbage after the header":
        garble(book, 100)
    elif damage == "garbage after the first page":
        garble(book, PAGE)
    else:
        with book.open("r+b") as handle:
            handle.truncate(size // 3)
    damaged = "the file is damaged (database disk image is malformed)"
    for args in (READ, WRITE, ("export", "--format", "json"), ("review",)):
        assert one_line_error(amtui_here(*args, "--db", str(book))) == (
            f"cannot open {book}: {damaged}; run 'amtui doctor'"
        ), args
    assert one_line_error(amtui_here("backup", "--db", str(book))) == (
        f"cannot back up {book}: {damaged}; run 'amtui doctor'"
    )
    assert not any((tmp_path / "backups").glob("*.db"))  # no unsound copy kept
    doctor = amtui_here("doctor", "--db", str(book))
    assert doctor.returncode == 1
    assert f"PROBLEM  integrity    {book} is damaged" in doctor.stdout


def test_a_book_from_a_newer_amtui_here(tmp_path: Path) -> None:
    book = small_book(tmp_path / "book.db")
    stamp_version(book, SCHEMA_VERSION + 1)
    newer = (
        f"{book} uses schema version {SCHEMA_VERSION + 1}, newer than this amtui "
        f"understands ({SCHEMA_VERSION}): upgrade amtui"
    )
    for args in (READ, WRITE, ("export", "--format", "json")):
        assert one_line_error(amtui_here(*args, "--db", str(book))) == newer, args
    doctor = amtui_here("doctor", "--db", str(book))
    assert doctor.returncode == 1
    assert f"is from a newer amtui (this one knows {SCHEMA_VERSION})" in doctor.stdout
    assert amtui_here("backup", "--db", str(book)).returncode == 0  # a copy is harmless


def test_a_full_disk(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk") as disk:
        book = small_book(disk / "book.db")
        fill_disk(disk, leave=48 * 1024)  # room to open, not to save
        full = "the disk is full: free some space, then try again"
        assert one_line_error(amtui_here(*WRITE, "--db", str(book))) == (
            f"cannot save to {book}: {full}"
        )
        fill_disk(disk)  # not a byte left: not even to open
        assert one_line_error(amtui_here(*READ, "--db", str(book))) == (
            f"cannot open {book}: {full}"
        )
        doctor = amtui_here("doctor", "--db", str(book))
        assert doctor.returncode == 1
        assert "PROBLEM  disk         only 0 bytes free" in doctor.stdout
        (disk / "filler").unlink()
        assert integrity(book) == []
        assert accounts(book) == 5


def test_a_backup_onto_a_full_disk_leaves_no_partial_copy(tmp_path: Path) -> None:
    book = small_book(tmp_path / "book.db")
    assert book.stat().st_size > 64 * 1024
    with small_disk(tmp_path / "disk", size="64k") as disk:
        result = amtui_here("backup", "--db", str(book), str(disk))
        assert one_line_error(result) == (
            f"cannot back up {book}: the disk is full: free some space, then try again"
        )
        assert list(disk.iterdir()) == []
