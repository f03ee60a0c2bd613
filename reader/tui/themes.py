"""The looks: a high-contrast theme (the default) and a monochrome one for NO_COLOR.

Nothing on screen relies on colour alone: the sentence being read is in reverse video,
headings are bold, hidden spoilers are bracketed words, so the monochrome theme loses
no information.
"""

from __future__ import annotations

import os

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="reader-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    warning="#FFB000",
    error="#FF6060",
    success="#00FF00",
    dark=True,
    variables={
        "border": "#FFFFFF",
        "border-blurred": "#9A9A9A",
        "footer-key-foreground": "#FFFF00",
        "footer-description-foreground": "#FFFFFF",
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
    },
)

MONOCHROME = Theme(
    name="reader-monochrome",
    primary="#FFFFFF",
    secondary="#FFFFFF",
    accent="#FFFFFF",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#000000",
    warning="#FFFFFF",
    error="#FFFFFF",
    success="#FFFFFF",
    dark=True,
    variables={
        "border": "#FFFFFF",
        "border-blurred": "#FFFFFF",
        "footer-key-foreground": "#FFFFFF",
        "footer-description-foreground": "#FFFFFF",
        "block-cursor-background": "#FFFFFF",
        "block-cursor-foreground": "#000000",
    },
)

THEMES = (HIGH_CONTRAST, MONOCHROME)


def starting_theme() -> str:
    """Monochrome when the user has asked for no colour (https://no-color.org)."""
    return MONOCHROME.name if os.environ.get("NO_COLOR") else HIGH_CONTRAST.name
