"""A record's form as a modal screen that never loses what was typed.

Each field is checked when the cursor leaves it and again on `ctrl+s`; the reason a
value is refused is shown under its field, and the form stays open until the record
is saved or the user chooses to throw the changes away. A record changed by another
session since the form opened is never overwritten unasked: the user chooses.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Select, Static, TextArea

from amtui.errors import AmtuiError
from amtui.store.editing import EditConflict
from amtui.text import one_line, safe_text
from amtui.ui.dialogs.confirm import ConfirmScreen
from amtui.ui.dialogs.conflict import ConflictScreen, Resolution
from amtui.ui.forms.field import ControlsShown, Field, TextBox

# Stores the checked values, given the record's version as the form loaded it (None:
# a new record, or overwrite whatever is there); returns the record's id.
Save = Callable[[dict[str, Any], int | None], int]
VERSION = "version"  # the key of the record's version among a form's starting values
KEYS_HINT = "ctrl+s save · escape cancel · tab next field"


class FieldError(AmtuiError):
    """A save refused because of one field's value (a name already taken, say)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class FormScreen(ModalScreen[int | Resolution | None]):
    """Edits `values` through `fields`; `save` stores them and returns the record's id.

    Dismisses with that id, None when cancelled, or `Resolution.RELOAD` when the user
    chose to see another session's change instead of theirs.
    """

    # Moving between fields is a priority binding, so that keys typed after tab land
    # in the next field. Saving is not: it must come after the keys typed before it,
    # which the field is still taking in. Escape is not: an open choice list takes it.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding(
            "tab",
            "app.focus_next",
            "Next field",
            show=False,
            priority=True,
            id="form.next",
        ),
        Binding(
            "shift+tab",
            "app.focus_previous",
            "Previous field",
            show=False,
            priority=True,
            id="form.previous",
        ),
    ]

    def __init__(
        self,
        title: str,
        fields: list[Field],
        values: Mapping[str, Any],
        save: Save,
        *,
        extra: Widget | None = None,
    ) -> None:
        super().__init__()
        self.heading = title
        self.fields = {field.name: field for field in fields}
        self.initial = values
        self.version: int | None = values.get(VERSION)
        self.save = save
        self.extra = extra
        self._start: dict[str, Any] = {}

    # -- layout ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="form") as form:
            form.border_title = Content(one_line(self.heading))
            with VerticalScroll(id="form-fields", can_focus=False):
                for field in self.fields.values():
                    with Horizontal(classes="form-row"):
                        yield Static(Content(field.label), classes="form-label")
                        with Vertical(classes="form-cell"):
                            yield self._widget_for(field)
                            yield Static(id=f"note-{field.name}", classes="form-note")
                if self.extra is not None:
                    yield self.extra
            yield Static(id="form-message")
            yield Static(KEYS_HINT, id="form-keys")

    def _widget_for(self, field: Field) -> Widget:
        value = self.initial.get(field.name)
        widget_id = f"field-{field.name}"
        if field.is_choice:
            return Select(
                field.choices,
                value=value if value is not None else Select.NULL,
                allow_blank=not field.required,
                prompt="(none)",
                compact=True,
                id=widget_id,
            )
        text = field.show(value)
        if field.lines > 1:
            area = TextBox(text, compact=True, id=widget_id, soft_wrap=True)
            area.styles.height = field.lines
            return area
        return Input(text, compact=True, highlighter=ControlsShown(), id=widget_id)

    def on_mount(self) -> None:
        self._start = {name: self._raw(name) for name in self.fields}
        for name in self.fields:
            self._show_note(name, "")
        first = next(iter(self.fields))
        self.set_focus(self._widget(first))

    # -- reading and checking fields -----------------------------------------------

    def _widget(self, name: str) -> Widget:
        return self.query_one(f"#field-{name}")

    def _raw(self, name: str) -> Any:
        widget = self._widget(name)
        if isinstance(widget, Select):
            return widget.value
        if isinstance(widget, TextArea):
            return widget.text
        assert isinstance(widget, Input)
        return widget.value

    def _name_of(self, widget: Widget) -> str | None:
        for node in widget.ancestors_with_self:
            if node.id and node.id.startswith("field-"):
                return node.id.removeprefix("field-")
        return None

    def check(self, name: str) -> tuple[Any, str]:
        """The field's value and "", or None and why it is refused; shown under it."""
        try:
            value = self.fields[name].parse(self._raw(name))
        except ValueError as error:
            self._show_note(name, str(error), error=True)
            return None, str(error)
        self._show_note(name, "", value=value)
        return value, ""

    def _show_note(
        self, name: str, message: str, *, error: bool = False, value: Any = None
    ) -> None:
        field = self.fields[name]
        note = self.query_one(f"#note-{name}", Static)
        if not message and value is not None and field.preview is not None:
            message = f"→ {field.preview(value)}"
        elif not message:
            message = field.hint
        note.update(Content(safe_text(message)))
        note.set_class(error, "-error")
        note.display = bool(message)
        self._widget(name).set_class(error, "-invalid")

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        name = self._name_of(event.widget)
        if name is not None and self.is_attached:
            self.check(name)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Preview a value as it is typed; an error stays until it is put right."""
        name = self._name_of(event.input)
        if name is None:
            return
        field = self.fields[name]
        note = self.query_one(f"#note-{name}", Static)
        try:
            value = field.parse(event.value)
        except ValueError:
            if not note.has_class("-error"):
                self._show_note(name, "")
            return
        self._show_note(name, "", value=value)

    # -- saving and cancelling -------------------------------------------------------

    def action_save(self) -> None:
        values: dict[str, Any] = {}
        refused: list[str] = []
        for name in self.fields:
            value, problem = self.check(name)
            values[name] = value
            if problem:
                refused.append(name)
        if refused:
            labels = ", ".join(self.fields[name].label for name in refused)
            self._say(f"Not saved: check {labels}.")
            self.set_focus(self._widget(refused[0]))
            return
        try:
            record_id = self.save(values, self.version)
        except EditConflict as error:
            self.app.push_screen(ConflictScreen(str(error)), self._resolve)
            return
        except FieldError as error:
            self._show_note(error.field, str(error), error=True)
            self._say(f"Not saved: {error}")
            self.set_focus(self._widget(error.field))
            return
        except AmtuiError as error:
            self._say(f"Not saved: {error}")
            return
        self.dismiss(record_id)

    def _resolve(self, choice: Resolution | None) -> None:
        if choice is Resolution.RELOAD:
            self.dismiss(Resolution.RELOAD)
        elif choice is Resolution.OVERWRITE:
            self.version = None
            self.action_save()
        else:
            self._say("Not saved: another session changed this record meanwhile.")

    def _say(self, message: str) -> None:
        self.query_one("#form-message", Static).update(Content(safe_text(message)))

    @property
    def changed(self) -> bool:
        return any(self._raw(name) != self._start[name] for name in self.fields)

    def action_cancel(self) -> None:
        if not self.changed:
            self.dismiss(None)
            return

        def discard(answer: bool | None) -> None:
            if answer:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen("Discard what you typed?", yes="discard"), discard
        )
