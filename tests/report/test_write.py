"""The format registry and atomic writing of reports."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from checker.report.formats import FILE_FORMATS, write_atomic, write_reports

from .sample import sample_report


def test_registry_maps_the_file_formats_to_renderers() -> None:
    assert set(FILE_FORMATS) == {"json", "junit", "markdown", "html"}
    report = sample_report()
    for render in FILE_FORMATS.values():
        assert render(report)


def test_write_reports_writes_each_format_creating_parents(tmp_path: Path) -> None:
    outputs: dict[str, str | Path] = {
        "json": tmp_path / "a" / "report.json",
        "junit": tmp_path / "b" / "junit.xml",
        "html": str(tmp_path / "c" / "index.html"),
        "badges": tmp_path / "d" / "badges",
    }
    written = write_reports(sample_report(), outputs)
    assert json.loads((tmp_path / "a" / "report.json").read_text("utf-8"))["schema"] == 1
    assert (tmp_path / "b" / "junit.xml").read_text("utf-8").startswith("<?xml")
    assert (tmp_path / "c" / "index.html").exists()
    assert (tmp_path / "d" / "badges" / "all.svg").exists()
    assert len(written) == 3 + 10
    assert not list(tmp_path.rglob("*.tmp"))


def test_write_reports_dash_goes_to_stdout(tmp_path: Path) -> None:
    out = io.StringIO()
    written = write_reports(sample_report(), {"markdown": "-"}, stdout=out)
    assert written == []
    assert out.getvalue().startswith("## Campaign readiness")


def test_write_reports_rejects_two_formats_on_stdout_and_unknown_formats() -> None:
    with pytest.raises(ValueError, match="stdout"):
        write_reports(sample_report(), {"json": "-", "markdown": "-"}, stdout=io.StringIO())
    with pytest.raises(ValueError, match="unknown report format: pdf"):
        write_reports(sample_report(), {"pdf": "x.pdf"})


def test_write_atomic_replaces_and_leaves_no_temp_file(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_text("old", "utf-8")
    write_atomic(path, "new ✓")
    assert path.read_text("utf-8") == "new ✓"
    assert os.listdir(tmp_path) == ["report.json"]


def test_write_atomic_keeps_the_old_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "report.json"
    path.write_text("old", "utf-8")

    def boom(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(path, "new")
    assert path.read_text("utf-8") == "old"
    assert os.listdir(tmp_path) == ["report.json"]


def test_write_atomic_survives_lone_surrogates(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    write_atomic(path, "bad \udcff byte")
    assert path.read_text("utf-8") == "bad ? byte"
