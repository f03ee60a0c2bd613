"""Following the voice word by word: the word being heard lit in the reading room with the
terminal cursor on it, and plain mode's `--follow` printing each word as it is heard.

The reading room is driven with the real eSpeak engine into a sink whose clock stops at
every word heard, so each word can be looked at; then for real in tmux, where the cursor
tmux reports must stand on the word. Plain mode runs as a subprocess with the silent
engine, whose word marks arrive in real time.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import select
import shlex
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import test_tui_terminal
from helpers import ROOT, SAMPLES, SEED, FakeClock, seed
from runner import assert_plain, environment, on_a_terminal, piped
from test_tui_terminal import Terminal, size, steady, wait_until
from textual.content import Content
from textual.geometry import Offset
from textual.pilot import Pilot
from tui_harness import Harness

from reader.loaders import load_paths
from reader.parse.document import parse_review
from reader.plain.lines import WordLine, wrapped
from reader.session.events import SessionEvent, State, WordHeard
from reader.speech.sinks import ClockSink
from reader.text.sentences import Span
from reader.tui.reading_pane import SENTENCE_STYLE, ReadingPane, paragraph_text
from reader.tui.themes import MONOCHROME
from reader.tui.word_cursor import cell, pieces

SPOILERS = SAMPLES / "every-spoiler-syntax.md"
PARASITE = SAMPLES / "parasite.md"
DEADLINE = 15.0
REVIEW = 2  # the seed's Review section
WORD = re.compile(r"\w+")

terminal = test_tui_terminal.terminal  # the tmux server the room runs in


@pytest.fixture(autouse=True)
def own_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings and state in a temporary folder, and colour as the user's terminal has it."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("NO_COLOR", raising=False)


# --- where a word is drawn ----------------------------------------------------------------


@pytest.mark.parametrize("width", [12, 33, 60, 79])
def test_every_word_is_found_where_textual_draws_it(width: int) -> None:
    """For every word of the seed review, the cell computed is where Textual's own wrapping
    puts the word's first letter."""
    checked = 0
    for section in seed().sections:
        for paragraph in section.paragraphs:
            text = section.text[paragraph.start : paragraph.end]
            lines = [line.plain for line in Content(text).wrap(width)]
            for word in WORD.finditer(text):
                at = cell(text, word.start(), width)
                assert lines[at.y][at.x] == word.group()[0], (word.group(), at)
                if at.x > 0:
                    assert not lines[at.y][at.x - 1].isalnum()
                checked += 1
    assert checked > 700


def test_a_hidden_spoiler_is_never_lit_as_a_word() -> None:
    """A word inside a hidden spoiler lights nothing: the paragraph looks exactly as with no
    word, placeholder and all; shown spoilers light their words like any other."""
    document = parse_review(load_paths([str(SPOILERS)], None).reviews[0])
    section = next(s for s in document.sections if s.spoilers)
    spoiler = section.spoilers[0]
    paragraph = next(p for p in section.paragraphs if p.start <= spoiler.start < p.end)
    sentence = Span(paragraph.start, paragraph.end)
    word = Span(spoiler.start, spoiler.start + 3)
    hidden = paragraph_text(section, paragraph, sentence, True, word=word)
    assert hidden == paragraph_text(section, paragraph, sentence, True)
    assert "[spoiler" in hidden.plain
    assert section.text[spoiler.start : spoiler.end] not in hidden.plain
    shown = paragraph_text(section, paragraph, sentence, False, word=word)
    lit = [s for s in shown.spans if "underline" in str(s.style) and "reverse" not in str(s.style)]
    assert [shown.plain[s.start : s.end] for s in lit] == [section.text[word.start : word.end]]
    assert len(pieces(section, paragraph, True)) >= 2


# --- the reading room, word by word ----------------------------------------------------------


class WordByWord(FakeClock):
    """A sink's clock that stops as each word is heard, until the test lets it go on."""

    def __init__(self) -> None:
        super().__init__()
        self.stepping = False

    def heard(self, event: SessionEvent) -> None:
        """On the playback thread: a word heard holds time still."""
        if self.stepping and isinstance(event, WordHeard):
            with self._changed:
                self._held = True

    def stopped(self) -> bool:
        """Whether time stands still at a word heard."""
        with self._changed:
            return self._held

    def step(self) -> None:
        """Let time run to the next word."""
        with self._changed:
            self._held = False
            self._changed.notify_all()


