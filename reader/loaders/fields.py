"""Reading cells and fields of exports: numbers as people write them, facts from pairs."""

from collections.abc import Mapping
from datetime import UTC, datetime

from reader.model import MetadataField
from reader.parse.sections import fact


def number(value: object) -> float | None:
    """A number from a cell or field ('4.5', '7,38', 9); None when there is none."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip().replace(",", "."))
    except ValueError:
        return None


def text(value: object) -> str:
    """A field as stripped text; empty for null, objects and lists."""
    return "" if value is None or isinstance(value, Mapping | list) else str(value).strip()


def day(timestamp: float | None) -> str:
    """A Unix timestamp as a date, '2021-01-05'; empty when there is none."""
    if not timestamp:
        return ""
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")


def facts(*pairs: tuple[str, str]) -> tuple[MetadataField, ...]:
    """Metadata fields from (label, value) pairs, leaving out empty values."""
    return tuple(fact(label, value) for label, value in pairs if value and value.strip())
