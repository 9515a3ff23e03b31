"""Clients and contacts read from another program's file, added to the book or
updated in it: one transaction for the whole file, or none for a dry run.

A client is matched on its name (ignoring case and outer spaces, as the book keeps
names unique), a contact on its e-mail address, else on its name within its client:
a record already there is updated, never doubled, and a blank field never erases
what the book holds. A record the book cannot take is rejected with its reason and
its place in the file; the others go in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from amtui.store.database import Database
from amtui.store.incoming import account_values, contact_values
from amtui.store.models import Account, Contact, name_key

Action = Literal["create", "update", "unchanged", "reject"]
Progress = Callable[[int, int], None]
CHUNK = 500  # keys looked up in one query
PROGRESS_EVERY = 100
# How a changed column is named to the user, when not by its own name.
_FIELD_WORDS = {
    "account_id": "client",
    "birthday_month": "birthday",
    "birthday_day": "birthday",
    "birthday_year": "birthday",
    "cadence_days": "cadence",
}


@dataclass(frozen=True)
class Incoming:
    """One record of a file: where it is (`line 4`, `card 2 (line 17)`), its
    non-blank fields as text, and why it cannot be read, if it cannot."""

    place: str
    fields: dict[str, str]
    problem: str = ""


@dataclass(frozen=True)
class Outcome:
    """What became of one record: `detail` names the changed fields of an update,
    or the reason of a rejection."""

    place: str
    action: Action
    name: str
    detail: str = ""


@dataclass
class Intake:
    """The outcome of every record of a file, in file order."""

    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, action: Action) -> int:
        return sum(1 for outcome in self.outcomes if outcome.action == action)


class _DryRun(Exception):
    """Raised at the end of a dry run so that its transaction is rolled back."""


def take_accounts(
    db: Database,
    records: Sequence[Incoming],
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> Intake:
    """Add or update a client for each record."""
    with _transaction(db, dry_run) as session:
        accounts = _Accounts(session)
        accounts.prefetch(_names(records, "name"))
        return _take(session, records, accounts.take, progress)


def take_contacts(
    db: Database,
    records: Sequence[Incoming],
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> Intake:
    """Add or update a contact for each record; its `account` field names a client
    already in the book."""
    with _transaction(db, dry_run) as session:
        accounts = _Accounts(session)
        accounts.prefetch(_names(records, "account"))
        contacts = _Contacts(session, accounts)
        contacts.prefetch(
            {
                record.fields["email"].strip().casefold()
                for record in records
                if "email" in record.fields
            }
        )
        return _take(session, records, contacts.take, progress)


def has_client(db: Database, name: str) -> bool:
    """Whether a live client is called `name` (ignoring case and outer spaces)."""
    with db.read() as session:
        accounts = _Accounts(session)
        accounts.prefetch({name_key(name)})
        return accounts.find(name) is not None


@contextmanager
def _transaction(db: Database, dry_run: bool) -> Iterator[Session]:
    """One write transaction, committed unless it is a dry run."""
    try:
        with db.write() as session:
            yield session
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass


def _names(records: Sequence[Incoming], key: str) -> set[str]:
    return {name_key(record.fields[key]) for record in records if key in record.fields}


def _take(
    session: Session,
    records: Sequence[Incoming],
    take: Callable[[Incoming], Outcome],
    progress: Progress | None,
) -> Intake:
    intake = Intake()
    for done, record in enumerate(records, 1):
        try:
            with session.begin_nested():
                if record.problem:
                    raise ValueError(record.problem)
                outcome = take(record)
        except ValueError as problem:
            outcome = Outcome(record.place, "reject", _shown_name(record), str(problem))
        except IntegrityError as error:
            outcome = Outcome(
                record.place,
                "reject",
                _shown_name(record),
                f"refused by the database ({error.orig})",
            )
        intake.outcomes.append(outcome)
        if progress is not None and (
            done % PROGRESS_EVERY == 0 or done == len(records)
        ):
            progress(done, len(records))
    return intake


def _shown_name(record: Incoming) -> str:
    return record.fields.get("name", "")


def _assign(record: Account | Contact, values: dict[str, Any]) -> list[str]:
    """Set `values` on a record already in the book; the fields that changed."""
    changed = [name for name, value in values.items() if getattr(record, name) != value]
    for name in changed:
        setattr(record, name, values[name])
    return changed


def _outcome(place: str, name: str, created: bool, changed: list[str]) -> Outcome:
    if created:
        return Outcome(place, "create", name)
    if not changed:
        return Outcome(place, "unchanged", name)
    shown = dict.fromkeys(_FIELD_WORDS.get(column, column) for column in changed)
    return Outcome(place, "update", name, ", ".join(shown))


class _Accounts:
    """The live clients met so far, by name key, those the import creates included."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.by_key: dict[str, Account] = {}

    def prefetch(self, keys: set[str]) -> None:
        ordered = sorted(keys)
        for start in range(0, len(ordered), CHUNK):
            query = select(Account).where(
                Account.archived.is_(False),
                Account.name_key.in_(ordered[start : start + CHUNK]),
            )
            for account in self.session.scalars(query):
                self.by_key[account.name_key] = account

    def find(self, name: str) -> Account | None:
        return self.by_key.get(name_key(name))

    def take(self, record: Incoming) -> Outcome:
        values = account_values(record.fields)
        account = self.find(values["name"])
        if account is None:
            account = Account(**values)
            self.session.add(account)
            self.session.flush()
            self.by_key[name_key(account.name)] = account
            return _outcome(record.place, account.name, True, [])
        values.pop("name")  # the same name; its case as the book has it
        changed = _assign(account, values)
        self.session.flush()
        return _outcome(record.place, account.name, False, changed)


