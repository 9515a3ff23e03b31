"""The `amtui` command: the cockpit, and the book's command-line tools.

Every error reaches the user as one line on stderr and a non-zero exit, never a
traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from amtui import __version__
from amtui.cli_reports import REPORT_HANDLERS, add_report_commands
from amtui.errors import AmtuiError
from amtui.files import side_file
from amtui.locations import ensure_private_dir, resolve_db_path
from amtui.progress import progress_bar
from amtui.shell import require_existing, tolerant_stdout
from amtui.text import one_line

if TYPE_CHECKING:
    from amtui.domain.when import When
    from amtui.store import Database
    from amtui.store.rows import AgendaRow
    from amtui.vocabulary import InteractionKind

MAX_SEED_ACCOUNTS = 5_000_000
EXPORT_FORMATS = ("json", "csv", "ics")
CSV_EXPORT_KINDS = ("accounts", "contacts", "interactions")
CSV_IMPORT_KINDS = ("accounts", "contacts")
INTAKE_FORMS = ("csv", "vcard")
MAX_AGENDA_DAYS = 3650
DEFAULT_AGENDA_DAYS = 7
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, not a usage dump."""

    def error(self, message: str) -> NoReturn:
        shown = one_line(message)
        self.exit(2, f"{self.prog}: error: {shown} (see '{self.prog} --help')\n")


def _positive_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= MAX_SEED_ACCOUNTS:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_SEED_ACCOUNTS:,}")
    return value


def _interaction_kind(text: str) -> InteractionKind:
    from amtui.domain.capture import KIND_WORDS
    from amtui.vocabulary import InteractionKind

    kind = KIND_WORDS.get(text.strip().casefold())
    if kind is None:
        kinds = ", ".join(kind.value for kind in InteractionKind)
        raise argparse.ArgumentTypeError(f"{text!r} is not a kind: use {kinds}")
    return kind


def _follow_up(text: str) -> When:
    from amtui.domain.when import DateError, parse_when

    try:
        return parse_when(text, date.today())
    except DateError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _agenda_days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 0 <= value <= MAX_AGENDA_DAYS:
        raise argparse.ArgumentTypeError(f"must be between 0 and {MAX_AGENDA_DAYS}")
    return value


