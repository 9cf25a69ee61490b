"""A campaign expanded into what must be checked: one target per URL, printed form and
microsite, each with its effective settings and credentials."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from checker.manifest.errors import ManifestError, ManifestIssue
from checker.manifest.load import key_name
from checker.manifest.model import Campaign, Expect, Microsite, Settings, UrlTarget
from checker.net.client import Credentials, origin_of
from checker.plan import settings as defaults
from checker.plan.settings import Effective

_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")

BUILT_IN = Settings(
    timeout=defaults.TIMEOUT_S,
    max_redirects=defaults.MAX_REDIRECTS,
    response_time_ms=defaults.RESPONSE_TIME_MS,
    cert_min_days=defaults.CERT_MIN_DAYS,
    cert_cover_flight=defaults.CERT_COVER_FLIGHT,
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
        exclude=exclude,
    )


def _expand(text: str, where: tuple[str | int, ...], campaign: Campaign) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in os.environ:
            message = f"environment variable {name} is not set (needed for this secret)"
            raise ManifestError([ManifestIssue(campaign.file, 0, 0, key_name(where), message)])
        return os.environ[name]

    return _VAR.sub(value, text)


def _credentials(
    spec: UrlTarget | Microsite, where: tuple[str | int, ...], campaign: Campaign
) -> Credentials | None:
    if not spec.headers and spec.auth is None:
        return None
    headers = tuple(
        (name, _expand(value, (*where, "headers", name), campaign))
        for name, value in spec.headers.items()
    )
    auth = None
    if spec.auth is not None:
        auth = (
            _expand(spec.auth.user, (*where, "auth", "user"), campaign),
            _expand(spec.auth.password, (*where, "auth", "password"), campaign),
        )
    return Credentials(origin_of(spec.url), headers, auth)


def expand(campaign: Campaign, cli: Settings | None = None) -> list[Target]:
    """Every target of `campaign`; raises :class:`ManifestError` for a missing `${VAR}`."""
    base = [campaign.defaults, *([cli] if cli else []), BUILT_IN]
    targets: list[Target] = []
    for index, spec in enumerate(campaign.urls):
        settings = _effective([spec, *base])
        creds = _credentials(spec, ("urls", index), campaign)
        targets.append(Target(campaign, "url", spec.url, spec, settings, creds))
        if spec.printed:
            targets.append(Target(campaign, "printed", spec.printed, spec, settings, creds))
    for index, site in enumerate(campaign.microsites):
        settings = _effective([site, *base])
        creds = _credentials(site, ("microsites", index), campaign)
        targets.append(Target(campaign, "microsite", site.url, site, settings, creds))
    return targets
