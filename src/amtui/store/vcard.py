"""Contacts from a vCard file (3.0 or 4.0, as phones, Google Contacts and Apple
Contacts export them), parsed by `vobject`.

Each card becomes a contact's fields: its name (FN, else N), its client (the given
account, else the card's ORG), the preferred e-mail address and telephone, its
title (TITLE, else ROLE), its birthday with or without a year (`1985-03-14`,
`19850314`, `--03-14`, `--0314`, `0000-03-14`, Apple's year 1604), and its NOTE. A
birthday that is no date (`circa 1800`) is kept in the notes. A file vobject cannot
parse is refused whole, naming its line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import vobject
from vobject.base import ParseError

from amtui.errors import AmtuiError
from amtui.store.incoming import parse_birthday
from amtui.store.intake import Incoming

APPLE_NO_YEAR = "X-APPLE-OMIT-YEAR"
_CARD_START = re.compile(r"^BEGIN:VCARD\s*$", re.IGNORECASE | re.MULTILINE)


def read_vcards(source: Path, account: str | None = None) -> list[Incoming]:
    """A record for each card of `source`; `account` is every card's client when
    given, else each card's ORG."""
    text = _text(source)
    if not _CARD_START.search(text):
        raise AmtuiError(f"{source} is not a vCard file: it holds no BEGIN:VCARD")
    starts = [
        text.count("\n", 0, match.start()) + 1 for match in _CARD_START.finditer(text)
    ]
    try:
        cards = list(vobject.readComponents(text, validate=False))
    except ParseError as error:
        line = f" at line {error.lineNumber}" if error.lineNumber else ""
        raise AmtuiError(
            f"{source} is not a readable vCard file{line} ({_reason(error)}); "
            "nothing was imported"
        ) from None
    records = []
    for number, card in enumerate(cards, 1):
        line = f" (line {starts[number - 1]})" if number <= len(starts) else ""
        records.append(_record(f"card {number}{line}", card, account))
    return records


def _text(source: Path) -> str:
    try:
        return source.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise AmtuiError(f"cannot read {source}: {error.strerror}") from error
    except UnicodeDecodeError:
        raise AmtuiError(
            f"{source} is not a vCard file: it is not UTF-8 text"
        ) from None


def _reason(error: ParseError) -> str:
    message = str(error.args[0]) if error.args else "it cannot be parsed"
    return re.sub(r"^At line \d+: ", "", message)


def _record(place: str, card: Any, account: str | None) -> Incoming:
    """A card's non-blank fields, or why it cannot be a contact."""
    if card.name != "VCARD":
        return Incoming(place, {}, f"it is a {card.name}, not a vCard")
    fields = {
        "name": _name(card),
        "account": account if account is not None else _organisation(card),
        "email": _preferred(card, "email"),
        "phone": _preferred(card, "tel").removeprefix("tel:"),
        "role": _first(card, "title") or _first(card, "role"),
        "notes": _first(card, "note"),
    }
    birthday = _birthday(card)
    if birthday:
        try:
            month, day, year = parse_birthday(birthday)
            fields["birthday"] = (
                f"{year:04}-{month:02}-{day:02}" if year else f"--{month:02}-{day:02}"
            )
        except ValueError:  # `circa 1800`: kept where the user can read it
            kept = f"Birthday: {birthday}"
            fields["notes"] = f"{fields['notes']}\n{kept}" if fields["notes"] else kept
    present = {field: text for field, text in fields.items() if text and text.strip()}
    if "name" not in present:
        return Incoming(place, present, "it has no name (FN or N)")
    if "account" not in present:
        return Incoming(
            place,
            present,
            "it names no client (no ORG): give one with --account NAME",
        )
    return Incoming(place, present)


def _lines(card: Any, key: str) -> list[Any]:
    return card.contents.get(key, [])


def _first(card: Any, key: str) -> str:
    lines = _lines(card, key)
    return _as_text(lines[0].value) if lines else ""


def _as_text(value: Any) -> str:
    if isinstance(value, list):  # a structured value, such as ORG's units
        return str(value[0]) if value else ""
    return str(value)


def _name(card: Any) -> str:
    if name := _first(card, "fn").strip():
        return name
    for line in _lines(card, "n"):
        parts = (line.value.prefix, line.value.given, line.value.additional)
        words = [*parts, line.value.family, line.value.suffix]
        return " ".join(
            " ".join(word) if isinstance(word, list) else word for word in words if word
        )
    return ""


def _organisation(card: Any) -> str:
    """The organisation's name: ORG's first unit (the others are departments)."""
    return _first(card, "org")


def _preferred(card: Any, key: str) -> str:
    """The value marked preferred (`TYPE=pref` in 3.0, `PREF=1` in 4.0), else the
    first."""
    lines = _lines(card, key)
    for line in lines:
        types = {
            kind.casefold()
            for value in line.params.get("TYPE", [])
            for kind in value.split(",")
        }
        if "pref" in types or line.params.get("PREF") == ["1"]:
            return _as_text(line.value).strip()
    return _as_text(lines[0].value).strip() if lines else ""


def _birthday(card: Any) -> str:
    """BDAY as written, a year Apple marks as none taken off."""
    lines = _lines(card, "bday")
    if not lines:
        return ""
    text = _as_text(lines[0].value).strip()
    omitted = lines[0].params.get(APPLE_NO_YEAR)
    if omitted and text.startswith(omitted[0]):
        return "--" + text.removeprefix(omitted[0]).lstrip("-")
    return text
