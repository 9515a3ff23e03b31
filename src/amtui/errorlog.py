"""Unexpected errors, written with their traceback to a file in the platformdirs log
folder, so that the user sees one line and can still send us the details."""

from __future__ import annotations

import os
import traceback
from datetime import UTC, datetime
from pathlib import Path

from amtui import __version__, locations
from amtui.errors import AmtuiError

LOG_FILENAME = "amtui.log"


def log_path() -> Path:
    return locations.log_dir() / LOG_FILENAME


def record_unexpected(error: BaseException) -> Path | None:
    """Append `error` and its traceback to the log (0600, in a 0700 folder); return
    the log's path, or None when it cannot be written (a full disk, say)."""
    path = log_path()
    entry = "".join(traceback.format_exception(error))
    try:
        locations.ensure_private_dir(path.parent)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(descriptor, "a", encoding="utf-8", errors="replace") as log:
            log.write(f"--- {datetime.now(UTC).isoformat()} amtui {__version__}\n")
            log.write(entry)
    except (OSError, AmtuiError):
        return None
    return path


def described(error: BaseException, logged: Path | None) -> str:
    """One line for the user: what went wrong, and where the details are."""
    what = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    where = f"details in {logged}" if logged else "the log could not be written"
    return f"Unexpected error ({what}); {where}"
