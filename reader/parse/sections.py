"""Grouping blocks into sections: from headings and labels, inferred where there are none.

Besides headings, three kinds of paragraph steer the grouping: facts ('Genre: Drama')
gather into one metadata section, rating lines ('Overall Rating: 5/5') into a rating
section read in words, and section labels ('Synopsis: ...') open a section of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.model import MetadataField, Rating, SectionKind
from reader.parse.blocks import NOTES, Block, BlockKind
from reader.parse.labels import (
    heading_kind,
    is_list_label,
    is_metadata_label,
    split_label,
)
from reader.parse.ratings import closing_rating, has_score_char, rating_lines, rating_sentences
from reader.parse.sentinels import ends_inside_spoiler, has_sentinel, strip_sentinels
from reader.text.sentences import split_sentences
from reader.text.wording import word

INFERRED_LEVEL = 2

# What may follow a closing score ('10/10!!!', '4 out of 5 stars from me.') after it is
# stripped of these; and how far back from the end its last digit or star may lie: a score
# sentence's tail ('stars da parte mia', 'von 5 Sternen von mir') is far shorter.
_CLOSING_MARKS = " \t\n.!"
_SCORE_TAIL = 120


@dataclass
class Draft:
    """A section being assembled; `texts` are paragraphs that may hold sentinels."""

    kind: SectionKind
    heading: str
    level: int
    texts: list[str] = field(default_factory=list)
    inferred: bool = False
    closes_after_first: bool = False


@dataclass
class Layout:
    """What grouping found: sections in order, facts, and every rating line."""

    language: str = "en"
    drafts: list[Draft] = field(default_factory=list)
    facts: list[MetadataField] = field(default_factory=list)
    ratings: list[tuple[Rating, ...]] = field(default_factory=list)


def group_sections(blocks: list[Block], language: str = "en") -> Layout:
    """Sections in reading order; empty ones are dropped unless subsections follow.

    `language` is the review's own, in which rating lines are read ('9 de 10').
    """
    layout = Layout(language=language)
    stack: list[Draft] = []  # enclosing headings, for kind and spoiler inheritance
    current: Draft | None = None
    last = len(blocks) - 1
    for index, block in enumerate(blocks):
        if block.kind is BlockKind.FIELD:
            layout.facts.append(fact(block.label, block.text))
        elif block.kind is BlockKind.HEADING:
            current = _open_heading(block, stack, language)
            layout.drafts.append(current)
        elif index == last:
            current = _add_closing(block.text, current, layout)
        else:
            current = _add_paragraph(block.text, current, layout)
    layout.drafts = _without_empty(layout.drafts, layout.language)
    return layout


def fact(label: str, value: str) -> MetadataField:
    """A metadata field, splitting list-like values ('Genre: Romance, Family')."""
    label = label.strip().rstrip(":")
    if is_list_label(label):
        items = tuple(item.strip() for item in value.replace(" / ", ",").split(",") if item.strip())
        return MetadataField(label, items)
    return MetadataField(label, value.strip())


def _open_heading(block: Block, stack: list[Draft], language: str) -> Draft:
    while stack and stack[-1].level >= block.level:
        stack.pop()
    parent = stack[-1] if stack else None
    if block.label == NOTES:  # footnotes, which belong to no section before them
        draft = Draft(SectionKind.OTHER, word("Notes", language), block.level)
        stack.append(draft)
        return draft
    kind = heading_kind(block.text)
    if kind is None:
        kind = parent.kind if parent else SectionKind.OTHER
    draft = Draft(kind, block.text, block.level)
    stack.append(draft)
    return draft


def _add_paragraph(text: str, current: Draft | None, layout: Layout) -> Draft | None:
    # A score or fact inside a spoiler stays in the prose, where it can be hidden.
    plain = "" if has_sentinel(text) else text
    ratings = rating_lines(plain)
    if ratings is not None:
        return _add_ratings(ratings, current, layout)
    facts = _facts(plain)
    if facts:
        layout.facts.extend(facts)
        return current
    labelled = _labelled(text)
    if labelled is not None:
        kind, label, rest = labelled
        current = Draft(kind, label, INFERRED_LEVEL, closes_after_first=bool(rest))
        layout.drafts.append(current)
        if rest:
            current.texts.append(rest)
        return current
    if current is None or _ends_before_prose(current):
        current = _inferred(SectionKind.REVIEW, word("Review", layout.language), layout, current)
    current.texts.append(text)
    return current


def _add_ratings(ratings: tuple[Rating, ...], current: Draft | None, layout: Layout) -> Draft:
    layout.ratings.append(ratings)
    if current is None or current.kind is not SectionKind.RATING:
        current = _inferred(SectionKind.RATING, word("Rating", layout.language), layout, current)
    current.texts.append(rating_sentences(ratings, layout.language))
    return current


def _add_closing(text: str, current: Draft | None, layout: Layout) -> Draft | None:
    """The review's last paragraph, whose last sentence may be its score ('I give it 4/5.',
    or Steam's '... Crazy addicting game. 10/10')."""
    hidden = has_sentinel(text) or (current is not None and ends_inside_spoiler(current.texts))
    # Sentences are split only if the last one could be a score: splitting costs more
    # than all the rest of the paragraph's parsing. A score sentence is short and ends
    # near its score, so its digit or star is among the paragraph's last characters.
    tail = text.rstrip(_CLOSING_MARKS)[-_SCORE_TAIL:]
    scored = not hidden and has_score_char(tail) and rating_lines(text) is None
    sentences = split_sentences(text) if scored else ()
    last = sentences[-1].start if sentences else len(text)
    rating = closing_rating(text[last:]) if sentences else None
    if rating is None:
        return _add_paragraph(text, current, layout)
    if text[:last].strip():
        current = _add_paragraph(text[:last].rstrip(), current, layout)
    return _add_ratings((rating,), current, layout)


