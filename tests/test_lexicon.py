"""Pronunciation lexicons: the shipped review lexicon, entry kinds, priority, load errors."""

from __future__ import annotations

import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from helpers import ROOT, espeak_phonemes
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reader.plan.lexicon import Lexicon, LexiconEntry, MatchKind, load_lexicon
from reader.plan.spoken_text import Replacement, SpokenText, SpokenTextBuilder
from reader.storage.tomlfile import TomlError

REVIEWS = ROOT / "voices" / "lexicons" / "reviews.toml"


@cache
def reviews() -> Lexicon:
    """The shipped review lexicon, loaded once."""
    return load_lexicon(REVIEWS)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("The OST is lovely.", "The O S T is lovely."),
        ("the ost is lovely", "the ost is lovely"),  # OST matches its case only
        ("Two OSTs.", "Two O S Ts."),
        ("POST", "POST"),
        ("My first K-drama", "My first K drama"),
        ("k-drama", "K drama"),
        ("K-dramas and J-dramas", "K dramas and J dramas"),
        ("a J-dorama", "a J dorama"),
        ("1 Litre of Tears Jdorama", "1 Litre of Tears J dorama"),
        ("a C-drama rom-com", "a C drama rom com"),
        ("MDL and MAL", "MyDramaList and MyAnimeList"),
        ("BL drama", "B L drama"),
        ("ep. 5", "episode 5"),
        ("Ep 12", "episode 12"),
        ("ep12", "episode 12"),
        ("Ep. 3 was slow.", "episode 3 was slow."),
        ("eps. 3-4", "episodes 3 to 4"),
        # A K-drama's episode of 16, a manga's chapter of 120 (eSpeak: 'eight slash sixteen').
        ("Ep 8/16 was the best", "episode 8 of 16 was the best"),
        ("By Episode 12/16: the twist", "By episode 12 of 16: the twist"),
        ("ep 8/10", "episode 8 of 10"),
        ("Ch. 45/120 and vol 2/3", "chapter 45 of 120 and volume 2 of 3"),
        ("Part 2/3 of the series", "part 2 of 3 of the series"),
        ("on 8/16/2020 ep 3", "on 16 August 2020 episode 3"),
        ("eps 3 – 4", "episodes 3 to 4"),
        ("the best ep. of all", "the best episode of all"),
        ("two eps. of it", "two episodes of it"),
        ("S2", "season 2"),
        ("the S2 finale.", "the season 2 finale."),
        ("s2", "s2"),  # capitals only
        ("S2E10", "season 2 episode 10"),
        ("S123", "S123"),
        ("5/5", "5 out of 5"),
        ("Rated 8/10.", "Rated 8 out of 10."),
        ("9.5/10", "9.5 out of 10"),
        ("2 / 10", "2 out of 10"),
        ("15/20 and 80/100", "15 out of 20 and 80 out of 100"),
        ("1/2", "1/2"),  # not a score scale; a fraction only before 'of'
        ("7/8 of it", "7 eighths of it"),
        # Dates are no scores: the file leaves them to the dates said as words (say_as).
        ("on 24/11/2026", "on 24 November 2026"),
        ("12/12/2020", "12 December 2020"),
        ("24/11", "24/11"),
        ("3/5/7", "3/5/7"),
        ("one step. 5 more", "one step. 5 more"),
        ("keep 5", "keep 5"),
        ("tbh", "to be honest"),
        ("Tbh, it drags.", "to be honest, it drags."),
        ("imo.", "in my opinion."),
        ("imho", "in my humble opinion"),
        ("w/ friends", "with friends"),
        ("w/o subs", "without subs"),
        ("vs. them", "versus them"),
        ("vs them", "versus them"),
        ("3½ stars", "3 and a half stars"),
        ("Vol. 2, vols. 1-3, ch. 12", "volume 2, volumes 1 to 3, chapter 12"),
        ("Symphony No. 5, a No.1 fan", "Symphony number 5, a number 1 fan"),
        ("an A+ film, B- at best, C+.", "an A-plus film, B-minus at best, C-plus."),
        ("the A-team, a B+C", "the A-team, a B+C"),
        ("I LOVED IT, Stephen King's IT", "I LOVED it, Stephen King's it"),
        ("the OP and EDs slap", "the O P and E Ds slap"),
        (
            "idk, ngl it slaps irl btw",
            "I don't know, not gonna lie it slaps in real life by the way",
        ),
        ("IDK why ppl hate it, ikr", "I don't know why people hate it, I know, right"),
        (
            "thx, watch it rn bc ur gonna cry fr",
            "thanks, watch it right now because your gonna cry for real",
        ),
        ("THX sound, an RN, 300 BC, Ur", "THX sound, an RN, 300 BC, Ur"),
        ("b/c it is", "because it is"),
        ("a 50/50 chance, open 24/7", "a 50 50 chance, open 24 7"),
        ("tl;dr: see it. TL; DR,", "T L D R: see it. T L D R,"),
        ("funny af, so good af. Hilma af Klint", "funny AF, so good AF. Hilma af Klint"),
        ("the MC is OP, both MCs", "the M C is O P, both M Cs"),
        (
            "Past Lives (dir. Celine Song), Dir. by Bong",
            "Past Lives (directed by Celine Song), directed by Bong",
        ),
        ("the dir. cut", "the dir. cut"),  # not before a name
        ("a 25 y/o man, a 30y/o, and/or", "a 25 year old man, a 30 year old, and or"),
        ("a WWII film after WW1", "a World War 2 film after World War 1"),
        (
            "1080p, 720p, 1440p at 144Hz, a GOTY",
            "10 80 p, 7 20 p, 14 40 p at 144 hertz, a game of the year",
        ),
        ("a 1080 p, 1000p, 60HZ", "a 1080 p, 1000p, 60HZ"),
        ("Dir: Nolan, Mt. Fuji, pp. 10-20", "Director: Nolan, Mount Fuji, pages 10 to 20"),
        ("Downey Jr. shines, Downey Jr and Sr.", "Downey Junior shines, Downey Junior and Senior."),
        (
            "the 2nd ed. is better. The 3rd ed. Then",
            "the 2nd edition is better. The 3rd edition. Then",
        ),
        (
            "Bill aka the Bride, AKA Bea, a.k.a. the Bride",
            "Bill also known as the Bride, also known as Bea, also known as the Bride",
        ),
        ("JR. Ewing, Jr., ed., a kayak", "JR. Ewing, Jr., ed., a kayak"),  # not a title or a name's
        # After stars the half is theirs (reader.plan.signs): eSpeak says no ★.
        ("★★★½", "3 and a half stars"),
        ("", ""),
        ("Nothing to change here.", "Nothing to change here."),
    ],
)
def test_shipped_lexicon_says(text: str, said: str) -> None:
    """How the shipped review lexicon reads jargon, scores and episode numbers."""
    assert reviews().say(text) == said


