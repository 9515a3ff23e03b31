"""The book's storage: models, schema versions and queries. Never imports Textual."""

from amtui.store.database import Database, open_database

__all__ = ["Database", "open_database"]
