"""Showing user text safely in the cockpit; the rules live in `amtui.text`."""

from __future__ import annotations

from amtui.text import one_line, safe_text

__all__ = ["one_line", "safe_text"]
