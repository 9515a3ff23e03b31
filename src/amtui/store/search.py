"""Text search through the full-text indexes (`amtui.store.indexing`).

Client names match as substrings of their case-folded form, through trigrams; a text
of fewer than three characters has no trigram and scans the names instead.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, column, select, table, text, true

from amtui.store.indexing import ACCOUNT_NAMES
from amtui.store.models import Account, name_key

TRIGRAM = 3


def fts_table(name: str) -> Any:
    """An FTS5 table as a selectable: its `rowid` and its hidden column of its name."""
    return table(name, column("rowid"), column(name))


def phrase(words: str) -> str:
    """`words` as one FTS5 phrase, quotes doubled: never read as query syntax."""
    return '"' + words.replace('"', '""') + '"'


def names_containing(typed: str) -> ColumnElement[bool]:
    """The account's name contains `typed`, ignoring case (everything if blank)."""
    key = name_key(typed)
    if not key:
        return true()
    if len(key) < TRIGRAM:
        return Account.name_key.contains(key, autoescape=True)
    names = fts_table(ACCOUNT_NAMES.name)
    matching = select(names.c.rowid).where(
        text(f"{ACCOUNT_NAMES.name} MATCH :phrase").bindparams(phrase=phrase(key))
    )
    return Account.id.in_(matching)
