"""The demo book: a small, realistic, freshly generated book apart from the user's own."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from amtui.store import open_database
from amtui.store.seed import seed_book

DEMO_ACCOUNTS = 60
DEMO_NOTICE = (
    "This is a demo book, made afresh and deleted when you quit. "
    "Your own book is untouched."
)


def create_demo_book(folder: Path, today: date | None = None) -> Path:
    """Write a new demo book in `folder` and return its path."""
    path = folder / "demo.db"
    db = open_database(path)
    try:
        seed_book(db, DEMO_ACCOUNTS, today=today or date.today())
    finally:
        db.close()
    return path
