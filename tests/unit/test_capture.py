"""Quick capture: one typed line becomes an account, a kind, a summary and a follow-up."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time

import pytest

from amtui.domain.capture import (
    KIND_WORDS,
    AccountRef,
    Capture,
    CaptureError,
    describe_capture,
    parse_capture,
    resolve_account,
)
from amtui.domain.when import DATE_FORMS, When
from amtui.vocabulary import InteractionKind as K

MONDAY = date(2026, 11, 23)
FRIDAY = date(2026, 11, 27)
NAMES = [
    "Acme Logistics",
    "Acme Retail",
    "Borealis Foods",
    "Delta",
    "Delta Energy",
    "Zeta [bold]Evil[/] Corp",
]
BOOK = [AccountRef(number, name) for number, name in enumerate(NAMES, start=1)]
ACME = BOOK[0]
BOREALIS = BOOK[2]
DELTA_ENERGY = BOOK[4]
ZETA = BOOK[5]


class FakeLookup:
    """A store lookup honouring the `AccountLookup` contract, recording each call."""

    def __init__(self, book: Sequence[AccountRef]) -> None:
        self.book = book
        self.calls: list[str] = []

    def __call__(self, text: str) -> list[AccountRef]:
        self.calls.append(text)
        key = text.casefold()
        exact = [ref for ref in self.book if ref.name.casefold() == key]
        if len(exact) == 1:
            return exact
        found = exact or [
            ref for ref in self.book if ref.name.casefold().startswith(key)
        ]
        return sorted(found, key=lambda ref: ref.name)[:9]


LOOKUP = FakeLookup(BOOK)


def capture(line: str, today: date = MONDAY) -> Capture:
    return parse_capture(line, today, LOOKUP)


def capture_error(line: str, today: date = MONDAY) -> str:
    with pytest.raises(CaptureError) as caught:
        parse_capture(line, today, LOOKUP)
    return str(caught.value)


def test_the_example_from_the_spec() -> None:
    assert capture("acme log call renewal talk fu:fri") == Capture(
        ACME, K.CALL, "renewal talk", When(FRIDAY)
    )


@pytest.mark.parametrize(
    ("line", "account"),
    [
        ("bor note menu tasting", BOREALIS),
        ("Borealis Foods note menu tasting", BOREALIS),
        ("BOREALIS FOODS note menu tasting", BOREALIS),
        ("acme l note menu tasting", ACME),
        ("delta energy note menu tasting", DELTA_ENERGY),
        ("delta   energy note menu tasting", DELTA_ENERGY),
        ("zeta note menu tasting", ZETA),
    ],
)
def test_the_account_by_unambiguous_prefix(line: str, account: AccountRef) -> None:
    assert capture(line) == Capture(account, K.NOTE, "menu tasting", None)


def test_the_longest_matching_run_of_words_names_the_account() -> None:
    assert capture("delta energy visit site tour") == Capture(
        DELTA_ENERGY, K.VISIT, "site tour", None
    )


def test_an_exact_name_wins_over_longer_names_sharing_it() -> None:
    assert capture("delta visit site tour") == Capture(
        BOOK[3], K.VISIT, "site tour", None
    )


def test_the_account_may_contain_markup_like_words() -> None:
    assert capture("zeta [bold]evil[/] corp gift wine") == Capture(
        ZETA, K.GIFT, "wine", None
    )


def test_the_lookup_stops_at_the_first_run_that_matches_nothing() -> None:
    lookup = FakeLookup(BOOK)
    parse_capture("acme logistics call renewal talk", MONDAY, lookup)
    assert lookup.calls == [
        "acme logistics",
        "acme logistics call",
        "acme logistics",
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("acme call renewal", "'acme' matches several clients"),
        ("a call renewal", "'a' matches several clients"),
        ("ACME call renewal", "'ACME' matches several clients"),
    ],
)
def test_an_ambiguous_account_lists_the_candidates(line: str, message: str) -> None:
    assert capture_error(line) == (
        f"{message}: Acme Logistics, Acme Retail — type more of the name"
    )


@pytest.mark.parametrize(
    ("line", "word"),
    [
        ("globex call renewal", "globex"),
        ("Globex Corp call renewal", "Globex"),
        ("fu:fri acme call", "fu:fri"),
        ("call acme renewal", "call"),
    ],
)
def test_an_unknown_account_names_the_first_word(line: str, word: str) -> None:
    assert capture_error(line) == f"no client matches '{word}'"


@pytest.mark.parametrize(("word", "kind"), [(kind.value, kind) for kind in K])
def test_every_kind_by_its_name(word: str, kind: K) -> None:
    assert capture(f"borealis {word} tasting").kind is kind


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("mail", K.EMAIL),
        ("meet", K.MEETING),
        ("phone", K.CALL),
        ("CALL", K.CALL),
        ("Mail", K.EMAIL),
        ("Meeting", K.MEETING),
    ],
)
def test_kind_aliases_and_case(word: str, kind: K) -> None:
    assert capture(f"borealis {word} tasting") == Capture(
        BOREALIS, kind, "tasting", None
    )


def test_kind_words_are_the_kinds_and_three_aliases() -> None:
    assert dict(KIND_WORDS) == {
        "call": K.CALL,
        "meeting": K.MEETING,
        "email": K.EMAIL,
        "visit": K.VISIT,
        "note": K.NOTE,
        "gift": K.GIFT,
        "mail": K.EMAIL,
        "meet": K.MEETING,
        "phone": K.CALL,
    }


@pytest.mark.parametrize(
    ("line", "summary"),
    [
        ("borealis tasting went well", "tasting went well"),
        ("borealis lunch with chef", "lunch with chef"),
        ("borealis calls back monday", "calls back monday"),
    ],
)
def test_without_a_kind_word_it_is_a_note(line: str, summary: str) -> None:
    assert capture(line) == Capture(BOREALIS, K.NOTE, summary, None)


def test_only_the_first_word_after_the_account_can_be_the_kind() -> None:
    assert capture("borealis tasting call later") == Capture(
        BOREALIS, K.NOTE, "tasting call later", None
    )


@pytest.mark.parametrize(
    ("line", "summary"),
    [
        (
            "zeta note [bold]loud[/] and [@click=app.quit]x[/]",
            "[bold]loud[/] and [@click=app.quit]x[/]",
        ),
        ("zeta note Kept As TYPED", "Kept As TYPED"),
        ("zeta note  spaced   out  ", "spaced out"),
        ("zeta note \x1b[31mred", "\x1b[31mred"),
    ],
)
def test_the_summary_is_kept_as_typed(line: str, summary: str) -> None:
    assert capture(line).summary == summary


@pytest.mark.parametrize(
    ("line", "follow_up"),
    [
        ("acme l call talk fu:fri", When(FRIDAY)),
        ("acme l call talk FU:Fri", When(FRIDAY)),
        ("acme l call talk fu:tomorrow", When(date(2026, 11, 24))),
        ("acme l call talk fu:+3d", When(date(2026, 11, 26))),
        ("acme l call talk fu:+2w", When(date(2026, 12, 7))),
        ("acme l call talk fu:2026-12-01", When(date(2026, 12, 1))),
        ("acme l call talk fu:next week", When(date(2026, 11, 30))),
        ("acme l call talk fu:fri 14:30", When(FRIDAY, time(14, 30))),
        ("acme l call talk fu:2026-12-01 9:05", When(date(2026, 12, 1), time(9, 5))),
        ("acme l call talk fu:14:30", When(MONDAY, time(14, 30))),
    ],
)
def test_follow_up_forms(line: str, follow_up: When) -> None:
    assert capture(line) == Capture(ACME, K.CALL, "talk", follow_up)


@pytest.mark.parametrize(
    ("line", "kind", "summary", "follow_up"),
    [
        ("acme l fu:fri call renewal talk", K.CALL, "renewal talk", When(FRIDAY)),
        ("acme l call fu:fri renewal talk", K.CALL, "renewal talk", When(FRIDAY)),
        ("acme l call renewal fu:fri talk", K.CALL, "renewal talk", When(FRIDAY)),
        (
            "acme l call renewal fu:next week talk",
            K.CALL,
            "renewal talk",
            When(date(2026, 11, 30)),
        ),
        (
            "acme l call renewal fu:mon lunch",
            K.CALL,
            "renewal lunch",
            When(date(2026, 11, 30)),
        ),
        ("acme l fu:fri renewal talk", K.NOTE, "renewal talk", When(FRIDAY)),
    ],
)
def test_the_follow_up_may_stand_anywhere_after_the_account(
    line: str, kind: K, summary: str, follow_up: When
) -> None:
    assert capture(line) == Capture(ACME, kind, summary, follow_up)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("acme l call talk fu:", "follow-up: a date is required"),
        ("acme l call talk fu: fri", "follow-up: a date is required"),
        (
            "acme l call talk fu:someday",
            f"follow-up: 'someday' is not a date I know: write {DATE_FORMS}",
        ),
        (
            "acme l call talk fu:2026-02-31",
            "follow-up: 2026-02-31 is not a date: February 2026 has 28 days",
        ),
        (
            "acme l call talk fu:+x",
            "follow-up: '+x': write a number of days or weeks, like +3d or +2w",
        ),
        (
            "acme l call talk fu:fri 25:00",
            "follow-up: 25:00 is not a time: use HH:MM from 00:00 to 23:59",
        ),
        (
            "acme l call talk fu:+99999999d",
            "follow-up: +99999999d is out of range (years 1900 to 2200)",
        ),
        ("acme l call talk fu:fri fu:mon", "follow-up: give only one fu:DATE"),
    ],
)
def test_a_bad_follow_up_says_why(line: str, message: str) -> None:
    assert capture_error(line) == message


@pytest.mark.parametrize(
    "line",
    [
        "acme l",
        "acme l call",
        "acme l fu:fri",
        "acme l call fu:next week",
        "delta energy",
    ],
)
def test_a_summary_is_required(line: str) -> None:
    assert capture_error(line) == "a summary is required: say what happened"


@pytest.mark.parametrize("line", ["", "   ", "\t\n"])
def test_a_blank_line_explains_the_grammar(line: str) -> None:
    assert capture_error(line) == (
        "type a client, a kind, a summary, and optionally fu:DATE"
    )


def test_capture_error_is_a_value_error() -> None:
    assert issubclass(CaptureError, ValueError)


def test_resolve_account_returns_the_single_match() -> None:
    assert resolve_account("bor", LOOKUP) == BOREALIS


def test_resolve_account_with_no_match() -> None:
    with pytest.raises(CaptureError) as caught:
        resolve_account("Globex", LOOKUP)
    assert str(caught.value) == "no client matches 'Globex'"


@pytest.mark.parametrize(
    ("count", "listed"),
    [
        (2, "Client A, Client B"),
        (
            8,
            "Client A, Client B, Client C, Client D, Client E, Client F, Client G, Client H",
        ),
        (
            9,
            "Client A, Client B, Client C, Client D, Client E, Client F, Client G,"
            " Client H, …",
        ),
        (
            12,
            "Client A, Client B, Client C, Client D, Client E, Client F, Client G,"
            " Client H, …",
        ),
    ],
)
def test_resolve_account_lists_at_most_eight_names(count: int, listed: str) -> None:
    lookup = FakeLookup(
        [AccountRef(n, f"Client {chr(64 + n)}") for n in range(1, count + 1)]
    )
    with pytest.raises(CaptureError) as caught:
        resolve_account("client", lookup)
    assert str(caught.value) == (
        f"'client' matches several clients: {listed} — type more of the name"
    )


@pytest.mark.parametrize(
    ("result", "preview"),
    [
        (
            Capture(ACME, K.CALL, "renewal talk", When(FRIDAY)),
            "call with Acme Logistics: renewal talk"
            " · follow-up Fri 27 Nov 2026 · in 4 days",
        ),
        (
            Capture(ACME, K.MEETING, "kick-off", When(MONDAY, time(14, 30))),
            "meeting with Acme Logistics: kick-off"
            " · follow-up Mon 23 Nov 2026 14:30 · today",
        ),
        (
            Capture(BOREALIS, K.EMAIL, "sent the quote", None),
            "email with Borealis Foods: sent the quote",
        ),
        (
            Capture(BOREALIS, K.NOTE, "new buyer", None),
            "note on Borealis Foods: new buyer",
        ),
        (
            Capture(BOREALIS, K.GIFT, "wine", None),
            "gift to Borealis Foods: wine",
        ),
        (
            Capture(ZETA, K.VISIT, "[bold]site[/]", None),
            "visit with Zeta [bold]Evil[/] Corp: [bold]site[/]",
        ),
    ],
)
def test_describe_capture(result: Capture, preview: str) -> None:
    assert describe_capture(result, MONDAY) == preview
