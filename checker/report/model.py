"""The one report object every output format is rendered from.

It mirrors the JSON report of CONTRACT.md field for field, so `merge` and
`--previous` rebuild it from JSON with :meth:`Report.from_json`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

SCHEMA_VERSION = 1


class Status(StrEnum):
    """Outcome of one check or one target."""

    PASS = "pass"
    SKIP = "skip"
    WARN = "warn"
    FAIL = "fail"

    @property
    def severity(self) -> int:
        """Ordering used to pick the worst status: pass < skip < warn < fail."""
        return _SEVERITY[self]


_SEVERITY = {Status.PASS: 0, Status.SKIP: 1, Status.WARN: 2, Status.FAIL: 3}


class SkipReason(StrEnum):
    """Why a check was skipped (`detail.reason`). The first three mean the check was not
    run for a reason of the run itself, so its campaign cannot be called ready."""

    DEADLINE = "deadline"  # cut by --deadline
    SECRET = "secret"  # a ${VAR} it needs is not set
    ERROR = "error"  # an internal error: always a bug to fix
    INTERRUPTED = "interrupted"  # SIGINT / SIGTERM before it finished
    PREREQUISITE = "prerequisite"  # an earlier check failed, so there is nothing to judge
    NOT_APPLICABLE = "not_applicable"  # the check does not apply to this target


UNCHECKED = frozenset(
    {SkipReason.DEADLINE, SkipReason.SECRET, SkipReason.ERROR, SkipReason.INTERRUPTED}
)
NEUTRAL_SKIPS = frozenset({SkipReason.PREREQUISITE, SkipReason.NOT_APPLICABLE})  # change nothing


class CampaignStatus(StrEnum):
    """Verdict for a whole campaign."""

    READY = "ready"
    AT_RISK = "at_risk"
    NOT_READY = "not_ready"
    ENDED = "ended"


class Phase(StrEnum):
    """Where a campaign stands in time relative to `now`."""

    UPCOMING = "upcoming"
    LIVE = "live"
    ENDED = "ended"


def worst(statuses: list[Status]) -> Status:
    """The most severe status; `pass` for none, `skip` only if everything skipped."""
    if not statuses:
        return Status.PASS
    return max(statuses, key=lambda s: s.severity)


@dataclass
class CheckResult:
    """One check's outcome on one target (`id` is a stable check id such as `tls.expiry`)."""

    id: str
    status: Status
    message: str
    detail: dict[str, Any] = field(default_factory=dict)
    change: str | None = None  # "new" (newly failing/warning) or "recovered", with --previous

    @property
    def unchecked(self) -> SkipReason | None:
        """The reason, when this check was not run for a reason of the run itself."""
        if self.status is not Status.SKIP:
            return None
        reason = self.detail.get("reason")
        return SkipReason(reason) if reason in UNCHECKED else None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "status": str(self.status),
            "message": self.message,
            "detail": self.detail,
        }
        if self.change:
            out["change"] = self.change
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CheckResult:
        return cls(
            id=data["id"],
            status=Status(data["status"]),
            message=data.get("message", ""),
            detail=data.get("detail") or {},
            change=data.get("change"),
        )


@dataclass
class TargetResult:
    """Everything checked for one URL (a manifest URL, a printed form, a microsite, ...)."""

    url: str
    kind: str
    checks: list[CheckResult] = field(default_factory=list)
    line: int | None = None  # manifest line of the entry (a crawl-found URL: its microsite's)
    duration: float | None = None  # seconds spent checking it (None: checked as part of another)

    @property
    def status(self) -> Status:
        """The worst check status, leaving out skips that change no status (the check does
        not apply, or an earlier check failed) unless nothing else was judged."""
        judged = [
            c.status
            for c in self.checks
            if not (c.status is Status.SKIP and c.detail.get("reason") in NEUTRAL_SKIPS)
        ]
        return worst(judged) if judged or not self.checks else Status.SKIP

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "kind": self.kind,
            "status": str(self.status),
            "line": self.line,
            "duration": self.duration,
            "checks": [c.to_json() for c in self.checks],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TargetResult:
        return cls(
            url=data["url"],
            kind=data["kind"],
            checks=[CheckResult.from_json(c) for c in data.get("checks", [])],
            line=data.get("line"),
            duration=data.get("duration"),
        )


