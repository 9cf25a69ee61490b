"""Progress while checking: a live bar on a terminal, plain lines otherwise, nothing with -q.

On a terminal each microsite being crawled has a row of its own (pages, queue, URLs
checked, broken so far); elsewhere a line says what each finished crawl found.
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING

from rich.console import Console

from checker.report.model import Status, TargetResult

if TYPE_CHECKING:  # not imported at run time: a run with nothing to fetch loads no crawler
    from rich.progress import Progress, TaskID

    from checker.crawl.crawler import CrawlProgress
    from checker.plan.targets import Target

_MARK = {Status.PASS: "ok  ", Status.WARN: "warn", Status.FAIL: "FAIL", Status.SKIP: "skip"}


class ProgressDisplay:
    """Context manager fed one call per finished target."""

    def __init__(self, console: Console, total: int, *, quiet: bool) -> None:
        self.console = console
        self.quiet = quiet
        self.live = console.is_terminal and not quiet
        self._crawls: dict[str, TaskID] = {}
        if not self.live:  # plain lines or nothing: no bar (nor rich.progress) to set up
            return
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self._bar: Progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[last]}", style="dim"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self._task = self._bar.add_task("checking", total=total, last="")

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

    def crawled(self, update: CrawlProgress) -> None:
        """Show how a microsite crawl is going (a live row) or, when done, what it found."""
        if self.quiet:
            return
        checked = f"{update.checked} URLs checked · {update.broken} broken"
        if not self.live:
            if update.done:
                line = f"crawled {update.site}: {update.pages} pages · {checked}"
                self.console.print(line, markup=False, highlight=False, soft_wrap=True)
            return
        task = self._crawls.get(update.site)
        if update.done:
            if task is not None:
                self._bar.remove_task(task)
                del self._crawls[update.site]
            return
        if task is None:
            name = f"crawling {update.site.split('://', 1)[-1].rstrip('/')}"  # room for counts
            task = self._crawls[update.site] = self._bar.add_task(name, total=None, last="")
        summary = f"{update.pages} pages · {update.queued} queued · {checked}"
        self._bar.update(task, completed=update.pages, last=summary)
