"""The listening queue as the reading controller keeps it: add, remove, move, list, and
which entry hands-free play has reached.

Every change is made to the saved queue under its lock (reader.storage.queue), so a
`reader queue add` in another terminal is never lost; the copy here is what was saved.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reader.model import Document
from reader.reading.answers import Answer
from reader.reading.phrases import plural
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
from reader.text.cleaning import clean_line
from reader.web.addresses import located, still_there

QUEUE_EMPTY = "The queue is empty; add reviews with 'reader queue add PATH'"


class QueueControl:
    """The saved queue, and the entry being played hands-free (None when not)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        loaded = load_queue(path)
        self.queue: Queue = loaded.value
        self.warning = loaded.warning
        self.playing: int | None = None
        self._removed: tuple[int, QueueEntry] | None = None  # for undo

    @property
    def entries(self) -> tuple[QueueEntry, ...]:
        """The queued files, in order."""
        return self.queue.entries

    def change(self, change: Callable[[Queue], Queue]) -> str | None:
        """Change the saved queue; None when done, else why it could not be."""
        try:
            self.queue = change_queue(change, self.path).value
        except (QueueError, OSError) as error:
            return str(error)
        return None

    def add(self, document: Document | None) -> Answer:
        """Add the file of the review being read."""
        if document is None:
            return Answer(("No review open to add to the queue",))
        if document.source.path == "-":
            return Answer(
                ("A review read from standard input cannot be queued; save it to a file",)
            )
        path = located(document.source.path)
        title = document.title or Path(path).name
        if path in self.queue.paths:
            return Answer((already_queued(self.queue, path),))
        failed = self.change(lambda queue: added(queue, [QueueEntry(path, title)]))
        if failed:
            return _unchanged(failed)
        return Answer((f"Added {title} to the queue; {len(self.entries)} in the queue",))

    def remove(self, index: int) -> Answer:
        """Remove entry `index` (from 0), naming it and the entry now under the cursor."""
        if not 0 <= index < len(self.entries):
            return Answer(("The queue is empty",))
        entry = self.entries[index]
        failed = self.change(lambda queue: removed(queue, [index + 1]))
        if failed:
            return _unchanged(failed)
        self._removed = (index, entry)
        said = f"Removed {_title(entry)}; {len(self.entries)} in the queue"
        if self.entries:
            here = min(index, len(self.entries) - 1)
            said += f"; now on {entry_label(here + 1, self.entries[here])}"
        return Answer((f"{said}. Z puts it back",))

    @property
    def removed_at(self) -> int | None:
        """Where the entry removed last was (None: nothing to put back)."""
        return None if self._removed is None else self._removed[0]

    def undo(self) -> Answer:
        """Put back the entry removed last, where it was."""
        if self._removed is None:
            return Answer(("Nothing to put back",))
        index, entry = self._removed

        def put_back(queue: Queue) -> Queue:
            longer = added(queue, [entry])
            return moved(longer, len(longer.entries), min(index + 1, len(longer.entries)))

        failed = self.change(put_back) if entry.path not in self.queue.paths else None
        if failed:
            return _unchanged(failed)
        self._removed = None
        return Answer((f"Put back {_title(entry)}, number {index + 1}",))

    def shift(self, index: int, step: int) -> Answer:
        """Move entry `index` one place up (-1) or down (1)."""
        to = index + 1 + step
        if not 1 <= to <= len(self.entries):
            return Answer(("Already at the " + ("top" if step < 0 else "bottom"),))
        failed = self.change(lambda queue: moved(queue, index + 1, to))
        return _unchanged(failed) if failed else Answer((f"Moved to {to} of {len(self.entries)}",))

    def listing(self) -> Answer:
        """The queue, a line per file."""
        problems = (self.warning,) if self.warning else ()
        if not self.entries:
            return Answer((QUEUE_EMPTY,), problems=problems)
        heading = f"Queue, {plural(len(self.entries), 'file')}"
        return Answer((heading, *queue_lines(self.queue)), problems=problems)

    def next_playable(self, index: int) -> tuple[int | None, tuple[str, ...]]:
        """The first entry from `index` whose file is still there, and a problem line for
        each one skipped."""
        skipped: list[str] = []
        while index < len(self.entries) and not still_there(self.entries[index].path):
            skipped.append(f"{self.entries[index].path}: no longer there; skipped")
            index += 1
        return (index if index < len(self.entries) else None), tuple(skipped)

    def reached(self, key: str | None) -> None:
        """Note the review hands-free play has reached (None: the end), so the next play
        resumes there; a queue that cannot be saved just resumes earlier."""
        self.change(lambda queue: at(queue, key))


def _title(entry: QueueEntry) -> str:
    return clean_line(entry.title or Path(entry.path).name)


def _unchanged(why: str) -> Answer:
    return Answer((f"The queue was not changed: {why}",), problems=(why,))


def already_queued(queue: Queue, path: str) -> str:
    """'Parasite is already in the queue, number 3'."""
    number = next(n for n, entry in enumerate(queue.entries, 1) if entry.path == path)
    return f"{_title(queue.entries[number - 1])} is already in the queue, number {number}"


def entry_label(number: int, entry: QueueEntry, count: bool = False) -> str:
    """'3. Parasite (missing)': an entry as a list shows it; with `count`, its reviews."""
    title = clean_line(entry.title or Path(entry.path).name)
    reviews = f", {entry.reviews} reviews" if count and entry.reviews != 1 else ""
    gone = "" if still_there(entry.path) else " (missing)"
    return f"{number}. {title}{reviews}{gone}"


def queue_lines(queue: Queue) -> list[str]:
    """A line per entry, with its path and where play resumes:
    '2. Letterboxd, 6 reviews: /home/ana/letterboxd  (play resumes here)'."""
    lines = []
    for number, entry in enumerate(queue.entries, start=1):
        here = "  (play resumes here)" if queue.resumes_at == number - 1 else ""
        lines.append(f"{entry_label(number, entry, count=True)}: {clean_line(entry.path)}{here}")
    return lines
