"""Numbers as people type them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from amtui.domain.values import parse_money, parse_whole


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("48000", "48000.00"),
        ("48 000,50", "48000.50"),
        ("48\u202f000,5", "48000.50"),
        ("48,000.50", "48000.50"),
        ("48.000,50", "48000.50"),
        ("48,000", "48000.00"),
        ("€ 1 200", "1200.00"),
        ("1200 EUR", "1200.00"),
        ("0", "0.00"),
        (".5", "0.50"),
    ],
)
def test_money_as_people_write_it(text: str, amount: str) -> None:
    assert parse_money(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["", "abc", "-5", "1.234", "12,3,4.5.6", "1e5", "+x"])
def test_money_refuses_what_is_not_an_amount(text: str) -> None:
    with pytest.raises(ValueError, match="is not an amount"):
        parse_money(text)


def test_money_refuses_absurd_amounts() -> None:
    with pytest.raises(ValueError, match="more than this book can hold"):
        parse_money("99999999999999")


def test_whole_numbers_within_bounds() -> None:
    assert parse_whole(" 30 ", low=1, high=3650, what="the cadence") == 30
    with pytest.raises(ValueError, match="the cadence must be a whole number"):
        parse_whole("thirty", low=1, high=3650, what="the cadence")
    with pytest.raises(ValueError, match="between 1 and 3,650"):
        parse_whole("0", low=1, high=3650, what="the cadence")
