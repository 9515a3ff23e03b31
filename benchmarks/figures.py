"""The figures a benchmark reports, their targets, and how they are shown and kept."""

from __future__ import annotations

import json
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The targets: the most each figure may be (cold_start_ratio: of the baseline).
TARGETS: dict[str, float] = {
    "cold_start_ratio": 1.5,
    "filter_keystroke_ms": 50,
    "filter_keystroke_p95_ms": 100,
    "search_keystroke_ms": 50,  # "within the same latency target as the filter"
    "search_keystroke_p95_ms": 100,
    "next_client_ms": 30,
    "account_screen_ms": 150,
    "bottom_G_ms": 50,
    "top_g_ms": 50,
    "review_ms": 500,
    "export_s": 60,
    "export_peak_mb": 300,
    "peak_rss_mb": 200,
    "seed_s": 60,
    "seed_peak_mb": 500,
}


@dataclass
class Figure:
    """One measured value (a median, unless its name says p95) and its samples."""

    name: str
    value: float | None  # None: not measured this time (a book reused, not seeded)
    unit: str
    samples: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def target(self) -> float | None:
        return TARGETS.get(self.name)

    @property
    def passed(self) -> bool | None:
        """Whether the value meets its target; None without a target or a value."""
        if self.target is None or self.value is None:
            return None
        return self.value <= self.target

    def line(self) -> str:
        """`name  value unit  target  PASS|FAIL|info`, for the terminal."""
        value = "—" if self.value is None else f"{self.value:,.{_digits(self.unit)}f}"
        target = "" if self.target is None else f"<= {self.target:g} {self.unit}"
        verdict = {True: "PASS", False: "FAIL", None: "info"}[self.passed]
        note = f"  ({self.note})" if self.note else ""
        return f"{self.name:28} {value:>9} {self.unit:2} {target:>14}  {verdict}{note}"

    def as_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "unit": self.unit,
            "target": self.target,
            "pass": self.passed,
            "samples": [round(sample, 3) for sample in self.samples],
            "note": self.note,
        }


def _digits(unit: str) -> int:
    """Decimals worth showing: tenths of ms and MB, none for counts, else hundredths."""
    return {"ms": 1, "MB": 1, "": 0}.get(unit, 2)


def median(name: str, samples: Sequence[float], unit: str, note: str = "") -> Figure:
    """The median of `samples`."""
    return Figure(name, statistics.median(samples), unit, list(samples), note)


def p95(name: str, samples: Sequence[float], unit: str) -> Figure:
    """The 95th percentile of `samples` (interpolated between the closest two)."""
    if len(samples) < 2:
        return Figure(name, max(samples), unit, list(samples))
    value = statistics.quantiles(samples, n=20, method="inclusive")[18]
    return Figure(name, value, unit, list(samples))


def write(path: Path, header: dict[str, Any], figures: Sequence[Figure]) -> None:
    """Keep `figures` (with their targets and verdicts) in `path` as JSON."""
    document = {
        **header,
        "all_pass": all(figure.passed is not False for figure in figures),
        "figures": {figure.name: figure.as_json() for figure in figures},
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
