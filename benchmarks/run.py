"""Time amtui on a reference book against the issue's targets (`make bench`).

    python benchmarks/run.py --accounts 100000 [--db PATH] [--runs 5] [--export-runs 1]

The book (benchmarks/data/book-<N>.db unless --db) is seeded if it is missing, with
the seed timed, and reused otherwise. Then, `--runs` times, each in fresh processes:

- the cold start of `amtui --db BOOK` in a 120x36 pseudo-terminal until the first
  cockpit frame, and until the first client is listed, interleaved with the cold
  start of an empty Textual app (benchmarks/empty_app.py) as the baseline; both read
  compiled bytecode, as installed packages do (see `children.bytecode_cached`);
- the keys of the cockpit, run headless by benchmarks/probe.py: each timed from the
  key to the first frame composed once its effect is in the widgets;

and `--export-runs` times `amtui export --format json`, with its peak memory.

A child's peak RSS (seed, export) is read with wait4(); Linux counts in it the memory
of the process it was forked from, so this one imports nothing heavy (about 17 MB)
and leaves amtui's store to child processes.

Every figure is a median (over all samples of all runs for the keys), printed one a
line with its target and PASS/FAIL (or "info"), and kept with its samples in
benchmarks/results-<N>.json. Missing a target never fails the command; a crash does.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from book import (
    BUSY_ACCOUNT_INTERACTIONS,
    filter_words,
    first_client_name,
    search_words,
)
from children import ChildFailed, bytecode_cached, run_child, time_markers
from figures import Figure, median, p95, write

HERE = Path(__file__).resolve().parent
BASELINE_MARKER = b"ready"  # all that benchmarks/empty_app.py shows
FIRST_FRAME_MARKER = b"Clients"  # the clients pane's title: in the very first frame
NAME_MARKER_LENGTH = 20  # a longer name may be cut short with an ellipsis
START_TIMEOUT = 120.0  # seconds a cold start may take before it counts as a crash
PROBE_TIMEOUT = 3600.0  # seconds one in-app probe may take


@dataclass(frozen=True)
class Plan:
    """What the probes need to know about the book, read once before any run."""

    db: str
    first_client: str
    account: tuple[int, str]  # the busiest account: opened by the probe
    words: list[str]  # typed in the clients' filter
    search_words: list[str]  # typed in the global search (ctrl+f)


def amtui(*args: str) -> list[str]:
    """The command line running amtui with `args`, with this Python."""
    script = Path(sys.executable).parent / "amtui"
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-m", "amtui", *args]


# -- the book ------------------------------------------------------------------------


def seed(path: Path, accounts: int) -> list[Figure]:
    """Seed the book unless it exists, showing the seed's progress; its figures."""
    if path.exists():
        return [
            Figure("seed_s", None, "s", note="book reused"),
            Figure("seed_peak_mb", None, "MB", note="book reused"),
        ]
    print(f"Seeding {path} with {accounts:,} accounts…", flush=True)
    run = run_child(
        amtui("seed", "--db", str(path), "--accounts", str(accounts)), quiet=False
    )
    return [
        Figure("seed_s", run.seconds, "s", [run.seconds]),
        Figure("seed_peak_mb", run.peak_mb, "MB", [run.peak_mb]),
    ]


def prepare(path: Path) -> Plan:
    """Upgrade the book if its schema is old, give one account 500 interactions if
    none has them (both in a child: see book.py), and read what the probes need."""
    argv = [sys.executable, str(HERE / "book.py"), str(path)]
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ChildFailed(f"preparing {path} failed\n{done.stderr}")
    account = json.loads(done.stdout)
    if account["added"]:
        print(
            f"Added {account['added']} interactions to {account['name']!r} so that "
            f"an account has {BUSY_ACCOUNT_INTERACTIONS} (the book is changed, once).",
            flush=True,
        )
    return Plan(
        db=str(path),
        first_client=first_client_name(path),
        account=(account["id"], account["name"]),
        words=filter_words(path),
        search_words=search_words(path),
    )


# -- cold start ----------------------------------------------------------------------


def baseline_start(env: dict[str, str]) -> float:
    """Milliseconds until the empty Textual app shows its marker."""
    argv = [sys.executable, str(HERE / "empty_app.py")]
    seen = time_markers(argv, [BASELINE_MARKER], START_TIMEOUT, env)
    return seen[BASELINE_MARKER] * 1000


def cockpit_start(plan: Plan, env: dict[str, str]) -> tuple[float, float]:
    """Milliseconds until the cockpit's first frame, and until its first client is
    listed."""
    name = plan.first_client[:NAME_MARKER_LENGTH].encode()
    seen = time_markers(
        amtui("--db", plan.db), [FIRST_FRAME_MARKER, name], START_TIMEOUT, env
    )
    return seen[FIRST_FRAME_MARKER] * 1000, seen[name] * 1000


