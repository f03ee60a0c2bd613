"""The queue panel: the listening queue, which survives restarts, walked with the arrows.

When it has focus, Enter plays the queue from the entry highlighted, Delete removes it
(z puts it back), and u / d move it up or down; the screen does the work and says what
changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets.option_list import Option

from reader.reading.answers import Answer
from reader.reading.queue_control import QueueControl, entry_label
from reader.storage.queue import Queue
from reader.tui.lists import FollowingList


class QueuePanel(FollowingList):
    """One line per queued file."""

    name_spoken = "Queue"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete,backspace", "remove", "Remove", show=False),
        Binding("u", "shift(-1)", "Move up", show=False),
        Binding("d", "shift(1)", "Move down", show=False),
        Binding("z", "undo", "Put back the entry removed", show=False),
    ]

    @dataclass
    class Answered(Message):
        """The queue changed (or could not): the answer to show and say."""

        answer: Answer

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.control: QueueControl | None = None  # set by the screen: the saved queue

    def show(self, queue: Queue, highlight: int | None = None) -> None:
        """List every entry of `queue`, `highlight` (or the entry highlighted) under the cursor."""
        keep = self.highlighted if highlight is None else highlight
        self.clear_options()
        for number, entry in enumerate(queue.entries, start=1):
            self.add_option(Option(Text(entry_label(number, entry), no_wrap=True)))
        if keep is not None and self.option_count:
            self.follow(min(keep, self.option_count - 1))  # not the user's move: not said

    def action_remove(self) -> None:
        """Remove the entry highlighted; the one after it comes under the cursor."""
        if self.control is not None and self.highlighted is not None:
            index = self.highlighted
            self._changed(self.control.remove(index), index)

    def action_undo(self) -> None:
        """Put back the entry removed last, where it was."""
        if self.control is not None:
            where = self.control.removed_at
            self._changed(self.control.undo(), where)

    def action_shift(self, step: int) -> None:
        """Move the entry highlighted one place up or down."""
        if self.control is not None and self.highlighted is not None:
            index = self.highlighted
            self._changed(self.control.shift(index, step), index + step)

    def _changed(self, answer: Answer, highlight: int | None) -> None:
        assert self.control is not None
        self.show(self.control.queue, highlight)
        self.post_message(self.Answered(answer))
