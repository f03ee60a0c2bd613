"""Reading TOML files people write by hand, with errors that name the file and line."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)$")


class TomlError(Exception):
    """A file that cannot be used, with the place to fix it."""

    def __init__(self, path: Path, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
        self.line = line

    def __str__(self) -> str:
        where = str(self.path) if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class TomlFile:
    """A parsed file and its lines, so later checks can point at the line at fault."""

    path: Path
    data: dict[str, Any]
    lines: tuple[str, ...]

    def error(
        self, message: str, table: str | None = None, index: int = 0, key: str = ""
    ) -> TomlError:
        """An error at `key` of the `index`-th `[table]` or `[[table]]` (or the top level)."""
        return TomlError(self.path, message, self._line_of(table, index, key))

    def _line_of(self, table: str | None, index: int, key: str) -> int | None:
        start = 0
        if table is not None:
            header = re.compile(rf"^\s*\[\[?\s*{re.escape(table)}\s*\]\]?\s*(#.*)?$")
            headers = [number for number, line in enumerate(self.lines) if header.match(line)]
            if index >= len(headers):
                return None
            start = headers[index]
            if not key:
                return start + 1
        assignment = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for number in range(start, len(self.lines)):
            line = self.lines[number]
            if number > start and line.lstrip().startswith("["):
                break
            if assignment.match(line):
                return number + 1
        return start + 1 if table is not None else None


def read_toml(path: Path) -> TomlFile:
    """Parse a TOML file; any problem becomes a TomlError naming the file and line."""
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as error:
        raise TomlError(path, f"cannot read: {error.strerror}") from error
    except UnicodeDecodeError as error:
        raise TomlError(path, "is not UTF-8 text") from error
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _POSITION.search(message)
        line = int(found.group(1)) if found else None
        raise TomlError(path, _POSITION.sub("", message), line) from error
    return TomlFile(path, data, tuple(text.splitlines()))
