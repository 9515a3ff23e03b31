"""Side files (a book being imported or seeded, a backup or an export being written)
left by a process killed mid-way are cleaned up by the next one, never those of a
process still at work."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from breakage import amtui_here

from amtui.store import open_database


@pytest.fixture
def pids() -> Iterator[tuple[int, int]]:
    """The pid of a process that has ended, and of one still running."""
    ended = subprocess.Popen(["true"])
    ended.wait()
    running = subprocess.Popen(["sleep", "60"])
    yield ended.pid, running.pid
    running.kill()
    running.wait()


def leftovers(target: Path, kind: str, pids: tuple[int, int]) -> tuple[Path, Path]:
    """A side file of a killed process (with its SQLite companion), and one of a
    running process."""
    dead, alive = (target.with_name(f".{target.name}.{pid}.{kind}") for pid in pids)
    for path in (dead, dead.with_name(f"{dead.name}-journal"), alive):
        path.write_bytes(b"half")
    return dead, alive


def others(folder: Path, *expected: str) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name not in expected)


def test_a_seed_cleans_up_after_a_killed_one(tmp_path: Path, pids) -> None:
    book = tmp_path / "book.db"
    _dead, alive = leftovers(book, "new", pids)

    assert amtui_here("seed", "--db", str(book), "--accounts", "2").returncode == 0

    assert others(tmp_path, "book.db") == [alive.name]


def test_a_backup_cleans_up_after_a_killed_one(tmp_path: Path, pids) -> None:
    book = tmp_path / "book.db"
    open_database(book).close()
    copy = tmp_path / "copy.db"
    _dead, alive = leftovers(copy, "partial", pids)

    assert amtui_here("backup", "--db", str(book), str(copy)).returncode == 0

    assert others(tmp_path, "book.db", "copy.db") == [alive.name]


def test_an_export_cleans_up_after_a_killed_one(tmp_path: Path, pids) -> None:
    book = tmp_path / "book.db"
    open_database(book).close()
    out = tmp_path / "book.json"
    _dead, alive = leftovers(out, "tmp", pids)

    exported = amtui_here(
        "export", "--db", str(book), "--format", "json", "--out", str(out)
    )

    assert exported.returncode == 0
    assert others(tmp_path, "book.db", "book.json") == [alive.name]
