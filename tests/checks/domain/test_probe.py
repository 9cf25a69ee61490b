"""The hosts whose registration domain.expiry judges: those the manifest names."""

from __future__ import annotations

from checker.checks.domain.probe import manifest_hosts
from tests.checks.judging import microsite_target, printed_target, url_target


def test_a_url_target_names_its_host_and_that_of_its_final_url() -> None:
    target = url_target("https://go.acme.example/s", expect={"final_url": "https://www.acme.test/"})
    assert manifest_hosts(target) == ["go.acme.example", "www.acme.test"]


def test_a_printed_form_names_its_own_host_only() -> None:
    target = printed_target(
        "https://go.acme.example/s", "Promo.Acme.example/s", expect={"final_url": "https://a.test/"}
    )
    assert manifest_hosts(target) == ["promo.acme.example"]


def test_an_idn_host_is_named_by_its_a_label() -> None:
    assert manifest_hosts(microsite_target("https://bücher.example/")) == ["xn--bcher-kva.example"]
