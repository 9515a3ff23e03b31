"""Time seeding a big book and opening the cockpit on it (`make bench`).

    python benchmarks/run.py --accounts 100000 [--db PATH] [--runs 5]

Seeds the book once (or reuses `--db` if it already has accounts), then measures,
each in a fresh process, the cold start of the cockpit to its first frame with the
clients, log and agenda filled, and a few keystrokes on it. Prints one line per
figure and writes them to benchmarks/results-<N>.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

PROBE = r"""
import asyncio, json, sys, time
start = time.perf_counter()
from pathlib import Path
from amtui.ui.app import make_app

async def main():
    app = make_app(Path(sys.argv[1]))
    timings = {}
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        timings["cold_start_s"] = time.perf_counter() - start
        screen = app.screen
        def timed(name, *keys):
            async def run():
                begin = time.perf_counter()
                await pilot.press(*keys)
                await app.workers.wait_for_complete()
                await pilot.pause()
                timings[name] = time.perf_counter() - begin
            return run()
        await timed("next_client_s", "j")
        await timed("bottom_G_s", "G")
        await timed("top_g_s", "g")
        await timed("filter_keystroke_s", "slash", "a")
        timings["clients"] = screen.clients_pane.list.count
        timings["rows_cached"] = len(screen.clients_pane.list._rows)
    import resource
    timings["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(timings))

asyncio.run(main())
"""

BASELINE = r"""
import asyncio, json, time
start = time.perf_counter()
from textual.app import App
from textual.widgets import Footer

class Empty(App):
    def compose(self):
        yield Footer()

async def main():
    async with Empty().run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        print(json.dumps({"empty_textual_cold_start_s": time.perf_counter() - start}))

asyncio.run(main())
"""


def seed(path: Path, accounts: int) -> float | None:
    """Seed `path` unless it already holds a book; the wall time, or None if reused."""
    if path.exists():
        return None
    begin = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "amtui",
            "seed",
            "--db",
            str(path),
            "--accounts",
            str(accounts),
        ],
        check=True,
    )
    return time.perf_counter() - begin


def probe(script: str, *args: str) -> dict[str, float]:
    """Run `script` in a fresh interpreter and read the JSON it prints last."""
    out = subprocess.run(
        [sys.executable, "-c", script, *args],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=2000)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    path = args.db or HERE / "data" / f"book-{args.accounts}.db"
    path.parent.mkdir(parents=True, exist_ok=True)

    results: dict[str, float | int | None] = {"accounts": args.accounts}
    results["seed_s"] = seed(path, args.accounts)
    runs = [probe(BASELINE) | probe(PROBE, str(path)) for _ in range(args.runs)]
    for name in runs[0]:
        results[name] = statistics.median(run[name] for run in runs)

    for name, value in results.items():
        shown = (
            "reused"
            if value is None
            else f"{value:.3f}"
            if isinstance(value, float)
            else value
        )
        print(f"{name:22} {shown}")
    out = HERE / f"results-{args.accounts}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written to {out.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
