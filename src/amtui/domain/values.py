"""Values typed into forms, given on the command line or imported: texts, whole
numbers and money, each checked the same way on every path into the book."""

from __future__ import annotations

import re
from decimal import Decimal

from amtui.text import one_line

MONEY_MAX = Decimal("1000000000000")  # a trillion: beyond any account's budget
_CURRENCY_MARKS = re.compile(r"[\s\u00a0\u202f€$£¥']|EUR|USD|GBP|CHF", re.IGNORECASE)


def text_problem(text: str, *, limit: int) -> str:
    """Why a book cannot hold `text` (`is 300 characters long: at most 200`), or "":
    more than `limit` characters, or a lone surrogate (undecodable bytes, not text).
    Anything else is kept exactly, NUL and control characters included."""
    if len(text) > limit:
        return f"is {len(text):,} characters long: at most {limit:,}"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "is not valid Unicode text"
    return ""


def check_text(text: str, *, what: str, limit: int) -> str:
    """`text` as it is, if a book can hold it; else a ValueError saying why."""
    if problem := text_problem(text, limit=limit):
        raise ValueError(f"{what} {problem}")
    return text


def parse_text(text: str, *, what: str, limit: int, required: bool) -> str | None:
    """Free text kept exactly as typed; blank is none.

    A required text must show something (control characters alone are not a name)
    and must not be blank up to a NUL: SQLite's `length()` and `trim()`, which the
    book's not-blank checks use, end a text at its first NUL.
    """
    if not text.strip():
        if required:
            raise ValueError(f"{what} is required")
        return None
    check_text(text, what=what, limit=limit)
    if required and not one_line(text):
        raise ValueError(f"{what} is required: it shows nothing but control characters")
    if required and not text.partition("\x00")[0].strip():
        raise ValueError(
            f"{what} holds a NUL character (\\0) before any text: remove it"
        )
    return text


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
    return check_amount(Decimal(compact)).quantize(Decimal("0.01"))


def amount_problem(amount: Decimal) -> str:
    """Why a book cannot hold `amount` (`is negative: …`), or "": amounts are finite,
    from 0 to `MONEY_MAX`."""
    if not amount.is_finite():
        return "is not a finite amount"
    if amount < 0:
        return "is negative: amounts are 0 or more"
    if amount > MONEY_MAX:
        return "is more than this book can hold"
    return ""


def check_amount(amount: Decimal) -> Decimal:
    """`amount` if a book can hold it; else a ValueError saying why."""
    if problem := amount_problem(amount):
        raise ValueError(f"{amount:,} {problem}")
    return amount
