"""The agenda as an iCalendar file: parsed back with the `icalendar` library and
checked event by event."""

from __future__ import annotations

import io
import time as clock
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from breakage import amtui_here
from icalendar import Calendar
from sqlalchemy import select

from amtui.store import Database, open_database
from amtui.store.calendar import export_ics
from amtui.store.models import AgendaItem, Contact, Deliverable, Handoff
from amtui.vocabulary import HandoffStatus
from conftest import TODAY, add_account, build_small_book

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
HOSTILE = "[bold]Lunch[/]\x1b]0;pwned\x07\nsecond line; with, commas"


@pytest.fixture
def book(db: Database) -> dict[str, int]:
    ids = build_small_book(db)
    acme = ids["Acme Logistics"]
    gone = add_account(db, "Gone Ltd", archived=True)
    with db.write() as session:
        session.add_all(
            [
                AgendaItem(
                    account_id=acme,
                    due_on=TODAY + timedelta(days=1),
                    due_time=time(14, 30),
                    title=HOSTILE,
                ),
                AgendaItem(
                    account_id=gone, due_on=TODAY, title="Of an archived client"
                ),
                Contact(
                    account_id=acme,
                    name="Born 1985",
                    birthday_month=3,
                    birthday_day=14,
                    birthday_year=1985,
                ),
                Contact(
                    account_id=acme, name="No year", birthday_month=7, birthday_day=21
                ),
                Contact(
                    account_id=acme, name="Leap", birthday_month=2, birthday_day=29
                ),
                Contact(
                    account_id=gone, name="Archived", birthday_month=1, birthday_day=1
                ),
            ]
        )
        wms = session.scalar(select(Handoff).where(Handoff.title == "WMS rollout"))
        session.add(Deliverable(handoff_id=wms.id, title="Training", due_on=TODAY))
        session.add(
            Handoff(
                account_id=gone,
                title="Archived handoff",
                due_on=TODAY,
                status=HandoffStatus.DRAFT,
            )
        )
    return ids


def exported(db: Database) -> str:
    out = io.StringIO()
    export_ics(db, out, now=NOW)
    return out.getvalue()


def events(text: str) -> dict[str, dict]:
    calendar = Calendar.from_ical(text)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def ids_of(db: Database, model: type, **where: object) -> dict[str, int]:
    with db.read() as session:
        rows = session.scalars(select(model).filter_by(**where))
        return {getattr(row, "title", None) or row.name: row.id for row in rows}


def test_every_event_is_checked(db: Database, book: dict[str, int]) -> None:
    text = exported(db)
    calendar = Calendar.from_ical(text)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]).startswith("-//amtui//")
    found = events(text)
    items = ids_of(db, AgendaItem, done_at=None)
    contacts = ids_of(db, Contact)
    handoffs = ids_of(db, Handoff)
    deliverables = ids_of(db, Deliverable)
    expected = {
        f"agenda-{items[title]}@amtui"
        for title in items
        if title != "Of an archived client"
    } | {
        f"handoff-{handoffs['WMS rollout']}@amtui",  # not the closed one, nor undated
        f"deliverable-{deliverables['Training']}@amtui",
        *(f"birthday-{contacts[n]}@amtui" for n in ("Born 1985", "No year", "Leap")),
    }
    assert set(found) == expected
    for event in found.values():  # RFC 5545: both on every component
        assert event["DTSTAMP"].dt == NOW

    send = found[f"agenda-{items['Send QBR deck']}@amtui"]
    assert str(send["SUMMARY"]) == "Send QBR deck · Acme Logistics"
    assert send["DTSTART"].dt == TODAY - timedelta(days=2)  # an all-day date
    assert not isinstance(send["DTSTART"].dt, datetime)
    assert send["DTEND"].dt == TODAY - timedelta(days=1)
    assert str(send["TRANSP"]) == "TRANSPARENT"
    assert "RRULE" not in send
    loose = found[f"agenda-{items['Prepare pipeline review']}@amtui"]
    assert str(loose["SUMMARY"]) == "Prepare pipeline review"  # no client

    timed = found[f"agenda-{items[HOSTILE]}@amtui"]
    start = datetime.combine(TODAY + timedelta(days=1), time(14, 30)).astimezone()
    assert timed["DTSTART"].dt == start
    assert timed["DTSTART"].dt.utcoffset() == timedelta(0)  # written as UTC (Z)
    assert timed["DTEND"].dt - timed["DTSTART"].dt == timedelta(minutes=30)
    assert str(timed["SUMMARY"]) == (
        "[bold]Lunch[/]]0;pwned second line; with, commas · Acme Logistics"
    )

    handoff = found[f"handoff-{handoffs['WMS rollout']}@amtui"]
    assert str(handoff["SUMMARY"]) == "Handoff due: WMS rollout · Acme Logistics"
    assert handoff["DTSTART"].dt == TODAY + timedelta(days=20)
    deliverable = found[f"deliverable-{deliverables['Training']}@amtui"]
    assert str(deliverable["SUMMARY"]) == (
        "Deliverable due: Training (WMS rollout) · Acme Logistics"
    )

    born = found[f"birthday-{contacts['Born 1985']}@amtui"]
    assert str(born["SUMMARY"]) == "Birthday: Born 1985 · Acme Logistics"
    assert born["DTSTART"].dt == date(1985, 3, 14)
    assert born["DTEND"].dt == date(1985, 3, 15)
    assert born["RRULE"] == {"FREQ": ["YEARLY"]}
    assert found[f"birthday-{contacts['No year']}@amtui"]["DTSTART"].dt == date(
        2000, 7, 21
    )
    leap = found[f"birthday-{contacts['Leap']}@amtui"]
    assert leap["DTSTART"].dt == date(2000, 2, 29)
    assert leap["RRULE"] == {"FREQ": ["YEARLY"], "BYMONTH": [2], "BYMONTHDAY": [-1]}


