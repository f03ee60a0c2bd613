"""Moving between the panes with Tab at any width: the text, the reviews, the sections and
the queue. Below 70 columns the side lists give their room to the text, so there one pane
shows at a time, and Tab brings the next into view before it takes the keys."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widget import Widget

ORDER = ("#pane", "#reviews", "#outline", "#queue")
LISTS = "lists"  # the screen's class while a side list shows in a narrow terminal


def cycle(screen: Screen[Any], step: int) -> None:
    """Focus the next pane (step 1) or the one before (-1), showing it if need be."""
    panes = [screen.query_one(selector) for selector in ORDER]
    focused = screen.focused
    here = next((i for i, pane in enumerate(panes) if focused is pane), 0)
    target = panes[(here + step) % len(panes)]
    show(screen, target)
    screen.call_after_refresh(target.focus)


def show(screen: Screen[Any], pane: Widget) -> None:
    """In a narrow terminal, show the side lists when `pane` is one of them, else the text."""
    screen.set_class(pane.id != "pane", LISTS)


def follow_focus(screen: Screen[Any]) -> None:
    """After a resize, keep the focused pane in view rather than hidden but still announced."""
    focused = screen.focused
    if focused is not None and focused.id in {selector[1:] for selector in ORDER}:
        show(screen, focused)
