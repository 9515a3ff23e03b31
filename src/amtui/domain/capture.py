"""Quick capture: one line such as `acme call renewal talk fu:fri` becomes an interaction.

Used by the cockpit's `c` line and by `amtui log`. The caller supplies the account
lookup (the store), so this module stays free of any database access.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date

from amtui.domain.when import (
    DateError,
    When,
    describe_when,
    looks_like_time,
    parse_when,
)
from amtui.vocabulary import InteractionKind

FOLLOW_UP_PREFIX = "fu:"
SHOWN_MATCHES = 8
KIND_WORDS: Mapping[str, InteractionKind] = {
    **{kind.value: kind for kind in InteractionKind},
    "mail": InteractionKind.EMAIL,
    "meet": InteractionKind.MEETING,
    "phone": InteractionKind.CALL,
}
_PREPOSITIONS = {InteractionKind.NOTE: "on", InteractionKind.GIFT: "to"}


@dataclass(frozen=True)
class AccountRef:
    """A live account, as quick capture needs to know it."""

    id: int
    name: str


AccountLookup = Callable[[str], Sequence[AccountRef]]
"""Given text, the live accounts whose name equals it ignoring case (just that one
if it is the only exact match), else those whose name starts with it ignoring case;
sorted by name, at most nine."""


class CaptureError(ValueError):
    """A capture line that cannot be logged; str() is one clear sentence."""


@dataclass(frozen=True)
class Capture:
    """An interaction ready to be logged, with its optional follow-up."""

    account: AccountRef
    kind: InteractionKind
    summary: str
    follow_up: When | None


def resolve_account(text: str, lookup: AccountLookup) -> AccountRef:
    """The one account `text` names, or an error listing the candidates."""
    matches = lookup(text)
    if not matches:
        raise CaptureError(f"no client matches '{text}'")
    if len(matches) > 1:
        names = ", ".join(match.name for match in matches[:SHOWN_MATCHES])
        more = ", …" if len(matches) > SHOWN_MATCHES else ""
        raise CaptureError(
            f"'{text}' matches several clients: {names}{more} — type more of the name"
        )
    return matches[0]


def parse_capture(line: str, today: date, lookup: AccountLookup) -> Capture:
    """Parse `ACCOUNT [KIND] SUMMARY… [fu:DATE]` into a capture."""
    words = line.split()
    if not words:
        raise CaptureError("type a client, a kind, a summary, and optionally fu:DATE")
    taken = _account_length(words, lookup)
    account = resolve_account(" ".join(words[:taken]), lookup)
    rest, follow_up = _take_follow_up(words[taken:], today)
    kind = InteractionKind.NOTE
    if rest and rest[0].casefold() in KIND_WORDS:
        kind = KIND_WORDS[rest.pop(0).casefold()]
    if not rest:
        raise CaptureError("a summary is required: say what happened")
    return Capture(account, kind, " ".join(rest), follow_up)


def describe_capture(capture: Capture, today: date) -> str:
    """A one-line preview: `call with Acme Logistics: renewal talk · follow-up …`."""
    preposition = _PREPOSITIONS.get(capture.kind, "with")
    text = (
        f"{capture.kind.value} {preposition} {capture.account.name}: {capture.summary}"
    )
    if capture.follow_up is not None:
        text += f" · follow-up {describe_when(capture.follow_up, today)}"
    return text


def _account_length(words: list[str], lookup: AccountLookup) -> int:
    """How many leading words name accounts: the longest run that matches (at least 1).

    A name that starts with the longer run also starts with the shorter ones, so the
    search stops at the first run that matches nothing.
    """
    taken = 1
    while taken < len(words) and lookup(" ".join(words[: taken + 1])):
        taken += 1
    return taken


def _take_follow_up(words: list[str], today: date) -> tuple[list[str], When | None]:
    """The words without the `fu:DATE` token (and its second word), and the follow-up."""
    marks = [i for i, word in enumerate(words) if _is_follow_up(word)]
    if not marks:
        return words, None
    if len(marks) > 1:
        raise CaptureError("follow-up: give only one fu:DATE")
    start = marks[0]
    value = words[start][len(FOLLOW_UP_PREFIX) :]
    if not value:
        raise CaptureError("follow-up: a date is required")
    following = words[start + 1] if start + 1 < len(words) else None
    used, when = _follow_up_when(value, following, today)
    return words[:start] + words[start + used :], when


def _follow_up_when(value: str, following: str | None, today: date) -> tuple[int, When]:
    """How many words the follow-up takes (1 or 2), and its date.

    The next word joins the date when both parse together (`fu:next week`,
    `fu:fri 14:30`); a next word shaped like a time must then be a valid one.
    """
    if following is not None:
        pair = f"{value} {following}"
        if looks_like_time(following):
            return 2, _follow_up_date(pair, today)
        with suppress(DateError):
            return 2, parse_when(pair, today)
    return 1, _follow_up_date(value, today)


def _follow_up_date(text: str, today: date) -> When:
    try:
        return parse_when(text, today)
    except DateError as error:
        raise CaptureError(f"follow-up: {error}") from None


def _is_follow_up(word: str) -> bool:
    return word.casefold().startswith(FOLLOW_UP_PREFIX)
