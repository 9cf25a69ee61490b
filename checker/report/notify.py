"""`--notify URL`: a Slack-compatible POST (`{"text": ...}`) when a campaign's status changed."""

from __future__ import annotations

import httpx

from checker.net.client import USER_AGENT
from checker.net.proxy import ProxySettings
from checker.report.compare import CampaignChange


def message(changes: list[CampaignChange]) -> str:
    """The notification text: one line per changed campaign."""
    lines = [f"*{c.campaign}*: {c.before} → {c.after}" for c in changes]
    return "Campaign readiness changed:\n" + "\n".join(lines)


def send(
    urls: list[str],
    changes: list[CampaignChange],
    timeout: float = 10.0,
    proxies: ProxySettings | None = None,
) -> list[str]:
    """POST to each webhook, through the proxy the rest of the run uses for it (as
    --proxy / https_proxy / no_proxy decide); one error text per webhook that failed."""
    if not changes:
        return []
    errors = []
    payload = {"text": message(changes)}
    for url in urls:
        parsed = httpx.URL(url)
        proxy = proxies.for_url(parsed.scheme, parsed.host) if proxies else None
        via = httpx.Proxy(proxy.url, auth=proxy.auth) if proxy else None
        headers = {"User-Agent": USER_AGENT}
        try:
            with httpx.Client(timeout=timeout, headers=headers, proxy=via, trust_env=False) as c:
                c.post(url, json=payload).raise_for_status()
        except httpx.HTTPError as exc:
            errors.append(f"notify {parsed.host}: {exc}")
    return errors
