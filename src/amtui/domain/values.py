"""Numbers typed into forms and on the command line: whole numbers and money."""

from __future__ import annotations

import re
from decimal import Decimal

MONEY_MAX = Decimal("1000000000000")  # a trillion: beyond any account's budget
_CURRENCY_MARKS = re.compile(r"[\s\u00a0\u202f€$£¥']|EUR|USD|GBP|CHF", re.IGNORECASE)


def parse_whole(text: str, *, low: int, high: int, what: str) -> int:
    """A whole number between `low` and `high` (inclusive), or a ValueError saying why."""
    stripped = text.strip()
    if not re.fullmatch(r"[+-]?[0-9]+", stripped):
        raise ValueError(f"{what} must be a whole number, like {low + 1}")
    value = int(stripped)
    if not low <= value <= high:
        raise ValueError(f"{what} must be between {low:,} and {high:,}")
    return value


def parse_money(text: str) -> Decimal:
    """An amount as people write it: `48000`, `48 000,50`, `48,000.50`, `€ 1 200`.

    With both `,` and `.`, the last one is the decimal mark; a lone `,` followed by one
    or two digits is a decimal comma (as in France), otherwise a thousands separator.
    """
    compact = _CURRENCY_MARKS.sub("", text)
    if "," in compact and "." in compact:
        decimal_mark = "," if compact.rindex(",") > compact.rindex(".") else "."
        thousands = "." if decimal_mark == "," else ","
        compact = compact.replace(thousands, "").replace(decimal_mark, ".")
    elif re.fullmatch(r"[0-9]*,[0-9]{1,2}", compact):
        compact = compact.replace(",", ".")
    else:
        compact = compact.replace(",", "")
    if not re.fullmatch(r"[0-9]+(\.[0-9]{1,2})?|\.[0-9]{1,2}", compact):
        raise ValueError(
            f"'{text.strip()}' is not an amount: write it like 48000 or 48 000,50 "
            "(at most two decimals, not negative)"
        )
    amount = Decimal(compact)
    if amount > MONEY_MAX:
        raise ValueError(f"{amount:,} is more than this book can hold")
    return amount.quantize(Decimal("0.01"))
