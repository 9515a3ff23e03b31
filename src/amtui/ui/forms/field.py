"""A form's fields: what each one shows, how its text becomes a value, and why not.

A field's `parse` turns what is in its widget into the value to save, or raises
`ValueError` with the sentence to show next to the field.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from rich.highlighter import Highlighter
from rich.text import Text
from textual.widgets import Select, TextArea

from amtui.domain.values import parse_money, parse_text, parse_whole
from amtui.domain.when import (
    When,
    describe_when,
    parse_optional_day,
    parse_optional_when,
)
from amtui.text import pictured

Parse = Callable[[Any], Any]


def show_value(value: Any) -> str:
    """The text a widget starts with for `value`."""
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


class ControlsShown(Highlighter):
    """Shows a field's control characters as visible stand-ins (`␛`), one for one, so
    that they never reach the terminal and the user sees what to delete; the value
    keeps them."""

    def highlight(self, text: Text) -> None:
        text.plain = pictured(text.plain)


class TextBox(TextArea):
    """A multi-line text field whose control characters show as `ControlsShown`
    shows them."""

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        line.plain = pictured(line.plain)
        return line


@dataclass(frozen=True)
class Field:
    """One labelled field of a form."""

    name: str
    label: str
    parse: Parse
    show: Callable[[Any], str] = show_value
    required: bool = False
    lines: int = 1  # more than one: a multi-line text area
    choices: tuple[tuple[str, Any], ...] = ()  # a choice field's (label, value) pairs
    preview: Callable[[Any], str] | None = None  # describes a good value as it is typed
    hint: str = ""  # shown under the field while there is nothing else to say

    @property
    def is_choice(self) -> bool:
        return bool(self.choices)


def _text_parser(label: str, *, required: bool, max_length: int) -> Parse:
    def parse(text: str) -> str | None:
        return parse_text(text, what=label, limit=max_length, required=required)

    return parse


def text_field(
    name: str,
    label: str,
    *,
    required: bool = False,
    max_length: int = 200,
    lines: int = 1,
    hint: str = "",
) -> Field:
    """Free text, kept exactly as typed; blank means none."""
    return Field(
        name,
        label,
        _text_parser(label, required=required, max_length=max_length),
        required=required,
        lines=lines,
        hint=hint,
    )


def choice_field(
    name: str,
    label: str,
    options: type[enum.StrEnum] | Sequence[enum.StrEnum],
    *,
    required: bool = True,
) -> Field:
    """One of a fixed set of values, chosen from a list (enter or ↓ opens it)."""

    def parse(value: Any) -> Any:
        if value is Select.NULL or value is None:
            if required:
                raise ValueError(f"choose the {label.lower()}")
            return None
        return value

    return Field(
        name,
        label,
        parse,
        required=required,
        choices=tuple((member.value.replace("_", " "), member) for member in options),
    )


def date_field(
    name: str,
    label: str,
    today: date,
    *,
    required: bool = False,
    with_time: bool = False,
) -> Field:
    """A date typed like a person types it, with a preview of the day it means.

    With `with_time` the value is a `When` (a day and maybe a time), else a `date`.
    """

    def parse(text: str) -> date | When | None:
        value = (parse_optional_when if with_time else parse_optional_day)(text, today)
        if value is None and required:
            raise ValueError(f"{label} is required")
        return value

    def preview(value: date | When) -> str:
        when = value if isinstance(value, When) else When(value)
        return describe_when(when, today)

    def show(value: Any) -> str:
        if isinstance(value, When):
            return value.day.isoformat() + (
                f" {value.at:%H:%M}" if value.at is not None else ""
            )
        return show_value(value)

    return Field(
        name,
        label,
        parse,
        show=show,
        required=required,
        preview=preview,
        hint="like tomorrow, +3d, +2w, fri, next week or 2026-11-30"
        + (", then 14:30" if with_time else ""),
    )


def whole_field(
    name: str, label: str, *, low: int, high: int, required: bool = True
) -> Field:
    """A whole number between `low` and `high`."""

    def parse(text: str) -> int | None:
        if not text.strip() and not required:
            return None
        return parse_whole(text, low=low, high=high, what=label)

    return Field(name, label, parse, required=required)


def money_field(name: str, label: str, *, required: bool = False) -> Field:
    """An amount of money, exact to the cent."""

    def parse(text: str) -> Decimal | None:
        if not text.strip():
            if required:
                raise ValueError(f"{label} is required")
            return None
        return parse_money(text)

    return Field(
        name,
        label,
        parse,
        required=required,
        preview=lambda amount: f"{amount:,.2f}",
        hint="like 48000 or 48 000,50",
    )
