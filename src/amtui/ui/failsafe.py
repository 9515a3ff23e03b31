"""An app that survives its own bugs: an action that fails unexpectedly is logged with
its traceback and reported in one line, and the cockpit goes on. An error nothing
caught still ends the app, logged, with one line on the terminal, not a traceback."""

from __future__ import annotations

import sys
from collections.abc import Mapping

from rich.text import Text
from textual.actions import ActionParseResult
from textual.app import App
from textual.dom import DOMNode

from amtui.errorlog import described, record_unexpected


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
        """Log `error` with its traceback and tell the user in one line."""
        message = described(error, record_unexpected(error))
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
