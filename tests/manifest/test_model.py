"""The manifest model: dates and time zones, URL normalisation, short/long forms, defaults."""

from __future__ import annotations

import textwrap
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from checker.manifest.load import load_campaigns, load_file
from checker.manifest.model import Campaign, Expect, Microsite, UrlTarget, normalize_url
from checker.net.urls import normalize

REPO = Path(__file__).resolve().parents[2]


def write(folder: Path, body: str, name: str = "c.yaml") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def load(folder: Path, body: str) -> Campaign:
    """Load `body`, given one URL when it names none (a manifest must check something)."""
    if "urls:" not in body and "microsites:" not in body:
        body = textwrap.dedent(body) + "urls: [https://a.example/]\n"
    return load_file(write(folder, body))


@pytest.fixture
def foreign_local_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make the machine's local zone UTC+14, so that any use of it shows in the results."""
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    time.tzset()
    assert datetime(2027, 6, 1).astimezone().utcoffset() == timedelta(hours=14)
    yield
    monkeypatch.undo()
    time.tzset()


# --- dates -------------------------------------------------------------------------------


@pytest.mark.usefixtures("foreign_local_zone")
def test_bare_date_is_midnight_utc_by_default_not_in_the_local_zone(tmp_path: Path) -> None:
    campaign = load(tmp_path, "campaign: a\nlaunch: 2027-06-01\n")
    assert campaign.launch == datetime(2027, 6, 1, tzinfo=UTC)
    assert campaign.launch.utcoffset() == timedelta(0)


@pytest.mark.usefixtures("foreign_local_zone")
def test_bare_date_is_midnight_in_the_manifest_timezone(tmp_path: Path) -> None:
    campaign = load(tmp_path, "campaign: a\nlaunch: 2027-09-15\ntimezone: Europe/London\n")
    assert campaign.launch.isoformat() == "2027-09-15T00:00:00+01:00"  # BST


@pytest.mark.usefixtures("foreign_local_zone")
def test_naive_datetime_is_read_in_the_manifest_timezone(tmp_path: Path) -> None:
    campaign = load(
        tmp_path, "campaign: a\nlaunch: 2027-01-10T09:30:00\ntimezone: America/New_York\n"
    )
    assert campaign.launch.isoformat() == "2027-01-10T09:30:00-05:00"


@pytest.mark.usefixtures("foreign_local_zone")
def test_naive_datetime_without_timezone_is_utc_not_local(tmp_path: Path) -> None:
    campaign = load(tmp_path, "campaign: a\nlaunch: 2027-01-10T09:30:00\n")
    assert campaign.launch == datetime(2027, 1, 10, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("written", "expected_offset"),
    [
        ("2027-06-01T09:00:00-04:00", timedelta(hours=-4)),
        ("2027-06-01T09:00:00+05:30", timedelta(hours=5, minutes=30)),
        ("2027-06-01T09:00:00Z", timedelta(0)),
    ],
)
def test_datetime_keeps_its_own_offset_whatever_the_timezone(
    tmp_path: Path, written: str, expected_offset: timedelta
) -> None:
    campaign = load(tmp_path, f"campaign: a\nlaunch: {written}\ntimezone: Asia/Tokyo\n")
    assert campaign.launch.utcoffset() == expected_offset
    assert campaign.launch.replace(tzinfo=None) == datetime(2027, 6, 1, 9)


def test_ends_is_read_in_the_timezone_and_flight_end_defaults_to_launch(tmp_path: Path) -> None:
    with_end = load(
        tmp_path, "campaign: a\nlaunch: 2027-06-01\nends: 2027-08-31\ntimezone: Europe/Paris\n"
    )
    assert with_end.flight_end.isoformat() == "2027-08-31T00:00:00+02:00"
    without_end = load(tmp_path, "campaign: a\nlaunch: 2027-06-01T09:00:00+02:00\n")
    assert without_end.ends is None
    assert without_end.flight_end == without_end.launch


def test_ends_equal_to_launch_in_another_offset_is_accepted(tmp_path: Path) -> None:
    campaign = load(
        tmp_path,
        "campaign: a\nlaunch: 2027-06-01T09:00:00+02:00\nends: 2027-06-01T07:00:00Z\n",
    )
    assert campaign.ends == campaign.launch


def test_explicit_timestamp_tag_is_accepted(tmp_path: Path) -> None:
    campaign = load(tmp_path, "campaign: a\nlaunch: !!timestamp 2027-06-01T09:00:00Z\n")
    assert campaign.launch == datetime(2027, 6, 1, 9, tzinfo=UTC)


