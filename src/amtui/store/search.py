"""Text search through the full-text indexes (`amtui.store.indexing`): the client
filter, and the global search (`ctrl+f`) across clients, contacts and interactions.

Client names match as substrings of their case-folded form, through trigrams; a text
of fewer than three characters has no trigram and scans the names instead. Contacts
(name, role, e-mail) and interactions (summary, details) match when every typed word
starts a word of theirs, accents and case ignored. What the user types is never read
as FTS5 syntax: each word becomes a quoted phrase.

Every query stops early: a group shows its first hits and counts the others up to
`COUNT_CAP`, so that a common word never counts or sorts hundreds of thousands of rows.

SQLite-only SQL (FTS5 `MATCH`), like `amtui.store.indexing`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Row,
    TextClause,
    column,
    func,
    select,
    table,
    text,
    true,
)
from sqlalchemy.orm import Session

from amtui.store.database import Database
from amtui.store.indexing import ACCOUNT_NAMES, CONTACTS, INTERACTIONS, TextIndex
from amtui.store.models import NAME_MAX, Account, Contact, Interaction, name_key
from amtui.store.rows import SearchGroup, SearchHit, SearchKind, SearchResults

TRIGRAM = 3
COUNT_CAP = 1000  # a group counts its matches up to this, then says "1,000+"
HIT_LIMITS: Mapping[SearchKind, int] = {
    SearchKind.CLIENT: 20,
    SearchKind.CONTACT: 20,
    SearchKind.INTERACTION: 30,
}
MAX_WORDS = 8  # the words after these are left out: a pasted paragraph stays quick
_LONGEST_KEY = 3 * NAME_MAX  # casefold() may triple a name; no key is longer
_TOKEN = re.compile(r"[^\W_]+")  # letters and digits: what the tokenizers keep


def fts_table(name: str) -> Any:
    """An FTS5 table as a selectable: its `rowid` and its hidden column of its name."""
    return table(name, column("rowid"), column(name))


def phrase(words: str) -> str:
    """`words` as one FTS5 phrase, quotes doubled: never read as query syntax. NUL is
    left out: FTS5 would end the query there, on an unterminated string."""
    return '"' + words.replace("\x00", "").replace('"', '""') + '"'


def matches(index: TextIndex, query: str) -> TextClause:
    """`index` matches the FTS5 `query` (bound as a parameter)."""
    return text(f"{index.name} MATCH :query").bindparams(query=query)


def names_containing(typed: str, *, in_name_order: bool = False) -> ColumnElement[bool]:
    """The account's name contains `typed`, ignoring case (everything if blank).

    `in_name_order`: for a query that walks the accounts in name order and stops at a
    few, when many match: each account is then looked up among the matches, rather
    than the matches being fetched by id and all sorted by name.
    """
    key = name_key(typed)
    if not key:
        return true()
    if len(key) < TRIGRAM:
        return Account.name_key.contains(key, autoescape=True)
    names = fts_table(ACCOUNT_NAMES.name)
    matching = select(names.c.rowid).where(matches(ACCOUNT_NAMES, phrase(key)))
    # `+ 0` keeps SQLite from reaching the accounts through their ids.
    account_id = Account.id + 0 if in_name_order else Account.id
    return account_id.in_(matching)


def prefix_query(typed: str) -> str | None:
    """An FTS5 query matching every typed word as the start of a word, in any column:
    `jea dup` → `"jea"* "dup"*`; None if no word holds a letter or a digit.

    Punctuation inside a word splits it the way the index does, into a phrase whose
    last word is a prefix: `jean.dup` → `"jean dup"*`. Only the first `MAX_WORDS`
    different words count.
    """
    words = dict.fromkeys(unicodedata.normalize("NFC", typed).split())
    phrases = []
    for word in words:
        tokens = _TOKEN.findall(word)
        if tokens:
            phrases.append(phrase(" ".join(tokens)) + "*")
    return " ".join(phrases[:MAX_WORDS]) or None


# -- the global search -----------------------------------------------------------------


def search_book(
    db: Database, typed: str, limits: Mapping[SearchKind, int] = HIT_LIMITS
) -> SearchResults:
    """The clients whose name contains `typed` (archived ones too, after the others),
    then the contacts and the interactions matching every typed word as a prefix,
    newest first; at most `limits[kind]` hits of each kind, each kind counted up to
    `COUNT_CAP`. A blank text asks nothing of the book."""
    if not typed.strip():
        return SearchResults(typed)
    query = prefix_query(typed)
    with db.read() as session:
        return SearchResults(
            typed,
            clients=_clients(session, typed, limits[SearchKind.CLIENT]),
            contacts=_contacts(session, query, limits[SearchKind.CONTACT]),
            interactions=_interactions(session, query, limits[SearchKind.INTERACTION]),
        )


def _clients(session: Session, typed: str, limit: int) -> SearchGroup:
    """Live clients by name, then archived ones. Few matches are sorted by name; when
    more than `COUNT_CAP` match, the names are walked in order instead (the matches
    are then dense: the first few come soon)."""
    if len(name_key(typed)) > _LONGEST_KEY:
        return SearchGroup(SearchKind.CLIENT)
    capped = select(Account.id).where(names_containing(typed)).limit(COUNT_CAP + 1)
    found = session.scalar(select(func.count()).select_from(capped.subquery())) or 0
    if not found:
        return SearchGroup(SearchKind.CLIENT)
    in_name_order = found > COUNT_CAP
    rows = session.execute(
        select(Account.id, Account.name, Account.status, Account.archived)
        .where(names_containing(typed, in_name_order=in_name_order))
        .order_by(Account.archived, Account.name_key, Account.id)
        .limit(limit)
    )
    hits = tuple(
        SearchHit(
            kind=SearchKind.CLIENT,
            id=row.id,
            account_id=row.id,
            account_name=row.name,
            archived=row.archived,
            title=row.name,
            detail=row.status.value,
        )
        for row in rows
    )
    return _group(SearchKind.CLIENT, hits, found)


def _contacts(session: Session, query: str | None, limit: int) -> SearchGroup:
    """Contacts whose name, role or e-mail match, the last added first."""
    if query is None:
        return SearchGroup(SearchKind.CONTACT)
    ids = _newest_matches(session, CONTACTS, query)
    rows = _with_account(
        session,
        Contact,
        ids[:limit],
        Contact.name,
        Contact.role,
        Contact.email,
        Contact.phone,
    )
    hits = tuple(
        SearchHit(
            kind=SearchKind.CONTACT,
            id=row.id,
            account_id=row.account_id,
            account_name=row.account_name,
            archived=row.archived,
            title=f"{row.name} · {row.role}" if row.role else row.name,
            detail=row.email or row.phone or "",
        )
        for row in rows
    )
    return _group(SearchKind.CONTACT, hits, len(ids))


def _interactions(session: Session, query: str | None, limit: int) -> SearchGroup:
    """Interactions whose summary or details match: the newest first when there are
    at most `COUNT_CAP` (few enough to sort), else the last logged first."""
    if query is None:
        return SearchGroup(SearchKind.INTERACTION)
    ids = _newest_matches(session, INTERACTIONS, query)
    if ids and len(ids) <= COUNT_CAP:
        ids = list(
            session.scalars(
                select(Interaction.id)
                .where(Interaction.id.in_(ids))
                .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
            )
        )
    rows = _with_account(
        session,
        Interaction,
        ids[:limit],
        Interaction.summary,
        Interaction.kind,
        Interaction.occurred_at,
    )
    hits = tuple(
        SearchHit(
            kind=SearchKind.INTERACTION,
            id=row.id,
            account_id=row.account_id,
            account_name=row.account_name,
            archived=row.archived,
            title=row.summary,
            detail=row.kind.value,
            when=row.occurred_at,
        )
        for row in rows
    )
    return _group(SearchKind.INTERACTION, hits, len(ids))


def _newest_matches(session: Session, index: TextIndex, query: str) -> list[int]:
    """The ids of the rows `index` matches, highest first, at most `COUNT_CAP` + 1:
    read in the index's own order, never sorted."""
    fts = fts_table(index.name)
    return list(
        session.scalars(
            select(fts.c.rowid)
            .where(matches(index, query))
            .order_by(fts.c.rowid.desc())
            .limit(COUNT_CAP + 1)
        )
    )


def _with_account(
    session: Session, model: Any, ids: Sequence[int], *columns: Any
) -> list[Row[Any]]:
    """The rows of `model` with these `ids`, in that order, with their client's name
    and whether it is archived."""
    if not ids:
        return []
    rows = session.execute(
        select(
            model.id,
            model.account_id,
            Account.name.label("account_name"),
            Account.archived,
            *columns,
        )
        .join(Account, Account.id == model.account_id)
        .where(model.id.in_(ids))
    )
    by_id = {row.id: row for row in rows}
    return [by_id[id_] for id_ in ids if id_ in by_id]


def _group(kind: SearchKind, hits: tuple[SearchHit, ...], found: int) -> SearchGroup:
    return SearchGroup(
        kind, hits, count=min(found, COUNT_CAP), capped=found > COUNT_CAP
    )
