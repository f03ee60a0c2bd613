"""Time from `Session.stop()` to silence, through a player that plays at real-time pace.

Target (DESIGN.md, Budgets): under 30 ms from "stop" to silence (player killed, no more PCM).

The player is paced_player.py behind a PlayerSink: it takes PCM from its stdin only as
fast as a sound card would play it, and logs every read. Each run plays the seed review
from the start, waits PLAY_S, calls `stop()`, and measures:

- `stop_returns`: how long `stop()` takes;
- `silence`: from the call to stop() until the player is silent: its process group gone
  (a zombie counts as gone: it plays nothing), or, for a player that lives on, the end of
  the last audio it read;
- `bytes_after_stop`: bytes any player read after stop() returned (must be 0), and
  `played_after_stop_called`, the audio the player read after stop() was called;
- `queued_ms_dropped`: audio written to the player but not yet played when it was
  killed, which a graceful stop would still have played (the speaker keeps ~0.2 s ahead).

espeak: REPEATS runs; pyttsx3 (its worker is killed too): PYTTSX3_REPEATS runs.

Baselines, same run, with the same player fed by a naive writer that writes as fast as
the pipe takes (no pacing of its own):

- `terminate_wait`: `Popen(command, shell=True)` (no process group of its own), stopped
  by writing no more, then `terminate(); wait()`: SIGTERM reaches the player only if the
  shell exec'd it (`shell_exec_ed_player`), else the player plays out the pipe, orphaned;
- `drain`: the writer stops and closes the pipe, and the player plays what is queued
  (a full pipe of 20 ms writes holds about 1.3 s here): the time until silence;
- `pyttsx3_plays_on_s` (computed, not measured): pyttsx3 plays a whole rendered review
  with one `aplay` and its `stop()` does not interrupt it, so after PLAY_S the rest of the
  seed would still be heard: its audio length (eSpeak, same pace) minus PLAY_S.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import ROOT, SEED_REVIEW, load_documents, print_report, summary_ms

from reader.cli.said import text_lines
from reader.model import Document, Position
from reader.session.session import Session
from reader.speech.engine import SAMPLE_WIDTH, Chunk, Engine
from reader.speech.engines import create_engine
from reader.speech.player import PlayerProgram, PlayerSink

REPEATS = 20
PYTTSX3_REPEATS = 10
BASELINE_REPEATS = 3
PLAY_S = 1.0
LATE_S = 0.1  # how long to watch for PCM arriving after stop returned
GONE_TIMEOUT_S = 3.0
QUIET_S = 0.1  # a player that read nothing for this long, and has played it all, is silent
INFINITY = float("inf")
TARGET_MS = 30
PLAYER = ROOT / "bench" / "paced_player.py"


@dataclass(frozen=True)
class Read:
    """One read by a player: when (time.monotonic) and how many bytes."""

    at: float
    size: int


@dataclass(frozen=True)
class PlayerLog:
    """What one player process read, and its process group and id."""

    pgid: int
    pid: int
    reads: tuple[Read, ...]

    def bytes_between(self, start: float, end: float) -> int:
        """Bytes read in (start, end]."""
        return sum(read.size for read in self.reads if start < read.at <= end)


def _logs(folder: Path) -> list[PlayerLog]:
    logs: list[PlayerLog] = []
    for path in sorted(folder.glob("*.log")):
        pgid, pid = (int(part) for part in path.stem.split("-"))
        reads = []
        for line in path.read_text(encoding="ascii").splitlines():
            at, size = line.split()
            reads.append(Read(float(at), int(size)))
        logs.append(PlayerLog(pgid, pid, tuple(reads)))
    return logs


def _active(folder: Path, since: float) -> PlayerLog:
    """The one player that read anything since `since`."""
    (log,) = (log for log in _logs(folder) if log.bytes_between(since, INFINITY))
    return log


def _running(pid: int) -> bool:
    """Whether the process exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


@dataclass(frozen=True)
class Silence:
    """When a stopped player fell silent (None: it still played at GONE_TIMEOUT_S), and
    whether its process was left running (silent, waiting for input that never comes)."""

    at: float | None
    left_running: bool


