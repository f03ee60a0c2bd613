"""Loading the paths a command names, a review at a time, each problem a line on stderr."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator

from reader.cli.problems import say_problem
from reader.cli.status import EXIT_FAILED, EXIT_OK
from reader.loaders import LoadResult, Problem, Severity
from reader.model import Document
from reader.reading.library import parse_or_problem
from reader.web.sources import load_sources


def with_documents(
    paths: Iterable[str],
    use: Callable[[Iterator[Document]], None],
    problems: list[Problem] | None = None,
) -> int:
    """Load, report load problems, then hand the documents to `use`, parsed lazily so the
    first is shown before the rest are read; failed if any path failed or none held reviews.
    Every problem is also added to `problems`."""
    problems = [] if problems is None else problems
    result = load_sources(paths, sys.stdin.buffer if sys.stdin else None)
    for problem in result.problems:
        _report(problem, problems)

    def documents() -> Iterator[Document]:
        for review in result.reviews:
            parsed = parse_or_problem(review)
            if isinstance(parsed, Problem):
                _report(parsed, problems)
            else:
                yield parsed

    use(documents())
    return _status(result, problems)


def with_rendered(
    paths: Iterable[str],
    render: Callable[[Document], str],
    use: Callable[[Iterator[str]], None],
    problems: list[Problem],
) -> int:
    """As `with_documents`, but `use` gets each document already rendered by `render`,
    which a large input runs on every core (`reader.cli.outline_workers`)."""
    from reader.cli.outline_workers import rendered

    result = load_sources(paths, sys.stdin.buffer if sys.stdin else None)
    for problem in result.problems:
        _report(problem, problems)

    def texts() -> Iterator[str]:
        for item in rendered(result.reviews, render):
            if isinstance(item, Problem):
                _report(item, problems)
            else:
                yield item

    use(texts())
    return _status(result, problems)


def _status(result: LoadResult, problems: list[Problem]) -> int:
    """Failed if any path failed or none held reviews."""
    if not result.reviews and not result.problems:
        say_problem("no reviews found")
    failed = any(problem.severity is Severity.ERROR for problem in problems)
    return EXIT_FAILED if failed or not result.reviews else EXIT_OK


def _report(problem: Problem, problems: list[Problem]) -> None:
    problems.append(problem)
    say_problem(str(problem))
