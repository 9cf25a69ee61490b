"""Decode the QR code printed on a flyer (zxing-cpp)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class QrRead:
    """The texts of every QR code found in an image, or why none could be read."""

    texts: tuple[str, ...] = ()
    error: str | None = None


def read_qr(path: Path) -> QrRead:
    """Every QR code in the image at `path` (CPU-bound: run it in a thread)."""
    import zxingcpp  # imported here: most runs read no image, and both cost start-up time
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            image.load()
            results = zxingcpp.read_barcodes(image)
    except (OSError, UnidentifiedImageError, ValueError) as exc:
        return QrRead(error=f"cannot read image {path.name}: {exc}")
    texts = tuple(r.text for r in results if r.valid and r.format == zxingcpp.BarcodeFormat.QRCode)
    return QrRead(texts)
