"""SQL injection and LIKE/FTS5 syntax: through the client filter, the global search
(ctrl+f) and the command line's arguments, user text only ever matches literally and
every table stays intact; and no SQL in src/amtui is built from a formatted string
except the reviewed constant ones of the marked SQLite modules (a static guard).
Every text field of every form gets the payloads in test_hostile_forms.py."""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

from driving import settle, type_burst
from hostile import INJECTION
from test_hostile_cli import run
from textual import events

from amtui.store import Database, open_database
from amtui.store.models import Account, Contact, Interaction, name_key, utcnow
from amtui.ui.app import AmtuiApp
from amtui.ui.screens.search import SearchScreen
from amtui.vocabulary import InteractionKind

NAMES = [
    "Acme",
    "100% Sure",
    "100 Percent",
    "a_b Corp",
    "ab Corp",
    "'; DROP TABLE account; --",
    '" OR 1=1 --',
    "NEAR(x y)",
    "Star* Labs",
    "OR Ltd",
    "Back\\slash",
]


def _book(db: Database) -> None:
    with db.write() as session:
        accounts = [Account(name=name) for name in NAMES]
        session.add_all(accounts)
        session.flush()
        for account in accounts:
            session.add(Contact(account_id=account.id, name=f"{account.name} boss"))
            session.add(
                Interaction(
                    account_id=account.id,
                    occurred_at=utcnow(),
                    kind=InteractionKind.NOTE,
                    summary=f"met {account.name}",
                )
            )


def _counts(path: Path) -> dict[str, int]:
    """Every table of the book (FTS5 shadow tables too) and its rows."""
    with sqlite3.connect(path) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
            )
        ]
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return {
            table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for table in tables  # names read from the schema itself
        }


def _containing(typed: str) -> list[str]:
    key = name_key(typed)
    return sorted(name for name in NAMES if key in name_key(name))


async def test_filter_and_search_match_payloads_literally(db_path: Path) -> None:
    db = open_database(db_path)
    _book(db)
    before = _counts(db_path)
    app = AmtuiApp(db)
    try:
        async with app.run_test(size=(160, 40)) as pilot:
            await settle(pilot)
            clients = app.screen.clients_pane.list  # type: ignore[attr-defined]
            for payload in INJECTION:
                await pilot.press("1", "slash")
                type_burst(app, payload)
                await settle(pilot)
                listed = sorted(clients.row_at(i).name for i in range(clients.count))
                assert listed == _containing(payload), payload
                await pilot.press("escape")
                await pilot.press("ctrl+f")
                screen = app.screen
                assert isinstance(screen, SearchScreen)
                app.post_message(events.Paste(payload))
                await settle(pilot)
                found = sorted(hit.title for hit in screen.results.clients.hits)
                assert found == (_containing(payload) if payload.strip() else []), (
                    payload
                )
                await pilot.press("escape")
                await settle(pilot)
                assert app.is_running
    finally:
        db.close()
    assert _counts(db_path) == before


def test_command_line_arguments_never_reach_sql(db_path: Path) -> None:
    db = open_database(db_path)
    _book(db)
    db.close()
    before = _counts(db_path)
    logged = 0
    for payload in INJECTION:
        for argv in (
            ("log", "--db", db_path, payload, payload),
            ("log", "--db", db_path, "acme", payload, "--contact", payload),
            ("log", "--db", db_path, "acme", payload, "--kind", payload),
            ("log", "--db", db_path, "acme", payload, "--follow-up", payload),
            ("agenda", "--db", db_path, "--days", payload),
        ):
            code, _out, err = run(*argv)
            assert code in (0, 1, 2) and "Traceback" not in err, (argv, err)
            logged += code == 0
    after = _counts(db_path)
    assert after.pop("interaction") == before.pop("interaction") + logged

    def others(counts: dict[str, int]) -> dict[str, int]:
        return {table: n for table, n in counts.items() if "interaction" not in table}

    assert others(after) == others(before)  # every other table intact
    with sqlite3.connect(db_path) as connection:
        stored = {
            row[0] for row in connection.execute("SELECT summary FROM interaction")
        }
    assert {p for p in INJECTION if p.strip()} & stored  # some were logged, literally


# -- the static guard -----------------------------------------------------------------

