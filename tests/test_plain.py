"""Plain mode (`reader --plain`): typed commands in, plain lines out, run as users run it.

Most tests pipe commands into `python -m reader --plain` and read what it prints; the
terminal tests give it a pseudo-terminal for stdin and stdout, as a screen reader user
has. Every run gets its own config and state folders, so the user's own settings, queue
and places are never read or changed.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import ROOT, SEED, SPOILER_PHRASES, parse
from processes import wait_for
from runner import Env, assert_plain, environment, on_a_terminal, piped, plain, reader

from reader.loaders import load_paths
from reader.model import Document, Markup, Review
from reader.plain.lines import WIDTH, wrapped
from reader.plain.run import PROMPT
from reader.plain.speaking import PlainSpeech
from reader.plan.planner import Utterance
from reader.reading.actions import WORDED, Act, Command, parse_words, word_help
from reader.reading.answers import Say
from reader.reading.controller import Hints, Reading
from reader.reading.library import Library
from reader.reading.modes import Modes
from reader.session.events import State, UtteranceStarted
from reader.session.session import Session
from reader.speech.espeak import EspeakEngine
from reader.speech.sinks import ClockSink

SPOILERS = ROOT / "sample_reviews" / "every-spoiler-syntax.md"
SEED_OPENING = [
    "Review 1 of 1, 1 Litre Of Tears, rated 5 out of 5, 786 words",
    "Type help for the commands, quit to leave.",
]
DETAILS = "Section 1 of 4, Details, 6 words"
SYNOPSIS = "Section 2 of 4, Synopsis, 47 words"
SYNOPSIS_START = "Based on a true story, Ikeuchi Aya (played by Sawajiri Erika) is a 15 year old"
DEADLINE = 60.0  # seconds to wait for a reply before the test fails; never a measurement


def after(lines: list[str], line: str) -> str:
    """The line printed right after `line`."""
    return lines[lines.index(line) + 1]


# --- what is printed ---------------------------------------------------------------------------


def test_opening_then_the_end_of_input_quits(env: Env) -> None:
    run = plain(env, str(SEED))
    assert (run.code, run.err) == (0, "")
    assert run.lines == [*SEED_OPENING, "Place saved. Goodbye."]


def test_a_script_of_commands(env: Env) -> None:
    run = plain(env, str(SEED), typed="next\nwhere\nquit\nnext\n")
    assert (run.code, run.err) == (0, "")
    assert run.lines == [
        *SEED_OPENING,
        DETAILS,  # the first section is named on the first move into it, as every other is
        "Genre: Romance, Family, School Life, Tragedy.",
        "1 Litre Of Tears. Section 1 of 4, Details, sentence 1 of 1, 0 percent",
        "Place saved. Goodbye.",
    ]  # nothing after quit is read


def test_next_after_section_is_that_sections_first_sentence(env: Env) -> None:
    run = plain(env, str(SEED), typed="section\nnext\nn\n")
    lines = run.lines
    assert after(lines, SYNOPSIS) == SYNOPSIS_START
    # Moving on past the section's end shows the next heading before its first sentence.
    assert "Section 3 of 4, Review, 727 words" in lines
    assert after(lines, "Section 3 of 4, Review, 727 words") == (
        "1 Litre of Tears is an understatement."
    )


def test_back_goes_to_this_sections_heading_first(env: Env) -> None:
    run = plain(env, str(SEED), typed="go 3\nn\nn\nH\nH\nback\n")
    headings = [line for line in run.lines if line.startswith(("Section ", "Start of section"))]
    assert headings == [
        "Section 3 of 4, Review, 727 words",
        "Start of section 3, Review",
        SYNOPSIS,
        "Section 1 of 4, Details, 6 words",
    ]


def test_reading_everything_puts_headings_on_lines_of_their_own(env: Env) -> None:
    run = plain(env, str(SEED), typed="all\n")
    lines = run.lines
    for heading in (
        SYNOPSIS,
        "Section 3 of 4, Review, 727 words",
        "Section 4 of 4, Rating, 6 words",
    ):
        assert heading in lines
    assert after(lines, SYNOPSIS) == SYNOPSIS_START
    assert lines[-2:] == ["Overall Rating: 5 out of 5.", "Place saved. Goodbye."]
    assert "Based on a true story" not in " ".join(lines[: lines.index(SYNOPSIS)])


def test_read_stops_at_the_end_of_the_section(env: Env) -> None:
    run = plain(env, str(SEED), typed="2\nread\nwhere\n")
    lines = run.lines
    assert lines[2:5] == [SYNOPSIS, SYNOPSIS, SYNOPSIS_START]  # `2`, then `read` from it
    assert "Section 3 of 4, Review, 727 words" not in lines
    assert "1 Litre Of Tears. Section 2 of 4, Synopsis, sentence 1 of 1, 1 percent" in lines


def test_long_sentences_wrap_at_80_with_an_indent(env: Env) -> None:
    run = plain(env, str(SEED), typed="2\nn\n")
    lines = run.lines
    first = lines.index(SYNOPSIS_START)
    continued = lines[first + 1 : first + 4]
    assert all(line.startswith("  ") and not line.startswith("   ") for line in continued)
    assert continued[-1] == "  her body but does not effect her mental capacity."


def test_every_line_of_every_sample_is_plain(env: Env) -> None:
    run = plain(env, "sample_reviews", typed="all\nnr\nall\nnr\nall\nnr\nall\nhelp\n")
    assert run.code == 0
    assert len(run.lines) > 100  # assert_plain has checked every one


def test_escape_sequences_in_a_review_or_a_command_never_reach_the_output(
    env: Env, tmp_path: Path
) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(
        "Evil \x1b[31mred\x1b[0m title\x1b]0;evil\x07\n\nGenre: Drama\x1b[1m\n\n"
        "A film \x1b[2Jwith \x9b2Jescapes. It was fine.\n\nRating: 4/5\n",
        encoding="utf-8",
    )
    run = plain(env, str(hostile), typed="all\n\x1b[2J\x1b]0;x\x07bogus\n\xff\n")
    assert run.code == 0
    assert "Unknown command: bogus. Type help for the commands." in run.lines
    assert "A film with escapes." in run.lines  # the 8-bit CSI sequence is gone too


def test_bytes_that_are_not_utf8_are_an_unknown_command(env: Env) -> None:
    run = plain(env, str(SEED), stdin=b"\xff\xfe\n")
    assert run.code == 0
    assert "Unknown command: \ufffd\ufffd. Type help for the commands." in run.lines


def test_unknown_commands_answer_and_reading_goes_on(env: Env) -> None:
    run = plain(env, str(SEED), typed="fly me to the moon\nnext\n")
    assert "Unknown command: fly me to the moon. Type help for the commands." in run.lines
    assert "Genre: Romance, Family, School Life, Tragedy." in run.lines


def test_help_lists_every_command(env: Env) -> None:
    run = plain(env, str(SEED), typed="help\n")
    assert run.lines[len(SEED_OPENING) : -1] == word_help()


# --- spoilers ----------------------------------------------------------------------------------


def test_hidden_spoilers_are_never_printed(env: Env) -> None:
    run = plain(env, str(SPOILERS), typed="all\n")
    text = "\n".join(run.lines)
    for phrase in SPOILER_PHRASES:
        assert phrase not in text
    assert "Spoiler skipped: Episode 9, 9 words." in run.lines
    assert any("(spoiler skipped, 7 words)" in line for line in run.lines)


def test_reveal_prints_the_spoiler_in_the_sentence_and_no_other(env: Env) -> None:
    run = plain(env, str(SPOILERS), typed="2\nn\nn\nn\nn\nreveal\n")
    text = "\n".join(run.lines)
    assert "(spoiler skipped, 7 words), reframes" in text
    assert run.lines[-2] == "Spoiler: the lighthouse keeper is Ji-an's real father"
    for phrase in SPOILER_PHRASES[1:]:
        assert phrase not in text


def test_reveal_at_a_heading_prints_the_sections_spoilers(env: Env) -> None:
    run = plain(env, str(SPOILERS), typed="3\nv\n")
    (shown,) = [line for line in run.lines if line.startswith("Spoiler: ")]
    assert shown.startswith("Spoiler: The final twist is that Ji-an's mother wrote the")


def test_spoilers_off_prints_them_and_is_remembered(env: Env) -> None:
    run = plain(env, str(SPOILERS), typed="spoilers off\n2\nn\nn\nn\nn\n")
    assert "Spoilers will be read" in run.lines
    assert "Section 2 of 6, Review, 468 words, 11 spoilers shown" in run.lines
    assert "the lighthouse keeper is Ji-an's real father" in "\n".join(run.lines)
    again = plain(env, str(SPOILERS), typed="x\n")
    assert again.lines[-2] == "Spoilers will be skipped"


# --- places, reviews, the queue ----------------------------------------------------------------


def test_quit_saves_the_place_and_the_next_run_reopens_there(env: Env, tmp_path: Path) -> None:
    plain(env, str(SEED), typed="go 3\nn\nn\nquit\n")
    saved = json.loads((tmp_path / "state" / "reader" / "positions.json").read_text())
    assert list(saved) == [str(SEED)]
    run = plain(env, str(SEED), typed="n\n")
    assert run.lines[1].startswith("Section 3 of 4, Review, sentence 2 of ")
    assert run.lines[3] == "I finished watching it a few days ago but it is still so raw."


def test_the_end_of_input_saves_the_place_too(env: Env) -> None:
    plain(env, str(SEED), typed="go 2\n")
    run = plain(env, str(SEED))
    assert run.lines[1] == "Section 2 of 4, Synopsis, at the heading, 1 percent"


def test_a_missing_file_is_one_line_and_the_others_still_load(env: Env, tmp_path: Path) -> None:
    missing = tmp_path / "gone.txt"
    run = plain(env, str(missing), str(SEED), str(SPOILERS), typed="nr\npr\npr\n")
    assert run.code == 1  # a path failed, as with every command; the others were read
    assert run.err.splitlines() == [f"reader: {missing}: no such file or folder"]
    # The opening names what failed before the review, as the reading room says it.
    assert run.lines[0].startswith("gone.txt: no such file or folder. Review 1 of 2, 1 Litre Of")
    assert "Review 2 of 2, Harbour Lights (2021), rated 4.5 out of 5, 577 words" in run.lines
    assert run.lines[-2] == "No previous review"


def test_nothing_readable_fails(env: Env, tmp_path: Path) -> None:
    missing = tmp_path / "gone.txt"
    run = plain(env, str(missing))
    assert (run.code, run.lines) == (1, [])
    assert run.err.splitlines() == [f"reader: {missing}: no such file or folder"]


def test_a_review_on_stdin_is_read_and_not_typed(env: Env) -> None:
    run = plain(env, "-", stdin=SEED.read_bytes())
    assert (run.code, run.err) == (0, "")
    assert run.lines == [*SEED_OPENING, "Goodbye."]  # no file, so no place to save


def test_with_no_paths_the_queue_is_read(env: Env) -> None:
    added = reader(env, "queue", "add", str(SEED))
    assert (added.code, added.err) == (0, "")
    run = plain(env, typed="queue\n")
    assert run.lines[:2] == ["Reading the queue, 1 file", SEED_OPENING[0]]
    listed = run.lines[run.lines.index("Queue, 1 file") + 1 :]
    # A long path wraps onto lines that start with two spaces; join them back.
    entry = listed[0] + "".join(line.removeprefix("  ") for line in listed[1:-1])
    assert entry.replace(" ", "") == f"1. 1 Litre Of Tears: {SEED}".replace(" ", "")


def test_with_no_paths_and_an_empty_queue_it_says_so(env: Env) -> None:
    run = plain(env)
    assert (run.code, run.lines) == (1, [])
    usage, *_, message = run.err.splitlines()  # the usage may wrap
    assert usage.startswith("usage: reader")
    assert message.startswith("reader: no files given and the queue is empty")


def test_pace_changes_answer_without_speech_and_are_remembered(env: Env) -> None:
    run = plain(env, str(SEED), typed="faster\n]\n[\n")
    assert run.lines[2:5] == [
        "Faster, 200 words per minute",
        "Faster, 225 words per minute",
        "Slower, 200 words per minute",
    ]
    assert plain(env, str(SEED), typed="]\n").lines[2] == "Faster, 225 words per minute"


# --- on a terminal -----------------------------------------------------------------------------


@dataclass
class Terminal:
    """A run of reader on a pseudo-terminal: what it printed, command by command."""

    process: subprocess.Popen[bytes]
    master: int
    shown: str = ""  # everything the terminal has shown

    def reply(self) -> list[str]:
        """Output up to the next prompt, as lines (the typed line's echo first)."""
        output = read_until(self.master, lambda text: text.endswith(PROMPT))
        self.shown += output
        return output.removesuffix(PROMPT).split("\r\n")

    def end(self, typed: bytes) -> str:
        """Type the last thing; what is shown until the program ends."""
        os.write(self.master, typed)
        rest = read_until(self.master, lambda _: False)
        self.shown += rest
        assert self.process.wait(timeout=DEADLINE) == 0
        assert self.process.stderr is not None
        assert self.process.stderr.read() == b""
        assert_plain(self.shown.encode("utf-8"))
        return rest

    def type(self, line: str) -> list[str]:
        """Type a line, and the lines it answers with."""
        os.write(self.master, f"{line}\n".encode())
        echo, *answer = self.reply()
        assert echo == line
        return [text for text in answer if text]


def read_until(master: int, done: Callable[[str], bool], deadline: float = DEADLINE) -> str:
    """What the terminal shows until `done(text)` holds, the program ends, or the deadline."""
    received = b""
    while True:
        ready, _, _ = select.select([master], [], [], deadline)
        assert ready, f"no reply within {deadline} s; so far: {received!r}"
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the program has ended and closed the terminal
            return received.decode("utf-8")
        if not chunk:
            return received.decode("utf-8")
        received += chunk
        if done(received.decode("utf-8", errors="replace")):
            return received.decode("utf-8")


@pytest.fixture
def terminal(env: Env, request: pytest.FixtureRequest) -> Iterator[Terminal]:
    """reader started on a pseudo-terminal, with the arguments and TERM the test names."""
    term, *args = request.param
    with on_a_terminal(env | {"TERM": term}, *args, stderr=subprocess.PIPE) as (process, master):
        yield Terminal(process, master)


# Every word and short form but quit's, Enter alone, section numbers, and a mistake.
EVERY_COMMAND = [
    *(word for action in WORDED for word in action.words if action.act is not Act.QUIT),
    "",
    "2",
    "go 3",
    "no such command",
]


@pytest.mark.parametrize("terminal", [("xterm-256color", "--plain", str(SEED))], indirect=True)
def test_on_a_terminal_every_command_answers_in_plain_lines(terminal: Terminal) -> None:
    assert terminal.reply() == [*SEED_OPENING, ""]
    for command in EVERY_COMMAND:
        assert terminal.type(command), f"no answer to {command!r}"
    assert terminal.end(b"quit\n") == "quit\r\nPlace saved. Goodbye.\r\n"


@pytest.mark.parametrize("terminal", [("dumb", str(SEED))], indirect=True)
def test_a_dumb_terminal_gets_plain_mode_and_ctrl_d_quits(terminal: Terminal) -> None:
    assert terminal.reply()[0] == SEED_OPENING[0]
    assert terminal.type("next") == [DETAILS, "Genre: Romance, Family, School Life, Tragedy."]
    assert terminal.end(b"\x04") == "Place saved. Goodbye.\r\n"  # Ctrl-D: the end of input


# --- speaking ----------------------------------------------------------------------------------


def test_speak_reads_the_sentence_moved_to(tmp_path: Path) -> None:
    played = tmp_path / "played.raw"
    settings = tmp_path / "config" / "reader" / "settings.toml"
    settings.parent.mkdir(parents=True)
    # Spoken confirmations off, so the only sound is the sentence that `next` reads.
    settings.write_text('engine = "espeak"\nannouncements = false\n', encoding="utf-8")
    env = environment(tmp_path, player=f"cat >> {played}")
    with piped(env, "--plain", "--speak", str(SEED)) as process:
        assert process.stdin is not None and process.stdout is not None
        opening = [process.stdout.readline().decode().rstrip("\n") for _ in SEED_OPENING]
        assert opening == SEED_OPENING
        assert not played.exists() or played.stat().st_size == 0
        process.stdin.write(b"next\n")
        process.stdin.flush()
        assert process.stdout.readline().decode() == DETAILS + "\n"
        assert process.stdout.readline() == b"Genre: Romance, Family, School Life, Tragedy.\n"
        assert wait_for(lambda: played.exists() and played.stat().st_size > 0, DEADLINE)
        out, err = process.communicate(b"quit\n", timeout=DEADLINE)
    assert process.returncode == 0
    assert err == b""
    assert out == b"Place saved. Goodbye.\n"
    assert_plain(out)


SHORT = "# Harbour Lights\n\n## Review\n\nThe town keeps its secrets.\n\n## Verdict\n\n" + (
    "I loved it. I will watch it again. So will you.\n"
)


@pytest.fixture
def speech() -> Iterator[PlainSpeech]:
    """reader's own voice on eSpeak, at top speed, into a sink that keeps real time."""
    session = Session(EspeakEngine(), ClockSink())
    session.set_rate(900)
    speaking = PlainSpeech(session)
    yield speaking
    speaking.close()


def heard_by(speech: PlainSpeech) -> list[Utterance]:
    """Every utterance `speech`'s session starts to say from now on."""
    heard: list[Utterance] = []
    speech.session.subscribe(
        lambda event: heard.append(event.utterance) if isinstance(event, UtteranceStarted) else None
    )
    return heard


def state(speech: PlainSpeech) -> State:
    """Whether `speech` is speaking (asked afresh each time: speech changes it)."""
    return speech.session.state


def short_reading(speech: PlainSpeech) -> Reading:
    library = Library()
    document = parse(SHORT, Markup.MARKDOWN)
    library.reviews.append(review_of(document))
    library.keep(0, document)
    modes = Modes(skip_spoilers=True, announcements=False, pace=speech.pace)
    reading = Reading(library, Hints(), modes)
    reading.open(0)
    speech.attach(reading)
    return reading


def pump(speech: PlainSpeech, done: Callable[[], bool]) -> None:
    """Hand what the voice reports to the controller, as plain mode's main loop does, and
    do what it answers, until `done`."""
    while not done():
        item = speech.inbox.get(timeout=DEADLINE)
        assert not isinstance(item, str) and item is not None
        answer = speech.heard(item)
        if answer is not None:
            speech.follow(answer)


def test_read_with_speech_stops_at_the_end_of_the_section(speech: PlainSpeech) -> None:
    reading = short_reading(speech)
    heard = heard_by(speech)
    answer = reading.act(Command(Act.READ_SECTION))
    assert answer.lines == (
        "Harbour Lights",
        "Section 1 of 2, Review, 5 words",
        "The town keeps its secrets.",
    )
    speech.follow(answer)
    pump(speech, lambda: not reading.playing)  # stopped as the next section began
    assert speech.session.wait(DEADLINE)
    assert state(speech) is State.STOPPED
    assert (
        reading.act(Command(Act.WHERE))
        .lines[0]
        .startswith("Harbour Lights. Section 1 of 2, Review, sentence 1 of 1,")
    )
    said = [(utterance.section, utterance.text) for utterance in heard]
    assert said[:3] == [(0, "Harbour Lights."), (0, "Review."), (0, "The town keeps its secrets.")]
    assert said[3:] in ([], [(1, "Verdict.")])  # stopped before the next section's sentences


def test_a_command_stops_reading_and_the_place_is_what_was_heard(speech: PlainSpeech) -> None:
    reading = short_reading(speech)
    reading.act(Command(Act.SECTION, 2))
    heard = heard_by(speech)
    answer = reading.act(Command(Act.READ_SECTION))
    assert answer.say is Say.SECTION
    speech.follow(answer)
    pump(speech, lambda: any(said.text == "I loved it." for said in heard))
    assert state(speech) is State.PLAYING
    speech.interrupt()
    assert state(speech) is State.STOPPED
    while not speech.inbox.empty():  # what was heard before the silence still counts
        item = speech.inbox.get()
        assert not isinstance(item, str) and item is not None
        speech.heard(item)
    sentences = ["I loved it.", "I will watch it again.", "So will you."]
    number = sentences.index(heard[-1].text) + 1
    assert (
        reading.act(Command(Act.WHERE))
        .lines[0]
        .startswith(f"Harbour Lights. Section 2 of 2, Verdict, sentence {number} of 3,")
    )


# --- in process: the command table, the reader, wrapping ---------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("next", Command(Act.NEXT_SENTENCE, None, "next")),
        ("n", Command(Act.NEXT_SENTENCE, None, "n")),
        ("  NEXT  ", Command(Act.NEXT_SENTENCE, None, "NEXT")),
        ("", Command(Act.NEXT_SENTENCE)),
        ("   \n", Command(Act.NEXT_SENTENCE)),
        ("p", Command(Act.PREVIOUS_SENTENCE, None, "p")),
        ("h", Command(Act.NEXT_SECTION, None, "h")),
        ("H", Command(Act.PREVIOUS_SECTION, None, "H")),
        ("Back", Command(Act.PREVIOUS_SECTION, None, "Back")),
        ("3", Command(Act.SECTION, 3, "3")),
        ("go 12", Command(Act.SECTION, 12, "go 12")),
        ("GO   2", Command(Act.SECTION, 2, "GO 2")),
        ("go to section 2", Command(Act.SECTION, 2, "go to section 2")),
        ("go to 3", Command(Act.SECTION, 3, "go to 3")),
        ("go", Command(Act.SECTION, None, "go")),
        ("go two", Command(Act.UNKNOWN, None, "go two")),
        ("1234567890", Command(Act.UNKNOWN, None, "1234567890")),
        ("²", Command(Act.UNKNOWN, None, "²")),
        ("s", Command(Act.READ_SECTION, None, "s")),
        ("a", Command(Act.READ_ALL, None, "a")),
        ("Read to the end", Command(Act.READ_ALL, None, "Read to the end")),
        ("next section", Command(Act.NEXT_SECTION, None, "next section")),
        ("Previous Section", Command(Act.PREVIOUS_SECTION, None, "Previous Section")),
        ("next review", Command(Act.NEXT_REVIEW, None, "next review")),
        ("next   review", Command(Act.NEXT_REVIEW, None, "next review")),
        ("nr", Command(Act.NEXT_REVIEW, None, "nr")),
        ("pr", Command(Act.PREVIOUS_REVIEW, None, "pr")),
        ("r", Command(Act.RATING, None, "r")),
        ("w", Command(Act.WHERE, None, "w")),
        ("Where am I?", Command(Act.WHERE, None, "Where am I")),
        ("]", Command(Act.FASTER, None, "]")),
        ("[", Command(Act.SLOWER, None, "[")),
        ("spoilers on", Command(Act.SPOILERS_ON, None, "spoilers on")),
        ("Spoilers Off", Command(Act.SPOILERS_OFF, None, "Spoilers Off")),
        ("x", Command(Act.SPOILERS, None, "x")),
        ("v", Command(Act.REVEAL, None, "v")),
        ("queue", Command(Act.QUEUE, None, "queue")),
        ("stop speaking", Command(Act.STOP, None, "stop speaking")),
        ("q", Command(Act.UNKNOWN, None, "q")),  # not quit: a slip must not lose the place
        ("?", Command(Act.HELP, None, "?")),
        ("exit", Command(Act.QUIT, None, "exit")),
        ("quit now", Command(Act.UNKNOWN, None, "quit now")),
    ],
)
def test_parse_words(typed: str, expected: Command) -> None:
    assert parse_words(typed) == expected


