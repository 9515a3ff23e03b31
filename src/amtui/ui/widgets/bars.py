"""Bars drawn with characters, so that they read the same without colour."""

from __future__ import annotations

from decimal import Decimal

from amtui.ui.widgets.review_table import Cell, Tone

FULL, EMPTY = "█", "░"


def filled(part: Decimal | int, whole: Decimal | int, width: int) -> int:
    """How many of `width` cells `part` of `whole` fills (at least one if above 0)."""
    if whole <= 0 or part <= 0:
        return 0
    cells = round(Decimal(part) * width / Decimal(whole))
    return max(1, min(width, cells))


def meter(
    part: Decimal | int, whole: Decimal | int, width: int, tone: Tone = "accent"
) -> Cell:
    """`█████░░░`: `part` of `whole` (capped at full)."""
    cells = filled(part, whole, width)
    return ((FULL * cells, tone), (EMPTY * (width - cells), "track"))


def split_bar(first: int, second: int, width: int) -> Cell:
    """`██░░░░░░`: the first of two shares in full blocks, the second in light ones."""
    if first + second <= 0:
        return (("no interaction", "muted"),)
    cells = filled(first, first + second, width)
    if second and cells == width:
        cells -= 1  # both shares stay visible
    return ((FULL * cells, "accent"), (EMPTY * (width - cells), "muted"))
