"""Exit codes: 0 ready, 1 not ready, 2 bad manifest or usage, 130 / 143 interrupted."""

from __future__ import annotations

import signal
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when a run ends: `--version` and `validate` do without
    from checker.report.model import Report

EXIT_READY, EXIT_NOT_READY, EXIT_USAGE = 0, 1, 2
EXIT_SIGNAL = {signal.SIGINT: 130, signal.SIGTERM: 143}


def exit_code(report: Report, fail_on: str) -> int:
    """0 ready, 1 not ready (`fail_on="warn"`: warnings count as not ready).

    A run cut short by --deadline is not ready: what was not checked is not known good.
    """
    from checker.report.model import CampaignStatus

    statuses = {c.status for c in report.campaigns}
    failing = {CampaignStatus.NOT_READY} | (
        {CampaignStatus.AT_RISK} if fail_on == "warn" else set()
    )
    return EXIT_NOT_READY if not report.complete or statuses & failing else EXIT_READY
