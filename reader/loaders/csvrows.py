"""Reading export CSVs row by row, keeping the good rows and naming the bad ones by line."""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain, pairwise

from reader.loaders.problems import LoadError, Problem, Severity

# Reviews can be long; the csv module's default 128 KB field limit is not enough.
_FIELD_LIMIT = 16 * 1024 * 1024
# Characters handed to StringIO at a time: few pieces, and little copied at once.
_PIECE = 1 << 20
# The line read after a part's last row: when the part ended inside a quoted field, it is
# read into that field instead of as a row of its own. No export holds this line.
_END = "\ufdd0 end of part \ufdd0"


@dataclass(frozen=True)
class Part:
    """A run of whole data rows of a CSV file, its bytes [start, end); the number of the
    line it starts on, and the file's column names."""

    start: int
    end: int
    line: int
    columns: tuple[str, ...]

    def text(self, data: bytes) -> str:
        """The part's rows as text: `SplitError` when they are not UTF-8, for the file is
        then read whole, which tells what it is."""
        try:
            return data[self.start : self.end].decode("utf-8")
        except UnicodeDecodeError as error:
            raise SplitError(f"line {self.line}: not UTF-8") from error


class SplitError(LoadError):
    """A part did not end where a row ends (the file's quotes are not paired as CSV pairs
    them): the file has to be read whole."""


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


def _lines(text: str, whole: bool = True) -> Iterator[str]:
    """The lines of a file's text (`whole`, a byte order mark left out) or of a part's,
    with their endings (any of \\r\\n, \\n, \\r), split by StringIO in C a megabyte
    at a time: an export is never copied whole."""
    start = 1 if whole and text.startswith("\ufeff") else 0
    return chain.from_iterable(
        io.StringIO(piece, newline="") for piece in _pieces(text, start, len(text), _PIECE)
    )


def _pieces(text: str, start: int, end: int, size: int) -> Iterator[str]:
    """text[start:end] in pieces of about `size`, each cut just after a '\\n': a cut there
    never falls inside a line ending."""
    while start < end:
        cut = text.find("\n", min(start + size, end) - 1, end) + 1 or end
        yield text[start:cut]
        start = cut


def split_rows(data: bytes, parts: int) -> list[Part]:
    """The data rows of a UTF-8 CSV file cut into about `parts` runs of even size. Each cut
    is just after a line end with an even number of quotes before it, which in well-formed
    CSV is where a row ends; reading a part checks that it was (`SplitError`). The bytes
    are scanned once, and not decoded: a quote or line end is never part of another
    character in UTF-8, so bytes give the same cuts and line numbers as text would."""
    first, quotes = _row_end(data, 0, 0)
    columns = tuple(header(data[:first].decode("utf-8-sig", errors="replace")))
    cuts, at = [first], first  # `quotes` is the count before `at`
    for index in range(1, parts):
        target = max(first + (len(data) - first) * index // parts, at)
        at, quotes = _row_end(data, target, quotes + data.count(b'"', at, target))
        if cuts[-1] < at < len(data):
            cuts.append(at)
    cuts.append(len(data))
    returns = b"\r" in data  # most files have none: their line ends are counted once
    result, line = [], _line_ends(data, 0, first, returns) + 1
    for start, end in pairwise(cuts):
        result.append(Part(start, end, line, columns))
        line += _line_ends(data, start, end, returns)
    return result


def _row_end(data: bytes, start: int, quotes: int) -> tuple[int, int]:
    """Just after the first '\\n' from `start` with an even number of quotes before it
    (`quotes` of them before `start`), or the end; and the quotes before it."""
    while (end := data.find(b"\n", start) + 1) > 0:
        quotes += data.count(b'"', start, end)
        if quotes % 2 == 0:
            return end, quotes
        start = end
    return len(data), quotes


def _line_ends(data: bytes, start: int, end: int, returns: bool) -> int:
    """Line endings in data[start:end], each of \\r\\n, \\n and \\r counted once, as
    `_lines` splits them (a run never starts between \\r and \\n); `returns` when the
    file holds any \\r."""
    newlines = data.count(b"\n", start, end)
    if not returns:
        return newlines
    return newlines + data.count(b"\r", start, end) - data.count(b"\r\n", start, end)


def read_rows(
    text: str, path: str, problems: list[Problem], part: Part | None = None
) -> Iterator[Row]:
    """Data rows of a CSV file, or of one part of it (`text` then being the part's own,
    `Part.text`); rows with the wrong number of fields are reported."""
    csv.field_size_limit(_FIELD_LIMIT)
    if part is None:
        reader = csv.reader(_lines(text), strict=False)
        lines_before = 0
        try:
            columns = [name.strip() for name in next(reader)]
        except (StopIteration, csv.Error) as error:
            raise LoadError("has no header row") from error
    else:
        reader = csv.reader(chain(_lines(text, whole=False), (_END,)), strict=False)
        lines_before = part.line - 1
        columns = list(part.columns)
    start = lines_before + reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            if part is not None:
                raise SplitError(f"line {part.line}: a part ended inside a quoted field") from None
            return
        except csv.Error as error:
            problems.append(_warning(path, start, f"unreadable row ({error}); skipped"))
            start = lines_before + reader.line_num + 1
            continue
        if part is not None and cells == [_END]:
            return
        line, start = start, lines_before + reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(columns):
            fields = f"{len(cells)} field{'' if len(cells) == 1 else 's'}"
            message = f"row has {fields}, expected {len(columns)}; skipped"
            problems.append(_warning(path, line, message))
            continue
        yield Row(line, dict(zip(columns, cells, strict=True)))


def _warning(path: str, line: int, message: str) -> Problem:
    return Problem(path, message, line, Severity.WARNING)


def unreviewed_note(path: str, count: int, one: str = "book", many: str = "books") -> Problem:
    """The note for an export's entries without a review: counted, not read."""
    what = f"{one} has no review and was" if count == 1 else f"{many} have no review and were"
    return Problem(path, f"{count} {what} left out", severity=Severity.NOTE)
