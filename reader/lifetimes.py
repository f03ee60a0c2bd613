"""Worker processes that end with the process that started them.

A forked worker waiting on its pipe does not notice the main process being killed
(SIGKILL, SIGTERM, the SIGHUP of a closed terminal): the workers forked after it hold
copies of the main process's end of its pipe, so the pipe never reads as closed, and it
would wait, holding its memory, for ever. So each worker asks to end with its parent: on
Linux the kernel kills it when the parent dies (prctl's PR_SET_PDEATHSIG); elsewhere a
thread looks every half second for the parent to have gone.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1  # prctl: the signal a process gets when its parent ends
_WATCH_EVERY = 0.5  # seconds between looks at the parent, where the kernel does not tell


def end_with(parent: int) -> None:
    """End this process when `parent` (the process that started it, its pid taken there,
    before it started this one) ends, or at once if it already has."""
    if sys.platform == "linux":
        # Sent when the thread that forked this process ends: reader forks workers from
        # its main thread, which ends only with the process.
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    else:
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # it ended before that took hold
        os._exit(1)


def _watch(parent: int) -> None:
    """In a thread: end the process once its parent has gone (it is then another's)."""
    while os.getppid() == parent:
        time.sleep(_WATCH_EVERY)
    os._exit(1)
