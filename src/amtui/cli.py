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
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from sqlalchemy.exc import SQLAlchemyError

from amtui import __version__
from amtui.errors import AmtuiError
from amtui.locations import ensure_private_dir, resolve_db_path
from amtui.progress import progress_bar

if TYPE_CHECKING:
    from amtui.store import Database

MAX_SEED_ACCOUNTS = 5_000_000


DEMO_NOTICE = (
    "This is a demo book, made afresh and deleted when you quit. "
    "Your own book is untouched."
)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, not a usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _positive_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= MAX_SEED_ACCOUNTS:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_SEED_ACCOUNTS:,}")
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
        "export", parents=[db_option], help="write the whole book to a file"
    )
    export.add_argument("--format", choices=["json"], required=True)
    export.add_argument(
        "--out", metavar="FILE", help="the file to write (default: stdout)"
    )

    restore = commands.add_parser(
        "import", parents=[db_option], help="restore a JSON book into an empty database"
    )
    restore.add_argument("file", metavar="FILE.json", type=Path)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except AmtuiError as error:
        return _fail(str(error))
    except SQLAlchemyError as error:
        detail = getattr(error, "orig", None) or error
        return _fail(f"database error: {detail}")
    except OSError as error:
        where = f" ({error.filename})" if error.filename else ""
        return _fail(f"{error.strerror or error}{where}")
    except KeyboardInterrupt:
        return 130


def _fail(message: str) -> int:
    print(f"amtui: error: {message}", file=sys.stderr)
    return 1


def _run(args: argparse.Namespace) -> int:
    db_arg: str | None = getattr(args, "db", None)
    if args.command is None:
        if args.demo:
            return _run_demo()
        return _run_cockpit(resolve_db_path(db_arg))
    if args.demo:
        raise AmtuiError("--demo opens the cockpit; it does not go with a command")
    handlers = {"seed": _seed, "export": _export, "import": _import}
    return handlers[args.command](args, resolve_db_path(db_arg))


def _run_cockpit(path: Path, *, notice: str = "") -> int:
    from amtui.ui.app import make_app  # Textual loads only when the cockpit opens

    app = make_app(path, notice=notice)
    app.run()
    return app.return_code or 0


def _run_demo() -> int:
    from amtui.demo import create_demo_book

    with tempfile.TemporaryDirectory(prefix="amtui-demo-") as folder:
        path = create_demo_book(Path(folder))
        return _run_cockpit(path, notice=DEMO_NOTICE)


@contextmanager
def _filling(path: Path) -> Iterator[Database]:
    """The book at `path`, to be filled whole. A new book is built in a side file that
    is moved into place only on success, so a failure leaves nothing behind."""
    from amtui.store import open_database

    ensure_private_dir(path.absolute().parent)
    fresh = not path.exists()
    target = path.with_name(f".{path.name}.{os.getpid()}.new") if fresh else path
    if fresh:
        _remove_database_files(target)
    db = open_database(target)
    try:
        yield db
    except BaseException:
        db.close()
        if fresh:
            _remove_database_files(target)
        raise
    db.close()
    if fresh:
        target.replace(path)


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
    from amtui.store import open_database
    from amtui.store.exchange import export_json

    _require_existing(path)
    db = open_database(path)
    try:
        with progress_bar("Exporting") as progress:
            if args.out is None:
                export_json(db, sys.stdout, progress=progress)
                return 0
            with _private_file(Path(args.out)) as handle:
                rows = export_json(db, handle, progress=progress)
    finally:
        db.close()
    print(f"Exported {rows:,} records to {args.out}", file=sys.stderr)
    return 0


@contextmanager
def _private_file(out: Path) -> Iterator[TextIO]:
    """Write `out` whole or not at all (a side file renamed at the end), mode 0600:
    an export holds the whole book."""
    if out.is_dir():
        raise AmtuiError(f"{out} is a folder: name the file to write")
    if not out.absolute().parent.is_dir():
        raise AmtuiError(f"{out.absolute().parent}: no such folder")
    temporary = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            yield handle
        temporary.replace(out)
    finally:
        temporary.unlink(missing_ok=True)


def _import(args: argparse.Namespace, path: Path) -> int:
    from amtui.store.exchange import import_json

    if not args.file.is_file():
        raise AmtuiError(f"{args.file}: no such file")
    with (
        _filling(path) as db,
        progress_bar(f"Importing {args.file.name}") as progress,
    ):
        counts = import_json(db, args.file, progress=progress)
    print(f"Imported {sum(counts.values()):,} records into {path}", file=sys.stderr)
    return 0


def _remove_database_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _require_existing(path: Path) -> None:
    """Reading commands must not create an empty book by mistake."""
    if not path.exists():
        raise AmtuiError(f"{path}: no such database")
