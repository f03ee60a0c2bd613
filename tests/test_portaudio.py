"""The in-process output's clock and quiet: what can be checked without a sound server.

(tests/test_real_audio.py checks what is heard, through real PulseAudio and PipeWire.)
"""

from __future__ import annotations

import subprocess
import sys
import time
from types import ModuleType
from typing import Any, cast

import pytest
from processes import LINUX_ONLY, wait_for

from reader.speech import portaudio
from reader.speech.device_clock import DeviceClock
from reader.speech.portaudio import PortAudioSink

RATE = 22050
BLOCK = 441  # frames of a 20 ms callback


def steady_clock(origin: float, blocks: int = 4, jitter: tuple[float, ...] = (0.0,)) -> DeviceClock:
    """A clock fed `blocks` callbacks at the device's pace, each saying its next frame is
    heard at `origin` + frames / RATE (plus the given jitter, in turn)."""
    clock = DeviceClock()
    now = 100.0
    for block in range(blocks):
        if clock.steady(now, BLOCK / RATE):
            clock.estimate(origin + clock.frames / RATE + jitter[block % len(jitter)], RATE)
        clock.advance(BLOCK, 0)
        now += BLOCK / RATE
    return clock


class TestDeviceClock:
    def test_a_start_up_burst_is_not_trusted(self) -> None:
        """PortAudio fills an ALSA buffer in a burst of callbacks saying 'heard now': the
        clock waits for one at the device's own pace."""
        clock = DeviceClock()
        for burst in range(5):
            assert not clock.steady(10.0 + burst * 0.0005, BLOCK / RATE)
        assert clock.steady(10.0 + 0.0025 + BLOCK / RATE, BLOCK / RATE)
        assert clock.origin is None

    def test_frames_are_heard_at_the_origin_plus_their_time(self) -> None:
        clock = steady_clock(origin=50.0)
        assert clock.origin == pytest.approx(50.0)

    def test_one_wild_estimate_does_not_move_it(self) -> None:
        """DAC times jitter by a block either way; the median keeps the clock still."""
        clock = steady_clock(origin=50.0, blocks=40, jitter=(0.0, 0.001, -0.001, 0.0, 0.5))
        assert clock.origin == pytest.approx(50.0, abs=0.002)

    def test_stream_samples_follow_the_silence_before_them(self) -> None:
        clock = steady_clock(origin=50.0)  # four blocks of silence so far
        clock.advance(BLOCK, 100)  # the stream's first 100 samples, then silence
        assert clock.frame_of(0) == 4 * BLOCK
        assert clock.frame_of(99) == 4 * BLOCK + 99
        # Not yet taken: after everything the device has been given.
        assert clock.frame_of(100) == 5 * BLOCK

    def test_a_new_stream_counts_from_zero_on_the_same_device_clock(self) -> None:
        clock = steady_clock(origin=50.0)
        clock.advance(BLOCK, BLOCK)
        clock.new_stream()
        assert clock.frame_of(0) == 5 * BLOCK
        assert clock.origin == pytest.approx(50.0)


@LINUX_ONLY
def test_alsa_complaints_go_to_the_log_not_the_terminal() -> None:
    """ALSA prints to stderr from C ("ALSA lib pcm.c: Unknown PCM"); after reader has
    loaded PortAudio it does not."""
    opening = (
        "import ctypes\n"
        "alsa = ctypes.CDLL('libasound.so.2')\n"
        "handle = ctypes.c_void_p()\n"
        "alsa.snd_pcm_open(ctypes.byref(handle), b'no-such-device', 0, 0)\n"
    )
    try:
        import ctypes

        ctypes.CDLL("libasound.so.2")
    except OSError:
        pytest.skip("ALSA is not installed")
    quiet = "from reader.speech.portaudio import _quiet_alsa\n_quiet_alsa()\n"
    loud = subprocess.run(
        [sys.executable, "-c", opening], capture_output=True, text=True, check=True
    )
    hushed = subprocess.run(
        [sys.executable, "-c", quiet + opening], capture_output=True, text=True, check=True
    )
    assert "no-such-device" in loud.stderr  # the complaint this is about
    assert hushed.stderr == ""


class FakeStream:
    """Stands in for the sound card's stream: it only remembers whether it runs."""

    def __init__(self, samplerate: int, **options: object) -> None:
        self.samplerate = samplerate
        self.latency = 0.03
        self.active = False
        self.closed = False

    def start(self) -> None:
        self.active = True

    def abort(self) -> None:
        self.active = False

    def close(self, ignore_errors: bool = True) -> None:
        self.closed = True


class FakeSoundDevice:
    """The few parts of the sounddevice module the sink uses."""

    PortAudioError = RuntimeError

    def __init__(self) -> None:
        self.streams: list[FakeStream] = []

    def RawOutputStream(self, **options: Any) -> FakeStream:
        stream = FakeStream(**options)
        self.streams.append(stream)
        return stream


class TestIdle:
    """A warm stream, playing silence so the first word needs no start-up, lets the device
    go when no speech comes for a while."""

    def test_a_warm_stream_rests_when_no_speech_comes(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(portaudio, "IDLE", 0.05)
        device = FakeSoundDevice()
        sink = PortAudioSink(cast(ModuleType, device))
        sink.prepare(RATE)
        (stream,) = device.streams
        assert stream.active
        assert wait_for(lambda: not stream.active, 2)
        sink.close()

    def test_a_playing_stream_does_not_rest(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(portaudio, "IDLE", 0.05)
        device = FakeSoundDevice()
        sink = PortAudioSink(cast(ModuleType, device))
        sink.open(RATE)
        time.sleep(0.2)
        assert device.streams[0].active
        sink.close()
        assert not device.streams[0].active and device.streams[0].closed
