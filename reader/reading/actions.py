"""The one table of actions: what each does, its default keys in the reading room, the words
plain mode understands for it, and the help text both show.

A key press and a typed line both become a `Command` over this table, so every front end
has the same actions with the same names, and help is generated from the same rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from reader.reading.answers import Answer
from reader.text.cleaning import clean_line


class Act(StrEnum):
    """What a command does; the value is its name in the key file."""

    PLAY_PAUSE = "play_pause"
    STOP = "stop"
    NEXT_SECTION = "next_section"
    PREVIOUS_SECTION = "previous_section"
    SECTION = "section"  # go to section N
    SECTIONS = "sections"  # list them
    NEXT_SENTENCE = "next_sentence"
    PREVIOUS_SENTENCE = "previous_sentence"
    NEXT_PARAGRAPH = "next_paragraph"
    PREVIOUS_PARAGRAPH = "previous_paragraph"
    READ_SECTION = "read_section"
    READ_ALL = "read_all"
    FASTER = "faster"
    SLOWER = "slower"
    SPOILERS = "spoilers"
    SPOILERS_ON = "spoilers_on"
    SPOILERS_OFF = "spoilers_off"
    REVEAL = "reveal"
    FIND = "find"  # words in the review, from here on
    RATING = "rating"
    WHERE = "where"
    NEXT_REVIEW = "next_review"
    PREVIOUS_REVIEW = "previous_review"
    REVIEWS = "reviews"  # list the open reviews, from N
    REVIEW = "review"  # go to review N
    ADD = "add"
    PLAY_QUEUE = "play_queue"
    QUEUE = "queue"
    SLEEP_TIMER = "sleep_timer"
    OPEN = "open"
    ANNOUNCEMENTS = "announcements"
    VERBOSITY = "verbosity"  # terse, normal, verbose, round
    TERSE = "terse"
    NORMAL = "normal"
    VERBOSE = "verbose"
    SKIM = "skim"
    HELP = "help"
    QUIT = "quit"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Action:
    """One row: an action, its default keys (none: not in the reading room), the words that
    type it in plain mode (none: not in plain mode), and what help says about it."""

    act: Act
    description: str
    keys: tuple[str, ...] = ()
    words: tuple[str, ...] = ()  # the word first, then short forms and other phrasings
    footer: str = ""  # a short label when the reading room's footer shows it
    usage: str = ""  # how plain mode's help shows it, when not just its first words

    @property
    def name(self) -> str:
        """Its name in the key file and the command palette."""
        return self.act.value


_SHOWN_TYPING = 40  # characters of an unknown command repeated back
SECTION_KEYS = tuple(str(number) for number in range(1, 10))

ACTIONS: tuple[Action, ...] = (
    Action(Act.PLAY_PAUSE, "Play or pause", ("space",), footer="Play/pause"),
    Action(
        Act.STOP, "Stop speech at once", ("escape",), ("stop", "stop speaking", "pause"), "Stop"
    ),
    Action(
        Act.NEXT_SECTION,
        "Next section heading",
        ("h",),
        ("section", "h", "next section"),
        "Section",
    ),
    Action(
        Act.PREVIOUS_SECTION,
        "Previous section heading; from inside a section, its own heading",
        ("H",),
        ("back", "H", "previous section"),
    ),
    Action(Act.SECTION, "Go to section N", SECTION_KEYS, ("go",), usage="go N, or N alone"),
    Action(
        Act.SECTIONS,
        "List the sections by number, heading and length",
        ("l",),
        ("sections", "l", "list sections", "headings"),
    ),
    Action(
        Act.NEXT_SENTENCE,
        "Next sentence",
        ("right",),
        ("next", "n", "next sentence"),
        usage="next, n, or Enter alone",
    ),
    Action(
        Act.PREVIOUS_SENTENCE,
        "Previous sentence",
        ("left",),
        ("previous", "p", "previous sentence"),
    ),
    Action(Act.NEXT_PARAGRAPH, "Next paragraph", ("down",), ("next paragraph", "np")),
    Action(Act.PREVIOUS_PARAGRAPH, "Previous paragraph", ("up",), ("previous paragraph", "pp")),
    Action(
        Act.READ_SECTION,
        "Read from here to the end of the section",
        words=("read", "s", "read the section", "read section"),
    ),
    Action(
        Act.READ_ALL,
        "Read from here to the end of the review",
        words=("all", "a", "read all", "read to the end"),
    ),
    Action(Act.FASTER, "Faster", ("]",), ("faster", "]"), "Faster"),
    Action(Act.SLOWER, "Slower", ("[",), ("slower", "["), "Slower"),
    Action(Act.SPOILERS, "Spoiler skipping on or off", ("x",), ("spoilers", "x"), "Spoilers"),
    Action(
        Act.SPOILERS_ON,
        "Skip spoilers: say how long each is instead",
        words=("skip spoilers", "spoilers on"),
    ),
    Action(Act.SPOILERS_OFF, "Read spoilers", words=("read spoilers", "spoilers off")),
    Action(
        Act.REVEAL,
        "Show the spoilers hidden here",
        words=("reveal", "v", "show the hidden spoilers", "show spoilers"),
    ),
    Action(
        Act.FIND,
        "Find words in the review from here on, or the last words again",
        ("slash",),
        ("find", "search", "search for"),
        usage="find WORDS",
    ),
    Action(
        Act.RATING, "Read the rating", ("r",), ("rating", "r", "read rating", "read the rating")
    ),
    Action(
        Act.WHERE,
        "Where am I: review, section, sentence, percent",
        ("w",),
        ("where", "w", "where am i"),
        "Where",
    ),
    Action(Act.NEXT_REVIEW, "Next review", ("n",), ("next review", "nr")),
    Action(Act.PREVIOUS_REVIEW, "Previous review", ("p",), ("previous review", "pr")),
    Action(
        Act.REVIEWS,
        "List the open reviews by number, fifty at a time",
        words=("reviews", "list reviews"),
        usage="reviews, or reviews N",
    ),
    Action(Act.REVIEW, "Open review N of the list", words=("review",), usage="review N"),
    Action(
        Act.ADD,
        "Add this review's file to the listening queue",
        ("a",),
        ("add", "add to queue", "add to the queue"),
    ),
    Action(Act.PLAY_QUEUE, "Play the listening queue, hands-free", ("P",)),
    Action(Act.QUEUE, "The listening queue", words=("queue", "list the queue")),
    Action(Act.SLEEP_TIMER, "Sleep timer: off, 15, 30, 60 minutes, end of review", ("t",)),
    Action(Act.OPEN, "Open a file or folder of reviews", ("o",)),
    Action(Act.ANNOUNCEMENTS, "Spoken confirmations on or off", ("m",)),
    Action(
        Act.VERBOSITY,
        "Verbosity: terse, normal, verbose",
        ("v",),
        ("verbosity",),
        "Verbosity",
    ),
    Action(Act.TERSE, "Say as little as possible", words=("terse",)),
    Action(Act.NORMAL, "Normal verbosity", words=("normal",)),
    Action(Act.VERBOSE, "Say counts and positions too", words=("verbose",)),
    Action(
        Act.SKIM,
        "Skim: each review's title, rating and verdict; again opens it",
        ("k",),
        ("skim", "k"),
        "Skim",
    ),
    Action(
        Act.HELP,
        "Help: every command, shown and spoken",
        ("question_mark", "f1"),
        ("help", "?"),
        "Help",
    ),
    Action(Act.QUIT, "Save your place and quit", ("q",), ("quit", "exit")),
)
BY_ACT = {action.act: action for action in ACTIONS}
KEYED = tuple(action for action in ACTIONS if action.keys)
WORDED = tuple(action for action in ACTIONS if action.words)

_BY_WORD = {word.lower(): action.act for action in WORDED for word in action.words}
# Short forms that differ only in case are matched exactly first ('h' and 'H').
_EXACT = {word: action.act for action in WORDED for word in action.words}
# A section number alone, or after "go" / "go to" / "go to section"; at most 9 digits.
_GO = re.compile(r"(?:go\s+(?:to\s+)?(?:section\s+)?)?(\d{1,9})", re.IGNORECASE | re.ASCII)
# "find the ending" (or "search for it"): the words after the command are what is found.
_FIND = re.compile(r"(?:find|search(?:\s+for)?)\s+(?P<text>.+)", re.IGNORECASE)
# "review 12" (or "open 12", "go to review 12") opens it; "reviews 51" lists from it.
_REVIEW = re.compile(
    r"(?:(?P<open>(?:go\s+to\s+|open\s+)?review|open)|(?P<list>(?:list\s+)?reviews))"
    r"\s+(?:number\s+)?(?P<number>\d{1,9})",
    re.IGNORECASE | re.ASCII,
)


@dataclass(frozen=True)
class Command:
    """An action asked for: a key pressed or a line typed, with a section number for `go`."""

    act: Act
    number: int | None = None
    typed: str = ""
    text: str = ""  # the words to find


def parse_words(line: str) -> Command:
    """What a typed line asks for; an empty line is the next sentence, as in `more`."""
    typed = " ".join(line.split())
    if typed != "?":
        typed = typed.rstrip("?.!")  # "where am I?" is "where am I"
    if not typed:
        return Command(Act.NEXT_SENTENCE)
    go = _GO.fullmatch(typed)
    if go:
        return Command(Act.SECTION, int(go.group(1)), typed)
    found = _FIND.fullmatch(typed)
    if found and found.group("text"):
        return Command(Act.FIND, None, typed, found.group("text"))
    review = _REVIEW.fullmatch(typed)
    if review:
        opened = Act.REVIEW if review.group("open") else Act.REVIEWS
        return Command(opened, int(review.group("number")), typed)
    act = _EXACT.get(typed) or _BY_WORD.get(typed.lower())
    return Command(act or Act.UNKNOWN, None, typed)


def closest_words(typed: str) -> str | None:
    """The command words nearest to an unknown line, for 'Did you mean …?'."""
    from difflib import get_close_matches

    words = [action.words[0] for action in WORDED] + [
        word for action in WORDED for word in action.words[1:] if len(word) > 2
    ]
    found = get_close_matches(typed.lower(), words, n=1, cutoff=0.75)
    return found[0] if found else None


def unknown(command: Command) -> Answer:
    """An unknown line, repeated back safely, with the nearest command if there is one."""
    typed = clean_line(command.typed)
    shown = typed if len(typed) <= _SHOWN_TYPING else f"{typed[:_SHOWN_TYPING]}…"
    nearest = closest_words(typed)
    suggestion = f"Did you mean: {nearest}? " if nearest else ""
    return Answer((f"Unknown command: {shown}. {suggestion}Type help for the commands.",))


def word_help() -> list[str]:
    """Plain mode's help, a line per command: 'next, n: next sentence'."""
    lines = []
    for action in WORDED:
        shown = action.usage or ", ".join(_shortest(action.words))
        lines.append(f"{shown}: {action.description[:1].lower()}{action.description[1:]}")
    return lines


def _shortest(words: tuple[str, ...]) -> tuple[str, ...]:
    """The word and its short forms (up to 2 characters), not every phrasing."""
    return (words[0], *(word for word in words[1:] if len(word) <= 2))
