"""Files amtui writes for the user: whole or not at all, readable by them only."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from amtui.errors import AmtuiError


@contextmanager
def write_privately(out: Path) -> Iterator[TextIO]:
    """Write `out` whole or not at all (a side file renamed at the end), mode 0600:
    an export holds the whole book."""
    if out.is_dir():
        raise AmtuiError(f"{out} is a folder: name the file to write")
    if not out.absolute().parent.is_dir():
        raise AmtuiError(f"{out.absolute().parent}: no such folder")
    temporary = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            yield handle
        temporary.replace(out)
    finally:
        temporary.unlink(missing_ok=True)
