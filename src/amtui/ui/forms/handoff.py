"""The handoff form: what the PM needs, the promises made, and the deliverables.

Deliverables are edited as lines of text, one each: `[x] Title @ due date`, where
`[x]` marks it done and `@ date` is optional. A line that keeps its title keeps its
deliverable.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from rich.table import Table
from textual.widgets import Static

from amtui.domain.when import DateError, parse_day
from amtui.store import Database
from amtui.store import editing as store
from amtui.store.editing import DeliverableDraft
from amtui.store.models import NAME_MAX, NOTES_MAX, Handoff, utcnow
from amtui.store.queries import handoff_history
from amtui.text import safe_text
from amtui.ui.format import humanize
from amtui.ui.forms.field import (
    Field,
    choice_field,
    date_field,
    money_field,
    text_field,
)
from amtui.ui.forms.form import FormScreen
from amtui.vocabulary import HandoffStatus

_LINE = re.compile(r"\s*(\[[ xX]\])?\s*(.*?)\s*(?:@\s*(\S.*?))?\s*")
DELIVERABLES_HINT = "one a line: [x] Title @ due date  ([x] done, @ date optional)"


def parse_deliverables(
    text: str, today: date, known: Sequence[DeliverableDraft]
) -> list[DeliverableDraft]:
    """The deliverables written in `text`; a known title keeps its deliverable's id."""
    unused = list(known)
    drafts: list[DeliverableDraft] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        match = _LINE.fullmatch(line)
        assert match is not None  # every line matches: all its parts are optional
        mark, title, due = match.groups()
        if not title:
            raise ValueError(f"line {number}: a deliverable needs a title")
        if len(title) > NAME_MAX:
            raise ValueError(
                f"line {number}: a title has at most {NAME_MAX} characters"
            )
        try:
            due_on = parse_day(due, today) if due else None
        except DateError as error:
            raise ValueError(f"line {number}: {error}") from error
        same = next((draft for draft in unused if draft.title == title), None)
        if same is not None:
            unused.remove(same)
        drafts.append(
            DeliverableDraft(
                id=same.id if same else None,
                title=title,
                due_on=due_on,
                done=mark is not None and mark.lower() == "[x]",
            )
        )
    return drafts


def show_deliverables(drafts: Sequence[DeliverableDraft] | None) -> str:
    return "\n".join(
        f"[{'x' if draft.done else ' '}] {draft.title}"
        + (f" @ {draft.due_on.isoformat()}" if draft.due_on else "")
        for draft in drafts or ()
    )


def _history(db: Database, handoff_id: int) -> Static:
    table = Table.grid(padding=(0, 2))
    for before, after, when in handoff_history(db, handoff_id):
        step = f"{humanize(before)} → {humanize(after)}" if before else humanize(after)
        table.add_row(f"{when.astimezone():%Y-%m-%d %H:%M}", safe_text(step))
    return Static(table, id="form-history")


def handoff_form(
    db: Database, today: date, account: tuple[int, str], handoff_id: int | None
) -> FormScreen:
    account_id, account_name = account
    values = store.load(db, Handoff, handoff_id) if handoff_id is not None else {}
    known = store.deliverables_of(db, handoff_id) if handoff_id is not None else []
    fields = [
        text_field("title", "Title", required=True, max_length=NAME_MAX),
        text_field("project_manager", "Project manager", max_length=NAME_MAX),
        choice_field("status", "Status", HandoffStatus),
        date_field("due_on", "Due", today),
        date_field("start_on", "Start", today),
        money_field("budget", "Budget"),
        Field("currency", "Currency", _parse_currency, hint="EUR, USD, GBP…"),
        text_field(
            "brief",
            "Brief",
            max_length=NOTES_MAX,
            lines=4,
            hint="the client's needs and vision, constraints, promises made",
        ),
        Field(
            "deliverables",
            "Deliverables",
            lambda text: parse_deliverables(text, today, known),
            show=show_deliverables,
            lines=4,
            hint=DELIVERABLES_HINT,
        ),
    ]
    start = {
        "status": HandoffStatus.DRAFT,
        "currency": "EUR",
        **values,
        "deliverables": known,
    }

    def save(fields_values: dict[str, Any], version: int | None) -> int:
        deliverables = fields_values.pop("deliverables")
        fields_values["account_id"] = account_id
        return store.save_handoff(
            db, handoff_id, fields_values, deliverables, now=utcnow(), version=version
        )

    extra = _history(db, handoff_id) if handoff_id is not None else None
    title = (
        f"Edit handoff · {values['title']}"
        if handoff_id is not None
        else f"New handoff for {account_name}"
    )
    return FormScreen(title, fields, start, save, extra=extra)


def _parse_currency(text: str) -> str:
    code = text.strip().upper() or "EUR"
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise ValueError("a currency is a three-letter code such as EUR or USD")
    return code
