"""The reading screen's words and keys from the one action table: its key bindings, the
hints and help it gives in the keys actually bound, and the line showing what was said."""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding

from reader.reading.controller import Hints
from reader.tui.keys import KeyAction, key_hints, spoken_key

QUEUE_HELP = (
    "In the queue list: enter plays from the entry, u and d move it up and down, "
    "delete removes it, z puts it back.",
)


def binding(action: KeyAction) -> Binding:
    """A key-table row as a binding; its id is its key-file name, so the keymap finds it."""
    number = "" if action.number is None else f", {action.number}"
    call = f"act('{action.act.value}'{number})"
    label = action.footer or action.description
    return Binding(",".join(action.keys), call, label, show=bool(action.footer), id=action.name)


def screen_hints(keys: dict[str, tuple[str, ...]], confirm_quit: bool = True) -> Hints:
    """The controller's hints in this screen's keys: help that says how to close it and
    what the queue's own keys do, and the question a stray quit key asks."""
    hints = key_hints(keys)
    quit_keys = keys.get("quit", ())
    ask = confirm_quit and quit_keys
    again = f"Press {spoken_key(quit_keys[0])} again to quit" if ask else ""
    skim_keys = keys.get("skim", ())
    skim = f"Press {spoken_key(skim_keys[0])} again to open the one you hear." if skim_keys else ""
    return replace(
        hints,
        help=("Help. Escape closes it; up and down scroll.", *hints.help, *QUEUE_HELP),
        quit_again=again,
        skim=skim,
    )


def said_line(lines: tuple[str, ...]) -> str:
    """An answer's lines as the said line shows them: sentences, so they read apart."""
    return " ".join([*(_sentence(line) for line in lines[:-1]), lines[-1]])


def _sentence(line: str) -> str:
    """A line as a sentence of the said line."""
    return line if line.endswith((".", "!", "?", "…", ":")) else f"{line}."
