"""Reading export CSVs row by row, keeping the good rows and naming the bad ones by line."""

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass

from reader.loaders.problems import LoadError, Problem, Severity

_LINE_END = re.compile(r"\r\n|\n|\r")
# Reviews can be long; the csv module's default 128 KB field limit is not enough.
_FIELD_LIMIT = 16 * 1024 * 1024


@dataclass(frozen=True)
class Row:
    """A data row by column name, and the line of the file where it starts."""

    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        """The cell's text, stripped; empty when the column is missing."""
        return (self.cells.get(column) or "").strip()


def header(text: str) -> list[str]:
    """The column names of a CSV file's first row."""
    first = next(csv.reader(_lines(text)), [])
    return [name.strip() for name in first]


def _lines(text: str) -> Iterator[str]:
    """Lines with their endings (any of \\r\\n, \\n, \\r), sliced one at a time: an export
    is not copied whole."""
    start = 1 if text.startswith("\ufeff") else 0
    if "\r" in text:
        for match in _LINE_END.finditer(text, start):
            yield text[start : match.end()]
            start = match.end()
    else:  # the common case, twice as fast as the regular expression
        while (end := text.find("\n", start) + 1) > 0:
            yield text[start:end]
            start = end
    if start < len(text):
        yield text[start:]


def read_rows(text: str, path: str, problems: list[Problem]) -> Iterator[Row]:
    """Data rows of a CSV file; rows with the wrong number of fields are reported."""
    csv.field_size_limit(_FIELD_LIMIT)
    reader = csv.reader(_lines(text), strict=False)
    try:
        columns = [name.strip() for name in next(reader)]
    except (StopIteration, csv.Error) as error:
        raise LoadError("has no header row") from error
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problems.append(_warning(path, start, f"unreadable row ({error}); skipped"))
            start = reader.line_num + 1
            continue
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(columns):
            message = f"row has {len(cells)} fields, expected {len(columns)}; skipped"
            problems.append(_warning(path, line, message))
            continue
        yield Row(line, dict(zip(columns, cells, strict=True)))


def _warning(path: str, line: int, message: str) -> Problem:
    return Problem(path, message, line, Severity.WARNING)


def unreviewed_note(path: str, count: int, one: str = "book", many: str = "books") -> Problem:
    """The note for an export's entries without a review: counted, not read."""
    what = f"{one} has no review and was" if count == 1 else f"{many} have no review and were"
    return Problem(path, f"{count} {what} left out", severity=Severity.NOTE)
