"""The queue panel: the listening queue, which survives restarts, walked with the arrows.

When it has focus, Enter plays the queue from the entry highlighted, Delete removes it,
and u / d move it up or down; the app does the work and says what changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets.option_list import Option

from reader.reading.queue_control import entry_label
from reader.storage.queue import Queue
from reader.tui.lists import FollowingList


class QueuePanel(FollowingList):
    """One line per queued file."""

    name_spoken = "Queue"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete,backspace", "remove", "Remove", show=False),
        Binding("u", "shift(-1)", "Move up", show=False),
        Binding("d", "shift(1)", "Move down", show=False),
    ]

    @dataclass
    class Remove(Message):
        """Remove entry `index`."""

        index: int

    @dataclass
    class Shift(Message):
        """Move entry `index` one place by `step`."""

        index: int
        step: int

    def show(self, queue: Queue, highlight: int | None = None) -> None:
        """List every entry of `queue`, `highlight` (or the entry highlighted) under the cursor."""
        keep = self.highlighted if highlight is None else highlight
        self.clear_options()
        for number, entry in enumerate(queue.entries, start=1):
            self.add_option(Option(Text(entry_label(number, entry), no_wrap=True)))
        if keep is not None and self.option_count:
            self.follow(min(keep, self.option_count - 1))  # not the user's move: not said

    def action_remove(self) -> None:
        """Ask the app to remove the entry highlighted."""
        if self.highlighted is not None:
            self.post_message(self.Remove(self.highlighted))

    def action_shift(self, step: int) -> None:
        """Ask the app to move the entry highlighted."""
        if self.highlighted is not None:
            self.post_message(self.Shift(self.highlighted, step))
