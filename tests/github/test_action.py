"""The GitHub Action: action.yml as GitHub reads it, and the steps it runs
(checker/github/action.py), end to end against the demo world served in another process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from checker.github.action import (
    REPORT_FILES,
    SUMMARY_LIMIT,
    InputError,
    Inputs,
    check_command,
    issues_command,
    overall_status,
    step_exit_code,
    summary_text,
    usable_previous,
)

from .yamlwalk import expressions_in_run, load_file, steps, unpinned

REPO = Path(__file__).resolve().parents[2]
CONTRACT_INPUTS = {"paths", "fail-on", "args", "reports", "site", "history", "issues"}


@pytest.fixture(scope="module")
def action() -> dict[str, Any]:
    return load_file(REPO / "action.yml")


# --- action.yml ---------------------------------------------------------------------------


def test_action_is_composite_with_the_contract_inputs_and_outputs(action: dict[str, Any]) -> None:
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) >= CONTRACT_INPUTS
    assert set(action["outputs"]) == {"exit-code", "status", "report"}
    for name, output in action["outputs"].items():
        assert output["value"] == f"${{{{ steps.check.outputs.{name} }}}}"
    assert action["inputs"]["paths"]["default"] == "campaigns/"
    assert action["inputs"]["fail-on"]["default"] == "fail"
    assert action["inputs"]["issues"]["default"] == "false"


def test_inputs_reach_the_scripts_only_through_the_environment(action: dict[str, Any]) -> None:
    assert expressions_in_run(action) == []
    runs = [s for s in steps(action) if "run" in s]
    passed = {
        value.removeprefix("${{ inputs.").removesuffix(" }}")
        for step in runs
        for value in step.get("env", {}).values()
        if value.startswith("${{ inputs.")
    }
    used_elsewhere = {"python-version"}  # a `with:` of actions/setup-python, not a script
    assert passed | used_elsewhere == set(action["inputs"])
    for step in runs:  # each INPUT_X variable carries input x
        for key, value in step.get("env", {}).items():
            if key.startswith("INPUT_"):
                assert value == f"${{{{ inputs.{key[6:].lower().replace('_', '-')} }}}}"


def test_the_token_goes_only_to_the_issues_step(action: dict[str, Any]) -> None:
    holders = [s["name"] for s in steps(action) if "inputs.token" in json.dumps(s)]
    assert holders == ["Keep the campaigns' issues in step"]
    (issues,) = [s for s in steps(action) if s["name"] == holders[0]]
    assert "inputs.issues == 'true'" in issues["if"]
    assert "!cancelled()" in issues["if"]  # a not-ready check is when issues matter


def test_action_installs_itself_from_its_own_path_and_pins_what_it_uses(
    action: dict[str, Any],
) -> None:
    (install,) = [s for s in steps(action) if s.get("id") == "install"]
    assert '"$GITHUB_ACTION_PATH"' in install["run"]
    (python,) = [s for s in steps(action) if "setup-python" in s.get("uses", "")]
    assert python["with"]["update-environment"] is False  # the job's own Python is left alone
    assert unpinned((REPO / "action.yml").read_text(encoding="utf-8")) == []


def test_every_action_input_is_read_by_the_steps(action: dict[str, Any]) -> None:
    fields = {name.replace("_", "-") for name in Inputs.__dataclass_fields__}
    assert fields | {"token", "python-version"} == set(action["inputs"])


# --- the steps, piece by piece ------------------------------------------------------------


def test_args_are_split_like_a_shell_but_never_run_by_one(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    inputs = Inputs(
        paths="campaigns/ 'odd dir/x.yaml'",
        args=f"--timeout 5 --user-agent 'a b' $(touch {marker}) ; rm -rf / `id`",
        reports="out",
    )
    argv = check_command(inputs, previous=False)
    assert argv[:3] == ["check", "campaigns/", "odd dir/x.yaml"]
    assert argv[3:5] == ["--fail-on", "fail"]
    assert argv[5:14] == [
        "--timeout",
        "5",
        "--user-agent",
        "a b",
        "$(touch",
        f"{marker})",
        ";",
        "rm",
        "-rf",
    ]
    assert not marker.exists()


def test_report_outputs_come_after_args_so_they_cannot_be_moved() -> None:
    argv = check_command(Inputs(args="--json elsewhere.json", reports="r"), previous=False)
    assert argv.index("elsewhere.json") < argv.index(os.path.join("r", "report.json"))
    for fmt, name in REPORT_FILES.items():
        assert argv[argv.index(f"--{fmt}", argv.index("elsewhere.json")) + 1] == os.path.join(
            "r", name
        )


def test_site_history_and_previous_become_options() -> None:
    inputs = Inputs(site="site", history="h/history.json", previous="p/report.json")
    argv = check_command(inputs, previous=True)
    assert argv[argv.index("--site") + 1] == "site"
    assert argv[argv.index("--history") + 1] == "h/history.json"
    assert argv[argv.index("--previous") + 1] == "p/report.json"
    assert "--previous" not in check_command(inputs, previous=False)


def test_merge_expands_patterns_without_a_shell(tmp_path: Path) -> None:
    for shard in ("b", "a"):
        (tmp_path / shard).mkdir()
        (tmp_path / shard / "report.json").write_text("{}", encoding="utf-8")
    argv = check_command(Inputs(merge=f"{tmp_path}/*/report.json"), previous=True)
    assert argv[:3] == ["merge", f"{tmp_path}/a/report.json", f"{tmp_path}/b/report.json"]
    assert "--previous" not in argv
    with pytest.raises(InputError, match="no file matches"):
        check_command(Inputs(merge=f"{tmp_path}/*/none.json"), previous=False)


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        (Inputs(args="--now '2027"), "args: No closing quotation"),
        (Inputs(fail="maybe"), "fail: use true or false, not 'maybe'"),
        (Inputs(issues="yes"), "issues: use true or false, not 'yes'"),
    ],
)
def test_bad_inputs_are_named(inputs: Inputs, message: str) -> None:
    def use() -> None:
        inputs.validate()
        check_command(inputs, previous=False)

    with pytest.raises(InputError, match=message):
        use()


def test_inputs_come_from_input_variables_blank_ones_keep_defaults() -> None:
    environ = {"INPUT_FAIL_ON": "warn", "INPUT_ARGS": "  ", "INPUT_ISSUES_LABEL": "launch"}
    inputs = Inputs.from_environ(environ)
    assert (inputs.fail_on, inputs.args, inputs.paths) == ("warn", "", "campaigns/")
    assert issues_command(inputs, "r.json") == ["github-issues", "r.json", "--label", "launch"]
    assert issues_command(Inputs(issues_on="at_risk"), "r.json") == [
        "github-issues",
        "r.json",
        "--on",
        "at_risk",
    ]


@pytest.mark.parametrize(
    ("code", "fails", "step"),
    [(0, True, 0), (1, True, 1), (1, False, 0), (2, False, 2), (143, False, 143)],
)
def test_fail_false_forgives_only_a_not_ready_verdict(code: int, fails: bool, step: int) -> None:
    assert step_exit_code(code, fails=fails) == step


def test_summary_is_cut_below_githubs_limit_at_a_line_end() -> None:
    text = "| row |\n" * (SUMMARY_LIMIT // 8 + 10)
    cut = summary_text(text, "out/summary.md")
    assert len(cut.encode("utf-8")) <= SUMMARY_LIMIT
    assert cut.endswith("*Summary cut at 1 MiB: the whole summary is in `out/summary.md`.*\n")
    assert "| row |\n\n*Summary cut" in cut
    assert summary_text("short\n", "x") == "short\n"


def _report(tmp_path: Path, statuses: list[str], *, complete: bool = True) -> str:
    campaigns = [
        {
            "campaign": f"c{i}",
            "file": "c.yaml",
            "launch": "2027-06-01T00:00:00+00:00",
            "ends": "2027-06-02T00:00:00+00:00",
            "phase": "ended" if status == "ended" else "upcoming",
            "hours_to_launch": 5.0,
            "status": status,
            "targets": [
                {
                    "url": "https://a.example/",
                    "kind": "url",
                    "status": {"ready": "pass", "at_risk": "warn"}.get(status, "fail"),
                    "checks": [
                        {
                            "id": "http.status",
                            "status": {"ready": "pass", "at_risk": "warn"}.get(status, "fail"),
                            "message": "m",
                        }
                    ],
                }
            ]
            if status != "ended"
            else [],
        }
        for i, status in enumerate(statuses)
    ]
    data = {
        "schema": 1,
        "generated_at": "2027-05-01T00:00:00+00:00",
        "now": "2027-05-01T00:00:00+00:00",
        "complete": complete,
        "campaigns": campaigns,
    }
    path = tmp_path / "report.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("statuses", "complete", "status"),
    [
        (["ready", "at_risk"], True, "at_risk"),
        (["ready", "not_ready", "at_risk"], True, "not_ready"),
        (["ready"], True, "ready"),
        (["ready"], False, "not_ready"),  # an incomplete run is not known good
        (["ended", "ended"], True, "ended"),
    ],
)
def test_overall_status_is_the_worst_campaign(
    statuses: list[str], complete: bool, status: str, tmp_path: Path
) -> None:
    path = _report(tmp_path, statuses, complete=complete)
    assert overall_status(path) == (status, path)


def test_no_report_is_not_ready_with_no_path(tmp_path: Path) -> None:
    assert overall_status(str(tmp_path / "none.json")) == ("not_ready", "")
    (tmp_path / "bad.json").write_text("<html>", encoding="utf-8")
    assert overall_status(str(tmp_path / "bad.json")) == ("not_ready", "")


def test_previous_report_is_used_only_when_readable(tmp_path: Path) -> None:
    assert usable_previous(str(tmp_path / "none.json")) == (False, None)
    assert usable_previous(_report(tmp_path, ["ready"])) == (True, None)
    (tmp_path / "page.json").write_text("<html>login</html>", encoding="utf-8")
    usable, warning = usable_previous(str(tmp_path / "page.json"))
    assert not usable
    assert warning is not None
    assert "ignored: not a campaign-check JSON report" in warning


# --- the check step, end to end -------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """`python -m checker.demo.serve` in its own process, as the repository's workflow runs it."""
    out = tmp_path_factory.mktemp("served")
    server = subprocess.Popen(
        [sys.executable, "-m", "checker.demo.serve", "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not (out / "args").exists():
            assert server.poll() is None, server.stdout.read() if server.stdout else ""
            assert time.monotonic() < deadline, "the demo world did not start"
            time.sleep(0.05)
        yield out
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(15) == 0  # a clean stop on SIGTERM


def run_step(step: str, cwd: Path, **inputs: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    """Run an action step as the runner would: inputs as INPUT_* variables."""
    files = cwd / "runner"
    files.mkdir(exist_ok=True)
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("INPUT_", "GITHUB_"))}
    environ |= {f"INPUT_{k.upper()}": v for k, v in inputs.items()}
    environ |= {
        "GITHUB_OUTPUT": str(files / "output"),
        "GITHUB_STEP_SUMMARY": str(files / "summary"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "checker.github.action", step],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done, files


def outputs(files: Path) -> dict[str, str]:
    """Parse the `$GITHUB_OUTPUT` file (`name<<DELIMITER` blocks)."""
    lines = (files / "output").read_text(encoding="utf-8").splitlines()
    values, index = {}, 0
    while index < len(lines):
        name, delimiter = lines[index].split("<<")
        end = lines.index(delimiter, index + 1)
        values[name] = "\n".join(lines[index + 1 : end])
        index = end + 1
    return values


def test_check_step_against_the_served_demo_world(demo_world: Path, tmp_path: Path) -> None:
    args = (demo_world / "args").read_text(encoding="utf-8").strip() + " -q"
    done, files = run_step(
        "check", tmp_path, paths=str(demo_world / "campaigns"), args=args, reports="out"
    )
    assert done.returncode == 1, done.stderr  # the demo has a not-ready campaign
    assert outputs(files) == {"exit-code": "1", "status": "not_ready", "report": "out/report.json"}
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["ready"] == report["summary"]["at_risk"] == 1
    for name in REPORT_FILES.values():
        assert (tmp_path / "out" / name).exists(), name
    summary = (files / "summary").read_text(encoding="utf-8")
    assert summary == (tmp_path / "out" / "summary.md").read_text(encoding="utf-8")
    # The check's own output runs with workflow commands off; the annotations come after.
    lines = done.stdout.splitlines()
    (stop,) = [i for i, line in enumerate(lines) if line.startswith("::stop-commands::")]
    token = lines[stop].removeprefix("::stop-commands::")
    resume = lines.index(f"::{token}::")
    assert stop < resume
    annotations = (tmp_path / "out" / "annotations.txt").read_text(encoding="utf-8")
    assert "::error file=" in annotations
    assert "::warning file=" in annotations
    assert "\n".join(lines[resume + 1 :]) + "\n" == annotations

    again, files = run_step(
        "check",
        tmp_path,
        paths=str(demo_world / "campaigns"),
        args=args,
        reports="out",
        fail="false",
    )
    assert again.returncode == 0  # fail: false forgives the not-ready verdict
    assert outputs(files)["exit-code"] == "1"


def test_a_bad_manifest_still_writes_outputs_and_says_why(tmp_path: Path) -> None:
    stale = tmp_path / "out" / "report.json"
    stale.parent.mkdir()
    stale.write_text(Path(_report(tmp_path, ["ready"])).read_text("utf-8"), encoding="utf-8")
    (tmp_path / "campaigns").mkdir()
    (tmp_path / "campaigns" / "bad.yaml").write_text("campaign: Bad!\n", encoding="utf-8")
    done, files = run_step("check", tmp_path, paths="campaigns", reports="out", fail="false")
    assert done.returncode == 2  # nothing checked: fail: false does not forgive it
    assert outputs(files) == {"exit-code": "2", "status": "not_ready", "report": ""}
    assert not stale.exists()  # an older run's report is never read back as this one's
    assert "exited 2 without a report" in (files / "summary").read_text(encoding="utf-8")
    assert "::error title=campaign-check::campaign-check exited 2" in done.stdout
    assert "bad.yaml" in done.stderr


def test_a_bad_input_stops_before_any_check(tmp_path: Path) -> None:
    done, files = run_step("check", tmp_path, args="--now '2027", reports="out")
    assert done.returncode == 2
    assert outputs(files)["exit-code"] == "2"
    assert "::error title=campaign-check%3A bad input::args: No closing quotation" in done.stdout
    assert "::stop-commands::" not in done.stdout  # campaign-check never ran


def test_issues_step_without_a_report_is_a_usage_error(tmp_path: Path) -> None:
    done, _ = run_step("issues", tmp_path)
    assert done.returncode == 2
    assert "no report to open issues from" in done.stdout
