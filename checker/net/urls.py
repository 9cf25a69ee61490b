"""URL normalisation and resolution, close to what browsers do (WHATWG URL), without I/O.

``normalize`` gives one canonical string per resource, for manifest URLs and crawled ones
alike, so a URL is fetched once and compared the same way everywhere; ``resolve`` joins an
``href``/``src`` against the page URL and never raises.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import unquote

try:  # IDNA 2008 + UTS #46, as browsers do; httpx depends on it.
    import idna as _idna_mod
except ImportError:  # pragma: no cover - fallback to the stdlib IDNA 2003 codec
    _idna_mod = None  # type: ignore[assignment]

__all__ = ["Joiner", "normalize", "resolve", "resolve_parts", "same_site", "split_fragment"]

_SPECIAL_PORTS: dict[str, int | None] = {"http": 80, "https": 443, "ws": 80, "wss": 443, "ftp": 21}
_FETCHABLE = frozenset({"http", "https"})

# RFC 3986 appendix B; matches any string.
_URI = re.compile(r"(?:([A-Za-z][A-Za-z0-9+.\-]*):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?", re.S)
_BEFORE_QUERY = re.compile(r"[^?#]*")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_STRIP = "".join(map(chr, range(0x21)))  # C0 controls and space, stripped at both ends
_TAB_NL = str.maketrans("", "", "\t\n\r")
_FORBIDDEN_HOST = re.compile(r"[\x00-\x20#%/:<>?@\[\\\]^|\x7f]")


def _encoded_runs(printable_too: str) -> re.Pattern[str]:
    """Runs of the characters browsers percent-encode: controls, space, non-ASCII and
    `printable_too`. Written as "anything but the printable ASCII left", which compiles
    in microseconds where the equivalent class up to U+10FFFF took 2.5 ms at start-up."""
    kept = (chr(c) for c in range(0x21, 0x7F) if chr(c) not in printable_too)
    return re.compile("[^" + "".join(re.escape(c) for c in kept) + "]+")


# Characters browsers percent-encode (WHATWG path / special-query percent-encode sets).
_PATH_ENC = _encoded_runs('"#<>?^`{}')
_QUERY_ENC = _encoded_runs("\"#<>'")
_USER_ENC = _encoded_runs('"#<>?^`{}/;=@[\\]|')
_PCT = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def _pct_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for i in range(256):
        h = f"{i:02X}"
        out = chr(i) if chr(i) in _UNRESERVED else "%" + h
        for variant in (h, h.lower(), h[0] + h[1].lower(), h[0].lower() + h[1]):
            table[variant] = out
    return table


_PCT_MAP = _pct_table()


def _pct_sub(m: re.Match[str]) -> str:
    return _PCT_MAP[m.group(1)]


def _encode_run(m: re.Match[str]) -> str:
    try:
        data = m.group().encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates become U+FFFD, as in browsers
        data = "".join(c if not 0xD800 <= ord(c) <= 0xDFFF else "\ufffd" for c in m.group()).encode(
            "utf-8"
        )
    return "".join(f"%{b:02X}" for b in data)


def _pct_normalize(text: str, encode: re.Pattern[str]) -> str:
    """Uppercase escapes, decode escaped unreserved characters, escape what must be."""
    if "%" in text:
        text = _PCT.sub(_pct_sub, text)
    return encode.sub(_encode_run, text)


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 5.2.4 for an absolute path; ``%2e`` counts as ``.`` (WHATWG)."""
    segs = path.split("/")
    last = len(segs) - 1
    out: list[str] = []
    for i in range(1, last + 1):
        seg = segs[i]
        key = seg.lower().replace("%2e", ".") if "%" in seg else seg
        if key == ".":
            if i == last:
                out.append("")
        elif key == "..":
            if out:
                out.pop()
            if i == last:
                out.append("")
        else:
            out.append(seg)
    return "/" + "/".join(out)


def _to_ascii_host(host: str) -> str:
    if _idna_mod is not None:
        try:
            return _idna_mod.encode(host, uts46=True).decode("ascii")
        except _idna_mod.IDNAError:
            pass
    try:
        return host.encode("idna").decode("ascii").lower()
    except UnicodeError as exc:
        raise ValueError(f"invalid host {host!r}") from exc


