"""The README as written: its key file examples load with no problem, and its example
commands run as someone who has just done the Quick start types them, with
`.venv/bin/reader` for `reader`."""

from __future__ import annotations

import re
import shlex
import subprocess
from dataclasses import dataclass
from itertools import dropwhile
from pathlib import Path

import pytest
from helpers import ROOT
from runner import DEADLINE, environment

from reader.tui.keys import load_keymap

README = ROOT / "README.md"
READER = ROOT / ".venv" / "bin" / "reader"  # what the Quick start leaves in the checkout
FENCE = re.compile(r"^(?P<indent>\s*)```(?P<language>\w*)\s*$")
PROMPT = "$ "
# Commands that print and exit, using nothing but their arguments and the test's folders
# (plain mode only with its commands piped in).
CHECKED = (
    ("outline",),
    ("text",),
    ("skim",),
    ("voices",),
    ("config", "show"),
    ("queue", "list"),
    ("--plain",),
)
SOUND = ("say", "export", "doctor", "--speak")


@dataclass(frozen=True)
class Block:
    """A fenced code block of the README and the paragraph just before it."""

    language: str
    lines: tuple[str, ...]
    paragraph: str


def blocks(text: str) -> list[Block]:
    """Every fenced block, its lines without the fence's own indent (a block in a list)."""
    found: list[Block] = []
    lines = text.splitlines()
    number = 0
    while number < len(lines):
        fence = FENCE.match(lines[number])
        if fence is None:
            number += 1
            continue
        end = next(n for n in range(number + 1, len(lines)) if lines[n].strip() == "```")
        indent = len(fence["indent"])
        body = tuple(line[indent:] for line in lines[number + 1 : end])
        found.append(Block(fence["language"], body, _paragraph_before(lines, number)))
        number = end + 1
    return found


def _paragraph_before(lines: list[str], number: int) -> str:
    above = "\n".join(lines[:number]).rstrip()
    return above.rsplit("\n\n", 1)[-1]


def key_file_examples(text: str) -> list[str]:
    """The TOML blocks the README presents as a `keys.toml`."""
    return [
        "\n".join(block.lines) + "\n"
        for block in blocks(text)
        if block.language == "toml" and "keys.toml" in block.paragraph
    ]


@dataclass(frozen=True)
class Example:
    """A command line as the README gives it, and the output it shows after a `$` prompt."""

    line: str
    shown: tuple[str, ...] = ()

    def __str__(self) -> str:
        return " ".join(self.line.split("#", 1)[0].split())


def examples(text: str) -> list[Example]:
    """Every line of a shell block, and every line after a `$` prompt in any block, that
    runs `reader` (the synopsis under Commands has no prompt: it is not run)."""
    found: list[Example] = []
    for block in blocks(text):
        for number, line in enumerate(block.lines):
            if block.language == "sh" and _reader_stage(line) is not None:
                found.append(Example(line))
            elif line.startswith(PROMPT) and _reader_stage(line.removeprefix(PROMPT)):
                after = block.lines[number + 1 :]
                end = next((n for n, shown in enumerate(after) if shown.startswith(PROMPT)), None)
                found.append(Example(line.removeprefix(PROMPT), after[:end]))
    return found


def stages(line: str) -> list[list[str]]:
    """A command line's pipeline, each stage's words, comments dropped."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    piped: list[list[str]] = [[]]
    for word in lexer:
        if word == "|":
            piped.append([])
        else:
            piped[-1].append(word)
    return piped


def _reader_stage(line: str) -> list[str] | None:
    """The arguments of the `reader` run by the line, after any `NAME=value` settings."""
    for stage in stages(line):
        words = list(dropwhile(lambda word: re.match(r"^[A-Z_]+=", word), stage))
        if words[:1] == ["reader"]:
            return words[1:]
    return None


def why_not_run(line: str) -> str | None:
    """Why the test does not run this example (None: it does)."""
    arguments = _reader_stage(line) or []
    if any(word in SOUND for word in arguments) or arguments[:2] == ["queue", "play"]:
        return "it speaks aloud, and a test machine may have no sound"
    if any(word.startswith(("http://", "https://")) for word in arguments):
        return "it needs the network"
    command = next((words for words in CHECKED if tuple(arguments[: len(words)]) == words), None)
    if command is None:
        return "it opens the full screen, or changes the user's settings or queue"
    if command == ("--plain",) and not any("reader" in stage for stage in stages(line)[1:]):
        return "plain mode would wait for commands typed at the keyboard"
    files = [word for word in arguments[len(command) :] if not word.startswith("-")]
    if any(not word.startswith("sample_reviews/") for word in files):
        return "it names a file that is not bundled with reader"
    return None


def as_run_here(line: str) -> str:
    """The line with the checkout's `.venv/bin/reader` for `reader`."""
    return " | ".join(
        shlex.join([str(READER) if word == "reader" else word for word in stage])
        for stage in stages(line)
    )


TEXT = README.read_text(encoding="utf-8")


def test_the_readme_has_a_key_file_example() -> None:
    assert key_file_examples(TEXT), "no ```toml block after a paragraph naming keys.toml"


@pytest.mark.parametrize("example", key_file_examples(TEXT), ids=lambda _: "keys.toml")
def test_each_key_file_example_loads_with_no_problem(tmp_path: Path, example: str) -> None:
    path = tmp_path / "keys.toml"
    path.write_text(example, encoding="utf-8")
    keys = load_keymap(path)
    assert keys.problems == (), keys.problems
    assert keys.spoken() == ""


def test_the_example_commands_cover_each_kind_checked() -> None:
    run = [_reader_stage(e.line) or [] for e in examples(TEXT) if why_not_run(e.line) is None]
    first_words = {arguments[0] for arguments in run}
    assert {"outline", "text", "--plain", "voices"} <= first_words


@pytest.mark.parametrize("example", examples(TEXT), ids=str)
def test_each_example_command_runs_as_written(tmp_path: Path, example: Example) -> None:
    reason = why_not_run(example.line)
    if reason is not None:
        pytest.skip(f"not run: {reason}")
    if not READER.exists():
        pytest.skip("no .venv/bin/reader: make run or make test creates it")
    done = subprocess.run(
        ["sh", "-c", as_run_here(example.line)],
        cwd=ROOT,
        env=environment(tmp_path),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=DEADLINE,
        check=False,
        start_new_session=True,
    )
    errors = done.stderr.decode("utf-8", errors="replace")
    assert done.returncode == 0, errors
    assert "Traceback" not in errors, errors
    assert done.stdout.strip(), errors
    if example.shown:
        assert done.stdout.decode("utf-8").splitlines() == list(example.shown)


@pytest.mark.parametrize(
    ("line", "runs"),
    [
        ("reader outline sample_reviews/parasite.md", True),
        ("printf 'where\\n' | reader --plain sample_reviews/parasite.md", True),
        ("reader --plain sample_reviews/parasite.md", False),
        ("reader say sample_reviews/parasite.md", False),
        ("READER_PLAYER='sox -d' reader say review.txt", False),
        ("reader text review.txt", False),
        ("reader outline https://example.org/review", False),
        ("reader config set rate 300", False),
        ("reader sample_reviews/", False),
        ("reader queue list", True),
    ],
)
def test_which_commands_are_run(line: str, runs: bool) -> None:
    assert (why_not_run(line) is None) is runs
