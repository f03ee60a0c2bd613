"""The walkthrough a blind user took, as a test: the reading room in a real terminal at
80x24 and 40x20, judged by the said line, the audio the player got and the files saved;
then plain mode's own words on a pseudo-terminal.

The reading room runs as `python -m reader` in tmux (test_tui_terminal's `Terminal`), with
a player that appends the audio to a file. What it speaks it also shows on the said line
(between the status line and the footer), so that line stands for the words heard. A
notice drawn over it hides it for a while, so every wait polls until all of it shows.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import test_tui_terminal
from helpers import ROOT, SAMPLES, SEED
from runner import Env, environment, on_a_terminal
from test_plain import Terminal as PlainTerminal
from test_tui_terminal import Terminal, size, steady, wait_until

PARASITE = SAMPLES / "parasite.md"
# Long enough for a notification (8 s) to leave the said line, on a loaded machine too.
DEADLINE = 15.0
POLL = 0.05
# Escape sequences (CSI, OSC, and two-character ones) in what is written to a terminal.
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
# Not nested in the user's tmux, in colour, and sized by the terminal: pytest-xdist's
# workers set COLUMNS and LINES to 80x24, which Textual would take over the real size.
NOT_PASSED_ON = ("NO_COLOR", "TMUX", "TMUX_PANE", "COLUMNS", "LINES")


@dataclass
class Room:
    """The reading room running in tmux, and the files it writes."""

    terminal: Terminal
    folder: Path

    def __post_init__(self) -> None:
        self.audio = self.folder / "audio.raw"  # everything the player was given
        self.exit_status = self.folder / "status"  # written by the shell when reader ends
        self.state = self.folder / "state" / "reader"

    def saved(self, name: str) -> Any:
        """A JSON file of the state folder, parsed."""
        return json.loads((self.state / name).read_text(encoding="utf-8"))

    def queued(self) -> list[str]:
        """The titles in the saved listening queue, in order."""
        return [entry["title"] for entry in self.saved("queue.json")["entries"]]

    def press(self, *keys: str) -> None:
        """Type keys: tmux key names or plain characters."""
        self.terminal.keys(*keys)

    def walk(self, *steps: tuple[str | tuple[str, ...], str]) -> str:
        """Press each step's keys and wait until the said line reads its words; the screen
        after the last."""
        shown = ""
        for keys, said in steps:
            self.press(*((keys,) if isinstance(keys, str) else keys))
            shown = self.hears(said)
        return shown

    def hears(self, expected: str) -> str:
        """Wait until the said line reads `expected` (ending in "…": begins with the rest);
        the screen."""
        shown, line = "", None
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            shown = self.terminal.screen()
            line = said_line(shown)
            if reads(line, expected):
                return shown
            time.sleep(POLL)
        pytest.fail(f"the said line never read {expected!r} but {line!r}; the screen:\n{shown}")

    def status(self, expected: str) -> None:
        """Wait until the status line begins with `expected`."""
        wait_until(
            f"the status line {expected!r}",
            lambda: any(
                line.strip().startswith(expected) for line in self.terminal.screen().splitlines()
            ),
        )

    def quit(self) -> tuple[list[str | None], str]:
        """Press q and wait for reader to exit, reading the said line all the while: each
        line read, and the text of everything written to the terminal meanwhile. The last
        screen shows only while the goodbye is heard: on a loaded machine the screens read
        can miss it (tmux answers slowly), the terminal's own output cannot."""
        written = self.folder / "written"
        self.terminal.tmux("pipe-pane", "-t", "reader", f"cat >> {shlex.quote(str(written))}")
        seen: list[str | None] = []

        def ended() -> bool:
            seen.append(said_line(self.terminal.screen()))
            return self.exit_status.exists() and self.terminal.dead()

        self.press("q")
        wait_until("reader to exit", ended)
        output = written.read_bytes().decode("utf-8", errors="replace") if written.exists() else ""
        return seen, _ESCAPES.sub("", output)


