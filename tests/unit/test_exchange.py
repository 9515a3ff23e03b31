"""The whole book as JSON: an exact round trip, and all-or-nothing imports."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from amtui.errors import AmtuiError
from amtui.store import Database, open_database
from amtui.store.exchange import export_json, import_json
from amtui.store.models import (
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
from amtui.store.schema import SCHEMA_VERSION
from amtui.vocabulary import (
    AccountPhase,
    AccountStatus,
    AccountTier,
    AgendaKind,
    HandoffStatus,
    InteractionKind,
    ObjectiveMetric,
    ObjectiveStatus,
    OpportunityStage,
    Recurrence,
    Sentiment,
)

TABLES = Base.metadata.sorted_tables
TRICKY = "Zoë 🚀 שלום [bold]x[/] [@click=app.quit]\n\ttab\r\x1b[31mred\x1b[0m\x07\x00"
AT = datetime(2026, 3, 1, 12, 30, 5, 123456, tzinfo=UTC)


def build_book(db: Database) -> None:
    """A small book touching every table, nullable field and awkward value."""
    with db.write() as session:
        acme = Account(
            name="ACME",
            sector=TRICKY,
            tier=AccountTier.KEY,
            phase=AccountPhase.LOYALTY,
            status=AccountStatus.AT_RISK,
            owner="Ana",
            cadence_days=7,
            notes="line one\nline two [/]",
            tags="a,b",
            created_at=AT,
            updated_at=datetime(2026, 3, 2, 9, 0, tzinfo=timezone(timedelta(hours=2))),
        )
        old_acme = Account(name="acme ", archived=True, created_at=AT, updated_at=AT)
        bare = Account(name="[bold]Bare[/]")
        session.add_all([acme, old_acme, bare])
        session.flush()
        zoe = Contact(
            account=acme,
            name="Zoë ✨",
            role=TRICKY,
            email="zoe@example.com",
            phone="+33 1 23",
            birthday_month=2,
            birthday_day=29,
            notes="likes tea",
        )
        nameless = Contact(account=bare, name="No Birthday Year")
        nameless.birthday_month, nameless.birthday_day = 12, 31
        session.add_all([zoe, nameless])
        session.flush()
        session.add_all(
            [
                Interaction(
                    account_id=acme.id,
                    contact_id=zoe.id,
                    occurred_at=AT,
                    kind=InteractionKind.GIFT,
                    summary="flowers 💐",
                    details=TRICKY,
                    sentiment=Sentiment.POSITIVE,
                    follow_up_on=date(2026, 3, 8),
                ),
                Interaction(
                    account_id=bare.id,
                    occurred_at=datetime(1999, 12, 31, 23, 59, 59, tzinfo=UTC),
                    kind=InteractionKind.NOTE,
                    summary="[/]",
                ),
                Opportunity(
                    account_id=acme.id, title="renewal", amount=Decimal("0.01")
                ),
                Opportunity(
                    account_id=acme.id,
                    title="big",
                    amount=Decimal("12345678.90"),
                    stage=OpportunityStage.WON,
                    expected_close_on=date(2026, 6, 30),
                    closed_on=date(2026, 6, 1),
                ),
            ]
        )
        handoff = Handoff(
            account_id=acme.id,
            title="Rollout",
            project_manager="Pat",
            brief=TRICKY,
            budget=Decimal("1200.50"),
            currency="USD",
            start_on=date(2026, 4, 1),
            due_on=date(2026, 5, 1),
            status=HandoffStatus.IN_PROGRESS,
        )
        session.add(handoff)
        session.flush()
        flowers = session.scalar(
            select(Interaction.id).where(Interaction.kind == InteractionKind.GIFT)
        )
        session.add_all(
            [
                Handoff(account_id=bare.id, title="Empty"),
                Deliverable(handoff_id=handoff.id, title="plan", done=True),
                Deliverable(
                    handoff_id=handoff.id, title="build", due_on=date(2026, 4, 9)
                ),
                HandoffStatusChange(
                    handoff_id=handoff.id, to_status=HandoffStatus.DRAFT, changed_at=AT
                ),
                HandoffStatusChange(
                    handoff_id=handoff.id,
                    from_status=HandoffStatus.DRAFT,
                    to_status=HandoffStatus.IN_PROGRESS,
                ),
                AgendaItem(
                    account_id=acme.id,
                    interaction_id=flowers,
                    due_on=date(2026, 3, 8),
                    due_time=time(9, 30, 15, 250),
                    title="call back",
                    kind=AgendaKind.FOLLOW_UP,
                    recurrence=Recurrence.WEEKLY,
                    done_at=AT,
                ),
                AgendaItem(handoff_id=handoff.id, due_on=date(2026, 5, 1), title="due"),
                AgendaItem(due_on=date(2026, 1, 1), title="standalone"),
                Objective(
                    period="2026-Q4",
                    metric=ObjectiveMetric.REVENUE,
                    target=Decimal("250000.00"),
                    manual_actual=Decimal("-3.10"),
                ),
                Objective(
                    period="2026",
                    metric=ObjectiveMetric.CUSTOM,
                    text=TRICKY,
                    status=ObjectiveStatus.ON_TRACK,
                ),
            ]
        )


def all_rows(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, all columns, by primary key."""
    with db.read() as session:
        return {
            table.name: [
                tuple(row)
                for row in session.execute(
                    select(table).order_by(*table.primary_key.columns)
                )
            ]
            for table in TABLES
        }


