"""Match fetched pages against placeholder signatures and CNAME targets against hosting services.

Data lives in ``checker/data/placeholders.json`` and ``checker/data/dangling.json``; both are
loaded once, lazily.  Users may add JSON files of the same shape (an object with a
``"signatures"`` list, a ``"services"`` list, or both); their entries are merged after the
built-ins, and an entry whose ``id`` (signature) or ``service`` (dangling service) equals a
built-in one replaces it in place.

``match_placeholder`` takes the page's *visible text* (not HTML): signatures are written
against what a visitor reads.  Only the first :data:`MAX_TEXT_CHARS` characters are examined.
``match_dangling_body`` takes the raw response body (HTML/XML as served), since hosting
services' error pages are often XML or put their marker in markup.
"""

from __future__ import annotations

import functools
import html
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Final, Literal, TypeVar, cast

__all__ = [
    "CATEGORIES",
    "MAX_BODY_CHARS",
    "MAX_TEXT_CHARS",
    "DanglingService",
    "Fingerprints",
    "PlaceholderMatch",
    "dangling_service_for",
    "load_fingerprints",
    "match_dangling_body",
    "match_placeholder",
]

Category = Literal[
    "default_server_page",
    "parked",
    "for_sale",
    "coming_soon",
    "directory_listing",
    "soft_404",
    "hosting_error",
]
CATEGORIES: Final[tuple[Category, ...]] = (
    "default_server_page",
    "parked",
    "for_sale",
    "coming_soon",
    "directory_listing",
    "soft_404",
    "hosting_error",
)
DanglingStatus = Literal["vulnerable", "edge_case", "not_vulnerable"]
_STATUSES: Final[tuple[DanglingStatus, ...]] = ("vulnerable", "edge_case", "not_vulnerable")

MAX_TEXT_CHARS: Final = 32_768
"""Visible text examined by :func:`match_placeholder`; the rest is ignored.

Placeholder pages are short, and every body condition either is capped by ``max_text_chars``
or is a phrase a placeholder shows near its top, so a longer prefix would only cost time
(about 20 ms per 32 KiB page).  A single combined alternation was measured to be slower than
separate precompiled searches in CPython's ``re``, so regexes are run one by one.
"""
MAX_BODY_CHARS: Final = 200_000
"""Raw body examined by :func:`match_dangling_body`; the rest is ignored."""

_T = TypeVar("_T")
_FLAGS: Final = re.IGNORECASE
_APOSTROPHES: Final = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u00b4": "'"})
_SIG_KEYS: Final = frozenset(
    {"id", "category", "label", "title", "h1", "heading", "body", "headers", "max_text_chars"}
    | {"source", "notes"}
)
_SVC_KEYS: Final = frozenset(
    {"service", "cname", "cname_regex", "fingerprints", "http_status", "nxdomain", "status"}
    | {"source", "notes"}
)


@dataclass(frozen=True, slots=True)
class PlaceholderMatch:
    """A page recognised as something other than the intended page."""

    id: str
    category: Category
    label: str
    source: str
    evidence: tuple[tuple[str, str], ...]
    """``(condition, matched text)`` for each condition that held, e.g. ``("title", "...")``."""


