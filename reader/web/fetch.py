"""Fetching one web page with a time limit, a size limit and one clear line for each failure."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from http.client import HTTPException, HTTPResponse
from urllib.error import HTTPError, URLError
from urllib.request import Request, urlopen

from reader import __version__
from reader.loaders.problems import LoadError

USER_AGENT = f"reader/{__version__} (+accessible review reader)"
_ACCEPT = "text/html,application/xhtml+xml,application/json;q=0.9,text/*;q=0.8,*/*;q=0.1"
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Limits:
    """How long to wait for a server and how much of its answer to read."""

    timeout: float = 15.0  # seconds, for the connection and for each read
    size: int = 8 * 1024 * 1024  # one review page; the registry's document limit


@dataclass(frozen=True)
class Page:
    """A server's answer: its media type (lowercase, no parameters), its bytes, and the
    character set its header named, if any."""

    url: str
    media_type: str
    body: bytes
    charset: str | None = None


class Unreachable(LoadError):
    """The network failed (no answer, no connection); a saved copy may stand in."""


def fetch(url: str, limits: Limits) -> Page:
    """The page at `url`, redirects followed; raises LoadError saying what went wrong."""
    try:
        request = Request(url, headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT})
        with urlopen(request, timeout=limits.timeout) as response:
            body = _read_limited(response, limits.size)
            headers = response.headers
            return Page(
                url, headers.get_content_type().lower(), body, headers.get_content_charset()
            )
    except HTTPError as error:
        error.close()
        raise LoadError(_http_reason(error)) from error
    except URLError as error:
        raise Unreachable(_network_reason(error.reason, limits)) from error
    except (TimeoutError, ConnectionError) as error:
        raise Unreachable(_network_reason(error, limits)) from error
    except HTTPException as error:
        raise LoadError(f"the server's answer was broken ({type(error).__name__})") from error
    except ValueError as error:  # urllib's word for an address it cannot parse
        raise LoadError(f"is not a web address reader can open ({error})") from error


def _read_limited(response: HTTPResponse, limit: int) -> bytes:
    """The body, refused as soon as it is known to be over `limit` bytes."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large(limit)
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(_CHUNK):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
    return b"".join(chunks)


def too_large(limit: int) -> LoadError:
    """The error for a page over the size limit."""
    shown = f"{limit // 1048576} MB" if limit >= 1048576 else f"{limit // 1024} KB"
    return LoadError(f"the page is larger than {shown}, the most reader reads")


def _http_reason(error: HTTPError) -> str:
    code = error.code
    if 300 <= code < 400:
        if "infinite loop" in str(error.reason):
            return f"the page redirects in a loop (HTTP {code})"
        return f"the page redirects somewhere reader cannot follow (HTTP {code})"
    if code in (404, 410):
        return f"page not found (HTTP {code})"
    if code in (401, 403):
        return f"the server refused access (HTTP {code})"
    if code >= 500:
        return f"the server failed (HTTP {code} {error.reason})"
    return f"the server answered HTTP {code} {error.reason}"


def _network_reason(reason: object, limits: Limits) -> str:
    if isinstance(reason, socket.gaierror):
        return "cannot find the server (no network, or a wrong address)"
    if isinstance(reason, TimeoutError):
        return f"no answer within {limits.timeout:g} seconds"
    if isinstance(reason, ConnectionRefusedError):
        return "the server refused the connection"
    if isinstance(reason, OSError) and reason.strerror:
        return f"cannot reach the server ({reason.strerror.lower()})"
    return f"cannot reach the server ({reason})"
