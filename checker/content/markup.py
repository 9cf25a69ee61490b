"""A linear HTML tag scanner: what the link extractor and the page reader need, no tree.

HTML tree builders are quadratic (or worse) on hostile markup: lexbor took 32 s for
100,000 nested ``<div>``s, and 35 KB of misnested ``<p><b id=…></p>`` made it build
700 MB of re-opened formatting elements. Links, ids, titles and text need no tree, so
this module tokenizes as the HTML tokenizer does (comments, raw text elements, quoted
attribute values, character references) in one pass whose time and memory grow with
the page's size only. A regular expression skips everything a caller does not ask
for at C speed; Python sees only the tags it asked for.

Known simplifications next to a browser: no tree, so implied end tags and misnesting
are not modelled (an unclosed ``<h1>`` ends at the next heading or ``</h1>``); inside
``<svg>``/``<math>`` only the self-closing ``/>`` differs; ``<template>`` contents are
reported as such so callers can leave them out.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import html
import re
from collections.abc import Callable, Iterator
from html.entities import html5
from sys import intern
from typing import NamedTuple, TypeVar

__all__ = ["Tag", "decode_html", "off_loop", "parse_attributes", "scan", "strip_tags"]

T = TypeVar("T")
OFF_LOOP = 256 * 1024
"""Pages larger than this are read in a worker thread (see :func:`off_loop`)."""
_READER = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="reader")

RAW_TEXT = frozenset(
    {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"}
)
"""Elements whose content is text up to their end tag (``plaintext``: up to the end)."""
STRUCTURE = frozenset({"template", "svg", "math"})
"""Start and end tags :func:`scan` always reports (``Tag.template`` and ``Tag.foreign``)."""

_WS = "\t\n\f\r "
_NAME_END = r"(?=[\t\n\f\r />])"
_VALUE = r"""(?:"[^"]*+"|'[^']*+'|[^\t\n\f\r >]*+)"""
_ATTR = r"[^\t\n\f\r />][^\t\n\f\r /=>]*+(?:[\t\n\f\r ]*+=[\t\n\f\r ]*+" + _VALUE + r")?+"
_ATTRS = r"(?:[\t\n\f\r /]++|" + _ATTR + r")*+"
_COMMENT = r"!--(?:-?>|(?:[^-]++|-(?!-!?>))*+(?:--!?>|\Z))"
_BOGUS = r"[!?][^>]*+>|/(?![A-Za-z])[^>]*+>"
_TAG = re.compile(  # a tag or comment; or an unterminated one, which the end of text ends
    r"<(?:" + _COMMENT + "|" + _BOGUS + r"|/?[A-Za-z][^\t\n\f\r />]*+" + _ATTRS + r">"
    r"|[A-Za-z/!?][^>]*+\Z)"
)
_ATTRIBUTE = re.compile(
    r"""([^\t\n\f\r />][^\t\n\f\r /=>]*+)(?:[\t\n\f\r ]*+=[\t\n\f\r ]*+"""
    r"""(?:"([^"]*+)"|'([^']*+)'|([^\t\n\f\r >]*+)))?+"""
)
_REFERENCE = re.compile(r"&(#[xX][0-9a-fA-F]+;?|#[0-9]+;?|[A-Za-z][A-Za-z0-9]*+;?)")
_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([\w.:-]+)", re.I)
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


class Tag(NamedTuple):
    """A tag :func:`scan` reports, after the text that precedes it."""

    text_start: int  # the text (and skipped markup) before this tag: text[text_start:start]
    start: int
    stop: int  # just past the tag (and past a raw text element's content and end tag)
    name: str  # lowercased
    end: bool  # an end tag
    attrs: str  # the raw attribute text (see parse_attributes)
    content: str | None  # raw text elements: everything up to their end tag
    template: bool  # inside <template> (its contents are no part of the page)
    foreign: bool  # inside <svg> or <math>


_SPECIAL = RAW_TEXT | STRUCTURE
_new = tuple.__new__  # a NamedTuple without its Python-level __new__ (a third of the time)


@functools.cache
def _scanner(names: frozenset[str], ends: frozenset[str], keep: tuple[str, ...]) -> re.Pattern[str]:
    """One match: a run of markup and text nobody asked for, then a tag somebody did.

    Start tags are skipped unless named in `names` or carrying an attribute in `keep`;
    end tags unless named in `ends`. Raw text and structure tags are always reported.
    """
    wanted = _trie(names | RAW_TEXT | STRUCTURE)
    ended = _trie(ends | STRUCTURE)
    attrs = _ATTRS
    if keep:
        kept = "|".join(keep)
        attrs = rf"(?:[\t\n\f\r /]++|(?!(?i:{kept})[\t\n\f\r /=>]){_ATTR})*+"
    skipped_start = rf"(?!(?i:{wanted}){_NAME_END})[A-Za-z][^\t\n\f\r />]*+{attrs}>"
    skipped_end = rf"/(?!(?i:{ended}){_NAME_END})[A-Za-z][^>]*+>"
    skip = rf"(?:[^<]++|<(?:{skipped_start}|{skipped_end}|{_COMMENT}|{_BOGUS}|(?![A-Za-z/!?])))*+"
    item = rf"(?P<tag><(?P<end>/?)(?P<name>[A-Za-z][^\t\n\f\r />]*+)(?P<attrs>{_ATTRS})>)?"
    return re.compile(skip + item)