@dataclass
class CampaignResult:
    """One campaign's verdict with the targets behind it."""

    campaign: str
    file: str
    launch: datetime
    ends: datetime
    phase: Phase
    hours_to_launch: float
    name: str | None = None
    owner: str | None = None
    targets: list[TargetResult] = field(default_factory=list)
    ended: bool = False  # ended and not checked (no --include-ended)
    timezone: str | None = None  # the manifest's IANA zone (None: unknown, e.g. an old report)
    since: datetime | None = None  # when the current status began, as far as --history knows

    @property
    def unchecked(self) -> dict[SkipReason, int]:
        """How many checks were not run, by reason (deadline, secret, error, interrupted)."""
        counts: dict[SkipReason, int] = {}
        for target in self.targets:
            for check in target.checks:
                if (reason := check.unchecked) is not None:
                    counts[reason] = counts.get(reason, 0) + 1
        return counts

    def unchecked_message(self) -> str | None:
        """`12 checks not run (10 deadline, 2 secret): not known to be ready`, or None."""
        counts = self.unchecked
        if not counts:
            return None
        total = sum(counts.values())
        why = ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items()))
        noun = "check" if total == 1 else "checks"
        return f"{total} {noun} not run ({why}): not known to be ready"

    @property
    def status(self) -> CampaignStatus:
        """not_ready when a check failed or was not run, or when nothing at all was judged
        (every check skipped); at_risk when one warns."""
        if self.ended:
            return CampaignStatus.ENDED
        overall = worst([t.status for t in self.targets])
        if overall in (Status.FAIL, Status.SKIP) or self.unchecked:
            return CampaignStatus.NOT_READY  # a skip as the worst: nothing was judged
        if overall is Status.WARN:
            return CampaignStatus.AT_RISK
        return CampaignStatus.READY

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "campaign": self.campaign,
            "name": self.name,
            "owner": self.owner,
            "file": self.file,
            "launch": self.launch.isoformat(),
            "ends": self.ends.isoformat(),
            "timezone": self.timezone,
            "phase": str(self.phase),
            "hours_to_launch": self.hours_to_launch,
            "status": str(self.status),
            "since": self.since.isoformat() if self.since else None,
        }
        if message := self.unchecked_message():
            out["unchecked"] = sum(self.unchecked.values())
            out["message"] = message
        out["targets"] = [t.to_json() for t in self.targets]
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CampaignResult:
        return cls(
            campaign=data["campaign"],
            name=data.get("name"),
            owner=data.get("owner"),
            file=data.get("file", ""),
            launch=datetime.fromisoformat(data["launch"]),
            ends=datetime.fromisoformat(data["ends"]),
            phase=Phase(data["phase"]),
            hours_to_launch=float(data["hours_to_launch"]),
            targets=[TargetResult.from_json(t) for t in data.get("targets", [])],
            ended=data.get("status") == CampaignStatus.ENDED,
            timezone=data.get("timezone"),
            since=_moment(data.get("since")),
        )


@dataclass(frozen=True)
class Scope:
    """Which part of the portfolio a run covered: its `--campaign` filter and `--shard` K/N.

    Both None: every campaign of the manifests was in the run.
    """

    campaigns: tuple[str, ...] | None = None
    shard: str | None = None

    @property
    def whole_portfolio(self) -> bool:
        return self.campaigns is None and self.shard is None

    def to_json(self) -> dict[str, Any]:
        campaigns = list(self.campaigns) if self.campaigns is not None else None
        return {"campaigns": campaigns, "shard": self.shard}

    @classmethod
    def from_json(cls, data: Any) -> Scope | None:
        """The scope of a JSON report; None (unknown) when it is missing or malformed."""
        if not isinstance(data, dict):
            return None
        campaigns, shard = data.get("campaigns"), data.get("shard")
        if campaigns is not None and not (
            isinstance(campaigns, list) and all(isinstance(s, str) for s in campaigns)
        ):
            return None
        if shard is not None and not isinstance(shard, str):
            return None
        return cls(tuple(campaigns) if campaigns is not None else None, shard)


@dataclass
class Report:
    """A whole run: every campaign, and whether the run finished."""

    generated_at: datetime
    now: datetime
    campaigns: list[CampaignResult] = field(default_factory=list)
    complete: bool = True
    incomplete_reason: str | None = None
    duration: float | None = None  # seconds the run took, start to finish
    compared_with: datetime | None = None  # `generated_at` of the --previous report
    scope: Scope | None = field(default_factory=Scope)  # None: unknown (an older report)

    def summary(self) -> dict[str, int]:
        counts = {"campaigns": len(self.campaigns), "ready": 0, "at_risk": 0}
        counts |= {"not_ready": 0, "ended": 0, "unchecked": 0}
        for campaign in self.campaigns:
            counts[str(campaign.status)] += 1
            counts["unchecked"] += sum(campaign.unchecked.values())
        return counts

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema": SCHEMA_VERSION,
            "generated_at": self.generated_at.isoformat(),
            "now": self.now.isoformat(),
            "complete": self.complete,
        }
        if self.incomplete_reason:
            out["incomplete_reason"] = self.incomplete_reason
        out["duration"] = self.duration
        if self.compared_with:
            out["compared_with"] = self.compared_with.isoformat()
        if self.scope is not None:
            out["scope"] = self.scope.to_json()
        out["summary"] = self.summary()
        out["campaigns"] = [c.to_json() for c in self.campaigns]
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Report:
        if data.get("schema") != SCHEMA_VERSION:
            raise ValueError(f"unsupported report schema {data.get('schema')!r}")
        return cls(
            generated_at=datetime.fromisoformat(data["generated_at"]),
            now=datetime.fromisoformat(data["now"]),
            complete=bool(data.get("complete", True)),
            incomplete_reason=data.get("incomplete_reason"),
            scope=Scope.from_json(data.get("scope")),
            campaigns=[CampaignResult.from_json(c) for c in data.get("campaigns", [])],
            duration=data.get("duration"),
            compared_with=_moment(data.get("compared_with")),
        )


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
