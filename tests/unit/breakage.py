"""Real ways to break a book for the fault tests: a process without root's powers, a
tiny disk, damaged bytes, a book from a newer amtui."""

from __future__ import annotations

import ctypes
import io
import os
import pty
import select
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from amtui.cli import main

PR_CAPBSET_DROP = 24
# Root reads and writes any file whatever its mode: these are the powers that let it.
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER = 1, 2, 3


def _drop_root_powers() -> None:
    """In the child before it runs amtui: drop the capabilities that make root
    ignore file modes, so that a 0400 file is read-only to it as to anyone."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "cannot drop a capability")


def ordinary_user() -> Callable[[], None] | None:
    """A `preexec_fn` that makes the child obey file modes (None when not root)."""
    if os.geteuid() != 0:
        return None
    probe = subprocess.run(
        ["true"], preexec_fn=_drop_root_powers, capture_output=True, check=False
    )
    if probe.returncode != 0:
        pytest.skip("root here cannot give up its powers over file modes")
    return _drop_root_powers


def amtui(
    *args: str,
    env: dict[str, str] | None = None,
    preexec: Callable[[], None] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the `amtui` command in a child process."""
    return subprocess.run(
        [sys.executable, "-m", "amtui", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
        preexec_fn=preexec,
        check=False,
    )


def amtui_on_terminal(*args: str) -> tuple[int, str]:
    """Run the `amtui` command with its stderr on a pseudo-terminal, as a user at a
    terminal would; its exit code and what it drew there."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "amtui", *args],
        stderr=terminal,
        stdout=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    os.close(terminal)
    output = b""
    try:  # read as it comes, or a full terminal buffer would stall the child
        while select.select([controller], [], [], 60)[0]:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the child closed its end
                break
            if not chunk:
                break
            output += chunk
    finally:
        os.close(controller)
    return process.wait(timeout=60), output.decode("utf-8", "replace")


def amtui_here(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the `amtui` command in this process (quicker than a child); whatever
    escapes `main` fails the test, as a traceback would."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """The single `amtui: error:` line a failed command printed, checked as such."""
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("amtui: error: "), lines[0]
    return lines[0].removeprefix("amtui: error: ")


@contextmanager
def small_disk(folder: Path, size: str = "1m") -> Iterator[Path]:
    """A real filesystem of `size` mounted at `folder` (needs root; else skipped)."""
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def fill_disk(folder: Path, leave: int = 0) -> None:
    """Fill the disk under `folder` with a file, leaving `leave` bytes free."""
    descriptor = os.open(folder / "filler", os.O_CREAT | os.O_WRONLY, 0o600)
    try:
        while True:
            os.write(descriptor, b"\0" * 65536)
    except OSError:
        size = os.fstat(descriptor).st_size
        os.ftruncate(descriptor, max(0, size - leave))
    finally:
        os.close(descriptor)


def garble(path: Path, start: int, length: int | None = None) -> None:
    """Overwrite the file's bytes from `start` (for `length`, else to its end) with
    a pattern no page of SQLite's would hold."""
    data = bytearray(path.read_bytes())
    end = len(data) if length is None else start + length
    data[start:end] = (b"\xa5\x5a\xff\x00" * (end - start))[: end - start]
    path.write_bytes(bytes(data))


def root_page(path: Path, table: str) -> int:
    """The page number where `table`'s rows start."""
    with closing(sqlite3.connect(path)) as connection:
        row = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()
    return int(row[0])


def stamp_version(path: Path, version: int) -> None:
    """Make the book claim another schema version, as a newer amtui would."""
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("UPDATE schema_info SET version = ?", (version,))
