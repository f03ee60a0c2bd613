"""The pyttsx3 worker processes, seen from the engine: each started in a process group of
its own and killed to stop it, and a standby kept warm beside the active one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
from contextlib import suppress
from pathlib import Path

import reader
from reader.speech.engine import EngineUnavailable, VoiceSettings
from reader.speech.process_group import kill_group, own_group
from reader.speech.pyttsx3_wire import (
    Audio,
    Failure,
    Message,
    Ready,
    audio_path,
    encode_request,
    read_message,
)

START_TIMEOUT = 10.0  # seconds for a worker to load pyttsx3 and speak its warm-up


class WorkerGone(Exception):
    """The worker's pipe closed: it was killed, or it crashed."""


class WorkerProcess:
    """One worker process, from start to kill."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        group = own_group()  # killed as one; Ctrl+C at the terminal reaches reader alone
        self.process = subprocess.Popen(
            [sys.executable, "-m", "reader.speech.pyttsx3_worker", str(folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=_worker_environment(),
            start_new_session=group.start_new_session,
            creationflags=group.creationflags,
        )
        self._greeting: Ready | None = None
        self._timed_out = False

    def ready(self) -> Ready:
        """The worker's greeting, waited for once (at most START_TIMEOUT)."""
        if self._greeting is None:
            self._greeting = self._await_greeting()
        return self._greeting

    def request(self, text: str, settings: VoiceSettings) -> None:
        """Ask for one piece of speech."""
        assert self.process.stdin
        try:
            self.process.stdin.write(encode_request(text, settings))
            self.process.stdin.flush()
        except (BrokenPipeError, ValueError) as error:  # ValueError: pipe closed by end()
            raise WorkerGone(self._status()) from error

    def audio(self) -> Audio:
        """The answer to the oldest request."""
        message = self._receive()
        if isinstance(message, Failure):
            raise EngineUnavailable(message.message)
        if not isinstance(message, Audio):
            raise WorkerGone(f"unexpected {type(message).__name__}")
        return message

    def kill(self) -> None:
        """Kill the worker's process group at once; safe from any thread, and repeatable."""
        if self.process.returncode is None:  # else its pid may be another process's now
            kill_group(self.process)

    def end(self) -> None:
        """Kill, reap, close the pipes and remove the file a killed worker leaves."""
        self.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe:
                with suppress(OSError):
                    pipe.close()
        audio_path(self.folder, self.process.pid).unlink(missing_ok=True)

    def _await_greeting(self) -> Ready:
        watchdog = threading.Timer(START_TIMEOUT, self._time_out)
        watchdog.start()
        try:
            message = self._receive()
        finally:
            watchdog.cancel()
        if isinstance(message, Failure):
            raise EngineUnavailable(f"pyttsx3 cannot run here: {message.message}")
        if not isinstance(message, Ready):
            raise WorkerGone(f"unexpected {type(message).__name__}")
        return message

    def _time_out(self) -> None:
        self._timed_out = True
        self.kill()

    def _receive(self) -> Message:
        assert self.process.stdout
        try:
            message = read_message(self.process.stdout)
        except ValueError as error:  # a closed pipe, or a garbled line
            raise WorkerGone(self._status()) from error
        if message is None:
            raise WorkerGone(self._status())
        return message

    def _status(self) -> str:
        if self._timed_out:
            return f"it did not start within {START_TIMEOUT:.0f} s"
        try:
            return f"exit code {self.process.wait(timeout=1)}"
        except subprocess.TimeoutExpired:
            return "its output ended"


def _worker_environment() -> dict[str, str]:
    """Our environment, with this `reader` package first on the worker's path."""
    environment = dict(os.environ)
    root = str(Path(reader.__file__).resolve().parent.parent)
    paths = [root, *filter(None, environment.get("PYTHONPATH", "").split(os.pathsep))]
    environment["PYTHONPATH"] = os.pathsep.join(paths)
    return environment


class Workers:
    """The active worker and its standby, and the folder they write in."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="reader-pyttsx3-"))
        self._lock = threading.Lock()
        self.active = WorkerProcess(self.folder)
        self._standby: WorkerProcess | None = None
        self._closed = False

    def start_standby(self) -> None:
        """Start the worker that takes over after a stop (it warms up on its own)."""
        with self._lock:
            if not self._closed and self._standby is None:
                self._standby = WorkerProcess(self.folder)

    def replace_active(self) -> None:
        """End the active worker; the standby takes its place and a new standby starts."""
        with self._lock:
            if self._closed:
                return
            retired = self.active
            self.active = self._standby or WorkerProcess(self.folder)
            self._standby = None
        retired.end()
        self.start_standby()

    def close(self) -> None:
        """End both workers and remove the folder."""
        with self._lock:
            self._closed = True
            workers = [self.active, self._standby]
            self._standby = None
        for worker in workers:
            if worker:
                worker.end()
        shutil.rmtree(self.folder, ignore_errors=True)
