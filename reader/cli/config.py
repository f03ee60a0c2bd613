"""`reader config show|set|path`: the settings, without a text editor.

A broken settings file is set aside with a warning on stderr and the command goes on.
"""

from __future__ import annotations

import argparse
from dataclasses import replace

from reader.cli.command import Command
from reader.cli.problems import say_problem
from reader.cli.status import EXIT_FAILED, EXIT_OK
from reader.storage.settings import (
    DESCRIPTIONS,
    SettingError,
    as_dict,
    load_settings,
    set_setting,
    settings_file,
    toml_value,
)
from reader.text.cleaning import clean_line


def _add_options(parser: argparse.ArgumentParser) -> None:
    # With no action the settings are shown, as someone checking them would type.
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    parser.set_defaults(action="show")
    actions.add_parser("show", help="every setting and its value (the default)")
    change = actions.add_parser("set", help="change one setting")
    change.add_argument("key", choices=list(DESCRIPTIONS), metavar="KEY")
    change.add_argument("value", metavar="VALUE")
    actions.add_parser("path", help="where the settings file is")


def _config(options: argparse.Namespace) -> int:
    if options.action == "path":
        print(settings_file())
        return EXIT_OK
    if options.action == "set":
        return _set(options.key, options.value)
    loaded = load_settings()
    if loaded.warning:
        say_problem(loaded.warning)
    for key, value in as_dict(loaded.value).items():
        print(f"{key} = {toml_value(value)}  # {DESCRIPTIONS[key]}")
    return EXIT_OK


def _set(key: str, value: str) -> int:
    refused = _unknown_voice(value) if key == "voice" else None
    if refused:
        say_problem(refused)
        return EXIT_FAILED
    try:
        changed = set_setting(key, value)
    except SettingError as error:
        say_problem(str(error))
        return EXIT_FAILED
    if changed.warning:
        say_problem(changed.warning)
    print(f"{key} = {clean_line(toml_value(as_dict(changed.value)[key]))}")
    return EXIT_OK


def _unknown_voice(voice: str) -> str | None:
    """Why no voice or profile is called `voice`, naming the profiles; None when one is.
    A profile's file name is checked first, as it needs no engine; then its `name`s and the
    voices of the engine the settings use, as speech will look them up."""
    from reader.session.setup import chosen_voice
    from reader.speech.choice import VoiceChoiceError
    from reader.speech.engine import EngineUnavailable
    from reader.speech.profiles import profile_key, profile_paths

    profiles = profile_paths()
    if not voice or profile_key(voice) in profiles:
        return None
    settings = replace(load_settings().value, voice=voice)
    try:
        chosen_voice(settings).engine.close()
    except VoiceChoiceError as error:
        return str(error)  # it names the profiles that exist
    except EngineUnavailable:
        pass  # the engine is what is missing, not the voice; speech says so when it starts
    return None


COMMANDS = {
    "config": Command(
        "Show or change the settings: pace, voice, spoiler mode, player, confirmations.",
        _config,
        _add_options,
    )
}
