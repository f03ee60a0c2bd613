"""Reviews arriving in the open library: what was loaded is taken in, what failed is said
(which file and why), and the first new review opened, or the one play resumes at.

Functions over the reading controller, kept apart from it so each module has one job.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePath
from typing import TYPE_CHECKING

from reader.loaders import LoadResult, Severity
from reader.reading.answers import Answer, Load
from reader.reading.phrases import plural

if TYPE_CHECKING:
    from reader.reading.controller import Reading


def loaded(reading: Reading, result: LoadResult, load: Load, preface: str = "") -> Answer:
    """Take what was loaded: problems said, and the first new review opened if asked."""
    added = reading.library.add(result)
    problems = tuple(str(p) for p in result.problems if p.severity is not Severity.NOTE)
    notes = tuple(str(p) for p in result.problems if p.severity is Severity.NOTE)
    said = preface + _lost(result)
    if load.open_first and added:
        first = _resumed(reading, added, load.resume)
        answer = reading.open(first, play=load.play, preface=said)
        return replace(answer, problems=problems + answer.problems, notes=notes)
    if load.open_first and reading.document is None:
        nothing = f"{said}No reviews open. {reading.hints.nothing_open}".strip()
        return Answer((nothing,), problems=problems, notes=notes)
    if added:
        count = f"Added {plural(len(added), 'review')}; {len(reading.library)} open"
        return Answer((f"{said}{count}",), problems=problems, notes=notes)
    return Answer((said.strip() or "No reviews found there",), problems=problems, notes=notes)


def _resumed(reading: Reading, added: range, resume: str | None) -> int:
    """The review among `added` whose place key is `resume`, else the first."""
    if resume is not None:  # keys are only worked out when asked for: 10,000 rows
        for index in added:
            if reading.shelf.key(index) == resume:
                return index
    return added.start


def _lost(result: LoadResult) -> str:
    """What could not be opened, said so a listener knows which and why: the first in full
    ("nope.txt: no such file or folder. "), then how many more."""
    lost = [p for p in result.problems if p.severity is Severity.ERROR]
    if not lost:
        return ""
    first = lost[0]
    said = f"{PurePath(first.path).name or first.path}: {first.message}. "
    if len(lost) > 1:
        said += f"{plural(len(lost) - 1, 'more file')} could not be opened. "
    return said
