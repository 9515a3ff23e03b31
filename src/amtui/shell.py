"""What every command that reads the book does before it prints."""

from __future__ import annotations

import sys
from pathlib import Path

from amtui.errors import AmtuiError


def require_existing(path: Path) -> None:
    """Reading commands must not create an empty book by mistake."""
    if not path.exists():
        raise AmtuiError(f"{path}: no such database")


def tolerant_stdout() -> None:
    """Let a terminal that cannot show a character print `?`, not fail."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")
