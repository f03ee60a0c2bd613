"""From a raw review to a document: the parser's one entry point, `parse_review`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import PurePath

from reader.model import Document, Markup, MetadataField, Rating, Review, Section, SectionKind
from reader.parse.blocks import Block, BlockKind, paragraph
from reader.parse.fragments import fragment_blocks
from reader.parse.markdown import markdown_blocks
from reader.parse.notes import hidden_notes
from reader.parse.plaintext import text_blocks
from reader.parse.ratings import overall_rating, rating_sentences
from reader.parse.sections import INFERRED_LEVEL, Draft, group_sections
from reader.parse.sentinels import CLOSE, OPEN, extract_spans, hide_spoilers, join_paragraphs
from reader.parse.spoilers import mark_text, mark_warnings, take_review_flag
from reader.text.cleaning import (
    clean_line,
    clean_text,
    decode_entities,
    normalise_space,
    shorten_urls,
)
from reader.text.language import SAMPLE, detect_language
from reader.text.wording import OWN_VALUES, word


def _marked(blocks: list[Block]) -> list[Block]:
    """HTML spoilers arrive as BBCode tags in the text; they become sentinels here."""
    return [_retexted(b, mark_text(b.text)) if b.kind is BlockKind.PARAGRAPH else b for b in blocks]


def _retexted(block: Block, text: str) -> Block:
    """A paragraph block with `text`: the block itself when the text is unchanged, as it
    nearly always is (making a new block costs more than comparing)."""
    return block if text == block.text else paragraph(text)


_BLOCKS_BY_MARKUP: dict[Markup, Callable[[str], list[Block]]] = {
    Markup.TEXT: lambda text: text_blocks(mark_text(decode_entities(text))),
    Markup.MARKDOWN: markdown_blocks,
    Markup.HTML_FRAGMENT: lambda html: _marked(fragment_blocks(html)),
}
# Whole-review spoiler flags cover the reviewer's own words, not facts, scores or the plot
# summary a reader chose to hear.
_FLAGGED_KINDS = frozenset((SectionKind.REVIEW, SectionKind.OTHER))


def parse_review(review: Review) -> Document:
    """Split a review into headed sections with sentences, spoilers and a rating."""
    raw, page_rating = _blocks(review.markup, clean_text(review.body))
    blocks = [block for block in map(_tidy, raw) if block.text.strip()]
    title, blocks = _take_title(review, blocks)
    blocks, flagged = take_review_flag(blocks)
    language = detect_language(_language_sample(blocks), review.language_hint)
    blocks = mark_warnings(blocks)
    if review.markup is Markup.MARKDOWN:  # the only markup with footnotes
        blocks = hidden_notes(blocks)
    layout = group_sections(blocks, language)
    metadata = _merged(review.metadata, layout.facts)
    overall = next(filter(None, (overall_rating(lines) for lines in layout.ratings)), None)
    # The score a page's structured data gives counts only when the body states none.
    rating = review.rating or overall or (None if layout.ratings else page_rating)
    drafts = _with_metadata(layout.drafts, metadata, language)
    if rating is not None and not layout.ratings:
        said = rating_sentences((rating, *rating.parts), language)
        drafts.append(Draft(SectionKind.RATING, word("Rating", language), INFERRED_LEVEL, [said]))
    sections = [_section(draft) for draft in drafts]
    contains_spoilers = review.contains_spoilers or flagged
    if contains_spoilers and not any(section.spoilers for section in sections):
        sections = [_section(draft, whole=draft.kind in _FLAGGED_KINDS) for draft in drafts]
    return Document(
        title=title,
        source=review.source,
        sections=tuple(sections),
        metadata=metadata,
        rating=rating,
        contains_spoilers=contains_spoilers or any(section.spoilers for section in sections),
        language=language,
        skipped=review.skipped,
    )


def _blocks(markup: Markup, body: str) -> tuple[list[Block], Rating | None]:
    """The body's blocks; and a saved page's score from its structured data, which is
    said like a source's rating, in the words of the review's language."""
    if markup is Markup.HTML_PAGE:
        from reader.parse.html import page_content  # lxml: 15 ms, only for a web page

        page = page_content(body)
        return _marked(page.blocks), page.rating
    return _BLOCKS_BY_MARKUP[markup](body), None


def _language_sample(blocks: list[Block]) -> str:
    """The review's prose joined, as far as language detection reads it: a long review's
    first paragraphs, not a copy of all of it."""
    parts: list[str] = []
    size = 0
    for block in blocks:
        if block.kind is BlockKind.PARAGRAPH:
            parts.append(block.text)
            size += len(block.text) + 1  # and the space that joins it to the next
            if size > SAMPLE:
                break
    return " ".join(parts)


def _tidy(block: Block) -> Block:
    text = normalise_space(shorten_urls(block.text))
    if block.kind is BlockKind.PARAGRAPH:
        return _retexted(block, text)
    return Block(block.kind, " ".join(text.split()), block.level, block.label)


def _take_title(review: Review, blocks: list[Block]) -> tuple[str, list[Block]]:
    """The loader's title, else a leading top-level heading, else the file name."""
    first = blocks[0] if blocks else None
    leading = first is not None and first.kind is BlockKind.HEADING and first.level == 1
    if review.title:
        title = hide_spoilers(mark_text(clean_line(review.title)))
        if leading and first is not None and first.text.casefold() == title.casefold():
            return title, blocks[1:]
        return title, blocks
    if leading and first is not None:
        return hide_spoilers(first.text), blocks[1:]
    return _title_from_path(review.source.path), blocks


