"""The form of each kind of record: its fields, its starting values, how it saves.

Each builder takes the book, today and the record's id (None for a new one) and
returns a `FormScreen` that dismisses with the saved record's id.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from amtui.domain.capture import CaptureError, resolve_account
from amtui.domain.dates import local_instant, local_wall_time
from amtui.domain.periods import Period
from amtui.domain.when import When
from amtui.errors import AmtuiError
from amtui.store import Database
from amtui.store import editing as store
from amtui.store.incoming import parse_email
from amtui.store.models import (
    DEFAULT_CADENCE_DAYS,
    NAME_MAX,
    NOTES_MAX,
    SUMMARY_MAX,
    Account,
    AgendaItem,
    Contact,
    Interaction,
    Objective,
    Opportunity,
    birthday_problem,
    utcnow,
)
from amtui.store.queries import CLOSED_STAGES, find_accounts, find_contact
from amtui.ui.forms.field import (
    Field,
    choice_field,
    date_field,
    money_field,
    text_field,
    whole_field,
)
from amtui.ui.forms.form import FieldError, FormScreen
from amtui.vocabulary import (
    AccountPhase,
    AccountStatus,
    AccountTier,
    AgendaKind,
    InteractionKind,
    ObjectiveMetric,
    ObjectiveStatus,
    OpportunityStage,
    Recurrence,
    Sentiment,
)


def _title(noun: str, record_id: int | None, name: str = "") -> str:
    return f"Edit {noun} · {name}" if record_id is not None else f"New {noun}"


# -- clients ---------------------------------------------------------------------------


def account_form(
    db: Database,
    account_id: int | None,
    *,
    owner: str = "",
    cadence_days: int | None = None,
) -> FormScreen:
    """A client's form; a new one starts with `owner` and `cadence_days` (the user's
    settings), or the book's default cadence."""
    values = store.load(db, Account, account_id) if account_id is not None else {}
    fields = [
        text_field("name", "Name", required=True, max_length=NAME_MAX),
        text_field("sector", "Sector", max_length=100),
        choice_field("status", "Status", AccountStatus),
        choice_field("phase", "Phase", AccountPhase),
        choice_field("tier", "Tier", AccountTier),
        text_field("owner", "Owner", max_length=NAME_MAX),
        whole_field("cadence_days", "Cadence (days)", low=1, high=3650),
        text_field("tags", "Tags", max_length=500),
        text_field(
            "notes",
            "Notes",
            max_length=NOTES_MAX,
            lines=4,
            hint="organisation, positioning, competition",
        ),
    ]
    start = {
        "status": AccountStatus.PROSPECT,
        "phase": AccountPhase.CONQUEST,
        "tier": AccountTier.STANDARD,
        "owner": owner,
        "cadence_days": cadence_days or DEFAULT_CADENCE_DAYS,
        **values,
    }

    def save(fields_values: dict[str, Any], version: int | None) -> int:
        try:
            return store.save(db, Account, account_id, fields_values, version=version)
        except store.NameTaken as error:
            raise FieldError("name", str(error)) from error

    return FormScreen(
        _title("client", account_id, values.get("name", "")), fields, start, save
    )


# -- contacts --------------------------------------------------------------------------

_BIRTHDAY = re.compile(r"(?:([0-9]{4})-)?([0-9]{1,2})-([0-9]{1,2})")


def _parse_birthday(text: str) -> tuple[int, int, int | None] | None:
    """`1985-03-14`, or `03-14` when the year is not known."""
    if not text.strip():
        return None
    match = _BIRTHDAY.fullmatch(text.strip())
    if match is None:
        raise ValueError("write a birthday as YYYY-MM-DD, or MM-DD without the year")
    year = int(match[1]) if match[1] else None
    month, day = int(match[2]), int(match[3])
    problem = birthday_problem(month, day, year)
    if problem:
        raise ValueError(problem)
    return month, day, year


def _parse_email(text: str) -> str | None:
    """An e-mail address, checked as the imports check it; blank is none."""
    return parse_email(text) if text.strip() else None


def _show_birthday(value: Any) -> str:
    if value is None:
        return ""
    month, day, year = value
    return f"{year:04}-{month:02}-{day:02}" if year else f"{month:02}-{day:02}"