async def until(pilot: Pilot[None], what: str, done: Callable[[], bool]) -> None:
    """Let the app run until `done`, failing after the deadline."""
    for _ in range(int(DEADLINE / 0.01)):
        if done():
            return
        await pilot.pause(0.01)
    raise AssertionError(f"timed out waiting for {what}")


def at_cursor(harness: Harness) -> tuple[str, str]:
    """The screen line from the cursor on, and the style drawn under the cursor."""
    where = harness.app.cursor_position
    compositor = harness.app.screen._compositor
    line = compositor.render_strips()[where.y].text
    return line[where.x :], str(compositor.get_style_at(where.x, where.y))


def starts(harness: Harness, sentence: str) -> bool:
    """Whether the screen shows `sentence` from the cursor on, as far as its line goes
    (up to 20 characters: a short sentence is followed by the next on the same line)."""
    shown = at_cursor(harness)[0].split("  ")[0].rstrip("┃ ")
    length = min(len(shown), len(sentence), 20)
    return length > 0 and shown[:length] == sentence[:length]


async def word_shown(pilot: Pilot[None], harness: Harness, clock: WordByWord, text: str) -> Span:
    """Wait for a word to be heard, lit, and the cursor to stand on it; that word."""
    await until(pilot, "a word to be heard", clock.stopped)
    heard = [e for e in list(harness.events) if isinstance(e, WordHeard)][-1]
    word = Span(heard.start, heard.end)
    pane = harness.app.query_one("#pane", ReadingPane)
    await until(pilot, "the word heard to be lit", lambda: pane.word == word)
    spoken = text[word.start : word.end]
    await until(pilot, "the cursor", lambda: at_cursor(harness)[0].startswith(spoken))
    return word


async def test_the_word_heard_is_lit_and_the_cursor_stands_on_it() -> None:
    clock = WordByWord()
    harness = Harness([SEED], sink=ClockSink(clock))
    harness.session.subscribe(clock.heard)
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        await harness.press(pilot, "3", *["down"] * 4)
        pane = harness.app.query_one("#pane", ReadingPane)
        text = harness.reading.document.sections[REVIEW].text  # type: ignore[union-attr]
        clock.stepping = True
        await pilot.press("space")
        cells: list[Offset] = []
        sentences = set()
        for _ in range(40):
            heard = await word_shown(pilot, harness, clock, text)
            style = at_cursor(harness)[1]
            assert "underline" in style and "reverse" not in style, style  # the word's style
            assert pane.highlight is not None and pane.highlight.start <= heard.start
            sentences.add(pane.highlight)
            cells.append(harness.app.cursor_position)
            clock.step()
        assert len(sentences) >= 2  # the word was followed into the next sentence
        assert len({cell.y for cell in cells}) >= 3  # and onto the next lines
        pane_region = pane.scrollable_content_region
        assert all(pane_region.contains_point(c) for c in cells)  # always in view
        # Each cell after the last, in reading order, but where a new sentence scrolls.
        forward = sum((b.y, b.x) > (a.y, a.x) for a, b in itertools.pairwise(cells))
        assert forward >= len(cells) - 4

        # In monochrome the word still stands out of its sentence: it is underlined.
        harness.app.theme = MONOCHROME.name
        pane.hear(None)
        await pilot.pause()
        pane.hear(Span(heard.start, heard.end))
        await until(pilot, "the word in monochrome", lambda: "underline" in at_cursor(harness)[1])

        clock.stepping = False
        clock.step()
        await pilot.press("escape")
        await harness.settle(pilot)
        assert harness.state() is State.STOPPED
        assert pane.word is None and pane.highlight is not None
        sentence = text[pane.highlight.start : pane.highlight.end].strip()
        await until(pilot, "the cursor at the sentence", lambda: starts(harness, sentence))
        assert SENTENCE_STYLE.split()[0] in at_cursor(harness)[1]  # on the lit sentence


# --- the reading room in a real terminal ---------------------------------------------------


