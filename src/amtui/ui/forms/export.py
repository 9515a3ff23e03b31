"""Writing a file from the cockpit: a one-field form asking where, the writing done in
a thread. The file is readable by its owner only, and an existing one is refused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from amtui.errors import AmtuiError
from amtui.files import write_privately
from amtui.store.exchange import export_json
from amtui.ui.forms.field import text_field
from amtui.ui.forms.form import FieldError, FormScreen

if TYPE_CHECKING:
    from amtui.ui.app import AmtuiApp

Writer = Callable[[TextIO], str]  # writes the file, says what it wrote


def export_form(app: AmtuiApp, title: str, default: Path, write: Writer) -> FormScreen:
    """Ask where to write; dismisses with 0 once the writing started."""
    fields = [text_field("file", "File", required=True, max_length=4096)]

    def start(values: dict[str, Any], _version: int | None) -> int:
        out = Path(values["file"]).expanduser()
        try:
            if out.is_dir() or not out.absolute().parent.is_dir():
                raise FieldError("file", f"{out}: name a file in a folder that exists")
            if out.exists():
                raise FieldError("file", f"{out} already exists: choose another name")
        except OSError as error:  # a name too long for the file system, …
            raise FieldError("file", f"{out}: {error.strerror or error}") from None
        app.run_worker(
            lambda: _write(app, out, write), thread=True, exit_on_error=False
        )
        return 0

    return FormScreen(title, fields, {"file": str(default)}, start)


def book_export_form(app: AmtuiApp) -> FormScreen:
    """The whole book as JSON, by default in the home folder."""

    def write(handle: TextIO) -> str:
        return f"Exported {export_json(app.db, handle):,} records"

    default = Path.home() / f"amtui-{app.clock():%Y-%m-%d}.json"
    return export_form(app, "Export the book as JSON", default, write)


def _write(app: AmtuiApp, out: Path, write: Writer) -> None:
    """Write the file (in a worker thread) and say how it went."""
    try:
        with write_privately(out) as handle:
            done = write(handle)
    except (AmtuiError, OSError) as error:
        app.call_from_thread(
            app.notify, f"Export failed: {error}", severity="error", timeout=10
        )
        return
    app.call_from_thread(app.notify, f"{done} to {out.absolute()}", timeout=8)