def exported(db: Database) -> str:
    out = io.StringIO()
    export_json(db, out)
    return out.getvalue()


def tables_text(document: str) -> str:
    return document.split('"tables": ', 1)[1]


@pytest.fixture
def book(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "book.db")
    build_book(db)
    yield db
    db.close()


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "target.db")
    yield db
    db.close()


@pytest.fixture
def document(book: Database) -> dict[str, Any]:
    return json.loads(exported(book))


def round_trip(source: Database, target: Database, path: Path) -> str:
    text = exported(source)
    path.write_text(text, encoding="utf-8")
    import_json(target, path)
    return text


def test_round_trip_is_exact(book: Database, target: Database, tmp_path: Path) -> None:
    text = round_trip(book, target, tmp_path / "book.json")

    assert all(all_rows(book).values()), "the book should fill every table"
    assert all_rows(target) == all_rows(book)
    assert tables_text(exported(target)) == tables_text(text)


def test_round_trip_keeps_tricky_values(book: Database, target: Database, tmp_path):
    round_trip(book, target, tmp_path / "book.json")

    with target.read() as session:
        acme = session.scalars(select(Account).where(Account.name == "ACME")).one()
        amounts = session.scalars(select(Opportunity.amount).order_by(Opportunity.id))
        assert acme.sector == TRICKY
        assert acme.updated_at == datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
        assert acme.created_at == AT
        assert list(amounts) == [Decimal("0.01"), Decimal("12345678.90")]
        nameless = session.scalars(select(Contact).where(Contact.birthday_day == 31))
        assert nameless.one().birthday_year is None


def test_export_format(book: Database) -> None:
    out = io.StringIO()
    counts: list[tuple[int, int]] = []

    written = export_json(
        book, out, progress=lambda done, total: counts.append((done, total))
    )

    document = json.loads(out.getvalue())
    assert document["format"] == "amtui-book"
    assert document["format_version"] == 1
    assert document["schema_version"] == SCHEMA_VERSION
    assert datetime.fromisoformat(document["exported_at"]).utcoffset() == timedelta(0)
    assert list(document["tables"]) == [table.name for table in TABLES]
    assert written == sum(len(rows) for rows in document["tables"].values())
    assert counts[-1] == (written, written)
    account = document["tables"]["account"][0]
    columns = list(Base.metadata.tables["account"].columns.keys())
    derived = {"last_contact_at", "version"}
    assert list(account) == [name for name in columns if name not in derived]
    assert account["created_at"] == "2026-03-01T12:30:05.123456+00:00"
    assert account["updated_at"] == "2026-03-02T07:00:00+00:00"
    assert account["tier"] == "key"
    assert account["archived"] is False
    assert account["owner"] == "Ana"
    assert document["tables"]["account"][2]["owner"] is None
    handoff = document["tables"]["handoff"][0]
    assert handoff["budget"] == "1200.50"
    assert document["tables"]["agenda_item"][0]["due_time"] == "09:30:15.000250"
    assert document["tables"]["deliverable"][0]["done"] is True
    assert document["tables"]["opportunity"][1]["amount"] == "12345678.90"


