"""Child processes timed from the outside: wall time and peak RSS of a command, and
the time a full-screen app takes to print a marker in a real pseudo-terminal."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import tempfile
import termios
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from time import perf_counter

COLUMNS, ROWS = 120, 36
TAIL = 600  # characters of a failed child's output shown in the error


class ChildFailed(RuntimeError):
    """A child process crashed, failed, or never showed what it should."""


@dataclass(frozen=True)
class ChildRun:
    """How long a child ran and the most memory it held (its RSS, in MB)."""

    seconds: float
    peak_mb: float


def run_child(argv: Sequence[str], *, quiet: bool) -> ChildRun:
    """Run `argv` to its end; `quiet` hides its output (shown only if it fails),
    otherwise it goes to our terminal as it comes."""
    with tempfile.TemporaryFile() as errors:
        start = perf_counter()
        process = subprocess.Popen(
            argv,
            stdout=subprocess.DEVNULL if quiet else None,
            stderr=errors if quiet else None,
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            said = errors.read().decode(errors="replace")[-TAIL:]
            raise ChildFailed(
                f"{' '.join(argv)} exited with {process.returncode}\n{said}"
            )
    return ChildRun(seconds, usage.ru_maxrss / 1024)  # ru_maxrss is in KB on Linux


def bytecode_cached(folder: str) -> dict[str, str]:
    """Our environment, with Python's compiled bytecode written to and read from
    `folder`: a cold start then reads it, as from an installed package, instead of
    compiling every module that has none (PYTHONDONTWRITEBYTECODE would keep it so)."""
    kept = dict(os.environ)
    kept.pop("PYTHONDONTWRITEBYTECODE", None)
    return kept | {"PYTHONPYCACHEPREFIX": folder}


def _exec_in_terminal(argv: Sequence[str], env: Mapping[str, str]) -> None:
    """In the forked child: size the terminal, then become `argv` (never returns)."""
    try:
        window = struct.pack("HHHH", ROWS, COLUMNS, 0, 0)
        fcntl.ioctl(sys.stdout.fileno(), termios.TIOCSWINSZ, window)
        os.execve(argv[0], list(argv), dict(env) | {"TERM": "xterm-256color"})
    finally:
        os._exit(127)


def _read(fd: int, wait: float) -> bytes | None:
    """What the terminal printed within `wait` seconds; None once the child is gone."""
    ready, _, _ = select.select([fd], [], [], wait)
    if not ready:
        return b""
    try:
        return os.read(fd, 65536) or None
    except OSError:  # EIO: the child closed the terminal
        return None


def time_markers(
    argv: Sequence[str],
    markers: Sequence[bytes],
    timeout: float,
    env: Mapping[str, str] | None = None,
) -> dict[bytes, float]:
    """Seconds from before the fork until each of `markers` first appears in what
    `argv`, run in a 120x36 pseudo-terminal with `env` (default: ours), prints; the
    child is killed afterwards."""
    start = perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        _exec_in_terminal(argv, os.environ if env is None else env)
    seen: dict[bytes, float] = {}
    output = b""
    try:
        while len(seen) < len(markers) and perf_counter() - start < timeout:
            chunk = _read(fd, 0.05)
            if chunk is None:
                break
            output += chunk
            now = perf_counter() - start
            for marker in markers:
                if marker not in seen and marker in output:
                    seen[marker] = now
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    if len(seen) < len(markers):
        missing = [marker.decode() for marker in markers if marker not in seen]
        said = output.decode(errors="replace")[-TAIL:]
        raise ChildFailed(f"{argv[0]} never showed {missing}; its last output:\n{said}")
    return seen
