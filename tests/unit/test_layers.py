"""The store, domain and report layers never import Textual (the UI is one client of
many)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "amtui"
UI_FREE = ["store", "domain", "report"]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_store_domain_or_report_file_imports_textual() -> None:
    files = [f for layer in UI_FREE for f in (PACKAGE / layer).rglob("*.py")]
    assert files
    offenders = {
        f.relative_to(PACKAGE).as_posix(): sorted(
            name
            for name in imported_modules(f)
            if name.split(".")[0] in ("textual", "amtui")
            and (name.split(".")[0] == "textual" or name.startswith("amtui.ui"))
        )
        for f in files
    }
    assert {f: names for f, names in offenders.items() if names} == {}


def test_loading_the_store_does_not_load_textual() -> None:
    modules = [f"amtui.{layer}" for layer in UI_FREE] + [
        "amtui.store.queries",
        "amtui.store.seed",
        "amtui.store.exchange",
        "amtui.domain.agenda",
        "amtui.domain.contact",
        "amtui.store.review",
        "amtui.report.review",
        "amtui.report.brief",
        "amtui.config",
        "amtui.cli_reports",
    ]
    code = (
        f"import sys\nfor m in {modules!r}: __import__(m)\n"
        "print(sorted(n for n in sys.modules if n.split('.')[0] == 'textual'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_domain_rules_stand_on_the_vocabulary_alone() -> None:
    """The store may apply domain rules; the rules never reach into the store."""
    offenders = {
        f.name: sorted(
            name
            for name in imported_modules(f)
            if name.startswith(("amtui.store", "amtui.ui", "amtui.cli"))
        )
        for f in (PACKAGE / "domain").rglob("*.py")
    }
    assert {f: names for f, names in offenders.items() if names} == {}
    vocabulary = imported_modules(PACKAGE / "vocabulary.py")
    assert not any(name.startswith("amtui") for name in vocabulary)
