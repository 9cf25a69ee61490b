"""Mixed content: what an https page loads over plain `http://` (no I/O).

Browsers block active content loaded that way (scripts, stylesheets, frames, fonts, plugins,
preloads, manifests, text tracks) and form submissions to it; images, audio and video they
upgrade or show as "not secure". Links (`<a href>`), `og:image` and canonical URLs are not
loaded by the page and are never mixed content, nor are loopback hosts, which browsers trust.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from checker.crawl.extract import Link

PASSIVE = frozenset({"image", "audio", "video", "media"})  # a warn; every other kind fails
_FONT = re.compile(r"\.(?:woff2?|ttf|otf|eot)$", re.I)
_KIND = {
    "script": "script",
    "link[stylesheet]": "stylesheet",
    "iframe": "iframe",
    "frame": "iframe",
    "embed": "plugin",
    "object": "plugin",
    "link[preload]": "preload",
    "link[modulepreload]": "preload",
    "link[manifest]": "manifest",
    "track": "text track",
    "video": "video",
    "audio": "audio",
    "source": "media",
}
_LOOPBACK = re.compile(r"^(?:localhost|.+\.localhost|127(?:\.\d+){3}|::1)$")


@dataclass(frozen=True, slots=True)
class MixedLoad:
    """One `http://` URL an https page loads (or submits a form to)."""

    url: str
    kind: str  # script, stylesheet, iframe, font, form, preload, image, audio, video, ...
    element: str  # as the extractor names it: "script", "link[stylesheet]", "css", "form"...

    @property
    def blocked(self) -> bool:
        """Whether browsers block it (a fail) rather than upgrade or flag it (a warn)."""
        return self.kind not in PASSIVE


def _kind(link: Link) -> str:
    if link.element == "css":  # url() in a stylesheet: a font, or else an image
        return "font" if _FONT.search(link.url.partition("?")[0]) else "image"
    return _KIND.get(link.element, "image")  # img, srcset, poster, icons, svg <image>/<use>


def _insecure(url: str) -> bool:
    if not url.startswith("http://"):
        return False
    try:
        host = urlsplit(url).hostname or ""  # lowercased, without port or brackets
    except ValueError:
        return True
    return not _LOOPBACK.match(host)


def mixed_loads(links: Iterable[Link], form_actions: Iterable[str] = ()) -> list[MixedLoad]:
    """The loads of an https page (its extracted links and form actions) that are mixed."""
    out = [
        MixedLoad(link.url, _kind(link), link.element)
        for link in links
        if link.kind == "asset" and _insecure(link.url) and not link.element.startswith("meta[")
    ]
    out += [MixedLoad(url, "form", "form") for url in form_actions if _insecure(url)]
    return out
