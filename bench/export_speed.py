"""Export speed: seconds of audio written per second of wall time ("x real time"), one
process against several.

Targets: at least 500x real time on one core at 175 wpm (DESIGN.md, Budgets); with every
core of a 2-core machine, at least 2,000x at 175 wpm and 500x at 600 wpm.

Two inputs: the seed review, and every review in sample_reviews/ (each file of an export
is several reviews). For each, at 175 wpm and at 600 wpm (past eSpeak's native 449):

- `export.one_process`: reader.export.export_wav with the eSpeak engine and the default
  profile, `--jobs 1`, this process (and on Linux its one worker, which speaks while this
  process writes) pinned to one core, best of RUNS; its audio includes the planner's
  pauses;
- `export.N_processes`: the same with `jobs=N`, N the cores this process may use, the
  pin lifted: worker processes speak passages (a review, or a long review cut at
  paragraph ends, as the seed is) and this one writes them in order, best of RUNS;
- `cli_export_all_175`: `reader export sample_reviews/ -o OUT.wav --rate 175 --engine
  espeak --jobs J` in a fresh process, spawn to exit, with J = 1 pinned to one core and
  J = N, with its peak RSS (run first, while this process is small: Linux counts the
  parent's peak into a child's at exec);
- `rss_letterboxd`: `reader export` of the first REVIEWS_FOR_RSS reviews of the
  synthetic 10,000-review Letterboxd export (bench/common.py; the whole export is over
  300 hours of speech, 50 GB as WAV, and a WAV file holds at most 4 GB), with `--jobs
  N`, and of a tenth of that, to show memory stays flat: peak RSS of the main process
  (wait4), the largest worker's peak (VmHWM, polled) and the largest sum over the
  process tree (polled).

Baselines, same run:

- `raw_engine`: EspeakEngine.synthesize of the same words (title, headings and section
  text, one call per review) with no planning, no pauses and no sink, best of RUNS,
  pinned to one core;
- `naive_pyttsx3`: `engine.save_to_file(text, wav); engine.runAndWait()` in a fresh
  process (naive_pyttsx3.py), timed to the "Audio saved to" line: for the seed, the
  first render in the process and a second one; for all reviews, one file per review
  (the whole text at once is over the ~18 KB that crashes pyttsx3: tried once), with
  `empty_files` counting the saves pyttsx3 left empty;
- `espeak_ng_command`: `espeak-ng -s WPM -w OUT.wav -f TEXT` (one process, one core) if
  `espeak-ng` is on PATH, else null with the reason.

Without libsonic (`without_sonic`, the path Windows takes past 449 wpm), at 600 and 900
wpm, for each input, pinned to one core: `sonic`, the raw engine as above; `stretched`,
the raw engine forced to render at 449 wpm and time-stretch
(EspeakEngine(use_sonic=False)); `stretch_alone`, only the time-stretch, of the same
texts rendered at 449 wpm beforehand.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import wave
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from common import (
    ROOT,
    SAMPLES,
    SEED_REVIEW,
    load_documents,
    print_report,
    run_captured,
    spoken_pcm,
    write_letterboxd_export,
)

from reader.cli.said import text_lines
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
TARGET_X = {"one_core_175": 500, "two_cores_175": 2000, "two_cores_600": 500}
REVIEWS_FOR_RSS = 700  # their WAV is 3.5 GB: a WAV file holds at most 4 GB
NAIVE = str(ROOT / "bench" / "naive_pyttsx3.py")
NO_COMMAND = (
    "no espeak-ng program on PATH (the espeakng-loader wheel ships only the library and its data)"
)


@contextmanager
def _one_core() -> Iterator[int]:
    """Run this process, its threads and the children it starts meanwhile on one CPU;
    yields which."""
    allowed = os.sched_getaffinity(0)
    cpu = min(allowed)
    os.sched_setaffinity(0, {cpu})
    try:
        yield cpu
    finally:
        os.sched_setaffinity(0, allowed)


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


def _export(
    documents: Sequence[Document], rate: int, out: Path, runs: int, jobs: int
) -> dict[str, float]:
    """Best of `runs` exports of `documents` into one WAV file by `jobs` processes."""
    walls: list[float] = []
    for _ in range(runs):
        choice = choose_voice(None, rate, "espeak")
        out.unlink(missing_ok=True)  # freeing the last run's file is not this run's work
        start = time.perf_counter()
        export_wav(documents, out, choice, skip_spoilers=False, jobs=jobs)
        walls.append(time.perf_counter() - start)
    return _speed(_wav_seconds(out), min(walls))


def _exports(
    documents: Sequence[Document], rate: int, out: Path, runs: int, jobs: int
) -> dict[str, Any]:
    """One process pinned to one core, against `jobs` processes on every core."""
    with _one_core():
        one = _export(documents, rate, out, runs, 1)
    several = _export(documents, rate, out, runs, jobs)
    return {"one_process": one, f"{jobs}_processes": several}


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


def _stretch_alone(texts: Sequence[str], rate: int, runs: int) -> dict[str, float]:
    """Best of `runs`: only the time-stretch to `rate`, of each text as eSpeak renders it
    at its fastest native pace."""
    engine = EspeakEngine(use_sonic=False)
    rendering = espeak_rendering(rate, lambda: False)
    engine.configure(VoiceSettings(rate=rendering.rate))
    native = [spoken_pcm(engine, text) for text in texts]
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


def _cli_export(out: Path, jobs: int) -> dict[str, float]:
    args = [sys.executable, "-m", "reader", "export", str(SAMPLES), "-o", str(out)]
    child = run_captured([*args, "--rate", "175", "--engine", "espeak", "--jobs", str(jobs)])
    if child.returncode != 0:
        raise RuntimeError(f"reader export failed with status {child.returncode}")
    return {**_speed(_wav_seconds(out), child.seconds), "peak_rss_mb": child.peak_rss_mb}


def _rss_export(source: Path, out: Path, jobs: int) -> dict[str, Any]:
    """`reader export SOURCE -o OUT --jobs N`, with the peak RSS of its processes."""
    args = [sys.executable, "-m", "reader", "export", str(source), "-o", str(out)]
    args += ["--rate", "175", "--engine", "espeak", "--jobs", str(jobs)]
    start = time.perf_counter()
    child = subprocess.Popen(
        args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    tree = _TreeMemory(child.pid)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    tree.stop()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"reader export failed with status {status}")
    return {
        **_speed(_wav_seconds(out), wall),
        "main_peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "largest_worker_peak_rss_mb": tree.worker_peak_mb,
        "largest_tree_rss_mb": tree.tree_peak_mb,
    }


class _TreeMemory:
    """Polls the RSS of a process and its children until stopped."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.worker_peak_mb = 0.0
        self.tree_peak_mb = 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _poll(self) -> None:
        while not self._done.wait(0.1):
            children = _children(self.pid)
            rss = [_status_mb(pid, "VmRSS") for pid in (self.pid, *children)]
            self.tree_peak_mb = max(self.tree_peak_mb, round(sum(rss), 1))
            for pid in children:
                self.worker_peak_mb = max(self.worker_peak_mb, _status_mb(pid, "VmHWM"))


