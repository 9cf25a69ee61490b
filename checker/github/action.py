"""The steps of the GitHub Action (`action.yml` at the repository root runs them).

    python -m checker.github.action check    # run the check, hand its result to the workflow
    python -m checker.github.action issues   # keep the campaigns' issues in step with it

The action's inputs arrive only as `INPUT_<NAME>` environment variables (never pasted
into a script), and `args` / `paths` / `merge` are split with `shlex`, never evaluated
by a shell. The `check` step writes its outputs (`exit-code`, `status`, `report`) before
anything can fail, appends the Markdown summary to the job summary and prints the
annotations; while `campaign-check` runs, workflow commands are switched off, so text
from a hostile page in the log cannot act as one.

Exit code of the `check` step: the one of `campaign-check`, except that with input
`fail: false` a verdict of not ready (1) lets the step pass. A bad manifest or usage (2)
and an interrupted run (130, 143) fail the step whatever `fail` says: nothing, or not
everything, was checked.
"""

from __future__ import annotations

import glob
import json
import os
import secrets
import shlex
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from checker.report.advice import run_status
from checker.report.formats.annotations import command
from checker.report.model import CampaignStatus, Report

EXIT_READY, EXIT_NOT_READY, EXIT_USAGE = 0, 1, 2
SUMMARY_LIMIT = 1_000_000  # GitHub refuses a step summary over 1 MiB
REPORT_FILES = {
    "json": "report.json",
    "junit": "junit.xml",
    "markdown": "summary.md",
    "html": "status.html",
    "badges": "badges",
    "annotations": "annotations.txt",
}
_BOOLEANS = {"true": True, "false": False}


class InputError(ValueError):
    """An input of the action that cannot be used; the message says which and why."""


@dataclass(frozen=True, slots=True)
class Inputs:
    """The action's inputs (see action.yml for what each means)."""

    paths: str = "campaigns/"
    fail_on: str = "fail"
    args: str = ""
    reports: str = "campaign-reports"
    site: str = ""
    history: str = ""
    previous: str = ""
    merge: str = ""
    fail: str = "true"
    issues: str = "false"
    issues_on: str = ""
    issues_label: str = ""

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Inputs:
        """Inputs from `INPUT_<NAME>` variables (`fail-on` → `INPUT_FAIL_ON`); unset or
        blank ones keep their default."""
        values = {}
        for name in cls.__dataclass_fields__:
            value = environ.get(f"INPUT_{name.upper()}", "").strip()
            if value:
                values[name] = value
        return cls(**values)

    def validate(self) -> None:
        """Raise `InputError` for a yes/no input that is neither `true` nor `false`."""
        for name, value in (("fail", self.fail), ("issues", self.issues)):
            if value.lower() not in _BOOLEANS:
                raise InputError(f"{name}: use true or false, not {value!r}")

    @property
    def fails(self) -> bool:
        """Whether a not-ready verdict fails the step (input `fail`)."""
        return _BOOLEANS.get(self.fail.lower(), True)

    def report_path(self, fmt: str) -> str:
        """Where the report of format `fmt` is written (inside the `reports` folder)."""
        return os.path.join(self.reports, REPORT_FILES[fmt])


def _split(name: str, value: str) -> list[str]:
    try:
        return shlex.split(value)
    except ValueError as exc:
        raise InputError(f"{name}: {exc} in {value!r}") from None


def _matching(patterns: list[str]) -> list[str]:
    files: list[str] = []
    for pattern in patterns:
        found = sorted(glob.glob(pattern)) if glob.has_magic(pattern) else [pattern]
        if not found:
            raise InputError(f"merge: no file matches {pattern!r}")
        files += found
    return files


def check_command(inputs: Inputs, *, previous: bool) -> list[str]:
    """The `campaign-check` arguments for `inputs`: `check PATHS` (or `merge FILES`), then
    `--fail-on`, then `args` (so they may override it), then the report outputs, which
    come last so that `args` cannot move the files the action reads back.

    `previous`: pass `--previous` (the caller checked the file is a usable report).
    """
    if inputs.merge:
        argv = ["merge", *_matching(_split("merge", inputs.merge))]
    else:
        argv = ["check", *_split("paths", inputs.paths)]
        if previous:
            argv += ["--previous", inputs.previous]
    argv += ["--fail-on", inputs.fail_on, *_split("args", inputs.args)]
    for fmt in REPORT_FILES:
        argv += [f"--{fmt}", inputs.report_path(fmt)]
    if inputs.site:
        argv += ["--site", inputs.site]
    if inputs.history:
        argv += ["--history", inputs.history]
    return argv


def issues_command(inputs: Inputs, report: str) -> list[str]:
    """The `campaign-check github-issues` arguments for `report`."""
    argv = ["github-issues", report]
    if inputs.issues_on:
        argv += ["--on", inputs.issues_on]
    if inputs.issues_label:
        argv += ["--label", inputs.issues_label]
    return argv


