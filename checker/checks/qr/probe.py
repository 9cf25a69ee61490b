"""The QR code read from the target's image (off the event loop: decoding is CPU work)."""

from __future__ import annotations

import asyncio

from checker.checks.facts import Fact, Gathering
from checker.content.qr_image import QrRead, read_qr
from checker.manifest.model import UrlTarget


async def _read(gathering: Gathering) -> QrRead | None:
    spec = gathering.target.spec
    path = spec.qr if isinstance(spec, UrlTarget) else None
    return await asyncio.to_thread(read_qr, path) if path else None


QR: Fact[QrRead | None] = Fact("qr", _read)
