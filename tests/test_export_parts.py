"""A large Letterboxd export loaded in parts, each by its own worker, gives exactly what
loading it whole gives: the same rows from the same lines, the same problems in the same
order, the same export language, the same output; and a file whose quotes fool the cutting
is noticed and read whole."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.cli import part_workers
from reader.cli.main import main
from reader.cli.outline_workers import CHUNK, Render
from reader.loaders import export_parts
from reader.loaders.csvrows import Part, Row, SplitError, read_rows, split_rows
from reader.loaders.problems import Problem
from reader.text.language import detect_language

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "data" / "real" / "exports" / "letterboxd" / "reviews.csv"
SAMPLE = ROOT / "sample_reviews" / "letterboxd-reviews.csv"


def _whole(text: str) -> tuple[list[Row], list[Problem]]:
    problems: list[Problem] = []
    return list(read_rows(text, "x.csv", problems)), problems


def _in_parts(text: str, parts: list[Part]) -> tuple[list[Row], list[Problem]]:
    """The rows and problems of the text's UTF-8 bytes, cut into `parts`, read a part at
    a time as a worker reads them."""
    data = text.encode()
    rows: list[Row] = []
    problems: list[Problem] = []
    for part in parts:
        rows += read_rows(part.text(data), "x.csv", problems, part)
    return rows, problems


# Text made of what matters to CSV: separators, quotes, every line ending, and letters.
_CSV_TEXT = st.text(alphabet='ab,"\n\r', max_size=120)


@settings(max_examples=400)
@given(body=_CSV_TEXT, count=st.integers(2, 6), crlf=st.booleans())
def test_parts_read_as_the_whole_or_say_they_cannot(body: str, count: int, crlf: bool) -> None:
    """Any text at all, however its quotes fall: the parts give the whole file's rows and
    problems, or reading one raises SplitError (and the file is then read whole)."""
    text = "h1,h2\r\n" + body if crlf else "h1,h2\n" + body
    parts = split_rows(text.encode(), count)
    try:
        in_parts = _in_parts(text, parts)
    except SplitError:
        return
    assert in_parts == _whole(text)


_CELL = st.text(alphabet='ab ,"\n\r\u00e9', max_size=12)


@settings(max_examples=200)
@given(
    table=st.lists(st.lists(_CELL, min_size=3, max_size=3), max_size=25),
    count=st.integers(2, 6),
    ending=st.sampled_from(["\n", "\r\n"]),
)
def test_well_formed_csv_is_always_cut_between_rows(
    table: list[list[str]], count: int, ending: str
) -> None:
    """CSV as a program writes it, quoted fields with line breaks and quotes included, is
    never cut inside a field."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=ending)
    writer.writerows([["a", "b", "c"], *table])
    text = out.getvalue()
    parts = split_rows(text.encode(), count)
    assert _in_parts(text, parts) == _whole(text)
    assert [part.end for part in parts[:-1]] == [part.start for part in parts[1:]]


def test_a_stray_quote_that_moves_a_cut_into_a_field_is_noticed() -> None:
    # The quote in 'a"b' is text to CSV, but it makes the count odd, so the cut after
    # 'c,"multi' looks like a row's end when it is inside the quoted field.
    text = 'h1,h2\na"b,x\nc,"multi\nline"\nd,e\n'
    parts = split_rows(text.encode(), 2)
    assert parts[1].start == text.index("line")
    with pytest.raises(SplitError):
        _in_parts(text, parts)


def _real_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """The header and data rows of a real Letterboxd export."""
    head, *rows = csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""))
    return head, rows


def _export(path: Path, rows: int) -> None:
    """Real rows repeated, four in five from a Spanish export, the others from an English
    one, with what loading has to report: a row with fields missing, an impossible rating,
    and reviews too short to tell their language."""
    head, spanish = _real_rows(REAL)
    english_head, english = _real_rows(SAMPLE)
    assert english_head == head
    table = [head]
    for index in range(rows):
        table.append(english[index % len(english)] if index % 5 == 0 else spanish[index % 4])
        if index % 37 == 5:
            table.append(["2024-01-01", "Too Few", "2020", "https://boxd.it/x", "3", "", "Bueno"])
        if index % 41 == 9:
            table.append(["2024-01-02", "Bad Rating", "2021", "u", "9", "", "Bueno", "", ""])
        if index % 13 == 3:
            table.append(["2024-01-03", "Short", "2022", "u", "4", "", "Bueno", "", ""])
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file, lineterminator="\n").writerows(table)