def cold_starts(plan: Plan, runs: int) -> list[Figure]:
    """Baseline and cockpit starts, interleaved, after one untimed start of each
    (which fills the file cache and compiles the bytecode, kept in a folder of
    ours for the timed starts)."""
    with tempfile.TemporaryDirectory(prefix="amtui-bench-pyc-") as folder:
        env = bytecode_cached(folder)
        baseline_start(env)
        cockpit_start(plan, env)
        baselines, frames, listed = [], [], []
        for run in range(runs):
            print(f"Cold start {run + 1}/{runs}…", flush=True)
            if run % 2:
                frame, names = cockpit_start(plan, env)
                baselines.append(baseline_start(env))
            else:
                baselines.append(baseline_start(env))
                frame, names = cockpit_start(plan, env)
            frames.append(frame)
            listed.append(names)
    ratio = statistics.median(frames) / statistics.median(baselines)
    return [
        median("cold_start_baseline_ms", baselines, "ms", "empty Textual app"),
        median("cold_start_first_frame_ms", frames, "ms"),
        median("cold_start_clients_listed_ms", listed, "ms"),
        Figure("cold_start_ratio", ratio, "x", note="first frame / baseline"),
    ]


# -- in the cockpit ------------------------------------------------------------------


def probe(plan: Plan) -> dict[str, Any]:
    """One run of benchmarks/probe.py on the book: its samples by figure."""
    argv = [sys.executable, str(HERE / "probe.py"), json.dumps(asdict(plan))]
    try:
        done = subprocess.run(
            argv, capture_output=True, text=True, check=False, timeout=PROBE_TIMEOUT
        )
    except subprocess.TimeoutExpired as error:
        raise ChildFailed(f"the probe hung for {PROBE_TIMEOUT:.0f}s") from error
    if done.returncode != 0:
        raise ChildFailed(f"the probe exited with {done.returncode}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def probes(plan: Plan, runs: int) -> list[Figure]:
    """The in-app figures over `runs` runs: key latencies pooled over the runs."""
    results = []
    for run in range(runs):
        print(f"In-app probe {run + 1}/{runs}…", flush=True)
        results.append(probe(plan))

    def pooled(name: str) -> list[float]:
        return [sample for result in results for sample in result[name]]

    def each(name: str) -> list[float]:
        return [float(result[name]) for result in results]

    missed = sum(each("frames_missed"))
    return [
        median("filter_keystroke_ms", pooled("filter_keystroke_ms"), "ms"),
        p95("filter_keystroke_p95_ms", pooled("filter_keystroke_ms"), "ms"),
        median("search_keystroke_ms", pooled("search_keystroke_ms"), "ms"),
        p95("search_keystroke_p95_ms", pooled("search_keystroke_ms"), "ms"),
        median("next_client_ms", pooled("next_client_ms"), "ms"),
        p95("next_client_p95_ms", pooled("next_client_ms"), "ms"),
        median("account_screen_ms", pooled("account_screen_ms"), "ms"),
        median("bottom_G_ms", pooled("bottom_G_ms"), "ms"),
        median("top_g_ms", pooled("top_g_ms"), "ms"),
        median("review_ms", pooled("review_ms"), "ms"),
        median("build_review_ms", pooled("build_review_ms"), "ms", "in process"),
        median("peak_rss_mb", each("peak_rss_mb"), "MB", "cockpit, after the keys"),
        Figure("frames_missed", missed, "", note="timed at the condition, no frame"),
    ]


# -- export --------------------------------------------------------------------------


def exports(plan: Plan, runs: int) -> list[Figure]:
    """`amtui export --format json` of the book to a temporary file, `runs` times."""
    seconds, peaks, sizes = [], [], []
    with tempfile.TemporaryDirectory(prefix="amtui-bench-") as folder:
        out = Path(folder) / "book.json"
        for run in range(runs):
            print(f"Export {run + 1}/{runs}…", flush=True)
            argv = amtui(
                "export", "--db", plan.db, "--format", "json", "--out", str(out)
            )
            done = run_child(argv, quiet=True)
            seconds.append(done.seconds)
            peaks.append(done.peak_mb)
            sizes.append(out.stat().st_size / 2**20)
            out.unlink()
    return [
        median("export_s", seconds, "s"),
        median("export_peak_mb", peaks, "MB", "child RSS"),
        median("export_size_mb", sizes, "MB"),
    ]


# -- the whole ---------------------------------------------------------------------


def benchmark(args: argparse.Namespace, path: Path) -> list[Figure]:
    """Every figure, in the order they are shown."""
    figures = seed(path, args.accounts)
    plan = prepare(path)
    print(
        f"Book {path}: first client {plan.first_client!r}, account screen on "
        f"{plan.account[1]!r}, filter words {plan.words}, search {plan.search_words}",
        flush=True,
    )
    figures += cold_starts(plan, args.runs)
    figures += probes(plan, args.runs)
    figures += exports(plan, args.export_runs)
    return figures


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=2000)
    parser.add_argument("--db", type=Path, help="the book (default: benchmarks/data)")
    parser.add_argument("--runs", type=int, default=5, help="cold starts and probes")
    parser.add_argument("--export-runs", type=int, default=1)
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    path = (args.db or HERE / "data" / f"book-{args.accounts}.db").absolute()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        figures = benchmark(args, path)
    except (ChildFailed, ValueError) as error:  # a crash, or a book without clients
        print(f"amtui failed: {error}", file=sys.stderr)
        return 1
    print()
    for figure in figures:
        print(figure.line())
    out = HERE / f"results-{args.accounts}.json"
    header = {"accounts": args.accounts, "db": str(path), "runs": args.runs}
    write(out, header, figures)
    print(f"Written to {out.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
