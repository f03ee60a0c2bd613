"""A large Letterboxd export read once and cut into runs of whole rows, each of which can be
loaded on its own: worker processes then load an export's parts at once, instead of
waiting for one process to load all of it (`reader.cli.part_workers`).

Only Letterboxd's reviews.csv is cut. Goodreads and StoryGraph exports count the books
without a review over the whole file, and other inputs are loaded whole as usual.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reader.loaders import letterboxd
from reader.loaders.csvrows import Part, header, split_rows
from reader.loaders.files import read_bytes
from reader.loaders.problems import Loaded, LoadError, Problem, decoding_problems
from reader.loaders.registry import CSV, format_for
from reader.text.decoding import NotTextError, decode

# Below this size, loading in one process costs less than starting others for it.
SPLIT_FROM = 1 << 20
# Characters in a part: small enough that a part is soon rendered, so the parts can be
# shared out as the workers free up; large enough that loading one again costs little.
PART_SIZE = 1 << 19


@dataclass(frozen=True)
class ExportParts:
    """An export's text, where it is cut, and the warning decoding left (if any)."""

    path: str
    text: str
    parts: tuple[Part, ...]
    problems: list[Problem]

    def load(self, index: int) -> Loaded:
        """The reviews of one part; `SplitError` when it was cut inside a quoted field."""
        return letterboxd.load_letterboxd(self.text, self.path, self.parts[index])


def export_parts(path: str, at_least: int) -> ExportParts | None:
    """The Letterboxd export at `path` cut into parts of about PART_SIZE, and at least
    `at_least` of them; None for any other input, a small one, or one that cannot be
    read, which loading whole then reports. Another kind of CSV is told by its first
    64 KB, before the rest is read."""

    def letterboxd_limit(head: bytes) -> int:
        if not set(header(decode(head).text)) >= letterboxd.COLUMNS:
            raise LoadError("not a Letterboxd export")
        return CSV.limit

    try:
        file = Path(path)
        if format_for(path) is not CSV or not file.is_file() or file.stat().st_size < SPLIT_FROM:
            return None
        decoded = decode(read_bytes(path, None, letterboxd_limit))
    except (LoadError, NotTextError, OSError):
        return None
    count = max(at_least, -(-len(decoded.text) // PART_SIZE))
    parts = tuple(split_rows(decoded.text, count))
    return ExportParts(path, decoded.text, parts, decoding_problems(path, decoded.note))