def _normalize_host(host: str) -> str:
    if "%" in host:
        host = unquote(host, errors="strict")  # raises UnicodeDecodeError (a ValueError)
    if host.startswith("["):
        if not host.endswith("]"):
            raise ValueError(f"invalid IPv6 host {host!r}")
        return f"[{ipaddress.IPv6Address(host[1:-1]).compressed}]"
    if not host.isascii():
        host = _to_ascii_host(host)
    host = host.lower()
    if _FORBIDDEN_HOST.search(host):
        raise ValueError(f"invalid host {host!r}")
    return host


def _normalize_authority(scheme: str, authority: str) -> str:
    userinfo, at, hostport = authority.rpartition("@")
    if hostport.startswith("["):
        end = hostport.find("]")
        if end < 0:
            raise ValueError(f"invalid IPv6 host in {authority!r}")
        host, port = hostport[: end + 1], hostport[end + 1 :]
        if port and not port.startswith(":"):
            raise ValueError(f"invalid authority {authority!r}")
        port = port[1:]
    else:
        host, _, port = hostport.partition(":")
    host = _normalize_host(host)
    if not host and scheme in _SPECIAL_PORTS:
        raise ValueError("empty host")
    if port:
        if not (port.isascii() and port.isdigit()) or int(port) > 65535:
            raise ValueError(f"invalid port {port!r}")
        port_num = int(port)
        port = "" if port_num == _SPECIAL_PORTS.get(scheme) else f":{port_num}"
    if at:
        userinfo = _pct_normalize(userinfo, _USER_ENC) + "@"
    return f"{userinfo}{host}{port}"


@lru_cache(maxsize=65536)
def _normalize_nofrag(url: str) -> str:
    """Normalise an absolute URL that has no fragment and no tabs/newlines."""
    sm = _SCHEME.match(url)
    if sm is None:
        raise ValueError(f"not an absolute URL: {url!r}")
    scheme = sm.group(1).lower()
    special = scheme in _SPECIAL_PORTS
    rest = url[sm.end() :]
    if special:
        before, q, after = rest.partition("?")
        if "\\" in before:
            rest = before.replace("\\", "/") + q + after
        if not rest.startswith("//"):
            # "http:example.com" and "http:/example.com" mean "http://example.com".
            rest = "//" + rest.lstrip("/")
    m = _URI.match(rest)
    assert m is not None  # the pattern matches every string
    _, authority, path, query = m.groups()
    if authority is None:
        return scheme + ":" + _pct_normalize(rest, _QUERY_ENC)
    auth = _normalize_authority(scheme, authority)
    if not path:
        path = "/" if special else ""
    elif "/." in path or "%2" in path:
        path = _remove_dot_segments(path)
    path = _pct_normalize(path, _PATH_ENC)
    tail = "" if query is None else "?" + _pct_normalize(query, _QUERY_ENC)
    return f"{scheme}://{auth}{path}{tail}"


def _clean(url: str) -> str:
    url = url.strip(_STRIP)
    if "\t" in url or "\n" in url or "\r" in url:
        url = url.translate(_TAB_NL)
    return url


def split_fragment(url: str) -> tuple[str, str | None]:
    """Split ``url`` at the first ``#``: (url without fragment, fragment or None)."""
    head, sep, frag = url.partition("#")
    return head, (frag if sep else None)


def normalize(url: str) -> str:
    """Canonical form of an absolute URL, without its fragment.

    Lowercases scheme and host, converts IDN hosts to punycode, drops default ports,
    removes dot segments, normalises percent-encoding (uppercase hex, unreserved
    characters decoded, spaces/non-ASCII encoded), turns an empty path into ``/``.
    The query is kept as is apart from percent-encoding. Raises ``ValueError``
    for URLs that cannot be parsed.
    """
    return _normalize_nofrag(split_fragment(_clean(url))[0])


class _Base(NamedTuple):
    scheme: str
    origin: str  # scheme://authority
    path: str
    query: str  # "" or "?..."


@lru_cache(maxsize=4096)
def _parse_base(base: str) -> _Base | None:
    try:
        norm = normalize(base)
    except ValueError:
        return None
    scheme = norm[: norm.index(":")]
    if scheme not in _FETCHABLE:
        return None
    slash = norm.find("/", len(scheme) + 3)
    rest = norm[slash:]
    path, q, query = rest.partition("?")
    return _Base(scheme, norm[:slash], path, q + query)


