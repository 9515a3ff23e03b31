"""Hostile text for property-based tests: markup, escape sequences, control characters,
NUL, SQL and FTS5 syntax, mixed scripts and huge strings; and what a screen must
never show.

Hypothesis profiles: `ci` (the default) is quick and the same on every run; set
`AMTUI_HYPOTHESIS=long` for a long random search (ten times the examples).
"""

from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

MARKUP = (
    "[bold]",
    "[/]",
    "[/bold]",
    "[@click=app.quit]",
    "[@click=screen.dismiss]",
    "[link=https://example.com]",
    "[red on blue]",
    "[b][i]",
    "\\[",
    "[",
    "]",
    "$name",
    ":smile:",
)
ESCAPES = (
    "\x1b]0;pwned\x07",  # OSC 0: retitle the terminal
    "\x1b]52;c;aGVsbG8=\x07",  # OSC 52: write the clipboard
    "\x1b]8;;https://evil.example\x1b\\",  # OSC 8 hyperlink, ST-terminated
    "\x1b[2J",  # CSI: clear the screen
    "\x1b[31m",
    "\x1b[0m",
    "\x1b[6n",  # CSI: ask the terminal to answer on stdin
    "\x9b31m",  # C1 CSI
    "\x1bP+q\x1b\\",  # DCS
    "\x1bc",  # reset the terminal
    "\x07",
    "\x08\x08",
    "\r",
    "\x7f",
)
INJECTION = (
    "'; DROP TABLE account; --",
    '" OR 1=1 --',
    "' OR '1'='1",
    "%",
    "_",
    "\\",
    "NEAR(",
    "NEAR(a b, 2)",
    "*",
    " OR ",
    " AND ",
    "NOT ",
    '"',
    "'",
    "^",
    "name_key:",
    "{name}",
    "%s",
)
UNICODE = (
    "👩\u200d💻",
    "\U0001f1eb\U0001f1f7",
    "مرحبا",
    "עברית",
    "e\u0301",
    "Z\u0351\u0352\u0353\u0354",
    "\u202e",  # right-to-left override
    "\u2066",
    "\u200b",
    "\ufeff",
    "\U0001d518\U0001d52b\U0001d526",  # mathematical letters
    "漢字",
    "\u3000",
    "ß",
)
PIECES = MARKUP + ESCAPES + INJECTION + UNICODE
NUL = "\x00"
LONG = os.environ.get("AMTUI_HYPOTHESIS") == "long"

_QUICK = HealthCheck.too_slow, HealthCheck.data_too_large
settings.register_profile(
    "ci", derandomize=True, database=None, suppress_health_check=_QUICK
)
settings.register_profile("long", suppress_health_check=_QUICK, print_blob=True)
settings.load_profile("long" if LONG else "ci")

# Characters `str.splitlines` breaks on: a one-line field (an `Input`) keeps only the
# first line of a paste, so one-line values leave them out.
_LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# What must never reach the terminal: C0 controls, DEL, C1 (ESC starts every sequence).
RAW_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")

_chars = st.characters(exclude_categories=("Cs",))  # no lone surrogates: not text


def _joined(pieces: st.SearchStrategy[list[str]]) -> st.SearchStrategy[str]:
    return pieces.map("".join)


def hostile_text(*, max_pieces: int = 12) -> st.SearchStrategy[str]:
    """Random text mixed with hostile pieces, sometimes with a NUL."""
    piece = st.one_of(st.sampled_from(PIECES), st.text(_chars, max_size=8))
    return _joined(st.lists(piece, min_size=1, max_size=max_pieces))


def huge_text(size: int = 100_000) -> st.SearchStrategy[str]:
    """A string of about `size` characters built from hostile pieces."""
    return st.sampled_from(PIECES).map(
        lambda piece: (piece * (size // len(piece)))[:size]
    )


def field_text(*, one_line: bool) -> st.SearchStrategy[str]:
    """What a field may get: mostly hostile text (one line for an `Input`), now and
    then with a NUL or of 100 KB."""
    text = st.integers(0, 9).flatmap(
        lambda roll: (
            huge_text()
            if roll == 0
            else hostile_text().map(lambda value: value[:3] + NUL + value[3:])
            if roll == 1
            else hostile_text()
        )
    )
    breaks = "" if one_line else "\n"
    return text.map(lambda value: _LINE_BREAKS.sub(breaks, value))


def raw_controls(screen: str) -> list[str]:
    """The raw control characters in what a screen shows (its lines, without `\\n`)."""
    return [found for line in screen.split("\n") for found in RAW_CONTROL.findall(line)]


def examples(quick: int) -> int:
    """`quick` examples in a normal run, ten times as many in the long profile."""
    return quick * 10 if LONG else quick
