"""The two dialogs: help (every key, one per line) and adding reviews by path."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class HelpScreen(ModalScreen[None]):
    """Every key and what it does; any of escape, enter, q, ? or F1 closes it."""

    AUTO_FOCUS = "#help"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q,question_mark,f1", "dismiss", "Close help", show=True),
        Binding("down", "scroll_down", show=False),
        Binding("up", "scroll_up", show=False),
    ]

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text("Keys (escape closes)", "bold"), classes="title")
            for line in self.lines:
                yield Static(Text(line), classes="help-line")

    def action_scroll_down(self) -> None:
        """Scroll the list of keys down."""
        self.query_one("#help", VerticalScroll).scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        """Scroll the list of keys up."""
        self.query_one("#help", VerticalScroll).scroll_up(animate=False)


class AddScreen(ModalScreen[str | None]):
    """Ask for a file or folder to add; returns the path typed, or None when cancelled."""

    AUTO_FOCUS = "#path"

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", show=True)]
    PROMPT = "Add reviews: type a file or folder path and press enter. Escape cancels."

    def compose(self) -> ComposeResult:
        with Vertical(id="add"):
            yield Static(Text(self.PROMPT), classes="title")
            yield Input(placeholder="path to a review file or folder", id="path")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Return what was typed."""
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        """Close without adding anything."""
        self.dismiss(None)
