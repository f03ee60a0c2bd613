"""What a speech engine delivers, kept for tests: a chunk callback that records every
chunk, and speaking a text to the end into one."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from reader.speech.engine import Chunk, Engine, VoiceSettings, WordMark

# About 30 plain words: no numbers or hyphens, so every engine splits words as \w+ does.
SENTENCE = (
    "The old lighthouse keeper walked slowly along the rocky shore every evening, watching "
    "the waves roll in while the gulls circled above the quiet little harbour and the "
    "fishing boats came home."
)


@dataclass
class Recording:
    """An engine's chunk callback that keeps every chunk it is given. It answers False,
    asking the engine to stop, once `sample_limit` samples or `chunk_limit` chunks have
    come."""

    sample_limit: int | None = None
    chunk_limit: int | None = None
    chunks: list[Chunk] = field(default_factory=list)

    def __call__(self, chunk: Chunk) -> bool:
        self.chunks.append(chunk)
        full = self.sample_limit is not None and self.samples >= self.sample_limit
        return not full and (self.chunk_limit is None or len(self.chunks) < self.chunk_limit)

    @property
    def samples(self) -> int:
        """Samples delivered so far."""
        return sum(chunk.samples for chunk in self.chunks)

    @property
    def marks(self) -> list[WordMark]:
        """Every word mark, in the order delivered."""
        return [mark for chunk in self.chunks for mark in chunk.marks]

    @property
    def pcm(self) -> bytes:
        """All the audio delivered, in one piece."""
        return b"".join(chunk.pcm for chunk in self.chunks)


def speak(engine: Engine, text: str, rate: int = 175, volume: int = 100) -> Recording:
    """Speak `text` to the end in the default voice, at `rate` words a minute."""
    engine.configure(VoiceSettings(rate=rate, volume=volume))
    recording = Recording()
    assert engine.synthesize(text, recording)
    return recording


# Run by a new interpreter: this folder on its path, then the text and the pace.
_SPEAK_AFRESH = """
import sys
sys.path.insert(0, sys.argv[1])
from recording import speak
from reader.speech.espeak import EspeakEngine
sys.stdout.buffer.write(speak(EspeakEngine(), sys.argv[2], rate=int(sys.argv[3])).pcm)
"""


def speak_afresh(text: str, rate: int) -> bytes:
    """`text` as a new process's eSpeak says it: the same audio on every run. eSpeak's
    state runs on from one utterance to the next, so the same text said in a process
    that has spoken before may differ a little, with whatever the tests said first."""
    folder = str(Path(__file__).parent)
    command = [sys.executable, "-c", _SPEAK_AFRESH, folder, text, str(rate)]
    return subprocess.run(command, capture_output=True, check=True).stdout


def steady_length(engine: Engine, text: str, rate: int) -> int:
    """Samples of `text` at `rate`, the median of three: eSpeak's length for the same text
    varies by up to 0.3% with what the process said before, as much as 1 wpm changes it."""
    return sorted(speak(engine, text, rate=rate).samples for _ in range(3))[1]


def heard(text: str, marks: list[WordMark]) -> list[str]:
    """The words of `text` the marks point at."""
    return [text[mark.start : mark.start + mark.length] for mark in marks]
