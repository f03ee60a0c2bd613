"""The command line, run as `python -m reader` in a subprocess: output, JSON, exit codes, stderr."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Iterator
from functools import cache, partial
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT, SPOILER_PHRASES
from runner import Env, Run, environment, reader, start

from reader import __version__
from reader.storage.settings import Settings, as_dict

SEED = "sample_reviews/1-litre-of-tears.txt"
SPOILERS = "sample_reviews/every-spoiler-syntax.md"
SEED_OUTLINE = """\
1 Litre Of Tears
  Source: sample_reviews/1-litre-of-tears.txt
  Rating: 5 out of 5
  1. Details (metadata, 6 words)
  2. Synopsis (synopsis, 47 words)
  3. Review (review, 727 words)
  4. Rating (rating, 6 words)
  Not read: 6 caption or tag lines
"""
SAMPLE_COUNT = 27
GOODREADS_NOTE = (
    "reader: sample_reviews/goodreads-library-export.csv: 1 book has no review and was left out"
)


@pytest.fixture(scope="module")
def cached(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Run]:
    """`reader ARGS` for runs shared by several tests (these commands keep nothing from
    one run to the next)."""
    return cache(partial(reader, environment(tmp_path_factory.mktemp("shared"))))


def stderr_lines(run: Run) -> list[str]:
    """Lines of standard error."""
    return run.err.splitlines()


def json_strings(value: object) -> Iterator[str]:
    """Every string inside a JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)


# --- outline and text -------------------------------------------------------------------------


def test_outline_of_the_seed_review(cached: Callable[..., Run]) -> None:
    run = cached("outline", SEED)
    assert (run.code, run.out, run.err) == (0, SEED_OUTLINE, "")


def test_text_of_the_seed_review(cached: Callable[..., Run]) -> None:
    run = cached("text", SEED)
    assert (run.code, run.err) == (0, "")
    lines = run.out.splitlines()
    assert lines[:4] == [
        "1 Litre Of Tears",
        "",
        "Details",
        "Genre: Romance, Family, School Life, Tragedy.",
    ]
    headings = [lines.index(heading) for heading in ("Details", "Synopsis", "Review", "Rating")]
    assert headings == sorted(headings)
    assert all(lines[index - 1] == "" for index in headings)
    assert lines[-2:] == ["Rating", "Overall Rating: 5 out of 5."]
    assert "Based on a true story, Ikeuchi Aya" in run.out
    for caption in ("Haruto 1 Litre of Tears", "classmates say goodbye", "kdrama Quick review"):
        assert caption not in run.out


def test_reader_not_on_a_terminal_opens_plain_mode(env: Env) -> None:
    """Plain mode (tests/test_plain.py); with stdin at its end, the opening, then quit."""
    run = reader(env, SEED)
    assert (run.code, run.err) == (0, "")
    assert run.out.splitlines() == [
        "Review 1 of 1, 1 Litre Of Tears, rated 5 out of 5, 786 words",
        "Type help for the commands, quit to leave.",
        "Place saved. Goodbye.",
    ]


def test_outline_of_the_sample_folder(cached: Callable[..., Run]) -> None:
    run = cached("outline", "sample_reviews")
    assert run.code == 0
    assert stderr_lines(run) == [GOODREADS_NOTE]
    assert run.out.count("  Source: ") == SAMPLE_COUNT
    assert run.out.startswith(SEED_OUTLINE + "\n")
    for line in (
        "  Source: sample_reviews/letterboxd-reviews.csv:17",
        "  Source: sample_reviews/goodreads-library-export.csv:7",
        "  Source: sample_reviews/steam-reviews.json:60",
        "  Rating: 9 out of 10",
        "    4. Performances (review, 79 words)",
        "  6. Spoilers (other, 146 words, 1 spoiler of 146 words)",
    ):
        assert line in run.out.splitlines()


def test_text_of_the_sample_folder(cached: Callable[..., Run]) -> None:
    run = cached("text", "sample_reviews")
    assert run.code == 0
    assert stderr_lines(run) == [GOODREADS_NOTE]
    titles = ["1 Litre Of Tears", "Devastating and beautiful", "El laberinto del fauno"]
    titles += ["Harbour Lights (2021)", "The Hunger Games", "Shigatsu wa Kimi no Uso"]
    titles += ["Past Lives", "My Mister", "Parasite (2019)", "Steam review 3", "The Last of Us"]
    positions = [run.out.index(title) for title in titles]
    assert positions == sorted(positions)
    assert "[spoiler]" not in run.out


# --- JSON -------------------------------------------------------------------------------------

