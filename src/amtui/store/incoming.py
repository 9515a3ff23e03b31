"""Fields read from other programs' files (CSV, vCard), checked into column values.

Each record arrives as `{field: text}`; `account_values` and `contact_values` turn it
into the values of an `Account` or a `Contact`, or raise a ValueError whose message
says why the book cannot take it. Texts keep what the file holds, exactly; they go
through the same checks as the forms and `amtui import` (`amtui.domain.values`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from amtui.domain.values import parse_text, parse_whole
from amtui.store.models import Account, Contact, birthday_problem, text_limit
from amtui.vocabulary import AccountPhase, AccountStatus, AccountTier

ACCOUNT_FIELDS = (
    "name",
    "sector",
    "tier",
    "phase",
    "status",
    "owner",
    "cadence_days",
    "tags",
    "notes",
)
CONTACT_FIELDS = ("account", "name", "role", "email", "phone", "birthday", "notes")
CADENCE_MAX = 3650  # as the client form
# Words for each choice besides its own value, folded (see `fold`).
_CHOICE_WORDS: dict[type[StrEnum], dict[str, StrEnum]] = {
    AccountTier: {"cle": AccountTier.KEY, "grand compte": AccountTier.KEY},
    AccountPhase: {
        "conquete": AccountPhase.CONQUEST,
        "prospection": AccountPhase.CONQUEST,
        "fidelisation": AccountPhase.LOYALTY,
        "fidelite": AccountPhase.LOYALTY,
    },
    AccountStatus: {
        "actif": AccountStatus.ACTIVE,
        "a risque": AccountStatus.AT_RISK,
        "en risque": AccountStatus.AT_RISK,
        "perdu": AccountStatus.CHURNED,
    },
}
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
_ISO_DAY = re.compile(r"([0-9]{4})-?([0-9]{2})-?([0-9]{2})(?:T.*)?")
_NO_YEAR_DAY = re.compile(
    r"(?:--|0000-?)?([0-9]{2})-?([0-9]{2})|([0-9]{1,2})-([0-9]{1,2})"
)
_DAY_FIRST = re.compile(r"([0-9]{1,2})[/.]([0-9]{1,2})(?:[/.]([0-9]{4}))?")


def fold(text: str) -> str:
    """`text` compared loosely: without accents or case, words split by single
    spaces (`Raison sociale`, `raison_sociale` and `RAISON-SOCIALE` fold alike)."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    return " ".join(re.sub(r"[\W_]+", " ", plain.casefold()).split())


def account_values(fields: Mapping[str, str]) -> dict[str, Any]:
    """The column values of a client, from its non-blank fields; `name` required."""
    values: dict[str, Any] = {}
    for field, text in fields.items():
        if field in ("tier", "phase", "status"):
            kind = {"tier": AccountTier, "phase": AccountPhase, "status": AccountStatus}
            values[field] = _choice(kind[field], text, field)
        elif field == "cadence_days":
            values[field] = parse_whole(
                text, low=1, high=CADENCE_MAX, what="the cadence (days)"
            )
        else:
            values[field] = _text(Account, field, text)
    if "name" not in values:
        raise ValueError("the client's name is required")
    return values


def contact_values(fields: Mapping[str, str]) -> dict[str, Any]:
    """The column values of a contact, from its non-blank fields, with `account`: the
    name of its client. `name` and `account` are required."""
    values: dict[str, Any] = {}
    for field, text in fields.items():
        if field == "account":
            values[field] = parse_text(
                text,
                what="the client's name",
                limit=text_limit(Account.name.type),
                required=True,
            )
        elif field == "email":
            values[field] = parse_email(text)
        elif field == "birthday":
            month, day, year = parse_birthday(text)
            values.update(birthday_month=month, birthday_day=day, birthday_year=year)
        else:
            values[field] = _text(Contact, field, text)
    if "name" not in values:
        raise ValueError("the contact's name is required")
    if "account" not in values:
        raise ValueError("the contact's client is required")
    return values


def parse_email(text: str) -> str:
    """An e-mail address (outer spaces removed), or a ValueError saying why not."""
    address = text.strip()
    limit = text_limit(Contact.email.type)
    if len(address) > limit:
        raise ValueError(f"the e-mail address is longer than {limit} characters")
    if not _EMAIL.fullmatch(address):
        raise ValueError(f"'{address}' is not an e-mail address")
    return address


def parse_birthday(text: str) -> tuple[int, int, int | None]:
    """(month, day, year or None) from `1985-03-14`, `19850314`, `--03-14`, `--0314`,
    `0000-03-14`, `03-14`, or day first as European spreadsheets write it:
    `14/03/1985`, `14/03`, `14.03.1985`."""
    shown = text.strip()
    year: int | None
    if match := _ISO_DAY.fullmatch(shown):
        year, month, day = (int(part) for part in match.groups())
        year = year or None  # 0000: vCard 4.0's "no year"
    elif match := _NO_YEAR_DAY.fullmatch(shown):
        month, day = (
            int(part) for part in (match[1] or match[3], match[2] or match[4])
        )
        year = None
    elif match := _DAY_FIRST.fullmatch(shown):
        day, month = int(match[1]), int(match[2])
        year = int(match[3]) if match[3] else None
    else:
        raise ValueError(
            f"the birthday '{shown}' is not a date: write 1985-03-14, or 03-14 "
            "without the year"
        )
    if problem := birthday_problem(month, day, year):
        raise ValueError(f"the birthday {problem}")
    return month, day, year


def _text(model: type[Account | Contact], field: str, text: str) -> str | None:
    column = model.__table__.c[field]
    what = "the name" if field == "name" else f"the {field}"
    return parse_text(
        text, what=what, limit=text_limit(column.type), required=field == "name"
    )


def _choice(kind: type[StrEnum], text: str, field: str) -> StrEnum:
    folded = fold(text)
    for choice in kind:
        if folded == fold(choice.value):
            return choice
    if (found := _CHOICE_WORDS[kind].get(folded)) is not None:
        return found
    shown = ", ".join(choice.value for choice in kind)
    raise ValueError(f"the {field} '{text.strip()}' is not one of {shown}")
