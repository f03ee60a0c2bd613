"""The reading room in a real terminal: `python -m reader` inside tmux, driven by keys.

This is the whole program as a person starts it: the speech engine it picks for itself,
an audio player (a fake one that appends raw PCM to a file), the quiet terminal, and
Textual's own terminal driver. Every wait polls the screen up to a deadline.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers import ROOT, SEED

WIDTH, HEIGHT = 100, 30
DEADLINE = 10.0  # seconds for any one thing to show; a loaded machine still makes it
POLL = 0.05


class Terminal:
    """One tmux server of our own, with the app in its only pane."""

    def __init__(self, socket: str, config: Path) -> None:
        self.socket = socket
        self.config = config
        self.screens: list[str] = []  # every screen captured, to look for tracebacks

    def tmux(self, *args: str) -> str:
        """Run a tmux command against our own server; its output."""
        done = subprocess.run(
            ["tmux", "-L", self.socket, "-f", str(self.config), *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=DEADLINE,
        )
        return done.stdout

    def start(self, command: str, env: dict[str, str]) -> None:
        """Start the server (with `env` as its environment) running `command`."""
        subprocess.run(
            [
                "tmux",
                "-L",
                self.socket,
                "-f",
                str(self.config),
                "new-session",
                "-d",
                "-s",
                "reader",
                "-x",
                str(WIDTH),
                "-y",
                str(HEIGHT),
                "-c",
                str(ROOT),
                command,
            ],
            env=env,
            check=True,
            timeout=DEADLINE,
        )

    def screen(self) -> str:
        """What the pane shows now."""
        shown = self.tmux("capture-pane", "-p", "-t", "reader")
        self.screens.append(shown)
        return shown

    def keys(self, *keys: str) -> None:
        """Type keys, tmux key names (`Space`, `Escape`) or plain characters."""
        self.tmux("send-keys", "-t", "reader", *keys)

    def wait_for(self, text: str) -> str:
        """Wait until `text` is on screen; the screen."""
        shown = ""
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(POLL)
        pytest.fail(f"{text!r} never showed; the screen was:\n{shown}")

    def dead(self) -> bool:
        """Whether the app in the pane has exited."""
        return self.tmux("list-panes", "-t", "reader", "-F", "#{pane_dead}").strip() == "1"

    def kill(self) -> None:
        """Stop the server and everything in it, and remove its socket (which tmux
        leaves behind)."""
        where = subprocess.run(
            ["tmux", "-L", self.socket, "display-message", "-p", "#{socket_path}"],
            capture_output=True,
            text=True,
            check=False,
            timeout=DEADLINE,
        )
        subprocess.run(
            ["tmux", "-L", self.socket, "kill-server"],
            capture_output=True,
            check=False,
            timeout=DEADLINE,
        )
        if where.returncode == 0 and where.stdout.strip():
            Path(where.stdout.strip()).unlink(missing_ok=True)


def wait_until(what: str, done: Callable[[], bool]) -> None:
    """Poll `done` until it is true, failing after the deadline."""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        if done():
            return
        time.sleep(POLL)
    pytest.fail(f"timed out waiting for {what}")


def size(path: Path) -> int:
    """Bytes in `path`, 0 if it is not there yet."""
    return path.stat().st_size if path.exists() else 0


def steady(path: Path) -> bool:
    """Whether `path` stops growing for a moment (the last announcement is all written)."""
    before = size(path)
    time.sleep(0.3)
    return size(path) == before


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    """A tmux server of our own, killed whatever happens."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed; it is needed to drive reader in a real terminal")
    config = tmp_path / "tmux.conf"
    # No status bar, so the pane is the whole 100x30; the pane stays after the app exits,
    # so its exit status and last screen can be read; TERM as a common desktop terminal.
    settings = [
        "set -g status off",
        "set -g remain-on-exit on",
        "set -g default-terminal xterm-256color",
    ]
    config.write_text("\n".join(settings) + "\n", encoding="utf-8")
    terminal = Terminal(f"reader-test-{os.getpid()}-{uuid.uuid4().hex[:8]}", config)
    try:
        yield terminal
    finally:
        terminal.kill()


def test_a_person_reads_a_review_in_a_real_terminal(terminal: Terminal, tmp_path: Path) -> None:
    """Open, move by section and by number, play, stop, help, quit: each shows on screen,
    play reaches the audio player, and nothing but the app is ever written."""
    assert (ROOT / "reader" / "__main__.py").exists()
    audio = tmp_path / "audio.raw"
    state = tmp_path / "state"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("NO_COLOR", "TMUX", "TMUX_PANE")  # not nested in the user's tmux
    }
    env |= {
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_STATE_HOME": str(state),
        "READER_PLAYER": f"cat >> {shlex.quote(str(audio))}",
        "TERM": "xterm-256color",
    }
    # The shell notes reader's exit status: tmux's own #{pane_dead_status} is sometimes
    # left empty when it has not reaped the process yet.
    status = tmp_path / "status"
    reader = shlex.join([sys.executable, "-m", "reader", str(SEED.relative_to(ROOT))])
    terminal.start(f"{reader}; echo $? > {shlex.quote(str(status))}", env)

    terminal.wait_for("1 Litre Of Tears · review 1 of 1")
    terminal.keys("h")
    terminal.wait_for("Section 2 of 4, Synopsis")
    terminal.keys("3")
    terminal.wait_for("Section 3 of 4, Review")
    terminal.wait_for("┃ Review ")  # the reading pane's heading, not the outline's line

    wait_until("the announcements' audio to be written", lambda: steady(audio))
    before = size(audio)
    terminal.keys("Space")
    terminal.wait_for("Playing ·")
    wait_until("the player to receive the review's audio", lambda: size(audio) > before)

    terminal.keys("Escape")
    terminal.wait_for("Stopped ·")
    terminal.keys("?")
    terminal.wait_for("Keys (escape closes)")
    terminal.keys("Escape")
    wait_until("help to close", lambda: "Keys (escape closes)" not in terminal.screen())

    terminal.keys("q")
    wait_until("reader to exit", lambda: status.exists() and terminal.dead())
    assert status.read_text(encoding="utf-8").strip() == "0"
    # Back on the normal screen, nothing may have been printed: the quiet terminal sends
    # whatever speech libraries write to the log instead.
    after = terminal.screen()
    printed = [line for line in after.splitlines() if line.strip() and "Pane is dead" not in line]
    assert printed == [], after
    assert not any("Traceback" in screen for screen in terminal.screens)
    log = state / "reader" / "reader.log"
    if log.exists():
        assert "Traceback" not in log.read_text(encoding="utf-8")
