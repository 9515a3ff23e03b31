"""An app that survives its own bugs: an action that fails unexpectedly is logged with
its traceback and reported in one line, and the cockpit goes on. An error nothing
caught still ends the app, logged, with one line on the terminal, not a traceback."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from functools import wraps
from typing import Concatenate, ParamSpec, TypeVar

from rich.text import Text
from textual.actions import ActionParseResult
from textual.app import App
from textual.dom import DOMNode

from amtui.errorlog import described, record_unexpected
from amtui.text import one_line

P = ParamSpec("P")
Node = TypeVar("Node", bound=DOMNode)


class FailSafeApp(App[None]):
    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Run an action (every key binding and palette command comes here); a bug in
        it is reported and the app stays usable."""
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except Exception as error:
            self.report_unexpected(error)
            return True

    def report_unexpected(self, error: Exception) -> None:
        """Log `error` with its traceback and tell the user in one line (once while
        the same line is on screen: a failing search fails on every keystroke)."""
        message = one_line(described(error, record_unexpected(error)))
        if all(shown.message != message for shown in self._notifications):
            self.notify(message, severity="error", timeout=20)

    def _fatal_error(self) -> None:
        """Textual ends the app on an error nothing caught, printing its traceback:
        log the traceback instead, and leave one line on the terminal."""
        error = sys.exception()
        self.bell()
        if error is None:  # not called while handling an exception: Textual's way
            super()._fatal_error()
            return
        self.panic(Text(described(error, record_unexpected(error))))


def reporting(
    work: Callable[Concatenate[Node, P], None],
) -> Callable[Concatenate[Node, P], None]:
    """A thread worker's body whose unexpected error is reported like an action's
    (Textual keeps quiet about the errors of a worker with `exit_on_error=False`).
    Put it under `@work`."""

    @wraps(work)
    def run(node: Node, *args: P.args, **kwargs: P.kwargs) -> None:
        try:
            work(node, *args, **kwargs)
        except Exception as error:
            app = node.app
            if not isinstance(app, FailSafeApp):
                raise
            app.call_from_thread(app.report_unexpected, error)

    return run
