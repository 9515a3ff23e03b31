"""Files amtui writes for the user: whole or not at all, readable by them only."""

from __future__ import annotations

import glob
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
    temporary = side_file(out, "tmp")
    descriptor = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            yield handle
        temporary.replace(out)
    finally:
        temporary.unlink(missing_ok=True)


def side_file(target: Path, kind: str) -> Path:
    """A hidden file beside `target` to write it whole before renaming it into place:
    `.<name>.<pid>.<kind>`. Those of the same kind left by processes killed mid-way
    (SIGKILL runs no cleanup), and their SQLite companions, are removed first."""
    prefix = f".{target.name}."
    for stale in target.parent.glob(f"{glob.escape(prefix)}*.{kind}*"):
        pid = stale.name.removeprefix(prefix).split(".")[0]
        if pid.isdigit() and (int(pid) == os.getpid() or not _running(int(pid))):
            stale.unlink(missing_ok=True)
    return target.with_name(f"{prefix}{os.getpid()}.{kind}")


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's
        return True
    return True
