"""What loading found: the reviews, and every problem worth telling the user about."""

from dataclasses import dataclass, field
from enum import StrEnum

from reader.model import Review


class Severity(StrEnum):
    """An error lost a whole file; a warning lost part of one; a note lost nothing."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True)
class Problem:
    """One line for the user: where, and what went wrong."""

    path: str
    message: str
    line: int | None = None
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


def decoding_problems(where: str, note: str | None) -> list[Problem]:
    """The warning for text that decoding had to guess or repair, when it had to."""
    return [Problem(where, note, severity=Severity.WARNING)] if note else []


class LoadError(Exception):
    """A whole file could not be loaded; the message says why, in the user's terms."""


class NoReviews(LoadError):
    """A file that by its nature holds no reviews, such as an export's diary or an empty
    file: an error when asked for by name, one line of a note within a folder."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass
class Loaded:
    """Reviews from one file, with the problems met on the way."""

    reviews: list[Review] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Why these reviews are not live ('deleted', 'orphaned'); a folder leaves them out.
    withheld: str = ""


@dataclass
class LoadResult:
    """Reviews from every path, in order, and every problem."""

    reviews: list[Review] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """Whether some path could not be loaded at all."""
        return any(problem.severity is Severity.ERROR for problem in self.problems)
