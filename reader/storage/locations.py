"""Where reader's files are: the user's settings, keys, voices, state, log and cache;
shipped voices."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from platformdirs import user_cache_path, user_config_path, user_state_path

APP_NAME = "reader"


def config_dir() -> Path:
    """Settings and the key file (`~/.config/reader` on Linux)."""
    return user_config_path(APP_NAME, appauthor=False)


def state_dir() -> Path:
    """The queue, positions and the log (`~/.local/state/reader` on Linux)."""
    return user_state_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    """What can be made again, kept to be quicker: voice paces, the language model
    (`~/.cache/reader` on Linux)."""
    return user_cache_path(APP_NAME, appauthor=False)


def key_file() -> Path:
    """The TOML file that remaps keys."""
    return config_dir() / "keys.toml"


def log_file() -> Path:
    """Where errors and anything libraries print go while the full screen is up."""
    return state_dir() / "reader.log"


def voice_folders() -> tuple[Path, Path]:
    """Where voice profiles (and their `lexicons/`) are found: those shipped with reader,
    then the user's own (`~/.config/reader/voices` on Linux), which add to or replace them."""
    # Wheels install as plain files, so the shipped folder is a real one (the repository's
    # `voices/` in an editable install), never the working directory's.
    shipped = Path(str(files("reader.voices")))
    return shipped, config_dir() / "voices"
