"""Reading cells and fields of exports: numbers as people write them, facts from pairs."""

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


def facts(*pairs: tuple[str, str]) -> tuple[MetadataField, ...]:
    """Metadata fields from (label, value) pairs, leaving out empty values."""
    return tuple(fact(label, value) for label, value in pairs if value and value.strip())