@dataclass(frozen=True, slots=True)
class DanglingService:
    """A hosting service whose CNAME target can dangle (subdomain-takeover risk)."""

    service: str
    cname: tuple[str, ...]
    fingerprints: tuple[str, ...]
    nxdomain: bool
    status: DanglingStatus
    source: str
    http_status: tuple[int, ...] = ()
    cname_regex: tuple[str, ...] = ()
    notes: str | None = None
    _cname_patterns: tuple[re.Pattern[str], ...] = field(default=(), repr=False, compare=False)
    _needles: tuple[str, ...] = field(default=(), repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class _Signature:
    id: str
    category: Category
    label: str
    source: str
    title: tuple[re.Pattern[str], ...]
    h1: tuple[re.Pattern[str], ...]
    heading: tuple[re.Pattern[str], ...]
    body: tuple[re.Pattern[str], ...]
    headers: tuple[tuple[str, re.Pattern[str]], ...]
    max_text_chars: int | None
    needles: Mapping[re.Pattern[str], str] = field(hash=False, compare=False)
    """Per title/h1/heading/body pattern, a casefolded literal every match contains ("" if
    none is known): a pattern whose literal is not in the text is not run."""


def _normalise_text(text: str) -> str:
    """Straighten curly apostrophes and collapse whitespace runs to one space."""
    return " ".join(text.translate(_APOSTROPHES).split())


def _normalise_body(body: str) -> str:
    return _normalise_text(html.unescape(body)).casefold()


_QUANTIFIERS: Final = frozenset("?*{")
MIN_NEEDLE: Final = 3
"""A shorter literal ("ab") would pass nearly every text and cost more than it saves."""
_META: Final = frozenset("\\()[]{}?*+|.^$")


def required_literal(pattern: str) -> str:
    """The longest literal run every match of ``pattern`` must contain, casefolded ("" if none).

    A prefilter, deliberately conservative: only top-level text counts, a character followed
    by ``?``, ``*`` or ``{`` is optional, classes and groups end a run, and a top-level ``|``
    means no run is required at all. An escaped punctuation character (``\\.``) is text;
    ``\\b`` and ``\\B`` match no character, so a run goes on across them; any other escape
    (``\\s``, ``\\d``) ends a run.
    """
    runs: list[str] = []
    run = ""
    depth = 0
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        following = pattern[i + 1] if i + 1 < len(pattern) else ""
        if ch == "\\":
            after = pattern[i + 2] if i + 2 < len(pattern) else ""
            if following in ("b", "B") and after not in _QUANTIFIERS:
                i += 2  # zero-width: the run goes on
                continue
            if depth == 0 and following and not following.isalnum() and after not in _QUANTIFIERS:
                run += following
                if after == "+":
                    runs.append(run)
                    run = ""
                i += 2
                continue
            runs.append(run)
            run = ""
            i += 2
            continue
        if ch == "[":
            runs.append(run)
            run = ""
            i = _class_end(pattern, i)
            continue
        if ch == "{":  # a counted repetition {m,n}: not literal text
            runs.append(run)
            run = ""
            close = pattern.find("}", i)
            i = len(pattern) if close < 0 else close + 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return ""
        if depth == 0 and ch not in _META and ch != ")" and following not in _QUANTIFIERS:
            run += ch
            if following == "+":
                runs.append(run)
                run = ""
        else:
            runs.append(run)
            run = ""
        i += 1
    runs.append(run)
    longest = max(runs, key=len)
    return longest.casefold() if len(longest.strip()) >= MIN_NEEDLE else ""


def _class_end(pattern: str, start: int) -> int:
    """Index just past the character class opening at ``start``."""
    i = start + 1
    if pattern[i : i + 1] == "^":
        i += 1
    if pattern[i : i + 1] == "]":
        i += 1
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def _first(
    patterns: tuple[re.Pattern[str], ...],
    value: str,
    contains: Callable[[str], bool],
    needles: Mapping[re.Pattern[str], str],
) -> str | None:
    for pattern in patterns:
        needle = needles[pattern]
        if needle and not contains(needle):
            continue
        found = pattern.search(value)
        if found is not None:
            return found.group(0)
    return None


@dataclass(frozen=True, slots=True)
class Fingerprints:
    """A merged, compiled set of placeholder signatures and dangling services."""

    signatures: tuple[_Signature, ...]
    services: tuple[DanglingService, ...]

    def match_placeholder(
        self, title: str | None, h1: str | None, text: str, headers: Mapping[str, str]
    ) -> PlaceholderMatch | None:
        """Return the first signature whose every stated condition holds, else ``None``."""
        too_long = len(text) > MAX_TEXT_CHARS
        body = _normalise_text(text[:MAX_TEXT_CHARS])
        text_len = MAX_TEXT_CHARS + 1 if too_long else len(body)
        title_n = _normalise_text(title) if title else ""
        h1_n = _normalise_text(h1) if h1 else ""
        texts = _Texts(title_n, title_n.casefold(), h1_n, h1_n.casefold(), body, body.casefold())
        lowered = {name.lower(): value for name, value in headers.items()}
        for sig in self.signatures:
            if sig.max_text_chars is not None and text_len > sig.max_text_chars:
                continue
            if sig.body and all((n := sig.needles[p]) and not texts.in_body(n) for p in sig.body):
                continue  # no body pattern can match: skip the other conditions too
            evidence = _evaluate(sig, texts, lowered)
            if evidence is not None:
                return PlaceholderMatch(sig.id, sig.category, sig.label, sig.source, evidence)
        return None

    def dangling_service_for(self, cname_target: str) -> DanglingService | None:
        """Return the service whose CNAME suffix (longest wins) or pattern matches the target."""
        target = cname_target.strip().rstrip(".").lower()
        if not target:
            return None
        best: DanglingService | None = None
        best_len = 0
        for svc in self.services:
            for suffix in svc.cname:
                if len(suffix) > best_len and (target == suffix or target.endswith("." + suffix)):
                    best, best_len = svc, len(suffix)
        if best is not None:
            return best
        for svc in self.services:
            if any(p.search(target) for p in svc._cname_patterns):
                return svc
        return None


@dataclass(frozen=True, slots=True)
class _Texts:
    """A page's normalised title, h1 and body text, each also casefolded for the needles."""

    title: str
    title_f: str
    h1: str
    h1_f: str
    body: str
    body_f: str
    _in_body: dict[str, bool] = field(default_factory=dict)

    def in_body(self, needle: str) -> bool:
        """Whether the casefolded body contains `needle` (each needle searched once a page)."""
        found = self._in_body.get(needle)
        if found is None:
            found = self._in_body[needle] = needle in self.body_f
        return found


def _evaluate(
    sig: _Signature, texts: _Texts, headers: Mapping[str, str]
) -> tuple[tuple[str, str], ...] | None:
    """Evidence for each condition of ``sig``, or ``None`` as soon as one fails."""
    evidence: list[tuple[str, str]] = []
    for name, pattern in sig.headers:
        value = headers.get(name)
        found = pattern.search(value) if value is not None else None
        if found is None:
            return None
        evidence.append((f"header:{name}", found.group(0)))
    title = (texts.title, texts.title_f.__contains__)
    h1 = (texts.h1, texts.h1_f.__contains__)
    body = (texts.body, texts.in_body)
    for cond, patterns, values in (
        ("title", sig.title, (title,)),
        ("h1", sig.h1, (h1,)),
        ("heading", sig.heading, (title, h1)),
        ("body", sig.body, (body,)),
    ):
        if not patterns:
            continue
        hit = next(
            (
                m
                for v, contains in values
                if v and (m := _first(patterns, v, contains, sig.needles)) is not None
            ),
            None,
        )
        if hit is None:
            return None
        evidence.append((cond, hit))
    return tuple(evidence)


# --------------------------------------------------------------------------------------------
# Loading and validation


class _Invalid(Exception):
    """A problem at a location inside one data file."""


def _expect_str(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Invalid(f"{where}: expected a non-empty string, got {value!r}")
    return value


def _expect_list(value: object, where: str) -> list[object]:
    if not isinstance(value, list):
        raise _Invalid(f"{where}: expected a list, got {type(value).__name__}")
    return cast(list[object], value)


def _compile(value: object, where: str) -> re.Pattern[str]:
    pattern = _expect_str(value, where)
    try:
        return re.compile(pattern, _FLAGS)
    except re.error as exc:
        raise _Invalid(f"{where}: invalid regex {pattern!r}: {exc}") from None


def _patterns(entry: Mapping[str, object], key: str, where: str) -> tuple[re.Pattern[str], ...]:
    if key not in entry:
        return ()
    items = _expect_list(entry[key], f"{where}.{key}")
    if not items:
        raise _Invalid(f"{where}.{key}: must not be empty (omit the key instead)")
    return tuple(_compile(v, f"{where}.{key}[{i}]") for i, v in enumerate(items))


def _check_keys(entry: object, allowed: frozenset[str], where: str) -> dict[str, object]:
    if not isinstance(entry, dict):
        raise _Invalid(f"{where}: expected an object, got {type(entry).__name__}")
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise _Invalid(f"{where}: unknown key(s) {', '.join(unknown)}")
    return cast(dict[str, object], entry)


def _parse_signature(raw: object, where: str) -> _Signature:
    entry = _check_keys(raw, _SIG_KEYS, where)
    sig_id = _expect_str(entry.get("id"), f"{where}.id")
    category = entry.get("category")
    if category not in CATEGORIES:
        allowed = ", ".join(CATEGORIES)
        raise _Invalid(f"{where}.category: must be one of {allowed}, got {category!r}")
    headers: list[tuple[str, re.Pattern[str]]] = []
    if "headers" in entry:
        raw_headers = entry["headers"]
        if not isinstance(raw_headers, dict) or not raw_headers:
            raise _Invalid(f"{where}.headers: expected a non-empty object of name -> regex")
        for name, value in cast(dict[str, object], raw_headers).items():
            headers.append((name.lower(), _compile(value, f"{where}.headers.{name}")))
    max_chars = entry.get("max_text_chars")
    if max_chars is not None and (
        not isinstance(max_chars, int)
        or isinstance(max_chars, bool)
        or not 0 < max_chars <= MAX_TEXT_CHARS
    ):
        raise _Invalid(f"{where}.max_text_chars: expected an integer 1..{MAX_TEXT_CHARS}")
    body = _patterns(entry, "body", where)
    title, h1, heading = (_patterns(entry, key, where) for key in ("title", "h1", "heading"))
    sig = _Signature(
        id=sig_id,
        category=category,
        label=_expect_str(entry.get("label"), f"{where}.label"),
        source=str(entry.get("source", "")),
        title=title,
        h1=h1,
        heading=heading,
        body=body,
        headers=tuple(headers),
        max_text_chars=max_chars,
        needles={p: required_literal(p.pattern) for p in (*title, *h1, *heading, *body)},
    )
    if not (sig.title or sig.h1 or sig.heading or sig.body or sig.headers):
        raise _Invalid(f"{where}: needs at least one of title, h1, heading, body, headers")
    return sig


def _parse_service(raw: object, where: str) -> DanglingService:
    entry = _check_keys(raw, _SVC_KEYS, where)
    name = _expect_str(entry.get("service"), f"{where}.service")
    cnames = tuple(
        _expect_str(v, f"{where}.cname[{i}]").strip().rstrip(".").lower()
        for i, v in enumerate(_expect_list(entry.get("cname", []), f"{where}.cname"))
    )
    regexes = _expect_list(entry.get("cname_regex", []), f"{where}.cname_regex")
    patterns = tuple(_compile(v, f"{where}.cname_regex[{i}]") for i, v in enumerate(regexes))
    if not cnames and not patterns:
        raise _Invalid(f"{where}: needs a non-empty cname or cname_regex list")
    prints = tuple(
        _expect_str(v, f"{where}.fingerprints[{i}]")
        for i, v in enumerate(_expect_list(entry.get("fingerprints", []), f"{where}.fingerprints"))
    )
    statuses: list[int] = []
    for i, v in enumerate(_expect_list(entry.get("http_status", []), f"{where}.http_status")):
        if not isinstance(v, int) or isinstance(v, bool) or not 100 <= v <= 599:
            raise _Invalid(f"{where}.http_status[{i}]: expected an HTTP status code, got {v!r}")
        statuses.append(v)
    nxdomain = entry.get("nxdomain", False)
    if not isinstance(nxdomain, bool):
        raise _Invalid(f"{where}.nxdomain: expected true or false")
    status = entry.get("status")
    if status not in _STATUSES:
        raise _Invalid(f"{where}.status: must be one of {', '.join(_STATUSES)}, got {status!r}")
    notes = entry.get("notes")
    return DanglingService(
        service=name,
        cname=cnames,
        fingerprints=prints,
        nxdomain=nxdomain,
        status=status,
        source=str(entry.get("source", "")),
        http_status=tuple(statuses),
        cname_regex=tuple(p.pattern for p in patterns),
        notes=notes if isinstance(notes, str) else None,
        _cname_patterns=patterns,
        _needles=tuple(_normalise_body(p) for p in prints),
    )


def _parse_document(text: str) -> tuple[list[_Signature], list[DanglingService]]:
    try:
        doc: object = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _Invalid(f"not valid JSON: {exc}") from None
    if not isinstance(doc, dict):
        raise _Invalid("top level must be an object with 'signatures' and/or 'services'")
    doc = cast(dict[str, object], doc)
    if "signatures" not in doc and "services" not in doc:
        raise _Invalid("top level needs a 'signatures' and/or a 'services' list")
    sigs = [
        _parse_signature(e, f"signatures[{i}]")
        for i, e in enumerate(_expect_list(doc.get("signatures", []), "signatures"))
    ]
    svcs = [
        _parse_service(e, f"services[{i}]")
        for i, e in enumerate(_expect_list(doc.get("services", []), "services"))
    ]
    _no_duplicates([s.id for s in sigs], "signatures", "id")
    _no_duplicates([s.service for s in svcs], "services", "service")
    return sigs, svcs


def _no_duplicates(keys: Sequence[str], where: str, key: str) -> None:
    seen: set[str] = set()
    for i, k in enumerate(keys):
        if k in seen:
            raise _Invalid(f"{where}[{i}].{key}: duplicate {k!r}")
        seen.add(k)


def _merge(base: list[_T], extra: Iterable[_T], key: str) -> list[_T]:
    merged = list(base)
    index = {getattr(item, key): i for i, item in enumerate(merged)}
    for item in extra:
        k = getattr(item, key)
        if k in index:
            merged[index[k]] = item
        else:
            index[k] = len(merged)
            merged.append(item)
    return merged


@functools.cache
def _builtin() -> tuple[list[_Signature], list[DanglingService]]:
    data = resources.files("checker.data")
    sigs: list[_Signature] = []
    svcs: list[DanglingService] = []
    for name in ("placeholders.json", "dangling.json"):
        try:
            s, d = _parse_document(data.joinpath(name).read_text(encoding="utf-8"))
        except _Invalid as exc:
            raise ValueError(f"built-in {name}: {exc}") from None
        sigs += s
        svcs += d
    return sigs, svcs


@functools.lru_cache(maxsize=16)
def _load(extra_files: tuple[str, ...]) -> Fingerprints:
    sigs, svcs = _builtin()
    for path in extra_files:
        try:
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise ValueError(f"fingerprint file {path}: cannot read: {exc}") from None
        try:
            extra_sigs, extra_svcs = _parse_document(text)
        except _Invalid as exc:
            raise ValueError(f"fingerprint file {path}: {exc}") from None
        sigs = _merge(sigs, extra_sigs, "id")
        svcs = _merge(svcs, extra_svcs, "service")
    return Fingerprints(tuple(sigs), tuple(svcs))


def load_fingerprints(extra_files: Iterable[str | os.PathLike[str]] = ()) -> Fingerprints:
    """Built-in fingerprints merged with ``extra_files`` (cached; ``ValueError`` if invalid)."""
    return _load(tuple(os.fspath(p) for p in extra_files))


def match_placeholder(
    title: str | None,
    h1: str | None,
    text: str,
    headers: Mapping[str, str],
    *,
    extra_files: Iterable[str | os.PathLike[str]] = (),
) -> PlaceholderMatch | None:
    """Classify a page by its title, first h1, visible text and response headers."""
    return load_fingerprints(extra_files).match_placeholder(title, h1, text, headers)


def dangling_service_for(
    cname_target: str, *, extra_files: Iterable[str | os.PathLike[str]] = ()
) -> DanglingService | None:
    """The hosting service a CNAME target belongs to (case-insensitive, trailing dot ok)."""
    return load_fingerprints(extra_files).dangling_service_for(cname_target)


def match_dangling_body(service: DanglingService, status: int, body_text: str) -> bool:
    """Whether a response (status, raw body) is ``service``'s "no such site" page.

    Fingerprints are case-insensitive substrings, compared after HTML entities are decoded,
    curly apostrophes straightened and whitespace collapsed.  If the service lists
    ``http_status``, ``status`` must be one of them.  A service with neither fingerprints nor
    statuses (NXDOMAIN-only) never matches a body.
    """
    if not service.fingerprints and not service.http_status:
        return False
    if service.http_status and status not in service.http_status:
        return False
    if not service.fingerprints:
        return True
    haystack = _normalise_body(body_text[:MAX_BODY_CHARS])
    needles = service._needles or tuple(_normalise_body(f) for f in service.fingerprints)
    return any(n in haystack for n in needles)