class _Contacts:
    """The contacts met so far, by e-mail address and by name within their client."""

    def __init__(self, session: Session, accounts: _Accounts) -> None:
        self.session = session
        self.accounts = accounts
        self.by_email: dict[str, Contact] = {}
        self.by_name: dict[int, dict[str, Contact]] = {}

    def prefetch(self, emails: set[str]) -> None:
        """Read the contacts whose address is one of `emails` (ignoring case), in
        one pass over those that have one."""
        if not emails:
            return
        query = select(Contact.id, Contact.email).where(Contact.email.is_not(None))
        found = [
            contact_id
            for contact_id, email in self.session.execute(query)
            if email.strip().casefold() in emails
        ]
        for start in range(0, len(found), CHUNK):
            chunk = found[start : start + CHUNK]
            query = select(Contact).where(Contact.id.in_(chunk)).order_by(Contact.id)
            for contact in self.session.scalars(query):
                self.by_email.setdefault(contact.email.strip().casefold(), contact)

    def take(self, record: Incoming) -> Outcome:
        values = contact_values(record.fields)
        client = values.pop("account")
        account = self.accounts.find(client)
        if account is None:
            raise ValueError(f"no client is called '{client.strip()}' in the book")
        values["account_id"] = account.id
        contact = self._match(values)
        if contact is None:
            contact = Contact(**values)
            self.session.add(contact)
            self.session.flush()
            self._remember(contact)
            return _outcome(record.place, contact.name, True, [])
        if "email" not in values:
            values.pop("name")  # the same name; its case as the book has it
        before = (contact.account_id, name_key(contact.name))
        changed = _assign(contact, values)
        self.session.flush()
        if (former := self._of_account(before[0])).get(before[1]) is contact:
            del former[before[1]]
        self._remember(contact)
        return _outcome(record.place, contact.name, False, changed)

    def _match(self, values: dict[str, Any]) -> Contact | None:
        if (email := values.get("email")) is not None:
            return self.by_email.get(email.casefold())
        return self._of_account(values["account_id"]).get(name_key(values["name"]))

    def _of_account(self, account_id: int) -> dict[str, Contact]:
        if account_id not in self.by_name:
            query = select(Contact).where(Contact.account_id == account_id)
            self.by_name[account_id] = {
                name_key(contact.name): contact
                for contact in self.session.scalars(query.order_by(Contact.id.desc()))
            }
        return self.by_name[account_id]

    def _remember(self, contact: Contact) -> None:
        if contact.email is not None:
            self.by_email.setdefault(contact.email.strip().casefold(), contact)
        self._of_account(contact.account_id)[name_key(contact.name)] = contact