def _ends_before_prose(draft: Draft) -> bool:
    """'Synopsis: text' holds one paragraph; a rating line found in prose holds none."""
    if draft.closes_after_first:
        return bool(draft.texts)
    return draft.inferred and draft.kind is SectionKind.RATING


def _inferred(kind: SectionKind, heading: str, layout: Layout, after: Draft | None) -> Draft:
    level = after.level if after is not None else INFERRED_LEVEL
    draft = Draft(kind, heading, max(level, INFERRED_LEVEL), inferred=True)
    layout.drafts.append(draft)
    return draft


def _facts(text: str) -> list[MetadataField]:
    """Facts if every line of the paragraph is 'Label: value' with a metadata label."""
    if ":" not in text:  # no label, as in nearly all prose: nothing to split
        return []
    pairs = [split_label(line) for line in text.splitlines() if line.strip()]
    if not pairs or any(pair is None or not is_metadata_label(pair[0]) for pair in pairs):
        return []
    return [fact(label, value) for label, value in (pair for pair in pairs if pair) if value]


def _labelled(text: str) -> tuple[SectionKind, str, str] | None:
    """'Synopsis: text' opens a synopsis section; so does a lone 'Synopsis:' line."""
    pair = split_label(text)
    if pair is None or "\n" in pair[0]:
        return None
    kind = heading_kind(pair[0], exact=True)
    if kind is None or kind in (SectionKind.METADATA, SectionKind.RATING):
        return None
    return kind, pair[0], pair[1]


def _without_empty(drafts: list[Draft], language: str) -> list[Draft]:
    kept: list[Draft] = []
    for index, draft in enumerate(drafts):
        following = drafts[index + 1] if index + 1 < len(drafts) else None
        if _has_text(draft) or (following is not None and following.level > draft.level):
            kept.append(draft)
    if any(_has_text(draft) and draft.kind not in _NOT_PROSE for draft in kept):
        return kept
    # Nothing but headings: 'EXTREMELY MID' alone is the review, not a heading over nothing.
    headings = [draft.heading for draft in drafts if not _has_text(draft)]
    if not headings:
        return kept
    heading = word("Review", language)
    review = Draft(SectionKind.REVIEW, heading, INFERRED_LEVEL, ["\n\n".join(headings)], True)
    return [review, *(draft for draft in kept if _has_text(draft))]


_NOT_PROSE = frozenset((SectionKind.RATING, SectionKind.METADATA))


def _has_text(draft: Draft) -> bool:
    return any(strip_sentinels(text).strip() for text in draft.texts)
