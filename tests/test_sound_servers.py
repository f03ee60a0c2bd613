"""The private sound servers hear every kind of player, in time, and leave nothing behind."""

from __future__ import annotations

import io
import math
import shutil
import subprocess
import time
import wave
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from sound_servers import RATE, SoundServer, alive, require, running, skip_unless_ci

# Every test here starts a server, even those that start it without a fixture.
pytestmark = pytest.mark.sound_server

TONE_SECONDS = 0.5
# Half of full scale: a loud voice, far above the silence threshold.
AMPLITUDE = 16_000


@dataclass(frozen=True)
class Player:
    """A command-line player, whether the file it is given is raw samples or WAV, its package."""

    argv: tuple[str, ...]
    reads_wav: bool
    package: str

    def require(self) -> None:
        """Skip, or on CI fail, when the player is not installed."""
        if shutil.which(self.argv[0]) is None:
            skip_unless_ci(f"{self.argv[0]} is not installed: apt-get install {self.package}")

    def audio(self, seconds: float) -> bytes:
        """A 440 Hz tone in the form this player reads."""
        samples = tone(seconds)
        return wav(samples) if self.reads_wav else samples


PLAYERS = {
    "paplay": Player(
        (
            "paplay",
            "--raw",
            "--format=s16le",
            f"--rate={RATE}",
            "--channels=1",
            "--latency-msec=20",
        ),
        reads_wav=False,
        package="pulseaudio-utils",
    ),
    # aplay opens ALSA's default device, which the pulse plugin routes to PULSE_SERVER.
    "aplay": Player(
        ("aplay", "-q", "-t", "raw", "-f", "S16_LE", f"-r{RATE}", "-c1"),
        reads_wav=False,
        package="alsa-utils libasound2-plugins",
    ),
    # pw-play reads only the first 0.24 s of a 0.5 s WAV given on stdin ("-"): give it a file.
    "pw-play": Player(("pw-play",), reads_wav=True, package="pipewire-bin"),
}
CASES = [
    ("pulseaudio", "paplay"),
    ("pulseaudio", "aplay"),
    ("pipewire", "paplay"),
    ("pipewire", "aplay"),
    ("pipewire", "pw-play"),
]


def tone(seconds: float) -> bytes:
    """Mono 16-bit samples of a 440 Hz sine."""
    step = 2 * math.pi * 440 / RATE
    count = round(seconds * RATE)
    return array("h", (round(AMPLITUDE * math.sin(step * i)) for i in range(count))).tobytes()


