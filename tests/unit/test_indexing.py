"""What the book derives by itself: last contacts and the client-name index follow
every write, whoever makes it."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from amtui.store import Database
from amtui.store.editing import delete, log_interaction, save, update_interaction
from amtui.store.models import Account, Interaction
from amtui.store.queries import client_pager
from amtui.store.search import names_containing, phrase
from amtui.vocabulary import InteractionKind
from conftest import add_account, days_ago


def last_contact(db: Database, account_id: int) -> datetime | None:
    with db.read() as session:
        return session.get(Account, account_id).last_contact_at


def log(db: Database, account_id: int, days: int) -> int:
    return log_interaction(
        db,
        {
            "account_id": account_id,
            "occurred_at": days_ago(days),
            "kind": InteractionKind.CALL,
            "summary": f"Call {days} days ago",
        },
    )


def test_last_contact_follows_logs_edits_moves_and_deletions(db: Database) -> None:
    acme, globex = add_account(db, "Acme"), add_account(db, "Globex")
    assert last_contact(db, acme) is None

    old, recent = log(db, acme, 10), log(db, acme, 2)
    log(db, acme, 5)  # older than the latest: changes nothing
    assert last_contact(db, acme) == days_ago(2)

    update_interaction(db, old, {"occurred_at": days_ago(1)})
    assert last_contact(db, acme) == days_ago(1)

    update_interaction(db, old, {"account_id": globex})
    assert (last_contact(db, acme), last_contact(db, globex)) == (
        days_ago(2),
        days_ago(1),
    )

    delete(db, Interaction, recent)
    assert last_contact(db, acme) == days_ago(5)
    delete(db, Interaction, old)
    assert last_contact(db, globex) is None


def matching(db: Database, typed: str) -> list[str]:
    with db.read() as session:
        query = select(Account.name).where(names_containing(typed))
        return sorted(session.scalars(query))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", ["Acme Corp", "Échanges & Cie", 'Le "Quote" Co', "Straße 100%"]),
        ("c", ["Acme Corp", "Échanges & Cie", 'Le "Quote" Co']),  # short: scanned
        ("ME C", ["Acme Corp"]),  # a substring, across words, any case
        ("échan", ["Échanges & Cie"]),  # folded like the stored key
        ("STRASSE", ["Straße 100%"]),  # ß folds to ss
        ("100%", ["Straße 100%"]),  # wildcards mean themselves
        ("e 1", ["Straße 100%"]),
        ('"quote"', ['Le "Quote" Co']),  # quotes are text, not FTS syntax
        ("corp OR cie", []),  # nor are operators
        ("acme*", []),
        ("zzz", []),
    ],
)
def test_names_match_as_substrings_ignoring_case(
    db: Database, typed: str, expected: list[str]
) -> None:
    for name in ("Acme Corp", "Échanges & Cie", 'Le "Quote" Co', "Straße 100%"):
        add_account(db, name)
    assert matching(db, typed) == sorted(expected)


def test_a_renamed_or_deleted_client_leaves_the_index(db: Database) -> None:
    acme = add_account(db, "Acme")
    save(db, Account, acme, {"name": "Initech"})
    assert matching(db, "acme") == []
    assert matching(db, "nitech") == ["Initech"]
    with db.write() as session:  # the app archives; a raw delete must not linger
        session.delete(session.get(Account, acme))
    assert matching(db, "nitech") == []


def test_the_client_filter_counts_and_pages_through_the_index(db: Database) -> None:
    for number in range(30):
        add_account(db, f"Client {number:02} {'north' if number % 3 else 'south'}")
    pager = client_pager(db, "south")
    assert pager.count() == 10
    assert [row.name for row in pager.first(3)] == [
        "Client 00 south",
        "Client 03 south",
        "Client 06 south",
    ]


def test_phrase_doubles_quotes() -> None:
    assert phrase('say "hi"') == '"say ""hi"""'
