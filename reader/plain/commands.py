"""Plain mode's commands: one table that both reads what the user types and makes `help`.

A command is a word or its short form, typed and then Enter. Words are read in any case;
a short form is first matched exactly, because `h` (next section) and `H` (previous
section) differ only in case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Action(StrEnum):
    """What a command does."""

    NEXT = "next"
    PREVIOUS = "previous"
    NEXT_SECTION = "section"
    PREVIOUS_SECTION = "back"
    GO = "go"
    READ_SECTION = "read"
    READ_ALL = "all"
    NEXT_REVIEW = "next review"
    PREVIOUS_REVIEW = "previous review"
    RATING = "rating"
    WHERE = "where"
    FASTER = "faster"
    SLOWER = "slower"
    SPOILERS_ON = "spoilers on"
    SPOILERS_OFF = "spoilers off"
    SPOILERS = "spoilers"
    REVEAL = "reveal"
    QUEUE = "queue"
    STOP = "stop"
    HELP = "help"
    QUIT = "quit"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class CommandSpec:
    """One row of the table: what can be typed, and what help says about it."""

    action: Action
    names: tuple[str, ...]  # the word first, then its short forms
    description: str
    usage: str = ""  # how help shows it, when that is not just the names

    @property
    def shown(self) -> str:
        """'next, n', or the usage when the command takes a number."""
        return self.usage or ", ".join(self.names)


COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec(Action.NEXT, ("next", "n"), "next sentence; Enter alone does the same"),
    CommandSpec(Action.PREVIOUS, ("previous", "p"), "previous sentence"),
    CommandSpec(Action.NEXT_SECTION, ("section", "h"), "next section heading"),
    CommandSpec(
        Action.PREVIOUS_SECTION,
        ("back", "H"),
        "previous section heading; from inside a section, its own heading",
    ),
    CommandSpec(Action.GO, ("go",), "go to section N", usage="go N, or N alone"),
    CommandSpec(Action.READ_SECTION, ("read", "s"), "read from here to the end of the section"),
    CommandSpec(Action.READ_ALL, ("all", "a"), "read from here to the end of the review"),
    CommandSpec(Action.NEXT_REVIEW, ("next review", "nr"), "next review"),
    CommandSpec(Action.PREVIOUS_REVIEW, ("previous review", "pr"), "previous review"),
    CommandSpec(Action.RATING, ("rating", "r"), "the rating"),
    CommandSpec(Action.WHERE, ("where", "w"), "where you are: review, section, sentence"),
    CommandSpec(Action.FASTER, ("faster", "]"), "speak faster"),
    CommandSpec(Action.SLOWER, ("slower", "["), "speak slower"),
    CommandSpec(Action.SPOILERS_ON, ("spoilers on",), "skip spoilers"),
    CommandSpec(Action.SPOILERS_OFF, ("spoilers off",), "read spoilers"),
    CommandSpec(Action.SPOILERS, ("spoilers", "x"), "spoiler skipping on or off"),
    CommandSpec(Action.REVEAL, ("reveal", "v"), "show the spoilers hidden here"),
    CommandSpec(Action.QUEUE, ("queue",), "the listening queue"),
    CommandSpec(Action.STOP, ("stop",), "stop speaking"),
    CommandSpec(Action.HELP, ("help", "?"), "this list"),
    CommandSpec(Action.QUIT, ("quit", "exit"), "save your place and leave"),
)

_BY_NAME = {name: spec.action for spec in COMMANDS for name in spec.names}
# A section number, alone or after "go"; at most 9 digits, so int() is always quick.
_GO = re.compile(r"(?:go\s+)?(\d{1,9})", re.IGNORECASE | re.ASCII)


@dataclass(frozen=True)
class Command:
    """A typed line, understood: the action, a section number for `go`, and the text."""

    action: Action
    number: int | None = None
    typed: str = ""


def parse_command(line: str) -> Command:
    """What a typed line asks for; an empty line is `next`, as in `ed` and `more`."""
    typed = " ".join(line.split())
    if not typed:
        return Command(Action.NEXT)
    go = _GO.fullmatch(typed)
    if go:
        return Command(Action.GO, int(go.group(1)), typed)
    action = _BY_NAME.get(typed) or _BY_NAME.get(typed.lower())
    return Command(action or Action.UNKNOWN, None, typed)


def help_lines() -> list[str]:
    """Every command, one per line: 'next, n: next sentence; Enter alone does the same'."""
    return [f"{spec.shown}: {spec.description}" for spec in COMMANDS]