def _children(pid: int) -> list[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [int(child) for child in found]


def _status_mb(pid: int, field: str) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


def main() -> None:
    """Measure the children first, then in process; print the report."""
    jobs = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        with _one_core() as cpu:
            cli = {"1_process": _cli_export(folder / "cli.wav", 1)}
        cli[f"{jobs}_processes"] = _cli_export(folder / "cli.wav", jobs)
        letterboxd = {}
        for reviews in (REVIEWS_FOR_RSS // 10, REVIEWS_FOR_RSS):
            source = folder / f"letterboxd-{reviews}.csv"
            write_letterboxd_export(source, reviews)
            letterboxd[f"first_{reviews}_reviews"] = {
                "reviews": reviews,
                **_rss_export(source, folder / "rss.wav", jobs),
            }
            (folder / "rss.wav").unlink()
        inputs = {"seed": load_documents([SEED_REVIEW]), "all": load_documents([SAMPLES])}
        files: dict[str, list[Path]] = {}
        for key, documents in inputs.items():
            files[key] = [folder / f"{key}-{number}.txt" for number in range(len(documents))]
            for path, document in zip(files[key], documents, strict=True):
                path.write_text(_spoken(document), encoding="utf-8")
        whole = folder / "all-whole.txt"
        whole.write_text("\n\n".join(map(_spoken, inputs["all"])), encoding="utf-8")
        with _one_core():
            naive: dict[str, Any] = {"all_whole_text_175": _naive_pyttsx3(175, folder, [whole])}
            command = _espeak_ng_commands(folder, files, whole, inputs)
            for rate in RATES:
                naive[f"seed_{rate}"] = _naive_seed(rate, folder, files["seed"][0])
                naive[f"all_{rate}"] = _naive_all(rate, folder, files["all"])
            without_sonic = {
                key: _without_sonic([_spoken(document) for document in documents], RUNS[key])
                for key, documents in inputs.items()
            }
            raw = {
                f"{key}_{rate}": _raw_engine(
                    [_spoken(document) for document in documents], rate, RUNS[key]
                )
                for rate in RATES
                for key, documents in inputs.items()
            }
        export = {
            f"{key}_{rate}": _exports(documents, rate, folder / "export.wav", RUNS[key], jobs)
            for rate in RATES
            for key, documents in inputs.items()
        }
    print_report(
        {
            "cpu_for_one_process": cpu,
            "cores": jobs,
            "reviews": {key: len(documents) for key, documents in inputs.items()},
            "words": {
                key: sum(section.words for document in documents for section in document.sections)
                for key, documents in inputs.items()
            },
            "export": export,
            "cli_export_all_175": cli,
            "rss_letterboxd": letterboxd,
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


def _espeak_ng_commands(
    folder: Path, files: dict[str, list[Path]], whole: Path, inputs: dict[str, list[Document]]
) -> dict[str, Any]:
    """The espeak-ng program on each input at each rate, or why not."""
    program = shutil.which("espeak-ng")
    if program is None:
        return {"result": None, "reason": NO_COMMAND}
    return {
        f"{key}_{rate}": _espeak_ng_command(
            program, rate, files[key][0] if key == "seed" else whole, folder / "cmd.wav"
        )
        for rate in RATES
        for key in inputs
    }


if __name__ == "__main__":
    main()
