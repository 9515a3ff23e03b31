"""The user's settings: a TOML file in the platformdirs config folder, or the file
`AMTUI_CONFIG` names.

A missing file means the defaults. A bad file never stops amtui: each problem comes
back as one warning naming its line, and that setting keeps its default while the
rest apply. Every setting is optional:

    [clients]                 # what a new client's form starts with
    owner = "Claire Martin"   # its owner; default: empty
    cadence_days = 21         # days between contacts, 1 to 3650; default: 30

    [display]
    date_format = "short"     # "short" (24 Nov, Nov'25), "iso" (2026-11-24),
                              # "day/month" (24/11, 24/11/25), "month/day", or a
                              # strftime pattern with a day and a month ("%d.%m.%y")
    theme = "nord"            # a Textual theme; "ansi-dark" and "ansi-light" use the
                              # terminal's own colours. Picking one in the palette
                              # (ctrl+p, "Change theme") writes it here.

    [review]
    phase = "conquest"        # your phase; default: the phase of most of your clients
    conquest_split = "80/20"  # conquest/loyalty time aimed at in a conquest phase
    loyalty_split = "20/80"   # ... and in a loyalty phase

    [keys]                    # binding id = its key, or keys separated by commas:
    "app.quit" = "ctrl+q"     # the README lists the ids; an id not named keeps
    "cockpit.filter" = "f,slash"  # its key

The theme and the keys are checked by the app, which knows the themes and the
bindings: `Settings.warning` words its warnings the same way.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from platformdirs import user_config_path

from amtui.domain.date_format import SHORT, DateFormat, parse_date_format
from amtui.domain.review import DEFAULT_TARGETS, TargetSplit
from amtui.domain.values import parse_text
from amtui.errors import AmtuiError
from amtui.files import write_privately
from amtui.locations import APP_NAME
from amtui.vocabulary import AccountPhase

CONFIG_ENV_VAR = "AMTUI_CONFIG"
CONFIG_FILENAME = "config.toml"
OWNER_MAX = 200  # as a client's owner field
CADENCE_MAX = 3650  # as a client's cadence field
_SPLIT_KEYS = {
    "conquest_split": AccountPhase.CONQUEST,
    "loyalty_split": AccountPhase.LOYALTY,
}
_TABLES = {
    "clients": ("owner", "cadence_days"),
    "display": ("date_format", "theme"),
    "review": ("phase", *_SPLIT_KEYS),
    "keys": (),  # any binding id: the app checks them
}


@dataclass(frozen=True)
class Settings:
    phase: AccountPhase | None = None
    targets: Mapping[AccountPhase, TargetSplit] = field(
        default_factory=lambda: dict(DEFAULT_TARGETS)
    )
    owner: str = ""
    cadence_days: int | None = None  # None: the book's default
    date_format: DateFormat = SHORT
    theme: str | None = None  # None: Textual's default
    keys: Mapping[str, str] = field(default_factory=dict)  # binding id -> keys
    # Where each setting was read ("keys.app.quit" -> "FILE, line 12"; "" -> FILE).
    places: Mapping[str, str] = field(default_factory=dict, compare=False)

    def warning(self, setting: str, problem: str) -> str:
        """`FILE, line N: problem; using the default`, for the dotted `setting`."""
        place = self.places.get(setting) or self.places.get("", "settings")
        return f"{place}: {problem}; using the default"


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
    places = {
        "": str(path),
        **{
            setting: f"{path}, line {number}"
            for setting, number in _setting_lines(text).items()
        },
    }
    return _read(document, Settings(places=places))


def _read(document: dict[str, Any], settings: Settings) -> tuple[Settings, list[str]]:
    warnings: list[str] = []
    values: dict[str, Any] = {"targets": dict(DEFAULT_TARGETS), "keys": {}}
    for table, content in document.items():
        if table not in _TABLES:
            unknown = f"[{table}]" if isinstance(content, dict) else repr(table)
            warnings.append(settings.warning(table, f"unknown setting {unknown}"))
        elif not isinstance(content, dict):
            warnings.append(settings.warning(table, f"[{table}] must be a table"))
        elif table == "keys":
            for binding, keys in _flatten(content).items():
                if isinstance(keys, str) and keys.strip():
                    values["keys"][binding] = keys.strip()
                else:
                    problem = f'the keys of {binding!r} must be a text like "ctrl+q"'
                    warnings.append(settings.warning(f"keys.{binding}", problem))
        else:
            for key, value in content.items():
                setting = f"{table}.{key}"
                if key not in _TABLES[table]:
                    problem = f"unknown setting {key!r} in [{table}]"
                    warnings.append(settings.warning(setting, problem))
                    continue
                try:
                    _READERS[key](value, values)
                except ValueError as error:
                    warnings.append(settings.warning(setting, str(error)))
    return Settings(places=settings.places, **values), warnings


def _phase(value: Any, values: dict[str, Any]) -> None:
    try:
        values["phase"] = AccountPhase(str(value).strip().lower())
    except ValueError:
        raise ValueError(f"phase is {value!r}, not 'conquest' or 'loyalty'") from None


def _split(key: str) -> Callable[[Any, dict[str, Any]], None]:
    def read(value: Any, values: dict[str, Any]) -> None:
        try:
            values["targets"][_SPLIT_KEYS[key]] = TargetSplit.parse(str(value))
        except ValueError as error:
            raise ValueError(f"{key}: {error}") from None

    return read


def _owner(value: Any, values: dict[str, Any]) -> None:
    text = _text("owner", value)
    values["owner"] = parse_text(text, what="owner", limit=OWNER_MAX, required=False)
    values["owner"] = values["owner"] or ""


def _cadence(value: Any, values: dict[str, Any]) -> None:
    if type(value) is not int or not 1 <= value <= CADENCE_MAX:
        raise ValueError(
            f"cadence_days is {value!r}, not a whole number of days from 1 to 3650"
        )
    values["cadence_days"] = value


def _date_format(value: Any, values: dict[str, Any]) -> None:
    try:
        values["date_format"] = parse_date_format(_text("date_format", value))
    except ValueError as error:
        raise ValueError(f"date_format: {error}") from None


def _theme(value: Any, values: dict[str, Any]) -> None:
    if not _text("theme", value).strip():
        raise ValueError("theme is empty")
    values["theme"] = value.strip()


def _text(key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{key} is {value!r}, not a text: write it in quotes")
    return value


_READERS: dict[str, Callable[[Any, dict[str, Any]], None]] = {
    "phase": _phase,
    **{key: _split(key) for key in _SPLIT_KEYS},
    "owner": _owner,
    "cadence_days": _cadence,
    "date_format": _date_format,
    "theme": _theme,
}


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """`app.quit = "x"` (a dotted key, so nested tables) as `{"app.quit": "x"}`."""
    flat: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


# -- where each setting is, by line ----------------------------------------------------

_PART = r"\"(?:[^\"\\]|\\.)*\"|'[^']*'|[A-Za-z0-9_-]+"
_KEY = rf"(?:{_PART})(?:\s*\.\s*(?:{_PART}))*"
_HEADER = re.compile(rf"\s*\[\[?\s*({_KEY})\s*\]")
_ASSIGNMENT = re.compile(rf"\s*({_KEY})\s*=")


def _setting_lines(text: str) -> dict[str, int]:
    """The line of each table header and each key, by dotted name ("keys.app.quit"),
    however the key is written (quoted, dotted, under a header)."""
    lines: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if header := _HEADER.match(line):
            table = _dotted(header[1])
            lines.setdefault(table, number)
        elif assignment := _ASSIGNMENT.match(line):
            name = _dotted(assignment[1])
            lines.setdefault(f"{table}.{name}" if table else name, number)
    return lines


def _dotted(key: str) -> str:
    parts = re.findall(_PART, key)
    return ".".join(part[1:-1] if part[0] in "\"'" else part for part in parts)


# -- remembering the theme -------------------------------------------------------------

_THEME_LINE = re.compile(r"(?P<lead>\s*theme\s*=\s*)(?P<value>\"[^\"]*\"|'[^']*')")


def remember_theme(theme: str, path: Path | None = None) -> Path:
    """Write `theme` as `[display] theme` in the settings file, changing that line
    alone (or adding it); everything else is kept byte for byte. Returns the file;
    AmtuiError if it cannot be written."""
    path = (path or config_path()).resolve()  # a link to a dotfiles folder stays one
    try:
        text = path.read_bytes().decode("utf-8") if path.exists() else ""
        document = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise AmtuiError(
            f"{path} could not be read to keep the theme: {error}"
        ) from None
    edited = _with_theme(text, theme)
    try:
        expected = {
            **document,
            "display": {**document.get("display", {}), "theme": theme},
        }
        if tomllib.loads(edited) != expected:
            raise ValueError(edited)
    except (TypeError, ValueError):  # TOMLDecodeError is a ValueError
        raise AmtuiError(
            f"{path}: the theme is set in a way amtui cannot edit; "
            f'write theme = "{theme}" under [display] yourself'
        ) from None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with write_privately(path) as handle:
            handle.write(edited)
    except OSError as error:
        raise AmtuiError(f"{path} could not be written: {error.strerror}") from error
    return path


def _with_theme(text: str, theme: str) -> str:
    """`text` with `theme = "..."` in its [display] table."""
    value = '"' + theme.replace("\\", "\\\\").replace('"', '\\"') + '"'
    lines = text.splitlines(keepends=True)
    line_of = _setting_lines(text)
    if "display.theme" in line_of:
        index = line_of["display.theme"] - 1
        lines[index] = _THEME_LINE.sub(
            lambda match: match["lead"] + value, lines[index], count=1
        )
    elif "display" in line_of:
        index = line_of["display"]
        lines.insert(index, f"theme = {value}\n")
        if index == len(lines) - 1 and not lines[index - 1].endswith("\n"):
            lines[index - 1] += "\n"
    else:
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        lines.append(("\n" if lines else "") + f"[display]\ntheme = {value}\n")
    return "".join(lines)
