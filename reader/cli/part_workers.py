"""A large Letterboxd export loaded, parsed and rendered by worker processes, a part each.

`reader.cli.outline_workers` parses reviews that one process has loaded; for a 10,000-row
export that loading alone kept the other cores idle for a fifth of the run. Here each
worker loads one run of whole rows (`reader.loaders.export_parts`) and keeps it. The
export's language, which short reviews fall back on, is told from the same sample of
reviews as when one process loads it all: each worker reports how many reviews it has, is
asked for its share of the sample's texts, and is told the answer. Then each renders its
reviews, and the main process writes them in order: the first part's as they arrive, the
others' held until their turn.
"""

from __future__ import annotations

import multiprocessing
import sys
import traceback
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from multiprocessing.context import SpawnContext
from multiprocessing.process import BaseProcess
from typing import cast

from reader.channels import Channel
from reader.cli.outline_workers import CHUNK, Render, cores, ignore_interrupts, render_one
from reader.loaders import Problem
from reader.loaders.csvrows import SplitError
from reader.loaders.export_parts import ExportParts, export_parts
from reader.loaders.registry import language_sample, with_language
from reader.text.language import export_language

# A worker's first answer: how many reviews its part holds, and the problems loading met.
_Load = tuple[int, list[Problem]]
# A worker's rendered reviews, CHUNK at a time; None once all are sent.
_Chunk = list[str | Problem] | None

# What a forked worker loads from: set before the workers start, so the export's text is
# inherited rather than sent.
_SHARED: list[tuple[ExportParts, Render]] = []


@dataclass(frozen=True)
class PartsRun:
    """An export being rendered in parts: its review count, its load problems in file
    order, and the rendered reviews (or parse problems) in order."""

    count: int
    problems: list[Problem]
    items: Iterator[str | Problem]


@dataclass(frozen=True)
class _Failed:
    """A worker's exception, as text: raised again in the main process."""

    trace: str


@dataclass
class _Worker:
    process: BaseProcess
    connection: Channel
    received: deque[object] = field(default_factory=deque)
    done: bool = False


def rendered_in_parts(paths: Sequence[str], render: Render) -> PartsRun | None:
    """The one large Letterboxd export `paths` names, rendered in parts on every core;
    None when loading it whole is as quick or the only way (`export_parts`), when a part
    was cut inside a quoted field, or when it holds no reviews (which loading it whole
    reports)."""
    usable = cores()
    if len(paths) != 1 or usable < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    export = export_parts(paths[0], usable)
    if export is None or len(export.parts) < 2:
        return None
    workers = _started(export, render)
    try:
        loads = [cast(_Load | None, _receive(worker)) for worker in workers]
        loaded = [load for load in loads if load is not None]
        counts = [count for count, _ in loaded]
        if len(loaded) < len(loads) or not sum(counts):
            _stop(workers)
            return None
        _share_language(workers, counts)
    except BaseException:
        _stop(workers)
        raise
    problems = [export.note] if export.note else []
    problems += [problem for _, found in loaded for problem in found]
    return PartsRun(sum(counts), problems, _in_order(workers))


def _started(export: ExportParts, render: Render) -> list[_Worker]:
    """A forked worker for each part, each with its end of a pipe."""
    # Typed as spawn's: a fork context has the same Process and Pipe.
    context: SpawnContext = multiprocessing.get_context("fork")  # type: ignore[assignment]
    # A worker flushes the streams it inherits when it ends: nothing may be waiting in them.
    sys.stdout.flush()
    sys.stderr.flush()
    _SHARED.append((export, render))
    workers = []
    try:
        for index in range(len(export.parts)):
            mine, theirs = context.Pipe()
            process = context.Process(target=_work, args=(theirs, index), daemon=True)
            process.start()
            theirs.close()
            workers.append(_Worker(process, mine))
    except BaseException:
        _stop(workers)
        raise
    finally:
        _SHARED.clear()
    return workers


def _share_language(workers: list[_Worker], counts: list[int]) -> None:
    """Ask each worker for its reviews in the export's language sample, and tell them all
    the language those texts give."""
    sample = language_sample(sum(counts)) if sum(counts) > 1 else range(0)  # as loading does
    first = 0
    for worker, count in zip(workers, counts, strict=True):
        worker.connection.send(
            [index - first for index in sample if first <= index < first + count]
        )
        first += count
    texts = [text for worker in workers for text in cast(list[str], _receive(worker))]
    hint = export_language(texts) if texts else ""
    for worker in workers:
        worker.connection.send(hint)


def _work(connection: Channel, index: int) -> None:
    """In a worker: load the part, answer the language questions, send the rendered
    reviews CHUNK at a time, then None."""
    ignore_interrupts()
    export, render = _SHARED[-1]  # shared before this worker was forked
    try:
        try:
            loaded = export.load(index)
        except SplitError:
            connection.send(None)
            return
        connection.send((len(loaded.reviews), loaded.problems))
        wanted: list[int] = connection.recv()
        connection.send([loaded.reviews[wanted_index].body for wanted_index in wanted])
        reviews = with_language(loaded.reviews, connection.recv())
        for start in range(0, len(reviews), CHUNK):
            connection.send(
                [render_one(review, render) for review in reviews[start : start + CHUNK]]
            )
        connection.send(None)
    except Exception:
        connection.send(_Failed(traceback.format_exc()))


def _in_order(workers: list[_Worker]) -> Iterator[str | Problem]:
    """Every worker's reviews, the first worker's first, each worker's kept as they come
    so that none waits on a full pipe."""
    try:
        for worker in workers:
            while (chunk := _next_chunk(worker, workers)) is not None:
                yield from chunk
    finally:
        _stop(workers)


def _next_chunk(worker: _Worker, workers: list[_Worker]) -> _Chunk:
    """The worker's next message, reading whatever any worker has sent meanwhile."""
    while not worker.received:
        ready = wait([other.connection for other in workers if not other.done])
        for other in workers:
            if other.connection in ready:
                message = _receive(other)
                other.received.append(message)
                other.done = message is None
    return cast(_Chunk, worker.received.popleft())


def _receive(worker: _Worker) -> object:
    """The worker's next message; its exception raised here."""
    try:
        message = worker.connection.recv()
    except EOFError:
        raise RuntimeError("a worker process stopped before it finished") from None
    if isinstance(message, _Failed):
        raise RuntimeError(f"a worker process failed:\n{message.trace}")
    return message


def _stop(workers: list[_Worker]) -> None:
    """End the workers, finished or not (output stopped early, an error)."""
    for worker in workers:
        if worker.process.is_alive():
            worker.process.terminate()
        worker.process.join()
        worker.connection.close()
