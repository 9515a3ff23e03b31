"""The global search (`ctrl+f`): clients by name, contacts and interactions by the
words they start with, on a real book; typed text is never FTS5 syntax, and every
query stops early."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from amtui.store import Database
from amtui.store import search as search_module
from amtui.store.editing import (
    archive_account,
    delete,
    log_interaction,
    save,
    update_interaction,
)
from amtui.store.models import Account, Contact, Interaction
from amtui.store.rows import SearchGroup, SearchKind, SearchResults
from amtui.store.search import phrase, prefix_query, search_book
from amtui.vocabulary import AccountStatus, InteractionKind
from conftest import add_account, days_ago, statements

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)


def add_contact(db: Database, account_id: int, name: str, **fields: object) -> int:
    return save(db, Contact, None, {"account_id": account_id, "name": name, **fields})


def log(
    db: Database,
    account_id: int,
    summary: str,
    details: str | None = None,
    *,
    days: int = 1,
    kind: InteractionKind = InteractionKind.CALL,
) -> int:
    return log_interaction(
        db,
        {
            "account_id": account_id,
            "occurred_at": days_ago(days),
            "kind": kind,
            "summary": summary,
            "details": details,
        },
    )


def titles(group: SearchGroup) -> list[str]:
    return [hit.title for hit in group.hits]


@pytest.fixture
def book(db: Database) -> dict[str, int]:
    """Three clients (one archived) with contacts and a log; returns their ids."""
    ids = {
        "acme": add_account(db, "Acme Logistics", status=AccountStatus.ACTIVE),
        "echanges": add_account(db, "Échanges & Cie"),
        "strasse": add_account(db, "Straße 100%"),
        "old": add_account(db, "Acme Old Branch"),
    }
    archive_account(db, ids["old"], NOW)
    acme, echanges = ids["acme"], ids["echanges"]
    ids["jean"] = add_contact(
        db, acme, "Jean Dupont", role="CFO", email="jean.dupont@acme.example"
    )
    ids["jeanne"] = add_contact(db, echanges, "Jeanne Duval", role="Buyer")
    ids["sebastien"] = add_contact(
        db, echanges, "Sébastien García", phone="+33 1 23 45 67 89"
    )
    ids["renewal"] = log(db, acme, "Renewal call with the CFO", days=12)
    ids["migration"] = log(
        db,
        echanges,
        "Kick-off meeting",
        "Main concern is the migration timeline.",
        days=30,
        kind=InteractionKind.MEETING,
    )
    ids["pricing"] = log(db, acme, "Sent the [bold]pricing[/] deck", days=40)
    return ids


# --- what matches ---------------------------------------------------------------------


def test_blank_text_asks_nothing_of_the_book(db: Database, book) -> None:
    with statements(db) as sent:
        for typed in ("", "   ", "\t\n"):
            results = search_book(db, typed)
            assert results == SearchResults(typed)
            assert not results.found
    assert sent == []


def test_clients_match_a_substring_of_their_name_ignoring_case(
    db: Database, book
) -> None:
    assert titles(search_book(db, "ME LOG").clients) == ["Acme Logistics"]
    assert titles(search_book(db, "échan").clients) == ["Échanges & Cie"]
    assert titles(search_book(db, "STRASSE").clients) == ["Straße 100%"]  # ß is ss
    assert titles(search_book(db, "100%").clients) == ["Straße 100%"]  # no wildcard
    assert titles(search_book(db, "e 1").clients) == ["Straße 100%"]  # across words
    assert titles(search_book(db, "ng").clients) == ["Échanges & Cie"]  # short: scan


def test_archived_clients_are_found_after_the_others_and_flagged(
    db: Database, book
) -> None:
    group = search_book(db, "acme").clients
    assert [(hit.title, hit.archived) for hit in group.hits] == [
        ("Acme Logistics", False),
        ("Acme Old Branch", True),
    ]
    assert group.count == 2 and not group.capped
    live = group.hits[0]
    assert (live.kind, live.id, live.account_id) == (
        SearchKind.CLIENT,
        book["acme"],
        book["acme"],
    )
    assert (live.account_name, live.detail) == ("Acme Logistics", "active")


def test_contacts_match_every_word_as_a_prefix_of_name_role_or_email(
    db: Database, book
) -> None:
    assert titles(search_book(db, "jea dup").contacts) == ["Jean Dupont · CFO"]
    assert titles(search_book(db, "dup jea").contacts) == ["Jean Dupont · CFO"]
    assert titles(search_book(db, "jea").contacts) == [  # the last added first
        "Jeanne Duval · Buyer",
        "Jean Dupont · CFO",
    ]
    assert titles(search_book(db, "cfo").contacts) == ["Jean Dupont · CFO"]
    assert titles(search_book(db, "acme.exa").contacts) == ["Jean Dupont · CFO"]
    assert titles(search_book(db, "jea zzz").contacts) == []
    assert titles(search_book(db, "ean").contacts) == []  # word starts only

    [jean] = search_book(db, "jean dupont").contacts.hits
    assert (jean.kind, jean.id, jean.account_id, jean.account_name) == (
        SearchKind.CONTACT,
        book["jean"],
        book["acme"],
        "Acme Logistics",
    )
    assert jean.detail == "jean.dupont@acme.example"
    [sebastien] = search_book(db, "sébastien").contacts.hits
    assert sebastien.title == "Sébastien García"  # no role: the name alone
    assert sebastien.detail == "+33 1 23 45 67 89"  # no e-mail: the phone


@pytest.mark.parametrize(
    "typed", ["sebastien garcia", "SÉBASTIEN GARCÍA", "Se\u0301bas", "GARC"]
)
def test_accents_and_case_are_ignored_in_contacts(
    db: Database, book, typed: str
) -> None:
    assert titles(search_book(db, typed).contacts) == ["Sébastien García"]


def test_interactions_match_summary_or_details_the_newest_first(
    db: Database, book
) -> None:
    assert titles(search_book(db, "migr").interactions) == ["Kick-off meeting"]
    assert titles(search_book(db, "kick migr").interactions) == ["Kick-off meeting"]
    assert titles(search_book(db, "the").interactions) == [  # logged in another order
        "Renewal call with the CFO",
        "Kick-off meeting",
        "Sent the [bold]pricing[/] deck",
    ]
    [meeting] = search_book(db, "TIMELINE").interactions.hits
    assert (meeting.kind, meeting.id, meeting.account_id, meeting.account_name) == (
        SearchKind.INTERACTION,
        book["migration"],
        book["echanges"],
        "Échanges & Cie",
    )
    assert (meeting.detail, meeting.when) == ("meeting", days_ago(30))


def test_one_text_finds_every_kind(db: Database, book) -> None:
    results = search_book(db, "acme")
    assert titles(results.clients) == ["Acme Logistics", "Acme Old Branch"]
    assert titles(results.contacts) == ["Jean Dupont · CFO"]  # by its e-mail
    assert titles(results.interactions) == []
    assert results.found


# --- what the user types is text --------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        '"',
        '""',
        "*",
        "**",
        "-",
        "(",
        ")",
        "^",
        ":",
        "+",
        "_",
        "'",
        "[/]",
        '"unterminated',
        "NEAR(",
        "NEAR(a b",
        "a OR",
        "OR",
        "AND",
        "NOT",
        "-x",
        "x:y",
        "summary:kick",
        "{summary}: kick",
        "kick*",
        "^kick",
        "'; DROP TABLE account; --",
        "%_%",
        "\x00\x1b[2J",
    ],
)
def test_hostile_text_never_raises(db: Database, book, typed: str) -> None:
    results = search_book(db, typed)
    assert isinstance(results, SearchResults)


@pytest.mark.parametrize("typed", ['"', "*", "**", "-", "( )", "^", ":"])
def test_text_without_a_word_finds_nothing(db: Database, book, typed: str) -> None:
    assert prefix_query(typed) is None
    assert not search_book(db, typed).found


def test_operators_and_quotes_are_words(db: Database, book) -> None:
    log(db, book["acme"], 'Said "or not" near the NEAR(term) -x and stuff')
    assert titles(search_book(db, "kick OR renewal").interactions) == []
    assert titles(search_book(db, "NEAR(").interactions) == [
        'Said "or not" near the NEAR(term) -x and stuff'
    ]
    assert titles(search_book(db, '"or not"').interactions) == [
        'Said "or not" near the NEAR(term) -x and stuff'
    ]
    assert titles(search_book(db, "-x").interactions) == [
        'Said "or not" near the NEAR(term) -x and stuff'
    ]
    assert titles(search_book(db, "summary:kick").interactions) == []  # no column
    assert titles(search_book(db, "[bold]").interactions) == [
        "Sent the [bold]pricing[/] deck"
    ]


def test_phrase_leaves_out_nul_which_would_end_the_query(db: Database, book) -> None:
    assert phrase("a\x00b") == '"ab"'
    assert not search_book(db, "acme\x00").interactions.hits


def test_prefix_query_quotes_every_word() -> None:
    assert prefix_query("jea dup") == '"jea"* "dup"*'
    assert prefix_query("jean.dup") == '"jean dup"*'  # split as the index splits it
    assert prefix_query('a "b" OR c*') == '"a"* "b"* "OR"* "c"*'
    assert prefix_query("NEAR(x y)") == '"NEAR x"* "y"*'
    assert prefix_query("the the THE") == '"the"* "THE"*'
    assert prefix_query(" ".join(f"w{n}" for n in range(20))) == " ".join(
        f'"w{n}"*' for n in range(search_module.MAX_WORDS)
    )


def test_ten_kilobytes_of_text_is_quick_and_finds_nothing(db: Database, book) -> None:
    for typed in ("x" * 10_000, "lorem ipsum dolor " * 560, '"(*' * 3400):
        started = time.perf_counter()
        results = search_book(db, typed)
        assert time.perf_counter() - started < 1
        assert not results.found


def test_a_long_text_still_finds_the_record_it_comes_from(db: Database, book) -> None:
    details = "word " * 50 + "needle"
    log(db, book["acme"], "Long note", details)
    assert titles(search_book(db, "word needle").interactions) == ["Long note"]


# --- caps and counts ------------------------------------------------------------------


def test_each_kind_shows_its_first_hits_and_counts_them_all(db: Database) -> None:
    for number in range(25):
        account = add_account(db, f"Client {number:02}")
        add_contact(db, account, f"Nina {number:02}")
        log(db, account, f"Note {number:02}")
    results = search_book(db, "n")
    assert [(g.count, g.capped, len(g.hits)) for g in results.groups] == [
        (25, False, 20),
        (25, False, 20),
        (25, False, 25),
    ]
    assert titles(results.clients)[:2] == ["Client 00", "Client 01"]
    assert titles(results.interactions)[:2] == ["Note 24", "Note 23"]
    limited = search_book(
        db,
        "n",
        {SearchKind.CLIENT: 2, SearchKind.CONTACT: 1, SearchKind.INTERACTION: 3},
    )
    assert [len(group.hits) for group in limited.groups] == [2, 1, 3]
    assert [group.count for group in limited.groups] == [25, 25, 25]


def test_counts_stop_at_the_cap(db: Database, monkeypatch) -> None:
    monkeypatch.setattr(search_module, "COUNT_CAP", 10)
    archived = add_account(db, "Zone archived")
    archive_account(db, archived, NOW)
    for number in range(12):
        account = add_account(db, f"Zone {number:02}")
        add_contact(db, account, f"Zonda {number:02}")
        log(db, account, f"Zoning call {number:02}")
    exactly = search_book(db, "zone 0")
    assert (exactly.clients.count, exactly.clients.capped) == (10, False)
    results = search_book(db, "zon")  # more than the cap: the names walked in order
    assert [(g.count, g.capped) for g in results.groups] == [(10, True)] * 2 + [
        (10, True)
    ]
    assert titles(results.clients) == [f"Zone {n:02}" for n in range(12)] + [
        "Zone archived"
    ]
    assert results.clients.hits[-1].archived
    assert titles(results.interactions)[0] == "Zoning call 11"


def test_past_the_cap_interactions_come_last_logged_first(
    db: Database, book, monkeypatch
) -> None:
    monkeypatch.setattr(search_module, "COUNT_CAP", 2)  # "the" matches three
    results = search_book(db, "the").interactions
    assert (results.count, results.capped) == (2, True)
    assert titles(results) == [
        "Sent the [bold]pricing[/] deck",  # logged last, 40 days ago
        "Kick-off meeting",
        "Renewal call with the CFO",
    ]


def test_a_capped_count_reads_no_more_than_the_cap(db: Database) -> None:
    account = add_account(db, "Acme")
    with db.write() as session:
        session.add_all(
            Interaction(
                account_id=account,
                occurred_at=days_ago(1),
                kind=InteractionKind.NOTE,
                summary=f"Weekly note {number}",
            )
            for number in range(1_100)
        )
    group = search_book(db, "week").interactions
    assert (group.count, group.capped, len(group.hits)) == (1_000, True, 30)
    assert group.hits[0].title == "Weekly note 1099"


# --- the indexes follow every write ------------------------------------------------


def test_edited_and_deleted_records_are_found_as_they_are_now(
    db: Database, book
) -> None:
    update_interaction(db, book["renewal"], {"summary": "Upsell talk"})
    assert titles(search_book(db, "renewal").interactions) == []
    assert titles(search_book(db, "upsell").interactions) == ["Upsell talk"]

    delete(db, Interaction, book["migration"])
    assert titles(search_book(db, "migration").interactions) == []

    save(db, Contact, book["jean"], {"name": "John Doe", "email": None})
    assert titles(search_book(db, "jean").contacts) == ["Jeanne Duval · Buyer"]
    assert titles(search_book(db, "john").contacts) == ["John Doe · CFO"]
    delete(db, Contact, book["jeanne"])
    assert titles(search_book(db, "jea").contacts) == []

    save(db, Account, book["strasse"], {"name": "Initech"})
    assert titles(search_book(db, "strasse").clients) == []
    assert titles(search_book(db, "nitech").clients) == ["Initech"]


def test_hits_carry_the_client_as_it_is_now(db: Database, book) -> None:
    save(db, Account, book["acme"], {"name": "Acme Global"})
    archive_account(db, book["acme"], NOW)
    [jean] = search_book(db, "jean dupont").contacts.hits
    assert (jean.account_name, jean.archived) == ("Acme Global", True)


# --- query plans ----------------------------------------------------------------------

BIG_TABLES = ("account", "contact", "interaction")
# Short texts have no trigram: they are looked for in the names, walked in order, and
# the walk stops at the first page (or at the cap, for the count). Many matches walk
# the names in order too.
NAME_WALKS = (
    "SCAN account USING INDEX ix_account_list",
    "SCAN account USING COVERING INDEX ix_account_list",
)


def plans(db: Database, typed: str) -> list[tuple[str, list[str]]]:
    """Each statement the search of `typed` sends, with its query plan."""
    with statements(db) as sent:
        search_book(db, typed)
    assert sent
    with db.engine.connect() as connection:
        return [
            (
                statement,
                [
                    row[3]
                    for row in connection.exec_driver_sql(
                        f"EXPLAIN QUERY PLAN {statement}", params
                    )
                ],
            )
            for statement, params in sent
        ]


@pytest.mark.parametrize("typed", ["ac", "acme", "acme log", "jea dup", "the migr"])
@pytest.mark.parametrize("cap", [1000, 1], ids=["few", "many"])
def test_no_query_scans_a_big_table_or_sorts_more_than_the_cap(
    db: Database, book, monkeypatch, typed: str, cap: int
) -> None:
    monkeypatch.setattr(search_module, "COUNT_CAP", cap)  # 1: "acme" has too many
    results = search_book(db, typed)
    few_clients = not results.clients.capped
    few_interactions = not results.interactions.capped
    for statement, plan in plans(db, typed):
        client_page = "ORDER BY account.archived" in statement
        interaction_dates = "ORDER BY interaction.occurred_at DESC" in statement
        for step in plan:
            if "TEMP B-TREE" in step:  # only sorts of at most the cap
                assert (client_page and few_clients) or (
                    interaction_dates and few_interactions
                ), f"{step}\n  in {statement}"
            scanned = step.startswith("SCAN ") and step.split()[1] in BIG_TABLES
            assert not scanned or step.startswith(NAME_WALKS), (
                f"{step}\n  in {statement}"
            )


def test_many_clients_are_walked_in_name_order_not_sorted(
    db: Database, book, monkeypatch
) -> None:
    monkeypatch.setattr(search_module, "COUNT_CAP", 1)
    [plan] = [
        plan
        for statement, plan in plans(db, "acme")
        if "ORDER BY account.archived" in statement
    ]
    assert plan[0].startswith(NAME_WALKS), plan
    assert not any("TEMP B-TREE" in step for step in plan), plan


def test_interactions_come_from_the_index_in_its_own_order(db: Database, book) -> None:
    with statements(db) as sent:
        search_book(db, "the")
    [fts] = [s for s, _ in sent if "interaction_fts MATCH" in s]
    assert "ORDER BY interaction_fts.rowid DESC" in fts
    assert "LIMIT" in fts
