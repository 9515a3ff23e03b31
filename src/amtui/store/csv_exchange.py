"""Clients and contacts from a spreadsheet's CSV file; clients, contacts and
interactions out to one.

Reading: UTF-8 with or without a byte-order mark (else Windows-1252, as Excel writes
CSV on Windows, or UTF-16 with its mark); separated by commas, semicolons (as
spreadsheets in France write them) or tabs, as the header line shows; quoted fields
may hold newlines. Columns are known by their header, in English or French, ignoring
case and accents (`Société`, `raison sociale`, `E-mail`, `Téléphone`…); other columns
are ignored and named.

Writing: comma-separated UTF-8, one header line of the field names that reading
knows, rows streamed in batches. A text cell that a spreadsheet would run as a
formula (starting with `=`, `+`, `-`, `@`) is written behind a `'`, which reading
takes off again, so a round trip is exact.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from amtui.errors import AmtuiError
from amtui.store.database import Database
from amtui.store.incoming import ACCOUNT_FIELDS, CONTACT_FIELDS, fold
from amtui.store.intake import Incoming
from amtui.store.models import Account, Contact, Interaction

BATCH_SIZE = 1000
SEPARATORS = ",;\t"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
Progress = Callable[[int, int], None]

_NOTES = [
    "notes",
    "note",
    "comments",
    "comment",
    "remarks",
    "remarques",
    "commentaire",
    "commentaires",
    "description",
    "observations",
]
# The headers that name each field, folded (see `fold`); the first match wins.
HEADERS: dict[str, dict[str, list[str]]] = {
    "accounts": {
        "name": [
            "name",
            "company",
            "company name",
            "client",
            "client name",
            "customer",
            "customer name",
            "account",
            "account name",
            "organisation",
            "organization",
            "organization name",
            "societe",
            "entreprise",
            "raison sociale",
            "denomination",
            "nom",
            "nom du client",
            "nom de l entreprise",
            "nom de la societe",
            "compte",
        ],
        "sector": [
            "sector",
            "industry",
            "secteur",
            "secteur d activite",
            "activite",
            "industrie",
        ],
        "tier": ["tier", "niveau"],
        "phase": ["phase"],
        "status": ["status", "statut", "etat", "state"],
        "owner": [
            "owner",
            "account manager",
            "responsable",
            "proprietaire",
            "commercial",
            "charge de compte",
            "charge d affaires",
        ],
        "cadence_days": ["cadence days", "cadence", "frequence", "frequence jours"],
        "tags": ["tags", "tag", "labels", "etiquettes", "mots cles", "categories"],
        "notes": _NOTES,
    },
    "contacts": {
        "account": [
            "account",
            "account name",
            "company",
            "company name",
            "client",
            "client name",
            "customer",
            "organisation",
            "organization",
            "organization name",
            "organization 1 name",
            "societe",
            "entreprise",
            "raison sociale",
            "compte",
            "employeur",
            "employer",
        ],
        "name": [
            "name",
            "full name",
            "display name",
            "contact",
            "contact name",
            "nom complet",
            "nom et prenom",
            "prenom et nom",
            "nom prenom",
            "prenom nom",
            "interlocuteur",
        ],
        "first_name": ["first name", "firstname", "given name", "prenom"],
        "last_name": [
            "last name",
            "lastname",
            "family name",
            "surname",
            "nom de famille",
            "nom",
        ],
        "role": [
            "role",
            "title",
            "job title",
            "position",
            "function",
            "fonction",
            "poste",
            "titre",
            "organization title",
            "organization 1 title",
        ],
        "email": [
            "email",
            "e mail",
            "mail",
            "courriel",
            "email address",
            "e mail address",
            "adresse email",
            "adresse e mail",
            "adresse mail",
            "e mail 1 value",
        ],
        "phone": [
            "phone",
            "phone number",
            "telephone",
            "tel",
            "mobile",
            "mobile phone",
            "portable",
            "gsm",
            "numero de telephone",
            "phone 1 value",
        ],
        "birthday": [
            "birthday",
            "birth date",
            "birthdate",
            "date of birth",
            "dob",
            "anniversaire",
            "date de naissance",
            "naissance",
        ],
        "notes": _NOTES,
    },
}
_REQUIRED = {
    "accounts": {"name": "the client's name ('name', 'company', 'client', 'société'…)"},
    "contacts": {
        "name": "the contact's name ('name', 'nom', or 'first name' and 'last name'…)",
        "account": "the contact's client ('account', 'company', 'client', 'société'…)",
    },
}


@dataclass(frozen=True)
class CsvFile:
    """The records of a CSV file, with what the user should know of how it was read."""

    records: list[Incoming]
    ignored: list[str]  # headers of the columns no field takes
    encoding: str
    separator: str


# --- reading ------------------------------------------------------------------------


def read_csv(source: Path, kind: str) -> CsvFile:
    """The records of `source`, a CSV file of clients or contacts (`kind`)."""
    if kind not in HEADERS:
        raise AmtuiError(f"cannot import {kind!r}: use {' or '.join(HEADERS)}")
    text, encoding = _decoded(source)
    if not text.strip():
        raise AmtuiError(f"{source} is empty")
    separator = _separator(text)
    rows = (
        row for row in _rows(text, separator) if any(cell.strip() for cell in row[1])
    )
    _line, header = next(rows)
    columns, ignored = _columns(header, kind)
    if missing := [
        words for field, words in _REQUIRED[kind].items() if not _has(columns, field)
    ]:
        shown = ", ".join(one_line_header(cell) for cell in header)
        raise AmtuiError(
            f"{source} has no column for {missing[0]}; its columns are: {shown}"
        )
    records = [_record(line, cells, columns, len(header)) for line, cells in rows]
    return CsvFile(records, ignored, encoding, separator)


def one_line_header(cell: str) -> str:
    """A header as quoted in a message."""
    return repr(" ".join(cell.split()))


def _decoded(source: Path) -> tuple[str, str]:
    """The text of `source` and the name of the encoding it was read in."""
    try:
        data = source.read_bytes()
    except OSError as error:
        raise AmtuiError(f"cannot read {source}: {error.strerror}") from error
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(source, data, "utf-16"), "UTF-16"
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    text = _decode(source, data, "cp1252")
    if any(ord(char) < 0x20 and char not in "\t\r\n" for char in text):
        raise AmtuiError(
            f"{source} is not a text file (neither UTF-8 nor Windows-1252): "
            "save it as 'CSV UTF-8'"
        )
    return text, "Windows-1252"


def _decode(source: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise AmtuiError(
            f"{source} is not text in UTF-8, UTF-16 or Windows-1252: "
            "save it as 'CSV UTF-8'"
        ) from None


def _separator(text: str) -> str:
    """The separator the header line uses most, outside quotes (a comma if none)."""
    header = text.lstrip("\r\n").split("\n", 1)[0]
    outside = header.split('"')[::2]
    counts = {mark: sum(part.count(mark) for part in outside) for mark in SEPARATORS}
    best = max(SEPARATORS, key=lambda mark: counts[mark])
    return best if counts[best] else ","


def _rows(text: str, separator: str) -> Iterator[tuple[int, list[str]]]:
    """Each row with the line it starts on, the first one being the header."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    line = 1
    try:
        for cells in reader:
            yield line, cells
            line = reader.line_num + 1
    except csv.Error as error:
        raise AmtuiError(f"line {reader.line_num}: {error}") from None


