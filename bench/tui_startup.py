"""Time from starting `reader PATH` to the first screen painted with a review, as a user
sees it.

Each run spawns a process in a pseudo-terminal of 100x30 (TERM=xterm-256color, fresh
XDG_CONFIG_HOME and XDG_STATE_HOME, READER_PLAYER="cat > /dev/null"), reads what it
writes to the terminal until a marker appears, notes the time, sends "q" and waits for
the exit (killing it after `QUIT_TIMEOUT_S`). The marker is the review's title: Textual
writes it as one run of text between escape sequences (checked on the seed review: the
title line is `ESC[...m1 Litre Of Tears · review 1 of 1ESC[0m`), so it is searched for in
the raw bytes. `first_frame` is the time to the first frame of any kind: for reader the
"Reviews" list title, painted before any review is loaded; for the minimal app, its
title. `ROUNDS` rounds after one warm-up round, the cases interleaved within each round;
medians, fastest and slowest in seconds.

- `reader_seed`: `python -m reader sample_reviews/1-litre-of-tears.txt`, to its title;
- `reader_export`: `python -m reader reviews.csv`, the 10,000-review Letterboxd export of
  open_export.py (same generator and seed), to its first review's title (as `reader
  outline` names it).

Baselines, same run:

- `minimal_textual`: a Textual app with one Static showing the seed's title, started
  the same way: what Textual alone takes to paint;
- `import_textual_app`, `import_reader_tui_run` and `python_bare`: wall time of
  `python -c "import textual.app"`, of `python -c "import reader.tui.run"` (everything
  `reader PATH` imports before it builds the app) and of `python -c pass`, spawn to exit.

`reader_over_minimal_textual_s` is the median `painted` of reader_seed less that of the
minimal app. `quit_s` is from sending "q" to the exit; `peak_rss_mb` is the largest of the child's
own peak RSS (from `os.wait4`) over the rounds.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import resource
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from common import SEED_REVIEW, print_report, run_captured, write_letterboxd_export
from open_export import REVIEWS

ROUNDS = 7
COLUMNS, LINES = 100, 30
WINSIZE = struct.pack("HHHH", LINES, COLUMNS, 0, 0)
PAINT_TIMEOUT_S = 30.0
QUIT_TIMEOUT_S = 5.0
SEED_TITLE = "1 Litre Of Tears"
READER_FRAME = "Reviews"  # the review list's title, in reader's first frame
_MINIMAL = """
import sys
from textual.app import App
from textual.widgets import Static

class Minimal(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self):
        yield Static(sys.argv[1], markup=False)

