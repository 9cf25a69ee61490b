"""Reading the QR codes in a flyer's image: every code found, none in a plain picture, and
a reason (never an exception) for a file that is not an image."""

from __future__ import annotations

from pathlib import Path

import qrcode
from PIL import Image

from checker.content.qr_image import QrRead, read_qr

URL = "https://go.acme.test/s27?utm_source=flyer"


def code(text: str) -> Image.Image:
    image = qrcode.make(text).get_image()
    assert isinstance(image, Image.Image)
    return image.convert("RGB")


def test_the_text_of_a_qr_code_is_read(tmp_path: Path) -> None:
    path = tmp_path / "flyer.png"
    code(URL).save(path)
    assert read_qr(path) == QrRead((URL,))


def test_a_jpeg_reads_too(tmp_path: Path) -> None:
    path = tmp_path / "flyer.jpg"
    code(URL).save(path, quality=85)
    assert read_qr(path).texts == (URL,)


def test_every_code_in_the_image_is_read(tmp_path: Path) -> None:
    first, second = code(URL), code("https://go.acme.test/other")
    sheet = Image.new(
        "RGB", (first.width + second.width + 40, max(first.height, second.height)), "white"
    )
    sheet.paste(first, (0, 0))
    sheet.paste(second, (first.width + 40, 0))
    path = tmp_path / "sheet.png"
    sheet.save(path)
    assert sorted(read_qr(path).texts) == sorted([URL, "https://go.acme.test/other"])


def test_a_picture_without_code_reads_nothing(tmp_path: Path) -> None:
    path = tmp_path / "photo.png"
    Image.new("RGB", (300, 200), (200, 120, 40)).save(path)
    assert read_qr(path) == QrRead(())


def test_a_file_that_is_no_image_gives_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "flyer.pdf"
    path.write_bytes(b"%PDF-1.7 not an image")
    read = read_qr(path)
    assert read.texts == ()
    assert read.error is not None
    assert read.error.startswith("cannot read image flyer.pdf: ")


def test_a_truncated_image_gives_the_reason(tmp_path: Path) -> None:
    whole = tmp_path / "whole.png"
    code(URL).save(whole)
    cut = tmp_path / "cut.png"
    cut.write_bytes(whole.read_bytes()[:200])
    assert (read_qr(cut).error or "").startswith("cannot read image cut.png: ")
