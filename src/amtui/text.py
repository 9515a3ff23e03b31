"""Showing user text safely: literal, never markup, never raw control characters.

Shared by the cockpit and the command line, so it never imports Textual.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 (ESC starts ANSI and OSC sequences), and the
# invisible format characters that reorder or hide text: bidi overrides and isolates,
# marks, zero-width space, BOM. Zero-width (non-)joiners stay: scripts and emoji need them.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
_LINE_BREAKS = re.compile(r"[\t\r\n\u2028\u2029]+")


def _picture(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ ␛ ␇ …
    return "\u2421" if code == 0x7F else "\ufffd"  # ␡, and � for the others


def safe_text(value: str) -> str:
    """`value` with control characters removed, for display only (storage keeps all)."""
    return _CONTROLS.sub("", value)


def one_line(value: str) -> str:
    """`value` made safe and folded onto one line, for a list cell or a title."""
    return _LINE_BREAKS.sub(" ", safe_text(value)).strip()


def pictured(value: str) -> str:
    """`value` with each character `safe_text` removes shown as a visible stand-in
    (`␛` for ESC), one for one: for a field being edited, where the user must see
    what is there to delete it."""
    return _CONTROLS.sub(_picture, value)
