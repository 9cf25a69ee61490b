"""The demo's campaigns as written to disk: valid manifests dated from today, QR images
that say what the demo claims, and every host they name served by the demo world."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import httpx

from checker.content.qr_image import read_qr
from checker.demo.catalogue import standard_catalogue
from checker.demo.pki import CertKind
from checker.demo.scenario import demo_hosts, write_manifests
from checker.demo.world import HostSpec
from checker.manifest.load import load_campaigns
from checker.manifest.model import normalize_url

TODAY = datetime(2027, 3, 10, 15, 30, tzinfo=UTC)


def test_three_valid_manifests_launch_in_three_days_for_sixty(tmp_path: Path) -> None:
    folder = write_manifests(tmp_path, TODAY)
    assert folder == tmp_path / "campaigns"
    campaigns = {c.campaign: c for c in load_campaigns([str(folder)])}
    assert set(campaigns) == {"summer-sale", "autumn-preview", "winter-teaser"}
    for campaign in campaigns.values():
        assert campaign.launch.date() == date(2027, 3, 13)
        assert campaign.flight_end.date() == date(2027, 5, 12)


def test_the_flyer_encodes_its_url_and_the_old_flyer_another(tmp_path: Path) -> None:
    campaigns = {c.campaign: c for c in load_campaigns([str(write_manifests(tmp_path, TODAY))])}
    (flyer,) = [u for u in campaigns["summer-sale"].urls if u.qr]
    (old,) = [u for u in campaigns["winter-teaser"].urls if u.qr]
    assert flyer.qr is not None
    assert old.qr is not None
    assert [normalize_url(t) for t in read_qr(flyer.qr).texts] == [flyer.url]
    old_texts = read_qr(old.qr).texts
    assert old_texts
    assert old.url not in [normalize_url(t) for t in old_texts]


def test_writing_twice_overwrites_in_place(tmp_path: Path) -> None:
    write_manifests(tmp_path, TODAY)
    folder = write_manifests(tmp_path, datetime(2027, 4, 1, tzinfo=UTC))
    launches = {c.launch.date() for c in load_campaigns([str(folder)])}
    assert launches == {date(2027, 4, 4)}


def test_every_host_the_demo_names_is_served_except_the_one_meant_to_be_missing(
    tmp_path: Path,
) -> None:
    campaigns = load_campaigns([str(write_manifests(tmp_path, TODAY))])
    named = {
        httpx.URL(entry.url).host
        for campaign in campaigns
        for entry in (*campaign.urls, *campaign.microsites)
    }
    served = {
        spec.name for spec in (*standard_catalogue(), *demo_hosts()) if isinstance(spec, HostSpec)
    }
    assert named - served == {"winter.nx.test"}  # "a name that is not in DNS yet"


def test_the_at_risk_host_has_a_certificate_ending_within_the_flight() -> None:
    (autumn,) = [h for h in demo_hosts() if h.name == "autumn.test"]
    assert autumn.cert is CertKind.EXPIRING_SOON
    assert autumn.http_to_https
