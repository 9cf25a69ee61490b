"""Shared pytest configuration (keep it small). Offline-world fixtures live in tests/world.py."""

import sys
from pathlib import Path

import pytest

_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:  # make `tests.world` importable under any pytest entry point
    sys.path.insert(0, _ROOT)

pytest_plugins = ["tests.world"]

PROXY_VARIABLES = [
    *("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"),
    *("all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"),
]


@pytest.fixture(autouse=True)
def _no_proxy_from_the_developer(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy set on the machine running the tests must not carry their requests."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
