"""Voice profiles: `voices/*.toml` files naming an engine, a voice, a pace and pauses.

Profiles and lexicons ship with reader; the user's own, in the `voices` folder of the
config folder (`~/.config/reader/voices/*.toml` and `.../voices/lexicons/*.toml` on
Linux), add to them, and replace a shipped one of the same name.

name = "fast listener"
engine = "auto"         # auto, espeak, pyttsx3 or silent
voice = ""              # an engine voice id; '' follows each review's language
rate = 450              # words per minute, 80-900
pitch = 50              # 0-100, 50 is the voice's own
volume = 100            # 0-100
lexicons = ["reviews"]  # lexicons/NAME.toml, applied in order

[pauses]                # ms at 175 wpm; they shrink with pace, never below floor
sentence = 250
paragraph = 600
section = 1000
floor = 80
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.plan.lexicon import Lexicon, load_lexicon
from reader.speech.engine import MAX_RATE, MIN_RATE, VoiceSettings
from reader.speech.engines import ENGINES
from reader.speech.pace import Pauses
from reader.storage.locations import voice_folders
from reader.storage.tomlfile import TomlFile, read_toml

DEFAULT_PROFILE = "default"

_RANGES = {"rate": (MIN_RATE, MAX_RATE), "pitch": (0, 100), "volume": (0, 100)}
_PAUSE_KEYS = ("sentence", "paragraph", "section", "floor")
_KEYS = frozenset({"name", "description", "engine", "voice", "lexicons", "pauses", *_RANGES})


@dataclass(frozen=True)
class VoiceProfile:
    """How reader sounds: engine, voice settings, pauses and pronunciation."""

    name: str = DEFAULT_PROFILE
    description: str = ""
    engine: str = "auto"
    settings: VoiceSettings = field(default_factory=VoiceSettings)
    pauses: Pauses = field(default_factory=Pauses)
    lexicon: Lexicon = field(default_factory=Lexicon)


def profile_key(name: str) -> str:
    """'Fast listener', 'fast-listener' and 'fast_listener' name the same profile."""
    return "-".join(name.lower().replace("_", " ").replace("-", " ").split())


def profile_paths(folders: Sequence[Path] | None = None) -> dict[str, Path]:
    """Every profile file, by key; `folders` default to `voice_folders()`."""
    return _toml_files(folders, "", profile_key)


def lexicon_paths(folders: Sequence[Path] | None = None) -> dict[str, Path]:
    """Every lexicon file (in the folders' `lexicons/`), by file name without `.toml`."""
    return _toml_files(folders, "lexicons", str)


def _toml_files(
    folders: Sequence[Path] | None, subfolder: str, key: Callable[[str], str]
) -> dict[str, Path]:
    """The TOML files of each folder's `subfolder`; a later folder's replace an earlier's."""
    found: dict[str, Path] = {}
    for folder in voice_folders() if folders is None else folders:
        found |= {key(path.stem): path for path in sorted((folder / subfolder).glob("*.toml"))}
    return found


def find_profile(name: str, folders: Sequence[Path] | None = None) -> VoiceProfile | None:
    """The profile called `name` (by its file name or its `name`), or None."""
    key = profile_key(name)
    paths = profile_paths(folders)
    if key in paths:
        return load_profile(paths[key], folders)
    for path in paths.values():
        profile = load_profile(path, folders)
        if profile_key(profile.name) == key:
            return profile
    return None


def load_profile(path: Path, folders: Sequence[Path] | None = None) -> VoiceProfile:
    """Read a profile, with its lexicons from `folders`; raises TomlError naming the file
    and line of any mistake."""
    document = read_toml(path)
    data = document.data
    for key in data:
        if key not in _KEYS:
            raise document.error(f"unknown setting {key!r}", key=key)
    engine = _text(document, "engine", "auto")
    if engine not in ("auto", *ENGINES):
        raise document.error(
            f"unknown engine {engine!r} (use auto, {', '.join(ENGINES)})", key="engine"
        )
    numbers = {key: _number(document, key, low, high) for key, (low, high) in _RANGES.items()}
    settings = VoiceSettings(_text(document, "voice", ""), **numbers)
    return VoiceProfile(
        name=_text(document, "name", path.stem),
        description=_text(document, "description", ""),
        engine=engine,
        settings=settings,
        pauses=_pauses(document),
        lexicon=_lexicons(document, lexicon_paths(folders)),
    )


def _text(document: TomlFile, key: str, default: str) -> str:
    value = document.data.get(key, default)
    if not isinstance(value, str):
        raise document.error(f"{key} must be text in quotes", key=key)
    return value


def _number(document: TomlFile, key: str, low: int, high: int, table: str | None = None) -> int:
    data: dict[str, Any] = document.data if table is None else document.data[table]
    value = data.get(key, getattr(VoiceSettings() if table is None else Pauses(), key))
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise document.error(f"{key} must be a whole number from {low} to {high}", table, key=key)
    return value


def _pauses(document: TomlFile) -> Pauses:
    table = document.data.get("pauses", {})
    if not isinstance(table, dict):
        raise document.error("pauses must be a [pauses] table", key="pauses")
    for key in table:
        if key not in _PAUSE_KEYS:
            raise document.error(f"unknown pause {key!r}", "pauses", key=key)
    if "pauses" not in document.data:
        return Pauses()
    values = {key: _number(document, key, 0, 10_000, "pauses") for key in _PAUSE_KEYS}
    return Pauses(**values)


def _lexicons(document: TomlFile, paths: dict[str, Path]) -> Lexicon:
    names = document.data.get("lexicons", [])
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise document.error('lexicons must be a list of names, e.g. ["reviews"]', key="lexicons")
    lexicon = Lexicon()
    for name in names:
        if name not in paths:
            known = ", ".join(paths) or "none"
            raise document.error(f"no lexicon called {name!r} (found: {known})", key="lexicons")
        lexicon = lexicon + load_lexicon(paths[name])
    return lexicon
