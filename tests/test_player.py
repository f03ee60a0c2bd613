"""PlayerSink with stand-in players: shell commands that read raw PCM on stdin."""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar, Protocol

import pytest
from helpers import FakeClock
from processes import LINUX_ONLY, Process, children, group_members, process, wait_for

from reader.speech.player import KNOWN_PLAYERS, PlayerProgram, PlayerSink
from reader.speech.player_process import end_player, start_player
from reader.speech.sinks import REAL_TIME, Clock, SinkError

RATE = 16000
SECOND = 2 * RATE  # bytes of one second of audio
# How long a player may take to start or end on a loaded machine: only a bound, since each
# wait ends as soon as what it waits for is seen.
SETTLE = 10


def pcm(samples: int, seed: int = 1) -> bytes:
    """Recognisable 16-bit samples, so the bytes a player got can be compared."""
    return bytes((seed + index) % 251 for index in range(2 * samples))


class MakePlayer(Protocol):
    """Makes a PlayerSink that is closed after the test."""

    def __call__(
        self, command: str, latency: float = 0.0, clock: Clock = REAL_TIME
    ) -> PlayerSink: ...


@pytest.fixture
def player() -> Iterator[MakePlayer]:
    """Makes PlayerSinks for a command, and closes them all after the test."""
    made: list[PlayerSink] = []

    def make(command: str, latency: float = 0.0, clock: Clock = REAL_TIME) -> PlayerSink:
        sink = PlayerSink([PlayerProgram(command, latency)], clock)
        made.append(sink)
        return sink

    yield make
    for sink in made:
        sink.close()


def saving_into(folder: Path) -> str:
    """A player whose shell starts a child shell, which starts `cat`: each player saves
    what it is sent in FOLDER/PID.raw, PID being the child shell's.

    A non-interactive shell gives a background command /dev/null for stdin, so the
    player's stdin reaches `cat` as fd 3."""
    inner = 'cat <&3 > "$0/$$.raw" & wait'
    return f"sh -c {shlex.quote(inner)} {shlex.quote(str(folder))} 3<&0"


def saved(folder: Path) -> dict[int, bytes]:
    """What each player of `saving_into` has saved, by the pid of its child shell."""
    return {int(path.stem): path.read_bytes() for path in folder.glob("*.raw")}


def arrives(folder: Path, audio: bytes) -> bool:
    """Whether a player of `saving_into` saves exactly `audio` in time."""
    return wait_for(lambda: audio in saved(folder).values(), SETTLE)


def playing(sink: PlayerSink, folder: Path, audio: bytes) -> Process:
    """The child shell of a player of `saving_into` that has been sent `audio`, and has
    saved it."""
    sink.open(RATE)
    sink.write(audio)
    assert arrives(folder, audio)
    (pid,) = [pid for pid, data in saved(folder).items() if data]
    shell = process(pid)
    assert shell is not None
    return shell