def wav(samples: bytes) -> bytes:
    """The samples as a WAV file."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(RATE)
        file.writeframes(samples)
    return buffer.getvalue()


@contextmanager
def playing(
    server: SoundServer, player: Player, seconds: float
) -> Iterator[subprocess.Popen[bytes]]:
    """The player, launched on a tone in a file; killed if the block leaves it running."""
    player.require()
    source = server.folder / "tone"
    source.write_bytes(player.audio(seconds))
    process = subprocess.Popen(
        [*player.argv, str(source)], env=server.client_env(), stderr=subprocess.PIPE
    )
    try:
        yield process
    finally:
        process.kill()
        process.wait()
        if process.stderr is not None:
            process.stderr.close()


@pytest.mark.parametrize(("sound_server", "name"), CASES, indirect=["sound_server"])
def test_a_tone_is_heard_in_full_and_soon(sound_server: SoundServer, name: str) -> None:
    with sound_server.record() as recorder:
        launched = time.monotonic()
        with playing(sound_server, PLAYERS[name], TONE_SECONDS) as player:
            _, errors = player.communicate(timeout=10)
        time.sleep(0.1)
    recording = recorder.stop()
    where = f"{name} on {sound_server.name}"
    assert player.returncode == 0, f"{where}: {errors.decode(errors='replace')}"
    heard = recording.sound_seconds()
    assert abs(heard - TONE_SECONDS) <= 0.05, f"{where}: heard {heard:.3f} s of {TONE_SECONDS} s"
    onset = recording.first_sound_after(launched)
    assert onset is not None
    assert onset - launched < 1.0, f"{where}: first sound {onset - launched:.3f} s after launch"
    # The recording's own clock held: it lost no samples on the way.
    assert 0 <= recording.slipped < 0.010, f"{where}: the recording slipped {recording.slipped} s"


def test_paplay_without_a_latency_waits_for_two_seconds_of_audio(
    pulse_server: SoundServer,
) -> None:
    """Its default buffer is 2 s, and it plays nothing until the buffer is full."""
    chunk = tone(0.02)
    with pulse_server.record() as recorder:
        launched = time.monotonic()
        player = subprocess.Popen(
            ("paplay", "--raw", "--format=s16le", f"--rate={RATE}", "--channels=1"),
            env=pulse_server.client_env(),
            stdin=subprocess.PIPE,
        )
        assert player.stdin is not None
        # Fed in real time, as a synthesizer would, for just longer than the buffer.
        for sent in range(1, 116):
            player.stdin.write(chunk)
            player.stdin.flush()
            time.sleep(max(0.0, launched + sent * 0.02 - time.monotonic()))
        player.kill()
        player.communicate()
    onset = recorder.stop().first_sound_after(launched)
    assert onset is not None, "plain paplay played nothing in 2.3 s"
    assert onset - launched > 0.5, (
        f"plain paplay: first sound {onset - launched:.3f} s after launch"
    )


@pytest.mark.parametrize(("sound_server", "name"), CASES, indirect=["sound_server"])
def test_killing_the_player_silences_the_sink_within_100_ms(
    sound_server: SoundServer, name: str
) -> None:
    with (
        sound_server.record() as recorder,
        playing(sound_server, PLAYERS[name], 3.0) as player,
    ):
        time.sleep(0.4)
        killed = time.monotonic()
        player.kill()
        player.communicate()
        time.sleep(0.2)
    recording = recorder.stop()
    last = recording.last_sound()
    assert last is not None and recording.first_sound_after(killed - 0.2) is not None
    where = f"{name} on {sound_server.name}"
    assert last - killed < 0.1, f"{where}: sound went on {last - killed:.3f} s after the kill"


@pytest.mark.parametrize("name", ["pulseaudio", "pipewire"])
def test_a_server_leaves_no_process_or_folder_behind(name: str) -> None:
    require(name)
    with running(name) as server:
        recorder = server.record()
        assert recorder.process is not None
        pids = [*server.pids, recorder.process.pid]
        assert all(alive(pid) for pid in pids)
        # The recorder is left running, as by a failed test: the server stops it too.
    assert [pid for pid in pids if alive(pid)] == []
    assert not server.folder.exists()


def test_portaudio_in_process_is_heard(
    sound_server: SoundServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """sounddevice opens ALSA's default device, which the pulse plugin sends to the server."""
    sounddevice = pytest.importorskip("sounddevice", reason="sounddevice is not installed")
    for key, value in sound_server.env.items():
        monkeypatch.setenv(key, value)
    # PortAudio reads ALSA's configuration, hence the pulse plugin's choice, as it starts.
    sounddevice._terminate()
    sounddevice._initialize()
    try:
        with sound_server.record() as recorder:
            stream = sounddevice.RawOutputStream(
                samplerate=RATE, channels=1, dtype="int16", latency="low"
            )
            with stream:
                handed = time.monotonic()
                stream.write(tone(TONE_SECONDS))
            time.sleep(0.1)
    finally:
        monkeypatch.undo()
        sounddevice._terminate()
        sounddevice._initialize()
    recording = recorder.stop()
    onset = recording.first_sound_after(handed)
    assert onset is not None
    where = f"PortAudio on {sound_server.name}, latency {stream.latency * 1000:.1f} ms"
    assert abs(recording.sound_seconds() - TONE_SECONDS) <= 0.05, where
    assert onset - handed < 0.2, f"{where}: first sound {onset - handed:.3f} s after hand-over"