def build_parser() -> argparse.ArgumentParser:
    db_option = argparse.ArgumentParser(add_help=False)
    db_option.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the book to use (default: $AMTUI_DB, else amtui.db in your data folder)",
    )
    parser = _Parser(
        prog="amtui",
        description="The account manager's cockpit in the terminal.",
        parents=[db_option],
    )
    parser.add_argument("--version", action="version", version=f"amtui {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the cockpit on a fresh demo book, apart from your own",
    )
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_Parser
    )

    seed = commands.add_parser(
        "seed", parents=[db_option], help="fill an empty book with a synthetic one"
    )
    seed.add_argument(
        "--accounts", type=_positive_count, required=True, metavar="N", help="accounts"
    )

    export = commands.add_parser(
        "export",
        parents=[db_option],
        help="write the book, a list or the agenda to a file",
        description="json: the whole book; csv: the clients, contacts or "
        "interactions (--kind); ics: the agenda, handoff deadlines and birthdays, "
        "for a calendar.",
    )
    export.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    export.add_argument(
        "--kind", choices=CSV_EXPORT_KINDS, help="what to list (with --format csv)"
    )
    export.add_argument(
        "--out", metavar="FILE", help="the file to write (default: stdout)"
    )

    restore = commands.add_parser(
        "import",
        parents=[db_option],
        help="restore a JSON book, or add clients and contacts from CSV or vCard",
        usage="amtui import FILE.json\n"
        "       amtui import csv FILE --kind accounts|contacts [--dry-run]\n"
        "       amtui import vcard FILE [--account NAME] [--dry-run]",
        description="FILE.json: restore a whole book into an empty database. "
        "csv, vcard: add clients or contacts to the book, updating those already "
        "there (clients by name, contacts by e-mail address).",
    )
    restore.add_argument(
        "source", metavar="FILE.json | csv | vcard", help="a JSON book, or a form"
    )
    restore.add_argument(
        "file", metavar="FILE", nargs="?", type=Path, help="the CSV or vCard file"
    )
    restore.add_argument(
        "--kind", choices=CSV_IMPORT_KINDS, help="what the CSV file lists"
    )
    restore.add_argument(
        "--account",
        metavar="NAME",
        help="the client of every card (default: each card's ORG)",
    )
    restore.add_argument(
        "--dry-run",
        action="store_true",
        help="say what would be created, updated or rejected, and change nothing",
    )

    log = commands.add_parser(
        "log", parents=[db_option], help="log an interaction with a client, now"
    )
    log.add_argument(
        "account", metavar="ACCOUNT", help="the client's name, or its first letters"
    )
    log.add_argument(
        "summary", metavar="SUMMARY", nargs="+", help="what happened (quote it)"
    )
    log.add_argument(
        "--kind",
        type=_interaction_kind,
        default="call",
        metavar="K",
        help="call, meeting, email, visit, note or gift (default: call)",
    )
    log.add_argument("--contact", metavar="NAME", help="the contact you dealt with")
    log.add_argument(
        "--follow-up",
        type=_follow_up,
        metavar="DATE",
        help="add a follow-up to the agenda: 2026-11-30, tomorrow, +3d, fri 14:30…",
    )

    agenda = commands.add_parser(
        "agenda", parents=[db_option], help="what is due, overdue first"
    )
    agenda.add_argument(
        "--days",
        type=_agenda_days,
        default=DEFAULT_AGENDA_DAYS,
        metavar="N",
        help=f"look N days ahead, 0 to {MAX_AGENDA_DAYS} (default: 7)",
    )
    agenda.add_argument("--format", choices=["text", "json"], default="text")
    add_report_commands(commands, db_option)

    backup = commands.add_parser(
        "backup", parents=[db_option], help="copy the book safely, even while in use"
    )
    backup.add_argument(
        "destination",
        metavar="DEST",
        nargs="?",
        type=Path,
        help="a new file, or a folder (default: a 'backups' folder beside the book)",
    )
    commands.add_parser(
        "doctor",
        parents=[db_option],
        help="check the book, its files and settings, and say what to fix",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code = _run(args)
        sys.stdout.flush()  # a closed pipe shows here, not as a warning at exit
        return code
    except AmtuiError as error:
        return _fail(str(error))
    except BrokenPipeError:  # `amtui agenda | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:
        where = f" ({error.filename})" if error.filename else ""
        return _fail(f"{error.strerror or error}{where}")
    except Exception as error:
        if (detail := _database_error(error)) is not None:
            return _fail(f"database error: {detail}")
        from amtui.errorlog import described, record_unexpected

        return _fail(described(error, record_unexpected(error)))
    except KeyboardInterrupt:
        return 130


def _database_error(error: Exception) -> object | None:
    """What the database said, for an SQLAlchemy or sqlite3 error; None for any
    other exception.

    Neither module is imported for this: the cockpit draws its first frame without
    them, and if one is not loaded, it raised nothing."""
    alchemy, sqlite = sys.modules.get("sqlalchemy.exc"), sys.modules.get("sqlite3")
    if alchemy is not None and isinstance(error, alchemy.SQLAlchemyError):
        return getattr(error, "orig", None) or error
    if sqlite is not None and isinstance(error, sqlite.Error):
        return error
    return None


def _fail(message: str) -> int:
    print(f"amtui: error: {one_line(message)}", file=sys.stderr)
    return 1


def _run(args: argparse.Namespace) -> int:
    db_arg: str | None = getattr(args, "db", None)
    if args.command is None:
        if args.demo:
            return _run_demo()
        return _run_cockpit(resolve_db_path(db_arg))
    if args.demo:
        raise AmtuiError("--demo opens the cockpit; it does not go with a command")
    handlers = {
        "seed": _seed,
        "export": _export,
        "import": _import,
        "log": _log,
        "agenda": _agenda,
        "backup": _backup,
        "doctor": _doctor,
        **REPORT_HANDLERS,
    }
    return handlers[args.command](args, resolve_db_path(db_arg))


def _run_cockpit(path: Path, *, notice: str = "") -> int:
    from amtui.store.book_file import prepare_book_file
    from amtui.ui.app import cockpit_app  # Textual loads only when the cockpit opens

    app = cockpit_app(prepare_book_file(path), notice=notice)
    app.run()
    if app.open_error:
        return _fail(app.open_error)
    return app.return_code or 0


def _run_demo() -> int:
    from amtui.demo import DEMO_NOTICE, create_demo_book

    with tempfile.TemporaryDirectory(prefix="amtui-demo-") as folder:
        path = create_demo_book(Path(folder))
        return _run_cockpit(path, notice=DEMO_NOTICE)


@contextmanager
def _filling(path: Path, *, keep_new: bool = True) -> Iterator[Database]:
    """The book at `path`, to be filled. A new book is built in a side file that is
    moved into place only on success (and when `keep_new`: not for a dry run), so a
    failure leaves nothing behind."""
    from amtui.store import open_database
    from amtui.store.sqlite import remove_database_files

    ensure_private_dir(path.absolute().parent)
    fresh = not path.exists()
    target = side_file(path, "new") if fresh else path
    db = open_database(target)
    try:
        yield db
    except BaseException:
        db.close()
        if fresh:
            remove_database_files(target)
        raise
    db.close()
    if fresh and keep_new:
        target.replace(path)
    elif fresh:
        remove_database_files(target)


def _seed(args: argparse.Namespace, path: Path) -> int:
    from amtui.store.seed import seed_book

    with (
        _filling(path) as db,
        progress_bar(f"Seeding {args.accounts:,} accounts") as progress,
    ):
        summary = seed_book(db, args.accounts, today=date.today(), progress=progress)
    print(f"Seeded {path}: {summary}", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace, path: Path) -> int:
    from amtui.cli_exchange import run_export

    return run_export(args, path)


def _import(args: argparse.Namespace, path: Path) -> int:
    from amtui.cli_exchange import JSON_FORM, import_form, run_intake

    form = import_form(args)
    if form != JSON_FORM:
        with _filling(path, keep_new=not args.dry_run) as db:
            return run_intake(args, form, db, path)
    from amtui.store.exchange import import_json

    source = Path(args.source)
    if not source.is_file():
        raise AmtuiError(f"{source}: no such file")
    with (
        _filling(path) as db,
        progress_bar(f"Importing {source.name}") as progress,
    ):
        counts = import_json(db, source, progress=progress)
    print(f"Imported {sum(counts.values()):,} records into {path}", file=sys.stderr)
    return 0


def _log(args: argparse.Namespace, path: Path) -> int:
    from amtui.domain.capture import (
        Capture,
        CaptureError,
        describe_capture,
        resolve_account,
    )
    from amtui.domain.values import check_text, parse_text
    from amtui.store import open_database
    from amtui.store.editing import log_interaction
    from amtui.store.models import NAME_MAX, SUMMARY_MAX, utcnow
    from amtui.store.queries import find_accounts, find_contact

    summary = " ".join(args.summary)
    if not summary.strip():
        raise AmtuiError("a summary is required: say what happened")
    try:  # the checks of every path into the book; argv may hold undecodable bytes
        parse_text(summary, what="the summary", limit=SUMMARY_MAX, required=True)
        for name in (args.account, args.contact or ""):
            check_text(name, what="a name", limit=NAME_MAX)
    except ValueError as error:
        raise AmtuiError(str(error)) from None
    if not args.account.strip():
        raise AmtuiError("a client is required: give its name or its first letters")
    if args.contact is not None and not args.contact.strip():
        raise AmtuiError("--contact needs a name")
    follow_up: When | None = args.follow_up
    require_existing(path)
    db = open_database(path)
    try:
        try:
            account = resolve_account(
                args.account.strip(), lambda t: find_accounts(db, t)
            )
        except CaptureError as error:
            raise AmtuiError(str(error)) from None
        contact_id = None
        if args.contact is not None:
            contact_id = find_contact(db, account.id, args.contact)
            if contact_id is None:
                raise AmtuiError(
                    f"no contact of {account.name} is called '{args.contact.strip()}'"
                )
        values: dict[str, Any] = {
            "account_id": account.id,
            "occurred_at": utcnow(),
            "kind": args.kind,
            "summary": summary,
            "contact_id": contact_id,
            "follow_up_on": follow_up.day if follow_up else None,
        }
        log_interaction(db, values, follow_up_time=follow_up.at if follow_up else None)
    finally:
        db.close()
    logged = Capture(account, args.kind, summary, follow_up)
    tolerant_stdout()
    print(one_line(f"Logged {describe_capture(logged, date.today())}"))
    return 0


def _agenda(args: argparse.Namespace, path: Path) -> int:
    from amtui.report.format import json_text
    from amtui.store import open_database
    from amtui.store.queries import agenda_until

    today = date.today()
    require_existing(path)
    db = open_database(path)
    try:
        rows = agenda_until(db, today, today + timedelta(days=args.days))
    finally:
        db.close()
    tolerant_stdout()
    if args.format == "json":
        print(json_text([_agenda_json(row, today) for row in rows]))
    else:
        print(_agenda_text(rows, today, args.days))
    return 0


def _backup(args: argparse.Namespace, path: Path) -> int:
    from amtui.store.backup import backup_book, human_size

    with progress_bar("Backing up") as progress:
        copy = backup_book(
            path, args.destination, now=datetime.now(), progress=progress
        )
    size = human_size(copy.stat().st_size)
    print(f"Backed up {path} to {copy} ({size}, checked: no damage found)")
    return 0


def _doctor(_args: argparse.Namespace, path: Path) -> int:
    from amtui.doctor import examine, report

    findings = examine(path)
    tolerant_stdout()
    print(report(findings))
    return 0 if all(finding.ok for finding in findings) else 1


def _agenda_json(row: AgendaRow, today: date) -> dict[str, Any]:
    """An item, or a derived entry: no id, and its kind (`birthday`, `cadence`,
    `handoff` or `deliverable`)."""
    return {
        "id": row.id if row.derived is None else None,
        "due_on": row.due_on.isoformat(),
        "due_time": f"{row.due_time:%H:%M}" if row.due_time is not None else None,
        "title": row.title,
        "kind": (row.derived or row.kind).value,
        "client": row.account_name,
        "overdue": row.due_on < today,
    }


def _agenda_text(rows: Sequence[AgendaRow], today: date, days: int) -> str:
    """The agenda under `Overdue`, `Today` and `Upcoming`, one item a line (a
    derived entry's title names its kind and its client)."""
    if not rows:
        if days == 0:
            return "Nothing due today."
        if days == 1:
            return "Nothing due today or tomorrow."
        return f"Nothing due in the next {days} days."
    groups: dict[str, list[str]] = {"Overdue": [], "Today": [], "Upcoming": []}
    for row in rows:
        if row.due_on < today:
            group = "Overdue"
        elif row.due_on == today:
            group = "Today"
        else:
            group = "Upcoming"
        when = f"{_WEEKDAYS[row.due_on.weekday()]} {row.due_on.isoformat()}"
        if row.due_time is not None:
            when += f" {row.due_time:%H:%M}"
        line = f"  {when:<20}  {one_line(row.title)}"
        if row.account_name and row.derived is None:
            line += f" · {one_line(row.account_name)}"
        groups[group].append(line)
    blocks = [
        "\n".join([heading, *lines]) for heading, lines in groups.items() if lines
    ]
    return "\n\n".join(blocks)
