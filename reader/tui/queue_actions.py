"""The reading room's listening queue and sleep timer: the queue panel's actions, playing
the queue hands-free, and stopping gently when the timer runs out.

A mixin of ReaderApp, kept apart so each file has one job; it uses the app's session,
library, `say` and `_open`, which are declared below for the type checker only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from reader.reading.library import Library
from reader.session.events import State
from reader.session.session import Session
from reader.storage.queue import (
    Queue,
    QueueEntry,
    QueueError,
    added,
    at,
    change_queue,
    load_queue,
    moved,
    removed,
)
from reader.tui.queue_panel import QueuePanel
from reader.tui.sleep_timer import SleepTimer
from reader.web.addresses import located, still_there

if TYPE_CHECKING:
    from reader.loaders import Severity
    from reader.model import Document


class QueueActions:
    """The queue panel, `a`, `P` and `t`."""

    queue: Queue
    queue_at: int | None  # the queue entry being played hands-free
    sleep: SleepTimer
    session: Session
    library: Library
    current: int
    queue_panel: QueuePanel

    if TYPE_CHECKING:  # provided by ReaderApp and Textual's App

        @property
        def document(self) -> Document | None: ...
        def say(self, *texts: str) -> None: ...
        def _problem(self, message: str, severity: Severity = ...) -> None: ...
        def _open(self, index: int, prefix: str = "", play: bool = False) -> bool: ...
        def _load(self, paths: list[str], open_first: bool, play: bool = False) -> None: ...
        def _refresh_status(self) -> None: ...

    def _show_queue(self) -> None:
        loaded = load_queue()
        if loaded.warning:
            self._problem(loaded.warning)
        self.queue = loaded.value
        self.queue_panel.show(self.queue)

    def _change_queue(self, change: Callable[[Queue], Queue], highlight: int | None = None) -> bool:
        """Change the saved queue; False (and said why) if that cannot be done."""
        try:
            done = change_queue(change)
        except (QueueError, OSError) as error:
            self._problem(str(error))
            self.say(f"The queue was not changed: {error}")
            return False
        self.queue = done.value
        self.queue_panel.show(self.queue, highlight)
        return True

    def action_add(self) -> None:
        """Add the open review's file to the listening queue."""
        document = self.document
        if document is None or document.source.path == "-":
            self.say("Open a review from a file first; standard input cannot be queued")
            return
        path = located(document.source.path)
        title = document.title or Path(path).name
        if path in self.queue.paths:
            number = next(i for i, e in enumerate(self.queue.entries, 1) if e.path == path)
            self.say(f"{title} is already in the queue, number {number}")
            return
        entry = QueueEntry(path, title)
        if self._change_queue(lambda queue: added(queue, [entry])):
            self.say(f"Added {title} to the queue; {len(self.queue.entries)} in the queue")

    def on_queue_panel_remove(self, message: QueuePanel.Remove) -> None:
        """Remove a queue entry."""
        left = max(0, min(message.index, len(self.queue.entries) - 2))
        if self._change_queue(lambda queue: removed(queue, [message.index + 1]), left):
            self.say(f"Removed; {len(self.queue.entries)} in the queue")

    def on_queue_panel_shift(self, message: QueuePanel.Shift) -> None:
        """Move a queue entry up or down one place."""
        to = message.index + 1 + message.step
        if not 1 <= to <= len(self.queue.entries):
            self.say("Already at the " + ("top" if message.step < 0 else "bottom"))
            return
        if self._change_queue(lambda queue: moved(queue, message.index + 1, to), to - 1):
            self.say(f"Moved to {to} of {len(self.queue.entries)}")

    def action_play_queue(self) -> None:
        """Play the listening queue from the entry play stopped at (or the first)."""
        self._play_entry(self.queue.resumes_at or 0)

    def _play_entry(self, index: int) -> None:
        """Read queue entry `index` hands-free; missing files are skipped and said."""
        entries = self.queue.entries
        while index < len(entries) and not still_there(entries[index].path):
            self._problem(f"{entries[index].path}: no longer there; skipped")
            index += 1
        if index >= len(entries):
            self.queue_at = None
            self._change_queue(lambda queue: at(queue, None))
            empty = "The queue is empty. Press a to add the review you are reading."
            self.say("End of the queue" if entries else empty)
            return
        self.queue_at = index
        entry = entries[index]
        self._change_queue(lambda queue: at(queue, entry.path))
        opened = next(
            (
                number
                for number, review in enumerate(self.library.reviews)
                if _resolved(review.source.path) == entry.path
            ),
            None,
        )
        if opened is None:
            self._load([entry.path], open_first=True, play=True)
        else:
            self._open(opened, play=True)

    def _finished(self) -> None:
        """A review was read to its end: the queue goes on, unless it is time to sleep."""
        if self.sleep.at_end_of_review:
            self._sleep_now("Sleep timer: stopping after this review.")
        elif self.queue_at is not None:
            following = self.current + 1
            entries = self.queue.entries
            same_file = (
                self.queue_at < len(entries)
                and following < len(self.library)
                and _resolved(self.library.reviews[following].source.path)
                == entries[self.queue_at].path
            )
            if same_file:  # an export: every review in it before the next file
                self._open(following, play=True)
            else:
                self._play_entry(self.queue_at + 1)
        else:
            self.say("End of review")

    def action_sleep_timer(self) -> None:
        """Step through the sleep timer's settings, saying each."""
        said = self.sleep.step()
        self._refresh_status()
        self.say(said)

    def _tick(self) -> None:
        self.sleep.tick(self.session.state is State.PLAYING)
        self._refresh_status()

    def _sleep_now(self, message: str) -> None:
        self.session.stop()
        self.sleep.clear()
        self.say(message)


def _resolved(path: str) -> str | None:
    """A review's file as the queue names it (absolute); None for standard input."""
    return None if path == "-" else located(path)
