"""A large Letterboxd export loaded, parsed and rendered by worker processes.

`reader.cli.outline_workers` parses reviews that one process has loaded; for a 10,000-row
export that loading alone kept the other cores idle for a fifth of the run. Here the
export is cut into parts of about half a megabyte (`reader.loaders.export_parts`), and
the workers load them all at once, each every Nth part, and keep them.

The export's language, which short reviews fall back on, is told from the same sample of
reviews as when one process loads it all: each worker reports how many reviews each of
its parts holds, is asked for its share of the sample's texts, and is told the answer.

Then the main process hands out the parts to render as the workers free up, lowest
first, each worker's own before any other's. A worker with none of its own left takes
another's and loads it again (a few hundredths of a second), so that a core slowed for a
while does not leave the other idle at the end. The reviews are written in order, each
part's as they arrive once the parts before it are written.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import traceback
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from multiprocessing.connection import wait
from multiprocessing.context import SpawnContext
from multiprocessing.process import BaseProcess
from typing import TypeVar, cast

from reader.channels import Channel
from reader.cli.outline_workers import CHUNK, Render, cores, render_one, worker_started
from reader.loaders import Problem
from reader.loaders.csvrows import SplitError
from reader.loaders.export_parts import ExportParts, export_parts
from reader.loaders.registry import language_sample, with_language
from reader.text.language import export_language

# A worker's first answer, for each of its parts: how many reviews it holds, and the
# problems loading it met.
_Load = tuple[int, list[Problem]]
# Then, CHUNK at a time, a part's rendered reviews; None once the part is done.
_Chunk = tuple[int, list[str | Problem] | None]
# The export's first reviews are sent this many at once, so output starts sooner (`text`
# takes a few milliseconds a review, so its first CHUNK would keep the listener waiting).
FIRST_CHUNK = 10

T = TypeVar("T")

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
    parts: list[int]  # the parts it loaded
    busy: bool = True  # rendering a part, or about to be given one


@dataclass
class _Rendered:
    """One part's rendered reviews in the main process, kept until their turn."""

    chunks: deque[list[str | Problem]] = field(default_factory=deque)
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
    workers = _started(export, render, min(usable, len(export.parts)))
    try:
        loads: dict[int, _Load] = {}
        for worker in workers:
            answer = cast(list[_Load] | None, _receive(worker))
            if answer is None:  # a part was cut inside quotes
                _stop(workers)
                return None
            loads.update(zip(worker.parts, answer, strict=True))
        counts = [loads[part][0] for part in range(len(export.parts))]
        if not sum(counts):
            _stop(workers)
            return None
        _share_language(workers, counts)
    except BaseException:
        _stop(workers)
        raise
    problems = [problem for part in range(len(counts)) for problem in loads[part][1]]
    return PartsRun(sum(counts), problems, _in_order(workers, len(counts)))


def _started(export: ExportParts, render: Render, count: int) -> list[_Worker]:
    """`count` forked workers, each with its end of a pipe and every `count`th part."""
    # Typed as spawn's: a fork context has the same Process and Pipe.
    context: SpawnContext = multiprocessing.get_context("fork")  # type: ignore[assignment]
    # A worker flushes the streams it inherits when it ends: nothing may be waiting in them.
    sys.stdout.flush()
    sys.stderr.flush()
    _SHARED.append((export, render))
    workers: list[_Worker] = []
    try:
        for index in range(count):
            parts = list(range(index, len(export.parts), count))
            mine, theirs = context.Pipe()
            process = context.Process(target=_work, args=(theirs, parts, os.getpid()), daemon=True)
            process.start()
            theirs.close()
            workers.append(_Worker(process, mine, parts))
    except BaseException:
        _stop(workers)
        raise
    finally:
        _SHARED.clear()
    return workers


def _share_language(workers: list[_Worker], counts: list[int]) -> None:
    """Ask each worker for its reviews in the export's language sample, and tell them all
    the language those texts give, taken in the export's order."""
    total = sum(counts)
    sample = language_sample(total) if total > 1 else range(0)  # as loading whole does
    firsts = [0, *accumulate(counts)]
    for worker in workers:
        spans = [range(firsts[part], firsts[part + 1]) for part in worker.parts]
        worker.connection.send([[i - span.start for i in sample if i in span] for span in spans])
    texts: dict[int, list[str]] = {}
    for worker in workers:
        texts.update(zip(worker.parts, cast(list[list[str]], _receive(worker)), strict=True))
    in_order = [text for part in range(len(counts)) for text in texts[part]]
    hint = export_language(in_order) if in_order else ""
    for worker in workers:
        worker.connection.send(hint)


def _work(connection: Channel, parts: list[int], parent: int) -> None:
    """In a worker: load its parts, answer the language questions, then render each part
    it is given, sending its reviews CHUNK at a time, until it is given None."""
    worker_started(parent)
    export, render = _SHARED[-1]  # shared before this worker was forked
    try:
        try:
            loaded = {part: export.load(part) for part in parts}
        except SplitError:
            connection.send(None)
            return
        connection.send([(len(part.reviews), part.problems) for part in loaded.values()])
        wanted: list[list[int]] = connection.recv()
        texts = [
            [loaded[part].reviews[index].body for index in indices]
            for part, indices in zip(parts, wanted, strict=True)
        ]
        connection.send(texts)
        hint: str = connection.recv()
        while (part := connection.recv()) is not None:
            # Another worker's part is loaded again; its load problems were told already.
            reviews = (loaded.pop(part) if part in loaded else export.load(part)).reviews
            reviews = with_language(reviews, hint)
            for chunk in _chunks(reviews, FIRST_CHUNK if part == 0 else CHUNK):
                connection.send((part, [render_one(review, render) for review in chunk]))
            connection.send((part, None))
    except Exception:
        connection.send(_Failed(traceback.format_exc()))


def _chunks(items: Sequence[T], first: int) -> Iterator[Sequence[T]]:
    """The items CHUNK at a time, after `first` of them."""
    start, size = 0, first
    while start < len(items):
        yield items[start : start + size]
        start, size = start + size, CHUNK


def _in_order(workers: list[_Worker], count: int) -> Iterator[str | Problem]:
    """Every part's reviews in order, the parts handed out to the workers as they free
    up, and what arrives ahead of its turn kept until then."""
    rendered = [_Rendered() for _ in range(count)]
    waiting = list(range(count))  # parts not yet handed out
    try:
        for worker in workers:
            _hand_out(worker, waiting)
        for part in rendered:
            while part.chunks or not part.done:
                if part.chunks:
                    yield from part.chunks.popleft()
                else:
                    _receive_any(workers, rendered, waiting)
    finally:
        _stop(workers)


def _hand_out(worker: _Worker, waiting: list[int]) -> None:
    """Give the worker the lowest part waiting that it loaded, else the lowest of all,
    else None (it is done)."""
    own = [part for part in waiting if part in worker.parts]
    part = own[0] if own else (waiting[0] if waiting else None)
    if part is not None:
        waiting.remove(part)
    worker.connection.send(part)
    worker.busy = part is not None


def _receive_any(workers: list[_Worker], rendered: list[_Rendered], waiting: list[int]) -> None:
    """Take in what any busy worker has sent; one that has finished a part gets another."""
    busy = {worker.connection: worker for worker in workers if worker.busy}
    for connection in wait(list(busy)):
        worker = busy[cast(Channel, connection)]
        part, chunk = cast(_Chunk, _receive(worker))
        if chunk is None:
            rendered[part].done = True
            _hand_out(worker, waiting)
        else:
            rendered[part].chunks.append(chunk)


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