def _silence(folder: Path, player: PlayerLog, sample_rate: int) -> Silence:
    """Silence is the player's processes gone, or, if one lives on, the end of the last
    audio it read once it has read nothing for QUIET_S."""
    # A player started without a group of its own is in ours: then only its pid counts.
    pids = (player.pid,) if player.pgid == os.getpgrp() else (player.pgid, player.pid)
    deadline = time.monotonic() + GONE_TIMEOUT_S
    next_look = 0.0
    while time.monotonic() < deadline:
        if not any(_running(pid) for pid in pids):
            return Silence(time.monotonic(), left_running=False)
        if time.monotonic() >= next_look:  # the log is read only every 10 ms
            next_look = time.monotonic() + 0.01
            (log,) = (log for log in _logs(folder) if log.pid == player.pid)
            last = log.reads[-1]
            ends = last.at + _seconds(last.size, sample_rate)
            if time.monotonic() - ends > QUIET_S:
                return Silence(ends, left_running=True)
        time.sleep(0.0002)
    return Silence(None, left_running=True)


def _seconds(size: int, sample_rate: int) -> float:
    """Seconds of audio in `size` bytes of PCM."""
    return size / SAMPLE_WIDTH / sample_rate


def _player_command(folder: Path) -> str:
    quoted = (shlex.quote(str(part)) for part in (sys.executable, PLAYER))
    return " ".join(quoted) + " {rate} " + shlex.quote(str(folder))


@dataclass
class _Tally:
    """The measures of several stops of one kind."""

    sample_rate: int
    returns: list[float] = field(default_factory=list)
    silences: list[float] = field(default_factory=list)
    played_after: list[float] = field(default_factory=list)
    dropped: list[float] = field(default_factory=list)
    late_bytes: int = 0
    left_running: int = 0
    never_silent: int = 0

    def add(self, folder: Path, started: float, stop: float, returned: float) -> PlayerLog:
        """Measure one stop, called at `stop` and returned at `returned`, of the player
        that started playing at `started`; returns that player's log."""
        player = _active(folder, started)
        silence = _silence(folder, player, self.sample_rate)
        time.sleep(LATE_S)
        self.returns.append(returned - stop)
        if silence.at is None:
            self.never_silent += 1
        else:
            self.silences.append(max(0.0, silence.at - stop))
        self.left_running += silence.left_running
        self.late_bytes += sum(log.bytes_between(returned, INFINITY) for log in _logs(folder))
        player = _active(folder, started)
        self.played_after.append(_seconds(player.bytes_between(stop, INFINITY), self.sample_rate))
        return player

    def report(self) -> dict[str, Any]:
        """The measures, in the report's terms."""
        report: dict[str, Any] = {
            "runs": len(self.returns),
            "stop_returns": summary_ms(self.returns),
            "silence": summary_ms(self.silences) if self.silences else None,
            "never_silent": self.never_silent,
            "players_left_running": self.left_running,
            "bytes_after_stop": self.late_bytes,
            "played_after_stop_called": summary_ms(self.played_after),
        }
        if self.dropped:
            report["queued_ms_dropped"] = summary_ms(self.dropped)
        return report


def _session_runs(engine: Engine, document: Document, repeats: int) -> dict[str, Any]:
    """Stop a playing session `repeats` times; the measures described above."""
    tally = _Tally(engine.sample_rate)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        sink = PlayerSink([PlayerProgram(_player_command(folder))])
        session = Session(engine, sink)
        session.open(document)
        try:
            for _ in range(repeats):
                started = time.monotonic()
                session.play(Position())
                time.sleep(PLAY_S)
                written = sink.written * SAMPLE_WIDTH
                stop = time.monotonic()
                session.stop()
                player = tally.add(folder, started, stop, time.monotonic())
                unplayed = written - player.bytes_between(started, stop)
                tally.dropped.append(_seconds(unplayed, engine.sample_rate))
        finally:
            session.stop()
            sink.close()
    return tally.report()


