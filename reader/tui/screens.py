"""The two dialogs: help (every key, one per line) and adding reviews by path; both speak."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from reader.tui.messages import Spoken


class HelpScreen(ModalScreen[bool]):
    """Every key and what it does; any of escape, enter, q, ? or F1 closes it, and escape
    also stops speech (the result says whether it was escape)."""

    AUTO_FOCUS = "#help"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(True)", "Close help", show=True),
        Binding("enter,q,question_mark,f1", "dismiss(False)", "Close help", show=False),
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


class AskScreen(ModalScreen[str | None]):
    """Ask for a line of text; returns what was typed, or None when cancelled. Each
    character typed is echoed, as a screen reader echoes it, and ctrl+r says back
    everything typed. Subclasses say what is asked (PROMPT, PLACEHOLDER)."""

    AUTO_FOCUS = "#typed"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", show=True),
        Binding("ctrl+r", "read_back", "Say what is typed", show=True),
    ]
    PROMPT = ""
    PLACEHOLDER = ""
    EMPTY: str | None = None  # what enter alone returns: None, as escape does

    def __init__(self) -> None:
        super().__init__()
        self._typed = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="ask"):
            yield Static(Text(self.PROMPT), classes="title")
            yield Input(placeholder=self.PLACEHOLDER, id="typed")

    def on_input_changed(self, event: Input.Changed) -> None:
        """Echo the character typed, or say what was deleted."""
        before, self._typed = self._typed, event.value
        if len(event.value) == len(before) + 1 and event.value.startswith(before):
            self.post_message(Spoken(_character(event.value[-1])))
        elif len(event.value) < len(before) and before.startswith(event.value):
            self.post_message(Spoken(f"Deleted {_character(before[len(event.value)])}"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Return what was typed."""
        self.dismiss(event.value.strip() or self.EMPTY)

    def action_read_back(self) -> None:
        """Say everything typed so far."""
        typed = self.query_one("#typed", Input).value
        self.post_message(Spoken(f"You typed: {typed}" if typed else "Nothing typed yet"))

    def action_cancel(self) -> None:
        """Close, answering nothing."""
        self.dismiss(None)


class AddScreen(AskScreen):
    """Ask for a file, folder or web address to add."""

    PROMPT = (
        "Add reviews: type a file or folder path or a web address, and press enter. "
        "Control R says back what you typed. Escape cancels."
    )
    PLACEHOLDER = "path to a review file or folder"


class FindScreen(AskScreen):
    """Ask for words to find in the review; enter alone finds the last ones again."""

    PROMPT = (
        "Find: type words to look for, and press enter; enter alone finds the same words "
        "again. Control R says back what you typed. Escape cancels."
    )
    PLACEHOLDER = "words to find"
    EMPTY = ""


_NAMES = {
    " ": "space",
    "/": "slash",
    "\\": "backslash",
    ".": "dot",
    "-": "dash",
    "_": "underscore",
    "~": "tilde",
    ":": "colon",
}


def _character(character: str) -> str:
    """A typed character as it is echoed: 'slash', 'dot', 'capital A', 'a'."""
    if character in _NAMES:
        return _NAMES[character]
    return f"capital {character}" if character.isupper() else character
