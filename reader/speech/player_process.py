"""A player command's process: started in a group of its own with its output going
nowhere, and ended with everything it started."""

from __future__ import annotations

import contextlib
import subprocess
import sys

from reader.speech.process_group import kill_group, own_group


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
