"""A web server on 127.0.0.1 for the tests: real saved pages, a feed, and the ways a
fetch can fail (404, 500, a redirect loop, a slow or huge page). Each test starts its own."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "data" / "real" / "web"
STEAM = ROOT / "sample_reviews" / "steam-reviews.json"
HTML = "text/html; charset=utf-8"
# Made up: posts out of date order, relative links to this server's pages, one undated.
ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Reviews</title>
  <entry><title>Older</title><link href="/black-panther.html"/>
    <updated>2024-03-01T10:00:00Z</updated></entry>
  <entry><title>Undated</title><link href="/notes.txt"/></entry>
  <entry><title>Newest</title><link href="/editor-reviews"/>
    <updated>2024-05-01T10:00:00Z</updated></entry>
</feed>
"""


@dataclass(frozen=True)
class Answer:
    """What the test server sends for one path."""

    status: int = 200
    media_type: str = HTML
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0


KOREAN = (
    "<!doctype html><html><head><title>나의 아저씨</title></head><body><article>"
    "<h1>나의 아저씨 리뷰</h1><p>이 드라마는 조용하지만 깊은 위로를 줍니다. "
    "배우들의 연기가 정말 훌륭하고, 마지막 회까지 눈을 뗄 수 없었습니다.</p>"
    "</article></body></html>"
)
ROUTES = {
    "/black-panther.html": Answer(body=(REAL / "black-panther.html").read_bytes()),
    "/editor-reviews": Answer(body=(REAL / "editor-reviews.html").read_bytes()),
    "/steam": Answer(media_type="application/json", body=STEAM.read_bytes()),
    "/korean": Answer(media_type="text/html; charset=EUC-KR", body=KOREAN.encode("euc-kr")),
    "/notes.txt": Answer(media_type="text/plain", body=b"A quiet film.\n\nRating: 4/5\n"),
    "/missing": Answer(status=404, body=b"<h1>Not Found</h1>"),
    "/broken": Answer(status=500, body=b"<h1>Internal Server Error</h1>"),
    "/loop": Answer(status=302, headers=(("Location", "/loop"),)),
    "/moved": Answer(status=301, headers=(("Location", "/editor-reviews"),)),
    "/slow": Answer(body=b"<p>too late</p>", delay=2.0),
    "/huge": Answer(body=b"<p>" + b"word " * 20_000 + b"</p>"),
    "/paper.pdf": Answer(
        media_type="application/pdf", body=b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"
    ),
    "/npr.rss": Answer(
        media_type="application/rss+xml", body=(REAL / "npr-movies-rss.xml").read_bytes()
    ),
    "/atom": Answer(media_type="application/xml", body=ATOM),
    "/empty": Answer(
        body=b"<!doctype html><html><head><title>Soon</title></head><body></body></html>"
    ),
}


class Handler(BaseHTTPRequestHandler):
    """Answers from ROUTES, and records the User-Agent each request came with."""

    agents: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        Handler.agents.append(self.headers.get("User-Agent", ""))
        answer = ROUTES.get(self.path, Answer(status=404))
        time.sleep(answer.delay)
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.media_type)
        if self.path != "/huge":  # a body with no length is read until the server closes
            self.send_header("Content-Length", str(len(answer.body)))
        for name, value in answer.headers:
            self.send_header(name, value)
        self.end_headers()
        # The client stops reading past its size limit, as it should.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(answer.body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""


@contextmanager
def serving() -> Iterator[str]:
    """A server on a free port of 127.0.0.1; yields its base URL and stops it after."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
