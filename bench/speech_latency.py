"""Time from `Session.play()` to the first PCM written to the sink.

Target (DESIGN.md, Budgets): under 50 ms, and no more than 1.5x longer for a 10x longer
review.

Two reviews, parsed as the command line parses them: the seed review, and the same review
with its review part repeated ten times (`long`). For each engine (espeak, pyttsx3) and
each sink, `REPEATS` plays after one warm-up play, each stopped as soon as its first PCM
is written, from two places:

- `from_start`: the title, as `reader say` starts;
- `resume_mid_review`: the paragraph nearest the middle of the review section, as a
  resumed review starts (the section must be split up to there, not whole).

Sinks: a RecordingSink, and a PlayerSink whose player is `cat > /dev/null` (a real
process and pipe, with its standby started in advance). The time is taken when the
sink's `_write` returns. `ratio` is long/short of the medians.

Baselines, same run: naive pyttsx3 (`engine.say(text); engine.runAndWait()` in a fresh
process, see naive_pyttsx3.py), from say() to the start of its `aplay`, which it runs only
once the whole text is rendered; and eSpeak rendering the whole text before playing any
of it (EspeakEngine.synthesize of the spoken text, in process; seed best of 3, long once).
"""

from __future__ import annotations

import json
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from common import (
    ROOT,
    SEED_REVIEW,
    load_documents,
    print_report,
    repeated_review,
    run_captured,
    summary_ms,
    timed,
)

from reader.cli.said import text_lines
from reader.model import Document, Position, SectionKind
from reader.session.session import Session
from reader.speech.engine import Chunk, Engine
from reader.speech.engines import create_engine
from reader.speech.player import PlayerProgram, PlayerSink
from reader.speech.sinks import RecordingSink, Sink

REPEATS = 20
LONG_TIMES = 10
NAIVE_RUNS = 5
RATE = 175
TARGET_MS = 50
TARGET_RATIO = 1.5
FAKE_PLAYER = "cat > /dev/null"
NAIVE = str(ROOT / "bench" / "naive_pyttsx3.py")
# Pause between plays, so a player's or pyttsx3 worker's standby is ready, as when a
# person presses play (a pyttsx3 worker takes about 0.12 s to start; one that was not
# ready would show as a play of 100 ms or more).
SETTLE_S = {"espeak": 0.03, "pyttsx3": 0.15}


class FirstWrite:
    """When a sink first wrote PCM since it was armed."""

    def __init__(self) -> None:
        self._written = threading.Event()
        self.at = 0.0

    def arm(self) -> None:
        """Forget the last write."""
        self._written.clear()

    def mark(self) -> None:
        """Note the time of a write, if it is the first since arming."""
        if not self._written.is_set():
            self.at = time.perf_counter()
            self._written.set()

    def wait(self, timeout: float) -> bool:
        """Block until the first write; False on timeout."""
        return self._written.wait(timeout)


class TimedRecordingSink(RecordingSink):
    """A recording sink that notes its first write and keeps nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.first = FirstWrite()

    def _write(self, pcm: bytes) -> None:
        self.first.mark()


class TimedPlayerSink(PlayerSink):
    """A player sink that notes when its first PCM has gone into the player's pipe."""

    def __init__(self, command: str) -> None:
        super().__init__([PlayerProgram(command)])
        self.first = FirstWrite()

    def _write(self, pcm: bytes) -> None:
        super()._write(pcm)
        self.first.mark()


def _mid_review(document: Document) -> Position:
    """The start of the paragraph nearest the middle of the review section."""
    index = next(
        number
        for number, section in enumerate(document.sections)
        if section.kind is SectionKind.REVIEW
    )
    section = document.sections[index]
    middle = len(section.text) // 2
    paragraph = min(section.paragraphs, key=lambda span: abs(span.start - middle))
    return Position(index, paragraph.start)


def _latencies(
    session: Session, first: FirstWrite, document: Document, where: Position, settle: float
) -> list[float]:
    """Seconds from play() to the first write, for REPEATS plays after a warm-up."""
    session.open(document)
    seconds: list[float] = []
    for run in range(REPEATS + 1):
        first.arm()
        start = time.perf_counter()
        session.play(where)
        if not first.wait(10.0):
            raise RuntimeError("no PCM reached the sink within 10 s")
        session.stop()
        if run:
            seconds.append(first.at - start)
        time.sleep(settle)
    return seconds


