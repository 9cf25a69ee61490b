"""A realistic sample report for the format tests: one campaign per status.

- `spring-teaser`: ready (live for 75 h), every check passes.
- `summer-2027`: at risk, `tls.expiry` warns (certificate ends during the flight).
- `holiday-2027`: not ready: `dns.resolve` fails, a hostile message (`<script>`, `]]>`, `|`,
  control characters), a microsite whose `crawl.links` lists 13 broken links, each also a
  `page`/`link` target of its own, plus a broken asset and a missing fragment.
- `winter-2026`: ended, nothing checked.

Targets carry their manifest line and the seconds they took (crawl-found ones: their
microsite's line, no time of their own). `sample_history()` is a run history that ends
with the sample report's run.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from checker.report.history import CampaignRun, History, Run, record
from checker.report.model import (
    CampaignResult,
    CampaignStatus,
    CheckResult,
    Phase,
    Report,
    Status,
    TargetResult,
)

NOW = datetime(2027, 5, 23, 12, 0, tzinfo=UTC)
EDT = timezone(timedelta(hours=-4))

HOSTILE = "expected text \"Joyeux <script>alert('x')</script> ]]> | Noël\" not found in the page"
CONTROL = 'page looks like a placeholder: title "Coming soon\x1b[2J\x00\x07" (parked domain?)'
SITE = "https://holiday.acme.example/"
BROKEN_LINKS = 13


def _passing(host: str, *, expiry: CheckResult | None = None) -> list[CheckResult]:
    expiry = expiry or CheckResult(
        "tls.expiry", Status.PASS, f"certificate for {host} valid until 2028-01-10"
    )
    return [
        CheckResult("dns.resolve", Status.PASS, f"{host} resolves to 192.0.2.10"),
        CheckResult("tls.handshake", Status.PASS, "TLS 1.3 handshake OK"),
        CheckResult("tls.trusted", Status.PASS, "chain verifies to ISRG Root X1"),
        CheckResult("tls.hostname", Status.PASS, f"certificate covers {host}"),
        expiry,
        CheckResult("http.status", Status.PASS, "200 OK", {"status": 200}),
    ]


def _hours(launch: datetime) -> float:
    return round((launch - NOW).total_seconds() / 3600, 1)


def ready() -> CampaignResult:
    """Live, everything passes."""
    launch = datetime(2027, 5, 20, 9, 0, tzinfo=UTC)
    url = "https://acme.example/spring"
    return CampaignResult(
        campaign="spring-teaser",
        name="Frühlings-Teaser ☀",
        owner="brand@acme.example",
        file="campaigns/spring-teaser.yaml",
        launch=launch,
        ends=datetime(2027, 6, 20, tzinfo=UTC),
        phase=Phase.LIVE,
        hours_to_launch=_hours(launch),
        targets=[
            TargetResult(
                url,
                "url",
                [
                    *_passing("acme.example"),
                    CheckResult("http.https", Status.PASS, "http:// redirects to https://"),
                    CheckResult("content.title", Status.PASS, 'title contains "Spring"'),
                ],
                line=6,
                duration=0.8,
            ),
            TargetResult(
                "acme.example/spring",
                "printed",
                [CheckResult("printed.typed", Status.PASS, f"typed form reaches {url}")],
                line=7,
                duration=0.4,
            ),
        ],
        timezone="UTC",
    )


def at_risk() -> CampaignResult:
    """Upcoming; the certificate expires during the flight."""
    launch = datetime(2027, 6, 1, 9, 0, tzinfo=EDT)
    expiry = CheckResult(
        "tls.expiry",
        Status.WARN,
        "certificate for go.acme.example ends 2027-07-15, before the flight ends 2027-08-31: "
        "renew it or shorten the flight",
        {"not_after": "2027-07-15T12:00:00+00:00"},
    )
    return CampaignResult(
        campaign="summer-2027",
        name="Summer Sale 2027 — Été",
        owner="web-team@acme.example",
        file="campaigns/summer-2027.yaml",
        launch=launch,
        ends=datetime(2027, 8, 31, 23, 59, tzinfo=EDT),
        phase=Phase.UPCOMING,
        hours_to_launch=_hours(launch),
        targets=[
            TargetResult(
                "https://go.acme.example/s27?utm_source=billboard&utm_campaign=s27",
                "url",
                [
                    *_passing("go.acme.example", expiry=expiry),
                    CheckResult("http.query", Status.PASS, "utm_source, utm_campaign kept"),
                    CheckResult("qr.decode", Status.PASS, "QR code encodes the URL"),
                ],
                line=9,
                duration=1.8,
            )
        ],
        timezone="America/New_York",
    )


def _broken_link(i: int) -> dict[str, object]:
    if i % 4 == 3:
        return {
            "url": f"https://partner{i}.example/deal",
            "error": "DNS: NXDOMAIN",
            "found_on": [SITE, f"{SITE}offer.html"],
        }
    return {"url": f"{SITE}old/page-{i}.html", "status": 404, "found_on": [f"{SITE}offer.html"]}


def not_ready() -> CampaignResult:
    """Upcoming; DNS missing, wrong content, and a microsite with broken links."""
    launch = datetime(2027, 5, 25, tzinfo=UTC)
    links = [_broken_link(i) for i in range(BROKEN_LINKS)]
    asset = {
        "url": f"{SITE}img/hero.webp",
        "status": 404,
        "element": "img",
        "found_on": [f"{SITE}offer.html"],
    }
    targets = [
        TargetResult(
            "https://gift.acme.example/noel",
            "url",
            [
                CheckResult(
                    "dns.resolve",
                    Status.FAIL,
                    "gift.acme.example does not resolve: NXDOMAIN (no such domain); "
                    "create the DNS record before launch",
                    {"error": "NXDOMAIN"},
                ),
                CheckResult("tls.handshake", Status.SKIP, "not checked: dns.resolve failed"),
            ],
            line=8,
            duration=0.2,
        ),
        TargetResult(
            "https://acme.example/holiday?ref=a|b",
            "url",
            [
                *_passing("acme.example"),
                CheckResult("content.text", Status.FAIL, HOSTILE),
                CheckResult("content.placeholder", Status.FAIL, CONTROL),
            ],
            line=9,
            duration=1.0,
        ),
        TargetResult(
            SITE,
            "microsite",
            [
                *_passing("holiday.acme.example"),
                CheckResult(
                    "crawl.links",
                    Status.FAIL,
                    f"{BROKEN_LINKS} of 48 links are broken",
                    {"checked": 48, "broken": links},
                ),
                CheckResult(
                    "crawl.assets",
                    Status.FAIL,
                    "1 of 20 assets is broken",
                    {"checked": 20, "broken": [asset]},
                ),
                CheckResult(
                    "crawl.fragments",
                    Status.WARN,
                    "1 of 5 fragments points at a missing id",
                    {"checked": 5, "broken": [{"url": f"{SITE}#terms", "error": "no id terms"}]},
                ),
            ],
            line=14,
            duration=9.0,
        ),
    ]
    for item in [*links, asset]:
        url = str(item["url"])
        kind = "asset" if "element" in item else "page" if url.startswith(SITE) else "link"
        check = (
            CheckResult("http.status", Status.FAIL, f"{item['status']} Not Found")
            if "status" in item
            else CheckResult("dns.resolve", Status.FAIL, f"{item['error']}")
        )
        check.detail = {"found_on": item["found_on"]}
        targets.append(TargetResult(url, kind, [check], line=14))
    return CampaignResult(
        campaign="holiday-2027",
        name="Noël 2027 🎄 <Ünïcødé>",
        owner="Zoë Ökonom <zoe@acme.example>",
        file="campaigns/holiday-2027.yaml",
        launch=launch,
        ends=datetime(2027, 12, 31, tzinfo=UTC),
        phase=Phase.UPCOMING,
        hours_to_launch=_hours(launch),
        targets=targets,
        timezone="UTC",
    )


def ended() -> CampaignResult:
    """Over; not checked."""
    launch = datetime(2026, 12, 1, tzinfo=UTC)
    return CampaignResult(
        campaign="winter-2026",
        name="Winter 2026",
        owner=None,
        file="campaigns/winter-2026.yaml",
        launch=launch,
        ends=datetime(2027, 2, 28, tzinfo=UTC),
        phase=Phase.ENDED,
        hours_to_launch=_hours(launch),
        ended=True,
        timezone="Europe/Berlin",
    )


def sample_report(*, complete: bool = True) -> Report:
    """The four sample campaigns, deliberately not in launch order."""
    return Report(
        generated_at=NOW + timedelta(seconds=42),
        now=NOW,
        campaigns=[at_risk(), not_ready(), ready(), ended()],
        complete=complete,
        incomplete_reason=None if complete else "deadline of 60 s reached; 7 checks skipped",
        duration=12.5,
    )


def sample_history(runs: int = 40) -> tuple[Report, History]:
    """The sample report recorded after `runs - 1` earlier runs, six hours apart: the
    holiday campaign not ready for its last 5 runs (at risk before), summer at risk for its
    last 12 (ready before), spring always ready. `since` is set on the report."""
    report = sample_report()
    history = History()
    for ago in range(runs - 1, 0, -1):
        holiday = (
            CampaignRun(CampaignStatus.NOT_READY, ("dns.resolve",))
            if ago < 5
            else CampaignRun(CampaignStatus.AT_RISK, warning=("crawl.fragments",))
        )
        summer = (
            CampaignRun(CampaignStatus.AT_RISK, warning=("tls.expiry",))
            if ago < 12
            else CampaignRun(CampaignStatus.READY)
        )
        campaigns = {"holiday-2027": holiday, "summer-2027": summer}
        campaigns |= {"spring-teaser": CampaignRun(CampaignStatus.READY)}
        campaigns |= {"winter-2026": CampaignRun(CampaignStatus.ENDED)}
        history.runs.append(Run(report.generated_at - timedelta(hours=6 * ago), True, campaigns))
    return report, record(history, report)
