"""`reader text`: exactly what would be spoken, as lines (or, with --json, the review's
JSON with each section's text as spoken).

It follows the saved spoiler mode and the saved voice's pronunciation lexicon, as `say`
does. The planner is imported here, not by `reader outline`, which has no use for it.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from functools import partial

from reader.cli.command import Command
from reader.cli.documents import add_paths_and_json, print_each, print_json, print_lines
from reader.cli.options import add_spoiler_options, add_verbosity_option, run_settings
from reader.cli.problems import say_problem
from reader.model import Document, Position
from reader.plan.cues import Verbosity
from reader.plan.lexicon import Lexicon
from reader.plan.planner import Break, Part, PlanSettings, plan_utterances
from reader.storage.settings import Settings


def text_lines(
    document: Document,
    skip_spoilers: bool,
    lexicon: Lexicon | None = None,
    verbosity: Verbosity = Verbosity.NORMAL,
) -> Iterator[str]:
    """Exactly what is said: the title, then each heading on its own line followed by
    its paragraphs as the planner speaks them (spoilers announced, jargon spelled out).
    Cues are in words: text cannot hold a sound."""
    settings = PlanSettings(skip_spoilers, lexicon or Lexicon(), verbosity)
    # The title and headings as said, without the full stop and cue words speech adds.
    said = partial(settings.lexicon.say, language=document.language)
    yield said(document.title)
    paragraph: list[str] = []
    for utterance in plan_utterances(document, Position(), settings):
        if utterance.part is Part.TITLE:
            continue
        if utterance.part is Part.HEADING:
            yield ""
            yield said(document.sections[utterance.section].heading)
            continue
        paragraph.append(utterance.text)
        if utterance.pause is Break.PARAGRAPH:
            yield " ".join(paragraph)
            yield ""  # paragraphs apart, as written
            paragraph = []
        elif utterance.pause is Break.SECTION:
            yield " ".join(paragraph)
            paragraph = []


def show_text(
    documents: Iterable[Document],
    skip_spoilers: bool,
    lexicon: Lexicon | None = None,
    verbosity: Verbosity = Verbosity.NORMAL,
) -> None:
    """Print what is spoken of each document, a blank line between them."""
    print_each(documents, lambda document: text_lines(document, skip_spoilers, lexicon, verbosity))


def _add_options(parser: argparse.ArgumentParser) -> None:
    add_paths_and_json(parser)
    add_spoiler_options(parser)
    add_verbosity_option(parser)


def _text(options: argparse.Namespace) -> int:
    settings = run_settings(options)
    if options.json:
        return print_json(options.paths, skip_spoilers=settings.skip_spoilers)
    lexicon, verbosity = _lexicon(settings), settings.spoken_verbosity
    return print_lines(
        options.paths,
        lambda document: text_lines(document, settings.skip_spoilers, lexicon, verbosity),
    )


def _lexicon(settings: Settings) -> Lexicon | None:
    """The saved voice's pronunciation; a broken profile is reported and the text shown
    as written."""
    from reader.speech.choice import VoiceChoiceError, spoken_profile

    try:
        return spoken_profile(settings.voice or None).lexicon
    except VoiceChoiceError as error:
        say_problem(str(error))
        return None


COMMANDS = {
    "text": Command("Show exactly what would be spoken, section by section.", _text, _add_options),
}
