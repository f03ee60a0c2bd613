"""pyttsx3 used the naive way, as its README shows: the baseline child of the speech benchmarks.

Run by speech_latency.py and export_speed.py, never on its own. The wheel's eSpeak is
loaded first (reader.speech.espeak_library), so pyttsx3 finds it as it would a system one.

- `naive_pyttsx3.py say RATE TEXT`: `engine.say(text); engine.runAndWait()` in this fresh
  process. pyttsx3 renders the whole text, writes a WAV, then runs `aplay`; a stand-in
  `aplay` put first on PATH notes when it starts, which is when sound would begin.
- `naive_pyttsx3.py save RATE OUT_DIR TEXT...`: `engine.save_to_file(text, wav);
  engine.runAndWait()` for each text file in turn. runAndWait returns before the file is
  written, so each render is timed to the "Audio saved to" line pyttsx3 prints after it;
  the next starts SETTLE_S later (untimed), since one started at once writes an empty file.

Prints one JSON line on stdout; what pyttsx3 prints is caught and dropped.
"""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
import threading
import time
import wave
from pathlib import Path
from typing import Any

from reader.speech.espeak_library import load_espeak

_TIMEOUT_S = 120.0
SETTLE_S = 0.1
# The stand-in `aplay` writes the time it started, then renames, so no half-written file is read.
_STAND_IN = """#!/bin/sh
cd "$(dirname "$0")" && date +%s.%N > started.tmp && mv started.tmp started
"""


class _SavedNotes(io.StringIO):
    """Stands in for stdout: notes when pyttsx3 prints that it saved a file."""

    def __init__(self) -> None:
        super().__init__()
        self.saved = threading.Event()
        self.saved_at = 0.0

    def write(self, text: str) -> int:
        if "Audio saved to" in text:
            self.saved_at = time.perf_counter()
            self.saved.set()
        return len(text)


def _peak_rss_mb() -> float:
    """This process's own peak resident set (VmHWM), which an exec does not inherit."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _engine(rate: int) -> Any:
    load_espeak()
    import pyttsx3

    engine = pyttsx3.init()
    engine.setProperty("rate", rate)
    return engine


def _say(rate: int, text_file: Path) -> dict[str, float]:
    """Seconds from say() to runAndWait's return and to the start of `aplay`."""
    with tempfile.TemporaryDirectory() as folder:
        stand_in = Path(folder) / "aplay"
        stand_in.write_text(_STAND_IN)
        stand_in.chmod(0o755)
        os.environ["PATH"] = f"{folder}{os.pathsep}{os.environ['PATH']}"
        engine = _engine(rate)
        text = text_file.read_text(encoding="utf-8")
        start = time.time()  # the stand-in's `date` reads the same clock
        engine.say(text)
        engine.runAndWait()
        returned = time.time() - start
        started = Path(folder) / "started"
        while not started.exists():
            if time.time() - start > _TIMEOUT_S:
                raise TimeoutError("pyttsx3 never started aplay")
            time.sleep(0.001)
        playback = float(started.read_text()) - start
    return {"run_and_wait_returns_s": returned, "playback_starts_s": playback}


def _save(rate: int, out_dir: Path, text_files: list[Path], notes: _SavedNotes) -> dict[str, Any]:
    """Seconds of each render, and seconds of audio in each file written."""
    engine = _engine(rate)
    seconds: list[float] = []
    audio: list[float] = []
    for number, text_file in enumerate(text_files):
        wav = out_dir / f"naive-{number}.wav"
        text = text_file.read_text(encoding="utf-8")
        notes.saved.clear()
        start = time.perf_counter()
        engine.save_to_file(text, str(wav))
        engine.runAndWait()
        if not notes.saved.wait(_TIMEOUT_S):
            raise TimeoutError("pyttsx3 never saved the file")
        seconds.append(notes.saved_at - start)
        time.sleep(SETTLE_S)
        with wave.open(str(wav), "rb") as written:
            audio.append(written.getnframes() / written.getframerate())
    return {"seconds": seconds, "audio_seconds": audio, "empty_files": audio.count(0.0)}


def main() -> None:
    """Run one mode and print its JSON line on the real stdout."""
    out = sys.stdout
    notes = _SavedNotes()
    sys.stdout = notes
    mode, rate = sys.argv[1], int(sys.argv[2])
    if mode == "say":
        result: dict[str, Any] = dict(_say(rate, Path(sys.argv[3])))
    else:
        paths = [Path(name) for name in sys.argv[4:]]
        result = _save(rate, Path(sys.argv[3]), paths, notes)
    result["peak_rss_mb"] = _peak_rss_mb()
    out.write(json.dumps(result) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
