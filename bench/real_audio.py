"""Speech heard through real sound servers: how soon, how exactly timed, how soon silenced.

Targets (tests/test_real_audio.py): launch to first sound under 300 ms, stop to silence
under 30 ms, clock error under 30 ms.

For each server (PulseAudio, PipeWire: private ones with a null sink whose monitor is
recorded, tests/sound_servers.py) and each output (`auto`, `portaudio`, `pw-play` on
PipeWire only, `paplay`, `aplay`), RUNS runs of each of:

- `launch_to_sound`: `python -m reader say` on the seed review with `READER_PLAYER` set
  (unset for `auto`), from just before its Popen to the first sound at the sink;
- `stop_to_silence`: the same run sent SIGINT (Ctrl-C) from the signal to the last sound
  (0 when that came before it). The signal goes STOP_AFTER_S after launch (SPEECH_S into
  speech, for a player heard later), at a moment sound is heard: 1.5 s after launch falls
  in the seed's pause after its title, where any output would score 0.
  `stops_while_speaking` counts the runs with sound up to SPEAKING_S before the signal;
- `play_to_sound`: a probe (this file run with --probe, in the server's environment so
  PortAudio meets the server as it starts) reads the seed as tests/audio_probe.py does,
  from just before `Session.play()` to the first sound;
- `clock_error`: in that probe's run, for each sentence start (an onset after GAP of
  silence in the stream written), the heard onset minus when reader reported it heard,
  as tests/test_real_audio.py computes it; the heard onset is the one nearest the report
  shifted by the run's first-sound lag, which is the test's nearest onset whenever the
  lag is small and stays right for a player heard seconds late.

Baselines, same run: paplay and aplay with their own default buffers, named as a command
of the user's in `READER_PLAYER` (so reader assumes latency 0), as reader played before
it asked players for small buffers.

The monitor dates sound to about 5 ms on PulseAudio and one 21 ms quantum on PipeWire.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import ROOT, SEED_REVIEW, print_report, summary_ms

sys.path.append(str(ROOT / "tests"))
from audio_probe import Tee, seed
from sound_servers import (
    RATE,
    THRESHOLD,
    Recorder,
    Recording,
    SoundServer,
    missing_reason,
    running,
)
from test_real_audio import GAP, reader_env

from reader.session.events import SessionEvent, UtteranceStarted
from reader.session.session import Session
from reader.speech.engines import create_engine
from reader.speech.outputs import open_output

RUNS = 5
STOP_AFTER_S = 1.0  # Ctrl-C this long after launch...
SPEECH_S = 0.5  # ...or this long into speech, for a player heard later than that
SOUND_WAIT_S = 6.0  # a run that hears nothing in this long is stopped
EXIT_WAIT_S = 10.0  # for `reader say` to exit after Ctrl-C
# The probe reads this long past the output's launch to sound, then pauses: enough for
# the seed's first two sentence starts (at 0 and 2.0 s) to be heard.
PROBE_S = 2.1
TAIL_S = 0.1  # recorded after `reader say` ends: anything later is not from it
SPEAKING_S = 0.05  # sound this close before Ctrl-C: it interrupted speech, not a pause
POLL_S = 0.01
NOW_SAMPLES = RATE // 100  # the last 10 ms recorded: what is heard now
BUDGETS_MS = {"launch_to_sound": 300, "stop_to_silence": 30, "clock_error": 30}

OUTPUTS = {
    "pulseaudio": ("auto", "portaudio", "paplay", "aplay"),
    "pipewire": ("auto", "portaudio", "pw-play", "paplay", "aplay"),
}
BASELINES = {
    "baseline paplay (defaults)": "paplay --raw --rate={rate} --channels=1 --format=s16le",
    "baseline aplay (defaults)": "aplay -q -t raw -f S16_LE -c 1 -r {rate}",
}
# Where PortAudio loads, auto is PortAudio, so its probe would repeat `portaudio`'s.
LAUNCH_ONLY = ("auto",)


# The probe: the child process


def probe(output_name: str, seconds: float) -> dict[str, Any]:
    """Read the seed through the output for `seconds`, pause, and report when play was
    called, when each utterance was reported heard, and the PCM written."""
    sink = Tee(open_output(output_name).sink)
    session = Session(create_engine("espeak"), sink)
    starts: list[tuple[float, int]] = []

    def heard(event: SessionEvent) -> None:
        if isinstance(event, UtteranceStarted):
            starts.append((time.monotonic(), event.sample))

    session.subscribe(heard)
    session.open(seed())
    played = time.monotonic()
    session.play()
    time.sleep(seconds)
    paused = time.monotonic()
    session.pause()
    written = sink.written
    session.close()
    return {
        "played": played,
        "paused": paused,
        "rate": sink.sample_rate,
        "starts": starts,
        "written": written,
        "pcm": base64.b64encode(bytes(sink.pcm[: written * 2])).decode(),
    }


# The probe: the parent's side


@dataclass(frozen=True)
class ProbeRun:
    """What the probe reported: play and pause moments, utterance starts, and the stream."""

    played: float
    paused: float
    rate: int
    starts: list[tuple[float, int]]  # (when reported heard, stream sample) per utterance
    written: int
    stream: Recording  # what reader wrote; its times are seconds into the stream

    @classmethod
    def parse(cls, report: str) -> ProbeRun:
        """The probe's JSON, read back."""
        found: dict[str, Any] = json.loads(report)
        rate = int(found["rate"])
        pcm = array("h", base64.b64decode(found["pcm"]))
        return cls(
            float(found["played"]),
            float(found["paused"]),
            rate,
            [(float(at), int(sample)) for at, sample in found["starts"]],
            int(found["written"]),
            Recording(pcm, rate, 0.0),
        )

    def predicted(self, sample: int) -> float:
        """When reader's clock said this stream sample would be heard."""
        at, base = max((start for start in self.starts if start[1] <= sample), key=lambda s: s[1])
        return at + (sample - base) / self.rate

    def sentence_starts(self) -> list[float]:
        """When reader said each sentence start written before the pause would be heard."""
        predicted = []
        for onset in self.stream.onsets(min_gap=GAP):
            sample = round(onset * self.rate)
            if self.starts and self.starts[0][1] <= sample < self.written:
                predicted.append(self.predicted(sample))
        return predicted