def test_the_table_names_each_command_once() -> None:
    words = [word.lower() for action in WORDED for word in action.words if word not in "hH"]
    assert len(words) == len(set(words))
    assert all(parse_words(word).act is action.act for action in WORDED for word in action.words)
    assert len(word_help()) == len(WORDED)


def open_reading(path: Path, skip_spoilers: bool = True) -> Reading:
    """A controller on the first review of `path`, at its start."""
    library = Library()
    library.add(load_paths([str(path)]))
    modes = Modes(skip_spoilers=skip_spoilers, announcements=True, pace=lambda: 175)
    reading = Reading(library, Hints(tuple(word_help())), modes)
    reading.open(0)
    return reading


@pytest.mark.parametrize(
    "typed", [word for action in WORDED for word in action.words] + ["7", "?!"]
)
def test_every_command_answers_in_process(
    typed: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    reading = open_reading(SPOILERS)
    for _ in range(3):  # at the start, then from wherever the command left the place
        lines = reading.act(parse_words(typed)).lines
        assert lines and all(line.strip() for line in lines)


def test_a_review_with_no_sections_still_answers_everything(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    title_only = tmp_path / "title.md"
    title_only.write_text("# Title only\n", encoding="utf-8")
    library = Library()
    library.add(load_paths([str(title_only)]))
    modes = Modes(skip_spoilers=True, announcements=True, pace=lambda: 175)
    reading = Reading(library, Hints(tuple(word_help())), modes)
    assert reading.open(0).lines[0] == "Review 1 of 1, Title only, 0 words"
    for action in WORDED:
        for word in action.words:
            assert reading.act(parse_words(word)).lines, word


def test_spoiler_mode_moves_a_place_inside_a_spoiler_to_its_announcement() -> None:
    reading = open_reading(SPOILERS, skip_spoilers=False)
    reading.act(parse_words("2"))
    inside = "The last conversation between Ji-an and Captain Seo happens through the glass"
    while not reading.act(parse_words("n")).lines[0].startswith(inside):
        pass  # the second sentence of a `::: spoiler` container: inside the spoiler
    reading.act(parse_words("spoilers on"))
    assert reading.act(parse_words("read")).lines[0] == "Spoiler skipped, 41 words."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Short.", ["Short."]),
        ("", []),
        ("a\nb\tc\r\nd", ["a b c d"]),
        ("\x1b[31mred\x1b[0m \x9b2Jx \x1b]0;title\x07y", ["red x y"]),
        ("word " * 20, ["word " * 15 + "word", "  " + "word " * 3 + "word"]),
        ("x" * 100, ["x" * 80, "  " + "x" * 20]),
        ("a K-drama " * 9, ["a K-drama " * 7 + "a K-drama", "  a K-drama"]),
    ],
)
def test_wrapped(text: str, expected: list[str]) -> None:
    assert wrapped(text) == expected
    assert all(len(line) <= WIDTH for line in wrapped(text))