def _outline(path: Path, capsys: pytest.CaptureFixture[str], *command: str) -> tuple[int, str, str]:
    """What `command` (`outline --json` unless given) says of the export: status, output
    and problems."""
    status = main([*(command or ("outline", "--json")), str(path)])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _outline_whole(
    path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *command: str
) -> tuple[int, str, str]:
    """The outline with the export loaded whole; after it, any export is cut into parts."""
    monkeypatch.setattr(part_workers, "rendered_in_parts", lambda paths, render: None)
    whole = _outline(path, capsys, *command)
    monkeypatch.undo()
    monkeypatch.setattr(export_parts, "SPLIT_FROM", 0)
    return whole


def _outlined_in_parts_if_it_can(
    path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    whole: tuple[int, str, str],
) -> bool:
    """Outline the export on two cores, check it gives what loading it whole gave, and say
    whether it was rendered in parts (or refused them and was read whole)."""
    monkeypatch.setattr(part_workers, "cores", lambda: 2)
    tried: list[object] = []
    rendered_in_parts = part_workers.rendered_in_parts

    def spy(paths: list[str], render: Render) -> object:
        tried.append(result := rendered_in_parts(paths, render))
        return result

    monkeypatch.setattr(part_workers, "rendered_in_parts", spy)
    assert _outline(path, capsys) == whole
    assert len(tried) == 1
    return tried[0] is not None


def test_an_export_outlined_in_parts_is_the_export_outlined_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    export = tmp_path / "reviews.csv"
    _export(export, 400)
    whole = _outline_whole(export, capsys, monkeypatch)
    monkeypatch.setattr(part_workers, "cores", lambda: 3)
    cut = export_parts.export_parts(str(export), 3)
    assert cut is not None and len(cut.parts) == 3
    assert _outline(export, capsys) == whole
    status, out, err = whole
    assert status == 0
    assert "Bad Rating" in out and "rating '9' is not between 0.5 and 5" in err
    assert "row has 7 fields, expected 9; skipped" in err
    # A review too short to tell takes the export's language: on its own "Bueno" reads as
    # German, but only the English reviews use enough common words to say theirs.
    assert detect_language("Bueno") == "de"
    short = [review for review in json.loads(out)["reviews"] if review["title"] == "Short"]
    assert short and {review["language"] for review in short} == {"en"}


@pytest.mark.parametrize("command", [["outline"], ["text"], ["text", "--json"]])
def test_outline_and_text_lines_in_parts_are_as_loaded_whole(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
) -> None:
    export = tmp_path / "reviews.csv"
    _export(export, 200)
    whole = _outline_whole(export, capsys, monkeypatch, *command)
    monkeypatch.setattr(part_workers, "cores", lambda: 2)
    cut = export_parts.export_parts(str(export), 2)
    assert cut is not None and len(cut.parts) == 2
    assert _outline(export, capsys, *command) == whole
    status, out, err = whole
    assert status == 0
    assert "Bad Rating" in out and "row has 7 fields, expected 9; skipped" in err


def test_an_export_the_cutting_misjudges_is_read_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    export = tmp_path / "reviews.csv"
    _export(export, 120)
    text = export.read_text(encoding="utf-8")
    # A title with a stray quote, as a hand-edited export might have, early in the file.
    first_row = text.index("\n") + 1
    export.write_text(text[:first_row] + 'x,Stray"Quote,2020,u,,,text,,\n' + text[first_row:])
    whole = _outline_whole(export, capsys, monkeypatch)
    in_parts = _outlined_in_parts_if_it_can(export, capsys, monkeypatch, whole)
    assert not in_parts  # the parts were refused, so the export was read whole
    assert 'Stray\\"Quote' in whole[1]