Minimal().run()
"""


@dataclass(frozen=True)
class PtyRun:
    """One child in a pseudo-terminal: seconds from spawn to its first frame and to the
    marker, and from "q" to its exit; its exit status (None if killed), its own peak RSS."""

    first_frame_s: float
    painted_s: float
    quit_s: float
    returncode: int | None
    peak_rss_mb: float


def _read(fd: int, wait: float) -> bytes | None:
    """What the terminal has within `wait` seconds: b"" for nothing yet, None once closed."""
    ready, _, _ = select.select([fd], [], [], wait)
    if not ready:
        return b""
    try:
        return os.read(fd, 65536) or None
    except OSError:  # EIO: every copy of the terminal's other end is closed
        return None


def run_in_pty(args: Sequence[str], first_frame: str, marker: str) -> PtyRun:
    """Run `args` in a fresh pseudo-terminal until `first_frame` and `marker` are painted,
    then quit it."""
    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "XDG_CONFIG_HOME": str(Path(home) / "config"),
            "XDG_STATE_HOME": str(Path(home) / "state"),
            "READER_PLAYER": "cat > /dev/null",
        }
        start = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: size its terminal before anything can ask, then run
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, WINSIZE)
                os.execve(args[0], list(args), env)
            finally:
                os._exit(127)
        try:
            frame, painted = _until_painted(fd, (first_frame, marker), start)
            os.write(fd, b"q")
            asked = time.perf_counter()
            status, usage = _until_exit(pid, fd)
            quit_s = time.perf_counter() - asked
        except BaseException:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            raise
        finally:
            os.close(fd)
    returncode = None if status is None else os.waitstatus_to_exitcode(status)
    return PtyRun(frame, painted, quit_s, returncode, round(usage.ru_maxrss / 1024, 1))


def _until_painted(fd: int, markers: Sequence[str], start: float) -> list[float]:
    """Seconds from `start` until each marker is first in the output; raises if one never
    comes."""
    wanted = [marker.encode() for marker in markers]
    found: list[float | None] = [None] * len(wanted)
    seen = b""
    while None in found:
        if time.perf_counter() - start > PAINT_TIMEOUT_S:
            raise RuntimeError(f"{markers} not painted in {PAINT_TIMEOUT_S} s: {seen[-300:]!r}")
        data = _read(fd, 0.05)
        if data is None:
            raise RuntimeError(f"the terminal closed before {markers}: {seen[-3000:]!r}")
        seen = seen[-4096:] + data
        now = time.perf_counter() - start
        for index, marker in enumerate(wanted):
            if found[index] is None and marker in seen:
                found[index] = now
    return [at for at in found if at is not None]


def _until_exit(pid: int, fd: int) -> tuple[int | None, resource.struct_rusage]:
    """Drain the terminal until the child exits (status None: killed after the timeout)."""
    deadline = time.perf_counter() + QUIT_TIMEOUT_S
    open_ = True
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done == pid:
            return status, usage
        if time.perf_counter() > deadline:
            os.kill(pid, signal.SIGKILL)
            _, status, usage = os.wait4(pid, 0)
            return None, usage
        if open_:
            open_ = _read(fd, 0.005) is not None
        else:
            time.sleep(0.005)


def _first_title(export: Path) -> str:
    """The first review's title, from the first line `reader outline` prints."""
    child = subprocess.Popen(
        [sys.executable, "-m", "reader", "outline", str(export)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert child.stdout is not None
    title = child.stdout.readline().strip()
    child.kill()
    child.stdout.close()
    child.wait()
    return title


def _seconds(values: Sequence[float]) -> dict[str, float]:
    return {
        "median_s": round(statistics.median(values), 3),
        "min_s": round(min(values), 3),
        "max_s": round(max(values), 3),
    }


def _summary(runs: Sequence[PtyRun]) -> dict[str, Any]:
    return {
        "first_frame": _seconds([run.first_frame_s for run in runs]),
        "painted": _seconds([run.painted_s for run in runs]),
        "quit_s": round(statistics.median(run.quit_s for run in runs), 3),
        "exit_statuses": sorted({str(run.returncode) for run in runs}),
        "peak_rss_mb": max(run.peak_rss_mb for run in runs),
    }


def main() -> None:
    """Generate the export, run every case `ROUNDS` times, print the report."""
    python = sys.executable
    imports = {
        "import_textual_app": [python, "-c", "import textual.app"],
        "import_reader_tui_run": [python, "-c", "import reader.tui.run"],
        "python_bare": [python, "-c", "pass"],
    }
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "reviews.csv"
        write_letterboxd_export(export, REVIEWS)
        export_title = _first_title(export)
        reader = [python, "-m", "reader"]
        cases = {
            "reader_seed": ([*reader, str(SEED_REVIEW)], READER_FRAME, SEED_TITLE),
            "minimal_textual": ([python, "-c", _MINIMAL, SEED_TITLE], SEED_TITLE, SEED_TITLE),
            "reader_export": ([*reader, str(export)], READER_FRAME, export_title),
        }
        runs: dict[str, list[PtyRun]] = {name: [] for name in cases}
        walls: dict[str, list[float]] = {name: [] for name in imports}
        for round_ in range(ROUNDS + 1):
            for name, (args, frame, marker) in cases.items():
                run = run_in_pty(args, frame, marker)
                if round_:
                    runs[name].append(run)
            for name, args in imports.items():
                wall = run_captured(args).seconds
                if round_:
                    walls[name].append(wall)
    seed = statistics.median(run.painted_s for run in runs["reader_seed"])
    textual = statistics.median(run.painted_s for run in runs["minimal_textual"])
    print_report(
        {
            "rounds": ROUNDS,
            "terminal": f"{COLUMNS}x{LINES} xterm-256color",
            "reviews_in_export": REVIEWS,
            "export_first_title": export_title,
            **{name: _summary(found) for name, found in runs.items()},
            "reader_over_minimal_textual_s": round(seed - textual, 3),
            "baseline": {
                "description": (
                    "minimal_textual: one Static with the seed's title in a Textual app, "
                    "started in the same pseudo-terminal; the rest: spawn to exit of "
                    "python -c, no terminal"
                ),
                **{name: _seconds(found) for name, found in walls.items()},
            },
        }
    )


if __name__ == "__main__":
    main()
