"""Private PulseAudio and PipeWire servers for tests, and a recorder of what their sink heard."""

from __future__ import annotations

import math
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import NoReturn, Self

import pytest

SINK = "nullsink"
RATE = 48_000
READY_SECONDS = 10.0
STOP_SECONDS = 3.0
# eSpeak at full volume peaks around 10,000-30,000; a null sink's silence is exact zeros.
THRESHOLD = 1_000
# 2 ms: shorter than any gap between words, longer than half a period of a 440 Hz tone.
WINDOW_SECONDS = 0.002

# parec on the sink's monitor: mono, 5 ms chunks, so that each chunk's arrival dates it.
MONITOR = (
    "parec",
    f"--device={SINK}.monitor",
    "--raw",
    "--format=s16le",
    f"--rate={RATE}",
    "--channels=1",
    "--latency-msec=5",
)

PROGRAMS = {
    "pulseaudio": ("pulseaudio", "pactl", "parec", "paplay"),
    "pipewire": ("pipewire", "wireplumber", "pipewire-pulse", "dbus-daemon", "pactl", "parec"),
}
PACKAGES = {
    "pulseaudio": "pulseaudio pulseaudio-utils",
    "pipewire": "pipewire pipewire-bin pipewire-pulse wireplumber dbus pulseaudio-utils",
}

PULSE_SCRIPT = """\
load-module module-native-protocol-unix socket={socket} auth-anonymous=1
load-module module-null-sink sink_name={sink} rate={rate} channels=2
set-default-sink {sink}
suspend-sink {sink} 1
"""

# 1024 frames (21 ms at 48 kHz) is PipeWire's own default quantum, what a desktop runs when
# no client asks for less. It is fixed: the recorder's 5 ms request would otherwise shrink
# it to 256, better than a desktop, and a lone client with a long buffer would grow it to 2048.
# The null sink drives the graph on the system clock: its priority.driver beats the
# Dummy-Driver's 20000.
PIPEWIRE_DROP_IN = """\
context.properties = {{
    default.clock.rate = {rate}
    default.clock.quantum = 1024
    default.clock.min-quantum = 1024
    default.clock.max-quantum = 1024
}}
context.objects = [
    {{ factory = adapter
        args = {{
            factory.name = support.null-audio-sink
            node.name = "{sink}"
            node.description = "Null sink for tests"
            media.class = "Audio/Sink"
            audio.position = "FL,FR"
            audio.rate = {rate}
            object.linger = true
            priority.driver = 30000
            priority.session = 30000
        }}
    }}
]
"""


def available_servers() -> dict[str, str | None]:
    """For each server, None when it can run here, else why not and how to install it."""
    return {name: missing_reason(name) for name in PROGRAMS}


def missing_reason(name: str) -> str | None:
    """Why the named server cannot run here, or None when every program it needs is found."""
    missing = [program for program in PROGRAMS[name] if shutil.which(program) is None]
    if not missing:
        return None
    return f"{name} is not installed (no {', '.join(missing)}): apt-get install {PACKAGES[name]}"


def require(name: str) -> None:
    """Skip when the server cannot run here; on CI, which installs it, fail instead."""
    reason = missing_reason(name)
    if reason is not None:
        skip_unless_ci(reason)


def skip_unless_ci(reason: str) -> NoReturn:
    """Skip the test, but fail it on CI (CI=true), where nothing may be missing."""
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


class StoppedOnExit:
    """A context manager whose block ends with `stop()`, however it ends."""

    def stop(self) -> object:
        """Stop what was started."""
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()


