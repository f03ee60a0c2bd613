"""Where reader keeps the user's files: settings and keys, and its state and log."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_config_path, user_state_path

APP_NAME = "reader"


def config_dir() -> Path:
    """Settings and the key file (`~/.config/reader` on Linux)."""
    return user_config_path(APP_NAME, appauthor=False)


def state_dir() -> Path:
    """The queue, positions and the log (`~/.local/state/reader` on Linux)."""
    return user_state_path(APP_NAME, appauthor=False)


def key_file() -> Path:
    """The TOML file that remaps keys."""
    return config_dir() / "keys.toml"


def log_file() -> Path:
    """Where errors and anything libraries print go while the full screen is up."""
    return state_dir() / "reader.log"
