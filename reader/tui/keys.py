"""The reading room's keys: the action table's default keys, and the key file that remaps them.

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

from reader.reading.actions import KEYED, Act
from reader.reading.controller import Hints
from reader.storage.tomlfile import TomlError, TomlFile, read_toml


@dataclass(frozen=True)
class KeyAction:
    """An action as the reading room binds it: `name` is its name in the key file."""

    name: str
    act: Act
    description: str
    keys: tuple[str, ...]
    footer: str = ""  # a short label when the action is shown in the footer
    number: int | None = None  # the section a digit goes to


def _key_actions() -> tuple[KeyAction, ...]:
    """The action table's keyed rows; "go to section" becomes one row per digit."""
    rows: list[KeyAction] = []
    for action in KEYED:
        if action.act is Act.SECTION:
            rows += [
                KeyAction(
                    f"section_{key}", Act.SECTION, f"Go to section {key}", (key,), number=int(key)
                )
                for key in action.keys
            ]
        else:
            rows.append(
                KeyAction(action.name, action.act, action.description, action.keys, action.footer)
            )
    return tuple(rows)


ACTIONS = _key_actions()
_SECTION_KEYS = tuple(action for action in ACTIONS if action.number is not None)
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


EXTRA_HELP = (
    ("tab", "Move between the text, the reviews, the sections and the queue"),
    ("ctrl+p", "Every command by name, and the themes"),
)


def help_text(keymap: dict[str, tuple[str, ...]], spoken: bool) -> list[str]:
    """Help as the reading room shows (or says) it: every action, then Tab and the palette."""
    extra = [(spoken_key(key) if spoken else key, text) for key, text in EXTRA_HELP]
    return help_lines(keymap, spoken) + [f"{key}: {text}" for key, text in extra]


def key_hints(keymap: dict[str, tuple[str, ...]]) -> Hints:
    """The controller's hints in the keys actually bound, so a remapped key is the one named."""

    def key(name: str) -> str:
        bound = keymap.get(name, ())
        return spoken_key(bound[0]) if bound else f"the {name.replace('_', ' ')} command"

    return Hints(
        tuple(f"{line}." for line in help_text(keymap, spoken=True)),
        f"{key('play_pause').capitalize()} plays, {key('help')} for help",
        f"Press {key('open')} to open reviews.",
    )
