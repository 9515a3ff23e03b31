"""The command line: one clear line on stderr and a non-zero exit for every error."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from breakage import amtui, amtui_on_terminal

from amtui import __version__


def assert_one_line_error(
    result: subprocess.CompletedProcess[str], *words: str
) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("amtui")
    for word in words:
        assert word in lines[0]


def test_version() -> None:
    result = amtui("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"amtui {__version__}"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--bogus"], ["unrecognized arguments: --bogus"]),
        (["seed"], ["--accounts"]),
        (["seed", "--accounts", "lots"], ["not a whole number"]),
        (["seed", "--accounts", "0"], ["between 1 and"]),
        (["export", "--format", "xml"], ["invalid choice: 'xml'"]),
        (["frobnicate"], ["invalid choice: 'frobnicate'"]),
        (["--db", ""], ["--db needs a path"]),
    ],
)
def test_bad_command_lines(args: list[str], words: list[str]) -> None:
    assert_one_line_error(amtui(*args), *words)


def test_a_file_that_is_not_a_book(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database")
    assert_one_line_error(amtui("--db", str(notes)), "not an amtui database")
    assert_one_line_error(
        amtui("seed", "--db", str(notes), "--accounts", "3"), "notes.txt"
    )


def test_a_path_under_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = amtui("seed", "--db", str(blocker / "book.db"), "--accounts", "3")
    assert_one_line_error(result, "not a directory")


def test_a_directory_as_the_book(tmp_path: Path) -> None:
    assert_one_line_error(amtui("--db", str(tmp_path)), "is a directory")


def test_export_of_a_missing_book_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    assert_one_line_error(
        amtui("export", "--db", str(missing), "--format", "json"), "no such"
    )
    assert not missing.exists()


def test_malformed_import_files(tmp_path: Path) -> None:
    book = tmp_path / "book.db"
    bad = tmp_path / "bad.json"
    bad.write_text("{ this is not json")
    assert_one_line_error(amtui("import", "--db", str(book), str(bad)), "bad.json")
    assert_one_line_error(
        amtui("import", "--db", str(book), str(tmp_path / "nope.json")), "nope.json"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]  # no book made


def test_seed_export_import_round_trip_through_the_shell(tmp_path: Path) -> None:
    source, target = tmp_path / "source.db", tmp_path / "target.db"
    seeded = amtui("seed", "--db", str(source), "--accounts", "12")
    assert seeded.returncode == 0, seeded.stderr
    exported = amtui("export", "--db", str(source), "--format", "json")
    assert exported.returncode == 0, exported.stderr
    book = json.loads(exported.stdout)
    assert len(book["tables"]["account"]) == 12
    out = tmp_path / "book.json"
    assert (
        amtui(
            "export", "--db", str(source), "--format", "json", "--out", str(out)
        ).returncode
        == 0
    )
    assert json.loads(out.read_text())["tables"] == book["tables"]
    imported = amtui("import", "--db", str(target), str(out))
    assert imported.returncode == 0, imported.stderr
    again = amtui("export", "--db", str(target), "--format", "json")
    assert json.loads(again.stdout)["tables"] == book["tables"]
    # a second import into the now full book is refused, and changes nothing
    assert_one_line_error(amtui("import", "--db", str(target), str(out)), "not empty")
    assert (
        json.loads(amtui("export", "--db", str(target), "--format", "json").stdout)[
            "tables"
        ]
        == book["tables"]
    )


def test_seed_refuses_a_book_that_has_accounts(tmp_path: Path) -> None:
    book = tmp_path / "book.db"
    assert amtui("seed", "--db", str(book), "--accounts", "3").returncode == 0
    assert_one_line_error(
        amtui("seed", "--db", str(book), "--accounts", "3"), "not empty"
    )


def test_db_comes_from_the_environment_unless_the_flag_says_otherwise(
    tmp_path: Path,
) -> None:
    env_book, flag_book = tmp_path / "env.db", tmp_path / "flag.db"
    env = {"AMTUI_DB": str(env_book)}
    assert amtui("seed", "--accounts", "2", env=env).returncode == 0
    assert env_book.exists()
    assert (
        amtui("--db", str(flag_book), "seed", "--accounts", "2", env=env).returncode
        == 0
    )
    assert flag_book.exists()
    assert amtui("seed", "--accounts", "2", env=env).returncode == 1  # env book is full


def test_piped_commands_print_no_progress(tmp_path: Path) -> None:
    result = amtui("seed", "--db", str(tmp_path / "b.db"), "--accounts", "5")
    assert result.returncode == 0
    assert "━" not in result.stderr
    assert result.stdout == ""


def test_seed_shows_progress_on_a_terminal(tmp_path: Path) -> None:
    command = ["seed", "--db", str(tmp_path / "b.db"), "--accounts", "1500"]
    code, text = amtui_on_terminal(*command)
    assert code == 0
    assert "Seeding 1,500 accounts" in text
    assert "1500/1500" in text


def test_exports_are_private_and_refuse_bad_targets(tmp_path: Path) -> None:
    book = tmp_path / "book.db"
    assert amtui("seed", "--db", str(book), "--accounts", "2").returncode == 0
    out = tmp_path / "book.json"
    assert (
        amtui(
            "export", "--db", str(book), "--format", "json", "--out", str(out)
        ).returncode
        == 0
    )
    assert out.stat().st_mode & 0o777 == 0o600
    assert_one_line_error(
        amtui("export", "--db", str(book), "--format", "json", "--out", str(tmp_path)),
        "is a folder",
    )
    missing = tmp_path / "nowhere" / "book.json"
    assert_one_line_error(
        amtui("export", "--db", str(book), "--format", "json", "--out", str(missing)),
        "nowhere: no such folder",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.db", "book.json"]


def test_demo_opens_a_fresh_book_apart_from_the_users_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from amtui import cli
    from amtui.demo import DEMO_ACCOUNTS
    from amtui.store import open_database
    from amtui.store.models import Account

    own = tmp_path / "own.db"
    monkeypatch.setenv("AMTUI_DB", str(own))
    opened: list[tuple[Path, int, str]] = []

    def fake_cockpit(path: Path, *, notice: str = "") -> int:
        db = open_database(path)
        with db.read() as session:
            opened.append((path, session.query(Account).count(), notice))
        db.close()
        return 0

    monkeypatch.setattr(cli, "_run_cockpit", fake_cockpit)
    assert cli.main(["--demo"]) == 0
    assert cli.main(["--demo"]) == 0
    (first, accounts, notice), (second, _, _) = opened
    assert accounts == DEMO_ACCOUNTS
    assert "demo book" in notice
    assert not own.exists()
    assert not first.exists() and not second.exists()  # deleted on quit
    assert first.parent != second.parent  # each demo is fresh
