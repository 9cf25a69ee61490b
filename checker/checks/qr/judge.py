"""`qr.decode`: the QR code in the image encodes exactly the campaign URL."""

from __future__ import annotations

from checker.checks.facts import Facts
from checker.checks.qr.probe import QR
from checker.checks.registry import Context, check, result
from checker.manifest.model import UrlTarget, normalize_url
from checker.plan.targets import Target
from checker.report.model import CheckResult, Status


def _has_qr(target: Target) -> bool:
    return (
        target.kind == "url" and isinstance(target.spec, UrlTarget) and target.spec.qr is not None
    )


def _same(a: str, b: str) -> bool:
    try:
        return normalize_url(a) == normalize_url(b)
    except ValueError:
        return False


@check("qr.decode", _has_qr, needs=(QR,))
def decode(target: Target, facts: Facts, context: Context) -> CheckResult:
    qr = facts[QR]
    assert qr is not None
    assert isinstance(target.spec, UrlTarget)
    assert target.spec.qr is not None
    image = target.spec.qr.name
    if qr.error:
        return result("qr.decode", Status.FAIL, f"{qr.error}: export the QR code as PNG or JPEG")
    if not qr.texts:
        message = f"no QR code found in {image}: re-export it with a quiet zone and more pixels"
        return result("qr.decode", Status.FAIL, message, image=image)
    if any(_same(text, target.check_url) for text in qr.texts):
        return result("qr.decode", Status.PASS, f"{image} encodes {target.check_url}", image=image)
    message = (
        f"QR code in {image} encodes {qr.texts[0]}, not {target.check_url}: "
        "regenerate it before printing"
    )
    return result("qr.decode", Status.FAIL, message, image=image, encoded=list(qr.texts))
