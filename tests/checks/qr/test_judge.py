"""The `qr.decode` judge on hand-made reads: the image must hold a QR code encoding the
entry's URL (compared normalised)."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.checks.facts import Facts
from checker.checks.qr.judge import decode
from checker.checks.qr.probe import QR
from checker.checks.suite import planned
from checker.content.qr_image import QrRead
from checker.plan.targets import Target
from checker.report.model import CheckResult, Status
from tests.checks.judging import AT, targets

URL = "https://go.acme.test/s27?utm_source=flyer"


OTHER = "https://go.acme.test/other"


def flyer_campaign(folder: Path) -> list[Target]:
    """An entry with a QR image and a printed form, and a plain entry."""
    (folder / "flyer.png").write_bytes(b"not read by the judge")
    entry = {"url": URL, "qr": "flyer.png", "printed": "go.acme.test/s27"}
    return targets(urls=(entry, OTHER), base_dir=folder)


@pytest.fixture
def target(tmp_path: Path) -> Target:
    return flyer_campaign(tmp_path)[0]


def judged(target: Target, read: QrRead) -> CheckResult:
    return decode(target, Facts({QR: read}), AT)


def test_only_a_url_entry_with_an_image_gets_the_check(tmp_path: Path) -> None:
    checked = {
        (t.kind, t.url): "qr.decode" in [c.id for c in planned(t)] for t in flyer_campaign(tmp_path)
    }
    assert checked == {
        ("url", URL): True,
        ("printed", "go.acme.test/s27"): False,
        ("url", OTHER): False,
    }


def test_the_url_encoded_passes_also_spelled_differently(target: Target) -> None:
    outcome = judged(target, QrRead(("HTTPS://GO.acme.test:443/s27?utm_source=flyer",)))
    assert outcome.status is Status.PASS
    assert outcome.message == f"flyer.png encodes {URL}"


def test_one_of_several_codes_encoding_the_url_passes(target: Target) -> None:
    assert judged(target, QrRead(("WIFI:S:acme;;", URL))).status is Status.PASS


def test_another_url_fails_quoting_it(target: Target) -> None:
    outcome = judged(target, QrRead(("https://go.acme.test/s26",)))
    assert outcome.status is Status.FAIL
    assert outcome.message == (
        f"QR code in flyer.png encodes https://go.acme.test/s26, not {URL}: "
        "regenerate it before printing"
    )
    assert outcome.detail["encoded"] == ["https://go.acme.test/s26"]


def test_a_lost_query_is_another_url(target: Target) -> None:
    assert judged(target, QrRead(("https://go.acme.test/s27",))).status is Status.FAIL


def test_text_that_is_no_url_fails(target: Target) -> None:
    assert judged(target, QrRead(("call 555-0100",))).status is Status.FAIL


def test_no_code_in_the_image_fails(target: Target) -> None:
    outcome = judged(target, QrRead(()))
    assert outcome.status is Status.FAIL
    assert outcome.message.startswith("no QR code found in flyer.png")


def test_an_unreadable_image_fails_with_the_reason(target: Target) -> None:
    outcome = judged(target, QrRead(error="cannot read image flyer.png: truncated"))
    assert outcome.status is Status.FAIL
    assert outcome.message.startswith("cannot read image flyer.png: truncated")
