"""Pronunciation lexicons: how to say review jargon ('OST', 'K-drama', '8/10').

A lexicon file is TOML with three kinds of entries, tried in this order:

    [[word]]          # a whole word: 'ep.' but not 'step.'
    match = "ep."
    say = "episode"

    [[anywhere]]      # inside words too
    match = "½"
    say = " and a half"

    [[regex]]         # a regular expression; `say` may use \\1 for its groups
    match = '(\\d+)/10\\b'
    say = '\\1 out of 10'

Each entry has `say = "..."` or `skip = true`, and `match_case = true` to match only
that exact case (the default ignores case). Where two entries match, the one starting
first wins; at the same place, the earlier kind and then the earlier entry.

A top-level `language = "en"` (before the first table) makes every entry of the file
apply only to reviews in that language, so '½' becomes 'and a half' in English text and
is left to the voice in a Spanish one. Without it, entries apply in every language.

A lexicon read from a file also says dates and product codes as a listener expects
(reader.plan.say_as), in the review's language, wherever no entry matched; the empty
Lexicon() leaves the text as written.
"""

from __future__ import annotations

import heapq
import importlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import partial
from pathlib import Path

from reader.plan.say_as import say_as
from reader.plan.spoken_text import SaidAs, SpokenTextBuilder
from reader.storage.tomlfile import TomlError, TomlFile, read_toml


class MatchKind(StrEnum):
    """How an entry's `match` is found in the text."""

    WORD = "word"
    ANYWHERE = "anywhere"
    REGEX = "regex"


_KEYS = frozenset({"match", "say", "skip", "match_case"})
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")


@dataclass(frozen=True)
class LexiconEntry:
    """One rule: find `match`, say `say` instead ('' when the text is skipped), in text
    of `language` only when it names one."""

    kind: MatchKind
    match: str
    say: str = ""
    match_case: bool = False
    language: str = ""

    def applies_to(self, language: str) -> bool:
        """Whether the rule is used in text of this language."""
        return not self.language or self.language == language

    def compile(self) -> re.Pattern[str]:
        """The entry as a regular expression (raises re.error for a bad regex)."""
        flags = 0 if self.match_case else re.IGNORECASE
        if self.kind is MatchKind.REGEX:
            return re.compile(self.match, flags)
        pattern = re.escape(self.match)
        if self.kind is MatchKind.WORD:
            # Word edges only where the match itself starts or ends with a word character.
            before = r"(?<!\w)" if self.match[:1].isalnum() else ""
            after = r"(?!\w)" if self.match[-1:].isalnum() else ""
            pattern = f"{before}{pattern}{after}"
        return re.compile(pattern, flags)

    def spoken(self, found: re.Match[str]) -> str:
        """What to say for one match."""
        return found.expand(self.say) if self.kind is MatchKind.REGEX else self.say


@dataclass(frozen=True)
class Lexicon:
    """Entries in priority order, compiled once; with `dates_and_codes`, dates and
    product codes no entry matched are said as a listener expects."""

    entries: tuple[LexiconEntry, ...] = ()
    dates_and_codes: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "_patterns", tuple(entry.compile() for entry in self.entries))
        object.__setattr__(self, "_needles", tuple(map(_needle, self._patterns)))  # type: ignore[attr-defined]
        object.__setattr__(self, "_by_language", {})

    def __add__(self, other: Lexicon) -> Lexicon:
        return Lexicon(self.entries + other.entries, self.dates_and_codes or other.dates_and_codes)

    def rewrite(
        self, text: str, source_start: int, builder: SpokenTextBuilder, language: str = "en"
    ) -> None:
        """Add `text` (section characters from `source_start`, written in `language`) to
        `builder`, rewritten."""
        changes = (
            SaidAs(found.start(), found.end(), entry.spoken(found))
            for found, entry in self._matches(text, language)
        )
        between = partial(say_as, builder=builder, language=language)
        builder.rewrite(text, source_start, changes, between if self.dates_and_codes else None)

    def say(self, text: str, language: str = "en") -> str:
        """The text as it is spoken, with no offsets kept (for announcements)."""
        builder = SpokenTextBuilder(0)
        self.rewrite(text, 0, builder, language)
        return builder.build().text

    def _applying(self, language: str) -> list[tuple[int, re.Pattern[str], str, bool]]:
        """The entries used in text of `language`, with their patterns and needles: worked
        out once per language, as every phrase spoken asks."""
        known: dict[str, list[tuple[int, re.Pattern[str], str, bool]]] = self._by_language  # type: ignore[attr-defined]
        if language not in known:
            patterns: tuple[re.Pattern[str], ...] = self._patterns  # type: ignore[attr-defined]
            needles: tuple[Needle, ...] = self._needles  # type: ignore[attr-defined]
            known[language] = [
                (index, patterns[index], *needles[index])
                for index, entry in enumerate(self.entries)
                if entry.applies_to(language)
            ]
        return known[language]

    def _matches(self, text: str, language: str) -> list[tuple[re.Match[str], LexiconEntry]]:
        """Non-overlapping matches, left to right, earliest entry first on a tie."""
        patterns: tuple[re.Pattern[str], ...] = self._patterns  # type: ignore[attr-defined]
        # Most text holds no entry's words: a look for each in it costs far less than a
        # search with the entry's pattern (a phrase at a time, that was most of planning's
        # time). Lower-cased text holds what a pattern ignoring case can match only when
        # no letter outside ASCII matches an ASCII one in it.
        plain = text.isascii() or not any(char in text for char in _ASCII_LOOKALIKES)
        lowered = text.lower() if plain else ""
        queue: list[tuple[int, int, re.Match[str]]] = []
        for index, pattern, needle, folded in self._applying(language):
            if needle and (plain or not folded) and needle not in (lowered if folded else text):
                continue
            found = pattern.search(text)
            if found:
                heapq.heappush(queue, (found.start(), index, found))
        chosen: list[tuple[re.Match[str], LexiconEntry]] = []
        position = 0
        while queue:
            start, index, found = heapq.heappop(queue)
            if start >= position and found.end() > found.start():
                chosen.append((found, self.entries[index]))
                position = found.end()
            # Look again for this entry after what has been taken (an empty match moves on).
            if start >= len(text):
                continue
            following = patterns[index].search(text, max(position, start + 1))
            if following:
                heapq.heappush(queue, (following.start(), index, following))
        return chosen


