"""`amtui export` and the `csv` and `vcard` forms of `amtui import`: the book's lists
and calendar out, clients and contacts in from other programs' files.

The file parsers load only when their form runs; JSON restores stay in `amtui.cli`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from amtui.errors import AmtuiError
from amtui.files import write_privately
from amtui.progress import ProgressCallback, progress_bar
from amtui.shell import require_existing, tolerant_stdout
from amtui.text import one_line

if TYPE_CHECKING:
    from amtui.store import Database
    from amtui.store.intake import Incoming, Intake, Outcome

SHOWN_MAX = 60
JSON_FORM = "json"
_NOUNS = {"accounts": "client", "contacts": "contact"}


# --- export -------------------------------------------------------------------------


def run_export(args: argparse.Namespace, path: Path) -> int:
    """`amtui export --format json|csv|ics [--kind K] [--out FILE]`."""
    if args.format == "csv" and args.kind is None:
        raise AmtuiError(
            "--format csv needs --kind accounts, --kind contacts or --kind interactions"
        )
    if args.format != "csv" and args.kind is not None:
        raise AmtuiError(f"--kind goes with --format csv, not --format {args.format}")
    from amtui.store import open_database

    require_existing(path)
    write = _writer(args.format, args.kind)
    db = open_database(path)
    try:
        with progress_bar("Exporting") as progress:
            if args.out is None:
                tolerant_stdout()
                write(db, sys.stdout, progress)
                return 0
            with write_privately(Path(args.out)) as handle:
                count = write(db, handle, progress)
    finally:
        db.close()
    noun = "events" if args.format == "ics" else "records"
    if args.format == "csv":
        noun = {"accounts": "clients"}.get(args.kind, args.kind)
    print(f"Exported {count:,} {noun} to {args.out}", file=sys.stderr)
    return 0


Writer = Callable[["Database", TextIO, ProgressCallback | None], int]


def _writer(file_format: str, kind: str | None) -> Writer:
    """The function that writes `file_format` (and `kind`, for CSV)."""
    if file_format == "csv":
        from amtui.store.csv_exchange import export_csv

        return lambda db, out, progress: export_csv(
            db, str(kind), out, progress=progress
        )
    if file_format == "ics":
        from amtui.store.calendar import export_ics

        return lambda db, out, progress: export_ics(
            db, out, now=datetime.now(UTC), progress=progress
        )
    from amtui.store.exchange import export_json

    return lambda db, out, progress: export_json(db, out, progress=progress)


# --- import -------------------------------------------------------------------------


def import_form(args: argparse.Namespace) -> str:
    """Which `amtui import` this is (`json`, `csv` or `vcard`), its arguments
    checked: a form's options go with that form only."""
    form = args.source if args.source in ("csv", "vcard") else JSON_FORM
    if form == JSON_FORM:
        if args.file is not None:
            raise AmtuiError(
                f"unexpected {str(args.file)!r}: 'amtui import FILE.json' takes one "
                "file (or use 'amtui import csv FILE' or 'amtui import vcard FILE')"
            )
        misplaced = [
            option
            for option, given in (
                ("--kind", args.kind is not None),
                ("--account", args.account is not None),
                ("--dry-run", args.dry_run),
            )
            if given
        ]
        if misplaced:
            raise AmtuiError(
                f"{misplaced[0]} goes with 'amtui import csv' or 'amtui import "
                "vcard', not with a JSON book"
            )
        return form
    if args.file is None:
        raise AmtuiError(f"'amtui import {form}' needs the FILE to read")
    if form == "csv" and args.kind is None:
        raise AmtuiError("'amtui import csv' needs --kind accounts or --kind contacts")
    if form == "csv" and args.account is not None:
        raise AmtuiError("--account goes with 'amtui import vcard', not with csv")
    if form == "vcard" and args.kind is not None:
        raise AmtuiError("--kind goes with 'amtui import csv': a vCard holds contacts")
    if not args.file.is_file():
        raise AmtuiError(f"{args.file}: no such file")
    return form


def run_intake(args: argparse.Namespace, form: str, db: Database, book: Path) -> int:
    """Read `args.file` (a CSV or vCard file), then add or update its clients or
    contacts in `db`, the book at `book`; print what was done, or with `--dry-run`
    what would be."""
    from amtui.store.intake import has_client, take_accounts, take_contacts

    kind = args.kind if form == "csv" else "contacts"
    records, notes = _read(args, form)
    if args.account is not None and not has_client(db, args.account):
        raise AmtuiError(
            f"no client is called '{one_line(args.account)}' in the book: "
            "create it first, or leave --account out to use each card's ORG"
        )
    take = take_accounts if kind == "accounts" else take_contacts
    with progress_bar(f"Importing {args.file.name}") as progress:
        intake = take(db, records, dry_run=args.dry_run, progress=progress)
    tolerant_stdout()
    noun = _NOUNS[kind]
    if args.dry_run:
        print(f"Dry run of {args.file} ({', '.join(notes)}): nothing was changed.")
        for outcome in intake.outcomes:
            print(_line(outcome, noun))
        print(f"Would {_counts(intake, noun, future=True)}.")
        return 0
    for outcome in intake.outcomes:
        if outcome.action == "reject":
            print(_line(outcome, noun), file=sys.stderr)
    print(
        f"Imported {args.file.name} into {book}: {_counts(intake, noun)}.",
        file=sys.stderr,
    )
    return 0


def _read(args: argparse.Namespace, form: str) -> tuple[list[Incoming], list[str]]:
    """The file's records, and what to say of how it was read."""
    if form == "vcard":
        from amtui.store.vcard import read_vcards

        account = args.account
        if account is not None and not account.strip():
            raise AmtuiError("--account needs a client's name")
        return read_vcards(args.file, account), ["vCard"]
    from amtui.store.csv_exchange import read_csv

    read = read_csv(args.file, args.kind)
    notes = [read.encoding, f"separator {read.separator!r}"]
    if read.ignored:
        notes.append(
            "ignored columns: " + ", ".join(_quoted(column) for column in read.ignored)
        )
    return read.records, notes


def _quoted(text: str) -> str:
    shown = one_line(text)
    if len(shown) > SHOWN_MAX:
        shown = shown[: SHOWN_MAX - 1] + "…"
    return f"'{shown}'"


def _line(outcome: Outcome, noun: str) -> str:
    """`line 4: update client 'Acme': sector, owner`."""
    text = f"{outcome.place}: {outcome.action} {noun}"
    if outcome.name.strip():
        text += f" {_quoted(outcome.name)}"
    if outcome.detail:
        text += f": {one_line(outcome.detail)}"
    return text


def _counts(intake: Intake, noun: str, *, future: bool = False) -> str:
    """`2 clients created, 1 updated, 0 unchanged, 1 rejected` (or, for a dry run,
    `create 2 clients, update 1, …`)."""
    created, updated = intake.count("create"), intake.count("update")
    unchanged, rejected = intake.count("unchanged"), intake.count("reject")
    plural = noun if created == 1 else f"{noun}s"
    if future:
        return (
            f"create {created:,} {plural}, update {updated:,}, leave {unchanged:,} "
            f"unchanged, reject {rejected:,}"
        )
    return (
        f"{created:,} {plural} created, {updated:,} updated, {unchanged:,} "
        f"unchanged, {rejected:,} rejected"
    )
