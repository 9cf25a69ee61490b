"""`serve` in-process: the demo world stays up until told to stop, and the `args` file it
writes, once the servers listen, is what `check` needs to reach it (the separate process
and its SIGTERM are tested with the action, tests/github/test_action.py)."""

from __future__ import annotations

import json
import shlex
import threading
import time
from pathlib import Path

from click.testing import CliRunner

from checker.cli import main
from checker.demo.serve import ARGS_FILE, CA_FILE, serve


def test_the_args_file_reaches_the_served_world_until_it_stops(tmp_path: Path) -> None:
    stop = threading.Event()
    server = threading.Thread(target=serve, args=(tmp_path, stop), daemon=True)
    server.start()
    try:
        deadline = time.monotonic() + 30
        while not (tmp_path / ARGS_FILE).exists():
            assert server.is_alive(), "serve() ended before writing its args"
            assert time.monotonic() < deadline, "the demo world did not start"
            time.sleep(0.02)
        args = shlex.split((tmp_path / ARGS_FILE).read_text(encoding="utf-8"))
        assert args[args.index("--ca-bundle") + 1] == str((tmp_path / CA_FILE).resolve())
        assert "BEGIN CERTIFICATE" in (tmp_path / CA_FILE).read_text(encoding="utf-8")
        report = tmp_path / "report.json"
        command = ["check", str(tmp_path / "campaigns"), "--campaign", "summer-sale", "-q"]
        result = CliRunner().invoke(main, [*command, "--json", str(report), *args])
        assert result.exit_code == 0, result.output
        (summer,) = json.loads(report.read_text(encoding="utf-8"))["campaigns"]
        assert summer["status"] == "ready"
    finally:
        stop.set()
        server.join(15)
    assert not server.is_alive()
