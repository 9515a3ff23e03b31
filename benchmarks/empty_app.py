"""The cold-start baseline: an empty Textual app that shows one word, `ready` (the
marker run.py waits for)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static


class EmptyApp(App[None]):
    """Nothing but a marker to wait for."""

    def compose(self) -> ComposeResult:
        yield Static("ready")


if __name__ == "__main__":
    EmptyApp().run()
