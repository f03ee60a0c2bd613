"""Time from starting `reader --plain FILE` to its first line of output (budget: 300 ms).

Each run spawns the command with stdin at end of file (so it prints its opening and
quits) and stdout a pipe, and notes when the first line arrives. Baselines in the same
run: `python -c pass` (the interpreter alone) and `reader --version` (the command line
with nothing loaded). Medians and fastest of `RUNS`, in milliseconds.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence

from common import ROOT, SAMPLES, SEED_REVIEW, print_report

RUNS = 15


def first_line_ms(args: Sequence[str], env: dict[str, str]) -> float:
    """Milliseconds from spawn to the first line on stdout."""
    start = time.perf_counter()
    child = subprocess.Popen(
        args,
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # the samples' load notes, once a run
    )
    assert child.stdout is not None
    child.stdout.readline()
    elapsed = (time.perf_counter() - start) * 1000
    child.stdout.read()
    child.wait()
    return elapsed


def measure(args: Sequence[str], env: dict[str, str]) -> dict[str, float]:
    """Median and fastest over the runs, after one warm-up."""
    first_line_ms(args, env)
    times = [first_line_ms(args, env) for _ in range(RUNS)]
    return {"median_ms": round(statistics.median(times), 1), "best_ms": round(min(times), 1)}


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = os.environ | {"XDG_CONFIG_HOME": folder, "XDG_STATE_HOME": folder}
        reader = [sys.executable, "-m", "reader"]
        print_report(
            {
                "runs": RUNS,
                "plain_one_file": measure([*reader, "--plain", str(SEED_REVIEW)], env),
                "plain_folder": measure([*reader, "--plain", str(SAMPLES)], env),
                "baseline": {
                    "python_pass": measure([sys.executable, "-c", "print()"], env),
                    "reader_version": measure([*reader, "--version"], env),
                },
            }
        )


if __name__ == "__main__":
    main()
