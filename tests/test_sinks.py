"""Sinks that need no sound card (a WAV file, a recording in memory, a clock alone) and
the real clock they keep time by unless a test gives them its own."""

from __future__ import annotations

import contextlib
import threading
import wave
from pathlib import Path

import pytest
from helpers import FakeClock

from reader.speech.sinks import REAL_TIME, ClockSink, RecordingSink, SinkError, WavSink

RATE = 22050


def pcm(samples: int, seed: int = 1) -> bytes:
    """Recognisable 16-bit samples (not silence, so a mix-up shows)."""
    return bytes((seed + index) % 251 for index in range(2 * samples))


def read_wav(path: Path) -> tuple[int, int, int, bytes]:
    """Channels, bytes per sample, sample rate and frames of a WAV file."""
    with wave.open(str(path), "rb") as wav:
        frames = wav.readframes(wav.getnframes())
        return wav.getnchannels(), wav.getsampwidth(), wav.getframerate(), frames


def open_descriptors(path: Path) -> int:
    """How many of our file descriptors are open on `path`."""
    found = 0
    for descriptor in Path("/proc/self/fd").iterdir():
        with contextlib.suppress(OSError):  # the descriptor of the listing itself
            found += descriptor.readlink() == path
    return found


class TestWavSink:
    @pytest.mark.parametrize("rate", [16000, 22050, 44100])
    def test_writes_a_wav_that_reads_back(self, tmp_path: Path, rate: int) -> None:
        path = tmp_path / "out.wav"
        sink = WavSink(path)
        sink.open(rate)
        sink.write(pcm(1000))
        sink.write(pcm(500, seed=7))
        sink.close()
        assert read_wav(path) == (1, 2, rate, pcm(1000) + pcm(500, seed=7))
        assert (sink.written, sink.total) == (1500, 1500)

    def test_streams_at_one_rate_follow_each_other(self, tmp_path: Path) -> None:
        path = tmp_path / "out.wav"
        sink = WavSink(path)
        sink.open(RATE)
        sink.write(pcm(300))
        sink.open(RATE)
        assert sink.written == 0  # samples count from each stream's start
        sink.write(pcm(200, seed=9))
        sink.close()
        assert read_wav(path)[3] == pcm(300) + pcm(200, seed=9)
        assert sink.total == 500

    def test_a_stream_at_another_rate_is_refused(self, tmp_path: Path) -> None:
        sink = WavSink(tmp_path / "out.wav")
        sink.open(RATE)
        sink.write(pcm(100))
        with pytest.raises(SinkError, match="same sample rate"):
            sink.open(16000)
        sink.close()
        assert read_wav(tmp_path / "out.wav")[2:] == (RATE, pcm(100))

    def test_an_empty_stream_is_an_empty_wav(self, tmp_path: Path) -> None:
        sink = WavSink(tmp_path / "out.wav")
        sink.open(RATE)
        sink.close()
        assert read_wav(tmp_path / "out.wav") == (1, 2, RATE, b"")

    @pytest.mark.parametrize(
        "where", ["missing/out.wav", "."], ids=["folder-missing", "is-a-folder"]
    )
    def test_an_unwritable_path_is_a_sink_error(self, tmp_path: Path, where: str) -> None:
        sink = WavSink(tmp_path / where)
        with pytest.raises(SinkError, match="cannot write"):
            sink.open(RATE)

    def test_a_full_disk_is_a_sink_error(self) -> None:
        # wave buffers small writes and the header: a full disk may only show in close().
        sink = WavSink(Path("/dev/full"))
        sink.open(RATE)
        with pytest.raises(SinkError, match="cannot write"):
            sink.write(pcm(100))
            sink.close()

    @pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc")
    def test_a_failed_close_still_releases_the_file(self) -> None:
        sink = WavSink(Path("/dev/full"))
        sink.open(RATE)
        sink.write(pcm(100))
        with pytest.raises(SinkError) as caught:
            sink.close()
        assert caught.value  # keeps close()'s frame, and whatever it holds, alive
        assert open_descriptors(Path("/dev/full")) == 0

    def test_writing_before_open_is_a_sink_error(self, tmp_path: Path) -> None:
        with pytest.raises(SinkError, match="not open"):
            WavSink(tmp_path / "out.wav").write(pcm(10))

    def test_a_file_has_no_clock(self, tmp_path: Path) -> None:
        clock = FakeClock()
        sink = WavSink(tmp_path / "out.wav", clock)
        sink.open(RATE)
        sink.write(pcm(10 * RATE))  # ten seconds
        assert sink.heard_at(sink.written) == clock.now()  # all of it heard already
        sink.finish(threading.Event())
        assert clock.now() == 0.0  # so finishing waits for nothing
        sink.close()


class TestRecordingSink:
    def test_records_every_stream(self) -> None:
        sink = RecordingSink()
        sink.open(16000)
        sink.write(pcm(8000))
        sink.stop()
        sink.open(16000)
        sink.write(pcm(4000, seed=3))
        assert sink.pcm == pcm(8000) + pcm(4000, seed=3)
        assert sink.seconds == 0.75
        assert (sink.written, sink.sample_rate) == (4000, 16000)

    def test_an_unopened_recording_is_empty(self) -> None:
        sink = RecordingSink()
        assert (sink.pcm, sink.seconds, sink.written) == (bytearray(), 0.0, 0)


class TestClockSink:
    def test_keeps_the_time_a_player_would(self) -> None:
        clock = FakeClock()
        clock.wait_until(3.0, threading.Event())
        sink = ClockSink(clock)
        sink.open(RATE)
        sink.write(pcm(RATE // 2))  # half a second
        assert (sink.heard_at(0), sink.heard_at(sink.written)) == (3.0, 3.5)
        sink.finish(threading.Event())
        assert clock.now() == 3.5  # finishing lasts as long as the audio

    def test_a_new_stream_starts_its_clock_again(self) -> None:
        clock = FakeClock()
        sink = ClockSink(clock)
        sink.open(RATE)
        sink.write(pcm(RATE * 60))
        sink.stop()
        clock.wait_until(2.0, threading.Event())
        sink.open(RATE)
        assert sink.heard_at(0) == 2.0  # not a minute on, where the first stream ended

    def test_a_cancelled_wait_ends_before_the_audio_is_heard(self) -> None:
        clock = FakeClock()
        sink = ClockSink(clock)
        sink.open(RATE)
        sink.write(pcm(RATE))
        cancelled = threading.Event()
        cancelled.set()
        assert not sink.wait_until_heard(sink.written, cancelled)
        assert clock.now() == 0.0


class TestRealTime:
    def test_a_moment_already_past_is_waited_for_at_once(self) -> None:
        assert REAL_TIME.wait_until(REAL_TIME.now() - 1.0, threading.Event())

    def test_a_cancelled_wait_returns_false_without_waiting(self) -> None:
        cancelled = threading.Event()
        cancelled.set()
        # An hour away: only returning at once lets this test finish.
        assert not REAL_TIME.wait_until(REAL_TIME.now() + 3600, cancelled)
