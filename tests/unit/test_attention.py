"""The clients the guided review walks, from a hand-made book whose every reason is
known, and the one-key actions on a client's overdue items.

Today is Thursday 24 December 2026: two weeks ahead reach Thursday 7 January 2027,
so birthdays cross the year end.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from amtui.domain.attention import (
    Attention,
    ContactBirthday,
    OverdueAgendaItem,
    describe,
)
from amtui.domain.periods import IsoWeek
from amtui.domain.review import CadenceLapse
from amtui.store import Database
from amtui.store import editing as store
from amtui.store.attention import clients_needing_attention
from amtui.store.models import (
    Account,
    AgendaItem,
    Contact,
    Deliverable,
    Handoff,
    Interaction,
)
from amtui.store.review import build_review
from amtui.vocabulary import (
    AccountStatus,
    AccountTier,
    AgendaKind,
    HandoffStatus,
    InteractionKind,
    Recurrence,
)

TODAY = date(2026, 12, 24)
NOW = datetime(2026, 12, 24, 9, 30, tzinfo=UTC)


def at(day: date) -> datetime:
    """The UTC instant of local noon on `day`."""
    return datetime(day.year, day.month, day.day, 12).astimezone().astimezone(UTC)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def build_book(db: Database) -> dict[str, int]:
    """Clients with every reason, and clients that must not be walked."""
    ids: dict[str, int] = {}
    with db.write() as session:

        def account(name: str, contacted: int | None, **fields: object) -> int:
            fields.setdefault("status", AccountStatus.ACTIVE)
            record = Account(name=name, created_at=at(ago(200)), **fields)
            session.add(record)
            session.flush()
            if contacted is not None:
                session.add(
                    Interaction(
                        account_id=record.id,
                        occurred_at=at(ago(contacted)),
                        kind=InteractionKind.CALL,
                        summary=f"Call {contacted} days ago",
                    )
                )
            ids[name] = record.id
            return record.id

        def item(account_id: int, title: str, due: date, **fields: object) -> None:
            session.add(
                AgendaItem(account_id=account_id, title=title, due_on=due, **fields)
            )

        def birthday(account_id: int, name: str, month: int, day: int) -> None:
            session.add(
                Contact(
                    account_id=account_id,
                    name=name,
                    birthday_month=month,
                    birthday_day=day,
                )
            )

        def handoff(
            account_id: int,
            title: str,
            status: HandoffStatus,
            due: date | None,
            done: list[bool],
        ) -> None:
            record = Handoff(
                account_id=account_id, title=title, status=status, due_on=due
            )
            session.add(record)
            session.flush()
            for number, is_done in enumerate(done, 1):
                session.add(
                    Deliverable(
                        handoff_id=record.id, title=f"Part {number}", done=is_done
                    )
                )

        lapsed = account("Lapsed Co", 43, tier=AccountTier.KEY)
        item(lapsed, "Send the deck", ago(1))
        birthday(lapsed, "Claire Martin", 12, 29)
        never = account("Never Co", None)
        session.get(Account, never).created_at = at(ago(70))
        overdue = account("Overdue Co", 1)
        item(overdue, "Send the proposal", ago(8), kind=AgendaKind.FOLLOW_UP)
        item(
            overdue,
            "Weekly pipeline call",
            ago(3),
            kind=AgendaKind.MEETING,
            recurrence=Recurrence.WEEKLY,
        )
        item(overdue, "Already done", ago(5), done_at=at(ago(4)))
        item(overdue, "Due today", TODAY)
        item(overdue, "Later", TODAY + timedelta(days=3))
        older = account("Older Overdue Co", 1)
        item(older, "Chase the invoice", ago(20), kind=AgendaKind.DEADLINE)
        risky = account("Handoff Co", 2)
        handoff(risky, "ERP rollout", HandoffStatus.BLOCKED, None, [])
        handoff(
            risky,
            "Data migration",
            HandoffStatus.IN_PROGRESS,
            TODAY + timedelta(days=5),
            [True, False, False],
        )
        handoff(
            risky,
            "Far project",
            HandoffStatus.IN_PROGRESS,
            TODAY + timedelta(days=30),
            [False],
        )
        handoff(risky, "Finished", HandoffStatus.DELIVERED, ago(1), [False])
        birthdays = account("Birthday Co", 2)
        birthday(birthdays, "Claire Martin", 1, 3)
        birthday(birthdays, "Bob Stone", 12, 24)
        birthday(birthdays, "Zoe Far", 1, 10)
        session.add(Contact(account_id=birthdays, name="No Birthday"))
        account("Quiet Co", 2)
        account("Tomorrow's Co", 2)
        item(ids["Tomorrow's Co"], "Not yet", TODAY + timedelta(days=1))
        archived = account("Archived Co", 100, archived=True)
        item(archived, "Forgotten", ago(9))
        churned = account("Churned Co", 100, status=AccountStatus.CHURNED)
        item(churned, "Forgotten too", ago(9))
        birthday(churned, "Old Friend", 12, 24)
        handoff(churned, "Stuck", HandoffStatus.BLOCKED, None, [])
    return ids


@pytest.fixture
def book(db: Database) -> dict[str, int]:
    return build_book(db)


@pytest.fixture
def found(db: Database, book: dict[str, int]) -> dict[str, Attention]:
    return {entry.name: entry for entry in clients_needing_attention(db, TODAY)}


def reasons(entry: Attention) -> list[str]:
    return [describe(reason, TODAY) for reason in entry.reasons]


def test_the_worst_come_first_and_the_calm_and_archived_not_at_all(
    db: Database, book: dict[str, int]
) -> None:
    assert [entry.name for entry in clients_needing_attention(db, TODAY)] == [
        "Never Co",  # 70 days for a 30-day cadence: 2.3 cadences
        "Lapsed Co",  # 43 days: 1.4 cadences
        "Older Overdue Co",  # overdue since 20 days
        "Churned Co",  # since 9 days, as the review lists it: never past cadence
        "Overdue Co",  # since 8 days
        "Handoff Co",
        "Birthday Co",
    ]


def test_past_cadence_says_how_long_against_the_cadence(
    found: dict[str, Attention],
) -> None:
    assert reasons(found["Never Co"]) == [
        "never contacted, added 70 days ago (cadence 30)"
    ]
    lapsed = found["Lapsed Co"]
    assert reasons(lapsed) == [
        "43 days since last contact (cadence 30)",
        'agenda item "Send the deck" overdue since Wed 23 Dec',
        "Claire Martin's birthday on Tue 29 Dec",
    ]
    assert (lapsed.status, lapsed.tier, lapsed.cadence_days) == (
        AccountStatus.ACTIVE,
        AccountTier.KEY,
        30,
    )


def test_overdue_items_are_open_and_due_before_today_the_oldest_first(
    found: dict[str, Attention],
) -> None:
    assert reasons(found["Overdue Co"]) == [
        'follow-up "Send the proposal" overdue since Wed 16 Dec',
        'meeting "Weekly pipeline call" overdue since Mon 21 Dec',
    ]
    assert reasons(found["Older Overdue Co"]) == [
        'deadline "Chase the invoice" overdue since Fri 4 Dec'
    ]
    assert "Tomorrow's Co" not in found and "Quiet Co" not in found


def test_a_follow_up_titled_as_one_is_not_called_a_follow_up_twice() -> None:
    item = OverdueAgendaItem(1, "Follow up: Renewal call", AgendaKind.FOLLOW_UP, ago(8))
    assert describe(item, TODAY) == '"Follow up: Renewal call" overdue since Wed 16 Dec'


def test_handoffs_at_risk_follow_the_reviews_rule(
    found: dict[str, Attention],
) -> None:
    assert reasons(found["Handoff Co"]) == [
        'handoff "Data migration" due in 5 d, 2 deliverable(s) open',
        'handoff "ERP rollout" blocked',
    ]


def test_birthdays_in_the_next_two_weeks_cross_the_year_end(
    found: dict[str, Attention],
) -> None:
    assert reasons(found["Birthday Co"]) == [
        "Bob Stone's birthday today",
        "Claire Martin's birthday on Sun 3 Jan 2027",
    ]


def test_29_february_is_remembered_on_the_28th_of_a_common_year(db: Database) -> None:
    with db.write() as session:
        record = Account(name="Leap Co", created_at=at(ago(1)))
        session.add(record)
        session.flush()
        session.add(
            Contact(
                account_id=record.id, name="Leap", birthday_month=2, birthday_day=29
            )
        )
    [entry] = clients_needing_attention(db, date(2027, 2, 20))
    assert entry.birthdays == (ContactBirthday("Leap", date(2027, 2, 28)),)


def test_the_lapses_are_the_reviews(db: Database, book: dict[str, int]) -> None:
    review = build_review(db, IsoWeek.of(TODAY), TODAY)
    walked = [e.lapse for e in clients_needing_attention(db, TODAY) if e.lapse]
    assert walked == list(review.lapses.rows)


def test_an_empty_book_needs_no_attention(db: Database) -> None:
    assert clients_needing_attention(db, TODAY) == []


def lapse(days: int, cadence: int) -> CadenceLapse:
    return CadenceLapse(1, "x", AccountTier.STANDARD, cadence, None, days)


def entry(account_id: int, name: str, **reasons: object) -> Attention:
    fields: dict[str, object] = {
        "lapse": None,
        "overdue": (),
        "handoffs": (),
        "birthdays": (),
        **reasons,
    }
    return Attention(
        account_id,
        name,
        AccountStatus.ACTIVE,
        AccountTier.STANDARD,
        30,
        **fields,  # type: ignore[arg-type]
    )


def test_rank_puts_more_cadences_behind_first_then_more_days_over() -> None:
    entries = [
        entry(1, "A", lapse=lapse(60, 30)),  # 2 cadences, 30 days over
        entry(2, "B", lapse=lapse(40, 10)),  # 4 cadences
        entry(3, "C", lapse=lapse(20, 10)),  # 2 cadences, 10 days over
        entry(4, "D", birthdays=(ContactBirthday("C", TODAY),)),
    ]
    ranked = sorted(entries, key=Attention.rank)
    assert [e.name for e in ranked] == ["B", "A", "C", "D"]


def test_rank_breaks_ties_by_name_then_id() -> None:
    soon = (ContactBirthday("C", TODAY),)
    entries = [
        entry(3, "beta", birthdays=soon),
        entry(2, "Alpha", birthdays=soon),
        entry(1, "beta", birthdays=soon),
    ]
    ranked = sorted(entries, key=Attention.rank)
    assert [(e.name, e.account_id) for e in ranked] == [
        ("Alpha", 2),
        ("beta", 1),
        ("beta", 3),
    ]


# -- acting on all overdue items of one client ---------------------------------------


def agenda(db: Database, account_id: int) -> dict[str, list[tuple[date, bool]]]:
    """Each title's (due day, open) pairs."""
    with db.read() as session:
        items = session.scalars(
            select(AgendaItem)
            .where(AgendaItem.account_id == account_id)
            .order_by(AgendaItem.due_on)
        )
        found: dict[str, list[tuple[date, bool]]] = {}
        for row in items:
            found.setdefault(row.title, []).append((row.due_on, row.done_at is None))
        return found


