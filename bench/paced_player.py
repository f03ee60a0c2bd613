"""A stand-in audio player for stop_latency.py: takes raw PCM from stdin at real-time pace.

`paced_player.py RATE LOG_DIR` reads 16-bit mono PCM at RATE samples per second, 20 ms
at a time, as a sound card drains a player: after each read it waits until that audio
would have been heard. Each read is logged, as `time.monotonic()` and byte count, to
LOG_DIR/PGID-PID.log, so the benchmark knows which player got what, and when.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

_READS_PER_SECOND = 50


def main() -> None:
    """Play (log and pace) stdin until it closes."""
    bytes_per_second = int(sys.argv[1]) * 2
    log = Path(sys.argv[2]) / f"{os.getpgrp()}-{os.getpid()}.log"
    heard_until = 0.0
    with log.open("a", encoding="ascii") as out:
        while block := os.read(0, bytes_per_second // _READS_PER_SECOND):
            now = time.monotonic()
            out.write(f"{now:.6f} {len(block)}\n")
            out.flush()
            heard_until = max(heard_until, now) + len(block) / bytes_per_second
            time.sleep(max(0.0, heard_until - time.monotonic()))


if __name__ == "__main__":
    main()
