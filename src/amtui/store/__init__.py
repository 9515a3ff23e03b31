"""The book's storage: models, schema versions and queries. Never imports Textual.

`Database` and `open_database` are loaded on first use, with SQLAlchemy: a module of
the store that needs no database (the row types) stays light to import, which keeps
SQLAlchemy out of the cockpit's first frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from amtui.store.database import Database, open_database

__all__ = ["Database", "open_database"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from amtui.store import database

        return getattr(database, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
