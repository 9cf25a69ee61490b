"""A small robots.txt evaluator following RFC 9309.

Python's ``urllib.robotparser`` applies the first matching rule instead of the longest one and
ignores wildcards, so it is not used.  Only the first :data:`MAX_ROBOTS_BYTES` of a file are
read, as RFC 9309 section 2.5 allows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

__all__ = ["MAX_ROBOTS_BYTES", "blocked_agents", "robots_disallows"]

MAX_ROBOTS_BYTES: Final = 500 * 1024
_LINE_BREAK: Final = re.compile(r"\r\n|\r|\n")
_PRODUCT_TOKEN: Final = re.compile(r"[A-Za-z_-]+")
_PERCENT: Final = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED: Final = frozenset(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
)


@dataclass(frozen=True, slots=True)
class _Rule:
    allow: bool
    pattern: str  # normalised; "*" is a wildcard, a final "$" anchors the end


@dataclass(slots=True)
class _Group:
    agents: list[str]
    rules: list[_Rule]
    has_rule_lines: bool = False  # an empty "Disallow:" still ends the user-agent lines


def _bounded(robots_txt: str) -> str:
    """The text within the first MAX_ROBOTS_BYTES of its UTF-8 form, minus a cut-off last line."""
    head = robots_txt[: MAX_ROBOTS_BYTES + 1]
    raw = head.encode("utf-8", errors="replace")
    if len(raw) <= MAX_ROBOTS_BYTES:
        return head
    text = raw[:MAX_ROBOTS_BYTES].decode("utf-8", errors="ignore")
    return text[: max(text.rfind("\n"), text.rfind("\r"), 0)]


def _normalise(value: str) -> str:
    """Percent-encoding normal form (RFC 9309 section 2.2.2).

    Non-ASCII characters, controls and spaces are percent-encoded as UTF-8; escapes of
    unreserved characters are decoded (``%62`` -> ``b``); other escapes get upper-case hex.
    """
    out: list[str] = []
    for char in value:
        code = ord(char)
        if code <= 0x20 or code >= 0x7F:
            out.extend(f"%{b:02X}" for b in char.encode("utf-8", errors="replace"))
        else:
            out.append(char)

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group(1), 16)
        return chr(byte) if byte in _UNRESERVED else f"%{byte:02X}"

    return _PERCENT.sub(fix, "".join(out))


def _parse(robots_txt: str) -> list[_Group]:
    """Groups in file order; rules before the first user-agent line are dropped."""
    groups: list[_Group] = []
    current: _Group | None = None
    text = _bounded(robots_txt).removeprefix("\ufeff")
    for line in _LINE_BREAK.split(text):
        key, sep, value = line.split("#", 1)[0].partition(":")
        if not sep:
            continue
        key = key.strip().lower()
        value = value.strip()
        if key == "user-agent":
            if current is None or current.has_rule_lines:
                current = _Group([], [])
                groups.append(current)
            if value.startswith("*"):
                current.agents.append("*")
            elif token := _PRODUCT_TOKEN.match(value):
                current.agents.append(token.group(0).lower())
        elif key in ("allow", "disallow") and current is not None:
            current.has_rule_lines = True
            if value:  # an empty value matches nothing
                current.rules.append(_Rule(key == "allow", _normalise(value)))
    return groups


def _matches(pattern: str, path: str) -> bool:
    """Whether ``pattern`` matches a prefix of ``path`` (or all of it with a final ``$``).

    Iterative wildcard matching with backtracking to the last ``*``: linear in practice,
    never exponential.
    """
    anchored = pattern.endswith("$")
    if anchored:
        pattern = pattern[:-1]
    p = s = 0
    star = -1
    star_s = 0
    while True:
        if p == len(pattern) and (not anchored or s == len(path)):
            return True
        if p < len(pattern) and pattern[p] == "*":
            star, star_s = p, s
            p += 1
        elif p < len(pattern) and s < len(path) and pattern[p] == path[s]:
            p += 1
            s += 1
        elif star >= 0 and star_s < len(path):
            star_s += 1
            p, s = star + 1, star_s
        else:
            return False


def _rules_for(groups: list[_Group], user_agent: str) -> list[_Rule]:
    if user_agent.strip().startswith("*"):
        token = "*"
    else:
        found = _PRODUCT_TOKEN.match(user_agent.strip())
        token = found.group(0).lower() if found else "*"
    for name in (token, "*"):
        rules = [r for g in groups if name in g.agents for r in g.rules]
        if rules or any(name in g.agents for g in groups):
            return rules
    return []


def robots_disallows(robots_txt: str, url_path: str, user_agent: str) -> bool:
    """Whether ``robots_txt`` forbids ``user_agent`` to crawl ``url_path``.

    ``url_path`` is the path plus optional query (``/offer?utm=x``); ``user_agent`` is a product
    token such as ``Googlebot`` or ``*`` (``Googlebot/2.1`` is reduced to ``Googlebot``).
    All groups naming the agent apply, combined; otherwise the ``*`` groups.  The rule with the
    longest pattern wins; on a tie Allow wins; no matching rule means allowed.
    """
    path = _normalise(url_path or "/")
    if not path.startswith("/"):
        path = "/" + path
    best: _Rule | None = None
    for rule in _rules_for(_parse(robots_txt), user_agent):
        if not _matches(rule.pattern, path):
            continue
        if (
            best is None
            or len(rule.pattern) > len(best.pattern)
            or (len(rule.pattern) == len(best.pattern) and rule.allow)
        ):
            best = rule
    return best is not None and not best.allow


def blocked_agents(
    robots_txt: str, url_path: str, user_agents: Iterable[str] = ("*", "Googlebot")
) -> tuple[str, ...]:
    """The user agents among ``user_agents`` that ``robots_txt`` forbids to crawl ``url_path``."""
    return tuple(a for a in user_agents if robots_disallows(robots_txt, url_path, a))
