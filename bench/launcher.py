"""Runs a bench's measured commands from a small process, so that their peak RSS is their own.

A child forked from a big process (a bench whose world serves 20,000 pages) starts with
that process's resident pages in its high-water mark, and Linux keeps the mark across
exec: ``ru_maxrss`` (from ``wait4`` or ``RUSAGE_CHILDREN``) then reports the bench's size
whenever it is larger than the child's. :class:`Launcher`, started before the world is
built, stays small and forks every command itself; :func:`rivals.measure` times each one
and reads its own CPU and peak RSS. Run as a script, this file is that process: one JSON
request per line on stdin, one JSON answer per line on stdout.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from rivals import Measured, measure


class Launcher:
    """A small helper process that runs commands and measures them (see the module doc)."""

    def __init__(self) -> None:
        self._proc = subprocess.Popen(
            [sys.executable, __file__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).parent,
        )

    def run(
        self, command: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None
    ) -> tuple[float, Measured]:
        """`time.time()` when `command` started, and its :class:`Measured` figures."""
        assert self._proc.stdin is not None
        assert self._proc.stdout is not None
        request = {"command": list(command), "cwd": str(cwd), "env": dict(env or {}) or None}
        self._proc.stdin.write(json.dumps(request) + "\n")
        self._proc.stdin.flush()
        answer = json.loads(self._proc.stdout.readline())
        return answer.pop("started"), Measured(**answer)

    def close(self) -> None:
        assert self._proc.stdin is not None
        self._proc.stdin.close()
        self._proc.wait()

    def __enter__(self) -> Launcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def serve() -> None:
    for line in sys.stdin:
        request = json.loads(line)
        started = time.time()
        measured = measure(request["command"], Path(request["cwd"]), request["env"])
        print(json.dumps({"started": started, **dataclasses.asdict(measured)}), flush=True)


if __name__ == "__main__":
    serve()
