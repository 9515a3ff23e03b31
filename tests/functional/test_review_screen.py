"""The weekly review screen driven with its keys, on a hand-built book and a fixed clock.

Today is Wednesday 25 November 2026, in 2026-W48. The book holds three clients:
Acme (active, loyalty), Prospex (a prospect: conquest) and a client never contacted.
Meetings in November: a visit to Prospex in W47 and a meeting with Acme in W48, so
the November meetings objective reads 1 as of W47 and 2 as of today.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from driving import screen_text, settle, type_burst
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static, TextArea

from amtui.domain.periods import IsoWeek
from amtui.store import Database
from amtui.store.models import (
    Account,
    AgendaItem,
    Deliverable,
    Handoff,
    Interaction,
    Objective,
    Opportunity,
)
from amtui.ui.app import AmtuiApp
from amtui.ui.dialogs.confirm import ConfirmScreen
from amtui.ui.forms.form import FormScreen
from amtui.ui.screens.account import AccountScreen
from amtui.ui.screens.cockpit import CockpitScreen
from amtui.ui.screens.guided import GuidedReviewScreen
from amtui.ui.screens.help import HelpScreen
from amtui.ui.screens.review import ReviewScreen
from amtui.vocabulary import (
    AccountStatus,
    HandoffStatus,
    InteractionKind,
    ObjectiveMetric,
    ObjectiveStatus,
    OpportunityStage,
)

DAY = date(2026, 11, 25)
TALL = (110, 90)  # every section on screen at once


def noon(day: date) -> datetime:
    """Local noon of `day`, in UTC."""
    return datetime(day.year, day.month, day.day, 12).astimezone().astimezone(UTC)


@pytest.fixture
def book(db: Database) -> dict[str, int]:
    with db.write() as session:
        acme = Account(
            name="Acme", status=AccountStatus.ACTIVE, created_at=noon(date(2026, 1, 5))
        )
        prospex = Account(
            name="Prospex",
            status=AccountStatus.PROSPECT,
            created_at=noon(date(2026, 11, 2)),
        )
        silent = Account(
            name="Silent [bold]Ltd[/]",
            status=AccountStatus.ACTIVE,
            created_at=noon(date(2026, 6, 1)),
        )
        session.add_all([acme, prospex, silent])
        session.flush()
        handoff = Handoff(
            account_id=acme.id,
            title="Rollout",
            status=HandoffStatus.IN_PROGRESS,
            due_on=date(2026, 12, 1),
        )
        session.add_all(
            [
                Interaction(
                    account_id=prospex.id,
                    occurred_at=noon(date(2026, 11, 18)),
                    kind=InteractionKind.VISIT,
                    summary="Site visit",
                ),
                Interaction(
                    account_id=acme.id,
                    occurred_at=noon(date(2026, 11, 24)),
                    kind=InteractionKind.MEETING,
                    summary="Steering meeting",
                ),
                Opportunity(
                    account_id=acme.id,
                    title="Renewal",
                    amount=Decimal("2500"),
                    stage=OpportunityStage.WON,
                    closed_on=date(2026, 11, 10),
                ),
                Opportunity(
                    account_id=prospex.id,
                    title="First deal",
                    amount=Decimal("1000"),
                    stage=OpportunityStage.LEAD,
                ),
                AgendaItem(
                    account_id=acme.id, due_on=date(2026, 11, 20), title="Send deck"
                ),
                Objective(
                    period="2026-11",
                    metric=ObjectiveMetric.MEETINGS,
                    target=Decimal(4),
                ),
                Objective(
                    period="2026-11",
                    metric=ObjectiveMetric.REVENUE,
                    target=Decimal(10000),
                ),
                Objective(
                    period="2026-11",
                    metric=ObjectiveMetric.CUSTOM,
                    text="Reference visits",
                    target=Decimal(3),
                ),
                Objective(
                    period="2026-Q4",
                    metric=ObjectiveMetric.CUSTOM,
                    text="Win [red]trust[/]",
                    status=ObjectiveStatus.AT_RISK,
                ),
                handoff,
            ]
        )
        session.flush()
        session.add(Deliverable(handoff_id=handoff.id, title="Go-live"))
        return {"acme": acme.id, "silent": silent.id}


def review_app(db: Database) -> AmtuiApp:
    return AmtuiApp(db, clock=lambda: DAY)


async def open_review(pilot: Pilot[None], *keys: str) -> ReviewScreen:
    await pilot.press("r")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    await pilot.press(*keys)
    await settle(pilot)
    return screen


def line_with(text: str, *words: str) -> str:
    """The one line of the screen holding every word of `words`."""
    [line] = [line for line in text.splitlines() if all(w in line for w in words)]
    return line


def cells(line: str) -> list[str]:
    return line.strip("│ ").split()


def form_of(pilot: Pilot[None]) -> FormScreen:
    screen = pilot.app.screen
    assert isinstance(screen, FormScreen), screen
    return screen


def field(form: FormScreen, name: str) -> Input:
    return form.query_one(f"#field-{name}", Input)


def note(form: FormScreen, name: str) -> str:
    return str(form.query_one(f"#note-{name}", Static).content)


def rows(db: Database, model: type, **where: object) -> list:
    with db.read() as session:
        return list(session.scalars(select(model).filter_by(**where)))


async def test_r_opens_the_review_with_the_figures_of_the_book(
    db: Database, book: dict[str, int]
) -> None:
    async with review_app(db).run_test(size=TALL) as pilot:
        await open_review(pilot)
        text = await screen_text(pilot)
        assert "Weekly review · 2026-W48 · 23-29 Nov 2026" in text
        assert "as of Wed 25 Nov 2026, this week" in text
        assert "Objectives · 4" in text
        meetings = cells(line_with(text, "2026-11", "Meetings"))
        assert meetings[2:] == ["4", "2", "-2", "50%", "████░░░░", "83%"]  # 25/30 days
        revenue = cells(line_with(text, "2026-11", "Revenue"))
        assert revenue[2:] == ["10,000", "2,500", "-7,500", "25%", "██░░░░░░", "83%"]
        custom = cells(line_with(text, "2026-11", "Reference visits"))
        assert custom[3:] == ["3", "—", "—", "—", "83%"]  # no actual entered yet
        assert "2026-Q4 at risk · Win [red]trust[/]" in text  # literally
        # Time split: the visit to the prospect in W47 (conquest), the meeting with
        # Acme in W48 (loyalty); the phase of most clients (the default, conquest).
        assert cells(line_with(text, "│ 2026-W45"))[1:] == [
            "0",
            "0",
            "—",
            "no",
            "interaction",
        ]
        assert cells(line_with(text, "│ 2026-W47"))[1:4] == ["1", "0", "100%"]
        assert cells(line_with(text, "│ 2026-W48"))[1:4] == ["0", "1", "0%"]
        assert cells(line_with(text, "│ 4 weeks"))[2:5] == ["1", "1", "50%"]
        assert "Phase: conquest (most of your accounts); target 80/20" in text
        assert "Drift: -30 pts" in text
        assert "Past cadence · 1" in text
        silent = cells(line_with(text, "Silent [bold]Ltd[/]"))
        assert silent[-7:] == ["30", "d", "never", "177", "d", "+147", "d"]
        assert "in progress" in line_with(text, "Rollout", "Acme")
        assert "due in 6 d, 1 deliverable(s) open" in text
        assert cells(line_with(text, "Send deck", "Acme"))[-3:] == ["Nov", "5", "d"]
        assert cells(line_with(text, "won", "2,500"))[:3] == ["won", "1", "2,500"]
        assert "Open (lead to negotiation): 1, 1,000." in text


async def test_brackets_step_weeks_and_never_beyond_this_week(
    db: Database, book: dict[str, int]
) -> None:
    async with review_app(db).run_test(size=TALL) as pilot:
        screen = await open_review(pilot, "left_square_bracket")
        text = await screen_text(pilot)
        assert "Weekly review · 2026-W47 · 16-22 Nov 2026" in text
        assert "as of Sun 22 Nov 2026, its last day" in text
        meetings = cells(line_with(text, "2026-11", "Meetings"))
        assert meetings[2:5] == ["4", "1", "-3"]  # the W48 meeting is not counted
        assert "2026-W48" not in text and "2026-W44" in text
        assert cells(line_with(text, "│ 4 weeks"))[2:5] == ["1", "0", "100%"]
        assert "Past cadence · 2" in text  # Acme was not contacted before W48
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert screen.week == IsoWeek(2026, 48)
        assert cells(line_with(await screen_text(pilot), "Meetings"))[3] == "2"
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert screen.week == IsoWeek(2026, 48)
        messages = [n.message for n in pilot.app._notifications]
        assert "2026-W48 is this week: a week to come has no review yet." in messages
        await pilot.press(*["left_square_bracket"] * 3, "t")
        await settle(pilot)
        assert screen.review is not None and screen.review.week == IsoWeek(2026, 48)


async def test_the_year_turns_with_the_weeks(
    db: Database, book: dict[str, int]
) -> None:
    app = AmtuiApp(db, clock=lambda: date(2027, 1, 6))
    async with app.run_test(size=TALL) as pilot:
        await open_review(pilot, "left_square_bracket")
        text = await screen_text(pilot)
        assert "Weekly review · 2026-W53 · 28 Dec 2026 - 3 Jan 2027" in text


async def test_n_creates_an_objective_shown_with_its_actual(
    db: Database, book: dict[str, int]
) -> None:
    async with review_app(db).run_test(size=TALL) as pilot:
        screen = await open_review(pilot, "n")
        form = form_of(pilot)
        assert field(form, "period").value == "2026-11"  # the review's month
        field(form, "period").value = "2026-q4"
        field(form, "target").value = "5000"
        await pilot.press("ctrl+s")
        await settle(pilot)
        [objective] = rows(db, Objective, period="2026-Q4", metric="revenue")
        assert pilot.app.screen is screen
        revenue = cells(line_with(await screen_text(pilot), "2026-Q4", "Revenue"))
        assert revenue[2:6] == ["5,000", "2,500", "-2,500", "50%"]
        assert screen.objectives.highlighted == objective.id


async def test_e_edits_the_highlighted_objective_and_its_manual_actual(
    db: Database, book: dict[str, int]
) -> None:
    async with review_app(db).run_test(size=TALL) as pilot:
        screen = await open_review(pilot, "j", "j", "e")
        form = form_of(pilot)
        assert form.heading.startswith("Edit")
        field(form, "manual_actual").value = "2"
        await pilot.press("ctrl+s")
        await settle(pilot)
        custom = cells(line_with(await screen_text(pilot), "Reference visits"))
        assert custom[3:8] == ["3", "2", "-1", "66%", "█████░░░"]  # rounded down
        assert screen.objectives.cursor == 2  # still on the objective edited
        await pilot.press("k", "enter")  # enter edits too
        field(form_of(pilot), "target").value = "3"
        await pilot.press("ctrl+s")
        await settle(pilot)
        meetings = cells(line_with(await screen_text(pilot), "2026-11", "Meetings"))
        assert meetings[2:6] == ["3", "2", "-1", "66%"]
        await pilot.press("e", "escape")  # cancelled: nothing to read again
        await pilot.pause()
        assert pilot.app.screen is screen


async def test_m_exports_the_markdown_and_never_overwrites_a_file(
    db: Database,
    book: dict[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "review-2026-W48.md"
    async with review_app(db).run_test(size=(80, 24)) as pilot:
        await open_review(pilot, "m")
        assert field(form_of(pilot), "file").value == "review-2026-W48.md"
        await pilot.press("ctrl+s")
        await settle(pilot)
        markdown = out.read_text()
        assert out.stat().st_mode & 0o777 == 0o600
        assert "# Weekly review 2026-W48 · 23-29 Nov 2026" in markdown
        assert "| 2026-11 | Meetings | 4 | 2 | -2 | 50% | 83% |" in markdown
        assert "| 2026-11 | Revenue | 10,000 | 2,500 | -7,500 | 25% | 83% |" in markdown
        messages = [n.message for n in pilot.app._notifications]
        assert f"Wrote the review of 2026-W48 to {out}" in messages
        out.write_text("mine")
        await pilot.press("m", "ctrl+s")
        await pilot.pause()
        assert "already exists" in note(form_of(pilot), "file")
        await pilot.press("escape")
        assert out.read_text() == "mine"


async def test_the_palette_opens_the_review_and_escape_goes_back(
    db: Database, book: dict[str, int]
) -> None:
    async with review_app(db).run_test(size=(120, 36)) as pilot:
        await pilot.press("ctrl+p", *"weekly review")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReviewScreen)
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, CockpitScreen)
        await open_review(pilot, "b")
        assert isinstance(pilot.app.screen, CockpitScreen)


async def test_enter_opens_a_client_past_its_cadence_and_escape_comes_back(
    db: Database, book: dict[str, int]
) -> None:
    async with review_app(db).run_test() as pilot:
        screen = await open_review(pilot, "tab", "tab")
        assert screen.lapses.has_focus
        await pilot.press("enter")
        await pilot.pause()
        account = pilot.app.screen
        assert isinstance(account, AccountScreen)
        assert account.account_id == book["silent"]
        await pilot.press("escape")
        assert pilot.app.screen is screen


async def test_r_opens_the_review_from_an_account_and_w_the_guided_mode(
    db: Database, book: dict[str, int]
) -> None:
    async with review_app(db).run_test() as pilot:
        await pilot.press("enter")
        assert isinstance(pilot.app.screen, AccountScreen)
        await open_review(pilot, "w")
        assert isinstance(pilot.app.screen, GuidedReviewScreen)
        await pilot.press("escape")
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, AccountScreen)


async def test_help_lists_the_keys_of_the_review(
    db: Database, book: dict[str, int]
) -> None:
    async with review_app(db).run_test(size=(100, 40)) as pilot:
        await open_review(pilot, "question_mark")
        help_screen = pilot.app.screen
        assert isinstance(help_screen, HelpScreen)
        sections = dict(help_screen.sections)
        review = {desc: keys for keys, desc in sections["In the review"]}
        assert review["The week before"] == "["
        assert review["The week after, up to this week"] == "]"
        assert review["Export the review to a Markdown file"] == "m"
        assert review["Walk the clients needing attention one by one"] == "w"
        assert set(review["Back"].split()) == {"b", "esc"}
        assert review["Page down"] == "pgdn"
        here = {desc: keys for keys, desc in sections["In the objectives pane"]}
        assert set(here["Edit the objective (target, actual, status)"].split()) == {
            "e",
            "⏎",
        }
        assert set(sections) == {
            "Everywhere",
            "In the review",
            "In the objectives pane",
        }


async def test_every_section_can_be_reached_at_80x24(
    db: Database, book: dict[str, int]
) -> None:
    async with review_app(db).run_test(size=(80, 24)) as pilot:
        await open_review(pilot)
        text = await screen_text(pilot)
        assert "Pipeline" not in text
        await pilot.press("pagedown", "pagedown", "pagedown")
        await pilot.pause()
        assert "Open (lead to negotiation): 1, 1,000." in await screen_text(pilot)
        await pilot.press("pageup", "pageup", "pageup", "shift+tab")
        await pilot.pause()
        text = await screen_text(pilot)
        assert "Pipeline · by stage" in text and "lost" in text


async def test_no_color_keeps_the_tones_readable(
    db: Database, book: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    async with review_app(db).run_test() as pilot:
        screen = await open_review(pilot)
        table = screen.objectives
        assert pilot.app.no_color
        assert table.get_component_rich_style("review-table--alert").bold
        assert table.get_component_rich_style("review-table--warn").underline
        assert table.get_component_rich_style("review-table--cursor").reverse


async def test_a_long_list_says_how_many_more_and_its_cursor_stays_in_view(
    db: Database, book: dict[str, int]
) -> None:
    with db.write() as session:
        session.add_all(
            Account(name=f"Quiet {n:02}", created_at=noon(date(2026, 3, n)))
            for n in range(1, 31)
        )
    async with review_app(db).run_test() as pilot:
        screen = await open_review(pilot, "tab", "tab")
        text = await screen_text(pilot)
        assert "Past cadence · 31" in text
        [oldest] = rows(db, Account, name="Quiet 01")
        assert screen.lapses.highlighted == oldest.id
        await pilot.press("G")
        text = await screen_text(pilot)
        assert "…and 6 more" in text
        assert "Quiet 25" in text and "Quiet 26" not in text  # the last shown, in view
        await pilot.press("g")
        assert "Past cadence · 31" in await screen_text(pilot)  # scrolled back up
        await pilot.press(*"jjj", "enter")
        await pilot.pause()
        account = pilot.app.screen
        assert isinstance(account, AccountScreen)
        assert account.account_id == screen.lapses.rows[3].key


def messages(pilot: Pilot[None]) -> list[str]:
    return [n.message for n in pilot.app._notifications]


async def test_D_deletes_the_highlighted_objective_after_y(
    db: Database, book: dict[str, int]
) -> None:
    async with review_app(db).run_test(size=TALL) as pilot:
        screen = await open_review(pilot, "j", "D")
        question = pilot.app.screen
        assert isinstance(question, ConfirmScreen)
        assert question.question == "Delete the objective '2026-11 meetings'?"
        await pilot.press("n")  # kept
        await settle(pilot)
        assert rows(db, Objective, metric="meetings")
        await pilot.press("D", "y")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert not rows(db, Objective, metric="meetings")
        text = await screen_text(pilot)
        assert "Objectives · 3" in text and "Meetings" not in text
        assert screen.objectives.cursor == 1  # on the objective after it


@pytest.mark.parametrize(
    ("metric", "target", "actual", "text", "where", "why"),
    [
        ("revenue", "", "", "", "target", "a revenue objective needs a target"),
        ("meetings", "", "", "", "target", "a meetings objective needs a target"),
        (
            "custom",
            "",
            "",
            "",
            "target",
            "a custom objective needs a target, a qualitative goal or both",
        ),
        (
            "new_accounts",
            "5",
            "2",
            "",
            "manual_actual",
            "computed from the book: leave it empty",
        ),
        (
            "meetings",
            "4.5",
            "",
            "",
            "target",
            "a count of meetings is a whole number",
        ),
        (
            "new_accounts",
            "2,5",
            "",
            "",
            "target",
            "a count of new accounts is a whole number",
        ),
    ],
)
async def test_the_objective_form_refuses_what_cannot_be_reviewed(
    db: Database,
    book: dict[str, int],
    metric: str,
    target: str,
    actual: str,
    text: str,
    where: str,
    why: str,
) -> None:
    before = len(rows(db, Objective))
    async with review_app(db).run_test(size=TALL) as pilot:
        await open_review(pilot, "n")
        form = form_of(pilot)
        form.query_one("#field-metric", Select).value = ObjectiveMetric(metric)
        field(form, "target").value = target
        field(form, "manual_actual").value = actual
        form.query_one("#field-text", TextArea).text = text
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is form  # still open, nothing lost
        assert note(form, where) == why
        assert form.focused is form.query_one(f"#field-{where}")
        assert field(form, "target").value == target
    assert len(rows(db, Objective)) == before


async def test_a_custom_objective_with_a_text_only_or_a_whole_count_is_saved(
    db: Database, book: dict[str, int]
) -> None:
    async with review_app(db).run_test(size=TALL) as pilot:
        await open_review(pilot, "n")
        form = form_of(pilot)
        form.query_one("#field-metric", Select).value = ObjectiveMetric.CUSTOM
        form.query_one("#field-text", TextArea).text = "Know every buyer"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert rows(db, Objective, text="Know every buyer")
        await pilot.press("n")
        form = form_of(pilot)
        form.query_one("#field-metric", Select).value = ObjectiveMetric.MEETINGS
        field(form, "target").value = "12.00"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [o.target for o in rows(db, Objective, metric="meetings")] == [
            Decimal(4),
            Decimal(12),
        ]


async def test_an_objective_saved_for_a_period_not_shown_says_where_it_shows(
    db: Database, book: dict[str, int]
) -> None:
    async with review_app(db).run_test(size=TALL) as pilot:
        screen = await open_review(pilot, "n")
        form = form_of(pilot)
        field(form, "period").value = "2025"
        field(form, "target").value = "90000"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert rows(db, Objective, period="2025")
        assert pilot.app.screen is screen
        assert (
            "Saved: 2025 objectives show in the reviews of weeks in 2025, "
            "not in 2026-W48's."
        ) in messages(pilot)
        await pilot.press("n")
        field(form_of(pilot), "period").value = "2026-q4"
        field(form_of(pilot), "target").value = "1"
        await pilot.press("ctrl+s")  # a quarter this week touches: nothing to say
        await settle(pilot)
        assert len(messages(pilot)) == 1
        await pilot.press("e")  # the new one, selected: moved to December
        field(form_of(pilot), "period").value = "2026-12"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert messages(pilot)[-1] == (
            "Saved: 2026-12 objectives show in the reviews of weeks in "
            "December 2026, not in 2026-W48's."
        )


async def test_r_goes_back_to_the_review_already_open_under_an_account(
    db: Database, book: dict[str, int]
) -> None:
    async with review_app(db).run_test() as pilot:
        screen = await open_review(pilot, "left_square_bracket", "tab", "tab")
        depth = len(pilot.app.screen_stack)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, AccountScreen)
        await pilot.press("r")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert len(pilot.app.screen_stack) == depth
        assert screen.week == IsoWeek(2026, 47)  # as it was left
        await pilot.press("w", "enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, AccountScreen)
        await pilot.press("r")  # over the guided review too
        await settle(pilot)
        assert pilot.app.screen is screen
        assert len(pilot.app.screen_stack) == depth


async def test_keys_typed_right_after_n_land_in_the_form(
    db: Database, book: dict[str, int]
) -> None:
    async with review_app(db).run_test() as pilot:
        await open_review(pilot)
        type_burst(pilot.app, "n2026-Q4")
        await pilot.pause()
        assert field(form_of(pilot), "period").value == "2026-Q4"


async def test_the_footer_fits_at_80x24_without_cutting_a_key(
    db: Database, book: dict[str, int]
) -> None:
    async with review_app(db).run_test(size=(80, 24)) as pilot:
        await open_review(pilot)
        footer = (await screen_text(pilot)).splitlines()[-1]
        for shown in ("e Edit", "[] Week", "n New", "w Guided", "esc Back", "? Help"):
            assert shown in footer
        assert "^p palette" in footer
