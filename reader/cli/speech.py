"""The speaking commands: `reader say`, `reader export` and `reader voices`.

Whatever fails (no engine, no player, an unwritable file) is one line on stderr; `say`
then shows the text instead, so nothing the user asked for is lost.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from reader.cli.report import text_lines
from reader.export import Progress, cue_sheet, export_wav
from reader.model import Document
from reader.plan.lexicon import Lexicon
from reader.session.events import SessionEvent, SpeechFailed
from reader.session.session import Session
from reader.session.setup import chosen_voice, with_options
from reader.speech.choice import VoiceChoiceError, choose_voice
from reader.speech.engine import EngineUnavailable
from reader.speech.engines import AUTO_ORDER, ENGINES, create_engine, engine_problems
from reader.speech.outputs import open_output, open_output_early
from reader.speech.profiles import load_profile, profile_paths
from reader.speech.sinks import SinkError
from reader.storage.settings import load_settings
from reader.storage.tomlfile import TomlError

EXIT_OK = 0
EXIT_FAILED = 1


def add_speech_options(parser: argparse.ArgumentParser) -> None:
    """--rate, --voice, --engine and --skip-spoilers, the same for every speaking command."""
    parser.add_argument("--rate", type=int, metavar="WPM", help="pace, 80-900 words per minute")
    parser.add_argument("--voice", metavar="NAME", help="a voice profile or engine voice")
    parser.add_argument("--engine", choices=("auto", *ENGINES), help="speech engine")
    parser.add_argument(
        "--skip-spoilers", action="store_true", help="announce spoilers instead of reading"
    )


def say(
    documents: Iterator[Document], options: argparse.Namespace, problem: Callable[[str], None]
) -> int:
    """Speak each document through the player; Ctrl-C stops at once."""
    settings = load_settings()  # the options win; the saved voice and player fill in
    if settings.warning:
        problem(settings.warning)
    saved = settings.value
    output_ready = open_output_early(saved.player)  # while the engine starts
    try:
        choice = chosen_voice(with_options(saved, options))
        if choice.engine.name == "silent" and options.engine != "silent":
            choice.engine.close()
            raise EngineUnavailable("no speech engine could start (see 'reader voices')")
        sink = output_ready(choice.engine.sample_rate).sink
    except (EngineUnavailable, VoiceChoiceError, SinkError) as error:
        problem(f"{error}; showing the text instead")
        return _show_text(documents, options.skip_spoilers)
    session = Session(choice.engine, sink, choice.profile, options.skip_spoilers)
    failures: list[str] = []

    def heard(event: SessionEvent) -> None:
        if isinstance(event, SpeechFailed):
            failures.append(event.message)

    session.subscribe(heard)
    try:
        for document in documents:
            session.open(document)
            session.play()
            while not session.wait(0.05):  # in slices, so Ctrl-C is handled at once
                pass
            if failures:
                problem(f"{failures[0]}; showing the text instead")
                _show_text(
                    iter([document, *documents]), options.skip_spoilers, choice.profile.lexicon
                )
                return EXIT_FAILED
        sink.finish(threading.Event())  # let the player play out what it holds
    finally:
        session.close()  # on Ctrl-C too: the player's process group is killed here
    return EXIT_OK


def export(
    documents: Iterator[Document], options: argparse.Namespace, problem: Callable[[str], None]
) -> int:
    """Speak each document into one WAV file, with a cue sheet beside it."""
    out = Path(options.output)
    try:
        choice = choose_voice(options.voice, options.rate, options.engine)
        tracks = export_wav(documents, out, choice, options.skip_spoilers, _progress_bar())
    except (EngineUnavailable, VoiceChoiceError, SinkError) as error:
        problem(str(error))
        return EXIT_FAILED
    finally:
        _progress_done()
    cue = out.with_suffix(".cue")
    try:
        cue.write_text(cue_sheet(out, tracks), encoding="utf-8")
    except OSError as error:
        problem(f"{cue}: cannot write the cue sheet: {error.strerror}")
        return EXIT_FAILED
    return EXIT_OK


def voices(as_json: bool) -> int:
    """Which engine `auto` picks, every engine's state and voices, and the profiles."""
    report = _voices_report()
    if as_json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"auto: {report['auto']}")
    output = report["output"]
    print(f"output: {output['description'] or output['problem']}")
    for passed in output["passed_over"]:
        print(f"output passed over: {passed}")
    for engine in report["engines"]:
        state = (
            engine["description"] if engine["available"] else f"not available: {engine['problem']}"
        )
        print(f"engine {engine['name']}: {state}")
    for profile in report["profiles"]:
        print(f"profile {profile['name']}: {profile['description']} ({profile['rate']} wpm)")
    for engine in report["engines"]:
        for voice in engine["voices"]:
            print(f"voice {engine['name']} {voice['id']}: {voice['name']} ({voice['language']})")
    return EXIT_OK


def _voices_report() -> dict[str, Any]:
    problems = engine_problems()
    auto = next((name for name in AUTO_ORDER if problems[name] is None), "silent")
    sample_rate = 22050
    engines: list[dict[str, Any]] = []
    for name in ENGINES:
        entry: dict[str, Any] = {"name": name, "available": problems[name] is None}
        entry["problem"] = problems[name]
        entry["description"], entry["voices"] = None, []
        if problems[name] is None:
            engine = create_engine(name)
            entry["description"] = engine.describe()
            entry["voices"] = [vars(voice) for voice in engine.voices()]
            if name == auto:
                sample_rate = engine.sample_rate
            engine.close()
        engines.append(entry)
    profiles: list[dict[str, Any]] = []
    for path in profile_paths().values():
        try:
            profile = load_profile(path)
        except TomlError as error:
            profiles.append({"name": path.stem, "description": str(error), "rate": None})
            continue
        profiles.append(
            {
                "name": profile.name,
                "description": profile.description,
                "rate": profile.settings.rate,
            }
        )
    described = next(e["description"] for e in engines if e["name"] == auto)
    output = _output_report(load_settings().value.player, sample_rate)
    return {"auto": described, "output": output, "engines": engines, "profiles": profiles}


def _output_report(setting: str, sample_rate: int) -> dict[str, Any]:
    """Where sound would go, its latency, and what was passed over to get there."""
    report: dict[str, Any] = {"name": None, "description": None, "latency_ms": None}
    report["passed_over"], report["problem"] = [], None
    try:
        output = open_output(setting)
    except SinkError as error:
        report["problem"] = str(error)
        return report
    try:
        output.sink.prepare(sample_rate)  # the stream's own latency, and a player that starts
        report["name"], report["description"] = output.name, output.describe()
        report["latency_ms"] = round(output.sink.latency * 1000, 1)
    except SinkError as error:
        report["problem"] = str(error)
    finally:
        report["passed_over"] = output.passed_over
        output.sink.close()
    return report


def _show_text(
    documents: Iterator[Document], skip_spoilers: bool, lexicon: Lexicon | None = None
) -> int:
    for index, document in enumerate(documents):
        if index:
            print()
        for line in text_lines(document, skip_spoilers, lexicon):
            print(line)
    return EXIT_FAILED


def _progress_bar() -> Progress | None:
    if not sys.stderr.isatty():
        return None

    def show(title: str, done: float) -> None:
        width = 30
        filled = round(done * width)
        bar = "#" * filled + "-" * (width - filled)
        sys.stderr.write(f"\r[{bar}] {done:4.0%} {title[:40]}\x1b[K")
        sys.stderr.flush()

    return show


def _progress_done() -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\r\x1b[K")
        sys.stderr.flush()