@dataclass
class SoundServer(StoppedOnExit):
    """A running private server: its folder, the variables that reach it, and its processes."""

    name: str
    folder: Path
    env: dict[str, str]
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    recorders: list[Recorder] = field(default_factory=list)
    stopped: bool = False

    @property
    def pids(self) -> list[int]:
        """Every process this server started, in start order."""
        return [process.pid for process in self.processes]

    def client_env(self) -> dict[str, str]:
        """A whole environment for a client process of this server."""
        return os.environ | self.env

    def spawn(self, program: str, *args: str) -> None:
        """Start one process of the server, its output going to a log in the folder."""
        with (self.folder / f"{program}.log").open("ab") as log:
            self.processes.append(
                subprocess.Popen(
                    [program, *args],
                    env=self.client_env(),
                    cwd=self.folder,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )

    def pactl(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run pactl against this server."""
        return subprocess.run(
            ["pactl", *args],
            env=self.client_env(),
            capture_output=True,
            text=True,
            timeout=READY_SECONDS,
            check=False,
        )

    def wait_for(self, what: str, condition: Callable[[], bool]) -> None:
        """Poll the condition, bounded; fail with the logs if it stays false or a process dies."""
        deadline = time.monotonic() + READY_SECONDS
        while not condition():
            self.check_alive()
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name}: no {what} in {READY_SECONDS} s\n{self.logs()}")
            time.sleep(0.005)

    def wait_until_answers(self) -> None:
        """Wait until the server answers, with the null sink as its default."""
        self.wait_for("answer", lambda: f"Default Sink: {SINK}" in self.pactl("info").stdout)

    def keep_sink_awake(self) -> None:
        """Record the monitor for the server's whole life, and wait until that flows."""
        # PulseAudio's idle null sink renders 2 s blocks, and a new stream waits for the
        # current one to end. Its script starts it suspended; resumed once this 5 ms recorder
        # is attached, it renders 5 ms blocks from then on, so recordings start at once.
        self.spawn(*MONITOR, os.devnull)
        self.wait_for("recorder", lambda: "parec" in self.pactl("list", "source-outputs").stdout)
        self.pactl("suspend-sink", SINK, "0")
        # On PipeWire a recording that flows also proves that WirePlumber links streams.
        self.record().stop()

    def check_alive(self) -> None:
        """Fail with the logs when a process of the server has died."""
        for process in self.processes:
            if process.poll() is not None:
                raise RuntimeError(
                    f"{process.args!r} exited with {process.returncode}\n{self.logs()}"
                )

    def logs(self) -> str:
        """Every log of the server, and reader's of runs in its folder, for failure messages."""
        return "\n".join(
            f"--- {log.relative_to(self.folder)}\n{log.read_text(errors='replace')}"
            for log in sorted(self.folder.rglob("*.log"))
        )

    def record(self) -> Recorder:
        """Start recording the null sink's monitor."""
        recorder = Recorder(self.client_env())
        self.recorders.append(recorder)
        recorder.start()
        return recorder

    def stop(self) -> None:
        """Stop every process, last started first, and fail if any is still there."""
        if self.stopped:
            return
        self.stopped = True
        # A test that failed mid-recording leaves its recorder to us.
        for recorder in self.recorders:
            recorder.stop()
        for process in reversed(self.processes):
            stop_child(process)
        left = [pid for pid in self.pids if alive(pid)]
        if left:
            raise RuntimeError(f"{self.name} left processes behind: {left}")


def start_pulseaudio(folder: Path) -> SoundServer:
    """A PulseAudio with a clocked null sink, reachable by whoever gets its env."""
    socket = folder / "native"
    script = folder / "server.pa"
    script.write_text(PULSE_SCRIPT.format(socket=socket, sink=SINK, rate=RATE))
    server = SoundServer(
        "pulseaudio", folder, home_env(folder) | {"PULSE_SERVER": f"unix:{socket}"}
    )
    return started(
        server,
        lambda: server.spawn(
            "pulseaudio",
            "-n",
            "--daemonize=no",
            "--system=false",
            "--exit-idle-time=-1",
            "--use-pid-file=no",
            "--realtime=no",
            "--high-priority=no",
            "--log-target=stderr",
            f"--file={script}",
        ),
    )


def start_pipewire(folder: Path) -> SoundServer:
    """PipeWire, WirePlumber and pipewire-pulse on their own session bus, with a null sink."""
    drop_ins = folder / "config" / "pipewire" / "pipewire.conf.d"
    drop_ins.mkdir(parents=True)
    (drop_ins / "nullsink.conf").write_text(PIPEWIRE_DROP_IN.format(sink=SINK, rate=RATE))
    bus = folder / "bus"
    env = home_env(folder) | {
        "XDG_CONFIG_HOME": str(folder / "config"),
        "PIPEWIRE_RUNTIME_DIR": str(folder),
        "DBUS_SESSION_BUS_ADDRESS": f"unix:path={bus}",
        "PULSE_SERVER": f"unix:{folder / 'pulse' / 'native'}",
    }
    server = SoundServer("pipewire", folder, env)

    def launch() -> None:
        start_session_bus(server, bus)
        server.spawn("pipewire")
        # Its clients exit at once, rather than retry, if its socket is not there yet.
        server.wait_for("PipeWire socket", (folder / "pipewire-0").exists)
        server.spawn("wireplumber")
        server.spawn("pipewire-pulse")

    return started(server, launch)


STARTERS: dict[str, Callable[[Path], SoundServer]] = {
    "pulseaudio": start_pulseaudio,
    "pipewire": start_pipewire,
}


@contextmanager
def running(name: str) -> Iterator[SoundServer]:
    """The named server in a temporary folder; neither outlives the block."""
    # A short folder in /tmp: a socket's path must fit in 108 bytes.
    with (
        tempfile.TemporaryDirectory(prefix=f"reader-sound-{name}-") as folder,
        STARTERS[name](Path(folder)) as server,
    ):
        yield server


def home_env(folder: Path) -> dict[str, str]:
    """Variables that keep a server and its clients inside the folder."""
    return {"HOME": str(folder), "XDG_RUNTIME_DIR": str(folder)}


def start_session_bus(server: SoundServer, bus: Path) -> None:
    """A session D-Bus for the server, listening at the path."""
    # Not --fork: a forked daemon's parent is pid 1, which may be slow to reap it, so a
    # stopped bus would linger as a zombie; as our child it is reaped when it is stopped.
    server.spawn(
        "dbus-daemon", "--session", "--nofork", "--nopidfile", f"--address=unix:path={bus}"
    )
    server.wait_for("session bus", bus.exists)


def started(server: SoundServer, launch: Callable[[], None]) -> SoundServer:
    """Launch the server and wait for it; stop whatever did start when that fails."""
    try:
        launch()
        server.wait_until_answers()
        server.keep_sink_awake()
    except BaseException:
        server.stop()
        raise
    return server


def stop_child(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL when it has not gone within the bounded wait."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(STOP_SECONDS)


def alive(pid: int) -> bool:
    """Whether the pid is a live process; a zombie is dead, whoever is left to reap it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] not in "ZX"


class Recorder(StoppedOnExit):
    """parec on the sink's monitor, read in a thread that notes when each chunk arrived."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.chunks: list[bytes] = []
        self.received = 0
        # Each chunk's last sample reached the sink no later than the chunk reached us.
        self.anchor = float("inf")
        self.bounds: list[tuple[float, float]] = []  # each chunk's arrival and that bound
        self.first_chunk = threading.Event()
        self.process: subprocess.Popen[bytes] | None = None
        self.thread = threading.Thread(target=self.read, daemon=True)
        self.result: Recording | None = None

    def start(self) -> None:
        """Start parec and wait until audio flows, so that nothing played after is missed."""
        self.process = subprocess.Popen(
            MONITOR,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.thread.start()
        if not self.first_chunk.wait(READY_SECONDS):
            self.stop()
            raise RuntimeError(f"parec recorded nothing in {READY_SECONDS} s")

    def read(self) -> None:
        """Read until parec ends, keeping the tightest bound on when sample 0 was heard."""
        assert self.process is not None and self.process.stdout is not None
        descriptor = self.process.stdout.fileno()
        while chunk := os.read(descriptor, 1 << 16):
            arrived = time.monotonic()
            self.chunks.append(chunk)
            self.received += len(chunk)
            bound = arrived - (self.received // 2) / RATE
            self.anchor = min(self.anchor, bound)
            self.bounds.append((arrived, bound))
            self.first_chunk.set()

    def stop(self) -> Recording:
        """Stop parec and return what it heard; stopping twice returns the same recording."""
        if self.result is None:
            self.end()
            data = b"".join(self.chunks)
            samples = array("h", data[: len(data) - len(data) % 2])
            # Samples lost on the way (parec overrun) would make every later bound later
            # by as much: the tightest of the last second's bounds tells.
            end = self.bounds[-1][0] if self.bounds else 0.0
            late = min((bound for at, bound in self.bounds if at > end - 1.0), default=self.anchor)
            self.result = Recording(samples, RATE, self.anchor, slipped=late - self.anchor)
        return self.result

    def end(self) -> None:
        """Stop parec, then its reader, then close the pipe between them."""
        if self.process is None:
            return
        stop_child(self.process)
        if self.thread.ident is not None:
            self.thread.join(STOP_SECONDS)
        if self.process.stdout is not None:
            self.process.stdout.close()


@dataclass(frozen=True)
class Recording:
    """Mono 16-bit samples of the sink, and the time.monotonic() at which sample 0 was heard."""

    samples: array[int]
    rate: int
    anchor: float
    # How much later the recording's end was dated than its start: samples lost by the
    # recorder (a loaded machine), which make every sound after them seem earlier.
    slipped: float = 0.0

    def time_of(self, index: int) -> float:
        """When sample `index` was at the sink, on time.monotonic()'s clock."""
        return self.anchor + index / self.rate

    def index_at(self, moment: float) -> int:
        """The first sample at or after the moment."""
        return max(0, math.ceil((moment - self.anchor) * self.rate))

    def loud_windows(self, threshold: int) -> list[int]:
        """Start indices of the windows whose peak reaches the threshold."""
        size = self.window()
        samples = self.samples
        return [
            start
            for start in range(0, len(samples), size)
            if max(samples[start : start + size]) >= threshold
            or min(samples[start : start + size]) <= -threshold
        ]

    def window(self) -> int:
        """Samples in one analysis window."""
        return max(1, round(self.rate * WINDOW_SECONDS))

    def first_loud(self, start: int, threshold: int) -> int | None:
        """Index of the first sample from `start` on whose amplitude reaches the threshold."""
        for index in range(start, len(self.samples)):
            if abs(self.samples[index]) >= threshold:
                return index
        return None

    def onsets(self, threshold: int = THRESHOLD, min_gap: float = 0.05) -> list[float]:
        """Times at which sound starts after at least `min_gap` seconds of silence."""
        size = self.window()
        found: list[float] = []
        last_end: int | None = None
        for start in self.loud_windows(threshold):
            if last_end is None or (start - last_end) / self.rate >= min_gap:
                first = self.first_loud(start, threshold)
                assert first is not None
                found.append(self.time_of(first))
            last_end = start + size
        return found

    def first_sound_after(self, moment: float, threshold: int = THRESHOLD) -> float | None:
        """When the first sound at or after the moment was heard, or None if none was."""
        index = self.first_loud(self.index_at(moment), threshold)
        return None if index is None else self.time_of(index)

    def last_sound(self, threshold: int = THRESHOLD) -> float | None:
        """When the last loud sample was heard, or None for a silent recording."""
        for index in range(len(self.samples) - 1, -1, -1):
            if abs(self.samples[index]) >= threshold:
                return self.time_of(index)
        return None

    def sound_seconds(self, threshold: int = THRESHOLD) -> float:
        """How much sound was heard: the loud windows, added up."""
        return len(self.loud_windows(threshold)) * self.window() / self.rate

    def silent_after(self, moment: float, threshold: int = THRESHOLD) -> bool:
        """Whether nothing was heard from the moment on."""
        return self.first_sound_after(moment, threshold) is None
