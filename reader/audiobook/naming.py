"""Where a split export puts each review: a folder named after the output, numbered files."""

from __future__ import annotations

import re
from pathlib import Path

_NOT_WORD = re.compile(r"[\W_]+")  # Unicode letters and digits stay: 'Das Boot', '千と千尋'
_SLUG_CHARACTERS = 60  # short enough for any file system, long enough to recognise


def split_folder(output: Path) -> Path:
    """`-o Reviews.mp3 --split` writes into the folder `Reviews`, beside where the book
    would have been."""
    return output.with_suffix("")


def review_file(folder: Path, number: int, count: int, title: str, suffix: str) -> Path:
    """'007-past-lives.mp3': numbered from 1, zero-padded so the files sort in reading
    order (at least three digits, more for a longer export)."""
    width = max(3, len(str(count)))
    return folder / f"{number:0{width}d}-{slug(title)}{suffix}"


def slug(title: str) -> str:
    """A title as a safe file name part: lower case, words joined by '-', no punctuation."""
    words = _NOT_WORD.sub("-", title.lower()).strip("-")
    cut = words[:_SLUG_CHARACTERS].rstrip("-")
    return cut or "review"