SOURCE = Path(__file__).parents[2] / "src" / "amtui"
EXECUTES = {"text", "exec_driver_sql", "execute", "executescript", "executemany"}
SQL_START = (
    "SELECT",
    "INSERT",
    "UPDATE",
    "DELETE",
    "DROP",
    "CREATE",
    "PRAGMA",
    "BEGIN",
)
SQL_START += ("ALTER", "WITH", "REPLACE", "VACUUM", "ATTACH", "AFTER")
# Every SQL text built by formatting, reviewed: each interpolates only constants of
# its module (names of tables, triggers and indexes, numbers), never user text. Keys:
# the module (marked SQLite-only in its docstring) and the expression as written.
REVIEWED = {
    ("store/sqlite.py", "f'PRAGMA busy_timeout={BUSY_TIMEOUT_MS}'"),
    ("store/sqlite.py", "f'BEGIN {mode}'"),  # DEFERRED, or IMMEDIATE from write_options
    ("store/indexing.py", "f'DROP TRIGGER IF EXISTS {name}'"),
    ("store/indexing.py", "f'CREATE TRIGGER IF NOT EXISTS {name} {body}'"),
    ("store/indexing.py", "f'PRAGMA cache_size = -{REBUILD_CACHE_KIB}'"),
    ("store/indexing.py", "f'PRAGMA cache_size = {usual}'"),  # read from the pragma
    ("store/indexing.py", "f'PRAGMA analysis_limit = {ANALYSIS_ROWS}'"),
    ("store/indexing.py", "index.create()"),
    ("store/indexing.py", "index.rebuild()"),
    ("store/indexing.py", "_RECOMPUTE_LAST_CONTACT.format(who='id')"),
    ("store/indexing.py", "_RECOMPUTE_LAST_CONTACT.format(who='old.account_id')"),
    ("store/indexing.py", "_RECOMPUTE_LAST_CONTACT.format(who='new.account_id')"),
    ("store/search.py", "f'{index.name} MATCH :query'"),  # the query is bound
    # TextIndex's DDL and triggers, from its fields (constants below it)
    (
        "store/indexing.py",
        "f\"AFTER DELETE ON interaction BEGIN {_RECOMPUTE_LAST_CONTACT.format(who='old.account_id')} END\"",
    ),
    (
        "store/indexing.py",
        "f\"AFTER UPDATE OF occurred_at, account_id ON interaction BEGIN {_RECOMPUTE_LAST_CONTACT.format(who='old.account_id')} {_RECOMPUTE_LAST_CONTACT.format(who='new.account_id')} END\"",
    ),
    (
        "store/indexing.py",
        "f\"CREATE VIRTUAL TABLE IF NOT EXISTS {self.name} USING fts5({', '.join(self.columns)}, content='{self.table}', content_rowid='id', tokenize='{self.tokenize}')\"",
    ),
    (
        "store/indexing.py",
        "f\"INSERT INTO {self.name}({self.name}) VALUES ('rebuild')\"",
    ),
    (
        "store/indexing.py",
        "f\"INSERT INTO {self.name}({self.name}, rowid, {columns}) VALUES ('delete', old.id, {old});\"",
    ),
    ("store/indexing.py", "f'AFTER DELETE ON {self.table} BEGIN {delete} END'"),
    ("store/indexing.py", "f'AFTER INSERT ON {self.table} BEGIN {insert} END'"),
    (
        "store/indexing.py",
        "f'AFTER UPDATE OF {columns} ON {self.table} BEGIN {delete} {insert} END'",
    ),
    (
        "store/indexing.py",
        "f'INSERT INTO {self.name}(rowid, {columns}) VALUES (new.id, {new});'",
    ),
    # upgrades: table names from the metadata or a literal tuple
    (
        "store/schema.py",
        "f'ALTER TABLE {quote.quote(table)} ADD COLUMN version INTEGER DEFAULT 1 NOT NULL'",
    ),
    ("store/schema.py", "f'ALTER TABLE {table} ADD COLUMN {spec}'"),
    # integrity_check or quick_check
    ("store/sqlite.py", "f'PRAGMA {pragma}(10)'"),
}


def _starts_like_sql(node: ast.AST) -> bool:
    """A formatted string whose literal start reads like SQL."""
    if isinstance(node, ast.JoinedStr):
        first = node.values[0] if node.values else None
        text = first.value if isinstance(first, ast.Constant) else ""
    elif isinstance(node, ast.BinOp) and isinstance(node.left, ast.Constant):
        text = node.left.value
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and isinstance(node.func.value, ast.Constant)
    ):
        text = node.func.value.value
    else:
        return False
    return isinstance(text, str) and text.lstrip().startswith(SQL_START)


def _formatted_sql(tree: ast.Module) -> list[ast.expr]:
    """SQL passed to an executing call that is not a plain literal, and formatted
    strings anywhere that start like SQL."""
    found: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            sql = node.args[0]
            dynamic = isinstance(sql, ast.JoinedStr | ast.BinOp) or (
                isinstance(sql, ast.Call)
                and getattr(sql.func, "attr", "") in {"format", "create", "rebuild"}
            )
            if name in EXECUTES and dynamic:
                found.append(sql)
        if _starts_like_sql(node):
            found.append(node)  # type: ignore[arg-type]
    return found


def _unreviewed(module: str, source: str) -> list[str]:
    tree = ast.parse(source)
    shown = {ast.unparse(node) for node in _formatted_sql(tree)}
    reviewed = {expression for place, expression in REVIEWED if place == module}
    return sorted(shown - reviewed)


def test_no_sql_is_built_from_formatted_user_text() -> None:
    problems = {}
    for path in sorted(SOURCE.rglob("*.py")):
        module = path.relative_to(SOURCE).as_posix()
        if unreviewed := _unreviewed(module, path.read_text(encoding="utf-8")):
            problems[module] = unreviewed
    assert problems == {}


def test_the_guard_catches_sql_built_from_a_value() -> None:
    """The guard itself: each way of formatting a value into SQL is caught."""
    for sql in (
        "session.execute(text(f\"SELECT * FROM account WHERE name = '{typed}'\"))",
        "connection.exec_driver_sql('DELETE FROM account WHERE id = %s' % typed)",
        "cursor.execute(\"UPDATE account SET name = '{}'\".format(typed))",
        "query = f'SELECT id FROM account WHERE name LIKE {typed}'",
    ):
        assert _unreviewed("store/queries.py", sql), sql
    reviewed_elsewhere = "connection.execute(text(f'DROP TRIGGER IF EXISTS {name}'))"
    assert _unreviewed("store/queries.py", reviewed_elsewhere)
