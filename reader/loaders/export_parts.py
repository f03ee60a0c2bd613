"""A large Letterboxd export read once and cut into runs of whole rows, each of which can be
loaded on its own: worker processes then load an export's parts at once, instead of
waiting for one process to load all of it (`reader.cli.part_workers`). The export is cut
as bytes; each part is decoded by the worker that loads it.

Only Letterboxd's reviews.csv is cut, and only in UTF-8, as Letterboxd writes it. Goodreads
and StoryGraph exports count the books without a review over the whole file, and other
inputs are loaded whole as usual.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from reader.loaders import letterboxd
from reader.loaders.csvrows import Part, header, split_rows
from reader.loaders.files import read_bytes
from reader.loaders.problems import Loaded, LoadError
from reader.loaders.registry import CSV, format_for
from reader.text.decoding import NotTextError, decode

# Below this size, loading in one process costs less than starting others for it.
SPLIT_FROM = 1 << 20
# Bytes in a part: small enough that a part is soon rendered, so the parts can be shared
# out as the workers free up; large enough that loading one again costs little.
PART_SIZE = 1 << 19
# Files in UTF-16 or UTF-32, which loading whole reads: their quotes are not single bytes.
_WIDE = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass(frozen=True)
class ExportParts:
    """An export's bytes and where they are cut."""

    path: str
    data: bytes
    parts: tuple[Part, ...]

    def load(self, index: int) -> Loaded:
        """The reviews of one part; `SplitError` when it was cut inside a quoted field or
        is not UTF-8."""
        part = self.parts[index]
        return letterboxd.load_letterboxd(part.text(self.data), self.path, part)


def export_parts(path: str, at_least: int) -> ExportParts | None:
    """The Letterboxd export at `path` cut into parts of about PART_SIZE, and at least
    `at_least` of them; None for any other input, a small one, or one that cannot be
    read, which loading whole then reports. Another kind of CSV is told by its first
    64 KB, before the rest is read."""

    def letterboxd_limit(head: bytes) -> int:
        if head.startswith(_WIDE) or not set(header(decode(head).text)) >= letterboxd.COLUMNS:
            raise LoadError("not a Letterboxd export in UTF-8")
        return CSV.limit

    try:
        file = Path(path)
        if format_for(path) is not CSV or not file.is_file() or file.stat().st_size < SPLIT_FROM:
            return None
        data = read_bytes(path, None, letterboxd_limit)
    except (LoadError, NotTextError, OSError):
        return None
    count = max(at_least, -(-len(data) // PART_SIZE))
    return ExportParts(path, data, tuple(split_rows(data, count)))
