"""Progress bars for long commands: shown on a terminal once the work takes more than
a moment, silent when piped."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

ProgressCallback = Callable[[int, int], None]
SHOW_AFTER = 0.5  # seconds: quicker work draws no bar at all


@contextmanager
def progress_bar(
    label: str, *, after: float = SHOW_AFTER
) -> Iterator[ProgressCallback | None]:
    """A `(done, total)` callback that draws a bar on stderr from the first call made
    `after` seconds or more after the start; None when stderr is not a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    started = time.monotonic()
    with ExitStack() as stack:
        drawn: list[tuple[Any, Any]] = []  # the bar and its task, once drawn

        def update(done: int, total: int) -> None:
            if not drawn:
                if time.monotonic() - started < after:
                    return
                bar = stack.enter_context(_bar())
                drawn.append((bar, bar.add_task(label, total=None)))
            bar, task = drawn[0]
            bar.update(task, completed=done, total=total)

        yield update


def _bar() -> Any:
    from rich.console import Console  # Rich's bars load only when one is drawn
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (
        TextColumn("{task.description}", markup=False),  # file names are not markup
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    return Progress(*columns, console=Console(stderr=True), transient=False)
