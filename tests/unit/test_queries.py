"""The account detail's lists and the CLI's lookups answer exactly."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest

from amtui.domain.capture import AccountRef
from amtui.errors import AmtuiError
from amtui.store import Database
from amtui.store.editing import (
    DeliverableDraft,
    advance_handoff,
    archive_account,
    save,
    save_handoff,
    set_agenda_done,
)
from amtui.store.models import Account, AgendaItem, Contact, Opportunity
from amtui.store.queries import (
    _prefix_end,
    account_detail,
    contact_pager,
    due_agenda,
    find_accounts,
    find_contact,
    handoff_history,
    handoff_pager,
    opportunity_pager,
)
from amtui.store.rows import ContactRow, OpportunityRow
from amtui.vocabulary import (
    AccountPhase,
    AccountStatus,
    AccountTier,
    HandoffStatus,
    OpportunityStage,
)

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)
TODAY = date.today()  # the small book's dates are relative to today


def add_contacts(db: Database, account_id: int, *names: str) -> None:
    for name in names:
        save(db, Contact, None, {"account_id": account_id, "name": name})


# --- account detail ---------------------------------------------------------------


def test_contacts_come_by_name_ignoring_case(db: Database, small_book) -> None:
    acme = small_book["Acme Logistics"]
    add_contacts(db, acme, "zoë Zeller", "Élodie Roy", "bob Brown", "Alice Ames")
    save(
        db,
        Contact,
        None,
        {
            "account_id": acme,
            "name": "Dan Dupont",
            "role": "Head of [b]Supply[/b]",
            "email": "dan@example.com",
            "birthday_month": 2,
            "birthday_day": 29,
        },
    )
    pager = contact_pager(db, acme)

    rows = pager.first(10)

    assert [row.name for row in rows] == [
        "Alice Ames",
        "bob Brown",
        "Claire Martin",
        "Dan Dupont",
        "zoë Zeller",
        "Élodie Roy",  # by code point, as the clients list sorts
    ]
    assert rows[3] == ContactRow(
        rows[3].id,
        "Dan Dupont",
        "Head of [b]Supply[/b]",
        "dan@example.com",
        None,
        2,
        29,
        None,
    )
    assert pager.count() == 6
    assert pager.after(pager.key_of(rows[1]), 2) == rows[2:4]
    assert pager.before(pager.key_of(rows[4]), 2) == rows[2:4]
    assert [row.name for row in contact_pager(db, acme, "SUPPLY").first(5)] == [
        "Dan Dupont"
    ]
    assert [row.name for row in contact_pager(db, acme, "ÉLO").first(5)] == [
        "Élodie Roy"
    ]
    assert contact_pager(db, small_book["Cobalt Bank"]).count() == 0


def test_opportunities_come_by_expected_close_undated_last(db, small_book) -> None:
    acme = small_book["Acme Logistics"]
    deals = [
        ("Undated", None),
        ("Late", date(2027, 6, 30)),
        ("Soon", date(2026, 12, 15)),
        ("Also undated", None),
    ]
    ids = {
        title: save(
            db,
            Opportunity,
            None,
            {
                "account_id": acme,
                "title": title,
                "amount": Decimal("1000.50"),
                "expected_close_on": close,
            },
        )
        for title, close in deals
    }
    save(
        db,
        Opportunity,
        None,
        {
            "account_id": small_book["Borealis Foods"],
            "title": "x",
            "amount": Decimal(1),
        },
    )
    pager = opportunity_pager(db, acme)

    rows = pager.first(10)

    assert [row.title for row in rows] == ["Soon", "Late", "Undated", "Also undated"]
    assert rows[0] == OpportunityRow(
        ids["Soon"],
        "Soon",
        Decimal("1000.50"),
        OpportunityStage.LEAD,
        date(2026, 12, 15),
        None,
    )
    assert pager.after(pager.key_of(rows[1]), 5) == rows[2:]
    assert pager.last(1) == rows[3:]
    assert [row.title for row in opportunity_pager(db, acme, "UND").first(5)] == [
        "Undated",
        "Also undated",
    ]


def test_closed_handoffs_are_listed_only_when_asked(db, small_book) -> None:
    acme = small_book["Acme Logistics"]

    open_only = [row.title for row in handoff_pager(db, acme).first(5)]
    everything = handoff_pager(db, acme, include_closed=True)

    assert open_only == ["WMS rollout"]
    assert [row.title for row in everything.first(5)] == ["WMS rollout", "Old project"]
    assert everything.count() == 2
    assert [
        r.title for r in handoff_pager(db, acme, "old", include_closed=True).first(5)
    ] == ["Old project"]


def test_account_detail_has_every_field_and_the_counts(db, small_book) -> None:
    acme = small_book["Acme Logistics"]
    for stage in (
        OpportunityStage.PROPOSAL,
        OpportunityStage.WON,
        OpportunityStage.LOST,
    ):
        save(
            db,
            Opportunity,
            None,
            {
                "account_id": acme,
                "title": stage.value,
                "amount": Decimal(5),
                "stage": stage,
            },
        )
    add_contacts(db, acme, "Second")

    detail = account_detail(db, acme)

    assert (detail.id, detail.name, detail.name_key) == (
        acme,
        "Acme Logistics",
        "acme logistics",
    )
    assert (detail.status, detail.phase, detail.tier) == (
        AccountStatus.ACTIVE,
        AccountPhase.CONQUEST,
        AccountTier.STANDARD,
    )
    assert (detail.cadence_days, detail.archived, detail.sector) == (10, False, None)
    assert detail.created_at.tzinfo is not None
    assert detail.last_contact_at is not None
    assert detail.last_contact_at.tzinfo is not None
    assert (TODAY - detail.last_contact_at.astimezone().date()).days == 12
    assert (detail.contacts, detail.interactions) == (2, 2)
    assert (detail.open_handoffs, detail.open_opportunities) == (1, 1)


def test_account_detail_of_a_quiet_archived_client(db, small_book) -> None:
    delta = small_book["Delta Energy"]
    archive_account(db, delta, NOW)

    detail = account_detail(db, delta)

    assert detail.archived is True
    assert detail.last_contact_at is None
    assert (detail.contacts, detail.interactions) == (0, 0)
    assert (detail.open_handoffs, detail.open_opportunities) == (0, 0)
    with pytest.raises(AmtuiError, match="this client no longer exists"):
        account_detail(db, 999)


# --- lookups ----------------------------------------------------------------------


@pytest.fixture
def names(db: Database) -> dict[str, int]:
    ids = {
        name: save(db, Account, None, {"name": name})
        for name in (
            "Acme",
            "Acme Logistics",
            "ACME Retail",
            "Acmé Bank",
            "50% Off",
            "50x Off",
            "a_b Conseil",
            "axb Conseil",
            "Échange SA",
        )
    }
    ids["Acme Old"] = save(db, Account, None, {"name": "Acme Old", "archived": True})
    return ids


def refs(names: dict[str, int], *wanted: str) -> list[AccountRef]:
    return [AccountRef(id=names[name], name=name) for name in wanted]


def test_an_exact_name_wins_over_the_names_it_starts(db, names) -> None:
    assert find_accounts(db, "acme") == refs(names, "Acme")
    assert find_accounts(db, " ACME ") == refs(names, "Acme")
    assert find_accounts(db, "acme logistics") == refs(names, "Acme Logistics")


def test_a_prefix_lists_live_names_in_order(db, names) -> None:
    assert find_accounts(db, "ac") == refs(
        names, "Acme", "Acme Logistics", "ACME Retail", "Acmé Bank"
    )
    assert find_accounts(db, "ac", limit=2) == refs(names, "Acme", "Acme Logistics")
    assert find_accounts(db, "acme o") == []
    assert find_accounts(db, "échange") == refs(names, "Échange SA")
    assert find_accounts(db, "ÉCH") == refs(names, "Échange SA")
    assert find_accounts(db, "zzz") == []


def test_wildcards_in_a_lookup_mean_themselves(db, names) -> None:
    assert find_accounts(db, "50%") == refs(names, "50% Off")
    assert find_accounts(db, "a_b") == refs(names, "a_b Conseil")
    assert find_accounts(db, "%") == []
    assert find_accounts(db, "_") == []


def test_an_archived_client_is_not_found(db, names) -> None:
    assert find_accounts(db, "acme old") == []


@pytest.mark.parametrize(
    ("prefix", "end"),
    [
        ("ab", "ac"),
        ("a\U0010ffff", "b"),
        ("\ud7ff", "\ue000"),
        ("\U0010ffff", None),
        ("", None),
    ],
)
def test_a_prefix_range_ends_after_every_name_it_starts(prefix, end) -> None:
    assert _prefix_end(prefix) == end


def test_a_contact_is_found_exactly_then_by_unambiguous_prefix(db, small_book) -> None:
    acme = small_book["Acme Logistics"]
    add_contacts(db, acme, "Claire", "Paul Durand", "Pauline Roy")
    add_contacts(db, small_book["Borealis Foods"], "Zoë Other")
    found = {
        name: find_contact(db, acme, name)
        for name in ("claire", "CLAIRE M", "paul durand", "pauline", "zoë", " ")
    }

    with db.read() as session:
        ids = {c.name: c.id for c in session.query(Contact).filter_by(account_id=acme)}
    assert found == {
        "claire": ids["Claire"],
        "CLAIRE M": ids["Claire Martin"],
        "paul durand": ids["Paul Durand"],
        "pauline": ids["Pauline Roy"],
        "zoë": None,
        " ": None,
    }
    with pytest.raises(AmtuiError) as error:
        find_contact(db, acme, "paul")
    assert (
        str(error.value) == "'paul' could be several contacts: Paul Durand, Pauline Roy"
    )


# --- agenda and history -----------------------------------------------------------


def test_due_agenda_is_overdue_first_and_untimed_first(db, small_book) -> None:
    acme = small_book["Acme Logistics"]
    for title, due_on, due_time in [
        ("today 10:00", TODAY, time(10)),
        ("today untimed", TODAY, None),
        ("today 08:00", TODAY, time(8)),
        ("long overdue", TODAY - timedelta(days=9), time(18)),
    ]:
        save(
            db,
            AgendaItem,
            None,
            {
                "account_id": acme,
                "title": title,
                "due_on": due_on,
                "due_time": due_time,
            },
        )
    done = save(db, AgendaItem, None, {"title": "done", "due_on": TODAY})
    set_agenda_done(db, done, True, NOW)

    rows = due_agenda(db, TODAY)

    assert [row.title for row in rows] == [
        "long overdue",
        "Send QBR deck",
        "Call back Borealis",  # untimed items by id
        "today untimed",
        "today 08:00",
        "today 10:00",
    ]
    assert rows[0].account_name == "Acme Logistics"
    assert [row.title for row in due_agenda(db, TODAY, limit=2)] == [
        "long overdue",
        "Send QBR deck",
    ]
    assert len(due_agenda(db, TODAY + timedelta(days=30))) == 8


def test_handoff_history_is_oldest_first(db, small_book) -> None:
    handoff_id = save_handoff(
        db,
        None,
        {"account_id": small_book["Acme Logistics"], "title": "H", "status": "blocked"},
        [DeliverableDraft(None, "d", None, False)],
        NOW,
    )
    advance_handoff(db, handoff_id, NOW)  # same instant: the id breaks the tie

    assert handoff_history(db, handoff_id) == [
        (None, HandoffStatus.BLOCKED, NOW),
        (HandoffStatus.BLOCKED, HandoffStatus.DRAFT, NOW),
    ]
    assert handoff_history(db, 999) == []
