"""Piper's onnxruntime threads: spinning (onnxruntime's default, the baseline) against
sleeping between steps (reader's), in the same run, on an idle machine and with one core
kept busy by another process (as a screen reader or a browser would).

Both sessions load the same model (the first installed voice: tests use
en_US-joe-medium): the baseline as `PiperVoice.load` makes it, reader's as the piper
engine does (`reader.speech.piper_engine._session`). Each renders the seed review's first
SENTENCES sentences, one synthesize each, after one warm-up; the two take turns, ROUNDS
times, under each condition. Reported, median of the rounds: `wall_s`, and `cpu_s`, the
CPU time of this process's threads while rendering (user and system).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from common import SEED_REVIEW, load_documents, print_report

from reader.model import SectionKind
from reader.speech.piper_engine import _session
from reader.speech.piper_voices import installed_voices
from reader.text.sentences import split_sentences

SENTENCES = 12
ROUNDS = 5
_BUSY = "while True: pass"


def _sentences() -> list[str]:
    (document,) = load_documents([SEED_REVIEW])
    text = next(s.text for s in document.sections if s.kind is SectionKind.REVIEW)
    return [text[span.start : span.end] for span in split_sentences(text)][:SENTENCES]


def _render_all(voice: Any, sentences: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds to render every sentence."""
    cpu = os.times()
    start = time.perf_counter()
    for sentence in sentences:
        for _ in voice.synthesize(sentence):
            pass
    wall = time.perf_counter() - start
    after = os.times()
    return wall, (after.user + after.system) - (cpu.user + cpu.system)


@contextmanager
def _busy_core(busy: bool) -> Iterator[None]:
    """Another process spinning on one core for as long as the block runs."""
    if not busy:
        yield
        return
    spinner = subprocess.Popen([sys.executable, "-c", _BUSY])
    try:
        time.sleep(0.2)
        yield
    finally:
        spinner.kill()
        spinner.wait()


def _compare(voices: dict[str, Any], sentences: list[str]) -> dict[str, dict[str, float]]:
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in voices}
    for _ in range(ROUNDS):
        for name, voice in voices.items():
            runs[name].append(_render_all(voice, sentences))
    median: Callable[[list[float]], float] = statistics.median
    return {
        name: {
            "wall_s": round(median([wall for wall, _ in timings]), 2),
            "cpu_s": round(median([cpu for _, cpu in timings]), 2),
        }
        for name, timings in runs.items()
    }


def main() -> None:
    from piper import PiperConfig, PiperVoice

    file = installed_voices()[0]
    voices = {
        "spinning (onnxruntime's default)": PiperVoice.load(file.model, config_path=file.config),
        "reader: sleeping": PiperVoice(
            config=PiperConfig.from_dict(file.settings()), session=_session(file.model)
        ),
    }
    sentences = _sentences()
    for voice in voices.values():
        list(voice.synthesize(sentences[0]))  # warm-up
    report: dict[str, object] = {"cores": len(os.sched_getaffinity(0)), "voice": file.name}
    for condition, busy in (("idle", False), ("one_core_busy", True)):
        with _busy_core(busy):
            report[condition] = _compare(voices, sentences)
    print_report(report)


if __name__ == "__main__":
    main()
