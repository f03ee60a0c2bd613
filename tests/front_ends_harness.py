"""Running one action script through the reading room and through plain mode, and
reading back what each said and where each landed, step by step."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from runner import plain
from tui_harness import Harness

from reader.plain.lines import CONTINUATION
from reader.plain.run import HINTS
from reader.reading.actions import BY_ACT, Act, Command
from reader.tui.keys import default_keymap

WHERE = Command(Act.WHERE)
# A line plain mode does not know: its answer moves nothing, so it marks where a step's
# lines end in the output.
STEP_END = "#"
KEYMAP = default_keymap()


def go(number: int) -> Command:
    """Go to section `number`: its digit key, or `go N` typed."""
    return Command(Act.SECTION, number)


@dataclass(frozen=True)
class Script:
    """Actions on some reviews, with phrases that must be said and where it must end."""

    files: tuple[Path, ...]
    steps: tuple[Command, ...]
    says: tuple[str, ...]  # each is in some step's answer, in both front ends
    lands: str  # the last step's place, as `where` says it


@dataclass(frozen=True)
class Heard:
    """One step in one front end: what it answered, and then where it said it was."""

    said: str
    where: str


def key(command: Command) -> str:
    """The default key for a step, as the reading room is pressed."""
    name = f"section_{command.number}" if command.act is Act.SECTION else command.act.value
    return KEYMAP[name][0]


def words(command: Command) -> str:
    """The line typed for a step: the action's first word, and a section's number."""
    word = BY_ACT[command.act].words[0]
    return word if command.number is None else f"{word} {command.number}"


def shows(said: str, lines: list[str], hint: str) -> bool:
    """Whether the reading room's said line is these lines of plain mode, joined as
    sentences (a full stop where a line has none), with plain mode's hint on how to start
    in the reading room's words."""
    sentences = [hint if line == HINTS.opening else line for line in lines]
    return re.fullmatch(r"\.? ".join(map(re.escape, sentences)) + r"\.?", said) is not None


def unwrapped(printed: list[str]) -> list[str]:
    """Plain mode's printed lines with a long line's continuation joined back to it."""
    lines: list[str] = []
    for line in printed:
        if line.startswith(CONTINUATION) and lines:
            lines[-1] += " " + line.removeprefix(CONTINUATION)
        else:
            lines.append(line)
    return lines


async def room(script: Script) -> tuple[str, list[Heard], str]:
    """The reading room's opening, each step heard, and its words for how to start."""
    harness = Harness(script.files)
    heard: list[Heard] = []
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        opening = harness.screen.said
        for command in script.steps:
            await harness.press(pilot, key(command))
            said = harness.screen.said
            await harness.press(pilot, key(WHERE))
            heard.append(Heard(said, harness.screen.said))
        return opening, heard, harness.reading.hints.opening


def plain_mode(script: Script, env: dict[str, str]) -> tuple[list[str], list[list[str]]]:
    """Plain mode's opening lines, and each step's lines with its `where` line last."""
    typed = "".join(f"{words(command)}\n{words(WHERE)}\n{STEP_END}\n" for command in script.steps)
    run = plain(env, *(str(path) for path in script.files), typed=f"{STEP_END}\n{typed}")
    assert (run.code, run.err) == (0, "")
    answers: list[list[str]] = [[]]
    for line in unwrapped(run.lines):
        if line.startswith(f"Unknown command: {STEP_END}."):
            answers.append([])
        else:
            answers[-1].append(line)
    opening, *steps, goodbye = answers
    assert goodbye == ["Place saved. Goodbye."]
    return opening, steps
