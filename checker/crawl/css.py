"""Find the URLs a stylesheet loads: ``url(...)``, ``@import "..."`` and ``image-set("...")``."""

from __future__ import annotations

import re

__all__ = ["extract_css_urls"]

_STR = r""""(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?"""
_TOKENS = re.compile(
    rf"""
      /\*.*?(?:\*/|\Z)                                      # comment
    | @import\s*(?P<imp>{_STR})                             # @import "x"
    | (?<![\w\-\\])url\(\s*(?:(?P<qurl>{_STR})\s*(?:\)|\Z)
                         |(?P<url>(?:[^)\\\s"']|\\[0-9A-Fa-f]{{1,6}}\s?|\\.)*)\s*(?:\)|\Z))
    | (?P<iset>(?<![\w\-\\])(?:-webkit-)?image-set\()      # strings inside are URLs
    | (?P<str>{_STR})                                       # other strings: skipped
    | (?P<open>\()
    | (?P<close>\))
    """,
    re.S | re.I | re.X,
)
_QUICK = re.compile(r"url\(|@import|image-set\(", re.I)
_ESCAPE = re.compile(r"\\(?:([0-9A-Fa-f]{1,6})[ \t\n\r\f]?|(\r\n|[\n\r\f])|(.))", re.S)


def _unescape_char(m: re.Match[str]) -> str:
    hex_digits, newline, char = m.groups()
    if hex_digits:
        cp = int(hex_digits, 16)
        return "\ufffd" if cp == 0 or cp > 0x10FFFF or 0xD800 <= cp <= 0xDFFF else chr(cp)
    if newline:
        return ""  # a line continuation inside a string
    return char or ""


def _unquote(token: str) -> str:
    if token[:1] in "\"'":
        token = token[1:-1] if len(token) > 1 and token[-1] == token[0] else token[1:]
    return _ESCAPE.sub(_unescape_char, token) if "\\" in token else token


def extract_css_urls(css_text: str) -> list[str]:
    """URLs referenced by ``css_text``, unresolved, in source order.

    Handles quoted/unquoted ``url()`` with CSS escapes, ``@import "x"``/``@import url(x)``
    and the strings of ``image-set()``; ignores comments, ``data:`` URLs and same-document
    references such as ``url(#filter)``.
    """
    if not _QUICK.search(css_text):
        return []
    urls: list[str] = []
    iset_depth = 0  # paren depth inside image-set(), 0 when outside
    for m in _TOKENS.finditer(css_text):
        group = m.lastgroup
        raw: str | None = None
        if group in ("imp", "qurl", "url"):
            raw = m.group(group)
        elif group == "iset":
            iset_depth += 1
        elif group == "open":
            if iset_depth:
                iset_depth += 1
        elif group == "close":
            if iset_depth:
                iset_depth -= 1
        elif group == "str" and iset_depth == 1:
            raw = m.group("str")
        if raw is None:
            continue
        url = _unquote(raw).strip(" \t\n\r\f")
        if url and not url.startswith("#") and url[:5].lower() != "data:":
            urls.append(url)
    return urls
