"""Hypothesis profiles: `ci` (the default) is quick and the same on every run; set
`AMTUI_HYPOTHESIS=long` for a long random search (ten times the examples). The
functional tests' driving helpers are shared with these."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

sys.path.insert(0, str(Path(__file__).parents[1] / "functional"))

QUICK = HealthCheck.too_slow, HealthCheck.data_too_large
settings.register_profile(
    "ci", derandomize=True, database=None, suppress_health_check=QUICK
)
settings.register_profile(
    "long", max_examples=1000, suppress_health_check=QUICK, print_blob=True
)
settings.load_profile(os.environ.get("AMTUI_HYPOTHESIS", "ci"))