def test_espeak_says_what_the_lexicon_writes_for_games_and_titles() -> None:
    """What eSpeak made of a game review's '1080p at 144Hz' and 'Mt. Fuji', and of the
    lexicon's words for them."""
    written = "1080p at 144Hz, Mt. Fuji"
    assert espeak_phonemes([reviews().say(written), written]) == [
        "t'En 'eIti p'i:; at w'0nh'VndrI2d@n f'o@ti f'o@ h'3:ts m'aUnt f'u:dZi",
        "w'0n T'aUz@nd @n 'eIti p'i:; at w'0nh'VndrI2d@n f'o@ti f'o@r- ,eItSz'Ed ,Emt'i: f'u:dZi",
    ]


def test_ep_at_the_end_of_a_sentence() -> None:
    """'best ep.' ends sentences (every-spoiler-syntax.md's score table) and reads 'ep'."""
    assert reviews().say("Dr. Moon's best ep.") == "Dr. Moon's best episode."


def test_season_and_episode_lose_leading_zeros() -> None:
    """'S01E05' should read as season 1 episode 5."""
    assert reviews().say("S01E05") == "season 1 episode 5"


def test_w_slash_is_not_matched_inside_w_slash_e() -> None:
    """'w/' is a whole word only when nothing follows the slash."""
    assert reviews().say("with friends w/e") == "with friends w/e"


def test_rewrite_keeps_offsets() -> None:
    """Rewritten text records which section characters each replacement stands for."""
    builder = SpokenTextBuilder(100)
    reviews().rewrite("I give it 8/10 tbh.", 100, builder)
    assert builder.build() == SpokenText(
        "I give it 8 out of 10 to be honest.",
        100,
        119,
        (Replacement(10, 21, 110, 114), Replacement(22, 34, 115, 118)),
    )


