"""Exports are written whole or not at all: a side file renamed at the end, so a full
disk or a kill mid-way never leaves a truncated export where the user expects one."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from breakage import amtui_here, fill_disk, one_line_error, small_disk

from amtui.store import open_database
from amtui.store.seed import seed_book


def seeded(path: Path, accounts: int) -> Path:
    db = open_database(path)
    seed_book(db, accounts=accounts, today=date(2026, 11, 23))
    db.close()
    return path


def test_a_full_disk_leaves_the_previous_export_whole(tmp_path: Path) -> None:
    book = seeded(tmp_path / "book.db", accounts=60)
    with small_disk(tmp_path / "disk", size="2m") as disk:
        out = disk / "book.json"
        out.write_text('{"previous": "export"}', encoding="utf-8")
        fill_disk(disk, leave=64 * 1024)  # room for a beginning, not for the book

        failed = amtui_here(
            "export", "--db", str(book), "--format", "json", "--out", str(out)
        )

        assert "No space left on device" in one_line_error(failed)
        assert json.loads(out.read_text(encoding="utf-8")) == {"previous": "export"}
        assert sorted(path.name for path in disk.iterdir()) == ["book.json", "filler"]


def test_a_killed_export_never_leaves_half_a_file(tmp_path: Path) -> None:
    book = seeded(tmp_path / "book.db", accounts=400)
    out = tmp_path / "book.json"
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "amtui",
            "export",
            "--db",
            str(book),
            "--format",
            "json",
            "--out",
            str(out),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not writing(tmp_path):  # it has started writing the export
        assert time.monotonic() < deadline and child.poll() is None
        time.sleep(0.005)
    child.send_signal(signal.SIGKILL)
    child.wait()

    assert not out.exists()


def writing(folder: Path) -> bool:
    return any(not path.name.startswith("book.db") for path in folder.iterdir())
