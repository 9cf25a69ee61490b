"""Shard reports combined into one report."""

from __future__ import annotations

from collections.abc import Iterable

from checker.report.model import Report, Scope


def merge_reports(parts: list[Report]) -> Report:
    """One report from shard reports (a campaign found twice keeps its last copy)."""
    campaigns = {c.campaign: c for part in parts for c in part.campaigns}
    reasons = [p.incomplete_reason for p in parts if p.incomplete_reason]
    return Report(
        generated_at=max(p.generated_at for p in parts),
        now=parts[0].now,
        campaigns=sorted(campaigns.values(), key=lambda c: (c.launch, c.campaign)),
        complete=all(p.complete for p in parts),
        incomplete_reason="; ".join(reasons) or None,
        duration=max((p.duration for p in parts if p.duration is not None), default=None),
        scope=merged_scope([p.scope for p in parts], campaigns),
    )


def merged_scope(scopes: list[Scope | None], slugs: Iterable[str]) -> Scope | None:
    """The scope of reports merged into one holding the campaigns `slugs`.

    The whole portfolio when one part covers it or the parts are every shard K/N of
    the same filter; the union of the filters when no part is a shard; otherwise
    (mixed filters and shards) exactly the merged campaigns. Unknown if any part is.
    """
    known = [s for s in scopes if s is not None]
    if len(known) < len(scopes):
        return None
    if any(s.whole_portfolio for s in known):
        return Scope()
    filters = {s.campaigns for s in known}
    if len(filters) == 1 and _every_shard([s.shard for s in known]):
        return Scope(filters.pop(), None)
    if all(s.shard is None for s in known):
        return Scope(tuple(sorted({slug for s in known for slug in s.campaigns or ()})))
    return Scope(tuple(sorted(set(slugs))))


def _every_shard(shards: list[str | None]) -> bool:
    """Whether `shards` (`K/N` texts) include an unsharded part or every K of one N."""
    if None in shards:
        return True
    pairs = {tuple(s.partition("/")[::2]) for s in shards if s is not None}
    counts = {count for _, count in pairs}
    if len(counts) != 1 or not (count := counts.pop()).isdigit():
        return False
    return {index for index, _ in pairs} == {str(k) for k in range(1, int(count) + 1)}
