"""Export the book from the palette: a one-field form, the writing done in a thread."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from amtui.errors import AmtuiError
from amtui.files import write_privately
from amtui.store.exchange import export_json
from amtui.ui.forms.field import text_field
from amtui.ui.forms.form import FieldError, FormScreen

if TYPE_CHECKING:
    from amtui.ui.app import AmtuiApp


def export_form(app: AmtuiApp) -> FormScreen:
    """Ask where to write the JSON export; dismisses with 0 once the export started."""
    default = Path.home() / f"amtui-{app.clock():%Y-%m-%d}.json"
    fields = [text_field("file", "File", required=True, max_length=4096)]

    def start(values: dict[str, Any]) -> int:
        out = Path(values["file"]).expanduser()
        if out.is_dir() or not out.absolute().parent.is_dir():
            raise FieldError("file", f"{out}: name a file in a folder that exists")
        if out.exists():
            raise FieldError("file", f"{out} already exists: choose another name")
        app.run_worker(lambda: _export(app, out), thread=True, exit_on_error=False)
        return 0

    return FormScreen("Export the book as JSON", fields, {"file": str(default)}, start)


def _export(app: AmtuiApp, out: Path) -> None:
    """Write the export (in a worker thread) and say how it went."""
    try:
        with write_privately(out) as handle:
            rows = export_json(app.db, handle)
    except (AmtuiError, OSError) as error:
        app.call_from_thread(
            app.notify, f"Export failed: {error}", severity="error", timeout=10
        )
        return
    app.call_from_thread(app.notify, f"Exported {rows:,} records to {out}", timeout=8)