def test_export_writes_one_row_a_line(book: Database) -> None:
    lines = exported(book).splitlines()

    records = [line for line in lines if line.startswith('{"id"')]
    assert len(records) == sum(len(rows) for rows in all_rows(book).values())
    assert all(json.loads(line.rstrip(",")) for line in records)


def test_empty_book_round_trips(target: Database, tmp_path: Path) -> None:
    empty = open_database(tmp_path / "empty.db")
    path = tmp_path / "empty.json"
    path.write_text(exported(empty), encoding="utf-8")

    counts = import_json(target, path)

    assert counts == {table.name: 0 for table in TABLES}
    empty.close()


def test_import_reports_counts_and_progress(book: Database, target: Database, tmp_path):
    path = tmp_path / "book.json"
    path.write_text(exported(book), encoding="utf-8")
    seen: list[tuple[int, int]] = []

    counts = import_json(
        target, path, progress=lambda done, total: seen.append((done, total))
    )

    expected = {name: len(rows) for name, rows in all_rows(book).items()}
    assert counts == expected
    assert seen[-1] == (sum(expected.values()), sum(expected.values()))


def test_import_accepts_other_offsets_numbers_and_defaults(target: Database, tmp_path):
    document = {
        "format": "amtui-book",
        "format_version": 1,
        "schema_version": SCHEMA_VERSION,
        "tables": {
            "account": [{"id": 5, "name": " Solo ", "name_key": "stale"}],
            "opportunity": [
                {
                    "id": 1,
                    "account_id": 5,
                    "title": "t",
                    "amount": 12.5,
                    "created_at": "2026-01-01T10:00:00+05:30",
                    "updated_at": "2026-01-01T04:30:00Z",
                }
            ],
        },
    }
    path = tmp_path / "book.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    import_json(target, path)

    with target.read() as session:
        solo = session.get(Account, 5)
        deal = session.get(Opportunity, 1)
        assert (solo.name, solo.name_key, solo.cadence_days) == (" Solo ", "solo", 30)
        assert solo.tier is AccountTier.STANDARD
        assert solo.archived is False
        assert solo.created_at.tzinfo is not None
        assert deal.amount == Decimal("12.50")
        assert (
            deal.created_at
            == deal.updated_at
            == datetime(2026, 1, 1, 4, 30, tzinfo=UTC)
        )


# --- refusals -----------------------------------------------------------------------

Change = Callable[[dict[str, Any]], None]


def _set(table: str, index: int, field: str, value: Any) -> Change:
    def change(document: dict[str, Any]) -> None:
        document["tables"][table][index][field] = value

    return change


def _drop(table: str, index: int, field: str) -> Change:
    def change(document: dict[str, Any]) -> None:
        del document["tables"][table][index][field]

    return change


def _top(key: str, value: Any) -> Change:
    def change(document: dict[str, Any]) -> None:
        document[key] = value

    return change


def _duplicate_contact(document: dict[str, Any]) -> None:
    contacts = document["tables"]["contact"]
    contacts.append(copy.deepcopy(contacts[0]))


def _unknown_table(document: dict[str, Any]) -> None:
    document["tables"]["widget"] = []


def _row_not_object(document: dict[str, Any]) -> None:
    document["tables"]["deliverable"][1] = [1, 2]


def _both(*changes: Change) -> Change:
    def change(document: dict[str, Any]) -> None:
        for one in changes:
            one(document)

    return change


