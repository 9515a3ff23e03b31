"""Hostile text pasted into every text field of every form, saved with ctrl+s.

Each value is stored exactly or refused with the field named, the form shows it with
no raw control character reaching the screen, the saved record is listed as literal
text (markup not applied, `[@click=app.quit]` not acted on: the app still runs and
its title is unchanged), and the book keeps all its tables.
"""

from __future__ import annotations

import asyncio
import sqlite3
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from driving import screen_text, settle
from hostile import INJECTION, NUL, examples, field_text, raw_controls
from hypothesis import event, given, settings
from hypothesis import strategies as st
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from amtui.store import editing as store
from amtui.store import open_database
from amtui.store.models import NOTES_MAX, Account, Base
from amtui.text import one_line
from amtui.ui.app import AmtuiApp
from amtui.ui.forms.form import FormScreen
from amtui.ui.forms.records import objective_form

Opener = Callable[[Pilot[None]], Awaitable[None]]
SIZE = (160, 40)  # wide enough that a list shows the start of every name


async def _keys(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


async def _new_objective(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, AmtuiApp) and app.db is not None
    db = app.db
    await app.open_form(lambda: objective_form(db, app.clock(), None))
    await settle(pilot)


@dataclass(frozen=True)
class Plan:
    """A form: how its keys open it, its table, its free-text fields, and what the
    other required fields get."""

    table: str
    open: Opener
    texts: tuple[str, ...]
    required: str | None  # the required text, shown in the list once saved
    fill: tuple[tuple[str, str], ...] = ()

    def limit(self, field: str) -> int:
        column = Base.metadata.tables[self.table].c[field]
        return getattr(column.type, "length", None) or NOTES_MAX


def _opener(*keys: str) -> Opener:
    async def open_form(pilot: Pilot[None]) -> None:
        await _keys(pilot, *keys)

    return open_form


PLANS = {
    "client": Plan(
        "account",
        _opener("1", "n"),
        ("name", "sector", "owner", "tags", "notes"),
        "name",
    ),
    "interaction": Plan(
        "interaction", _opener("2", "n"), ("summary", "details"), "summary"
    ),
    "agenda item": Plan(
        "agenda_item", _opener("3", "n"), ("title",), "title", (("due", "today"),)
    ),
    "handoff": Plan(
        "handoff",
        _opener("4", "n"),
        ("title", "project_manager", "brief"),
        "title",
    ),
    "contact": Plan(
        "contact",
        _opener("1", "enter", "2", "n"),
        ("name", "role", "phone", "notes"),  # the e-mail is checked as an address
        "name",
    ),
    "opportunity": Plan(
        "opportunity",
        _opener("1", "enter", "3", "n"),
        ("title",),
        "title",
        (("amount", "1000"),),
    ),
    "objective": Plan("objective", _new_objective, ("text",), None, (("target", "5"),)),
}


def expected(plan: Plan, field: str, value: str) -> tuple[bool, str | None]:
    """Whether the form takes `value`, and what it stores: blank is none; more than
    the column holds is refused, and so is a required text that shows nothing or is
    blank up to a NUL (SQLite's checks stop there). The rest is kept exactly."""
    if not value.strip():
        return field != plan.required, None
    if len(value) > plan.limit(field):
        return False, None
    required = field == plan.required
    if required and not (one_line(value) and value.partition(NUL)[0].strip()):
        return False, None
    return True, value


def literal_start(value: str) -> str:
    """The start of `value` as a list shows it: its first printable ASCII characters."""
    shown = one_line(value)
    start = ""
    for char in shown[:10]:
        if not " " <= char <= "~":
            break
        start += char
    return start.rstrip()


def _book(folder: Path) -> Path:
    path = folder / "book.db"
    db = open_database(path)
    store.save(db, Account, None, {"name": "Acme"})
    db.close()
    return path


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {
            name for (name,) in connection.execute("SELECT name FROM sqlite_master")
        }


def _rows(path: Path, table: str, columns: tuple[str, ...]) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        connection.text_factory = str
        return connection.execute(
            f"SELECT {', '.join(columns)} FROM {table} ORDER BY id"  # names from PLANS
        ).fetchall()


async def _paste(pilot: Pilot[None], form: FormScreen, field: str, text: str) -> None:
    widget = form.query_one(f"#field-{field}")
    widget.focus()
    await pilot.pause()
    if isinstance(widget, Input):
        widget.value = ""  # a paste adds to what is there
    pilot.app.post_message(events.Paste(text))  # as a terminal delivers a paste
    await pilot.pause()


async def fill_and_save(path: Path, plan: Plan, values: dict[str, str]) -> None:
    """Open the form with its keys, paste `values`, ctrl+s; check what the book holds
    and what the screen shows."""
    before = _tables(path)
    known = len(_rows(path, plan.table, ("id",)))
    db = open_database(path)
    app = AmtuiApp(db)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            title = app.title
            await plan.open(pilot)
            form = app.screen
            assert isinstance(form, FormScreen), form
            for field, text in (*plan.fill, *values.items()):
                await _paste(pilot, form, field, text)
            for field, text in values.items():
                assert form._raw(field) == text, (field, form._raw(field), text)
            assert raw_controls(await screen_text(pilot)) == []
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.is_running and app.return_code is None  # not quit by markup
            assert app.title == title
            shown = await screen_text(pilot)
            assert raw_controls(shown) == []
            outcome = {
                field: expected(plan, field, text) for field, text in values.items()
            }
            saved = all(ok for ok, _stored in outcome.values())
            rows = _rows(path, plan.table, tuple(values))
            if saved:
                assert not isinstance(app.screen, FormScreen), "the form did not close"
                assert len(rows) == known + 1
                assert rows[-1] == tuple(stored for _ok, stored in outcome.values())
                if plan.required and (start := literal_start(values[plan.required])):
                    assert start in shown  # listed literally, markup not applied
            else:
                assert app.screen is form, "a refused value closed the form"
                assert len(rows) == known
                refused = [
                    form.fields[field].label
                    for field in form.fields
                    if field in outcome and not outcome[field][0]
                ]
                assert f"Not saved: check {', '.join(refused)}." in shown
    finally:
        db.close()
    assert _tables(path) == before


def form_values(plan: Plan) -> st.SearchStrategy[dict[str, str]]:
    """Hostile text for each text field of `plan`'s form (a multi-line one for a
    long text)."""
    return st.fixed_dictionaries(
        {
            field: field_text(one_line=plan.limit(field) != NOTES_MAX)
            for field in plan.texts
        }
    )


@pytest.mark.parametrize("name", PLANS)
def test_hostile_text_in_every_form(name: str) -> None:
    plan = PLANS[name]

    @settings(max_examples=examples(4), deadline=None)
    @given(form_values(plan))
    def paste_and_save(values: dict[str, str]) -> None:
        accepted = all(expected(plan, *item)[0] for item in values.items())
        event("saved" if accepted else "refused")
        with tempfile.TemporaryDirectory() as folder:
            path = _book(Path(folder))
            asyncio.run(fill_and_save(path, plan, values))

    paste_and_save()


def test_sql_injection_through_every_text_field_of_every_form(tmp_path: Path) -> None:
    """Every payload, in every text field of every form: stored literally, every table
    intact."""
    path = _book(tmp_path)
    payloads = [f"x{payload}" for payload in INJECTION]  # x: never blank
    turn = 0
    for name, plan in PLANS.items():
        values = {}
        for field in plan.texts:
            values[field] = payloads[turn % len(payloads)]
            turn += 1
        if name == "contact":  # an address: no spaces, one @
            values["email"] = payloads[turn % len(payloads)].replace(" ", "") + "@x.io"
            turn += 1
        asyncio.run(fill_and_save(path, plan, values))
    assert turn >= len(payloads)
