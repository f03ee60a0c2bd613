"""Reviews by web address, fetched only from a server on 127.0.0.1 that each test starts:
real saved pages, the ways a fetch fails, and the saved copy read when the server is gone."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from runner import FOLDERS, Env, environment, reader
from web_server import REAL, ROUTES, STEAM, Answer, Handler, serving

from reader.loaders import LoadResult, Severity, load_paths
from reader.model import Document, Source
from reader.reading.library import parse_or_problem
from reader.storage.positions import review_key
from reader.web.addresses import is_url, located, still_there
from reader.web.feeds import queued_addresses
from reader.web.fetch import USER_AGENT, Limits
from reader.web.pages import load_url
from reader.web.sources import load_sources

ROOT = Path(__file__).resolve().parent.parent
QUICK = Limits(timeout=0.3, size=64 * 1024)
NPR = "https://www.npr.org/2021/12/"


@pytest.fixture
def site() -> Iterator[str]:
    """The test server's base URL."""
    with serving() as base:
        yield base


@pytest.fixture(autouse=True)
def own_folders(env: Env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache (for the saved pages), settings and state of each test's own, the same in
    process as in the test's runs of reader."""
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    for name in (*FOLDERS, "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, env[name])


def closed_port() -> int:
    """A port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def documents(result: LoadResult) -> list[Document]:
    """Every review loaded, parsed."""
    parsed = [parse_or_problem(review) for review in result.reviews]
    assert all(isinstance(document, Document) for document in parsed)
    return [document for document in parsed if isinstance(document, Document)]


def one_error(result: LoadResult, url: str) -> str:
    """The single problem a failed address gives, checked to be one line for that URL."""
    assert not result.reviews
    [problem] = result.problems
    assert problem.severity is Severity.ERROR and problem.path == url
    assert "\n" not in str(problem)
    return problem.message


# Addresses and paths


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://example.org/review", True),
        ("HTTP://example.org", True),
        ("http:relative", False),
        ("review.html", False),
        ("-", False),
        ("ftp://example.org/review.txt", False),
    ],
)
def test_is_url(given: str, expected: bool) -> None:
    assert is_url(given) is expected


def test_a_url_is_named_as_given_and_a_path_made_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = "https://example.org/reviews/parasite?page=2"
    assert located(url) == url and still_there(url)
    assert review_key(Source(url, 3)) == f"{url}:3"
    monkeypatch.chdir(tmp_path)
    assert located("gone.txt") == str(tmp_path / "gone.txt")
    assert not still_there("gone.txt")


# Real pages


def test_a_real_review_page_loads_as_the_saved_file_does(site: str) -> None:
    url = f"{site}/black-panther.html"
    result = load_sources([url])
    [review] = result.reviews
    assert str(review.source) == url
    [page] = documents(result)
    [saved] = documents(load_paths([str(REAL / "black-panther.html")]))
    assert [s.text for s in page.sections] == [s.text for s in saved.sections]
    text = " ".join(section.text for section in page.sections)
    assert "Killmonger is probably my second favorite MCU villain" in text
    assert "Storyline" in [section.heading for section in page.sections]


def test_a_real_page_keeps_its_title_and_rating(site: str) -> None:
    [document] = documents(load_sources([f"{site}/editor-reviews"]))
    assert document.title == "Editor Reviews"
    assert document.rating is not None and document.rating.value == 8
    assert document.language == "en"
    assert "Deadpool" in [section.heading for section in document.sections]


def test_a_redirect_is_followed(site: str) -> None:
    [document] = documents(load_sources([f"{site}/moved"]))
    assert document.title == "Editor Reviews"
    assert str(document.source) == f"{site}/moved"


def test_the_request_names_reader(site: str) -> None:
    Handler.agents.clear()
    load_sources([f"{site}/editor-reviews"])
    assert Handler.agents == [USER_AGENT]
    assert USER_AGENT.startswith("reader/") and "accessible review reader" in USER_AGENT


# Other formats by media type


def test_json_records_load_like_the_file(site: str) -> None:
    result = load_sources([f"{site}/steam"])
    from_file = load_paths([str(STEAM)])
    assert len(result.reviews) == len(from_file.reviews) > 1
    assert [r.body for r in result.reviews] == [r.body for r in from_file.reviews]
    assert result.reviews[0].source.path == f"{site}/steam"


def test_plain_text_is_read_by_its_content(site: str) -> None:
    [document] = documents(load_sources([f"{site}/notes.txt"]))
    assert "A quiet film." in document.sections[0].text


def test_the_character_set_the_server_names_is_used_and_kept(tmp_path: Path) -> None:
    with serving() as base:
        [fresh] = documents(load_sources([f"{base}/korean"]))
    [offline] = documents(load_url(f"{base}/korean", QUICK))
    for document in (fresh, offline):
        text = " ".join(section.text for section in document.sections)
        assert "깊은 위로를 줍니다" in text


# Failures: one line each, and the other sources still load


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/missing", "page not found (HTTP 404)"),
        ("/broken", "the server failed (HTTP 500 Internal Server Error)"),
        ("/loop", "the page redirects in a loop (HTTP 302)"),
        ("/paper.pdf", "the answer is application/pdf, not a page reader reads"),
        ("/empty", "the page holds no article to read"),
        ("/npr.rss", "is a feed; queue its newest reviews with: reader queue add URL"),
        ("/huge", "the page is larger than 64 KB, the most reader reads"),
        ("/slow", "no answer within 0.3 seconds"),
    ],
)
def test_a_failed_fetch_is_one_clear_line(site: str, path: str, expected: str) -> None:
    # '/slow' answers after 2 s: only the 0.3 s timeout gives its message.
    message = one_error(load_url(site + path, QUICK), site + path)
    assert message.startswith(expected)


def test_a_declared_length_over_the_limit_is_refused_unread(site: str) -> None:
    tiny = Limits(timeout=1, size=100)
    message = one_error(load_url(f"{site}/editor-reviews", tiny), f"{site}/editor-reviews")
    assert message.startswith("the page is larger than")


def test_no_server_is_one_line(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}/review"
    assert one_error(load_url(url, QUICK), url) == "the server refused the connection"


def test_an_unknown_server_name_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_such_name(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    url = "http://reviews.example/parasite"
    message = one_error(load_url(url, QUICK), url)
    assert message == "cannot find the server (no network, or a wrong address)"


def test_an_unparseable_address_is_one_line() -> None:
    message = one_error(load_url("http://[broken/", QUICK), "http://[broken/")
    assert message.startswith("is not a web address reader can open")


def test_a_bad_address_does_not_stop_the_others(site: str) -> None:
    result = load_sources([f"{site}/missing", str(REAL / "editor-reviews.html"), f"{site}/moved"])
    assert [problem.path for problem in result.problems] == [f"{site}/missing"]
    assert [review.source.path for review in result.reviews] == [
        str(REAL / "editor-reviews.html"),
        f"{site}/moved",
    ]


# The cache


def test_the_saved_copy_is_read_when_the_server_is_gone(tmp_path: Path) -> None:
    with serving() as base:
        url = f"{base}/editor-reviews"
        assert load_sources([url]).reviews
    pages = tmp_path / "cache" / "reader" / "pages"
    assert len(list(pages.glob("*.json"))) == 1 and list(pages.iterdir()) == list(
        pages.glob("*.json")
    )
    result = load_url(url, QUICK)
    [note] = result.problems
    assert note.severity is Severity.NOTE
    assert note.message.startswith("the server refused the connection; reading the copy saved ")
    [document] = documents(result)
    assert document.title == "Editor Reviews"


def test_an_error_answer_does_not_fall_back_to_the_copy(site: str) -> None:
    load_sources([f"{site}/editor-reviews"])
    ROUTES["/editor-reviews-gone"] = Answer(status=404)
    try:
        assert one_error(
            load_url(f"{site}/editor-reviews-gone", QUICK), f"{site}/editor-reviews-gone"
        )
    finally:
        del ROUTES["/editor-reviews-gone"]


def test_a_broken_copy_is_no_copy(tmp_path: Path) -> None:
    with serving() as base:
        url = f"{base}/editor-reviews"
        load_sources([url])
    for saved in (tmp_path / "cache" / "reader" / "pages").glob("*.json"):
        saved.write_text("{not json")
    assert one_error(load_url(url, QUICK), url) == "the server refused the connection"


# The command line


def test_outline_of_urls_and_paths_reports_each_failure_on_one_line(env: Env, site: str) -> None:
    done = reader(env, "outline", f"{site}/editor-reviews", f"{site}/missing", "no-such-file.txt")
    assert done.code == 1
    assert done.out.startswith("Editor Reviews\n")
    assert done.err.splitlines() == [
        f"reader: {site}/missing: page not found (HTTP 404)",
        "reader: no-such-file.txt: no such file or folder",
    ]


def test_text_plays_offline_from_the_saved_copy(env: Env) -> None:
    with serving() as base:
        url = f"{base}/black-panther.html"
        assert reader(env, "text", url).code == 0
    done = reader(env, "text", url)
    assert done.code == 0
    assert "Killmonger" in done.out
    [note] = done.err.splitlines()
    assert note.startswith(f"reader: {url}: the server refused the connection; reading the copy")


def test_plain_mode_opens_a_url(env: Env, site: str) -> None:
    done = reader(env, "--plain", f"{site}/editor-reviews", stdin=b"quit\n")
    assert done.code == 0
    assert done.out.startswith("Review 1 of 1, Editor Reviews, rated 8 out of 10")


# Feeds


def test_a_real_feed_gives_its_newest_posts(site: str) -> None:
    addresses, problems = queued_addresses(f"{site}/npr.rss", 2)
    assert problems == []
    assert addresses == [
        NPR + "16/1064951660/a-review-of-spider-man-no-way-home-with-as-few-spoilers-as-possible",
        NPR + "15/1063807634/nicole-kidman-on-playing-lucille-ball-in-being-the-ricardos",
    ]


def test_feed_posts_come_newest_first_with_links_made_whole(site: str) -> None:
    addresses, _ = queued_addresses(f"{site}/atom", 10)
    assert addresses == [
        f"{site}/editor-reviews",
        f"{site}/black-panther.html",
        f"{site}/notes.txt",
    ]


def test_a_page_is_queued_as_itself(site: str) -> None:
    assert queued_addresses(f"{site}/editor-reviews", 10) == ([f"{site}/editor-reviews"], [])


def test_a_failed_address_queues_nothing(site: str) -> None:
    addresses, [problem] = queued_addresses(f"{site}/missing", 10)
    assert addresses == [] and problem.message == "page not found (HTTP 404)"


def test_queue_add_takes_the_newest_posts_and_skips_queued_ones(env: Env, site: str) -> None:
    first = reader(env, "queue", "add", f"{site}/atom", "--latest", "1")
    assert (first.code, first.out) == (0, "Added 1 file; 1 in the queue\n")
    again = reader(env, "queue", "add", f"{site}/atom", "--latest", "2")
    assert (again.code, again.out) == (0, "Added 1 file; 2 in the queue\n")
    first_line, second_line = reader(env, "queue", "list").out.splitlines()
    assert first_line == f"1. Editor Reviews: {site}/editor-reviews"
    assert second_line.startswith("2. ") and second_line.endswith(f": {site}/black-panther.html")
    assert "(missing)" not in second_line


def test_queue_add_of_a_missing_page_fails_on_one_line(env: Env, site: str) -> None:
    done = reader(env, "queue", "add", f"{site}/missing", str(REAL / "editor-reviews.html"))
    assert done.code == 1
    assert done.err.splitlines() == [f"reader: {site}/missing: page not found (HTTP 404)"]
    assert done.out == "Added 1 file; 1 in the queue\n"


def test_a_queued_page_plays_hands_free_even_when_the_site_is_gone(tmp_path: Path) -> None:
    """Queued while online, it is read later from its saved copy: the listener hears the
    review, and the place is kept under the address."""
    played = tmp_path / "played.raw"
    env = environment(tmp_path, player=f"cat >> {played}")
    with serving() as base:
        url = f"{base}/editor-reviews"
        assert reader(env, "queue", "add", url).code == 0
    done = reader(env, "queue", "play", "--rate", "900")
    assert done.code == 0, done.err
    assert done.out.startswith("Next review: Editor Reviews, rated 8 out of 10")
    assert "the server refused the connection; reading the copy" in done.err
    assert played.stat().st_size > 22050 * 2 * 5  # over five seconds of speech
    assert url in reader(env, "queue", "list").out