class _NaiveWriter:
    """Writes silence into a player as fast as its pipe takes it, until told to stop."""

    def __init__(self, process: subprocess.Popen[bytes], sample_rate: int) -> None:
        self.process = process
        self.block = bytes(sample_rate * SAMPLE_WIDTH // 50)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._write, daemon=True)
        self.thread.start()

    def _write(self) -> None:
        stdin = self.process.stdin
        assert stdin is not None
        with contextlib.suppress(OSError, ValueError):
            while not self.stopped.is_set():
                stdin.write(self.block)
                stdin.flush()

    def finish(self) -> None:
        """Stop writing and close the pipe."""
        self.stopped.set()
        assert self.process.stdin is not None
        with contextlib.suppress(OSError, ValueError):
            self.process.stdin.close()
        self.thread.join()


NaiveStop = Callable[[subprocess.Popen[bytes], _NaiveWriter], None]


def _naive_runs(sample_rate: int, repeats: int, stop: NaiveStop) -> dict[str, Any]:
    """Start the player as a plain shell command, feed it naively, stop it with `stop`."""
    tally = _Tally(sample_rate)
    exec_ed = True
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        command = _player_command(folder).replace("{rate}", str(sample_rate))
        for _ in range(repeats):
            started = time.monotonic()
            process = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE)
            writer = _NaiveWriter(process, sample_rate)
            time.sleep(PLAY_S / 2)
            begin = time.monotonic()
            stop(process, writer)
            player = tally.add(folder, started, begin, time.monotonic())
            exec_ed = exec_ed and player.pid == process.pid
            writer.finish()
            if _running(player.pid):  # an orphan we started: it would wait for input forever
                os.kill(player.pid, signal.SIGKILL)
            process.wait()
    return {**tally.report(), "shell_exec_ed_player": exec_ed}


def _terminate(process: subprocess.Popen[bytes], writer: _NaiveWriter) -> None:
    """Stop writing, then terminate() and wait() for the shell."""
    writer.stopped.set()
    process.terminate()
    process.wait()


def _drain(process: subprocess.Popen[bytes], writer: _NaiveWriter) -> None:
    """Stop writing, close the pipe, and wait for the player to play out what it holds."""
    writer.finish()
    process.wait()


def _audio_seconds(engine: Engine, text: str) -> float:
    samples = [0]

    def count(chunk: Chunk) -> bool:
        samples[0] += chunk.samples
        return True

    engine.synthesize(text, count)
    return samples[0] / engine.sample_rate


def main() -> None:
    """Measure each engine's stop, then the baselines, and print the report."""
    (seed,) = load_documents([SEED_REVIEW])
    engines: dict[str, Any] = {}
    for name, repeats in (("espeak", REPEATS), ("pyttsx3", PYTTSX3_REPEATS)):
        engine = create_engine(name)
        try:
            engines[name] = _session_runs(engine, seed, repeats)
        finally:
            engine.close()
    espeak = create_engine("espeak")
    rate = espeak.sample_rate
    seed_audio = _audio_seconds(espeak, "\n".join(text_lines(seed, skip_spoilers=False)))
    espeak.close()
    print_report(
        {
            "play_s_before_stop": PLAY_S,
            "engines": engines,
            "baseline": {
                "description": (
                    "the same paced player fed by a naive writer (as fast as the pipe takes, "
                    "about 1.3 s queued): terminate_wait stops writing, then Popen.terminate() "
                    "and wait() on its shell, no process-group kill; drain closes its input "
                    "and lets it play out what is queued; pyttsx3_plays_on_s is computed, not "
                    "measured: pyttsx3 plays the whole rendered review with one aplay its "
                    f"stop() does not interrupt, so the seed's audio minus the {PLAY_S} s heard"
                ),
                "terminate_wait": _naive_runs(rate, BASELINE_REPEATS, _terminate),
                "drain": _naive_runs(rate, BASELINE_REPEATS, _drain),
                "pyttsx3_plays_on_s": round(seed_audio - PLAY_S, 1),
            },
            "target_ms": TARGET_MS,
        }
    )


if __name__ == "__main__":
    main()
