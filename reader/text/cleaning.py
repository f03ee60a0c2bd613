"""Making untrusted text safe to show and pleasant to hear.

Review text comes from scrapers, exports and terminals. Before anything displays or
speaks it, terminal escape sequences and control characters go (they could drive the
user's terminal), mojibake is repaired, and URLs shrink to the site a listener would
recognise. Rich or BBCode-like markup such as `[bold red]` is left as literal text: the
front ends are responsible for never interpreting it.
"""

import html
import re
import unicodedata
from urllib.parse import urlsplit

# ECMA-48 sequences: CSI (ESC [ or the 8-bit CSI), OSC/DCS/PM/APC strings up to their
# terminator, and two-character escapes.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b[\]P^_X]|[\x90\x98\x9d-\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]"
)
# Control characters other than newline and tab, zero-width spaces and bidirectional
# overrides (which can make text display differently from how it is read). The zero-width
# joiners stay: Persian spelling and emoji need them.
_INVISIBLE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064"
    r"\u2066-\u2069\ufeff\ufff9-\ufffb]"
    # Private-use characters only mean something in the icon font that defined them; the
    # parser also reserves a few of them as internal spoiler markers.
    r"|[\ue000-\uf8ff]"
)
_SPACES = re.compile(r"[ \t\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# The spaces _SPACES turns into ' ' other than ' ' itself: without them or a double space,
# collapsing would change nothing, and it is the slowest step on long text.
_ODD_SPACES = re.compile(r"[\t\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_LINE_END_SPACES = re.compile(r" *\n *")
_BLANK_LINES = re.compile(r"\n{3,}")
# Bytes of UTF-8 read as Windows-1252 or Latin-1, in any script: a lead byte (Â-ô) then a
# continuation byte (0x80-0xBF as Latin-1 or Windows-1252 shows it): "itâ€™s", "cafÃ©",
# "Ð½Ð¾Ñ€Ð¼" (норм), "æ—¥æœ¬" (日本). Correct text can match too ('«café»'); ftfy then
# decides, and leaves it alone.
_MOJIBAKE_HINT = re.compile(r"[\xc2-\xf4][\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")
# Character references. Without a semicolon only the few that real exports carry are
# decoded, and only where a browser would: 'AT&T' and '?a=1&amp=2' stay as written.
_REFERENCE = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31})(;?)")
_BARE_REFERENCES = frozenset(("amp", "lt", "gt", "quot", "apos", "nbsp"))
_AFTER_BARE_REFERENCE = re.compile(r"[A-Za-z0-9=]")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'()\[\]{}]+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?"


def strip_controls(text: str) -> str:
    """Remove escape sequences and control characters; keep newlines, turn tabs to spaces."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Escape sequences start with characters _INVISIBLE removes: text with none of those
    # (nearly all text) has nothing to remove, and is looked through once.
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", _ESCAPE_SEQUENCE.sub("", text))
    return text.replace("\t", " ")


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 decoded as Windows-1252 or Latin-1, in any script, only where likely."""
    if text.isascii() or not _MOJIBAKE_HINT.search(text):
        return text
    import ftfy  # costs 40 ms at start-up, and most text never needs it

    config = ftfy.TextFixerConfig(
        uncurl_quotes=False,
        unescape_html=False,
        # strip_controls runs next and removes whole escape sequences; ftfy would remove
        # only their ESC bytes and leave '];evil title' behind.
        remove_terminal_escapes=False,
        remove_control_chars=False,
        fix_line_breaks=False,
        explain=False,
    )
    return ftfy.fix_text(text, config)


def decode_entities(text: str) -> str:
    """Decode character references in plain text: '&gt', '&amp;', '&#39;', '&nbsp'."""
    if "&" not in text:
        return text
    return _REFERENCE.sub(lambda match: _reference(match, text) or match.group(0), text)


def escape_stray_ampersands(markup: str) -> str:
    """Escape each '&' that starts no reference, so an HTML parser keeps 'AT&T' and
    '?a=1&amp=2' as written instead of guessing an entity."""
    parts = []
    last = 0
    for match in re.finditer("&", markup):
        reference = _REFERENCE.match(markup, match.start())
        if reference is None or _reference(reference, markup) is None:
            parts.append(markup[last : match.start()] + "&amp;")
            last = match.end()
    return "".join(parts) + markup[last:]


def _reference(match: re.Match[str], text: str) -> str | None:
    """The character a reference stands for, or None where it is not one."""
    name, semicolon = match.group(1), match.group(2)
    if not semicolon and not name.startswith("#"):
        following = text[match.end() : match.end() + 1]
        if name.lower() not in _BARE_REFERENCES or _AFTER_BARE_REFERENCE.match(following):
            return None
    decoded = html.unescape(f"&{name};")
    return None if decoded == f"&{name};" else decoded


def shorten_urls(text: str) -> str:
    """Replace each URL by its site name: 'https://www.imdb.com/title/tt1' -> 'imdb.com'."""
    # lower() keeps every 'www.' _URL could find, in any case: a quick test first.
    if "://" not in text and "www." not in text.lower():
        return text
    return _URL.sub(_site_name, text)


def _site_name(match: re.Match[str]) -> str:
    url = match.group(0)
    trailing = len(url) - len(url.rstrip(_URL_TRAILING))
    core, tail = url[: len(url) - trailing], url[len(url) - trailing :]
    if not core.lower().startswith("http"):
        core = "http://" + core
    host = urlsplit(core).hostname or ""
    host = host.removeprefix("www.")
    return (host or match.group(0)) + tail


def normalise_space(text: str) -> str:
    """Collapse runs of spaces, trim line ends, keep at most one blank line."""
    # Each step runs only where it would change something: most paragraphs are one line
    # with single spaces, and looking for what to change is quicker than changing it.
    if "  " in text or ((not text.isascii() or "\t" in text) and _ODD_SPACES.search(text)):
        text = _SPACES.sub(" ", text)
    if "\n" in text:
        if " \n" in text or "\n " in text:
            text = _LINE_END_SPACES.sub("\n", text)
        if "\n\n\n" in text:
            text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


def clean_text(text: str) -> str:
    """Everything above, in the order that keeps each step safe: the full cleaning pass."""
    # Mojibake first: Latin-1 shows UTF-8 continuation bytes 0x80-0x9F as control
    # characters, which strip_controls would otherwise delete ('Ñ\x80' is 'р').
    text = strip_controls(repair_mojibake(text))
    return normalise_space(unicodedata.normalize("NFC", text))


def clean_line(text: str) -> str:
    """Clean a short single-line value such as a title or a metadata field."""
    # Printable ASCII without a reference holds nothing to decode, remove or repair (as
    # most titles and fields do): only its spaces are collapsed.
    if text.isascii() and text.isprintable() and "&" not in text:
        return " ".join(text.split())
    return " ".join(clean_text(decode_entities(text)).split())
