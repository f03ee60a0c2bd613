"""The listening queue: review files in the order they will be read, and where play is.

Kept as JSON in the state folder. Every change is a locked read-modify-write with an
atomic write, so two `reader queue add` runs at once both keep their files, and a
`kill -9` mid-write leaves the queue as it was before or after, never empty.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from reader.storage.locations import state_dir
from reader.storage.store import Loaded, Unreadable, locked, read_or_set_aside, write_atomic


class QueueError(Exception):
    """A queue command that cannot be done; the message says why."""


@dataclass(frozen=True)
class QueueEntry:
    """One file of reviews in the queue, with the title it is listed by."""

    path: str
    title: str = ""
    reviews: int = 1


@dataclass(frozen=True)
class Queue:
    """The files to read in order, and the review play stopped at (its position key)."""

    entries: tuple[QueueEntry, ...] = ()
    current: str | None = None
    paths: frozenset[str] = field(default=frozenset(), compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "paths", frozenset(entry.path for entry in self.entries))

    def entry_of(self, key: str | None) -> int | None:
        """The index of the entry holding the review with position key `key` (a file's
        path, or 'path:line' for a row of an export), or None."""
        if key is None:
            return None
        return next(
            (
                index
                for index, entry in enumerate(self.entries)
                if key == entry.path or key.startswith(f"{entry.path}:")
            ),
            None,
        )

    @property
    def resumes_at(self) -> int | None:
        """The index of the entry play will resume in."""
        return self.entry_of(self.current)


def queue_file() -> Path:
    """Where the queue lives."""
    return state_dir() / "queue.json"


def load_queue(path: Path | None = None) -> Loaded[Queue]:
    """The saved queue (empty, with a warning, if the file was broken)."""
    return read_or_set_aside(path or queue_file(), _parse, Queue())


def change_queue(change: Callable[[Queue], Queue], path: Path | None = None) -> Loaded[Queue]:
    """Apply `change` to the saved queue under the lock and save the result."""
    path = path or queue_file()
    with locked(path):
        loaded = load_queue(path)
        try:
            changed = change(loaded.value)
        except QueueError as error:
            if loaded.warning:  # the broken file explains the empty queue
                raise QueueError(f"{loaded.warning}; {error}") from error
            raise
        write_atomic(path, _dump(changed))
    return Loaded(changed, loaded.warning)


def added(queue: Queue, entries: Sequence[QueueEntry]) -> Queue:
    """The queue with new files at the end; a file already queued stays where it is."""
    seen = set(queue.paths)
    new: list[QueueEntry] = []
    for entry in entries:
        if entry.path not in seen:
            seen.add(entry.path)
            new.append(entry)
    return replace(queue, entries=queue.entries + tuple(new))


def removed(queue: Queue, numbers: Sequence[int]) -> Queue:
    """The queue without entries `numbers` (counted from 1)."""
    _check(queue, numbers)
    drop = {number - 1 for number in numbers}
    return replace(queue, entries=tuple(e for i, e in enumerate(queue.entries) if i not in drop))


def moved(queue: Queue, number: int, to: int) -> Queue:
    """The queue with entry `number` moved to place `to` (both from 1)."""
    _check(queue, (number, to))
    entries = list(queue.entries)
    entries.insert(to - 1, entries.pop(number - 1))
    return replace(queue, entries=tuple(entries))


def cleared(queue: Queue) -> Queue:
    """An empty queue."""
    return Queue()


def at(queue: Queue, current: str | None) -> Queue:
    """The queue with play stopped at review `current` (None: play from the start)."""
    return replace(queue, current=current)


def _check(queue: Queue, numbers: Sequence[int]) -> None:
    size = len(queue.entries)
    for number in numbers:
        if not 1 <= number <= size:
            have = f"1 to {size}" if size else "none; the queue is empty"
            raise QueueError(f"there is no entry {number} (entries: {have})")


def _dump(queue: Queue) -> str:
    entries = [
        {"path": entry.path, "title": entry.title, "reviews": entry.reviews}
        for entry in queue.entries
    ]
    payload = {"entries": entries, "current": queue.current}
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


def _parse(text: str) -> Queue:
    data = json.loads(text)
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise Unreadable("is not a queue")
    entries: list[QueueEntry] = []
    for item in data["entries"]:
        if not isinstance(item, dict) or not isinstance(item.get("path"), str):
            raise Unreadable("has an entry with no path")
        title, reviews = item.get("title", ""), item.get("reviews", 1)
        if not isinstance(title, str) or type(reviews) is not int:
            raise Unreadable(f"has a bad entry for {item['path']}")
        entries.append(QueueEntry(item["path"], title, reviews))
    current = data.get("current")
    if current is not None and not isinstance(current, str):
        raise Unreadable("has a bad current review")
    return Queue(tuple(entries), current)