# The only characters outside ASCII that match ASCII letters when case is ignored (the
# dotted and dotless i, the Kelvin sign, the long s). In text without them, an ASCII
# word or string matches, in any case, only where it is in the lower-cased text.
_ASCII_LOOKALIKES = "\u0130\u0131\u212a\u017f"


# What a text must hold for an entry to match it ('' when nothing is known), lower-cased
# when the entry ignores case.
Needle = tuple[str, bool]


def _needle(pattern: re.Pattern[str]) -> Needle:
    """The longest run of plain characters every match of an entry's pattern holds: the
    whole of a word or anywhere entry, the longest top-level literal of a regular
    expression ('/10' in '(\\d+)/10\\b'). Case ignored, only runs in ASCII count."""
    folded = bool(pattern.flags & re.IGNORECASE)
    runs = _literal_runs(pattern.pattern, pattern.flags)
    if folded:
        runs = [run.lower() for run in runs if run.isascii()]
    return max(runs, key=len, default=""), folded


def _literal_runs(pattern: str, flags: int) -> list[str]:
    """The characters a pattern matches as written, outside any branch, repeat, look-around
    or group that changes flags, in runs. Read with the re module's own parser, which is
    not public: a pattern it cannot read so has none (and is simply always searched)."""
    try:
        parser = importlib.import_module("re._parser")
        literal, group = parser.LITERAL, parser.SUBPATTERN
        items = parser.parse(pattern, flags)
    except Exception:  # the parser of another Python release: no shortcut, all is searched
        return []
    runs: list[str] = []
    run: list[str] = []

    def walk(items: Iterable[tuple[object, object]]) -> None:
        for op, value in items:
            if op is literal and isinstance(value, int):
                run.append(chr(value))
                continue
            runs.append("".join(run))
            run.clear()
            # A group's contents are matched in sequence too, unless it sets flags: (?i:x)
            if op is group and isinstance(value, tuple) and value[1:3] == (0, 0):
                walk(value[3])
                runs.append("".join(run))
                run.clear()

    walk(items)
    runs.append("".join(run))
    return runs


def load_lexicon(path: Path) -> Lexicon:
    """Read a lexicon file; raises TomlError naming the file and line of any mistake."""
    document = read_toml(path)
    language = _language(document)
    entries: list[LexiconEntry] = []
    for table in document.data:
        if table == "language":
            continue
        if table not in MatchKind.__members__.values():
            raise document.error(
                f"unknown table [[{table}]] (use [[word]], [[anywhere]] or [[regex]])", table
            )
    for kind in MatchKind:
        items = document.data.get(kind.value, [])
        if not isinstance(items, list):
            raise document.error(f"write [[{kind}]] (a list of entries), not [{kind}]", kind)
        entries.extend(
            replace(_entry(document, kind, index, item), language=language)
            for index, item in enumerate(items)
        )
    return Lexicon(tuple(entries), dates_and_codes=True)


def _language(document: TomlFile) -> str:
    """The file's `language = "en"`, '' when it has none."""
    language = document.data.get("language", "")
    if not isinstance(language, str) or (language and not _LANGUAGE_CODE.fullmatch(language)):
        raise document.error('language must be a language code such as "en"', key="language")
    return language


def _entry(document: TomlFile, kind: MatchKind, index: int, item: object) -> LexiconEntry:
    def fail(message: str, key: str = "") -> TomlError:
        return document.error(message, kind.value, index, key)

    if not isinstance(item, dict):
        raise fail("each entry needs match and say (or skip)")
    for key in item:
        if key not in _KEYS:
            raise fail(f"unknown key {key!r} (use match, say, skip, match_case)", key)
    match, say, skip = item.get("match"), item.get("say"), item.get("skip", False)
    if not isinstance(match, str) or not match:
        raise fail("match must be a non-empty string", "match")
    if (say is None) == (skip is not True):
        raise fail('give either say = "..." or skip = true', "say" if say is not None else "")
    if say is not None and not isinstance(say, str):
        raise fail("say must be a string", "say")
    match_case = item.get("match_case", False)
    if not isinstance(match_case, bool):
        raise fail("match_case must be true or false", "match_case")
    entry = LexiconEntry(kind, match, say or "", match_case)
    try:
        pattern = entry.compile()
        if kind is MatchKind.REGEX:
            pattern.sub(entry.say, "")  # checks \\1-style references against the groups
    except (re.error, IndexError) as error:
        raise fail(
            f"bad regular expression: {error}", "say" if "group" in str(error) else "match"
        ) from error
    return entry