def cursor(terminal: Terminal) -> tuple[int, int, bool]:
    """Where tmux has the terminal cursor, and whether it is shown."""
    shown = terminal.tmux("display", "-p", "-t", "reader", "#{cursor_x} #{cursor_y} #{cursor_flag}")
    x, y, flag = shown.split()
    return int(x), int(y), flag == "1"


def at_sentence_start(terminal: Terminal, sentences: list[str]) -> bool:
    """Whether the terminal cursor is on the first letter of one of the sentences: the
    rest of its line in the pane begins that sentence (or holds it and more)."""
    x, y, shown = cursor(terminal)
    rest = re.split("[┃│▁-█]", terminal.screen().splitlines()[y][x:])[0].strip()  # to the border
    return shown and any(s.startswith(rest) or rest.startswith(s) for s in sentences if rest)


def test_in_a_real_terminal_the_cursor_shows_and_follows_the_voice(
    terminal: Terminal, tmp_path: Path
) -> None:
    """tmux's own cursor is visible and stands on the first letter of the word being heard,
    moving on through the review's words in order."""
    settings = tmp_path / "config" / "reader" / "settings.toml"
    settings.parent.mkdir(parents=True)
    settings.write_text("announcements = false\n", encoding="utf-8")
    env = {
        key: value
        for key, value in environment(tmp_path, "cat > /dev/null").items()
        if key not in ("NO_COLOR", "TMUX", "TMUX_PANE", "COLUMNS", "LINES")
    } | {"TERM": "xterm-256color"}
    terminal.start(shlex.join([sys.executable, "-m", "reader", str(SEED.relative_to(ROOT))]), env)
    terminal.wait_for("1 Litre Of Tears · review 1 of 1")
    terminal.keys("3")
    terminal.wait_for("┃ Review ")
    text = seed().sections[REVIEW].text
    words = WORD.findall(text)
    before = cursor(terminal)  # on the heading, which is lit
    assert before[2] and terminal.screen().splitlines()[before[1]][before[0] :].startswith("Review")
    terminal.keys("Space")
    seen: list[tuple[int, int, str]] = []
    deadline = time.monotonic() + DEADLINE
    while len(seen) < 8 and time.monotonic() < deadline:
        x, y, shown = cursor(terminal)
        assert shown, "the terminal cursor is hidden"
        line = terminal.screen().splitlines()[y]
        word = WORD.match(line[x:])
        if word is not None and (x, y) != before[:2] and (not seen or seen[-1][:2] != (x, y)):
            assert not line[x - 1].isalnum(), line  # a word's first letter
            seen.append((x, y, word.group()))
        time.sleep(0.05)
    heard = [found for *_, found in seen]
    assert len(heard) >= 8, heard
    # The words under the cursor are the review's, in the order they are read.
    position = 0
    for found in heard:
        assert found in words[position:], (found, heard)
        position = words.index(found, position)
    terminal.keys("Escape")
    terminal.wait_for("Stopped ·")
    # Stopped: the cursor goes back to the start of the sentence being read.
    sentences = [text[s.start : s.end].strip() for s in seed().sections[REVIEW].sentences]
    wait_until("the cursor at a sentence's start", lambda: at_sentence_start(terminal, sentences))


# --- plain mode: --follow ------------------------------------------------------------------


def test_a_word_line_wraps_as_plain_lines_do_and_yields_to_other_lines() -> None:
    sentence = (
        "Bong Joon-ho has made films about class for twenty years, but this is the one "
        "where every piece clicks, and https://example.com/a-very-long-address-that-goes-on-"
        "and-on-and-on-past-any-braille-display-width is in it, as is "
        "https://example.com/an-address-that-fits-on-a-line-of-its-own-though-only-just/x."
    )
    out = io.StringIO()
    line = WordLine(out)
    print("> ", end="", file=line)  # a prompt: the words start on a line of their own
    for word in re.findall(r"\s*\S+", sentence):  # as heard: up to each word's end
        line.add(word)
    print("Stopped", file=line)
    assert out.getvalue() == "> \n" + "\n".join([*wrapped(sentence), "Stopped", ""])
    assert_plain(out.getvalue().encode())


def plain_settings(folder: Path) -> dict[str, str]:
    """Silent speech at a quick pace into a player that plays nothing, confirmations off."""
    settings = folder / "config" / "reader" / "settings.toml"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text('engine = "silent"\nrate = 600\nannouncements = false\n', encoding="utf-8")
    return environment(folder, player="cat > /dev/null")


