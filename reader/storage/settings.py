"""The user's settings: pace, voice, spoiler mode, player and spoken confirmations.

Kept as TOML in the config folder (`settings.toml`), written by `reader config set` or
by hand. A value missing from the file is the default; a file that cannot be used is set
aside with a warning (see reader.storage.store), and never overwritten.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from reader.plan.cues import Cue, CueMode, CueModes, Listening, Verbosity
from reader.speech.engine import MAX_RATE, MIN_RATE
from reader.storage.locations import config_dir
from reader.storage.store import Loaded, Unreadable, locked, read_or_set_aside, write_atomic

ENGINE_CHOICES = ("", "auto", "espeak", "pyttsx3", "silent")
RATE_RANGE = f"{MIN_RATE} to {MAX_RATE} words per minute"  # as every refusal of a pace says
_TRUE = ("on", "yes", "true", "1")
_FALSE = ("off", "no", "false", "0")


@dataclass(frozen=True)
class Settings:
    """Everything reader remembers about how the user likes to listen."""

    voice: str = "default"  # a voice profile, or an engine voice
    rate: int = 0  # words per minute; 0 keeps the profile's own pace
    engine: str = ""  # '' uses the profile's engine
    skip_spoilers: bool = True
    announcements: bool = True  # spoken confirmations in the reading room
    confirm_quit: bool = True  # a quit key while a review plays asks once before quitting
    player: str = ""  # '' uses READER_PLAYER, else the first output that plays
    verbosity: str = Verbosity.NORMAL.value  # how much reader's own voice says
    # How each moment is marked: its sound, its words, both, or off (reader.plan.cues).
    cue_section: str = CueModes().section.value
    cue_heading: str = CueModes().heading.value
    cue_spoiler_skipped: str = CueModes().spoiler_skipped.value
    cue_spoiler_revealed: str = CueModes().spoiler_revealed.value
    cue_end_of_review: str = CueModes().end_of_review.value
    cue_end_of_queue: str = CueModes().end_of_queue.value
    cue_sleep: str = CueModes().sleep.value
    cue_error: str = CueModes().error.value
    cue_working: str = CueModes().working.value

    @property
    def cues(self) -> CueModes:
        """Every cue kind's mode."""
        return CueModes(**{cue.value: CueMode(getattr(self, f"cue_{cue.value}")) for cue in Cue})

    @property
    def listening(self) -> Listening:
        """Verbosity and cue modes, as speech takes them."""
        return Listening(self.spoken_verbosity, self.cues)

    @property
    def spoken_verbosity(self) -> Verbosity:
        """The verbosity as its enum."""
        return Verbosity(self.verbosity)


_CUE_MOMENTS = {
    Cue.SECTION: "a section starts",
    Cue.HEADING: "a jump to a heading",
    Cue.SPOILER_SKIPPED: "a spoiler skipped",
    Cue.SPOILER_REVEALED: "a hidden spoiler shown",
    Cue.END_OF_REVIEW: "the end of a review",
    Cue.END_OF_QUEUE: "the end of the queue",
    Cue.SLEEP: "the sleep timer stopping",
    Cue.ERROR: "an error",
    Cue.WORKING: "a slow file or page loading",
}
DESCRIPTIONS = {
    "voice": "voice profile or engine voice (reader voices lists them)",
    "rate": f"pace in words per minute, {MIN_RATE}-{MAX_RATE}; 0 keeps the profile's",
    "engine": "speech engine: auto, espeak, pyttsx3, silent; empty keeps the profile's",
    "skip_spoilers": "announce spoilers instead of reading them: on or off",
    "announcements": "spoken confirmations in the reading room: on or off",
    "confirm_quit": "in the reading room, q while a review plays asks once: on or off",
    "player": "where sound goes: auto, portaudio, pw-play, paplay, aplay, or a command "
    "that plays raw 16-bit mono PCM from stdin, with {rate} where the sample rate goes",
    "verbosity": "how much reader says about itself: terse, normal or verbose",
    **{f"cue_{cue.value}": f"{_CUE_MOMENTS[cue]}: sound, speech, both or off" for cue in Cue},
}


class SettingError(Exception):
    """A key or value `reader config set` cannot take; the message says what would do."""


def settings_file() -> Path:
    """Where the settings live."""
    return config_dir() / "settings.toml"


