"""Keyset pages walk every list exactly: no row skipped, none repeated, any direction."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import insert

from amtui.store import Database
from amtui.store.models import Account, AgendaItem, Interaction
from amtui.store.paging import Pager
from amtui.store.queries import agenda_pager, client_pager, interaction_pager

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)


@pytest.fixture
def book(db: Database) -> Database:
    """250 accounts with awkward names; one has 120 interactions, many at the same instant."""
    names = [f"Client {i:03d}" for i in range(245)] + [
        "100% Bio",
        "A_B Conseil",
        "a_b conseil annexe",
        "Ölkraft",
        "olive & co",
    ]
    with db.write() as session:
        session.execute(
            insert(Account),
            [
                {
                    "name": n,
                    "name_key": n.casefold(),
                    "created_at": NOW,
                    "updated_at": NOW,
                }
                for n in names
            ],
        )
        session.execute(
            insert(Interaction),
            [
                {
                    "account_id": 1,
                    "occurred_at": NOW - timedelta(days=i // 3),  # three per instant
                    "kind": "call",
                    "summary": f"call {i}",
                    "created_at": NOW,
                }
                for i in range(120)
            ],
        )
        session.execute(
            insert(AgendaItem),
            [
                {
                    "due_on": date(2026, 11, 1) + timedelta(days=i % 40),
                    "title": f"item {i}",
                    "kind": "other",
                    "recurrence": "none",
                    "created_at": NOW,
                }
                for i in range(90)
            ],
        )
    return db


def walk_forward(pager: Pager[Any], page: int) -> list[Any]:
    rows = pager.first(page)
    while True:
        more = pager.after(pager.key_of(rows[-1]), page)
        if not more:
            return rows
        rows += more


def walk_backward(pager: Pager[Any], page: int) -> list[Any]:
    rows = pager.last(page)
    while True:
        more = pager.before(pager.key_of(rows[0]), page)
        if not more:
            return rows
        rows = more + rows


def pagers(db: Database) -> list[Pager[Any]]:
    return [
        client_pager(db),
        client_pager(db, "conseil"),
        interaction_pager(db, 1),
        agenda_pager(db, date(2026, 11, 30)),
    ]


@pytest.mark.parametrize("page", [1, 7, 50, 1000])
def test_walks_in_both_directions_give_the_whole_ordered_list(
    book: Database, page: int
) -> None:
    for pager in pagers(book):
        everything = pager.first(10_000)
        assert len(everything) == pager.count() > 0
        assert walk_forward(pager, page) == everything
        assert walk_backward(pager, page) == everything


def test_offsets_and_positions_agree_with_the_order(book: Database) -> None:
    for pager in pagers(book):
        everything = pager.first(10_000)
        for index in (0, 1, len(everything) // 2, len(everything) - 1):
            assert pager.at(index, 3) == everything[index : index + 3]
            assert pager.position(pager.key_of(everything[index])) == index


def test_clients_sort_case_insensitively(book: Database) -> None:
    names = [row.name for row in client_pager(book).first(10)]
    assert names[:4] == ["100% Bio", "A_B Conseil", "a_b conseil annexe", "Client 000"]


def test_timeline_is_newest_first_with_ties_broken_by_id(book: Database) -> None:
    rows = interaction_pager(book, 1).first(6)
    assert [row.summary for row in rows] == [
        "call 2",
        "call 1",
        "call 0",
        "call 5",
        "call 4",
        "call 3",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("%", ["100% Bio"]),
        ("_", ["A_B Conseil", "a_b conseil annexe"]),
        ("A_B", ["A_B Conseil", "a_b conseil annexe"]),
        ("ÖL", ["Ölkraft"]),
        ("  olive ", ["olive & co"]),
        ("client 24", [f"Client 24{i}" for i in range(5)]),
        ("nothing like this", []),
    ],
)
def test_filter_is_a_literal_case_insensitive_substring(
    book: Database, text: str, expected: list[str]
) -> None:
    pager = client_pager(book, text)
    assert [row.name for row in pager.first(100)] == expected
    assert pager.count() == len(expected)


def test_agenda_holds_open_items_up_to_the_horizon(book: Database) -> None:
    pager = agenda_pager(book, date(2026, 11, 5))
    rows = pager.first(100)
    assert {row.due_on for row in rows} == {date(2026, 11, d) for d in range(1, 6)}
    assert [row.due_on for row in rows] == sorted(row.due_on for row in rows)


@pytest.mark.parametrize("typed", ["échange", "ÉCHANGE", "Échange", "dsi", "STRASSE"])
def test_log_filter_folds_case_beyond_ascii(db: Database, typed: str) -> None:
    with db.write() as session:
        account = Account(name="Banque Ürban")
        session.add(account)
        session.flush()
        for summary in ("Échange avec la DSI à Straße 5", "Call about invoices"):
            session.add(
                Interaction(
                    account_id=account.id, occurred_at=NOW, kind="call", summary=summary
                )
            )
    rows = interaction_pager(db, account.id, typed).first(10)
    assert [row.summary for row in rows] == ["Échange avec la DSI à Straße 5"]


def test_the_key_of_a_record_found_by_its_id(book: Database) -> None:
    pager = client_pager(book, "olive")
    assert pager.key_of_id(250) == ("olive & co", 250)
    assert pager.key_of_id(1) is None  # filtered out
    assert pager.position(pager.key_of_id(250)) == 0
