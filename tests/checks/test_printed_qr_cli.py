"""`printed.typed` and `qr.decode` end to end (QR images generated with the `qrcode` package)."""

from __future__ import annotations

from pathlib import Path

import pytest
import qrcode
from PIL import Image

from checker.demo.world import World
from tests.checks.helpers import CliRun, assert_check, campaign, run_check, write_manifest

SUMMER = "https://www.good.test/summer"
VANITY = "https://go.test/s27?utm_source=billboard&utm_campaign=s27"
QR_GOOD = "https://go.test/s27?utm_source=flyer"
QR_WRONG = "https://go.test/s27?utm_source=poster"
QR_NONE = "https://go.test/s27?utm_source=leaflet"
QR_BROKEN = "https://go.test/s27?utm_source=sticker"


def _qr_png(path: Path, text: str) -> str:
    qrcode.make(text).save(str(path))
    return path.name


@pytest.fixture(scope="module")
def run(world: World, tmp_path_factory: pytest.TempPathFactory) -> CliRun:
    folder: Path = tmp_path_factory.mktemp("printed")
    assets = folder / "assets"
    assets.mkdir()
    _qr_png(assets / "flyer.png", QR_GOOD)
    _qr_png(assets / "poster.png", "https://go.test/s28?utm_source=poster")
    Image.new("RGB", (240, 240), "white").save(assets / "blank.png")
    (assets / "sticker.png").write_bytes(b"this is not an image\n")
    expect = {"final_url": SUMMER, "title": "Summer Sale"}
    urls = [
        # printed forms
        {"url": VANITY, "printed": "go.test/s27", "expect": expect},
        {"url": SUMMER, "printed": "www.good.test/Summer"},
        {"url": "https://good.test/summer", "printed": "good.test/summer"},
        # QR codes (paths relative to the manifest)
        {"url": QR_GOOD, "qr": "assets/flyer.png"},
        {"url": QR_WRONG, "qr": "assets/poster.png"},
        {"url": QR_NONE, "qr": "assets/blank.png"},
        {"url": QR_BROKEN, "qr": "assets/sticker.png"},
    ]
    manifest = write_manifest(folder, campaign("printed-cli", urls))
    return run_check([manifest], "--timeout", "3", "--retries", "0", *world.cli_args())


# --- printed.typed ----------------------------------------------------------------------


def test_printed_target_carries_printed_typed(run: CliRun) -> None:
    target = run.target("go.test/s27", kind="printed")
    assert "printed.typed" in [c["id"] for c in target["checks"]]


def test_printed_pass_typed_with_http_and_https(run: CliRun) -> None:
    result = assert_check(
        run,
        "go.test/s27",
        "printed.typed",
        "pass",
        '"go.test/s27" typed with http:// or https:// reaches the page',
        kind="printed",
    )
    forms = result["detail"]["forms"]
    assert set(forms) == {"http://go.test/s27", "https://go.test/s27"}
    assert {f["final_url"] for f in forms.values()} == {SUMMER}


def test_printed_fail_when_the_printed_case_404s(run: CliRun) -> None:
    result = assert_check(
        run,
        "www.good.test/Summer",
        "printed.typed",
        "fail",
        '"www.good.test/Summer" as printed does not reach the page',
        "ends on 404",
        "works: paths are case-sensitive",
        kind="printed",
    )
    assert sorted(result["detail"]["failing"]) == [
        "http://www.good.test/Summer",
        "https://www.good.test/Summer",
    ]
    # the manifest URL itself (lower case) is fine
    assert_check(run, SUMMER, "http.status", "pass", "200", kind="url")


def test_printed_https_pass_when_http_form_ends_on_https(run: CliRun) -> None:
    assert_check(run, "go.test/s27", "http.https", "pass", "redirects to https", kind="printed")


def test_printed_https_fail_when_http_form_stays_plain(run: CliRun) -> None:
    """CONTRACT.md: http.https is checked for printed forms too (good.test serves the page on
    plain http:// without redirecting)."""
    assert_check(
        run,
        "good.test/summer",
        "http.https",
        "fail",
        "http://good.test/summer ends on plain HTTP",
        kind="printed",
    )


# --- qr.decode --------------------------------------------------------------------------


def test_qr_pass_when_it_encodes_the_url(run: CliRun) -> None:
    assert_check(run, QR_GOOD, "qr.decode", "pass", f"flyer.png encodes {QR_GOOD}")


def test_qr_fail_when_it_encodes_another_url(run: CliRun) -> None:
    result = assert_check(
        run,
        QR_WRONG,
        "qr.decode",
        "fail",
        "QR code in poster.png encodes https://go.test/s28?utm_source=poster",
        f"not {QR_WRONG}",
    )
    assert result["detail"]["encoded"] == ["https://go.test/s28?utm_source=poster"]


def test_qr_fail_when_the_image_has_no_qr_code(run: CliRun) -> None:
    assert_check(run, QR_NONE, "qr.decode", "fail", "no QR code found in blank.png")


def test_qr_fail_when_the_file_is_not_an_image(run: CliRun) -> None:
    assert_check(run, QR_BROKEN, "qr.decode", "fail", "cannot read image sticker.png")


def test_qr_not_checked_without_image(run: CliRun) -> None:
    assert "qr.decode" not in [c["id"] for c in run.target(SUMMER, kind="url")["checks"]]