def load_settings(path: Path | None = None) -> Loaded[Settings]:
    """The saved settings, or the defaults (with a warning if the file was broken)."""
    return read_or_set_aside(path or settings_file(), parse_settings, Settings())


def settings_for_run(given: Mapping[str, object] | None = None) -> Loaded[Settings]:
    """The saved settings with this run's options winning (by setting name; see
    `overridden`), and the warning if a broken file had to be set aside."""
    loaded = load_settings()
    return replace(loaded, value=overridden(loaded.value, given or {}))


def parse_settings(text: str) -> Settings:
    """Settings from the file's text; raises Unreadable naming what is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise Unreadable(f"is not valid TOML ({error})") from error
    settings = Settings()
    for key, value in data.items():
        try:
            settings = _with(settings, key, value)
        except SettingError as error:
            raise Unreadable(str(error)) from error
    return settings


def overridden(settings: Settings, given: Mapping[str, object]) -> Settings:
    """`settings` with the values given for one run winning (command-line options, by
    setting name); None means not given, and names that are no setting are passed over."""
    known = as_dict(settings)
    changes: dict[str, Any] = {  # typed by the option that gave it
        key: value for key, value in given.items() if key in known and value is not None
    }
    return replace(settings, **changes)


def set_setting(key: str, text: str, path: Path | None = None) -> Loaded[Settings]:
    """Change one setting from its text form ('rate 300', 'skip_spoilers off') and save;
    the warning says if a broken file had to be set aside first."""
    path = path or settings_file()
    value = _typed(key, text)
    with locked(path):
        current = load_settings(path)
        changed = _with(current.value, key, value)
        write_atomic(path, settings_toml(changed))
    return Loaded(changed, current.warning)


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Save every setting (the reading room does this when pace or modes change)."""
    path = path or settings_file()
    with locked(path):
        write_atomic(path, settings_toml(settings))


def settings_toml(settings: Settings) -> str:
    """The file's text: each setting with a comment saying what it is."""
    lines = ["# reader settings; `reader config set KEY VALUE` changes them", ""]
    for key, value in as_dict(settings).items():
        lines.append(f"# {DESCRIPTIONS[key]}")
        lines.append(f"{key} = {toml_value(value)}")
    return "\n".join(lines) + "\n"


def as_dict(settings: Settings) -> dict[str, Any]:
    """Every setting by name, in file order."""
    return {field.name: getattr(settings, field.name) for field in fields(settings)}


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    # A JSON string is a TOML string, but for DEL, which TOML wants escaped too.
    return json.dumps(str(value), ensure_ascii=False).replace("\x7f", "\\u007f")


def _typed(key: str, text: str) -> object:
    """A value typed on the command line, in the setting's own type."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise SettingError(f"{key} must be UTF-8 text") from None
    default = as_dict(Settings()).get(key)
    if isinstance(default, bool):
        word = text.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        raise SettingError(f"{key} must be on or off, not {text!r}")
    if isinstance(default, int):
        try:
            return int(text)
        except ValueError:
            raise SettingError(f"{key} must be a whole number, not {text!r}") from None
    return text


def _with(settings: Settings, key: str, value: object) -> Settings:
    """`settings` with one value changed, checked."""
    known = as_dict(Settings())
    if key not in known:
        raise SettingError(f"unknown setting {key!r} (settings: {', '.join(known)})")
    if type(value) is not type(known[key]):
        kind = {bool: "true or false", int: "a whole number", str: "text in quotes"}
        raise SettingError(f"{key} must be {kind[type(known[key])]}")
    if key == "rate" and isinstance(value, int) and value and not MIN_RATE <= value <= MAX_RATE:
        raise SettingError(f"rate takes {RATE_RANGE}, or 0 for the profile's own, not {value}")
    if key == "engine" and value not in ENGINE_CHOICES:
        raise SettingError(f"engine must be one of {', '.join(ENGINE_CHOICES[1:])}")
    if key == "verbosity" and value not in tuple(Verbosity):
        raise SettingError(f"verbosity must be one of {', '.join(Verbosity)}")
    if key.startswith("cue_") and value not in tuple(CueMode):
        raise SettingError(f"{key} must be one of {', '.join(CueMode)}")
    changes: dict[str, Any] = {key: value}  # checked against the field's type above
    return replace(settings, **changes)
