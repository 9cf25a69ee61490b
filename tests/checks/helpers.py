"""Shared helpers for the end-to-end check tests: write manifests, run `campaign-check check`
in-process with `--json`, and look results up by URL and check id.

    run = run_check([write_manifest(tmp, campaign("x", urls=[...]))], *world.cli_args())
    assert run.check("https://www.good.test/summer", "http.status")["status"] == "pass"
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

from checker.cli import main

JsonObject = dict[str, Any]

# Small per-request timeout and no retries: hostile servers end quickly as check results.
FAST = ("--timeout", "3", "--retries", "0")


def moment(days: float = 0.0, *, hours: float = 0.0) -> datetime:
    """Now (real clock, UTC, whole seconds) shifted by `days` / `hours`.

    The world's certificates are relative to the real clock, so campaign dates are too.
    """
    now = datetime.now(UTC).replace(microsecond=0)
    return now + timedelta(days=days, hours=hours)


def iso(days: float = 0.0, *, hours: float = 0.0) -> str:
    """ISO datetime `days` from now (for `launch`, `ends` and `--now`)."""
    return moment(days, hours=hours).isoformat()


def campaign(
    slug: str,
    urls: Sequence[str | Mapping[str, Any]],
    *,
    launch: str | None = None,
    ends: str | None = None,
    defaults: Mapping[str, Any] | None = None,
    **extra: Any,
) -> JsonObject:
    """A manifest mapping; `launch` defaults to one day from now."""
    data: JsonObject = {"campaign": slug, "launch": launch or iso(1)}
    if ends is not None:
        data["ends"] = ends
    if defaults:
        data["defaults"] = dict(defaults)
    data["urls"] = [u if isinstance(u, str) else dict(u) for u in urls]
    data.update(extra)
    return data


def write_manifest(
    folder: Path, manifest: Mapping[str, Any] | str, name: str | None = None
) -> Path:
    """Write a manifest (a mapping dumped as YAML, or YAML text) into `folder`; its path."""
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(manifest, str):
        text = manifest
        stem = name or "manifest"
    else:
        text = yaml.safe_dump(dict(manifest), sort_keys=False, allow_unicode=True)
        stem = name or str(manifest["campaign"])
    path = folder / f"{stem}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@dataclass
class CliRun:
    """The outcome of one `campaign-check check` run."""

    exit_code: int
    output: str  # stdout + stderr
    report: JsonObject | None
    seconds: float
    exception: BaseException | None = field(default=None, repr=False)

    @property
    def json(self) -> JsonObject:
        assert self.report is not None, f"no JSON report written; output:\n{self.output}"
        return self.report

    def campaign(self, slug: str) -> JsonObject:
        found = [c for c in self.json["campaigns"] if c["campaign"] == slug]
        assert found, (
            f"campaign {slug} not in report: {[c['campaign'] for c in self.json['campaigns']]}"
        )
        return found[0]

    def targets(self, campaign: str | None = None) -> list[JsonObject]:
        return [
            t
            for c in self.json["campaigns"]
            if campaign is None or c["campaign"] == campaign
            for t in c["targets"]
        ]

    def target(
        self, url: str, *, kind: str | None = None, campaign: str | None = None
    ) -> JsonObject:
        """The one target with this URL (and kind / campaign, when several share the URL)."""
        found = [
            t
            for t in self.targets(campaign)
            if t["url"] == url and (kind is None or t["kind"] == kind)
        ]
        assert len(found) == 1, (
            f"expected one target {url!r} (kind={kind}, campaign={campaign}), found {len(found)}: "
            f"{sorted({(t['url'], t['kind']) for t in self.targets(campaign)})}"
        )
        return found[0]

    def check(
        self, url: str, check_id: str, *, kind: str | None = None, campaign: str | None = None
    ) -> JsonObject:
        """The result of `check_id` on the target `url` (fails the test if absent)."""
        target = self.target(url, kind=kind, campaign=campaign)
        found = [c for c in target["checks"] if c["id"] == check_id]
        assert len(found) == 1, (
            f"{check_id} on {url}: found {len(found)}; ids: {[c['id'] for c in target['checks']]}"
        )
        return found[0]


def run_check(
    paths: Sequence[Path | str],
    *args: str,
    json_path: Path | None = None,
    env: Mapping[str, str | None] | None = None,
) -> CliRun:
    """Run `campaign-check check PATHS --json FILE ARGS` in-process (click's CliRunner)."""
    if json_path is None:
        first = Path(paths[0]) if paths else Path.cwd()
        json_path = (first if first.is_dir() else first.parent) / "report.json"
    json_path.unlink(missing_ok=True)
    argv = ["check", *map(str, paths), "--json", str(json_path), "--quiet", *args]
    started = time.monotonic()
    result = CliRunner().invoke(main, argv, env=dict(env) if env else None)
    seconds = time.monotonic() - started
    output = result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"the CLI crashed ({result.exception!r}):\n{output}") from (
            result.exception
        )
    assert "Traceback" not in output, output
    report = json.loads(json_path.read_text(encoding="utf-8")) if json_path.exists() else None
    return CliRun(result.exit_code, output, report, seconds, result.exception)


def message_of(result: JsonObject) -> str:
    """A check's message (for readable assertion failures)."""
    return str(result["message"])


def assert_check(
    run: CliRun,
    url: str,
    check_id: str,
    status: str,
    *fragments: str,
    kind: str | None = None,
    campaign: str | None = None,
) -> JsonObject:
    """Assert a check's status and that its message contains every fragment; the check."""
    result = run.check(url, check_id, kind=kind, campaign=campaign)
    assert result["status"] == status, f"{check_id} on {url}: {result}"
    for fragment in fragments:
        assert fragment in result["message"], f"{fragment!r} not in {check_id} on {url}: {result}"
    return result
