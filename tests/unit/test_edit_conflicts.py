"""Two sessions editing one record: a save over another session's change is refused,
never a silent loss, unless the user chose to overwrite it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from amtui.store import Database, open_database
from amtui.store.editing import (
    DeliverableDraft,
    EditConflict,
    advance_handoff,
    archive_account,
    deliverables_of,
    load,
    log_interaction,
    save,
    save_handoff,
    set_agenda_done,
    set_deliverable_done,
    snooze,
    update_interaction,
)
from amtui.store.models import Account, AgendaItem, Contact, Handoff, Interaction
from amtui.vocabulary import InteractionKind

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
TODAY = date(2026, 11, 23)


@pytest.fixture
def other(db_path: Path, db: Database) -> Iterator[Database]:
    """A second session on the same book, as a second cockpit or `amtui log` has."""
    database = open_database(db_path)
    yield database
    database.close()


def version_of(db: Database, model: type[Any], record_id: int) -> int:
    return load(db, model, record_id)["version"]


def test_a_save_over_another_sessions_change_is_refused(db, other, small_book) -> None:
    acme = small_book["Acme Logistics"]
    opened = load(db, Account, acme)  # the form opens
    save(other, Account, acme, {"sector": "Shipping"}, version=opened["version"])

    with pytest.raises(EditConflict, match="another session changed this client"):
        save(db, Account, acme, {"sector": "Freight"}, version=opened["version"])

    assert load(other, Account, acme)["sector"] == "Shipping"


def test_a_save_from_the_current_version_goes_through_and_counts(
    db, small_book
) -> None:
    acme = small_book["Acme Logistics"]
    before = version_of(db, Account, acme)

    save(db, Account, acme, {"sector": "Freight"}, version=before)

    assert load(db, Account, acme)["sector"] == "Freight"
    assert version_of(db, Account, acme) == before + 1


def test_overwriting_saves_over_the_other_change(db, other, small_book) -> None:
    acme = small_book["Acme Logistics"]
    opened = load(db, Account, acme)["version"]
    save(other, Account, acme, {"sector": "Shipping"}, version=opened)

    save(db, Account, acme, {"sector": "Freight"}, version=None)  # chosen by the user

    assert load(other, Account, acme)["sector"] == "Freight"


def test_a_deleted_record_is_not_recreated_by_a_stale_form(db, small_book) -> None:
    contact = save(
        db, Contact, None, {"account_id": small_book["Acme Logistics"], "name": "Ana"}
    )
    opened = version_of(db, Contact, contact)
    with db.write() as session:
        session.delete(session.get(Contact, contact))

    with pytest.raises(Exception, match="no longer exists"):
        save(db, Contact, contact, {"role": "CFO"}, version=opened)


def test_an_interaction_edited_elsewhere_keeps_its_follow_up(
    db, other, small_book
) -> None:
    logged = log_interaction(
        db,
        {
            "account_id": small_book["Acme Logistics"],
            "occurred_at": NOW,
            "kind": InteractionKind.CALL,
            "summary": "Renewal call",
            "follow_up_on": date(2026, 12, 1),
        },
    )
    opened = version_of(db, Interaction, logged)
    update_interaction(other, logged, {"summary": "Renewal call, signed"})

    with pytest.raises(EditConflict, match="interaction"):
        update_interaction(
            db, logged, {"follow_up_on": date(2026, 12, 9)}, version=opened
        )

    with db.read() as session:
        item = session.query(AgendaItem).filter_by(interaction_id=logged).one()
    assert item.due_on == date(2026, 12, 1)
    assert load(db, Interaction, logged)["summary"] == "Renewal call, signed"


def test_a_deliverable_ticked_elsewhere_is_a_change_of_its_handoff(
    db, other, small_book
) -> None:
    spec = DeliverableDraft(None, "Spec", None, False)
    account = {"account_id": small_book["Acme Logistics"], "title": "Rollout"}
    handoff = save_handoff(db, None, account, [spec], NOW)
    opened = version_of(db, Handoff, handoff)
    (spec,) = deliverables_of(db, handoff)  # as the form shows it: not done
    set_deliverable_done(other, spec.id, True)

    with pytest.raises(EditConflict, match="handoff"):
        save_handoff(db, handoff, {"title": "Rollout v2"}, [spec], NOW, version=opened)

    assert deliverables_of(db, handoff)[0].done is True


ItemChange = Callable[[Database, int], object]


@pytest.mark.parametrize(
    "change",
    [
        lambda db, item: set_agenda_done(db, item, True, NOW),
        lambda db, item: snooze(db, item, TODAY),
        lambda db, item: save(db, AgendaItem, item, {"title": "Renamed"}),
    ],
    ids=["ticked", "snoozed", "edited"],
)
def test_every_change_of_an_agenda_item_is_seen_by_its_open_form(
    db, other, small_book, change: ItemChange
) -> None:
    item = save(
        db, AgendaItem, None, {"title": "Call back", "due_on": TODAY, "account_id": 1}
    )
    opened = version_of(db, AgendaItem, item)

    change(other, item)

    with pytest.raises(EditConflict):
        save(db, AgendaItem, item, {"title": "Mine"}, version=opened)


def test_archiving_and_advancing_are_changes_too(db, other, small_book) -> None:
    acme = small_book["Acme Logistics"]
    ready = {
        "account_id": acme,
        "title": "Go-live",
        "project_manager": "Paul",
        "brief": "Promised: go-live before Christmas",
        "budget": Decimal("1000"),
        "due_on": date(2026, 12, 18),
    }
    spec = DeliverableDraft(None, "Spec", None, False)
    handoff = save_handoff(db, None, ready, [spec], NOW)
    opened_client = version_of(db, Account, acme)
    opened_handoff = version_of(db, Handoff, handoff)

    archive_account(other, acme, NOW)
    advance_handoff(other, handoff, NOW)

    with pytest.raises(EditConflict):
        save(db, Account, acme, {"sector": "x"}, version=opened_client)
    with pytest.raises(EditConflict):
        save_handoff(db, handoff, {"title": "y"}, [], NOW, version=opened_handoff)
    assert load(db, Handoff, handoff)["title"] == "Go-live"