def usable_previous(path: str) -> tuple[bool, str | None]:
    """Whether `path` is a report `--previous` can read; else a warning saying why not.

    A missing file is no warning (the first run has none); an unreadable one is ignored
    with a warning, so one bad download does not stop every later run.
    """
    if not path or not os.path.exists(path):
        return False, None
    try:
        Report.from_json(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return False, f"previous report {path} ignored: not a campaign-check JSON report ({exc})"
    return True, None


def overall_status(report_path: str) -> tuple[str, str]:
    """`(status, report)` outputs: the run's worst campaign status and the report's path.

    No readable report: `not_ready` and an empty path (what was not checked is not
    ready); an incomplete run is `not_ready`; a run whose campaigns have all ended is
    `ended`.
    """
    try:
        report = Report.from_json(json.loads(Path(report_path).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return str(CampaignStatus.NOT_READY), ""
    worst = run_status(report)
    if not report.complete or worst is None:
        return str(CampaignStatus.NOT_READY), report_path
    return str(worst), report_path


def step_exit_code(code: int, *, fails: bool) -> int:
    """The step's exit code for `campaign-check`'s `code` (see the module docstring)."""
    return EXIT_READY if code == EXIT_NOT_READY and not fails else code


def write_outputs(path: str, values: Mapping[str, str]) -> None:
    """Append step outputs to the `$GITHUB_OUTPUT` file (multi-line safe delimiters)."""
    with open(path, "a", encoding="utf-8") as out:
        for name, value in values.items():
            delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
            out.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")


def summary_text(markdown: str, source: str) -> str:
    """`markdown` for the job summary, cut at a line end below GitHub's 1 MiB limit."""
    data = markdown.encode("utf-8")
    if len(data) <= SUMMARY_LIMIT:
        return markdown
    cut = data[: SUMMARY_LIMIT - 200].rsplit(b"\n", 1)[0].decode("utf-8", "ignore")
    return f"{cut}\n\n*Summary cut at 1 MiB: the whole summary is in `{source}`.*\n"


def run_quietly(argv: list[str], environ: Mapping[str, str]) -> int:
    """Run `campaign-check ARGV` with workflow commands switched off for its output;
    return its exit code (128 + N when killed by signal N)."""
    token = secrets.token_hex(16)
    print(f"::stop-commands::{token}", flush=True)
    try:
        code = subprocess.run(
            [sys.executable, "-m", "checker", *argv], env=dict(environ)
        ).returncode
    finally:
        print(f"::{token}::", flush=True)
    return 128 - code if code < 0 else code


def run_check(environ: Mapping[str, str]) -> int:
    """The action's check step; returns the step's exit code."""
    inputs = Inputs.from_environ(environ)
    for fmt in REPORT_FILES.keys() - {"badges"}:  # never pass an older run's off as this one's
        Path(inputs.report_path(fmt)).unlink(missing_ok=True)
    fails = inputs.fails
    try:
        inputs.validate()
        previous, warning = usable_previous(inputs.previous)
        if warning:
            print(command("warning", warning, title="campaign-check"), flush=True)
        argv = check_command(inputs, previous=previous)
    except InputError as exc:
        code = EXIT_USAGE
        print(command("error", str(exc), title="campaign-check: bad input"), flush=True)
    else:
        code = run_quietly(argv, environ)
    status, report = overall_status(inputs.report_path("json"))
    if output := environ.get("GITHUB_OUTPUT"):
        write_outputs(output, {"exit-code": str(code), "status": status, "report": report})
    _publish(inputs, environ, code)
    return step_exit_code(code, fails=fails)


def _publish(inputs: Inputs, environ: Mapping[str, str], code: int) -> None:
    """Job summary and annotations of the run (or why there is no report)."""
    markdown = Path(inputs.report_path("markdown"))
    if markdown.is_file():
        text = summary_text(markdown.read_text(encoding="utf-8"), str(markdown))
    else:
        text = (
            f"**campaign-check exited {code} without a report**: nothing was checked "
            "(a bad manifest or a bad option; the log says which).\n"
        )
        print(command("error", text.replace("**", ""), title="campaign-check"), flush=True)
    if summary := environ.get("GITHUB_STEP_SUMMARY"):
        with open(summary, "a", encoding="utf-8") as out:
            out.write(text)
    annotations = Path(inputs.report_path("annotations"))
    if annotations.is_file():
        sys.stdout.write(annotations.read_text(encoding="utf-8"))
        sys.stdout.flush()


def run_issues(environ: Mapping[str, str]) -> int:
    """The action's issues step: `github-issues` on the report of the check step."""
    report = environ.get("CAMPAIGN_CHECK_REPORT", "")
    if not report:
        print(command("error", "no report to open issues from", title="campaign-check"))
        return EXIT_USAGE
    return run_quietly(issues_command(Inputs.from_environ(environ), report), environ)


def main(argv: list[str]) -> int:
    steps = {"check": run_check, "issues": run_issues}
    if len(argv) != 1 or argv[0] not in steps:
        print(f"usage: python -m checker.github.action {'|'.join(steps)}", file=sys.stderr)
        return EXIT_USAGE
    return steps[argv[0]](os.environ)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