REVIEW_KEYS = {
    "title",
    "source",
    "line",
    "metadata",
    "language",
    "rating",
    "contains_spoilers",
    "sections",
    "not_read",
}
RATING_KEYS = {"value", "scale", "spoken", "label", "parts"}
SECTION_KEYS = {"kind", "heading", "level", "words", "sentences", "spoilers", "text"}
SPOILER_KEYS = {"start", "end", "words", "label", "skipped"}
PROBLEM_KEYS = {"source", "line", "severity", "message"}
KINDS = {"metadata", "synopsis", "review", "rating", "other"}


def check_rating(rating: dict[str, Any]) -> None:
    assert set(rating) == RATING_KEYS
    assert isinstance(rating["value"], float) and isinstance(rating["scale"], float)
    assert 0 <= rating["value"] <= rating["scale"]
    assert isinstance(rating["spoken"], str) and isinstance(rating["label"], str)
    for part in rating["parts"]:
        check_rating(part)


def check_section(section: dict[str, Any], skipped: bool) -> None:
    assert set(section) == SECTION_KEYS
    assert section["kind"] in KINDS
    assert isinstance(section["heading"], str) and section["heading"]
    assert isinstance(section["level"], int) and section["level"] >= 2
    assert isinstance(section["words"], int) and section["words"] > 0
    assert isinstance(section["sentences"], int) and section["sentences"] > 0
    text = section["text"]
    assert isinstance(text, str) and text
    previous_end = 0
    for spoiler in section["spoilers"]:
        assert set(spoiler) == SPOILER_KEYS
        assert previous_end <= spoiler["start"] < spoiler["end"] <= len(text)
        previous_end = spoiler["end"]
        assert isinstance(spoiler["words"], int) and spoiler["words"] > 0
        assert spoiler["label"] is None or isinstance(spoiler["label"], str)
        assert spoiler["skipped"] is skipped


def check_document(review: dict[str, Any], skipped: bool) -> None:
    assert set(review) == REVIEW_KEYS
    assert isinstance(review["title"], str) and review["title"]
    assert isinstance(review["source"], str)
    assert review["line"] is None or (isinstance(review["line"], int) and review["line"] >= 1)
    for label, value in review["metadata"].items():
        assert isinstance(label, str)
        assert isinstance(value, str) or all(isinstance(item, str) for item in value)
    assert review["language"] in {"en", "es", "fr", "de", "it", "pt"}
    if review["rating"] is not None:
        check_rating(review["rating"])
    assert isinstance(review["contains_spoilers"], bool)
    assert review["sections"]
    for section in review["sections"]:
        check_section(section, skipped)
    has_spoilers = any(section["spoilers"] for section in review["sections"])
    assert review["contains_spoilers"] is has_spoilers
    assert all(isinstance(line, str) for line in review["not_read"])


JSON_RUNS = [
    (("outline", "--json", "sample_reviews"), False),
    (("text", "--json", "sample_reviews"), True),  # the saved default skips them
    (("text", "--json", "--read-spoilers", "sample_reviews"), False),
]


@pytest.mark.parametrize(("args", "skipped"), JSON_RUNS, ids=[" ".join(a) for a, _ in JSON_RUNS])
def test_json_follows_the_documented_schema(
    cached: Callable[..., Run], args: tuple[str, ...], skipped: bool
) -> None:
    run = cached(*args)
    assert run.code == 0
    payload = run.payload
    assert set(payload) == {"reviews", "problems"}
    assert len(payload["reviews"]) == SAMPLE_COUNT
    for review in payload["reviews"]:
        check_document(review, skipped)
    assert payload["problems"] == [
        {
            "source": "sample_reviews/goodreads-library-export.csv",
            "line": None,
            "severity": "note",
            "message": "1 book has no review and was left out",
        }
    ]
    assert all(set(problem) == PROBLEM_KEYS for problem in payload["problems"])


def test_json_of_the_seed_review_matches_the_readme(cached: Callable[..., Run]) -> None:
    (review,) = cached("outline", "--json", SEED).payload["reviews"]
    assert {key: review[key] for key in ("title", "source", "line", "language")} == {
        "title": "1 Litre Of Tears",
        "source": "sample_reviews/1-litre-of-tears.txt",
        "line": None,
        "language": "en",
    }
    assert review["metadata"] == {"Genre": ["Romance", "Family", "School Life", "Tragedy"]}
    assert review["rating"] == {
        "value": 5.0,
        "scale": 5.0,
        "spoken": "5 out of 5",
        "label": "Overall Rating",
        "parts": [],
    }
    assert review["contains_spoilers"] is False
    sections = [
        (item["kind"], item["heading"], item["level"], item["words"]) for item in review["sections"]
    ]
    assert sections == [
        ("metadata", "Details", 2, 6),
        ("synopsis", "Synopsis", 2, 47),
        ("review", "Review", 2, 727),
        ("rating", "Rating", 2, 6),
    ]
    assert review["sections"][1]["text"].startswith("Based on a true story, ")
    assert review["not_read"][0] == "Haruto 1 Litre of Tears"
    assert len(review["not_read"]) == 6


