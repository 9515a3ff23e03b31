"""Showing user text safely: literal, never markup, never raw control characters."""

from __future__ import annotations

import re

from rich.text import Text

# C0 controls except tab and newline, DEL, and C1 controls (ESC starts ANSI/OSC sequences).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"[\t\r\n\u2028\u2029]+")


def safe_text(value: str) -> str:
    """`value` with control characters removed, for display only (storage keeps all)."""
    return _CONTROLS.sub("", value)


def one_line(value: str) -> str:
    """`value` made safe and folded onto one line, for a list cell or a title."""
    return _LINE_BREAKS.sub(" ", safe_text(value)).strip()


def literal(value: str, style: str = "") -> Text:
    """A Rich `Text` that shows `value` exactly: brackets are characters, not markup."""
    return Text(one_line(value), style=style, no_wrap=True, end="")
