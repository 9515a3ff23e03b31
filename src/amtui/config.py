"""The user's settings: a TOML file in the platformdirs config folder, or the file
`AMTUI_CONFIG` names.

A missing file means the defaults. A bad file never stops amtui: each problem comes
back as one warning naming its line, and the setting keeps its default.

    [review]
    phase = "conquest"        # your phase; default: the phase of most of your clients
    conquest_split = "80/20"  # conquest/loyalty time aimed at in a conquest phase
    loyalty_split = "20/80"   # ... and in a loyalty phase
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from platformdirs import user_config_path

from amtui.domain.review import DEFAULT_TARGETS, TargetSplit
from amtui.locations import APP_NAME
from amtui.vocabulary import AccountPhase

CONFIG_ENV_VAR = "AMTUI_CONFIG"
CONFIG_FILENAME = "config.toml"
_SPLIT_KEYS = {
    "conquest_split": AccountPhase.CONQUEST,
    "loyalty_split": AccountPhase.LOYALTY,
}


@dataclass(frozen=True)
class Settings:
    phase: AccountPhase | None = None
    targets: Mapping[AccountPhase, TargetSplit] = field(
        default_factory=lambda: dict(DEFAULT_TARGETS)
    )


def config_path() -> Path:
    """`$AMTUI_CONFIG` if set, else `config.toml` in the user config folder."""
    from_env = os.environ.get(CONFIG_ENV_VAR, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return user_config_path(APP_NAME, appauthor=False) / CONFIG_FILENAME


def load_settings(path: Path | None = None) -> tuple[Settings, list[str]]:
    """The settings in `path` (default: `config_path()`), and what was wrong in it."""
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings(), []
    except (OSError, UnicodeDecodeError) as error:
        return Settings(), [f"{path}: cannot be read ({error}); using the defaults"]
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Settings(), [f"{path}: {error}; using the defaults"]
    review = document.get("review", {})
    if not isinstance(review, dict):
        return Settings(), [f"{path}: [review] must be a table; using the defaults"]
    warnings: list[str] = []

    def warn(key: str, problem: str) -> None:
        warnings.append(f"{path}{_line_of(text, key)}: {problem}; using the default")

    phase = None
    targets = dict(DEFAULT_TARGETS)
    for key, value in review.items():
        if key == "phase":
            phase = _phase(value)
            if phase is None:
                warn(key, f"phase is {value!r}, not 'conquest' or 'loyalty'")
        elif key in _SPLIT_KEYS:
            try:
                targets[_SPLIT_KEYS[key]] = TargetSplit.parse(str(value))
            except ValueError as error:
                warn(key, f"{key}: {error}")
        else:
            warn(key, f"unknown setting {key!r} in [review]")
    return Settings(phase=phase, targets=targets), warnings


def _phase(value: Any) -> AccountPhase | None:
    try:
        return AccountPhase(str(value).strip().lower())
    except ValueError:
        return None


def _line_of(text: str, key: str) -> str:
    """`, line N` for the line that sets `key`, or "" if it cannot be told."""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return f", line {number}"
    return ""