def contact_form(db: Database, account_id: int, contact_id: int | None) -> FormScreen:
    values = store.load(db, Contact, contact_id) if contact_id is not None else {}
    if values.get("birthday_month") is not None:
        values["birthday"] = (
            values["birthday_month"],
            values["birthday_day"],
            values["birthday_year"],
        )
    fields = [
        text_field("name", "Name", required=True, max_length=NAME_MAX),
        text_field("role", "Role", max_length=NAME_MAX),
        Field("email", "Email", _parse_email, hint="name@company.com"),
        text_field("phone", "Phone", max_length=50),
        Field(
            "birthday",
            "Birthday",
            _parse_birthday,
            show=_show_birthday,
            hint="YYYY-MM-DD, or MM-DD without the year",
        ),
        text_field("notes", "Notes", max_length=NOTES_MAX, lines=3),
    ]

    def save(fields_values: dict[str, Any], version: int | None) -> int:
        month, day, year = fields_values.pop("birthday") or (None, None, None)
        fields_values.update(
            account_id=account_id,
            birthday_month=month,
            birthday_day=day,
            birthday_year=year,
        )
        return store.save(db, Contact, contact_id, fields_values, version=version)

    return FormScreen(
        _title("contact", contact_id, values.get("name", "")), fields, values, save
    )


# -- interactions ----------------------------------------------------------------------


def interaction_form(
    db: Database,
    today: date,
    account: tuple[int, str],
    interaction_id: int | None,
) -> FormScreen:
    account_id, account_name = account
    values = store.load(db, Interaction, interaction_id) if interaction_id else {}
    day, at = local_wall_time(values.get("occurred_at") or utcnow())
    start = {"kind": InteractionKind.CALL, **values, "occurred": When(day, at)}
    if values.get("contact_id") is not None:
        start["contact"] = store.load(db, Contact, values["contact_id"])["name"]
    if values.get("follow_up_on") is not None:
        still_open = (
            store.open_follow_up(db, interaction_id) if interaction_id else None
        )
        start["follow_up"] = (
            When(*still_open) if still_open else When(values["follow_up_on"])
        )

    def contact_id(name: str) -> int | None:
        if not name.strip():
            return None
        found = find_contact(db, account_id, name)
        if found is None:
            raise ValueError(f"no contact of {account_name} is called '{name.strip()}'")
        return found

    fields = [
        text_field("summary", "Summary", required=True, max_length=SUMMARY_MAX),
        choice_field("kind", "Kind", InteractionKind),
        date_field("occurred", "When", today, required=True, with_time=True),
        Field("contact", "Contact", _guarded(contact_id), hint="a contact's name"),
        choice_field("sentiment", "Sentiment", Sentiment, required=False),
        date_field("follow_up", "Follow-up", today, with_time=True),
        text_field("details", "Details", max_length=NOTES_MAX, lines=3),
    ]

    def save(fields_values: dict[str, Any], version: int | None) -> int:
        occurred: When = fields_values.pop("occurred")
        follow_up: When | None = fields_values.pop("follow_up")
        untouched = interaction_id is None and occurred == start["occurred"]
        fields_values.update(
            account_id=account_id,
            contact_id=fields_values.pop("contact"),
            occurred_at=utcnow()  # "now", to the second, when left as it was
            if untouched
            else local_instant(occurred.day, occurred.at, utcnow()),
            follow_up_on=follow_up.day if follow_up else None,
        )
        follow_up_time = follow_up.at if follow_up else None
        if interaction_id is None:
            return store.log_interaction(
                db, fields_values, follow_up_time=follow_up_time
            )
        store.update_interaction(
            db,
            interaction_id,
            fields_values,
            follow_up_time=follow_up_time,
            version=version,
        )
        return interaction_id

    noun = f"interaction with {account_name}"
    return FormScreen(_title(noun, interaction_id), fields, start, save)