def test_json_export_rows_carry_their_lines(cached: Callable[..., Run]) -> None:
    reviews = cached("outline", "--json", "sample_reviews").payload["reviews"]
    letterboxd = [r["line"] for r in reviews if r["source"].endswith("letterboxd-reviews.csv")]
    assert letterboxd == [2, 8, 9, 14, 17, 18]


def spoiler_slices(review: dict[str, Any]) -> list[str]:
    """The text each spoiler's offsets point at, across the review's sections."""
    return [
        section["text"][spoiler["start"] : spoiler["end"]]
        for section in review["sections"]
        for spoiler in section["spoilers"]
    ]


def test_json_spoiler_offsets_cover_the_spoilers(cached: Callable[..., Run]) -> None:
    (review,) = cached("text", "--json", "--read-spoilers", SPOILERS).payload["reviews"]
    hidden = spoiler_slices(review)
    assert len(hidden) == 12
    for phrase in SPOILER_PHRASES:
        assert sum(phrase in text for text in hidden) == 1, phrase
    labels = [s["label"] for section in review["sections"] for s in section["spoilers"]]
    assert labels.count("Episode 9") == 1


def test_skip_spoilers_leaves_no_spoiler_text_in_the_output(cached: Callable[..., Run]) -> None:
    run = cached("text", "--json", "--skip-spoilers", SPOILERS)
    assert (run.code, run.err) == (0, "")
    for phrase in SPOILER_PHRASES:
        assert phrase not in run.out
    (review,) = run.payload["reviews"]
    announcements = spoiler_slices(review)
    assert len(announcements) == 12
    for announcement in announcements:
        assert announcement.startswith(("Spoiler skipped", "(spoiler skipped"))
    assert "Spoiler skipped: Episode 9, 9 words." in announcements


def test_plain_text_with_skip_spoilers_leaves_no_spoiler_text(env: Env) -> None:
    run = reader(env, "text", "--skip-spoilers", SPOILERS)
    assert (run.code, run.err) == (0, "")
    for phrase in SPOILER_PHRASES:
        assert phrase not in run.out
    assert "The big mid-season reveal, that (spoiler skipped, 7 words), reframes" in run.out


def spoken_phrases(env: Env, *args: str) -> list[str]:
    """The spoiler phrases `reader text ARGS SPOILERS` shows."""
    run = reader(env, "text", *args, SPOILERS)
    assert (run.code, run.err) == (0, "")
    return [phrase for phrase in SPOILER_PHRASES if phrase in run.out]


def test_text_follows_the_saved_spoiler_mode_and_the_flags_win(env: Env) -> None:
    assert spoken_phrases(env) == []  # skip_spoilers is on unless the user turns it off
    read = spoken_phrases(env, "--read-spoilers")
    # All but four: the lexicon says "ep. 1" as "episode 1", and "1998" is said "19 98".
    assert len(read) == len(SPOILER_PHRASES) - 4
    assert reader(env, "config", "set", "skip_spoilers", "off").code == 0
    assert spoken_phrases(env) == read
    assert spoken_phrases(env, "--skip-spoilers") == []


def test_text_says_words_as_the_saved_voice_profile_does(env: Env, tmp_path: Path) -> None:
    lexicons = tmp_path / "config" / "reader" / "voices" / "lexicons"
    lexicons.mkdir(parents=True)
    (lexicons / "mine.toml").write_text(
        '[[word]]\nmatch = "disease"\nsay = "illness of the body"\n'
    )
    (lexicons.parent / "mine.toml").write_text('name = "mine"\nlexicons = ["mine"]\n')
    assert "illness of the body" not in reader(env, "text", SEED).out
    assert reader(env, "config", "set", "voice", "mine").code == 0
    assert "illness of the body" in reader(env, "text", SEED).out