BAD_RECORDS = {
    "blank name": (
        _set("account", 0, "name", "   "),
        "account[0] (id 1): refused by the database (CHECK constraint failed: "
        "ck_account_name_not_blank)",
    ),
    "empty summary": (
        _set("interaction", 0, "summary", ""),
        "interaction[0] (id 1): refused by the database (CHECK constraint failed: "
        "ck_interaction_summary_not_blank)",
    ),
    "period": (
        _set("objective", 0, "period", "garbage"),
        "objective[0] (id 1): period 'garbage' is not a year, a month or a quarter",
    ),
    "31 February": (
        _both(
            _set("contact", 0, "birthday_month", 2),
            _set("contact", 0, "birthday_day", 31),
            _set("contact", 0, "birthday_year", None),
        ),
        "contact[0] (id 1): --02-31 is not a date",
    ),
    "half a birthday": (
        _both(
            _set("contact", 0, "birthday_month", 2),
            _set("contact", 0, "birthday_day", None),
        ),
        "contact[0] (id 1): a birthday needs both its month and its day",
    ),
    "ancient instant": (
        _set("interaction", 0, "occurred_at", "0001-01-01T00:00:00+00:00"),
        "interaction[0] (id 1): occurred_at '0001-01-01T00:00:00+00:00' is out of "
        "range (years 1900 to 2200)",
    ),
    "far date": (
        _set("agenda_item", 0, "due_on", "9999-12-31"),
        "agenda_item[0] (id 1): due_on '9999-12-31' is out of range (years 1900 to 2200)",
    ),
    "enum": (
        _set("interaction", 0, "kind", "phone"),
        "interaction[0] (id 1): kind 'phone' is not one of call, meeting, email, "
        "visit, note, gift",
    ),
    "missing": (
        _drop("account", 2, "name"),
        "account[2] (id 3): missing required field 'name'",
    ),
    "missing id": (
        _drop("contact", 1, "id"),
        "contact[1]: missing required field 'id'",
    ),
    "null": (
        _set("interaction", 1, "summary", None),
        "interaction[1] (id 2): summary must not be null",
    ),
    "dangling": (
        _set("contact", 0, "account_id", 999),
        "contact[0] (id 1): account_id 999 refers to no account",
    ),
    "dangling optional": (
        _set("agenda_item", 1, "handoff_id", 42),
        "agenda_item[1] (id 2): handoff_id 42 refers to no handoff",
    ),
    "dangling follow-up": (
        _set("agenda_item", 2, "interaction_id", 7),
        "agenda_item[2] (id 3): interaction_id 7 refers to no interaction",
    ),
    "unknown field": (
        _set("handoff", 0, "colour", "red"),
        "handoff[0] (id 1): unknown field 'colour'",
    ),
    "too long": (
        _set("account", 0, "name", "x" * 201),
        "account[0] (id 1): name is 201 characters long: at most 200",
    ),
    "long text too long": (
        _set("interaction", 0, "details", "x" * 20_001),
        "interaction[0] (id 1): details is 20,001 characters long: at most 20,000",
    ),
    "bool as int": (
        _set("account", 1, "cadence_days", True),
        "account[1] (id 2): cadence_days must be an integer, not true",
    ),
    "float as int": (
        _set("contact", 0, "birthday_day", 12.0),
        "contact[0] (id 1): birthday_day must be an integer, not 12.0",
    ),
    "int as bool": (
        _set("deliverable", 0, "done", 1),
        "deliverable[0] (id 1): done must be true or false, not 1",
    ),
    "number as text": (
        _set("account", 0, "owner", 7),
        "account[0] (id 1): owner must be a string, not 7",
    ),
    "naive instant": (
        _set("interaction", 0, "occurred_at", "2026-03-01T12:30:05"),
        "interaction[0] (id 1): occurred_at '2026-03-01T12:30:05' has no UTC offset",
    ),
    "bad instant": (
        _set("account", 0, "created_at", "yesterday"),
        "account[0] (id 1): created_at 'yesterday' is not an ISO 8601 date and time",
    ),
    "bad date": (
        _set("agenda_item", 0, "due_on", "2026-02-30"),
        "agenda_item[0] (id 1): due_on '2026-02-30' is not an ISO 8601 date",
    ),
    "zoned time": (
        _set("agenda_item", 0, "due_time", "09:30+01:00"),
        "agenda_item[0] (id 1): due_time '09:30+01:00' must be a local time",
    ),
    "lone surrogate": (
        _set("contact", 0, "notes", "a\ud800"),
        "contact[0] (id 1): notes is not valid Unicode text",
    ),
    "bad time": (
        _set("agenda_item", 0, "due_time", "25:00"),
        "agenda_item[0] (id 1): due_time '25:00' is not an ISO 8601 time",
    ),
    "cents": (
        _set("opportunity", 0, "amount", "1.234"),
        "opportunity[0] (id 1): amount '1.234' has more than two decimal places",
    ),
    "NaN text": (
        _set("handoff", 0, "budget", "NaN"),
        "handoff[0] (id 1): budget 'NaN' is not a decimal amount",
    ),
    "money garbage": (
        _set("objective", 0, "target", " 1_000"),
        "objective[0] (id 1): target ' 1_000' is not a decimal amount such as '1200.50'",
    ),
    "money bool": (
        _set("objective", 0, "target", False),
        "objective[0] (id 1): target must be a decimal amount, not false",
    ),
    "money huge": (
        _set("opportunity", 0, "amount", "100000000000000000"),
        "opportunity[0] (id 1): amount '100000000000000000' is more than this book "
        "can hold",
    ),
    "duplicate key": (
        _duplicate_contact,
        "contact[2] (id 1): duplicate primary key, already used by contact[0] (id 1)",
    ),
    "live name": (
        _set("account", 2, "name", " acme"),
        "account[2] (id 3): name ' acme' is already used by live account[0] (id 1)",
    ),
    "check constraint": (
        _set("account", 2, "cadence_days", 0),
        "account[2] (id 3): refused by the database (CHECK constraint failed",
    ),
    "row not an object": (
        _row_not_object,
        "deliverable[1]: a row must be an object, not [1, 2]",
    ),
    "unknown table": (_unknown_table, "unknown table 'widget' (expected account, "),
    "wrong format": (
        _top("format", "other"),
        'is not an amtui book (no "format": "amtui-book")',
    ),
    "newer format": (
        _top("format_version", 2),
        "newer amtui (format_version 2, this amtui reads up to 1)",
    ),
    "newer schema": (
        _top("schema_version", SCHEMA_VERSION + 1),
        f"newer amtui (schema_version {SCHEMA_VERSION + 1}",
    ),
    "no schema": (
        _top("schema_version", None),
        "schema_version must be a positive integer, not null",
    ),
    "tables not object": (_top("tables", []), '"tables" must be an object'),
    "unknown header": (_top("comment", "hi"), "unknown top-level field 'comment'"),
}


