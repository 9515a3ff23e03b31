"""`amtui doctor`: one line a check, what to do about each problem, a non-zero exit
when there is one; it never changes the book and never crashes, whatever the file."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from breakage import amtui_here, garble, stamp_version

from amtui.store import open_database
from amtui.store.schema import SCHEMA_VERSION
from conftest import build_small_book

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The default book of a user whose data folder is `tmp_path/data/amtui`."""
    monkeypatch.delenv("AMTUI_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    book = tmp_path / "data" / "amtui" / "amtui.db"
    db = open_database(book)
    build_small_book(db)
    db.close()
    return book


def lines(output: str) -> dict[str, str]:
    """`{topic: 'ok ...' or 'PROBLEM ...'}`, the last line of each topic."""
    found = {}
    for line in output.splitlines():
        verdict, topic, text = line.split(maxsplit=2)
        found[topic] = f"{verdict} {text}"
    return found


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_sound_book_passes_every_check(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert amtui_here("backup").returncode == 0
    config = tmp_path / "config.toml"
    config.write_text('[review]\nphase = "loyalty"\n')
    monkeypatch.setenv("AMTUI_CONFIG", str(config))
    before = digest(home)
    result = amtui_here("doctor")
    assert result.returncode == 0, result.stdout
    assert lines(result.stdout) == {
        "book": f"ok {home} ({home.stat().st_size / 1000:.1f} KB)",
        "permissions": "ok files yours only (0600): 1 checked",
        "folder": "ok folder yours only (0700): 1 checked",
        "integrity": "ok SQLite's integrity check finds no damage",
        "schema": f"ok version {SCHEMA_VERSION}, current",
        "journal": "ok wal, nothing pending",
        "backups": "ok files yours only (0600): 1 checked",
        "settings": f"ok {config} is valid",
        "disk": lines(result.stdout)["disk"],
    }
    assert lines(result.stdout)["disk"].endswith(" free")
    assert digest(home) == before


def test_each_problem_says_what_to_do(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home.chmod(0o644)
    home.parent.chmod(0o755)
    config = tmp_path / "config.toml"
    config.write_text('[review]\nphase = "sideways"\n')
    monkeypatch.setenv("AMTUI_CONFIG", str(config))
    result = amtui_here("doctor")
    assert result.returncode == 1
    found = lines(result.stdout)
    assert found["permissions"] == (
        f"PROBLEM others can open {home} 0644: run chmod 600 {home}"
    )
    assert found["folder"] == (
        f"PROBLEM others can open {home.parent} 0755: run chmod 700 {home.parent}"
    )
    assert found["settings"] == (
        f"PROBLEM {config}, line 2: phase is 'sideways', not 'conquest' or "
        "'loyalty'; using the default: fix it, or remove the line"
    )
    assert found["integrity"].startswith("ok")


def test_an_older_book_is_reported_and_left_as_it_is(tmp_path: Path) -> None:
    book = tmp_path / "old.db"
    with closing(sqlite3.connect(book)) as connection:
        connection.executescript((FIXTURES / "schema_v1.sql").read_text("utf-8"))
    book.chmod(0o600)
    before = digest(book)
    result = amtui_here("doctor", "--db", str(book))
    assert lines(result.stdout)["schema"] == (
        f"ok version 1, older than {SCHEMA_VERSION}: amtui upgrades it when it "
        "opens it, after copying it beside itself"
    )
    assert digest(book) == before
    assert not list(tmp_path.glob("*.bak"))  # no upgrade, so no upgrade's copy
    with closing(sqlite3.connect(book)) as connection:
        assert connection.execute("SELECT version FROM schema_info").fetchone() == (1,)


def _newer(book: Path) -> None:
    stamp_version(book, SCHEMA_VERSION + 1)


def _not_amtui(book: Path) -> None:
    book.unlink()
    with closing(sqlite3.connect(book)) as connection:
        connection.execute("CREATE TABLE songs (title TEXT)")


def _truncated(book: Path) -> None:
    with book.open("r+b") as handle:
        handle.truncate(50)


BROKEN = {
    "newer": (_newer, "schema", "PROBLEM version"),
    "not amtui's": (_not_amtui, "schema", "PROBLEM this database was not made"),
    "garbage after the header": (
        lambda book: garble(book, 100),
        "integrity",
        "PROBLEM ",
    ),
    "truncated": (_truncated, "integrity", "PROBLEM "),
    "text": (
        lambda book: book.write_text("Dear diary"),
        "book",
        "PROBLEM ",
    ),
    "a folder": (
        lambda book: (book.unlink(), book.mkdir()),
        "book",
        "PROBLEM ",
    ),
    "missing": (lambda book: book.unlink(), "book", "PROBLEM no book at"),
}


@pytest.mark.parametrize("kind", BROKEN)
def test_a_broken_book_is_a_problem_never_a_crash(tmp_path: Path, kind: str) -> None:
    book = tmp_path / "book.db"
    db = open_database(book)
    build_small_book(db)
    db.close()
    damage, topic, start = BROKEN[kind]
    damage(book)
    before = digest(book) if book.is_file() else None
    result = amtui_here("doctor", "--db", str(book))  # an exception would escape
    assert result.returncode == 1
    assert result.stderr == ""
    assert lines(result.stdout)[topic].startswith(start), result.stdout
    assert (digest(book) if book.is_file() else None) == before