def _columns(header: list[str], kind: str) -> tuple[dict[str, int], list[str]]:
    """Each known field's column index, and the headers of the columns left out."""
    folded = [fold(cell) for cell in header]
    columns: dict[str, int] = {}
    for field, words in HEADERS[kind].items():
        for word in words:
            if word in folded and folded.index(word) not in columns.values():
                columns[field] = folded.index(word)
                break
    if "last_name" in columns and not columns.keys() & {"name", "first_name"}:
        columns["name"] = columns.pop("last_name")  # a lone 'nom' is the whole name
    ignored = [
        cell
        for index, cell in enumerate(header)
        if index not in columns.values() and cell.strip()
    ]
    return columns, ignored


def _has(columns: dict[str, int], field: str) -> bool:
    if field == "name":
        return bool(columns.keys() & {"name", "first_name", "last_name"})
    return field in columns


def _record(
    line: int, cells: Sequence[str], columns: dict[str, int], width: int
) -> Incoming:
    """A row's non-blank known fields; a row with more cells than the header is a
    problem that the import reports."""
    fields = {
        field: _unescaped(cells[index])
        for field, index in columns.items()
        if index < len(cells) and cells[index].strip()
    }
    first, last = fields.pop("first_name", ""), fields.pop("last_name", "")
    if "name" not in fields and (first or last):
        fields["name"] = f"{first} {last}".strip()
    problem = ""
    if any(cell.strip() for cell in cells[width:]):
        problem = (
            f"it has {len(cells)} cells where the header has {width}: "
            "check the separators and quotes"
        )
    return Incoming(f"line {line}", fields, problem)


