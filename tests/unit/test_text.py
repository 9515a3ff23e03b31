"""User text on its way to the screen: nothing that could steer the terminal."""

from __future__ import annotations

import pytest

from amtui.text import one_line, safe_text


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("\x1b]0;pwned\x07Acme", "]0;pwnedAcme"),  # OSC: retitle the terminal
        ("\x1b[31mred\x1b[0m", "[31mred[0m"),
        ("\x9b31mC1 CSI", "31mC1 CSI"),
        ("nul\x00byte\x7f", "nulbyte"),
        ("Evil\u202eLtd", "EvilLtd"),  # right-to-left override
        ("zero\u200bwidth\ufeff", "zerowidth"),
        ("emoji 👩\u200d💻 stays", "emoji 👩\u200d💻 stays"),  # joiners are kept
        ("مرحبا", "مرحبا"),
        ("e\u0301", "e\u0301"),  # combining marks are text
        ("[bold]x[/]", "[bold]x[/]"),
    ],
)
def test_safe_text_removes_what_steers_the_terminal(stored: str, shown: str) -> None:
    assert safe_text(stored) == shown


def test_one_line_folds_line_breaks() -> None:
    assert one_line("  first\nsecond\r\n\tthird\u2028 ") == "first second third"
