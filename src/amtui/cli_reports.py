"""`amtui review` and `amtui handoff brief`: the printable reports.

Like every shell command they load neither Textual nor the store until they run.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from amtui.domain.periods import IsoWeek, PeriodError
from amtui.errors import AmtuiError
from amtui.shell import require_existing, tolerant_stdout
from amtui.text import one_line

Handler = Callable[[argparse.Namespace, Path], int]


def iso_week(text: str) -> IsoWeek:
    """An argparse type: `2026-W48`, or a one-line reason it is not a week."""
    try:
        return IsoWeek.parse(text)
    except PeriodError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def handoff_id(text: str) -> int:
    """An argparse type: a handoff's number as the cockpit shows it."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a handoff number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a handoff number")
    return value


def add_report_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    db_option: argparse.ArgumentParser,
) -> None:
    """Add `review` and `handoff brief` to the command parsers."""
    review = commands.add_parser(
        "review", parents=[db_option], help="print the weekly steering review"
    )
    review.add_argument(
        "--week",
        type=iso_week,
        metavar="WEEK",
        help="the ISO week, like 2026-W48 (default: this week)",
    )
    review.add_argument("--format", choices=["markdown", "json"], default="markdown")

    handoff = commands.add_parser(
        "handoff", parents=[db_option], help="handoffs to project managers"
    )
    actions = handoff.add_subparsers(
        dest="handoff_command", metavar="ACTION", required=True
    )
    brief = actions.add_parser(
        "brief", parents=[db_option], help="print a handoff's brief for its PM"
    )
    brief.add_argument("id", type=handoff_id, metavar="ID", help="the handoff number")
    brief.add_argument("--format", choices=["markdown"], default="markdown")


def review(args: argparse.Namespace, path: Path) -> int:
    """Print the review of `--week` (default: this week) as Markdown or JSON."""
    from amtui.config import load_settings
    from amtui.report.format import json_text
    from amtui.report.review import review_json, review_markdown
    from amtui.store import open_database
    from amtui.store.review import build_review

    settings, warnings = load_settings()
    for warning in warnings:
        print(f"amtui: warning: {one_line(warning)}", file=sys.stderr)
    today = date.today()
    week: IsoWeek = args.week or IsoWeek.of(today)
    require_existing(path)
    db = open_database(path)
    try:
        built = build_review(
            db, week, today, phase=settings.phase, targets=settings.targets
        )
    except PeriodError as error:
        raise AmtuiError(str(error)) from None
    finally:
        db.close()
    tolerant_stdout()
    if args.format == "json":
        print(json_text(review_json(built)))
    else:
        print(review_markdown(built), end="")
    return 0


def handoff(args: argparse.Namespace, path: Path) -> int:
    """Print a handoff's brief."""
    from amtui.report.brief import brief_markdown
    from amtui.store import open_database
    from amtui.store.brief import handoff_brief

    require_existing(path)
    db = open_database(path)
    try:
        brief = handoff_brief(db, args.id)
    finally:
        db.close()
    tolerant_stdout()
    print(brief_markdown(brief), end="")
    return 0


REPORT_HANDLERS: dict[str, Handler] = {"review": review, "handoff": handoff}
