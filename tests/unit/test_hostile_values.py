"""Bad values get one clear sentence, the same on every path into the book; each
form's text fields hold exactly what their columns hold."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from amtui.domain.values import check_amount, parse_money, parse_text
from amtui.store import Database
from amtui.store import editing as store
from amtui.store.models import Account, Base, text_limit
from amtui.ui.forms.handoff import handoff_form
from amtui.ui.forms.records import (
    account_form,
    agenda_form,
    contact_form,
    interaction_form,
    objective_form,
    opportunity_form,
)

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", "not negative"),
        ("1e30", "is not an amount"),
        ("NaN", "is not an amount"),
        ("abc", "is not an amount"),
        ("1 000 000 000 000,01", "is more than this book can hold"),
    ],
)
def test_a_bad_amount_is_refused_with_a_sentence(typed: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_money(typed)


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (Decimal("NaN"), "is not a finite amount"),
        (Decimal("Infinity"), "is not a finite amount"),
        (Decimal("-0.01"), "is negative"),
        (Decimal("1e13"), "is more than this book can hold"),
    ],
)
def test_check_amount_refuses_what_no_book_holds(amount: Decimal, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        check_amount(amount)


@pytest.mark.parametrize(
    ("typed", "required", "message"),
    [
        ("x" * 201, False, "Name is 201 characters long: at most 200"),
        ("\x1b\x07\u200b", True, "shows nothing but control characters"),
        ("  \x00Acme", True, r"NUL character \(\\0\) before any text"),
        ("a\udcff", False, "is not valid Unicode text"),
        ("   ", True, "Name is required"),
    ],
)
def test_a_bad_text_is_refused_with_a_sentence(
    typed: str, required: bool, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        parse_text(typed, what="Name", limit=200, required=required)


def test_a_text_is_kept_exactly() -> None:
    typed = " [bold]x[/] \x1b]0;t\x07 a\x00b 👩‍💻 "
    assert parse_text(typed, what="Name", limit=200, required=True) == typed
    assert parse_text(" \t ", what="Notes", limit=200, required=False) is None


def test_every_form_text_field_holds_what_its_column_holds(db: Database) -> None:
    account = store.save(db, Account, None, {"name": "Acme"})
    forms = {
        "account": account_form(db, None),
        "contact": contact_form(db, account, None),
        "interaction": interaction_form(db, TODAY, (account, "Acme"), None),
        "agenda_item": agenda_form(db, TODAY, None),
        "opportunity": opportunity_form(db, TODAY, account, None),
        "objective": objective_form(db, TODAY, None),
        "handoff": handoff_form(db, TODAY, (account, "Acme"), None),
    }
    checked = 0
    for table, form in forms.items():
        columns = Base.metadata.tables[table].c
        for name, field in form.fields.items():
            checked_otherwise = {"period", "currency", "email"}  # formats of their own
            if name not in columns or field.is_choice or name in checked_otherwise:
                continue
            column = columns[name]
            if type(column.type).__name__ not in {"String", "Text"}:
                continue
            limit = text_limit(column.type)
            assert field.parse("x" * limit) == "x" * limit, (table, name)
            with pytest.raises(ValueError, match=f"at most {limit:,}"):
                field.parse("x" * (limit + 1))
            checked += 1
    assert checked >= 15