def _trie(words: frozenset[str]) -> str:
    """A regex matching exactly `words`, branching on one letter at a time (a plain
    alternation tries every word at every tag)."""
    heads: dict[str, set[str]] = {}
    for word in words:
        heads.setdefault(word[:1], set()).add(word[1:])
    branches = []
    for head, tails in sorted(heads.items()):
        if head == "":
            continue
        rest = _trie(frozenset(t for t in tails if t))
        optional = "" in tails
        branches.append(re.escape(head) + (f"(?:{rest}){'?' if optional else ''}" if rest else ""))
    return "|".join(branches)


@functools.cache
def _raw_end(name: str) -> re.Pattern[str]:
    return re.compile(rf"</{name}{_NAME_END}", re.I)


def scan(
    text: str,
    names: frozenset[str],
    ends: frozenset[str] = frozenset(),
    keep: tuple[str, ...] = (),
) -> Iterator[Tag]:
    """The start tags named in `names` (or carrying an attribute named in `keep`), the end
    tags named in `ends`, every raw text element with its content, and the structure tags,
    in document order. Comments are skipped; the text before each tag is given by span.
    A final tag named ``""`` carries the text after the last tag.
    """
    match_at = _scanner(names, ends, keep).match
    end = text.rfind(">") + 1  # no tag ends past the last ">": nothing is scanned beyond
    pos = text_from = 0
    template = foreign = 0
    while pos < end:
        match = match_at(text, pos, end)
        assert match is not None  # the pattern matches the empty string
        tag, closing, name, attrs = match.groups()
        if tag is None:
            if match.end() >= end:
                break
            pos = match.end() + 1  # a "<" that starts nothing (an unterminated tag)
            continue
        name = intern(name.lower())  # one string per tag name, however many elements
        start, pos = match.start(1), match.end()
        outer = template == 0  # a <template> start tag itself belongs to the page
        content = None
        if name in _SPECIAL:
            if name == "plaintext" and not closing:
                content, pos = text[pos:], len(text)  # the rest is text, whatever it says
            elif name in RAW_TEXT and not closing and not (foreign and attrs.endswith("/")):
                found = _raw_end(name).search(text, pos)
                stop = found.start() if found else len(text)
                content = text[pos:stop]
                close = text.find(">", stop)
                pos = close + 1 if found and close >= 0 else len(text)
            elif name == "template":
                template = max(template + (-1 if closing else 1), 0)
            elif name in ("svg", "math") and not attrs.endswith("/"):
                foreign = max(foreign + (-1 if closing else 1), 0)
        inside = template > 0 if closing else not outer
        fields = (text_from, start, pos, name, bool(closing), attrs, content, inside, foreign > 0)
        yield _new(Tag, fields)
        text_from = pos
    yield Tag(text_from, len(text), len(text), "", False, "", None, template > 0, foreign > 0)


def parse_attributes(attrs: str) -> dict[str, str]:
    """Attribute text → {lowercased name: value}; the first of a repeated name wins and
    character references are decoded as in an attribute value."""
    found: dict[str, str] = {}
    for name, double, single, bare in _ATTRIBUTE.findall(attrs):
        name = name.lower()
        if name not in found:
            value = double or single or bare
            found[name] = _REFERENCE.sub(_attribute_reference, value) if "&" in value else value
    return found


def _attribute_reference(match: re.Match[str]) -> str:
    """HTML's rule: a legacy named reference with no ";" stays as written in an attribute
    when a letter, a digit or "=" follows it (``?a=1&copy=2`` keeps its ``&copy``)."""
    ref = match.group(1)
    if ref[0] == "#":
        return html.unescape(match.group())
    if ref.endswith(";") and ref in html5:
        return html5[ref]
    after = match.string[match.end() : match.end() + 1]
    if not ref.endswith(";") and ref in html5 and after != "=":
        return html5[ref]
    return match.group()


def strip_tags(markup: str) -> str:
    """`markup` with every tag and comment replaced by a space, character references
    decoded (text between two tags is kept apart, as separate text nodes are)."""
    text = _TAG.sub(" ", markup)
    return html.unescape(text) if "&" in text else text


def decode_html(body: bytes, charset: str | None = None) -> str:
    """The text of an HTML body: a BOM, else `charset` (from Content-Type), else a
    ``<meta charset>`` in its first 2 KB, else UTF-8; undecodable bytes replaced."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(codec, errors="replace")
    meta = _META_CHARSET.search(body[:2048])
    for name in (charset, meta.group(1).decode("ascii") if meta else None):
        if name:
            try:
                return body.decode(name, errors="replace")
            except LookupError:  # an unknown charset name
                continue
    return body.decode("utf-8", errors="replace")


async def off_loop(read: Callable[[], T], size: int) -> T:
    """``read()``, in a worker thread when its input is over :data:`OFF_LOOP` bytes: the
    event loop then goes on between the thread's slices of the GIL, so timers, --deadline
    and signals keep working while a large page is read (a small one costs less than the
    hand-over). One thread, so large pages are read one at a time: the GIL allows no more
    anyway, and memory holds one page's copies, not six."""
    if size <= OFF_LOOP:
        return read()
    return await asyncio.get_running_loop().run_in_executor(_READER, read)
