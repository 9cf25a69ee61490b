"""`--notify URL`: a Slack-compatible POST (`{"text": ...}`) when a campaign's status changed."""

from __future__ import annotations

import httpx

from checker.net.client import USER_AGENT
from checker.report.compare import CampaignChange


def message(changes: list[CampaignChange]) -> str:
    """The notification text: one line per changed campaign."""
    lines = [f"*{c.campaign}*: {c.before} → {c.after}" for c in changes]
    return "Campaign readiness changed:\n" + "\n".join(lines)


def send(urls: list[str], changes: list[CampaignChange], timeout: float = 10.0) -> list[str]:
    """POST to each webhook; return one error text per webhook that failed (never raises)."""
    if not changes:
        return []
    errors = []
    payload = {"text": message(changes)}
    with httpx.Client(timeout=timeout, headers={"User-Agent": USER_AGENT}) as client:
        for url in urls:
            try:
                client.post(url, json=payload).raise_for_status()
            except httpx.HTTPError as exc:
                errors.append(f"notify {httpx.URL(url).host}: {exc}")
    return errors