# --- URLs --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("https://bücher.example/summer", "https://xn--bcher-kva.example/summer"),
        ("https://acme.example:443/x", "https://acme.example/x"),
        ("http://acme.example:80/x", "http://acme.example/x"),
        ("https://acme.example:8443/x", "https://acme.example:8443/x"),
        ("http://acme.example:443/x", "http://acme.example:443/x"),
        ("HTTPS://ACME.Example/Path", "https://acme.example/Path"),
        ("https://acme.example", "https://acme.example/"),
        ("  https://acme.example/?utm_source=a  ", "https://acme.example/?utm_source=a"),
        # RFC 3986: an escaped "/" is another resource than "/", so it stays escaped ...
        ("https://cdn.example/b/o/a%2Fb.png", "https://cdn.example/b/o/a%2Fb.png"),
        ("https://acme.example/a%3db?x=%2f", "https://acme.example/a%3Db?x=%2F"),
        # ... while escaped unreserved characters and dot segments are spelled one way
        ("https://acme.example/%7euser/./a/../b?q=%41", "https://acme.example/~user/b?q=A"),
        ("https://acme.example/summer#terms", "https://acme.example/summer#terms"),
    ],
)
def test_urls_are_normalised(written: str, normalised: str) -> None:
    assert normalize_url(written) == normalised


