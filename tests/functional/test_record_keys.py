"""A day's work from the keyboard: records created, edited, ticked, advanced, archived."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from driving import cockpit, names, screen_text, type_burst
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static, TextArea

from amtui.store import Database, open_database
from amtui.store import editing as store
from amtui.store.models import (
    Account,
    AgendaItem,
    Contact,
    Handoff,
    HandoffStatusChange,
    Interaction,
    Objective,
    Opportunity,
    utcnow,
)
from amtui.ui.app import AmtuiApp
from amtui.ui.dialogs.confirm import ConfirmScreen
from amtui.ui.forms.form import FormScreen
from amtui.ui.screens.account import AccountScreen
from amtui.ui.screens.capture import CaptureScreen
from amtui.vocabulary import (
    HandoffStatus,
    InteractionKind,
    OpportunityStage,
    Recurrence,
)

TODAY = date.today()


def form_of(pilot: Pilot[None]) -> FormScreen:
    screen = pilot.app.screen
    assert isinstance(screen, FormScreen), screen
    return screen


def note(form: FormScreen, field: str) -> str:
    return str(form.query_one(f"#note-{field}", Static).content)


def text_of(form: FormScreen, field: str) -> str:
    widget = form.query_one(f"#field-{field}")
    return widget.text if isinstance(widget, TextArea) else widget.value  # type: ignore[attr-defined]


def rows(db: Database, model: type, **where: object) -> list:
    with db.read() as session:
        return list(session.scalars(select(model).filter_by(**where)))


async def type_text(pilot: Pilot[None], text: str) -> None:
    for char in text:
        await pilot.press(char if char != " " else "space")
    await pilot.pause()  # the form has seen every key: its notes are up to date


# -- clients ----------------------------------------------------------------------------


async def test_n_creates_a_client_and_the_list_shows_it(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test() as pilot:
        await pilot.press("n")
        form = form_of(pilot)
        assert form.focused is form.query_one("#field-name")  # the cursor starts there
        await type_text(pilot, "Newco Ltd")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, FormScreen)
        [account] = rows(db, Account, name="Newco Ltd")
        assert (account.status, account.phase, account.cadence_days) == (
            "prospect",
            "conquest",
            30,
        )
        clients = cockpit(pilot.app).clients_pane.list
        assert "Newco Ltd" in names(clients)
        assert clients.highlighted.name == "Newco Ltd"  # the cursor is on it
        assert cockpit(pilot.app).log_pane.context == "Newco Ltd"


async def test_a_bad_value_keeps_the_form_open_with_everything_typed(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test() as pilot:
        await pilot.press("n")
        await type_text(pilot, "Newco")
        await pilot.press(*["tab"] * 6)  # sector, status, phase, tier, owner, cadence
        await type_text(pilot, "abc")  # the cadence was selected: typing replaces it
        await pilot.press("tab")  # leaving the field checks it
        form = form_of(pilot)
        assert "must be a whole number" in note(form, "cadence_days")
        await pilot.press("ctrl+s")
        form = form_of(pilot)  # still open
        assert text_of(form, "name") == "Newco"
        assert text_of(form, "cadence_days") == "abc"
        assert "Not saved: check Cadence (days)" in await screen_text(pilot)
        assert form.focused is form.query_one("#field-cadence_days")
        assert rows(db, Account, name="Newco") == []
        await type_text(pilot, "14")
        await pilot.press("ctrl+s")
        await pilot.pause()
        [account] = rows(db, Account, name="Newco")
        assert account.cadence_days == 14


async def test_a_required_field_left_empty_is_named(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test() as pilot:
        await pilot.press("n", "ctrl+s")
        assert note(form_of(pilot), "name") == "Name is required"


async def test_a_name_already_taken_is_shown_next_to_the_name(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test() as pilot:
        await pilot.press("n")
        await type_text(pilot, "acme logistics")
        await pilot.press("ctrl+s")
        form = form_of(pilot)
        assert "already exists" in note(form, "name")
        assert text_of(form, "name") == "acme logistics"


async def test_escape_asks_before_throwing_away_what_was_typed(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test() as pilot:
        await pilot.press("n", "escape")  # nothing typed: closes at once
        assert not isinstance(pilot.app.screen, FormScreen)
        await pilot.press("n", "x", "escape")
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("n")  # keep it
        assert text_of(form_of(pilot), "name") == "x"
        await pilot.press("escape", "y")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, FormScreen | ConfirmScreen)
        assert rows(db, Account, name="x") == []


async def test_e_edits_the_highlighted_client(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test() as pilot:
        await pilot.press("e")
        form = form_of(pilot)
        assert text_of(form, "name") == "Acme Logistics"
        await pilot.press("ctrl+a", "ctrl+k")  # clear the name
        await type_text(pilot, "Acme Group")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert names(cockpit(pilot.app).clients_pane.list)[0] == "Acme Group"
        assert (
            rows(db, Account, id=small_book["Acme Logistics"])[0].name == "Acme Group"
        )


async def test_D_archives_a_client_only_after_a_yes(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test() as pilot:
        await pilot.press("D")
        assert isinstance(pilot.app.screen, ConfirmScreen)
        assert "Archive the client 'Acme Logistics'" in await screen_text(pilot)
        await pilot.press("n")
        assert not rows(db, Account, name="Acme Logistics")[0].archived
        await pilot.press("D", "y")
        await pilot.pause()
        assert rows(db, Account, name="Acme Logistics")[0].archived
        assert "Acme Logistics" not in names(cockpit(pilot.app).clients_pane.list)


async def test_markup_typed_into_a_form_is_stored_and_shown_literally(
    db: Database, small_book: dict[str, int]
) -> None:
    hostile = "[bold]Big[/] [@click=app.quit]Co[/]"
    async with AmtuiApp(db).run_test(size=(120, 30)) as pilot:
        await pilot.press("n")
        form_of(pilot).query_one("#field-name", Input).insert_text_at_cursor(
            hostile + "\x1b]0;pwned\x07"
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        [account] = rows(db, Account, name=hostile + "\x1b]0;pwned\x07")
        assert account.id
        text = await screen_text(pilot)
        assert "[bold]Big[/] [@click=app.qu" in text  # the rest is cut by the column
        assert "\x1b" not in text and "\x07" not in text
        assert pilot.app.is_running


# -- interactions and the agenda ----------------------------------------------------------


async def test_logging_with_a_follow_up_puts_it_on_the_agenda(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test(size=(120, 36)) as pilot:
        await pilot.press("2", "n")
        form = form_of(pilot)
        assert form.focused is form.query_one("#field-summary")
        await type_text(pilot, "Renewal talk")
        await pilot.press(*["tab"] * 5)  # kind, when, contact, sentiment, follow-up
        await type_text(pilot, "+3d")
        assert "in 3 days" in note(form, "follow_up")  # the preview of the day
        await pilot.press("ctrl+s")
        await pilot.pause()
        [interaction] = rows(db, Interaction, summary="Renewal talk")
        assert interaction.account_id == small_book["Acme Logistics"]
        assert interaction.kind == InteractionKind.CALL
        assert interaction.follow_up_on == TODAY + timedelta(days=3)
        [item] = rows(db, AgendaItem, interaction_id=interaction.id)
        assert (item.due_on, item.title) == (
            TODAY + timedelta(days=3),
            "Follow up: Renewal talk",
        )
        screen = cockpit(pilot.app)
        assert names(screen.log_pane.list)[0] == "Renewal talk"
        assert "Follow up: Renewal talk" in names(screen.agenda_pane.list)
        clients = screen.clients_pane.list
        assert clients.highlighted.last_contact_at is not None
        assert (utcnow() - clients.highlighted.last_contact_at).total_seconds() < 60


async def test_a_bad_date_is_refused_and_other_fields_are_kept(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test(size=(120, 36)) as pilot:
        await pilot.press("2", "n")
        await type_text(pilot, "Renewal talk")
        await pilot.press(*["tab"] * 5)
        await type_text(pilot, "31/02")
        await pilot.press("ctrl+s")
        form = form_of(pilot)
        assert "'31/02' is not a date I know" in note(form, "follow_up")
        assert text_of(form, "summary") == "Renewal talk"
        assert rows(db, Interaction, summary="Renewal talk") == []


async def test_x_ticks_an_agenda_item_and_x_again_takes_it_back(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test(size=(120, 36)) as pilot:
        screen = cockpit(pilot.app)
        await pilot.press("3")
        assert screen.agenda_pane.list.highlighted.title == "Send QBR deck"
        await pilot.press("x")
        [item] = rows(db, AgendaItem, title="Send QBR deck")
        assert item.done_at is not None
        assert "✓ done" in await screen_text(pilot)  # still in view, ticked
        assert "1 overdue" in str(screen.agenda_pane.border_subtitle)  # Acme's cadence
        await pilot.press("x")
        [item] = rows(db, AgendaItem, title="Send QBR deck")
        assert item.done_at is None
        await pilot.press("x", "ctrl+r")  # a reload lets ticked items go
        assert "Send QBR deck" not in names(screen.agenda_pane.list)


async def test_s_snoozes_an_overdue_item_to_tomorrow(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test(size=(120, 36)) as pilot:
        await pilot.press("3", "s")
        [item] = rows(db, AgendaItem, title="Send QBR deck")
        assert item.due_on == TODAY + timedelta(days=1)
        assert cockpit(pilot.app).agenda_pane.list.highlighted.title != "Send QBR deck"


async def test_a_weekly_item_ticked_done_comes_back_next_week(
    db: Database, small_book: dict[str, int]
) -> None:
    with db.write() as session:
        session.add(
            AgendaItem(
                due_on=TODAY - timedelta(days=5),
                title="Weekly pipeline call",
                recurrence=Recurrence.WEEKLY,
            )
        )
    async with AmtuiApp(db).run_test(size=(120, 36)) as pilot:
        await pilot.press("3")
        agenda = cockpit(pilot.app).agenda_pane.list
        assert agenda.highlighted.title == "Weekly pipeline call"
        await pilot.press("x")
        items = rows(db, AgendaItem, title="Weekly pipeline call")
        assert sorted((i.due_on, i.done_at is None) for i in items) == [
            (TODAY - timedelta(days=5), False),
            (TODAY + timedelta(days=2), True),
        ]


async def test_n_in_the_agenda_plans_an_item_with_a_date_typed_in_words(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test(size=(120, 36)) as pilot:
        await pilot.press("3", "n")
        form = form_of(pilot)
        assert form.focused is form.query_one("#field-title")
        await type_text(pilot, "Prepare QBR")
        await pilot.press("tab")
        await type_text(pilot, "tomorrow 14:30")
        assert "tomorrow" in note(form, "due") and "14:30" in note(form, "due")
        await pilot.press("ctrl+s")
        await pilot.pause()
        [item] = rows(db, AgendaItem, title="Prepare QBR")
        assert item.due_on == TODAY + timedelta(days=1)
        assert f"{item.due_time:%H:%M}" == "14:30"
        assert item.account_id == small_book["Acme Logistics"]  # the selected client


# -- handoffs ------------------------------------------------------------------------------


async def test_a_handoff_is_prepared_then_advanced_past_the_gate(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test(size=(120, 40)) as pilot:
        await pilot.press("1", "j", "4", "n")  # Borealis has no handoff yet
        await type_text(pilot, "Cold chain audit")
        await pilot.press("ctrl+s")
        await pilot.pause()
        [handoff] = rows(db, Handoff, title="Cold chain audit")
        assert handoff.status == HandoffStatus.DRAFT
        await pilot.press("a")  # not complete: refused, with what is missing
        messages = [n.message for n in pilot.app._notifications]
        assert any(
            "needs a project manager" in m and "at least one deliverable" in m
            for m in messages
        )
        assert rows(db, Handoff, title="Cold chain audit")[0].status == "draft"
        await pilot.press("e")
        form = form_of(pilot)
        form.query_one("#field-project_manager", Input).value = "Paula PM"
        form.query_one("#field-due_on", Input).value = "+2w"
        form.query_one("#field-budget", Input).value = "12 500,50"
        form.query_one(
            "#field-brief", TextArea
        ).text = "Audit 3 sites; promised a report"
        form.query_one(
            "#field-deliverables", TextArea
        ).text = "Site visits @ +1w\n[x] Kick-off"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("a")
        [handoff] = rows(db, Handoff, title="Cold chain audit")
        assert handoff.status == HandoffStatus.HANDED_OFF
        assert handoff.budget == Decimal("12500.50")
        history = rows(db, HandoffStatusChange, handoff_id=handoff.id)
        assert [(h.from_status, h.to_status) for h in history] == [
            (None, "draft"),
            ("draft", "handed_off"),
        ]
        assert "handed off" in await screen_text(pilot)
        assert "1/2" in await screen_text(pilot)  # deliverables done / total


# -- quick capture ---------------------------------------------------------------------------


async def test_quick_capture_logs_a_line_with_its_follow_up(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test(size=(120, 36)) as pilot:
        await pilot.press("c")
        assert isinstance(pilot.app.screen, CaptureScreen)
        await type_text(pilot, "acme call renewal talk fu:tomorrow")
        preview = str(pilot.app.screen.query_one("#capture-preview", Static).content)
        assert "call with Acme Logistics: renewal talk" in preview
        await pilot.press("enter")
        await pilot.pause()
        [interaction] = rows(db, Interaction, summary="renewal talk")
        assert interaction.kind == InteractionKind.CALL
        assert interaction.follow_up_on == TODAY + timedelta(days=1)
        assert rows(db, AgendaItem, interaction_id=interaction.id)


async def test_quick_capture_says_when_the_client_is_ambiguous_or_unknown(
    db: Database, small_book: dict[str, int]
) -> None:
    store.save(db, Account, None, {"name": "Acme Retail"})
    async with AmtuiApp(db).run_test(size=(120, 36)) as pilot:
        await pilot.press("c")
        await type_text(pilot, "acme call hello")
        screen = pilot.app.screen
        preview = str(screen.query_one("#capture-preview", Static).content)
        assert "matches several clients: Acme Logistics, Acme Retail" in preview
        await pilot.press("enter")
        assert isinstance(pilot.app.screen, CaptureScreen)  # nothing logged
        assert rows(db, Interaction, summary="hello") == []
        screen.query_one(Input).value = "nobody call hello"
        await pilot.pause()
        preview = str(screen.query_one("#capture-preview", Static).content)
        assert "no client matches 'nobody'" in preview


# -- the account screen -------------------------------------------------------------------


async def test_a_contacts_email_must_be_an_address(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "2", "n")
        await type_text(pilot, "Hugo Buyer")
        await pilot.press("tab", "tab")
        await type_text(pilot, "hugo at acme")
        await pilot.press("ctrl+s")
        await pilot.pause()
        form = form_of(pilot)
        assert note(form, "email") == "'hugo at acme' is not an e-mail address"
        assert not rows(db, Contact, name="Hugo Buyer")

        form.query_one("#field-email", Input).value = " hugo@acme.com "
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, FormScreen)
    assert rows(db, Contact, name="Hugo Buyer")[0].email == "hugo@acme.com"


async def test_enter_opens_the_client_and_its_lists_are_editable(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        screen = pilot.app.screen
        assert isinstance(screen, AccountScreen)
        text = await screen_text(pilot)
        assert "Acme Logistics" in text and "every 10 days" in text
        assert names(screen.timeline_pane.list)[0] == "Renewal call with the CFO"
        assert names(screen.contacts_pane.list) == ["Claire Martin"]
        assert names(screen.handoffs_pane.list) == ["WMS rollout", "Old project"]
        await pilot.press("2", "n")
        await type_text(pilot, "Hugo Buyer")
        await pilot.press("tab")
        await type_text(pilot, "Purchasing")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert rows(db, Contact, name="Hugo Buyer")[0].role == "Purchasing"
        assert "Hugo Buyer" in names(screen.contacts_pane.list)
        await pilot.press("escape")
        assert pilot.app.screen is cockpit(pilot.app)


# -- other sessions, the palette, help ------------------------------------------------------


async def test_another_sessions_write_shows_up_when_a_pane_gets_the_focus(
    db: Database, small_book: dict[str, int], db_path
) -> None:
    async with AmtuiApp(db).run_test(size=(120, 36)) as pilot:
        screen = cockpit(pilot.app)
        other = open_database(db_path)  # a second SSH session, or `amtui log`
        store.log_interaction(
            other,
            {
                "account_id": small_book["Acme Logistics"],
                "occurred_at": utcnow(),
                "kind": InteractionKind.EMAIL,
                "summary": "Written elsewhere",
            },
        )
        other.close()
        assert "Written elsewhere" not in names(screen.log_pane.list)
        await pilot.press("2")
        await pilot.pause()
        assert names(screen.log_pane.list)[0] == "Written elsewhere"


async def test_the_palette_offers_the_apps_commands(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test(size=(120, 36)) as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, "new client")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert form_of(pilot).heading == "New client"


async def test_help_lists_the_keys_of_the_focused_pane(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test(size=(120, 36)) as pilot:
        await pilot.press("3", "question_mark")
        text = await screen_text(pilot)
        assert "In the agenda pane" in text
        assert "Snooze one day" in text and "New" in text
        assert "Archive or delete (asks" in text  # in the help, if not the footer
        await pilot.press("escape", "4", "question_mark")
        assert "Advance the status" in await screen_text(pilot)


async def test_keys_typed_right_after_n_or_c_land_in_the_form(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test() as pilot:
        type_burst(pilot.app, "nQuickco")
        await pilot.pause()
        assert text_of(form_of(pilot), "name") == "Quickco"
        await pilot.press("ctrl+s")
        await pilot.pause()
        type_burst(pilot.app, "cacme call hi\n")
        await pilot.pause()
        assert [i.kind for i in rows(db, Interaction, summary="hi")] == ["call"]
        assert rows(db, Account, name="Quickco")


async def test_an_interaction_with_a_contact_is_saved_and_edited(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test(size=(120, 36)) as pilot:
        await pilot.press("2", "n")
        await type_text(pilot, "Budget call")
        await pilot.press("tab", "tab", "tab")  # kind, when, contact
        await type_text(pilot, "claire")  # a prefix of Claire Martin
        await pilot.press("ctrl+s")
        await pilot.pause()
        [interaction] = rows(db, Interaction, summary="Budget call")
        claire = rows(db, Contact, name="Claire Martin")[0]
        assert interaction.contact_id == claire.id
        await pilot.press("e")  # the new interaction is first in the log
        form = form_of(pilot)
        assert text_of(form, "contact") == "Claire Martin"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, FormScreen)
        assert rows(db, Interaction, summary="Budget call")[0].contact_id == claire.id


async def test_messages_quote_user_text_literally(
    db: Database, small_book: dict[str, int]
) -> None:
    with db.write() as session:
        session.add(AgendaItem(due_on=TODAY - timedelta(days=9), title="Call [/] now"))
    async with AmtuiApp(db).run_test(size=(120, 36), notifications=True) as pilot:
        await pilot.press("3", "x")
        assert pilot.app.is_running
        assert "Done: Call [/] now." in await screen_text(pilot)


async def test_keys_typed_ahead_act_in_the_order_they_were_typed(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test(size=(120, 36)) as pilot:
        type_burst(pilot.app, "jje")
        await pilot.pause()
        assert text_of(form_of(pilot), "name") == "Cobalt Bank"
        await pilot.press("escape")
        await pilot.pause()
        type_burst(pilot.app, "g/delta\ne")
        await pilot.pause()
        assert text_of(form_of(pilot), "name") == "Delta Energy"


async def test_capture_and_refresh_work_on_the_account_screen(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test(size=(120, 36)) as pilot:
        await pilot.press("enter", "c")
        assert isinstance(pilot.app.screen, CaptureScreen)
        await type_text(pilot, "acme note from the detail")
        await pilot.press("enter")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, AccountScreen)
        assert names(screen.timeline_pane.list)[0] == "from the detail"


async def test_the_palette_exports_the_book_and_never_overwrites_a_file(
    db: Database, small_book: dict[str, int], tmp_path
) -> None:
    taken = tmp_path / "taken.json"
    taken.write_text("mine")
    async with AmtuiApp(db).run_test(size=(120, 36)) as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, "export")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        form = form_of(pilot)
        form.query_one("#field-file", Input).value = str(taken)
        await pilot.press("ctrl+s")
        assert "already exists" in note(form_of(pilot), "file")
        form.query_one("#field-file", Input).value = str(tmp_path / ("a" * 300))
        await pilot.press("ctrl+s")
        assert "File name too long" in note(form_of(pilot), "file")
        form.query_one("#field-file", Input).value = str(tmp_path / "book.json")
        await pilot.press("ctrl+s")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert taken.read_text() == "mine"
        exported = (tmp_path / "book.json").read_text()
        assert "Acme Logistics" in exported
        assert (tmp_path / "book.json").stat().st_mode & 0o777 == 0o600


async def test_each_pane_edits_and_deletes_its_records(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test(size=(120, 36)) as pilot:
        screen = cockpit(pilot.app)
        await pilot.press("2", "D")  # the newest interaction of Acme
        assert "Delete the interaction 'Renewal call with the CFO'" in (
            await screen_text(pilot)
        )
        await pilot.press("y")
        await pilot.pause()
        assert rows(db, Interaction, summary="Renewal call with the CFO") == []
        assert names(screen.log_pane.list) == ["Quarterly business review"]
        await pilot.app.workers.wait_for_complete()  # the derived entries, anew
        await pilot.pause()
        agenda = names(screen.agenda_pane.list)
        assert agenda.index("Send QBR deck") == 1  # Acme's cadence, now older, first
        await pilot.press("3", "j", "e")
        form = form_of(pilot)
        assert text_of(form, "title") == "Send QBR deck"
        form.query_one("#field-title", Input).value = "Send the QBR deck"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert rows(db, AgendaItem, title="Send the QBR deck")
        await pilot.press("D", "y")
        await pilot.pause()
        assert rows(db, AgendaItem, title="Send the QBR deck") == []
        await pilot.press("4", "D", "y")
        await pilot.pause()
        assert rows(db, Handoff, title="WMS rollout") == []
        assert names(screen.handoffs_pane.list) == []


async def test_the_account_screen_adds_an_opportunity_and_the_palette_an_objective(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "3", "n")
        await type_text(pilot, "Fleet renewal")
        await pilot.press("tab")
        await type_text(pilot, "48 000,50")
        await pilot.press("ctrl+s")
        await pilot.pause()
        [deal] = rows(db, Opportunity, title="Fleet renewal")
        assert (deal.amount, deal.stage, deal.account_id) == (
            Decimal("48000.50"),
            "lead",
            small_book["Acme Logistics"],
        )
        await pilot.press("ctrl+p")
        await type_text(pilot, "new objective")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        form = form_of(pilot)
        assert text_of(form, "period") == f"{TODAY:%Y-%m}"
        await pilot.press("tab", "tab")  # metric, target
        await type_text(pilot, "120000")
        await pilot.press("ctrl+s")
        await pilot.pause()
        [objective] = rows(db, Objective)
        assert (objective.metric, objective.target) == ("revenue", Decimal("120000"))


async def test_an_opportunity_marked_won_without_a_date_closes_today(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "3", "n")
        await type_text(pilot, "Fleet renewal")
        await pilot.press("tab")
        await type_text(pilot, "1000")
        form_of(pilot).query_one("#field-stage", Select).value = OpportunityStage.WON
        await pilot.press("ctrl+s")
        await pilot.pause()
        [deal] = rows(db, Opportunity, title="Fleet renewal")
        assert (deal.stage, deal.closed_on) == ("won", TODAY)


async def test_editing_a_follow_up_shows_and_moves_its_time(
    db: Database, small_book: dict[str, int]
) -> None:
    tomorrow = TODAY + timedelta(days=1)
    async with AmtuiApp(db).run_test(size=(120, 36)) as pilot:
        await pilot.press("2", "n")
        await type_text(pilot, "Pricing call")
        await pilot.press(*["tab"] * 5)
        await type_text(pilot, "tomorrow 9:30")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("e")
        form = form_of(pilot)
        assert text_of(form, "follow_up") == f"{tomorrow.isoformat()} 09:30"
        form.query_one("#field-follow_up", Input).value = "tomorrow 16:00"
        await pilot.press("ctrl+s")
        await pilot.pause()
        [interaction] = rows(db, Interaction, summary="Pricing call")
        [item] = rows(db, AgendaItem, interaction_id=interaction.id)
        assert (item.due_on, f"{item.due_time:%H:%M}") == (tomorrow, "16:00")


async def test_the_palette_opens_the_demo_book_apart_from_the_users(
    db: Database, small_book: dict[str, int]
) -> None:
    async with AmtuiApp(db).run_test(size=(120, 36)) as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, "demo book")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        app = pilot.app
        demo = app.db
        assert demo is not db and demo.path.name == "demo.db"
        assert cockpit(app).clients_pane.list.count > 40
        await pilot.press("n")
        await type_text(pilot, "Only in the demo")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert not demo.path.exists()  # deleted on quit
    reopened = open_database(db.path)
    assert rows(reopened, Account, name="Only in the demo") == []
    assert len(rows(reopened, Account)) == 5
    reopened.close()