def _join(base: _Base | None, ref: str) -> str | None:
    m = _SCHEME.match(ref)
    if m:
        scheme = m.group(1).lower()
        if scheme not in _FETCHABLE:
            return None
        rest = ref[m.end() :]
        if base is None or scheme != base.scheme or rest[:2].replace("\\", "/") == "//":
            return scheme + "://" + rest.lstrip("/\\")
        ref = rest  # "http:foo" relative to an http: base is a relative reference
    if base is None:
        return None
    if "\\" in ref:
        cut = len(_BEFORE_QUERY.match(ref).group())  # type: ignore[union-attr]
        ref = ref[:cut].replace("\\", "/") + ref[cut:]
    first = ref[:1]
    if first == "/":
        if ref.startswith("//"):
            return f"{base.scheme}:{ref}"
        return base.origin + ref
    if first == "?":
        return base.origin + base.path + ref
    if first == "#" or not ref:
        return base.origin + base.path + base.query + ref
    return base.origin + base.path[: base.path.rfind("/") + 1] + ref


def resolve_parts(base: str, ref: str) -> tuple[str, str | None] | None:
    """Like :func:`resolve` but returns ``(normalised url, fragment or None)``."""
    try:
        ref = _clean(ref)
        if not ref:
            return None
        joined = _join(_parse_base(base), ref)
        if joined is None:
            return None
        head, frag = split_fragment(joined)
        return _normalize_nofrag(head), frag
    except (ValueError, UnicodeError):
        return None


# A reference whose join normalising leaves as it is: no escape, dot segment, fragment or
# character it would encode (_PATH_ENC, _QUERY_ENC); a relative one has no ":" either.
_NORMAL_PATH = r"[!$&'()*+,\-./0-9:;=@A-Z\[\]_a-z|~]"
_NORMAL_QUERY = r"(?:\?[!$&()*+,\-./0-9:;=?@A-Z\[\\\]^_`a-z{|}~]*+)?+"
_NORMAL_ROOTED = re.compile(rf"/(?!/){_NORMAL_PATH}*+{_NORMAL_QUERY}")
_NORMAL_RELATIVE = re.compile(rf"(?![./?])(?:(?!:){_NORMAL_PATH})++{_NORMAL_QUERY}")


class Joiner:
    """``resolve_parts(base, ref)`` for the many references of one page: the base is parsed
    once, and a reference whose join is already normal (most links) is joined directly."""

    __slots__ = ("_base", "_directory", "_origin")

    def __init__(self, base: str) -> None:
        self._base = base
        parsed = _parse_base(base)
        self._origin = parsed.origin if parsed else None
        self._directory = (
            parsed.origin + parsed.path[: parsed.path.rfind("/") + 1] if parsed else ""
        )

    def fast(self, ref: str) -> tuple[str, str | None] | None:
        """The join of `ref` when it needs no normalising, else None (then call the joiner)."""
        if self._origin is None or "/." in ref:
            return None
        if _NORMAL_ROOTED.fullmatch(ref):
            return self._origin + ref, None
        if _NORMAL_RELATIVE.fullmatch(ref):
            return self._directory + ref, None
        return None

    def __call__(self, ref: str) -> tuple[str, str | None] | None:
        return self.fast(ref) or resolve_parts(self._base, ref)


def resolve(base: str, ref: str) -> str | None:
    """Join ``ref`` (an href/src) against ``base``; normalised, fragment kept.

    Returns None for blank references, non-http(s) results (``mailto:``, ``tel:``,
    ``javascript:``, ``data:``...) and anything unparseable. Never raises.
    """
    parts = resolve_parts(base, ref)
    if parts is None:
        return None
    url, frag = parts
    return url if frag is None else f"{url}#{frag}"


@lru_cache(maxsize=4096)
def _origin(url: str) -> tuple[str, str, int | None] | None:
    try:
        norm = normalize(url)
    except ValueError:
        return None
    scheme, sep, rest = norm.partition("://")
    if not sep:
        return None
    hostport = rest.split("/", 1)[0].rpartition("@")[2]
    host, _, port = hostport.rpartition(":") if not hostport.endswith("]") else (hostport, "", "")
    if not host or not port.isdigit():
        host, port = hostport, ""
    return scheme, host, int(port) if port else _SPECIAL_PORTS.get(scheme)


def same_site(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` have the same scheme, host and port (after normalising)."""
    oa = _origin(a)
    return oa is not None and oa == _origin(b)
