"""The built-in demo: three campaigns (ready, at risk, not ready) against the offline world.

Manifests are written with dates relative to today, so the verdicts stay the same
whenever the demo runs; the world's certificates are also made relative to today.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path

from checker.demo.catalogue import landing
from checker.demo.microsite import microsite
from checker.demo.pki import CertKind
from checker.demo.rdap import RdapRegistry, rdap_host
from checker.demo.routes import page
from checker.demo.world import HostSpec

READY = """\
# A billboard + flyer campaign where everything is in place.
campaign: summer-sale
name: Summer Sale (demo)
owner: web-team@acme.test
launch: {launch}
ends: {ends}
urls:
  - url: https://go.test/s27?utm_source=flyer&utm_campaign=summer-sale
    printed: go.test/s27
    qr: flyer-qr.png
    expect:
      final_url: https://www.good.test/summer
      title: Acme Summer Sale
      contains: 20% off everything
  - https://www.good.test/summer
microsites:
  - url: https://summer.microsite.test/
    max_pages: 20
    expect: {{title: Acme Summer Collection}}
"""

AT_RISK = """\
# Works today, but the certificate and the domain registration run out during the flight.
campaign: autumn-preview
name: Autumn Preview (demo)
owner: web-team@acme.test
launch: {launch}
ends: {ends}
defaults:
  cert_min_days: 1
urls:
  - url: https://autumn.test/summer
    expect:
      title: Acme Summer Sale
      indexable: false
"""

NOT_READY = """\
# What the tool exists to catch: a redirect that drops the UTM parameters, an old QR
# code, a parked domain, an expired certificate, a name that is not in DNS yet, and a
# microsite with a missing hero image, an undeployed page, a dangling #anchor, a script
# loaded over http:// and a share image that is a web page.
campaign: winter-teaser
name: Winter Teaser (demo)
owner: web-team@acme.test
launch: {launch}
ends: {ends}
urls:
  - url: https://go.test/s28?utm_source=flyer&utm_campaign=winter
    qr: old-flyer-qr.png
  - https://parked.test/
  - url: https://expired.test/summer
    expect: {{indexable: false}}
  - url: https://winter.nx.test/
    printed: winter.nx.test
microsites:
  - url: https://winter.microsite.test/
    max_pages: 20
    expect: {{title: Acme Winter Teaser}}
"""


RDAP_HOST = "rdap.registry.test"
REGISTERED = ("go.test", "good.test", "microsite.test", "parked.test", "expired.test", "nx.test")


def demo_registry(today: datetime | None = None) -> RdapRegistry:
    """The demo's RDAP registry: every demo domain registered for years, but autumn.test only
    until 40 days after launch, 20 days before the flight ends."""
    now = today or datetime.now(UTC)
    registry = RdapRegistry(RDAP_HOST)
    for domain in REGISTERED:
        registry.register(domain, now + timedelta(days=3 * 365))
    registry.register("autumn.test", now + timedelta(days=3 + 40))
    return registry


def demo_hosts(today: datetime | None = None) -> list[HostSpec]:
    """Hosts the demo adds to the standard catalogue, its RDAP registry included."""
    routes = {"/summer": landing(), "/robots.txt": page("User-agent: *\nAllow: /\n")}
    doc = "valid cert expiring in 5 days, http:// redirects to https://"
    return [
        HostSpec("autumn.test", doc, routes, CertKind.EXPIRING_SOON, http_to_https=True),
        microsite("summer.microsite.test", "Acme Summer Collection"),
        microsite("winter.microsite.test", "Acme Winter Teaser", broken=True),
        rdap_host(RDAP_HOST, demo_registry(today), "RDAP registry of the demo's domains"),
    ]


def write_manifests(directory: Path, today: datetime | None = None) -> Path:
    """Write the demo manifests and their QR images into `directory`/campaigns."""
    start = (today or datetime.now(UTC)).date() + timedelta(days=3)
    dates = {"launch": start.isoformat(), "ends": (start + timedelta(days=60)).isoformat()}
    folder = directory / "campaigns"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (("summer-sale", READY), ("autumn-preview", AT_RISK)):
        (folder / f"{name}.yaml").write_text(text.format(**dates), encoding="utf-8")
    (folder / "winter-teaser.yaml").write_text(NOT_READY.format(**dates), encoding="utf-8")
    for image in ("flyer-qr.png", "old-flyer-qr.png"):
        with resources.as_file(resources.files("checker.demo") / image) as source:
            shutil.copyfile(source, folder / image)
    return folder
