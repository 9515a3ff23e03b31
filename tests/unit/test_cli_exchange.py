"""`amtui import` in its three forms and `amtui export` in its three formats, as real
processes; progress bars on a terminal only."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from breakage import amtui
from test_cli import assert_one_line_error

from amtui import progress
from amtui.store import open_database
from conftest import build_small_book

DATA = Path(__file__).parents[1] / "data"


def test_the_three_forms_of_import_side_by_side(tmp_path: Path) -> None:
    source = tmp_path / "source.db"
    db = open_database(source)
    build_small_book(db)
    db.close()
    book_json = tmp_path / "book.json"
    exported = amtui(
        "export", "--format", "json", "--out", str(book_json), "--db", str(source)
    )
    assert exported.returncode == 0, exported.stderr

    book = tmp_path / "book.db"
    restored = amtui("import", str(book_json), "--db", str(book))
    assert restored.returncode == 0, restored.stderr
    assert restored.stderr.startswith("Imported ")

    clients = amtui(
        "import",
        "csv",
        str(DATA / "clients-fr.csv"),
        "--kind",
        "accounts",
        "--db",
        str(book),
    )
    assert clients.returncode == 0, clients.stderr
    assert clients.stderr == (
        f"Imported clients-fr.csv into {book}: 3 clients created, 1 updated, "
        "0 unchanged, 0 rejected.\n"
    )  # Acme Logistics was restored from the JSON book

    cards = amtui(
        "import", "vcard", str(DATA / "apple-contacts.vcf"), "--db", str(book)
    )
    assert cards.returncode == 0, cards.stderr
    assert cards.stderr == (
        f"Imported apple-contacts.vcf into {book}: 3 contacts created, 0 updated, "
        "0 unchanged, 0 rejected.\n"
    )

    listed = amtui("export", "--format", "csv", "--kind", "contacts", "--db", str(book))
    assert listed.returncode == 0, listed.stderr
    assert "Dr. Chidi Okafor" in listed.stdout
    assert listed.stderr == ""  # piped: no progress bar

    again = amtui("import", str(book_json), "--db", str(book))
    assert_one_line_error(again, "not empty")  # a JSON book still restores only
    counts = json.loads(amtui("export", "--format", "json", "--db", str(book)).stdout)[
        "tables"
    ]
    assert len(counts["account"]) == 5 + 3
    assert len(counts["contact"]) == 1 + 3


def test_import_help_shows_the_three_forms() -> None:
    result = amtui("import", "--help")
    assert result.returncode == 0
    assert "amtui import FILE.json" in result.stdout
    assert "amtui import csv FILE --kind accounts|contacts [--dry-run]" in result.stdout
    assert "amtui import vcard FILE [--account NAME]" in result.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["import", "csv", "x.csv", "--kind", "deals"], ["invalid choice: 'deals'"]),
        (["export", "--format", "csv", "--kind", "deals"], ["invalid choice: 'deals'"]),
        (["export", "--format", "vcf"], ["invalid choice: 'vcf'"]),
        (["import"], ["required"]),
    ],
)
def test_bad_choices_are_one_line(args: list[str], words: list[str]) -> None:
    assert_one_line_error(amtui(*args), *words)


class _Terminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_a_bar_is_drawn_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with progress.progress_bar("Importing clients.csv") as update:
        assert update is not None
        update(0, 3)
        update(3, 3)
    assert "Importing clients.csv" in terminal.getvalue()
    assert "3/3" in terminal.getvalue()


def test_no_bar_when_piped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with progress.progress_bar("Exporting") as update:
        assert update is None
