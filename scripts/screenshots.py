"""Render the cockpit and its screens on the demo book to SVG files in screenshots/
(`make screenshots`)."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Sequence
from pathlib import Path

from amtui.demo import create_demo_book
from amtui.ui.app import make_app

OUT = Path(__file__).resolve().parents[1] / "screenshots"

# (file name, terminal size, keys pressed before the shot)
SHOTS: list[tuple[str, tuple[int, int], Sequence[str]]] = [
    ("cockpit-80x24", (80, 24), ()),
    ("cockpit-120x36", (120, 36), ("j", "j")),
    ("filter-120x36", (120, 36), ("slash", "b", "o")),
    ("help-80x24", (80, 24), ("3", "question_mark")),
    ("account-80x24", (80, 24), ("enter",)),
    ("interaction-form-80x24", (80, 24), ("2", "n", *"Renewal", "tab", "tab", "tab")),
    (
        "handoff-form-120x36",
        (120, 36),
        ("4", "n", *"Roll-out", "tab", *"Paula", "tab", "tab", *"+3w"),
    ),
    ("search-80x24", (80, 24), ("ctrl+f", *"renewal")),
    ("review-80x24", (80, 24), ("r",)),
    ("review-120x36", (120, 36), ("r",)),
    (
        "capture-80x24",
        (80, 24),
        ("c", *"aliz", "space", *"call", "space", *"renewal fu:fri"),
    ),
    ("cockpit-ansi-dark-80x24", (80, 24), ()),
]
THEMES = {"cockpit-ansi-dark-80x24": "ansi-dark"}  # the terminal's own colours


async def shoot(
    book: Path, name: str, size: tuple[int, int], keys: Sequence[str]
) -> None:
    app = make_app(book)
    async with app.run_test(size=size) as pilot:
        app.theme = THEMES.get(name, app.theme)
        await pilot.press(*keys)
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.save_screenshot(f"{name}.svg", str(OUT))
    print(f"screenshots/{name}.svg")


async def main() -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        book = create_demo_book(Path(folder))
        for name, size, keys in SHOTS:
            await shoot(book, name, size, keys)


if __name__ == "__main__":
    asyncio.run(main())
