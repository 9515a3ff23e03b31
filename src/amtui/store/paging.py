"""Keyset pagination over one ordered query: lists fetch only the rows on screen.

A `Pager` walks a filtered SELECT in the order of its sort keys (the last key must be
unique, e.g. the id). Neighbouring pages are fetched by keyset — `WHERE (k1, k2) >
(:a, :b) LIMIT n` — so scrolling never grows an OFFSET; the first and the last page
need no key at all. Only a jump into the middle (a scrollbar drag) uses `at()`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Row, Select, func, literal, select, tuple_

from amtui.store.database import Database

T = TypeVar("T")
Key = tuple[Any, ...]


@dataclass(frozen=True)
class Pager(Generic[T]):
    """A read-only, keyset-paged view of `query` ordered by `keys`."""

    db: Database
    query: Select[Any]
    keys: Sequence[ColumnElement[Any]]
    to_row: Callable[[Row[Any]], T]
    key_of: Callable[[T], Key]
    descending: bool = False

    def count(self) -> int:
        counted = select(func.count()).select_from(
            self.query.with_only_columns(*self.keys).subquery()
        )
        with self.db.read() as session:
            return session.execute(counted).scalar_one()

    def key_of_id(self, record_id: int) -> Key | None:
        """The sort key of the record whose id (the last key) is `record_id`, or None
        when it is not in this view (filtered out, archived, done)."""
        query = self.query.with_only_columns(*self.keys).where(
            self.keys[-1] == record_id
        )
        with self.db.read() as session:
            row = session.execute(query).first()
        return tuple(row) if row is not None else None

    def first(self, limit: int) -> list[T]:
        return self._fetch(self._ordered(forward=True).limit(limit))

    def last(self, limit: int) -> list[T]:
        rows = self._fetch(self._ordered(forward=False).limit(limit))
        return rows[::-1]

    def after(self, key: Key, limit: int) -> list[T]:
        """The `limit` rows that follow the row with `key`."""
        query = self._ordered(forward=True).where(self._beyond(key, forward=True))
        return self._fetch(query.limit(limit))

    def before(self, key: Key, limit: int) -> list[T]:
        """The `limit` rows that precede the row with `key`, in list order."""
        query = self._ordered(forward=False).where(self._beyond(key, forward=False))
        return self._fetch(query.limit(limit))[::-1]

    def at(self, offset: int, limit: int) -> list[T]:
        """Rows from position `offset`: only for jumps, where no neighbour is known."""
        return self._fetch(self._ordered(forward=True).offset(offset).limit(limit))

    def position(self, key: Key) -> int:
        """How many rows come before the row with `key` (its index in the list)."""
        before = self.query.with_only_columns(*self.keys).where(
            self._beyond(key, forward=False)
        )
        counted = select(func.count()).select_from(before.subquery())
        with self.db.read() as session:
            return session.execute(counted).scalar_one()

    def _ordered(self, *, forward: bool) -> Select[Any]:
        ascending = forward != self.descending
        return self.query.order_by(
            *(key.asc() if ascending else key.desc() for key in self.keys)
        )

    def _beyond(self, key: Key, *, forward: bool) -> ColumnElement[bool]:
        ours = tuple_(*self.keys)
        theirs = tuple_(
            *(
                literal(value, column.type)
                for column, value in zip(self.keys, key, strict=True)
            )
        )
        return ours > theirs if forward != self.descending else ours < theirs

    def _fetch(self, query: Select[Any]) -> list[T]:
        with self.db.read() as session:
            return [self.to_row(row) for row in session.execute(query)]