def assert_empty(db: Database) -> None:
    with db.read() as session:
        for table in TABLES:
            assert (
                session.execute(select(func.count()).select_from(table)).scalar_one()
                == 0
            )


def import_text(target: Database, path: Path, text: str) -> str:
    """Import `text`, expecting a refusal that leaves `target` empty; its message."""
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AmtuiError) as refusal:
        import_json(target, path)
    assert_empty(target)
    message = str(refusal.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("change", "expected"), BAD_RECORDS.values(), ids=BAD_RECORDS.keys()
)
def test_bad_import_changes_nothing(
    document: dict[str, Any],
    target: Database,
    tmp_path: Path,
    change: Change,
    expected: str,
) -> None:
    change(document)

    message = import_text(target, tmp_path / "bad.json", json.dumps(document))

    assert expected in message


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("NaN", "NaN is not a finite amount"),
        ("Infinity", "Infinity is not a finite amount"),
        ("-Infinity", "-Infinity is not a finite amount"),
        ("1e999999", "1E+999999 is more than this book can hold"),
        ("1.001", "1.001 has more than two decimal places"),
    ],
)
def test_unusable_json_numbers_are_refused(document, target, tmp_path, number, problem):
    document["tables"]["opportunity"][1]["amount"] = "AMOUNT"
    text = json.dumps(document).replace('"AMOUNT"', number)

    message = import_text(target, tmp_path / "bad.json", text)

    assert f"opportunity[1] (id 2): amount {problem}" in message