def read_chunks(fd: int, done: Callable[[str], bool]) -> list[str]:
    """What arrives on `fd`, read by read, until `done(everything so far)`."""
    chunks: list[str] = []
    deadline = time.monotonic() + DEADLINE
    while not done("".join(chunks)):
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        assert ready, f"timed out; so far: {''.join(chunks)!r}"
        chunk = os.read(fd, 65536)
        assert chunk, f"ended early; so far: {''.join(chunks)!r}"
        chunks.append(chunk.decode("utf-8"))
    return chunks


def test_follow_prints_each_sentence_word_by_word_as_it_is_heard(tmp_path: Path) -> None:
    """`read` prints the section; then, as it is heard, each sentence again a word at a
    time, flushed word by word, its lines exactly the section's lines."""
    with piped(
        plain_settings(tmp_path), "--plain", "--speak", "--follow", str(PARASITE)
    ) as process:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(b"go 7\nread\n")  # the Verdict: two sentences
        process.stdin.flush()
        last = "Watch it once for the plot and again for the stairs."
        chunks = read_chunks(process.stdout.fileno(), lambda seen: seen.count(last) == 2)
        out, err = process.communicate(b"quit\n", timeout=DEADLINE)
    printed = "".join(chunks) + out.decode()
    lines = printed.splitlines()
    start_at = max(i for i, line in enumerate(lines) if line.startswith("Section 7 of 8"))
    section = lines[start_at + 1 : start_at + 4]
    assert lines[start_at + 4 : start_at + 7] == section  # heard: the same lines again
    assert lines[start_at + 7 :] == ["Place saved. Goodbye."]
    # Words came one by one: many reads ended in the middle of a line of words.
    partial = [chunk for chunk in chunks if not chunk.endswith("\n")]
    assert len(partial) >= 10, chunks
    assert err == b""
    assert_plain(printed.encode())


def test_without_follow_nothing_is_printed_as_it_is_heard(tmp_path: Path) -> None:
    played = tmp_path / "played.raw"
    env = plain_settings(tmp_path) | {"READER_PLAYER": f"cat >> {shlex.quote(str(played))}"}
    with piped(env, "--plain", "--speak", str(PARASITE)) as process:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(b"go 7\nread\n")
        process.stdin.flush()
        verdict = "  the same scene.\nWatch it once for the plot and again for the stairs.\n"
        read_chunks(process.stdout.fileno(), lambda seen: verdict in seen)
        wait_until("the Verdict to be read aloud", lambda: size(played) > 0 and steady(played))
        out, err = process.communicate(b"quit\n", timeout=DEADLINE)
    assert out == b"Place saved. Goodbye.\n"
    assert err == b""


def test_a_command_typed_mid_sentence_answers_on_a_line_of_its_own(tmp_path: Path) -> None:
    """On a terminal: the words start below the prompt, and a command typed while a line
    of words is under way ends that line before its answer."""
    with on_a_terminal(
        plain_settings(tmp_path), "--plain", "--speak", "--follow", str(PARASITE)
    ) as (process, master):
        read_chunks(master, lambda seen: "quit to leave." in seen)
        os.write(master, b"go 3\nread\n")
        under_way = re.compile(r"\r\n> \r\nI went in.*\r\n[A-Z][^\r\n]* \w+$", re.DOTALL)
        shown = "".join(read_chunks(master, lambda seen: bool(under_way.search(seen))))
        os.write(master, b"where\n")
        shown += "".join(
            read_chunks(master, lambda seen: "sentence" in seen and seen.endswith("> "))
        )
        os.write(master, b"quit\n")
        assert process.wait(timeout=DEADLINE) == 0
    lines = shown.split("\r\n")
    answer = next(
        i for i, line in enumerate(lines) if line.startswith("Parasite (2019). Section 3")
    )
    typed = max(i for i, line in enumerate(lines[:answer]) if line.endswith("where"))
    words = lines[typed].removesuffix("where")
    assert words and words.split()[0].isalpha()  # a line of words was under way
    assert all(not line or line[0].isalpha() or line[0] == " " for line in lines[typed:answer])
    assert_plain(shown.encode())