@pytest.mark.parametrize(
    "written",
    [
        "https://Acme.example:443/a/../%7Eb/c%2Fd?utm_source=x&q=%41",
        "http://bücher.example/Ä?ü=1",
        "https://acme.example",
    ],
)
def test_manifest_and_crawled_urls_share_one_normal_form(written: str) -> None:
    """A manifest URL that the crawl also meets is the same string, so it is fetched once."""
    assert normalize_url(written) == normalize(written)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("ftp://acme.example/file", "must be an http:// or https:// URL"),
        ("mailto:web@acme.example", "must be an http:// or https:// URL"),
        ("javascript:alert(1)", "must be an http:// or https:// URL"),
        ("file:///etc/passwd", "must be an http:// or https:// URL"),
        ("acme.example/summer", "must be an http:// or https:// URL"),
        ("/summer", "must be an http:// or https:// URL"),
        ("", "must be an http:// or https:// URL"),
        ("https://", "must be an absolute URL with a host"),
        ("https:/acme.example/", "must be an absolute URL with a host"),
        ("https://acme.example/a b", "must not contain spaces"),
    ],
)
def test_only_absolute_http_and_https_urls_are_accepted(written: str, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{message}"):
        normalize_url(written)


def test_manifest_urls_are_stored_normalised(tmp_path: Path) -> None:
    campaign = load(
        tmp_path,
        """\
        campaign: a
        launch: 2027-06-01
        urls:
          - https://bücher.example:443
          - url: HTTP://Go.Acme.Example:80/s27?utm_source=x
            expect: {final_url: "https://www.acme.example:443/summer"}
        microsites:
          - https://Summer.Acme.Example
        """,
    )
    assert [t.url for t in campaign.urls] == [
        "https://xn--bcher-kva.example/",
        "http://go.acme.example/s27?utm_source=x",
    ]
    assert campaign.urls[1].expect.final_url == "https://www.acme.example/summer"
    assert campaign.microsites[0].url == "https://summer.acme.example/"


# --- short and long forms, expectations, defaults ----------------------------------------


def test_short_and_long_forms_of_urls_and_microsites_are_the_same(tmp_path: Path) -> None:
    short = load(
        tmp_path,
        "campaign: a\nlaunch: 2027-06-01\nurls: [https://a.example/x]\n"
        "microsites: [https://m.example/]\n",
    )
    long = load(
        tmp_path,
        "campaign: a\nlaunch: 2027-06-01\nurls: [{url: https://a.example/x}]\n"
        "microsites: [{url: https://m.example/}]\n",
    )
    assert short.urls == long.urls == (UrlTarget(url="https://a.example/x"),)
    assert short.microsites == long.microsites == (Microsite(url="https://m.example/"),)


def test_defaults_of_a_target_expectation_and_microsite(tmp_path: Path) -> None:
    campaign = load(
        tmp_path,
        "campaign: a\nlaunch: 2027-06-01\nurls: [https://a.example/]\n"
        "microsites: [https://m.example/]\n",
    )
    expect = campaign.urls[0].expect
    assert expect.status == (200,)
    assert expect.keep_query is True
    assert expect.indexable is True
    assert expect.contains == ()
    assert expect.final_url is None
    site = campaign.microsites[0]
    assert (site.max_pages, site.max_depth, site.external) == (500, 5, True)
    assert site.expect == Expect()
    assert campaign.timezone == "UTC"
    assert campaign.urls[0].printed is None
    assert campaign.urls[0].qr is None


@pytest.mark.parametrize(
    ("written", "status"),
    [("301", (301,)), ("[200, 301]", (200, 301)), ("[404]", (404,))],
)
def test_expect_status_is_an_int_or_a_list(
    tmp_path: Path, written: str, status: tuple[int, ...]
) -> None:
    campaign = load(
        tmp_path,
        f"campaign: a\nlaunch: 2027-06-01\nurls:\n"
        f"  - url: https://a.example/\n    expect: {{status: {written}}}\n",
    )
    assert campaign.urls[0].expect.status == status


@pytest.mark.parametrize(
    ("written", "contains"),
    [('"Summer Sale"', ("Summer Sale",)), ('["Summer", "50% off"]', ("Summer", "50% off"))],
)
def test_expect_contains_is_a_text_or_a_list(
    tmp_path: Path, written: str, contains: tuple[str, ...]
) -> None:
    campaign = load(
        tmp_path,
        f"campaign: a\nlaunch: 2027-06-01\nurls:\n"
        f"  - url: https://a.example/\n    expect: {{contains: {written}}}\n",
    )
    assert campaign.urls[0].expect.contains == contains


def test_qr_path_is_relative_to_the_manifest_not_the_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "deep" / "campaigns"
    (folder / "assets").mkdir(parents=True)
    (folder / "assets" / "q.png").write_bytes(b"png")
    path = write(
        folder,
        """\
        campaign: a
        launch: 2027-06-01
        urls:
          - url: https://a.example/
            printed: go.a.example/S27
            qr: assets/q.png
        """,
    )
    monkeypatch.chdir(tmp_path)
    target = load_file(path.relative_to(tmp_path)).urls[0]
    assert target.qr == (folder / "assets" / "q.png").resolve()
    assert target.printed == "go.a.example/S27"  # case kept: checked as typed


def test_yaml_merge_keys_fill_in_what_an_entry_does_not_say(tmp_path: Path) -> None:
    campaign = load(
        tmp_path,
        """\
        campaign: a
        launch: 2027-06-01
        urls:
          - &base {url: https://a.example/, expect: {status: 301}, timeout: 3}
          - <<: *base
            url: https://b.example/
        """,
    )
    second = campaign.urls[1]
    assert (second.url, second.expect.status, second.timeout) == ("https://b.example/", (301,), 3)


def test_settings_and_file_name_are_kept(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        campaign: a
        launch: 2027-06-01
        defaults: {timeout: 2.5, max_redirects: 3, cert_cover_flight: true, exclude: '^x'}
        urls:
          - url: https://a.example/
            headers: {Authorization: "Bearer ${TOKEN}"}
            auth: {user: u, password: "${PASS}"}
        """,
    )
    campaign = load_file(path, "campaigns/c.yaml")
    assert campaign.file == "campaigns/c.yaml"
    assert (campaign.defaults.timeout, campaign.defaults.max_redirects) == (2.5, 3)
    assert campaign.defaults.cert_cover_flight is True
    assert campaign.defaults.exclude == ("^x",)
    assert campaign.urls[0].headers == {"Authorization": "Bearer ${TOKEN}"}  # expanded later
    assert campaign.urls[0].auth is not None
    assert campaign.urls[0].auth.password == "${PASS}"


def test_repo_examples_load_with_their_documented_values() -> None:
    campaigns = {c.campaign: c for c in load_campaigns([REPO / "campaigns"])}
    summer = campaigns["summer-2027"]
    assert summer.launch == datetime(2027, 6, 1, 9, tzinfo=timezone(timedelta(hours=-4)))
    assert summer.flight_end.isoformat() == "2027-08-31T00:00:00-04:00"
    vanity = summer.urls[1]
    assert vanity.printed == "go.acme.example/s27"
    assert vanity.qr == (REPO / "campaigns" / "assets" / "s27-qr.png").resolve()
    assert vanity.expect.contains == ("Summer Sale", "up to 50% off")
    autumn = campaigns["autumn-launch"]
    assert autumn.launch.isoformat() == "2027-09-15T00:00:00+01:00"
    assert (autumn.microsites[0].max_pages, autumn.microsites[0].max_depth) == (300, 4)
    assert campaigns["spring-preview"].urls[0].expect.indexable is False