def reads(line: str | None, expected: str) -> bool:
    """Whether the said line is `expected`, or begins with it when it ends in "…"."""
    if line is None or not expected.endswith("…"):
        return line == expected
    return line.startswith(expected.removesuffix("…"))


def said_line(screen: str) -> str | None:
    """The said line on `screen`: the lines between the status line and the footer, joined
    as one. None while something is drawn over the status line."""
    lines = screen.rstrip().splitlines()
    footer = len(lines) - 1
    for above in range(footer - 1, max(footer - 5, -1), -1):
        if lines[above].rstrip().endswith("%"):  # the status line's last word
            return " ".join(line.strip() for line in lines[above + 1 : footer])
    return None


@pytest.fixture(params=[(80, 24), (40, 20)], ids=["80x24", "40x20"])
def room(
    request: pytest.FixtureRequest,
    terminal: Terminal,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Room:
    """The reading room on the seed review, in a tmux terminal of the size given."""
    width, height = request.param
    monkeypatch.setattr(test_tui_terminal, "WIDTH", width)
    monkeypatch.setattr(test_tui_terminal, "HEIGHT", height)
    room = Room(terminal, tmp_path)
    player = f"cat >> {shlex.quote(str(room.audio))}"
    env = {
        key: value
        for key, value in environment(tmp_path, player).items()
        if key not in NOT_PASSED_ON
    } | {"TERM": "xterm-256color"}
    command = shlex.join([sys.executable, "-m", "reader", str(SEED.relative_to(ROOT))])
    terminal.start(f"{command}; echo $? > {shlex.quote(str(room.exit_status))}", env)
    return room


terminal = test_tui_terminal.terminal  # the tmux server the room runs in


def test_the_reading_room_by_ear(room: Room) -> None:
    """Open, move by section, queue and unqueue, help, pace, fail to open and quit, each
    confirmed in words, at both sizes. The numbers are the items of the walkthrough."""
    room.hears("Review 1 of 1, 1 Litre Of Tears, rated 5 out of 5, 786 words…")
    opening_names_the_review(room)
    moving_by_section(room)
    tab_and_the_queue(room)
    escape_in_help_stops_reading(room)
    pace_and_a_failed_open(room)
    quitting_saves_the_place(room)


def opening_names_the_review(room: Room) -> None:
    """1. `o`, a path and Enter opens the first review added and names it; the hint about
    the keys was said once, at the start, and is not said again."""
    room.walk(
        ("o", "Add reviews: type a file or folder path…"),
        (
            (str(PARASITE.relative_to(ROOT)), "Enter"),
            "Review 2 of 2, Parasite (2019), rated 9.5 out of 10, 613 words",
        ),
    )


def moving_by_section(room: Room) -> None:
    """4. `H` after a sentence goes to its section's own heading and says so; `w` at a
    heading says so."""
    room.walk(
        ("h", "Section 2 of 8, Synopsis, 67 words"),
        ("Right", "The Kim family lives in a cramped…"),
        ("H", "Start of section 2, Synopsis"),
        ("H", "Section 1 of 8, Details, 17 words"),
        ("w", "Parasite (2019). Section 1 of 8, Details, at the heading, 0 percent"),
    )


def tab_and_the_queue(room: Room) -> None:
    """3. Tab reaches each list, shows it focused and says where it went; 5. Delete in the
    queue names what went and what is under the cursor, and z puts it back where it was."""
    room.walk(
        ("a", "Added Parasite (2019) to the queue; 1 in the queue"),
        ("p", "Review 1 of 2, 1 Litre Of Tears…"),
        ("a", "Added 1 Litre Of Tears to the queue; 2 in the queue"),
    )
    assert room.queued() == ["Parasite (2019)", "1 Litre Of Tears"]
    for title, said in (
        ("Reviews", "Reviews list, 1. 1 Litre Of Tears, 1 of 2"),
        ("Sections", "Sections list, 1. Details · 6 words, 1 of 4"),
        ("Queue", "Queue list, 1. Parasite (2019), 1 of 2"),
    ):
        shown = room.walk(("Tab", said))
        assert f"┏━ {title} " in shown, shown  # in view, in the focus frame
    room.walk(
        (
            "Delete",
            "Removed Parasite (2019); 1 in the queue; now on 1. 1 Litre Of Tears. Z puts it back",
        )
    )
    assert room.queued() == ["1 Litre Of Tears"]
    room.walk(("z", "Put back Parasite (2019), number 1"))
    assert room.queued() == ["Parasite (2019)", "1 Litre Of Tears"]
    room.walk(("Tab", "Review text"))


def escape_in_help_stops_reading(room: Room) -> None:
    """6. Escape closes help and stops the reading, as escape does everywhere."""
    room.press("Space")
    room.status("Playing ·")
    before = size(room.audio)
    wait_until("the review's audio to reach the player", lambda: size(room.audio) > before)
    room.press("?")
    room.terminal.wait_for("Keys (escape closes)")  # at 40x20 it covers the said line
    room.walk(("Escape", "Help closed"))
    room.status("Stopped ·")
    wait_until("the audio to stop", lambda: steady(room.audio))


def pace_and_a_failed_open(room: Room) -> None:
    """7. The pace keeps to the 25 wpm grid; 2. a failed open says which file and why,
    after "Loading …" is heard. Last, as its notice hides the said line for a while."""
    room.walk(
        ("3", "Section 3 of 4, Review, 727 words"),
        (("Right", "Right"), "I honestly can’t even deal with this drama."),
        ("]", "Faster, 200 words per minute"),
    )
    room.status("Stopped · 200 wpm")
    room.walk(
        ("o", "Add reviews: type a file or folder path…"),
        (("nope.txt", "Enter"), "Loading nope.txt"),
    )
    room.hears("nope.txt: no such file or folder.")


def quitting_saves_the_place(room: Room) -> None:
    """7. q quits, saying goodbye (the player gets more audio), and saves the place."""
    wait_until("the audio to stop", lambda: steady(room.audio))
    # The failed open's notice covers the said line for 8 s: the goodbye is read after it.
    wait_until("the notice to go", lambda: said_line(room.terminal.screen()) is not None)
    before = size(room.audio)
    seen, written = room.quit()
    assert room.exit_status.read_text(encoding="utf-8").strip() == "1"  # nope.txt failed
    # Section 3, the second sentence (it starts at character 40).
    assert room.saved("positions.json")[str(SEED)] == [2, 40]
    assert size(room.audio) > before
    log = (room.state / "reader.log").read_text(encoding="utf-8")
    assert "nope.txt: no such file or folder" in log
    assert not any("Traceback" in screen for screen in (*room.terminal.screens, written))
    # Shown, then heard, then the end.
    assert "Place saved. Goodbye." in seen or "Place saved. Goodbye." in written, written[-2000:]


def test_plain_mode_by_ear(env: Env, tmp_path: Path) -> None:
    """Plain mode's natural phrasings on a pseudo-terminal, a typo's suggestion, and quit."""
    with on_a_terminal(
        env | {"TERM": "xterm-256color"}, "--plain", str(SEED), stderr=subprocess.PIPE
    ) as (process, master):
        terminal = PlainTerminal(process, master)
        assert terminal.reply()[0] == "Review 1 of 1, 1 Litre Of Tears, rated 5 out of 5, 786 words"
        assert terminal.type("next section") == ["Section 2 of 4, Synopsis, 47 words"]
        assert terminal.type("go to 3") == ["Section 3 of 4, Review, 727 words"]
        assert terminal.type("next") == ["1 Litre of Tears is an understatement."]
        assert terminal.type("where am I?") == [
            "1 Litre Of Tears. Section 3 of 4, Review, sentence 1 of 57, 7 percent"
        ]
        assert terminal.type("nxt") == [
            "Unknown command: nxt. Did you mean: next? Type help for the commands."
        ]
        assert "Place saved. Goodbye." in terminal.end(b"quit\n")
    positions = json.loads((tmp_path / "state" / "reader" / "positions.json").read_text())
    assert positions[str(SEED)] == [2, 0]
