"""Plain-text reviews, such as a blog post saved as text.

The first line is the title (without a picture tail like 'Banner'); picture captions left
behind by scraping, and a tag line after the rating, are set aside rather than read.
"""

from reader.loaders.problems import Loaded
from reader.model import Markup, Review, Source
from reader.parse.captions import (
    clean_title,
    is_caption,
    is_sentence_like,
    looks_like_title,
    proper_names,
)
from reader.parse.ratings import rating_lines
from reader.parse.sentinels import has_sentinel
from reader.parse.spoilers import mark_text
from reader.text.cleaning import clean_text
from reader.text.sentences import paragraph_texts


def load_text(text: str, path: str) -> Loaded:
    """One review from plain text."""
    paragraphs = paragraph_texts(clean_text(text))
    title = ""
    first = paragraphs[0] if paragraphs else ""
    if len(paragraphs) > 1 and looks_like_title(first) and not _has_spoiler_markup(first):
        title = clean_title(paragraphs.pop(0))
    kept, skipped = _without_captions(paragraphs, title)
    kept, tags = _without_tag_lines(kept)
    review = Review(
        source=Source(path),
        body="\n\n".join(kept),
        markup=Markup.TEXT,
        title=title,
        skipped=tuple(skipped + tags),
    )
    return Loaded([review])


def _without_captions(paragraphs: list[str], title: str) -> tuple[list[str], list[str]]:
    names = proper_names([text for text in paragraphs if is_sentence_like(text)])
    kept: list[str] = []
    skipped: list[str] = []
    for text in paragraphs:
        caption = is_caption(text, title, names) and not _has_spoiler_markup(text)
        (skipped if caption else kept).append(text)
    return kept, skipped


def _has_spoiler_markup(text: str) -> bool:
    # Such lines stay in the body: as a title or a line set aside, they would show unhidden.
    return has_sentinel(mark_text(text))


def _without_tag_lines(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """Short unpunctuated lines after the closing rating are the blog's tags."""
    last_rating = max(
        (index for index, text in enumerate(paragraphs) if rating_lines(text)), default=None
    )
    if last_rating is None:
        return paragraphs, []
    tail = paragraphs[last_rating + 1 :]
    if tail and all(_is_tag_line(text) for text in tail):
        return paragraphs[: last_rating + 1], tail
    return paragraphs, []


def _is_tag_line(text: str) -> bool:
    return "\n" not in text and len(text.split()) <= 12 and not is_sentence_like(text)