def test_tick_overdue_marks_every_overdue_item_done_and_a_recurring_one_comes_back(
    db: Database, book: dict[str, int]
) -> None:
    client = book["Overdue Co"]
    before = agenda(db, book["Lapsed Co"])
    assert store.tick_overdue(db, client, TODAY, NOW) == 2
    assert agenda(db, client) == {
        "Send the proposal": [(ago(8), False)],
        "Weekly pipeline call": [(ago(3), False), (TODAY + timedelta(days=4), True)],
        "Already done": [(ago(5), False)],
        "Due today": [(TODAY, True)],
        "Later": [(TODAY + timedelta(days=3), True)],
    }
    with db.read() as session:
        ticked = session.scalars(
            select(AgendaItem.done_at).where(AgendaItem.title == "Send the proposal")
        ).one()
    assert ticked == NOW
    assert agenda(db, book["Lapsed Co"]) == before  # another client's: untouched
    assert store.tick_overdue(db, client, TODAY, NOW) == 0


def test_snooze_overdue_moves_every_overdue_item_to_tomorrow(
    db: Database, book: dict[str, int]
) -> None:
    client, tomorrow = book["Overdue Co"], TODAY + timedelta(days=1)
    assert store.snooze_overdue(db, client, TODAY) == 2
    assert agenda(db, client) == {
        "Already done": [(ago(5), False)],
        "Due today": [(TODAY, True)],
        "Send the proposal": [(tomorrow, True)],
        "Weekly pipeline call": [(tomorrow, True)],
        "Later": [(TODAY + timedelta(days=3), True)],
    }
    assert store.snooze_overdue(db, client, TODAY) == 0
    assert "Overdue Co" not in {
        entry.name for entry in clients_needing_attention(db, TODAY)
    }


def test_an_archived_clients_items_are_never_acted_on(
    db: Database, book: dict[str, int]
) -> None:
    assert store.tick_overdue(db, book["Archived Co"], TODAY, NOW) == 0
    assert store.snooze_overdue(db, book["Archived Co"], TODAY) == 0
