"""What reader says to confirm an action: short, informative, the same in every front end.

Each phrase starts with what changed and ends with the detail a listener needs, so it
can be cut short by the next key press without losing the point. Terse keeps a word or
two of it; verbose adds counts and positions.
"""

from __future__ import annotations

from reader.model import Document, Position, Rating
from reader.plan.cues import Verbosity
from reader.plan.navigation import Where, characters_read
from reader.text.phrasing import as_sentence, before_comma
from reader.text.wording import word


def plural(count: int, noun: str) -> str:
    """'1 word', '412 words'."""
    return f"{count} {noun}" + ("" if count == 1 else "s")


def section_phrase(
    document: Document, index: int, skip_spoilers: bool, verbosity: Verbosity = Verbosity.NORMAL
) -> str:
    """'Section 3 of 4, Review, 412 words', noting hidden spoilers; terse, 'Review'."""
    section = document.sections[index]
    if verbosity is Verbosity.TERSE:
        return section.heading
    phrase = (
        f"Section {index + 1} of {len(document.sections)}, {section.heading}, "
        f"{plural(section.words, 'word')}"
    )
    if section.spoilers:
        state = "hidden" if skip_spoilers else "shown"
        phrase += f", {plural(len(section.spoilers), 'spoiler')} {state}"
    if verbosity is Verbosity.VERBOSE:
        done, total = characters_read(document, Position(index))
        phrase += f", starting {100 * done // total} percent in"
    return phrase


def skim_entry_phrase(document: Document, index: int, verbosity: Verbosity) -> str:
    """A skim's section, which is a review: 'Review 2 of 25, Piranesi, rated 4 out of 5';
    terse, its title and rating. The verdict's length is left out: it is one sentence."""
    heading = document.sections[index].heading
    if verbosity is Verbosity.TERSE:
        return heading
    return f"Review {index + 1} of {len(document.sections)}, {heading}"


def no_more_phrase(what: str, forward: bool) -> str:
    """'No next section', 'No previous sentence'."""
    return f"No {'next' if forward else 'previous'} {what}"


def no_section_phrase(number: int, document: Document) -> str:
    """'No section 9; this review has 4 sections'."""
    return f"No section {number}; this review has {plural(len(document.sections), 'section')}"


def rate_phrase(before: int, after: int, verbosity: Verbosity = Verbosity.NORMAL) -> str:
    """'Faster, 300 words per minute', or 'Fastest' when the limit stops the change;
    terse, 'Faster, 300'."""
    unit = "" if verbosity is Verbosity.TERSE else " words per minute"
    if after == before:
        limit = "Fastest" if after > 175 else "Slowest"
        return f"{limit}, {after}" if not unit else f"{limit} pace, {after}{unit}"
    return f"{'Faster' if after > before else 'Slower'}, {after}{unit}"


def spoilers_phrase(skip: bool, verbosity: Verbosity = Verbosity.NORMAL) -> str:
    """The new spoiler mode."""
    if verbosity is Verbosity.TERSE:
        return "Skipping spoilers" if skip else "Reading spoilers"
    return "Spoilers will be skipped" if skip else "Spoilers will be read"


def verbosity_phrase(verbosity: Verbosity) -> str:
    """The new verbosity, said in its own style."""
    return {
        Verbosity.TERSE: "Terse",
        Verbosity.NORMAL: "Normal verbosity",
        Verbosity.VERBOSE: "Verbose: counts and positions too",
    }[verbosity]


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


def where_phrase(
    document: Document,
    where: Where,
    titled: bool = True,
    verbosity: Verbosity = Verbosity.NORMAL,
    unit: str = "Section",
) -> str:
    """'Parasite. Section 2 of 4, Review, sentence 3 of 12, 35 percent.'; terse, 'Section
    2, sentence 3, 35 percent'; verbose adds the words left. A skim's sections are
    reviews: its `unit` is 'Review'."""
    if verbosity is Verbosity.TERSE:
        sentence = f"sentence {where.sentence}" if where.sentence else "heading"
        return f"{unit} {where.section}, {sentence}, {where.percent} percent"
    sentence = (
        f"sentence {where.sentence} of {where.sentences}" if where.sentence else "at the heading"
    )
    place = (
        f"{unit} {where.section} of {where.sections}, {where.heading}, "
        f"{sentence}, {where.percent} percent"
    )
    if verbosity is Verbosity.VERBOSE:
        left = document.words * (100 - where.percent) // 100
        place += f", about {plural(left, 'word')} left"
    return f"{as_sentence(document.title or 'Untitled review')} {place}" if titled else place


def review_phrase(
    document: Document, number: int, count: int, verbosity: Verbosity = Verbosity.NORMAL
) -> str:
    """'Review 2 of 11, Parasite, rated 5 out of 5, 830 words'; terse, '2 of 11, Parasite'."""
    if verbosity is Verbosity.TERSE:
        return f"{number} of {count}, {document.title or 'Untitled review'}"
    return f"Review {number} of {count}, {about_review(document)}"


def next_review_phrase(document: Document, verbosity: Verbosity = Verbosity.NORMAL) -> str:
    """'Next review: 1 Litre of Tears, rated 5 out of 5, 830 words' (the queue, hands-free);
    terse, 'Next: 1 Litre of Tears'."""
    if verbosity is Verbosity.TERSE:
        return f"Next: {document.title or 'Untitled review'}"
    return f"Next review: {about_review(document)}"


def about_review(document: Document) -> str:
    """'Parasite, rated 5 out of 5, 830 words'."""
    parts = [before_comma(document.title or "Untitled review")]
    if document.rating is not None:
        parts.append(f"rated {document.rating.spoken}")
    parts.append(plural(document.words, "word"))
    return ", ".join(parts)
