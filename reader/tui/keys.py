"""The actions a key can do, their default keys, and the key file that remaps them.

keys.toml, in the config folder, gives an action one key or a list of keys:

    faster = "+"
    slower = ["-", "["]
    where = "question_mark"

Keys are single characters or names: space, escape, enter, tab, up, down, left, right,
home, end, pageup, pagedown, f1-f12, with "alt+" or "ctrl+" in front if wanted. A file
with any mistake is reported whole and the defaults are used, so a typo never leaves a
user with keys that half work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from reader.storage.tomlfile import TomlError, TomlFile, read_toml


@dataclass(frozen=True)
class Action:
    """Something a key does; `name` is its name in the key file and the app."""

    name: str
    description: str
    keys: tuple[str, ...]
    footer: str = ""  # a short label when the action is shown in the footer


_SECTION_KEYS = tuple(
    Action(f"section_{number}", f"Go to section {number}", (str(number),))
    for number in range(1, 10)
)

ACTIONS: tuple[Action, ...] = (
    Action("play_pause", "Play or pause", ("space",), "Play/pause"),
    Action("stop", "Stop speech at once", ("escape",), "Stop"),
    Action("next_section", "Next section heading", ("h",), "Section"),
    Action("previous_section", "Previous section heading", ("H",)),
    *_SECTION_KEYS,
    Action("next_sentence", "Next sentence", ("right",)),
    Action("previous_sentence", "Previous sentence", ("left",)),
    Action("next_paragraph", "Next paragraph", ("down",)),
    Action("previous_paragraph", "Previous paragraph", ("up",)),
    Action("faster", "Faster", ("]",), "Faster"),
    Action("slower", "Slower", ("[",), "Slower"),
    Action("spoilers", "Spoiler skipping on or off", ("x",), "Spoilers"),
    Action("rating", "Read the rating", ("r",)),
    Action("where", "Where am I", ("w",), "Where"),
    Action("next_review", "Next review", ("n",)),
    Action("previous_review", "Previous review", ("p",)),
    Action("add", "Add this review's file to the listening queue", ("a",)),
    Action("play_queue", "Play the listening queue, hands-free", ("P",)),
    Action("sleep_timer", "Sleep timer: off, 15, 30, 60 minutes, end of review", ("t",)),
    Action("open", "Open a file or folder of reviews", ("o",)),
    Action("announcements", "Spoken confirmations on or off", ("m",)),
    Action("help", "Help: every key, shown and spoken", ("question_mark", "f1"), "Help"),
    Action("quit", "Quit", ("q",), "Quit"),
)
BY_NAME = {action.name: action for action in ACTIONS}

_MODIFIERS = ("ctrl+", "alt+", "shift+", "super+")
_NAMED_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_SPOKEN = {
    " ": "space",
    "space": "space",
    "escape": "escape",
    "enter": "enter",
    "tab": "tab",
    "up": "up arrow",
    "down": "down arrow",
    "left": "left arrow",
    "right": "right arrow",
    "pageup": "page up",
    "pagedown": "page down",
    "]": "right bracket",
    "[": "left bracket",
    "right_square_bracket": "right bracket",
    "left_square_bracket": "left bracket",
    "?": "question mark",
    "question_mark": "question mark",
    "+": "plus",
    "-": "minus",
    "plus": "plus",
    "minus": "minus",
}
_SHOWN = {
    "space": "space",
    "escape": "esc",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "question_mark": "?",
    "right_square_bracket": "]",
    "left_square_bracket": "[",
    "plus": "+",
    "minus": "-",
}


class KeyFileError(Exception):
    """The key file cannot be used; the message names the file and line."""


def default_keymap() -> dict[str, tuple[str, ...]]:
    """Every action's default keys."""
    return {action.name: action.keys for action in ACTIONS}


def load_keymap(path: Path) -> dict[str, tuple[str, ...]]:
    """The keys for every action, from the defaults and the key file, if there is one.
    Raises KeyFileError for a file that cannot be used."""
    keymap = default_keymap()
    if not path.exists():
        return keymap
    try:
        document = read_toml(path)
        for name in document.data:
            keymap[name] = _keys(document, name)
    except TomlError as error:
        raise KeyFileError(f"{error}; using the default keys") from error
    _check_clashes(path, keymap)
    return keymap


def _keys(document: TomlFile, name: str) -> tuple[str, ...]:
    if name not in BY_NAME:
        known = ", ".join(action.name for action in ACTIONS)
        raise document.error(f"unknown action {name!r} (actions: {known})", key=name)
    value = document.data[name]
    keys = [value] if isinstance(value, str) else value
    if not isinstance(keys, list) or not all(isinstance(key, str) for key in keys):
        raise document.error(f'{name} must be a key in quotes or a list, e.g. ["]"]', key=name)
    for key in keys:
        if not is_key(key):
            raise document.error(f"{key!r} is not a key name (see the README)", key=name)
    return tuple(keys)


def is_key(key: str) -> bool:
    """Whether `key` can name a key: one character, or a name like 'f1' or 'ctrl+r'."""
    bare = key
    while bare.startswith(_MODIFIERS) and len(bare) > len("alt+"):
        bare = bare.split("+", 1)[1]
    return (len(bare) == 1 and bare.isprintable()) or bool(_NAMED_KEY.match(bare))


def _check_clashes(path: Path, keymap: dict[str, tuple[str, ...]]) -> None:
    owners: dict[str, str] = {}
    for name, keys in keymap.items():
        for key in keys:
            canonical = _canonical(key)
            if canonical in owners:
                raise KeyFileError(
                    f"{path}: {spoken_key(key)} is given to both {owners[canonical]} and "
                    f"{name}; using the default keys"
                )
            owners[canonical] = name


def _canonical(key: str) -> str:
    return {"?": "question_mark", "]": "right_square_bracket", "[": "left_square_bracket"}.get(
        key, "space" if key == " " else key
    )


def spoken_key(key: str) -> str:
    """A key as a listener hears it: 'right bracket', 'shift H', 'control R'."""
    modifiers: list[str] = []
    while "+" in key[:-1]:
        modifier, key = key.split("+", 1)
        modifiers.append({"ctrl": "control"}.get(modifier, modifier))
    if len(key) == 1 and key.isupper():
        modifiers.append("shift")
        key = key.lower()
    name = _SPOKEN.get(key, key.upper() if re.fullmatch(r"f\d+", key) else key.replace("_", " "))
    return " ".join([*modifiers, name])


def shown_key(key: str) -> str:
    """A key as the help screen and footer show it: '→', '?', 'F1', 'ctrl+r'."""
    if re.fullmatch(r"f\d+", key):
        return key.upper()
    return _SHOWN.get(key, key)


def help_lines(keymap: dict[str, tuple[str, ...]], spoken: bool) -> list[str]:
    """One line per action, 'keys: what it does'; the section keys 1-9 share one line."""
    name_of = spoken_key if spoken else shown_key
    lines: list[str] = []
    sections = [keymap.get(action.name, ()) for action in _SECTION_KEYS]
    for action in ACTIONS:
        keys = keymap.get(action.name, ())
        if action in _SECTION_KEYS and sections == [a.keys for a in _SECTION_KEYS]:
            if action.name == "section_1":
                lines.append(f"{name_of('1')} to {name_of('9')}: go to that section")
            continue
        if keys:
            joined = " or ".join(name_of(key) for key in keys)
            lines.append(f"{joined}: {action.description}")
    return lines
