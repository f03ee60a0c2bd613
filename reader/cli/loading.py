"""Loading the paths a command names, a review at a time, each problem a line on stderr."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

from reader.cli.problems import say_problem
from reader.cli.status import EXIT_FAILED, EXIT_OK
from reader.loaders import LoadResult, Problem, Severity
from reader.model import Document
from reader.reading.library import parse_or_problem
from reader.web.sources import load_sources

T = TypeVar("T")


def with_documents(
    paths: Iterable[str],
    use: Callable[[Iterator[Document]], None],
    problems: list[Problem] | None = None,
) -> int:
    """Load, report load problems, then hand the documents to `use`, parsed lazily so the
    first is shown before the rest are read; failed if any path failed or none held reviews.
    Every problem is also added to `problems`."""
    problems = [] if problems is None else problems
    result = _loaded(paths, problems)
    use(_reported((parse_or_problem(review) for review in result.reviews), problems))
    return _status(len(result.reviews), problems)


def with_rendered(
    paths: Sequence[str],
    render: Callable[[Document], str],
    use: Callable[[Iterator[str]], None],
    problems: list[Problem],
) -> int:
    """As `with_documents`, but `use` gets each document already rendered by `render`,
    which a large input runs on every core: one large export is loaded there too
    (`reader.cli.part_workers`), anything else is loaded here first
    (`reader.cli.outline_workers`)."""
    from reader.cli.outline_workers import rendered
    from reader.cli.part_workers import rendered_in_parts

    run = rendered_in_parts(paths, render)
    if run is None:
        result = _loaded(paths, problems)
        count, items = len(result.reviews), rendered(result.reviews, render)
    else:
        for problem in run.problems:
            _report(problem, problems)
        count, items = run.count, run.items
    use(_reported(items, problems))
    return _status(count, problems)


def _loaded(paths: Iterable[str], problems: list[Problem]) -> LoadResult:
    """The paths loaded (stdin for '-'), each load problem reported."""
    result = load_sources(paths, sys.stdin.buffer if sys.stdin else None)
    for problem in result.problems:
        _report(problem, problems)
    return result


def _reported(items: Iterable[T | Problem], problems: list[Problem]) -> Iterator[T]:
    """The items, each problem among them reported as it comes instead."""
    for item in items:
        if isinstance(item, Problem):
            _report(item, problems)
        else:
            yield item


def _status(reviews: int, problems: list[Problem]) -> int:
    """Failed if any path failed or none held reviews."""
    if not reviews and not problems:
        say_problem("no reviews found")
    failed = any(problem.severity is Severity.ERROR for problem in problems)
    return EXIT_FAILED if failed or not reviews else EXIT_OK


def _report(problem: Problem, problems: list[Problem]) -> None:
    problems.append(problem)
    say_problem(str(problem))
