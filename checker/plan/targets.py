"""A campaign expanded into what must be checked: one target per URL, printed form and
microsite, each with its effective settings and credentials."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from checker.manifest.model import Campaign, Expect, Microsite, Settings, UrlTarget
from checker.manifest.secrets import Unset, entries, substitute, unset_in
from checker.plan import settings as defaults
from checker.plan.settings import Effective

if TYPE_CHECKING:
    from checker.net.client import Credentials

BUILT_IN = Settings(
    timeout=defaults.TIMEOUT_S,
    max_redirects=defaults.MAX_REDIRECTS,
    response_time_ms=defaults.RESPONSE_TIME_MS,
    cert_min_days=defaults.CERT_MIN_DAYS,
    cert_cover_flight=defaults.CERT_COVER_FLIGHT,
    domain_min_days=defaults.DOMAIN_MIN_DAYS,
)


@dataclass(frozen=True, slots=True, eq=False)
class Target:
    """One thing to check for a campaign (compared and hashed by identity)."""

    campaign: Campaign
    kind: str  # "url", "printed" or "microsite"
    url: str  # for "printed": the printed text as written
    spec: UrlTarget | Microsite
    settings: Effective
    credentials: Credentials | None
    unset: tuple[Unset, ...] = ()  # `${VAR}`s its credentials need that are not set
    line: int = 0  # where the entry is written in the manifest (0: unknown)

    @property
    def expect(self) -> Expect:
        return self.spec.expect

    @property
    def check_url(self) -> str:
        """The URL requested for this target (the manifest URL, also for printed forms)."""
        return self.spec.url


def _effective(layers: list[Settings]) -> Effective:
    def pick(name: str) -> object:
        return next(getattr(s, name) for s in layers if getattr(s, name) is not None)

    exclude = tuple(rx for layer in layers for rx in layer.exclude)
    return Effective(
        timeout=float(pick("timeout")),  # type: ignore[arg-type]
        max_redirects=int(pick("max_redirects")),  # type: ignore[call-overload]
        response_time_ms=int(pick("response_time_ms")),  # type: ignore[call-overload]
        cert_min_days=int(pick("cert_min_days")),  # type: ignore[call-overload]
        cert_cover_flight=bool(pick("cert_cover_flight")),
        domain_min_days=int(pick("domain_min_days")),  # type: ignore[call-overload]
        exclude=exclude,
    )


def _credentials(
    spec: UrlTarget | Microsite, where: tuple[str | int, ...], environ: Mapping[str, str]
) -> Credentials | None:
    if not spec.headers and spec.auth is None:
        return None
    from checker.net.client import Credentials, origin_of  # the HTTP client, only when needed

    headers = tuple((name, substitute(value, environ)) for name, value in spec.headers.items())
    auth = None
    if spec.auth is not None:
        auth = (substitute(spec.auth.user, environ), substitute(spec.auth.password, environ))
    return Credentials(origin_of(spec.url), headers, auth)


def count_targets(campaign: Campaign) -> int:
    """How many targets :func:`expand` makes of `campaign` (one per url, printed form and
    microsite), without making them: the progress display's total is known before the run."""
    return (
        len(campaign.urls) + sum(bool(u.printed) for u in campaign.urls) + len(campaign.microsites)
    )


def expand(campaign: Campaign, cli: Settings | None = None) -> list[Target]:
    """Every target of `campaign`; one whose `${VAR}` is unset carries it in `unset` and
    no credentials (it is skipped, never sent without them)."""
    base = [campaign.defaults, *([cli] if cli else []), BUILT_IN]
    environ = os.environ
    targets: list[Target] = []
    for where, spec in entries(campaign):
        settings = _effective([spec, *base])
        unset = tuple(unset_in(campaign, spec, where, environ))
        creds = None if unset else _credentials(spec, where, environ)
        kind = "url" if isinstance(spec, UrlTarget) else "microsite"
        line = campaign.line_of(where)
        targets.append(Target(campaign, kind, spec.url, spec, settings, creds, unset, line))
        if isinstance(spec, UrlTarget) and spec.printed:
            line = campaign.line_of((*where, "printed"))
            targets.append(
                Target(campaign, "printed", spec.printed, spec, settings, creds, unset, line)
            )
    return targets
