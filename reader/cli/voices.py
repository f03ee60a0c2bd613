"""`reader voices [install|remove]`: which engine `auto` picks, every engine's state and
voices, the voice profiles, and where sound would go; installing and removing Piper voices."""

from __future__ import annotations

import argparse
import json
from typing import Any

from reader.cli.command import Command
from reader.cli.problems import say_problem
from reader.cli.progress import end_progress, show_progress, showing_progress
from reader.cli.status import EXIT_FAILED, EXIT_OK
from reader.speech.engine import EngineUnavailable
from reader.speech.engines import AUTO_ORDER, ENGINES, create_engine
from reader.speech.outputs import LIKELY_SAMPLE_RATE, open_output
from reader.speech.piper_checks import VoiceInstallError
from reader.speech.piper_install import Progress, install_voice, remove_voice
from reader.speech.piper_voices import PiperVoiceFile, offered_voices
from reader.speech.profiles import load_profile, profile_paths
from reader.speech.sinks import SinkError
from reader.storage.settings import load_settings
from reader.storage.tomlfile import TomlError


def _voices(options: argparse.Namespace) -> int:
    if options.action is not None:
        return _install_or_remove(options)
    report = _voices_report()
    if options.json:
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


def _add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON (see the README)")
    parser.usage = "%(prog)s [-h] [--json] [install NAME|FILE.onnx|URL | remove NAME]"
    actions = parser.add_subparsers(dest="action", metavar="ACTION", prog=parser.prog)
    install = actions.add_parser(
        "install", help="install a Piper voice: a catalogue name, a NAME.onnx file or its URL"
    )
    install.add_argument("source", metavar="NAME|FILE.onnx|URL")
    remove = actions.add_parser("remove", help="remove an installed Piper voice")
    remove.add_argument("name", metavar="NAME")


def _install_or_remove(options: argparse.Namespace) -> int:
    """Install or remove one Piper voice, saying what was done on stdout."""
    try:
        if options.action == "remove":
            remove_voice(options.name)
            print(f"removed Piper voice {options.name}")
            return EXIT_OK
        try:
            voice = install_voice(options.source, _progress_bar())
        finally:
            end_progress()
        print(f"installed Piper voice {_described(voice)}")
        print(f"in {voice.model.parent}")
    except VoiceInstallError as error:
        say_problem(str(error))
        return EXIT_FAILED
    return EXIT_OK


def _described(voice: PiperVoiceFile) -> str:
    try:
        described = voice.describe()
    except EngineUnavailable:
        return voice.name
    return f"{described.name} ({described.language})"


def _progress_bar() -> Progress | None:
    """A bar on stderr while a voice arrives, when stderr is a terminal."""
    if not showing_progress():
        return None

    def show(file_name: str, done: int, total: int) -> None:
        show_progress(done / total if total else 0.0, f"{done / 1048576:5.1f} MB {file_name[:40]}")

    return show


def _voices_report() -> dict[str, Any]:
    engines: list[dict[str, Any]] = []
    rates: dict[str, int] = {}  # of each engine that runs here
    for name in ENGINES:
        entry: dict[str, Any] = {"name": name, "available": False, "problem": None}
        entry["description"], entry["voices"] = None, []
        try:
            engine = create_engine(name)  # once: Piper's voice takes half a second to load
        except EngineUnavailable as error:
            entry["problem"] = str(error)
            if name == "piper":  # installed voices, for when the extra is added
                entry["voices"] = [vars(voice) for voice in offered_voices()]
        else:
            entry["available"], entry["description"] = True, engine.describe()
            entry["voices"] = [vars(voice) for voice in engine.voices()]
            rates[name] = engine.sample_rate
            engine.close()
        engines.append(entry)
    auto = next((name for name in AUTO_ORDER if name in rates), "silent")
    sample_rate = rates.get(auto, LIKELY_SAMPLE_RATE)
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


COMMANDS = {
    "voices": Command(
        "Show the speech engines, voices and voice profiles, and which one auto picks.",
        _voices,
        _add_options,
    )
}
