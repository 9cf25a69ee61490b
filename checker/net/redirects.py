"""Follow redirects hop by hop, recording each one (status, location, time)."""

from __future__ import annotations

from dataclasses import dataclass

from checker.net.client import BODY_LIMIT, Credentials, Fetched, Fetcher


@dataclass(frozen=True, slots=True)
class Chain:
    """Every hop from the first URL to the final answer (or to where it broke)."""

    start: str
    hops: tuple[Fetched, ...]
    problem: str | None = None  # "loop", "too_many" or None

    @property
    def final(self) -> Fetched:
        return self.hops[-1]

    @property
    def final_url(self) -> str:
        return self.final.url

    @property
    def ok(self) -> bool:
        """Ended on an HTTP answer that is not a redirect."""
        return self.problem is None and self.final.error is None

    def describe(self) -> str:
        """`http://a/ 301 → https://a/ 200` style summary of the chain."""
        text = self.start
        for hop in self.hops:
            if hop.error:
                text += f" ✗ {hop.error.message}"
            else:
                text += f" {hop.status}" + (f" → {hop.location}" if hop.location else "")
        return text


async def follow(
    fetcher: Fetcher,
    url: str,
    *,
    max_redirects: int,
    method: str = "GET",
    credentials: Credentials | None = None,
    timeout: float | None = None,
    body_limit: int = BODY_LIMIT,
    keep_body: bool = True,
    leaf: bool = False,
) -> Chain:
    """Request `url` and each Location after it; stop at a loop or after `max_redirects` hops.

    `body_limit`, `keep_body` and `leaf` are passed to :meth:`Fetcher.fetch` for every hop.
    """
    hops: list[Fetched] = []
    seen = {url}
    current = url
    while True:
        hop = await fetcher.fetch(
            current,
            method=method,
            credentials=credentials,
            timeout=timeout,
            body_limit=body_limit,
            keep_body=keep_body,
            leaf=leaf,
        )
        hops.append(hop)
        target = hop.location
        if target is None:
            return Chain(url, tuple(hops))
        if target in seen:
            return Chain(url, tuple(hops), "loop")
        if len(hops) > max_redirects:
            return Chain(url, tuple(hops), "too_many")
        seen.add(target)
        current = target
