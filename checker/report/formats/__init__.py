"""Report formats: each a pure function of a `Report`, plus atomic writing of the files.

`FILE_FORMATS` maps a format name to `render(report) -> str`; `badges` and `site` write a
directory. The HTML page and the site also draw the run history, when there is one. Each
format's module is imported when that format is first written (a run asks for one or two).
"""

import importlib
import os
import secrets
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TextIO

from checker.report.history import History
from checker.report.model import Report

__all__ = [
    "DIRECTORY_FORMATS",
    "FILE_FORMATS",
    "STDOUT",
    "STREAM_FORMATS",
    "cannot_write",
    "check_outputs",
    "render",
    "write_atomic",
    "write_reports",
]


def _renderer(name: str) -> Callable[[Report], str]:
    """`render` of the format module `name`, imported on the first call."""

    def render(report: Report) -> str:
        module = importlib.import_module(f"{__name__}.{name}")
        rendered: str = module.render(report)
        return rendered

    return render


FILE_FORMATS: dict[str, Callable[[Report], str]] = {
    name: _renderer(name) for name in ("json", "junit", "markdown", "html")
}
# Not files of their own, but accepted by `write_reports` (usually with "-" for stdout).
STREAM_FORMATS: dict[str, Callable[[Report], str]] = {"annotations": _renderer("annotations")}
DIRECTORY_FORMATS = {"badges", "site"}
STDOUT = "-"
_TEXT_FORMATS = FILE_FORMATS | STREAM_FORMATS


def render(fmt: str, report: Report, history: History | None = None) -> str:
    """`report` in the text format `fmt` (a key of `FILE_FORMATS` or `STREAM_FORMATS`);
    the HTML page draws `history` when given."""
    if fmt == "html":
        from . import html

        return html.render(report, history)
    return _TEXT_FORMATS[fmt](report)


def write_atomic(path: Path, text: str | Iterable[bytes]) -> None:
    """Write `text` (UTF-8, or pieces of UTF-8 written as they come) to `path` through a
    temporary file in the same directory.

    A killed run leaves either the old file or the new one, never half of one; parent
    directories are created. The file gets the usual permissions (0666 minus umask).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            if isinstance(text, str):
                f.write(text.encode("utf-8", "replace"))  # a lone surrogate must not crash
            else:
                f.writelines(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def cannot_write(path: Path, *, folder: bool = False) -> str | None:
    """Why `path` cannot be written (as a file, or as a folder of files), or None."""
    if path.exists():
        if folder and not path.is_dir():
            return "is a file, not a folder"
        if not folder and path.is_dir():
            return "is a folder, not a file"
        if not os.access(path if folder else path.parent, os.W_OK | os.X_OK):
            return "is not writable"
        return None
    ancestor = path.parent
    while not ancestor.exists():
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        return f"cannot be created: {ancestor} is a file"
    if not os.access(ancestor, os.W_OK | os.X_OK):
        return f"cannot be created: {ancestor} is not writable"
    return None


def check_outputs(outputs: Mapping[str, str | Path]) -> None:
    """Raise ValueError for an output that could not be written, before any work is done."""
    unknown = set(outputs) - set(_TEXT_FORMATS) - DIRECTORY_FORMATS
    if unknown:
        raise ValueError(f"unknown report format: {', '.join(sorted(unknown))}")
    to_stdout = [fmt for fmt, dest in outputs.items() if str(dest) == STDOUT]
    if len(to_stdout) > 1:
        raise ValueError(f"only one report can go to stdout, not {', '.join(to_stdout)}")
    for fmt, dest in outputs.items():
        folder = fmt in DIRECTORY_FORMATS
        if str(dest) == STDOUT:
            if folder:
                raise ValueError(f"{fmt} needs a directory, not stdout")
            continue
        if problem := cannot_write(Path(dest), folder=folder):
            raise ValueError(f"--{fmt} {dest}: {problem}")


def write_reports(
    report: Report,
    outputs: Mapping[str, str | Path],
    *,
    stdout: TextIO | None = None,
    history: History | None = None,
) -> list[Path]:
    """Write each requested format; return the files written (stdout not included).

    `outputs` maps a format (`FILE_FORMATS`, `STREAM_FORMATS`, `badges` or `site`) to a
    destination: a file, `-` for stdout (at most one format), or for `badges` and `site` a
    directory. Unknown formats, or several formats on stdout, raise `ValueError` before
    anything is written. `history` is drawn by the HTML page and written into the site.
    """
    check_outputs(outputs)
    to_stdout = [fmt for fmt, dest in outputs.items() if str(dest) == STDOUT]
    written: list[Path] = []
    for fmt, dest in outputs.items():
        if fmt == "badges":
            from . import badges

            written += badges.write(report, Path(dest))
        elif fmt == "site":
            from . import site

            written += site.write(report, Path(dest), history)
        elif fmt == "json" and str(dest) != STDOUT:
            from . import json

            write_atomic(Path(dest), json.encode(report))  # never the whole text at once
            written.append(Path(dest))
        elif str(dest) != STDOUT:
            write_atomic(Path(dest), render(fmt, report, history))
            written.append(Path(dest))
    for fmt in to_stdout:
        out = stdout or sys.stdout
        out.write(render(fmt, report, history))
        out.flush()
    return written