def entry(kind: MatchKind, match: str, say: str = "", match_case: bool = False) -> LexiconEntry:
    """A lexicon entry (say '' skips the match)."""
    return LexiconEntry(kind, match, say, match_case)


WORD, ANYWHERE, REGEX = MatchKind.WORD, MatchKind.ANYWHERE, MatchKind.REGEX


@pytest.mark.parametrize(
    ("entries", "text", "said"),
    [
        ([entry(WORD, "cat", "dog")], "cat concat cats cat.", "dog concat cats dog."),
        ([entry(ANYWHERE, "cat", "dog")], "cat concat cats", "dog condog dogs"),
        ([entry(WORD, "ep.", "episode")], "ep. step. Ep.", "episode step. episode"),
        ([entry(WORD, "#1", "number one")], "a#1 #1", "anumber one number one"),
        ([entry(REGEX, r"(\d+)x", r"\1 times")], "3x 10x", "3 times 10 times"),
        ([entry(REGEX, r"(\w+)@(\w+)", r"\2 at \1")], "me@home", "home at me"),
        ([entry(WORD, "OST", "O S T", match_case=True)], "OST ost Ost", "O S T ost Ost"),
        ([entry(WORD, "OST", "O S T")], "OST ost Ost", "O S T O S T O S T"),
        ([entry(REGEX, "[a-z]+", "x", match_case=True)], "ab CD ef", "x CD x"),
        ([entry(REGEX, "[a-z]+", "x")], "ab CD ef", "x x x"),
        ([entry(ANYWHERE, "™")], "Brand™ name", "Brand name"),  # skip = true
        ([entry(WORD, "[applause]")], "Yes [applause] yes", "Yes  yes"),
    ],
)
def test_entry_kinds(entries: list[LexiconEntry], text: str, said: str) -> None:
    """Whole words, anywhere, regular expressions; case; skipping."""
    assert Lexicon(tuple(entries)).say(text) == said


@pytest.mark.parametrize(
    ("entries", "text", "said"),
    [
        # The match starting first wins, whatever its kind or order.
        (
            [entry(WORD, "drama series", "show"), entry(REGEX, "K-drama", "Korean drama")],
            "a K-drama series",
            "a Korean drama series",
        ),
        (
            [entry(REGEX, "drama series", "show"), entry(WORD, "K-drama", "Korean drama")],
            "a K-drama series",
            "a Korean drama series",
        ),
        # At the same place, the earlier entry of one kind wins...
        ([entry(WORD, "Dr.", "Doctor"), entry(WORD, "Dr", "Drive")], "Dr. Moon", "Doctor Moon"),
        ([entry(WORD, "Dr", "Drive"), entry(WORD, "Dr.", "Doctor")], "Dr. Moon", "Drive. Moon"),
        # ...and a shorter match at the same place is not extended by a later entry.
        ([entry(ANYWHERE, "ab", "1"), entry(ANYWHERE, "abc", "2")], "abcd", "1cd"),
        # Overlapping later matches are dropped; the next free one is still found.
        ([entry(ANYWHERE, "aa", "X")], "aaaaa", "XXa"),
        ([entry(ANYWHERE, "ab", "1"), entry(ANYWHERE, "bc", "2")], "abcbc", "1c2"),
    ],
)
def test_priority(entries: list[LexiconEntry], text: str, said: str) -> None:
    """Earliest match wins; at the same place, the earlier entry."""
    assert Lexicon(tuple(entries)).say(text) == said


def test_regex_matching_nothing_does_not_hang(tmp_path: Path) -> None:
    """A user's regex that can match the empty string is refused or harmless, never a hang."""
    path = tmp_path / "empty.toml"
    path.write_text("[[regex]]\nmatch = 'x*'\nsay = 'y'\n", encoding="utf-8")
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from reader.plan.lexicon import load_lexicon\n"
        "from reader.storage.tomlfile import TomlError\n"
        "try:\n"
        "    print(load_lexicon(Path(sys.argv[1])).say('ab'))\n"
        "except TomlError as error:\n"
        "    print(error)\n"
    )
    # A subprocess, because the loop never returns: it is killed after the timeout.
    run = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        timeout=3,
        cwd=ROOT,
        check=True,
    )
    said = run.stdout.strip()
    assert said == "ab" or said.startswith(f"{path}:2: ")