def test_database_refusal_mid_batch_names_the_record(
    document, target: Database, tmp_path
):
    deals = document["tables"]["opportunity"]
    deals[1]["amount"] = "-5.00"

    message = import_text(target, tmp_path / "bad.json", json.dumps(document))

    assert (
        "opportunity[1] (id 2): refused by the database (CHECK constraint failed"
        in message
    )


def test_non_empty_target_is_refused(book: Database, tmp_path: Path) -> None:
    path = tmp_path / "book.json"
    path.write_text(exported(book), encoding="utf-8")
    before = all_rows(book)

    with pytest.raises(AmtuiError, match="is not empty; import restores a whole book"):
        import_json(book, path)

    assert all_rows(book) == before


def test_non_json_file_is_refused(target: Database, tmp_path: Path) -> None:
    message = import_text(target, tmp_path / "book.json", "name,sector\nACME,retail\n")

    assert "is not valid JSON" in message


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.999])
def test_truncated_file_is_refused(book: Database, target: Database, tmp_path, keep):
    text = exported(book)

    message = import_text(target, tmp_path / "book.json", text[: int(len(text) * keep)])

    assert "is truncated" in message


def test_non_utf8_file_is_refused(target: Database, tmp_path: Path) -> None:
    path = tmp_path / "book.json"
    path.write_bytes(b'{"format": "\xff"}')

    with pytest.raises(AmtuiError, match="not UTF-8"):
        import_json(target, path)


def test_missing_file_is_refused(target: Database, tmp_path: Path) -> None:
    with pytest.raises(AmtuiError, match=r"cannot read .*missing\.json"):
        import_json(target, tmp_path / "missing.json")


def version_1(document: dict[str, Any]) -> dict[str, Any]:
    """`document` as amtui wrote it at schema version 1: no agenda item links."""
    document["schema_version"] = 1
    for item in document["tables"]["agenda_item"]:
        del item["interaction_id"]
    return document


def test_a_version_1_export_imports_into_the_current_schema(
    book: Database, document: dict[str, Any], target: Database, tmp_path: Path
) -> None:
    path = tmp_path / "v1.json"
    path.write_text(json.dumps(version_1(document)), encoding="utf-8")

    import_json(target, path)

    imported, original = all_rows(target), all_rows(book)
    link = AgendaItem.__table__.columns.keys().index("interaction_id")
    assert [row[link] for row in original["agenda_item"]] == [1, None, None]
    assert [row[link] for row in imported["agenda_item"]] == [None, None, None]
    unlinked = [
        (*row[:link], None, *row[link + 1 :]) for row in original["agenda_item"]
    ]
    assert imported == original | {"agenda_item": unlinked}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        BAD_RECORDS["unknown field"],
        BAD_RECORDS["missing"],
        BAD_RECORDS["enum"],
        BAD_RECORDS["live name"],
    ],
)
def test_a_version_1_export_is_checked_as_strictly(
    document, target: Database, tmp_path: Path, change: Change, expected: str
) -> None:
    change(version_1(document))

    message = import_text(target, tmp_path / "v1.json", json.dumps(document))

    assert expected in message


def test_seeded_book_round_trips(target: Database, tmp_path: Path) -> None:
    seed = pytest.importorskip("amtui.store.seed")
    source = open_database(tmp_path / "seeded.db")
    seed.seed_book(source, 30, today=date(2026, 11, 23))

    text = round_trip(source, target, tmp_path / "seeded.json")

    assert all_rows(target) == all_rows(source)
    assert tables_text(exported(target)) == tables_text(text)
    source.close()
