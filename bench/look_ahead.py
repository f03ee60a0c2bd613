"""Gaps between sentences: playback making the next sentence while the current one is heard
(look-ahead, the default) against making it once the current one is written (the
baseline), same run, for Piper (when installed) and eSpeak, on an idle machine and a busy
one.

Playback reads the seed review's first UTTERANCES utterances at 175 wpm into a simulated
sound device: it plays in real time and notes each time a write comes after everything
written before has been heard, that is, the listener heard silence nobody asked for.
`dry_s` is the total of that silence, `gaps` how many times it happened, `seconds` the
wall time of the reading. "Busy" runs one busy loop per core in other processes.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

from common import print_report, rendering_every_time

from reader.parse.document import parse_review
from reader.plan.planner import Utterance, plan_utterances
from reader.session.offline import Listed
from reader.session.playback import Playback, voicing_for
from reader.speech.engine import Engine, EngineUnavailable, VoiceSettings
from reader.speech.engines import create_engine
from reader.speech.pace import Pauses
from reader.speech.sinks import Sink
from reader.web.sources import load_sources

UTTERANCES = 8
SEED = "sample_reviews/1-litre-of-tears.txt"
LATE = 0.005  # seconds: a write later than this after the device ran dry is a gap


class Device(Sink):
    """A sound device on the real clock: plays what it is given at its pace, and notes
    how long it ran dry between writes."""

    def __init__(self) -> None:
        super().__init__()
        self.end = 0.0  # when what is written so far will have been heard
        self.dry = 0.0
        self.gaps = 0

    def open(self, sample_rate: int) -> None:
        super().open(sample_rate)
        self.end = time.monotonic()

    def _write(self, pcm: bytes) -> None:
        now = time.monotonic()
        if self.written and now > self.end + LATE:
            self.dry += now - self.end
            self.gaps += 1
        self.end = max(self.end, now) + len(pcm) / 2 / self.sample_rate

    def heard_at(self, sample: int) -> float:
        return self.end - (self.written - sample) / self.sample_rate


def _spin() -> None:
    while True:
        pass


@contextmanager
def busy(on: bool) -> Iterator[None]:
    """One busy loop per core in other processes, while inside."""
    cores = len(os.sched_getaffinity(0)) if on else 0
    loops = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(cores)]
    for loop in loops:
        loop.start()
    try:
        yield
    finally:
        for loop in loops:
            loop.terminate()
            loop.join()


def read(engine: Engine, utterances: list[Utterance], look_ahead: bool) -> dict[str, float]:
    device = Device()
    start = time.monotonic()
    voicing = partial(voicing_for, engine, VoiceSettings(rate=175), Pauses(), 0)
    script = Listed(iter(utterances), voicing)
    Playback(
        engine, device, script, lambda event: None, threading.Event(), look_ahead=look_ahead
    ).run()
    seconds = time.monotonic() - start
    return {"dry_s": round(device.dry, 2), "gaps": device.gaps, "seconds": round(seconds, 1)}


def main() -> None:
    (review,) = load_sources([SEED]).reviews
    utterances = list(plan_utterances(parse_review(review)))[:UTTERANCES]
    report: dict[str, object] = {"utterances": UTTERANCES, "cores": len(os.sched_getaffinity(0))}
    for name in ("piper", "espeak"):
        try:
            engine = create_engine(name)
        except EngineUnavailable as error:
            report[name] = f"not available: {error}"
            continue
        figures: dict[str, dict[str, dict[str, float]]] = {}
        with rendering_every_time(engine):  # Piper would reuse the audio of the readings before
            read(engine, utterances[:2], look_ahead=True)  # warm: the voice loaded, its pace known
            for load in ("idle", "busy"):
                with busy(load == "busy"):
                    figures[load] = {
                        "look_ahead": read(engine, utterances, look_ahead=True),
                        "baseline": read(engine, utterances, look_ahead=False),
                    }
        report[name] = figures
    print_report(report)


if __name__ == "__main__":
    main()