def test_kinds_are_tried_word_then_anywhere_then_regex(tmp_path: Path) -> None:
    """At the same place the earlier kind wins, wherever its table sits in the file."""
    path = tmp_path / "kinds.toml"
    path.write_text(
        '[[regex]]\nmatch = "O"\nsay = "zero"\n\n'
        '[[anywhere]]\nmatch = "OS"\nsay = "oh ess"\n\n'
        '[[word]]\nmatch = "OST"\nsay = "O S T"\n',
        encoding="utf-8",
    )
    lexicon = load_lexicon(path)
    assert [e.kind for e in lexicon.entries] == [WORD, ANYWHERE, REGEX]
    assert lexicon.say("OST OSX OX") == "O S T oh essX zeroX"


def test_lexicons_add_in_order() -> None:
    """A profile's lexicons are applied in order: the first one's entries come first."""
    first = Lexicon((entry(WORD, "GOT", "Game of Thrones"),))
    second = Lexicon((entry(WORD, "GOT", "Guardians of the Galaxy"),))
    assert (first + second).say("GOT") == "Game of Thrones"
    assert (second + first).say("GOT") == "Guardians of the Galaxy"


def test_shipped_lexicon_entries() -> None:
    """The shipped file loads: whole words and regular expressions ('anywhere' entries
    are read in test_kinds_are_tried_word_then_anywhere_then_regex)."""
    kinds = {e.kind for e in reviews().entries}
    assert kinds == {WORD, REGEX}


BAD_LEXICONS = {
    "syntax error": ('[[word]]\nmatch = "OST"\nsay = "O S T\n', 3, "Illegal character"),
    "unknown table": (
        '# jargon\n[[word]]\nmatch = "a"\nsay = "b"\n\n[[words]]\nmatch = "c"\nsay = "d"\n',
        6,
        "unknown table [[words]]",
    ),
    "unknown key in the 3rd entry": (
        '[[word]]\nmatch = "a"\nsay = "b"\n\n[[regex]]\nmatch = "c"\nsay = "d"\n\n'
        '[[word]]\nmatch = "e"\nsya = "f"\n',
        11,
        "unknown key 'sya'",
    ),
    "missing say and skip": (
        '[[regex]]\nmatch = "a"\nsay = "b"\n\n[[anywhere]]\nmatch = "c"\n',
        5,
        'give either say = "..." or skip = true',
    ),
    "both say and skip": (
        '[[anywhere]]\nmatch = "c"\nsay = "x"\nskip = true\n',
        3,
        'give either say = "..." or skip = true',
    ),
    "skip = false alone": (
        '[[word]]\nmatch = "c"\nskip = false\n',
        1,
        'give either say = "..." or skip = true',
    ),
    "bad regex": (
        "[[regex]]\nmatch = 'ok'\nsay = 'fine'\n\n[[regex]]\nsay = 'x'\nmatch = '(unclosed'\n",
        7,
        "bad regular expression",
    ),
    "reference to a missing group": (
        "[[regex]]\nmatch = '(\\d+)/10'\nsay = '\\1 of \\2'\n",
        3,
        "invalid group reference 2",
    ),
    "match_case not true or false": (
        '[[word]]\nmatch = "OST"\nsay = "O S T"\nmatch_case = "yes"\n',
        4,
        "match_case must be true or false",
    ),
    "say not a string": ('[[word]]\nmatch = "a"\nsay = 5\n', 3, "say must be a string"),
    "empty match": (
        '[[word]]\nmatch = "a"\nsay = "b"\n[[word]]\nmatch = ""\nsay = "d"\n',
        5,
        "match must be a non-empty string",
    ),
    "a table instead of a list": ('[word]\nmatch = "x"\nsay = "y"\n', 1, "write [[word]]"),
    "language not a code": (
        '# slang\nlanguage = "English"\n\n[[word]]\nmatch = "a"\nsay = "b"\n',
        2,
        'language must be a language code such as "en"',
    ),
}


@pytest.mark.parametrize(("text", "line", "message"), BAD_LEXICONS.values(), ids=BAD_LEXICONS)
def test_load_errors_name_file_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    """Every mistake in a lexicon file is reported at its file and line."""
    path = tmp_path / "slang.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TomlError) as caught:
        load_lexicon(path)
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert message in str(caught.value)
    assert (caught.value.path, caught.value.line) == (path, line)


