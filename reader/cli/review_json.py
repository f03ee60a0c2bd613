"""The documented JSON of one review, written straight from its document.

This is the definition of the review's JSON shape (the README documents it). The text is
exactly what `json.dumps(..., ensure_ascii=False, indent=2)` gives for the review nested
in `{"reviews": [...]}`, with C1 controls and DEL escaped (`terminal_safe`). It is written
here rather than by `json.dumps`, whose indenting encoder is pure Python and was most of
the time `reader outline --json` took over a large export.
"""

from __future__ import annotations

import re
from json.encoder import encode_basestring  # the C encoder when there is one
from math import isfinite, isnan

from reader.model import Document, MetadataField, Section, SectionKind
from reader.plan.skipping import spoken_section
from reader.text.sentences import count_sentences

# A review sits two levels deep, `{"reviews": [{...}]}`: its keys are indented six
# spaces, its closing brace four, and each level within adds two.
_KEY = "\n      "
_C1_AND_DEL = re.compile(r"[\x7f-\x9f]")
_KINDS = {kind: f'"{kind.value}"' for kind in SectionKind}


def review_json(document: Document, skip_spoilers: bool | None) -> str:
    """The review as JSON text; with `skip_spoilers` set, each `text` is what is spoken."""
    sections = document.sections
    if skip_spoilers is not None:
        language = document.language
        sections = tuple(spoken_section(s, skip_spoilers, language) for s in sections)
    skipped = "true" if skip_spoilers else "false"
    line = document.source.line
    rating = document.rating
    return terminal_safe(
        f"{{{_KEY}"
        f'"title": {encode_basestring(document.title)},{_KEY}'
        f'"source": {encode_basestring(document.source.path)},{_KEY}'
        f'"line": {"null" if line is None else line},{_KEY}'
        f'"metadata": {_metadata(document.metadata)},{_KEY}'
        f'"language": {encode_basestring(document.language)},{_KEY}'
        f'"rating": {_nested(None if rating is None else rating.as_json(document.language), _KEY)},'
        f'{_KEY}"contains_spoilers": {"true" if document.contains_spoilers else "false"},'
        f'{_KEY}"sections": {_list([_section(s, skipped) for s in sections], _KEY)},{_KEY}'
        f'"not_read": {_list([encode_basestring(text) for text in document.skipped], _KEY)}'
        "\n    }"
    )


def terminal_safe(json_text: str) -> str:
    """JSON escapes characters below 0x20 itself; the C1 controls it leaves raw (0x9b starts
    an escape sequence on some terminals), so they are escaped here, still valid JSON."""
    # Most text is ASCII without DEL, which is told at once, or has no C1 control at all.
    if (json_text.isascii() and "\x7f" not in json_text) or not _C1_AND_DEL.search(json_text):
        return json_text
    return _C1_AND_DEL.sub(lambda match: f"\\u{ord(match.group(0)):04x}", json_text)


def _section(section: Section, skipped: str) -> str:
    """A section, a list item in the review's `sections`."""
    key = _KEY + "    "
    spoiler_key = key + "    "
    spoilers = [
        f"{{{spoiler_key}"
        f'"start": {span.start},{spoiler_key}'
        f'"end": {span.end},{spoiler_key}'
        f'"words": {span.words},{spoiler_key}'
        f'"label": {"null" if span.label is None else encode_basestring(span.label)},{spoiler_key}'
        f'"skipped": {skipped}'
        f"{key}  }}"
        for span in section.spoilers
    ]
    return (
        f"{{{key}"
        f'"kind": {_KINDS[section.kind]},{key}'
        f'"heading": {encode_basestring(section.heading)},{key}'
        f'"level": {section.level},{key}'
        f'"words": {section.words},{key}'
        # len(section.sentences), counted without making (and caching) every span
        f'"sentences": {count_sentences(section.text)},{key}'
        f'"spoilers": {_list(spoilers, key)},{key}'
        f'"text": {encode_basestring(section.text)}'
        f"{_KEY}  }}"
    )


def _metadata(metadata: tuple[MetadataField, ...]) -> str:
    """Facts by label, list-like ones as lists; a repeated label keeps its first place and
    its last value, as a dict would."""
    return _nested({item.label: _listed(item.value) for item in metadata}, _KEY)


def _listed(value: str | tuple[str, ...]) -> str | list[str]:
    return value if isinstance(value, str) else list(value)


def _nested(value: object, indent: str) -> str:
    """A small value (a rating, the facts) as `json.dumps(indent=2)` writes it, its closing
    bracket at `indent`."""
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        key = indent + "  "
        items = [
            f"{key}{encode_basestring(name)}: {_nested(item, key)}" for name, item in value.items()
        ]
        return "{" + ",".join(items) + indent + "}"
    if isinstance(value, list):
        return _list([_nested(item, indent + "  ") for item in value], indent)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    assert isinstance(value, int | float)
    return _number(value)


def _list(items: list[str], indent: str) -> str:
    """JSON values as a list whose closing bracket is at `indent`."""
    if not items:
        return "[]"
    item = indent + "  "
    return "[" + item + ("," + item).join(items) + indent + "]"


def _number(value: float) -> str:
    """A number as `json` writes it: floats by repr, the non-finite ones by name."""
    if not isinstance(value, float):
        return int.__repr__(value)
    if isfinite(value):
        return float.__repr__(value)
    return "NaN" if isnan(value) else ("Infinity" if value > 0 else "-Infinity")