@pytest.mark.parametrize(
    ("encoding", "cut"), [("utf-8-sig", True), ("cp1252", False), ("utf-16", False)]
)
def test_an_export_in_any_encoding_is_outlined_as_loaded_whole(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    encoding: str,
    cut: bool,
) -> None:
    """Parts are cut from the bytes and decoded as UTF-8 by the workers: an export with a
    byte order mark is cut as any other; one in Windows-1252 fails to decode in a worker
    and one in UTF-16 is not cut, and each is read whole, with its note."""
    export = tmp_path / "reviews.csv"
    _export(export, 120)
    text = export.read_text(encoding="utf-8")
    export.write_bytes(text.encode(encoding, errors="replace"))
    whole = _outline_whole(export, capsys, monkeypatch)
    in_parts = _outlined_in_parts_if_it_can(export, capsys, monkeypatch, whole)
    assert in_parts is cut
    assert whole[0] == 0 and "Bad Rating" in whole[1]
    assert ("Windows-1252" in whole[2]) is (encoding == "cp1252")


def test_an_export_without_a_good_row_is_reported_as_loading_it_whole_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    export = tmp_path / "reviews.csv"
    head, _ = _real_rows(REAL)
    with export.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file, lineterminator="\n").writerows([head] + [["too", "few"]] * 40)
    whole = _outline_whole(export, capsys, monkeypatch)
    monkeypatch.setattr(part_workers, "cores", lambda: 2)
    assert _outline(export, capsys) == whole
    assert whole[0] != 0 and "holds no reviews" in whole[2]


def test_a_worker_renders_its_own_parts_first_then_takes_the_lowest_left() -> None:
    class Connection:
        def __init__(self) -> None:
            self.sent: list[int | None] = []

        def send(self, part: int | None) -> None:
            self.sent.append(part)

    connection = Connection()
    worker = part_workers._Worker(None, connection, parts=[1, 3])  # type: ignore[arg-type]
    waiting = [0, 1, 2, 3, 4]
    for _ in range(5):
        part_workers._hand_out(worker, waiting)
    assert connection.sent == [1, 3, 0, 2, 4]
    assert waiting == []
    part_workers._hand_out(worker, waiting)
    assert connection.sent[-1] is None and not worker.busy


def test_parts_rendered_by_a_worker_that_did_not_load_them_come_out_the_same(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every part handed to a worker that did not load it while there is one, so most
    are loaded again: no load problem is told twice, and short reviews still take the
    export's language."""
    export = tmp_path / "reviews.csv"
    _export(export, 300)
    whole = _outline_whole(export, capsys, monkeypatch)
    monkeypatch.setattr(export_parts, "PART_SIZE", 20_000)
    monkeypatch.setattr(part_workers, "cores", lambda: 2)
    handed: list[tuple[list[int], int | None]] = []

    def others_first(worker: part_workers._Worker, waiting: list[int]) -> None:
        theirs = [part for part in waiting if part not in worker.parts]
        part = next(iter(theirs or waiting), None)
        if part is not None:
            waiting.remove(part)
        handed.append((worker.parts, part))
        worker.connection.send(part)
        worker.busy = part is not None

    monkeypatch.setattr(part_workers, "_hand_out", others_first)
    assert _outline(export, capsys) == whole
    taken = [part for parts, part in handed if part is not None and part not in parts]
    assert len(taken) >= len(handed) // 3


def test_the_exports_first_reviews_are_sent_first_in_a_smaller_chunk() -> None:
    """Output starts after FIRST_CHUNK reviews are rendered, not a whole CHUNK; every
    review is sent once, in order."""
    reviews = list(range(2 * CHUNK + 15))
    first = [list(chunk) for chunk in part_workers._chunks(reviews, part_workers.FIRST_CHUNK)]
    assert [len(chunk) for chunk in first] == [part_workers.FIRST_CHUNK, CHUNK, CHUNK, 5]
    assert [review for chunk in first for review in chunk] == reviews
    later = [len(chunk) for chunk in part_workers._chunks(reviews, CHUNK)]
    assert later == [CHUNK, CHUNK, 15]
