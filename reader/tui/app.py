"""The reading room: an app that pushes the reading screen, keeps the themes, and offers
every action by name in the command palette."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any, BinaryIO

from textual.app import App, SystemCommand
from textual.command import CommandList, CommandPalette
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input

from reader.session.session import Session
from reader.storage.settings import Settings
from reader.tui.keys import ACTIONS, shown_key
from reader.tui.messages import Spoken
from reader.tui.screen import ReadingScreen
from reader.tui.themes import HIGH_CONTRAST, MONOCHROME, THEMES, starting_theme

PALETTE_OPENED = (
    "Command palette: type part of a command's name; up and down choose, enter runs it, "
    "escape closes"
)
# Seconds after the palette opens, or a key in it, when its search has shown results: the
# commands come in as they are gathered, each new first one highlighted in turn, so what
# is under the cursor is said once they have (said at once, each cut off the last).
PALETTE_SEARCHED = 0.6


def _plain(prompt: object) -> str:
    """An option's prompt as words (it may be rich text or Textual content), its lines
    (a command and its keys) said as one."""
    text = prompt.plain if isinstance(prompt, Content) else getattr(prompt, "plain", str(prompt))
    return ", ".join(line.strip() for line in str(text).splitlines() if line.strip())


class ReaderApp(App[None]):
    """Reviews on screen and in the ear, driven by keys alone."""

    CSS_PATH = "reader.tcss"
    TITLE = "reader"

    def __init__(
        self,
        session: Session,
        paths: Sequence[str],
        *,
        keymap: dict[str, tuple[str, ...]] | None = None,
        voice_name: str = "default",
        notices: Sequence[str] = (),
        details: Sequence[str] = (),
        stdin: BinaryIO | None = None,
        settings: Settings | None = None,
    ) -> None:
        super().__init__()
        self.keys = keymap or {action.name: action.keys for action in ACTIONS}
        self.reading_screen = ReadingScreen(
            session,
            paths,
            keys=self.keys,
            voice_name=voice_name,
            notices=notices,
            details=details,
            stdin=stdin,
            settings=settings or Settings(),
        )
        self._typed_at = 0.0  # when what is typed in the palette last changed
        self._searched = ""  # what the palette last searched for
        self._search_watch: Timer | None = None
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = starting_theme()

    def get_default_screen(self) -> Screen[Any]:
        """The reviews, from the start."""
        return self.reading_screen

    def on_mount(self) -> None:
        """Apply the key file."""
        self.set_keymap({name: ",".join(keys) for name, keys in self.keys.items() if keys})

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every key's action, with its keys as help, then the themes."""
        for action in ACTIONS:
            keys = " or ".join(shown_key(key) for key in self.keys.get(action.name, ()))
            run = partial(self.reading_screen.action_act, action.act.value, action.number)
            yield SystemCommand(action.description, f"Key: {keys}" if keys else "", run)
        for theme, label in (
            (HIGH_CONTRAST, "High-contrast theme"),
            (MONOCHROME, "Monochrome theme"),
        ):
            yield SystemCommand(
                label, "Change the colours", partial(self._use_theme, theme.name, label)
            )

    # Speech for what happens outside the reading screen

    def on_spoken(self, message: Spoken) -> None:
        """Words a dialog asks to be said (a character typed, what was typed)."""
        self.reading_screen.say(message.text)

    def on_command_palette_opened(self, message: CommandPalette.Opened) -> None:
        """Say what the palette is and how to use it, then the command under the cursor,
        once the opening's search (every command) has shown its results."""
        self._searched, self._typed_at = "", time.monotonic()
        self.set_timer(PALETTE_SEARCHED, self._say_opened)
        self._search_watch = self.set_interval(0.05, self._watch_search)

    def _say_opened(self) -> None:
        palette = self.screen
        if not isinstance(palette, CommandPalette):
            return  # closed already
        found = palette.query_one(CommandList)
        index = found.highlighted
        under = () if index is None else (_plain(found.get_option_at_index(index).prompt),)
        self.reading_screen.say(PALETTE_OPENED, *under)

    def on_command_palette_option_highlighted(
        self, message: CommandPalette.OptionHighlighted
    ) -> None:
        """Say each command moved to, as the lists do; not the ones a search brings up as
        it narrows (the number found is said once it has), nor the opening's."""
        if time.monotonic() - self._typed_at > PALETTE_SEARCHED:
            self.reading_screen.say(_plain(message.highlighted_event.option.prompt))

    def on_command_palette_closed(self, message: CommandPalette.Closed) -> None:
        """Closed by escape: speech stops, as escape stops it everywhere."""
        if self._search_watch is not None:
            self._search_watch.stop()
        if not message.option_selected:
            self.reading_screen.escaped("Command palette closed")

    def _watch_search(self) -> None:
        """While the palette is open: when what is typed changes, say what it found once
        the search has run (the palette keeps its typing to itself, so it is looked at)."""
        palette = self.screen
        if not isinstance(palette, CommandPalette):
            return
        typed = palette.query_one(Input).value
        if typed != self._searched:
            self._searched, self._typed_at = typed, time.monotonic()
            self.set_timer(PALETTE_SEARCHED, partial(self._say_matches, typed))

    def _say_matches(self, typed: str) -> None:
        palette = self.screen
        if not isinstance(palette, CommandPalette) or palette.query_one(Input).value != typed:
            return  # closed, or typed on since: the newer search speaks
        found = palette.query_one(CommandList)
        options = [found.get_option_at_index(i) for i in range(found.option_count)]
        matches = [option for option in options if not option.disabled]
        if not matches:
            self.reading_screen.say("No matches found")
        else:
            count = f"{len(matches)} match" + ("" if len(matches) == 1 else "es")
            self.reading_screen.say(f"{count}: {_plain(matches[0].prompt)}")

    async def action_quit(self) -> None:
        """ctrl+q: quit on purpose, the place saved and goodbye said."""
        self.reading_screen.quit_now()

    def action_help_quit(self) -> None:
        """ctrl+c does not quit a terminal app: say how to, not just show it."""
        self.reading_screen.say("To quit, press control Q, or q")

    def _use_theme(self, name: str, label: str) -> None:
        self.theme = name
        self.reading_screen.say(label)