@pytest.fixture
def paris(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The local time zone is Paris's meanwhile."""
    monkeypatch.setenv("TZ", "Europe/Paris")
    clock.tzset()
    yield
    monkeypatch.undo()
    clock.tzset()


def test_a_local_time_is_written_in_utc(db: Database, paris: None) -> None:
    with db.write() as session:
        session.add(AgendaItem(due_on=date(2026, 7, 1), due_time=time(9), title="Call"))
        session.add(
            AgendaItem(due_on=date(2026, 12, 1), due_time=time(9), title="Visit")
        )
    text = exported(db)
    assert "DTSTART:20260701T070000Z" in text  # summer time: UTC+2
    assert "DTSTART:20261201T080000Z" in text  # winter time: UTC+1


def test_the_file_is_well_formed(db: Database, book: dict[str, int]) -> None:
    text = exported(db)
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    lines = text.split("\r\n")[:-1]
    assert all("\n" not in line and "\r" not in line for line in lines)
    assert all(len(line.encode()) <= 75 for line in lines)  # folded
    assert not any(char in text for char in "\x1b\x07\x00")  # no controls inside
    assert text.count("BEGIN:VEVENT") == text.count("END:VEVENT") == len(events(text))


def test_uids_are_stable_across_exports(db: Database, book: dict[str, int]) -> None:
    first = exported(db)
    with db.write() as session:
        session.add(AgendaItem(due_on=TODAY, title="New one"))
    second = exported(db)
    assert set(events(first)) < set(events(second))
    assert len(events(second)) == len(events(first)) + 1
    for uid, event in events(first).items():
        assert events(second)[uid].to_ical() == event.to_ical()


def test_done_items_and_finished_handoffs_leave(
    db: Database, book: dict[str, int]
) -> None:
    with db.write() as session:
        for item in session.scalars(select(AgendaItem)):
            item.done_at = NOW
        for handoff in session.scalars(select(Handoff)):
            handoff.status = HandoffStatus.DELIVERED
        for contact in session.scalars(select(Contact)):
            contact.birthday_month = contact.birthday_day = contact.birthday_year = None
    text = exported(db)
    assert events(text) == {}
    assert Calendar.from_ical(text)["PRODID"]


def test_an_empty_book(db: Database) -> None:
    assert events(exported(db)) == {}


def test_progress_counts_events(db: Database, book: dict[str, int]) -> None:
    seen: list[tuple[int, int]] = []
    count = export_ics(db, io.StringIO(), now=NOW, progress=lambda *p: seen.append(p))
    assert seen[0] == (0, count)
    assert seen[-1] == (count, count)


def test_the_command_line(db_path: Path, tmp_path: Path) -> None:
    db = open_database(db_path)
    build_small_book(db)
    db.close()
    out = tmp_path / "agenda.ics"
    result = amtui_here(
        "export", "--format", "ics", "--out", str(out), "--db", str(db_path)
    )
    assert result.returncode == 0, result.stderr
    count = len(events(out.read_text(encoding="utf-8")))
    assert result.stderr == f"Exported {count} events to {out}\n"
    assert out.stat().st_mode & 0o777 == 0o600
    piped = amtui_here("export", "--format", "ics", "--db", str(db_path))
    assert set(events(piped.stdout)) == set(events(out.read_text(encoding="utf-8")))
