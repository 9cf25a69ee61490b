"""The command line's foundation: `validate`, `init`, `schema`, `--version`, `--help`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from checker import __version__
from checker.cli import main

REPO = Path(__file__).resolve().parents[2]
VALID = "campaign: {slug}\nlaunch: 2027-06-01\nurls: [https://{slug}.example/]\n"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def assert_clean_exit(result: Result, code: int) -> None:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def write_campaign(folder: Path, slug: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.yaml"
    path.write_text(VALID.format(slug=slug), encoding="utf-8")
    return path


# --- validate ----------------------------------------------------------------------------


def test_validate_accepts_every_repo_example() -> None:
    result = invoke("validate", str(REPO / "campaigns"))
    assert_clean_exit(result, 0)
    examples = sorted((REPO / "campaigns").rglob("*.y*ml"))
    assert examples
    for path in examples:
        assert f"ok  {path}  " in result.stdout
    assert f"{len(examples)} manifests valid." in result.stdout


def test_validate_without_paths_reads_campaigns_in_the_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_campaign(tmp_path / "campaigns", "alpha")
    write_campaign(tmp_path / "campaigns" / "nested", "beta")
    write_campaign(tmp_path / "elsewhere", "gamma")
    monkeypatch.chdir(tmp_path)
    result = invoke("validate")
    assert_clean_exit(result, 0)
    assert result.stdout.splitlines() == [
        "ok  campaigns/alpha.yaml  alpha  (1 targets)",
        "ok  campaigns/nested/beta.yaml  beta  (1 targets)",
        "2 manifests valid.",
    ]


def test_validate_without_paths_and_without_campaigns_folder_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("validate")
    assert_clean_exit(result, 2)
    assert "campaigns/: no such file or folder" in result.stderr


def test_validate_nonexistent_path_exits_2_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    result = invoke("validate", str(missing))
    assert_clean_exit(result, 2)
    assert result.stderr.splitlines() == [
        f"{missing}: no such file or folder",
        "1 problem found; nothing was checked.",
    ]


def test_validate_folder_without_manifests_exits_2(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a manifest")
    result = invoke("validate", str(tmp_path))
    assert_clean_exit(result, 2)
    assert f"{tmp_path}: no *.yaml or *.yml manifest found" in result.stderr


def test_validate_reads_a_file_named_twice_only_once(tmp_path: Path) -> None:
    path = write_campaign(tmp_path / "campaigns", "alpha")
    result = invoke("validate", str(tmp_path / "campaigns"), str(path))
    assert_clean_exit(result, 0)
    assert result.stdout.count("ok  ") == 1
    assert "1 manifest valid." in result.stdout


def test_python_dash_m_checker_runs_the_same_cli() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "checker", "validate", str(REPO / "campaigns")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "manifests valid." in completed.stdout


# --- init --------------------------------------------------------------------------------


def test_init_writes_manifest_and_schema_and_the_manifest_validates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("init", "summer-2027")
    assert_clean_exit(result, 0)
    manifest = tmp_path / "campaigns" / "summer-2027.yaml"
    schema = tmp_path / "campaigns" / "manifest.schema.json"
    assert manifest.is_file()
    assert json.loads(schema.read_text(encoding="utf-8")) == json.loads(invoke("schema").stdout)
    assert_clean_exit(invoke("validate", "campaigns/summer-2027.yaml"), 0)


def test_init_manifest_first_line_points_editors_at_the_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert_clean_exit(invoke("init", "summer-2027"), 0)
    text = (tmp_path / "campaigns" / "summer-2027.yaml").read_text(encoding="utf-8")
    first_line = text.splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=./manifest.schema.json"
    assert "campaign: summer-2027" in text


def test_init_refuses_to_overwrite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    existing = write_campaign(tmp_path / "campaigns", "summer-2027")
    before = existing.read_bytes()
    result = invoke("init", "summer-2027")
    assert_clean_exit(result, 2)
    assert "already exists; not overwritten" in result.stderr
    assert existing.read_bytes() == before


@pytest.mark.parametrize("slug", ["Summer", "summer_2027", "summer sale", "été", ""])
def test_init_bad_slug_is_a_usage_error_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, slug: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("init", slug)
    assert_clean_exit(result, 2)
    assert "Invalid value" in result.stderr
    assert "lowercase letters, digits and '-'" in result.stderr
    assert not (tmp_path / "campaigns").exists()


def test_init_dir_option_writes_there(tmp_path: Path) -> None:
    folder = tmp_path / "site" / "campaigns"
    result = invoke("init", "autumn", "--dir", str(folder))
    assert_clean_exit(result, 0)
    assert (folder / "autumn.yaml").is_file()
    assert (folder / "manifest.schema.json").is_file()


# --- schema, version, help ---------------------------------------------------------------


def test_schema_prints_json() -> None:
    result = invoke("schema")
    assert_clean_exit(result, 0)
    assert json.loads(result.stdout)["type"] == "object"


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_prints_the_version(flag: str) -> None:
    result = invoke(flag)
    assert_clean_exit(result, 0)
    assert result.stdout.strip() == f"campaign-check, version {__version__}"


def test_main_help_shows_examples() -> None:
    result = invoke("--help")
    assert_clean_exit(result, 0)
    assert "Example" in result.stdout


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_help_shows_an_example_section(command: str) -> None:
    result = invoke(command, "--help")
    assert_clean_exit(result, 0)
    assert "Example" in result.stdout, f"`{command} --help` has no Example section"
