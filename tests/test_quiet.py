"""While the full screen is up, nothing but Textual reaches the terminal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = """
import logging, os, subprocess, sys
from pathlib import Path
from reader.tui.quiet import quiet_terminal

log = Path(sys.argv[1])
with quiet_terminal(log):
    os.write(1, b"stray out\\n")
    os.write(2, b"stray err\\n")
    print("a print")
    subprocess.run(["sh", "-c", "echo from a child >&2"], check=True)
    logging.getLogger("reader").error("an error worth keeping")
    sys.__stderr__.write("for the screen\\n")
    sys.__stderr__.flush()
os.write(2, b"after\\n")
"""


def test_only_the_screen_stream_reaches_the_terminal(tmp_path: Path) -> None:
    log = tmp_path / "state" / "reader.log"
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(log)], capture_output=True, text=True, check=True
    )
    assert done.stdout == ""
    assert done.stderr == "for the screen\nafter\n"
    kept = log.read_text(encoding="utf-8")
    for line in ("stray out", "stray err", "a print", "from a child", "an error worth keeping"):
        assert line in kept
