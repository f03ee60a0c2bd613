"""Passing an utterance's audio on to the listener: in chunks of the engine's `chunk_ms`,
through the time-stretch when the pace needs one, until the listener or abort() says
stop. The engines that make their own audio (eSpeak, Piper) both deliver it this way, so
a stop lets at most one chunk through whichever speaks."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reader.speech.engine import Chunk, ChunkCallback, WordMark, split_pcm

if TYPE_CHECKING:
    from reader.speech.stretch import Stretcher


def stretcher(factor: float, sample_rate: int) -> Stretcher | None:
    """A time-stretcher shortening by `factor`, or None for 1 (no stretch). NumPy is
    imported only when a stretch is needed (its 30 ms would otherwise delay the first
    word at every pace)."""
    if factor <= 1:
        return None
    from reader.speech.stretch import Stretcher

    return Stretcher(factor, sample_rate)


class Delivery:
    """One utterance's audio on its way to the listener."""

    def __init__(
        self,
        on_chunk: ChunkCallback,
        aborted: threading.Event,
        chunk: int,
        stretch: Stretcher | None,
    ) -> None:
        self.on_chunk = on_chunk
        self.aborted = aborted
        self.chunk = chunk  # samples per chunk
        self.stretch = stretch
        self.delivered = 0  # samples passed on (fewer than made when stretched)

    def push(self, pcm: bytes, marks: Sequence[WordMark]) -> bool:
        """Pass on more audio (marks at samples of the utterance as made); False once
        told to stop."""
        if self.stretch is not None:
            pcm, marks = self.stretch.push(pcm, marks)
        return self._deliver(pcm, marks)

    def finish(self) -> bool:
        """The audio has ended: pass on what the stretch still holds; False if stopped."""
        if self.stretch is None:
            return not self.aborted.is_set()
        return self._deliver(*self.stretch.finish())

    def _deliver(self, pcm: bytes, marks: Sequence[WordMark]) -> bool:
        """Marks go with the chunk they start in; marks with no audio go on their own."""
        if not pcm:
            return not self.aborted.is_set() and (
                not marks or self.on_chunk(Chunk(b"", tuple(marks)))
            )
        for chunk in split_pcm(pcm, marks, self.chunk, self.delivered):
            if self.aborted.is_set() or not self.on_chunk(chunk):
                return False
            self.delivered += chunk.samples
        return not self.aborted.is_set()
