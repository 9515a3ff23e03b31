"""Every write of the cockpit and the CLI, on a real SQLite book."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from amtui.errors import AmtuiError
from amtui.store import Database, editing
from amtui.store.editing import (
    DeliverableDraft,
    NameTaken,
    advance_handoff,
    archive_account,
    delete,
    deliverables_of,
    describe_deletion,
    load,
    log_interaction,
    open_follow_up,
    save,
    save_handoff,
    set_agenda_done,
    snooze,
    update_interaction,
)
from amtui.store.models import (
    SUMMARY_MAX,
    Account,
    AgendaItem,
    Base,
    Contact,
    Deliverable,
    Handoff,
    HandoffStatusChange,
    Interaction,
    Objective,
    Opportunity,
)
from amtui.store.queries import client_pager, handoff_history
from amtui.vocabulary import (
    AgendaKind,
    HandoffStatus,
    InteractionKind,
    ObjectiveMetric,
    Recurrence,
)

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
TODAY = date(2026, 11, 23)
TRICKY = "[bold]x[/] [@click=app.quit] \x1b]0;pwned\x07 \x1b[31mred\x1b[0m ש 🚀\t\r\n"


def count(db: Database, model: type[Base], *where: Any) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def get(db: Database, model: type[Base], record_id: int) -> Any:
    with db.read() as session:
        return session.get(model, record_id)


def items_of(db: Database, interaction_id: int) -> list[AgendaItem]:
    with db.read() as session:
        return list(
            session.scalars(
                select(AgendaItem)
                .where(AgendaItem.interaction_id == interaction_id)
                .order_by(AgendaItem.id)
            )
        )


def interaction(account_id: int, **values: Any) -> dict[str, Any]:
    return {
        "account_id": account_id,
        "occurred_at": NOW,
        "kind": InteractionKind.CALL,
        "summary": "Renewal call",
        **values,
    }


def add_item(db: Database, **values: Any) -> int:
    return save(db, AgendaItem, None, {"title": "Weekly pipeline", **values})


# --- load -------------------------------------------------------------------------


def test_load_gives_every_column_by_attribute_name(db, small_book) -> None:
    values = load(db, Account, small_book["Acme Logistics"])

    assert set(values) == set(Account.__table__.columns.keys())
    assert values["name"] == "Acme Logistics"
    assert values["name_key"] == "acme logistics"
    assert values["cadence_days"] == 10
    assert values["archived"] is False
    assert values["created_at"].tzinfo is not None


@pytest.mark.parametrize(
    ("model", "label"),
    [
        (Account, "client"),
        (Contact, "contact"),
        (Interaction, "interaction"),
        (AgendaItem, "agenda item"),
        (Handoff, "handoff"),
        (Opportunity, "opportunity"),
        (Objective, "objective"),
        (Deliverable, "deliverable"),
    ],
)
def test_a_missing_record_is_one_clear_sentence(db, model, label) -> None:
    with pytest.raises(AmtuiError) as error:
        load(db, model, 999)

    assert str(error.value) == (
        f"this {label} no longer exists (another session may have deleted it)"
    )


# --- save -------------------------------------------------------------------------


def test_save_inserts_then_updates_only_the_named_fields(db) -> None:
    account_id = save(db, Account, None, {"name": "Acme", "sector": "Retail"})

    assert save(db, Account, account_id, {"owner": "Ana"}) == account_id

    acme = get(db, Account, account_id)
    assert (acme.name, acme.sector, acme.owner) == ("Acme", "Retail", "Ana")
    assert acme.cadence_days == 30


def test_user_text_is_stored_byte_for_byte(db, small_book) -> None:
    account_id = save(db, Account, None, {"name": TRICKY, "notes": TRICKY})
    contact_id = save(
        db, Contact, None, {"account_id": account_id, "name": TRICKY, "role": TRICKY}
    )

    assert load(db, Account, account_id)["name"] == TRICKY
    assert load(db, Account, account_id)["notes"] == TRICKY
    assert load(db, Contact, contact_id)["role"] == TRICKY


@pytest.mark.parametrize("field", ["colour", "id", "name_key", "contacts"])
def test_an_unknown_or_derived_field_is_a_programming_error(db, field) -> None:
    with pytest.raises(ValueError, match=repr(field)):
        save(db, Account, None, {"name": "Acme", field: "x"})
    assert count(db, Account) == 0


@pytest.mark.parametrize("model", [Interaction, Handoff])
def test_records_with_dependants_are_saved_by_their_own_functions(db, model) -> None:
    with pytest.raises(ValueError, match=r"save .* with"):
        save(db, model, None, {})


def test_updating_a_deleted_record_says_so(db) -> None:
    with pytest.raises(AmtuiError, match="this contact no longer exists"):
        save(db, Contact, 42, {"name": "Zoë"})


@pytest.mark.parametrize(
    "typed", ["acme logistics", "  ACME LOGISTICS ", "Acme Logistics"]
)
def test_a_live_name_is_taken_ignoring_case(db, small_book, typed) -> None:
    with pytest.raises(NameTaken) as error:
        save(db, Account, None, {"name": typed})

    assert str(error.value) == "a client named 'Acme Logistics' already exists"
    assert count(db, Account) == len(small_book)


def test_renaming_onto_a_live_name_is_refused_but_keeping_ones_own_is_not(
    db, small_book
) -> None:
    cobalt = small_book["Cobalt Bank"]
    with pytest.raises(AmtuiError, match="a client named 'Borealis Foods' already"):
        save(db, Account, cobalt, {"name": "borealis foods"})

    save(db, Account, cobalt, {"name": "COBALT BANK", "owner": "Ana"})

    assert load(db, Account, cobalt)["name"] == "COBALT BANK"


def test_an_archived_name_can_be_reused_but_not_restored_onto_a_live_one(
    db, small_book
) -> None:
    delta = small_book["Delta Energy"]
    archive_account(db, delta, NOW)

    again = save(db, Account, None, {"name": "delta energy"})

    assert again != delta
    with pytest.raises(AmtuiError, match="a client named 'delta energy' already"):
        save(db, Account, delta, {"archived": False})


def test_a_name_taken_by_a_racing_session_is_still_one_sentence(
    db, small_book, monkeypatch
) -> None:
    monkeypatch.setattr(editing, "_refuse_taken_name", lambda _session, _account: None)

    with pytest.raises(NameTaken) as error:
        save(db, Account, None, {"name": "BOREALIS FOODS"})

    assert str(error.value) == "a client named 'Borealis Foods' already exists"
    assert count(db, Account) == len(small_book)


@pytest.mark.parametrize(
    ("model", "values", "message"),
    [
        (Account, {"name": "   "}, "the client's name must not be blank"),
        (
            Account,
            {"name": "Acme", "cadence_days": 0},
            "the database refused this client (CHECK constraint failed: "
            "ck_account_cadence_positive)",
        ),
        (
            Contact,
            {"account_id": 999, "name": "Zoë"},
            "this contact refers to a record that no longer exists",
        ),
        (
            AgendaItem,
            {"title": " ", "due_on": TODAY},
            "the agenda item's title must not be blank",
        ),
    ],
)
def test_a_refusal_by_the_database_is_one_sentence(db, model, values, message) -> None:
    with pytest.raises(AmtuiError) as error:
        save(db, model, None, values)

    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)
    assert count(db, model) == 0


def test_archive_takes_a_client_out_of_the_lists(db, small_book) -> None:
    acme = small_book["Acme Logistics"]

    archive_account(db, acme, NOW)

    assert load(db, Account, acme)["archived"] is True
    assert load(db, Account, acme)["updated_at"] == NOW
    assert acme not in [row.id for row in client_pager(db).first(10)]
    assert count(db, Interaction, Interaction.account_id == acme) == 2


# --- interactions -----------------------------------------------------------------


def test_a_follow_up_date_creates_its_agenda_item(db, small_book) -> None:
    acme = small_book["Acme Logistics"]

    interaction_id = log_interaction(
        db,
        interaction(acme, follow_up_on=TODAY + timedelta(days=3)),
        follow_up_time=time(9, 30),
    )

    (item,) = items_of(db, interaction_id)
    assert item.account_id == acme
    assert item.handoff_id is None
    assert (item.due_on, item.due_time) == (TODAY + timedelta(days=3), time(9, 30))
    assert item.title == "Follow up: Renewal call"
    assert item.kind is AgendaKind.FOLLOW_UP
    assert item.recurrence is Recurrence.NONE
    assert item.done_at is None


def test_an_interaction_without_follow_up_adds_nothing_to_the_agenda(
    db, small_book
) -> None:
    before = count(db, AgendaItem)

    interaction_id = log_interaction(db, interaction(small_book["Acme Logistics"]))

    assert get(db, Interaction, interaction_id).summary == "Renewal call"
    assert count(db, AgendaItem) == before


def test_a_refused_interaction_writes_no_follow_up(db, small_book) -> None:
    before = (count(db, Interaction), count(db, AgendaItem))
    values = interaction(small_book["Acme Logistics"], summary="  ", follow_up_on=TODAY)

    with pytest.raises(AmtuiError, match="the interaction's summary must not be blank"):
        log_interaction(db, values)

    assert (count(db, Interaction), count(db, AgendaItem)) == before


def test_a_refused_follow_up_takes_its_interaction_with_it(
    db, small_book, monkeypatch
) -> None:
    before = (count(db, Interaction), count(db, AgendaItem))
    monkeypatch.setattr(editing, "follow_up_title", lambda _summary: " ")
    values = interaction(small_book["Acme Logistics"], follow_up_on=TODAY)

    with pytest.raises(AmtuiError, match="the agenda item's title must not be blank"):
        log_interaction(db, values)

    assert (count(db, Interaction), count(db, AgendaItem)) == before


def test_tricky_and_long_summaries_make_storable_titles(db, small_book) -> None:
    acme = small_book["Acme Logistics"]
    tricky = log_interaction(db, interaction(acme, summary=TRICKY, follow_up_on=TODAY))
    long = log_interaction(
        db, interaction(acme, summary="x" * SUMMARY_MAX, follow_up_on=TODAY)
    )

    assert get(db, Interaction, tricky).summary == TRICKY
    assert items_of(db, tricky)[0].title == f"Follow up: {TRICKY}"
    title = items_of(db, long)[0].title
    assert len(title) == SUMMARY_MAX
    assert title.startswith("Follow up: xxx")
    assert title.endswith("x…")


def test_a_new_follow_up_date_moves_the_open_item(db, small_book) -> None:
    values = interaction(small_book["Acme Logistics"], follow_up_on=TODAY)
    interaction_id = log_interaction(db, values, follow_up_time=time(8))
    (item,) = items_of(db, interaction_id)

    update_interaction(
        db,
        interaction_id,
        {"follow_up_on": TODAY + timedelta(days=7)},
        follow_up_time=time(14),
    )

    (moved,) = items_of(db, interaction_id)
    assert moved.id == item.id
    assert (moved.due_on, moved.due_time) == (TODAY + timedelta(days=7), time(14))
    assert get(db, Interaction, interaction_id).follow_up_on == TODAY + timedelta(7)


def test_a_new_follow_up_time_alone_moves_the_open_item(db, small_book) -> None:
    values = interaction(small_book["Acme Logistics"], follow_up_on=TODAY)
    interaction_id = log_interaction(db, values, follow_up_time=time(8))

    update_interaction(
        db, interaction_id, {"follow_up_on": TODAY}, follow_up_time=time(16)
    )

    (item,) = items_of(db, interaction_id)
    assert (item.due_on, item.due_time) == (TODAY, time(16))
    assert open_follow_up(db, interaction_id) == (TODAY, time(16))


def test_clearing_the_follow_up_date_deletes_the_open_item(db, small_book) -> None:
    values = interaction(small_book["Acme Logistics"], follow_up_on=TODAY)
    interaction_id = log_interaction(db, values)

    update_interaction(db, interaction_id, {"follow_up_on": None})

    assert items_of(db, interaction_id) == []


def test_a_follow_up_date_set_later_creates_the_item(db, small_book) -> None:
    interaction_id = log_interaction(db, interaction(small_book["Acme Logistics"]))

    update_interaction(db, interaction_id, {"follow_up_on": TODAY}, follow_up_time=None)

    (item,) = items_of(db, interaction_id)
    assert (item.due_on, item.title) == (TODAY, "Follow up: Renewal call")


def test_a_done_follow_up_is_history_and_never_moves(db, small_book) -> None:
    values = interaction(small_book["Acme Logistics"], follow_up_on=TODAY)
    interaction_id = log_interaction(db, values)
    (done,) = items_of(db, interaction_id)
    set_agenda_done(db, done.id, True, NOW)

    update_interaction(db, interaction_id, {"follow_up_on": TODAY + timedelta(2)})
    update_interaction(db, interaction_id, {"follow_up_on": None})
    update_interaction(db, interaction_id, {"follow_up_on": TODAY + timedelta(5)})

    kept, new = items_of(db, interaction_id)
    assert (kept.id, kept.due_on, kept.done_at) == (done.id, TODAY, NOW)
    assert (new.due_on, new.done_at) == (TODAY + timedelta(5), None)


def test_an_unchanged_follow_up_date_leaves_the_item_alone(db, small_book) -> None:
    values = interaction(small_book["Acme Logistics"], follow_up_on=TODAY)
    interaction_id = log_interaction(db, values, follow_up_time=time(11))

    update_interaction(db, interaction_id, {"details": "more"}, follow_up_time=None)

    (item,) = items_of(db, interaction_id)
    assert (item.due_on, item.due_time) == (TODAY, time(11))
    assert get(db, Interaction, interaction_id).details == "more"


def test_the_follow_up_title_follows_the_summary_unless_retitled(
    db, small_book
) -> None:
    acme = small_book["Acme Logistics"]
    first = log_interaction(db, interaction(acme, follow_up_on=TODAY))
    second = log_interaction(db, interaction(acme, follow_up_on=TODAY))
    save(db, AgendaItem, items_of(db, second)[0].id, {"title": "Chase the PO"})

    for interaction_id in (first, second):
        update_interaction(db, interaction_id, {"summary": "Renewal signed"})

    assert items_of(db, first)[0].title == "Follow up: Renewal signed"
    assert items_of(db, second)[0].title == "Chase the PO"


def test_updating_a_deleted_interaction_says_so(db) -> None:
    with pytest.raises(AmtuiError, match="this interaction no longer exists"):
        update_interaction(db, 7, {"summary": "x"})


# --- agenda -----------------------------------------------------------------------


def test_done_and_undone(db, small_book) -> None:
    item_id = add_item(db, due_on=TODAY)

    assert set_agenda_done(db, item_id, True, NOW) is None
    assert get(db, AgendaItem, item_id).done_at == NOW

    assert set_agenda_done(db, item_id, False, NOW) is None
    assert get(db, AgendaItem, item_id).done_at is None
    assert count(db, AgendaItem, AgendaItem.title == "Weekly pipeline") == 1


def test_a_weekly_item_done_schedules_the_next_week(db, small_book) -> None:
    acme = small_book["Acme Logistics"]
    with db.read() as session:
        handoff_id = session.scalar(
            select(Handoff.id).where(Handoff.title == "WMS rollout")
        )
    item_id = add_item(
        db,
        account_id=acme,
        handoff_id=handoff_id,
        due_on=TODAY,
        due_time=time(8, 15),
        kind=AgendaKind.REVIEW,
        recurrence=Recurrence.WEEKLY,
    )

    assert set_agenda_done(db, item_id, True, NOW) == TODAY + timedelta(days=7)

    with db.read() as session:
        following = session.scalars(
            select(AgendaItem).where(
                AgendaItem.id != item_id, AgendaItem.title == "Weekly pipeline"
            )
        ).one()
    assert following.due_on == TODAY + timedelta(days=7)
    assert (following.account_id, following.handoff_id) == (acme, handoff_id)
    assert (following.kind, following.due_time) == (AgendaKind.REVIEW, time(8, 15))
    assert following.recurrence is Recurrence.WEEKLY
    assert following.done_at is None
    assert following.interaction_id is None


@pytest.mark.parametrize(
    ("due_on", "expected"),
    [
        (date(2026, 11, 15), date(2026, 12, 15)),
        (date(2026, 12, 31), date(2027, 1, 31)),
        (date(2027, 1, 31), date(2027, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),
    ],
)
def test_a_monthly_item_comes_back_the_same_day_or_the_months_end(
    db, due_on, expected
) -> None:
    item_id = add_item(db, due_on=due_on, recurrence=Recurrence.MONTHLY)

    assert set_agenda_done(db, item_id, True, NOW) == expected
    assert count(db, AgendaItem, AgendaItem.due_on == expected) == 1


def test_a_weekly_item_ticked_late_comes_back_after_today(db) -> None:
    item_id = add_item(db, due_on=TODAY - timedelta(14), recurrence=Recurrence.WEEKLY)

    assert set_agenda_done(db, item_id, True, NOW) == TODAY + timedelta(7)
    assert count(db, AgendaItem) == 2


def test_toggling_a_recurring_item_never_doubles_its_next_occurrence(db) -> None:
    item_id = add_item(db, due_on=TODAY, recurrence=Recurrence.WEEKLY)

    set_agenda_done(db, item_id, True, NOW)
    assert count(db, AgendaItem) == 2
    set_agenda_done(db, item_id, False, NOW)
    assert get(db, AgendaItem, item_id).done_at is None
    assert count(db, AgendaItem) == 1  # taking the tick back takes its twin away
    later = NOW + timedelta(minutes=1)
    assert set_agenda_done(db, item_id, True, later) == TODAY + timedelta(7)

    assert get(db, AgendaItem, item_id).done_at == later
    assert count(db, AgendaItem) == 2


def test_a_twin_of_another_account_is_not_the_next_occurrence(db, small_book) -> None:
    acme, borealis = small_book["Acme Logistics"], small_book["Borealis Foods"]
    week = {"due_on": TODAY, "recurrence": Recurrence.WEEKLY}
    add_item(db, account_id=borealis, **{**week, "due_on": TODAY + timedelta(7)})
    item_id = add_item(db, account_id=acme, **week)

    set_agenda_done(db, item_id, True, NOW)

    assert count(db, AgendaItem, AgendaItem.title == "Weekly pipeline") == 3


def test_snoozing_an_overdue_item_moves_it_past_today(db) -> None:
    overdue = add_item(db, due_on=TODAY - timedelta(days=5))
    upcoming = add_item(db, due_on=TODAY + timedelta(days=3))

    assert snooze(db, overdue, TODAY) == TODAY + timedelta(days=1)
    assert snooze(db, upcoming, TODAY, days=2) == TODAY + timedelta(days=5)
    assert get(db, AgendaItem, overdue).due_on == TODAY + timedelta(days=1)
    assert get(db, AgendaItem, upcoming).due_on == TODAY + timedelta(days=5)


def test_a_done_item_is_not_snoozed(db) -> None:
    item_id = add_item(db, due_on=TODAY)
    set_agenda_done(db, item_id, True, NOW)

    with pytest.raises(AmtuiError) as error:
        snooze(db, item_id, TODAY)

    assert str(error.value) == "this item is done; reopen it with x before snoozing"
    assert get(db, AgendaItem, item_id).due_on == TODAY


def test_agenda_writes_on_a_deleted_item_say_so(db) -> None:
    with pytest.raises(AmtuiError, match="this agenda item no longer exists"):
        set_agenda_done(db, 5, True, NOW)
    with pytest.raises(AmtuiError, match="this agenda item no longer exists"):
        snooze(db, 5, TODAY)
    with pytest.raises(ValueError, match="at least one day"):
        snooze(db, 5, TODAY, days=0)


# --- handoffs ---------------------------------------------------------------------

READY = {
    "title": "CRM migration",
    "project_manager": "Paul PM",
    "brief": "Needs: one view of the customer. Promised: go-live before the sales.",
    "budget": Decimal("12000.00"),
    "due_on": date(2027, 3, 1),
}
SPEC = DeliverableDraft(None, "Spec", date(2027, 1, 15), False)
PILOT = DeliverableDraft(None, "Pilot", None, False)


def new_handoff(db: Database, account_id: int, **values: Any) -> int:
    return save_handoff(
        db, None, {"account_id": account_id, **READY, **values}, [SPEC, PILOT], NOW
    )


def as_drafts(db: Database, handoff_id: int, **changes: Any) -> list[DeliverableDraft]:
    return [replace(draft, **changes) for draft in deliverables_of(db, handoff_id)]


def test_a_new_handoff_is_a_draft_with_its_deliverables_and_history(
    db, small_book
) -> None:
    acme = small_book["Acme Logistics"]

    handoff_id = save_handoff(
        db, None, {"account_id": acme, "title": "Bare"}, [SPEC], NOW
    )

    values = load(db, Handoff, handoff_id)
    assert (values["title"], values["status"], values["currency"]) == (
        "Bare",
        HandoffStatus.DRAFT,
        "EUR",
    )
    assert [(d.title, d.due_on, d.done) for d in deliverables_of(db, handoff_id)] == [
        ("Spec", date(2027, 1, 15), False)
    ]
    assert handoff_history(db, handoff_id) == [(None, HandoffStatus.DRAFT, NOW)]


def test_deliverables_become_exactly_the_drafts(db, small_book) -> None:
    handoff_id = new_handoff(db, small_book["Acme Logistics"])
    spec, pilot = deliverables_of(db, handoff_id)
    later = NOW + timedelta(hours=1)

    save_handoff(
        db,
        handoff_id,
        {"brief": TRICKY},
        [
            DeliverableDraft(spec.id, "Spec v2", None, True),
            DeliverableDraft(None, "Go-live", date(2027, 3, 1), False),
        ],
        later,
    )

    kept, added = deliverables_of(db, handoff_id)
    assert kept == DeliverableDraft(spec.id, "Spec v2", None, True)
    assert added == DeliverableDraft(added.id, "Go-live", date(2027, 3, 1), False)
    assert added.id not in (spec.id, pilot.id)
    assert get(db, Deliverable, pilot.id) is None
    assert load(db, Handoff, handoff_id)["brief"] == TRICKY
    assert len(handoff_history(db, handoff_id)) == 1  # no status change, no history


def test_a_deliverable_of_another_handoff_is_refused_whole(db, small_book) -> None:
    acme = small_book["Acme Logistics"]
    mine = new_handoff(db, acme)
    other = new_handoff(db, acme, title="Other")
    foreign = deliverables_of(db, other)[0]

    with pytest.raises(AmtuiError, match="this deliverable no longer exists"):
        save_handoff(
            db,
            mine,
            {"title": "Renamed"},
            [DeliverableDraft(foreign.id, "x", None, True)],
            NOW,
        )

    assert load(db, Handoff, mine)["title"] == "CRM migration"
    assert len(deliverables_of(db, mine)) == 2
    assert deliverables_of(db, other)[0].title == foreign.title


def test_a_blank_deliverable_is_one_sentence(db, small_book) -> None:
    handoff_id = new_handoff(db, small_book["Acme Logistics"])

    with pytest.raises(AmtuiError, match="the deliverable's title must not be blank"):
        save_handoff(
            db, handoff_id, {}, [DeliverableDraft(None, " ", None, False)], NOW
        )

    assert len(deliverables_of(db, handoff_id)) == 2


@pytest.mark.parametrize(
    ("field", "blank", "need"),
    [
        ("project_manager", None, "a project manager"),
        ("project_manager", "  ", "a project manager"),
        ("brief", None, "a brief (the client's needs and promises)"),
        ("budget", None, "a budget"),
        ("due_on", None, "a due date"),
    ],
)
def test_the_gate_names_what_is_missing(db, small_book, field, blank, need) -> None:
    handoff_id = new_handoff(db, small_book["Acme Logistics"], **{field: blank})

    with pytest.raises(AmtuiError) as error:
        advance_handoff(db, handoff_id, NOW)

    assert str(error.value) == f"Cannot move to handed off yet: it needs {need}."
    assert load(db, Handoff, handoff_id)["status"] is HandoffStatus.DRAFT
    assert len(handoff_history(db, handoff_id)) == 1


def test_the_gate_names_everything_missing_and_writes_nothing(db, small_book) -> None:
    acme = small_book["Acme Logistics"]
    before = count(db, Handoff)
    values = {"account_id": acme, "title": "Vague", "status": HandoffStatus.HANDED_OFF}

    with pytest.raises(AmtuiError) as error:
        save_handoff(db, None, values, [], NOW)

    assert str(error.value) == (
        "Cannot move to handed off yet: it needs a project manager, a brief (the "
        "client's needs and promises), a budget, a due date and at least one "
        "deliverable."
    )
    assert count(db, Handoff) == before


def test_the_gate_looks_at_the_handoff_as_edited(db, small_book) -> None:
    handoff_id = save_handoff(
        db, None, {"account_id": small_book["Acme Logistics"], "title": "Late"}, [], NOW
    )
    later = NOW + timedelta(days=1)

    save_handoff(
        db, handoff_id, {**READY, "status": HandoffStatus.HANDED_OFF}, [SPEC], later
    )

    assert handoff_history(db, handoff_id) == [
        (None, HandoffStatus.DRAFT, NOW),
        (HandoffStatus.DRAFT, HandoffStatus.HANDED_OFF, later),
    ]
    assert load(db, Handoff, handoff_id)["updated_at"] == later


def test_a_handoff_walks_the_flow_and_delivers_only_when_done(db, small_book) -> None:
    handoff_id = new_handoff(db, small_book["Acme Logistics"])
    times = [NOW + timedelta(hours=hour) for hour in range(1, 7)]

    walked = [advance_handoff(db, handoff_id, at) for at in times[:3]]
    with pytest.raises(AmtuiError) as error:
        advance_handoff(db, handoff_id, times[3])
    assert str(error.value) == (
        "Cannot move to delivered yet: it needs deliverables done (open: Spec, Pilot)."
    )
    deliverables = as_drafts(db, handoff_id, done=True)
    save_handoff(db, handoff_id, {}, deliverables, times[3])
    walked += [advance_handoff(db, handoff_id, at) for at in times[4:6]]

    assert walked == [
        HandoffStatus.HANDED_OFF,
        HandoffStatus.ACCEPTED,
        HandoffStatus.IN_PROGRESS,
        HandoffStatus.DELIVERED,
        HandoffStatus.CLOSED,
    ]
    with pytest.raises(AmtuiError) as error:
        advance_handoff(db, handoff_id, times[5])
    assert str(error.value) == "this handoff is closed: there is nothing after closed"
    flow = [None, HandoffStatus.DRAFT, *walked]
    assert handoff_history(db, handoff_id) == list(
        zip(flow, flow[1:], [NOW, *times[:3], *times[4:6]], strict=False)
    )


def test_a_blocked_handoff_resumes_where_it_was(db, small_book) -> None:
    handoff_id = new_handoff(
        db, small_book["Acme Logistics"], status=HandoffStatus.ACCEPTED
    )
    blocked_at, resumed_at = NOW + timedelta(days=1), NOW + timedelta(days=2)

    save_handoff(
        db,
        handoff_id,
        {"status": HandoffStatus.BLOCKED},
        as_drafts(db, handoff_id),
        blocked_at,
    )
    resumed = advance_handoff(db, handoff_id, resumed_at)

    assert resumed is HandoffStatus.ACCEPTED
    assert handoff_history(db, handoff_id) == [
        (None, HandoffStatus.ACCEPTED, NOW),
        (HandoffStatus.ACCEPTED, HandoffStatus.BLOCKED, blocked_at),
        (HandoffStatus.BLOCKED, HandoffStatus.ACCEPTED, resumed_at),
    ]


def test_a_handoff_blocked_from_the_start_resumes_as_a_draft(db, small_book) -> None:
    handoff_id = save_handoff(
        db,
        None,
        {
            "account_id": small_book["Acme Logistics"],
            "title": "Stuck",
            "status": "blocked",
        },
        [],
        NOW,
    )

    assert advance_handoff(db, handoff_id, NOW) is HandoffStatus.DRAFT
    assert [change[:2] for change in handoff_history(db, handoff_id)] == [
        (None, HandoffStatus.BLOCKED),
        (HandoffStatus.BLOCKED, HandoffStatus.DRAFT),
    ]


def test_advancing_a_deleted_handoff_says_so(db) -> None:
    with pytest.raises(AmtuiError, match="this handoff no longer exists"):
        advance_handoff(db, 3, NOW)
    with pytest.raises(AmtuiError, match="this handoff no longer exists"):
        save_handoff(db, 3, {}, [], NOW)


# --- delete -----------------------------------------------------------------------


def test_a_handoff_is_deleted_with_its_deliverables_and_history(db, small_book) -> None:
    acme = small_book["Acme Logistics"]
    handoff_id = new_handoff(db, acme)
    advance_handoff(db, handoff_id, NOW)
    item_id = add_item(db, account_id=acme, handoff_id=handoff_id, due_on=TODAY)
    others = count(db, Deliverable) - 2

    delete(db, Handoff, handoff_id)

    assert get(db, Handoff, handoff_id) is None
    assert count(db, Deliverable, Deliverable.handoff_id == handoff_id) == 0
    assert count(db, Deliverable) == others
    assert (
        count(db, HandoffStatusChange, HandoffStatusChange.handoff_id == handoff_id)
        == 0
    )
    assert load(db, AgendaItem, item_id)["handoff_id"] is None


def test_deleting_an_interaction_keeps_its_follow_up(db, small_book) -> None:
    values = interaction(small_book["Acme Logistics"], follow_up_on=TODAY)
    interaction_id = log_interaction(db, values)
    (item,) = items_of(db, interaction_id)

    delete(db, Interaction, interaction_id)

    assert get(db, Interaction, interaction_id) is None
    assert load(db, AgendaItem, item.id)["interaction_id"] is None


def test_deleting_a_contact_keeps_its_interactions(db, small_book) -> None:
    with db.read() as session:
        contact_id = session.scalar(select(Contact.id))
        logged = session.scalar(
            select(Interaction.id).where(Interaction.contact_id == contact_id)
        )

    delete(db, Contact, contact_id)

    assert get(db, Contact, contact_id) is None
    assert load(db, Interaction, logged)["contact_id"] is None


@pytest.mark.parametrize(
    ("model", "values"),
    [
        (AgendaItem, {"title": "t", "due_on": TODAY}),
        (Opportunity, {"account_id": 1, "title": "t", "amount": Decimal("1.00")}),
        (Objective, {"period": "2026-Q4", "metric": ObjectiveMetric.MEETINGS}),
    ],
)
def test_delete_removes_the_record_once(db, small_book, model, values) -> None:
    record_id = save(db, model, None, values)

    delete(db, model, record_id)

    assert get(db, model, record_id) is None
    with pytest.raises(AmtuiError, match="no longer exists"):
        delete(db, model, record_id)


@pytest.mark.parametrize("model", [Account, Deliverable, HandoffStatusChange])
def test_some_records_are_never_deleted_on_their_own(db, small_book, model) -> None:
    before = count(db, model)

    with pytest.raises(ValueError):
        delete(db, model, 1)

    assert count(db, model) == before


def test_the_confirmation_names_what_goes(db, small_book) -> None:
    acme = small_book["Acme Logistics"]
    with db.read() as session:
        wms = session.scalar(select(Handoff.id).where(Handoff.title == "WMS rollout"))
        old = session.scalar(select(Handoff.id).where(Handoff.title == "Old project"))
        call = session.scalar(
            select(Interaction.id).where(Interaction.summary.startswith("Renewal"))
        )
    lone = save_handoff(db, None, {"account_id": acme, "title": "Lone"}, [SPEC], NOW)
    goal = save(db, Objective, None, {"period": "2026-11", "metric": "new_accounts"})
    long = save(db, AgendaItem, None, {"title": "word " * 40, "due_on": TODAY})

    assert describe_deletion(db, Interaction, call) == (
        "Delete the interaction 'Renewal call with the CFO'?"
    )
    assert describe_deletion(db, Handoff, wms) == (
        "Delete the handoff 'WMS rollout' with its 3 deliverables and status history?"
    )
    assert describe_deletion(db, Handoff, lone) == (
        "Delete the handoff 'Lone' with its deliverable and status history?"
    )
    assert describe_deletion(db, Handoff, old) == (
        "Delete the handoff 'Old project' and its status history?"
    )
    assert describe_deletion(db, Account, acme) == (
        "Archive the client 'Acme Logistics'? It leaves the lists; its history is kept."
    )
    assert describe_deletion(db, Objective, goal) == (
        "Delete the objective '2026-11 new accounts'?"
    )
    assert describe_deletion(db, AgendaItem, long) == (
        f"Delete the agenda item '{('word ' * 12)[:59]}…'?"
    )
    assert describe_deletion(db, Account, small_book["Zeta [bold]Evil[/] Corp"]) == (
        "Archive the client 'Zeta [bold]Evil[/] Corp'? It leaves the lists; its "
        "history is kept."
    )
    with pytest.raises(AmtuiError, match="this contact no longer exists"):
        describe_deletion(db, Contact, 999)


@pytest.mark.parametrize(
    ("model", "values", "message"),
    [
        (Account, {"name": "x" * 201}, "the client's name is 201 characters long"),
        (Account, {"name": "Acme", "notes": "n" * 20_001}, "notes is 20,001"),
        (Account, {"name": "Bad \udcff bytes"}, "name is not valid Unicode text"),
    ],
)
def test_the_store_refuses_what_a_book_cannot_hold(db, model, values, message) -> None:
    with pytest.raises(AmtuiError, match=message):
        save(db, model, None, values)
    assert count(db, model) == 0
