"""Bad input never raises: each bad path gives one clear problem and the other paths still load."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reader.loaders import LoadResult, Problem, Severity, load_paths
from reader.model import Document
from reader.parse.document import parse_review

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "sample_reviews" / "1-litre-of-tears.txt"
SEED_TITLE = "1 Litre Of Tears"
MEGABYTE = 1024 * 1024

# Terminal escapes: CSI colour, OSC window title (with its payload), 8-bit CSI clear screen.
ESCAPES = ("\x1b[31m", "\x1b]0;evil title\x07", "\x9b2J")
CONTROL_CHARACTERS = ("\x1b", "\x9b", "\x07")
RICH_MARKUP = ("[bold red]boom[/bold red]", "[link=")
TITLE = "Evil \x1b[31mred\x1b[0m title\x1b]0;evil title\x07 [bold red]boom[/bold red]"
CLEAN_TITLE = "Evil red title [bold red]boom[/bold red]"
BODY = (
    "A great film \x1b[31min red\x1b[0m and\x1b]0;evil title\x07 then \x9b2Jclear. "
    "Says [bold red]boom[/bold red] and [link=https://x]y[/link] twice."
)


def load_with_seed(bad: str, stdin: io.BytesIO | None = None) -> LoadResult:
    """Load a bad path followed by the seed review, which must still load."""
    result = load_paths([bad, str(SEED)], stdin)
    assert [parse_review(review).title for review in result.reviews][-1:] == [SEED_TITLE]
    return result


def only_problem(result: LoadResult, path: str) -> Problem:
    """The single problem the run reported, which must be about `path` and read clearly."""
    (problem,) = result.problems
    assert problem.path.startswith(path)
    assert "\n" not in str(problem)
    assert "Errno" not in problem.message
    assert "Traceback" not in problem.message
    return problem


def write(path: Path, data: bytes | str) -> Path:
    """Write bytes, or text as UTF-8, creating folders; returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def strings(document: Document) -> Iterator[str]:
    """Every piece of text a parsed document holds."""
    yield document.title
    yield document.source.path
    yield document.language
    yield from document.skipped
    for item in document.metadata:
        yield item.label
        yield from (item.value,) if isinstance(item.value, str) else item.value
    rating = document.rating
    for part in () if rating is None else (rating, *rating.parts):
        yield part.label
    for section in document.sections:
        yield section.heading
        yield section.text
        yield from (span.label or "" for span in section.spoilers)


def parsed(result: LoadResult) -> list[Document]:
    """Every loaded review, parsed."""
    return [parse_review(review) for review in result.reviews]


def section_text(document: Document) -> str:
    """All section text of a document."""
    return "\n".join(section.text for section in document.sections)


# --- a whole path is lost: one ERROR, the rest still loads ------------------------------------


def missing(tmp_path: Path) -> Path:
    return tmp_path / "no-such-review.txt"