def run_probe(server: SoundServer, output: str, seconds: float) -> ProbeRun:
    """Run the probe in the server's environment, with config and state of its own."""
    with tempfile.TemporaryDirectory() as home:
        done = subprocess.run(
            [sys.executable, __file__, "--probe", output, str(seconds)],
            cwd=ROOT,
            env=reader_env(server, **private_folders(Path(home))),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    if done.returncode != 0:
        raise RuntimeError(f"probe of {output} failed: {done.stderr.strip()[-300:]}")
    return ProbeRun.parse(done.stdout)


def clock_errors(run: ProbeRun, heard: Recording) -> list[float]:
    """Heard minus reported, for each sentence start heard before the pause."""
    heard_onsets = heard.onsets(min_gap=GAP)
    first = heard.first_sound_after(run.played)
    starts = run.sentence_starts()
    if not heard_onsets or first is None or not starts:
        return []
    lag = first - starts[0]
    errors = []
    for predicted in starts:
        if predicted + lag > run.paused - 0.05:
            continue  # cut off by the pause before it could be heard
        nearest = min(heard_onsets, key=lambda moment: abs(moment - predicted - lag))
        errors.append(nearest - predicted)
    return errors


# `reader say`, launched and interrupted


@dataclass(frozen=True)
class SayRun:
    """Seconds from launch to the first sound and from Ctrl-C to the last (None: nothing
    heard), and whether Ctrl-C came while sound was heard rather than between words."""

    launch_to_sound: float | None
    stop_to_silence: float | None
    speaking_at_stop: bool


def private_folders(home: Path) -> dict[str, str]:
    """Config and state folders of a run's own, so no run resumes where another stopped."""
    return {"XDG_CONFIG_HOME": str(home / "config"), "XDG_STATE_HOME": str(home / "state")}


def say_once(server: SoundServer, player: str | None) -> SayRun:
    """Launch `reader say` on the seed, Ctrl-C it once it has spoken a while, and time both."""
    extra = {} if player is None else {"READER_PLAYER": player}
    with tempfile.TemporaryDirectory() as home, server.record() as recorder:
        env = reader_env(server, **private_folders(Path(home)), **extra)
        launched = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, "-m", "reader", "say", str(SEED_REVIEW)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_to_interrupt(recorder, launched)
            interrupted = time.monotonic()
            process.send_signal(signal.SIGINT)
            process.wait(EXIT_WAIT_S)
        finally:
            if process.poll() is None:  # it ignored Ctrl-C, or this run failed: no strays
                process.kill()
                process.wait()
        time.sleep(TAIL_S)
    heard = recorder.stop()
    first = heard.first_sound_after(launched)
    last = heard.last_sound()
    if first is None or last is None:
        return SayRun(None, None, speaking_at_stop=False)
    speaking = last >= interrupted - SPEAKING_S
    return SayRun(first - launched, max(0.0, last - interrupted), speaking)


def wait_to_interrupt(recorder: Recorder, launched: float) -> None:
    """Wait STOP_AFTER_S from launch and SPEECH_S into speech, then for a moment sound is
    heard, so that Ctrl-C cuts a word rather than falls between two; give up on silence."""
    first: float | None = None
    while first is None and time.monotonic() < launched + SOUND_WAIT_S:
        time.sleep(POLL_S)
        first = first_sound_so_far(recorder, launched)
    if first is None:
        return
    due = max(launched + STOP_AFTER_S, first + SPEECH_S)
    time.sleep(max(0.0, due - time.monotonic()))
    while not loud(heard_so_far(recorder).samples[-NOW_SAMPLES:]):
        if time.monotonic() > due + SOUND_WAIT_S:
            return
        time.sleep(POLL_S / 10)


def heard_so_far(recorder: Recorder) -> Recording:
    """What the recorder holds so far, while it goes on recording."""
    data = b"".join(list(recorder.chunks))
    return Recording(array("h", data[: len(data) - len(data) % 2]), RATE, recorder.anchor)


def first_sound_so_far(recorder: Recorder, since: float) -> float | None:
    """When the recorder first heard sound after `since`, from what it holds so far."""
    heard = heard_so_far(recorder)
    # loud() runs in C; the sample-by-sample search only once there is sound.
    if not loud(heard.samples[heard.index_at(since) :]):
        return None
    return heard.first_sound_after(since)


def loud(samples: array[int]) -> bool:
    """Whether any of the samples reaches the recorder's threshold of sound."""
    return bool(samples) and (max(samples) >= THRESHOLD or min(samples) <= -THRESHOLD)


# Tallies and the report


@dataclass
class Tally:
    """Every measure of one output on one server."""

    launches: list[float] = field(default_factory=list)
    stops: list[float] = field(default_factory=list)
    plays: list[float] = field(default_factory=list)
    errors: list[float] = field(default_factory=list)
    unheard: int = 0
    speaking_at_stop: int = 0
    probe_failed: str = ""

    def add_say(self, run: SayRun) -> None:
        """Count one `reader say` run."""
        if run.launch_to_sound is None or run.stop_to_silence is None:
            self.unheard += 1
            return
        self.launches.append(run.launch_to_sound)
        self.stops.append(run.stop_to_silence)
        self.speaking_at_stop += run.speaking_at_stop

    def add_probe(self, run: ProbeRun, heard: Recording) -> None:
        """Count one probe run."""
        first = heard.first_sound_after(run.played)
        if first is None:
            self.unheard += 1
            return
        self.plays.append(first - run.played)
        self.errors.extend(clock_errors(run, heard))

    def report(self) -> dict[str, Any]:
        """The measures, in the report's terms, and the budgets they miss."""
        report: dict[str, Any] = {
            "launch_to_sound": summary_ms(self.launches) if self.launches else None,
            "stop_to_silence": summary_ms(self.stops) if self.stops else None,
            "stops_while_speaking": self.speaking_at_stop,
        }
        if self.plays:
            report["play_to_sound"] = summary_ms(self.plays)
        if self.errors:
            report["clock_error"] = error_summary(self.errors)
        if self.unheard:
            report["runs_unheard"] = self.unheard
        if self.probe_failed:
            report["probe_failed"] = self.probe_failed
        report["over_budget"] = over_budget(report)
        return report


def error_summary(errors: Sequence[float]) -> dict[str, Any]:
    """Median and largest size of the errors, their signed median, and how many."""
    sizes = [abs(error) for error in errors]
    return {
        "median_abs_ms": round(statistics.median(sizes) * 1000, 1),
        "max_abs_ms": round(max(sizes) * 1000, 1),
        "median_ms": round(statistics.median(errors) * 1000, 1),
        "sentence_starts": len(errors),
    }


def over_budget(report: dict[str, Any]) -> list[str]:
    """The measures whose median misses its budget."""
    medians = {
        "launch_to_sound": (report["launch_to_sound"] or {}).get("median_ms"),
        "stop_to_silence": (report["stop_to_silence"] or {}).get("median_ms"),
        "clock_error": report.get("clock_error", {}).get("median_abs_ms"),
    }
    return [
        name for name, median in medians.items() if median is not None and median > BUDGETS_MS[name]
    ]


# Running it all


def measure_output(server: SoundServer, player: str | None, probes: bool) -> Tally:
    """RUNS launches of `reader say` with `player` (None: auto), then, if `probes`, RUNS
    probes, each reading PROBE_S past the launches' median time to sound."""
    tally = Tally()
    for _ in range(RUNS):
        tally.add_say(say_once(server, player))
    if not probes or not tally.launches:
        return tally
    seconds = PROBE_S + statistics.median(tally.launches)
    for _ in range(RUNS):
        with server.record() as recorder:
            try:
                run = run_probe(server, player or "auto", seconds)
            except RuntimeError as error:
                tally.probe_failed = str(error)
                return tally
        tally.add_probe(run, recorder.stop())
    return tally


def measure_server(name: str) -> dict[str, Any]:
    """Every output and baseline on the named server, or why it could not start."""
    reason = missing_reason(name)
    if reason is not None:
        return {"skipped": reason}
    with contextlib.ExitStack() as stack:
        try:
            server = stack.enter_context(running(name))
        except (RuntimeError, OSError) as error:
            return {"skipped": f"{name} did not start: {str(error).splitlines()[0]}"}
        found: dict[str, Any] = {}
        for output in OUTPUTS[name]:
            progress(f"{name}: {output}")
            player = None if output == "auto" else output
            found[output] = measure_output(server, player, output not in LAUNCH_ONLY).report()
        for label, command in BASELINES.items():
            progress(f"{name}: {label}")
            found[label] = measure_output(server, command, probes=True).report()
        return found


def progress(message: str) -> None:
    """A line on stderr, so a few minutes' wait shows where it is."""
    print(message, file=sys.stderr, flush=True)


def version(program: str) -> str:
    """The first line with a number that a program gives for --version."""
    done = subprocess.run([program, "--version"], capture_output=True, text=True, check=False)
    lines = (done.stdout + done.stderr).splitlines()
    return next((line for line in lines if any(c.isdigit() for c in line)), "unknown")


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    return {
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "servers": {name: version(name) for name in OUTPUTS if missing_reason(name) is None},
    }


def main() -> None:
    """Measure each server in turn and print the report."""
    started = time.monotonic()
    report: dict[str, Any] = {name: measure_server(name) for name in OUTPUTS}
    report |= {
        "runs": RUNS,
        "stop_after_s": STOP_AFTER_S,
        "probe_s_past_launch_to_sound": PROBE_S,
        "budgets_ms": BUDGETS_MS,
        "monitor_resolution_ms": {"pulseaudio": 5, "pipewire": 21},
        "machine": machine(),
        "seconds": round(time.monotonic() - started),
    }
    print_report(report)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--probe"]:
        json.dump(probe(sys.argv[2], float(sys.argv[3])), sys.stdout)
    else:
        main()
