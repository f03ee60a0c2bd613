"""The status line and the line showing what reader last said."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.widgets import Static

from reader.plan.navigation import Where
from reader.session.events import State


@dataclass(frozen=True)
class Status:
    """Everything the status line shows."""

    state: State
    rate: int
    voice: str
    skip_spoilers: bool
    where: Where | None
    announcements: bool
    sleep: str = ""
    unit: str = "section"  # what the place is counted in: a skim's sections are reviews

    def line(self) -> str:
        """'Playing · 175 wpm · default · spoilers hidden · section 2 of 4 · 35%'."""
        parts = [
            self.state.value.capitalize(),
            f"{self.rate} wpm",
            self.voice,
            "spoilers hidden" if self.skip_spoilers else "spoilers shown",
        ]
        if self.where is not None:
            parts.append(f"{self.unit} {self.where.section} of {self.where.sections}")
            parts.append(f"{self.where.percent}%")
        if not self.announcements:
            parts.append("confirmations off")
        if self.sleep:
            parts.append(self.sleep)
        return " · ".join(parts)


class StatusLine(Static):
    """Playback state, pace, voice, spoiler mode and place, in words (not colours)."""

    def show(self, status: Status) -> None:
        """Show `status`."""
        self.update(Text(status.line()))


class SaidLine(Static):
    """The last confirmation, for those who read it (or feel it on a braille display)."""

    def show(self, said: str) -> None:
        """Show what was just said."""
        self.update(Text(said))
