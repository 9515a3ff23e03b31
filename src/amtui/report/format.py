"""Figures and user text made fit for Markdown, and JSON made fit for a terminal."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from amtui.text import one_line, safe_text

NONE = "—"
BAR_WIDTH = 10
# Inline Markdown syntax, GFM tables and strikethrough included; `&` only where it
# would start an entity.
_INLINE = re.compile(r"[\\`*_\[\]<>|~]|&(?=#?\w+;)")
# What opens a block (heading, quote, list, rule, setext underline) at a line's start.
_BLOCK_START = re.compile(r"^(\d*)([#>+=-]|(?<=\d)[.)])")


def inline(value: str) -> str:
    """User text as literal Markdown on one line: safe for a table cell or a title."""
    return _INLINE.sub(lambda match: "\\" + match[0], one_line(value))


def paragraphs(value: str) -> str:
    """User text as literal Markdown, its lines and blank lines kept as written."""
    lines = []
    for raw in safe_text(value).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        lines.append(_BLOCK_START.sub(r"\1\\\2", inline(raw).strip()))
    text = "  \n".join(lines)  # two spaces: a hard line break
    return re.sub(r" *\n(?:  \n)+", "\n\n", text).strip()


def words(value: str) -> str:
    """An enum value as words: `in_progress` → `in progress`."""
    return value.replace("_", " ")


def amount(value: Decimal) -> str:
    """`1,500` or `1,500.50`: thousands separated, cents only when there are some."""
    if value == 0:
        return "0"
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def signed(value: Decimal) -> str:
    """An amount with its sign: `+500`, `-1,500`, `0`."""
    return f"+{amount(value)}" if value > 0 else amount(value)


def percent_text(value: int | None) -> str:
    return NONE if value is None else f"{value}%"


def day(value: date | None) -> str:
    return NONE if value is None else value.isoformat()


def bar(share: int | None, width: int = BAR_WIDTH) -> str:
    """A share in percent as a bar of `width` cells: `███░░░░░░░` for 30."""
    if share is None:
        return "·" * width
    filled = round(share * width / 100)
    return "█" * filled + "░" * (width - filled)


def table(head: Sequence[str], align: str, rows: Sequence[Sequence[str]]) -> str:
    """A GFM table; `align` has one letter a column, `l` or `r`. Cells are escaped
    by the caller."""
    rule = ["---:" if side == "r" else "---" for side in align]
    lines = [head, rule, *rows]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def json_text(data: Any) -> str:
    """`data` as indented JSON whose strings keep every character, yet print no
    control character raw: those json leaves alone are written as `\\uXXXX`."""
    dumped = json.dumps(data, indent=2, ensure_ascii=False)
    return re.sub(
        r"[^\x00-\x7e]",
        lambda match: match[0] if safe_text(match[0]) else f"\\u{ord(match[0]):04x}",
        dumped,
    )
