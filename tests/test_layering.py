"""The layers stay apart (DESIGN.md, data flow): the core never pulls in a user interface or
a speech library, and the reading controller never pulls in speech, so plain mode starts
fast and every front end can drive it."""

import subprocess
import sys

CORE = (
    "reader.model",
    "reader.parse.document",
    "reader.loaders",
    "reader.cli.report",
    "reader.cli.said",
    "reader.cli.main",
    "reader.plan.planner",
    "reader.session.session",
    "reader.tui.keys",
    "reader.reading.phrases",
    "reader.reading.library",
    "reader.storage.locations",
)
FRONT_END_AND_SPEECH = ("textual", "rich", "pyttsx3", "espeakng_loader", "ctypes")
READING = ("reader.reading.controller", "reader.reading.actions", "reader.reading.queue_control")
SPEECH = ("reader.session.session", "reader.session.playback", "reader.speech.engines")


def imported(modules: tuple[str, ...], watched: tuple[str, ...]) -> list[str]:
    """Which of `watched` importing `modules` pulls in, in a fresh interpreter."""
    probe = (
        f"import sys\nfor name in {modules!r}: __import__(name)\n"
        f"print(','.join(n for n in {watched!r} if n in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return [name for name in done.stdout.strip().split(",") if name]


def test_core_imports_no_ui_or_speech_library() -> None:
    assert imported(CORE, FRONT_END_AND_SPEECH) == []


def test_the_reading_controller_imports_no_speech_and_no_ui() -> None:
    assert imported(READING, SPEECH + FRONT_END_AND_SPEECH) == []


def test_plain_mode_imports_no_user_interface_or_speech_library() -> None:
    """Plain mode's first line comes fast: no Textual, no engine, no session until --speak."""
    plain = ("reader.cli.main", "reader.plain.run")
    assert imported(plain, (*FRONT_END_AND_SPEECH, "reader.session.session")) == []


def test_an_export_cell_is_parsed_without_lxml_or_package_metadata() -> None:
    """Each worker outlining a large export pays for what parsing its reviews imports:
    lxml (15-30 ms) is loaded only for markup the simple reader declines (a link, a
    blockquote), and naming the language model's cached copy does not import
    importlib.metadata (20 ms)."""
    probe = (
        "import sys\n"
        "from reader.model import Markup, Review, Source\n"
        "from reader.parse.document import parse_review\n"
        "cells = ['Loved it.<br /><br />The <i>score</i> &amp; the cast.', 'Muy buena película']\n"
        "for line, cell in enumerate(cells, start=2):\n"
        "    review = Review(Source('reviews.csv', line), cell, Markup.HTML_FRAGMENT)\n"
        "    print(parse_review(review).language)\n"
        "watched = ('lxml', 'importlib.metadata', 'reader.text.langid_cache')\n"
        "print(','.join(n for n in watched if n in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    *languages, modules = done.stdout.splitlines()
    assert languages == ["en", "es"]
    assert modules == "reader.text.langid_cache"  # the model was loaded, and nothing else