def junk_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "junk"
    write(folder / "binary.txt", bytes(range(256)) * 16)
    write(folder / "paper.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(200))
    write(folder / "cover.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    return folder


def folder_of_unsupported_files(tmp_path: Path) -> Path:
    folder = tmp_path / "papers"
    write(folder / "paper.pdf", b"%PDF-1.4\n" + bytes(200))
    write(folder / "cover.png", b"\x89PNG\r\n\x1a\n" + bytes(200))
    return folder


def empty_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "empty"
    folder.mkdir()
    return folder


def binary_txt(tmp_path: Path) -> Path:
    return write(
        tmp_path / "photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8
    )


def pdf_file(tmp_path: Path) -> Path:
    return write(tmp_path / "review.pdf", b"%PDF-1.4\n" + bytes(100))


def empty_file(tmp_path: Path) -> Path:
    return write(tmp_path / "empty.txt", b"")


def whitespace_file(tmp_path: Path) -> Path:
    return write(tmp_path / "blank.md", b"  \n\n\t \r\n   \n")


def big_text_file(tmp_path: Path) -> Path:
    return write(tmp_path / "huge.txt", b"All work and no play. " * (50 * MEGABYTE // 22 + 1))


def truncated_json(tmp_path: Path) -> Path:
    return write(tmp_path / "cut.json", '[\n  {"review": "It was the best of ti')


def other_csv(tmp_path: Path) -> Path:
    return write(tmp_path / "scores.csv", "id,name,comment\n1,Alien,great\n")


def under_a_file(tmp_path: Path) -> Path:
    """A path that cannot be opened even by root: its parent is a file."""
    return write(tmp_path / "plain.txt", "Title\n\nText.\n") / "inner.txt"


LOST: list[tuple[Callable[[Path], Path], str]] = [
    (missing, "no such file"),
    (junk_folder, "binary"),
    (folder_of_unsupported_files, "no reviews"),
    (empty_folder, "no reviews"),
    (binary_txt, "binary"),
    (pdf_file, "unsupported format '.pdf'"),
    (empty_file, "empty"),
    (whitespace_file, "empty"),
    (big_text_file, "50 mb"),
    (truncated_json, "json breaks off"),
    (other_csv, "not a letterboxd, goodreads or storygraph export"),
    (under_a_file, "not a directory"),
]


@pytest.mark.parametrize(
    ("make", "says"), LOST, ids=[make.__name__.replace("_", "-") for make, _ in LOST]
)
def test_lost_path_is_one_error_and_others_still_load(
    tmp_path: Path, make: Callable[[Path], Path], says: str
) -> None:
    bad = str(make(tmp_path))
    result = load_with_seed(bad)
    problem = only_problem(result, bad)
    assert problem.severity is Severity.ERROR
    assert says in problem.message.lower()
    assert result.failed


def test_unreadable_file(tmp_path: Path) -> None:
    if os.name != "posix" or os.geteuid() == 0:
        pytest.skip("root (or a non-POSIX system) reads a chmod 000 file anyway")
    locked = write(tmp_path / "locked.txt", "Title\n\nSome review text.\n")
    locked.chmod(0)
    try:
        result = load_with_seed(str(locked))
    finally:
        locked.chmod(0o600)
    problem = only_problem(result, str(locked))
    assert (problem.severity, problem.message) == (Severity.ERROR, "permission denied")


def test_50_megabytes_says_how_large_and_the_limit(tmp_path: Path) -> None:
    bad = str(big_text_file(tmp_path))
    problem = only_problem(load_with_seed(bad), bad)
    assert problem.message == "is 50 MB; reader reads files of this kind up to 8 MB"


@pytest.mark.parametrize("where", ["no-extension", "stdin"])
def test_50_megabytes_without_extension_is_too_large(tmp_path: Path, where: str) -> None:
    data = b"All work and no play. " * (50 * MEGABYTE // 22 + 1)
    if where == "stdin":
        bad, stdin = "-", io.BytesIO(data)
    else:
        bad, stdin = str(write(tmp_path / "huge", data)), None
    problem = only_problem(load_with_seed(bad, stdin), bad)
    assert problem.severity is Severity.ERROR
    assert "8 MB" in problem.message


# --- part of a path is damaged: it loads, with a WARNING --------------------------------------


def test_mostly_utf8_with_a_few_bad_bytes(tmp_path: Path) -> None:
    text = "Café society\n\n" + "A naïve, charming café film; it’s señor Ruiz’s best. " * 5
    path = write(tmp_path / "broken.txt", text.encode() + b"Then \xff\xfe junk.\n")
    result = load_with_seed(str(path))
    problem = only_problem(result, str(path))
    assert problem.severity is Severity.WARNING
    assert "2 bytes" in problem.message and "UTF-8" in problem.message
    document = parsed(result)[0]
    assert document.title == "Café society"
    assert "it’s señor Ruiz’s best" in section_text(document)
    assert not result.failed


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_8_bit_file(tmp_path: Path, encoding: str) -> None:
    quote = "’" if encoding == "cp1252" else "'"
    text = f"Mañana en el café\n\nThe café was fine, señor. It{quote}s good, très bon.\n"
    path = write(tmp_path / "legacy.txt", text.encode(encoding))
    result = load_with_seed(str(path))
    assert only_problem(result, str(path)).severity is Severity.WARNING
    document = parsed(result)[0]
    assert document.title == "Mañana en el café"
    assert section_text(document) == f"The café was fine, señor. It{quote}s good, très bon."


def test_ragged_csv_keeps_good_rows(tmp_path: Path) -> None:
    path = write(
        tmp_path / "reviews.csv",
        "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date\n"
        '2023-01-01,Good One,2023,https://boxd.it/a,4,,"Fine.\nReally.",,2023-01-01\n'
        "2023-01-02,Bad One,2023\n"
        "2023-01-03,Good Two,2023,https://boxd.it/c,3,,Also fine.,,2023-01-03\n",
    )
    result = load_with_seed(str(path))
    problem = only_problem(result, str(path))
    assert (problem.line, problem.severity) == (4, Severity.WARNING)
    assert [doc.title for doc in parsed(result)] == ["Good One", "Good Two", SEED_TITLE]


def test_truncated_json_keeps_records_before_the_break(tmp_path: Path) -> None:
    record = {"review": "A solid show with a great ending.", "score": 8, "mal_id": 1}
    text = "[\n" + json.dumps(record) + ",\n" + json.dumps(record)[:30]
    path = write(tmp_path / "cut.json", text)
    result = load_with_seed(str(path))
    problem = only_problem(result, str(path))
    assert (problem.line, problem.severity) == (3, Severity.WARNING)
    assert len(result.reviews) == 2


# --- text that could attack or garble a terminal ----------------------------------------------


def rows_csv(header: list[str], row: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerow(row)
    return buffer.getvalue()


HOSTILE: dict[str, tuple[str, str]] = {
    "text": ("review.txt", f"{TITLE}\n\nGenre: Drama\x1b[1m, Thriller\n\n{BODY}\n\nRating: 4/5"),
    "markdown": ("review.md", f"# {TITLE}\n\n## Review \x1b[4m\n\n{BODY}\n"),
    "html": (
        "review.html",
        f"<html><head><title>{TITLE}</title></head><body><h1>{TITLE}</h1>"
        f"<h2>Review\x1b[1m</h2><p>{BODY}</p><p>{BODY}</p></body></html>",
    ),
    "letterboxd": (
        "letterboxd.csv",
        rows_csv(
            "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date".split(","),
            ["2023-01-01", TITLE, "2023", "https://boxd.it/a", "4", "", BODY, "", ""],
        ),
    ),
    "goodreads": (
        "goodreads.csv",
        rows_csv(
            ["Book Id", "Title", "Author", "My Rating", "My Review", "Spoiler"],
            ["1", TITLE, "", "4", BODY, ""],
        ),
    ),
    "amazon": ("amazon.jsonl", json.dumps({"reviewText": BODY, "summary": TITLE, "overall": 4})),
    "jikan": (
        "jikan.json",
        json.dumps([{"review": BODY, "score": 8, "is_spoiler": False, "entry": {"title": TITLE}}]),
    ),
    "steam": ("steam.json", json.dumps([{"review": f"[h1]{TITLE}[/h1]\n{BODY}", "voted_up": 1}])),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_escape_sequences_are_removed_and_rich_markup_kept(tmp_path: Path, kind: str) -> None:
    name, content = HOSTILE[kind]
    path = write(tmp_path / name, content)
    result = load_with_seed(str(path))
    assert result.problems == []
    document = parsed(result)[0]
    for text in strings(document):
        for control in CONTROL_CHARACTERS:
            assert control not in text, (kind, text)
    assert "evil title" not in "\n".join(strings(document))
    if kind != "steam":
        assert document.title == CLEAN_TITLE
    shown = section_text(document)
    for markup in RICH_MARKUP:
        assert markup in shown
    assert "[/link]" in shown


# Facts that exports state (reviewer, author, tags...) as they arrive, and as they should be shown.
HOSTILE_FACTS: list[tuple[str, str, dict[str, str]]] = [
    (
        "amazon.jsonl",
        json.dumps(
            {
                "reviewText": "A fine book.",
                "summary": "Fine",
                "asin": "B00\x9b2J",
                "reviewerName": "Jos\u00c3\u00a9 \x1b]0;evil title\x07\x1b[31mRuiz",
            }
        ),
        {"Product": "B00", "Reviewer": "José Ruiz"},
    ),
    (
        "letterboxd.csv",
        rows_csv(
            "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date".split(","),
            ["2023-01-01", "Film", "20\x1b[1m23", "u", "", "", "Fine.", "", "2023\x9b2J-01-01"],
        ),
        {"Year": "2023", "Watched": "2023-01-01"},
    ),
    (
        "goodreads.csv",
        rows_csv(
            ["Book Id", "Title", "Author", "My Rating", "My Review", "Spoiler", "Publisher"],
            ["1", "Book", "Ann\x1b[31m Author", "0", "Fine.", "", "itâ€™s Press"],
        ),
        {"Author": "Ann Author", "Publisher": "it’s Press"},
    ),
    (
        "jikan.json",
        json.dumps([{"review": "Fine.", "mal_id": 1, "user": {"username": "u\x1b[2Jser"}}]),
        {"Reviewer": "user"},
    ),
    (
        "steam.json",
        json.dumps([{"review": "Fine.", "voted_up": True, "language": "eng\x1b]0;x\x07lish"}]),
        {"Language": "english"},
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "facts"), HOSTILE_FACTS, ids=[name for name, _, _ in HOSTILE_FACTS]
)
def test_export_metadata_is_cleaned(
    tmp_path: Path, name: str, content: str, facts: dict[str, str]
) -> None:
    (document,) = parsed(load_paths([str(write(tmp_path / name, content))]))
    assert {item.label: item.value for item in document.metadata} == facts
    for text in strings(document):
        for control in CONTROL_CHARACTERS:
            assert control not in text


# Character references decode to control characters only after cleaning has run.
ENTITY_BODY = "Quiet &#27;[31mred&#27;[0m film,&#x1b;]0;evil title&#7; truly."


@pytest.mark.parametrize(
    ("name", "content"),
    [
        (
            "page.html",
            f"<html><body><h1>Title &#27;[31mred</h1><p>{ENTITY_BODY}</p></body></html>",
        ),
        ("fragment.jsonl", json.dumps({"reviewText": f"<p>{ENTITY_BODY}</p>", "summary": "T"})),
        ("block.md", f"# Title\n\n<p>{ENTITY_BODY}</p>\n"),
    ],
    ids=["html-page", "html-fragment", "markdown-html-block"],
)
def test_html_character_references_do_not_bring_escapes_back(
    tmp_path: Path, name: str, content: str
) -> None:
    (document,) = parsed(load_paths([str(write(tmp_path / name, content))]))
    for text in strings(document):
        assert "\x1b" not in text and "\x07" not in text
    assert "Quiet red film, truly." in section_text(document)


def test_html_fragment_starting_with_a_control_character_reference(tmp_path: Path) -> None:
    path = write(
        tmp_path / "letterboxd.csv",
        rows_csv(
            "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date".split(","),
            ["2023-01-01", "Film", "2023", "u", "4", "", f"{ENTITY_BODY}<br/>More.", "", ""],
        ),
    )
    (review,) = load_paths([str(path)]).reviews
    document = parse_review(review)
    assert "Quiet red film, truly." in section_text(document)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("mojibake.txt", "Itâ€™s a title\n\nitâ€™s a film I loved. The cafÃ© scene too.\n"),
        (
            "mojibake.jsonl",
            json.dumps({"reviewText": "itâ€™s a film I loved.", "summary": "Itâ€™s a title"}),
        ),
        ("mojibake.md", "# Itâ€™s a title\n\nitâ€™s a film I loved.\n"),
    ],
)
def test_mojibake_is_repaired(tmp_path: Path, name: str, content: str) -> None:
    (document,) = parsed(load_paths([str(write(tmp_path / name, content))]))
    assert document.title == "It’s a title"
    assert "it’s a film I loved." in section_text(document)
    assert "â€" not in section_text(document)


@pytest.mark.parametrize("ending", ["\r", "\r\n", "\n"], ids=["cr", "crlf", "lf"])
def test_csv_line_endings(tmp_path: Path, ending: str) -> None:
    header = "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date"
    rows = [header, '2024-01-02,Past Lives,2023,https://boxd.it/a,4.5,,"Quiet.",,2024-01-01']
    rows.append('2024-01-03,Aftersun,2022,https://boxd.it/b,5,,"Devastating.",,2024-01-02')
    path = write(tmp_path / "reviews.csv", ending.join(rows) + ending)
    result = load_paths([str(path)])
    assert [review.title for review in result.reviews] == ["Past Lives", "Aftersun"]
    assert [review.source.line for review in result.reviews] == [2, 3]
    assert not result.problems


@pytest.mark.parametrize(
    ("content", "says"),
    [
        # A quote never closed swallows every row after it into one field.
        (
            'review,rating\n"It starts well, 5\nFine,3\nGood,4\n',
            "line 2: row has 1 field, expected 2",
        ),
        ('[{"review": ""}, {"review": null}]', "line 1: record's review is empty (and 1 more)"),
    ],
)
def test_a_file_that_gives_no_review_says_what_was_wrong_with_its_first_row(
    tmp_path: Path, content: str, says: str
) -> None:
    path = write(
        tmp_path / ("broken.csv" if content.startswith("review") else "empty.json"), content
    )
    result = load_paths([str(path)])
    assert result.reviews == []
    (problem,) = result.problems  # one line, not the warning and the error
    assert problem.message == f"holds no reviews: {says}"
