"""Where each review was left, so it reopens there in every front end.

Kept as JSON in the state folder, keyed by the review's file (absolute) and, for
exports, its line. Saved with a lock and an atomic write, like the queue.
"""

from __future__ import annotations

import json
from pathlib import Path

from reader.model import Position, Source
from reader.storage.locations import state_dir
from reader.storage.store import Loaded, Unreadable, locked, read_or_set_aside, write_atomic
from reader.web.addresses import located


def positions_file() -> Path:
    """Where positions live."""
    return state_dir() / "positions.json"


def review_key(source: Source) -> str | None:
    """The key a review's position is kept under; None for standard input."""
    if source.path == "-":
        return None
    path = located(source.path)
    return path if source.line is None else f"{path}:{source.line}"


def load_positions(path: Path | None = None) -> Loaded[dict[str, Position]]:
    """Every saved position (none, with a warning, if the file was broken)."""
    return read_or_set_aside(path or positions_file(), _parse, {})


def save_positions(changes: dict[str, Position], path: Path | None = None) -> None:
    """Save these positions, keeping every other review's."""
    if not changes:
        return
    path = path or positions_file()
    with locked(path):
        positions = load_positions(path).value | changes
        payload = {key: [p.section, p.offset] for key, p in sorted(positions.items())}
        write_atomic(path, json.dumps(payload, ensure_ascii=False, indent=1) + "\n")


def _parse(text: str) -> dict[str, Position]:
    data = json.loads(text)
    if not isinstance(data, dict):
        raise Unreadable("is not a table of positions")
    positions: dict[str, Position] = {}
    for key, value in data.items():
        valid = isinstance(value, list) and len(value) == 2
        if not valid or not all(type(n) is int and n >= 0 for n in value):
            raise Unreadable(f"has a bad position for {key}")
        positions[key] = Position(value[0], value[1])
    return positions
