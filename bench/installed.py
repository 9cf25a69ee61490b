"""The environment a bench runs the checker in: as if installed, with compiled modules.

`pip install` byte-compiles a package, so an installed campaign-check reads its
modules from ``.pyc`` files. Run from this repository (an editable install) on a
machine that sets ``PYTHONDONTWRITEBYTECODE=1`` (this VM does), every run would
compile the checker's modules again, about 70 ms that no user pays. The benches
therefore compile them once, into the ``__pycache__`` folders git ignores.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "checker"


@functools.cache
def installed_env() -> dict[str, str]:
    """``os.environ`` with bytecode allowed, after byte-compiling the checker package."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    compile_all = [sys.executable, "-m", "compileall", "-q", str(PACKAGE)]
    subprocess.run(compile_all, env=env, check=True, stdout=subprocess.DEVNULL)
    return env