@pytest.mark.xfail(strict=True, reason="entries written without [[word]] get no line number")
def test_entry_without_a_table_header_names_its_line(tmp_path: Path) -> None:
    """A first entry that forgot its [[word]] line is a likely mistake; point at it."""
    path = tmp_path / "slang.toml"
    path.write_text('# my words\nmatch = "OST"\nsay = "O S T"\n', encoding="utf-8")
    with pytest.raises(TomlError) as caught:
        load_lexicon(path)
    assert str(caught.value).startswith(f"{path}:2: ")


def test_unreadable_lexicon(tmp_path: Path) -> None:
    """A missing file and a file that is not UTF-8 both name the file."""
    missing = tmp_path / "missing.toml"
    with pytest.raises(TomlError, match=r"missing\.toml: cannot read"):
        load_lexicon(missing)
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'[[word]]\nmatch = "caf\xe9"\nsay = "cafe"\n')
    with pytest.raises(TomlError, match=r"latin\.toml: is not UTF-8 text"):
        load_lexicon(latin)


def test_the_shipped_lexicon_is_english_only() -> None:
    """'½' is 'and a half' and 'ep.' is 'episode' in English text; a Spanish voice is left
    to say '3½ estrellas' and 'ep. 5' itself."""
    assert {e.language for e in reviews().entries} == {"en"}
    assert reviews().say("3½ stars, ep. 5", "en") == "3 and a half stars, episode 5"
    assert reviews().say("3½ estrellas, ep. 5", "es") == "3½ estrellas, ep. 5"


def test_a_lexicon_without_a_language_applies_to_every_language(tmp_path: Path) -> None:
    path = tmp_path / "names.toml"
    path.write_text('[[word]]\nmatch = "BTS"\nsay = "B T S"\n', encoding="utf-8")
    lexicon = load_lexicon(path)
    assert [lexicon.say("BTS", language) for language in ("en", "es", "ja")] == ["B T S"] * 3


def test_a_lexicon_for_one_language(tmp_path: Path) -> None:
    """A top-level language applies the file to reviews in that language only."""
    path = tmp_path / "spanish.toml"
    path.write_text(
        'language = "es"\n\n[[word]]\nmatch = "peli"\nsay = "película"\n', encoding="utf-8"
    )
    spanish = load_lexicon(path)
    combined = reviews() + spanish
    assert combined.say("una peli, ep. 2", "es") == "una película, ep. 2"
    assert combined.say("a peli, ep. 2", "en") == "a peli, episode 2"


_LOOKALIKE_TEXT = st.text(
    alphabet=st.sampled_from(list("ostOSTkKvVsSiIÉé -.epP/\u0130\u0131\u212a\u017f'’5")),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(text=_LOOKALIKE_TEXT)
@example(text="a Kso")  # a group that ignores case in a pattern that does not
@example(text="İS vs. oſt K-")  # letters outside ASCII that match ASCII ones
@example(text="S5ep, 3/4 and Épée")
def test_words_looked_for_first_match_as_the_patterns_alone_do(text: str) -> None:
    """The quick look for an entry's words before its pattern finds every match the
    pattern would, with case ignored or not and with the letters outside ASCII that match
    ASCII ones ('ſ' for 's', 'K' for 'k')."""
    entries = [
        LexiconEntry(MatchKind.WORD, "OST", "soundtrack", match_case=True),
        LexiconEntry(MatchKind.WORD, "vs.", "versus"),
        LexiconEntry(MatchKind.ANYWHERE, "k-", "kay "),
        LexiconEntry(MatchKind.WORD, "is", "iz"),
        LexiconEntry(MatchKind.ANYWHERE, "é", "e"),
        LexiconEntry(MatchKind.WORD, "Épée", "epee", match_case=True),
        LexiconEntry(MatchKind.REGEX, r"(\d)/(\d)", r"\1 of \2"),
        LexiconEntry(MatchKind.REGEX, r"\bS(\d)ep\b", r"season \1", match_case=True),
        LexiconEntry(MatchKind.REGEX, r"(?i:k)(s)-?(?:o|t)\.?$", "x", match_case=True),
        LexiconEntry(MatchKind.REGEX, r"is+|ost", "y"),
    ]
    quick = Lexicon(tuple(entries))
    slow = Lexicon(tuple(entries))
    # Every pattern searched, with no look for words first.
    object.__setattr__(slow, "_needles", (("", True),) * len(entries))
    found = [(match.span(), entry) for match, entry in quick._matches(text, "en")]
    assert found == [(match.span(), entry) for match, entry in slow._matches(text, "en")]
