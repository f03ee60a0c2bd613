"""Speak through a real sound output and tell, as JSON, when reader says each thing is heard.

Run as `python tests/audio_probe.py OUTPUT SECONDS` in a sound server's environment (its own
process, so PortAudio meets the server as it starts). It reads the seed review with eSpeak
through the named output (`auto`, `portaudio`, `pw-play`, `paplay`, `aplay`), pauses after
SECONDS, and prints what the test compares with the recording of the sink's monitor:

- `starts`: for each utterance, when the session reported it heard (`time.monotonic()`) and
  the stream sample where it begins;
- `pcm`: every sample written, so the test can find where sound starts in the stream;
- `resume`: at the pause, the stream sample of the last word reported heard, where resume
  will start, and `paused`: when pause was asked for; `written`: samples written by then.
"""

from __future__ import annotations

import base64
import json
import sys
import threading
import time
from typing import Any

from reader.loaders import load_paths
from reader.model import Document
from reader.reading.library import parse_or_problem
from reader.session.events import SessionEvent, UtteranceStarted, WordHeard
from reader.session.session import Session
from reader.speech.engines import create_engine
from reader.speech.outputs import open_output
from reader.speech.sinks import Sink

SEED = "sample_reviews/1-litre-of-tears.txt"


class Tee(Sink):
    """Passes everything to the real output, keeping a copy of the stream."""

    def __init__(self, inner: Sink) -> None:
        super().__init__()
        self.inner = inner
        self.pcm = bytearray()

    @property
    def latency(self) -> float:
        return self.inner.latency

    def prepare(self, sample_rate: int) -> None:
        self.inner.prepare(sample_rate)

    def open(self, sample_rate: int) -> None:
        self.inner.open(sample_rate)
        super().open(sample_rate)
        self.pcm.clear()

    def _write(self, pcm: bytes) -> None:
        self.inner.write(pcm)
        self.pcm += pcm

    def heard_at(self, sample: int) -> float:
        return self.inner.heard_at(sample)

    def stop(self) -> None:
        self.inner.stop()

    def finish(self, cancelled: threading.Event) -> None:
        self.inner.finish(cancelled)

    def close(self) -> None:
        self.inner.close()


def seed() -> Document:
    """The seed review, parsed."""
    loaded = load_paths([SEED], None)
    parsed = parse_or_problem(loaded.reviews[0])
    assert isinstance(parsed, Document)
    return parsed


def main(output_name: str, seconds: float) -> dict[str, Any]:
    """Read, pause after `seconds`, and report."""
    output = open_output(output_name)
    sink = Tee(output.sink)
    session = Session(create_engine("espeak"), sink)
    starts: list[tuple[float, int]] = []
    last_word: list[int] = [0]

    def heard(event: SessionEvent) -> None:
        now = time.monotonic()
        if isinstance(event, UtteranceStarted):
            starts.append((now, event.sample))
        elif isinstance(event, WordHeard):
            # The stream sample the clock says is being heard now.
            ahead = sink.heard_at(sink.written) - now
            last_word[0] = round(sink.written - ahead * sink.sample_rate)

    session.subscribe(heard)
    session.open(seed())
    session.play()
    time.sleep(seconds)
    paused = time.monotonic()
    session.pause()
    written = sink.written
    time.sleep(0.3)
    session.close()
    return {
        "output": output.name,
        "describe": output.describe(),
        "rate": sink.sample_rate,
        "starts": starts,
        "resume": last_word[0],
        "paused": paused,
        "written": written,
        "pcm": base64.b64encode(bytes(sink.pcm[: written * 2])).decode(),
    }


if __name__ == "__main__":
    json.dump(main(sys.argv[1], float(sys.argv[2])), sys.stdout)
