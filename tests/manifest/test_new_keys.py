"""The second release's manifest keys (`defaults.domain_min_days`, `expect.share`) and the
`--rdap` option, where users meet them: the model, the JSON Schema, `init` and `--help`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.manifest.errors import ManifestError
from checker.manifest.load import load_campaigns
from checker.plan.targets import expand

MANIFEST = """\
campaign: keys
launch: 2027-06-01
defaults: {domain_min_days: 45}
urls:
  - https://acme.example/
  - url: https://go.acme.example/s27
    domain_min_days: 10
    expect: {share: true}
"""


def test_domain_min_days_is_layered_like_cert_min_days(tmp_path: Path) -> None:
    path = tmp_path / "keys.yaml"
    path.write_text(MANIFEST, encoding="utf-8")
    (campaign,) = load_campaigns([str(path)])
    plain, overridden = expand(campaign)
    assert plain.settings.domain_min_days == 45
    assert overridden.settings.domain_min_days == 10
    assert (plain.expect.share, overridden.expect.share) == (False, True)


def test_built_in_domain_min_days_is_30_and_share_is_off(tmp_path: Path) -> None:
    path = tmp_path / "bare.yaml"
    path.write_text("campaign: bare\nlaunch: 2027-06-01\nurls: [https://a.example/]\n")
    ((target,),) = [expand(c) for c in load_campaigns([str(path)])]
    assert target.settings.domain_min_days == 30
    assert target.expect.share is False


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("defaults: {domain_min_days: -1}", "domain_min_days"),
        ("defaults: {domain_min_days: x}", "domain_min_days"),
    ],
)
def test_bad_domain_min_days_is_a_validation_error(tmp_path: Path, line: str, key: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(f"campaign: bad\nlaunch: 2027-06-01\n{line}\nurls: [https://a.example/]\n")
    with pytest.raises(ManifestError) as raised:
        load_campaigns([str(path)])
    assert key in str(raised.value.issues[0])


def test_schema_and_starter_show_the_new_keys(tmp_path: Path) -> None:
    schema = json.loads(CliRunner().invoke(main, ["schema"]).stdout)
    assert "domain_min_days" in schema["$defs"]["Settings"]["properties"]
    assert schema["$defs"]["Expect"]["properties"]["share"]["default"] is False
    result = CliRunner().invoke(main, ["init", "keys-2027", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    starter = (tmp_path / "keys-2027.yaml").read_text(encoding="utf-8")
    assert "domain_min_days: 30" in starter
    assert "share: true" in starter


def test_check_help_documents_rdap() -> None:
    result = CliRunner().invoke(main, ["check", "--help"])
    assert "--rdap URL" in result.output
