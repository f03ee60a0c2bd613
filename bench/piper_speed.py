"""Piper against eSpeak (the baseline), same run, at 175 wpm, both cores of the machine.

Targets (issue 16, on 2 cores): piper's first audio of the first sentence under 400 ms;
piper's export at least 4x real time.

Piper speaks with the first installed voice (tests use en_US-joe-medium). Text comes from
the seed review, parsed as the command line parses it. Other work on the machine slows
piper most: the report gives the 1-minute load average at the start and end of the run.
Measured, for each engine:

- `fresh_process` (CHILDREN fresh processes, this script run as `child ENGINE`, median):
  `start_ms`, `create_engine(name)` to ready, imports and model load included;
  `first_audio_ms`, then `synthesize(title)` (the first sentence `reader say` speaks) to
  its first chunk; `peak_rss_mb`, the process's VmHWM once it has also spoken the
  review's first paragraph, and `peak_rss_whole_review_mb` once the first of these
  processes has spoken every paragraph (one synthesize each). Children run before any
  engine is loaded here (Linux counts the parent's peak into a child's rusage at exec;
  VmHWM is the child's own).
- `piper_first_use`: piper's child once more (whole review) with an empty cache folder:
  the first synthesize also measures the voice's native pace, once per voice and kept.
- `export`: `reader export SEED -o OUT.wav --rate 175 --engine E` in a fresh process,
  spawn to exit, once: `x_realtime` (WAV seconds / wall), main process peak RSS (wait4)
  and the largest peak (VmHWM, polled) of any of its worker processes.
- In this process, one engine each, after one warm-up synthesize:
  `first_audio_warm`, `synthesize(text)` to the first chunk, WARM_REPEATS times, for the
  title and for the review's first sentence (piper renders a whole piece, a sentence or
  a clause, before its first chunk; eSpeak streams);
  `realtime_factor`, every sentence of every section (reader.text.sentences), one
  synthesize each, seconds of audio per second of synthesis;
  `pace_wpm`, words per minute of the review's first run of whole sentences of about
  PACE_WORDS words (one synthesize), counting only audio from the first to the last sample
  louder than silence (reader.speech.piper_marks.speech_span);
  `first_audio_again`, piper only: the review's second sentence heard once, then
  `synthesize` of it to its first chunk WARM_REPEATS times, from the audio piper keeps
  (reader.speech.kept_audio: going back a sentence); every other figure here is taken
  with nothing kept, so that each synthesize renders;
  `stop`, STOP_REPEATS times: the review's longest paragraph (one synthesize call) into
  a callback that sleeps for each chunk's length / DELIVERY_SPEED (real-time playback,
  sped up), `abort()` from this thread at STOP_STEP_S steps after the first chunk:
  `returns` is abort() to synthesize returning; `chunks_after_abort_max`, the most
  callbacks begun after abort() was called in any run (must be 0 or 1);
  `finished_before_abort`, runs the paragraph ended before abort() (should be 0).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import wave
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from common import (
    SEED_REVIEW,
    load_documents,
    print_report,
    rendering_every_time,
    spoken_pcm,
    summary_ms,
)

from reader.model import Document, SectionKind
from reader.speech.engine import SAMPLE_WIDTH, Chunk, Engine, VoiceSettings
from reader.speech.engines import create_engine
from reader.speech.piper_marks import speech_span
from reader.text.sentences import split_sentences

ENGINES = ("piper", "espeak")
RATE = 175
CHILDREN = 5
WARM_REPEATS = 10
STOP_REPEATS = 10
STOP_STEP_S = 0.05
DELIVERY_SPEED = 50
PACE_WORDS = 60
PACE_SLACK = 3
TARGET_FIRST_AUDIO_MS = 400
TARGET_EXPORT_X = 4


def _seed() -> Document:
    (document,) = load_documents([SEED_REVIEW])
    return document


def _review_text(document: Document) -> str:
    return next(s.text for s in document.sections if s.kind is SectionKind.REVIEW)


def _sentences(text: str) -> list[str]:
    return [text[span.start : span.end] for span in split_sentences(text)]


def _first_chunk_s(engine: Engine, text: str) -> float:
    """Seconds from synthesize() to its first chunk; the rest is heard out."""
    first: list[float] = []

    def note(chunk: Chunk) -> bool:
        if not first:
            first.append(time.perf_counter())
        return True

    start = time.perf_counter()
    engine.synthesize(text, note)
    return first[0] - start


def _vm_hwm_mb(pid: int | str = "self") -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


def child(name: str, whole: bool) -> None:
    """Run in a fresh process: start an engine, time its first audio, speak the review's
    first paragraph (and, if `whole`, then every paragraph of the document)."""
    document = _seed()
    start = time.perf_counter()
    engine = create_engine(name)
    engine.configure(VoiceSettings(rate=RATE))
    started = time.perf_counter() - start
    first = _first_chunk_s(engine, document.title)
    engine.synthesize(_review_text(document).split("\n\n")[0], lambda chunk: True)
    report = {"start_s": started, "first_audio_s": first, "peak_rss_mb": _vm_hwm_mb()}
    if whole:
        for paragraph in [p for section in document.sections for p in section.text.split("\n\n")]:
            engine.synthesize(paragraph, lambda chunk: True)
        report["whole_review_mb"] = _vm_hwm_mb()
    print(json.dumps(report))


def _children(name: str, runs: int, env: dict[str, str] | None = None) -> dict[str, float]:
    """Median over `runs` fresh processes of what `child` reports; the first one also
    speaks the whole review."""
    results = []
    for run in range(runs):
        done = subprocess.run(
            [sys.executable, __file__, "child", name, *(["whole"] if run == 0 else [])],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        results.append(json.loads(done.stdout.splitlines()[-1]))
    return {
        "start_ms": round(statistics.median(r["start_s"] for r in results) * 1000, 1),
        "first_audio_ms": round(statistics.median(r["first_audio_s"] for r in results) * 1000, 1),
        "peak_rss_mb": statistics.median(r["peak_rss_mb"] for r in results),
        "peak_rss_whole_review_mb": results[0]["whole_review_mb"],
    }


def _descendants(pid: int) -> list[int]:
    try:
        found = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return [*found, *(grand for c in found for grand in _descendants(c))]


def _export(name: str, out: Path) -> dict[str, float]:
    """`reader export` of the seed in a fresh process: speed and memory."""
    args = [sys.executable, "-m", "reader", "export", str(SEED_REVIEW), "-o", str(out)]
    args += ["--rate", str(RATE), "--engine", name]
    start = time.perf_counter()
    process = subprocess.Popen(
        args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    workers: dict[int, float] = {}
    done = threading.Event()

    def poll() -> None:
        while not done.wait(0.05):
            for pid in _descendants(process.pid):
                workers[pid] = max(workers.get(pid, 0.0), _vm_hwm_mb(pid))

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    poller.join()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"reader export --engine {name} failed: status {status}")
    with wave.open(str(out), "rb") as audio:
        seconds = audio.getnframes() / audio.getframerate()
    return {
        "audio_s": round(seconds, 1),
        "wall_s": round(wall, 2),
        "x_realtime": round(seconds / wall, 2),
        "main_peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "largest_worker_peak_rss_mb": max(workers.values(), default=0.0),
    }


def _realtime_factor(engine: Engine, document: Document) -> dict[str, float]:
    samples = [0]

    def count(chunk: Chunk) -> bool:
        samples[0] += chunk.samples
        return True

    sentences = [text for s in document.sections for text in _sentences(s.text)]
    start = time.perf_counter()
    for sentence in sentences:
        engine.synthesize(sentence, count)
    wall = time.perf_counter() - start
    audio = samples[0] / engine.sample_rate
    return {
        "sentences": len(sentences),
        "audio_s": round(audio, 1),
        "synthesis_s": round(wall, 2),
        "x_realtime": round(audio / wall, 2),
    }


def _passage(sentences: Sequence[str]) -> str:
    """The first run of whole sentences of PACE_WORDS, give or take PACE_SLACK."""
    for start in range(len(sentences)):
        for end in range(start + 1, len(sentences) + 1):
            text = " ".join(sentences[start:end])
            if abs(len(text.split()) - PACE_WORDS) <= PACE_SLACK:
                return text
    raise ValueError("no passage of the length wanted")


def _pace(engine: Engine, passage: str) -> dict[str, float]:
    samples = np.frombuffer(spoken_pcm(engine, passage), dtype=np.int16)
    first, end = speech_span(samples)
    minutes = (end - first) / engine.sample_rate / 60
    return {"words": len(passage.split()), "wpm": round(len(passage.split()) / minutes, 1)}


def _stop_once(engine: Engine, text: str, delay: float) -> tuple[float, int]:
    """Seconds from abort() to synthesize returning, and callbacks begun after abort()."""
    began = threading.Event()
    aborted_at = [float("inf")]
    after = [0]
    returned = [0.0]

    def play(chunk: Chunk) -> bool:
        if time.perf_counter() >= aborted_at[0]:
            after[0] += 1
        began.set()
        time.sleep(len(chunk.pcm) / SAMPLE_WIDTH / engine.sample_rate / DELIVERY_SPEED)
        return True

    def speak() -> None:
        engine.synthesize(text, play)
        returned[0] = time.perf_counter()

    thread = threading.Thread(target=speak)
    thread.start()
    began.wait()
    time.sleep(delay)
    aborted_at[0] = time.perf_counter()
    engine.abort()
    thread.join()
    return max(0.0, returned[0] - aborted_at[0]), after[0]


def _stop(engine: Engine, text: str) -> dict[str, Any]:
    runs = [_stop_once(engine, text, STOP_STEP_S * step) for step in range(STOP_REPEATS)]
    finished = sum(1 for seconds, _ in runs if seconds == 0.0)
    return {
        "returns": summary_ms([seconds for seconds, _ in runs]),
        "chunks_after_abort_max": max(after for _, after in runs),
        "finished_before_abort": finished,
    }


def _in_process(name: str, document: Document) -> dict[str, Any]:
    engine = create_engine(name)
    engine.configure(VoiceSettings(rate=RATE))
    review = _review_text(document)
    sentences = _sentences(review)
    longest = max(review.split("\n\n"), key=len)
    # Piper keeps what it rendered for pieces asked for again; these figures are for
    # rendering, so nothing is kept until `first_audio_again`.
    with rendering_every_time(engine) as kept:
        engine.synthesize(sentences[0], lambda chunk: True)  # warm-up
        result: dict[str, Any] = {
            "first_audio_warm": {
                "title": summary_ms(_warm(engine, document.title)),
                "first_review_sentence": summary_ms(_warm(engine, sentences[0])),
            },
            "realtime_factor": _realtime_factor(engine, document),
            "pace_wpm": _pace(engine, _passage(sentences)),
            "stop": {"paragraph_words": len(longest.split()), **_stop(engine, longest)},
        }
    if kept is not None:
        engine.synthesize(sentences[1], lambda chunk: True)  # heard once, and kept
        result["first_audio_again"] = summary_ms(_warm(engine, sentences[1]))
    engine.close()
    return result


def _warm(engine: Engine, text: str) -> Sequence[float]:
    return [_first_chunk_s(engine, text) for _ in range(WARM_REPEATS)]


def main() -> None:
    """Children first, while this process is small; then each engine in process."""
    document = _seed()
    load = os.getloadavg()[0]
    fresh = {name: _children(name, CHILDREN) for name in ENGINES}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        empty_cache = {**os.environ, "XDG_CACHE_HOME": str(folder / "cache")}
        first_use = _children("piper", 1, empty_cache)
        export = {engine: _export(engine, folder / f"{engine}.wav") for engine in ENGINES}
    measured = {name: _in_process(name, document) for name in ENGINES}
    print_report(
        {
            "cores": len(os.sched_getaffinity(0)),
            "load_average_1_min": {"start": round(load, 2), "end": round(os.getloadavg()[0], 2)},
            "rate_wpm": RATE,
            "engines": {
                name: {"fresh_process": fresh[name], "export": export[name], **measured[name]}
                for name in ENGINES
            },
            "piper_first_use": first_use,
            "baseline": "espeak, same measurements, same run",
            "delivery_speed_x_realtime": DELIVERY_SPEED,
            "targets": {
                "piper_first_audio_ms": TARGET_FIRST_AUDIO_MS,
                "piper_export_x_realtime": TARGET_EXPORT_X,
            },
        }
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["child"]:
        child(sys.argv[2], sys.argv[3:] == ["whole"])
    else:
        main()
