"""Parsing and rendering many reviews on every core, the results kept in the reviews' order.

A large export (`reader outline --json` of 10,000 Letterboxd rows) is parsed in worker
processes, each handed a run of consecutive reviews; each returns its reviews already
rendered (JSON text, say), so only short strings cross back, and the main process writes
them in order as they arrive. A small input, or a machine with one core, is done in this
process: starting workers costs more than it saves.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor

from reader.lifetimes import end_with
from reader.loaders import Problem
from reader.model import Document, Review
from reader.reading.library import parse_or_problem

# Below this many reviews one process is as quick as several.
PARALLEL_FROM = 500
# Reviews per task: small enough that output starts soon and the workers end together,
# large enough that handing out tasks costs little.
CHUNK = 200

Render = Callable[[Document], str]

# What a forked worker reads its reviews from: set before the pool starts, so the
# reviews are inherited rather than pickled across.
_SHARED: list[tuple[Sequence[Review], Render]] = []


def rendered(reviews: Sequence[Review], render: Render) -> Iterator[str | Problem]:
    """Each review rendered, or the problem that kept it from being parsed, in order."""
    workers = _worker_count(len(reviews))
    if workers < 2:
        yield from map(render_one, reviews, [render] * len(reviews))
        return
    _SHARED.append((reviews, render))
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=worker_started, initargs=(os.getpid(),)
    )
    try:
        for chunk in pool.map(_render_chunk, range(0, len(reviews), CHUNK)):
            yield from chunk
    finally:
        # Output stopped early (a closed pipe, Ctrl-C): the chunks not started are dropped.
        pool.shutdown(wait=True, cancel_futures=True)
        _SHARED.clear()


def worker_started(parent: int) -> None:
    """In a worker: Ctrl-C is the main process (`parent`)'s to handle, which stops the
    workers without a traceback from each; and the worker ends with it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    end_with(parent)


def _worker_count(reviews: int) -> int:
    """Processes to use: one per core (forked, so the reviews are not copied), and only
    for inputs large enough to gain from it."""
    if reviews < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(cores(), max(1, reviews // CHUNK))


def cores() -> int:
    """The cores this process may run on."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return usable or 1


def _render_chunk(start: int) -> list[str | Problem]:
    """In a worker: the reviews from `start` on, CHUNK of them, rendered."""
    reviews, render = _SHARED[-1]  # shared before the pool forked this worker
    return [render_one(review, render) for review in reviews[start : start + CHUNK]]


def render_one(review: Review, render: Render) -> str | Problem:
    """The review parsed and rendered, or the problem that kept it from being parsed."""
    parsed = parse_or_problem(review)
    return parsed if isinstance(parsed, Problem) else render(parsed)
