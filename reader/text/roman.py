"""Roman numerals from I to XXXIX, the ones reviews write (sequels, monarchs, centuries),
shared by the sentence splitter and the speech."""

from __future__ import annotations

# Tens (X{0,3}), then units: each may be empty, so a pattern using it says what must
# follow or precede (a lone I is the English pronoun).
NUMERAL = r"(X{0,3})(IX|IV|V?I{0,3})"
_UNITS = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX")


def roman_value(tens: str, units: str) -> int:
    """A numeral's number, from NUMERAL's two groups."""
    return 10 * len(tens) + _UNITS.index(units)
