"""A player command's process: started in a group of its own with its output going
nowhere, and ended with everything it started."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
from array import array

from reader.speech.process_group import kill_group, own_group

POLL = 0.0005  # seconds between looks at a player's pipe while it starts reading


def start_player(command: str) -> subprocess.Popen[bytes]:
    """The command running in a group of its own, its output going nowhere."""
    group = own_group()
    shell, creationflags = True, group.creationflags
    if sys.platform == "win32":  # no shell there, and no console window either
        shell, creationflags = False, creationflags | subprocess.CREATE_NO_WINDOW
    return subprocess.Popen(
        command,
        shell=shell,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=group.start_new_session,
        creationflags=creationflags,
    )


def end_player(process: subprocess.Popen[bytes] | None) -> None:
    """Kill a player with everything it started, at once."""
    if process is None:
        return
    kill_group(process)
    if process.stdin is not None:
        with contextlib.suppress(OSError):
            process.stdin.close()
    process.wait()


def exit_reason(process: subprocess.Popen[bytes] | None) -> str:
    """Why a player is no use: it never started, it exited, or it stopped taking audio."""
    if process is None:
        return "did not start"
    status = process.poll()
    return f"exited at once (status {status})" if status is not None else "stopped taking audio"


def unread(process: subprocess.Popen[bytes]) -> int | None:
    """Bytes waiting in the player's stdin pipe, not yet read; None where the system does
    not say (a Linux pipe tells from either end; other systems' write ends may not)."""
    if sys.platform != "linux" or process.stdin is None:
        return None
    import fcntl
    import termios

    count = array("i", [0])
    try:
        fcntl.ioctl(process.stdin.fileno(), termios.FIONREAD, count)
    except (OSError, ValueError):  # closed by a stop meanwhile
        return None
    return count[0]


def wait_for_first_read(process: subprocess.Popen[bytes], sent: int, limit: float) -> bool:
    """Wait until the player has read some of the `sent` bytes in its pipe; False if it
    ended, the system cannot say, or `limit` seconds went by first."""
    deadline = time.monotonic() + limit
    while (waiting := unread(process)) is not None and process.poll() is None:
        if waiting < sent:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(POLL)
    return False
