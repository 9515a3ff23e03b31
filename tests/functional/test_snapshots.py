"""What the user sees, pixel for pixel: the cockpit, a refused form, the help.

The book and the clock are fixed, so the pictures do not change with the date.
Update them after a deliberate change of the UI with `pytest --snapshot-update`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from amtui.store import open_database
from amtui.ui.app import AmtuiApp
from conftest import build_small_book

DAY = date(2026, 11, 23)


@pytest.fixture
def fixed_app(tmp_path: Path) -> AmtuiApp:
    db = open_database(tmp_path / "book.db")
    build_small_book(db, today=DAY)
    return AmtuiApp(db, clock=lambda: DAY)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
def test_cockpit(snap_compare: Any, fixed_app: AmtuiApp, size: tuple[int, int]) -> None:
    assert snap_compare(fixed_app, terminal_size=size)


def test_form_with_a_validation_error(snap_compare: Any, fixed_app: AmtuiApp) -> None:
    keys = ["3", "n", *"Callback", "tab", *"31/02", "ctrl+s"]
    assert snap_compare(fixed_app, press=keys, terminal_size=(80, 24))


def test_help(snap_compare: Any, fixed_app: AmtuiApp) -> None:
    assert snap_compare(fixed_app, press=["3", "question_mark"], terminal_size=(80, 24))
