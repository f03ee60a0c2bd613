"""Reviews arriving in the open library: what was loaded is taken in, what failed is said
(which file and why), and the first new review opened, or the one play resumes at.

Functions over the reading controller, kept apart from it so each module has one job.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePath
from typing import TYPE_CHECKING

from reader.loaders import LoadResult, Severity
from reader.model import Document, Position
from reader.reading import moves, skimming
from reader.reading.answers import Answer, Load, Say
from reader.reading.phrases import about_review, next_review_phrase, plural, review_phrase

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


def arrive(
    reading: Reading,
    index: int,
    document: Document,
    *,
    play: bool,
    preface: str = "",
    problems: tuple[str, ...] = (),
) -> Answer:
    """Open review `index`, named; with `play`, announced as the next review (or where it
    resumes) and read hands-free."""
    skimming.leave(reading)
    reading.shelf.leave(reading.place)
    reading.place = reading.shelf.arrive(index, document)
    reading.section_limit = None
    verbosity = reading.modes.verbosity
    resumed = reading.place.position != Position() and bool(document.sections)
    if play:
        phrase = next_review_phrase(document, verbosity)
        if resumed:
            phrase = f"Resuming {about_review(document)}; {moves.where_line(reading, False)}"
        if reading.queue.playing is not None:
            reading.queue.reached(reading.shelf.key(index))
        reading.playing = True
        return Answer((phrase,), Say.REVIEW, reading.place, (phrase,), problems=problems)
    lines = [preface + review_phrase(document, index + 1, len(reading.library), verbosity)]
    if resumed:
        lines.append(moves.where_line(reading, titled=False))
    elif reading.place.at_heading:  # at the top, the first section not yet named
        reading.place = replace(reading.place, heading_said=False)
    if reading.playing:  # reading goes on in the new review
        return Answer(tuple(lines), Say.REVIEW, reading.place, tuple(lines), problems=problems)
    if reading.hints.opening and not reading.hinted:  # once a run: then it is known
        reading.hinted = True
        lines.append(reading.hints.opening)
    return Answer(tuple(lines), moved=True, problems=problems)


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
