"""The settings only the app can check: the theme against the themes it has, the keys
against its bindings' ids and the key names Textual knows; and the palette's theme
list, whose pick is remembered in the settings file."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import REPLACED_KEYS, Keys, key_to_character
from textual.theme import ThemeProvider

if TYPE_CHECKING:
    from amtui.config import Settings
    from amtui.ui.app import AmtuiApp

_MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")
_NAMED_KEYS = frozenset(
    key.value.rpartition("+")[2] for key in Keys if not key.value.startswith("<")
)


def apply_settings(
    app: App[object], settings: Settings, modules: Iterable[str]
) -> list[str]:
    """Set the theme and the keys `settings` name, and say what could not be:
    those keep their defaults. `modules` declare the app's bindings."""
    warnings: list[str] = []
    if settings.theme is not None:
        if settings.theme in app.available_themes:
            app.theme = settings.theme
        else:
            problem = f"theme: no theme {settings.theme!r} (ctrl+p, Theme lists them)"
            warnings.append(settings.warning("display.theme", problem))
    known = binding_ids(modules) if settings.keys else frozenset()
    keymap: dict[str, str] = {}
    for binding, keys in settings.keys.items():
        if binding not in known:
            problem = f"no binding {binding!r} (the README lists their ids)"
        else:
            problem = key_problem(keys)
        if problem:
            warnings.append(settings.warning(f"keys.{binding}", problem))
        else:
            keymap[binding] = keys
    if keymap:
        app.set_keymap(keymap)
    return warnings


def binding_ids(modules: Iterable[str]) -> frozenset[str]:
    """The ids of every binding amtui's screens and widgets declare, once `modules`
    (which declare them) are imported."""
    for module in modules:
        importlib.import_module(module)
    ids: set[str] = set()
    pending: list[type[DOMNode]] = [DOMNode]
    while pending:
        node = pending.pop()
        pending.extend(node.__subclasses__())
        if node.__module__.startswith("amtui."):
            for binding in node.__dict__.get("BINDINGS", ()):
                if isinstance(binding, Binding) and binding.id:
                    ids.add(binding.id)
    return frozenset(ids)


def key_problem(keys: str) -> str:
    """What is wrong with `keys` ("ctrl+q", "f,slash"), or "" if Textual knows them."""
    for key in keys.split(","):
        key = key.strip()
        *modifiers, name = key.split("+")
        unknown = [modifier for modifier in modifiers if modifier not in _MODIFIERS]
        if unknown:
            return f"{unknown[0]!r} in {key!r} is not one of {', '.join(_MODIFIERS)}"
        if not _is_key_name(name):
            return f"{key!r} is not a key (write keys like q, ctrl+q, f5, slash)"
    return ""


def _is_key_name(name: str) -> bool:
    if len(name) == 1:
        return name.isprintable() and not name.isspace()
    if name in _NAMED_KEYS:
        return True
    return key_to_character(REPLACED_KEYS.get(name, name)) is not None


class RememberedThemes(ThemeProvider):
    """The palette's themes (ctrl+p, Theme): the one picked is kept for next time."""

    @property
    def commands(self) -> list[tuple[str, Callable[[], None]]]:
        app = cast("AmtuiApp", self.app)
        return [(name, partial(app.choose_theme, name)) for name, _ in super().commands]
