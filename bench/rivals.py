"""The established crawlers that ``bench/crawl.py --compare`` runs on its site, when installed.

linkinator (npm) and LinkChecker (PyPI) are never installed from here; bench/README.md says
how. Each crawls ``https://127.0.0.1:PORT/`` (the world's TLS listener, which serves the
bench site to that Host too) with the world's CA trusted, recursively, internal links only,
with fragment and CSS ``url()`` checks on, and reports in a machine-readable format that
:func:`Rival.run` turns into the broken URLs and missing fragments it names.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag


@dataclass(frozen=True)
class Measured:
    """One subprocess: wall time, its own CPU and peak RSS, exit status and output."""

    wall: float
    cpu: float
    max_rss_mib: float
    returncode: int
    stdout: str
    stderr: str


def measure(command: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None) -> Measured:
    """Run *command* to completion. CPU and RSS come from ``wait4`` on that process, so they
    are its own (``RUSAGE_CHILDREN``'s ``ru_maxrss`` is the largest of all children so far)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=err, cwd=cwd, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped: Popen must not wait
        out.seek(0)
        err.seek(0)
        return Measured(
            wall,
            usage.ru_utime + usage.ru_stime,
            usage.ru_maxrss / 1024,
            proc.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )


@dataclass(frozen=True)
class Reported:
    """What a crawler names: broken URLs (absolute, no fragment) and missing fragments
    (absolute ``URL#fragment``)."""

    broken: set[str] = field(default_factory=set)
    fragments: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Crawl:
    """The settings every crawler gets."""

    url: str  # where to start
    ca_bundle: Path  # the world's root CA (PEM)
    concurrency: int
    delay: float  # the world's delay per answer, seconds
    folder: Path  # scratch space, deleted afterwards


@dataclass(frozen=True)
class Outcome:
    """One crawler's run: what ran, how it went, what it reported."""

    command: list[str]
    measured: Measured
    reported: Reported | None  # None: no parsable output


@dataclass(frozen=True)
class Rival:
    """An external crawler: where to find it, how to install it, how to run and read it."""

    name: str
    install: str
    candidates: tuple[str, ...]  # a name looked up on PATH, or an absolute path
    run: Callable[[str, Crawl], Outcome]

    def executable(self) -> str | None:
        """The first candidate that exists, or None (not installed)."""
        return next(filter(None, map(shutil.which, self.candidates)), None)

    def version(self, executable: str) -> str:
        """The version it prints, e.g. ``7.6.1``."""
        out = subprocess.run(
            [executable, "--version"], capture_output=True, text=True, check=False
        ).stdout
        found = re.search(r"\d+(?:\.\d+)+", out)
        return found.group() if found else "?"


def _linkinator(executable: str, crawl: Crawl) -> Outcome:
    """``--format json``: every link once per (URL, parent) with ``state`` OK, BROKEN or
    SKIPPED; a missing fragment is a BROKEN ``URL#fragment`` with status 200."""
    command = [
        executable, crawl.url, "--recurse", "--concurrency", str(crawl.concurrency),
        "--check-css", "--check-fragments", "--format", "json",
    ]  # fmt: skip
    env = {**os.environ, "NODE_EXTRA_CA_CERTS": str(crawl.ca_bundle)}
    measured = measure(command, crawl.folder, env)
    try:
        links = json.loads(measured.stdout)["links"]
    except (ValueError, KeyError):
        return Outcome(command, measured, None)
    reported = Reported()
    for link in links:
        if link["state"] != "BROKEN":
            continue
        if link["status"] == 200 and "#" in link["url"]:
            reported.fragments.add(link["url"])
        else:
            reported.broken.add(urldefrag(link["url"]).url)
    return Outcome(command, measured, reported)


def _linkchecker(executable: str, crawl: Crawl) -> Outcome:
    """``-o csv``: only errors and warnings; ``valid`` False is a broken URL, an AnchorCheck
    warning (valid True) a missing fragment.

    LinkChecker waits 0.1 to 0.6 s between two requests to one host unless the host answers
    with a ``LinkChecker`` header (the bench site does), then 1/``maxrequestspersecond`` to
    6 times that; the rate is set to ten times what ``concurrency / delay`` allows, so the
    throttle is never what limits it. Run as root it drops to ``nobody`` (``seteuid``):
    its config and CA copy must be world-readable. Messages in English (``LANGUAGE``): the
    anchor warning is recognised by its text."""
    crawl.folder.chmod(0o755)
    ca_bundle = crawl.folder / "ca.pem"
    shutil.copyfile(crawl.ca_bundle, ca_bundle)
    config = crawl.folder / "linkcheckerrc"
    config.write_text(
        "[checking]\n"
        f"maxrequestspersecond={10 * crawl.concurrency / crawl.delay:g}\n"
        f"sslverify={ca_bundle}\n"
        "[filtering]\ncheckextern=0\n"
        "[AnchorCheck]\n",
        encoding="utf-8",
    )
    for path in (ca_bundle, config):
        path.chmod(0o644)
    command = [
        executable, "--config", str(config), "--threads", str(crawl.concurrency),
        "--no-status", "-o", "csv/utf-8", crawl.url,
    ]  # fmt: skip
    measured = measure(command, crawl.folder, {**os.environ, "LANGUAGE": "en"})
    rows = [r for r in csv.reader(io.StringIO(measured.stdout), delimiter=";") if r]
    rows = [r for r in rows if not r[0].startswith("#")]
    if not rows or rows[0][:1] != ["urlname"]:
        return Outcome(command, measured, None)
    reported = Reported()
    for row in rows[1:]:
        entry = dict(zip(rows[0], row, strict=False))
        if entry["valid"] == "False":
            reported.broken.add(urldefrag(entry["url"]).url)
        elif "#" in entry["url"] and "Anchor `" in entry["warningstring"]:
            reported.fragments.add(entry["url"])
    return Outcome(command, measured, reported)


RIVALS = {
    "linkinator": Rival("linkinator", "npm install -g linkinator", ("linkinator",), _linkinator),
    "linkchecker": Rival(
        "LinkChecker",
        "python3 -m venv /opt/linkchecker-venv && "
        "/opt/linkchecker-venv/bin/pip install linkchecker",
        ("linkchecker", "/opt/linkchecker-venv/bin/linkchecker"),
        _linkchecker,
    ),
}