def test_the_rating_is_said_in_the_reviews_language_as_reader_text_says_it() -> None:
    """'r' in a Spanish review: 'Puntuación: 4 de 5.', the line `reader text` prints."""
    from reader.cli.said import text_lines

    document = parse(
        "Una película preciosa. La fotografía es increíble y la historia me hizo llorar.\n\n"
        "Rating: 4/5\n"
    )
    assert document.language == "es"
    library = Library()
    library.reviews.append(review_of(document))
    library.keep(0, document)
    reading = Reading(
        library, Hints(), Modes(skip_spoilers=True, announcements=True, pace=lambda: 175)
    )
    reading.open(0)
    said = reading.act(Command(Act.RATING)).lines
    assert said == ("Puntuación: 4 de 5.",)
    assert said[0] in list(text_lines(document, skip_spoilers=True))


def review_of(document: Document) -> Review:
    """A stand-in loaded review for a document parsed in the test."""
    return Review(document.source, "", Markup.TEXT)


def test_ctrl_c_while_reading_aloud_saves_the_sentence_being_heard(
    env: Env, tmp_path: Path
) -> None:
    """Ctrl-C during `all` with --speak keeps the place heard, not the review's end."""
    played = tmp_path / "played.raw"
    with on_a_terminal(
        env | {"READER_PLAYER": f"cat >> {played}"},
        "--plain",
        "--speak",
        str(SEED),
        # Ctrl-C reaches reader as from a terminal, whatever this test's own shell ignores.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    ) as (process, master):
        read_until(master, lambda seen: "quit to leave" in seen)
        os.write(master, b"go 3\nall\n")
        # Reading is under way once the player has been fed a few seconds of speech.
        assert wait_for(lambda: played.exists() and played.stat().st_size > 22050 * 2 * 3, 30)
        os.killpg(process.pid, signal.SIGINT)
        assert process.wait(timeout=DEADLINE) == 130
    saved = json.loads((Path(env["XDG_STATE_HOME"]) / "reader" / "positions.json").read_text())
    section, offset = saved[str(SEED)]
    assert section == 2  # the Review section, where `all` began
    assert 0 < offset < 400  # a sentence near its start: heard, not the review's end
