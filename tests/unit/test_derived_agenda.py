"""Derived agenda entries: birthdays, cadences and deadlines worked out from the book on
known dates, and merged with the stored items in one keyset-paged list."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest

from amtui.domain.contact import ContactHealth, contact_health, days_since
from amtui.store import Database
from amtui.store import editing as store
from amtui.store.derived import agenda_rank, derived_agenda
from amtui.store.models import (
    AgendaItem,
    Contact,
    Deliverable,
    Handoff,
    Interaction,
)
from amtui.store.paging import MergedPager
from amtui.store.queries import Agenda, agenda_pager, agenda_until, client_pager
from amtui.store.review import cadence_lapses
from amtui.store.rows import AgendaRow, DerivedKind
from amtui.vocabulary import AccountStatus, AgendaKind, HandoffStatus, InteractionKind
from conftest import add_account, days_ago

TODAY = date(2026, 11, 23)  # a Monday
WEEK_END = TODAY + timedelta(days=6)
LONG_AGO = days_ago(400, today=TODAY)


def account(db: Database, name: str, **fields: Any) -> int:
    """A client created long ago that was contacted yesterday: no cadence entry."""
    account_id = add_account(db, name, created_at=LONG_AGO, **fields)
    contact(db, account_id, at=days_ago(1, today=TODAY))
    return account_id


def contact(db: Database, account_id: int, at: datetime, **fields: Any) -> None:
    with db.write() as session:
        session.add(
            Interaction(
                account_id=account_id,
                occurred_at=at,
                kind=fields.pop("kind", InteractionKind.CALL),
                summary="Touching base",
                **fields,
            )
        )


def person(db: Database, account_id: int, name: str, born: tuple[int, int]) -> int:
    with db.write() as session:
        added = Contact(
            account_id=account_id,
            name=name,
            birthday_month=born[0],
            birthday_day=born[1],
        )
        session.add(added)
        session.flush()
        return added.id


def entries(
    db: Database, kind: DerivedKind, today: date = TODAY, until: date = WEEK_END
) -> list[tuple[date, str]]:
    rows = derived_agenda(db, today, until)
    return sorted((row.due_on, row.title) for row in rows if row.derived is kind)


# -- birthdays -------------------------------------------------------------------------


def test_birthdays_from_today_to_the_horizon_across_a_year_end(db: Database) -> None:
    acme = account(db, "Acme")
    for name, born in [
        ("Past", (12, 28)),
        ("Today", (12, 29)),
        ("New Year", (1, 1)),
        ("Last day", (1, 4)),
        ("Too far", (1, 5)),
    ]:
        person(db, acme, name, born)
    today = date(2026, 12, 29)
    assert entries(db, DerivedKind.BIRTHDAY, today, today + timedelta(days=6)) == [
        (date(2026, 12, 29), "Birthday: Today · Acme"),
        (date(2027, 1, 1), "Birthday: New Year · Acme"),
        (date(2027, 1, 4), "Birthday: Last day · Acme"),
    ]


@pytest.mark.parametrize(
    ("today", "leap_day"),
    [(date(2027, 2, 25), date(2027, 2, 28)), (date(2028, 2, 25), date(2028, 2, 29))],
)
def test_a_29_february_birthday_falls_on_the_28th_in_a_common_year(
    db: Database, today: date, leap_day: date
) -> None:
    acme = account(db, "Acme")
    person(db, acme, "Leap", (2, 29))
    person(db, acme, "Eve", (2, 28))
    person(db, acme, "March", (3, 1))
    found = entries(db, DerivedKind.BIRTHDAY, today, today + timedelta(days=6))
    assert found == sorted(
        [
            (date(today.year, 2, 28), "Birthday: Eve · Acme"),
            (leap_day, "Birthday: Leap · Acme"),
            (date(today.year, 3, 1), "Birthday: March · Acme"),
        ]
    )


def test_a_birthday_names_the_role_and_the_client(db: Database) -> None:
    acme = account(db, "Acme")
    with db.write() as session:
        session.add(
            Contact(
                account_id=acme,
                name="Claire Martin",
                role="CFO",
                birthday_month=11,
                birthday_day=25,
            )
        )
    [row] = derived_agenda(db, TODAY, WEEK_END)
    assert row.title == "Birthday: Claire Martin (CFO) · Acme"
    assert (row.derived, row.account_id, row.account_name) == (
        DerivedKind.BIRTHDAY,
        acme,
        "Acme",
    )
    assert row.id < 0 and row.kind is AgendaKind.OTHER


@pytest.mark.parametrize(
    ("days_before", "kind", "shown"),
    [
        (0, InteractionKind.GIFT, False),  # on the day
        (14, InteractionKind.GIFT, False),
        (15, InteractionKind.GIFT, True),  # too early to count
        (3, InteractionKind.CALL, True),  # a call is no gift
    ],
)
def test_a_gift_in_the_14_days_up_to_the_birthday_covers_it(
    db: Database, days_before: int, kind: InteractionKind, shown: bool
) -> None:
    acme = account(db, "Acme")
    birthday = TODAY + timedelta(days=2)
    claire = person(db, acme, "Claire", (birthday.month, birthday.day))
    person(db, acme, "Paul", (birthday.month, birthday.day))
    contact(
        db,
        acme,
        days_ago(-2 + days_before, today=TODAY),
        kind=kind,
        contact_id=claire,
    )
    expected = ["Birthday: Paul · Acme"]
    if shown:
        expected.insert(0, "Birthday: Claire · Acme")
    assert [title for _, title in entries(db, DerivedKind.BIRTHDAY)] == expected


def test_logging_birthday_wishes_settles_the_entry(db: Database) -> None:
    acme = account(db, "Acme")
    claire = person(db, acme, "Claire", (11, 25))
    interaction_id = store.log_birthday_wishes(db, claire, days_ago(0, today=TODAY))
    assert entries(db, DerivedKind.BIRTHDAY) == []
    with db.read() as session:
        logged = session.get(Interaction, interaction_id)
        assert logged is not None
        assert (logged.kind, logged.contact_id, logged.account_id, logged.summary) == (
            InteractionKind.GIFT,
            claire,
            acme,
            "Birthday wishes to Claire",
        )


def test_archived_clients_are_out_and_churned_ones_keep_their_birthdays(
    db: Database,
) -> None:
    gone = account(db, "Gone", archived=True)
    churned = account(db, "Churned", status=AccountStatus.CHURNED)
    person(db, gone, "Ghost", (11, 24))
    person(db, churned, "Friend", (11, 24))
    assert entries(db, DerivedKind.BIRTHDAY) == [
        (date(2026, 11, 24), "Birthday: Friend · Churned")
    ]


# -- cadence ---------------------------------------------------------------------------


def test_a_cadence_is_due_the_day_it_is_reached_and_overdue_after(db: Database) -> None:
    for name, last in [("Today", 10), ("Yesterday", 11), ("Not yet", 9)]:
        account_id = add_account(db, name, created_at=LONG_AGO, cadence_days=10)
        contact(db, account_id, days_ago(last, today=TODAY))
    add_account(db, "Quiet", created_at=days_ago(40, today=TODAY), cadence_days=30)
    add_account(db, "New", created_at=days_ago(5, today=TODAY), cadence_days=30)
    assert entries(db, DerivedKind.CADENCE) == [
        (TODAY - timedelta(days=10), "Cadence: Quiet · never contacted"),
        (TODAY - timedelta(days=1), "Cadence: Yesterday · 11 days since last contact"),
        (TODAY, "Cadence: Today · 10 days since last contact"),
    ]


def test_logging_an_interaction_settles_a_cadence(db: Database) -> None:
    acme = add_account(db, "Acme", created_at=LONG_AGO, cadence_days=10)
    contact(db, acme, days_ago(30, today=TODAY))
    assert len(entries(db, DerivedKind.CADENCE)) == 1
    contact(db, acme, days_ago(0, today=TODAY))
    assert entries(db, DerivedKind.CADENCE) == []


def test_archived_and_churned_clients_have_no_cadence(db: Database) -> None:
    add_account(db, "Gone", created_at=LONG_AGO, archived=True)
    add_account(db, "Lost", created_at=LONG_AGO, status=AccountStatus.CHURNED)
    assert entries(db, DerivedKind.CADENCE) == []


def test_cadences_agree_with_the_review_and_the_clients_amber_days(
    db: Database,
) -> None:
    for index, (cadence, last) in enumerate(
        [(7, 6), (7, 7), (7, 14), (30, 29), (30, 31), (14, 100), (90, 45)]
    ):
        account_id = add_account(
            db, f"Client {index}", created_at=LONG_AGO, cadence_days=cadence
        )
        contact(db, account_id, days_ago(last, today=TODAY, hour=index + 8))
    derived = {
        row.source_id: row
        for row in derived_agenda(db, TODAY, WEEK_END)
        if row.derived is DerivedKind.CADENCE
    }
    with db.read() as session:
        lapses = {lapse.account_id for lapse in cadence_lapses(session, TODAY)}
    amber = {
        row.id
        for row in client_pager(db).first(100)
        if contact_health(days_since(row.last_contact_at, TODAY), row.cadence_days)
        is not ContactHealth.OK
    }
    assert set(derived) == lapses == amber == {2, 3, 5, 6}
    for row in derived.values():
        assert row.account_id == row.source_id


# -- deadlines -------------------------------------------------------------------------


def handoff(db: Database, account_id: int, title: str, **fields: Any) -> int:
    with db.write() as session:
        added = Handoff(account_id=account_id, title=title, **fields)
        session.add(added)
        session.flush()
        return added.id


def deliverable(db: Database, handoff_id: int, title: str, **fields: Any) -> int:
    with db.write() as session:
        added = Deliverable(handoff_id=handoff_id, title=title, **fields)
        session.add(added)
        session.flush()
        return added.id


def test_handoff_deadlines_of_unfinished_handoffs_up_to_the_horizon(
    db: Database,
) -> None:
    acme = account(db, "Acme")
    gone = account(db, "Gone", archived=True)
    for title, status, due in [
        ("Late", HandoffStatus.IN_PROGRESS, -3),
        ("Blocked", HandoffStatus.BLOCKED, 2),
        ("Sunday", HandoffStatus.DRAFT, 6),
        ("Next week", HandoffStatus.ACCEPTED, 7),
        ("Delivered", HandoffStatus.DELIVERED, 1),
        ("Closed", HandoffStatus.CLOSED, 1),
    ]:
        handoff(db, acme, title, status=status, due_on=TODAY + timedelta(days=due))
    handoff(db, acme, "Undated", status=HandoffStatus.IN_PROGRESS)
    handoff(db, gone, "Archived", due_on=TODAY)
    assert entries(db, DerivedKind.HANDOFF) == [
        (TODAY - timedelta(days=3), "Handoff due: Late · Acme"),
        (TODAY + timedelta(days=2), "Handoff due: Blocked · Acme"),
        (TODAY + timedelta(days=6), "Handoff due: Sunday · Acme"),
    ]


def test_deliverable_deadlines_and_their_done_toggle(db: Database) -> None:
    acme = account(db, "Acme")
    rollout = handoff(db, acme, "Rollout", status=HandoffStatus.IN_PROGRESS)
    shipped = handoff(db, acme, "Shipped", status=HandoffStatus.DELIVERED)
    spec = deliverable(db, rollout, "Spec", due_on=TODAY - timedelta(days=1))
    deliverable(db, rollout, "Pilot", due_on=TODAY + timedelta(days=3))
    deliverable(db, rollout, "Done", due_on=TODAY, done=True)
    deliverable(db, rollout, "Later", due_on=TODAY + timedelta(days=8))
    deliverable(db, rollout, "Undated")
    deliverable(db, shipped, "Shipped part", due_on=TODAY)
    assert entries(db, DerivedKind.DELIVERABLE) == [
        (TODAY - timedelta(days=1), "Deliverable due: Spec (Rollout) · Acme"),
        (TODAY + timedelta(days=3), "Deliverable due: Pilot (Rollout) · Acme"),
    ]
    [row] = [r for r in derived_agenda(db, TODAY, WEEK_END) if r.source_id == spec]
    assert (row.handoff_id, row.account_id, row.kind) == (
        rollout,
        acme,
        AgendaKind.DEADLINE,
    )
    store.set_deliverable_done(db, spec, True)
    assert len(entries(db, DerivedKind.DELIVERABLE)) == 1
    store.set_deliverable_done(db, spec, False)
    assert len(entries(db, DerivedKind.DELIVERABLE)) == 2


def test_derived_ids_are_negative_and_unique_across_kinds(db: Database) -> None:
    """Contact 1, account 1, handoff 1 and deliverable 1 each give an entry."""
    acme = add_account(db, "Acme", created_at=LONG_AGO)
    person(db, acme, "Claire", (11, 24))
    rollout = handoff(db, acme, "Rollout", due_on=TODAY)
    deliverable(db, rollout, "Spec", due_on=TODAY)
    rows = derived_agenda(db, TODAY, WEEK_END)
    assert {row.source_id for row in rows} == {1}
    assert {row.derived for row in rows} == set(DerivedKind)
    assert len({row.id for row in rows}) == 4 and all(row.id < 0 for row in rows)


# -- merged with the stored items --------------------------------------------------------


def stored_items(db: Database, days: list[int]) -> None:
    with db.write() as session:
        session.add_all(
            AgendaItem(due_on=TODAY + timedelta(days=day), title=f"item {n}")
            for n, day in enumerate(days)
        )


def derived_row(row_id: int, day: int, kind: DerivedKind) -> AgendaRow:
    return AgendaRow(
        id=-row_id,
        due_on=TODAY + timedelta(days=day),
        due_time=None,
        title=f"{kind.value} {row_id}",
        kind=AgendaKind.OTHER,
        account_name=None,
        derived=kind,
        source_id=row_id,
    )


@pytest.fixture
def merged(db: Database) -> MergedPager[AgendaRow]:
    """23 stored items and 17 derived entries, sharing some days and not others."""
    stored_items(db, [-5, -5, -2, 0, 0, 0, 1, 3, 3, 4, *[6] * 13])
    kinds = list(DerivedKind)
    extra = [
        derived_row(n, day, kinds[n % 4])
        for n, day in enumerate([-9, -5, -5, -5, -1, 0, 0, 2, 2, 3, 6, 6, 6, 6], 1)
    ] + [derived_row(n, 6, DerivedKind.BIRTHDAY) for n in (20, 21, 22)]
    return MergedPager(agenda_pager(db, WEEK_END), lambda: extra, agenda_rank)


def expected_order(pager: MergedPager[AgendaRow]) -> list[AgendaRow]:
    everything = pager.stored.first(1000) + list(pager.extra)
    return sorted(everything, key=lambda row: (row.due_on, agenda_rank(row), row.id))


def test_the_merged_order_is_day_then_stored_first_then_kind_then_id(
    merged: MergedPager[AgendaRow],
) -> None:
    everything = merged.first(1000)
    assert everything == expected_order(merged)
    assert merged.count() == len(everything) == 40

    def day(offset: int) -> list[str]:
        return [r.title for r in everything if r.due_on == TODAY + timedelta(offset)]

    assert day(-5) == ["item 0", "item 1", "birthday 4", "handoff 2", "deliverable 3"]
    assert day(0) == ["item 3", "item 4", "item 5", "handoff 6", "deliverable 7"]
    assert day(6)[13:] == [
        "birthday 22",
        "birthday 21",
        "birthday 20",
        "birthday 12",
        "cadence 13",
        "handoff 14",
        "deliverable 11",
    ]


@pytest.mark.parametrize("page", [1, 2, 3, 7, 39, 40, 1000])
def test_merged_walks_in_both_directions_give_the_whole_list(
    merged: MergedPager[AgendaRow], page: int
) -> None:
    everything = expected_order(merged)
    rows = merged.first(page)
    while more := merged.after(merged.key_of(rows[-1]), page):
        rows += more
    assert rows == everything
    rows = merged.last(page)
    while more := merged.before(merged.key_of(rows[0]), page):
        rows = more + rows
    assert rows == everything


@pytest.mark.parametrize("page", [1, 3, 7, 50])
def test_merged_offsets_and_positions_agree_with_the_order(
    merged: MergedPager[AgendaRow], page: int
) -> None:
    everything = expected_order(merged)
    for index, row in enumerate(everything):
        assert merged.at(index, page) == everything[index : index + page]
        assert merged.position(merged.key_of(row)) == index
        assert merged.key_of_id(row.id) == merged.key_of(row)
    assert merged.at(len(everything), page) == []
    assert merged.key_of_id(10_000) is None


def test_a_merge_with_nothing_on_one_side(db: Database) -> None:
    stored_items(db, [0, 1, 2])
    only_stored = MergedPager(agenda_pager(db, WEEK_END), lambda: [], agenda_rank)
    assert [row.title for row in only_stored.last(2)] == ["item 1", "item 2"]
    extra = [derived_row(n, n, DerivedKind.CADENCE) for n in (1, 2, 3)]
    only_derived = MergedPager(
        agenda_pager(db, TODAY - timedelta(days=1)), lambda: extra, agenda_rank
    )
    assert only_derived.count() == 3
    assert only_derived.at(1, 5) == extra[1:]
    assert only_derived.before(only_derived.key_of(extra[2]), 1) == [extra[1]]


def test_the_agenda_filters_derived_titles_and_counts_them(db: Database) -> None:
    acme = account(db, "Acme")
    person(db, acme, "Claire", (11, 23))
    person(db, acme, "Paul", (11, 25))
    stored_items(db, [-1, 0, 2])
    agenda = Agenda(db, TODAY, WEEK_END)
    assert agenda.pager().count() == 3  # the stored items, until the entries are read
    agenda.derived = agenda.read_derived()
    assert [row.title for row in agenda.pager("CLAIRE").first(10)] == [
        "Birthday: Claire · Acme"
    ]
    assert [row.title for row in agenda.pager("item 2").first(10)] == ["item 2"]
    assert agenda.pager().count() == 5
    counts = agenda.counts()
    assert (counts.overdue, counts.today, counts.upcoming) == (1, 2, 2)
    claire = next(row for row in agenda.derived if "Claire" in row.title)
    counts = agenda.counts(excluding={claire.id})
    assert (counts.overdue, counts.today, counts.upcoming) == (1, 1, 2)


def test_the_command_lines_agenda_puts_each_days_derived_entries_last(
    db: Database,
) -> None:
    acme = add_account(db, "Acme", created_at=LONG_AGO, cadence_days=10)
    contact(db, acme, days_ago(10, today=TODAY))
    person(db, acme, "Claire", (11, 23))
    stored_items(db, [0, -1])
    rows = agenda_until(db, TODAY, WEEK_END)
    assert [(row.due_on, row.title) for row in rows] == [
        (TODAY - timedelta(days=1), "item 1"),
        (TODAY, "item 0"),
        (TODAY, "Birthday: Claire · Acme"),
        (TODAY, "Cadence: Acme · 10 days since last contact"),
    ]
