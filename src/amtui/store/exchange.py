"""The whole book as one JSON document: streamed out, validated and restored in one go.

The document is `{"format": "amtui-book", "format_version": 1, "schema_version": n,
"exported_at": "...", "tables": {"account": [{...}, ...], ...}}`, tables parents
first, rows by primary key, one row a line. Every column is written and read through
a codec chosen from its SQLAlchemy type, so a new column needs no change here.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any, TextIO, TypeVar

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Enum,
    Integer,
    String,
    Table,
    Time,
    func,
    insert,
    select,
)
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from amtui.domain.values import amount_problem, text_problem
from amtui.errors import AmtuiError
from amtui.store import indexing
from amtui.store.database import Database, filled_table
from amtui.store.models import (
    DERIVED,
    YEARS,
    Base,
    birthday_problem,
    is_period,
    name_key,
    text_limit,
    utcnow,
)
from amtui.store.schema import SCHEMA_VERSION
from amtui.store.types import Money, UTCDateTime

FORMAT = "amtui-book"
FORMAT_VERSION = 1
BATCH_SIZE = 1000
INT_MIN, INT_MAX = -(2**63), 2**63 - 1  # a signed 64-bit column: SQLite's, BigInteger
CENT = Decimal("0.01")
DECIMAL_TEXT = re.compile(r"-?[0-9]+(\.[0-9]+)?")
SHOWN_MAX = 60

Progress = Callable[[int, int], None]
D = TypeVar("D", date, datetime)
Record = dict[str, Any]

TABLES: tuple[Table, ...] = tuple(Base.metadata.sorted_tables)
HEADER_KEYS = {"format", "format_version", "schema_version", "exported_at", "tables"}
# Rules that span a row's columns: each returns why the row is impossible, or "".
ROW_RULES: dict[str, Callable[[Record], str]] = {
    "contact": lambda row: birthday_problem(
        row["birthday_month"], row["birthday_day"], row["birthday_year"]
    ),
    "objective": lambda row: (
        ""
        if is_period(row["period"])
        else f"period {_show(row['period'])} is not a year, a month or a quarter "
        "(2026, 2026-11, 2026-Q4)"
    ),
}
# Columns recomputed from another column of their row on import, never trusted.
RECOMPUTED: dict[str, dict[str, tuple[str, Callable[[str], str]]]] = {
    "account": {"name_key": ("name", name_key)},
}


class _Invalid(Exception):
    """A JSON value that does not fit its column; the message says why."""


@dataclass(frozen=True)
class _Codec:
    """How one column type's (non-null) values become JSON and come back."""

    encode: Callable[[Any], Any]
    decode: Callable[[Any], Any]


# --- values -------------------------------------------------------------------------


def _show(value: Any) -> str:
    """A JSON value as one short line for an error message."""
    if isinstance(value, str):
        text = repr(value)
    elif isinstance(value, Decimal):
        text = str(value)
    else:
        text = json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= SHOWN_MAX else text[: SHOWN_MAX - 3] + "..."


def _same(value: Any) -> Any:
    return value


def _iso(value: date | time | datetime) -> str:
    return value.isoformat()