# --- exit codes and problems on stderr --------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("outline", SEED), 0),
        (("text", "--skip-spoilers", SEED), 0),
        (("outline", "no-such-file.txt", SEED), 1),
        (("text", SEED, "sample_reviews/no-such-folder/"), 1),
        (("text", "--bogus", SEED), 2),
        (("outline",), 2),
        (("outline", "--skip-spoilers", SEED), 2),
        (("text", "--skip-spoilers", "--read-spoilers", SEED), 2),
        (("--bogus",), 2),
    ],
)
def test_exit_codes(env: Env, args: tuple[str, ...], code: int) -> None:
    assert reader(env, *args).code == code


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (("text", "--bogus", SEED), "unrecognized arguments: --bogus (see 'reader text -h')"),
        (("outline",), "the following arguments are required: PATH (see 'reader outline -h')"),
        (
            ("text", "--skip-spoilers", "--read-spoilers", SEED),
            "--read-spoilers: not allowed with argument --skip-spoilers (see 'reader text -h')",
        ),
        (("--bogus",), "unrecognized arguments: --bogus (see 'reader -h')"),
        (
            ("queue", "bogus"),
            "ACTION: invalid choice: 'bogus' (choose from 'add', 'list', 'remove', 'move', "
            "'clear', 'play') (see 'reader queue -h')",
        ),
        (("queue", "move", "1", "x"), "M: invalid int value: 'x' (see 'reader queue move -h')"),
        (
            ("config", "set", "pace", "300"),
            "KEY: invalid choice: 'pace' (choose from "
            + ", ".join(repr(key) for key in as_dict(Settings()))
            + ") (see 'reader config set -h')",
        ),
    ],
)
def test_a_usage_error_is_one_line_saying_what_is_wrong(
    env: Env, args: tuple[str, ...], line: str
) -> None:
    """What was wrong first, and where the full usage is: no usage block to listen through."""
    run = reader(env, *args)
    assert (run.code, run.out, run.err) == (2, "", f"reader: {line}\n")


def test_failed_path_still_prints_the_others(env: Env, tmp_path: Path) -> None:
    missing = tmp_path / "gone.txt"
    run = reader(env, "outline", str(missing), SEED)
    assert (run.code, run.out) == (1, SEED_OUTLINE)
    assert stderr_lines(run) == [f"reader: {missing}: no such file or folder"]


def test_each_problem_is_one_line_on_stderr(env: Env, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "scores.csv").write_text("id,name\n1,x\n", encoding="utf-8")
    (tmp_path / "ragged.csv").write_text(
        "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date\n"
        '2023-01-01,Film A,2023,https://boxd.it/a,4,,"Fine.\nReally.",,2023-01-01\n'
        "2023-01-02,Film B,2023\n",
        encoding="utf-8",
    )
    bad = ["empty.txt", "binary.txt", "scores.csv", "ragged.csv", "gone.md"]
    run = reader(env, "text", *(str(tmp_path / name) for name in bad), SEED)
    assert run.code == 1
    lines = stderr_lines(run)
    assert len(lines) == len(bad)
    assert all(line.startswith("reader: ") for line in lines)
    assert lines[3] == f"reader: {tmp_path / 'ragged.csv'}:4: row has 3 fields, expected 9; skipped"
    assert run.out.startswith("Film A\n")
    assert "\n1 Litre Of Tears\n" in run.out


def test_export_row_with_a_control_character_reference_is_read(env: Env, tmp_path: Path) -> None:
    export = tmp_path / "reviews.csv"
    export.write_text(
        "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date\n"
        "2023-01-01,Film A,2023,https://boxd.it/a,4,,&#27;[31mRed text.<br/>More.,,2023-01-01\n"
        "2023-01-02,Film B,2023,https://boxd.it/b,3,,Plain text.,,2023-01-02\n",
        encoding="utf-8",
    )
    run = reader(env, "text", str(export))
    assert (run.code, run.err) == (0, "")
    assert run.out.startswith("Film A\n")
    assert "\nFilm B\n" in run.out


def test_json_lists_problems_too(env: Env, tmp_path: Path) -> None:
    missing = str(tmp_path / "gone.txt")
    run = reader(env, "outline", "--json", missing, SEED)
    assert run.code == 1
    assert run.payload["problems"] == [
        {"source": missing, "line": None, "severity": "error", "message": "no such file or folder"}
    ]
    assert [review["title"] for review in run.payload["reviews"]] == ["1 Litre Of Tears"]


# --- stdin, pipes, version, usage -------------------------------------------------------------


def test_dash_reads_stdin(env: Env) -> None:
    seed = (ROOT / SEED).read_bytes()
    run = reader(env, "outline", "-", stdin=seed)
    assert (run.code, run.err) == (0, "")
    assert run.out == SEED_OUTLINE.replace("Source: " + SEED, "Source: -")