def _sink_cases(
    engine: Engine, sink: Sink, first: FirstWrite, documents: dict[str, Document]
) -> dict[str, Any]:
    session = Session(engine, sink)
    settle = SETTLE_S[engine.name]
    cases: dict[str, Any] = {}
    try:
        for case in ("from_start", "resume_mid_review"):
            found: dict[str, Any] = {}
            for name, document in documents.items():
                where = Position() if case == "from_start" else _mid_review(document)
                found[name] = summary_ms(_latencies(session, first, document, where, settle))
            found["ratio"] = round(found["long"]["median_ms"] / found["seed"]["median_ms"], 2)
            cases[case] = found
    finally:
        session.stop()
        sink.close()
    return cases


def _engine_cases(name: str, documents: dict[str, Document]) -> dict[str, Any]:
    engine = create_engine(name)
    try:
        recording = TimedRecordingSink()
        player = TimedPlayerSink(FAKE_PLAYER)
        return {
            "description": engine.describe(),
            "recording_sink": _sink_cases(engine, recording, recording.first, documents),
            "player_sink": _sink_cases(engine, player, player.first, documents),
        }
    finally:
        engine.close()


def _spoken(document: Document) -> str:
    return "\n".join(text_lines(document, skip_spoilers=False))


def _naive_pyttsx3(text_file: Path, runs: int) -> dict[str, Any]:
    """Naive pyttsx3 in fresh processes: when its playback would start."""
    playback: list[float] = []
    returned: list[float] = []
    rss: list[float] = []
    for _ in range(runs):
        child = run_captured([sys.executable, NAIVE, "say", str(RATE), str(text_file)])
        if child.returncode != 0:
            died = signal.Signals(-child.returncode).name if child.returncode < 0 else None
            return {
                "failed": f"killed by {died}" if died else f"exit status {child.returncode}",
                "after_s": round(child.seconds, 2),
                "text_kb": round(len(text_file.read_bytes()) / 1024, 1),
            }
        result = json.loads(child.stdout.splitlines()[-1])
        playback.append(result["playback_starts_s"])
        returned.append(result["run_and_wait_returns_s"])
        rss.append(result["peak_rss_mb"])
    return {
        "say_to_playback": summary_ms(playback),
        "say_to_run_and_wait_return": summary_ms(returned),
        "peak_rss_mb": max(rss),
        "text_kb": round(len(text_file.read_bytes()) / 1024, 1),
    }


def _whole_text_render_ms(engine: Engine, text: str, runs: int) -> float:
    """Best time for eSpeak to render all of `text`, as a reader that renders first waits."""

    def keep(chunk: Chunk) -> bool:
        return True

    return round(timed(lambda: engine.synthesize(text, keep), runs).best * 1000, 1)


def main() -> None:
    """Parse both reviews, measure, print the report."""
    with tempfile.TemporaryDirectory() as folder:
        long_path = Path(folder) / "long-review.txt"
        long_path.write_text(repeated_review(LONG_TIMES), encoding="utf-8")
        (seed,) = load_documents([SEED_REVIEW])
        (long,) = load_documents([long_path])
        documents = {"seed": seed, "long": long}
        texts = {name: Path(folder) / f"{name}.txt" for name in documents}
        for name, document in documents.items():
            texts[name].write_text(_spoken(document), encoding="utf-8")
        naive = {
            "seed": _naive_pyttsx3(texts["seed"], NAIVE_RUNS),
            "long": _naive_pyttsx3(texts["long"], 1),
        }
    engines = {name: _engine_cases(name, documents) for name in ("espeak", "pyttsx3")}
    espeak = create_engine("espeak")
    render = {
        name: _whole_text_render_ms(espeak, _spoken(document), 3 if name == "seed" else 1)
        for name, document in documents.items()
    }
    espeak.close()
    print_report(
        {
            "repeats": REPEATS,
            "words": {name: sum(s.words for s in d.sections) for name, d in documents.items()},
            "engines": engines,
            "baseline": {
                "description": (
                    "naive_pyttsx3: engine.say(text); engine.runAndWait() in a fresh process "
                    f"at {RATE} wpm, timed from say() to the start of the aplay it runs after "
                    "rendering the whole text (a stand-in aplay on PATH notes the time); "
                    "espeak_whole_text_render_ms: eSpeak rendering the whole spoken text "
                    "before playing any of it, in process (seed: best of 3)"
                ),
                "naive_pyttsx3": naive,
                "espeak_whole_text_render_ms": render,
            },
            "target_ms": TARGET_MS,
            "target_ratio": TARGET_RATIO,
        }
    )


if __name__ == "__main__":
    main()