def _enum_value(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def _money_text(value: Decimal) -> str:
    return format(value, "f")


def _string(value: Any, expected: str) -> str:
    if not isinstance(value, str):
        raise _Invalid(f"must be {expected}, not {_show(value)}")
    return value


def _decode_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Invalid(f"must be an integer, not {_show(value)}")
    if not INT_MIN <= value <= INT_MAX:
        raise _Invalid(f"{value} is out of range")
    return value


def _decode_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Invalid(f"must be true or false, not {_show(value)}")
    return value


def _decode_text(limit: int, value: Any) -> str:
    text = _string(value, "a string")
    if problem := text_problem(text, limit=limit):
        raise _Invalid(problem)
    return text


def _decode_enum(values: Sequence[str], value: Any) -> str:
    if value not in values:
        raise _Invalid(f"{_show(value)} is not one of {', '.join(values)}")
    return value


def _decode_instant(value: Any) -> datetime:
    text = _string(value, "an ISO 8601 date and time with a UTC offset")
    try:
        instant = datetime.fromisoformat(text)
    except ValueError:
        raise _Invalid(f"{_show(value)} is not an ISO 8601 date and time") from None
    if instant.tzinfo is None:
        raise _Invalid(f"{_show(value)} has no UTC offset")
    try:
        return _in_years(value, instant.astimezone(UTC))
    except OverflowError:
        raise _Invalid(f"{_show(value)} is out of range") from None


def _decode_date(value: Any) -> date:
    try:
        day = date.fromisoformat(_string(value, "an ISO 8601 date"))
    except ValueError:
        raise _Invalid(f"{_show(value)} is not an ISO 8601 date") from None
    return _in_years(value, day)


def _in_years(value: Any, moment: D) -> D:
    if moment.year not in YEARS:
        first, last = YEARS[0], YEARS[-1]
        raise _Invalid(f"{_show(value)} is out of range (years {first} to {last})")
    return moment


def _decode_time(value: Any) -> time:
    try:
        moment = time.fromisoformat(_string(value, "an ISO 8601 time"))
    except ValueError:
        raise _Invalid(f"{_show(value)} is not an ISO 8601 time") from None
    if moment.tzinfo is not None:
        raise _Invalid(f"{_show(value)} must be a local time, without a UTC offset")
    return moment


def _decode_money(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise _Invalid(f"must be a decimal amount, not {_show(value)}")
    if isinstance(value, str) and not DECIMAL_TEXT.fullmatch(value):
        raise _Invalid(f"{_show(value)} is not a decimal amount such as '1200.50'")
    amount = Decimal(value)
    if problem := amount_problem(abs(amount)):  # an older book may hold a negative
        raise _Invalid(f"{_show(value)} {problem}")
    if amount != amount.quantize(CENT):
        raise _Invalid(f"{_show(value)} has more than two decimal places")
    return amount


def _codec(column_type: TypeEngine[Any]) -> _Codec:
    """The codec for a column type (decorated types before the types they extend)."""
    match column_type:
        case UTCDateTime():
            return _Codec(_iso, _decode_instant)
        case Money():
            return _Codec(_money_text, _decode_money)
        case Enum():
            return _Codec(_enum_value, partial(_decode_enum, column_type.enums))
        case Boolean():
            return _Codec(_same, _decode_bool)
        case Integer():
            return _Codec(_same, _decode_int)
        case String():
            return _Codec(_same, partial(_decode_text, text_limit(column_type)))
        case Date():
            return _Codec(_iso, _decode_date)
        case Time():
            return _Codec(_iso, _decode_time)
    raise TypeError(f"no JSON form for column type {column_type!r}")


def _codecs(table: Table) -> list[tuple[Column[Any], _Codec]]:
    """The exchanged columns (not those the book derives itself) and their codecs."""
    return [
        (column, _codec(column.type))
        for column in table.columns
        if not column.info.get(DERIVED)
    ]


# --- export -------------------------------------------------------------------------


def export_json(db: Database, out: TextIO, *, progress: Progress | None = None) -> int:
    """Write the whole book to `out` as JSON, row by row; return the rows written."""
    try:
        with db.read() as session:  # one transaction: a consistent snapshot
            return _write_book(session, out, progress or _quiet)
    except DBAPIError as error:
        raise AmtuiError(f"cannot export {db.path}: {error.orig}") from error


def _quiet(_done: int, _total: int) -> None:
    """Progress that shows nothing."""


def _write_book(session: Session, out: TextIO, progress: Progress) -> int:
    total = sum(_count(session, table) for table in TABLES)
    written = 0
    progress(written, total)
    out.write(_header())
    for position, table in enumerate(TABLES):
        out.write(f"{',' if position else ''}\n{json.dumps(table.name)}: [")
        for index, line in enumerate(_row_lines(session, table)):
            out.write(f"{',' if index else ''}\n{line}")
            written += 1
            if written % BATCH_SIZE == 0:
                progress(written, total)
        out.write("\n]")
    out.write("\n}}\n")
    progress(written, total)
    return written


def _count(session: Session, table: Table) -> int:
    return session.execute(select(func.count()).select_from(table)).scalar_one()


def _header() -> str:
    """The document's opening, up to and including the `tables` object's brace."""
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_version": SCHEMA_VERSION,
        "exported_at": utcnow().isoformat(timespec="seconds"),
    }
    fields = "".join(
        f"{json.dumps(key)}: {json.dumps(value)}, " for key, value in header.items()
    )
    return f'{{{fields}"tables": {{'


def _row_lines(session: Session, table: Table) -> Iterator[str]:
    """Each row of `table` as one line of JSON, by primary key, fetched in batches."""
    codecs = _codecs(table)
    columns = [column for column, _codec in codecs]
    query = select(*columns).order_by(*table.primary_key.columns)
    result = session.execute(query, execution_options={"yield_per": BATCH_SIZE})
    for row in result:
        record = {
            column.name: None if value is None else codec.encode(value)
            for (column, codec), value in zip(codecs, row, strict=True)
        }
        yield json.dumps(record, ensure_ascii=False)


# --- import -------------------------------------------------------------------------


def import_json(
    db: Database, source: Path, *, progress: Progress | None = None
) -> dict[str, int]:
    """Restore the book in `source` into the empty `db`: all of it or nothing."""
    try:
        _refuse_non_empty(db)  # before a long parse, then again under the write lock
        book = _validated(_book_tables(source, _load(source)))
        with db.write() as session:
            _ensure_empty(session, db)
            indexing.drop_triggers(session.connection())  # indexed once, at the end
            _insert_book(session, book, progress or _quiet)
            indexing.rebuild(session.connection())
    except DBAPIError as error:
        raise AmtuiError(f"cannot import into {db.path}: {error.orig}") from error
    return {name: len(rows) for name, rows in book.items()}


def _insert_book(
    session: Session, book: Mapping[str, list[Record]], progress: Progress
) -> None:
    total = sum(len(rows) for rows in book.values())
    done = 0
    progress(done, total)
    for table in TABLES:
        for start in range(0, len(book[table.name]), BATCH_SIZE):
            done += _insert_batch(session, table, book[table.name], start)
            progress(done, total)


def _refuse_non_empty(db: Database) -> None:
    with db.read() as session:
        _ensure_empty(session, db)


def _ensure_empty(session: Session, db: Database) -> None:
    if filled_table(session) is not None:
        raise AmtuiError(
            f"{db.path} is not empty; import restores a whole book into an "
            "empty database"
        )


def _load(source: Path) -> Any:
    """The parsed JSON of `source`; numbers with a fraction (and NaN) stay exact."""
    try:
        text = source.read_bytes().decode("utf-8")
    except OSError as error:
        raise AmtuiError(f"cannot read {source}: {error.strerror}") from error
    except UnicodeDecodeError:
        raise AmtuiError(f"{source} is not a JSON book: it is not UTF-8 text") from None
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=Decimal)
    except json.JSONDecodeError as error:
        if _ends_early(error):
            raise AmtuiError(f"{source} is truncated: its JSON ends early") from None
        raise AmtuiError(
            f"{source} is not valid JSON: {error.msg} "
            f"(line {error.lineno}, column {error.colno})"
        ) from None
    except RecursionError:
        raise AmtuiError(
            f"{source} is not a JSON book: it is nested too deeply"
        ) from None


