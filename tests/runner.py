"""Running reader as its users do, `python -m reader ARGS` in a subprocess from the
repository root, with settings, state and data folders of the test's own (the cache
folder is the run's, from conftest's `shared_cache`)."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers import ROOT

from reader.plain.lines import WIDTH

DEADLINE = 120.0  # seconds a run may take before the test fails; never a measurement
# The folders reader keeps things in, each under the test's own folder.
FOLDERS = {
    "XDG_CONFIG_HOME": "config",
    "XDG_STATE_HOME": "state",
    "XDG_DATA_HOME": "data",  # installed Piper voices
}
# Never passed on: a forced output encoding, the terminal's type and the user's player.
# COLUMNS and LINES: test workers set them, and Textual would take them over the terminal.
LEFT_OUT = ("PYTHONIOENCODING", "READER_PLAYER", "TERM", "COLUMNS", "LINES")

BOX_DRAWING = re.compile("[\u2500-\u257f]")

Env = dict[str, str]


@dataclass(frozen=True)
class Run:
    """What one run printed, and its exit status."""

    code: int
    raw: bytes  # standard output, byte for byte
    err: str

    @property
    def out(self) -> str:
        """Standard output as text (a byte that is not UTF-8 shows as U+FFFD)."""
        return self.raw.decode("utf-8", errors="replace")

    @property
    def lines(self) -> list[str]:
        """Standard output, line by line."""
        return self.out.splitlines()

    @property
    def payload(self) -> dict[str, Any]:
        """Standard output parsed as JSON."""
        value = json.loads(self.out)
        assert isinstance(value, dict)
        return value


def environment(folder: Path, player: str | None = None) -> Env:
    """This process's environment for runs that keep their settings, state and data under
    `folder`: no forced encoding, terminal type or audio player, but `player` if given."""
    kept = {key: value for key, value in os.environ.items() if key not in LEFT_OUT}
    folders = {name: str(folder / below) for name, below in FOLDERS.items()}
    return kept | folders | ({} if player is None else {"READER_PLAYER": player})


def python(
    env: Mapping[str, str], *args: str, stdin: bytes = b"", timeout: float = DEADLINE
) -> Run:
    """Run `python ARGS` to its end. Each run is a session of its own, with no controlling
    terminal, so nothing it does reaches the keyboard or screen the tests run on."""
    done = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        timeout=timeout,
        check=False,
        start_new_session=True,
    )
    return Run(done.returncode, done.stdout, done.stderr.decode("utf-8", errors="replace"))


def reader(
    env: Mapping[str, str], *args: str, stdin: bytes = b"", timeout: float = DEADLINE
) -> Run:
    """Run `python -m reader ARGS` to its end; a traceback is always a failure."""
    run = python(env, "-m", "reader", *args, stdin=stdin, timeout=timeout)
    assert "Traceback" not in run.err, run.err
    return run


def plain(env: Mapping[str, str], *args: str, typed: str = "", stdin: bytes | None = None) -> Run:
    """Run `python -m reader --plain ARGS` with `typed` piped in as the commands (or
    `stdin`), and check that it printed plain lines only."""
    run = reader(env, "--plain", *args, stdin=typed.encode("utf-8") if stdin is None else stdin)
    assert_plain(run.raw)
    return run


def assert_plain(output: bytes) -> None:
    """Plain lines only: no escape byte, no box drawing, nothing wider than a braille line."""
    assert b"\x1b" not in output
    text = output.decode("utf-8")
    assert not BOX_DRAWING.search(text)
    assert "\x9b" not in text and "\x07" not in text
    for line in text.replace("\r\n", "\n").split("\n"):
        assert len(line) <= WIDTH, line


def start(env: Mapping[str, str], *args: str, **options: Any) -> subprocess.Popen[Any]:
    """Start `python -m reader ARGS` in a session of its own; `options` are Popen's (its
    streams, `text`)."""
    return subprocess.Popen(
        [sys.executable, "-m", "reader", *args],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        **options,
    )


@contextmanager
def piped(env: Mapping[str, str], *args: str) -> Iterator[subprocess.Popen[bytes]]:
    """reader started with pipes for stdin, stdout and stderr; yields it, and kills it
    after if it is still running."""
    process = start(
        env, *args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@contextmanager
def on_a_terminal(
    env: Mapping[str, str], *args: str, **options: Any
) -> Iterator[tuple[subprocess.Popen[Any], int]]:
    """reader started with a pseudo-terminal as its stdin and stdout (stderr too unless
    `options` say otherwise); yields it and the terminal's other end, and ends it after."""
    master, slave = pty.openpty()
    streams: dict[str, Any] = {"stdin": slave, "stdout": slave, "stderr": slave}
    process = start(env, *args, **(streams | options))
    os.close(slave)
    try:
        yield process, master
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=120)
        if process.stderr is not None:
            process.stderr.close()
        os.close(master)