def _guarded(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    """`parse`, with a database that cannot answer reported as the field's problem."""

    def checked(text: str) -> Any:
        try:
            return parse(text)
        except AmtuiError as error:
            raise ValueError(str(error)) from error

    return checked


# -- agenda ----------------------------------------------------------------------------


def agenda_form(
    db: Database,
    today: date,
    item_id: int | None,
    *,
    account_name: str = "",
) -> FormScreen:
    values = store.load(db, AgendaItem, item_id) if item_id is not None else {}
    start: dict[str, Any] = {
        "kind": AgendaKind.FOLLOW_UP,
        "recurrence": Recurrence.NONE,
        **values,
        "due": When(values["due_on"], values["due_time"]) if values else None,
        "client": account_name,
    }
    if values.get("account_id") is not None:
        start["client"] = store.load(db, Account, values["account_id"])["name"]

    def account_id(name: str) -> int | None:
        if not name.strip():
            return None
        if values.get("account_id") is not None and name == start["client"]:
            return values["account_id"]  # unchanged: kept even if since archived
        try:
            return resolve_account(
                name.strip(), lambda text: find_accounts(db, text)
            ).id
        except CaptureError as error:
            raise ValueError(str(error)) from error

    fields = [
        text_field("title", "Title", required=True, max_length=SUMMARY_MAX),
        date_field("due", "Due", today, required=True, with_time=True),
        choice_field("kind", "Kind", AgendaKind),
        Field(
            "client",
            "Client",
            _guarded(account_id),
            hint="a client's name or its first letters; blank for none",
        ),
        choice_field("recurrence", "Repeats", Recurrence),
    ]

    def save(fields_values: dict[str, Any], version: int | None) -> int:
        due: When = fields_values.pop("due")
        fields_values.update(
            account_id=fields_values.pop("client"), due_on=due.day, due_time=due.at
        )
        return store.save(db, AgendaItem, item_id, fields_values, version=version)

    return FormScreen(
        _title("agenda item", item_id, values.get("title", "")), fields, start, save
    )


# -- pipeline and objectives -------------------------------------------------------------


def opportunity_form(
    db: Database, today: date, account_id: int, opportunity_id: int | None
) -> FormScreen:
    values = store.load(db, Opportunity, opportunity_id) if opportunity_id else {}
    fields = [
        text_field("title", "Title", required=True, max_length=NAME_MAX),
        money_field("amount", "Amount", required=True),
        choice_field("stage", "Stage", OpportunityStage),
        date_field("expected_close_on", "Expected close", today),
        date_field("closed_on", "Closed on", today),
    ]
    start = {"stage": OpportunityStage.LEAD, **values}

    def save(fields_values: dict[str, Any], version: int | None) -> int:
        values = {**fields_values, "account_id": account_id}
        if values["stage"] in CLOSED_STAGES and values["closed_on"] is None:
            values["closed_on"] = today  # won revenue counts in the period it was won
        return store.save(db, Opportunity, opportunity_id, values, version=version)

    return FormScreen(
        _title("opportunity", opportunity_id, values.get("title", "")),
        fields,
        start,
        save,
    )


def _parse_period(text: str) -> str:
    return Period.parse(text).name


# What each metric counts, in messages; the custom one is entered by hand.
_COMPUTED = {
    ObjectiveMetric.REVENUE: "revenue",
    ObjectiveMetric.MEETINGS: "meetings",
    ObjectiveMetric.NEW_ACCOUNTS: "new accounts",
}
_COUNTED = frozenset({ObjectiveMetric.MEETINGS, ObjectiveMetric.NEW_ACCOUNTS})


def objective_form(db: Database, today: date, objective_id: int | None) -> FormScreen:
    values = store.load(db, Objective, objective_id) if objective_id else {}
    fields = [
        Field(
            "period",
            "Period",
            _parse_period,
            required=True,
            hint="2026-11, 2026-Q4 or 2026",
        ),
        choice_field("metric", "Metric", ObjectiveMetric),
        money_field("target", "Target"),
        replace(
            money_field("manual_actual", "Actual (custom)"),
            hint="custom objectives only: the others are computed from the book",
        ),
        text_field("text", "Qualitative goal", max_length=NOTES_MAX, lines=3),
        choice_field("status", "Status", ObjectiveStatus, required=False),
    ]
    start = {"period": f"{today:%Y-%m}", "metric": ObjectiveMetric.REVENUE, **values}

    def save(fields_values: dict[str, Any], version: int | None) -> int:
        _check_objective(fields_values)
        return store.save(db, Objective, objective_id, fields_values, version=version)

    title = _title("objective", objective_id, values.get("period", ""))
    return FormScreen(title, fields, start, save)


def _check_objective(values: dict[str, Any]) -> None:
    """A computed metric needs a whole target (for a count) and no actual typed in; a
    custom one, a target or a text to say what it is."""
    metric, target = values["metric"], values["target"]
    counts = _COMPUTED.get(metric)
    if counts is None:
        if target is None and values["text"] is None:
            raise FieldError(
                "target",
                "a custom objective needs a target, a qualitative goal or both",
            )
        return
    if target is None:
        raise FieldError("target", f"a {counts} objective needs a target")
    if metric in _COUNTED and target != target.to_integral_value():
        raise FieldError("target", f"a count of {counts} is a whole number")
    if values["manual_actual"] is not None:
        raise FieldError("manual_actual", "computed from the book: leave it empty")
