"""A check run leaves the interpreter's last full collection nothing to walk."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_the_heap_is_frozen_when_the_interpreter_finalises() -> None:
    # atexit runs handlers last-in first-out: the probe, registered first, runs after the
    # freeze that the check command registers, just before the final collection.
    script = textwrap.dedent(
        """
        import atexit, gc
        atexit.register(lambda: print("frozen objects at exit:", gc.get_freeze_count()))
        garbage = [[i] for i in range(10_000)]
        from checker.cli.check import _freeze_at_exit
        _freeze_at_exit()
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    frozen = int(done.stdout.rsplit(":", 1)[1])
    assert frozen > 10_000
