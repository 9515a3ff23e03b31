"""A handoff brief in Markdown: what a project manager must know to take it over."""

from __future__ import annotations

from amtui.domain.dates import local_date, local_wall_time
from amtui.report.format import NONE, amount, day, inline, paragraphs, table, words
from amtui.store.brief import HandoffBrief


def brief_markdown(brief: HandoffBrief) -> str:
    """The brief: the handoff, the client, the promises as written, the deliverables,
    the status history, the client's people and the latest interactions."""
    sections = [
        f"# Handoff brief #{brief.id}: {inline(brief.title)}",
        _facts(brief),
        _client(brief),
        "## Brief: needs, vision, constraints, promises\n\n"
        + (_text(brief.brief) or "No brief written."),
        _deliverables(brief),
        _history(brief),
        _contacts(brief),
        _interactions(brief),
    ]
    return "\n\n".join(sections) + "\n"


def _facts(brief: HandoffBrief) -> str:
    budget = (
        f"{amount(brief.budget)} {inline(brief.currency)}"
        if brief.budget is not None
        else "not set"
    )
    return _fields(
        [
            ("Status", words(brief.status)),
            ("Project manager", _optional(brief.project_manager)),
            ("Start", day(brief.start_on)),
            ("Due", day(brief.due_on)),
            ("Budget", budget),
        ]
    )


def _client(brief: HandoffBrief) -> str:
    name = inline(brief.account_name)
    if brief.account_archived:
        name += " (archived)"
    facts = _fields(
        [
            ("Name", name),
            ("Sector", _optional(brief.account_sector)),
            ("Tier", words(brief.account_tier)),
            ("Status", words(brief.account_status)),
        ]
    )
    notes = _text(brief.account_notes) or "No notes."
    return f"## Client\n\n{facts}\n\n### Organisation and positioning\n\n{notes}"


def _deliverables(brief: HandoffBrief) -> str:
    items = brief.deliverables
    if not items:
        return "## Deliverables\n\nNone."
    done = sum(item.done for item in items)
    rows = [
        [inline(item.title), day(item.due_on), "done" if item.done else "open"]
        for item in items
    ]
    body = table(["Deliverable", "Due", "State"], "lll", rows)
    return f"## Deliverables ({done}/{len(items)} done)\n\n{body}"


def _history(brief: HandoffBrief) -> str:
    if not brief.history:
        return "## Status history\n\nNo change recorded."
    rows = []
    for change in brief.history:
        on, at = local_wall_time(change.changed_at)
        before = words(change.from_status) if change.from_status else NONE
        rows.append([f"{on.isoformat()} {at:%H:%M}", before, words(change.to_status)])
    return f"## Status history\n\n{table(['When', 'From', 'To'], 'lll', rows)}"


def _contacts(brief: HandoffBrief) -> str:
    if not brief.contacts:
        return "## Client contacts\n\nNone."
    rows = [
        [
            inline(contact.name),
            _optional(contact.role),
            _optional(contact.email),
            _optional(contact.phone),
        ]
        for contact in brief.contacts
    ]
    body = table(["Name", "Role", "Email", "Phone"], "llll", rows)
    return f"## Client contacts\n\n{body}"


def _interactions(brief: HandoffBrief) -> str:
    title = "## Last interactions with the client"
    if not brief.interactions:
        return f"{title}\n\nNone logged."
    rows = [
        [
            local_date(item.occurred_at).isoformat(),
            words(item.kind),
            inline(item.summary),
            _optional(item.contact_name),
        ]
        for item in brief.interactions
    ]
    return f"{title}\n\n{table(['Date', 'Kind', 'Summary', 'With'], 'llll', rows)}"


def _fields(pairs: list[tuple[str, str]]) -> str:
    """`- **Label:** value` lines; the values are escaped by the caller."""
    return "\n".join(f"- **{label}:** {value}" for label, value in pairs)


def _optional(value: str | None) -> str:
    return inline(value) if value and value.strip() else NONE


def _text(value: str | None) -> str:
    return paragraphs(value) if value else ""
