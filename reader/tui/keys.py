"""The reading room's keys: the action table's default keys, and the key file that remaps them.

keys.toml, in the config folder, gives an action one key or a list of keys:

    faster = "+"
    slower = ["-", "["]
    help = "f1"
    where = "question_mark"

Keys are single characters or names: space, escape, enter, tab, up, down, left, right,
home, end, pageup, pagedown, f1-f12, with "alt+" or "ctrl+" in front if wanted. A line
with a mistake is dropped and the rest kept, so one typo costs one remap, not all of them;
a key already taken keeps its first action. What was dropped is said in one short line.
"""

from __future__ import annotations

import re
import tomllib
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
# How keys are said where their name (underscores read as spaces) is not enough.
_SPOKEN = {
    "up": "up arrow",
    "down": "down arrow",
    "left": "left arrow",
    "right": "right arrow",
    "pageup": "page up",
    "pagedown": "page down",
    "right_square_bracket": "right bracket",
    "left_square_bracket": "left bracket",
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
    "slash": "/",
}
# Characters whose keys also have names: '?' and 'question_mark' are one key.
_NAMES = {shown: name for name, shown in _SHOWN.items() if len(shown) == 1} | {" ": "space"}


@dataclass(frozen=True)
class KeyProblem:
    """A line of the key file that was dropped, or part of one: `short` is said, `detail`
    (the file, the line, what would be right) is for the log."""

    line: int | None  # None when the line cannot be found
    short: str
    detail: str


@dataclass(frozen=True)
class KeyFile:
    """The keys for every action, and what in the key file could not be used."""

    keymap: dict[str, tuple[str, ...]]
    problems: tuple[KeyProblem, ...] = ()
    unread: bool = False  # the file as a whole could not be read: the defaults are used

    def spoken(self) -> str:
        """One short line for the listener ("" when all is well): the line at fault and
        what was wrong, or how many lines were dropped."""
        if not self.problems:
            return ""
        if self.unread:
            return f"Key file: {_at(self.problems)}{self.problems[0].short}; default keys used"
        lines = sorted({problem.line for problem in self.problems if problem.line is not None})
        if len(lines) > 1:
            return f"Key file: {len(lines)} lines ignored (lines {_listed(lines)}); other keys kept"
        shorts = ", ".join(problem.short for problem in self.problems)
        return f"Key file: {_at(self.problems)}{shorts}; other keys kept"


def _at(problems: tuple[KeyProblem, ...]) -> str:
    line = problems[0].line
    return "" if line is None else f"line {line}, "


def _listed(numbers: list[int]) -> str:
    """'3 and 5', '3, 5 and 7'."""
    *rest, last = [str(number) for number in numbers]
    return f"{', '.join(rest)} and {last}"


def default_keymap() -> dict[str, tuple[str, ...]]:
    """Every action's default keys."""
    return {action.name: action.keys for action in ACTIONS}


def load_keymap(path: Path) -> KeyFile:
    """The keys for every action: the defaults, remapped by the key file if there is one.
    A broken line is dropped and the others kept; a file that is not TOML changes nothing."""
    if not path.exists():
        return KeyFile(default_keymap())
    try:
        document = read_toml(path)
    except TomlError as error:
        toml = isinstance(error.__cause__, tomllib.TOMLDecodeError)
        short = "not valid TOML" if toml else "could not be read"
        problem = KeyProblem(error.line, short, f"{error}; using the default keys")
        return KeyFile(default_keymap(), (problem,), unread=True)
    remaps: dict[str, tuple[str, ...]] = {}
    problems: list[KeyProblem] = []
    for name, value in document.data.items():
        keys = _keys(document, name, value)
        if isinstance(keys, KeyProblem):
            problems.append(keys)
        else:
            remaps[name] = keys
    keymap, clashes = _without_clashes(document, remaps)
    return KeyFile(keymap, tuple(sorted([*problems, *clashes], key=_line_order)))


def _line_order(problem: KeyProblem) -> int:
    return problem.line or 0


def _keys(document: TomlFile, name: str, value: object) -> tuple[str, ...] | KeyProblem:
    """The keys a line `name = value` gives, or what is wrong with it."""

    def problem(short: str, detail: str) -> KeyProblem:
        error = document.error(f"{detail}; line ignored", key=name)
        return KeyProblem(error.line, short, str(error))

    if name not in BY_NAME:
        known = ", ".join(action.name for action in ACTIONS)
        return problem(f"unknown action {name}", f"unknown action {name!r} (actions: {known})")
    keys = [value] if isinstance(value, str) else value
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        return problem(
            f"{name} needs a key in quotes", f'{name} must be a key in quotes or a list, e.g. ["]"]'
        )
    for key in keys:
        if not is_key(key):
            return problem(
                f"{key} is not a key name", f"{key!r} is not a key name (see the README)"
            )
    return tuple(keys)


def is_key(key: str) -> bool:
    """Whether `key` can name a key: one character, or a name like 'f1' or 'ctrl+r'."""
    bare = key
    while bare.startswith(_MODIFIERS) and len(bare) > len("alt+"):
        bare = bare.split("+", 1)[1]
    return (len(bare) == 1 and bare.isprintable()) or bool(_NAMED_KEY.match(bare))


def _without_clashes(
    document: TomlFile, remaps: dict[str, tuple[str, ...]]
) -> tuple[dict[str, tuple[str, ...]], list[KeyProblem]]:
    """The keymap with each key given to one action only. Keys the file leaves alone come
    first, then the file's lines in order: a line's key already taken is dropped, and an
    action left with none of its own keeps its default keys that are still free."""
    keymap = default_keymap()
    owners: dict[str, str] = {}

    def claim(name: str, keys: tuple[str, ...]) -> tuple[str, ...]:
        free = tuple(key for key in keys if _canonical(key) not in owners)
        owners.update((_canonical(key), name) for key in free)
        return free

    for name, keys in keymap.items():
        if name not in remaps:
            claim(name, keys)
    problems: list[KeyProblem] = []
    for name, keys in remaps.items():
        kept = claim(name, keys)
        for key in keys:
            if key not in kept:
                owner = owners[_canonical(key)]
                error = document.error(
                    f"{spoken_key(key)} is already {owner}'s key; not given to {name}", key=name
                )
                short = f"{spoken_key(key)} already used by {owner.replace('_', ' ')}"
                problems.append(KeyProblem(error.line, short, str(error)))
        if keys and not kept:  # every key it was given is taken: it keeps its own, if free
            kept = claim(name, keymap[name])
        keymap[name] = kept
    return keymap, problems


def _canonical(key: str) -> str:
    """One name for a key however it is written: '?' and 'question_mark' are one key."""
    return _NAMES.get(key, key)


def spoken_key(key: str) -> str:
    """A key as a listener hears it: 'right bracket', 'shift H', 'control R'."""
    modifiers: list[str] = []
    while "+" in key[:-1]:
        modifier, key = key.split("+", 1)
        modifiers.append({"ctrl": "control"}.get(modifier, modifier))
    key = _canonical(key)
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