class TestPlaying:
    def test_what_is_written_reaches_the_player(self, player: MakePlayer, tmp_path: Path) -> None:
        out = tmp_path / "played.raw"
        sink = player(f"cat >> {shlex.quote(str(out))}")  # >>: the standby must not truncate it
        sink.open(RATE)
        for seed in range(5):
            sink.write(pcm(RATE // 10, seed))
        sink.finish(threading.Event())
        assert out.read_bytes() == b"".join(pcm(RATE // 10, seed) for seed in range(5))
        assert sink.written == RATE // 2

    @pytest.mark.parametrize("rate", [8000, 22050, 48000])
    def test_the_rate_is_put_into_the_command(
        self, player: MakePlayer, tmp_path: Path, rate: int
    ) -> None:
        out = tmp_path / "rate.txt"
        sink = player(f"echo {{rate}} >> {shlex.quote(str(out))}; cat > /dev/null")
        sink.open(rate)
        sink.finish(threading.Event())
        assert set(out.read_text().split()) == {str(rate)}

    def test_a_standby_at_another_rate_is_not_used(
        self, player: MakePlayer, tmp_path: Path
    ) -> None:
        sink = player(f"cat > {shlex.quote(str(tmp_path))}/{{rate}}-$$.raw")
        sink.open(8000)
        sink.finish(threading.Event())  # the standby left running is at 8000
        sink.open(22050)
        sink.write(pcm(100))
        sink.finish(threading.Event())
        played = {path.name.split("-")[0] for path in tmp_path.iterdir() if path.stat().st_size}
        assert played == {"22050"}

    def test_finish_waits_for_the_player_to_play_out(
        self, player: MakePlayer, tmp_path: Path
    ) -> None:
        # The player goes on for a while after its input ends, then leaves a mark.
        done = tmp_path / "played out"
        sink = player(f"cat > /dev/null; sleep 0.3; touch {shlex.quote(str(done))}")
        sink.open(RATE)
        sink.write(pcm(100))
        sink.finish(threading.Event())
        assert done.exists()

    def test_finish_ends_early_when_cancelled(self, player: MakePlayer) -> None:
        sink = player("cat > /dev/null; sleep 60")
        sink.open(RATE)
        sink.write(pcm(100))
        cancelled = threading.Event()
        finishing = threading.Thread(target=sink.finish, args=(cancelled,))
        finishing.start()
        cancelled.set()
        finishing.join(SETTLE)  # playing out would take the minute
        assert not finishing.is_alive()


class TestFailing:
    @pytest.mark.parametrize(
        ("command", "status"),
        [("true", 0), ("exit 3", 3), ("no-such-player-anywhere", 127)],
    )
    def test_a_player_that_exits_makes_write_fail_clearly(
        self, player: MakePlayer, command: str, status: int
    ) -> None:
        sink = player(command)
        sink.open(RATE)
        message = f"the audio player stopped (it exited with status {status}): {command}"
        with pytest.raises(SinkError, match=re.escape(message)):
            for _ in range(200):  # the pipe takes some audio before the exit shows
                sink.write(pcm(RATE // 10))
                time.sleep(0.01)

    def test_writing_after_stop_fails(self, player: MakePlayer) -> None:
        sink = player("cat > /dev/null")
        sink.open(RATE)
        sink.stop()
        with pytest.raises(SinkError, match="not running"):
            sink.write(pcm(10))


@LINUX_ONLY
class TestStopping:
    def test_stop_kills_the_player_and_its_children_and_the_standby_takes_over(
        self, player: MakePlayer, tmp_path: Path
    ) -> None:
        sink = player(saving_into(tmp_path))
        shell = playing(sink, tmp_path, pcm(1000))
        members = group_members(shell.group)
        assert len(members) >= 3  # the player's shell, its child shell and cat
        sink.stop()
        assert wait_for(lambda: not group_members(shell.group), SETTLE)
        # The standby has been waiting, ready to play.
        assert wait_for(lambda: len(saved(tmp_path)) == 2, SETTLE)
        (standby,) = set(saved(tmp_path)) - {shell.pid}
        sink.open(RATE)
        sink.write(pcm(500, seed=2))
        sink.finish(threading.Event())
        assert saved(tmp_path)[standby] == pcm(500, seed=2)
        assert saved(tmp_path)[shell.pid] == pcm(1000)

    def test_stop_kills_a_player_that_would_linger(
        self, player: MakePlayer, tmp_path: Path
    ) -> None:
        """Stopping does not wait for the player to end by itself: this one would wait a
        minute after its input ends, and only a kill of its group ends it sooner."""
        sink = player(saving_into(tmp_path) + "; sleep 60")
        shell = playing(sink, tmp_path, pcm(100))
        stopping = threading.Thread(target=sink.stop)
        stopping.start()
        stopping.join(SETTLE)  # waiting for the player to end would take the minute
        assert not stopping.is_alive()
        assert wait_for(lambda: not group_members(shell.group), SETTLE)

    def test_close_leaves_no_player(self, player: MakePlayer, tmp_path: Path) -> None:
        before = children()
        sink = player(saving_into(tmp_path))
        for stream in range(2):
            sink.open(RATE)
            sink.write(pcm(100, seed=stream))
            assert arrives(tmp_path, pcm(100, seed=stream))
            sink.stop()
        # Two streams and a standby; one more when a standby still starting in the
        # background lost the race to the next open's own (it was ended as stale).
        assert wait_for(lambda: len(saved(tmp_path)) >= 3, SETTLE), sorted(saved(tmp_path))
        sink.close()
        assert children() - before == set()

    def test_close_at_once_after_open_leaves_no_player(self) -> None:
        before = children()
        sinks = [PlayerSink([PlayerProgram("cat > /dev/null")]) for _ in range(20)]
        for sink in sinks:
            sink.open(RATE)
            sink.close()  # while the next standby is starting
        time.sleep(0.3)  # what a racing standby would need to start
        left = children() - before
        for sink in sinks:
            sink.close()
        assert left == set()


class TestClock:
    """The sink's clock is the time audio was fed plus the player's latency, read on the
    clock it is given: here a test's, which moves only when told."""

    @pytest.mark.parametrize("latency", [0.0, 0.25])
    def test_written_audio_is_heard_at_the_sample_rate(
        self, player: MakePlayer, latency: float
    ) -> None:
        clock = FakeClock()
        sink = player("cat > /dev/null", latency, clock)
        sink.open(RATE)
        began = clock.now()
        sink.write(pcm(RATE))
        assert sink.heard_at(0) == began + latency
        assert sink.heard_at(RATE // 2) == began + 0.5 + latency
        assert sink.heard_at(sink.written) == began + 1.0 + latency

    def test_a_player_that_ran_dry_starts_its_clock_again(self, player: MakePlayer) -> None:
        clock = FakeClock()
        sink = player("cat > /dev/null", 0.0, clock)
        sink.open(RATE)
        sink.write(pcm(RATE // 10))
        resumed = clock.now() + 0.3  # the first 0.1 s has been heard, and silence since
        clock.wait_until(resumed, threading.Event())
        sink.write(pcm(RATE // 10))
        assert sink.heard_at(RATE // 10) == resumed
        assert sink.heard_at(sink.written) == pytest.approx(resumed + 0.1)

    def test_audio_written_while_playing_is_heard_after_it(self, player: MakePlayer) -> None:
        clock = FakeClock()
        sink = player("cat > /dev/null", 0.0, clock)
        sink.open(RATE)
        began = clock.now()
        sink.write(pcm(RATE))
        clock.wait_until(began + 0.5, threading.Event())  # half of it heard
        sink.write(pcm(RATE))
        assert sink.heard_at(sink.written) == began + 2.0

    def test_wait_until_heard_waits_for_the_sample(self, player: MakePlayer) -> None:
        clock = FakeClock()
        sink = player("cat > /dev/null", 0.0, clock)
        sink.open(RATE)
        began = clock.now()
        sink.write(pcm(RATE // 5))
        assert sink.wait_until_heard(sink.written, threading.Event())
        assert clock.now() == pytest.approx(began + 0.2)
        cancelled = threading.Event()
        cancelled.set()
        sink.write(pcm(RATE))
        assert not sink.wait_until_heard(sink.written, cancelled)
        assert clock.now() == pytest.approx(began + 0.2)


# A player that is slow to start: once audio waits in its pipe it says so in the file
# argv[1], then reads nothing until the FIFO argv[2] is opened (its server "answers").
LATE_READER = """
import fcntl, os, sys, termios, time
from array import array
waiting = array("i", [0])
while not waiting[0]:
    fcntl.ioctl(0, termios.FIONREAD, waiting)
    time.sleep(0.001)
open(sys.argv[1], "w").close()
open(sys.argv[2]).read()
while os.read(0, 65536):
    pass
"""


class TestLateStart:
    """A player still connecting to its server when the first audio is written reads it
    late, and is heard that much later: the clock starts when it takes the audio."""

    @LINUX_ONLY
    def test_the_clock_starts_when_the_player_first_reads(
        self, player: MakePlayer, tmp_path: Path
    ) -> None:
        waiting, gate = tmp_path / "waiting", tmp_path / "gate"
        os.mkfifo(gate)
        clock = FakeClock()
        command = f"{shlex.quote(sys.executable)} -c {shlex.quote(LATE_READER)} {waiting} {gate}"
        sink = player(command, 0.25, clock)
        sink.open(RATE)
        began = clock.now()

        def answer_late() -> None:
            assert wait_for(waiting.exists, SETTLE)
            clock.wait_until(began + 3.0, threading.Event())
            gate.write_text("go")

        server = threading.Thread(target=answer_late)
        server.start()
        sink.write(pcm(RATE // 10))
        server.join(SETTLE)
        assert sink.heard_at(0) == began + 3.25
        assert sink.heard_at(sink.written) == pytest.approx(began + 3.35)

    def test_a_player_already_reading_starts_its_clock_at_the_write(
        self, player: MakePlayer
    ) -> None:
        clock = FakeClock()
        sink = player("cat > /dev/null", 0.25, clock)
        sink.open(RATE)
        began = clock.now()
        sink.write(pcm(RATE // 10))
        assert sink.heard_at(0) == began + 0.25


class TestPassingOver:
    """A player that cannot start, or dies in its first second, gives way to the next,
    which plays the whole stream: the listener hears speech, not an error."""

    @staticmethod
    def played(first: PlayerProgram, out: Path, pieces: list[bytes], gap: float) -> PlayerSink:
        """Write `pieces` a `gap` apart through `first`, with a player saving into `out`
        after it, and let them play out."""
        sink = PlayerSink([first, PlayerProgram(f"cat >> {shlex.quote(str(out))}", name="cat")])
        try:
            sink.open(RATE)
            for piece in pieces:
                sink.write(piece)
                time.sleep(gap)
            sink.finish(threading.Event())
        finally:
            sink.close()
        return sink

    def test_a_player_that_exits_at_once_gives_way(self, tmp_path: Path) -> None:
        out = tmp_path / "played.raw"
        audio = [pcm(RATE // 10, seed) for seed in range(8)]
        dead = PlayerProgram("echo Host is down >&2; exit 1", name="pw-play")
        sink = self.played(dead, out, audio, gap=0.02)
        assert out.read_bytes() == b"".join(audio)
        assert sink.program.name == "cat"
        assert sink.failures == ["pw-play exited at once (status 1)"]
        assert sink.written == 8 * RATE // 10

    def test_a_player_that_dies_young_is_replaced_with_what_it_had(self, tmp_path: Path) -> None:
        out = tmp_path / "played.raw"
        audio = [pcm(RATE // 20, seed) for seed in range(10)]
        dying = PlayerProgram("head -c 3000 > /dev/null; exit 2", name="dying")
        sink = self.played(dying, out, audio, gap=0.03)
        assert out.read_bytes() == b"".join(audio)  # from the first sample, none twice
        assert sink.failures and sink.failures[0].startswith("dying ")

    def test_a_program_that_is_not_there_gives_way(self, tmp_path: Path) -> None:
        out = tmp_path / "played.raw"
        missing = PlayerProgram("no-such-player-anywhere", name="missing")
        self.played(missing, out, [pcm(RATE // 10)], gap=0.0)
        assert out.read_bytes() == pcm(RATE // 10)

    def test_when_every_player_fails_the_message_names_them(self) -> None:
        sink = PlayerSink(
            [PlayerProgram("exit 1", name="pw-play"), PlayerProgram("exit 2", name="paplay")]
        )
        try:
            with pytest.raises(SinkError) as raised:
                sink.open(RATE)
                for _ in range(50):
                    sink.write(pcm(RATE // 50))
                    time.sleep(0.01)
        finally:
            sink.close()
        message = str(raised.value)
        assert "pw-play exited at once (status 1)" in message
        assert "paplay" in message and "status 2" in message
        assert "{rate}" not in message

    def test_a_player_that_fails_late_is_reported_not_replaced(
        self, player: MakePlayer, tmp_path: Path
    ) -> None:
        sink = player("head -c 40000 > /dev/null")  # takes 1.25 s of audio, then exits
        sink.open(RATE)
        with pytest.raises(SinkError, match="the audio player stopped"):
            for _ in range(300):
                sink.write(pcm(RATE // 50))
                time.sleep(0.01)


class TestKnownPlayers:
    def test_each_asks_for_a_small_buffer(self) -> None:
        """paplay's default 2 s buffer is heard 1.8 s late; every known player asks for
        at most 50 ms."""
        assert [program.name for program in KNOWN_PLAYERS] == ["pw-play", "paplay", "aplay"]
        assert "--latency=20ms" in KNOWN_PLAYERS[0].command
        assert "--latency-msec=30" in KNOWN_PLAYERS[1].command
        assert "--buffer-time=50000" in KNOWN_PLAYERS[2].command
        assert all(program.latency <= 0.05 for program in KNOWN_PLAYERS)
        assert all((program.on_pipewire or 0) <= 0.05 for program in KNOWN_PLAYERS)


class TestPlatforms:
    """How a player is started and ended on each system (Windows has no process groups to
    kill and no shell to start through)."""

    class FakePopen:
        """Records how it was started and how it was ended."""

        started: ClassVar[dict[str, object]] = {}

        def __init__(self, command: str, **options: object) -> None:
            type(self).started = {"command": command, **options}
            self.pid = 4321
            self.stdin = None
            self.killed = False

        def kill(self) -> None:
            self.killed = True

        def wait(self) -> int:
            return -9

    @pytest.mark.parametrize("platform", ["linux", "darwin"])
    def test_posix_starts_a_shell_in_its_own_group_and_kills_the_group(
        self, monkeypatch: pytest.MonkeyPatch, platform: str
    ) -> None:
        killed: list[tuple[int, int]] = []
        monkeypatch.setattr(sys, "platform", platform)
        monkeypatch.setattr(subprocess, "Popen", self.FakePopen)
        monkeypatch.setattr(os, "killpg", lambda pid, sig: killed.append((pid, sig)))
        process = start_player("aplay -r 22050")
        assert self.FakePopen.started["shell"] is True
        assert self.FakePopen.started["start_new_session"] is True
        assert self.FakePopen.started["creationflags"] == 0  # POSIX refuses any other
        end_player(process)
        assert killed == [(4321, signal.SIGKILL)]

    def test_windows_starts_the_program_in_a_new_group_and_kills_it(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(sys, "platform", "win32")
        monkeypatch.setattr(subprocess, "Popen", self.FakePopen)
        monkeypatch.setattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0x200, raising=False)
        monkeypatch.setattr(subprocess, "CREATE_NO_WINDOW", 0x8000000, raising=False)
        monkeypatch.setattr(
            os, "killpg", lambda *_: pytest.fail("no killpg on Windows"), raising=False
        )
        process = start_player("my-player.exe --rate 22050")
        assert self.FakePopen.started["shell"] is False
        assert self.FakePopen.started["creationflags"] == 0x200 | 0x8000000
        assert self.FakePopen.started["start_new_session"] is False
        end_player(process)
        assert process.killed  # type: ignore[attr-defined]
