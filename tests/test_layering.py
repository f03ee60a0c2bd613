"""The core never pulls in a user interface or a speech library (DESIGN.md, data flow)."""

import subprocess
import sys

CORE = (
    "reader.model",
    "reader.parse.document",
    "reader.loaders",
    "reader.cli.report",
    "reader.cli.main",
    "reader.plan.planner",
    "reader.session.session",
    "reader.tui.keys",
    "reader.reading.phrases",
    "reader.reading.library",
    "reader.storage.locations",
)
FRONT_END_AND_SPEECH = ("textual", "rich", "pyttsx3", "espeakng_loader", "ctypes")


def test_core_imports_no_ui_or_speech_library() -> None:
    probe = (
        f"import sys\nfor name in {CORE!r}: __import__(name)\n"
        f"print(','.join(n for n in {FRONT_END_AND_SPEECH!r} if n in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
