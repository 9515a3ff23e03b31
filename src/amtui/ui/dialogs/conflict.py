"""What to do when a form is saved over a change another session made meanwhile."""

from __future__ import annotations

from enum import Enum
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


class Resolution(Enum):
    RELOAD = "reload"  # throw this form's changes away, show the record as it is now
    OVERWRITE = "overwrite"  # save this form's values over the other change
    KEEP_EDITING = "keep editing"  # decide later: the form stays as it is


class ConflictScreen(ModalScreen[Resolution]):
    """Says that `what` changed elsewhere; `r` reload, `o` overwrite, escape neither."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "resolve('reload')", "Reload theirs", id="conflict.reload"),
        Binding("o", "resolve('overwrite')", "Overwrite", id="conflict.overwrite"),
        Binding(
            "escape,k", "resolve('keep editing')", "Keep editing", id="conflict.keep"
        ),
    ]

    def __init__(self, problem: str) -> None:
        super().__init__()
        self.problem = problem

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(Content(f"Not saved: {self.problem}."), id="confirm-question")
            yield Static(
                Content.assemble(
                    ("r", "bold"),
                    " reload: drop your changes, show theirs\n",
                    ("o", "bold"),
                    " overwrite: save yours over theirs\n",
                    ("escape", "bold"),
                    " keep editing",
                ),
                id="confirm-keys",
            )

    def action_resolve(self, choice: str) -> None:
        self.dismiss(Resolution(choice))
