"""Audio rendered lately, kept for reuse.

A neural voice takes a tenth of a second or more to render a sentence, and a listener
asks for the same audio again often: going back a sentence, hearing one repeated, a pace
changed past what the voice renders natively (the same audio, stretched). Renderings are
kept up to a number of samples, the least recently used dropped first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Generic, TypeVar

Key = TypeVar("Key")
Audio = TypeVar("Audio")


class KeptAudio(Generic[Key, Audio]):
    """Renderings by key, at most `limit` samples of them in all; safe across threads
    (a worker renders while the speaking thread looks)."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._kept: OrderedDict[Key, tuple[Audio, int]] = OrderedDict()
        self._held = 0
        self._lock = threading.Lock()

    @property
    def limit(self) -> int:
        """The most samples kept; lowering it drops the oldest renderings at once."""
        return self._limit

    @limit.setter
    def limit(self, samples: int) -> None:
        with self._lock:
            self._limit = samples
            self._trim()

    def get(self, key: Key) -> Audio | None:
        """The rendering kept for `key`, now the most recently used; None if none is."""
        with self._lock:
            found = self._kept.get(key)
            if found is None:
                return None
            self._kept.move_to_end(key)
            return found[0]

    def keep(self, key: Key, audio: Audio, samples: int) -> None:
        """Keep a rendering of `samples` samples, dropping the oldest past the limit (one
        larger than the limit is not kept at all)."""
        with self._lock:
            if samples > self._limit:
                return
            replaced = self._kept.pop(key, None)
            if replaced is not None:
                self._held -= replaced[1]
            self._kept[key] = (audio, samples)
            self._held += samples
            self._trim()

    def _trim(self) -> None:
        """Drop the least recently used until within the limit (the lock held)."""
        while self._held > self._limit:
            _, (_, dropped) = self._kept.popitem(last=False)
            self._held -= dropped

    @property
    def samples(self) -> int:
        """Samples kept now."""
        return self._held

    def clear(self) -> None:
        """Drop everything kept."""
        with self._lock:
            self._kept.clear()
            self._held = 0
