"""Shared pytest configuration (keep it small). Offline-world fixtures live in tests/world.py."""

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:  # make `tests.world` importable under any pytest entry point
    sys.path.insert(0, _ROOT)

pytest_plugins = ["tests.world"]
