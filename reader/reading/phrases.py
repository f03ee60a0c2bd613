"""What reader says to confirm an action: short, informative, the same in every front end.

Each phrase starts with what changed and ends with the detail a listener needs, so it
can be cut short by the next key press without losing the point.
"""

from __future__ import annotations

from reader.model import Document, Rating
from reader.plan.navigation import Where
from reader.text.wording import word


def plural(count: int, noun: str) -> str:
    """'1 word', '412 words'."""
    return f"{count} {noun}" + ("" if count == 1 else "s")


def section_phrase(document: Document, index: int, skip_spoilers: bool) -> str:
    """'Section 3 of 4, Review, 412 words', noting hidden spoilers."""
    section = document.sections[index]
    phrase = (
        f"Section {index + 1} of {len(document.sections)}, {section.heading}, "
        f"{plural(section.words, 'word')}"
    )
    if section.spoilers:
        state = "hidden" if skip_spoilers else "shown"
        phrase += f", {plural(len(section.spoilers), 'spoiler')} {state}"
    return phrase


def no_more_phrase(what: str, forward: bool) -> str:
    """'No next section', 'No previous sentence'."""
    return f"No {'next' if forward else 'previous'} {what}"


def no_section_phrase(number: int, document: Document) -> str:
    """'No section 9; this review has 4 sections'."""
    return f"No section {number}; this review has {plural(len(document.sections), 'section')}"


def rate_phrase(before: int, after: int) -> str:
    """'Faster, 300 words per minute', or 'Fastest' when the limit stops the change."""
    if after == before:
        limit = "Fastest" if after > 175 else "Slowest"
        return f"{limit} pace, {after} words per minute"
    return f"{'Faster' if after > before else 'Slower'}, {after} words per minute"


def spoilers_phrase(skip: bool) -> str:
    """The new spoiler mode."""
    return "Spoilers will be skipped" if skip else "Spoilers will be read"


def rating_phrase(document: Document) -> str:
    """'Overall rating: 8.5 out of 10. Story: 9 out of 10.' or that there is none.

    The scores are said as the review says them, in its language ('Mi puntuación: 4 de 5.').
    """
    rating = document.rating
    if rating is None:
        return "This review has no rating"
    language = document.language
    return " ".join(
        f"{_label(part, language)}: {part.spoken_in(language)}." for part in (rating, *rating.parts)
    )


def _label(rating: Rating, language: str) -> str:
    """'Acting/Cast' is said 'Acting and Cast', not 'Acting slash Cast'."""
    label = word(rating.label, language).replace("/", " and ")
    return label[:1].upper() + label[1:]


def where_phrase(document: Document, where: Where, titled: bool = True) -> str:
    """'Parasite. Section 2 of 4, Review, sentence 3 of 12, 35 percent.'"""
    sentence = (
        f"sentence {where.sentence} of {where.sentences}" if where.sentence else "at the heading"
    )
    place = (
        f"Section {where.section} of {where.sections}, {where.heading}, "
        f"{sentence}, {where.percent} percent"
    )
    return f"{document.title or 'Untitled review'}. {place}" if titled else place


def review_phrase(document: Document, number: int, count: int) -> str:
    """'Review 2 of 11, Parasite, rated 5 out of 5, 830 words'."""
    return f"Review {number} of {count}, {about_review(document)}"


def next_review_phrase(document: Document) -> str:
    """'Next review: 1 Litre of Tears, rated 5 out of 5, 830 words' (the queue, hands-free)."""
    return f"Next review: {about_review(document)}"


def about_review(document: Document) -> str:
    """'Parasite, rated 5 out of 5, 830 words'."""
    parts = [document.title or "Untitled review"]
    if document.rating is not None:
        parts.append(f"rated {document.rating.spoken}")
    parts.append(plural(document.words, "word"))
    return ", ".join(parts)
