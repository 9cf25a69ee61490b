"""`--history FILE`: one line per run of every campaign's status, kept across runs.

The file is JSON: `{"format": "campaign-check-history", "version": 1, "runs": [...]}`, each
run `{"time", "complete", "campaigns": {SLUG: {"status", "failing", "warning"}}}` with the
ids of the checks that fail or warn, oldest run first. Only the last `MAX_RUNS` runs are
kept, and the file is replaced atomically, so a crash leaves the previous file intact.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from checker.report.model import CampaignResult, CampaignStatus, Report, Status

FORMAT = "campaign-check-history"
VERSION = 1
MAX_RUNS = 500
MAX_BYTES = 64 * 1024 * 1024
_STATUSES = {str(s) for s in CampaignStatus}


class HistoryError(ValueError):
    """The history file cannot be used (unreadable, corrupt, or not a history file)."""


@dataclass(frozen=True, slots=True)
class CampaignRun:
    """One campaign in one run: its status and the ids of its failing and warning checks."""

    status: CampaignStatus
    failing: tuple[str, ...] = ()
    warning: tuple[str, ...] = ()

    @classmethod
    def of(cls, campaign: CampaignResult) -> CampaignRun:
        def ids(status: Status) -> tuple[str, ...]:
            return tuple(
                sorted({c.id for t in campaign.targets for c in t.checks if c.status is status})
            )

        return cls(campaign.status, ids(Status.FAIL), ids(Status.WARN))

    def to_json(self) -> dict[str, Any]:
        return {
            "status": str(self.status),
            "failing": list(self.failing),
            "warning": list(self.warning),
        }


@dataclass(frozen=True, slots=True)
class Run:
    """One run: when it started, whether it finished, and each campaign it covered."""

    time: datetime
    complete: bool
    campaigns: dict[str, CampaignRun]

    def to_json(self) -> dict[str, Any]:
        return {
            "time": self.time.isoformat(),
            "complete": self.complete,
            "campaigns": {
                slug: {
                    "status": str(c.status),
                    "failing": list(c.failing),
                    "warning": list(c.warning),
                }
                for slug, c in self.campaigns.items()
            },
        }


@dataclass
class History:
    """Runs, oldest first."""

    runs: list[Run] = field(default_factory=list)

    def text(self) -> str:
        """The history file's content: JSON with one run per line (small diffs in git)."""
        head = json.dumps({"format": FORMAT, "version": VERSION})[:-1]
        runs = ",\n".join(json.dumps(r.to_json(), ensure_ascii=False) for r in self.runs)
        return f'{head}, "runs": [\n{runs}\n]}}\n' if runs else f'{head}, "runs": []}}\n'

    def of(self, slug: str) -> list[tuple[datetime, CampaignRun]]:
        """The runs that covered campaign `slug`, oldest first."""
        return [(r.time, r.campaigns[slug]) for r in self.runs if slug in r.campaigns]

    def since(self, slug: str) -> datetime | None:
        """When campaign `slug` entered the status of its latest run, as far as the runs know:
        the time of the earliest run of the unbroken streak of that status."""
        start = None
        runs = self.of(slug)
        for moment, run in reversed(runs):
            if run.status is not runs[-1][1].status:
                break
            start = moment
        return start


def record(history: History, report: Report) -> History:
    """`history` with `report`'s run appended (the oldest runs beyond `MAX_RUNS` dropped), and
    `since` set on each of the report's campaigns."""
    run = Run(
        report.generated_at,
        report.complete,
        {c.campaign: CampaignRun.of(c) for c in report.campaigns},
    )
    updated = History([*history.runs, run][-MAX_RUNS:])
    for campaign in report.campaigns:
        campaign.since = updated.since(campaign.campaign)
    return updated


def load(path: Path) -> History:
    """The history in `path`; empty when the file does not exist or holds only whitespace.

    Raises :class:`HistoryError` naming the file for anything else that is not a history.
    """
    try:
        if not path.exists():
            return History()
        if path.stat().st_size > MAX_BYTES:
            raise HistoryError(f"{path}: larger than {MAX_BYTES // 2**20} MiB; not a history file")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise HistoryError(f"{path}: cannot read the history file ({exc})") from None
    if not text.strip():
        return History()
    try:
        return _parse(json.loads(text))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        message = f"{path}: not a campaign-check history file ({exc}); move it away or fix it"
        raise HistoryError(message) from None


def save(path: Path, history: History) -> None:
    """Replace `path` with `history` atomically (a crash leaves the previous file)."""
    from checker.report.formats import write_atomic

    write_atomic(path, history.text())


def _parse(data: Any) -> History:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f'no "format": "{FORMAT}"')
    if data.get("version") != VERSION:
        raise ValueError(f"version {data.get('version')!r}, this campaign-check reads {VERSION}")
    runs = data["runs"]
    if not isinstance(runs, list):
        raise TypeError('"runs" must be a list')
    return History([_run(item) for item in runs])


def _run(item: dict[str, Any]) -> Run:
    moment = datetime.fromisoformat(item["time"])
    if moment.tzinfo is None:
        raise ValueError(f"run time {item['time']!r} has no UTC offset")
    campaigns = {}
    for slug, entry in item["campaigns"].items():
        if entry["status"] not in _STATUSES:
            raise ValueError(f"unknown status {entry['status']!r} for {slug}")
        campaigns[str(slug)] = CampaignRun(
            CampaignStatus(entry["status"]), _ids(entry, "failing"), _ids(entry, "warning")
        )
    return Run(moment, bool(item.get("complete", True)), campaigns)


def _ids(entry: dict[str, Any], key: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(i, str) for i in value):
        raise TypeError(f'"{key}" must be a list of check ids')
    return tuple(value)