def _ends_early(error: json.JSONDecodeError) -> bool:
    """Whether the JSON is cut short rather than malformed."""
    unterminated = error.msg.startswith("Unterminated string")
    return unterminated or not error.doc[error.pos :].strip()


def _book_tables(source: Path, document: Any) -> dict[str, list[Any]]:
    """The `tables` of a well-formed document whose versions this amtui can read."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise AmtuiError(f'{source} is not an amtui book (no "format": "{FORMAT}")')
    if unknown := sorted(document.keys() - HEADER_KEYS):
        raise AmtuiError(f"{source}: unknown top-level field {unknown[0]!r}")
    _check_version(source, document, "format_version", FORMAT_VERSION)
    _check_version(source, document, "schema_version", SCHEMA_VERSION)
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise AmtuiError(f'{source}: "tables" must be an object of table name to rows')
    known = [table.name for table in TABLES]
    for name, rows in tables.items():
        if name not in known:
            raise AmtuiError(
                f"{source}: unknown table {name!r} (expected {', '.join(known)})"
            )
        if not isinstance(rows, list):
            raise AmtuiError(f"{source}: table {name!r} must be a list of rows")
    return {name: tables.get(name, []) for name in known}


def _check_version(
    source: Path, document: Mapping[str, Any], key: str, current: int
) -> None:
    version = document.get(key)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise AmtuiError(
            f"{source}: {key} must be a positive integer, not {_show(version)}"
        )
    if version > current:
        raise AmtuiError(
            f"{source} was written by a newer amtui ({key} {version}, this amtui "
            f"reads up to {current}): upgrade amtui"
        )


def _where(table: Table, index: int, record: Any) -> str:
    """A record's place for messages: `interaction[12] (id 57)`."""
    place = f"{table.name}[{index}]"
    if not isinstance(record, dict):
        return place
    keys = [
        f"{column.name} {record[column.name]}"
        for column in table.primary_key.columns
        if type(record.get(column.name)) is int
    ]
    return f"{place} ({', '.join(keys)})" if keys else place


def _validated(book: dict[str, list[Any]]) -> dict[str, list[Record]]:
    """Every record decoded to column values, with keys and references checked."""
    decoded = {table.name: _decoded_table(table, book[table.name]) for table in TABLES}
    for table in TABLES:
        _check_references(table, decoded)
    _check_live_names(Base.metadata.tables["account"], decoded["account"])
    return decoded