def _unescaped(cell: str) -> str:
    """A cell as its value: the `'` that guards a formula-like text taken off."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


# --- writing ------------------------------------------------------------------------


def export_csv(
    db: Database, kind: str, out: TextIO, *, progress: Progress | None = None
) -> int:
    """Write the live clients, their contacts or their interactions (`kind`) to `out`
    as CSV; return the rows written."""
    if kind not in _EXPORTS:
        raise AmtuiError(f"cannot export {kind!r}: use {', '.join(_EXPORTS)}")
    header, query, cells = _EXPORTS[kind]()
    writer = csv.writer(out)
    writer.writerow(header)
    written = 0
    with db.read() as session:  # one transaction: a consistent snapshot
        total = _count(session, query)
        if progress:
            progress(0, total)
        result = session.execute(query, execution_options={"yield_per": BATCH_SIZE})
        for row in result:
            writer.writerow(cells(row))
            written += 1
            if progress and written % BATCH_SIZE == 0:
                progress(written, total)
    if progress:
        progress(written, total)
    return written


def _count(session: Session, query: Select[Any]) -> int:
    counted = select(func.count()).select_from(query.order_by(None).subquery())
    return session.execute(counted).scalar_one()


def _text_cell(value: str | None) -> str:
    if value is None:
        return ""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _birthday_cell(month: int | None, day: int | None, year: int | None) -> str:
    if month is None or day is None:
        return ""
    return f"{year:04}-{month:02}-{day:02}" if year else f"--{month:02}-{day:02}"


def _day_cell(value: date | None) -> str:
    return value.isoformat() if value else ""


def _instant_cell(value: datetime) -> str:
    """An instant in the user's local time, with its offset."""
    return value.astimezone().isoformat(timespec="seconds")


_LIVE = Account.archived.is_(False)
ExportPlan = tuple[list[str], Select[Any], Callable[[Any], list[str]]]


def _accounts() -> ExportPlan:
    columns = [Account.__table__.c[field] for field in ACCOUNT_FIELDS]
    query = select(*columns).where(_LIVE).order_by(Account.name_key, Account.id)

    def cells(row: Any) -> list[str]:
        return [
            _text_cell(value) if isinstance(value, str) or value is None else str(value)
            for value in row
        ]

    return list(ACCOUNT_FIELDS), query, cells


def _contacts() -> ExportPlan:
    query = (
        select(
            Account.name,
            Contact.name,
            Contact.role,
            Contact.email,
            Contact.phone,
            Contact.birthday_month,
            Contact.birthday_day,
            Contact.birthday_year,
            Contact.notes,
        )
        .join(Account, Account.id == Contact.account_id)
        .where(_LIVE)
        .order_by(Account.name_key, Account.id, Contact.id)
    )

    def cells(row: Any) -> list[str]:
        account, name, role, email, phone, month, day, year, notes = row
        return [
            *map(_text_cell, (account, name, role, email, phone)),
            _birthday_cell(month, day, year),
            _text_cell(notes),
        ]

    return list(CONTACT_FIELDS), query, cells


def _interactions() -> ExportPlan:
    person = aliased(Contact)
    query = (
        select(
            Account.name,
            person.name,
            Interaction.occurred_at,
            Interaction.kind,
            Interaction.summary,
            Interaction.details,
            Interaction.sentiment,
            Interaction.follow_up_on,
        )
        .join(Account, Account.id == Interaction.account_id)
        .outerjoin(person, person.id == Interaction.contact_id)
        .where(_LIVE)
        .order_by(Interaction.id)
    )
    header = [
        "account",
        "contact",
        "occurred_at",
        "kind",
        "summary",
        "details",
        "sentiment",
        "follow_up_on",
    ]

    def cells(row: Any) -> list[str]:
        account, contact, occurred, kind, summary, details, sentiment, follow_up = row
        return [
            _text_cell(account),
            _text_cell(contact),
            _instant_cell(occurred),
            kind.value,
            _text_cell(summary),
            _text_cell(details),
            sentiment.value if sentiment else "",
            _day_cell(follow_up),
        ]

    return header, query, cells


_EXPORTS: dict[str, Callable[[], ExportPlan]] = {
    "accounts": _accounts,
    "contacts": _contacts,
    "interactions": _interactions,
}
