"""Choosing the in-process output: `sounddevice` (PortAudio) against `miniaudio`, measured
at real PulseAudio and PipeWire servers (private ones with a recorded null sink).

For each library and server, RUNS times, in a process of its own started in the server's
environment: open the device at eSpeak's 22,050 Hz, start it, hand it 0.3 s of silence
then a 0.2 s tone, and stop it 0.1 s into the tone. Measured at the sink's monitor:

- `start_to_callback`: from starting the stream to its first request for audio;
- `handed_to_heard`: from the callback that hands over the tone's first sample to hearing it;
- `clock_error`: hearing it minus when the library's own timing says it is heard. PortAudio
  says so (`outputBufferDacTime`); miniaudio has no latency API, so the best a clock can
  assume is the callback's time plus the buffer it was asked for;
- `stop_to_silence`: from the stop call to the last sound.

The monitor dates sound to about 5 ms on PulseAudio and one 21 ms quantum on PipeWire.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import time
from array import array
from typing import Any

from common import ROOT, print_report, summary_ms

sys.path.append(str(ROOT / "tests"))
from sound_servers import missing_reason, running

RUNS = 5
RATE = 22050
SILENCE_S = 0.3
TONE_S = 0.2
BUFFER_MS = 30  # asked of both libraries, as reader asks PortAudio
LIBRARIES = ("sounddevice", "miniaudio")


def tone() -> bytes:
    """SILENCE_S of silence, then TONE_S of a 440 Hz sine."""
    silence = [0] * round(SILENCE_S * RATE)
    sine = [
        round(12000 * math.sin(2 * math.pi * 440 * i / RATE)) for i in range(round(TONE_S * RATE))
    ]
    return array("h", silence + sine).tobytes()


class Feed:
    """Hands out the audio in the sizes asked, noting when the tone's first sample went."""

    def __init__(self) -> None:
        self.audio = tone()
        self.offset = 0
        self.first_call: float | None = None
        self.tone_handed: float | None = None  # when, by the clock, its callback ran
        self.tone_due: float | None = None  # when the library's timing says it is heard

    def take(self, frames: int, delay: float) -> bytes:
        """The next `frames` samples; `delay` is how long the library says they take."""
        now = time.monotonic()
        if self.first_call is None:
            self.first_call = now
        start = self.offset
        piece = self.audio[start * 2 : (start + frames) * 2]
        self.offset += frames
        onset = round(SILENCE_S * RATE)
        if start <= onset < start + frames and self.tone_handed is None:
            self.tone_handed = now
            self.tone_due = now + delay + (onset - start) / RATE
        return piece + bytes(frames * 2 - len(piece))


def probe_sounddevice(feed: Feed) -> tuple[float, float]:
    """Play through PortAudio; (started, stopped) times."""
    import sounddevice

    def fill(out: Any, frames: int, times: Any, status: Any) -> None:
        out[:] = feed.take(frames, times.outputBufferDacTime - times.currentTime)

    stream = sounddevice.RawOutputStream(
        samplerate=RATE, channels=1, dtype="int16", latency=BUFFER_MS / 1000, callback=fill
    )
    started = time.monotonic()
    stream.start()
    time.sleep(SILENCE_S + 0.4)
    stopped = time.monotonic()
    stream.abort()
    stream.close()
    return started, stopped


def probe_miniaudio(feed: Feed) -> tuple[float, float]:
    """Play through miniaudio; (started, stopped) times."""
    import miniaudio

    def generate() -> Any:
        frames = yield b""
        while True:
            frames = yield feed.take(frames, BUFFER_MS / 1000)

    device = miniaudio.PlaybackDevice(
        output_format=miniaudio.SampleFormat.SIGNED16,
        nchannels=1,
        sample_rate=RATE,
        buffersize_msec=BUFFER_MS,
    )
    source = generate()
    next(source)
    started = time.monotonic()
    device.start(source)
    time.sleep(SILENCE_S + 0.4)
    stopped = time.monotonic()
    device.stop()
    device.close()
    return started, stopped


def probe(library: str) -> dict[str, float | None]:
    """One run in this process (started in the server's environment)."""
    feed = Feed()
    play = probe_sounddevice if library == "sounddevice" else probe_miniaudio
    started, stopped = play(feed)
    return {
        "started": started,
        "stopped": stopped,
        "first_call": feed.first_call,
        "tone_handed": feed.tone_handed,
        "tone_due": feed.tone_due,
    }


def measure(server_name: str, library: str) -> dict[str, Any]:
    """RUNS runs of one library at one server."""
    columns: dict[str, list[float]] = {
        "start_to_callback": [],
        "handed_to_heard": [],
        "clock_error": [],
        "stop_to_silence": [],
    }
    with running(server_name) as server:
        for _ in range(RUNS):
            with server.record() as recorder:
                done = subprocess.run(
                    [sys.executable, __file__, "--probe", library],
                    env=server.client_env(),
                    capture_output=True,
                    text=True,
                    timeout=30,
                    check=True,
                )
                time.sleep(0.2)
            heard = recorder.stop()
            times = json.loads(done.stdout)
            onset = heard.first_sound_after(times["started"])
            last = heard.last_sound()
            if onset is None or last is None or times["tone_handed"] is None:
                continue
            columns["start_to_callback"].append(times["first_call"] - times["started"])
            columns["handed_to_heard"].append(onset - times["tone_handed"])
            columns["clock_error"].append(abs(onset - times["tone_due"]))
            columns["stop_to_silence"].append(max(0.0, last - times["stopped"]))
    report: dict[str, Any] = {
        name: summary_ms(values) for name, values in columns.items() if values
    }
    report["runs_heard"] = len(columns["handed_to_heard"])
    return report


def main() -> None:
    """Every library at every server that can run here."""
    report: dict[str, Any] = {"runs": RUNS, "buffer_ms": BUFFER_MS}
    for server_name in ("pulseaudio", "pipewire"):
        reason = missing_reason(server_name)
        if reason is not None:
            report[server_name] = {"skipped": reason}
            continue
        report[server_name] = {library: measure(server_name, library) for library in LIBRARIES}
    print_report(report)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--probe"]:
        json.dump(probe(sys.argv[2]), sys.stdout)
    else:
        main()
