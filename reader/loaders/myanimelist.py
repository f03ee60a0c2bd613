"""MyAnimeList list exports (XML, anime or manga): entries with the user's comments are
read, scored out of 10 (0 means unscored); the rest are counted in a note.

Entries are read with expat so each keeps the line it starts on, and a file cut short
keeps the entries before the break.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.parsers import expat

from reader.loaders.csvrows import unreviewed_note
from reader.loaders.fields import facts, number
from reader.loaders.problems import Loaded, LoadError, NoReviews, Problem, Severity
from reader.model import Markup, Rating, Review, Source

ROOT = "<myanimelist"
_FEED = re.compile(r"<(rss|feed|rdf:RDF)[\s>]")
_ENTRIES = frozenset(("anime", "manga"))


@dataclass
class _Entry:
    """One <anime> or <manga> element: its kind, line, and its children's text."""

    kind: str
    line: int
    fields: dict[str, str] = field(default_factory=dict)

    def get(self, *names: str) -> str:
        return next((self.fields[name].strip() for name in names if name in self.fields), "")


def load_myanimelist(text: str, path: str) -> Loaded:
    """Reviews (the 'my_comments' of entries) from a MyAnimeList export."""
    head = text[:4096]
    if ROOT not in head:
        if _FEED.search(head):  # a review blog's feed: its posts are addresses to queue
            raise NoReviews("feed", "is an RSS or Atom feed; add its posts with 'reader queue add'")
        raise LoadError("is not a MyAnimeList list export (no <myanimelist> element)")
    loaded = Loaded()
    entries = _entries(text, path, loaded.problems)
    unreviewed = 0
    for entry in entries:
        if entry.get("my_comments"):
            loaded.reviews.append(_review(entry, path))
        else:
            unreviewed += 1
    if unreviewed:
        loaded.problems.append(unreviewed_note(path, unreviewed, "entry", "entries"))
    return loaded


def _entries(text: str, path: str, problems: list[Problem]) -> list[_Entry]:
    parser = expat.ParserCreate()
    entries: list[_Entry] = []
    current: list[_Entry] = []
    name = ""
    chunks: list[str] = []

    def start(tag: str, _attributes: dict[str, str]) -> None:
        nonlocal name
        if tag in _ENTRIES:
            current[:] = [_Entry(tag, parser.CurrentLineNumber)]
        name = tag
        chunks.clear()

    def end(tag: str) -> None:
        if tag in _ENTRIES and current:
            entries.append(current.pop())
        elif current and tag == name:
            current[0].fields[tag] = "".join(chunks)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chunks.append
    try:
        parser.Parse(text, True)
    except expat.ExpatError as error:
        kept = f"; the {len(entries)} entries before it were read" if entries else ""
        severity = Severity.WARNING if entries else Severity.ERROR
        message = f"XML breaks off here ({expat.ErrorString(error.code)}){kept}"
        problems.append(Problem(path, message, error.lineno, severity))
    return entries


def _review(entry: _Entry, path: str) -> Review:
    score = number(entry.get("my_score"))
    anime = entry.kind == "anime"
    return Review(
        source=Source(path, entry.line),
        body=entry.get("my_comments"),
        markup=Markup.TEXT,
        title=entry.get("series_title", "manga_title") or f"Untitled {entry.kind}",
        metadata=facts(
            ("Type", entry.get("series_type")),
            ("Status", entry.get("my_status")),
            ("Episodes watched", entry.get("my_watched_episodes") if anime else ""),
            ("Chapters read", entry.get("my_read_chapters")),
            ("Tags", entry.get("my_tags")),
        ),
        rating=Rating(score, 10.0, "Score") if score and 0 < score <= 10 else None,
    )
