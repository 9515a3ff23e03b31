"""Where the book lives: platformdirs, then $AMTUI_DB, then --db."""

from __future__ import annotations

from pathlib import Path

import pytest

from amtui.errors import AmtuiError
from amtui.locations import resolve_db_path


def test_default_is_amtui_db_in_the_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AMTUI_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert resolve_db_path(None) == tmp_path / "xdg" / "amtui" / "amtui.db"


def test_environment_overrides_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AMTUI_DB", str(tmp_path / "env.db"))
    assert resolve_db_path(None) == tmp_path / "env.db"


def test_db_flag_overrides_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AMTUI_DB", str(tmp_path / "env.db"))
    assert resolve_db_path(str(tmp_path / "flag.db")) == tmp_path / "flag.db"


def test_home_is_expanded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert resolve_db_path("~/books/a.db") == tmp_path / "books" / "a.db"


def test_an_empty_db_flag_is_an_error() -> None:
    with pytest.raises(AmtuiError, match="--db needs a path"):
        resolve_db_path("  ")