def test_dash_reads_an_export_from_stdin(env: Env) -> None:
    export = (ROOT / "sample_reviews" / "letterboxd-reviews.csv").read_bytes()
    run = reader(env, "text", "--json", "-", stdin=export)
    assert run.code == 0
    reviews = run.payload["reviews"]
    assert [(r["source"], r["line"]) for r in reviews][:2] == [("-", 2), ("-", 8)]
    assert len(reviews) == 6


def test_empty_stdin_is_a_problem(env: Env) -> None:
    run = reader(env, "text", "-")
    assert (run.code, run.out) == (1, "")
    assert stderr_lines(run) == ["reader: -: is empty"]


@pytest.mark.parametrize("args", [("text",), ("outline",), ("text", "--json")])
def test_closed_pipe_exits_quietly(env: Env, tmp_path: Path, args: tuple[str, ...]) -> None:
    """`reader text big | head -n 1`: the reader of the output goes away early."""
    big = tmp_path / "big.jsonl"
    record = {"reviewText": "A sentence that fills the pipe. " * 40, "summary": "A title"}
    big.write_text("\n".join(json.dumps(record) for _ in range(200)), encoding="utf-8")
    process = start(
        env,
        *args,
        str(big),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline()
    process.stdout.close()
    err = process.stderr.read().decode("utf-8", errors="replace")
    assert process.wait(timeout=120) == 0
    assert err == ""


def test_version(env: Env) -> None:
    run = reader(env, "--version")
    assert (run.code, run.out, run.err) == (0, f"reader {__version__}\n", "")


def test_no_arguments_prints_usage_to_stderr(env: Env) -> None:
    run = reader(env)
    assert run.code != 0
    assert run.out == ""
    assert run.err.startswith("usage: reader")


# --- nothing reaches the terminal but text ----------------------------------------------------

HOSTILE_TEXT = (
    "Evil \x1b[31mred\x1b[0m title\x1b]0;evil title\x07 [bold red]boom[/bold red]\n\n"
    "Genre: Drama\x1b[1m\n\n"
    "A film \x1b[2Jwith \x9b2Jescapes and [link=https://x]y[/link] markup. It was fine.\n\n"
    "Rating: 4/5\n"
)
COMMANDS = [("text",), ("outline",), ("text", "--json"), ("outline", "--json"), ()]
# The commands that show a review's facts (the plain outline shows only headings).
SHOWING_FACTS = [("text",), ("text", "--json"), ("outline", "--json")]


def assert_no_escapes(run: Run) -> None:
    """No escape byte, 8-bit CSI or bell on stdout, nor inside any JSON string."""
    assert b"\x1b" not in run.raw
    for control in ("\x9b", "\x07"):
        assert control not in run.out
    if run.out.startswith("{"):
        for text in json_strings(run.payload):
            assert "\x1b" not in text and "\x9b" not in text


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a) or "reader" for a in COMMANDS])
def test_no_escape_sequences_reach_stdout(env: Env, tmp_path: Path, args: tuple[str, ...]) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE_TEXT, encoding="utf-8")
    run = reader(env, *args, str(path))
    assert run.code == 0
    assert_no_escapes(run)
    assert "[bold red]boom[/bold red]" in run.out


@pytest.mark.parametrize("args", SHOWING_FACTS, ids=[" ".join(a) for a in SHOWING_FACTS])
def test_no_escape_sequences_from_export_metadata(
    env: Env, tmp_path: Path, args: tuple[str, ...]
) -> None:
    path = tmp_path / "amazon.jsonl"
    record = {
        "reviewText": "A fine book.",
        "summary": "Fine",
        "reviewerName": "Bob\x1b[2J\x1b]0;evil title\x07",
        "asin": "B00\x9b2J",
    }
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    run = reader(env, *args, str(path))
    assert run.code == 0
    assert_no_escapes(run)
    assert "Bob" in run.out


def test_no_escape_sequences_from_file_names(env: Env, tmp_path: Path) -> None:
    (tmp_path / "\x1b[31mred\x1b[0m.txt").write_text(
        "A short review. It was good.\n", encoding="utf-8"
    )
    run = reader(env, "outline", str(tmp_path))
    assert run.code == 0
    assert_no_escapes(run)


def test_problem_about_a_strange_file_name_is_one_line(env: Env, tmp_path: Path) -> None:
    (tmp_path / "bad\nname.txt").write_bytes(bytes(range(256)) * 8)
    run = reader(env, "outline", str(tmp_path), SEED)
    assert run.code == 1
    lines = stderr_lines(run)
    assert len(lines) == 1
    (line,) = lines
    assert line.startswith("reader: ") and line.endswith("looks like a binary file, not text")
