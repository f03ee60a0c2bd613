"""The reading room: an app that pushes the reading screen, keeps the themes, and offers
every action by name in the command palette."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any, BinaryIO

from textual.app import App, SystemCommand
from textual.screen import Screen

from reader.session.session import Session
from reader.storage.settings import Settings
from reader.tui.keys import ACTIONS, shown_key
from reader.tui.screen import ReadingScreen
from reader.tui.themes import HIGH_CONTRAST, MONOCHROME, THEMES, starting_theme


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
            stdin=stdin,
            settings=settings or Settings(),
        )
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

    def _use_theme(self, name: str, label: str) -> None:
        self.theme = name
        self.reading_screen.say(label)