def _title_from_path(path: str) -> str:
    if path == "-":
        return "Untitled review"
    stem = clean_line(PurePath(path).stem.replace("_", " ").replace("-", " "))
    return stem[:1].upper() + stem[1:] if stem else "Untitled review"


def _merged(
    given: Iterable[MetadataField], found: Iterable[MetadataField]
) -> tuple[MetadataField, ...]:
    """The source's own facts first, cleaned like any text; found ones add only new labels."""
    merged: dict[str, MetadataField] = {}
    for item in (*given, *found):
        label = clean_line(item.label)
        if isinstance(item.value, str):
            value: str | tuple[str, ...] = clean_line(item.value)
        else:
            value = tuple(filter(None, map(clean_line, item.value)))
        if label and value:
            merged.setdefault(label.casefold(), MetadataField(label, value))
    return tuple(merged.values())


def _with_metadata(
    drafts: list[Draft], metadata: tuple[MetadataField, ...], language: str
) -> list[Draft]:
    """Facts are read first, in a 'Details' section (or the source's own metadata heading)."""
    if not metadata:
        return drafts
    lines = "\n".join(_fact_sentence(item, language) for item in metadata)
    existing = next((draft for draft in drafts if draft.kind is SectionKind.METADATA), None)
    if existing is not None:
        existing.texts.insert(0, lines)
        return drafts
    details = Draft(SectionKind.METADATA, word("Details", language), INFERRED_LEVEL, [lines])
    return [details, *drafts]


def _fact_sentence(item: MetadataField, language: str) -> str:
    """'Watched: 2024-02-09.'; in a German review 'Gesehen: 2024-02-09.': the labels reader
    gives a source's fields are its own words, said in the review's language (the
    document's metadata keeps them in English, as `--json` and audiobook tags name them);
    so are the values reader gives, such as a rewatch's 'yes', but not a source's own."""
    value = word(item.display, language) if item.display in OWN_VALUES else item.display
    return f"{word(item.label, language)}: {value}" + (
        "" if value.endswith((".", "!", "?")) else "."
    )


def _section(draft: Draft, whole: bool = False) -> Section:
    text = join_paragraphs(draft.texts)
    if whole:
        text = f"{OPEN}{text}{CLOSE}"
    extracted = extract_spans(text)
    return Section(
        kind=draft.kind,
        heading=hide_spoilers(draft.heading),
        level=draft.level,
        text=extracted.text,
        spoilers=extracted.spoilers,
    )
