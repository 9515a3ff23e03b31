"""Keyset pagination over one ordered query: lists fetch only the rows on screen.

A `Pager` walks a filtered SELECT in the order of its sort keys (the last key must be
unique, e.g. the id). Neighbouring pages are fetched by keyset — `WHERE (k1, k2) >
(:a, :b) LIMIT n` — so scrolling never grows an OFFSET; the first and the last page
need no key at all. Only a jump into the middle (a scrollbar drag) uses `at()`.

A `MergedPager` shows a day-ordered `Pager` and a short list held in memory as one
list, behind the same methods.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property
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


class MergedPager(Generic[T]):
    """The rows of `stored` and those `extra()` gives as one list, in the order of
    `key_of`.

    `stored` is keyed `(day, id)` with positive ids; a row's merged key is
    `(day, rank, id)`, where `rank(row)` is 0 for a stored row and more for an extra
    one: on each day the stored rows come first. The extra rows (ranked, with ids of
    their own) are few enough to hold in memory, sorted here.
    """

    def __init__(
        self,
        stored: Pager[T],
        extra: Callable[[], Sequence[T]],
        rank: Callable[[T], int],
    ) -> None:
        self.stored = stored
        self.rank = rank
        self._read_extra = extra

    @cached_property
    def extra(self) -> list[T]:
        """The extra rows in order, read when first needed (as a query would be)."""
        return sorted(self._read_extra(), key=self.key_of)

    @cached_property
    def _keys(self) -> list[Key]:
        return [self.key_of(row) for row in self.extra]

    @cached_property
    def _key_by_id(self) -> dict[int, Key]:
        return {key[-1]: key for key in self._keys}

    def key_of(self, row: T) -> Key:
        day, row_id = self.stored.key_of(row)
        return (day, self.rank(row), row_id)

    def count(self) -> int:
        return self.stored.count() + len(self.extra)

    def key_of_id(self, record_id: int) -> Key | None:
        if record_id in self._key_by_id:
            return self._key_by_id[record_id]
        found = self.stored.key_of_id(record_id)
        return None if found is None else (found[0], 0, found[1])

    def first(self, limit: int) -> list[T]:
        return self._merge(self.stored.first(limit), self.extra[:limit])[:limit]

    def last(self, limit: int) -> list[T]:
        return _tail(
            self._merge(self.stored.last(limit), _tail(self.extra, limit)), limit
        )

    def after(self, key: Key, limit: int) -> list[T]:
        start = bisect_right(self._keys, key)
        stored = self.stored.after(self._bound(key), limit)
        return self._merge(stored, self.extra[start : start + limit])[:limit]

    def before(self, key: Key, limit: int) -> list[T]:
        preceding = self.extra[: bisect_left(self._keys, key)]
        stored = self.stored.before(self._bound(key), limit)
        return _tail(self._merge(stored, _tail(preceding, limit)), limit)

    def at(self, offset: int, limit: int) -> list[T]:
        """Rows from position `offset`: the extra rows before it are found by a binary
        search, each step one count of the stored rows."""
        low, high = 0, len(self.extra)
        while low < high:  # the first extra row at or after `offset`
            middle = (low + high) // 2
            if middle + self._stored_before(self._keys[middle]) >= offset:
                high = middle
            else:
                low = middle + 1
        stored = self.stored.at(offset - low, limit)
        return self._merge(stored, self.extra[low : low + limit])[:limit]

    def position(self, key: Key) -> int:
        return self._stored_before(key) + bisect_left(self._keys, key)

    def _stored_before(self, key: Key) -> int:
        return self.stored.position(self._bound(key))

    @staticmethod
    def _bound(key: Key) -> Key:
        """A `stored` key between the stored rows before `key` and those after it: the
        row's own for a stored row, else the start of the next day (ids are positive)."""
        day, rank, row_id = key
        return (day, row_id) if rank == 0 else (day + timedelta(days=1), 0)

    def _merge(self, stored: list[T], extra: Sequence[T]) -> list[T]:
        return list(heapq.merge(stored, extra, key=self.key_of))


def _tail(rows: Sequence[T], limit: int) -> list[T]:
    """The last `limit` of `rows` (none for a limit of 0)."""
    return list(rows[max(len(rows) - limit, 0) :])