def _decoded_table(table: Table, rows: list[Any]) -> list[Record]:
    """Decode a table's rows in place (freeing the raw ones), refusing duplicate keys."""
    codecs = _codecs(table)
    derived = RECOMPUTED.get(table.name, {})
    seen: dict[tuple[Any, ...], int] = {}
    for index, raw in enumerate(rows):
        where = _where(table, index, raw)
        rows[index] = row = _decoded_row(where, codecs, derived, raw)
        if (rule := ROW_RULES.get(table.name)) and (problem := rule(row)):
            raise AmtuiError(f"{where}: {problem}")
        key = tuple(row[column.name] for column in table.primary_key.columns)
        if key in seen:
            first = _where(table, seen[key], rows[seen[key]])
            raise AmtuiError(f"{where}: duplicate primary key, already used by {first}")
        seen[key] = index
    return rows


def _decoded_row(
    where: str,
    codecs: list[tuple[Column[Any], _Codec]],
    derived: Mapping[str, tuple[str, Callable[[str], str]]],
    raw: Any,
) -> Record:
    """One record's column values; derived columns are recomputed, not read."""
    if not isinstance(raw, dict):
        raise AmtuiError(f"{where}: a row must be an object, not {_show(raw)}")
    if unknown := sorted(raw.keys() - {column.name for column, _codec in codecs}):
        raise AmtuiError(f"{where}: unknown field {unknown[0]!r}")
    row = {
        column.name: _decoded_field(where, column, codec, raw)
        for column, codec in codecs
        if column.name not in derived
    }
    for name, (origin, derive) in derived.items():
        row[name] = derive(row[origin])
    return row


def _decoded_field(
    where: str, column: Column[Any], codec: _Codec, raw: dict[str, Any]
) -> Any:
    """A field's value: decoded, defaulted when absent, or a clear refusal."""
    if column.name not in raw:
        if not column.nullable and column.default is None:
            raise AmtuiError(f"{where}: missing required field {column.name!r}")
        return _default(column)
    value = raw[column.name]
    if value is None:
        if not column.nullable:
            raise AmtuiError(f"{where}: {column.name} must not be null")
        return None
    try:
        return codec.decode(value)
    except _Invalid as problem:
        raise AmtuiError(f"{where}: {column.name} {problem}") from None


def _default(column: Column[Any]) -> Any:
    """The value an insert would give an absent column (None when it has no default)."""
    default = column.default
    if default is None:
        return None
    if default.is_callable:
        return default.arg(None)  # SQLAlchemy wraps it to take an execution context
    return default.arg


def _check_references(table: Table, book: Mapping[str, list[Record]]) -> None:
    """Refuse a foreign key that names no row of the table it refers to."""
    for column in table.columns:
        for foreign_key in column.foreign_keys:
            target = foreign_key.column
            targets = {row[target.name] for row in book[target.table.name]}
            for index, row in enumerate(book[table.name]):
                value = row[column.name]
                if value is not None and value not in targets:
                    raise AmtuiError(
                        f"{_where(table, index, row)}: {column.name} {value} refers to "
                        f"no {target.table.name}"
                    )


def _check_live_names(account: Table, rows: list[Record]) -> None:
    """Refuse two live accounts whose names differ only in case or outer spaces."""
    live: dict[str, int] = {}
    for index, row in enumerate(rows):
        if row["archived"]:
            continue
        if row["name_key"] in live:
            first = live[row["name_key"]]
            raise AmtuiError(
                f"{_where(account, index, row)}: name {_show(row['name'])} is already "
                f"used by live {_where(account, first, rows[first])}"
            )
        live[row["name_key"]] = index


def _insert_batch(
    session: Session, table: Table, rows: list[Record], start: int
) -> int:
    """Insert one batch from `start` at once; name the row the database refuses."""
    batch = rows[start : start + BATCH_SIZE]
    try:
        with session.begin_nested():
            session.execute(insert(table), batch)
    except IntegrityError:
        _insert_one_by_one(session, table, batch, start)
    return len(batch)


def _insert_one_by_one(
    session: Session, table: Table, batch: list[Record], start: int
) -> None:
    """Insert a refused batch row by row, so that the refusal names its record."""
    for offset, row in enumerate(batch):
        try:
            session.execute(insert(table), [row])
        except IntegrityError as error:
            raise AmtuiError(
                f"{_where(table, start + offset, row)}: refused by the database "
                f"({error.orig})"
            ) from error
