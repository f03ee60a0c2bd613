"""Hands-free listening: the end of a review leads to the next one in the queue, until the
queue or the sleep timer ends it. One logic for the reading room and `reader queue play`.

Functions over the controller, kept apart from it so each module has one job.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from reader.plan.cues import Cue
from reader.reading.answers import Answer, Load
from reader.reading.cursor import Place

if TYPE_CHECKING:
    from reader.reading.controller import Reading

SLEEP_AT_END = "Sleep timer: stopping after this review."


def finished(reading: Reading) -> Answer:
    """The voice read to the end of the review: it is kept as finished (back at its top),
    and the queue goes on unless it is time to sleep."""
    reading.playing, reading.section_limit = False, None
    reading.place = Place()
    reading.shelf.leave(reading.place)
    queue = reading.queue
    if reading.sleep.end_of_review:
        reading.sleep.stop_now()
        if queue.playing is not None:
            queue.reached(_upcoming(reading))
            queue.playing = None
        return Answer((SLEEP_AT_END,), always=True, cues=(Cue.END_OF_REVIEW, Cue.SLEEP))
    if queue.playing is not None:
        following = reading.shelf.index + 1
        if _in_entry(reading, following, queue.playing):
            answer = reading.open(following, play=True)  # an export: every review in it first
        else:
            answer = play_queue(reading, queue.playing + 1)
        return replace(answer, cues=(Cue.END_OF_REVIEW, *answer.cues))
    return Answer(cues=(Cue.END_OF_REVIEW,))


def play_queue(reading: Reading, index: int | None = None) -> Answer:
    """Read the queue from entry `index` (None: where play last stopped) to its end."""
    queue = reading.queue
    resume = queue.queue.current if index is None else None
    start = (queue.queue.resumes_at or 0) if index is None else index
    found, skipped = queue.next_playable(start)
    if found is None:
        queue.playing = None
        queue.reached(None)
        reading.playing = False
        if queue.entries:
            return Answer(problems=skipped, always=True, cues=(Cue.END_OF_QUEUE,))
        return Answer(("The queue is empty",), problems=skipped, always=True)
    queue.playing = found
    opened = [i for i in range(len(reading.shelf.library)) if _in_entry(reading, i, found)]
    if not opened:
        path = queue.entries[found].path
        return Answer(problems=skipped, load=Load((path,), play=True, resume=resume))
    chosen = next((i for i in opened if reading.shelf.key(i) == resume), opened[0])
    answer = reading.open(chosen, play=True)
    return replace(answer, problems=skipped + answer.problems)


def _in_entry(reading: Reading, index: int, entry: int) -> bool:
    """Whether review `index` is one of queue entry `entry`'s."""
    shelf = reading.shelf
    return 0 <= index < len(shelf.library) and shelf.file_of(index) == (
        reading.queue.entries[entry].path
    )


def _upcoming(reading: Reading) -> str | None:
    """The review the queue will resume at after this one."""
    queue, following = reading.queue, reading.shelf.index + 1
    assert queue.playing is not None
    if _in_entry(reading, following, queue.playing):
        return reading.shelf.key(following)
    found, _ = queue.next_playable(queue.playing + 1)
    return None if found is None else queue.entries[found].path
