"""campaign-checker: is a marketing campaign ready to go live?

Library use::

    from checker import RunOptions, load_campaigns, run_check

    report = run_check(load_campaigns(["campaigns/"]), RunOptions(timeout=5))
    print(report.summary())
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# Exported names → defining module; imported on first use so `validate` stays light.
_EXPORTS = {
    "RunOptions": "checker.run",
    "run_check": "checker.run",
    "load_campaigns": "checker.manifest.load",
    "ManifestError": "checker.manifest.errors",
    "Campaign": "checker.manifest.model",
    "Report": "checker.report.model",
    "CampaignResult": "checker.report.model",
    "TargetResult": "checker.report.model",
    "CheckResult": "checker.report.model",
    "Status": "checker.report.model",
}

__all__ = [*sorted(_EXPORTS), "__version__"]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'checker' has no attribute {name!r}")
