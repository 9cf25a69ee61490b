"""Progress while checking: a live bar on a terminal, plain lines otherwise, nothing with -q."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from checker.report import Status, TargetResult
from checker.targets import Target

_MARK = {Status.PASS: "ok  ", Status.WARN: "warn", Status.FAIL: "FAIL", Status.SKIP: "skip"}


class ProgressDisplay:
    """Context manager fed one call per finished target."""

    def __init__(self, console: Console, total: int, *, quiet: bool) -> None:
        self.console = console
        self.quiet = quiet
        self.live = console.is_terminal and not quiet
        self._bar = Progress(
            TextColumn("[bold]checking"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[last]}", style="dim"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self._task = self._bar.add_task("check", total=total, last="")

    def __enter__(self) -> ProgressDisplay:
        if self.live:
            self._bar.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.live:
            self._bar.stop()

    def __call__(self, target: Target, result: TargetResult) -> None:
        if self.quiet:
            return
        if self.live:
            self._bar.update(self._task, advance=1, last=target.url[:60])
        else:
            line = f"{_MARK[result.status]} {target.campaign.campaign} {target.kind} {target.url}"
            self.console.print(line, markup=False, highlight=False, soft_wrap=True)
