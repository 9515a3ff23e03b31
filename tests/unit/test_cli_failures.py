"""The command line never ends in a traceback: a bug is logged and told in one line,
and a reader that stops early (`| head`) is no error at all."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from breakage import amtui_here, one_line_error

from amtui import cli
from amtui.store import open_database
from conftest import build_small_book


@pytest.mark.logs_errors
def test_a_bug_is_logged_and_told_in_one_line(
    tmp_path: Path, error_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> int:
        raise KeyError("agenda")

    monkeypatch.setattr(cli, "_agenda", broken)

    said = one_line_error(amtui_here("agenda", "--db", str(tmp_path / "book.db")))

    assert said == f"Unexpected error (KeyError: 'agenda'); details in {error_log}"
    assert "Traceback" in error_log.read_text()


def test_a_reader_that_stops_early_is_no_error(tmp_path: Path) -> None:
    book = tmp_path / "book.db"
    db = open_database(book)
    build_small_book(db)
    db.close()
    command = [sys.executable, "-m", "amtui", "agenda", "--db", str(book)]
    agenda = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert agenda.stdout is not None and agenda.stderr is not None
    agenda.stdout.readline()
    agenda.stdout.close()  # as `head -1` does

    assert agenda.wait(timeout=60) == 0
    assert agenda.stderr.read() == b""
