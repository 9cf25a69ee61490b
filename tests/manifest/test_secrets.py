"""`${VAR}` in an entry's `headers` and `auth`: read from the environment only, each unset
one named with its file, line and key, and a target that needs one gets no credentials."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.manifest.load import load_file
from checker.manifest.model import Campaign
from checker.manifest.secrets import (
    Unset,
    substitute,
    unset_variables,
    used_variables,
)
from checker.plan.targets import expand

MANIFEST = """\
campaign: staging
launch: 2027-06-01
urls:
  - url: https://staging.acme.test/summer
    headers:
      Authorization: "Bearer ${STAGING_TOKEN}"
      X-Team: web
  - https://www.acme.test/summer
microsites:
  - url: https://preview.acme.test/
    auth:
      user: "${PREVIEW_USER}"
      password: "${PREVIEW_PASS}-${STAGING_TOKEN}"
"""


def manifest(tmp_path: Path) -> Campaign:
    path = tmp_path / "staging.yaml"
    path.write_text(MANIFEST, encoding="utf-8")
    return load_file(path)


def test_each_unset_variable_is_named_where_the_manifest_uses_it(tmp_path: Path) -> None:
    campaign = manifest(tmp_path)
    unset = unset_variables(campaign, {"PREVIEW_USER": "preview"})
    file = campaign.file
    assert unset == [
        Unset("STAGING_TOKEN", file, 6, "urls[0].headers.Authorization"),
        Unset("PREVIEW_PASS", file, 13, "microsites[0].auth.password"),
        Unset("STAGING_TOKEN", file, 13, "microsites[0].auth.password"),
    ]
    assert str(unset[0]) == (
        f"{file}:6: urls[0].headers.Authorization: environment variable STAGING_TOKEN is not set"
    )


def test_with_every_variable_set_nothing_is_unset(tmp_path: Path) -> None:
    environ = {"STAGING_TOKEN": "t", "PREVIEW_USER": "u", "PREVIEW_PASS": "p"}
    assert unset_variables(manifest(tmp_path), environ) == []


def test_the_variables_used_are_listed_once_in_order(tmp_path: Path) -> None:
    assert used_variables(manifest(tmp_path)) == ["STAGING_TOKEN", "PREVIEW_USER", "PREVIEW_PASS"]


def test_substitution_replaces_every_reference_and_nothing_else() -> None:
    environ = {"A": "1", "B_2": "two"}
    assert substitute("${A}-${B_2}-$A-${A}", environ) == "1-two-$A-1"


def test_a_target_whose_variable_is_unset_carries_it_and_no_credentials(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STAGING_TOKEN", raising=False)
    monkeypatch.setenv("PREVIEW_USER", "preview")
    monkeypatch.setenv("PREVIEW_PASS", "s3cret")
    staging, public, preview = expand(manifest(tmp_path))
    assert [u.variable for u in staging.unset] == ["STAGING_TOKEN"]
    assert staging.credentials is None  # never sent without its secret
    assert (public.unset, public.credentials) == ((), None)
    assert [u.variable for u in preview.unset] == ["STAGING_TOKEN"]
    monkeypatch.setenv("STAGING_TOKEN", "tok")
    staging, _, preview = expand(manifest(tmp_path))
    assert staging.credentials is not None
    assert staging.credentials.headers == (("Authorization", "Bearer tok"), ("X-Team", "web"))
    assert preview.credentials is not None
    assert preview.credentials.auth == ("preview", "s3cret-tok")
