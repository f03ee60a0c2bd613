"""Export speed: seconds of audio written per second of wall time ("x real time"), one core.

Target (DESIGN.md, Budgets): at least 500x real time on one core (at 175 wpm).

The whole benchmark, and every child it starts, is pinned to one CPU. Two inputs: the
seed review, and every review in sample_reviews/ (each file of an export is several
reviews). For each, at 175 wpm and at 600 wpm (eSpeak's sonic speed-up, from 450 wpm):

- `export`: reader.export.export_wav with the eSpeak engine and the default profile,
  best of RUNS (3 for the seed, 2 for all); its audio includes the planner's pauses;
- `cli_export_all_175`: `reader export sample_reviews/ -o OUT.wav --rate 175 --engine
  espeak` in a fresh process, spawn to exit, with its peak RSS (run first, while this
  process is small: Linux counts the parent's peak into a child's at exec).

Baselines, same run:

- `raw_engine`: EspeakEngine.synthesize of the same words (title, headings and section
  text, one call per review) with no planning, no pauses and no sink, best of RUNS;
- `naive_pyttsx3`: `engine.save_to_file(text, wav); engine.runAndWait()` in a fresh
  process (naive_pyttsx3.py), timed to the "Audio saved to" line: for the seed, the
  first render in the process and a second one; for all reviews, one file per review
  (the whole text at once is over the ~18 KB that crashes pyttsx3: tried once), with
  `empty_files` counting the saves pyttsx3 left empty;
- `espeak_ng_command`: `espeak-ng -s WPM -w OUT.wav -f TEXT` if `espeak-ng` is on PATH,
  else null with the reason.

Without libsonic (`without_sonic`, the path Windows takes past 449 wpm), at 600 and 900
wpm, for each input: `sonic`, the raw engine as above; `stretched`, the raw engine forced
to render at 449 wpm and time-stretch (EspeakEngine(use_sonic=False)); `stretch_alone`,
only the time-stretch, of the same texts rendered at 449 wpm beforehand.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import wave
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from common import (
    ROOT,
    SAMPLES,
    SEED_REVIEW,
    load_documents,
    print_report,
    run_captured,
)

from reader.cli.report import text_lines
from reader.export import export_wav
from reader.model import Document
from reader.speech.choice import choose_voice
from reader.speech.engine import SAMPLE_WIDTH, Chunk, VoiceSettings
from reader.speech.espeak import EspeakEngine
from reader.speech.pace import espeak_rendering
from reader.speech.stretch import stretch

RATES = (175, 600)
STRETCHED_RATES = (600, 900)
RUNS = {"seed": 3, "all": 2}  # best of these many
TARGET_X = 500
NAIVE = str(ROOT / "bench" / "naive_pyttsx3.py")
NO_COMMAND = (
    "no espeak-ng program on PATH (the espeakng-loader wheel ships only the library and its data)"
)


def _pin_to_one_core() -> int:
    """Run this process, its threads and its children on one CPU; returns which."""
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def _speed(audio_s: float, wall_s: float) -> dict[str, float]:
    return {
        "audio_s": round(audio_s, 1),
        "wall_s": round(wall_s, 3),
        "x_realtime": round(audio_s / wall_s),
    }


def _wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as written:
        return written.getnframes() / written.getframerate()


def _spoken(document: Document) -> str:
    return "\n".join(text_lines(document, skip_spoilers=False))


def _export(documents: Sequence[Document], rate: int, out: Path, runs: int) -> dict[str, float]:
    """Best of `runs` exports of `documents` into one WAV file."""
    walls: list[float] = []
    for _ in range(runs):
        choice = choose_voice(None, rate, "espeak")
        start = time.perf_counter()
        export_wav(documents, out, choice, skip_spoilers=False)
        walls.append(time.perf_counter() - start)
    return _speed(_wav_seconds(out), min(walls))


def _raw_engine(
    texts: Sequence[str], rate: int, runs: int, use_sonic: bool = True
) -> dict[str, float]:
    """Best of `runs`: eSpeak alone, one synthesize call per text, PCM counted and dropped."""
    engine = EspeakEngine(use_sonic=use_sonic)
    engine.configure(VoiceSettings(rate=rate))
    samples = [0]

    def count(chunk: Chunk) -> bool:
        samples[0] += chunk.samples
        return True

    walls: list[float] = []
    for _ in range(runs):
        samples[0] = 0
        start = time.perf_counter()
        for text in texts:
            engine.synthesize(text, count)
        walls.append(time.perf_counter() - start)
    return _speed(samples[0] / engine.sample_rate, min(walls))


def _pcm(engine: EspeakEngine, text: str) -> bytes:
    """All of `text` as the engine speaks it."""
    chunks: list[bytes] = []

    def keep(chunk: Chunk) -> bool:
        chunks.append(chunk.pcm)
        return True

    engine.synthesize(text, keep)
    return b"".join(chunks)


def _stretch_alone(texts: Sequence[str], rate: int, runs: int) -> dict[str, float]:
    """Best of `runs`: only the time-stretch to `rate`, of each text as eSpeak renders it
    at its fastest native pace."""
    engine = EspeakEngine(use_sonic=False)
    rendering = espeak_rendering(rate, lambda: False)
    engine.configure(VoiceSettings(rate=rendering.rate))
    native = [_pcm(engine, text) for text in texts]
    walls: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        stretched = [stretch(pcm, rendering.stretch, engine.sample_rate) for pcm in native]
        walls.append(time.perf_counter() - start)
    samples = sum(len(pcm) for pcm in stretched) // SAMPLE_WIDTH
    return _speed(samples / engine.sample_rate, min(walls))


def _without_sonic(texts: Sequence[str], runs: int) -> dict[str, Any]:
    """The sonic path against the stretch path, at each of STRETCHED_RATES."""
    return {
        str(rate): {
            "sonic": _raw_engine(texts, rate, runs),
            "stretched": _raw_engine(texts, rate, runs, use_sonic=False),
            "stretch_alone": _stretch_alone(texts, rate, runs),
        }
        for rate in STRETCHED_RATES
    }


def _naive_pyttsx3(rate: int, out: Path, texts: Sequence[Path]) -> dict[str, Any]:
    """One child saving each text in turn; its speed, or how it failed."""
    child = run_captured([sys.executable, NAIVE, "save", str(rate), str(out), *map(str, texts)])
    if child.returncode != 0:
        died = signal.Signals(-child.returncode).name if child.returncode < 0 else None
        return {
            "failed": f"killed by {died}" if died else f"exit status {child.returncode}",
            "after_s": round(child.seconds, 2),
            "text_kb": round(sum(path.stat().st_size for path in texts) / 1024, 1),
        }
    result = json.loads(child.stdout.splitlines()[-1])
    return {
        "seconds": [round(seconds, 3) for seconds in result["seconds"]],
        "audio_s": round(sum(result["audio_seconds"]), 1),
        "empty_files": result["empty_files"],
        "peak_rss_mb": result["peak_rss_mb"],
    }


def _naive_seed(rate: int, out: Path, seed_text: Path) -> dict[str, Any]:
    """The seed saved twice in one process: the first render, and a second one."""
    result = _naive_pyttsx3(rate, out, [seed_text] * 2)
    if "seconds" not in result:
        return result
    audio = result["audio_s"] / 2
    return {
        "first_in_process": _speed(audio, result["seconds"][0]),
        "second_in_process": _speed(audio, result["seconds"][1]),
        "empty_files": result["empty_files"],
        "peak_rss_mb": result["peak_rss_mb"],
    }


def _naive_all(rate: int, out: Path, texts: Sequence[Path]) -> dict[str, Any]:
    result = _naive_pyttsx3(rate, out, texts)
    if "seconds" not in result:
        return result
    return {
        "one_file_per_review": _speed(result["audio_s"], sum(result["seconds"])),
        "empty_files": result["empty_files"],
        "peak_rss_mb": result["peak_rss_mb"],
    }


def _espeak_ng_command(program: str, rate: int, text: Path, out: Path) -> dict[str, float]:
    start = time.perf_counter()
    subprocess.run(
        [program, "-s", str(rate), "-w", str(out), "-f", str(text)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return _speed(_wav_seconds(out), time.perf_counter() - start)


def _cli_export(out: Path) -> dict[str, float]:
    args = [sys.executable, "-m", "reader", "export", str(SAMPLES), "-o", str(out)]
    child = run_captured([*args, "--rate", "175", "--engine", "espeak"])
    if child.returncode != 0:
        raise RuntimeError(f"reader export failed with status {child.returncode}")
    return {**_speed(_wav_seconds(out), child.seconds), "peak_rss_mb": child.peak_rss_mb}


def main() -> None:
    """Pin to one core, measure the children first, then in process; print the report."""
    cpu = _pin_to_one_core()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        cli = _cli_export(folder / "cli.wav")
        inputs = {"seed": load_documents([SEED_REVIEW]), "all": load_documents([SAMPLES])}
        files: dict[str, list[Path]] = {}
        for key, documents in inputs.items():
            files[key] = [folder / f"{key}-{number}.txt" for number in range(len(documents))]
            for path, document in zip(files[key], documents, strict=True):
                path.write_text(_spoken(document), encoding="utf-8")
        whole = folder / "all-whole.txt"
        whole.write_text("\n\n".join(map(_spoken, inputs["all"])), encoding="utf-8")
        naive: dict[str, Any] = {"all_whole_text_175": _naive_pyttsx3(175, folder, [whole])}
        program = shutil.which("espeak-ng")
        command: dict[str, Any] = {"result": None, "reason": NO_COMMAND}
        if program is not None:
            command = {
                f"{key}_{rate}": _espeak_ng_command(
                    program, rate, files[key][0] if key == "seed" else whole, folder / "cmd.wav"
                )
                for rate in RATES
                for key in inputs
            }
        for rate in RATES:
            naive[f"seed_{rate}"] = _naive_seed(rate, folder, files["seed"][0])
            naive[f"all_{rate}"] = _naive_all(rate, folder, files["all"])
        export: dict[str, Any] = {}
        raw: dict[str, Any] = {}
        without_sonic = {
            key: _without_sonic([_spoken(document) for document in documents], RUNS[key])
            for key, documents in inputs.items()
        }
        for rate in RATES:
            for key, documents in inputs.items():
                runs = RUNS[key]
                export[f"{key}_{rate}"] = _export(documents, rate, folder / "export.wav", runs)
                texts = [_spoken(document) for document in documents]
                raw[f"{key}_{rate}"] = _raw_engine(texts, rate, runs)
    print_report(
        {
            "cpu": cpu,
            "reviews": {key: len(documents) for key, documents in inputs.items()},
            "words": {
                key: sum(section.words for document in documents for section in document.sections)
                for key, documents in inputs.items()
            },
            "export": export,
            "cli_export_all_175": cli,
            "without_sonic": without_sonic,
            "baseline": {
                "description": (
                    "raw_engine: EspeakEngine.synthesize of the same words, one call per "
                    "review, no planning, pauses or sink; naive_pyttsx3: save_to_file + "
                    "runAndWait in a fresh process, timed to its 'Audio saved to' line; "
                    "espeak_ng_command: the espeak-ng program, if installed"
                ),
                "raw_engine": raw,
                "naive_pyttsx3": naive,
                "espeak_ng_command": command,
            },
            "target_x_realtime": TARGET_X,
        }
    )


if __name__ == "__main__":
    main()
