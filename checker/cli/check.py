"""What `check` and `merge` do once the CLI has parsed their options: run, render,
write every report (also for a partial run), and pick the exit code."""

from __future__ import annotations

import asyncio
import atexit
import functools
import gc
import json
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from checker.cli.exits import EXIT_SIGNAL, exit_code
from checker.cli.progress import ProgressDisplay
from checker.manifest.load import load_campaigns
from checker.manifest.model import Campaign
from checker.plan.targets import count_targets
from checker.report import history as run_history
from checker.report.compare import mark_changes
from checker.report.formats import cannot_write, check_outputs, terminal, write_reports
from checker.report.merge import merge_reports
from checker.report.model import Report
from checker.run import RunOptions, check_network_options, run_async


async def _run_until_signal(campaigns: list[Any], options: RunOptions) -> tuple[Report, int | None]:
    stop = asyncio.Event()
    received: list[int] = []
    loop = asyncio.get_running_loop()

    def on_signal(number: int) -> None:
        received.append(number)
        stop.set()

    for number in EXIT_SIGNAL:
        loop.add_signal_handler(number, on_signal, number)
    try:
        report = await run_async(campaigns, options, stop)
    finally:
        for number in EXIT_SIGNAL:
            loop.remove_signal_handler(number)
    return report, EXIT_SIGNAL[signal.Signals(received[0])] if received else None


def _load_previous(path: str | None) -> Report | None:
    if path is None:
        return None
    try:
        return Report.from_json(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        message = f"{path}: not a campaign-check JSON report ({exc})"
        raise click.UsageError(message) from None


def _check_slugs(wanted: list[str], campaigns: list[Campaign]) -> None:
    """--campaign must name campaigns the manifests define."""
    known = {c.campaign for c in campaigns}
    if unknown := [slug for slug in wanted if slug not in known]:
        listed = ", ".join(sorted(known))
        raise click.UsageError(
            f"--campaign {', '.join(unknown)}: no such campaign; known: {listed}"
        )


def _load_history(path: str | None) -> run_history.History | None:
    if path is None:
        return None
    try:
        return run_history.load(Path(path))
    except run_history.HistoryError as exc:
        raise click.UsageError(str(exc)) from None


def finish(
    report: Report,
    outputs: dict[str, str],
    verbose: bool,
    console: Console,
    history: run_history.History | None = None,
    history_path: str | None = None,
) -> None:
    """Print the terminal report (unless JSON/Markdown go to stdout) and write the files.

    With `history`, the run is added to it first (giving each campaign its `since`), and
    once the reports are written the history is saved to `history_path`.
    """
    if history is not None:
        history = run_history.record(history, report)
    if "-" not in outputs.values():
        terminal.render(report, console, verbose=verbose)
    try:
        write_reports(report, outputs, stdout=sys.stdout, history=history)
    except (OSError, ValueError) as exc:
        raise click.UsageError(f"cannot write reports: {exc}") from None
    if history is not None and history_path is not None:
        try:
            run_history.save(Path(history_path), history)
        except OSError as exc:
            raise click.UsageError(f"cannot write the history {history_path}: {exc}") from None


@dataclass(frozen=True, slots=True)
class Display:
    """How a run talks to the user, apart from the report files."""

    verbose: bool = False
    quiet: bool = False
    fail_on: str = "fail"

    def __post_init__(self) -> None:
        if self.verbose and self.quiet:
            raise click.UsageError("-v/--verbose and -q/--quiet contradict each other: pick one")


@functools.cache
def _freeze_at_exit() -> None:
    """Spare the interpreter's last full collection at exit, which walks every object the
    run left (70 ms after a 200-target check): frozen objects are skipped."""
    atexit.register(gc.freeze)


def run_check_command(
    paths: list[str],
    outputs: dict[str, str],
    options: RunOptions,
    display: Display,
    *,
    previous_path: str | None = None,
    notify_urls: tuple[str, ...] = (),
    history_path: str | None = None,
) -> int:
    """`campaign-check check`: run, write every report (and the history), return the exit
    code."""
    if notify_urls and previous_path is None:
        raise click.UsageError("--notify needs --previous: a change is judged against it")
    try:
        check_network_options(options)
        check_outputs(outputs)
        if history_path is not None and (problem := cannot_write(Path(history_path))):
            raise ValueError(f"--history {history_path}: {problem}")
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    campaigns = load_campaigns(paths)
    _check_slugs(options.campaigns, campaigns)
    previous = _load_previous(previous_path)
    history = _load_history(history_path)
    total = sum(count_targets(c) for c in campaigns)
    with ProgressDisplay(Console(stderr=True), total, quiet=display.quiet) as progress:
        options.progress = progress
        options.crawl_progress = progress.crawled
        # Modules and manifests live for the whole run: keep the cyclic collector's
        # full passes off them (they paused a 2,000-page crawl for ~50 ms each).
        gc.freeze()
        try:
            report, signalled = asyncio.run(_run_until_signal(campaigns, options))
        finally:
            gc.unfreeze()
    _freeze_at_exit()
    if previous is not None:
        from checker.net.proxy import ProxySettings
        from checker.report import notify  # an HTTP client of its own

        changes = mark_changes(report, previous)
        proxies = ProxySettings.from_environment(os.environ, options.proxy)
        for error in notify.send(list(notify_urls), changes, proxies=proxies):
            click.echo(f"warning: {error}", err=True)
    finish(report, outputs, display.verbose, Console(highlight=False), history, history_path)
    return signalled or exit_code(report, display.fail_on)


def run_merge_command(
    reports: list[str], outputs: dict[str, str], fail_on: str, history_path: str | None = None
) -> int:
    """`campaign-check merge`: combine shard reports into one (and add it to the history)."""
    parts = [_load_previous(path) for path in reports]
    history = _load_history(history_path)
    merged = merge_reports([p for p in parts if p is not None])
    finish(merged, outputs, False, Console(highlight=False), history, history_path)
    return exit_code(merged, fail_on)
